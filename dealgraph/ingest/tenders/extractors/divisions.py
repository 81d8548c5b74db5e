"""Divisions of a tender read from the notice's structure: Items / Lots / Packages / Schedules / Parts / 包 / 标段.

A notice divided into parts that are bid for (and awarded) separately shows it in its structure: the division's
name repeated as a heading ("Item 1 - Electric Light Goods Vehicle", "Item 2 - DC Fast Charger") each over a
specification part of its own in the same shape (the same table header, bound lines, or a value), or a sentence
stating the division ("The tender is divided into two Items") over a table numbering them. The line items of one
schedule (CLINs of an all-or-none award, rows of one price schedule) have no part of their own and no such
sentence; a notice "not divided into lots" has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import fields as F
from ..model import Block, Document
from ..sections import heading_topic
from ..tree import numbering
from .shapes import OPERATOR

_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_NUM = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_WORD_KEY = {"lot": "lot", "item": "item", "package": "package", "schedule": "schedule", "part": "part",
             "包": "lot", "包件": "lot", "标包": "lot", "分包": "lot", "采购包": "lot", "标段": "lot", "项目": "item"}

# "Item 1 項目1 - Electric Light Goods Vehicle", "Schedule 2: Network switches", "Lot B – Heavy vehicles", "标包2 变压器".
_HEAD = re.compile(r"^(?P<w>(?i:Lot|Item|Package|Schedule|Part)|采购包|标包|包件|分包|标段|包|项目)\s*(?i:No\.?\s*)?"
                   r"(?P<n>\d{1,2}|[A-H](?![A-Za-z])|[一二三四五六七八九十])(?![\d.,/])"
                   r"\s*(?:(?:项目|包|标段)\s*(?:\d{1,2}|[一二三四五六七八九十]))?\s*[:：.\-–—]?\s*(?P<name>.*)$")
# A table's first column naming the division: "Item | Description | Quantity", "Lot No. | …", "包号".
_COLUMN = re.compile(r"^((?i:Lot|Item|Package|Schedule)|采购包|标包|包件|分包|标段|包|项目)(?i:s|\s*No\.?|号)?(?![A-Za-z])")
# "divided into two Items", "comprises 3 lots", "本项目分为两个包", "划分为3个标段".
_STATED = re.compile(r"\b(?:divided|split|subdivided|organi[sz]ed)\s+into\s+(?:the\s+following\s+)?(?P<n>\d{1,2}|two|three|four|five|six|"
                     r"seven|eight|nine|ten)\s+(?:\(\d{1,2}\)\s+)?(?:separate\s+)?(?P<w>lots?|items?|packages?|schedules?|parts?)\b|"
                     r"(?:分为|划分为|分成|共分)\s*(?P<cn>[\d一二两三四五六七八九十]{1,2})\s*个\s*(?P<cw>采购包|标包|包件|分包|标段|包|项目)",
                     re.IGNORECASE)
_NOT_DIVIDED = re.compile(r"\bnot\s+(?:be\s+)?(?:divided|split)\s+into\s+(?:separate\s+)?lots\b|divided into lots\s*[:：]\s*no\b|"
                          r"不分包|不划分(?:标段|包)|不分标段", re.IGNORECASE)


@dataclass
class Division:
    number: str
    name: str | None
    page: int
    snippet: str


def _int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if len(s) == 1 and "A" <= s <= "H":
        return ord(s) - ord("A") + 1
    return _CN_NUM.get(s) or _EN_NUM.get(s.lower())


def stated_division(doc: Document) -> tuple[str, int] | None | bool:
    """("item", 2) from "divided into two Items"; False when the notice says it is not divided; None when silent."""
    for _, t in doc.lines():
        if _NOT_DIVIDED.search(t):
            return False
    for _, t in doc.lines():
        m = _STATED.search(t)
        if m:
            word = (m.group("w") or m.group("cw")).lower().rstrip("s") if m.group("w") else m.group("cw")
            n = _int(m.group("n") or m.group("cn"))
            if n:
                return _WORD_KEY.get(word, "lot"), n
    return None


def _evidence(blocks: list[Block]) -> str | None:
    """The shape of a division's own part: a table (by its header), bound lines, or a stated value."""
    for b in blocks:
        if b.kind == "table" and len(b.rows) >= 2:
            return "table:" + "|".join(re.sub(r"\s+", "", c).lower() for c in b.rows[0].cells)
    bounds = sum(1 for b in blocks if b.kind == "line" and OPERATOR.search(b.text))
    if bounds >= 2:
        return "bounds"
    if any(b.kind == "line" and any(f in ("budget", "max_price") for f, _, _ in F.kv_in_line(b.text)) for b in blocks):
        return "value"
    return None


