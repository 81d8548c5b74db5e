"""Company-name aliases learned from the data itself, not from a dictionary.

A record that names one organisation twice -- a CRM account with name=腾讯科技(深圳)有限公司
and name_en=Tencent Technology (Shenzhen) Co., Ltd., or with a website tencent.com -- says
that the cores 'tengxun', 'tencent' (and the domain label) are one organisation. Records
that carry only one of those names can then be compared across scripts. Pinyin equality
(华为/Huawei) needs no alias; 腾讯/Tencent does.

Aliases are grouped with a union-find. A group that grows beyond a few spellings is
dropped: it means some spelling is shared by unrelated organisations (a generic word left
in a core), and chaining through it would merge them.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_GROUP = 4  # spellings of one organisation: hanzi pinyin, English, a domain or two


def _find(parent: dict[str, str], x: str) -> str:
    while parent.setdefault(x, x) != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def learn(name_sets: Iterable[tuple[str | None, ...]]) -> dict[str, str]:
    """name_sets: per record, the comparable cores it gives for ONE organisation, by slot
    (pinyin of the hanzi core, latin core, domain label). -> spelling: canonical spelling,
    only for spellings that have at least one alias.

    A spelling paired with two different spellings in another slot is ambiguous (the core
    妇幼保健院 is 'Nanjing Maternal ...' in one record and 'Tianjin Maternal ...' in another):
    it teaches nothing and is left out."""
    rows = [tuple(n if n and len(n) >= 3 else None for n in names) for names in name_sets]
    partners: dict[tuple[int, str, int], set[str]] = {}
    for names in rows:
        for i, a in enumerate(names):
            for j, b in enumerate(names):
                if a and b and i != j:
                    partners.setdefault((i, a, j), set()).add(b)
    ambiguous = {(i, a) for (i, a, _j), bs in partners.items() if len(bs) > 1}
    parent: dict[str, str] = {}
    for names in rows:
        vals = sorted({n for i, n in enumerate(names) if n and (i, n) not in ambiguous})
        for v in vals[1:]:
            ra, rb = _find(parent, vals[0]), _find(parent, v)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(_find(parent, x), []).append(x)
    out: dict[str, str] = {}
    for root, members in groups.items():
        if 1 < len(members) <= MAX_GROUP:
            for m in members:
                out[m] = root
    return out
