"""Right readings the self-checks used to put on review for a general reason: one bound written twice (a bilingual
row), and a range that is the condition of a bound ('from -80C to -50C … of not less than 180 minutes', the bound
written as 'not less than', 'not to exceed', 'or less')."""

from __future__ import annotations

import pytest

from dealgraph.ingest.tenders import checks, second_reading
from dealgraph.ingest.tenders.checks import Review
from dealgraph.ingest.tenders.model import ParsedTender, Requirement


def _flags(check, text, value, unit, operator=">=") -> list[str]:
    p = ParsedTender(source="x.txt", fmt="text", pages=1, language="en")
    p.requirements = [Requirement(kind="technical", text=text, parameter="x", operator=operator, value=value, unit=unit,
                                  confidence=0.9, snippet=text)]
    check(p, Review(p))
    return [n["reason"] for n in p.needs_review]


@pytest.mark.parametrize("text, value, flag", [
    ("Rated payload: not less than 2,000 kg 額定載重:不少于2,000公斤", 2000, False),
    ("Usable battery capacity: not less than 80 kWh, 可用电池容量：不少于80千瓦时", 80, False),
    ("respond within 2 hours and restore within 8 hours", 2, True),
    ("保修期不少于3年，响应时间不超过2小时", 3, True),
])
def test_one_bound_written_twice(text, value, flag):
    assert bool(_flags(checks._one_of_two_bounds, text, value, "kg")) == flag


@pytest.mark.parametrize("text, value, flag", [
    ("Warm-up time from -80C to -50C with power off and door closed of not less than 180 minutes.", 180, False),
    ("DC charging time from 20% to 80% state of charge: not more than 45 minutes", 45, False),
    ("Pull-down time from +20C to -80C of 5 hours or less, empty cabinet.", 5, False),
    ("Operating temperature range -20 °C to 50 °C", 50, True),
])
def test_range_as_condition_of_a_bound(text, value, flag):
    flags = _flags(second_reading.requirement_shapes, text, value, "minutes")
    assert any("writes a range" in f for f in flags) == flag
