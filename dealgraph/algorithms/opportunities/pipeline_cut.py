"""The pipeline as it was known at one date, as arrays: every stage stay and every opportunity's outcome.

Same meaning as history.episodes() (rows entered after the cut are unknown; a stay ends when the next
row of its opportunity was entered; an opportunity's outcome is its first final row), computed with
array operations over the sorted history instead of one Python object per stay, so that a forecast of
tens of thousands of opportunities (and its earlier cuts for calibration) stays within seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .survival import kaplan_meier_median

EPOCH = np.datetime64("2000-01-01", "ns")
DAY = np.timedelta64(1, "D")
WON, LOST = 1, 2


def to_days(ts) -> np.ndarray:
    """Days since EPOCH (float) of a Timestamp, datetime array or Series."""
    return (np.asarray(pd.to_datetime(ts), dtype="datetime64[ns]") - EPOCH) / DAY


@dataclass
class Cut:
    as_of: float  # days since EPOCH
    # per stay (stage entries before the opportunity's first final row)
    opp: np.ndarray  # index into the per-opportunity arrays
    stage: np.ndarray
    start: np.ndarray
    end: np.ndarray  # NaN: still in the stage at the cut
    stage_index: np.ndarray
    prior_days: np.ndarray  # whole days spent in earlier stages of the opportunity
    owner: np.ndarray
    # per opportunity
    ids: np.ndarray
    amount: np.ndarray  # last amount recorded (NaN: none)
    outcome: np.ndarray  # WON / LOST / 0 (open)
    closed_at: np.ndarray  # day of the first final row (NaN: open)
    # per stay again: the amount as it stood when the stay began (the last one recorded up to its row). A deal
    # is often re-priced on the row that closes it (the won value differs from the pipeline value): that is part
    # of its outcome, not what was known while it was open, so its past stays are not sized by it.
    stay_amount: np.ndarray | None = None

    @property
    def open_stays(self) -> np.ndarray:
        """Stays still running at the cut in opportunities without an outcome: the open pipeline."""
        return np.flatnonzero(np.isnan(self.end) & (self.outcome[self.opp] == 0))

    def pooled_typical_days(self) -> float:
        """Kaplan-Meier median stay over all stages (whole days), as survival.Typical.pooled."""
        dur = np.maximum(0.0, np.floor(np.where(np.isnan(self.end), self.as_of, self.end) - self.start))
        if not len(dur):
            return 30.0
        return kaplan_meier_median(dur, ~np.isnan(self.end)) or float(np.max(dur))


@dataclass
class Rows:
    """The history's columns as arrays, converted once for the several cuts a forecast takes."""
    opportunity_id: np.ndarray
    entered: np.ndarray
    stage: np.ndarray
    final: np.ndarray
    is_final: np.ndarray
    closed_won: np.ndarray
    amount: np.ndarray
    owner: np.ndarray


def rows(hist: pd.DataFrame | Rows) -> Rows:
    """hist: load_history() output (sorted by opportunity and entry date)."""
    if isinstance(hist, Rows):
        return hist
    final = hist["final"].to_numpy(object)
    return Rows(hist["opportunity_id"].to_numpy(object), to_days(hist["entered_at"]), hist["stage"].to_numpy(object),
                final, np.array([isinstance(f, str) for f in final], bool), hist["closed_won"].to_numpy(float),
                pd.to_numeric(hist["amount"], errors="coerce").to_numpy(float), hist["owner"].to_numpy(object))


def cut(hist: pd.DataFrame | Rows, as_of: pd.Timestamp) -> Cut:
    r = rows(hist)
    day = float(to_days(pd.Timestamp(as_of)))
    known = np.flatnonzero(r.entered <= day)
    g, ids = pd.factorize(r.opportunity_id[known], sort=False)
    ids = np.asarray(ids, object)  # load_history sorted the rows: each opportunity's rows are contiguous
    t = r.entered[known]
    final = r.final[known]
    is_final = r.is_final[known]
    n = len(known)
    first = np.r_[True, g[1:] != g[:-1]] if n else np.zeros(0, bool)
    last = np.r_[g[1:] != g[:-1], True] if n else np.zeros(0, bool)
    starts = np.flatnonzero(first)
    pos = np.arange(n) - starts[g] if n else np.zeros(0, int)
    cum = np.cumsum(is_final)
    finals_before = cum - is_final - (cum[starts] - is_final[starts])[g] if n else np.zeros(0, int)
    kept = (finals_before == 0) & ~is_final
    nxt = np.r_[t[1:], np.nan] if n else np.zeros(0)
    nxt[last] = np.nan
    # outcome per opportunity: its first final row ("closed" -> the last closed_won flag recorded)
    n_opps = len(ids)
    closing = np.flatnonzero(is_final & (finals_before == 0))
    closed_at = np.full(n_opps, np.nan)
    closed_at[g[closing]] = t[closing]
    flag = pd.Series(r.closed_won[known]).groupby(g).last().reindex(range(n_opps)).to_numpy(float)
    outcome = np.zeros(n_opps, int)
    for i in closing:  # one per closed opportunity
        f = final[i]
        won = f == "won" or (f == "closed" and flag[g[i]] == 1)
        outcome[g[i]] = WON if won else LOST
    amount = pd.Series(r.amount[known]).groupby(g).last()
    amount = amount.reindex(range(n_opps)).to_numpy(float)
    k = np.flatnonzero(kept)
    whole = np.where(np.isnan(nxt[k]), 0.0, np.floor(nxt[k] - t[k]))
    cs = np.cumsum(whole)
    gk = g[k]
    kfirst = np.r_[True, gk[1:] != gk[:-1]] if len(k) else np.zeros(0, bool)
    base = np.maximum.accumulate(np.where(kfirst, np.arange(len(k)), 0)) if len(k) else np.zeros(0, int)
    prior = cs - whole - (cs[base] - whole[base]) if len(k) else np.zeros(0)
    at_row = pd.Series(r.amount[known]).groupby(g).ffill().to_numpy(float)
    return Cut(day, gk, r.stage[known][k], t[k], nxt[k], pos[k], prior, r.owner[known][k], ids, amount, outcome,
               closed_at, at_row[k])


def actual_won(hist: pd.DataFrame | Rows, as_of: pd.Timestamp, horizon_days: int) -> tuple[int, float]:
    """What really happened: opportunities open at as-of won within (as-of, as-of + horizon]."""
    hist = rows(hist)
    now = cut(hist, as_of)
    open_ids = now.ids[np.unique(now.opp[now.open_stays])]
    later = cut(hist, as_of + pd.Timedelta(days=horizon_days))
    won = set(later.ids[later.outcome == WON]) & set(open_ids)
    amount = dict(zip(now.ids, now.amount))
    return len(won), float(sum(0.0 if np.isnan(amount[o]) else amount[o] for o in won))


def naive_pipeline(hist: pd.DataFrame, as_of: pd.Timestamp) -> tuple[float, float]:
    """(count, amount) of the stage-weighted pipeline: each open deal x the historical win rate of its stage
    (the share of closed opportunities' stays in that stage that ended in a win)."""
    c = cut(hist, as_of)
    closed = np.flatnonzero(c.outcome[c.opp] != 0)
    won = c.outcome[c.opp[closed]] == WON
    base = float(won.mean()) if len(closed) else 0.0
    rate = pd.Series(won).groupby(c.stage[closed]).mean().to_dict() if len(closed) else {}
    op = c.open_stays
    r = np.array([rate.get(s, base) for s in c.stage[op]], float)
    amounts = np.nan_to_num(c.amount[c.opp[op]])
    return float(r.sum()), float(r @ amounts)
