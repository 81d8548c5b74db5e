"""Learning from users' answers that carries over to people nobody answered about, in any account.

A user's confirmation or correction is counted against the reason the purchase semantics gave for
that person (executive, function_head, deep, ...: features of the structure, not of the account), so
"3 of the 4 'line_head' people users answered about were executors" moves every other 'line_head'
verdict, here and in the next account. The reason's own (calibrated) confidence counts as `PSEUDO`
answers, so one answer nudges the confidence and only a clear majority of answers changes a role.
Answers about people of the same profile (the reason plus their place in the structure: seniority,
span, relative depth, the unit's part in the purchase, advice in-degree, meetings; semantics.profile)
can count `PROFILE_WEIGHT` times more, so a line_head over 20+ people far down the tree would learn
from other such heads first. Measured on the 9 blind charts with every other chart answered
(`bench/roles_review.py --others labelled --profile-weight W`), weight 2 made two accounts start worse
(the same place in the structure is involved in one purchase and not in another) and needed more
answers (10.6 vs 9.4 per account to 0.97), so it is off by default: answers transfer by reason only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .rules import ROLES

PSEUDO = 4.0  # the semantics' confidence in a reason weighs as much as this many answers
PROFILE_WEIGHT = 0.0  # extra weight of an answer about someone of the same profile (off: see above)


@dataclass
class Learned:
    role: str
    confidence: float
    runner_up: float
    evidence: str | None  # None when no answer bears on the reason


def tally(rows: list[dict], key: str = "reason") -> dict[tuple[str, str], Counter]:
    """(reason or profile, the semantics' role) -> answers by role, from rows {reason, profile, said, label, n}."""
    out: dict[tuple[str, str], Counter] = {}
    for r in rows:
        k = r.get(key) or ""
        if r["label"] in ROLES and r["said"] in ROLES and k:
            out.setdefault((k, r["said"]), Counter())[r["label"]] += int(r["n"])
    return out


def adjust(reason: str, role: str, confidence: float, answers: dict[tuple[str, str], Counter],
           profile: str = "", profiles: dict[tuple[str, str], Counter] | None = None,
           profile_weight: float | None = None) -> Learned:
    """The verdict after the users' answers on its reason and profile: posterior over the three roles."""
    weight = PROFILE_WEIGHT if profile_weight is None else profile_weight
    seen = answers.get((reason, role))
    alike = (profiles or {}).get((profile, role)) if profile and weight > 0 else None
    if not seen and not alike:
        return Learned(role, confidence, (1.0 - confidence) / 2, None)
    seen, alike = seen or Counter(), alike or Counter()
    n = sum(seen.values()) + weight * sum(alike.values())
    post = {r: (seen[r] + weight * alike[r] + PSEUDO * (confidence if r == role else (1.0 - confidence) / 2))
            / (n + PSEUDO) for r in ROLES}
    ranked = sorted(ROLES, key=lambda r: (-post[r], r != role))  # a draw keeps the semantics' role
    best, second = ranked[0], ranked[1]
    said = ", ".join(f"{seen[r]} {r.replace('_', ' ')}" for r in ROLES if seen[r])
    like = sum(alike.values())
    why = (f"users answered about {sum(seen.values())} other '{reason}' case(s): {said}"
           + (f" ({like} in the same place in their structure: " + ", ".join(
               f"{alike[r]} {r.replace('_', ' ')}" for r in ROLES if alike[r]) + ")" if like else "")
           + ("" if best == role else f"; so {best.replace('_', ' ')} rather than {role.replace('_', ' ')}"))
    return Learned(best, round(post[best], 3), round(post[second], 3), why)
