"""Kinds seen on set 16 and elsewhere: a legend sentence standing alone ('Items marked with an asterisk (*) are
mandatory.') whose mark sits after an item's name or at its end; concentrations (µg/m³); calendar days kept as
their own unit where the notice says so (日曆天 too), still comparable with days in matching. Examples are our own."""

from __future__ import annotations

import pytest

from dealgraph.algorithms.matching.units import comparable, to_base
from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.requirements import mark_as_must, parse_spec

_HEAD = "Request for Quotation RFQ-2031-77\nBuyer: Harbour Water Board\n\nTechnical Specifications\n\n"
_LEGEND = "Items marked with an asterisk (*) are mandatory.\n\n"


def _musts(body: str, name: str = "notice.txt") -> list[bool]:
    return [q["mandatory"] for q in parse_bytes(body.encode(), name).to_dict()["requirements"]]


@pytest.mark.parametrize("items", [
    "1. Pump flow*: at least 40 m3/h\n2. Head*: at least 25 m\n3. Weight: no more than 90 kg\n",
    "- Pump flow: at least 40 m3/h *\n- Head: at least 25 m *\n- Weight: no more than 90 kg\n",
    "Item | Requirement\nPump flow* | at least 40 m3/h\nHead* | at least 25 m\nWeight | no more than 90 kg\n",
])
def test_an_asterisk_legend_standing_alone_marks_its_items(items):
    assert _musts(_HEAD + _LEGEND + items) == [True, True, False]


def test_an_asterisk_legend_in_html_marks_items_after_their_names():
    html = ("<html><body><h1>RFQ 5</h1><h2>Technical Specifications</h2><p>Items marked with an asterisk (*) are "
            "mandatory.</p><ol><li>Pump flow*: at least 40 m3/h</li><li>Weight: no more than 90 kg</li></ol></body></html>")
    assert _musts(html, "notice.html") == [True, False]


def test_a_symbol_glued_to_the_name_marks_the_item_a_letter_does_not():
    assert mark_as_must("2. Head*: at least 25 m", {"*"}) == "2. ★Head: at least 25 m"
    assert mark_as_must("MAX: 5 kg", {"X"}) == "MAX: 5 kg"


@pytest.mark.parametrize("text, op, value, unit", [
    ("PM10 measurement range: 0 to 2,000 µg/m³", "range", [0, 2000], "µg/m³"),
    ("Nitrogen dioxide detection limit ≤ 5 μg/m³", "<=", 5, "μg/m³"),
])
def test_a_concentration_is_a_unit(text, op, value, unit):
    s = parse_spec(text)
    assert (s.operator, s.value, s.unit) == (op, value, unit)


@pytest.mark.parametrize("text, value, unit", [
    ("工期：簽約後120日曆天內完成", 120, "日曆天"),
    ("交貨期限：決標次日起30個日曆天", 30, "日曆天"),
])
def test_calendar_days_are_their_own_unit(text, value, unit):
    s = parse_spec(text)
    assert (s.value, s.unit) == (value, unit)


def test_matching_reads_calendar_days_and_concentrations():
    assert to_base(30, "日曆天") == to_base(30, "days") == to_base(30, "calendar days")
    assert comparable("日曆天", "工作日")
    assert to_base(0.05, "mg/m³") == pytest.approx(to_base(50, "μg/m³"))
