"""Answers counted by the semantics' reason move other verdicts of that reason, in any account."""

import pytest

from dealgraph.algorithms.roles.corrections import adjust, tally


def _answers(*rows):
    return tally([{"reason": r, "said": s, "label": lab, "n": n} for r, s, lab, n in rows])


@pytest.mark.parametrize("rows, role, flipped", [
    ([], "influencer", False),                                                       # no answers: as the semantics says
    ([("line_head", "influencer", "executor", 1)], "influencer", False),             # one answer only nudges
    ([("line_head", "influencer", "executor", 6)], "executor", True),                # a clear majority changes it
    ([("line_head", "influencer", "executor", 4), ("line_head", "influencer", "influencer", 4)], "influencer", False),
    ([("deep", "executor", "influencer", 9)], "influencer", False),                  # answers on another reason
])
def test_answers_move_verdicts_of_the_same_reason(rows, role, flipped):
    got = adjust("line_head", "influencer", 0.76, _answers(*rows))
    assert got.role == role
    assert (got.role != "influencer") == flipped
    assert (got.evidence is None) == (not rows or rows[0][0] != "line_head")
    if flipped:
        assert "rather than influencer" in got.evidence and got.confidence > got.runner_up


def test_confirmations_raise_and_corrections_lower_the_confidence():
    up = adjust("executive", "influencer", 0.8, _answers(("executive", "influencer", "influencer", 3)))
    down = adjust("executive", "influencer", 0.8, _answers(("executive", "influencer", "decision_maker", 1)))
    assert up.role == down.role == "influencer"
    assert up.confidence > 0.8 > down.confidence
    assert "1 decision maker" in down.evidence


def test_tally_ignores_unknown_roles_and_empty_reasons():
    got = tally([{"reason": "", "said": "executor", "label": "influencer", "n": 2},
                 {"reason": "deep", "said": "executor", "label": "boss", "n": 1},
                 {"reason": "deep", "said": "executor", "label": "influencer", "n": 2}])
    assert got == {("deep", "executor"): {"influencer": 2}}
