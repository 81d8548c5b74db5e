"""Thompson-sampling budget allocation under constraints, with an explanation per arm.

Each draw samples every arm's value per yuan from its posterior and fills the budget greedily by
marginal value (exact for concave returns under these constraints, up to the step size): channel
minimum shares first, then the best next step among arms whose channel is below its maximum share
and which are below their growth cap. The plan is the mean of the draws (for a divisible budget this
is the allocation Thompson sampling makes in expectation: uncertain arms get a share in proportion to
how often they could be best), rounded to whole yuan that sum exactly to the budget.
"""

from __future__ import annotations

import hashlib
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ...errors import InputError
from .history import METRICS
from .model import ValueModel, marginal, saturate

STEPS = 400
WEIGHT_FIELDS = ("clicks", "leads", "qualified_leads", "opportunities", "won_amount", "impressions")


@dataclass
class Constraints:
    min_share: dict[str, float] = field(default_factory=dict)  # channel -> share of the budget
    max_share: dict[str, float] = field(default_factory=dict)
    max_growth: float = 1.5  # an arm gets at most this x its largest past spend (0 = no cap)
    weights: dict[str, float] | None = None
    draws: int = 200


def load_constraints(path: str | Path | None) -> Constraints:
    """TOML: max_growth = 2.0, draws = 200, [weights] won_amount = 1, opportunities = 5000,
    [channels."百度"] min_share = 0.1, max_share = 0.5."""
    if path is None:
        return Constraints()
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as e:
        raise InputError(f"{p}: file not found; check the path.") from e
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{p}: not valid TOML ({e}).") from e
    return constraints_from_dict(data, str(p))


def constraints_from_dict(data: dict, where: str = "constraints") -> Constraints:
    """The same keys as the TOML file (also the API's JSON body)."""
    c = Constraints()
    p = where
    unknown = set(data) - {"max_growth", "draws", "weights", "channels"}
    if unknown:
        raise InputError(f"{p}: unknown key {min(unknown)!r}; use max_growth, draws, [weights] and "
                         f"[channels.NAME] with min_share / max_share.")
    try:
        c.max_growth = float(data.get("max_growth", c.max_growth))
        c.draws = int(data.get("draws", c.draws))
    except (TypeError, ValueError) as e:
        raise InputError(f"{p}: max_growth must be a number and draws an integer.") from e
    if not 1 <= c.draws <= 2000:
        raise InputError(f"{p}: draws = {c.draws} must be between 1 and 2000.")
    if data.get("weights"):
        c.weights = parse_weights({k: v for k, v in data["weights"].items()}, str(p))
    for name, spec in (data.get("channels") or {}).items():
        if not isinstance(spec, dict) or set(spec) - {"min_share", "max_share"}:
            raise InputError(f"{p}: [channels.{name}] takes only min_share and max_share (shares of the budget, 0-1).")
        for key, target in (("min_share", c.min_share), ("max_share", c.max_share)):
            if key in spec:
                val = spec[key]
                if not isinstance(val, (int, float)) or not 0 <= val <= 1:
                    raise InputError(f"{p}: [channels.{name}] {key} = {val!r} must be a share between 0 and 1.")
                target[str(name)] = float(val)
    return c


def parse_weights(raw: dict[str, object], where: str = "--weight") -> dict[str, float]:
    out = {}
    for k, v in raw.items():
        if k not in WEIGHT_FIELDS:
            raise InputError(f"{where}: weight {k!r} is not an outcome; use {', '.join(WEIGHT_FIELDS)}.")
        try:
            out[k] = float(v)
        except (TypeError, ValueError) as e:
            raise InputError(f"{where}: weight {k}={v!r} is not a number.") from e
        if out[k] < 0:
            raise InputError(f"{where}: weight {k}={v!r} is negative.")
    if not any(out.values()):
        raise InputError(f"{where}: every weight is 0; give at least one outcome a positive weight.")
    return out


@dataclass
class PlanRow:
    channel: str
    creative: str
    spend: int
    expected_value: float
    reason: str
    explanation: dict
    segment: str = ""


