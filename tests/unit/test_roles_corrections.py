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


def _rows(*rows):
    return [{"reason": r, "profile": p, "said": s, "label": lab, "n": n} for r, p, s, lab, n in rows]


def test_answers_about_people_of_the_same_profile_weigh_more():
    far = "line_head|head|20+|low|other|0|-"
    near = "line_head|exec|5-19|upper|involved|3+|meets"
    rows = _rows(("line_head", far, "influencer", "executor", 2))
    answers, profiles = tally(rows), tally(rows, key="profile")
    alike = adjust("line_head", "influencer", 0.76, answers, far, profiles, profile_weight=2.0)
    other = adjust("line_head", "influencer", 0.76, answers, near, profiles, profile_weight=2.0)
    assert alike.role == "executor" and "2 in the same place in their structure" in alike.evidence
    assert other.role == "influencer" and other.confidence < 0.76  # the reason's answers still nudge it
    assert "same place" not in other.evidence

    off = adjust("line_head", "influencer", 0.76, answers, far, profiles)  # the default: by reason only
    assert off.role == "influencer" and "same place" not in off.evidence
