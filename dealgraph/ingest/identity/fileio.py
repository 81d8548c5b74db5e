"""File mode: read a user's CSV (UTF-8, UTF-8 with BOM, GB18030; , ; tab |), map its columns
to identity fields, resolve, and write one row per input record."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from ..tables import is_workbook, read_xlsx, split_sheet
from .identifiers import ATTR_PREFIX, ID_FIELDS
from .infer import infer_mapping
from .records import FIELDS
from .resolve import Resolution, ResolveConfig, resolve

ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass
class LoadedFile:
    headers: list[str]
    rows: list[dict[str, str]]
    encoding: str


def read_table(path: Path) -> LoadedFile:
    path, sheet_name = split_sheet(path)
    if not path.exists():
        raise InputError(f"{path}: file not found.")
    if is_workbook(path):
        sheet = read_xlsx(path, sheet_name)
        if len(set(sheet.header)) != len(sheet.header):
            raise InputError(f"{path}: duplicate column names in the header row; rename them.")
        return LoadedFile(sheet.header, sheet.records(), "xlsx")
    raw = path.read_bytes()
    text, enc = None, None
    for enc in ENCODINGS:
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise InputError(f"{path}: not UTF-8 or GB18030 text; save it as UTF-8 CSV.")
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delim = dialect.delimiter
    except csv.Error:
        delim = ","
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{path}: the file is empty; expected a header row.") from None
    if len(set(headers)) != len(headers):
        raise InputError(f"{path}: duplicate column names in the header row; rename them.")
    rows = []
    for line_no, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(headers) and any(v.strip() for v in values[len(headers):]):
            raise InputError(f"{path}, row {line_no}: {len(values)} values but {len(headers)} columns; "
                             f"check the delimiter or quoting.")
        rows.append(dict(zip(headers, values + [""] * (len(headers) - len(values)))))
    return LoadedFile(headers, rows, enc or "utf-8")


def parse_maps(items: list[str], headers: list[str], path: Path) -> dict[str, str]:
    out = {}
    for item in items:
        if "=" not in item:
            raise InputError(f"--map {item!r}: expected column=field, e.g. --map 姓名=name.")
        col, field = (x.strip() for x in item.split("=", 1))
        if col not in headers:
            raise InputError(f"--map {item!r}: {path} has no column {col!r} (columns: {', '.join(headers)}).")
        if field.startswith("attribute:") and field[len("attribute:"):].strip():
            field = ATTR_PREFIX + field[len("attribute:"):].strip()  # a user's own identifier
        elif field not in FIELDS or field == "id":
            raise InputError(f"--map {item!r}: unknown field {field!r}; use one of {', '.join(FIELDS[1:])}, "
                             "or attribute:NAME for any other identifier column.")
        out[col] = field
    return out


def load_records(path: Path, id_column: str, maps: list[str] | None = None
                 ) -> tuple[list[dict], dict[str, str], LoadedFile]:
    """-> (canonical records, column->field mapping, the loaded file)."""
    f = read_table(path)
    if id_column not in f.headers:
        raise InputError(f"{path}: no id column {id_column!r} (columns: {', '.join(f.headers)}).")
    explicit = parse_maps(maps or [], f.headers, path)
    samples = {h: [r[h] for r in f.rows[:500]] for h in f.headers}
    mapping = infer_mapping(f.headers, samples, id_column, explicit)
    if not mapping:
        raise InputError(f"{path}: no column looks like a name, company, email or phone; map them with --map.")
    seen: set[str] = set()
    records = []
    for line_no, r in enumerate(f.rows, start=2):
        rid = r[id_column].strip()
        if not rid:
            raise InputError(f"{path}, row {line_no}: empty {id_column!r}; every record needs an id.")
        if rid in seen:
            raise InputError(f"{path}, row {line_no}: duplicate id {rid!r} in column {id_column!r}.")
        seen.add(rid)
        rec: dict[str, object] = {"id": rid}
        for col, field in mapping.items():
            if r.get(col) and not rec.get(field):
                rec[field] = r[col]
        records.append(rec)
    return records, mapping, f


def resolve_file(path: Path, id_column: str, maps: list[str] | None = None,
                 config: ResolveConfig | None = None) -> tuple[Resolution, dict[str, str]]:
    records, mapping, _ = load_records(path, id_column, maps)
    return resolve(records, config), mapping


def describe_field(field: str) -> str:
    """What a column became, for the "columns used" line."""
    if field.startswith(ATTR_PREFIX):
        return f"attribute {field[len(ATTR_PREFIX):]} (identifier: exact/1-2 edits, weights learned by EM)"
    if field in ID_FIELDS:
        return f"{field} ({ID_FIELDS[field]}: exact/1-2 edits/transposition, term-frequency adjusted)"
    return field


def write_clusters(res: Resolution, out: Path) -> int:
    from ...csvsafe import write_rows

    cids = res.cluster_ids()
    write_rows(out, ["record_id", "cluster_id", "score"],
               ([rid, cid, f"{s:.4f}"] for rid, cid, s in zip(res.ids, cids, res.member_score.tolist())))
    return len(cids)
