"""Score the header fields' candidates with a logistic regression and keep or replace the rules' pick.

The weights (header_model.json, trained on every labelled set by bench/tender_header_model.py --write)
are plain numbers: p(candidate is the field's value) = sigmoid(bias + sum w_i x_i) over the features of
header_candidates. The rules' value stays unless the model gives it a low probability and another
candidate a clearly higher one; a field the rules left empty takes the best candidate when it is likely
enough. The chosen value's probability is the field's confidence, its snippet the evidence.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .header_candidates import FIELDS, Candidate, generate, group
from .shape_checks import PROBLEM

_WEIGHTS = Path(__file__).with_name("header_model.json")


@dataclass
class Scored:
    key: str
    value: str
    p: float
    rule_pick: bool
    cand: Candidate
    feats: dict


@dataclass
class Choice:
    field: str
    scored: list[Scored] = field(default_factory=list)  # best first
    rule: Scored | None = None


@lru_cache(maxsize=1)
def weights() -> dict:
    if not _WEIGHTS.is_file():
        return {}
    return json.loads(_WEIGHTS.read_text(encoding="utf-8"))


def _z(model: dict, feats: dict) -> float:
    return model["intercept"] + sum(w * feats.get(name, 0.0) for name, w in model["coef"].items())


def probability(model: dict, feats: dict) -> float:
    return 1 / (1 + math.exp(-max(min(_z(model, feats), 30), -30)))


def probabilities(model: dict, feats: list[dict]) -> list[float]:
    """Each candidate's chance of being the field's value. A pairwise model (trained on right-minus-wrong
    differences) scores candidates against each other: a softmax over the notice's candidates."""
    if model.get("kind") != "pairwise":
        return [probability(model, x) for x in feats]
    zs = [_z(model, x) for x in feats]
    top = max(zs, default=0.0)
    es = [math.exp(z - top) for z in zs]
    total = sum(es) or 1.0
    return [e / total for e in es]


def score(cands: dict[str, list[Candidate]], models: dict) -> dict[str, Choice]:
    out = {}
    for f in FIELDS:
        ch = Choice(f)
        groups = group(cands.get(f, []))
        ps = probabilities(models[f], [g[2] for g in groups]) if f in models else [0.0] * len(groups)
        for (key, rep, feats), p in zip(groups, ps):
            s = Scored(key, rep.value, p, any(True for c in cands[f] if c.rule_pick and _same(c, key)), rep, feats)
            ch.scored.append(s)
            if s.rule_pick:
                ch.rule = s
        ch.scored.sort(key=lambda s: -s.p)
        out[f] = ch
    return out


def _same(c: Candidate, key: str) -> bool:
    from .header_candidates import norm

    return norm(c.value) == key


def decide(ch: Choice, policy: dict) -> Scored | None:
    """The value to keep: the rules' unless the model doubts it and prefers another; None to leave the field."""
    # a candidate whose very shape rules it out (a sentence or contact line as buyer, a date as number) is never picked
    problem = PROBLEM.get(ch.field, lambda v: None)
    best = next((s for s in ch.scored if s is ch.rule or not problem(s.value)), None)
    if best is None:
        return ch.rule
    if ch.rule is None:
        return best if best.p >= policy["fill"] else None
    if best is not ch.rule and ch.rule.p < policy["doubt"] and best.p >= ch.rule.p + policy["margin"]:
        return best
    return ch.rule


def apply(state) -> None:
    """Extraction hook: candidates from the rules' log and the notice, scored; override per the stored policy."""
    from ...config import get_settings

    enabled = get_settings().header_model
    w = weights()
    models = w.get("models", {})
    cands = generate(state.doc, state.out, state.header_log, state._field_value)
    choices = score(cands, models)
    state.out.header_choices = choices
    if not enabled or not models:
        return
    for f, ch in choices.items():
        pick = decide(ch, w["policy"][f])
        if pick is None:
            continue
        if pick is not ch.rule:
            setattr(state.out, f, pick.value)
            from .model import Provenance
            from .text import snippet

            state.out.provenance[f] = Provenance(pick.cand.page, snippet(pick.cand.snippet))
            state.fallback.add(f)
        state.model_confidence[f] = round(pick.p, 3)
