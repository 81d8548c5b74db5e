"""Field comparisons: each candidate pair gets one discrete agreement level per field.

Level 0 means "a value is missing" (no evidence either way); level 1 is plain disagreement;
higher levels are stronger agreement, the last one being exact. Similarities are computed
once per distinct value pair (names and companies repeat a lot), with rapidfuzz.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    return None if n is None else (n, p.cols["name_py"][i], p.cols["name_sorted"][i])


def _han(s: str) -> bool:
    return "\u3400" <= s[0] <= "\u9fff"


def _name_level(a, b) -> int:
    """Hanzi vs hanzi: one different character is a different person unless the pinyin is
    the same (IME homophones). Otherwise compare pinyin/latin forms, order-free, with
    edit-distance levels: Jaro-Winkler is too lenient for short Chinese names (liuyu/liuyujun)."""
    if a[0] == b[0]:
        return 6
    ca, cb = a[1].replace(" ", ""), b[1].replace(" ", "")
    sa, sb = a[2].replace(" ", ""), b[2].replace(" ", "")
    if ca == cb or sa == sb or ca == sb or sa == cb:
        return 5  # same pinyin (homophone, hanzi vs pinyin) or swapped order
    if _han(a[0]) and _han(b[0]):
        return 1
    best = max(fuzz.ratio(ca, cb), fuzz.ratio(sa, sb), fuzz.ratio(ca, sb), fuzz.ratio(sa, cb))
    close = min(OSA.distance(ca, cb), OSA.distance(sa, sb), OSA.distance(ca, sb))  # transpositions = 1
    if close <= 1 or best >= 90:
        return 4
    if best >= 80:
        return 3
    # 'David Zhang' vs 张伟: an English given name with the same surname is weak evidence,
    # but much less damning than a completely different name.
    return 2 if set(a[1].split()) & set(b[1].split()) else 1


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
    return None if c is None else (c, p.cols["company_py"][i])


def _company_level(a, b) -> int:
    if a[0] == b[0]:
        return 6
    pa, pb = a[1], b[1]
    if pa == pb:
        return 5  # same name across scripts: 华为 / Huawei
    short, long_ = sorted((pa, pb), key=len)
    if len(short) >= 4 and (long_.startswith(short) or long_.endswith(short)):
        return 4  # short name vs full core: 华为 / 华为终端
    s = max(_jw(pa, pb), fuzz.token_set_ratio(a[0], b[0]) / 100.0)
    return 3 if s >= 0.92 else 2 if s >= 0.80 else 1


def _email_level(a: str, b: str) -> int:
    if a == b:
        return 4
    la, lb = a.split("@", 1)[0], b.split("@", 1)[0]
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


NAME = Comparison("name", ("different", "shares a name token", "similar>=80", "one edit/similar>=90", "same pinyin/order", "exact"),
                  _name_value, _name_level)
FIRST = Comparison("first_name", ("different", "jw>=0.75", "initial/jw>=0.88", "jw>=0.94", "exact"),
                   _col("first"), _part_level)
LAST = Comparison("last_name", ("different", "jw>=0.75", "initial/jw>=0.88", "jw>=0.94", "exact"),
                  _col("last"), _part_level)
COMPANY = Comparison("company", ("different", "sim>=0.80", "sim>=0.92", "contains", "same across scripts",
                                 "exact"), _company_value, _company_level)
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
    return out
