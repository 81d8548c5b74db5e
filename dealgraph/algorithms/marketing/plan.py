"""File mode end to end: history file -> value model -> plan rows -> plan.csv (what the CLI calls)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from ...csvsafe import safe_cell
from ...errors import InputError
from .allocate import Constraints, PlanRow, allocate, load_constraints
from .history import History, arm_key, load_history
from .model import ValueModel, fit

PLAN_COLUMNS = ("channel", "creative", "spend", "expected_value", "reason")  # + segment after creative if any
LEARNERS = ("auto", "hierarchical", "contextual")


@dataclass
class PlanResult:
    history: History
    model: ValueModel
    constraints: Constraints
    rows: list[PlanRow]
    budget: float
    source: dict | None = None  # graph mode: what the graph contributed (GraphReport)

    def to_json(self) -> dict:
        return {"budget": self.budget, "plan": [
            {"channel": r.channel, "creative": r.creative, **({"segment": r.segment} if r.segment else {}), "spend": r.spend, "expected_value": r.expected_value,
             "reason": r.reason, **r.explanation} for r in self.rows],
            "expected_value": round(sum(r.expected_value for r in self.rows), 2),
            "model": self.model.summary(), "periods": len(self.history.periods),
            "columns": self.history.columns, "rejected": self.history.rejected,
            **({"graph": self.source} if self.source is not None else {})}


def fit_model(hist: History, weights: dict[str, float] | None, learner: str = "auto",
              segments: str | Path | None = None) -> ValueModel:
    """The hierarchical model, or the contextual one (auto: when the history has segments or a segments
    file describes them). A segments file's bad rows join the history's rejects."""
    from .contextual import fit_contextual, load_segments

    if learner not in LEARNERS:
        raise InputError(f"--learner {learner!r} is not one of {', '.join(LEARNERS)}.")
    model = fit(hist, weights)
    feats = load_segments(segments) if segments else None
    if feats:
        hist.rejected.extend(feats.rejected)
    if learner == "contextual" or (learner == "auto" and (feats or hist.segmented)):
        model = fit_contextual(hist, model, feats)
    return model


def plan_from_file(history: str | Path, budget: float, constraints: str | Path | None = None,
                   weights: dict[str, float] | None = None, *, learner: str = "auto",
                   segments: str | Path | None = None) -> PlanResult:
    hist = load_history(history)
    c = load_constraints(constraints)
    if weights:
        c.weights = weights
    model = fit_model(hist, c.weights, learner, segments)
    return PlanResult(hist, model, c, allocate(model, budget, c), budget)


def plan_from_graph(graph, spend: str | Path | History, budget: float, constraints: Constraints | None = None,
                    weights: dict[str, float] | None = None, *, window_days: int = 180, scope=None,
                    learner: str = "auto", segments: str | Path | None = None) -> PlanResult:
    """Graph mode: outcomes from the graph's leads and opportunities (in the caller's scope), spend from a file.
    Spend rows that name a segment take the leads of that segment (the lead's, else its account's industry)."""
    from ...graph.queries.campaign_outcomes import campaign_outcomes
    from .graph_history import history_from_graph

    leads, opps = campaign_outcomes(graph, scope)
    hist, report = history_from_graph(spend, leads, opps, window_days)
    c = constraints or Constraints()
    if weights:
        c.weights = weights
    model = fit_model(hist, c.weights, learner, segments)
    return PlanResult(hist, model, c, allocate(model, budget, c), budget, report.to_json())


def write_plan(res: PlanResult, out: str | Path) -> None:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    segmented = any(r.segment for r in res.rows)
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(PLAN_COLUMNS[:2] + ("segment",) * segmented + PLAN_COLUMNS[2:])
        for r in res.rows:
            w.writerow([safe_cell(r.channel), safe_cell(r.creative), *[safe_cell(r.segment)] * segmented, r.spend,
                        f"{r.expected_value:.2f}", safe_cell(r.reason)])
    rejects = out.with_name(out.name + ".rejects.jsonl")
    if res.history.rejected:
        rejects.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in res.history.rejected),
                           encoding="utf-8")
    elif rejects.exists():
        rejects.unlink()


def read_plan(path: str | Path) -> dict[str, float]:
    """plan.csv (channel,creative,spend) -> arm -> spend; a bad spend is named by row."""
    import pandas as pd

    from ..leads.tabular import file_rows, read_table, to_number

    df = read_table(path)
    if not {"channel", "spend"} <= set(df.columns):
        raise InputError(f"{path} line 1: a plan needs channel, creative and spend columns.")
    spend = to_number(df["spend"])
    plan: dict[str, float] = {}

    def text(v) -> str:
        return "" if v is None or pd.isna(v) else str(v).removeprefix("'")

    blank = [None] * len(df)
    for row, ch, cr, sg, s in zip(file_rows(df), df["channel"], df.get("creative", blank), df.get("segment", blank),
                                  spend):
        if pd.isna(s) or s < 0:
            raise InputError(f"{path} row {row}, spend: not a non-negative number.")
        key = arm_key(text(ch), text(cr), text(sg))
        plan[key] = plan.get(key, 0.0) + float(s)
    return plan


def shadow_entry(res: PlanResult) -> dict:
    """What the policy would do next vs what the latest period did, evaluated off-policy (changes nothing)."""
    from datetime import UTC, datetime

    from .evaluate import evaluate

    proposed = {arm_key(r.channel, r.creative, r.segment): float(r.spend) for r in res.rows}
    entry = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "latest_period": res.history.periods[-1],
             "budget": res.budget, "proposed": proposed,
             "actual_latest": {a: float(s) for a, s in zip(*[res.history.rows.loc[res.history.rows["age"] == 0, c]
                                                             for c in ("arm", "spend")])}}
    try:
        entry["evaluation"] = evaluate(res.history, res.model, proposed, budget=res.budget)
    except InputError as e:  # too few mature periods: the log still records the decision
        entry["evaluation"] = {"error": str(e)}
    return entry
