"""Answers that teach other accounts: a model over the structure's numbers, trained on every confirmed role.

Each verdict carries a vector of numbers that mean the same in any account (semantics.VECTOR_NAMES: the
semantics' reason and role, title rank, span, relative depth, the unit's part in the purchase, advice,
meetings, whether the deal's traces show the unit; never ids, names or titles). Once users have confirmed
or corrected MIN_ANSWERS roles in at least two accounts, a multinomial logistic regression is fitted on
them, and its probabilities are mixed into every unconfirmed verdict with a weight that grows with the
answers (answers / (answers + PRIOR_ANSWERS)): a few answers nudge the confidence and the review order, many
consistent ones can change a role. The evidence says what the model said and on how many answers.

Measured on the 12 blind charts, leave one chart out with every other chart answered
(bench/roles_review.py --others labelled --per-round 1, target macro-F1 0.97): 5.8 answers per account with
answers transferring by reason only (corrections.py), 6.9 with this model mixed in (PRIOR_ANSWERS 400), 6.3 at
2000, 7.6 at 100; alone (no other account answered) 7.1. Offline, its probability of the semantics' role ranks
the semantics' errors slightly better than the calibrated confidence does (AUC 0.85 vs 0.82), but the
review loop did not turn that into fewer answers, and it never changed a role the semantics got right or
wrong. So it is off by default (classify.TRANSFER).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .rules import ROLES

MIN_ANSWERS = 20  # confirmed roles before the model speaks
MIN_ACCOUNTS = 2  # ... from at least this many accounts (one account's answers do not say what transfers)
PRIOR_ANSWERS = 400.0  # the semantics weigh as much as this many answers
FLIP_MARGIN = 0.0  # how far the mixed probability of another role must lead before the role changes


@dataclass
class Transfer:
    model: object
    classes: list[str]
    answers: int
    accounts: int
    weight: float

    def mix(self, vector: list[float], role: str, confidence: float) -> tuple[str, float, float, str]:
        """(role, confidence, runner-up probability, evidence) after mixing the model into the verdict."""
        p_model = dict(zip(self.classes, self.model.predict_proba(np.asarray([vector], dtype=float))[0],
                           strict=True))
        p_rule = {r: confidence if r == role else (1.0 - confidence) / 2 for r in ROLES}
        mixed = {r: (1 - self.weight) * p_rule[r] + self.weight * p_model.get(r, 0.0) for r in ROLES}
        ranked = sorted(ROLES, key=lambda r: (-mixed[r], r != role))
        best = ranked[0] if mixed[ranked[0]] - mixed[role] > FLIP_MARGIN else role
        second = max(mixed[r] for r in ROLES if r != best)
        said = max(p_model, key=lambda r: p_model[r])
        why = (f"model trained on {self.answers} answers in {self.accounts} accounts: "
               f"{said.replace('_', ' ')} p={p_model[said]:.2f}"
               + ("" if best == role else f"; so {best.replace('_', ' ')} rather than {role.replace('_', ' ')}"))
        return best, round(mixed[best], 3), round(second, 3), why


def fit(rows: list[dict]) -> Transfer | None:
    """rows: {vector, label, account_id} of confirmed contacts. None until there are enough answers."""
    rows = [r for r in rows if r.get("vector") and r.get("label") in ROLES]
    accounts = {r.get("account_id") for r in rows}
    labels = {r["label"] for r in rows}
    if len(rows) < MIN_ANSWERS or len(accounts) < MIN_ACCOUNTS or len(labels) < 2:
        return None
    width = max(len(r["vector"]) for r in rows)
    rows = [r for r in rows if len(r["vector"]) == width]  # vectors of an older version are skipped
    from sklearn.linear_model import LogisticRegression

    x = np.asarray([r["vector"] for r in rows], dtype=float)
    y = [r["label"] for r in rows]
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(x, y)
    n = len(rows)
    return Transfer(model, list(model.classes_), n, len(accounts), n / (n + PRIOR_ANSWERS))
