"""Streaming readers: CSV, JSON (array, or an object wrapping one), JSONL and Excel (.xlsx), one row
at a time.

Nothing here holds a whole file in memory: CSV and JSONL are read line by line, a JSON array
is decoded object by object from a sliding buffer. Each row comes with its line number (for
reject files) and every reader exposes `bytes_read` so a progress bar can follow big files.

Encodings: UTF-8, UTF-8 with BOM, UTF-16 with BOM and GB18030 are detected from the first
megabyte. Bytes that are invalid in the detected encoding do not stop the file: they are kept as
surrogates and the row is rejected by `bad_encoding_fields` with a clear reason. Workbooks have no
text encoding: they are streamed by `tables.XlsxTable`, and a row's line is its Excel row number.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError

SAMPLE_BYTES = 1 << 20
CHUNK_CHARS = 1 << 16
MAX_OBJECT_CHARS = 64 << 20  # one JSON object larger than this is not a row, it is a broken file

csv.field_size_limit(16 << 20)


def detect_encoding(path: Path, sample_bytes: int = SAMPLE_BYTES) -> str:
    """'utf-8-sig' / 'utf-16' when a BOM says so, else 'utf-8' if the sample decodes, else 'gb18030'."""
    with open(path, "rb") as f:
        head = f.read(sample_bytes)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < sample_bytes)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK/GB2312, the usual encodings of Excel exports on Chinese Windows.
        codecs.getincrementaldecoder("gb18030")().decode(head, final=len(head) < sample_bytes)
        return "gb18030"
    except UnicodeDecodeError:
        return "utf-8"  # neither fits: read as UTF-8 and let bad rows be rejected one by one


_SURROGATE = re.compile("[\udc80-\udcff]")


def bad_encoding_fields(row: dict[str, Any]) -> list[str]:
    """Columns whose value held bytes invalid in the file's encoding (kept as lone surrogates)."""
    # One search over the joined values first: almost every row is clean, and this runs per row.
    if not _SURROGATE.search("".join([v for v in row.values() if isinstance(v, str)])):
        return []
    return [k for k, v in row.items() if isinstance(v, str) and _SURROGATE.search(v)]


