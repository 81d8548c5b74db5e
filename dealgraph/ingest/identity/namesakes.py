"""Namesakes at one company: two records with the same name at the same employer are two
people unless something personal agrees.

A shared name and employer is most of the match weight Fellegi–Sunter gives a pair, yet a big
company has several 张伟 and a family firm a father and son. So a same-name, same-company pair
is merged automatically only when contact evidence agrees (phone, e-mail, a WeCom id or an
identifier number), or when nothing contradicts it and the company is small. Contradictions:
two different mobiles, two different personal or same-domain mailboxes, generation markers
(老/小, Sr./Jr., II/III) that differ, different titles, different birth dates. Otherwise the
pair is held just below the merge threshold (the review queue sees it) and its evidence says why.

Different mobiles alone are weighed, not taken as proof: people carry a second phone, and when
the data shows same-name colleagues disagreeing on the mobile no more often than one person's
records do (and the company is not big enough to expect a namesake), the mobile says nothing
about a namesake and the pair is scored as usual. Both rates come from the records at hand.
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
# Prior for the share of one person's record pairs showing two different mobiles, and its weight
# in pairs: a small file learns little and keeps the contradiction strong.
SECOND_MOBILE_PRIOR, PRIOR_PAIRS = 0.1, 10

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
    # Share of one person's record pairs with two different mobiles (seen where e-mail, WeCom id
    # or an identifier agrees), and the share of same-name, same-company pairs that are two
    # people as their excess of different mobiles shows; None until measured on pairs.
    second_mobile: float | None = None
    namesake_share: float | None = None

    @classmethod
    def of(cls, p: Prepared, pairs: np.ndarray | None = None, gamma: np.ndarray | None = None,
           comps: list | None = None) -> NameStats:
        people = Counter(n for k, n in zip(p.kind, p.cols["name_sorted"]) if k == "person" and n is not None)
        st = cls(_distinct_names_per_company(p), {n: c for n, c in people.items() if c > 1}, sum(people.values()))
        if pairs is not None and comps:
            st.second_mobile, st.namesake_share = _mobile_rates(p, pairs, gamma, comps)
        return st

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


def _same_name_same_org(p: Prepared, pairs: np.ndarray, gamma: np.ndarray, comps: list
                         ) -> tuple[np.ndarray, np.ndarray] | None:
    """-> (same name, same name and same company) person-pair masks, or None when the
    comparisons cannot tell."""
    fields = [c.field for c in comps]
    if "company" not in fields or not len(pairs) or not ({"name", "first_name"} & set(fields)):
        return None
    same_name = np.zeros(len(pairs), dtype=bool)
    if "name" in fields:
        same_name = gamma[:, fields.index("name")] >= 5
    elif {"first_name", "last_name"} <= set(fields):
        same_name = (gamma[:, fields.index("first_name")] >= 4) & (gamma[:, fields.index("last_name")] >= 4)
    cp = fields.index("company")
    same_name &= p.array("kind", lambda: np.asarray(p.kind, dtype=object))[pairs[:, 0]] == "person"
    return same_name, same_name & (gamma[:, cp] >= comps[cp].n_levels - 3)  # same core or better


def _contact_agrees(gamma: np.ndarray, comps: list, fields: tuple[str, ...]) -> np.ndarray:
    from . import compare

    out = np.zeros(len(gamma), dtype=bool)
    for c, comp in enumerate(comps):
        top = comp.n_levels - 1
        if comp.field in fields:
            out |= gamma[:, c] == top
        elif compare.is_identifier_field(comp.field):
            out |= gamma[:, c] >= top - 1
    return out


def _mobile_rates(p: Prepared, pairs: np.ndarray, gamma: np.ndarray, comps: list) -> tuple[float, float]:
    """(second-mobile rate of one person, namesake share of same-name same-company pairs).
    A pair counts when both records carry a Chinese mobile that is equal or plainly different
    (one mistyped digit counts neither way)."""
    masks = _same_name_same_org(p, pairs, gamma, comps)
    fields = [c.field for c in comps]
    if masks is None or "phone" not in fields:
        return SECOND_MOBILE_PRIOR, 0.0
    same_name, same_both = masks
    ph = fields.index("phone")
    mob = np.array([bool(v) and nz.is_cn_mobile(v) for v in p.cols["phone"]], dtype=bool)
    lvl = gamma[:, ph]
    usable = mob[pairs[:, 0]] & mob[pairs[:, 1]] & ((lvl == 1) | (lvl == comps[ph].n_levels - 1))
    differ = lvl == 1
    # One person: same name and an agreeing mailbox / WeCom id / identifier (not the phone).
    one = usable & same_name & _contact_agrees(gamma, comps, ("email", "unionid"))
    rate = (int((one & differ).sum()) + SECOND_MOBILE_PRIOR * PRIOR_PAIRS) / (int(one.sum()) + PRIOR_PAIRS)
    colleagues = usable & same_both
    n = int(colleagues.sum())
    if not n:
        return rate, 0.0
    d = int((colleagues & differ).sum()) / n  # = (1 - share) * rate + share
    return rate, max(0.0, (d - rate) / (1 - rate))


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
    masks = _same_name_same_org(p, pairs, gamma, comps)
    todo = np.flatnonzero(masks[1]) if masks is not None else np.empty(0, dtype=np.int64)
    if not len(todo):
        return {}
    contact = _contact_agrees(gamma, comps, ("phone", "email", "unionid"))
    cols = p.cols
    st = stats or NameStats.of(p, pairs, gamma, comps)
    per_company, name_freq, n_people = st.company_names, st.name_freq, st.n_people
    second_mobile = SECOND_MOBILE_PRIOR if st.second_mobile is None else st.second_mobile

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
        if why == ["different mobiles"]:
            # A namesake shows two mobiles always, one person only at `second_mobile`: the
            # mobile holds the pair when the prior odds of a namesake are at least that rate.
            share = min(max(expected, st.namesake_share or 0.0), 0.99)
            if share / (1 - share) < second_mobile:
                why = []
        if why or (n_names > SMALL_COMPANY and expected >= EXPECTED_NAMESAKES):
            out[e] = {"contradicts": why, "company_names": n_names,
                      "rule": "same name at the same company needs agreeing contact evidence"
                              + ("" if why else f" at a company of {n_names} names")}
    return out
