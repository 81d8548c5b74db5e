"""The words around a requirement's value, read a second way: the unit written right after it and the bound
written right before or after it, against the unit and operator the parser read.

'Camera weight not exceeding 5.5 ounces' read as 5.5 with no unit, 'at least 2,400 cc' as 2400, '20 Nm³/h' as
20 Nm, '平层精度：≤±5mm' read as '= 5', 'less than 70 dBA' read as '<= 70': each disagreement is put on needs_review,
on the requirement. Never changes a field.
"""

from __future__ import annotations

import re

from .coverage_checks import _nums
from .line_reading import _FACT

# The bound a text writes before a figure (its last words), and after it.
_BEFORE = [
    ("<=", re.compile(r"(?:≤|<=|≦|不超过|不超過|不大于|不大於|不高于|不高於|不多于|不多於|不得超过|不得超過|不得大于|最多|"
                      r"\b(?:max(?:imum)?\.?(?:\s+of)?|not more than|no more than|not exceed(?:ing)?|up to|within|"
                      r"no greater than|not greater than|no higher than|not higher than)|小于或等于|小於或等於)\s*[:：]?\s*[±]?\s*$",
                      re.IGNORECASE)),
    (">=", re.compile(r"(?:≥|>=|≧|不低于|不低於|不少于|不少於|不小于|不小於|不得少于|不得低于|至少|最少|"
                      r"\b(?:min(?:imum)?\.?(?:\s+of)?|at least|not less than|no less than|no fewer than|not fewer than)|"
                      r"大于或等于|大於或等於)\s*[:：]?\s*$", re.IGNORECASE)),
    ("<", re.compile(r"(?:(?<![≤<=不])<|(?<!不)(?:小于|小於|低于|低於)|(?<!\bnot )(?<!\bno )\bless than)\s*$", re.IGNORECASE)),
    (">", re.compile(r"(?:(?<![≥>=])>|(?<!不)(?:大于|大於|高于|高於|超过|超過)|(?<!\bnot )(?<!\bno )\b(?:more|greater|higher) than)\s*$",
                     re.IGNORECASE)),
]
_AFTER = [
    (">=", re.compile(r"^\s*(?:以上|及以上|\bor (?:more|higher|greater|above|larger|longer)\b|\bminimum\b|\bmin\b|\bat least\b|\+)",
                      re.IGNORECASE)),
    ("<=", re.compile(r"^\s*(?:以下|及以下|以内|以內|之内|之內|内|內|\bor (?:less|lower|below|fewer|shorter|smaller)\b|\bmaximum\b|\bmax\b)",
                      re.IGNORECASE)),
]


def _written(r):
    """Each place the requirement's text writes its value with a unit after it (line_reading's figure)."""
    if r.value is None or isinstance(r.value, (str, list)):
        return []
    v = round(float(r.value), 6)
    return [m for m in _FACT.finditer(r.text or "") if v in _nums(m.group("n")) and not m.group("n2")]


def unit_as_written(p, rv) -> None:
    """A value read without a unit while its text writes a unit of measure right after the figure ('5.5 ounces',
    '2,400 cc', '30 frames per second', '10公里'). A counted noun after it is left alone: it may be the unit
    ('8 bays') or the thing the parameter counts ('14 RFID kiosks')."""
    for i, r in enumerate(p.requirements):
        if r.unit or r.confidence <= 0.3 or r.kind == "qualification":
            continue
        unit = next((m.group("u") or m.group("m") for m in _written(r) if m.group("u") or m.group("m")), None)
        if unit:
            rv.flag(f"requirements[{i}]", f"{r.value:g} is written with '{unit}', read without a unit", r.snippet)
            r.confidence = 0.3


def unit_cut_short(p, rv) -> None:
    """A unit read as the first part of what the text writes after the figure: 'Nm' of '20 Nm³/h', 'kWh' of
    '1.2 kWh/Nm³', 'mm' of '4 mm²' (a power, a rate or a ratio of the unit read: another measure; '400kVA/400kW'
    writes the value twice)."""
    for i, r in enumerate(p.requirements):
        if not r.unit or r.value is None or isinstance(r.value, (str, list)) or r.confidence <= 0.3:
            continue
        v = round(float(r.value), 6)
        longer = rf"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s*({re.escape(r.unit)}(?:[²³·^]|/(?=[A-Za-z³²]))[^\s,;，；、)）]*)"
        for m in re.finditer(longer, r.text or ""):
            if v in _nums(m.group(1)):
                rv.flag(f"requirements[{i}]", f"the text writes '{m.group(2)}' after {r.value:g}, read as '{r.unit}'",
                        r.snippet)
                r.confidence = 0.3
                break


def _bound(text: str, m) -> str | None:
    before = text[max(0, m.start() - 40):m.start()]
    before = re.split(r"[\d;；。]", before)[-1]  # the words since the last figure or clause end
    for op, rx in _BEFORE:
        if rx.search(before):
            return op
    after = text[m.end():m.end() + 20]
    for op, rx in _AFTER:
        if rx.match(after):
            return op
    return None


def operator_as_written(p, rv) -> None:
    """The bound the text writes at the value ('≤±5mm', 'less than 70 dBA', '24小时内') against the operator read:
    '=' where a bound is written, or the other bound, or a strict bound read as an inclusive one."""
    for i, r in enumerate(p.requirements):
        if r.operator not in ("=", ">=", "<=", "<", ">") or r.confidence <= 0.3:
            continue
        ops = {_bound(r.text, m) for m in _written(r)} - {None}
        if len(ops) == 1 and (op := ops.pop()) != r.operator:
            rv.flag(f"requirements[{i}]", f"the text writes '{op}' at {r.value:g}, read as '{r.operator}'", r.snippet)
            r.confidence = 0.3
