"""Field comparisons: each candidate pair gets one discrete agreement level per field.

Level 0 means "a value is missing" (no evidence either way); level 1 is plain disagreement;
higher levels are stronger agreement, the last one being exact. Similarities are computed
once per distinct value pair (names and companies repeat a lot), with rapidfuzz.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import re

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from .records import Prepared


@dataclass(frozen=True)
class Comparison:
    field: str
    labels: tuple[str, ...]  # labels[k - 1] describes level k (k >= 1)
    value: Callable[[Prepared, int], object]
    level: Callable[[object, object], int]

    @property
    def n_levels(self) -> int:
        return len(self.labels) + 1  # + the missing level 0


def _jw(a: str, b: str) -> float:
    return JaroWinkler.normalized_similarity(a, b)


def _name_value(p: Prepared, i: int):
    n = p.cols["name"][i]
    return None if n is None else (n, p.cols["name_py"][i], p.cols["name_sorted"][i],
                                   frozenset(p.cols["name_variants"][i] or ()))


def _han(s: str) -> bool:
    return "\u3400" <= s[0] <= "\u9fff"


def _name_level(a, b) -> int:
    """Hanzi vs hanzi: one different character is a different person unless the pinyin is
    the same (IME homophones). Otherwise compare pinyin/latin forms, order-free, with
    edit-distance levels: Jaro-Winkler is too lenient for short Chinese names (liuyu/liuyujun)."""
    if a[0] == b[0]:
        return 7
    ca, cb = a[1].replace(" ", ""), b[1].replace(" ", "")
    sa, sb = a[2].replace(" ", ""), b[2].replace(" ", "")
    both_han = _han(a[0]) and _han(b[0])
    if ca == cb or sa == sb or ca == sb or sa == cb or (a[3] & b[3]):
        # hanzi vs pinyin, or swapped order; two DIFFERENT hanzi names with the same
        # pinyin (黎俊/李军) are weaker: an IME slip or simply two people.
        return 5 if both_han else 6
    if both_han:
        return 1
    best = max(fuzz.ratio(ca, cb), fuzz.ratio(sa, sb), fuzz.ratio(ca, sb), fuzz.ratio(sa, cb))
    close = min(OSA.distance(ca, cb), OSA.distance(sa, sb), OSA.distance(ca, sb))  # transpositions = 1
    if close <= 1 or best >= 90:
        return 4
    if best >= 80:
        return 3
    # 'David Zhang' vs 张伟 / 'Kevin Sun' vs 'sunhao': an English given name with the same
    # surname is weak evidence, but much less damning than a completely different name.
    ta, tb = set(a[1].split()), set(b[1].split())
    if ta & tb or any(len(t) >= 2 and (cb.startswith(t) or cb.endswith(t)) for t in ta if len(ta) > 1) \
            or any(len(t) >= 2 and (ca.startswith(t) or ca.endswith(t)) for t in tb if len(tb) > 1):
        return 2
    return 1


def _part_level(a: str, b: str) -> int:
    if a == b:
        return 5
    ca, cb = a.replace(" ", ""), b.replace(" ", "")
    if ca == cb:
        return 4
    if (len(ca) == 1 or len(cb) == 1) and ca[0] == cb[0]:
        return 3  # an initial
    s = _jw(ca, cb)
    return 4 if s >= 0.94 else 3 if s >= 0.88 else 2 if s >= 0.75 else 1


def _company_value(p: Prepared, i: int):
    c = p.cols["company"][i]
    return None if c is None else (c, p.cols["company_py"][i], p.cols["company_mid"][i])


def _company_level(a, b) -> int:
    if a[0] == b[0]:
        ma, mb = a[2] or a[0], b[2] or b[0]
        if ma != mb and ma != a[0] and mb != b[0] and _han(ma) == _han(mb):
            return 5  # same core, different business words: 华为技术 vs 华为终端
        return 7
    pa, pb = a[1], b[1]
    if pa == pb:
        return 6  # same name across scripts: 华为 / Huawei
    short, long_ = sorted((pa, pb), key=len)
    if len(short) >= 4 and (long_.startswith(short) or long_.endswith(short)):
        return 4  # short name vs full core: 华为 / 华为终端
    s = max(_jw(pa, pb), fuzz.token_set_ratio(a[0], b[0]) / 100.0)
    return 3 if s >= 0.92 else 2 if s >= 0.80 else 1


def _name_keys(name_py: str) -> tuple[frozenset, frozenset]:
    """Spellings a person's name takes in an email local part: 'wang ping lei' ->
    {wangpinglei, pingleiwang, ...} (full) and {wpinglei, pwang, ...} (with an initial)."""
    toks = name_py.split()
    if len(toks) < 2:
        return frozenset(), frozenset()
    full, initial = set(), set()
    for sur, given in ((toks[0], "".join(toks[1:])), (toks[-1], "".join(toks[:-1]))):
        full |= {sur + given, given + sur}
        initial |= {sur[0] + given, given + sur[0], given[0] + sur, sur + given[0]}
    return frozenset(full), frozenset(initial)


def _local_key(email: str) -> str:
    return re.sub(r"[^a-z]", "", email.split("@", 1)[0])


def _name_email_value(p: Prepared, i: int):
    n, e = p.cols["name_py"][i], p.cols["email"][i]
    if n is None and e is None:
        return None
    full, initial = _name_keys(n) if n else (frozenset(), frozenset())
    return (full, initial, _local_key(e) if e else None)


def _name_email_level(a, b) -> int:
    """Cross-field evidence: one record's name spelled as the other's email local part
    (何文 / wen.he@...). 0 when no record has a name facing the other's email."""
    best = 0
    for x, y in ((a, b), (b, a)):
        if not x[0] or not y[2]:
            continue
        best = max(best, 3 if y[2] in x[0] else 2 if len(y[2]) >= 5 and y[2] in x[1] else 1)
    return best


