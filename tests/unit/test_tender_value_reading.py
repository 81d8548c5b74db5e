"""The words around a requirement's value read a second way (value_reading): a unit of measure written right after
the figure but not read; the bound written at the figure against the operator read."""

from __future__ import annotations

import pytest

from dealgraph.ingest.tenders import value_reading
from dealgraph.ingest.tenders.checks import Review
from dealgraph.ingest.tenders.model import ParsedTender, Requirement


def _flags(check, text, value, unit=None, operator=">=", parameter="x") -> list[str]:
    p = ParsedTender(source="x.txt", fmt="text", pages=1, language="en")
    p.requirements = [Requirement(kind="technical", text=text, parameter=parameter, operator=operator, value=value,
                                  unit=unit, confidence=0.9, snippet=text)]
    check(p, Review(p))
    return [n["reason"] for n in p.needs_review if n["field"] == "requirements[0]"]


@pytest.mark.parametrize("text, value, unit, flag", [
    ("Camera weight not exceeding 7.5 ounces.", 7.5, None, True),
    ("Engine: diesel, displacement of at least 1,800 cc", 1800, None, True),
    ("Video recording at a minimum of 25 frames per second.", 25, None, True),
    ("图传距离：不小于8公里（无干扰环境）", 8, None, True),
    ("Camera weight not exceeding 7.5 ounces.", 7.5, "ounces", False),
    ("Supply and install 14 RFID self-service kiosks.", 14, None, False),  # a counted noun may be the thing counted
    ("Colour rendering index (Ra) of at least 70.", 70, None, False),
])
def test_unit_as_written(text, value, unit, flag):
    assert bool(_flags(value_reading.unit_as_written, text, value, unit)) == flag


@pytest.mark.parametrize("text, value, operator, flag", [
    ("平层精度：≤±5mm", 5, "=", True),
    ("温度均一性：≤±0.3℃", 0.3, "=", True),
    ("Noise level | Less than 60 dBA | M", 60, "<=", True),
    ("Weight: max. 1.2 kg", 1.2, "=", True),
    ("售后服务：接到通知后4小时内到场", 4, ">=", True),
    ("Operating altitude of 2,000 m or more", 2000, "<=", True),
    ("平层精度：≤±5mm", 5, "<=", False),
    ("Noise level: not more than 60 dBA", 60, "<=", False),
    ("Resolution of 1 ms or better", 1, "<=", False),  # 'better' points either way
    ("Weight below 3.6 kg", 3.6, "<=", False),  # 'below' is read inclusive by the truths
    ("额定容量：400kVA", 400, ">=", False),  # no bound written: nothing to compare
])
def test_operator_as_written(text, value, operator, flag):
    assert bool(_flags(value_reading.operator_as_written, text, value, "x", operator)) == flag


@pytest.mark.parametrize("text, value, unit, flag", [
    ("Oxygen output capacity of at least 20 Nm³/h at rated purity", 20, "Nm", True),
    ("Specific power consumption ≤ 1.2 kWh/Nm³", 1.2, "kWh", True),
    ("Conductor cross-section of at least 4 mm² copper", 4, "mm", True),
    ("额定容量：单套≥400kVA/400kW", 400, "kVA", False),  # the value written twice, not a rate
    ("Noise level: not more than 65 dB(A)", 65, "dB", False),
    ("Oxygen output capacity of at least 20 Nm³/h", 20, "Nm³/h", False),
])
def test_unit_cut_short(text, value, unit, flag):
    assert bool(_flags(value_reading.unit_cut_short, text, value, unit)) == flag
