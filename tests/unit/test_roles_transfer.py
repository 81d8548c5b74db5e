"""The cross-account model: silent until enough answers from two accounts; then it mixes into verdicts."""

from __future__ import annotations

from dealgraph.algorithms.roles import transfer


def rows(n: int, accounts: int = 2) -> list[dict]:
    # one number decides the answer: above 0.5 the users said influencer, below executor
    return [{"vector": [k / n, 1.0], "label": "influencer" if k / n > 0.5 else "executor",
             "account_id": f"a{k % accounts}"} for k in range(n)]


def test_silent_without_enough_answers_or_accounts():
    assert transfer.fit(rows(10)) is None
    assert transfer.fit(rows(60, accounts=1)) is None
    assert transfer.fit([{**r, "label": "executor"} for r in rows(60)]) is None  # one role only
    assert transfer.fit(rows(60)) is not None


def test_mixing_grows_with_the_answers_and_can_change_a_role():
    few, many = transfer.fit(rows(40)), transfer.fit(rows(4000))
    assert few.weight < 0.1 and many.weight > 0.9
    role, conf, runner, why = few.mix([0.95, 1.0], "executor", 0.8)
    assert role == "executor" and "40 answers in 2 accounts" in why  # a few answers only nudge
    role, conf, runner, why = many.mix([0.95, 1.0], "executor", 0.8)
    assert role == "influencer" and "rather than executor" in why and conf > runner
