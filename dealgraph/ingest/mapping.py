"""Mapping files (TOML, or the same structure in YAML): which of a user's columns become which fields of which record kind.

```toml
[[files]]
match = "contacts*.csv"      # glob on the file name (several globs: a list)
entity = "contact"           # record kind (schema.models.RECORD_MODELS)
source = "crm"               # channel name kept on every SourceRecord
ignore = ["备注"]             # columns deliberately not loaded
encoding = "gb18030"         # optional; detected when absent
format = "csv"               # optional; from the extension when absent (.xlsx: Excel, first sheet)
sheet = "联系人"               # optional (Excel); the first sheet when absent
delimiter = ";"              # optional (CSV); sniffed from the header when absent
transform = "wecom_message"  # optional; a named row transform from ingest.channels
[files.columns]              # our field = the user's column (or a list of alternatives)
id = "联系人ID"
phone = ["手机号", "手机", "mobile"]
[files.defaults]             # constants for fields the file lacks
kind = "meeting"
```
Columns whose name equals a field name (case-insensitive) map themselves. Everything that is
neither mapped nor ignored is reported as an unknown column.
"""

from __future__ import annotations

import fnmatch
import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..schema.models import RECORD_MODELS, field_names

_KEYS = {"match", "entity", "source", "ignore", "columns", "defaults", "encoding", "format", "delimiter",
         "sheet", "transform", "description"}


@dataclass(frozen=True)
class FileMapping:
    match: tuple[str, ...]
    entity: str
    source: str
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field -> candidate columns
    defaults: dict[str, Any] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    encoding: str | None = None
    format: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    transform: str | None = None

    def matches(self, name: str) -> bool:
        return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(name.lower(), g.lower()) for g in self.match)

    def missing_columns(self, header: list[str]) -> dict[str, tuple[str, ...]]:
        """Fields whose mapped column (none of its alternatives) is in `header`; a default covers a field."""
        present = {h.lower().strip() for h in header}
        out = {}
        for fname, candidates in self.columns.items():
            if fname in self.defaults:
                continue
            if not any(c.lower().strip() in present or ("." in c and c.split(".", 1)[0].lower() in present)
                       for c in candidates):
                out[fname] = candidates
        return out

    def resolve(self, header: list[str]) -> ColumnPlan:
        """Pick, for each field, the column of this file that feeds it; list what is left over."""
        present = {h: h for h in header}
        lower = {h.lower().strip(): h for h in header}
        plan: dict[str, str] = {}
        for fname, candidates in self.columns.items():
            for c in candidates:
                col = present.get(c) or lower.get(c.lower().strip())
                if col is None and "." in c and c.split(".", 1)[0] in present:
                    col = c  # a nested JSON path ("text.content"), read by the validator
                if col is not None:
                    plan[fname] = col
                    break
        used = set(plan.values())
        for fname in field_names(self.entity):
            if fname not in plan and fname.lower() in lower and lower[fname.lower()] not in used:
                plan[fname] = lower[fname.lower()]
                used.add(plan[fname])
        ignored = {h for h in header if h in self.ignore or h.lower() in {i.lower() for i in self.ignore}}
        # Nested JSON paths ("user.name") consume their top-level key.
        used |= {c.split(".", 1)[0] for c in plan.values()}
        unknown = [h for h in header if h not in used and h not in ignored and h.strip()]
        return ColumnPlan(plan, unknown)


@dataclass
class ColumnPlan:
    fields: dict[str, str]  # our field -> the file's column
    unknown: list[str]


@dataclass(frozen=True)
class Mapping:
    path: Path | None
    files: tuple[FileMapping, ...]
    checksum: str
    strict_columns: bool = True  # a mapped column missing from a file is an error (built-in channels: a warning)

    def for_file(self, path: Path) -> FileMapping:
        for fm in self.files:
            if fm.matches(path.name):
                return fm
        where = self.path.name if self.path else "the mapping"
        globs = ", ".join(g for fm in self.files for g in fm.match)
        raise InputError(f"{path.name}: no [[files]] entry in {where} matches this file name "
                         f"(its globs are: {globs}); add one with match = \"{path.name}\".")


