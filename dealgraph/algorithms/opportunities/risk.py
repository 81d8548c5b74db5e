"""Delay risk of every open opportunity's current stage, with reasons in words."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .history import Episode, default_as_of, episodes
from .survival import HazardModel, due_days, fit_aft, fit_hazard

COLUMNS = ["opportunity_id", "stage", "due_at", "p_overrun", "warn", "days_ahead", "reasons"]


@dataclass
class RiskResult:
    rows: pd.DataFrame
    model: HazardModel
    as_of: pd.Timestamp
    due_rules: dict[str, str]


def _reason_words(name: str, value: float, e: Episode, model: HazardModel) -> str:
    up = value > 0
    if name.startswith("stage="):
        return f"stays in {e.stage!r} tend to run {'long' if up else 'short'}"
    if name.startswith("owner="):
        return f"owner {e.owner}'s stages move {'slower' if up else 'faster'} than most"
    if name == "amount":
        return f"amount {e.amount:,.0f}"
    if name == "amount missing":
        return "no amount recorded"
    if name == "earlier stages' pace":
        return f"pace of earlier stages ({e.prior_days:.0f} d spent before this stage)"
    if name == "stage position":
        return "late-stage stay" if e.stage_index >= 2 else "early-stage stay"
    if name == "plan tightness":
        return (f"due date allows {due_days(e, model.typical):.0f} d vs a typical "
                f"{model.typical.days(e.stage):.0f} d in {e.stage!r}")
    if name.startswith("x_"):
        return name[2:].replace("_", " ").replace("=", " is ")
    return name


def reasons_for(e: Episode, elapsed: float, p: float, model: HazardModel, days_ahead: int | None = None) -> str:
    """Headline (time spent vs typical vs due) + the covariates that pushed the risk most.

    """
    typical = model.typical.days(e.stage)
    due = due_days(e, model.typical)
    head = (f"in {e.stage!r} for {elapsed:.0f} d (typical {typical:.0f} d, due after {due:.0f} d)")
    if elapsed >= due or (days_ahead is not None and days_ahead < 0):
        late = -days_ahead if days_ahead is not None else elapsed - due
        return f"already overdue by {late:.0f} d; " + head
    parts = [head]
    for name, c in model.contributions(e):
        if abs(c) < 0.05 or len(parts) >= 4:
            continue
        if (name.startswith("stage=") and name != f"stage={e.stage}") or (
                name.startswith("owner=") and name != f"owner={e.owner}"):
            continue  # "not being in some other group" is no reason a person can act on
        if name.startswith("x_") and "=" in name and not (e.extra or {}).get(name):
            continue
        if (c > 0) == (p >= model.threshold):  # explain in the direction of the verdict
            parts.append(_reason_words(name, c, e, model) + (" (raises risk)" if c > 0 else " (lowers risk)"))
    return "; ".join(parts)


def assess_risk(hist: pd.DataFrame, as_of: pd.Timestamp | None = None, method: str = "aft",
                model: HazardModel | None = None) -> RiskResult:
    """method: "aft" (log-normal AFT, default), "hazard" (discrete-time logistic hazard) or "best"
    (fit both, keep the one with the better F1 of 30-day-ahead warnings on finished stays).
    model: an already fitted one (a sandbox scores a changed copy with the baseline's model)."""
    as_of = pd.Timestamp(as_of) if as_of is not None else default_as_of(hist)
    eps = episodes(hist, as_of)
    if model is None and method == "hazard":
        model = fit_hazard(eps, as_of)
    elif model is None and method == "best":
        model = max((fit_aft(eps, as_of), fit_hazard(eps, as_of)), key=lambda m: m.fit_f1)
    elif model is None:
        model = fit_aft(eps, as_of)
    out, rules = [], {}
    for e in eps:
        if e.end is not None or e.outcome is not None:
            continue
        elapsed = float((as_of - e.start).days)
        p = model.p_overrun(e, elapsed)
        due = e.due if e.due is not None else e.start + pd.Timedelta(days=round(model.typical.days(e.stage)))
        if e.due is None:
            rules[e.stage] = model.typical.rule(e.stage)
        days_ahead = int((due.normalize() - as_of.normalize()).days)
        if days_ahead < 0:
            p = 1.0  # the due date has passed and the stage is still open: it has overrun
        out.append({"opportunity_id": e.opportunity_id, "stage": e.stage, "due_at": due.strftime("%Y-%m-%d"),
                    "p_overrun": round(p, 4), "warn": bool(p >= model.threshold), "days_ahead": days_ahead,
                    "reasons": reasons_for(e, elapsed, p, model, days_ahead)
                    + (f"; due date defaulted: {model.typical.rule(e.stage)}" if e.due is None else "")})
    rows = pd.DataFrame(out, columns=COLUMNS)
    return RiskResult(rows, model, as_of, rules)
