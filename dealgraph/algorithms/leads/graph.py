"""Graph mode: lead features from the graph, BANT + model scores written back onto (:Lead).

The graph is read into one row per lead with canonical column names (budget, title, role,
role_confidence, pages_visited, downloads, interactions, stated_purchase_date, created_at, ...),
so the same tabular machinery (leak checks, BANT mapping, calibrated boosting) serves both modes.
Budget also comes from the account's tender budgets, timeline also from tender deadlines,
authority from the contact's decision role (written by the roles engine; optional) and title.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd

from ...graph.connection import Graph
from ...graph.queries import leads as q
from ..registry import Registry
from .bant import DIM_WORDS, BantScales, bant_scores, map_bant_columns
from .model import LeadModel, train_lead_model

MODEL_NAME = "leads-graph"
INTERACTION_WINDOW_DAYS = 30  # interactions up to 30 days after the lead count as its signals


def lead_frame(graph: Graph, lead_ids: list[str] | None = None) -> pd.DataFrame:
    rows = graph.read(q.LEAD_ROWS, ids=lead_ids, window=INTERACTION_WINDOW_DAYS)
    df = pd.DataFrame(rows, columns=["id", "created_at", "source", "campaign", "lead_budget", "tender_budget",
                                     "stated_purchase_date", "tender_deadline", "title", "role", "role_confidence",
                                     "pages_visited", "downloads", "questions", "interactions", "buying_meetings",
                                     "industry", "converted"])
    # One budget and one purchase date per lead: the lead's own, else the account's tender.
    df["budget"] = pd.to_numeric(df["lead_budget"], errors="coerce").fillna(
        pd.to_numeric(df["tender_budget"], errors="coerce"))
    df["purchase_date"] = df["stated_purchase_date"].fillna(df["tender_deadline"])
    df["pages_visited"] = df["pages_visited"].map(lambda v: len(v) if isinstance(v, list) else v)
    df = df.drop(columns=["lead_budget", "tender_budget", "stated_purchase_date", "tender_deadline"])
    df["converted"] = df["converted"].map(lambda v: None if v is None or pd.isna(v) else ("yes" if v else "no"))
    return df.astype(object).where(df.notna(), None)


def _bant_rule_model(df: pd.DataFrame) -> LeadModel:
    """A BANT-rule model for graphs with no trained model yet (no outcomes needed)."""
    cols = map_bant_columns(df.drop(columns=["id", "converted"]), kinds={
        "questions": "text", "source": "categorical", "campaign": "categorical", "industry": "categorical"})
    return LeadModel(kind="bant-rule", id_column="id", target=None, target_mapping={}, features=None,
                     bant_cols=cols, bant_scales=BantScales.fit(df, cols), seen_columns=list(df.columns),
                     used_columns=sorted({c for v in cols.as_dict().values() for c in v}),
                     note="no trained lead model yet: transparent BANT rule")


def train_graph_model(graph: Graph, registry: Registry | None = None) -> dict:
    """Train on leads with a known outcome; below 20 won + 20 lost the rule is saved instead."""
    reg = registry or Registry(name=MODEL_NAME)
    df = lead_frame(graph)
    known = df[df["converted"].notna()]
    if known.empty or known["converted"].nunique() < 2:
        model = _bant_rule_model(df)
        model.cuts = (0.66, 0.4)
        meta = {"kind": model.kind, "metrics": {}, "note": model.note + " (no won and lost outcomes in the graph)"}
    else:
        rep = train_lead_model(known.reset_index(drop=True), "converted", "id")
        model = rep.model
        meta = {"kind": model.kind, "metrics": model.metrics, "note": model.note, "data_hash": rep.data_hash,
                "columns": model.used_columns, "excluded": model.excluded, "target_mapping": model.target_mapping}
    version = reg.save(model, meta)
    return {"version": version, "kind": model.kind, "metrics": {"auc": float("nan"), "ece": float("nan"),
                                                                **meta.get("metrics", {})}}


def scoring_model(graph: Graph, registry: Registry | None = None) -> tuple[str, LeadModel]:
    """(version, model): the promoted one, else the BANT rule with scales fitted over all leads."""
    reg = registry or Registry(name=MODEL_NAME)
    if reg.current() is None:
        return "bant-rule", _bant_rule_model(lead_frame(graph))
    return reg.load()


def rescore_leads(graph: Graph, lead_ids: list[str] | None = None, registry: Registry | None = None,
                  model: tuple[str, LeadModel] | None = None) -> int:
    """Recompute score, priority, reasons and BANT sub-scores of these leads (all if None).

    `model` (from scoring_model) lets a caller scoring often (the stream writer) skip loading or
    fitting it each time."""
    df = lead_frame(graph, lead_ids)
    if df.empty:
        return 0
    if model is not None:
        version, model = model
    elif (registry or Registry(name=MODEL_NAME)).current() is None:
        version, model = "bant-rule", _bant_rule_model(lead_frame(graph) if lead_ids else df)
    else:
        version, model = (registry or Registry(name=MODEL_NAME)).load()
    X = df.drop(columns=["converted"])
    for c in model.required_columns:
        if c not in X.columns:
            X[c] = None
    scored = model.score(X)
    sub = bant_scores(X, model.bant_cols, model.bant_scales)
    now = datetime.now(UTC).isoformat(timespec="microseconds")  # a re-score within the same second is still a new time
    rows = []
    for i, lid in enumerate(df["id"]):
        row = {"id": lid, "score": float(scored["score"].iloc[i]), "priority": str(scored["priority"].iloc[i]),
               "reasons": str(scored["reasons"].iloc[i]), "model": f"{MODEL_NAME}:{version}", "at": now}
        for k in DIM_WORDS:
            v = sub[k].iloc[i] if k in sub else np.nan
            row[k] = None if pd.isna(v) else round(float(v), 4)
        rows.append(row)
    graph.write_batch(q.WRITE_SCORES, rows)
    return len(rows)


def affected_leads(graph: Graph, contact_ids=(), account_ids=(), interaction_ids=()) -> list[str]:
    """Leads whose signals change when these contacts, accounts or interactions change."""
    rows = graph.read(q.AFFECTED, contacts=list(contact_ids), accounts=list(account_ids),
                      interactions=list(interaction_ids))
    return sorted({r["id"] for r in rows if r["id"]})


def run_job(graph: Graph, params: dict) -> dict:
    """Job entry (API jobs, ingest and webhook triggers): rescore only the affected leads.

    params: lead_ids, contact_ids, account_ids, interaction_ids (any mix; none = all leads),
    retrain (bool: train a new graph model from converted leads first).
    """
    out: dict = {}
    if params.get("retrain"):
        out["trained"] = train_graph_model(graph)
    ids = list(params.get("lead_ids") or [])
    if any(params.get(k) for k in ("contact_ids", "account_ids", "interaction_ids")):
        ids += affected_leads(graph, params.get("contact_ids") or (), params.get("account_ids") or (),
                              params.get("interaction_ids") or ())
    scoped = bool(ids) or any(params.get(k) for k in ("lead_ids", "contact_ids", "account_ids", "interaction_ids"))
    out["rescored"] = rescore_leads(graph, sorted(set(ids)) if scoped else None) if (ids or not scoped) else 0
    return out
