"""One table reader for user files: CSV / TSV / text exports and Excel workbooks (.xlsx).

    from dealgraph.ingest.tables import is_workbook, read_xlsx, split_sheet
    path, sheet_name = split_sheet(path)    # "book.xlsx#线索" -> (book.xlsx, "线索"); else (path, None)
    if is_workbook(path):
        sheet = read_xlsx(path, sheet_name)  # -> Sheet(name, header, rows=[(excel_row_number, cells)])
        # or, streaming a big sheet:  with XlsxTable(path, sheet_name) as t: t.header; t.rows()

Text files stay with each command's own reader (their encodings and delimiter rules are already
tested); a workbook is read here, once, so every file-mode command sees Excel cells the way the
user sees them in Excel: dates as ISO text, whole numbers without ".0", booleans as TRUE/FALSE,
and row numbers that are Excel's own, so an error can say "contacts.xlsx, row 7, column title".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Self

from ..errors import InputError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls


@dataclass
class Sheet:
    name: str
    header: list[str]  # stripped, as written (callers lower-case if they match case-insensitively)
    rows: list[tuple[int, list[str]]]  # (Excel row number, cells padded to the header's width)

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, cells)) for _, cells in self.rows]


def split_sheet(path: str | Path) -> tuple[Path, str | None]:
    """`book.xlsx#Sheet2` picks a sheet on any command line that takes a file (first sheet otherwise).

    A file that really exists under the whole name wins, so a '#' in an ordinary file name is safe.
    """
    p = Path(path)
    if p.exists() or "#" not in p.name:
        return p, None
    stem, _, sheet = p.name.partition("#")
    book = p.with_name(stem)
    return (book, sheet or None) if book.suffix.lower() in WORKBOOK_SUFFIXES else (p, None)


def is_workbook(path: Path) -> bool:
    """An .xlsx by name, or any file whose bytes are a zip/OLE workbook (a .csv that is really Excel)."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES + (".xls",):
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return head[:4] == _ZIP_MAGIC or head == _OLE_MAGIC


def cell_text(v: object) -> str:
    """A cell as the user reads it in Excel."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == time(0) else v.isoformat(sep=" ", timespec="seconds")
    if isinstance(v, (date, time)):
        return v.isoformat()
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v) if abs(v) >= 1e-4 else f"{v:g}"
    return str(v).strip()


class XlsxTable:
    """One sheet, streamed: `header` is read on open, `rows()` yields (Excel row number, cells).

        with XlsxTable(path, sheet) as t:     # sheet=None: the first sheet
            for number, cells in t.rows():   # cells padded/cut to len(t.header); empty rows skipped
                ...

    The header is the first non-empty row; columns left of its first name (a margin column A)
    and right of its last name are dropped, and a value there is an error naming the row.
    """

    def __init__(self, path: Path, sheet: str | None = None) -> None:
        self.path = Path(path)
        self._wb = _open_workbook(self.path)
        try:
            if sheet is not None and sheet not in self._wb.sheetnames:
                raise InputError(f"{self.path.name} has no sheet {sheet!r}; its sheets are: "
                                 f"{', '.join(self._wb.sheetnames)}.")
            ws = self._wb[sheet] if sheet is not None else self._wb.worksheets[0]
            self.name: str = ws.title
            self.last_row: int | None = ws.max_row  # from the sheet's dimension tag; None when absent
            self._it = enumerate(ws.iter_rows(values_only=True), start=1)
            self.header, self._first, self._last = self._read_header()
        except BaseException:
            self.close()
            raise

    def _where(self, number: int | None = None) -> str:
        return f"{self.path.name}, sheet {self.name!r}" + (f", row {number}" if number else "")

    def _read_header(self) -> tuple[list[str], int, int]:
        for number, values in self._it:
            cells = [cell_text(v) for v in values]
            named = [i for i, c in enumerate(cells) if c]
            if not named:
                continue
            first, last = named[0], named[-1] + 1
            header = cells[first:last]
            if "" in header:
                raise InputError(f"{self._where(number)}: column {first + header.index('') + 1} of the header row "
                                 "is empty; name every column.")
            return header, first, last
        raise InputError(f"{self._where()} is empty: expected a header row and one row per entry.")

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        width = self._last - self._first
        for number, values in self._it:
            cells = [cell_text(v) for v in values]
            if not any(cells):
                continue
            outside = [i for i, c in enumerate(cells) if c and not self._first <= i < self._last]
            if outside:
                raise InputError(f"{self._where(number)}: a value in column {outside[0] + 1}, which has no header; "
                                 "add a header or delete the value.")
            yield number, (cells[self._first:self._last] + [""] * width)[:width]

    def close(self) -> None:
        self._wb.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_xlsx(path: Path, sheet: str | None = None) -> Sheet:
    """A whole sheet in memory (file-mode commands); `XlsxTable` streams it for big files."""
    with XlsxTable(path, sheet) as t:
        return Sheet(t.name, t.header, list(t.rows()))


def _open_workbook(path: Path):
    if not path.exists():
        raise InputError(f"{path}: file not found; check the path.")
    with path.open("rb") as fh:
        if fh.read(8) == _OLE_MAGIC:
            raise InputError(f"{path.name} is a legacy Excel 97-2003 workbook (.xls); open it in Excel or WPS and "
                             "save it as .xlsx or CSV (UTF-8).")
    try:
        from openpyxl import load_workbook
    except ImportError as e:  # pragma: no cover - openpyxl is a dependency
        raise InputError(f"{path.name}: reading Excel needs openpyxl; run `uv sync` or save the sheet as CSV.") from e
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # zip or XML errors of a damaged or non-Excel file
        raise InputError(f"{path.name}: not a readable .xlsx workbook ({type(e).__name__}: {e}); "
                         "save it again from Excel or as CSV (UTF-8).") from e
