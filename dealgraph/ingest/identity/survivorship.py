"""Golden fields from member records (survivorship), by way of value counts per field.

The counts are kept on the golden (`idm_counts`), so a golden that gains records is updated
from the new records alone instead of reading all its members again. Ties go to the smallest
value, so the result does not depend on the order records arrive in.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from . import normalise as nz

Counts = dict[str, dict[str, int]]


def _count(values: Iterable[object]) -> dict[str, int]:
    return dict(Counter(str(v) for v in values if v not in (None, "")))


def counts(kind: str, members: list[dict]) -> Counts:
    """Value counts of the fields survivorship chooses from; "n" is the number of members."""
    def vals(*keys):
        return [m.get(k) for m in members for k in keys if m.get(k)]
    if kind == "company":
        return {"n": {"": len(members)}, "name": _count(vals("name", "company")),
                "credit_code": _count(nz.credit_code(str(v)) for v in vals("credit_code")),
                "website": _count(vals("website")), "phone": _count(vals("phone"))}
    names = [str(v) for v in vals("name")]
    return {"n": {"": len(members)}, "han": _count(v for v in names if nz.has_han(v)),
            "latin": _count([v for v in names if not nz.has_han(v)] + vals("name_en")),
            "email": _count(nz.email(str(v)) for v in vals("email")),
            "phone": _count(nz.phone_e164(str(v)) for v in vals("phone", "mobile")),
            "wecom_id": _count(vals("wecom_unionid", "unionid")), "company": _count(vals("company")),
            "title": _count(vals("title"))}


def add(a: Counts, b: Counts) -> Counts:
    return {f: {v: a.get(f, {}).get(v, 0) + b.get(f, {}).get(v, 0) for v in a.get(f, {}).keys() | b.get(f, {}).keys()}
            for f in a.keys() | b.keys()}


def size(c: Counts) -> int:
    return c.get("n", {}).get("", 0)


def _top(c: dict[str, int]) -> str | None:
    return min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] if c else None


def fields(kind: str, c: Counts) -> dict:
    """Golden fields: the most frequent value; hanzi name preferred for `name` (latin kept as
    name_en); the longest company name (the legal form)."""
    if kind == "company":
        names = c.get("name", {})
        return {"name": max(names, key=lambda s: (nz.has_han(s), len(s), s)) if names else None,
                "credit_code": _top(c.get("credit_code", {})), "website": _top(c.get("website", {})),
                "phone": _top(c.get("phone", {}))}
    return {"name": _top(c.get("han", {})) or _top(c.get("latin", {})), "name_en": _top(c.get("latin", {})),
            **{f: _top(c.get(f, {})) for f in ("email", "phone", "wecom_id", "company", "title")}}


def survivorship(kind: str, members: list[dict]) -> dict:
    return fields(kind, counts(kind, members))


def to_json(c: Counts) -> str:
    return json.dumps(c, ensure_ascii=False, sort_keys=True)


def from_json(text: str | None) -> Counts | None:
    return json.loads(text) if text else None
