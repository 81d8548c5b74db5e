"""Streaming readers: CSV, JSON (array, or an object wrapping one), JSONL and Excel (.xlsx), one row
at a time.

Nothing here holds a whole file in memory: CSV and JSONL are read line by line, a JSON array
is decoded object by object from a sliding buffer. Each row comes with its line number (for
reject files) and every reader exposes `bytes_read` so a progress bar can follow big files.

Encodings: UTF-8, UTF-8 with BOM, UTF-16 with BOM and GB18030 are detected from the first
megabyte, then each line is decoded on its own: a line the file's encoding would garble (valid
UTF-8 with hanzi in a GB18030 file, or the reverse) is decoded in the other one, never stored as
mojibake. Bytes invalid in both are kept as surrogates and the row is rejected by
`bad_encoding_fields` with a clear reason. Workbooks have no text encoding: they are streamed by
`tables.XlsxTable`, and a row's line is its Excel row number.

A file that cannot be read as a table at all (binary, empty, header only, duplicate column names)
raises `FileError`, which the pipeline records against that file while the other files load.
A quote left open on a line (`Q003,"李四,ACC0001`) is rejected as that line alone when the lines
after it parse as rows, instead of swallowing them into one huge field.
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

import orjson

from ..errors import InputError

SAMPLE_BYTES = 1 << 20
CHUNK_CHARS = 1 << 16
MAX_OBJECT_CHARS = 64 << 20  # one JSON object larger than this is not a row, it is a broken file

csv.field_size_limit(16 << 20)


class FileError(InputError):
    """The whole file cannot be loaded (binary, empty, no data rows, bad header); other files still load."""


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
        pass
    # Neither fits the whole sample (a mixed file, or a line in neither): the encoding more lines are in
    # only. Lines are then decoded one by one, and bad rows rejected one by one.
    votes = {"utf-8": 0, "gb18030": 0, "neither": 0}
    for line in head.split(b"\n")[:-1]:
        if not line.isascii():
            # Valid UTF-8 by chance is rare, valid GB18030 by chance is not: a line valid in both is UTF-8.
            votes["utf-8" if _decodes(line, "utf-8") else "gb18030" if _decodes(line, "gb18030") else "neither"] += 1
    return "gb18030" if votes["gb18030"] > votes["utf-8"] else "utf-8"


def _decodes(b: bytes, encoding: str) -> bool:
    try:
        b.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


_SURROGATE = re.compile("[\udc80-\udcff]")
_INT64 = 2.0**63


def _loads(s: str) -> Any:
    """json.loads, through orjson (2.5x faster) when it gives the same value: orjson refuses NaN, Infinity and
    lone surrogates (json then decides, with its own message) and turns integers beyond 64 bits into floats."""
    try:
        obj = orjson.loads(s)
    except orjson.JSONDecodeError:
        return json.loads(s)
    return json.loads(s) if type(obj) in (dict, list) and _has_huge_float(obj) else obj


def _has_huge_float(v: dict | list) -> bool:
    """A float orjson may have made of an integer json keeps exact (one loop per container: this runs per row)."""
    for x in v.values() if type(v) is dict else v:
        t = type(x)
        if (t is float and (x >= _INT64 or x <= -_INT64)) or ((t is dict or t is list) and _has_huge_float(x)):
            return True
    return False


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
    error: str | None = None  # the row could not be parsed at all (broken JSON line, quote left open)
    error_column: str | None = None  # where the parse error is, when known
    error_value: str | None = None  # the raw text of the refused line (shortened)


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
    other_encoding_lines: int = 0  # lines decoded in the other encoding (mixed file)
    detected: bool = True  # the encoding was detected, not declared in the mapping
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
            # A declared encoding is the user's word; a detected one may be wrong for some lines.
            if self.fmt == "csv" and self.detected and _line_decodable(self.encoding, raw):
                yield from self._csv(_MixedLines(raw, self))
                return
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
            check_header(self.columns, self.path.name)
            rows_total = max(table.last_row or 0, 1)
            for number, cells in table.rows():
                self._done_fraction = min(number / rows_total, 1.0)  # zipped: bytes don't follow the rows
                yield Row(number, dict(zip(self.columns, cells, strict=True)))

    # ----------------------------------------------------------------- CSV
    def _csv(self, text: Iterator[str]) -> Iterator[Row]:
        lines = iter(text)
        first = next(lines, "")
        delimiter = self.delimiter or _sniff_delimiter(first)
        header = next(csv.reader([first], delimiter=delimiter), [])
        self.columns = [clean_header(show_bytes(h)) for h in header]  # no surrogates in names
        if not any(self.columns):
            raise FileError(f"{self.path.name}: the first line has no column names; a CSV file needs a header row.")
        check_header(self.columns, self.path.name)
        n = len(self.columns)
        src = _Pushback(lines)
        reader = csv.reader(src, delimiter=delimiter)
        line = 2  # physical line where the next record starts
        while True:
            src.taken = []
            try:
                values: list[str] | None = next(reader)
                parse_error = None
            except StopIteration:
                return
            except csv.Error as e:  # a field beyond csv's size limit
                values, parse_error = None, str(e)
            lines, start = src.taken, line
            if len(lines) > 1 and (values is None or len(values) != n) and _rows_follow(lines[1:], delimiter, n):
                # A quote opened on this line is never closed: refuse this line alone, re-read the rest.
                src.push(lines[1:])
                reader = csv.reader(src, delimiter=delimiter)
                line = start + 1
                col = _open_quote_column(lines[0], delimiter)
                yield Row(start, {}, "a quote opened in this line is never closed (unbalanced \"); the row is not "
                          "loaded, the rows after it are", self.columns[col] if col is not None and col < n else None,
                          _shorten(lines[0]))
                continue
            line = start + len(lines)
            if values is None:
                yield Row(start, {}, f"row could not be parsed: {parse_error}", None, _shorten(lines[0]))
                continue
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
                obj = _loads(s)
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


class _Pushback:
    """Physical lines for csv.reader, remembering the lines of the current record; lines can be pushed back."""

    def __init__(self, lines: Iterator[str]):
        self.lines = lines
        self.back: list[str] = []  # reversed: pop() gives the next line
        self.taken: list[str] = []

    def __iter__(self) -> _Pushback:
        return self

    def __next__(self) -> str:
        line = self.back.pop() if self.back else next(self.lines)
        self.taken.append(line)
        return line

    def push(self, lines: list[str]) -> None:
        self.back.extend(reversed(lines))


def _rows_follow(rest: list[str], delimiter: str, n: int) -> bool:
    """Do the lines after a suspect one read as a row of `n` values on their own? Then the quote on the
    suspect line was left open by mistake (a legitimate multi-line cell does not contain whole rows)."""
    first = next(csv.reader(rest[:1], delimiter=delimiter), None)
    if first is None or len(first) != n:
        return False
    # Opening a quote on that line too would make it no evidence.
    return _open_quote_column(rest[0], delimiter) is None


def _open_quote_column(line: str, delimiter: str) -> int | None:
    """Index of the field whose opening quote is not closed by the end of `line`, else None."""
    col, in_quote, at_field_start, opened_at = 0, False, True, None
    i, end = 0, len(line.rstrip("\r\n"))
    while i < end:
        c = line[i]
        if in_quote:
            if c == '"':
                if i + 1 < end and line[i + 1] == '"':
                    i += 1
                else:
                    in_quote = False
        elif c == '"' and at_field_start:
            in_quote, opened_at = True, col
        elif c == delimiter:
            col += 1
            at_field_start = True
            i += 1
            continue
        at_field_start = False
        i += 1
    return opened_at if in_quote else None


def _shorten(line: str, limit: int = 200) -> str:
    line = show_bytes(line.rstrip("\r\n"))
    return line if len(line) <= limit else line[:limit] + f"… ({len(line):,} characters)"


_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff]")
_GB = ("gb18030", "gbk", "gb2312")


def _line_decodable(encoding: str, raw: BinaryIO) -> bool:
    """Lines can be split on b"\\n" and decoded one by one: an ASCII-compatible encoding and \\n line ends."""
    try:
        if "\n".encode(encoding) != b"\n":
            return False  # UTF-16/32
    except LookupError:
        return False
    head = raw.read(SAMPLE_BYTES)
    raw.seek(0)
    return b"\n" in head or b"\r" not in head  # classic-Mac files end lines with \r only


class _MixedLines:
    """Physical lines of an ASCII-compatible file, each decoded on its own.

    In a GB18030 file a line that is valid UTF-8 and holds hanzi was pasted from a UTF-8 source;
    in a UTF-8 file a line that is invalid UTF-8 but valid GB18030 with hanzi came from Excel on
    Chinese Windows. Either is decoded in the encoding it is really in and counted."""

    def __init__(self, raw: BinaryIO, reader: Reader):
        self.raw = raw
        self.reader = reader
        enc = codecs.lookup(reader.encoding).name
        self.primary = "utf-8" if enc in ("utf-8", "utf-8-sig") else enc
        self.other = "gb18030" if self.primary == "utf-8" else "utf-8" if self.primary in _GB else None
        self.first = True

    def __iter__(self) -> Iterator[str]:
        for b in self.raw:
            if self.first:
                self.first = False
                if b.startswith(codecs.BOM_UTF8):
                    b = b[3:]
            yield self.decode(b)

    def decode(self, b: bytes) -> str:
        if b.isascii():
            return b.decode("ascii")
        if self.other is None:
            return b.decode(self.primary, "surrogateescape")
        try:
            text = b.decode(self.primary)
        except UnicodeDecodeError:
            text = None
        if text is not None and not (self.other == "utf-8" and _valid_with_cjk(b, "utf-8")):
            return text
        alt = _valid_with_cjk(b, self.other)
        if alt is not None:
            self.reader.other_encoding_lines += 1
            return alt
        return text if text is not None else b.decode(self.primary, "surrogateescape")


def _valid_with_cjk(b: bytes, encoding: str) -> str | None:
    try:
        text = b.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _CJK.search(text) else None


_INVISIBLE_HEADER = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")


def clean_header(name: str) -> str:
    """A column name as the user sees it: no BOM, zero-width or bidi characters, no outer spaces."""
    return _INVISIBLE_HEADER.sub("", name).strip()


def check_header(columns: list[str], file: str) -> None:
    """Two columns with one name would let the last one win silently: name both."""
    seen: dict[str, int] = {}
    for i, c in enumerate(columns, 1):
        key = c.strip().lower()
        if not key:
            continue
        if key in seen:
            raise FileError(f"{file}: columns {seen[key]} and {i} are both named {c!r}; rename one of them "
                            f"(or remove the duplicate) so it is clear which one to load.")
        seen[key] = i


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
    check_is_file(path)
    f = file_format(path, fmt)
    if f == "xlsx":
        return Reader(path=path, encoding="xlsx", fmt=f, sheet=sheet)
    check_text(path)
    enc = encoding or detect_encoding(path)
    if f == "csv" and path.suffix.lower() == ".tsv" and not delimiter:
        delimiter = "\t"
    return Reader(path=path, encoding=enc, fmt=f, delimiter=delimiter, detected=encoding is None)


def check_is_file(path: Path) -> None:
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give the files in it, e.g. {path}/*.csv.")
    if not path.is_file():
        raise InputError(f"{path}: no such file.")


_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def check_text(path: Path, sample_bytes: int = 1 << 16) -> None:
    """A text table must be text: an empty file or a binary one (NUL/control bytes) is refused by name."""
    with open(path, "rb") as f:
        head = f.read(sample_bytes)
    if not head.strip(b" \t\r\n" + codecs.BOM_UTF8):
        raise FileError(f"{path.name}: the file is empty; nothing to load.")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    bad = len(_CONTROL.findall(head))
    if b"\x00" in head or bad > max(2, len(head) // 100):
        raise FileError(f"{path.name}: not a text table (it holds binary bytes such as NUL or control codes); "
                        f"export it as CSV, Excel (.xlsx), JSON or JSONL.")