def load_mapping(path: Path) -> Mapping:
    if not path.is_file():
        raise InputError(f"{path}: mapping file not found.")
    raw = path.read_bytes()
    if path.suffix.lower() in (".yaml", ".yml"):  # the same structure, for users who prefer YAML
        import yaml

        try:
            doc = yaml.safe_load(raw.decode("utf-8-sig")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            raise InputError(f"{path.name}: not a valid UTF-8 YAML file: {e}.") from e
        if not isinstance(doc, dict):
            raise InputError(f"{path.name}: the YAML mapping must be a mapping with a 'files' list.")
        return parse_mapping(doc, path, hashlib.sha256(raw).hexdigest())
    try:
        doc = tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path.name}: not a valid UTF-8 TOML file: {e}.") from e
    return parse_mapping(doc, path, hashlib.sha256(raw).hexdigest())


def parse_mapping(doc: dict[str, Any], path: Path | None = None, checksum: str | None = None) -> Mapping:
    where = path.name if path else "mapping"
    entries = doc.get("files")
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{where}: needs at least one [[files]] table with match and entity.")
    files = tuple(_file_mapping(e, i, where) for i, e in enumerate(entries, 1))
    if checksum is None:
        import json

        checksum = hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    return Mapping(path, files, checksum)


def _file_mapping(e: Any, i: int, where: str) -> FileMapping:
    at = f"{where} [[files]] #{i}"
    if not isinstance(e, dict):
        raise InputError(f"{at}: must be a table.")
    extra = set(e) - _KEYS
    if extra:
        raise InputError(f"{at}: unknown key(s) {', '.join(sorted(extra))}; allowed: {', '.join(sorted(_KEYS))}.")
    entity = e.get("entity")
    if entity not in RECORD_MODELS:
        raise InputError(f"{at}: entity {entity!r} is not a record kind; use one of {', '.join(RECORD_MODELS)}.")
    match = e.get("match")
    if isinstance(match, str):
        match = [match]
    if not match or not all(isinstance(m, str) for m in match):
        raise InputError(f"{at}: match must be a file-name glob such as \"contacts*.csv\".")
    fields = set(field_names(entity))
    columns: dict[str, tuple[str, ...]] = {}
    for fname, col in (e.get("columns") or {}).items():
        if fname not in fields:
            raise InputError(f"{at}: [files.columns] names field {fname!r}, which {entity} does not have; "
                             f"its fields are {', '.join(sorted(fields))}.")
        cols = (col,) if isinstance(col, str) else tuple(col) if isinstance(col, list) else None
        if not cols or not all(isinstance(c, str) for c in cols):
            raise InputError(f"{at}: column for {fname!r} must be a column name or a list of names.")
        columns[fname] = cols
    defaults = dict(e.get("defaults") or {})
    for fname in defaults:
        if fname not in fields:
            raise InputError(f"{at}: [files.defaults] names field {fname!r}, which {entity} does not have.")
    transform = e.get("transform")
    if transform is not None:
        from .channels import TRANSFORMS

        if transform not in TRANSFORMS:
            raise InputError(f"{at}: unknown transform {transform!r}; known: {', '.join(sorted(TRANSFORMS))}.")
    ignore = e.get("ignore") or []
    if isinstance(ignore, str):
        ignore = [ignore]
    return FileMapping(
        match=tuple(match), entity=entity, source=str(e.get("source") or entity), columns=columns,
        defaults=defaults, ignore=frozenset(ignore), encoding=e.get("encoding"), format=e.get("format"),
        delimiter=e.get("delimiter"), sheet=e.get("sheet"), transform=transform,
    )
