"""Graph mode: the campaign history built from the graph's leads and opportunities plus a spend file.

The graph knows what happened after a click (lead, qualified, opportunity, won amount) but not what
was spent, so spend comes from a file (period, channel, creative, spend[, impressions, clicks]; the
same reader as history.csv). For each spend row:
- leads: leads whose `source` is the channel (case-insensitive) and, when the row names a creative, whose
  `campaign` is it, created in the period (from the row's period start to the next period's start;
  periods must be dates); a blank creative takes the channel's leads no named row of that period took; a row that names a
  segment (audience) takes the leads of that segment (the lead's own, else its account's industry), a row
  without one the rest;
- qualified_leads: of those, the ones the lead model put in class A or the CRM marked converted;
- opportunities / won_amount: each opportunity's credit is split equally among the leads (of any
  source) that reached its account within `window_days` before it was created (linear multi-touch);
  a lead's share counts in its own period, so recent periods' outcomes keep growing like in a file
  export; won_amount counts closed-won opportunities' amounts.
Leads of channels without spend (organic, e.g. the website) still share credit but belong to no arm;
they are reported, as are leads before the first period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ...errors import InputError
from .history import History, frame_history, load_history


@dataclass
class GraphReport:
    leads: int = 0
    leads_in_arms: int = 0
    opportunities: int = 0
    opportunities_attributed: int = 0
    won_amount_attributed: float = 0.0
    unpaid_leads: dict[str, int] = field(default_factory=dict)  # channel -> leads with no spend row
    before_first_period: int = 0
    no_matching_row: int = 0  # a paid channel's lead whose creative has no row (and no blank row) that period
    window_days: int = 180

    def to_json(self) -> dict:
        return {**self.__dict__, "won_amount_attributed": round(self.won_amount_attributed, 2)}


def _ts(values) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype=object), utc=True, errors="coerce", format="mixed")


def credit(leads: list[dict], opportunities: list[dict], window_days: int) -> dict[str, dict[str, float]]:
    """lead id -> {opportunities, won_amount} credited to it (fractions of opportunities)."""
    by_account: dict[str, list[tuple[pd.Timestamp, str]]] = defaultdict(list)
    lt = _ts([x["created_at"] for x in leads])
    for x, t in zip(leads, lt):
        if pd.notna(t):
            for a in set(x["accounts"]):
                by_account[a].append((t, x["id"]))
    out: dict[str, dict[str, float]] = defaultdict(lambda: {"opportunities": 0.0, "won_amount": 0.0})
    window = pd.Timedelta(days=window_days)
    for o, t in zip(opportunities, _ts([o["created_at"] for o in opportunities])):
        if pd.isna(t):
            continue
        touched = sorted({lid for lt_, lid in by_account.get(o["account"], []) if t - window <= lt_ <= t})
        for lid in touched:
            out[lid]["opportunities"] += 1.0 / len(touched)
            if o.get("closed_won") is True:
                out[lid]["won_amount"] += float(o["amount"] or 0.0) / len(touched)
    return out


def period_starts(spend: History, where: str = "spend") -> pd.Series:
    """Each period's start as a UTC timestamp; a period that is not a date is an error naming it."""
    starts = pd.to_datetime(pd.Series(spend.periods), utc=True, errors="coerce", format="mixed")
    if starts.isna().any():
        bad = spend.periods[int(starts.isna().to_numpy().argmax())]
        raise InputError(f"{where}: period {bad!r} is not a date; graph mode needs each period's start date "
                         f"(e.g. 2026-03-02) to place leads in periods.")
    return starts


