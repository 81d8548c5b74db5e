"""A requirement whose parameter names a measure with one kind of unit (a power, a temperature, a time, a rate)
read with a unit of another known measure: a condition's figure read as the value ('额定输出功率 <= 40 ℃')."""

from __future__ import annotations

import pytest

from dealgraph.ingest.tenders import checks
from dealgraph.ingest.tenders.checks import Review
from dealgraph.ingest.tenders.model import ParsedTender, Requirement


@pytest.mark.parametrize("parameter, value, unit, flag", [
    ("额定输出功率", 40, "℃", True),  # a condition's temperature read as the power
    ("Switchover time", 4, "kW", True),
    ("工作温度", 5, "%", False),  # a unit of no known measure: nothing to compare
    ("额定输出功率", 300, "kW", False),
    ("组件功率", 540, "Wp", False),
    ("存储容量", 400, "kVA", False),  # a capacity may be a size, a power or a volume
    ("带宽", 10, "台", True),  # a count where a rate is meant (as before)
])
def test_unit_of_another_measure(parameter, value, unit, flag):
    p = ParsedTender(source="x.txt", fmt="text", pages=1, language="zh")
    p.requirements = [Requirement(kind="technical", text=f"{parameter}: {value}{unit}", parameter=parameter, operator=">=",
                                  value=value, unit=unit, confidence=0.9, snippet="x")]
    checks._units(p, Review(p))
    assert bool(p.needs_review) == flag
