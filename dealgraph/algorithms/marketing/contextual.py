"""Contextual learner: value per yuan of channel x creative x segment from the segments' features.

The hierarchical model (model.py) learns each arm on its own, shrunk to its channel: a segment with
little history stays uncertain and a segment with none cannot be planned. Here every arm's value
per yuan is log-linear in what describes it,

    log theta = b0 + b_channel + b_creative + b_segment + w . f(segment) + W_channel . f(segment)

where f are the segment's features (numbers standardised, categories one-hot; from a segments file,
e.g. industry, company size, region) and W_channel lets a feature matter more on one channel. Rows
still count through the base model's lag and saturation (E[v] = theta * h(s) * F(age)); the
coefficients get a Gaussian prior (shrinkage) and a quasi-Poisson likelihood (dispersion phi from the
base model), and their posterior is the Laplace approximation at the maximum (Newton steps). Thompson
sampling draws the coefficients, so arms that share features are drawn together and a segment with no
history gets a value from segments like it.

A segment named in the features file but absent from the history becomes an arm for every channel x
creative (cold start); its saturation is that of the same channel x creative elsewhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import special

from ...errors import InputError
from .history import History, arm_key
from .model import ArmPosterior, ValueModel, exposure, weighted_value

# Prior standard deviations on the log scale (a factor e^sd either way is plausible a priori).
# A segment's own effect is small when features describe it, free-er when nothing else does.
PRIOR_SD = {"intercept": 3.0, "channel": 1.0, "creative": 0.5, "segment": 0.3, "feature": 1.0, "channel_feature": 0.5,
            "segment_alone": 1.0}


@dataclass
class SegmentFeatures:
    """segment -> feature vector (standardised numbers, one-hot categories)."""

    names: list[str]  # feature names, e.g. "employees", "industry=制造"
    rows: dict[str, np.ndarray]
    rejected: list[dict] = field(default_factory=list)

    def vector(self, segment: str) -> np.ndarray:
        return self.rows.get(segment, np.zeros(len(self.names)))


SEGMENT_ALIASES = ("segment", "audience", "segment_name", "人群", "受众", "细分", "客群", "人群包", "目标人群")


def load_segments(path: str | Path) -> SegmentFeatures:
    """segments.csv/xlsx: a segment column (segment / audience / 人群 / 细分 ...) and one column per feature.
    A blank or repeated segment is rejected by row; a feature cell that is blank counts as the column's mean
    (numbers) or as its own category (text)."""
    from ..leads.tabular import file_rows, read_table, to_number

    path = str(path)
    df = read_table(path)
    norm = {str(c).strip().lower(): c for c in df.columns}
    seg_col = next((norm[a] for a in SEGMENT_ALIASES if a in norm), None)
    if seg_col is None:
        raise InputError(f"{path} line 1: no segment column (name it segment, audience, 人群 or 细分); "
                         f"found {', '.join(map(str, df.columns[:12]))}.")
    rows = file_rows(df)
    rejected, keep, seen = [], [], set()
    for i, v in enumerate(df[seg_col]):
        name = "" if pd.isna(v) else str(v).strip()
        if not name or name in seen:
            rejected.append({"file": path, "row": int(rows[i]), "field": str(seg_col), "value": name or None,
                             "reason": "blank segment" if not name else "segment repeated (first row kept)"})
            continue
        seen.add(name)
        keep.append(i)
    df = df.iloc[keep].reset_index(drop=True)
    segs = [str(v).strip() for v in df[seg_col]]
    names: list[str] = []
    cols: list[np.ndarray] = []
    for c in df.columns:
        if c == seg_col:
            continue
        num = to_number(df[c])
        if num.notna().sum() >= max(1, int(0.8 * df[c].notna().sum())) and num.notna().any():
            x = num.fillna(num.mean()).to_numpy(float)
            sd = x.std()
            if sd > 0:
                names.append(str(c))
                cols.append((x - x.mean()) / sd)
        else:
            values = df[c].map(lambda v: "" if pd.isna(v) else str(v).strip())
            for cat in sorted(set(values) - {""}):
                names.append(f"{c}={cat}")
                cols.append((values == cat).to_numpy(float))
    mat = np.column_stack(cols) if cols else np.zeros((len(segs), 0))
    if not segs:
        raise InputError(f"{path}: no usable segment rows ({len(rejected)} rejected).")
    return SegmentFeatures(names, {s: mat[i] for i, s in enumerate(segs)}, rejected)


@dataclass
class ContextArm(ArmPosterior):
    """An arm whose log value per yuan is normal (mu_log, sd_log) under the Laplace posterior."""

    mu_log: float = 0.0
    sd_log: float = 1.0
    effects: dict = field(default_factory=dict)  # term -> contribution to log theta at the posterior mean

    @property
    def mean(self) -> float:
        return math.exp(self.mu_log + self.sd_log ** 2 / 2)

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        z = float(special.ndtri((1 + level) / 2))
        return math.exp(self.mu_log - z * self.sd_log), math.exp(self.mu_log + z * self.sd_log)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.exp(rng.normal(self.mu_log, self.sd_log, size=n))


def _design(arms: list[tuple[str, str, str]], feats: SegmentFeatures | None) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Rows = arms (channel, creative, segment); columns = terms; and each column's prior sd."""
    channels = sorted({c for c, _, _ in arms})
    creatives = sorted({(c, k) for c, k, _ in arms})
    segments = sorted({g for _, _, g in arms if g})
    fnames = feats.names if feats else []
    terms: list[tuple[str, str]] = [("intercept", "intercept")]
    terms += [("channel", c) for c in channels]
    terms += [("creative", f"{c}|{k}") for c, k in creatives
              if sum(1 for c2, _ in creatives if c2 == c) > 1]
    terms += [("segment", g) for g in segments]
    terms += [("feature", f) for f in fnames]
    terms += [("channel_feature", f"{c}:{f}") for c in channels for f in fnames] if len(channels) > 1 else []
    index = {t: i for i, t in enumerate(terms)}
    X = np.zeros((len(arms), len(terms)))
    for r, (c, k, g) in enumerate(arms):
        X[r, 0] = 1.0
        X[r, index[("channel", c)]] = 1.0
        if ("creative", f"{c}|{k}") in index:
            X[r, index[("creative", f"{c}|{k}")]] = 1.0
        if g:
            X[r, index[("segment", g)]] = 1.0
        if feats and g:
            f = feats.vector(g)
            for j, name in enumerate(fnames):
                X[r, index[("feature", name)]] = f[j]
                if ("channel_feature", f"{c}:{name}") in index:
                    X[r, index[("channel_feature", f"{c}:{name}")]] = f[j]
    sd = np.array([PRIOR_SD["segment_alone" if kind == "segment" and not fnames else kind] for kind, _ in terms])
    return X, [f"{kind}:{name}" if kind != "intercept" else "intercept" for kind, name in terms], sd


