"""Value per yuan of each arm: a hierarchical Gamma model with outcome lag and saturation.

The expected value an arm returns for spend s in a period of age a (0 = latest) is

    E[v] = theta_arm * h(s) * F(a),   h(s) = k * (1 - exp(-s / k))

- theta_arm: value per yuan at low spend (the quantity we learn and explain);
- h: diminishing returns with a saturation scale k per arm (k = inf: linear);
- F(a): the share of a period's eventual value already visible after a periods (a discretised Gamma
  lag), so recent spend counts as partial exposure instead of as a failure.

k and F are chosen by profile quasi-likelihood on a grid (theta profiled out per arm); theta gets
a Gamma posterior through a quasi-Poisson likelihood (dispersion phi in value units, e.g. one typical
deal) with empirical-Bayes shrinkage global -> channel -> arm, so an arm with little evidence leans
on its channel.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import special  # gamma CDF / quantile; lighter to import than scipy.stats

from .history import History

DEFAULT_WEIGHTS = {"won_amount": 1.0}
LAG_SHAPES = (1.0, 2.0, 4.0)
LAG_MEANS = (0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0)  # periods
SATURATION_MULTIPLES = (math.inf, 8.0, 4.0, 2.0, 1.0, 0.5)  # ties keep the first: linear  # x the channel's median spend per arm-period
CHANNEL_PRIOR_SHAPE = 1.0  # pseudo-observations (in units of phi) behind the global mean
ARM_PRIOR_SHAPE = 2.0  # ... behind the channel mean


def lag_cdf(age: np.ndarray, shape: float, mean: float) -> np.ndarray:
    """Share of eventual value visible at the end of a period `age` periods ago (age 0 = half a period in)."""
    if mean <= 0:
        return np.ones_like(age, dtype=float)
    x = np.asarray(age, dtype=float) + 0.5
    return np.asarray(special.gammainc(shape, x * shape / mean)).clip(1e-6, 1.0)


def saturate(spend: np.ndarray, k: float) -> np.ndarray:
    return spend if math.isinf(k) else k * -np.expm1(-np.asarray(spend, dtype=float) / k)


def marginal(spend: np.ndarray, k: float) -> np.ndarray:
    """d h / d s: the value of the next yuan relative to the first."""
    return np.ones_like(spend, dtype=float) if math.isinf(k) else np.exp(-np.asarray(spend, dtype=float) / k)


@dataclass
class ArmPosterior:
    arm: str
    channel: str
    creative: str
    shape: float
    rate: float
    periods: int
    spend: float
    value: float  # weighted value observed so far
    exposure: float  # sum of h(s) * F(age): lag-adjusted effective spend
    max_spend: float
    last_spend: float
    counts: dict  # summed metrics
    segment: str = ""  # audience segment of the arm ("" = none)

    @property
    def mean(self) -> float:
        return self.shape / self.rate

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        lo, hi = special.gammaincinv(self.shape, np.array([(1 - level) / 2, (1 + level) / 2])) / self.rate
        return float(lo), float(hi)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.gamma(self.shape, 1 / self.rate, size=n)


@dataclass
class ValueModel:
    weights: dict[str, float]
    arms: list[ArmPosterior]
    saturation: dict[str, float]  # arm -> k (inf: no saturation seen)
    lag_shape: float
    lag_mean: float
    dispersion: float
    global_rate: float
    channel_mean: dict[str, float]
    period_spend: float  # median total spend of a period
    learner: str = "hierarchical"
    # (rng, draws) -> draws x arms; None = each arm's posterior on its own (arms.sample). A contextual
    # model's arms share coefficients, so their draws are drawn together.
    sampler: Callable[[np.random.Generator, int], np.ndarray] | None = None

    def sample(self, rng: np.random.Generator, draws: int) -> np.ndarray:
        if self.sampler is not None:
            return self.sampler(rng, draws)
        return np.column_stack([a.sample(rng, draws) for a in self.arms])

    def lag_share(self, age: int) -> float:
        return float(lag_cdf(np.array([age]), self.lag_shape, self.lag_mean)[0])

    def summary(self) -> dict:
        return {"learner": self.learner, "weights": self.weights, "lag_mean_periods": self.lag_mean, "lag_shape": self.lag_shape,
                "visible_share_by_age": [round(self.lag_share(a), 3) for a in range(6)],
                "saturation_scale": {c: (None if math.isinf(k) else round(k, 2)) for c, k in self.saturation.items()},
                "dispersion": round(self.dispersion, 4), "value_per_yuan_overall": round(self.global_rate, 6),
                "value_per_yuan_channel": {c: round(v, 6) for c, v in self.channel_mean.items()}}


def weighted_value(rows, weights: dict[str, float]) -> np.ndarray:
    return sum(float(w) * rows[m].to_numpy(float) for m, w in weights.items() if w)


def _loglik(v: np.ndarray, x: np.ndarray, arm_idx: np.ndarray, n_arms: int) -> float:
    """Poisson quasi-log-likelihood with each arm's theta at its maximum."""
    sv = np.bincount(arm_idx, v, n_arms)
    sx = np.bincount(arm_idx, x, n_arms)
    theta = np.divide(sv, sx, out=np.zeros(n_arms), where=sx > 0)
    mu = theta[arm_idx] * x
    ok = mu > 0
    return float(np.sum(v[ok] * np.log(mu[ok])) - np.sum(mu))


