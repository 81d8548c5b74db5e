"""Spreadsheets (.xlsx, .csv, .tsv) -> Document: each sheet a section headed by its name.

A two-column label/value sheet becomes key/value lines ("label: value"); any other sheet one table whose
header row is the first row with most of its cells filled. Merged cells are filled across their span;
Excel dates come out as ISO dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from ...errors import InputError
from .model import Block, Document, Row


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d") if (v.hour, v.minute, v.second) == (0, 0, 0) else v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _sheet_blocks(name: str | None, rows: list[list[str]], page: int) -> list[Block]:
    rows = [r for r in rows if any(c for c in r)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    # Drop columns empty in every row (a spacer column would split key from value).
    keep = [j for j in range(width) if any(r[j] for r in rows)]
    rows = [[r[j] for j in keep] for r in rows]
    out = [Block("line", page, name, level=1)] if name else []
    if len(keep) == 2 and sum(1 for r in rows if r[0] and r[1]) >= max(1, len(rows) * 0.6):
        out += [Block("line", page, f"{k}: {v}" if v else k, tag=None) for k, v in rows]
        return out
    # Header: the first row filled in at least half of the columns; rows above it (a title) stay lines.
    # A title merged across the sheet fills every cell with one text: that is a line, not a header.
    h = next((i for i, r in enumerate(rows) if sum(1 for c in r if c) >= max(2, len(keep) / 2)
              and len({c for c in r if c}) >= 2), 0)
    for r in rows[:h]:
        out.append(Block("line", page, " ".join(dict.fromkeys(c for c in r if c))))
    out.append(Block("table", page, rows=[Row(r, page) for r in rows[h:]]))
    return out


def parse_xlsx(data: bytes, source: str) -> Document:
    import openpyxl

    try:
        # Not read_only: a read-only sheet does not list its merged ranges, which the fill below needs.
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad package
        raise InputError(f"{source}: cannot read the workbook ({type(exc).__name__}: {exc}); "
                         "save it again as .xlsx without a password, or as CSV.") from exc
    blocks: list[Block] = []
    for page, ws in enumerate(wb.worksheets, start=1):
        grid = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
        # A merged range's value stands in its top-left cell only: fill it across the span.
        for rng in ws.merged_cells.ranges:
            v = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else ""
            for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
                for c in range(rng.min_col - 1, min(rng.max_col, len(grid[r]))):
                    grid[r][c] = v
        blocks += _sheet_blocks(ws.title, grid, page)
    wb.close()
    if not blocks:
        raise InputError(f"{source}: the workbook has no filled cells.")
    return Document(source, "xlsx", len(wb.worksheets), blocks)


def _decode(data: bytes, source: str) -> str:
    for enc in ("utf-8-sig", "gb18030", "big5"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{source}: text is neither UTF-8 nor GB18030; save it as UTF-8 and retry.")


def parse_csv(data: bytes, source: str) -> Document:
    text = _decode(data, source)
    if not text.strip():
        raise InputError(f"{source}: the CSV file is empty.")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
        delim = dialect.delimiter
    except csv.Error:
        delim = "\t" if source.lower().endswith(".tsv") or sample.count("\t") > sample.count(",") else ","
    rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text), delimiter=delim)]
    blocks = _sheet_blocks(None, rows, 1)
    if not blocks:
        raise InputError(f"{source}: the CSV file has no filled cells.")
    return Document(source, "csv", 1, blocks)
