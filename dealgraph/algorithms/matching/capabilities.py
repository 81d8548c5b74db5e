"""Our capabilities as matching inputs: spec sheets parsed into parameter -> value + unit.

A capability record (records.md) has `spec` as free text: "交换容量=2.4Tbps; 工作温度=0~45℃",
"Memory: 512 GB", "level=3". Each part is read with the same operator/unit reader as tender
requirements, so both sides of a comparison are parsed by one set of rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ...ingest.tenders.money import parse_money
from ...ingest.tenders.requirements import parse_spec
from ...schema.values import to_float
from ..concepts import concepts_in, parameter_concept


@dataclass
class SpecValue:
    name: str
    concept: str | None
    value: Any  # float or (lo, hi)
    unit: str | None


@dataclass
class Capability:
    id: str
    kind: str
    name: str
    text: str = ""
    specs: list[SpecValue] = field(default_factory=list)
    valid_until: date | None = None
    customer: str | None = None
    industry: str | None = None
    amount: float | None = None
    year: int | None = None
    level: int | None = None
    concepts: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.name


_CN_LEVEL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}


def level_of(text: str) -> int | None:
    m = re.search(r"level\s*[=:]?\s*(\d)|(?:ML|L)\s?(\d)\b|CMMI\s?(\d)|([1-5一二三四五])\s*级", text or "", re.IGNORECASE)
    if not m:
        return None
    g = next(x for x in m.groups() if x)
    return int(g) if g.isdigit() else _CN_LEVEL[g]


def parse_specs(spec: str | None) -> list[SpecValue]:
    out: list[SpecValue] = []
    for part in re.split(r"[;；\n|]+", spec or ""):
        part = part.strip()
        if not part or re.match(r"^level\s*[=:]", part, re.IGNORECASE):
            continue
        s = parse_spec(part.replace("=", "：", 1) if "=" in part else part)
        if s.value is None or s.operator is None:
            money = _money_spec(part)  # "annual turnover=12,000,000 EUR": company facts in any currency
            if money:
                out.append(money)
            continue
        name = s.parameter or part.split("=")[0].strip()
        value = tuple(s.value) if isinstance(s.value, list) else s.value
        out.append(SpecValue(name, parameter_concept(name), value, s.unit))
    return out


def _money_spec(part: str) -> SpecValue | None:
    m = re.match(r"\s*([^=:：]+?)\s*[=:：]\s*(.*\d.*)$", part)
    money = parse_money(m.group(2)) if m else None
    if money is None:
        return None
    return SpecValue(m.group(1), parameter_concept(m.group(1)), money.amount, money.currency)


def _date(v: Any) -> date | None:
    if not v:
        return None
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def capability_from_record(r: dict) -> Capability:
    name, text, spec = r.get("name") or "", r.get("text") or "", r.get("spec") or ""
    level = None
    m = re.search(r"level\s*[=:]\s*(\d)", spec, re.IGNORECASE)
    if m:
        level = int(m.group(1))
    elif r.get("kind") == "certification":
        level = level_of(name)
    year = to_float(r.get("year"))
    return Capability(
        id=str(r["id"]), kind=str(r.get("kind") or "service"), name=name, text=text, specs=parse_specs(spec),
        valid_until=_date(r.get("valid_until")), customer=r.get("customer") or None, industry=r.get("industry") or None,
        amount=to_float(r.get("amount")), year=int(year) if year else None, level=level,
        concepts=concepts_in(" ".join([name, text, spec, r.get("industry") or ""])))


def capabilities_from_records(rows: list[dict]) -> list[Capability]:
    return [capability_from_record(r) for r in rows]
