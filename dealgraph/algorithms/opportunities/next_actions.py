"""Next best actions on the open pipeline, each scored by running it through the what-if sandbox.

Re-engage a stage that is overrunning: an open deal that has spent longer in its stage than the
stage's typical (Kaplan-Meier median) stay gets a task to move it on. The action's expected change is
what the sandbox says moving it to the stage that usually follows would do to its chance of a win
within the horizon (times its amount). All candidates are moved in one sandbox scenario: deals are
forecast independently, so one run gives each deal's after-value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .forecast import forecast
from .history import default_as_of
from .pipeline_cut import cut
from .sandbox import Scenario, apply
from .survival import MIN_STAGE_EPISODES, kaplan_meier_median


def _stage_facts(hist: pd.DataFrame, as_of: pd.Timestamp) -> tuple[dict, dict, dict]:
    """(typical days per stage, the stage that most often follows each stage, how many stays moved on)."""
    c = cut(hist, as_of)
    dur = np.floor(np.where(np.isnan(c.end), c.as_of, c.end) - c.start)
    typical = {}
    for st in set(c.stage):
        m = c.stage == st
        if (~np.isnan(c.end[m])).sum() >= MIN_STAGE_EPISODES:
            med = kaplan_meier_median(dur[m], ~np.isnan(c.end[m]))
            if med is not None:
                typical[st] = max(1.0, med)
    same_opp = c.opp[1:] == c.opp[:-1]
    pairs = pd.DataFrame({"from": c.stage[:-1][same_opp], "to": c.stage[1:][same_opp]})
    follows, moved = {}, {}
    if len(pairs):
        counts = pairs.value_counts()
        for (a, b), n in counts.items():
            if a not in follows and a != b:  # value_counts is sorted: the first seen is the most common
                follows[a], moved[a] = b, int(n)
    return typical, follows, moved


def opportunity_currency(hist: pd.DataFrame) -> dict[str, str]:
    """Each opportunity's stated currency (its last one), where the history has a currency column."""
    if "currency" not in hist:
        return {}
    return hist.dropna(subset=["currency"]).groupby("opportunity_id")["currency"].last().to_dict()


def next_actions(hist: pd.DataFrame, as_of: pd.Timestamp | None = None, horizon_days: int = 90,
                 limit: int = 50, draws: int = 400) -> list[dict]:
    """Ranked actions (largest expected gain in won amount within the horizon first), with reason,
    evidence and confidence."""
    as_of = pd.Timestamp(as_of) if as_of is not None else default_as_of(hist)
    base = forecast(hist, as_of, horizon_days, draws=draws, calibrate=False)
    per = base.per_opportunity
    typical, follows, moved = _stage_facts(hist, as_of)
    c = cut(hist, as_of)
    open_ = c.open_stays
    info = pd.DataFrame({"opportunity_id": c.ids[c.opp[open_]], "elapsed": np.floor(c.as_of - c.start[open_])})
    per = per.merge(info, on="opportunity_id", how="left")
    account = (hist.dropna(subset=["account"]).groupby("opportunity_id")["account"].last()
               if "account" in hist else pd.Series(dtype=object))
    currency = opportunity_currency(hist)
    late = per[[s in typical and s in follows and e > typical[s] for s, e in zip(per["stage"], per["elapsed"])]]
    if late.empty:
        return []
    scenario = Scenario.from_dict({"name": "move overrunning deals on", "change": [
        {"kind": "stage", "opportunity": o, "stage": follows[s]} for o, s in zip(late["opportunity_id"], late["stage"])]},
        "next actions")
    changed, _ = apply(hist, scenario, as_of)
    after = forecast(changed, as_of, horizon_days, draws=draws, calibrate=False).per_opportunity
    p_after = dict(zip(after["opportunity_id"], after["p_win_in_horizon"]))
    out = []
    for r in late.itertuples():
        before, now = float(r.p_win_in_horizon), float(p_after.get(r.opportunity_id, r.p_win_in_horizon))
        gain = (now - before) * float(r.amount)
        if gain <= 0:  # moving on would not raise its chance within the horizon: nothing to gain
            continue
        n = moved.get(r.stage, 0)
        out.append({
            "action_id": f"re-engage:{r.opportunity_id}:{r.stage}", "kind": "task", "opportunity_id": r.opportunity_id,
            "account": account.get(r.opportunity_id), "owner": r.owner or None, "contact": None,
            "title": f"Re-engage {r.opportunity_id}: {int(r.elapsed)} days in {r.stage!r} (typical "
                     f"{typical[r.stage]:.0f}); aim for {follows[r.stage]!r}",
            "reason": (f"the stage is overrunning ({int(r.elapsed)} d vs a typical {typical[r.stage]:.0f} d); "
                       f"moving on to {follows[r.stage]!r} changes its chance of a win within {horizon_days} d "
                       f"from {before:.2f} to {now:.2f} (sandbox)"),
            "expected_change": {"won_amount": round(gain, 2), "p_win_in_horizon": [round(before, 4), round(now, 4)]},
            "currency": currency.get(r.opportunity_id),
            "evidence": {"stage": r.stage, "days_in_stage": int(r.elapsed), "typical_days": typical[r.stage],
                         "next_stage": follows[r.stage], "past_stays_that_moved_on": n, "amount": float(r.amount),
                         "as_of": as_of.strftime("%Y-%m-%d")},
            # how well the history backs the move: past deals that made this very step
            "confidence": round(n / (n + 20), 3)})
    out.sort(key=lambda a: -a["expected_change"]["won_amount"])
    return out[:limit]


def account_actions(hist: pd.DataFrame, account_id: str, as_of: pd.Timestamp | None = None,
                    horizon_days: int = 90) -> dict:
    """The pipeline's re-engage actions that concern one account, each with its rank among the pipeline's
    re-engage actions (the decision-chain page shows it; GET /pipeline/next-actions ranks every kind)."""
    as_of = pd.Timestamp(as_of) if as_of is not None else default_as_of(hist)
    ranked = next_actions(hist, as_of, horizon_days, limit=1_000_000)
    mine = [{**a, "rank": i} for i, a in enumerate(ranked, 1) if a["account"] == account_id]
    return {"as_of": as_of.strftime("%Y-%m-%d"), "horizon_days": horizon_days, "pipeline_actions": len(ranked),
            "actions": mine}
