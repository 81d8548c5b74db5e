"""What-if sandbox for the pipeline forecast: a named set of changes applied to a copy of the history,
the forecast re-run on the copy, and the ranges shown beside the baseline's.

The history given (a file's rows or the graph's) is never modified: every change is applied to a copy
taken here, so a scenario can be run against the live graph's history without touching the graph.

A scenario (TOML or a dict):
    name = "Q3 push"
    [[change]]  kind = "stage",    opportunity = "OPP-1", stage = "Negotiation"   # moves it on, at as-of
    [[change]]  kind = "amount",   opportunity = "OPP-1", amount = 250000
    [[change]]  kind = "close",    opportunity = "OPP-2", outcome = "won", date = "2024-07-15"  # or "lost"
    [[change]]  kind = "remove",   opportunity = "OPP-3"                          # drops out of the pipeline
    [[change]]  kind = "slip",     opportunity = "OPP-4", days = 30               # its win comes 30 days later
    [[change]]  kind = "add_deals", owner = "New Rep", count = 12, stage = "Prospecting", amount = 40000
    [[change]]  kind = "win_rate", factor = 1.2, stage = "Proposal"               # stage optional: every stage
Dates default to as-of.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import InputError
from .forecast import Forecast, forecast
from .history import default_as_of

KINDS = {"stage": ("opportunity", "stage"), "amount": ("opportunity", "amount"), "close": ("opportunity", "outcome"),
         "remove": ("opportunity",), "slip": ("opportunity", "days"), "add_deals": ("count", "stage"),
         "win_rate": ("factor",)}


@dataclass
class Scenario:
    name: str
    changes: list[dict] = field(default_factory=list)
    source: str = "scenario"

    @classmethod
    def from_dict(cls, d: dict, source: str = "scenario", kinds: dict[str, tuple[str, ...]] = KINDS) -> Scenario:
        changes = d.get("change", d.get("changes", []))
        if not isinstance(changes, list) or not all(isinstance(c, dict) for c in changes):
            raise InputError(f"{source}: 'change' must be a list of tables ([[change]] in TOML).")
        s = cls(str(d.get("name") or Path(source).stem), changes, source)
        for i, c in enumerate(changes, 1):
            kind = c.get("kind")
            if kind not in kinds:
                raise InputError(f"{source} change {i}: kind {kind!r} is not one of {', '.join(kinds)}.")
            for f in kinds[kind]:
                if c.get(f) in (None, ""):
                    raise InputError(f"{source} change {i} ({kind}): field {f!r} is missing.")
        return s

    @classmethod
    def load(cls, path: str | Path, kinds: dict[str, tuple[str, ...]] = KINDS) -> Scenario:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise InputError(f"{path}: not a readable TOML scenario ({e}).") from None
        return cls.from_dict(data, str(path), kinds)


@dataclass
class Adjustments:
    """What a scenario changes in the forecast itself rather than in the history rows."""
    win_factors: dict[str, float]  # by stage, '*': every stage
    delays: dict[str, int]  # days by which an opportunity's win comes later
    decided: dict[str, int | None]  # opportunity -> day after as-of it is won (None: lost)


def apply(hist: pd.DataFrame, scenario: Scenario, as_of: pd.Timestamp) -> tuple[pd.DataFrame, Adjustments]:
    """(a changed copy of the loaded history, the changes the forecast applies itself)."""
    out = hist[hist["entered_at"] <= as_of].copy()  # the world as known at as-of; later rows are its future
    added: list[dict] = []
    factors: dict[str, float] = {}
    delays: dict[str, int] = {}
    decided: dict[str, int | None] = {}
    known = set(out["opportunity_id"])
    for i, c in enumerate(scenario.changes, 1):
        kind, where = c["kind"], f"{scenario.source} change {i} ({c['kind']})"
        at = _date(c.get("date"), as_of, where)
        if kind in ("stage", "add_deals") and at > as_of:
            raise InputError(f"{where}: field 'date' {at:%Y-%m-%d} is after as-of {as_of:%Y-%m-%d}; the forecast "
                             "starts at as-of (a later win is a 'close' change).")
        if kind == "win_rate":
            factors[str(c.get("stage") or "*")] = _number(c["factor"], where, "factor", positive=True)
            continue
        if kind == "add_deals":
            n = int(_number(c["count"], where, "count", positive=True))
            if n > 100_000:
                raise InputError(f"{where}: field 'count' {n} is above 100,000.")
            amount = _number(c.get("amount", np.nan), where, "amount") if c.get("amount") is not None else np.nan
            for k in range(n):
                added.append({"opportunity_id": f"{scenario.name}/new-{i}-{k + 1}", "stage": str(c["stage"]),
                              "entered_at": at, "amount": amount, "owner": c.get("owner"), "account": c.get("account")})
            continue
        oid = str(c["opportunity"])
        if oid not in known:
            raise InputError(f"{where}: field 'opportunity' {oid!r} is not in the history.")
        rows = out["opportunity_id"] == oid
        last = out[rows].iloc[-1].to_dict()
        if kind in ("stage", "close") and at < last["entered_at"]:
            raise InputError(f"{where}: field 'date' {at:%Y-%m-%d} is before the opportunity's last stage entry.")
        if kind == "amount":
            out.loc[rows, "amount"] = _number(c["amount"], where, "amount")
        elif kind == "remove":
            out = out[~rows]
            known.discard(oid)
        elif kind == "slip":  # its win, whenever it would have come, comes `days` later
            delays[oid] = delays.get(oid, 0) + int(_number(c["days"], where, "days"))
        elif kind == "stage":
            added.append({**last, "stage": str(c["stage"]), "entered_at": at, "final": None})
        elif kind == "close":  # decided: won on its date (counted if within the horizon), or lost
            outcome = str(c["outcome"]).strip().lower()
            if outcome not in ("won", "lost"):
                raise InputError(f"{where}: field 'outcome' is {c['outcome']!r}; use won or lost.")
            decided[oid] = (at - as_of).days if outcome == "won" else None
    if added:
        new = pd.DataFrame(added)
        for col in out.columns:
            if col not in new:
                new[col] = None if out[col].dtype == object else np.nan
        out = pd.concat([out, new[out.columns]], ignore_index=True)
    sort = [c for c in ("opportunity_id", "entered_at", "_row") if c in out.columns]
    out["_row"] = np.arange(len(out))
    return out.sort_values(sort).reset_index(drop=True), Adjustments(factors, delays, decided)


def _date(v, default: pd.Timestamp, where: str) -> pd.Timestamp:
    if v in (None, ""):
        return default
    try:
        return pd.Timestamp(str(v))
    except ValueError:
        raise InputError(f"{where}: field 'date' {v!r} is not a date (use 2024-06-30).") from None


def _number(v, where: str, name: str, positive: bool = False) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise InputError(f"{where}: field {name!r} {v!r} is not a number.") from None
    if np.isnan(x) or (positive and x <= 0):
        raise InputError(f"{where}: field {name!r} must be a positive number, not {v!r}.")
    return x


def _ranges(f: Forecast) -> dict:
    return {"open_opportunities": f.open_opportunities, "won_count": f.won_count, "won_amount": f.won_amount,
            "expected_won_amount": round(f.expected_won_amount, 2)}


def _diff(a: dict, b: dict) -> dict:
    return {"open_opportunities": b["open_opportunities"] - a["open_opportunities"],
            **{k: {q: round(b[k][q] - a[k][q], 2) for q in a[k]} for k in ("won_count", "won_amount")},
            "expected_won_amount": round(b["expected_won_amount"] - a["expected_won_amount"], 2)}


def run(hist: pd.DataFrame, scenarios: list[Scenario], as_of: pd.Timestamp | None = None, horizon_days: int = 90,
        draws: int = 1000, seed: int = 0) -> dict:
    """Baseline and each scenario's forecast, with the change in ranges and in each touched deal's chance.
    Same seed everywhere, so the differences come from the changes rather than from the dice."""
    as_of = pd.Timestamp(as_of) if as_of is not None else default_as_of(hist)
    base = forecast(hist, as_of, horizon_days, draws=draws, seed=seed)
    base_r = _ranges(base)
    base_p = dict(zip(base.per_opportunity["opportunity_id"], base.per_opportunity["p_win_in_horizon"]))
    out = {"as_of": as_of.strftime("%Y-%m-%d"), "horizon_days": horizon_days, "baseline": base_r, "scenarios": []}
    for s in scenarios:
        changed, adj = apply(hist, s, as_of)
        f = forecast(changed, as_of, horizon_days, draws=draws, seed=seed, win_factors=adj.win_factors,
                     delays=adj.delays, decided=adj.decided, spread=base.spread)
        r = _ranges(f)
        p = dict(zip(f.per_opportunity["opportunity_id"], f.per_opportunity["p_win_in_horizon"]))
        touched = sorted({str(c.get("opportunity")) for c in s.changes if c.get("opportunity")})
        deals = [{"opportunity_id": o, "p_win_before": base_p.get(o), "p_win_after": p.get(o)} for o in touched]
        out["scenarios"].append({"name": s.name, "changes": s.changes, **r, "vs_baseline": _diff(base_r, r),
                                 "opportunities": deals, "notes": f.notes})
    if len(scenarios) > 1:  # compared pairwise against the first scenario too
        first = out["scenarios"][0]
        for s in out["scenarios"][1:]:
            s["vs_first_scenario"] = _diff(first, s)
    return out
