"""The A/B loop from copy into allocation: which text variant to send next, learned from downstream value.

A generated text names its creative `channel-persona-variant` (e.g. `ad-decision_maker-b`). Campaigns run
with that creative name, so the history (file or graph mode) records each variant's spend and what its
leads became; the allocation then funds the variants as arms, and `choose_variant` picks the next text's
variant by Thompson sampling over the same posterior: each variant's value per yuan is drawn (the mean
over the campaign channels that ran it), and the draw's best wins. A variant never run is chosen first
(nothing is known about it). The choice is deterministic for the same history, account and arm.
"""

from __future__ import annotations

import hashlib

import numpy as np

from .model import ValueModel

DRAWS = 2000


def creative_name(channel: str, persona: str, variant: str) -> str:
    return f"{channel}-{persona}-{variant}"


def choose_variant(model: ValueModel, channel: str, persona: str, variants: tuple[str, ...],
                   key: str = "") -> dict:
    """{variant, p_best: {v: share of draws it wins}, value_per_yuan: {v: mean}, evidence: {v: {...}}, reason}."""
    names = {v: creative_name(channel, persona, v) for v in variants}
    arms = {v: [i for i, a in enumerate(model.arms) if a.creative == n] for v, n in names.items()}
    unseen = [v for v in variants if not arms[v]]
    evidence = {v: {"arms": [model.arms[i].arm for i in arms[v]],
                    "periods": sum(model.arms[i].periods for i in arms[v]),
                    "spend": round(sum(model.arms[i].spend for i in arms[v]), 2),
                    "value": round(sum(model.arms[i].value for i in arms[v]), 2)} for v in variants}
    if unseen:
        return {"variant": unseen[0], "p_best": None, "value_per_yuan": None, "evidence": evidence,
                "reason": f"creative {names[unseen[0]]!r} has no history yet: tried first"}
    seed = int.from_bytes(hashlib.sha256(repr((key, channel, persona, [(a.arm, round(a.shape, 9), round(a.rate, 9))
                                                                        for a in model.arms])).encode()).digest()[:8],
                          "little")
    rng = np.random.default_rng(seed)
    theta = model.sample(rng, DRAWS)
    score = np.column_stack([theta[:, arms[v]].mean(axis=1) for v in variants])
    wins = np.bincount(score.argmax(axis=1), minlength=len(variants)) / DRAWS
    pick = int(rng.choice(len(variants), p=wins))  # one more draw: the choice itself is a Thompson sample
    means = {v: round(float(np.mean([model.arms[i].mean for i in arms[v]])), 6) for v in variants}
    chosen = variants[pick]
    return {"variant": chosen, "p_best": {v: round(float(w), 3) for v, w in zip(variants, wins)},
            "value_per_yuan": means, "evidence": evidence,
            "reason": f"{names[chosen]!r} is best in {wins[pick]:.0%} of posterior draws of value per yuan "
                      f"({', '.join(f'{v} {means[v]:.3g}' for v in variants)})"}
