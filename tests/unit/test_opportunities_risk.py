"""Delay warnings on a constructed history: a slow owner's stages overrun, a fast owner's don't."""

import numpy as np
import pandas as pd
import pytest

from dealgraph.algorithms.opportunities.history import episodes, load_history, stage_outcome
from dealgraph.algorithms.opportunities.risk import COLUMNS, assess_risk
from dealgraph.algorithms.opportunities.survival import kaplan_meier_median
from dealgraph.algorithms.opportunities.win import win_timeline
from dealgraph.errors import InputError

STAGES = ["需求确认", "方案验证", "商务谈判"]


def constructed_history(n: int = 60, seed: int = 0) -> pd.DataFrame:
    """Owner 'slow' takes ~100 d per stage, 'fast' ~25 d; every stage is due 70 d after entry."""
    rng = np.random.default_rng(seed)
    rows = []
    t0 = pd.Timestamp("2022-01-01")
    for i in range(n):
        owner = "slow" if i % 2 else "fast"
        t = t0 + pd.Timedelta(days=int(rng.integers(0, 300)))
        for st in STAGES:
            days = int((100 if owner == "slow" else 25) * np.exp(rng.normal(0, 0.15)))
            rows.append({"opportunity_id": f"O{i}", "stage": st, "entered_at": t.date().isoformat(),
                         "due_at": (t + pd.Timedelta(days=70)).date().isoformat(), "owner": owner,
                         "amount": "100000"})
            t += pd.Timedelta(days=days)
        rows.append({"opportunity_id": f"O{i}", "stage": "赢单" if i % 3 else "丢单", "entered_at": t.date().isoformat(),
                     "due_at": "", "owner": owner, "amount": "100000"})
    as_of = pd.Timestamp("2024-06-01")
    for j, owner in enumerate(["slow", "fast", "slow", "fast"]):
        entered = as_of - pd.Timedelta(days=5)
        rows.append({"opportunity_id": f"NEW{j}", "stage": "方案验证", "entered_at": entered.date().isoformat(),
                     "due_at": (entered + pd.Timedelta(days=70)).date().isoformat() if j < 2 else "",
                     "owner": owner, "amount": "100000"})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def result():
    return assess_risk(load_history(constructed_history()), pd.Timestamp("2024-06-01"))


def test_warns_at_least_30_days_ahead_for_the_slow_owner(result):
    r = result.rows.set_index("opportunity_id")
    assert list(result.rows.columns) == COLUMNS
    assert set(r.index) == {"NEW0", "NEW1", "NEW2", "NEW3"}  # every closed one is left out
    assert r.loc["NEW0", "days_ahead"] == 65 and r.loc["NEW0", "due_at"] == "2024-08-05"
    assert bool(r.loc["NEW0", "warn"]) and r.loc["NEW0", "p_overrun"] > 0.8
    assert not bool(r.loc["NEW1", "warn"]) and r.loc["NEW1", "p_overrun"] < 0.2
    assert "slow" in r.loc["NEW0", "reasons"] and "raises risk" in r.loc["NEW0", "reasons"]


def test_missing_due_uses_learned_typical_duration_and_says_so(result):
    r = result.rows.set_index("opportunity_id")
    assert "defaulted" in r.loc["NEW2", "reasons"] and "median" in r.loc["NEW2", "reasons"]
    assert "方案验证" in result.due_rules
    typical = result.model.typical.days("方案验证")
    assert 25 <= typical <= 100
    assert r.loc["NEW2", "days_ahead"] == round(typical) - 5


def test_as_of_hides_the_future():
    hist = load_history(constructed_history())
    early = pd.Timestamp("2022-03-01")
    eps = episodes(hist, early)
    assert all(e.start <= early for e in eps)
    assert all(e.end is None or e.end <= early for e in eps)


def test_overdue_stage_has_full_risk():
    df = constructed_history()
    df.loc[len(df)] = {"opportunity_id": "LATE", "stage": "商务谈判", "entered_at": "2024-01-01",
                       "due_at": "2024-02-01", "owner": "fast", "amount": "1"}
    r = assess_risk(load_history(df), pd.Timestamp("2024-06-01")).rows.set_index("opportunity_id")
    assert r.loc["LATE", "p_overrun"] == 1.0 and r.loc["LATE", "days_ahead"] < 0
    assert r.loc["LATE", "reasons"].startswith("already overdue")


def test_final_stage_names_and_required_columns():
    assert stage_outcome("Closed Won") == "won" and stage_outcome("丢单") == "lost" and stage_outcome("赢单") == "won"
    assert stage_outcome("商务谈判") is None and stage_outcome("Closed") == "closed"
    for won in ("Closed - Won", "closed/won", "WON", "已赢单", "成交", "Won (signed)"):
        assert stage_outcome(won) == "won", won
    for lost in ("Closed Lost", "closed-lost", "未成交", "未中标", "Lost - price", "Cancelled", "No Decision"):
        assert stage_outcome(lost) == "lost", lost
    for open_ in ("签约", "Negotiation/Review", "Proposal/Price Quote", "方案验证", "Value Proposition"):
        assert stage_outcome(open_) is None, open_
    with pytest.raises(InputError, match="entered_at"):
        load_history(pd.DataFrame({"opportunity_id": ["a"], "stage": ["x"]}))


def test_salesforce_names_and_generic_closed_with_outcome_column():
    df = pd.DataFrame({"OpportunityId": ["A", "A", "B"], "StageName": ["Prospecting", "Closed", "Prospecting"],
                       "CreatedDate": ["2024-01-01", "2024-02-01", "2024-03-01"], "IsWon": ["", "true", ""]})
    h = load_history(df)
    eps = episodes(h, pd.Timestamp("2024-04-01"))
    assert {e.opportunity_id: e.outcome for e in eps} == {"A": "won", "B": None}


def test_win_probability_over_time():
    res = win_timeline(load_history(constructed_history()), pd.Timestamp("2024-06-01"))
    assert set(res.current) == {"NEW0", "NEW1", "NEW2", "NEW3"}
    assert all(0 <= p <= 1 for p in res.current.values())
    assert "won" in res.method


def test_kaplan_meier_median_with_censoring():
    assert kaplan_meier_median(np.array([1, 2, 3, 4, 5.0]), np.ones(5, bool)) == 3
    # censored short stays do not pull the median down
    assert kaplan_meier_median(np.array([1, 1, 1, 10, 20, 30.0]), np.array([0, 0, 0, 1, 1, 1], bool)) == 20


def test_discrete_time_hazard_model_agrees():
    res = assess_risk(load_history(constructed_history(40)), pd.Timestamp("2024-06-01"), method="hazard")
    r = res.rows.set_index("opportunity_id")
    assert "hazard" in res.model.kind
    assert r.loc["NEW0", "p_overrun"] > 0.6 and r.loc["NEW1", "p_overrun"] < 0.2
    assert bool(r.loc["NEW0", "warn"]) and not bool(r.loc["NEW1", "warn"])
