"""Document -> a tree of sections: the structure a reader sees before reading any field.

Every parser gives a flat list of blocks; some blocks already know they are headings (HTML <h2>,
a Word "Heading 2" paragraph, a PDF line set larger than the body text: `Block.level`). The rest
of the structure comes from numbering, which notices of every portal use: 第一章, 一、, （一）, 1.,
1.1, (1), ①, I., A., "Section II", EU form numbers "II.1.5)", Bid Data Sheet "ITB 19.1".
A numbered line opens a node; the next line of the same numbering scheme closes it (or, when its
number is not the successor, a "1." starts a nested list). Non-numbered lines, key/value lines
and tables become leaves of the node that is open.

Each node keeps what it holds: a key/value node its key and value, a table node its header row and
rows (merged cells and rows continued over a page break are already joined by the parsers), a
heading whether the format marked it (`marked`). Extractors walk the tree in reading order and ask
each node its `section`: the topic (qualification, technical, scoring, lots, other) of the innermost
heading around it whose words name one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .legend import every_row_must
from .model import Block, Document, Row
from .sections import declares_all_must, heading_says_must, heading_topic
from .text import join_wrapped, snippet

_CN = "一二三四五六七八九十"
_CN_VAL = {c: i + 1 for i, c in enumerate(_CN)}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12,
          "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16, "XVII": 17, "XVIII": 18, "XIX": 19}

# (scheme, regex); the value is group 1. Order matters: longer forms first.
_SCHEMES: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(rf"^第\s*([{_CN}\d]+)\s*[章篇部条]")),
    # "附件1：主要技术要求", "Annex B - Specifications": an attachment opens a part of its own.
    ("annex", re.compile(rf"^(?:附件|附录|Annex|Appendix|Attachment|Exhibit|Enclosure)\s*(\d{{1,2}}|[{_CN}]+|[A-H])\s*[:：、.．\-—–]\s*(?=\S)",
                         re.IGNORECASE)),
    # "附件：技术规格摘要", "Appendix: Specifications": an attachment named with no number (not a file attached).
    ("annex", re.compile(r"^(?:附件|附录|附錄|Annex|Appendix)()\s*[:：]\s*(?=\S)(?!.*\.(?:pdf|docx?|xlsx?|zip|rar)\b)",
                         re.IGNORECASE)),
    ("part", re.compile(r"^(?:Section|Part|Chapter)\s+([IVX]+|\d+)\b(?:\s*[-–—:.]|\s+[A-Z])", re.IGNORECASE)),
    ("eu", re.compile(r"^([IVX]+(?:\.\d{1,2})+)\)")),
    ("bds", re.compile(r"^ITB\s+(\d{1,2}\.\d{1,2})\b")),
    ("cn", re.compile(rf"^([{_CN}]+)\s*[、.．]")),
    ("cn_paren", re.compile(rf"^[（(]\s*([{_CN}]+)\s*[）)]")),
    ("dec3", re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})(?![.\d])\s*[.、)]?\s*(?=\S)")),
    ("dec2", re.compile(r"^(\d{1,2}\.\d{1,2})(?![.\d])\s*[.、)]?\s*(?=[^\d\s%])")),
    ("arabic", re.compile(r"^(\d{1,2})\s*[.．、](?!\d)")),
    ("paren", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]")),
    ("half_paren", re.compile(r"^(\d{1,2})\s*[)）]")),
    ("circled", re.compile(r"^([①-⑳])")),
    ("roman", re.compile(r"^([IVX]{1,4})\.\s")),
    # US FAR 12.603 combined synopses number their paragraphs (i) … (xvi).
    ("roman_paren", re.compile(r"^\((x?(?:ix|iv|v?i{1,3}|v|x))\)\s")),
    ("alpha", re.compile(r"^([A-H])[.)]\s")),
]
_MARK = re.compile(r"^[★▲※*\s]+")
_BOUND_WORDS = re.compile(r"[≥≤]|>=|<=|不低于|不少于|不小于|不超过|不高于|不大于|\b(?:at least|no (?:less|more) than|not (?:less|more) than|"
                          r"minimum of|maximum of|or (?:more|higher|less|better))\b\s*\d?", re.IGNORECASE)
_KV = re.compile(r"^([^:：]{1,30})[:：]\s*(\S.*)$")
_STATES_VALUE = re.compile(r"^[^:：]{1,30}[:：]\s*\S*\d")


@dataclass
class Node:
    kind: str  # document | heading | item | paragraph | kv | table
    text: str = ""
    level: int = 0
    page: int = 1
    block: int | None = None  # index into Document.blocks
    scheme: str | None = None
    number: str | None = None
    children: list[Node] = field(default_factory=list)
    section: str | None = None  # topic of this node's scope (filled by assign_sections)
    marked: bool = False  # a heading the format marks (<h2>, "Heading 2", a larger or bold font)
    must: bool = False  # under a heading saying its items are musts ("Mandatory Requirements")
    rows: list[Row] = field(default_factory=list)  # a table's rows, the header row first
    key: str | None = None  # a key/value node: "预算金额：50万元" -> ("预算金额", "50万元")
    value: str | None = None

    @property
    def header(self) -> list[str]:
        return self.rows[0].cells if self.rows else []

    @staticmethod
    def row_text(row: Row) -> str:
        return " | ".join(c for c in row.cells if c)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def to_dict(self, depth: int = 6) -> dict:
        d = {"kind": self.kind, "text": snippet(self.text, 80), "page": self.page}
        if self.level:
            d["level"] = self.level
        if self.section:
            d["section"] = self.section
        if self.key is not None:
            d["key"], d["value"] = self.key, snippet(self.value or "", 80)
        if self.rows:
            d["header"] = self.header
            d["rows"] = len(self.rows)
        if self.children and depth > 0:
            d["children"] = [c.to_dict(depth - 1) for c in self.children]
        return d


def numbering(text: str) -> tuple[str, str, int] | None:
    """(scheme, number as written, value for succession) of a numbered line, else None."""
    t = _MARK.sub("", text)
    for scheme, rx in _SCHEMES:
        m = rx.match(t)
        if not m:
            continue
        num = m.group(1)
        if scheme in ("cn", "cn_paren"):
            value = _cn_value(num)
        elif scheme == "chapter":
            value = _cn_value(num) if num[0] in _CN else int(num)
        elif scheme in ("roman", "roman_paren") or (scheme == "part" and num.upper() in _ROMAN):
            value = _ROMAN.get(num.upper(), 0)
        elif scheme == "circled":
            value = ord(num) - ord("①") + 1
        elif scheme == "alpha" or (scheme == "annex" and num.isalpha() and num.isascii()):
            value = ord(num.upper()) - ord("A") + 1
        elif scheme == "annex" and not num:
            value = 1
        elif scheme == "annex" and num[0] in _CN:
            value = _cn_value(num)
        elif scheme in ("eu", "bds", "dec2", "dec3"):
            value = int(re.split(r"\.", num)[-1])
            scheme = f"{scheme}:{num.count('.')}:{num.rsplit('.', 1)[0]}"  # siblings share the prefix
        else:
            value = int(num)
        if value:
            return scheme, num, value
    return None


def _cn_value(s: str) -> int:
    if s in _CN_VAL:
        return _CN_VAL[s]
    if s.startswith("十"):
        return 10 + _CN_VAL.get(s[1:], 0)
    if "十" in s:
        a, _, b = s.partition("十")
        return _CN_VAL.get(a, 0) * 10 + _CN_VAL.get(b, 0)
    return 0


def _is_heading_text(text: str, number: str) -> bool:
    """Short and not a sentence: a numbered line that titles what follows."""
    t = _MARK.sub("", text)
    body = t[t.find(number) + len(number):].lstrip(" .．、)）:：") if number in t else t
    # "1. RAM at least 16 GB (M)", "2. 内存≥16GB": a short line stating a bound is an item, not a heading.
    return len(body) <= 40 and not re.search(r"[。；;]\s*\S|[。；;]$", body) and not _BOUND_WORDS.search(body)


def build_tree(doc: Document) -> Node:
    root = Node("document", doc.source, 0, 1)
    # Stack of open containers: (node, kind of opener, value). Format headings rank by level;
    # numbered nodes by scheme.
    stack: list[tuple[Node, str, int]] = [(root, "root", 0)]
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        if b.tag == "dd" and i > 0 and blocks[i - 1].tag == "dt":
            continue  # read with its <dt>
        if b.tag == "dt" and i + 1 < len(blocks) and blocks[i + 1].tag == "dd":
            # <dt>Notice identifier:</dt><dd>2026/S 000-071234</dd>: one key/value pair, as the page shows it.
            key, value = b.text.rstrip(" :："), blocks[i + 1].text
            stack[-1][0].children.append(Node("kv", f"{key}: {value}", 0, b.page, i, key=key, value=value))
            continue
        if b.kind == "table":
            stack[-1][0].children.append(Node("table", _table_text(b), 0, b.page, i, rows=header_band(b.rows)))
            continue
        if b.level:
            top = stack[-1][0]
            if top.kind in ("heading", "item") and top.block == i - 1 and not top.children and top.page == b.page \
                    and re.match(r"^[a-z]", b.text):
                # "III.1.1) Suitability to pursue …, including requirements relating to" / "enrolment on professional
                # or trade registers": the page wrapped one heading over two lines.
                top.text = f"{top.text} {b.text}"
                continue
            while len(stack) > 1 and not (stack[-1][1] == "h" and stack[-1][2] < b.level):
                stack.pop()
            node = Node("heading", b.text, b.level, b.page, i, marked=True)
            stack[-1][0].children.append(node)
            stack.append((node, "h", b.level))
            continue
        num = numbering(b.text)
        if num is None or b.tag == "dd":
            kv = _KV.match(b.text)
            node = Node("kv" if kv else "paragraph", b.text, 0, b.page, i)
            if kv:
                node.key, node.value = kv.group(1).strip(), kv.group(2).strip()
            stack[-1][0].children.append(node)
            continue
        scheme, number, value = num
        # The same scheme already open: pop to it when this number follows it (a sibling).
        pos = None
        fits = []
        for k in range(len(stack) - 1, 0, -1):
            _, s_kind, s_val = stack[k]
            if s_kind == "h":
                break
            if s_kind == scheme and value == s_val + 1:
                fits.append(k)
        if fits:
            # "3．评审办法" after an inner list's "2．": a line naming a topic of its own continues the outer list.
            pos = fits[-1] if len(fits) > 1 and heading_topic(b.text) else fits[0]
        if pos is None and scheme == "annex":
            # The first attachment closes the numbered parts of the notice body: it is not one of their items.
            pos = next((k + 1 for k in range(len(stack) - 1, -1, -1) if stack[k][1] in ("h", "root")), 1)
        if pos is None:
            top = stack[-1]
            if top[1] == scheme and value != 1 and value > top[2]:
                pos = len(stack) - 1  # a gap in numbering ("1." then "3."): still a sibling
        if pos is not None:
            del stack[pos:]
        depth = len(stack)
        kind = "heading" if _is_heading_text(b.text, number) else "item"
        node = Node(kind, b.text, depth, b.page, i, scheme, number)
        stack[-1][0].children.append(node)
        stack.append((node, scheme, value))
    assign_sections(root)
    return root


def _table_text(b: Block) -> str:
    return " | ".join(b.rows[0].cells) if b.rows else ""


def assign_sections(root: Node, classify=None) -> None:
    """Each node's section: its own heading's topic, else its parent's."""
    classify = classify or heading_topic

    def visit(node: Node, inherited: str | None, must: bool) -> None:
        opens = node.kind in ("heading", "item") and (node.children or node.kind == "heading")
        own = classify(node.text) if opens else None
        node.section = own or inherited or ("other" if node.kind == "heading" else None)
        # A new topic ends the musts of the part before it; a heading naming musts starts them.
        node.must = bool(opens and (heading_says_must(node.text) or _first_text_says_all_must(node))) or (must and not own)
        visit_children(node.children, node.section, node.must)

    def visit_children(children: list[Node], inherited: str | None, must: bool) -> None:
        # "5. Requirements" then "6. Liquidated damages": once a sibling heading named its own topic, a later
        # sibling heading naming none starts a part about something else, not more of the parent's topic.
        named = False
        for c in children:
            before = c.section
            is_heading = c.kind == "heading"
            visit(c, "other" if (named and is_heading and inherited in ("technical", "qualification")) else inherited,
                  must)
            # "13. 交货期：30日内" states a value: an item of the list, not a heading naming a part of its own.
            if is_heading and before is None and classify(c.text) and not _STATES_VALUE.search(c.text):
                named = True

    visit_children(root.children, None, False)


