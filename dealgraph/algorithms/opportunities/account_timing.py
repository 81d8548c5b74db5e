"""Delay risk and the forecast of one account's open deals, for the account sandbox: recomputed for a
scenario on a copy of the history and shown beside the baseline.

Two changes of the account sandbox act on the deals' timing rather than on the people:
    kind = "close_date_slips", days = 30 [, opportunity = "OPP1"]   # default: every open deal of the account
    kind = "stage_skipped" [, opportunity = "OPP1"] [, stage = "谈判"]
A slip moves the deal's planned date (its current stage's due date) and its win, whenever it would have come,
`days` later. A skipped stage moves the deal at as-of past the stage that usually follows its current one, to
the one after it (or to `stage`); when the history knows no stage after the next, to the next.

Delay risk scores the changed copy with the baseline's fitted model (the scenario changes one account, not
what the history teaches); the forecast is the pipeline forecast restricted to the account's deals, with the
baseline's calibration and the same seed, so differences come from the changes. Changes to the people
(roles, a competitor) reach the forecast as each deal's win-probability ratio against the baseline's world.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ...errors import InputError
from .forecast import Forecast, forecast
from .next_actions import _stage_facts
from .risk import assess_risk
from .sandbox import Adjustments, Scenario
from .sandbox import apply as apply_to_history

DEAL_KINDS: dict[str, tuple[str, ...]] = {"close_date_slips": ("days",), "stage_skipped": ()}
MAX_SLIP_DAYS = 3650


@dataclass
class DealChanges:
    slips: dict[str, int] = field(default_factory=dict)  # opportunity -> days its plan and win move later
    skips: dict[str, str] = field(default_factory=dict)  # opportunity -> the stage it moves to at as-of

    def __bool__(self) -> bool:
        return bool(self.slips or self.skips)


def skip_target(stage: str, follows: dict[str, str]) -> str | None:
    nxt = follows.get(stage)
    return follows.get(nxt, nxt) if nxt else None


class AccountTiming:
    """The account's deals' delay risk and forecast, for the baseline and for changed copies."""

    def __init__(self, hist: pd.DataFrame, as_of: pd.Timestamp, deals: dict[str, str], horizon_days: int = 90,
                 draws: int = 1000):
        self.hist, self.as_of, self.deals, self.H, self.draws = hist, as_of, deals, horizon_days, draws
        risk = assess_risk(hist, as_of)
        self.risk_model = risk.model
        self.base_due = dict(zip(risk.rows["opportunity_id"], risk.rows["due_at"]))
        self.follows = _stage_facts(hist, as_of)[1]
        self.base: Forecast = forecast(hist, as_of, horizon_days, draws=draws, only=set(deals))

    def changes(self, scenario: Scenario) -> DealChanges:
        out = DealChanges()
        for i, ch in enumerate(scenario.changes, 1):
            kind = ch["kind"]
            if kind not in DEAL_KINDS:
                continue
            where = f"{scenario.source} change {i} ({kind})"
            targets = sorted(self.deals)
            if ch.get("opportunity") not in (None, ""):
                targets = [str(ch["opportunity"])]
                if targets[0] not in self.deals:
                    raise InputError(f"{where}: field 'opportunity' {targets[0]!r} is not an open opportunity of "
                                     "the account.")
            if kind == "close_date_slips":
                days = ch["days"]
                if not isinstance(days, int | float) or isinstance(days, bool) or not 1 <= days <= MAX_SLIP_DAYS \
                        or days != int(days):
                    raise InputError(f"{where}: field 'days' {days!r} must be a whole number of days from 1 to "
                                     f"{MAX_SLIP_DAYS}.")
                for o in targets:
                    out.slips[o] = out.slips.get(o, 0) + int(days)
                continue
            for o in targets:
                stage = self.deals[o] if o not in out.skips else out.skips[o]
                to = str(ch["stage"]) if ch.get("stage") not in (None, "") else skip_target(stage, self.follows)
                if not to or to == stage:
                    raise InputError(f"{where}: the history knows no stage after {stage!r} for {o!r}; name the "
                                     "'stage' it moves to.")
                out.skips[o] = to
        return out

    def changed_history(self, ch: DealChanges) -> tuple[pd.DataFrame, Adjustments]:
        """A copy of the history with the deals moved on and their plans moved later."""
        moves = [{"kind": "stage", "opportunity": o, "stage": s} for o, s in sorted(ch.skips.items())]
        moves += [{"kind": "slip", "opportunity": o, "days": d} for o, d in sorted(ch.slips.items())]
        hist, adj = apply_to_history(self.hist, Scenario("account scenario", moves, "account scenario"), self.as_of)
        for o in ch.skips:  # the new stage has its own plan: the typical stay, not the old stage's date
            last = hist.index[hist["opportunity_id"] == o][-1]
            hist.loc[last, "due_at"] = pd.NaT
        for o, days in ch.slips.items():
            last = hist.index[hist["opportunity_id"] == o][-1]
            due = hist.loc[last, "due_at"]
            if pd.isna(due):
                due = (self.as_of + pd.Timedelta(days=round(self.risk_model.typical.days(ch.skips[o])))
                       if o in ch.skips else pd.Timestamp(self.base_due[o]))
            hist.loc[last, "due_at"] = due + pd.Timedelta(days=days)
        return hist, adj

    def evaluate(self, changed: tuple[pd.DataFrame, Adjustments] | None = None,
                 win_factors: dict[str, float] | None = None) -> dict:
        """{delay_risk: [...], forecast: {...}} of the account's deals in the baseline (changed None) or a copy."""
        hist, adj = changed if changed is not None else (self.hist, Adjustments({}, {}, {}))
        risk = assess_risk(hist, self.as_of, model=self.risk_model).rows
        risk = risk[risk["opportunity_id"].isin(self.deals)].sort_values("opportunity_id")
        factors = {o: f for o, f in (win_factors or {}).items() if abs(f - 1) > 1e-9}
        if changed is None and not factors:
            f = self.base
        else:
            f = forecast(hist, self.as_of, self.H, draws=self.draws, delays=adj.delays, only=set(self.deals),
                         opp_factors=factors, spread=self.base.spread)
        per = f.per_opportunity.sort_values("opportunity_id")
        return {
            "delay_risk": [{"opportunity_id": r.opportunity_id, "stage": r.stage, "due_at": r.due_at,
                            "p_overrun": float(r.p_overrun), "warn": bool(r.warn), "days_ahead": int(r.days_ahead),
                            "reasons": r.reasons} for r in risk.itertuples()],
            "forecast": {"horizon_days": self.H, "won_count": f.won_count, "won_amount": f.won_amount,
                         "expected_won_amount": round(f.expected_won_amount, 2),
                         "opportunities": [{"opportunity_id": r.opportunity_id, "stage": r.stage,
                                            "p_win_in_horizon": float(r.p_win_drawn),
                                            "expected_close": r.expected_close} for r in per.itertuples()],
                         "method": f.method},
        }


