"""Canonical identity fields and the column-oriented, normalised view the matcher works on.

Input is a list of dicts whose keys are canonical field names (see FIELDS); everything
else is ignored. Normalisation happens once here so blocking and comparison only look
at clean values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from . import aliases
from . import normalise as nz
from .identifiers import ATTR_PREFIX, ID_FIELDS, national_id, token
from .namesakes import split_generation

T = TypeVar("T")

# Canonical fields a record may carry. first_name/last_name are compared separately when
# both are present (family members share surnames and addresses); otherwise `name`.
FIELDS = ("id", "kind", "name", "first_name", "last_name", "name_en", "company", "email", "phone",
          "mobile", "address", "city", "postcode", "dob", "credit_code", "unionid", "wecom_id", "title",
          "website", "region") + tuple(ID_FIELDS)

# Fields whose two different valid values prove two records are different entities.
HARD_KEYS = ("credit_code", "unionid")


@dataclass
class Prepared:
    """Normalised columns, one list entry per record (None = missing)."""

    ids: list[str]
    kind: list[str]  # "person" | "company"
    cols: dict[str, list] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)  # fields with at least one value
    # Per-comparison (distinct values, code per record), built once: EM's u sample and the
    # candidate pairs both compare the same columns. Columns are not mutated after prepare.
    value_codes: dict[str, tuple[list, object]] = field(default_factory=dict, repr=False, compare=False)
    # Per-record arrays derived from the columns (kinds, value codes), built once: an incremental
    # run scores its average-linkage pairs in many small calls, each of which needed them whole.
    arrays: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.ids)

    def array(self, key: str, build: Callable[[], T]) -> T:
        got = self.arrays.get(key)
        if got is None:
            got = self.arrays[key] = build()
        return got  # type: ignore[return-value]


def _kind_of(row: Mapping[str, object]) -> str:
    k = (nz.clean(row.get("kind")) or "").lower()
    if k in ("company", "account", "organization", "organisation", "org", "企业", "公司", "单位"):
        return "company"
    if k in ("person", "contact", "people", "lead", "人", "个人", "联系人"):
        return "person"
    has_person = any(nz.clean(row.get(f)) for f in ("first_name", "last_name", "dob", "unionid", "wecom_id"))
    has_name = nz.clean(row.get("name"))
    if not has_person and not has_name and nz.clean(row.get("company")):
        return "company"  # a row that only names an organisation
    if not has_person and nz.clean(row.get("credit_code")) and not nz.clean(row.get("email")):
        return "company"
    return "person"


def prepare(rows: Iterable[Mapping[str, object]]) -> Prepared:
    ids: list[str] = []
    kinds: list[str] = []
    cols: dict[str, list] = {k: [] for k in (
        "name", "name_py", "name_sorted", "name_variants", "first", "last", "company", "company_py", "company_mid",
        "company_full", "company_registered", "company_region", "company_key", "domain", "email", "phone", "address", "city", "postcode", "dob", "credit_code",
        "unionid", "website", "generation", "title_key")}
    alias_sources: list[tuple[str | None, ...]] = []
    ident: dict[str, dict[int, str]] = {}  # identifier field -> {record index: normalised value}
    for i, row in enumerate(rows):
        for k, v in row.items():
            if k in ID_FIELDS or (isinstance(k, str) and k.startswith(ATTR_PREFIX)):
                got = national_id(v) if k == "national_id" else token(v)
                if got:
                    ident.setdefault(k, {})[i] = got
        rid = nz.clean(row.get("id"))
        ids.append(rid if rid is not None else str(i))
        kind = _kind_of(row)
        kinds.append(kind)
        raw_name = row.get("name")
        if kind == "company" and not nz.clean(row.get("company")):
            comp_raw, raw_name = raw_name, None
        else:
            comp_raw = row.get("company")
        if kind == "company" and not nz.clean(comp_raw):
            comp_raw = row.get("name_en")  # an organisation known only by its English name
        first = nz.person_name(nz.clean(row.get("first_name")) or "") if row.get("first_name") else None
        last = nz.person_name(nz.clean(row.get("last_name")) or "") if row.get("last_name") else None
        generation = None
        if kind == "person" and nz.clean(raw_name):  # 王建国(老) / John Smith Jr.: the name, and a marker
            raw_name, generation = split_generation(nz.clean(raw_name) or "")
        cols["generation"].append(generation)
        title = nz.clean(row.get("title"))
        cols["title_key"].append(re.sub(r"[\s\-_/.,()（）]", "", title.lower()) if title else None)
        if not nz.clean(raw_name) and (first or last):  # build a full name for blocking
            raw_name = " ".join(p[0] for p in (first, last) if p)
        pn = nz.person_name(nz.clean(raw_name) or "") if kind == "person" and nz.clean(raw_name) else None
        if pn is None and kind == "person" and nz.clean(row.get("name_en")):
            pn = nz.person_name(nz.clean(row.get("name_en")) or "")
        cols["name"].append(pn[0] if pn else None)
        cols["name_py"].append(pn[1] if pn else None)
        cols["name_sorted"].append(nz.name_tokens_key(pn[1]) if pn else None)
        cols["name_variants"].append(nz.name_variants(*pn) if pn else None)
        cols["first"].append(first[1] if first else None)
        cols["last"].append(last[1] if last else None)
        cn = nz.company(nz.clean(comp_raw) or "") if nz.clean(comp_raw) else None
        cols["company"].append(cn[0] if cn else None)
        cols["company_py"].append(cn[1] if cn else None)
        cols["company_mid"].append(nz.company_mid(nz.clean(comp_raw) or "") if cn else None)
        # A truncated name (市妇幼保健院) gets its city back from the record's city/region column.
        hint = nz.clean(row.get("city")) or nz.clean(row.get("region"))
        restored = nz.restore_city(nz.clean(comp_raw) or "", hint) if cn else ""
        cols["company_registered"].append(True if cn and nz.is_registered_name(restored) else None)
        cols["company_full"].append(nz.company_full(restored) if cn else None)
        cols["company_region"].append(nz.company_region(restored) if cn else None)
        cols["email"].append(nz.email(nz.clean(row.get("email")) or "") if nz.clean(row.get("email")) else None)
        ph = None
        for f in ("phone", "mobile"):
            v = nz.clean(row.get(f))
            if v and ph is None:
                ph = nz.phone_e164(v)
        cols["phone"].append(ph)
        cols["address"].append(nz.address(nz.clean(row.get("address")) or "") if nz.clean(row.get("address"))
                               else None)
        cols["city"].append(nz.city(nz.clean(row.get("city")) or "") if nz.clean(row.get("city")) else None)
        cols["postcode"].append(nz.simple_token(nz.clean(row.get("postcode")) or ""))
        cols["dob"].append(nz.birth_date(nz.clean(row.get("dob")) or "") if nz.clean(row.get("dob")) else None)
        cols["credit_code"].append(nz.credit_code(nz.clean(row.get("credit_code")) or ""))
        uid = nz.clean(row.get("unionid")) or nz.clean(row.get("wecom_id"))
        cols["unionid"].append(nz.simple_token(uid) if uid else None)
        site = nz.simple_token(nz.clean(row.get("website")) or "")
        cols["website"].append(site)
        em = cols["email"][-1]
        site_core = nz.domain_core(site.split("/", 1)[0]) if site else None
        cols["domain"].append((nz.domain_core(em.split("@", 1)[1]) if em else None) or site_core)
        if kind == "company":  # one organisation named twice in one record: learn the alias
            en = nz.company(nz.clean(row.get("name_en")) or "") if nz.clean(row.get("name_en")) else None
            alias_sources.append((cn[1] if cn else None, en[1] if en else None, site_core))
    learned = aliases.learn(alias_sources)
    for k, vals in sorted(ident.items()):
        cols[k] = [vals.get(i) for i in range(len(ids))]
    cols["company_key"] = [None if c is None else learned.get(c, c) for c in cols["company_py"]]
    present = {k for k, v in cols.items() if any(x is not None for x in v)}
    return Prepared(ids=ids, kind=kinds, cols=cols, present=present)


def norm_row(p: Prepared, i: int) -> dict:
    """Record i's normalised view, JSON-ready: stored on its SourceRecord so an incremental run
    reads block-mates back without normalising them again."""
    row = {k: (list(v[i]) if isinstance(v[i], tuple) else v[i]) for k, v in p.cols.items() if v[i] is not None}
    return {"kind": p.kind[i], **row}


def from_norm(ids: list[str], rows: list[dict], extra_cols: Iterable[str] = ()) -> Prepared:
    """Prepared from stored normalised views (norm_row); `extra_cols` are columns to have even
    when no row carries them (the identifier fields a stored model compares)."""
    names = {k for r in rows for k in r if k != "kind"} | set(extra_cols) | {
        "name", "name_py", "name_sorted", "name_variants", "first", "last", "company", "company_py", "company_mid",
        "company_full", "company_registered", "company_region", "company_key", "domain", "email", "phone",
        "address", "city", "postcode", "dob", "credit_code", "unionid", "website", "generation", "title_key"}
    cols: dict[str, list] = {k: [r.get(k) for r in rows] for k in names}
    cols["name_variants"] = [tuple(v) if v else None for v in cols["name_variants"]]
    present = {k for k, v in cols.items() if any(x is not None for x in v)}
    return Prepared(ids=list(ids), kind=[r.get("kind") or "person" for r in rows], cols=cols, present=present)


def concat(a: Prepared, b: Prepared) -> Prepared:
    """Records of a, then those of b, in one view (columns missing on one side are None there)."""
    names = set(a.cols) | set(b.cols)
    cols = {k: (a.cols.get(k) or [None] * len(a)) + (b.cols.get(k) or [None] * len(b)) for k in names}
    return Prepared(ids=a.ids + b.ids, kind=a.kind + b.kind, cols=cols, present=a.present | b.present)
