"""role_confidence calibration: per-reason accuracy shrunk toward the prior, and the shipped table used."""

import json

import pytest

from dealgraph.algorithms.roles.calibration import TABLE, fit
from dealgraph.algorithms.roles.semantics import CONFIDENCE, Member, decide


@pytest.mark.parametrize("n, hits, prior, low, high", [
    (1000, 900, 0.5, 0.89, 0.905),   # many cases: the accuracy
    (1000, 1000, 0.5, 0.99, 0.99),   # never 1.0 (that means a person confirmed it)
    (0, 0, 0.7, 0.7, 0.7),           # no cases: the prior
    (2, 0, 0.8, 0.7, 0.74),          # two misses barely move a prior
    (1000, 10, 0.5, 0.05, 0.05),     # bounded below
])
def test_fit_is_the_smoothed_accuracy(n, hits, prior, low, high):
    table = fit([("r", i < hits) for i in range(n)], {"r": prior})
    assert low <= table["r"]["confidence"] <= high
    assert (table["r"]["n"], table["r"]["hits"]) == (n, hits)


def test_verdicts_carry_the_shipped_calibration_and_the_prior():
    shipped = {k: v["confidence"] for k, v in json.loads(TABLE.read_text(encoding="utf-8"))["reasons"].items()}
    chart = [Member("1", title="总经理", department="总经理办公室"),
             Member("2", title="副总经理", department="总经理办公室", manager_id="1"),
             Member("3", title="信息中心主任", department="信息中心", manager_id="2"),
             Member("4", title="工程师", department="信息中心", manager_id="3")]
    v = decide(chart)
    assert v["1"].reason == "top" and v["4"].reason == "staff"
    for m in chart:
        assert v[m.id].confidence == shipped[v[m.id].reason]
        assert v[m.id].prior == CONFIDENCE[v[m.id].reason]
    assert v["1"].confidence != CONFIDENCE["top"]   # fitted, not the hand-set number
