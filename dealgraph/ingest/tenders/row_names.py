"""A table row's name against the parameter read from it.

A specification row names its parameter in the cell before the value ("All | Warranty | Minimum 5 years …",
"3 | 能效比(EER) | 标包1不低于3.8;标包2不低于4.5", "3.6 | Electrical | 208-230 V, 60 Hz"). A requirement read from the
row whose parameter is another cell of it ('All'), a lot's label ('标包1') or a figure of the value ('60 Hz'),
while neither it nor its text holds a word of the name cell, lost the name: the row is put on needs_review, so the
note names the parameter. Never changes a field.
"""

from __future__ import annotations

import re

from .coverage_checks import _nums

# A parameter that names no measure: a lot's label, 'All', a figure with its unit.
_NO_NAME = re.compile(r"^(?:all|any|each|both|lots?\s*\d+(?:\s*(?:and|&|,)\s*\d+)*|lot\s+[a-z]|(?:标|分)?包\s*\d+|"
                      r"第\s*[\d一二三四五六七八九十]+\s*(?:包|标段|分包)|标段\s*[\d一二三四五六七八九十]+|"
                      r"[-+]?\d[\d,.]*\s*[^\s\d]{0,6})$", re.IGNORECASE)


def _words(s: str) -> set[str]:
    latin = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", s)}
    cjk = "".join(re.findall(r"[\u4e00-\u9fff]", s))
    return latin | {cjk[i:i + 2] for i in range(len(cjk) - 1)}


def _value_cell(cells: list[str], value) -> int | None:
    """The first cell after the first that writes the value."""
    vals = value if isinstance(value, list) else [value]
    want = {round(float(v), 6) for v in vals if isinstance(v, (int, float))}
    for k, c in enumerate(cells[1:], 1):
        if any(want & _nums(m.group(0)) or want & {-n for n in _nums(m.group(0))}
               for m in re.finditer(r"\d[\d,]*(?:\.\d+)?", c)):
            return k
    return None


def row_name_unread(p, rv) -> None:
    seen = set()
    for r in p.requirements:
        if r.value is None or isinstance(r.value, str) or r.kind == "qualification" or r.snippet in seen:
            continue
        cells = [c.strip() for c in (r.snippet or "").split("|")]
        if len(cells) < 3:
            continue
        k = _value_cell(cells, r.value)
        if k is None or k < 2:
            continue
        name = cells[k - 1]
        if not name or len(name) > 60 or re.search(r"\d", name) or not _words(name):
            continue
        param = (r.parameter or "").strip()
        other_cell = any(param and param == c for j, c in enumerate(cells) if j != k - 1)
        if not (not param or other_cell or _NO_NAME.match(param)):
            continue
        if _words(name) & _words(f"{param} {r.text}"):
            continue
        seen.add(r.snippet)
        rv.flag("requirements", f"the row's name '{name[:40]}' is in no requirement read from it (read as "
                                f"'{param or '(no name)'}')", r.snippet)
