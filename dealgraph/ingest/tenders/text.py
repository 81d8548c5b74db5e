"""Text normalisation shared by every tender parser.

Tender notices mix full-width and half-width forms (：（）＞１２０), letter-spaced headings from
scans ("项 目 名 称"), and non-breaking spaces. Everything downstream matches on the
normalised form, so the rules live in one place.
"""

from __future__ import annotations

import re

# Full-width ASCII block FF01..FF5E maps to 21..7E; ideographic space to a space.
_FW = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FW.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: None,
            0xFEFF: None, 0xFFE5: ord("¥"), 0xFFE0: ord("¢"),
            ord("～"): ord("~"), ord("〜"): ord("~"), ord("—"): ord("-"), ord("–"): ord("-"), ord("−"): ord("-"),
            ord("﹕"): ord(":"), ord("︰"): ord(":"), ord("≧"): ord("≥"), ord("≦"): ord("≤"),
            ord("☆"): ord("★"), ord("△"): ord("▲"), ord("﹡"): ord("*")})

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{_CJK}]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ \\t]+(?=[{_CJK}])")
_SPACE_CJK_PUNCT = re.compile(f"(?<=[{_CJK}])[ \\t]+(?=[:()（）、，。；])|(?<=[:(（])[ \\t]+(?=[{_CJK}])")
_MULTI_SPACE = re.compile(r"[ \t]{2,}")
# The end of a field label at the start of a line: only there does a gap between Chinese characters mean anything.
_LABEL_GAP = re.compile(r"^\s*(?:[一二三四五六七八九十\d]+[、.．]\s*)?[\u4e00-\u9fff（）()]{2,14}$")


def halfwidth(s: str) -> str:
    return s.translate(_FW)


def _letter_spaced(line: str) -> bool:
    """A scanned/OCR line such as "预 算 金 额 : 1 2 0 万 元": most tokens are one character."""
    toks = line.split()
    if len(toks) < 4:
        return False
    singles = sum(1 for t in toks if len(t) == 1)
    return singles / len(toks) >= 0.6


def normalize_line(line: str) -> str:
    s = halfwidth(line).replace("\r", "")
    s = s.strip()
    if _letter_spaced(s) and CJK_RE.search(s):
        # Keep runs of 2+ spaces as word gaps, drop the single letter spacing.
        s = re.sub(r"(?<=\S) (?=\S)", "", s)
    # A single space between Chinese characters is an artefact; a wider gap or a tab after a field label separates a
    # label from its value in a text or PDF table ("采购人    某县水务局").
    s = _SPACE_BETWEEN_CJK.sub(lambda m: " " if (len(m.group(0)) >= 2 or "\t" in m.group(0)) and _LABEL_GAP.search(
        s[:m.start()]) else "", s)
    s = _SPACE_CJK_PUNCT.sub("", s)
    # Digits split by single spaces after CJK normalisation ("1 2 0万元") only in letter-spaced lines,
    # handled above; thousands written "1 200 000" are joined here when followed by a unit.
    s = re.sub(r"(?<=\d) (?=\d{3}(?!\d))", "", s) if re.search(r"\d \d{3}(?!\d)", s) else s
    s = _MULTI_SPACE.sub(" ", s)
    return s.strip()


def has_cjk(s: str) -> bool:
    return bool(CJK_RE.search(s))


def join_wrapped(parts: list[str]) -> str:
    """Join wrapped fragments: no space between CJK neighbours, one space between Latin words."""
    out = ""
    for p in (x.strip() for x in parts):
        if not p:
            continue
        # In Chinese text a wrap can split a Latin word ("25000M" / "bps"): join without a blank there.
        if out and not (has_cjk(out) or has_cjk(p)) and not out.endswith(("-", "/")):
            out += " "
        out += p
    return out


def snippet(s: str, limit: int = 160) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"
