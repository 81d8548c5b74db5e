"""Kinds of technical parameter seen on new portals: a descending range with its unit glued on, a tolerance bound,
a condition inside the parameter's name (a range, 'at X', '(under Y)', '在…条件下') that is not the value, working
days as a unit of their own, units written in full words. Each kind in English and Chinese where both occur."""

from __future__ import annotations

import pytest

from dealgraph.algorithms.matching.units import comparable, to_base
from dealgraph.ingest.tenders.requirements import parse_spec


def _read(text, parameter=None):
    s = parse_spec(text, parameter)
    return s.operator, s.value, s.unit


@pytest.mark.parametrize("text, value", [
    ("Temperature control range adjustable from -50C to -86C.", [-86, -50]),
    ("Operating temperature: -86 °C to -50 °C", [-86, -50]),
    ("控温范围：-40℃至-80℃", [-80, -40]),
    ("Storage temperature from +40 °C to -20 °C", [-20, 40]),
])
def test_descending_range_with_units_on_both_ends_is_a_range(text, value):
    assert _read(text) == ("range", value, "℃")


def test_a_descending_pair_of_bare_numbers_is_not_a_range():
    assert parse_spec("Items 10 to 5 of the schedule").operator != "range"


@pytest.mark.parametrize("text, value, unit", [
    ("Cabinet temperature uniformity of +/-3C or better at -80C set point.", 3, "℃"),
    ("Flow accuracy: ±0.5%", 0.5, "%"),
    ("精度：±0.5%", 0.5, "%"),
    ("测量误差≤±2%", 2, "%"),
    ("Positioning error within ± 0.1 mm", 0.1, "mm"),
])
def test_a_tolerance_is_a_bound_on_the_magnitude(text, value, unit):
    assert _read(text) == ("<=", value, unit)


def test_a_tolerance_on_a_stated_nominal_keeps_the_nominal():
    assert _read("Output voltage 220 V ±10%") == ("=", 220, "V")
    assert _read("短路阻抗：4.0%（允许偏差±10%）") == ("=", 4.0, "%")
    assert _read("Impedance: 6 % (tolerance +/- 10 %)") == ("=", 6, "%")


@pytest.mark.parametrize("text, op, value, unit", [
    ("DC charging time from 20% to 80% state of charge: not more than 45 minutes", "<=", 45, "minutes"),
    ("Warm-up time from -80C to -50C with power off and door closed of not less than 180 minutes", ">=", 180, "minutes"),
    ("直流充电由20%至80%所需时间：不多于45分钟", "<=", 45, "分钟"),
    ("Power consumption (under 25 °C ambient): ≤ 100 W", "<=", 100, "W"),
    ("在25℃条件下，噪声：45 dB", "=", 45, "dB"),
    ("Impedance voltage at 75 °C: 4.5 %", "=", 4.5, "%"),
    ("阻抗电压（75℃时）：4.5%", "=", 4.5, "%"),
])
def test_a_condition_in_the_name_is_not_the_value(text, op, value, unit):
    assert _read(text) == (op, value, unit)


def test_a_range_that_is_the_value_stays_the_value():
    assert _read("Operating temperature from -20 to 60 °C, humidity at least 90%") == ("range", [-20, 60], "℃")
    assert _read("Operating temperature: -5 °C to +55 °C") == ("range", [-5, 55], "℃")


@pytest.mark.parametrize("cell, name, value, unit", [
    ("4.5 % (IEC tolerance)", "Impedance voltage at 75 °C", 4.5, "%"),
    ("12.5 kA", "Rated short-circuit breaking current", 12.5, "kA"),
    ("4.5%", "阻抗电压（75℃）", 4.5, "%"),
])
def test_a_table_value_cell_with_a_decimal_is_the_value_not_an_item_number(cell, name, value, unit):
    assert _read(cell, name) == ("=", value, unit)


def test_working_days_are_their_own_unit():
    assert _read("delivery lead time of no more than 10 working days from order") == ("<=", 10, "working days")
    assert _read("Response within 3 business days") == ("<=", 3, "business days")
    assert _read("交货期：10个工作日内") == ("<=", 10, "工作日")
    assert _read("Delivery within 60 calendar days") == ("<=", 60, "days")


def test_matching_knows_working_days_from_calendar_days():
    assert comparable("working days", "days") and comparable("工作日", "日历天")
    assert to_base(10, "working days")[1] == pytest.approx(to_base(14, "days")[1])
    assert to_base(10, "business days") == to_base(10, "working days") == to_base(10, "工作日")
    assert to_base(30, "calendar days") == to_base(30, "days") == to_base(30, "日历天")


@pytest.mark.parametrize("text, value, unit", [
    ("Net storage capacity of no less than 690 liters", 690, "liters"),
    ("Fuel tank: at least 70 litres", 70, "litres"),
    ("Exterior width not to exceed 36 inches", 36, "inches"),
    ("displacement of at least 2,400 cubic centimetres", 2400, "cubic centimetres"),
    ("Engine displacement: not less than 2,400 cubic centimeters", 2400, "cubic centimeters"),
])
def test_units_in_full_words_are_read_as_written(text, value, unit):
    assert _read(text)[1:] == (value, unit)


def test_matching_knows_units_in_full_words():
    assert to_base(690, "liters") == to_base(690, "L") == to_base(690, "litres")
    assert to_base(0.69, "m³")[0] == to_base(690, "L")[0] and abs(to_base(0.69, "m³")[1] - to_base(690, "L")[1]) < 1e-9
    assert to_base(36, "inches") == to_base(36, "in") == to_base(36, "inch")
    assert to_base(2400, "cubic centimetres") == to_base(2400, "cc") == to_base(2400, "cm³")
    assert abs(to_base(2.4, "L")[1] - to_base(2400, "cc")[1]) < 1e-12
    assert not comparable("liters", "kg")
