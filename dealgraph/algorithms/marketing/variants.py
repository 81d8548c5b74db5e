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


def choose_copy_variant(hist, weights: dict[str, float] | None, channel: str, persona: str, account: str) -> dict:
    """`--variant auto` and the API's variant "auto": the next text's variant from a campaign history
    (a history file, or spend joined to the graph's outcomes in the caller's scope)."""
    from .copy.generate import VARIANTS
    from .plan import fit_model

    return choose_variant(fit_model(hist, weights), channel, persona, VARIANTS, key=account)


def copy_variant_from_graph(graph, spend_rows: list[dict], weights: dict[str, float] | None, channel: str,
                            persona: str, account: str, *, scope=None, window_days: int = 180) -> dict:
    """Variant "auto" in graph mode: spend rows given as data, outcomes from the graph in `scope`."""
    from ...graph.queries.campaign_outcomes import campaign_outcomes
    from .graph_history import history_from_graph, period_starts, spend_frame

    spend = spend_frame(spend_rows)
    period_starts(spend)  # bad periods are refused before the graph is read
    hist = history_from_graph(spend, *campaign_outcomes(graph, scope), window_days)[0]
    return choose_copy_variant(hist, weights, channel, persona, account)


def copy_for_account(graph, req, *, backend=None, scope=None, spend: list[dict] | None = None,
                     weights: dict | None = None) -> dict:
    """Copy for an account in the caller's scope; variant "auto" first chooses the variant from the spend
    rows and the outcomes the caller may see (REST and GraphQL alike)."""
    from dataclasses import replace

    from ...errors import InputError, NotFound
    from ...graph.queries.scope import Scope, in_scope
    from .allocate import parse_weights
    from .copy.generate import generate_from_graph

    if spend is not None and req.variant != "auto":
        raise InputError('spend chooses the variant: send it with variant "auto".')
    if req.variant != "auto":
        return generate_from_graph(graph, req, backend=backend, scope=scope)
    if not spend:
        raise InputError('variant "auto" learns from campaign outcomes: give spend rows (period, channel, '
                         'creative, spend); their outcomes come from the graph, in your scope.')
    replace(req, variant="a").validate()
    if req.account_id not in in_scope(graph, scope or Scope(all=True, uid=""), "Account", [req.account_id]):
        # foreign and missing alike, and before any outcome is read
        raise NotFound(f"account {req.account_id!r} does not exist or is not visible to you.")
    choice = copy_variant_from_graph(graph, spend, parse_weights(weights, "weights") if weights else None,
                                     req.channel, req.persona, req.account_id, scope=scope)
    res = generate_from_graph(graph, replace(req, variant=choice["variant"]), backend=backend, scope=scope)
    return {**res, "variant_choice": choice}
