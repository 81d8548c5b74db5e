"""A market shock shared by every open deal: one shift of the log-odds of a win per simulation draw.

Independent deals cannot produce the spread of a whole pipeline's wins when a market phase, a quarter's
budgets or a drifting win rate moves every deal at once: their coin flips average out, a shared shift does
not. Its variance tau^2 is a random-effects estimate from earlier forecasts over whole horizons whose outcomes
were known by as-of: how far their realised wins strayed from what they expected beyond what the coin flips
(binomial) and the uncertainty of the fitted curves (bootstrap replicates) explain, in log-odds units (a
shift eps moves a pipeline's expected wins by about eps * sum p(1 - p)). A steady history estimates about 0
and keeps its independent-deal ranges; a prior keeps the shift modest when there are few earlier horizons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Prior on tau^2: worth PRIOR_WINDOWS earlier horizons at a shift of PRIOR_TAU in log-odds (the odds of a win
# about 10 % up or down from one horizon to the next: an ordinary market). Chosen from that statement, not from
# any backtest.
PRIOR_WINDOWS = 2.0
PRIOR_TAU = 0.1
CHI2_1_MEDIAN = 0.4549  # median of a squared standard normal


@dataclass(frozen=True)
class Shock:
    """The shared log-odds shift: variance tau2 (posterior mean), from `evidence` independent earlier horizons."""
    tau2: float = 0.0
    evidence: float = 0.0

    def draw(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        """Log-odds shifts, one per draw."""
        if self.tau2 <= 0:
            return np.zeros(shape)
        return rng.standard_normal(shape) * np.sqrt(self.tau2)


def shifted(p: np.ndarray, eps: np.ndarray) -> np.ndarray:
    """p with its odds multiplied by exp(eps) (broadcast)."""
    e = np.exp(eps)
    return p * e / (1 - p + p * e)


def window_moments(p_rep: np.ndarray, won: int) -> tuple[float, float, float]:
    """One earlier forecast's evidence: (squared error of its wins, their variance without a shift: binomial
    plus bootstrap, the squared sensitivity of its expected wins to a log-odds shift). p_rep: (open,
    replicates) chances of a win within that forecast's horizon."""
    per_rep = p_rep.sum(axis=0)
    binomial = float((p_rep * (1 - p_rep)).sum(axis=0).mean())
    return (won - float(per_rep.mean())) ** 2, binomial + float(per_rep.var()), binomial ** 2


def estimate(moments: list[tuple[float, float, float]], evidence: float) -> Shock:
    """tau^2 that makes the median of the earlier forecasts' squared errors over their variance with the shift
    (v0 + d2 * tau^2) the median of a squared normal (0 when they erred less than that without a shift), then
    shrunk toward the prior by `evidence` (the earlier forecasts' worth in independent windows). A median, not
    a mean: one wild window (a forecast from a young history that had hardly learnt yet) cannot set the size
    of the market's swings alone."""
    tau2_hat = 0.0
    if moments:
        e2, v0, d2 = (np.array(x, float) for x in zip(*moments))

        def excess(tau2: float) -> bool:
            return float(np.median(e2 / np.maximum(v0 + d2 * tau2, 1e-9))) > CHI2_1_MEDIAN

        if excess(0.0):
            lo, hi = 0.0, 1.0
            while excess(hi) and hi < 1e4:
                hi *= 4
            for _ in range(40):
                lo, hi = ((lo + hi) / 2, hi) if excess((lo + hi) / 2) else (lo, (lo + hi) / 2)
            tau2_hat = lo
    return Shock((PRIOR_WINDOWS * PRIOR_TAU ** 2 + evidence * tau2_hat) / (PRIOR_WINDOWS + evidence), evidence)
