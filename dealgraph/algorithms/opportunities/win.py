"""Win probability over time: P(won | stage reached, pace so far, amount), re-estimated at each stage entry.

Learned from opportunities closed before as-of: every stage a closed opportunity entered gives
one example (what we knew at that entry, and whether it was finally won). Numeric x_* columns
(graph mode: industry, no decision maker engaged) are covariates too. With fewer than 10
won and 10 lost, the estimate is the smoothed win rate of the stage alone (and says so).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .history import Episode, default_as_of, episodes
from .survival import Typical


@dataclass
class WinResult:
    rows: pd.DataFrame  # opportunity_id, stage, at, win_probability
    current: dict[str, float]  # open opportunity -> latest probability
    method: str


def _features(e: Episode, typical: Typical, stages: list[str], mu: float, sd: float,
              extras: list[str]) -> list[float]:
    miss = math.isnan(e.amount)
    x = e.extra or {}
    return ([float(e.stage == s) for s in stages] + [min(e.stage_index, 6) / 3,
            math.log((e.prior_days + 7) / (7 + typical.pooled * e.stage_index)),
            0.0 if miss else (math.log1p(e.amount) - mu) / sd, float(miss)] + [float(x.get(c, 0.0)) for c in extras])


@dataclass
class WinModel:
    """P(won) for a stage stay, learned from the closed opportunities known at as-of. The x_* covariates
    (from the graph: industry, no decision maker engaged) enter as they are, so a sandbox can change them."""
    predict: Callable[[Episode], float]
    method: str
    episodes: list[Episode]
    extras: list[str]


def fit_win(hist: pd.DataFrame, as_of: pd.Timestamp) -> WinModel:
    eps = episodes(hist, as_of)
    typical = Typical.fit(eps, as_of)
    closed = [e for e in eps if e.outcome in ("won", "lost")]
    stages = sorted({e.stage for e in eps})
    extras = sorted({c for e in eps for c in (e.extra or {})})
    la = np.log1p([e.amount for e in eps if not math.isnan(e.amount)] or [0.0])
    mu, sd = float(la.mean()), float(la.std() or 1.0)
    y = np.array([e.outcome == "won" for e in closed], int)
    n_won, n_lost = int(y.sum()), int(len(y) - y.sum())
    if min(n_won, n_lost) >= 10:
        from sklearn.linear_model import LogisticRegression

        X = np.array([_features(e, typical, stages, mu, sd, extras) for e in closed])
        lr = LogisticRegression(C=0.5, max_iter=2000).fit(X, y)

        def predict(e: Episode) -> float:
            return float(lr.predict_proba(np.array([_features(e, typical, stages, mu, sd, extras)]))[0, 1])
        covs = f", {', '.join(c[2:] for c in extras)}" if extras else ""
        method = f"logistic regression on stage, position, pace, amount{covs} ({n_won} won / {n_lost} lost)"
    else:
        base = (n_won + 1) / (n_won + n_lost + 2)
        rate = {}
        for st in stages:
            ys = [e.outcome == "won" for e in closed if e.stage == st]
            rate[st] = (sum(ys) + 2 * base) / (len(ys) + 2)

        def predict(e: Episode) -> float:
            return float(rate.get(e.stage, base))
        method = f"smoothed win rate per stage (only {n_won} won / {n_lost} lost closed before as-of)"
    return WinModel(predict, method, eps, extras)


def win_timeline(hist: pd.DataFrame, as_of: pd.Timestamp | None = None) -> WinResult:
    as_of = pd.Timestamp(as_of) if as_of is not None else default_as_of(hist)
    model = fit_win(hist, as_of)
    rows, current = [], {}
    for e in model.episodes:
        if e.outcome is not None:
            continue
        p = round(model.predict(e), 4)
        rows.append({"opportunity_id": e.opportunity_id, "stage": e.stage, "at": e.start.strftime("%Y-%m-%d"),
                     "win_probability": p})
        current[e.opportunity_id] = p
    return WinResult(pd.DataFrame(rows, columns=["opportunity_id", "stage", "at", "win_probability"]), current,
                     model.method)
