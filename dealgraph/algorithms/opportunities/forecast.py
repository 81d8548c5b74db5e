"""Pipeline forecast: how many of the opportunities open at as-of are won within a horizon, and for how much.

Model (per open opportunity): the cumulative incidence of "won by day d", learned from every past stay
in the same stage that had already lasted as long as this one (Aalen-Johansen with won / lost as competing
events; stays of still-open opportunities count as censored, so long-running deals are not forgotten).
Conditioning on the time already spent is what makes a stale deal less likely to close soon.

Honest ranges: Monte Carlo draws whether and when each opportunity is won; draws are grouped into
Bayesian-bootstrap replicates of the history (each past opportunity weighted by an Exp(1) draw), so
the spread includes how little history backs each estimate, not only the coin flips of each deal. Each
draw also shifts the odds of a win of every open deal at once (shared_shock): a market phase or a drifting
win rate moves the whole pipeline, which independent deals cannot show. The size of that shift is learned
from how earlier forecasts of the same history erred (outcomes known by as-of; _calibration).
Known limitation: a history whose wins vary less than independent deals would (a steady, rule-bound world)
keeps the independent-deal ranges, a little too wide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.sparse import csc_matrix

from ...errors import InputError
from .history import default_as_of
from .pipeline_cut import WON, Cut, Rows, actual_won, cut, naive_pipeline, rows, to_days
from .shared_shock import PRIOR_TAU, PRIOR_WINDOWS, Shock, shifted, window_moments
from .shared_shock import estimate as estimate_shock

ELAPSED_EDGES = np.array([0, 7, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365, 540], float)
KERNEL_BANDWIDTH = 0.75  # in standard deviations of log amount / log pace
MIN_REFERENCES = 20  # fewer past stays than this in a stage: borrow from stays at the same step of their deal
LONG_DAYS = 730  # how far ahead the per-opportunity expected close is looked for
QUANTILES = (10, 50, 90)
# Earlier forecasts of the same history (outcomes known by as-of) that size the shared shock: origins every
# third of the horizon back to INNER_CUTS thirds (over five horizons), so the errors span more than one phase.
INNER_CUTS = 16
INNER_REPLICATES = 10  # bootstrap replicates of an earlier forecast: the spread of its expected wins
INDUSTRY_COLUMNS = ("industry", "行业", "所属行业", "segment", "vertical")


def _pct(values: np.ndarray, count: bool = False) -> dict[str, float]:
    """P10/P50/P90 of the draws. count: a number of deals is a whole number, so the range is given as the whole
    numbers within the interpolated P10-P90 (read inclusively they hold what it holds, about 80 %: rounding
    P10 down and P90 up, or the discrete quantiles, would hold one more value's share, up to 10 % more on a
    small count) and the median rounded."""
    q = np.percentile(values, QUANTILES)
    if count:
        lo, mid, hi = np.ceil(q[0] - 1e-9), np.round(q[1]), np.floor(q[2] + 1e-9)
        if lo > hi:  # no whole number inside a narrow range: the nearest ones around it
            lo, hi = np.floor(q[0]), np.ceil(q[2])
        return {"p10": float(lo), "p50": float(min(max(mid, lo), hi)), "p90": float(hi)}
    return {f"p{k}": round(float(v), 2) for k, v in zip(QUANTILES, q)}


@dataclass(frozen=True)
class Calibration:
    """What the earlier forecasts of the same history taught: the market shift shared by every open deal
    (drawn inside the Monte Carlo), from `cuts` earlier forecasts worth `evidence` independent ones
    (overlapping windows count less)."""
    shock: Shock = field(default_factory=Shock)
    cuts: int = 0
    evidence: float = 0.0


@dataclass
class Forecast:
    as_of: pd.Timestamp
    horizon_days: int
    open_opportunities: int
    won_count: dict
    won_amount: dict
    expected_won_amount: float
    by_month: list[dict]
    by_owner: list[dict]
    by_industry: list[dict]
    uncertain: list[dict]  # the opportunities carrying most of the variance of the won amount
    cumulative: list[dict]  # fan chart: day offset -> p10/p50/p90 of cumulative won amount
    per_opportunity: pd.DataFrame  # opportunity_id, p_win_in_horizon, expected_close, amount (+ stage, owner)
    method: str
    draws: int
    notes: list[str] = field(default_factory=list)
    spread: Calibration | None = None  # the shared shock learned from earlier forecasts (reused by a sandbox)

    def summary(self) -> dict:
        return {"as_of": self.as_of.strftime("%Y-%m-%d"), "horizon_days": self.horizon_days,
                "open_opportunities": self.open_opportunities, "won_count": self.won_count,
                "won_amount": self.won_amount, "expected_won_amount": round(self.expected_won_amount, 2),
                "by_month": self.by_month, "by_owner": self.by_owner, "by_industry": self.by_industry,
                "most_uncertain": self.uncertain, "cumulative": self.cumulative, "method": self.method,
                "draws": self.draws, "notes": self.notes}


@dataclass
class _Stays:
    """Every stage stay known at as-of, as arrays: the reference sets for the incidence curves."""
    stage: np.ndarray
    stay: np.ndarray  # days in the stage (to its end, or to as-of if still there)
    close: np.ndarray  # days from the stay's start to the opportunity's close (or to as-of: censored)
    kind: np.ndarray  # 1 won, 2 lost, 0 still open at as-of
    opp: np.ndarray  # index of the opportunity, for bootstrap weights
    step: np.ndarray  # position of the stay in its opportunity (0: first stage)
    n_opps: int
    z: np.ndarray  # standardised log amount as it stood when the stay began (NaN: none recorded yet)
    pace: np.ndarray  # standardised log days spent before this stage vs the usual (NaN: first stage)


def _stays(c: Cut) -> _Stays:
    end = np.where(np.isnan(c.end), c.as_of, c.end)
    closed = c.closed_at[c.opp]
    close = np.where(np.isnan(closed), c.as_of, closed) - c.start
    kind = np.where(np.isnan(closed), 0, c.outcome[c.opp])
    pooled = c.pooled_typical_days()
    pace = np.where(c.stage_index > 0, (c.prior_days + 7) / (7 + pooled * np.maximum(c.stage_index, 1)), np.nan)
    return _Stays(c.stage, np.maximum(0, end - c.start), np.maximum(0, close), kind.astype(int), c.opp,
                  c.stage_index, len(c.ids),
                  _standardise(c.amount[c.opp] if c.stay_amount is None else c.stay_amount), _standardise(pace))


BUCKETS = np.arange(-2.5, 2.51, 0.5)  # amount / pace buckets (standard deviations); index len(BUCKETS): unknown
_CENTRES = np.r_[BUCKETS, np.nan]


def _bucket_kernel(bandwidth: float) -> np.ndarray:
    """Kernel between buckets; unknown on either side weighs 1 (no information to weigh by)."""
    with np.errstate(invalid="ignore"):
        return np.nan_to_num(np.exp(-0.5 * ((_CENTRES[:, None] - _CENTRES[None, :]) / bandwidth) ** 2), nan=1.0)


_KERNEL = _bucket_kernel(KERNEL_BANDWIDTH)
# The neighbourhood of the small weight every kernel keeps (see _Curves.kernel): twice as wide, so that a deal in
# the tail of the amounts borrows from the nearer side of the bulk rather than from its average.
_WIDE = _bucket_kernel(2 * KERNEL_BANDWIDTH)


def _bucket(z: np.ndarray) -> np.ndarray:
    """Index of the nearest bucket, len(BUCKETS) for NaN."""
    idx = np.clip(np.round((np.nan_to_num(z) + 2.5) * 2), 0, len(BUCKETS) - 1).astype(int)
    return np.where(np.isnan(z), len(BUCKETS), idx)


def _standardise(amount: np.ndarray) -> np.ndarray:
    la = np.log1p(np.where(amount > 0, amount, np.nan))
    ok = ~np.isnan(la)
    if ok.sum() < 2:
        return np.full(len(amount), np.nan)
    return (la - la[ok].mean()) / (la[ok].std() or 1.0)


def _incidence(won: np.ndarray, lost: np.ndarray, total: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Aalen-Johansen cumulative incidence of won and lost from weighted event sums per day (axis 0; the
    last day holds everything beyond). Extra axes are independent curves (groups, replicates)."""
    at_risk = total[::-1].cumsum(axis=0)[::-1]
    zero = np.zeros_like(won)
    hw = np.divide(won, at_risk, out=zero.copy(), where=at_risk > 0)
    hl = np.divide(lost, at_risk, out=zero, where=at_risk > 0)
    surv = np.cumprod(1 - hw - hl, axis=0)
    before = np.concatenate([np.ones_like(surv[:1]), surv[:-1]])
    return np.cumsum(before * hw, axis=0), np.cumsum(before * hl, axis=0)


