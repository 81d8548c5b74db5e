"""Learning from users' answers that carries over to people nobody answered about, in any account.

A user's confirmation or correction is counted against the reason the purchase semantics gave for
that person (executive, function_head, deep, ...: features of the structure, not of the account), so
"3 of the 4 'line_head' people users answered about were executors" moves every other 'line_head'
verdict, here and in the next account. The reason's own (calibrated) confidence counts as `PSEUDO`
answers, so one answer nudges the confidence and only a clear majority of answers changes a role.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .rules import ROLES

PSEUDO = 4.0  # the semantics' confidence in a reason weighs as much as this many answers


@dataclass
class Learned:
    role: str
    confidence: float
    runner_up: float
    evidence: str | None  # None when no answer bears on the reason


def tally(rows: list[dict]) -> dict[tuple[str, str], Counter]:
    """(reason, the semantics' role) -> answers by role, from rows {reason, said, label, n}."""
    out: dict[tuple[str, str], Counter] = {}
    for r in rows:
        if r["label"] in ROLES and r["said"] in ROLES and r["reason"]:
            out.setdefault((r["reason"], r["said"]), Counter())[r["label"]] += int(r["n"])
    return out


def adjust(reason: str, role: str, confidence: float, answers: dict[tuple[str, str], Counter]) -> Learned:
    """The verdict after the users' answers on its reason: posterior over the three roles."""
    seen = answers.get((reason, role))
    if not seen:
        return Learned(role, confidence, (1.0 - confidence) / 2, None)
    n = sum(seen.values())
    post = {r: (seen[r] + PSEUDO * (confidence if r == role else (1.0 - confidence) / 2)) / (n + PSEUDO)
            for r in ROLES}
    ranked = sorted(ROLES, key=lambda r: (-post[r], r != role))  # a draw keeps the semantics' role
    best, second = ranked[0], ranked[1]
    said = ", ".join(f"{seen[r]} {r.replace('_', ' ')}" for r in ROLES if seen[r])
    why = (f"users answered about {n} other '{reason}' case(s): {said}"
           + ("" if best == role else f"; so {best.replace('_', ' ')} rather than {role.replace('_', ' ')}"))
    return Learned(best, round(post[best], 3), round(post[second], 3), why)