def _laplace(Z: np.ndarray, x: np.ndarray, v: np.ndarray, phi: float, prior_mean: np.ndarray,
             prior_sd: np.ndarray, iters: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """MAP of the log-linear quasi-Poisson model v ~ x * exp(Z b) with a N(prior_mean, prior_sd^2) prior,
    and the posterior covariance (inverse Hessian) there."""
    P = 1.0 / prior_sd ** 2
    b = prior_mean.copy()

    def objective(b_: np.ndarray) -> float:
        eta = np.clip(Z @ b_, -50, 50)
        return float((v @ eta - x @ np.exp(eta)) / phi - 0.5 * np.sum(P * (b_ - prior_mean) ** 2))

    cur = objective(b)
    H = np.diag(P)
    for _ in range(iters):
        mu = x * np.exp(np.clip(Z @ b, -50, 50))
        g = Z.T @ (v - mu) / phi - P * (b - prior_mean)
        H = (Z.T * mu) @ Z / phi + np.diag(P)
        step = np.linalg.solve(H, g)
        t = 1.0
        while t > 1e-6:  # backtracking: never accept a step that lowers the posterior
            new = objective(b + t * step)
            if new >= cur - 1e-12:
                break
            t /= 2
        b = b + t * step
        done = abs(new - cur) < 1e-9 * (1 + abs(cur))
        cur = new
        if done:
            break
    mu = x * np.exp(np.clip(Z @ b, -50, 50))
    H = (Z.T * mu) @ Z / phi + np.diag(P)
    return b, np.linalg.inv(H)


def fit_contextual(history: History, base: ValueModel, feats: SegmentFeatures | None = None) -> ValueModel:
    """A ValueModel whose arms are ContextArms (plus cold-start arms for featured segments without history).
    `base` is the hierarchical fit of the same history and weights: its lag, saturation and dispersion are kept."""
    rows = history.rows
    v = weighted_value(rows, base.weights)
    s = rows["spend"].to_numpy(float)
    arm_of = rows["arm"].to_numpy()
    x = exposure(s, rows["age"].to_numpy(float), arm_of, base.saturation, (base.lag_shape, base.lag_mean))
    seen = {a.arm: a for a in base.arms}
    arms = sorted({(a.channel, a.creative, a.segment) for a in base.arms})
    saturation = dict(base.saturation)
    if feats:
        unknown = sorted({a.segment for a in base.arms if a.segment and a.segment not in feats.rows})
        if unknown:
            raise InputError(f"segments: segment {unknown[0]!r} of the history has no row in the segments file.")
        for c, k in sorted({(c, k) for c, k, _ in arms}):
            ks = [saturation[arm_key(c, k, g)] for c2, k2, g in arms if (c2, k2) == (c, k)]
            for g in feats.rows:
                if (c, k, g) not in arms:  # cold start: a featured segment this arm has not reached yet
                    arms.append((c, k, g))
                    saturation[arm_key(c, k, g)] = float(np.median(ks))
        arms.sort()
    X, terms, sd = _design(arms, feats)
    row_of = {arm_key(*a): i for i, a in enumerate(arms)}
    Z = X[[row_of[a] for a in arm_of]]
    prior_mean = np.zeros(len(terms))
    prior_mean[0] = math.log(max(base.global_rate, 1e-12))
    b, cov = _laplace(Z, x, v, base.dispersion, prior_mean, sd)
    mu_log = X @ b
    sd_log = np.sqrt(np.clip(np.einsum("ij,jk,ik->i", X, cov, X), 1e-12, None))
    out: list[ArmPosterior] = []
    for i, (c, k, g) in enumerate(arms):
        key = arm_key(c, k, g)
        a = seen.get(key)
        effects = {t: round(float(X[i, j] * b[j]), 4) for j, t in enumerate(terms)
                   if X[i, j] != 0 and t != "intercept" and abs(X[i, j] * b[j]) >= 0.01}
        mean = math.exp(mu_log[i] + sd_log[i] ** 2 / 2)
        shape = 1.0 / max(math.expm1(sd_log[i] ** 2), 1e-9)  # moment-matched Gamma (used for the plan's seed)
        out.append(ContextArm(
            arm=key, channel=c, creative=k, shape=shape, rate=shape / mean,
            periods=a.periods if a else 0, spend=a.spend if a else 0.0, value=a.value if a else 0.0,
            exposure=a.exposure if a else 0.0, max_spend=a.max_spend if a else 0.0,
            last_spend=a.last_spend if a else 0.0, counts=a.counts if a else {}, segment=g,
            mu_log=float(mu_log[i]), sd_log=float(sd_log[i]), effects=effects))

    def sampler(rng: np.random.Generator, draws: int) -> np.ndarray:
        L = np.linalg.cholesky(cov + 1e-12 * np.eye(len(b)))
        coef = b + rng.standard_normal((draws, len(b))) @ L.T
        return np.exp(np.clip(coef @ X.T, -50, 50))

    return ValueModel(base.weights, out, saturation, base.lag_shape, base.lag_mean, base.dispersion,
                      base.global_rate, base.channel_mean, base.period_spend, learner="contextual", sampler=sampler)
