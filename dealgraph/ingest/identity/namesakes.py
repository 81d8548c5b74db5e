"""Namesakes at one company: two records with the same name at the same employer are two
people unless something personal agrees.

A shared name and employer is most of the match weight Fellegi–Sunter gives a pair, yet a big
company has several 张伟 and a family firm a father and son. So a same-name, same-company pair
is merged automatically only when contact evidence agrees (phone, e-mail, a WeCom id or an
identifier number), or when nothing contradicts it and the company is small. Contradictions:
two different mobiles, two different personal or same-domain mailboxes, generation markers
(老/小, Sr./Jr., II/III) that differ, different titles, different birth dates. Otherwise the
pair is held just below the merge threshold (the review queue sees it) and its evidence says why.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from . import normalise as nz

if TYPE_CHECKING:
    from .records import Prepared

# A company with more distinct person names than this is not "small": a same-name pair there
# needs contact evidence.
SMALL_COMPANY = 25
# ...and only for a name common enough that a namesake there is expected this often.
EXPECTED_NAMESAKES = 0.05

_GEN_LATIN = re.compile(r"[\s,]+(jr|sr|junior|senior|ii|iii|iv)\.?$", re.IGNORECASE)
_GEN_HAN = re.compile(r"^(老|小)(?=[\u3400-\u9fff]{2,3}$)|[(（](老|小|大|儿子|父亲)[)）]$")
_JUNIOR = {"jr", "junior", "ii", "iii", "iv", "小", "儿子"}


def split_generation(raw: str) -> tuple[str, str | None]:
    """'王建国(老)' -> ('王建国', 'senior'); 'John Smith Jr.' -> ('John Smith', 'junior')."""
    s = raw.strip()
    m = _GEN_LATIN.search(s)
    if m:
        g = m.group(1).lower()
        return s[:m.start()].strip(), "junior" if g in _JUNIOR else "senior"
    m = _GEN_HAN.search(s)
    if m:
        g = m.group(1) or m.group(2)
        return (s[m.end():] if m.start() == 0 else s[:m.start()]).strip(), "junior" if g in _JUNIOR else "senior"
    return s, None


@dataclass
class NameStats:
    """Population figures the namesake rule needs, when the records at hand are only part of it
    (an incremental run sees the new records and their blocks): distinct person names per
    employer, how many people carry each name (names seen once are left out) and all people."""

    company_names: dict[str, int] = field(default_factory=dict)
    name_freq: dict[str, int] = field(default_factory=dict)
    n_people: int = 0

    @classmethod
    def of(cls, p: Prepared) -> NameStats:
        people = Counter(n for k, n in zip(p.kind, p.cols["name_sorted"]) if k == "person" and n is not None)
        return cls(_distinct_names_per_company(p), {n: c for n, c in people.items() if c > 1},
                   sum(people.values()))

    def add(self, p: Prepared, new: range, seen: set[tuple[str | None, str]]) -> None:
        """Count the records `new` of p in; `seen` holds the (employer, name) pairs and names
        already present among the records read back, so a known name is not counted twice."""
        for i in new:
            n = p.cols["name_sorted"][i]
            if p.kind[i] != "person" or n is None:
                continue
            c = p.cols["company_key"][i]
            self.n_people += 1
            self.name_freq[n] = self.name_freq.get(n, 1 if (None, n) in seen else 0) + 1
            seen.add((None, n))
            if c is not None and (c, n) not in seen:
                self.company_names[c] = self.company_names.get(c, 0) + 1
                seen.add((c, n))


def _distinct_names_per_company(p: Prepared) -> dict[str, int]:
    names: dict[str, set] = {}
    for k, c, n in zip(p.kind, p.cols["company_key"], p.cols["name_sorted"]):
        if k == "person" and c is not None and n is not None:
            names.setdefault(c, set()).add(n)
    return {c: len(s) for c, s in names.items()}


def _mailbox_conflict(a: str, b: str) -> bool:
    """Two different mailboxes that each belong to one person: both free-mail, or the same
    work domain (wang.wei@x.com / wangwei2@x.com); role boxes (info@) never count."""
    from .compare import _ROLE_LOCALS

    la, da = a.split("@", 1)
    lb, db = b.split("@", 1)
    if la in _ROLE_LOCALS or lb in _ROLE_LOCALS or a == b:
        return False
    return (da in nz.FREE_MAIL and db in nz.FREE_MAIL) or da == db


def guard(p: Prepared, pairs: np.ndarray, gamma: np.ndarray, comps: list, stats: NameStats | None = None
          ) -> dict[int, dict]:
    """-> {pair index: {"contradicts": [...], "company_names": n}} for every same-name,
    same-company person pair that has no personal contact evidence in agreement and either a
    contradiction or a large company. The caller keeps those pairs below the merge threshold."""
    from . import compare

    fields = [c.field for c in comps]
    if "company" not in fields or not len(pairs) or not ({"name", "first_name"} & set(fields)):
        return {}
    nm = fields.index("name") if "name" in fields else None
    cp = fields.index("company")
    kind = np.asarray(p.kind, dtype=object)
    same_name = (gamma[:, nm] >= 5) if nm is not None else np.zeros(len(pairs), dtype=bool)
    if nm is None and {"first_name", "last_name"} <= set(fields):
        same_name = (gamma[:, fields.index("first_name")] >= 4) & (gamma[:, fields.index("last_name")] >= 4)
    same_org = gamma[:, cp] >= comps[cp].n_levels - 3  # same core or better
    todo = np.flatnonzero(same_name & same_org & (kind[pairs[:, 0]] == "person"))
    if not len(todo):
        return {}
    contact = np.zeros(len(pairs), dtype=bool)
    for c, comp in enumerate(comps):
        top = comp.n_levels - 1
        if comp.field in ("phone", "email", "unionid"):
            contact |= gamma[:, c] == top
        elif compare.is_identifier_field(comp.field):
            contact |= gamma[:, c] >= top - 1
    cols = p.cols
    st = stats or NameStats.of(p)
    per_company, name_freq, n_people = st.company_names, st.name_freq, st.n_people

    def level(f: str, e: int) -> int:
        return int(gamma[e, fields.index(f)]) if f in fields else 0

    out: dict[int, dict] = {}
    for e in todo[~contact[todo]].tolist():
        i, j = int(pairs[e, 0]), int(pairs[e, 1])
        why = []
        pi, pj = cols["phone"][i], cols["phone"][j]
        # Plainly different (not one typed digit apart): a typo is not a second phone.
        if level("phone", e) == 1 and nz.is_cn_mobile(pi) and nz.is_cn_mobile(pj):
            why.append("different mobiles")
        ei, ej = cols["email"][i], cols["email"][j]
        if level("email", e) == 1 and _mailbox_conflict(ei, ej):
            why.append("different personal mailboxes")
        gi, gj = cols["generation"][i], cols["generation"][j]
        if gi != gj and (gi or gj):
            why.append(f"generation marker {gi or 'none'} vs {gj or 'none'}")
        ti, tj = cols["title_key"][i], cols["title_key"][j]
        # Same script only: 销售总监 / Sales Director is one title in two languages.
        if ti and tj and ti != tj and ti not in tj and tj not in ti and nz.has_han(ti) == nz.has_han(tj):
            why.append("different titles")
        di, dj = cols["dob"][i], cols["dob"][j]
        if di and dj and di != dj and compare._dob_level(di, dj) < 3:
            why.append("different birth dates")
        n_names = per_company.get(cols["company_key"][i], 0)
        # "Large" for this name: another person of the same name is to be expected there
        # (names x the name's share of all people), so 张伟 at a big firm needs evidence,
        # 欧阳娜娜 does not.
        expected = n_names * name_freq.get(cols["name_sorted"][i], 1) / max(n_people, 1)
        if why or (n_names > SMALL_COMPANY and expected >= EXPECTED_NAMESAKES):
            out[e] = {"contradicts": why, "company_names": n_names,
                      "rule": "same name at the same company needs agreeing contact evidence"
                              + ("" if why else f" at a company of {n_names} names")}
    return out
