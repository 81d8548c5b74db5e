"""role_confidence that means something: per-reason accuracy, fitted on the demo generator's truth.

Each verdict of the purchase semantics has a reason (top, budget_owner, staff, ...). Its confidence
is how often that reason is right: the hits / cases of the reason on generated accounts, shrunk
toward the hand-set prior (semantics.CONFIDENCE) by `STRENGTH` pseudo-cases so a rare reason keeps
its prior. Fitted by `bench/roles_calibrate.py` into calibration.json (plain JSON, shipped with
the package; never fitted on the validation or blind charts). Bounded to [0.05, 0.99]: 1.0 means
a person confirmed the role.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("calibration.json")
STRENGTH = 20.0


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    if not TABLE.exists():
        return {}
    data = json.loads(TABLE.read_text(encoding="utf-8"))
    return {k: float(v["confidence"]) for k, v in data.get("reasons", {}).items()}


def calibrated(reason: str, prior: float) -> float:
    """The fitted confidence of a reason, or its prior when the table has none."""
    return _table().get(reason, prior)


def fit(outcomes: Iterable[tuple[str, bool]], priors: dict[str, float], strength: float = STRENGTH) -> dict:
    """{reason: {n, hits, prior, confidence}} from (reason, verdict was right) pairs."""
    counts: dict[str, list[int]] = {}
    for reason, ok in outcomes:
        c = counts.setdefault(reason, [0, 0])
        c[0] += 1
        c[1] += bool(ok)
    out = {}
    for reason in sorted(set(priors) | set(counts)):
        n, hits = counts.get(reason, (0, 0))
        prior = priors.get(reason, 0.5)
        conf = (hits + strength * prior) / (n + strength)
        out[reason] = {"n": n, "hits": hits, "prior": prior, "confidence": round(min(0.99, max(0.05, conf)), 3)}
    return out
