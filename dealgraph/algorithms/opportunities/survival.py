"""Stage-duration survival: Kaplan-Meier typical durations and a discrete-time hazard model.

Why discrete-time hazard: it uses every stay, finished or still running (censored), and gives
P(stage still open at day t | covariates); the overrun risk of a stage that has already lasted
e days is then 1 - S(due | x) / S(e | x), i.e. conditional on the time already spent.
The hazard per time bin is a logistic regression on (time bin, stage, covariates).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .history import Episode

EDGES = np.array([0, 7, 14, 21, 30, 45, 60, 75, 90, 120, 150, 180, 240, 300, 365, 540, 730, 1095], float)
MIN_STAGE_EPISODES = 5


def kaplan_meier_median(durations: np.ndarray, observed: np.ndarray) -> float | None:
    """Median of a right-censored sample (None if the curve never drops to 0.5)."""
    order = np.argsort(durations, kind="stable")
    d, o = durations[order], observed[order]
    s, n = 1.0, len(d)
    for i, (t, ev) in enumerate(zip(d, o)):
        if ev:
            s *= 1 - 1 / (n - i)
            if s <= 0.5:
                return float(t)
    return None


@dataclass
class Typical:
    """Typical (KM median) days per stage, with the pooled median for rare stages."""
    by_stage: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    pooled: float = 30.0

    @classmethod
    def fit(cls, eps: list[Episode], as_of: pd.Timestamp) -> Typical:
        dur, obs, stages = _durations(eps, as_of)
        t = cls()
        if len(dur):
            t.pooled = kaplan_meier_median(dur, obs) or float(np.max(dur))
        for st in set(stages):
            m = np.array([s == st for s in stages])
            t.counts[st] = int(obs[m].sum())
            if t.counts[st] >= MIN_STAGE_EPISODES:
                med = kaplan_meier_median(dur[m], obs[m])
                if med is not None:
                    t.by_stage[st] = max(1.0, med)
        return t

    def days(self, stage: str) -> float:
        return self.by_stage.get(stage, max(1.0, self.pooled))

    def rule(self, stage: str) -> str:
        if stage in self.by_stage:
            return (f"due = entry + {self.by_stage[stage]:.0f} d, the Kaplan-Meier median stay in {stage!r} "
                    f"over {self.counts.get(stage, 0)} finished stays")
        return (f"due = entry + {max(1.0, self.pooled):.0f} d, the median stay over all stages "
                f"({stage!r} has fewer than {MIN_STAGE_EPISODES} finished stays)")


def _durations(eps: list[Episode], as_of: pd.Timestamp) -> tuple[np.ndarray, np.ndarray, list[str]]:
    dur, obs, stages = [], [], []
    for e in eps:
        end = e.end if e.end is not None else as_of
        dur.append(max(0.0, (end - e.start).days))
        obs.append(e.end is not None)
        stages.append(e.stage)
    return np.array(dur, float), np.array(obs, bool), stages


def due_days(e: Episode, typical: Typical) -> float:
    return float((e.due - e.start).days) if e.due is not None else typical.days(e.stage)


@dataclass
class Covariates:
    """Per-episode features fixed at stage entry (all known at that time)."""
    stages: list[str]
    owners: list[str]
    amount_mu: float
    amount_sd: float
    extras: list[str] = field(default_factory=list)

    @classmethod
    def fit(cls, eps: list[Episode], typical: Typical) -> Covariates:
        counts = pd.Series([e.stage for e in eps]).value_counts()
        owners = pd.Series([e.owner for e in eps if e.owner]).value_counts()
        la = np.log1p([e.amount for e in eps if not math.isnan(e.amount)] or [0.0])
        extras = sorted({k for e in eps for k in (e.extra or {})})
        return cls([s for s, n in counts.items() if n >= MIN_STAGE_EPISODES],
                   [o for o, n in owners.items() if n >= 8][:30], float(np.mean(la)), float(np.std(la) or 1.0),
                   extras)

    def names(self) -> list[str]:
        return ([f"stage={s}" for s in self.stages] + [f"owner={o}" for o in self.owners]
                + ["amount", "amount missing", "earlier stages' pace", "stage position", "plan tightness"]
                + self.extras)

    def row(self, e: Episode, typical: Typical, stage_days_before: float) -> np.ndarray:
        v = [float(e.stage == s) for s in self.stages] + [float(e.owner == o) for o in self.owners]
        miss = math.isnan(e.amount)
        v += [0.0 if miss else (math.log1p(e.amount) - self.amount_mu) / self.amount_sd, float(miss)]
        # > 0: the opportunity took longer than typical in its earlier stages.
        v.append(math.log((e.prior_days + 7) / (stage_days_before + 7)) if e.stage_index else 0.0)
        v.append(min(e.stage_index, 6) / 3)
        # > 0: the due date allows less time than this stage typically takes.
        v.append(math.log(typical.days(e.stage) / max(1.0, due_days(e, typical))))
        v += [float((e.extra or {}).get(k, 0.0)) for k in self.extras]
        return np.array(v)


def _bin_of(t: float) -> int:
    return int(min(np.searchsorted(EDGES, t, side="right") - 1, len(EDGES) - 1))


def _width(k: int) -> float:
    return float(EDGES[k + 1] - EDGES[k]) if k + 1 < len(EDGES) else 365.0


@dataclass
class HazardModel:
    typical: Typical
    cov: Covariates
    coef_bins: np.ndarray
    coef_cov: np.ndarray
    intercept: float
    cov_mean: np.ndarray
    stage_orders: dict[str, float]
    threshold: float = 0.5
    n_episodes: int = 0
    n_finished: int = 0
    fit_f1: float = 0.0
    kind: str = "discrete-time hazard (logistic on time bins + covariates)"

    def features(self, e: Episode) -> np.ndarray:
        return self.cov.row(e, self.typical, self._before(e))

    def _before(self, e: Episode) -> float:
        # sum of typical days of the stages that usually precede this one
        pos = self.stage_orders.get(e.stage, e.stage_index)
        return sum(self.typical.days(s) for s, p in self.stage_orders.items() if p < pos) or 7.0 * e.stage_index

    def survival(self, x: np.ndarray, t: float) -> float:
        """S(t | x): probability the stay lasts longer than t days."""
        lin = self.intercept + float(self.coef_cov @ x)
        s, k = 1.0, 0
        while k < len(EDGES):
            h = 1 / (1 + math.exp(-(lin + self.coef_bins[k])))
            lo, w = EDGES[k], _width(k)
            if t < lo + w:
                return s * (1 - h) ** ((t - lo) / w)
            s *= 1 - h
            k += 1
        return s

    def p_overrun(self, e: Episode, elapsed: float) -> float:
        d = due_days(e, self.typical)
        if elapsed >= d:
            return 1.0
        x = self.features(e)
        s_e = self.survival(x, elapsed)
        return float(0.0 if s_e <= 0 else min(1.0, self.survival(x, d) / s_e))

    def contributions(self, e: Episode) -> list[tuple[str, float]]:
        """Per covariate, its push on the overrun risk (> 0 raises it): a faster exit hazard lowers risk."""
        x = self.features(e)
        c = -self.coef_cov * (x - self.cov_mean)
        return sorted(zip(self.cov.names(), c), key=lambda kv: -abs(kv[1]))


def fit_hazard(eps: list[Episode], as_of: pd.Timestamp, C: float = 1.0) -> HazardModel:
    """Person-period logistic regression; censored partial bins count with their observed fraction."""
    from sklearn.linear_model import LogisticRegression

    typical = Typical.fit(eps, as_of)
    cov = Covariates.fit(eps, typical)
    orders = pd.DataFrame([(e.stage, e.stage_index) for e in eps], columns=["s", "i"]).groupby("s")["i"].mean()
    model = HazardModel(typical, cov, np.zeros(len(EDGES)), np.zeros(len(cov.names())), 0.0,
                        np.zeros(len(cov.names())), orders.to_dict())
    rows, bins, ys, ws = [], [], [], []
    for e in eps:
        x = model.features(e)
        end = e.end if e.end is not None else as_of
        T = max(0.0, (end - e.start).days)
        last = _bin_of(T)
        for k in range(last + 1):
            if k < last:
                rows.append(x), bins.append(k), ys.append(0), ws.append(1.0)
            elif e.end is not None:
                rows.append(x), bins.append(k), ys.append(1), ws.append(1.0)
            else:
                frac = (T - EDGES[k]) / _width(k)
                if frac > 0:
                    rows.append(x), bins.append(k), ys.append(0), ws.append(frac)
    if not rows or len(set(ys)) < 2:
        from ...errors import InputError

        raise InputError("the history has no finished stage stays before --as-of, so stage durations "
                         "cannot be learned; use a later --as-of or a longer history.")
    X = np.asarray(rows)
    B = np.zeros((len(bins), len(EDGES)))
    B[np.arange(len(bins)), bins] = 1
    lr = LogisticRegression(C=C, max_iter=2000)
    lr.fit(np.hstack([B, X]), np.asarray(ys), sample_weight=np.asarray(ws))
    coef = lr.coef_[0]
    model.coef_bins, model.coef_cov, model.intercept = coef[:len(EDGES)], coef[len(EDGES):], float(lr.intercept_[0])
    # Bins never reached in training borrow the last learned hazard (a flat tail), not an untrained 0.
    seen = sorted(set(bins))
    for k in range(len(EDGES)):
        if k not in seen:
            prev = [s for s in seen if s < k]
            model.coef_bins[k] = model.coef_bins[prev[-1]] if prev else model.coef_bins[seen[0]]
    model.cov_mean = X.mean(axis=0)
    model.n_episodes, model.n_finished = len(eps), sum(e.end is not None for e in eps)
    model.threshold = _tune_threshold(model, eps)
    return model


def _tune_threshold(model: HazardModel, eps: list[Episode], horizon: float = 30.0) -> float:
    t, f = tune_threshold(model, eps, horizon)
    model.fit_f1 = f
    return t


def tune_threshold(model: HazardModel, eps: list[Episode], horizon: float = 30.0,
                   min_precision: float = 0.62) -> tuple[float, float]:
    """Operating point for warnings issued >= `horizon` days before due, chosen on finished stays:
    the highest recall whose precision stays >= min_precision, else the best F1. Returns (threshold, F1)."""
    ps, ys = [], []
    for e in eps:
        if e.end is None:
            continue
        d = due_days(e, model.typical)
        T = (e.end - e.start).days
        for frac in (0.0, 0.5, 1.0):
            landmark = frac * (d - horizon)
            if d - horizon < 0 or T <= landmark:
                continue  # finished before the warning point: nothing to warn about
            ps.append(model.p_overrun(e, landmark))
            ys.append(T > d)
    if len(ys) < 10 or len(set(ys)) < 2:
        return 0.5, 0.0
    ps_a, ys_a = np.array(ps), np.array(ys)
    cands = []
    for t in np.linspace(0.15, 0.85, 29):
        w = ps_a >= t
        tp = int((w & ys_a).sum())
        if not w.any() or tp == 0:
            continue
        prec, rec = tp / w.sum(), tp / ys_a.sum()
        cands.append((float(t), prec, rec, 2 * prec * rec / (prec + rec)))
    if not cands:
        return 0.5, 0.0
    ok = [c for c in cands if c[1] >= min_precision]
    best = max(ok, key=lambda c: (c[2], c[0])) if ok else max(cands, key=lambda c: c[3])
    return best[0], best[3]


@dataclass
class AFTModel(HazardModel):
    """Log-normal accelerated failure time: log(days + 1) = x.beta + sigma * e, censored stays included.

    Why offered beside the hazard model: deal pace is usually multiplicative (a slow owner or a big
    deal stretches every stage by a factor), which is exactly the AFT form.
    """
    sigma: float = 1.0
    kind: str = "log-normal accelerated failure time (censored MLE)"

    def survival(self, x: np.ndarray, t: float) -> float:
        from scipy.stats import norm

        mu = self.intercept + float(self.coef_cov @ x)
        return float(norm.sf((math.log(t + 1) - mu) / self.sigma))

    def contributions(self, e: Episode) -> list[tuple[str, float]]:
        x = self.features(e)
        c = self.coef_cov * (x - self.cov_mean) / self.sigma  # longer expected stay raises the risk
        return sorted(zip(self.cov.names(), c), key=lambda kv: -abs(kv[1]))


def fit_aft(eps: list[Episode], as_of: pd.Timestamp, ridge: float = 1.0) -> AFTModel:
    from scipy.optimize import minimize
    from scipy.stats import norm

    typical = Typical.fit(eps, as_of)
    cov = Covariates.fit(eps, typical)
    orders = pd.DataFrame([(e.stage, e.stage_index) for e in eps], columns=["s", "i"]).groupby("s")["i"].mean()
    model = AFTModel(typical, cov, np.zeros(len(EDGES)), np.zeros(len(cov.names())), 0.0,
                     np.zeros(len(cov.names())), orders.to_dict())
    X = np.array([model.features(e) for e in eps])
    dur, obs, _ = _durations(eps, as_of)
    if not obs.any():
        from ...errors import InputError

        raise InputError("the history has no finished stage stays before --as-of, so stage durations "
                         "cannot be learned; use a later --as-of or a longer history.")
    y = np.log(dur + 1)
    _n, k = X.shape

    def nll(theta: np.ndarray) -> tuple[float, np.ndarray]:
        b0, beta, log_s = theta[0], theta[1:k + 1], theta[-1]
        s = math.exp(log_s)
        z = np.clip((y - b0 - X @ beta) / s, -40, 40)  # keep tails finite while the optimiser explores
        ll_obs = norm.logpdf(z) - log_s
        ll_cen = norm.logsf(z)
        ll = np.where(obs, ll_obs, ll_cen)
        # gradients of -ll w.r.t. z: observed: z; censored: -pdf/sf (inverse Mills ratio)
        mills = np.exp(norm.logpdf(z) - norm.logsf(z))
        dz = np.where(obs, z, mills)
        g_mu = -dz / s  # d(-ll)/d mu = d(-ll)/dz * dz/dmu, dz/dmu = -1/s
        g_b0 = g_mu.sum()
        g_beta = X.T @ g_mu + 2 * ridge * beta
        g_logs = float(np.sum(np.where(obs, 1 - z * z, mills * z * -1)))  # d(-ll)/dlog s
        f = -float(ll.sum()) + ridge * float(beta @ beta)
        return f, np.concatenate([[g_b0], g_beta, [g_logs]])

    theta0 = np.concatenate([[y[obs].mean() if obs.any() else y.mean()], np.zeros(k), [math.log(y.std() or 1.0)]])
    res = minimize(nll, theta0, jac=True, method="L-BFGS-B")
    th = res.x
    model.intercept, model.coef_cov, model.sigma = float(th[0]), th[1:k + 1], float(math.exp(th[-1]))
    model.cov_mean = X.mean(axis=0)
    model.n_episodes, model.n_finished = len(eps), int(obs.sum())
    model.threshold = _tune_threshold(model, eps)
    return model