def spend_frame(rows: list[dict]) -> History:
    """Spend rows given as data (the API's JSON): period, channel, creative, spend[, impressions, clicks,
    segment]."""
    if not rows:
        raise InputError("spend: no rows; give one row per period and arm with its spend.")
    df = pd.DataFrame([{"period": str(r["period"]).strip(), "channel": str(r["channel"]).strip(),
                        "creative": str(r.get("creative") or "").strip(), "spend": float(r["spend"]),
                        "impressions": float(r.get("impressions") or 0), "clicks": float(r.get("clicks") or 0),
                        "segment": str(r.get("segment") or "").strip(), "leads": 0.0, "qualified_leads": 0.0, "opportunities": 0.0, "won_amount": 0.0}
                       for r in rows])
    return frame_history(df, {k: k for k in ("period", "channel", "creative", "spend", "impressions", "clicks",
                                             "segment")}, [])


def history_from_graph(spend: str | Path | History, leads: list[dict], opportunities: list[dict],
                       window_days: int = 180) -> tuple[History, GraphReport]:
    """`spend`: a spend file's path, or spend rows already read (spend_frame)."""
    spend_path = spend if not isinstance(spend, History) else "spend"
    if not isinstance(spend, History):
        spend = load_history(spend, require_outcomes=False)
    rows = spend.rows.copy()
    starts = period_starts(spend, str(spend_path))
    rep = GraphReport(leads=len(leads), opportunities=len(opportunities), window_days=window_days)
    got = credit(leads, opportunities, window_days)
    rep.opportunities_attributed = round(sum(v["opportunities"] for v in got.values()), 3)
    rep.won_amount_attributed = sum(v["won_amount"] for v in got.values())

    # period of each lead: the latest period start at or before it
    lt = _ts([x["created_at"] for x in leads])
    starts_sorted = starts.sort_values()
    order = list(starts_sorted.index)
    pos = starts_sorted.searchsorted(lt, side="right") - 1
    paid = {c.lower(): c for c in rows["channel"].unique()}
    named = {(p, c.lower(), k) for p, c, k in zip(rows["period"], rows["channel"], rows["creative"]) if k}
    # segmented rows: (period, channel, creative) -> {segment as matched: segment as written}
    aimed: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    for p, c, k, g in zip(rows["period"], rows["channel"], rows["creative"], rows["segment"]):
        if g:
            aimed[(p, c.lower(), k)][g.casefold()] = g
    agg: dict[tuple[str, str, str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    unpaid: dict[str, int] = defaultdict(int)
    for x, t, i in zip(leads, lt, pos):
        ch = str(x["channel"]).strip().lower()
        if ch not in paid:
            unpaid[str(x["channel"])] += 1
            continue
        if pd.isna(t) or i < 0:
            rep.before_first_period += 1
            continue
        period = spend.periods[order[i]]
        creative = str(x["creative"] or "").strip()
        creative = creative if (period, ch, creative) in named else ""
        segment = aimed.get((period, ch, creative), {}).get(str(x.get("segment") or "").strip().casefold(), "")
        a = agg[(period, ch, creative, segment)]
        a["leads"] += 1
        a["qualified_leads"] += 1 if (x.get("priority") == "A" or x.get("converted") is True) else 0
        a["opportunities"] += got.get(x["id"], {}).get("opportunities", 0.0)
        a["won_amount"] += got.get(x["id"], {}).get("won_amount", 0.0)
    for m in ("leads", "qualified_leads", "opportunities", "won_amount"):
        rows[m] = [agg.get((p, c.lower(), k, g), {}).get(m, 0.0) for p, c, k, g in
                   zip(rows["period"], rows["channel"], rows["creative"], rows["segment"])]
    rep.leads_in_arms = int(sum(rows["leads"]))
    rep.no_matching_row = int(sum(a["leads"] for a in agg.values())) - rep.leads_in_arms
    rep.unpaid_leads = dict(sorted(unpaid.items()))
    cols = {**spend.columns, "leads": "graph", "qualified_leads": "graph", "opportunities": "graph",
            "won_amount": "graph"}
    base = rows[["period", "channel", "creative", "segment", "spend", "impressions", "clicks", "leads",
                 "qualified_leads", "opportunities", "won_amount"]].copy()
    return frame_history(base, cols, spend.rejected), rep
