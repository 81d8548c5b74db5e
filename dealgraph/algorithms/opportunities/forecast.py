"""Pipeline forecast: how many of the opportunities open at as-of are won within a horizon, and for how much.

Model (per open opportunity): the cumulative incidence of "won by day d", learned from every past stay
in the same stage that had already lasted as long as this one (Aalen-Johansen with won / lost as competing
events; stays of still-open opportunities count as censored, so long-running deals are not forgotten).
Conditioning on the time already spent is what makes a stale deal less likely to close soon.

Honest ranges: Monte Carlo draws whether and when each opportunity is won; draws are grouped into
Bayesian-bootstrap replicates of the history (each past opportunity weighted by an Exp(1) draw), so
the spread includes how little history backs each estimate, not only the coin flips of each deal.
Known limitation: nothing models a change of market; the backtest shows how the ranges hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...errors import InputError
from .history import default_as_of, episodes
from .survival import Typical

ELAPSED_EDGES = np.array([0, 7, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365, 540], float)
KERNEL_BANDWIDTH = 0.75  # in standard deviations of log amount / log pace
MIN_REFERENCES = 20  # fewer past stays than this in a stage: borrow from every stage
LONG_DAYS = 730  # how far ahead the per-opportunity expected close is looked for
QUANTILES = (10, 50, 90)
INNER_CUTS = 6  # earlier cuts of the same history used to size the ranges
INDUSTRY_COLUMNS = ("industry", "行业", "所属行业", "segment", "vertical")


def _pct(values: np.ndarray) -> dict[str, float]:
    q = np.percentile(values, QUANTILES)
    return {f"p{k}": round(float(v), 2) for k, v in zip(QUANTILES, q)}


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
    start: np.ndarray  # days since an epoch
    stay: np.ndarray  # days in the stage (to its end, or to as-of if still there)
    close: np.ndarray  # days from the stay's start to the opportunity's close (or to as-of: censored)
    kind: np.ndarray  # 1 won, 2 lost, 0 still open at as-of
    opp: np.ndarray  # index of the opportunity, for bootstrap weights
    n_opps: int
    z: np.ndarray  # standardised log amount (NaN: none recorded)
    pace: np.ndarray  # standardised log days spent before this stage vs the usual (NaN: first stage)


def _stays(hist: pd.DataFrame, as_of: pd.Timestamp, eps) -> _Stays:
    known = hist[hist["entered_at"] <= as_of]
    finals = known[known["final"].notna()].groupby("opportunity_id")["entered_at"].min()
    ids = {o: i for i, o in enumerate(sorted({e.opportunity_id for e in eps}))}
    stage, start, stay, close, kind, opp, amount, pace = [], [], [], [], [], [], [], []
    typical = Typical.fit(eps, as_of)
    for e in eps:
        end = e.end if e.end is not None else as_of
        closed_at = finals.get(e.opportunity_id)
        stage.append(e.stage)
        start.append(e.start)
        stay.append((end - e.start).total_seconds() / 86400)
        close.append(((closed_at if closed_at is not None else as_of) - e.start).total_seconds() / 86400)
        kind.append({"won": 1, "lost": 2}.get(e.outcome, 0) if closed_at is not None else 0)
        opp.append(ids[e.opportunity_id])
        amount.append(e.amount)
        pace.append(np.log((e.prior_days + 7) / (7 + typical.pooled * e.stage_index)) if e.stage_index else np.nan)
    return _Stays(np.array(stage, object), np.array(start), np.maximum(0, np.array(stay, float)),
                  np.maximum(0, np.array(close, float)), np.array(kind, int), np.array(opp, int), len(ids),
                  _standardise(np.array(amount, float)), _standardise(np.exp(np.array(pace, float))))


def _bucket(z: float) -> float | None:
    return None if np.isnan(z) else float(np.clip(np.round(z * 2) / 2, -2.5, 2.5))


def _standardise(amount: np.ndarray) -> np.ndarray:
    la = np.log1p(np.where(amount > 0, amount, np.nan))
    ok = ~np.isnan(la)
    if ok.sum() < 2:
        return np.full(len(amount), np.nan)
    return (la - la[ok].mean()) / (la[ok].std() or 1.0)


def cumulative_incidence(t: np.ndarray, kind: np.ndarray, w: np.ndarray, days: int) -> tuple[np.ndarray, np.ndarray]:
    """Aalen-Johansen cumulative incidence of won (kind 1) and lost (kind 2) on days 0..days.

    t: days from the origin to the event or censoring (kind 0); w: weights. Day d counts events in (d-1, d].
    """
    d = np.minimum(np.ceil(t).astype(int), days + 1)
    n = days + 2
    won = np.bincount(d, weights=w * (kind == 1), minlength=n)
    lost = np.bincount(d, weights=w * (kind == 2), minlength=n)
    at_risk = np.bincount(d, weights=w, minlength=n)[::-1].cumsum()[::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        hw = np.where(at_risk > 0, won / at_risk, 0.0)
        hl = np.where(at_risk > 0, lost / at_risk, 0.0)
    surv = np.cumprod(1 - hw - hl)
    before = np.concatenate([[1.0], surv[:-1]])
    return np.cumsum(before * hw)[:days + 1], np.cumsum(before * hl)[:days + 1]


class _Curves:
    """Incidence curves per (stage, elapsed bucket), from the reference stays, for a given weighting."""

    def __init__(self, stays: _Stays):
        self.s = stays
        self.by_stage = {st: np.flatnonzero(stays.stage == st) for st in set(stays.stage)}
        self.all = np.arange(len(stays.stage))

    def refs(self, stage: str, elapsed: float) -> tuple[np.ndarray, float]:
        """Reference stays (indices) and the elapsed days they are conditioned on."""
        idx = self.by_stage.get(stage, self.all)
        if len(idx) < MIN_REFERENCES:
            idx = self.all
        stays = self.s.stay[idx]
        ok = stays > elapsed
        if ok.sum() < MIN_REFERENCES:  # a stay longer than most: condition on the longest well-backed time
            elapsed = float(np.sort(stays)[-MIN_REFERENCES]) - 1e-6 if len(stays) >= MIN_REFERENCES else 0.0
            ok = stays > elapsed
        return idx[ok], elapsed

    def kernel(self, refs: np.ndarray, z: float | None, pace: float | None) -> np.ndarray:
        """Weight of each reference by how close its amount and its pace so far are to this deal's:
        big or slow deals are won (and lost) unlike small or brisk ones."""
        k = np.ones(len(refs))
        for values, v in ((self.s.z, z), (self.s.pace, pace)):
            if v is not None:
                d = values[refs] - v
                k *= np.where(np.isnan(d), 1.0, np.exp(-0.5 * (d / KERNEL_BANDWIDTH) ** 2))
        return k

    def curve(self, refs: np.ndarray, elapsed: float, w: np.ndarray, days: int):
        t = self.s.close[refs] - elapsed
        return cumulative_incidence(t, self.s.kind[refs], w, days)


def forecast(hist: pd.DataFrame, as_of: pd.Timestamp | None = None, horizon_days: int = 90,
             draws: int = 1000, seed: int = 0, replicates: int = 40, calibrate: bool = True) -> Forecast:
    """Monte Carlo forecast of wins among opportunities open at as-of within horizon_days.

    calibrate: widen the ranges by the error the same method made on this history's own past
    (forecasts from earlier cuts whose horizon ended by as-of), beyond what its draws already spread."""
    if horizon_days < 1 or horizon_days > 1095:
        raise InputError(f"--horizon-days {horizon_days}: use 1 to 1095 days.")
    as_of = pd.Timestamp(as_of) if as_of is not None else default_as_of(hist)
    eps = episodes(hist, as_of)
    stays = _stays(hist, as_of, eps)
    if not (stays.kind == 1).any():
        raise InputError(f"the history has no won opportunity closed by {as_of:%Y-%m-%d}, so there is nothing to "
                         "learn how deals are won from; use a later --as-of or a longer history.")
    open_eps = [(k, e) for k, e in enumerate(eps) if e.end is None and e.outcome is None]
    curves = _Curves(stays)
    H = int(horizon_days)
    # Group open opportunities by (stage, elapsed bucket, amount bucket): one curve per group and replicate.
    groups: dict[tuple, list[int]] = {}
    for i, (k, e) in enumerate(open_eps):
        elapsed = max(0.0, (as_of - e.start).total_seconds() / 86400)
        lo = float(ELAPSED_EDGES[np.searchsorted(ELAPSED_EDGES, elapsed, side="right") - 1])
        groups.setdefault((e.stage, lo, _bucket(stays.z[k]), _bucket(stays.pace[k])), []).append(i)
    open_eps = [e for _, e in open_eps]
    n = len(open_eps)
    rng = np.random.default_rng(seed)
    replicates = max(1, min(replicates, draws))
    per_rep = int(np.ceil(draws / replicates))
    draws = per_rep * replicates
    won_day = np.full((n, draws), H + 1, dtype=np.int16)  # H + 1: not won within the horizon
    p_win = np.zeros(n)
    expected_close_days = np.full(n, np.nan)
    refs_of = {}
    for g in groups:
        refs, el = curves.refs(g[0], g[1])
        refs_of[g] = (refs, el, curves.kernel(refs, g[2], g[3]))
    for g, members in groups.items():
        refs, el, kern = refs_of[g]
        cw, cl = curves.curve(refs, el, kern, max(H, LONG_DAYS))
        p_win[members] = cw[H]
        total = cw + cl
        if total[-1] > 0:
            expected_close_days[members] = float(np.searchsorted(total, total[-1] / 2))
    for r in range(replicates):
        w = rng.exponential(1.0, stays.n_opps)
        cols = slice(r * per_rep, (r + 1) * per_rep)
        for g, members in groups.items():
            refs, el, kern = refs_of[g]
            cw, _ = curves.curve(refs, el, kern * w[stays.opp[refs]], H)
            u = rng.random((len(members), per_rep))
            won_day[members, cols] = np.minimum(np.searchsorted(cw, u), H + 1)
    amounts = np.array([0.0 if np.isnan(e.amount) else e.amount for e in open_eps])
    won = won_day <= H
    count = won.sum(axis=0)
    amount = amounts @ won if n else np.zeros(draws)
    notes = []
    s_count, s_amount = _extra_spread(hist, as_of, H, notes) if calibrate and n else (0.0, 0.0)
    # One common factor per draw: the whole pipeline does better or worse together (market, quarter, model).
    common = rng.normal(0.0, 1.0, draws)
    count_scale, scale = np.exp(s_count * common), np.exp(s_amount * common)
    count, amount = count * count_scale, amount * scale
    if n and np.isnan([e.amount for e in open_eps]).any():
        notes.append(f"{int(np.isnan([e.amount for e in open_eps]).sum())} open opportunities have no amount "
                     "(counted, worth 0)")
    per = pd.DataFrame({
        "opportunity_id": [e.opportunity_id for e in open_eps],
        "p_win_in_horizon": np.round(p_win, 4),
        "expected_close": [(as_of + pd.Timedelta(days=d)).strftime("%Y-%m-%d") if not np.isnan(d) else ""
                           for d in expected_close_days],
        "amount": amounts, "stage": [e.stage for e in open_eps], "owner": [e.owner or "" for e in open_eps]})
    industry = _industry(hist, open_eps)
    var = amounts ** 2 * won.mean(axis=1) * (1 - won.mean(axis=1)) if n else np.zeros(0)
    top = np.argsort(-var)[:10]
    total_var = float(var.sum()) or 1.0
    uncertain = [{"opportunity_id": open_eps[i].opportunity_id, "stage": open_eps[i].stage,
                  "amount": float(amounts[i]), "p_win_in_horizon": round(float(won[i].mean()), 4),
                  "share_of_variance": round(float(var[i] / total_var), 4)} for i in top if var[i] > 0]
    return Forecast(
        as_of=as_of, horizon_days=H, open_opportunities=n, won_count=_pct(count), won_amount=_pct(amount),
        expected_won_amount=float(amount.mean()) if n else 0.0,
        by_month=_by_month(as_of, H, won_day, amounts, scale),
        by_owner=_by_group(per["owner"].to_numpy(), won, amounts, scale),
        by_industry=_by_group(industry, won, amounts, scale) if industry is not None else [],
        uncertain=uncertain, cumulative=_cumulative(as_of, H, won_day, amounts, scale), per_opportunity=per,
        method=(f"Aalen-Johansen won/lost incidence per stage and time already spent, from {len(stays.stage)} "
                f"stage stays of {stays.n_opps} opportunities; {draws} draws in {replicates} Bayesian-bootstrap "
                "replicates"),
        draws=draws, notes=notes)


def _industry(hist: pd.DataFrame, open_eps) -> np.ndarray | None:
    cols = {str(c).strip().lower(): c for c in hist.columns}
    col = next((cols[c] for c in INDUSTRY_COLUMNS if c in cols), None)
    if col is None:
        return None
    last = hist.dropna(subset=[col]).groupby("opportunity_id")[col].last()
    return np.array([str(last.get(e.opportunity_id, "") or "") for e in open_eps], object)


def _by_group(labels: np.ndarray, won: np.ndarray, amounts: np.ndarray, scale: np.ndarray) -> list[dict]:
    out = []
    for g in sorted(set(labels), key=str):
        m = labels == g
        out.append({"group": g or "(none)", "open": int(m.sum()), "won_count": _pct(won[m].sum(axis=0) * scale),
                    "won_amount": _pct(amounts[m] @ won[m] * scale)})
    return sorted(out, key=lambda r: -r["won_amount"]["p50"])


def _by_month(as_of: pd.Timestamp, H: int, won_day: np.ndarray, amounts: np.ndarray, scale: np.ndarray) -> list[dict]:
    day_month = np.array([(as_of + pd.Timedelta(days=d)).strftime("%Y-%m") for d in range(H + 2)])
    day_month[H + 1] = ""
    months = sorted(set(day_month[1:H + 1]) | {day_month[0]})
    out = []
    for m in months:
        days = np.flatnonzero(day_month == m)
        hit = (won_day >= days.min()) & (won_day <= days.max())
        out.append({"month": m, "won_count": _pct(hit.sum(axis=0) * scale), "won_amount": _pct(amounts @ hit * scale)})
    return out


def _cumulative(as_of: pd.Timestamp, H: int, won_day: np.ndarray, amounts: np.ndarray, scale: np.ndarray) -> list[dict]:
    points = sorted(set(range(0, H + 1, 7)) | {H})
    return [{"day": d, "date": (as_of + pd.Timedelta(days=d)).strftime("%Y-%m-%d"),
             **_pct(amounts @ (won_day <= d) * scale)} for d in points]


def _extra_spread(hist: pd.DataFrame, as_of: pd.Timestamp, H: int, notes: list[str]) -> tuple[float, float]:
    """Log-scale spread to add so that earlier cuts of this same history would have been covered:
    sqrt(mean squared log error of their P50 - the spread their own draws already had)."""
    step = max(14, H // 3)
    errs: dict[str, list] = {"count": [], "amount": []}
    own: dict[str, list] = {"count": [], "amount": []}
    for k in range(INNER_CUTS):
        cut = as_of - pd.Timedelta(days=H + k * step)
        try:
            f = forecast(hist, cut, H, draws=200, replicates=10, calibrate=False, seed=k + 1)
        except InputError:
            break
        if f.open_opportunities < 5:
            break
        n_act, a_act = actual_won(hist, cut, H)
        for key, act, q in (("amount", a_act, f.won_amount), ("count", n_act, f.won_count)):
            errs[key].append(np.log((act + 1) / (q["p50"] + 1)))
            own[key].append(np.log((q["p90"] + 1) / (q["p10"] + 1)) / 2.563)  # P10-P90 of a normal: 2.563 sd
    if not errs["count"]:
        return 0.0, 0.0
    # The count and amount errors are pooled: a handful of cuts sizes one spread better than two.
    pooled = float(np.sqrt(max(0.0, np.mean(np.square(errs["count"] + errs["amount"]))
                               - np.mean(np.square(own["count"] + own["amount"])))))
    extra = {"count": pooled, "amount": pooled}
    notes.append(f"ranges widened by a common log-scale spread of {extra['count']:.3f} (count) and "
                 f"{extra['amount']:.3f} (amount), from the errors of {len(errs['count'])} earlier cut(s) of this "
                 "history whose horizon ended by as-of")
    return extra["count"], extra["amount"]


# ---- backtest: rolling origins against the naive stage-weighted pipeline ----

def naive_pipeline(hist: pd.DataFrame, as_of: pd.Timestamp) -> tuple[float, float]:
    """(count, amount) of the stage-weighted pipeline: each open deal × the historical win rate of its stage."""
    eps = episodes(hist, as_of)
    closed = [e for e in eps if e.outcome in ("won", "lost")]
    won_all = sum(e.outcome == "won" for e in closed)
    base = won_all / len(closed) if closed else 0.0
    rate: dict[str, float] = {}
    for st in {e.stage for e in closed}:
        ys = [e.outcome == "won" for e in closed if e.stage == st]
        rate[st] = sum(ys) / len(ys)
    count = amount = 0.0
    for e in eps:
        if e.end is None and e.outcome is None:
            r = rate.get(e.stage, base)
            count += r
            amount += r * (0.0 if np.isnan(e.amount) else e.amount)
    return count, amount


def actual_won(hist: pd.DataFrame, as_of: pd.Timestamp, horizon_days: int) -> tuple[int, float]:
    """What really happened: opportunities open at as-of won within (as-of, as-of + horizon]."""
    eps = episodes(hist, as_of)
    open_ids = {e.opportunity_id for e in eps if e.end is None and e.outcome is None}
    amount = {e.opportunity_id: e.amount for e in eps}
    later = episodes(hist, as_of + pd.Timedelta(days=horizon_days))
    won = {e.opportunity_id for e in later if e.outcome == "won" and e.opportunity_id in open_ids}
    return len(won), float(sum(0.0 if np.isnan(amount[o]) else amount[o] for o in won))


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