def timing_diff(a: dict, b: dict) -> dict:
    """What a scenario changed in delay risk and the forecast (b - a)."""
    risk_a = {r["opportunity_id"]: r["p_overrun"] for r in a["delay_risk"]}
    win_a = {r["opportunity_id"]: r["p_win_in_horizon"] for r in a["forecast"]["opportunities"]}
    fa, fb = a["forecast"], b["forecast"]
    return {
        "p_overrun": {r["opportunity_id"]: round(r["p_overrun"] - risk_a[r["opportunity_id"]], 4)
                      for r in b["delay_risk"] if r["opportunity_id"] in risk_a},
        "p_win_in_horizon": {r["opportunity_id"]: round(r["p_win_in_horizon"] - win_a[r["opportunity_id"]], 4)
                             for r in fb["opportunities"] if r["opportunity_id"] in win_a},
        "won_amount": {q: round(fb["won_amount"][q] - fa["won_amount"][q], 2) for q in fa["won_amount"]},
        "expected_won_amount": round(fb["expected_won_amount"] - fa["expected_won_amount"], 2),
    }


def stage_of(deals: list) -> dict[str, str]:
    return {e.opportunity_id: e.stage for e in deals}


def ratio(after: float, before: float) -> float:
    """How a deal's chance of a win changed (1: unchanged; a deal with no chance has nothing to scale)."""
    return float(after / before) if before > 0 else 1.0