def exposure(spend: np.ndarray, age: np.ndarray, arm_of: np.ndarray, saturation: dict[str, float],
             lag: tuple[float, float]) -> np.ndarray:
    """Lag-adjusted effective spend of each row: h_arm(s) * F(age)."""
    h = np.empty_like(spend)
    for a in np.unique(arm_of):
        m = arm_of == a
        h[m] = saturate(spend[m], saturation[a])
    return h * lag_cdf(age, *lag)


def fit(history: History, weights: dict[str, float] | None = None) -> ValueModel:
    weights = dict(weights or DEFAULT_WEIGHTS)
    rows = history.rows
    v = weighted_value(rows, weights)
    s = rows["spend"].to_numpy(float)
    age = rows["age"].to_numpy(float)
    arm_names = sorted(rows["arm"].unique())
    arm_idx = rows["arm"].map({a: i for i, a in enumerate(arm_names)}).to_numpy()
    channels = sorted(rows["channel"].unique())
    ch = rows["channel"].to_numpy()
    arm_of = rows["arm"].to_numpy()
    # Saturation per arm: each creative reaches its own audience (an arm with one spend level stays linear).
    median_spend = {a: float(np.median(s[(arm_of == a) & (s > 0)])) if np.any((arm_of == a) & (s > 0)) else 1.0
                    for a in arm_names}
    sat = {a: math.inf for a in arm_names}
    lag = (1.0, 0.0)

    n = len(arm_names)
    for _ in range(2):  # coordinate ascent: lag, then each arm's saturation
        lag = max(((k, m) for k in LAG_SHAPES for m in LAG_MEANS),
                  key=lambda km: _loglik(v, exposure(s, age, arm_of, sat, km), arm_idx, n))
        for a in arm_names:
            grid = [median_spend[a] * f for f in SATURATION_MULTIPLES]
            sat[a] = max(grid, key=lambda k: _loglik(v, exposure(s, age, arm_of, {**sat, a: k}, lag), arm_idx, n))
    x = exposure(s, age, arm_of, sat, lag)

    sv = np.bincount(arm_idx, v, n)
    sx = np.bincount(arm_idx, x, n)
    theta = np.divide(sv, sx, out=np.zeros(n), where=sx > 0)
    mu = theta[arm_idx] * x
    used = mu > 0
    dof = max(1, int(used.sum()) - n)
    total_v = float(v.sum())
    if total_v > 0 and used.any():
        phi = float(np.sum((v[used] - mu[used]) ** 2 / mu[used]) / dof)
        phi = max(phi, total_v / max(1.0, len(v)) * 1e-3, 1e-9)  # a perfect fit must not mean certainty
    else:
        phi = 1.0
    rho = max(total_v / max(float(x.sum()), 1e-9), 1e-12)

    channel_mean = {}
    for c in channels:
        m = ch == c
        channel_mean[c] = (CHANNEL_PRIOR_SHAPE + v[m].sum() / phi) / (CHANNEL_PRIOR_SHAPE / rho + x[m].sum() / phi)
    metrics = [m for m in ("spend", "impressions", "clicks", "leads", "qualified_leads", "opportunities",
                           "won_amount")]
    last = rows["age"].to_numpy() == 0
    arms = []
    for i, a in enumerate(arm_names):
        m = arm_idx == i
        c = ch[m][0]
        prior_mean = max(channel_mean[c], 1e-12)
        arms.append(ArmPosterior(
            arm=a, channel=c, creative=rows["creative"].to_numpy()[m][0],
            shape=ARM_PRIOR_SHAPE + sv[i] / phi, rate=ARM_PRIOR_SHAPE / prior_mean + sx[i] / phi,
            periods=int(m.sum()), spend=float(s[m].sum()), value=float(sv[i]), exposure=float(sx[i]),
            max_spend=float(s[m].max()), last_spend=float(s[m & last].sum()),
            counts={k: float(rows.loc[m, k].sum()) for k in metrics},
            segment=rows["segment"].to_numpy()[m][0] if "segment" in rows else ""))
    period_spend = float(rows.groupby("period_index")["spend"].sum().median())
    return ValueModel(weights, arms, sat, lag[0], lag[1], phi, rho, channel_mean, period_spend)
