"""Field comparisons: each candidate pair gets one discrete agreement level per field.

Level 0 means "a value is missing" (no evidence either way); level 1 is plain disagreement;
higher levels are stronger agreement, the last one being exact. Similarities are computed
once per distinct value pair (names and companies repeat a lot), with rapidfuzz.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein
from rapidfuzz.process import cpdist

from .identifiers import ATTR_PREFIX, ID_FIELDS
from .normalise import city, name_tokens_key, name_variants
from .records import Prepared


def is_identifier_field(f: str) -> bool:
    return f in ID_FIELDS or f.startswith(ATTR_PREFIX)


@dataclass(frozen=True)
class Comparison:
    field: str
    labels: tuple[str, ...]  # labels[k - 1] describes level k (k >= 1)
    value: Callable[[Prepared, int], object]
    level: Callable[[object, object], int]
    vector: Callable[[list, list], np.ndarray] | None = None  # many pairs at once, when it pays
    same_is_max: bool = True  # identical values always get the top level (skips the call)

    @property
    def n_levels(self) -> int:
        return len(self.labels) + 1  # + the missing level 0


def _jw(a: str, b: str) -> float:
    return JaroWinkler.normalized_similarity(a, b)


def name_value(display: str, name_py: str, variants: tuple[str, ...] = ()) -> tuple:
    """Everything a name comparison needs, computed once per distinct name."""
    toks = tuple(name_py.split())
    return (display, name_py.replace(" ", ""), name_tokens_key(name_py).replace(" ", ""),
            frozenset(variants or name_variants(display, name_py)), toks, _han(display))


def _name_value(p: Prepared, i: int):
    n = p.cols["name"][i]
    return None if n is None else name_value(n, p.cols["name_py"][i], p.cols["name_variants"][i] or ())


def _han(s: str) -> bool:
    return "\u3400" <= s[0] <= "\u9fff"


def _shares_token(a, b) -> bool:
    """'David Zhang' vs 张伟 / 'Kevin Sun' vs 'sunhao': a shared surname token."""
    if set(a[4]) & set(b[4]):
        return True
    return any(len(t) >= 2 and (b[1].startswith(t) or b[1].endswith(t)) for t in a[4] if len(a[4]) > 1) \
        or any(len(t) >= 2 and (a[1].startswith(t) or a[1].endswith(t)) for t in b[4] if len(b[4]) > 1)


def _name_levels(A: list, B: list) -> np.ndarray:
    """Vectorised name levels (rapidfuzz cpdist in C for the string metrics).

    Hanzi vs hanzi: one different character is a different person unless the pinyin is the
    same (IME homophones). Otherwise pinyin/latin forms are compared in every order with
    edit-distance levels: Jaro-Winkler is too lenient for short Chinese names (liuyu/liuyujun)."""
    n = len(A)
    out = np.ones(n, dtype=np.int8)
    ca, cb = [a[1] for a in A], [b[1] for b in B]
    sa, sb = [a[2] for a in A], [b[2] for b in B]
    same = np.fromiter(((x[1] == y[1] or x[2] == y[2] or x[1] == y[2] or x[2] == y[1] or not x[3].isdisjoint(y[3]))
                        for x, y in zip(A, B)), dtype=bool, count=n)
    both_han = np.fromiter((x[5] and y[5] for x, y in zip(A, B)), dtype=bool, count=n)
    exact = np.fromiter((x[0] == y[0] for x, y in zip(A, B)), dtype=bool, count=n)
    rest = ~same & ~both_han & ~exact
    idx = np.flatnonzero(rest)
    if len(idx):
        qa, qb = [ca[i] for i in idx], [cb[i] for i in idx]
        ra, rb = [sa[i] for i in idx], [sb[i] for i in idx]
        best = np.maximum.reduce([cpdist(qa, qb, scorer=fuzz.ratio, workers=-1), cpdist(ra, rb, scorer=fuzz.ratio, workers=-1),
                                  cpdist(qa, rb, scorer=fuzz.ratio, workers=-1), cpdist(ra, qb, scorer=fuzz.ratio, workers=-1)])
        close = np.minimum.reduce([cpdist(qa, qb, scorer=OSA.distance, workers=-1), cpdist(ra, rb, scorer=OSA.distance, workers=-1),
                                   cpdist(qa, rb, scorer=OSA.distance, workers=-1)])  # transpositions count 1
        lev = np.where((close <= 1) | (best >= 90), 4, np.where(best >= 80, 3, 1)).astype(np.int8)
        for j in np.flatnonzero(lev == 1).tolist():
            if _shares_token(A[idx[j]], B[idx[j]]):
                lev[j] = 2
        out[idx] = lev
    # two DIFFERENT hanzi names with the same pinyin (黎俊/李军) are weaker than hanzi vs
    # pinyin or a swapped order: an IME slip or simply two people.
    out[same] = np.where(both_han[same], 5, 6)
    out[exact] = 7
    return out


def _name_level(a, b) -> int:
    return int(_name_levels([a], [b])[0])


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
    return None if c is None else (c, p.cols["company_py"][i], p.cols["company_mid"][i], p.cols["company_full"][i],
                                   p.cols["company_key"][i], p.cols["company_region"][i])


def _company_levels(A: list, B: list) -> np.ndarray:
    n = len(A)
    out = np.ones(n, dtype=np.int8)
    fuzzy = []
    for k, (a, b) in enumerate(zip(A, B)):
        if a[3] == b[3]:
            out[k] = 9  # the same name as written, region and legal form included: 长沙市中医院
            continue
        if a[0] == b[0]:
            ma, mb = a[2] or a[0], b[2] or b[0]
            # same core, different business words (华为技术 vs 华为终端) or registered in two
            # different cities (南京市妇幼保健院 vs 天津市妇幼保健院): another legal entity, often
            other_region = a[5] is not None and b[5] is not None and a[5] != b[5]
            out[k] = 6 if other_region or (ma != mb and ma != a[0] and mb != b[0] and _han(ma) == _han(mb)) else 8
            continue
        pa, pb = a[1], b[1]
        if pa == pb or a[4] == b[4]:
            # 华为 / Huawei is one name in two scripts (so is 腾讯 / Tencent once some record
            # carried both: a learned alias); two DIFFERENT hanzi names with the same pinyin
            # (迈峰宇 / 迈峰玉) are a homophone: an IME slip or another company.
            out[k] = 5 if pa == pb and _han(a[0]) and _han(b[0]) else 7
            continue
        short, long_ = (pa, pb) if len(pa) <= len(pb) else (pb, pa)
        if len(short) >= 4 and (long_.startswith(short) or long_.endswith(short)):
            out[k] = 4  # short name vs full core: 华为 / 华为终端
            continue
        fuzzy.append(k)
    if fuzzy:
        jw = cpdist([A[k][1] for k in fuzzy], [B[k][1] for k in fuzzy], scorer=JaroWinkler.normalized_similarity, workers=-1)
        ts = cpdist([A[k][0] for k in fuzzy], [B[k][0] for k in fuzzy], scorer=fuzz.token_set_ratio, workers=-1) / 100.0
        s = np.maximum(jw, ts)
        out[fuzzy] = np.where(s >= 0.92, 3, np.where(s >= 0.80, 2, 1))
    return out


def _company_level(a, b) -> int:
    return int(_company_levels([a], [b])[0])


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
        if y[2] in x[0]:
            level = 4
        elif len(y[2]) >= 5 and any(abs(len(k) - len(y[2])) <= 1 and OSA.distance(y[2], k, score_cutoff=1) <= 1
                                    for k in x[0]):
            level = 3  # a typo in the address: yingu549@ for 尹宇 (yinyu)
        else:
            level = 2 if len(y[2]) >= 5 and y[2] in x[1] else 1
        best = max(best, level)
    return best


def _employer_value(p: Prepared, i: int):
    c, d = p.cols["company_key"][i], p.cols["domain"][i]
    return None if c is None and d is None else (c, p.cols["company_py"][i], d)


def _same_org(company_key: str, company_py: str, domain: str) -> bool:
    """A company core and a mail/web domain label name one organisation: equal (pinyin or a
    learned alias), or one contains the other (huawei / huaweicloud, shdahua / dahua)."""
    if domain in (company_key, company_py):
        return True
    short, long_ = sorted((company_py, domain), key=len)
    return len(short) >= 4 and (long_.startswith(short) or long_.endswith(short))


def _employer_level(a, b) -> int:
    """Cross-field evidence on the employer: one record's company against the other's work
    e-mail domain (赵萍 at 千涵 / zhaoping@qianhan.com.cn), or two work domains when neither
    record names a company. Two companies are the company comparison's job. 0 = nothing to
    compare (a free-mail address names no employer)."""
    if a[0] is not None and b[0] is not None:
        return 0
    if a[0] is None and b[0] is None:
        return 0 if a[2] is None or b[2] is None else 2 if a[2] == b[2] else 1
    x, y = (a, b) if a[0] is not None else (b, a)
    if y[2] is None:
        return 0
    return 2 if _same_org(x[0], x[1], y[2]) else 1


def _region_city_value(p: Prepared, i: int):
    c, r = p.cols["city"][i], p.cols["company_region"][i]
    return None if c is None and r is None else (c, city(r) if r else None)


def _region_city_level(a, b) -> int:
    """Cross-field evidence on place: the city a company name is registered under (武汉博桂数据)
    against the other record's city column, when only one record has a city column (two
    cities are the city comparison's job, two registered names the company comparison's)."""
    if (a[0] is None) == (b[0] is None):
        return 0
    x, y = (a, b) if a[0] is not None else (b, a)
    if y[1] is None:
        return 0
    return 2 if x[0] == y[1] else 1


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


def _identifier_levels(A: list, B: list) -> np.ndarray:
    """Identifier numbers: exact, one edit or a transposition (a typed digit, two swapped),
    two edits, different. Vectorised: id columns are often on every record."""
    d = cpdist(A, B, scorer=OSA.distance, workers=-1)
    return np.where(d <= 1, 3, np.where(d <= 2, 2, 1)).astype(np.int8)


def identifier_comparison(field: str) -> Comparison:
    return Comparison(field, ("different", "two edits", "one edit/transposition", "exact"), _col(field),
                      lambda a, b: int(_identifier_levels([a], [b])[0]), _identifier_levels)


def _col(name: str) -> Callable[[Prepared, int], object]:
    return lambda p, i: p.cols[name][i]


NAME = Comparison("name", ("different", "shares a name token", "similar>=80", "one edit/similar>=90", "homophone hanzi",
                                 "same pinyin/order", "exact"),
                  _name_value, _name_level, _name_levels)
FIRST = Comparison("first_name", ("different", "jw>=0.75", "initial/jw>=0.88", "jw>=0.94", "exact"),
                   _col("first"), _part_level)
LAST = Comparison("last_name", ("different", "jw>=0.75", "initial/jw>=0.88", "jw>=0.94", "exact"),
                  _col("last"), _part_level)
COMPANY = Comparison("company", ("different", "sim>=0.80", "sim>=0.92", "contains", "homophone hanzi", "same core, other words/city",
                                 "same across scripts/alias", "exact core", "same full name"), _company_value,
                     _company_level, _company_levels)
NAME_EMAIL = Comparison("name_vs_email", ("different", "initial + name", "full name, one edit", "full name"), _name_email_value,
                        _name_email_level)
EMAIL = Comparison("email", ("different", "local jw>=0.90", "same local part", "exact"), _col("email"),
                   _email_level)
EMPLOYER = Comparison("employer_vs_domain", ("different", "same organisation"), _employer_value, _employer_level,
                      same_is_max=False)
REGION_CITY = Comparison("region_vs_city", ("different", "same city"), _region_city_value, _region_city_level,
                         same_is_max=False)
PHONE = Comparison("phone", ("different", "one digit/last 8", "exact"), _col("phone"), _phone_level)
DOB = Comparison("dob", ("different", "same year", "swap/one digit", "exact"), _col("dob"), _dob_level)
ADDRESS = Comparison("address", ("different", "tokens>=65", "tokens>=85", "tokens>=95", "exact"),
                     _col("address"), _text_level)
LOCATION = Comparison("location", ("different", "same city", "same postcode", "address>=75", "address>=90",
                                   "same address"), _location_value, _location_level, same_is_max=False)
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
    out += [identifier_comparison(f) for f in sorted(p.present) if is_identifier_field(f)]
    if {"company", "domain"} <= p.present:
        out.append(EMPLOYER)
    if "address" in p.present or "postcode" in p.present:
        out.append(LOCATION)
    elif "city" in p.present:
        out.append(CITY)
        if "company_region" in p.present:
            out.append(REGION_CITY)
    return out


def _value_codes(p: Prepared, comp: Comparison) -> tuple[list, np.ndarray]:
    """Distinct comparison values and each record's code (-1 = missing), cached on p."""
    got = p.value_codes.get(comp.field)
    if got is not None and len(got[1]) == len(p):
        return got  # type: ignore[return-value]
    values: list[object] = []
    index: dict[object, int] = {}
    codes = np.full(len(p), -1, dtype=np.int64)
    for i in range(len(p)):
        v = comp.value(p, i)
        if v is not None:
            c = index.setdefault(v, len(values))
            codes[i] = c
            if c == len(values):
                values.append(v)
    p.value_codes[comp.field] = (values, codes)
    return values, codes


