"""File mode end to end: history file -> value model -> plan rows -> plan.csv (what the CLI calls)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from ...csvsafe import safe_cell
from .allocate import Constraints, PlanRow, allocate, load_constraints
from .history import History, load_history
from .model import ValueModel, fit

PLAN_COLUMNS = ("channel", "creative", "spend", "expected_value", "reason")


@dataclass
class PlanResult:
    history: History
    model: ValueModel
    constraints: Constraints
    rows: list[PlanRow]
    budget: float

    def to_json(self) -> dict:
        return {"budget": self.budget, "plan": [
            {"channel": r.channel, "creative": r.creative, "spend": r.spend, "expected_value": r.expected_value,
             "reason": r.reason, **r.explanation} for r in self.rows],
            "expected_value": round(sum(r.expected_value for r in self.rows), 2),
            "model": self.model.summary(), "periods": len(self.history.periods),
            "columns": self.history.columns, "rejected": self.history.rejected}


def plan_from_file(history: str | Path, budget: float, constraints: str | Path | None = None,
                   weights: dict[str, float] | None = None) -> PlanResult:
    hist = load_history(history)
    c = load_constraints(constraints)
    if weights:
        c.weights = weights
    model = fit(hist, c.weights)
    return PlanResult(hist, model, c, allocate(model, budget, c), budget)


def write_plan(res: PlanResult, out: str | Path) -> None:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(PLAN_COLUMNS)
        for r in res.rows:
            w.writerow([safe_cell(r.channel), safe_cell(r.creative), r.spend, f"{r.expected_value:.2f}",
                        safe_cell(r.reason)])
    rejects = out.with_name(out.name + ".rejects.jsonl")
    if res.history.rejected:
        rejects.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in res.history.rejected),
                           encoding="utf-8")
    elif rejects.exists():
        rejects.unlink()