def _first_text_says_all_must(node: Node) -> bool:
    """The paragraph opening a part says all its items are musts ("Each line is evaluated on a pass/fail basis"), or
    its opening text (wrapped over several lines in a PDF) makes every row of the compliance sheet below pass/fail
    ("A statement of 'Not Comply' against any parameter … shall be rated 'failed'")."""
    for c in node.children[:2]:
        if c.kind in ("table", "heading"):
            break
        if c.kind == "paragraph" and declares_all_must(c.text):
            return True
    opening = []
    for c in node.children[:10]:
        if c.kind != "paragraph":
            break
        opening.append(c.text)
    return bool(opening) and every_row_must(join_wrapped(opening))


def block_sections(root: Node, n_blocks: int) -> list[tuple[str | None, bool]]:
    """Per block index: (section in effect, whether the block is itself a heading/container)."""
    out: list[tuple[str | None, bool]] = [(None, False)] * n_blocks
    for node in root.walk():
        if node.block is not None:
            container = node.kind == "heading" or bool(node.children)
            out[node.block] = (node.section, container)
    return out


def _header_like(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(len(c) <= 24 and not re.search(r"\d|[≥≤<>]", c) for c in filled)


def header_band(rows: list[Row]) -> list[Row]:
    """A header of two rows (a cell spanning columns over its sub-headers: "技术参数" over "参数项 | 要求值", "分值"
    over "分项 | 小计") becomes one header row, each column named by both: the extractors read one header row.
    Merged cells are empty in every format's rows, so a second header row fills the gaps the first leaves."""
    if len(rows) < 3 or len(rows[0].cells) != len(rows[1].cells):
        return rows
    top, sub = rows[0].cells, rows[1].cells
    if not (_header_like(top) and _header_like(sub)):
        return rows
    gaps = [i for i, c in enumerate(top) if not c.strip()]
    below_gaps = [i for i, c in enumerate(sub) if not c.strip()]
    # The second row names columns the first leaves empty (under a spanning cell), and is empty under the first
    # row's own (row-spanning) headers.
    if not gaps or not any(sub[i].strip() for i in gaps) or not below_gaps:
        return rows
    merged, parent = [], ""
    for t, b in zip(top, sub):
        parent = t.strip() or parent
        merged.append(" ".join(x for x in (parent if (t.strip() or b.strip()) else "", b.strip()) if x) or t)
    return [Row(merged, rows[0].page)] + rows[2:]
