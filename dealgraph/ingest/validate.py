"""Row -> record: apply the column plan, defaults and transform, validate with pydantic.

A bad row never raises: it returns every reason it is bad (one reject entry per field), so the
reject file tells the user all they must fix in one pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..schema.cleaning import has_invisible, strip_invisible
from ..schema.models import RECORD_MODELS, Record, date_fields
from ..schema.values import in_order, numeric_date_order
from .date_order import ColumnDateOrder
from .mapping import ColumnPlan, FileMapping
from .readers import Row, bad_encoding_fields, show_bytes


@dataclass
class Reject:
    file: str
    line: int
    field: str | None
    column: str | None
    value: Any
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "field": self.field, "column": self.column,
                "value": self.value, "reason": self.reason}


DEFAULT_MAX_CELL_BYTES = 64 * 1024


class RowValidator:
    def __init__(self, fm: FileMapping, plan: ColumnPlan, file_name: str,
                 transform: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]] | None = None,
                 max_cell_bytes: int = DEFAULT_MAX_CELL_BYTES):
        self.max_cell_bytes = max_cell_bytes
        self.fm = fm
        self.plan = plan
        self.file = file_name
        self.model: type[Record] = RECORD_MODELS[fm.entity]
        self.transform = transform
        self.column_of = dict(plan.fields)
        self._nested = {f: c.split(".") for f, c in plan.fields.items() if "." in c}
        self._has_source = "source" in self.model.model_fields
        self.date_fields = sorted(date_fields(self.model) & set(plan.fields))
        # Optional fields with nothing in the row are left out: pydantic gives them their default (None)
        # without running their normaliser, which maps None to None anyway (unit test). ~15 % of a row's CPU.
        self._skip_absent = set() if transform else {k for k, f in self.model.model_fields.items()
                                                     if not f.is_required() and f.default is None}
        self.date_order: ColumnDateOrder | None = None  # set by the pipeline: reads the column when needed

    def __call__(self, row: Row) -> tuple[Record | None, list[Reject]]:
        if row.error:
            col = row.error_column
            return None, [Reject(self.file, row.line, self._field_of(col) if col else None, col, row.error_value,
                                 row.error)]
        data = row.data
        joined = "".join([v for v in data.values() if isinstance(v, str)])
        plain = joined.isascii()  # no undecodable byte (a lone surrogate) and no invisible character
        bad = [] if plain else bad_encoding_fields(data)
        if bad:
            return None, [
                Reject(self.file, row.line, self._field_of(c), c, show_bytes(data[c]),
                       "bytes not valid in the file's encoding; save the file as UTF-8 or set encoding in the mapping")
                for c in bad
            ]
        if len(joined) * 4 > self.max_cell_bytes:  # only then can one cell be over the limit
            big = self._oversized(data)
            if big:
                return None, [
                    Reject(self.file, row.line, self._field_of(c), c, f"{v[:40]}… ({n:,} bytes)",
                           f"value is {n:,} bytes, over the {self.max_cell_bytes:,}-byte limit per cell "
                           f"(DEALGRAPH_INGEST_MAX_CELL_BYTES)") for c, v, n in big]
        if not plain and has_invisible(joined):  # zero-width / bidi characters: gone before any field is parsed
            data = {k: strip_invisible(v) if isinstance(v, str) else v for k, v in data.items()}
        values: dict[str, Any] = dict(self.fm.defaults)
        for fname, col in self.plan.fields.items():
            v = data.get(col)
            if v is None and fname in self._nested:
                v = _dig(data, self._nested[fname])
            if v is not None and not (isinstance(v, str) and not v.strip()):
                values[fname] = v
            elif fname not in values and fname not in self._skip_absent:
                values[fname] = None
        for fname in self.date_fields:
            v = values.get(fname)
            if numeric_date_order(v) == "either":  # '05-01-2026': the column's other values decide
                order, why = self.date_order.order(fname, v) if self.date_order else (None, "")
                if order is None:
                    return None, [Reject(self.file, row.line, fname, self.column_of[fname], v,
                                         why or f"ambiguous date {v!r}: write it as YYYY-MM-DD")]
                values[fname] = in_order(v, order)
        if self._has_source and not values.get("source"):
            values["source"] = self.fm.source  # the channel named by the mapping
        if self.transform:
            try:
                values = self.transform(values, data)
            except ValueError as e:
                return None, [Reject(self.file, row.line, None, None, None, str(e))]
        try:
            return self.model.model_validate(values), []
        except ValidationError as e:
            return None, [self._reject(row, err) for err in e.errors(include_url=False)]

    def value_of(self, data: dict[str, Any], fname: str) -> Any:
        """A field's raw value in a row (nested JSON paths followed)."""
        v = data.get(self.plan.fields[fname])
        return _dig(data, self._nested[fname]) if v is None and fname in self._nested else v

    def _reject(self, row: Row, err: dict[str, Any]) -> Reject:
        fname = str(err["loc"][0]) if err.get("loc") else None
        column = self.column_of.get(fname or "")
        # Show the user's own value (before parsing) when the column holds it.
        value = row.data[column] if column in row.data else err.get("input")
        if isinstance(value, dict):  # model-level error: the input is the whole record
            value = None
        kind = err.get("type", "")
        if kind == "missing" or (err.get("input") is None and kind in ("string_type", "enum", "list_type")):
            reason = "required value is missing"
            if fname and fname not in self.column_of:
                reason += f"; map a column to {fname!r} in [files.columns] or set it in [files.defaults]"
        elif kind == "extra_forbidden":
            reason = f"{fname!r} is not a field of {self.fm.entity}"
        else:
            reason = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        return Reject(self.file, row.line, fname, column, _jsonable(value), reason)

    def _oversized(self, data: dict[str, Any]) -> list[tuple[str, str, int]]:
        out = []
        for c, v in data.items():
            if isinstance(v, str) and len(v) * 4 > self.max_cell_bytes:
                n = len(v.encode("utf-8", "surrogateescape"))
                if n > self.max_cell_bytes:
                    out.append((c, v, n))
        return out

    def _field_of(self, column: str) -> str | None:
        for f, c in self.plan.fields.items():
            if c == column:
                return f
        return None


def _dig(data: Any, path: list[str]) -> Any:
    for p in path:
        if not isinstance(data, dict):
            return None
        data = data.get(p)
    return data


def _jsonable(v: Any) -> Any:
    if v is None or isinstance(v, str | int | float | bool):
        return v
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    return str(v)
