"""A table row's name cell against the parameter read from the row (row_names.row_name_unread): a requirement named
by another cell ('All'), a lot's label ('包2') or a figure of the value ('50 Hz') while the name cell ('Warranty',
'能效比') is in neither its parameter nor its text is put on review with the row as its line."""

from __future__ import annotations

import pytest

from dealgraph.ingest.tenders import row_names
from dealgraph.ingest.tenders.checks import Review
from dealgraph.ingest.tenders.model import ParsedTender, Requirement


def _notes(row, text, parameter, value) -> list[str]:
    p = ParsedTender(source="x.txt", fmt="text", pages=1, language="en")
    p.requirements = [Requirement(kind="technical", text=text, parameter=parameter, operator=">=", value=value,
                                  unit=None, confidence=0.9, snippet=row)]
    row_names.row_name_unread(p, Review(p))
    return [n["snippet"] for n in p.needs_review if n["field"] == "requirements"]


@pytest.mark.parametrize("row, text, parameter, value, flag", [
    ("Both | Guarantee period | Minimum 3 years on all parts | M", "Both: Minimum 3 years on all parts", "Both", 3, True),
    ("4 | 制热能效比 | 包1不低于3.2;包2不低于3.6 | ★", "包1不低于3.2", "包1", 3.2, True),
    ("2.7 | Supply | 220-240 V, 50 Hz, single phase | M", "220-240 V, 50 Hz, single phase", "50 Hz", [220, 240], True),
    ("2.1 | Noise level | ≤ 65 dB(A) | M", "Noise level: ≤ 65 dB(A)", "Noise level", 65, False),
    ("1 | 多旋翼无人机 | ★1.最大飞行时间≥45分钟;2.最大飞行速度≥15m/s", "最大飞行时间≥45分钟", "最大飞行时间", 45, False),
    ("1.3 | Autonomy (holdover) | Minimum 3 days | M", "Autonomy (holdover) Minimum 3 days", None, 3, False),
])
def test_row_name_unread(row, text, parameter, value, flag):
    notes = _notes(row, text, parameter, value)
    assert bool(notes) == flag and all(n == row for n in notes)