def cumulative_incidence(t: np.ndarray, kind: np.ndarray, w: np.ndarray, days: int) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative incidence of won (kind 1) and lost (kind 2) on days 0..days.

    t: days from the origin to the event or censoring (kind 0); w: weights. Day d counts events in (d-1, d].
    """
    d = np.minimum(np.ceil(t).astype(int), days + 1)
    n = days + 2
    cw, cl = _incidence(np.bincount(d, weights=w * (kind == 1), minlength=n),
                        np.bincount(d, weights=w * (kind == 2), minlength=n), np.bincount(d, weights=w, minlength=n))
    return cw[:days + 1], cl[:days + 1]


class _Curves:
    """Incidence curves for the open deals of one (stage, elapsed bucket) block, one per (amount, pace)
    kernel centre: point curves far ahead, and per bootstrap replicate up to the horizon."""

    def __init__(self, stays: _Stays):
        self.s = stays
        self.zb, self.pb = _bucket(stays.z), _bucket(stays.pace)
        self.by_stage = {st: np.flatnonzero(stays.stage == st) for st in set(stays.stage)}
        self.all = np.arange(len(stays.stage))

    def _thin_stage(self, stage: str) -> np.ndarray:
        """References for a stage with few past stays (new, renamed, or a young history): the stays at the
        step of their deal this stage usually is (a late stage is won like other late stages, not like the
        average stay, which is mostly early ones), widened to the nearest steps until there are enough."""
        own = self.by_stage.get(stage)
        if own is None or not len(own):
            return self.all
        gap = np.abs(self.s.step - int(np.median(self.s.step[own])))
        for width in range(int(gap.max()) + 1):
            near = np.flatnonzero(gap <= width)
            if len(near) >= MIN_REFERENCES:
                return near
        return self.all

    def refs(self, stage: str, elapsed: float) -> tuple[np.ndarray, float]:
        """Reference stays (indices) and the elapsed days they are conditioned on."""
        idx = self.by_stage.get(stage, self.all)
        if len(idx) < MIN_REFERENCES:
            idx = self._thin_stage(stage)
        stays = self.s.stay[idx]
        ok = stays > elapsed
        if ok.sum() < MIN_REFERENCES:  # a stay longer than most: condition on the longest well-backed time
            elapsed = float(np.sort(stays)[-MIN_REFERENCES]) - 1e-6 if len(stays) >= MIN_REFERENCES else 0.0
            ok = stays > elapsed
        return idx[ok], elapsed

    def kernel(self, refs: np.ndarray, centres: np.ndarray) -> np.ndarray:
        """(refs x centres) weight of each reference by how close its amount and its pace so far are to
        the centre's (bucket indices, 2 columns): big or slow deals are won (and lost) unlike small or
        brisk ones.

        Every centre also keeps a small weight worth MIN_REFERENCES stays in all, spread by a kernel twice as
        wide: where few past deals resemble the centre (a young history, a rare size), or none of them has been
        followed that many days yet, the day's hazard comes from the broader neighbourhood instead of from
        almost nobody (which would stop the curve early and under-forecast big, slow deals). Spread evenly over
        the stage (as before), it blended a rare big deal with the stage's average one, a small fast deal that
        wins more often, and forecast big deals' amounts too high."""
        nb = len(_KERNEL)
        cell = self.zb[refs] * nb + self.pb[refs]
        table = (_KERNEL[:, centres[:, 0]][:, None, :] * _KERNEL[:, centres[:, 1]][None, :, :]).reshape(nb * nb, -1)
        wide = (_WIDE[:, centres[:, 0]][:, None, :] * _WIDE[:, centres[:, 1]][None, :, :]).reshape(nb * nb, -1)
        mass = np.bincount(cell, minlength=nb * nb) @ wide
        return (table + wide * (MIN_REFERENCES / np.maximum(mass, 1e-12)))[cell]

    def _sums(self, refs: np.ndarray, elapsed: float, kern: np.ndarray, w: np.ndarray, days: int) -> np.ndarray:
        """(days + 2, outcome, centres, columns of w) kernel x w weight of the references by the day their
        stay's opportunity closed after elapsed (the last day: later or still open) and how (0 open, 1 won,
        2 lost). One sparse product: a (day, outcome, centre) x reference matrix holding the kernel weights
        times w (references x columns), so the reference x centre x column weights are never spelt out."""
        d = np.minimum(np.ceil(self.s.close[refs] - elapsed).astype(int), days + 1)
        key = d * 3 + self.s.kind[refs]
        n, m = kern.shape
        rows_ = (key[:, None] * m + np.arange(m)[None, :]).ravel()  # column-major order of a CSC matrix
        by_key = csc_matrix((kern.ravel(), rows_, np.arange(0, n * m + 1, m)), shape=(3 * (days + 2) * m, n))
        return np.asarray(by_key @ w).reshape(days + 2, 3, m, w.shape[1])

    def point(self, refs: np.ndarray, elapsed: float, kern: np.ndarray, days: int):
        """(days + 1, centres) won and lost incidence with the kernel weights alone."""
        sums = self._sums(refs, elapsed, kern, np.ones((len(refs), 1)), days)[..., 0]
        cw, cl = _incidence(sums[:, 1], sums[:, 2], sums.sum(axis=1))
        return cw[:days + 1], cl[:days + 1]

    def replicates(self, refs: np.ndarray, elapsed: float, kern: np.ndarray, rep_w: np.ndarray, days: int):
        """(days + 1, centres, replicates) won incidence, each replicate weighting the past opportunities by
        rep_w (n_opps x replicates)."""
        sums = self._sums(refs, elapsed, kern, rep_w[self.s.opp[refs]], days)
        cw, _ = _incidence(sums[:, 1], sums[:, 2], sums.sum(axis=1))
        return cw[:days + 1]