def compare_pairs(p: Prepared, pairs: np.ndarray, comps: list[Comparison]) -> np.ndarray:
    """-> (n_pairs, n_comparisons) int8 matrix of agreement levels."""
    out = np.zeros((len(pairs), len(comps)), dtype=np.int8)
    if len(pairs) == 0:
        return out
    for c_idx, comp in enumerate(comps):
        values, codes = _value_codes(p, comp)
        ca, cb = codes[pairs[:, 0]], codes[pairs[:, 1]]
        ok = (ca >= 0) & (cb >= 0)
        k = max(len(values), 1)
        lo, hi = np.minimum(ca[ok], cb[ok]), np.maximum(ca[ok], cb[ok])
        uniq, inverse = np.unique(lo * k + hi, return_inverse=True)
        ua, ub = uniq // k, uniq % k
        levels = np.full(len(uniq), comp.n_levels - 1, dtype=np.int8)
        todo = np.flatnonzero(ua != ub) if comp.same_is_max else np.arange(len(uniq))
        A, B = [values[x] for x in ua[todo].tolist()], [values[x] for x in ub[todo].tolist()]
        if comp.vector is not None:
            levels[todo] = comp.vector(A, B) if len(todo) else levels[todo]
        else:
            levels[todo] = np.fromiter(map(comp.level, A, B), dtype=np.int8, count=len(todo))
        col = np.zeros(len(pairs), dtype=np.int8)
        col[ok] = levels[inverse]
        out[:, c_idx] = col
    # name_vs_email is evidence only where the names themselves do not already agree:
    # everyone's own email spells their own name, so counting both would double-count.
    fields = [c.field for c in comps]
    if "name_vs_email" in fields and "name" in fields:
        ne, nm = fields.index("name_vs_email"), fields.index("name")
        out[out[:, nm] >= 4, ne] = 0
        if "email" in fields:  # a shared address compares both names to the same local part
            em = fields.index("email")
            out[out[:, em] == comps[em].n_levels - 1, ne] = 0
    # A shared address already says the domain matched the employer's: count it once.
    if "employer_vs_domain" in fields and "email" in fields:
        ed, em = fields.index("employer_vs_domain"), fields.index("email")
        out[out[:, em] == comps[em].n_levels - 1, ed] = 0
    # Likewise the same local part at two domains (wangwei@qq.com / wangwei@huawei.com) is
    # the name again, not a second piece of evidence, once the names are compared.
    if "email" in fields and "name" in fields:
        em, nm = fields.index("email"), fields.index("name")
        out[(out[:, em] >= 2) & (out[:, em] <= 3) & (out[:, nm] >= 2), em] = 0
    return out


def comparison_named(f: str) -> Comparison:
    """The comparison a stored model names by its field (an incremental run compares exactly the
    fields the model was fitted on, whatever its few records happen to carry)."""
    for c in (NAME, FIRST, LAST, NAME_EMAIL, COMPANY, EMAIL, PHONE, DOB, CREDIT, UNIONID, WEBSITE, EMPLOYER, LOCATION,
              CITY, REGION_CITY):
        if c.field == f:
            return c
    if is_identifier_field(f):
        return identifier_comparison(f)
    raise ValueError(f"no comparison for field {f!r}")