_ROLE_LOCALS = {"info", "sales", "admin", "contact", "service", "support", "hr", "office", "marketing", "bd",
                "hello", "mail", "webmaster", "postmaster", "noreply", "no-reply", "kefu", "market", "business"}


def _email_level(a: str, b: str) -> int:
    if a == b:
        return 4
    la, lb = a.split("@", 1)[0], b.split("@", 1)[0]
    if la in _ROLE_LOCALS or lb in _ROLE_LOCALS:
        return 1  # info@a.com vs info@b.com says nothing
    if la == lb and len(la) >= 4:
        return 3
    return 2 if _jw(la, lb) >= 0.90 else 1


def _phone_level(a: str, b: str) -> int:
    if a == b:
        return 3
    return 2 if a[-8:] == b[-8:] or Levenshtein.distance(a, b) <= 1 else 1


def _dob_level(a: str, b: str) -> int:
    if a == b:
        return 4
    ya, ma, da = a.split("-")
    yb, mb, db = b.split("-")
    if (ya, ma, da) == (yb, db, mb) or Levenshtein.distance(a, b) <= 1:
        return 3  # day/month swap or one typed digit
    return 2 if ya == yb else 1


def _text_level(a: str, b: str) -> int:
    if a == b:
        return 5
    s = fuzz.token_set_ratio(a, b)
    return 4 if s >= 95 else 3 if s >= 85 else 2 if s >= 65 else 1


def _city_level(a: str, b: str) -> int:
    return 3 if a == b else 2 if _jw(a, b) >= 0.9 else 1


def _postcode_level(a: str, b: str) -> int:
    return 3 if a == b else 2 if a[:3] == b[:3] else 1


def _location_value(p: Prepared, i: int):
    a, c, z = p.cols["address"][i], p.cols["city"][i], p.cols["postcode"][i]
    return None if a is None and c is None and z is None else (a, c, z)


def _location_level(x, y) -> int:
    """Address, postcode and city are one piece of evidence (a street implies its city):
    counting them separately would triple-count a shared household."""
    if x[0] and y[0]:
        if x[0] == y[0]:
            return 6
        s = fuzz.token_set_ratio(x[0], y[0])
        if s >= 90:
            return 5
        if s >= 75:
            return 4
    if x[2] and y[2] and x[2] == y[2]:
        return 3
    if x[1] and y[1] and x[1] == y[1]:
        return 2
    if (x[2] and y[2]) or (x[1] and y[1]) or (x[0] and y[0]):
        return 1
    return 0


def _exact_level(a: str, b: str) -> int:
    return 2 if a == b else 1


def _col(name: str) -> Callable[[Prepared, int], object]:
    return lambda p, i: p.cols[name][i]


NAME = Comparison("name", ("different", "shares a name token", "similar>=80", "one edit/similar>=90", "homophone hanzi",
                                 "same pinyin/order", "exact"),
                  _name_value, _name_level)
