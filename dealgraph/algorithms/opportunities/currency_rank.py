"""Ranking next best actions whose expected changes are money in different currencies.

Amounts are compared only where they share a currency. An action whose currency is not stated takes the one
currency the other actions state, when they state exactly one (a workspace keeps its amounts in one currency
unless told otherwise); with two or more stated, it stays "not stated", a group of its own. Groups that
cannot be compared are each ranked by amount and the lists merged by rank (every group's best first, then
every group's second, ...); each action's reason says so. A rate table the user gives (base currency and
how many base units one unit of another currency is worth) converts every currency it names into the base,
so those actions are ranked together; nothing is fetched.

Rate table (TOML or JSON):
    base = "CNY"
    [rates]
    USD = 7.1     # 1 USD = 7.1 CNY
    EUR = 7.7
"""

from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError

NOT_STATED = "not stated"


@dataclass
class Rates:
    base: str
    per_unit: dict[str, float] = field(default_factory=dict)  # currency -> base units per unit

    def factor(self, currency: str | None) -> float | None:
        if currency == self.base:
            return 1.0
        return self.per_unit.get(currency) if currency else None

    @classmethod
    def from_dict(cls, d: dict, source: str = "rates") -> Rates:
        unknown = set(d) - {"base", "rates"}
        if unknown:
            raise InputError(f"{source}: unknown field(s) {', '.join(sorted(unknown))} (use base and rates).")
        base = d.get("base")
        if not isinstance(base, str) or not base.strip():
            raise InputError(f"{source}: field 'base' must name the currency amounts are converted into "
                             "(e.g. base = \"CNY\").")
        table = d.get("rates", {})
        if not isinstance(table, dict):
            raise InputError(f"{source}: field 'rates' must be a table of CURRENCY = base units per unit.")
        per = {}
        for cur, v in table.items():
            if isinstance(v, bool) or not isinstance(v, int | float) or v <= 0:
                raise InputError(f"{source}: rates.{cur} must be a number > 0 (base units per unit), not {v!r}.")
            per[str(cur).strip().upper()] = float(v)
        return cls(base.strip().upper(), per)

    @classmethod
    def load(cls, path: str | Path) -> Rates:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
            data = json.loads(text) if p.suffix.lower() == ".json" else tomllib.loads(text)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as e:
            raise InputError(f"{path}: not a readable rate table ({e}).") from None
        if not isinstance(data, dict):
            raise InputError(f"{path}: a rate table is an object with base and rates.")
        return cls.from_dict(data, str(path))


def _amount(a: dict) -> float:
    v = (a.get("expected_change") or {}).get("won_amount")
    try:
        v = float(v)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(v) else v  # NaN: nothing expected


def rank(actions: list[dict], rates: Rates | None = None) -> tuple[list[dict], list[str]]:
    """The actions ranked (rank 1..n), each with `currency` filled where it can be and `ranked_in` (the
    currency its amount was compared in); notes say how currencies were handled."""
    stated = sorted({a["currency"] for a in actions if a.get("currency")})
    notes = []
    assumed = stated[0] if len(stated) == 1 else None
    groups: dict[str, list[tuple[float, dict]]] = {}
    for a in actions:
        cur = a.get("currency") or None
        if cur is None and assumed:
            a["currency"] = cur = assumed
            a.setdefault("evidence", {})["currency_assumed"] = (f"the amount's currency is not stated: taken as "
                                                                f"{assumed}, the only currency the others state")
        by = (a.get("expected_change") or {}).get("by_currency")
        if by and rates and all(rates.factor(c) is not None for c in by):  # deals in several currencies, all known
            key, value = rates.base, sum(v * rates.factor(c) for c, v in by.items())
            a["expected_change"]["won_amount_" + rates.base.lower()] = round(value, 2)
            a["ranked_in"] = key
            groups.setdefault(key, []).append((value, a))
            continue
        f = rates.factor(cur) if rates and not by else None
        if f is not None:
            key, value = rates.base, _amount(a) * f
            if cur != rates.base:
                a["expected_change"]["won_amount_" + rates.base.lower()] = round(value, 2)
                a.setdefault("evidence", {})["rate"] = {"currency": cur, "base": rates.base, "per_unit": f}
        else:
            key, value = cur or NOT_STATED, _amount(a)
        a["ranked_in"] = key
        groups.setdefault(key, []).append((value, a))
    for g in groups.values():
        g.sort(key=lambda va: (-va[0], va[1]["action_id"]))
    if len(groups) > 1:
        names = sorted(groups)
        why = (f"amounts in {', '.join(names)} are not compared"
               + (f" (the rate table converts into {rates.base} only {', '.join(sorted(rates.per_unit)) or 'none'})"
                  if rates else " without a rate table (--rates)"))
        for key, g in groups.items():
            for _, a in g:
                a["reason"] = f"{a.get('reason', '')}; ranked among the {key} actions only: {why}"
        notes.append(f"ranked within currency ({', '.join(f'{k}: {len(groups[k])}' for k in names)}): {why}; the "
                     "lists are merged by rank (each currency's first, then each one's second, ...)")
    elif rates and any(a.get("currency") != rates.base for _, a in next(iter(groups.values()), [])):
        notes.append(f"amounts converted into {rates.base} with the rate table given")
    merged = sorted(((i, key, va) for key, g in groups.items() for i, va in enumerate(g)),
                    key=lambda t: (t[0], t[1]))  # by rank, then currency: no order between currencies implied
    out = [va[1] for _, _, va in merged]
    for i, a in enumerate(out, 1):
        a["rank"] = i
    return out, notes