@dataclass
class _Run:
    """One Monte Carlo run: who is open, and the day each is won in each draw (H + 1: not within H)."""
    cut: Cut
    stays: _Stays
    open: np.ndarray  # indices of the open stays
    won_day: np.ndarray | None  # (open, draws) int16; None when only the moments were asked for
    p_win: np.ndarray
    expected_close_days: np.ndarray
    replicates: int
    p_rep: np.ndarray  # (open, replicates): chance of a win within the horizon under each replicate


def _simulate(hist: pd.DataFrame | Rows, as_of: pd.Timestamp, H: int, draws: int, replicates: int,
              rng: np.random.Generator, full: bool = True, win_factors: dict[str, float] | None = None,
              shock: Shock | None = None, c: Cut | None = None) -> _Run:
    """full=False: only the per-replicate win chances (p_rep), no draws, no point curves.
    win_factors: what-if multipliers of the chance of a win by stage ('*': every stage).
    shock: the shared market shift, one per draw; c: the cut at as-of when already taken."""
    c = c if c is not None else cut(hist, as_of)
    stays = _stays(c)
    if not (stays.kind == 1).any():
        raise InputError(f"the history has no won opportunity closed by {as_of:%Y-%m-%d}, so there is nothing to "
                         "learn how deals are won from; use a later --as-of or a longer history.")
    open_ = c.open_stays
    n = len(open_)
    curves = _Curves(stays)
    # Open deals share a curve when they share (stage, elapsed bucket) and (amount, pace) bucket.
    lo = np.searchsorted(ELAPSED_EDGES, stays.stay[open_], side="right") - 1
    stage_code, stage_names = pd.factorize(stays.stage[open_])
    keys = np.stack([stage_code, lo, curves.zb[open_], curves.pb[open_]], axis=1) if n else np.zeros((0, 4), int)
    uniq, group_of = np.unique(keys, axis=0, return_inverse=True)
    group_of = group_of.ravel()
    replicates = max(1, min(replicates, draws))
    per_rep = int(np.ceil(draws / replicates))
    draws = per_rep * replicates
    rep_w = rng.exponential(1.0, (stays.n_opps, replicates))
    g_rep = np.zeros((len(uniq), H + 1, replicates))  # each group's won incidence per replicate
    g_win, g_expected = np.zeros(len(uniq)), np.full(len(uniq), np.nan)
    block_keys = uniq[:, :2]
    for bk in np.unique(block_keys, axis=0):
        in_block = np.flatnonzero((block_keys == bk).all(axis=1))
        refs, el = curves.refs(stage_names[bk[0]], float(ELAPSED_EDGES[bk[1]]))
        kern = curves.kernel(refs, uniq[in_block, 2:])
        factor = (win_factors or {}).get(stage_names[bk[0]], (win_factors or {}).get("*", 1.0))
        g_rep[in_block] = np.minimum(1.0, curves.replicates(refs, el, kern, rep_w, H) * factor).transpose(1, 0, 2)
        if full:
            cw, cl = curves.point(refs, el, kern, max(H, LONG_DAYS))
            cw = np.minimum(1.0, cw * factor)
            total = np.minimum(1.0, cw + cl)
            g_win[in_block] = cw[H]
            half = np.array([np.searchsorted(total[:, j], total[-1, j] / 2) for j in range(len(in_block))], float)
            g_expected[in_block] = np.where(total[-1] > 0, half, np.nan)
    p_rep = g_rep[group_of, H]
    eps = (shock or Shock()).draw((replicates, per_rep), rng) if full else None
    won_day = _won_days(g_rep, group_of, per_rep, rng, eps) if full else None
    p_win, expected = g_win[group_of], g_expected[group_of]
    return _Run(c, stays, open_, won_day, p_win, expected, replicates, p_rep)


