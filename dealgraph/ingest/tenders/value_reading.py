"""The words around a requirement's value, read a second way: the unit written right after it, against the unit
the parser read.

'Camera weight not exceeding 5.5 ounces' read as 5.5 with no unit, 'at least 2,400 cc' as 2400: each disagreement
is put on needs_review, on the requirement. Never changes a field.
"""

from __future__ import annotations

from .coverage_checks import _nums
from .line_reading import _FACT


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