FIRST = Comparison("first_name", ("different", "jw>=0.75", "initial/jw>=0.88", "jw>=0.94", "exact"),
                   _col("first"), _part_level)
LAST = Comparison("last_name", ("different", "jw>=0.75", "initial/jw>=0.88", "jw>=0.94", "exact"),
                  _col("last"), _part_level)
COMPANY = Comparison("company", ("different", "sim>=0.80", "sim>=0.92", "contains", "same core, other words",
                                 "same across scripts", "exact"), _company_value, _company_level)
NAME_EMAIL = Comparison("name_vs_email", ("different", "initial + name", "full name"), _name_email_value,
                        _name_email_level)
EMAIL = Comparison("email", ("different", "local jw>=0.90", "same local part", "exact"), _col("email"),
                   _email_level)
PHONE = Comparison("phone", ("different", "one digit/last 8", "exact"), _col("phone"), _phone_level)
DOB = Comparison("dob", ("different", "same year", "swap/one digit", "exact"), _col("dob"), _dob_level)
ADDRESS = Comparison("address", ("different", "tokens>=65", "tokens>=85", "tokens>=95", "exact"),
                     _col("address"), _text_level)
LOCATION = Comparison("location", ("different", "same city", "same postcode", "address>=75", "address>=90",
                                   "same address"), _location_value, _location_level)
CITY = Comparison("city", ("different", "jw>=0.90", "exact"), _col("city"), _city_level)
POSTCODE = Comparison("postcode", ("different", "same first 3", "exact"), _col("postcode"), _postcode_level)
CREDIT = Comparison("credit_code", ("different", "exact"), _col("credit_code"), _exact_level)
UNIONID = Comparison("unionid", ("different", "exact"), _col("unionid"), _exact_level)
WEBSITE = Comparison("website", ("different", "exact"), _col("website"), _exact_level)


def comparisons_for(p: Prepared) -> list[Comparison]:
    """The comparisons the data supports. Separate first/last names replace the full name
    when both columns exist (conditional independence: never count the name twice)."""
    out: list[Comparison] = []
    if {"first", "last"} <= p.present:
        out += [FIRST, LAST]
    elif "name" in p.present:
        out.append(NAME)
    if {"name", "email"} <= p.present:
        out.append(NAME_EMAIL)
    field_of = {"company": COMPANY, "email": EMAIL, "phone": PHONE, "dob": DOB, "credit_code": CREDIT,
                "unionid": UNIONID, "website": WEBSITE}
    out += [c for f, c in field_of.items() if f in p.present]
    if "address" in p.present or "postcode" in p.present:
        out.append(LOCATION)
    elif "city" in p.present:
        out.append(CITY)
    return out


def compare_pairs(p: Prepared, pairs: np.ndarray, comps: list[Comparison]) -> np.ndarray:
    """-> (n_pairs, n_comparisons) int8 matrix of agreement levels."""
    out = np.zeros((len(pairs), len(comps)), dtype=np.int8)
    if len(pairs) == 0:
        return out
    for c_idx, comp in enumerate(comps):
        values: list[object] = []
        index: dict[object, int] = {}
        codes = np.full(len(p), -1, dtype=np.int64)
        for i in range(len(p)):
            v = comp.value(p, i)
            if v is not None:
                codes[i] = index.setdefault(v, len(values))
                if codes[i] == len(values):
                    values.append(v)
        ca, cb = codes[pairs[:, 0]], codes[pairs[:, 1]]
        ok = (ca >= 0) & (cb >= 0)
        k = max(len(values), 1)
        lo, hi = np.minimum(ca[ok], cb[ok]), np.maximum(ca[ok], cb[ok])
        uniq, inverse = np.unique(lo * k + hi, return_inverse=True)
        levels = np.fromiter((comp.level(values[u // k], values[u % k]) for u in uniq.tolist()),
                             dtype=np.int8, count=len(uniq))
        col = np.zeros(len(pairs), dtype=np.int8)
        col[ok] = levels[inverse]
        out[:, c_idx] = col
    # name_vs_email is evidence only where the names themselves do not already agree:
    # everyone's own email spells their own name, so counting both would double-count.
    fields = [c.field for c in comps]
    if "name_vs_email" in fields and "name" in fields:
        ne, nm = fields.index("name_vs_email"), fields.index("name")
        out[out[:, nm] >= 4, ne] = 0
    return out