def _won_days(g_rep: np.ndarray, group_of: np.ndarray, per_rep: int, rng: np.random.Generator,
              eps: np.ndarray | None = None) -> np.ndarray:
    """(open, draws) day of each draw's win (H + 1: not within the horizon): per_rep draws under each bootstrap
    replicate's incidence curve of the deal's group (g_rep: groups x days 0..H x replicates), by inverting
    one uniform per draw. All groups at once: the curves stacked 2 apart into one increasing array, searched
    deal by deal in the order of their groups (neighbouring searches stay in one part of it).
    eps (replicates x per_rep): the shared log-odds shift of each draw: every deal's curve is scaled so that
    its chance of a win within the horizon has its odds times exp(eps) (the uniform divided by that scale)."""
    G, H1, R = g_rep.shape
    n = len(group_of)
    order = np.argsort(group_of, kind="stable")
    go = group_of[order]
    u = rng.random((n, R, per_rep), dtype=np.float32)
    p_end = g_rep[go, H1 - 1].astype(np.float32)[:, :, None]
    if eps is not None and np.any(eps):
        u /= np.maximum(shifted(p_end, eps.astype(np.float32)[None]), 1e-12) / np.maximum(p_end, 1e-12)
    hit = np.flatnonzero(u <= p_end)
    curve = ((go * R)[:, None] + np.arange(R)[None, :]).ravel()[hit // per_rep]  # (deal, replicate) -> curve
    flat = (g_rep.transpose(0, 2, 1) + 2.0 * np.arange(G * R).reshape(G, R, 1)).ravel()
    day = np.searchsorted(flat, u.ravel()[hit] + 2.0 * curve)
    won = np.full(n * R * per_rep, H1, dtype=np.int16)
    won[hit] = day - curve * H1  # H1: past the end of its curve (float32 rounding), not won
    won_day = np.empty((n, R * per_rep), dtype=np.int16)
    won_day[order] = won.reshape(n, R * per_rep)
    return won_day


def forecast(hist: pd.DataFrame, as_of: pd.Timestamp | None = None, horizon_days: int = 90,
             draws: int = 1000, seed: int = 0, replicates: int = 40, calibrate: bool = True,
             win_factors: dict[str, float] | None = None, delays: dict[str, int] | None = None,
             decided: dict[str, int | None] | None = None, spread: Calibration | None = None,
             opp_factors: dict[str, float] | None = None, only: set[str] | None = None) -> Forecast:
    """Monte Carlo forecast of wins among opportunities open at as-of within horizon_days.

    win_factors / delays: what-if changes (sandbox): the chance of a win multiplied by stage ('*': all),
    and days by which a named opportunity's win comes later; decided: opportunities whose outcome is set
    (day after as-of of the win, None: lost); spread: reuse another forecast's calibration (same history);
    opp_factors: a named opportunity's chance of a win multiplied (the account sandbox's win-probability
    change); only: forecast these opportunities alone (one account's), learned from the whole history.

    calibrate: learn the market shift shared by every open deal from the errors the same method made on this
    history's own past (forecasts from earlier cuts whose outcomes were known by as-of) and draw it; False:
    independent deals only."""
    if horizon_days < 1 or horizon_days > 1095:
        raise InputError(f"--horizon-days {horizon_days}: use 1 to 1095 days.")
    as_of = pd.Timestamp(as_of) if as_of is not None else default_as_of(hist)
    H = int(horizon_days)
    rng = np.random.default_rng(seed)
    hist_rows = rows(hist)
    c = cut(hist_rows, as_of)
    notes: list[str] = []
    cal = spread if spread is not None else (
        _calibration(hist_rows, as_of, H, notes, c) if calibrate and len(c.open_stays) else None)
    run = _simulate(hist_rows, as_of, H, draws, replicates, rng, win_factors=win_factors,
                    shock=cal.shock if cal is not None else None, c=c)
    c, stays, open_ = run.cut, run.stays, run.open
    n, draws = run.won_day.shape
    won_day = run.won_day
    ids = c.ids[c.opp[open_]]
    if only is not None:
        keep = np.isin(ids, list(only))
        won_day, open_, ids = won_day[keep], open_[keep], ids[keep]
        run.p_win, run.expected_close_days = run.p_win[keep], run.expected_close_days[keep]
        n = len(ids)
    for i in np.flatnonzero(np.isin(ids, list(opp_factors or {}))):
        _scale_wins(won_day[i], float(opp_factors[ids[i]]), H, rng)
        run.p_win[i] = float((won_day[i] <= H).mean())
    for i in np.flatnonzero(np.isin(ids, list(delays or {}))):
        won_day[i] = np.minimum(won_day[i].astype(int) + max(0, delays[ids[i]]), H + 1)
        run.p_win[i] = float((won_day[i] <= H).mean())
    for i in np.flatnonzero(np.isin(ids, list(decided or {}))):
        day = decided[ids[i]]
        won_day[i] = H + 1 if day is None else min(max(0, day), H + 1)
        run.p_win[i] = float(won_day[i, 0] <= H)
    amounts = np.nan_to_num(c.amount[c.opp[open_]])
    won = won_day <= H
    count = won.sum(axis=0)
    amount = amounts @ won if n else np.zeros(draws)
    missing = int(np.isnan(c.amount[c.opp[open_]]).sum())
    if missing:
        notes.append(f"{missing} open opportunities have no amount (counted, worth 0)")
    per = pd.DataFrame({
        "opportunity_id": ids,
        "p_win_in_horizon": np.round(run.p_win, 4),
        "expected_close": [(as_of + pd.Timedelta(days=d)).strftime("%Y-%m-%d") if not np.isnan(d) else ""
                           for d in run.expected_close_days],
        "amount": amounts, "stage": c.stage[open_], "owner": [o or "" for o in c.owner[open_]]})
    industry = _industry(hist, ids)
    share = won.mean(axis=1) if n else np.zeros(0)
    per["p_win_drawn"] = np.round(share, 4)  # the draws' share: what changed draws (a sandbox) compare with
    var = amounts ** 2 * share * (1 - share)
    top = np.argsort(-var)[:10]
    total_var = float(var.sum()) or 1.0
    uncertain = [{"opportunity_id": ids[i], "stage": c.stage[open_[i]],
                  "amount": float(amounts[i]), "p_win_in_horizon": round(float(share[i]), 4),
                  "share_of_variance": round(float(var[i] / total_var), 4)} for i in top if var[i] > 0]
    daily = _daily(won_day, amounts, H)
    return Forecast(
        as_of=as_of, horizon_days=H, open_opportunities=n, won_count=_pct(count, True), won_amount=_pct(amount),
        expected_won_amount=float(amount.mean()) if n else 0.0,
        by_month=_by_month(as_of, H, won_day, daily),
        by_owner=_by_group(per["owner"].to_numpy(), won, amounts),
        by_industry=_by_group(industry, won, amounts) if industry is not None else [],
        uncertain=uncertain, cumulative=_cumulative(as_of, H, daily), per_opportunity=per,
        method=(f"Aalen-Johansen won/lost incidence per stage and time already spent, from {len(stays.stage)} "
                f"stage stays of {stays.n_opps} opportunities; {draws} draws in {run.replicates} Bayesian-bootstrap "
                "replicates"),
        draws=draws, notes=notes, spread=cal)


def _scale_wins(won_day: np.ndarray, factor: float, H: int, rng: np.random.Generator) -> None:
    """Multiply one opportunity's chance of a win within the horizon by factor, in place: fewer wins drop
    winning draws at random; more turn losing draws into wins on days drawn from its own winning draws
    (when it has none, there is no timing to copy and nothing is added)."""
    won = won_day <= H
    p = won.mean()
    if factor < 1:
        won_day[won & (rng.random(len(won_day)) > factor)] = H + 1
    elif factor > 1 and 0 < p < 1:
        add = ~won & (rng.random(len(won_day)) < min(1.0, (factor - 1) * p / (1 - p)))
        won_day[add] = rng.choice(won_day[won], int(add.sum()))


def _industry(hist: pd.DataFrame, ids: np.ndarray) -> np.ndarray | None:
    cols = {str(c).strip().lower(): c for c in hist.columns}
    col = next((cols[c] for c in INDUSTRY_COLUMNS if c in cols), None)
    if col is None:
        return None
    last = hist.dropna(subset=[col]).groupby("opportunity_id")[col].last()
    return last.reindex(ids).fillna("").astype(str).to_numpy(object)


def _by_group(labels: np.ndarray, won: np.ndarray, amounts: np.ndarray) -> list[dict]:
    out = []
    codes, names = pd.factorize(labels)
    for j, g in enumerate(names):
        m = codes == j
        out.append({"group": g or "(none)", "open": int(m.sum()),
                    "won_count": _pct(won[m].sum(axis=0), True),
                    "won_amount": _pct(amounts[m] @ won[m])})
    return sorted(out, key=lambda r: (-r["won_amount"]["p50"], str(r["group"])))


def _daily(won_day: np.ndarray, values: np.ndarray | None, H: int) -> np.ndarray:
    """(H + 2, draws): sum of values (None: count) won on each day of each draw (row H + 1: not in the horizon)."""
    draws = won_day.shape[1]
    opp, draw = np.nonzero(won_day <= H)  # only the wins: row H + 1 is never read
    flat = won_day[opp, draw].astype(np.int64) * draws + draw
    return np.bincount(flat, weights=None if values is None else values[opp],
                       minlength=(H + 2) * draws).reshape(H + 2, draws)


def _by_month(as_of: pd.Timestamp, H: int, won_day: np.ndarray, daily: np.ndarray) -> list[dict]:
    month = np.array([(as_of + pd.Timedelta(days=d)).strftime("%Y-%m") for d in range(H + 1)])
    daily_count = _daily(won_day, None, H)
    out = []
    for m in dict.fromkeys(month):
        days = month == m
        out.append({"month": m, "won_count": _pct(daily_count[:H + 1][days].sum(axis=0), True),
                    "won_amount": _pct(daily[:H + 1][days].sum(axis=0))})
    return out


def _cumulative(as_of: pd.Timestamp, H: int, daily: np.ndarray) -> list[dict]:
    cum = np.cumsum(daily[:H + 1], axis=0)
    points = sorted(set(range(0, H + 1, 7)) | {H})
    return [{"day": d, "date": (as_of + pd.Timedelta(days=d)).strftime("%Y-%m-%d"), **_pct(cum[d])}
            for d in points]


def _won_within(known: Cut, run: _Run, start: pd.Timestamp, h: int) -> tuple[int, float]:
    """actual_won(start, h) read off the cut at a later as-of (start + h <= as-of): the deals open at start
    whose first final row, a win, came within h days."""
    open_ = np.unique(run.cut.opp[run.open])
    idx = pd.Index(known.ids).get_indexer(run.cut.ids[open_])
    won = (known.outcome[idx] == WON) & (known.closed_at[idx] <= float(to_days(start)) + h)
    return int(won.sum()), float(np.nan_to_num(run.cut.amount[open_[won]]).sum())


def _calibration(hist: Rows, as_of: pd.Timestamp, H: int, notes: list[str], known: Cut) -> Calibration:
    """The shared market shift, learned only from what was known at as-of.

    Evidence: forecasts over the whole horizon from earlier origins as_of - j * step whose outcome is known by
    as-of (j * step >= H), back to INNER_CUTS steps; a young history, with no whole horizon behind it yet, has
    its shorter forecasts (j * step < H) instead. Each gives its realised wins against its expected wins,
    their binomial and bootstrap variance and their sensitivity to a shift (shared_shock.window_moments).
    Overlapping windows are not independent evidence: outcomes accrue like independent increments, so two
    windows' errors correlate as overlap / sqrt(h1 * h2), and n squared errors are worth n^2 / sum(corr^2)
    independent ones (squares of unit normals with correlation c: covariance 2 c^2)."""
    step = max(14, H // 3)
    first_full = -(-H // step)  # the first origin whose forecast over the whole horizon is known by as-of
    seen = []  # (j, moments of that earlier forecast)

    def window(j: int) -> bool:
        """Add the evidence of the forecast from as_of - j * step; False when that cut had too little to learn
        from."""
        h = min(H, j * step)
        cut_at = as_of - pd.Timedelta(days=j * step)
        try:
            run = _simulate(hist, cut_at, h, INNER_REPLICATES, INNER_REPLICATES, np.random.default_rng(j),
                            full=False)
        except InputError:
            return False
        if len(run.open) < 5 or (run.cut.outcome == WON).sum() < MIN_REFERENCES:
            return False  # a cut that had almost no wins to learn from errs unlike a forecast from this history
        seen.append((j, window_moments(run.p_rep, _won_within(known, run, cut_at, h)[0])))
        return True

    # Forecasts over the whole horizon first: errors grow faster than the independent deals' spread with the
    # horizon (a market phase moves every deal at once), so a shorter forecast's error understates a full one's.
    # The shorter ones are the evidence only on a history too young to have a whole horizon behind it.
    for j in range(first_full, INNER_CUTS + 1):
        if not window(j):
            break
    if not seen:
        for j in range(1, first_full):
            if not window(j):
                break
    n = len(seen)
    evidence = 0.0
    if n:
        lo, ln = np.array([(-j * step, min(H, j * step)) for j, _ in seen], float).T
        overlap = np.clip(np.minimum(lo[:, None] + ln[:, None], lo[None, :] + ln[None, :])
                          - np.maximum(lo[:, None], lo[None, :]), 0, None)
        corr = overlap / np.sqrt(ln[:, None] * ln[None, :])
        evidence = float(n * n / np.square(corr).sum())
    shock = estimate_shock([m for _, m in seen], evidence)
    notes.append(f"every draw shifts the odds of a win of all open opportunities at once (a market phase) by a "
                 f"log-odds standard deviation of {np.sqrt(shock.tau2):.2f}, from the errors of {n} earlier "
                 f"forecast(s) of this history whose outcomes were known by as-of (worth {evidence:.1f} "
                 f"independent ones) beyond what independent deals explain, and a prior worth "
                 f"{PRIOR_WINDOWS:g} at {PRIOR_TAU:g}")
    return Calibration(shock, n, evidence)


# ---- backtest: rolling origins against the naive stage-weighted pipeline ----

def rolling_origins(hist: pd.DataFrame, horizon_days: int, n: int = 8) -> list[pd.Timestamp]:
    """Cuts whose horizon is fully observed, spread over the later half of the history."""
    first, last = hist["entered_at"].min().normalize(), hist["entered_at"].max().normalize()
    end = last - pd.Timedelta(days=horizon_days)
    start = first + (last - first) / 2
    if end <= start:
        raise InputError(f"the history spans {(last - first).days} days: too short to backtest a "
                         f"{horizon_days}-day horizon (needs about twice the horizon).")
    return [start + (end - start) * i / max(1, n - 1) for i in range(n)]


def backtest(hist: pd.DataFrame, horizon_days: int = 90, cuts: list[pd.Timestamp] | None = None,
             draws: int = 1000) -> dict:
    cuts = cuts or rolling_origins(hist, horizon_days)
    rows = []
    for c in cuts:
        f = forecast(hist, c, horizon_days, draws=draws)
        n_act, a_act = actual_won(hist, c, horizon_days)
        n_naive, a_naive = naive_pipeline(hist, c)
        rows.append({"as_of": c.strftime("%Y-%m-%d"), "open": f.open_opportunities,
                     "actual_count": n_act, "count": f.won_count, "naive_count": round(n_naive, 2),
                     "actual_amount": a_act, "amount": f.won_amount, "naive_amount": round(a_naive, 2)})

    def cover(key: str) -> float:
        return float(np.mean([r[key]["p10"] <= r["actual_" + key] <= r[key]["p90"] for r in rows]))

    def wape(pred) -> float:  # weighted absolute percentage error over the cuts
        return float(sum(abs(pred(r) - r["actual_amount"]) for r in rows) / max(1.0, sum(r["actual_amount"]
                                                                                       for r in rows)))

    def wape_count(pred) -> float:
        return float(sum(abs(pred(r) - r["actual_count"]) for r in rows) / max(1, sum(r["actual_count"]
                                                                                      for r in rows)))

    e_amt, n_amt = wape(lambda r: r["amount"]["p50"]), wape(lambda r: r["naive_amount"])
    e_cnt, n_cnt = wape_count(lambda r: r["count"]["p50"]), wape_count(lambda r: r["naive_count"])
    return {"horizon_days": horizon_days, "cuts": rows,
            "coverage_p10_p90": {"count": round(cover("count"), 3), "amount": round(cover("amount"), 3)},
            "p50_error": {"count": round(e_cnt, 3), "amount": round(e_amt, 3)},
            "naive_error": {"count": round(n_cnt, 3), "amount": round(n_amt, 3)},
            "error_reduction_vs_naive": {"count": round(1 - e_cnt / n_cnt, 3) if n_cnt else None,
                                         "amount": round(1 - e_amt / n_amt, 3) if n_amt else None}}
