"""What `roles review` sorts by, and the check that lets the pipeline take over only when it is better."""

import pytest

from dealgraph.algorithms.roles.classify import margin, semantics_f1
from dealgraph.algorithms.roles.features import Batch, ContactFeatures
from dealgraph.algorithms.roles.semantics import Verdict


@pytest.mark.parametrize("conf, runner_up, expect", [
    (1.0, 0.0, 1.0),        # confirmed by a user
    (0.99, None, 0.985),    # the rest spread over the two other roles
    (0.5, None, 0.25),
    (0.4, 0.4, 0.0),        # a tie between two roles
    (0.34, None, 0.01),
])
def test_margin(conf, runner_up, expect):
    assert margin(conf, runner_up) == pytest.approx(expect, abs=1e-4)


def _batch(verdicts: dict[str, str]) -> Batch:
    feats = {c: ContactFeatures(c, "A", verdict=Verdict(r, "x", 0.9, [])) for c, r in verdicts.items()}
    return Batch(feats, [], {})


@pytest.mark.parametrize("predicted, labels, expect", [
    ({"1": "decision_maker", "2": "influencer", "3": "executor"},
     {"1": "decision_maker", "2": "influencer", "3": "executor"}, 1.0),
    ({"1": "decision_maker", "2": "influencer", "3": "executor"},
     {"1": "decision_maker", "2": "executor", "3": "executor"}, 0.5556),
    ({"1": "executor", "2": "executor"}, {"1": "influencer"}, 0.0),   # unlabelled contacts do not count
])
def test_semantics_f1_on_confirmed_roles(predicted, labels, expect):
    assert semantics_f1(_batch(predicted), labels) == pytest.approx(expect, abs=1e-4)
