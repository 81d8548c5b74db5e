"""Answers that teach other accounts: a model over the structure's numbers, trained on every confirmed role.

Each verdict carries a vector of numbers that mean the same in any account (semantics.VECTOR_NAMES: the
semantics' reason and role, title rank, span, relative depth, the unit's part in the purchase, advice,
meetings, whether the deal's traces show the unit; never ids, names or titles). Once users have confirmed
or corrected MIN_ANSWERS roles in at least two accounts, a multinomial logistic regression is fitted on
them, and its probabilities are mixed into every unconfirmed verdict with a weight that grows with the
answers (answers / (answers + PRIOR_ANSWERS)): a few answers nudge the confidence and the review order, many
consistent ones can change a role. The evidence says what the model said and on how many answers.

Measured leave one chart out with every other chart answered (bench/roles_review.py --others labelled
--per-round 1), answers per account to reach macro-F1 0.97 / 0.90, against the chart alone (--others none):
- 15 blind charts (sets 1-5): alone 11.2 / 1.3; other charts' answers by reason only (corrections.py) 13.8 / 1.9;
  with this model 7.7 / 0.7 (4 charts of 15 needed fewer answers by half or more, one more).
- 12 blind charts (sets 1-4, before set 5 existed): alone 7.1; by reason only 5.8; with this model 6.9 (weight
  n/(n+400); 6.3 at n/(n+2000), 7.6 at n/(n+100)).
So the help is real on the larger set and nil on the smaller one: unstable, with 1-7 errors per chart. It never
changed a starting role on these charts; it acts through the review order (the mixed confidence and margin).
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
