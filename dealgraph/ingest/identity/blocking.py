"""Blocking: candidate pairs from several cheap keys, so cost grows with the number of
records, not its square.

Each rule maps a record to one key (or None). Records sharing a key under any rule become
a candidate pair. Keys are prefixed with the record kind, so people never pair with
companies. A key shared by more than `max_block` records (a switchboard number, 张伟) is
not discriminating enough for all-pairs; that block is walked by sorted neighbourhood
(sorted on employer/city/name, each record paired with its next few neighbours), so cost
stays linear in the block size without dropping the common names' duplicates.
The self-join runs in pandas (C speed), not in a Python loop over blocks.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .records import Prepared

Rule = Callable[[Prepared, int], "str | tuple[str, ...] | None"]  # several keys: any may match

_GENERIC_MAIL = {"qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "hotmail.com", "sina.com",
                 "yahoo.com", "foxmail.com", "aliyun.com", "icloud.com", "sohu.com", "139.com", "live.com"}


def _c(p: Prepared, f: str, i: int) -> str | None:
    return p.cols[f][i]


def _compact(s: str | None) -> str | None:
    return s.replace(" ", "") if s else None


def _name_key(p: Prepared, i: int) -> tuple[str, ...] | None:
    """Every order of the name, plus the email local part spelled as a name: 杨敏玲,
    'minlingyang' and huangna@... all meet in one key space."""
    keys = set(_c(p, "name_variants", i) or ())
    s = _compact(_c(p, "name_sorted", i))
    if s:
        keys.add(s)
    e = _c(p, "email", i)
    if e and p.kind[i] == "person":
        local = "".join(ch for ch in e.split("@", 1)[0] if ch.isalpha())
        if len(local) >= 5:
            keys.add(local)
    return tuple(keys) or None


def _name_prefix_company(p: Prepared, i: int) -> str | None:
    n, c = _compact(_c(p, "name_py", i)), _c(p, "company_py", i)
    return f"{n[:3]}|{c[:3]}" if n and c else None


def _surname_token_company(p: Prepared, i: int) -> str | None:
    n, c = _c(p, "name_sorted", i), _c(p, "company_py", i)
    if not n or not c:
        return None
    toks = n.split()
    return f"{toks[0][:2]}{toks[-1][:2]}|{c[:4]}"


def _name_city(p: Prepared, i: int) -> str | None:
    n, c = _compact(_c(p, "name_sorted", i)), _c(p, "city", i)
    return f"{n[:4]}|{c}" if n and c else None


def _last_dob(p: Prepared, i: int) -> str | None:
    last, d = _c(p, "last", i) or _last_token(p, i), _c(p, "dob", i)
    return f"{last[:3]}|{d[:4]}" if last and d else None


def _last_token(p: Prepared, i: int) -> str | None:
    n = _c(p, "name_py", i)
    return n.split()[-1] if n else None


def _first_dob(p: Prepared, i: int) -> str | None:
    first, d = _c(p, "first", i), _c(p, "dob", i)
    if not first:
        n = _c(p, "name_py", i)
        first = n.split()[0] if n else None
    return f"{first[:3]}|{d}" if first and d else None


def _dob_postcode(p: Prepared, i: int) -> str | None:
    d, z = _c(p, "dob", i), _c(p, "postcode", i)
    return f"{d}|{z}" if d and z else None


def _dob_initials(p: Prepared, i: int) -> str | None:
    d, n = _c(p, "dob", i), _c(p, "name_sorted", i)
    return f"{d}|{''.join(t[0] for t in n.split())}" if d and n else None


def _address_prefix(p: Prepared, i: int) -> str | None:
    a = _c(p, "address", i)
    if not a:
        return None
    n = _c(p, "name_sorted", i) or _c(p, "company_py", i) or ""
    return f"{a.replace(' ', '')[:10]}|{n[:1]}"


def _email_local(p: Prepared, i: int) -> str | None:
    e = _c(p, "email", i)
    if not e:
        return None
    local, _domain = e.split("@", 1)
    return local if len(local) >= 5 else None


def _email_domain_name(p: Prepared, i: int) -> str | None:
    e, n = _c(p, "email", i), _compact(_c(p, "name_sorted", i))
    if not e or not n:
        return None
    domain = e.split("@", 1)[1]
    return None if domain in _GENERIC_MAIL else f"{domain}|{n[:2]}"


def _person_company(p: Prepared, i: int) -> tuple[str, ...] | None:
    """A person's employer, named by the company column or by the work e-mail domain: a web
    form with only wen.he@qianhan.com.cn meets the CRM row of 何文 at 千涵."""
    if p.kind[i] != "person":
        return None
    keys = {k for k in (_c(p, "company_key", i), _c(p, "domain", i)) if k and len(k) >= 4}
    return tuple(keys) or None


def _company_full(p: Prepared, i: int) -> str | None:
    """Company records by core; a learned alias (腾讯 = Tencent) shares its canonical key."""
    return _c(p, "company_key", i) if p.kind[i] == "company" else None


def _company_full_name(p: Prepared, i: int) -> str | None:
    """The name as written (region and legal form kept): (长沙)市中医院 and 长沙市中医院 meet
    here even though stripping the bracketed city left them different cores."""
    return _c(p, "company_full", i) if p.kind[i] == "company" else None


def _company_prefix_city(p: Prepared, i: int) -> str | None:
    c, t = _c(p, "company_py", i), _c(p, "city", i) or _c(p, "postcode", i)
    return f"{c[:4]}|{t}" if p.kind[i] == "company" and c and t else None


def _company_prefix(p: Prepared, i: int) -> str | None:
    c = _c(p, "company_py", i)
    return c[:5] if p.kind[i] == "company" and c and len(c) >= 4 else None


def _field(name: str) -> Rule:
    def rule(p: Prepared, i: int) -> str | None:
        return p.cols[name][i]
    rule.__name__ = name
    return rule


RULES: dict[str, Rule] = {
    "email": _field("email"), "phone": _field("phone"), "unionid": _field("unionid"),
    "credit_code": _field("credit_code"), "website": _field("website"),
    "name": _name_key, "name3+company3": _name_prefix_company, "name_ends+company4": _surname_token_company,
    "name4+city": _name_city, "last3+dob_year": _last_dob, "first3+dob": _first_dob,
    "dob+postcode": _dob_postcode, "dob+initials": _dob_initials, "address10+initial": _address_prefix,
    "email_local": _email_local, "email_domain+name2": _email_domain_name,
    "company": _company_full, "company_full_name": _company_full_name, "person_company": _person_company, "company4+city": _company_prefix_city, "company5": _company_prefix,
}


# Caps for keys that are shared by many unrelated records (common names, big employers):
# a block of 150 张伟 is 11k pairs of mostly strangers. Identifier keys keep the default.
RULE_MAX_BLOCK = {"name": 30, "name3+company3": 40, "person_company": 30, "company5": 40, "name4+city": 40,
                  "name_ends+company4": 40, "address10+initial": 60}

# Broad rules widen recall for prediction but are left out of EM training: pairs of
# colleagues (same employer, different people) would otherwise dominate the training pairs
# and EM would learn "same company" as its match class.
BROAD_RULES = frozenset({"person_company"})


def _sort_keys(p: Prepared) -> np.ndarray:
    """Rank of each record under a secondary ordering (employer, city, name, contacts), used
    to sort the members of an oversized block so that neighbours are plausible duplicates."""
    def key(i: int) -> str:
        return "|".join(_c(p, f, i) or "" for f in ("company_py", "city", "name_sorted", "email", "phone"))
    keys = [key(i) for i in range(len(p))]
    order = sorted(range(len(p)), key=keys.__getitem__)
    rank = np.empty(len(p), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(p))
    return rank


def _sorted_neighbourhood(df, rank: np.ndarray, window: int, n: int) -> np.ndarray:
    """Pairs inside oversized blocks by sorted neighbourhood: within each block, records are
    sorted by `rank` and each is paired with the next `window - 1` records. A block of s
    records then costs s * window pairs instead of s^2 / 2 (or being dropped altogether,
    which loses every duplicate of a common name)."""
    kc = df["k"].to_numpy()
    i = df["i"].to_numpy()
    order = np.lexsort((rank[i], kc))
    kc, i = kc[order], i[order]
    out = []
    for d in range(1, window):
        same = kc[d:] == kc[:-d]
        a, b = i[:-d][same], i[d:][same]
        out.append(np.minimum(a, b) * n + np.maximum(a, b))
    return np.concatenate(out) if out else np.empty(0, dtype=np.int64)


def identifier_rules(p: Prepared) -> dict[str, Rule]:
    """One exact-value block per identifier column present (national id, passport, a user's
    own id column...): a shared number is the surest way two records meet."""
    from .identifiers import ATTR_PREFIX, ID_FIELDS

    return {f: _field(f) for f in sorted(p.present) if f in ID_FIELDS or f.startswith(ATTR_PREFIX)}


def candidate_pairs(p: Prepared, max_block: int = 150, rules: dict[str, Rule] | None = None,
                    window: int = 4) -> tuple[np.ndarray, dict[str, int]]:
    """-> (pairs as an (n, 2) int array with i < j, pairs found per rule). Blocks larger than
    their cap are not dropped but walked by sorted neighbourhood with `window` (0 = drop).
    The stats dict also carries "_train_mask": which pairs some non-broad rule found."""
    import pandas as pd

    rules = rules or {**RULES, **identifier_rules(p)}
    n = len(p)
    order_key: np.ndarray | None = None
    codes: list[np.ndarray] = []
    train: list[np.ndarray] = []
    stats: dict = {}
    for name, rule in rules.items():
        ks: list[str] = []
        idx: list[int] = []
        for i in range(n):
            k = rule(p, i)
            if k is None:
                continue
            for key in (k,) if isinstance(k, str) else k:
                ks.append(f"{p.kind[i]}|{key}")
                idx.append(i)
        if len(idx) < 2:
            continue
        # Integer block codes: merging and grouping on ints is several times faster than on strings.
        df = pd.DataFrame({"k": pd.factorize(pd.Series(ks, dtype=object))[0],
                           "i": np.asarray(idx, dtype=np.int64)}).drop_duplicates()
        size = df.groupby("k")["i"].transform("size")
        cap = rule_cap(name, max_block)
        small = df[(size >= 2) & (size <= cap)]
        m = small.merge(small, on="k", suffixes=("a", "b"))
        m = m[m["ia"] < m["ib"]]
        parts = [m["ia"].to_numpy() * n + m["ib"].to_numpy()]
        if window and (size > cap).any():
            if order_key is None:
                order_key = _sort_keys(p)
            parts.append(_sorted_neighbourhood(df[size > cap], order_key, window, n))
        c = np.concatenate(parts)
        if len(c) == 0:
            stats[name] = 0
            continue
        stats[name] = len(c)
        codes.append(c)
        if name not in BROAD_RULES:
            train.append(c)
    if not codes:
        return np.empty((0, 2), dtype=np.int64), stats
    allc = np.unique(np.concatenate(codes))
    stats["_train_mask"] = np.isin(allc, np.concatenate(train)) if train else np.ones(len(allc), dtype=bool)
    return np.stack([allc // n, allc % n], axis=1), stats


def blocking_recall(pairs: np.ndarray, n: int, truth_pairs: set[tuple[int, int]]) -> float:
    """Share of true matching pairs (i < j) that blocking kept as candidates."""
    if not truth_pairs:
        return 1.0
    kept = set((pairs[:, 0] * n + pairs[:, 1]).tolist())
    return sum(1 for i, j in truth_pairs if i * n + j in kept) / len(truth_pairs)


def rule_cap(name: str, max_block: int = 150) -> int:
    return min(max_block, RULE_MAX_BLOCK.get(name, max_block))


def record_tokens(p: Prepared, max_block: int = 150, rules: dict[str, Rule] | None = None) -> list[list[str]]:
    """Every blocking key of every record as a short opaque token ("b<cap>x<hash>"), so the
    graph can find a new record's block-mates through one full-text index instead of re-blocking
    the whole population. The cap travels in the token: a block bigger than its rule's cap is
    walked by sorted neighbourhood in a full run and is not fetched whole by an incremental one."""
    import hashlib

    rules = rules or {**RULES, **identifier_rules(p)}
    out: list[list[str]] = [[] for _ in range(len(p))]
    for name, rule in rules.items():
        cap = rule_cap(name, max_block)
        for i in range(len(p)):
            k = rule(p, i)
            if k is None:
                continue
            for key in (k,) if isinstance(k, str) else k:
                h = hashlib.sha1(f"{name}|{p.kind[i]}|{key}".encode()).hexdigest()[:15]
                out[i].append(f"b{cap}x{h}")
    return [sorted(set(t)) for t in out]


def token_cap(token: str) -> int:
    return int(token[1:token.index("x")])