def _check(model: ValueModel, budget: float, c: Constraints) -> None:
    if not budget > 0 or not math.isfinite(budget):
        raise InputError(f"--budget {budget!r} must be a positive amount.")
    channels = {a.channel for a in model.arms}
    for name in set(c.min_share) | set(c.max_share):
        if name not in channels:
            raise InputError(f"constraints: channel {name!r} is not in the history (channels: "
                             f"{', '.join(sorted(channels))}).")
        if c.min_share.get(name, 0) > c.max_share.get(name, 1):
            raise InputError(f"constraints: channel {name!r} min_share {c.min_share[name]} > max_share "
                             f"{c.max_share[name]}.")
    if sum(c.min_share.values()) > 1 + 1e-9:
        raise InputError(f"constraints: channel minimum shares add up to {sum(c.min_share.values()):.2f} > 1.")
    if sum(c.max_share.get(ch, 1.0) for ch in channels) < 1 - 1e-9:
        raise InputError("constraints: channel maximum shares add up to less than 1; the budget cannot be spent.")


def _arm_caps(model: ValueModel, budget: float, c: Constraints) -> np.ndarray:
    """Growth cap: do not extrapolate a response curve far beyond the spend it was seen at."""
    n = len(model.arms)
    if c.max_growth <= 0:
        return np.full(n, np.inf)
    # A budget larger than the history's periods scales every cap with it.
    scale = max(1.0, budget / max(model.period_spend, 1e-9))
    caps = np.array([max(c.max_growth * a.max_spend * scale, budget / n) for a in model.arms])
    channels = sorted({a.channel for a in model.arms})
    chan = np.array([a.channel for a in model.arms])
    # Caps may not make the constraints infeasible: relax them until every channel minimum and the whole
    # budget fit under them.
    for _ in range(60):
        short = budget - sum(min(caps[chan == ch].sum(), c.max_share.get(ch, 1.0) * budget) for ch in channels)
        short = max(short, max((c.min_share.get(ch, 0) * budget - caps[chan == ch].sum() for ch in channels),
                               default=0.0))
        if short <= 1e-6:
            break
        caps *= 1.25
    return caps


def _greedy(theta: np.ndarray, model: ValueModel, budget: float, c: Constraints, caps: np.ndarray) -> np.ndarray:
    """Allocations (draws x arms) maximising sum theta * h(s) step by step."""
    d, n = theta.shape
    step = budget / STEPS
    chan = np.array([a.channel for a in model.arms])
    k = np.array([model.saturation[a.arm] for a in model.arms])
    channels = sorted(set(chan))
    member = np.array([[ch == x for x in chan] for ch in channels], dtype=float)  # channels x arms
    ch_max = np.array([c.max_share.get(ch, 1.0) * budget for ch in channels])
    s = np.zeros((d, n))
    rows = np.arange(d)

    def fill(steps: int, allowed: np.ndarray) -> None:
        for _ in range(steps):
            gain = theta * np.where(np.isinf(k), 1.0, np.exp(-s / np.where(np.isinf(k), 1.0, k)))
            ch_spend = s @ member.T  # draws x channels
            ok = allowed & (s + step <= caps + 1e-9) & ((ch_spend + step <= ch_max + 1e-9) @ member).astype(bool)
            gain = np.where(ok, gain, -np.inf)
            best = gain.argmax(axis=1)
            has = np.isfinite(gain[rows, best])
            if not has.all():  # every cap hit: give the step to the least-capped allowed arm
                slack = np.where(allowed, caps - s, -np.inf)
                best = np.where(has, best, slack.argmax(axis=1))
            s[rows, best] += step

    done = 0
    for i, ch in enumerate(channels):
        m = c.min_share.get(ch, 0.0)
        if m > 0:
            n_steps = round(m * STEPS)
            fill(n_steps, np.broadcast_to(member[i].astype(bool), (d, n)))
            done += n_steps
    fill(STEPS - done, np.ones((d, n), dtype=bool))
    return s


def _round_to_budget(x: np.ndarray, budget: float) -> np.ndarray:
    """Whole yuan summing exactly to the budget (largest remainders get the leftover yuan)."""
    total = round(budget)
    scaled = x / max(x.sum(), 1e-12) * total
    out = np.floor(scaled).astype(np.int64)
    left = total - int(out.sum())
    out[np.argsort(-(scaled - out), kind="stable")[:left]] += 1
    return out


