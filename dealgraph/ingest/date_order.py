"""Day-first or month-first, decided per column from the whole column.

'05-01-2026' alone could be 5 January or May 1st. A column of spreadsheet dates is written one
way, so its other values decide: a '13-01-2026' in the same column makes it day-first. Only a
column where no value tells (or where values say both) leaves such a date ambiguous: that row is
rejected with the reason. The file is read a second time, only for the first ambiguous value met.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..schema.values import numeric_date_order
from .readers import Row

_NAMES = {"dmy": "day-first", "mdy": "month-first"}


class ColumnDateOrder:
    def __init__(self, rows: Callable[[], Iterator[Row]], value_of: Callable[[dict[str, Any], str], Any],
                 columns: dict[str, str]):
        """`rows` reads the file again; `value_of(data, field)` gives a field's raw value;
        `columns` maps each date field to its column name (for the reasons)."""
        self._rows = rows
        self._value_of = value_of
        self._columns = columns
        self._decided: dict[str, tuple[str | None, str]] | None = None

    def order(self, field: str, value: str) -> tuple[str | None, str]:
        """("dmy" | "mdy", "") or (None, the reason the value stays ambiguous)."""
        if self._decided is None:
            self._decided = self._scan()
        order, why = self._decided.get(field, (None, ""))
        if order:
            return order, ""
        return None, (f"ambiguous date {value!r}: day-first and month-first both fit, and {why}; "
                      f"write it as YYYY-MM-DD")

    def _scan(self) -> dict[str, tuple[str | None, str]]:
        seen: dict[str, dict[str, tuple[int, str]]] = {f: {} for f in self._columns}
        for row in self._rows():
            if row.error:
                continue
            for f, first in seen.items():
                if len(first) == 2:
                    continue
                v = self._value_of(row.data, f)
                o = numeric_date_order(v)
                if o in _NAMES and o not in first:
                    first[o] = (row.line, v)
            if all(len(x) == 2 for x in seen.values()):
                break
        out: dict[str, tuple[str | None, str]] = {}
        for f, first in seen.items():
            col = self._columns[f]
            if len(first) == 1:
                out[f] = (next(iter(first)), "")
            elif not first:
                out[f] = (None, f"no other value in column {col!r} tells the order")
            else:
                both = " and ".join(f"{_NAMES[o]} ({v!r}, line {line})" for o, (line, v) in sorted(first.items()))
                out[f] = (None, f"column {col!r} has both {both} values")
        return out
