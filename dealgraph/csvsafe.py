"""CSV output that a spreadsheet will not run: every CSV writer of ours goes through here.

Excel, WPS and LibreOffice treat a cell starting with =, +, -, @ (or a tab / carriage return
before one) as a formula, so a lead's company named `=HYPERLINK("http://evil/")` would become a
live link or worse in a user's sheet. Such text cells get a leading `'`, which spreadsheets show
as text. A plain number ("-12.5") is not a formula and is left as it is.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_rows(path: Path, header: list[str], rows: Iterable[Iterable[Any]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([safe_cell(h) for h in header])
        for row in rows:
            w.writerow([safe_cell(v) for v in row])
            n += 1
    return n


def write_frame(df, path: Path) -> None:
    """A pandas DataFrame as CSV (UTF-8, no index), text cells escaped."""
    path.parent.mkdir(parents=True, exist_ok=True)
    from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_numeric_dtype

    out = df.copy()
    out.columns = [safe_cell(str(c)) for c in out.columns]
    for c in out.columns:
        col = out[c]
        if not (is_numeric_dtype(col) or is_bool_dtype(col) or is_datetime64_any_dtype(col)):
            out[c] = col.map(safe_cell, na_action="ignore")
    out.to_csv(path, index=False, encoding="utf-8")