def _seed(model: ValueModel, budget: float) -> int:
    """Same history + budget -> same plan (re-running an analysis changes nothing)."""
    key = repr((budget, [(a.arm, round(a.shape, 9), round(a.rate, 9)) for a in model.arms]))
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "little")


def allocate(model: ValueModel, budget: float, constraints: Constraints | None = None) -> list[PlanRow]:
    c = constraints or Constraints()
    _check(model, budget, c)
    rng = np.random.default_rng(_seed(model, budget))
    theta = model.sample(rng, c.draws)
    caps = _arm_caps(model, budget, c)
    draws = _greedy(theta, model, budget, c, caps)
    spend = _round_to_budget(draws.mean(axis=0), budget)
    best_share = np.bincount((theta * 1.0).argmax(axis=1), minlength=len(model.arms)) / c.draws
    return [_explain(model, a, int(spend[i]), float(best_share[i]), float(caps[i]), budget, c)
            for i, a in enumerate(model.arms)]


def _money(x: float) -> str:
    return f"{x:,.0f}"


def _explain(model: ValueModel, a, spend: int, p_best: float, cap: float, budget: float, c: Constraints) -> PlanRow:
    k = model.saturation[a.arm]
    lo, hi = a.interval()
    mean = a.mean
    margin = float(mean * marginal(np.array([spend]), k)[0])
    expected = float(mean * saturate(np.array([float(spend)]), k)[0])
    portfolio = model.global_rate
    why = []
    if a.last_spend > 0 and spend > 1.1 * a.last_spend:
        why.append(f"more than last period ({_money(a.last_spend)})")
    elif spend < 0.9 * a.last_spend:
        why.append(f"less than last period ({_money(a.last_spend)})")
    if mean > 1.1 * portfolio:
        why.append(f"value per yuan {mean:.3g} above the overall {portfolio:.3g}")
    elif mean < 0.9 * portfolio:
        why.append(f"value per yuan {mean:.3g} below the overall {portfolio:.3g}")
    if hi > 2.5 * max(lo, 1e-12) and 0.02 < p_best < 0.9:
        why.append(f"uncertain ({lo:.3g}-{hi:.3g}): explored, best in {p_best:.0%} of draws")
    if not math.isinf(k) and spend > 0.5 * k:
        why.append(f"saturating: next yuan worth {margin:.3g}")
    ch_share = c.max_share.get(a.channel)
    if ch_share is not None:
        why.append(f"channel max share {ch_share:.0%}")
    if c.min_share.get(a.channel):
        why.append(f"channel min share {c.min_share[a.channel]:.0%}")
    if math.isfinite(cap) and spend >= 0.98 * cap:
        why.append(f"capped at {c.max_growth:g}x its largest past spend")
    counts = {m: a.counts.get(m, 0.0) for m in ("spend", *METRICS) if a.counts.get(m)}
    explanation = {
        "value_per_yuan": round(mean, 6), "interval_90": [round(lo, 6), round(hi, 6)],
        "marginal_value_per_yuan": round(margin, 6), "p_best": round(p_best, 3),
        "evidence": {"periods": a.periods, **{m: round(v, 2) for m, v in counts.items()},
                     "lag_adjusted_spend": round(a.exposure, 2)},
        "last_spend": round(a.last_spend, 2), "saturation_scale": None if math.isinf(k) else round(k, 2),
    }
    effects = getattr(a, "effects", None)
    if effects is not None:  # contextual learner: what the value per yuan is made of
        explanation["learner"] = "contextual"
        explanation["segment"] = a.segment
        explanation["log_effects"] = effects
        top = sorted(effects.items(), key=lambda kv: -abs(kv[1]))[:3]
        if a.periods == 0:
            why.append("no history for this segment: value predicted from segments like it")
        if top:
            why.append("log value from " + ", ".join(f"{t.split(':', 1)[1]} {e:+.2f}" for t, e in top))
    reason = "; ".join(why) or "steady"
    reason = (f"value/yuan {mean:.3g} (90% {lo:.3g}-{hi:.3g}) from {a.periods} periods, "
              f"{_money(a.spend)} spent; {reason}")
    return PlanRow(a.channel, a.creative, spend, round(expected, 2), reason, explanation, a.segment)