def show_bytes(value: str) -> str:
    """A readable form of a value with undecodable bytes: the bytes as \\xNN escapes."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass
class Row:
    line: int  # 1-based line where the row starts (CSV: the header is line 1)
    data: dict[str, Any]
    error: str | None = None  # the row could not be parsed at all (broken JSON line)


@dataclass
class Reader:
    """Iterate `rows()`; `columns` is known after the first row; `bytes_read`/`size` for progress."""

    path: Path
    encoding: str
    fmt: str
    delimiter: str | None = None
    sheet: str | None = None  # Excel: which sheet (the first when None)
    size: int = 0
    columns: list[str] = field(default_factory=list)
    _raw: BinaryIO | None = None
    _done_fraction: float = 0.0

    @property
    def bytes_read(self) -> int:
        if self.fmt == "xlsx":
            return int(self.size * self._done_fraction)
        try:
            return self._raw.tell() if self._raw and not self._raw.closed else self.size
        except (OSError, ValueError):
            return self.size

    def rows(self) -> Iterator[Row]:
        self.size = self.path.stat().st_size
        if self.fmt == "xlsx":
            yield from self._xlsx()
            return
        with open(self.path, "rb") as raw:
            self._raw = raw
            text = io.TextIOWrapper(raw, encoding=self.encoding, errors="surrogateescape", newline="")
            if self.fmt == "csv":
                yield from self._csv(text)
            elif self.fmt == "jsonl":
                yield from self._jsonl(text, 0, "")
            else:
                yield from self._json(text)

    # ----------------------------------------------------------------- Excel
    def _xlsx(self) -> Iterator[Row]:
        from .tables import XlsxTable

        with XlsxTable(self.path, self.sheet) as table:
            self.columns = table.header
            rows_total = max(table.last_row or 0, 1)
            for number, cells in table.rows():
                self._done_fraction = min(number / rows_total, 1.0)  # zipped: bytes don't follow the rows
                yield Row(number, dict(zip(self.columns, cells, strict=True)))

    # ----------------------------------------------------------------- CSV
    def _csv(self, text: io.TextIOWrapper) -> Iterator[Row]:
        first = text.readline()
        delimiter = self.delimiter or _sniff_delimiter(first)
        header = next(csv.reader([first], delimiter=delimiter), [])
        self.columns = [show_bytes(h.strip().lstrip("\ufeff")) for h in header]  # no surrogates in names
        if not any(self.columns):
            raise InputError(f"{self.path.name}: the first line has no column names; a CSV file needs a header row.")
        reader = csv.reader(text, delimiter=delimiter)
        line = 2
        n = len(self.columns)
        for values in reader:
            start, line = line, reader.line_num + 2  # line_num counts physical lines read after the header
            if not values or all(not v.strip() for v in values):
                continue
            data = dict(zip(self.columns, values, strict=False))
            err = None
            if len(values) > n and any(v.strip() for v in values[n:]):
                err = f"row has {len(values)} values but the header has {n} columns"
            yield Row(start, data, err)

    # ----------------------------------------------------------------- JSON Lines
    def _jsonl(self, text: io.TextIOWrapper, line_offset: int, pending: str) -> Iterator[Row]:
        line = line_offset
        seen: dict[str, None] = dict.fromkeys(self.columns)
        lines = _chain_first(pending, text)
        for raw_line in lines:
            line += 1
            s = raw_line.strip()
            if not s:
                continue
            try:
                obj = json.loads(s)
            except json.JSONDecodeError as e:
                yield Row(line, {}, f"not valid JSON: {e.msg} at column {e.colno}")
                continue
            if not isinstance(obj, dict):
                yield Row(line, {}, f"expected a JSON object, got {type(obj).__name__}")
                continue
            _note_columns(seen, obj, self.columns)
            yield Row(line, obj)

    # ----------------------------------------------------------------- JSON
    def _json(self, text: io.TextIOWrapper) -> Iterator[Row]:
        buf = _Buffer(text)
        c = buf.peek_nonspace()
        if c == "{":
            # One object per line is JSONL whatever the extension says.
            first_line = buf.first_line()
            try:
                obj = json.loads(first_line) if first_line is not None else None
            except json.JSONDecodeError:
                obj = None
            wrapper = isinstance(obj, dict) and any(
                isinstance(v, list) and v and isinstance(v[0], dict) for v in obj.values())
            if isinstance(obj, dict) and not wrapper:
                yield from self._jsonl(text, 0, buf.take_all())
                return
            buf.expect("{")
            if not buf.seek_first_array():
                raise InputError(f"{self.path.name}: a JSON object without an array of records; "
                                 f"give a JSON array of objects or one object per line (JSONL).")
        elif c == "[":
            buf.expect("[")
        elif c == "":
            return
        else:
            raise InputError(f"{self.path.name}: line 1 does not start a JSON array or object (found {c!r}).")
        yield from self._array_items(buf)

    def _array_items(self, buf: _Buffer) -> Iterator[Row]:
        decoder = json.JSONDecoder()
        seen: dict[str, None] = {}
        while True:
            c = buf.peek_nonspace()
            if c == "]" or c == "":
                return
            if c == ",":
                buf.pos += 1
                continue
            line = buf.line_at_pos()
            while True:
                try:
                    obj, end = decoder.raw_decode(buf.data, buf.pos)
                    break
                except json.JSONDecodeError as e:
                    if buf.eof or len(buf.data) - buf.pos > MAX_OBJECT_CHARS:
                        raise InputError(f"{self.path.name}: broken JSON at line {line + e.lineno - 1}: {e.msg}.") from e
                    buf.fill()
            buf.pos = end
            if isinstance(obj, dict):
                _note_columns(seen, obj, self.columns)
                yield Row(line, obj)
            else:
                yield Row(line, {}, f"expected a JSON object, got {type(obj).__name__}")


class _Buffer:
    """A sliding text window over a stream for the incremental JSON array decoder."""

    def __init__(self, text: io.TextIOBase):
        self.text = text
        self.data = ""
        self.pos = 0
        self.eof = False
        self.line_base = 1  # line number of data[0]

    def fill(self) -> None:
        if self.pos > CHUNK_CHARS:  # drop what is consumed so memory stays bounded
            self.line_base += self.data.count("\n", 0, self.pos)
            self.data = self.data[self.pos:]
            self.pos = 0
        chunk = self.text.read(CHUNK_CHARS)
        if not chunk:
            self.eof = True
        self.data += chunk

    def peek_nonspace(self) -> str:
        while True:
            while self.pos < len(self.data) and self.data[self.pos] in " \t\r\n\ufeff":
                self.pos += 1
            if self.pos < len(self.data):
                return self.data[self.pos]
            if self.eof:
                return ""
            self.fill()

    def expect(self, ch: str) -> None:
        self.peek_nonspace()
        self.pos += 1

    def line_at_pos(self) -> int:
        return self.line_base + self.data.count("\n", 0, self.pos)

    def first_line(self) -> str | None:
        """The first line, if it is short enough to be a JSONL record (minified JSON is one long line)."""
        while "\n" not in self.data and not self.eof and len(self.data) < SAMPLE_BYTES:
            self.fill()
        if "\n" not in self.data and not self.eof:
            return None
        return self.data[self.pos:].split("\n", 1)[0]

    def take_all(self) -> str:
        rest, self.data, self.pos = self.data, "", 0
        return rest

    def seek_first_array(self) -> bool:
        """Inside a wrapper object ({"data": [...]}) skip to the first value that is an array."""
        decoder = json.JSONDecoder()
        while True:
            c = self.peek_nonspace()
            if c in ("", "}"):
                return False
            if c == ",":
                self.pos += 1
                continue
            # key
            key_end = self._decode(decoder)
            self.pos = key_end
            self.peek_nonspace()
            self.pos += 1  # ':'
            if self.peek_nonspace() == "[":
                self.pos += 1
                return True
            self.pos = self._decode(decoder)

    def _decode(self, decoder: json.JSONDecoder) -> int:
        while True:
            try:
                return decoder.raw_decode(self.data, self.pos)[1]
            except json.JSONDecodeError:
                if self.eof:
                    raise
                self.fill()


def _chain_first(first: str, text: io.TextIOBase) -> Iterator[str]:
    """Lines of `first` (a partial buffer) then of the rest of the stream, joined correctly."""
    if first:
        parts = first.split("\n")
        yield from (p + "\n" for p in parts[:-1])
        tail = parts[-1]
        if tail:
            rest = text.readline()
            yield tail + rest
    yield from text


def _note_columns(seen: dict[str, None], obj: dict, columns: list[str]) -> None:
    for k in obj:
        if k not in seen:
            seen[k] = None
            columns.append(k)


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def file_format(path: Path, declared: str | None = None) -> str:
    """csv | json | jsonl | xlsx from the mapping's `format` or the file (.tsv/.txt are CSV; an Excel
    workbook is recognised by its bytes too, e.g. a download saved as .csv)."""
    if declared:
        return declared.lower()
    from .tables import is_workbook

    if is_workbook(path):
        return "xlsx"
    ext = path.suffix.lower().lstrip(".")
    if ext in ("csv", "tsv", "txt"):
        return "csv"
    if ext in ("jsonl", "ndjson"):
        return "jsonl"
    if ext == "json":
        return "json"
    raise InputError(f"{path.name}: unknown file type {path.suffix!r}; use .csv, .xlsx, .json or .jsonl, "
                     f"or set format = \"csv\" in the mapping.")


def open_reader(path: Path, encoding: str | None = None, fmt: str | None = None,
                delimiter: str | None = None, sheet: str | None = None) -> Reader:
    if not path.is_file():
        raise InputError(f"{path}: no such file.")
    f = file_format(path, fmt)
    if f == "xlsx":
        return Reader(path=path, encoding="xlsx", fmt=f, sheet=sheet)
    enc = encoding or detect_encoding(path)
    if f == "csv" and path.suffix.lower() == ".tsv" and not delimiter:
        delimiter = "\t"
    return Reader(path=path, encoding=enc, fmt=f, delimiter=delimiter)
