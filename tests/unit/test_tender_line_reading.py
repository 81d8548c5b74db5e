"""A light reading of every line (line_reading.unread_facts): a clause that writes a figure with its unit which no
requirement read from that line holds is listed for review, the note's line naming the parameter; figures that
are conditions, frequencies, procedure, money, years or descriptions of what exists are not."""

from __future__ import annotations

import pytest

from dealgraph.ingest.tenders import line_reading
from dealgraph.ingest.tenders.checks import Review
from dealgraph.ingest.tenders.model import ParsedTender, Requirement


def _req(text, value=None, unit=None, parameter=None, operator=">=") -> Requirement:
    return Requirement(kind="technical", text=text, parameter=parameter, operator=operator, value=value, unit=unit,
                       confidence=0.9, snippet=text)


def _notes(lines: list[str], reqs: list[Requirement]) -> list[str]:
    p = ParsedTender(source="x.txt", fmt="text", pages=1, language="en")
    p.requirements = reqs or [_req("Some other clause of 999 kg", 999, "kg")]
    line_reading.unread_facts(p, Review(p), [(1, t) for t in lines])
    return [n["snippet"] for n in p.needs_review if n["field"] == "requirements"]


@pytest.mark.parametrize("line, named", [
    ("Warranty: 5 years minimum on all parts", "Warranty"),
    ("3.1 Weight: max. 2.3 kg ..................... Preferred", "Weight"),
    ("（九）保修期：验收合格后至少2年。", "保修期"),
    ("7 | Engine displacement | at least 1,800 cc | M", "Engine displacement"),
    ("4.2 | Supply voltage | 220-240 V, 50 Hz | M", "Supply voltage"),
    ("Camera weight not exceeding 7.5 ounces.", "Camera weight"),
    ("Docking stations with no fewer than 6 bays each.", "Docking stations"),
    ("The requirement is for a firm quantity of 120 field tablets, with an option to buy 20 more.", "field tablets"),
])
def test_unread_clause_is_named(line, named):
    notes = _notes([line], [])
    assert notes and any(named in n for n in notes)


def test_second_clause_of_a_read_line():
    """'2 hours to respond, 24 hours on site': the 2 was read, the 24 is another requirement of its own."""
    line = "售后服务：接到通知后2小时内响应，24小时内到达现场"
    notes = _notes([line], [_req(line, 2, "小时", "售后服务")])
    assert notes == ["24小时内到达现场"]


@pytest.mark.parametrize("line, req", [
    ("Noise level: not more than 65 dB(A) (at 1 m distance)", _req("Noise level: not more than 65 dB(A)", 65, "dB(A)")),
    ("2.4 | Noise level | 65 dB(A) at 1 m | M", _req("Noise level 65 dB(A) at 1 m", 65, "dB(A)")),
    ("Battery life: at least 8 hours, 12 V supply", _req("Battery life: at least 8 hours, 12 V supply", 8, "hours")),
    ("二次电子像分辨率：≤0.8nm@15kV；≤1.2nm@1kV", _req("二次电子像分辨率：≤0.8nm@15kV", 0.8, "nm")),
    ("Delivery Period | 60 Day/s", _req("Delivery of the goods is required within 60 days", 60, "days")),
    ("1 | 超低温冰箱 | 2台 | 有效容积≥700L", _req("有效容积≥700L", 700, "L")),
])
def test_read_lines_stay_quiet(line, req):
    assert _notes([line], [req]) == []


@pytest.mark.parametrize("line", [
    "Technical support 24 hours a day, 365 days a year.",
    "提供7×24小时技术支持",
    "Bids shall remain valid for 120 days after the closing date.",
    "The bid security is 2% of the bid price.",
    "The existing network has 32 switches and 4 routers installed in 2015.",
    "connecting its 42 branch sites across the county",
    "依据政府采购法第19条，2025年采购计划",
    "Quantities may be increased by up to 15% during the contract.",
])
def test_not_a_specification(line):
    assert _notes([line], []) == []


@pytest.mark.parametrize("line, req", [
    ("★箱内温度控制范围:-40℃~-86℃", _req("箱内温度控制范围:-40℃~-86℃", [-86, -40], "℃", operator="range")),
    ("Pressure dew point of product oxygen ≤ -40 °C", _req("Pressure dew point of product oxygen ≤ -40 °C", -40, "℃")),
])
def test_negative_figures_read_either_way(line, req):
    assert _notes([line], [req]) == []


@pytest.mark.parametrize("line, flag", [
    ("e) Evidence of at least three similar installations of 10 kWp or more completed since 2020.", False),
    ("Camera resolution: at least 4 megapixels", True),
    ("Lower detectable limit: 0.5 ppb or less", True),
])
def test_past_projects_and_more_units(line, flag):
    assert bool(_notes([line], [])) == flag