def _boundary(b: Block) -> bool:
    """A block that ends the last division's part: a chapter, annex or part of the whole notice."""
    num = numbering(b.text) if b.kind == "line" else None
    return bool(num and num[0] in ("chapter", "annex", "part"))


def divisions_by_heading(doc: Document) -> list[Division]:
    """Division headings numbered 1..k (k >= 2), each over a part of its own in the same shape."""
    heads: dict[str, list[tuple[int, int, str, Block]]] = {}
    for i, b in enumerate(doc.blocks):
        if b.kind != "line":
            continue
        m = _HEAD.match(b.text.strip())
        if not m:
            continue
        name = m.group("name").strip(" :：-–—")
        n = _int(m.group("n"))
        if not n or not name or len(name) > 100 or name.endswith((".", "。", ";", "；")) or F.kv_in_line(b.text):
            continue  # "Item 3: the Supplier shall …" is a clause, not a division
        heads.setdefault(_WORD_KEY.get(m.group("w").lower(), "lot"), []).append((i, n, name, b))
    for found in heads.values():
        seq = []
        for h in found:  # the first run numbered 1, 2, 3 …
            if h[1] == len(seq) + 1:
                seq.append(h)
        if len(seq) < 2 or any(heading_topic(name) not in (None, "technical") for _, _, name, _ in seq):
            continue  # "PART 3 - EVALUATION": a part of the document, not of the purchase
        shapes = []
        for k, (i, _, _, _) in enumerate(seq):
            end = seq[k + 1][0] if k + 1 < len(seq) else next(
                (j for j in range(i + 1, len(doc.blocks)) if _boundary(doc.blocks[j])), len(doc.blocks))
            shapes.append(_evidence(doc.blocks[i + 1:min(end, i + 60)]))
        if shapes[0] is None or len(set(shapes)) != 1:
            continue  # each division has its own part, all alike (the same table, bound lines, a value)
        return [Division(str(n), name[:60], b.page, b.text[:160]) for _, n, name, b in seq]
    return []


def divisions_by_table(doc: Document, word: str, count: int) -> list[Division]:
    """A stated division ("divided into two Items") over a table whose first column names it and numbers 1..count."""
    for b in doc.blocks:
        if b.kind != "table" or len(b.rows) != count + 1 or not b.rows[0].cells:
            continue
        m = _COLUMN.match(b.rows[0].cells[0].strip())
        if not m or _WORD_KEY.get(m.group(1).lower(), "lot") != word:
            continue
        firsts = [r.cells[0].strip() if r.cells else "" for r in b.rows[1:]]
        if [_int(re.sub(rf"^{re.escape(m.group(1))}\s*(?:No\.?)?\s*", "", f, flags=re.IGNORECASE)) for f in firsts] != \
                list(range(1, count + 1)):
            continue
        return [Division(str(k + 1), (r.cells[1].strip()[:60] if len(r.cells) > 1 else None), r.page,
                         " | ".join(c for c in r.cells if c)[:160]) for k, r in enumerate(b.rows[1:])]
    return []


def read_divisions(doc: Document) -> list[Division]:
    stated = stated_division(doc)
    if stated is False:
        return []
    found = divisions_by_heading(doc)
    if found:
        return found if stated is None or stated[1] == len(found) else []
    if stated and stated[1] >= 2 and stated[0] != "part":
        return divisions_by_table(doc, *stated)
    return []
