"""Graph mode: milestones from (:Opportunity)-[:AT_STAGE {entered, due}]->(:Stage), delay risk and
win probability written back onto (:Opportunity).

The graph adds covariates a plain export lacks: the account's industry and whether any decision
maker of the account has met us in approval/procurement meetings (both slow or speed deals).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd

from ...graph.connection import Graph
from ...graph.queries import opportunity_risk as q
from .history import load_history
from .risk import assess_risk
from .win import win_timeline


def graph_history(graph: Graph) -> pd.DataFrame:
    rows = graph.read(q.HISTORY)
    df = pd.DataFrame(rows, columns=["opportunity_id", "stage", "entered_at", "due_at", "amount", "owner",
                                     "account", "closed_won", "currency"])
    if df.empty:
        return df
    facts = pd.DataFrame(graph.read(q.ACCOUNT_FACTS), columns=["account", "industry", "dm_engaged"])
    df = df.merge(facts, on="account", how="left")
    for ind in sorted(df["industry"].dropna().unique()):
        df[f"x_industry={ind}"] = (df["industry"] == ind).astype(float)
    df["x_no_decision_maker_engaged"] = (~df["dm_engaged"].fillna(False).astype(bool)).astype(float)
    df["closed_won"] = df["closed_won"].map(lambda v: None if v is None or pd.isna(v) else str(bool(v)).lower())
    return df.drop(columns=["industry", "dm_engaged"])


def assess_graph(graph: Graph, as_of: pd.Timestamp | None = None, only: set[str] | None = None) -> dict:
    """Delay risk + win probability for every open opportunity (or those in `only`); returns counts.
    The models learn from the whole history either way."""
    df = graph_history(graph)
    if df.empty:
        return {"open": 0, "warned": 0, "win_scored": 0}
    hist = load_history(df, "graph")
    as_of = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp(datetime.now(UTC).date())
    res = assess_risk(hist, as_of)
    win = win_timeline(hist, as_of)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    # Win probability over time: one point per stage entry, as a JSON string (node properties are flat).
    history: dict[str, list] = {}
    for w in win.rows.itertuples():
        history.setdefault(w.opportunity_id, []).append({"at": w.at, "stage": w.stage, "p": w.win_probability})
    model = f"{res.model.kind}; threshold {res.model.threshold:.2f}; as of {as_of:%Y-%m-%d}"
    rows = [{"id": r.opportunity_id, "stage": r.stage, "due": r.due_at, "p": float(r.p_overrun), "warn": bool(r.warn),
             "days_ahead": int(r.days_ahead), "reasons": r.reasons, "model": model,
             "win": win.current.get(r.opportunity_id), "at": now,
             "win_history": json.dumps(history.get(r.opportunity_id, []), ensure_ascii=False)}
            for r in res.rows.itertuples() if only is None or r.opportunity_id in only]
    graph.write_batch(q.WRITE, rows)
    return {"open": len(rows), "warned": sum(r["warn"] for r in rows),
            "win_scored": len(win.current) if only is None else len(set(win.current) & only),
            "threshold": res.model.threshold}
