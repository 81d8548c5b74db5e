"""HTML tender notices (government procurement pages) -> Document, with the stdlib parser.

Block-level tags end a line; <table> rows become table rows. A table nested in a cell (portals lay out
the whole notice as one outer label | value table, with the specification and scoring tables inside
a value cell) is a table of its own: the outer row ends where it begins, the rest of that cell is read
as lines, and the outer table's later rows form a table after them. Script, style and navigation chrome
are dropped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .fields import label_of
from .model import Block, Document, Row
from .text import normalize_line

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "header", "footer", "dt", "dd", "dl", "pre", "blockquote", "hr", "title", "tbody", "thead"}
_SKIP = {"script", "style", "noscript", "template", "svg", "head"}
_INLINE = {"span", "label", "b", "strong", "em", "i", "font"}


class _Table:
    """One open <table>: its block and the row and cell being read."""

    def __init__(self, block: Block) -> None:
        self.block = block
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = (1, 1)  # (rowspan, colspan) of the open cell
        self.pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
        self.lifted = False  # a nested table ended the open row: its later rows start a new block


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.skip = 0
        self.has_main = False  # the page marks its content with <main> (or role="main")
        self.in_main = 0
        self.outside = 0  # depth of <aside>/<nav> outside <main> being dropped
        self.tables: list[_Table] = []  # the open tables, innermost last
        self.inline: list[int] = []  # buffer positions where the open inline elements (span, b, label …) began
        self.in_title = False
        self.title: list[str] = []
        self.level: int | None = None  # heading level of the block being read
        self.tag: str | None = None
        self.bold = 0  # depth inside <b>/<strong>
        self.chars = [0, 0]  # (all, bold) characters of the open block: an all-bold <p> is a heading
        # A bilingual page (Hong Kong, Canada, Macau …) holds the whole notice once per language in blocks marked
        # lang="en" / lang="zh-HK": the first language's block is read, the other versions are dropped, so
        # requirements, lots and criteria are counted once.
        self.first_lang: str | None = None
        self.drop: tuple[str, int] | None = None  # (tag, nesting depth) of the block being dropped
        # The open <ul>/<ol> lists, innermost last: [first block index, items, items that open with a link]. A list
        # whose items each open with a link to another page ("相关公告", "Latest tenders", a menu) is the site's:
        # its items' dates and amounts are other notices', so it is dropped when it closes.
        self.lists: list[list[int]] = []
        self.li_open = False  # an <li> whose first text has not come yet
        self.link_text = False  # inside an <a> that opened an <li>

    # The innermost open table's row and cell (none outside tables).
    @property
    def cell(self) -> list[str] | None:
        return self.tables[-1].cell if self.tables else None

    @cell.setter
    def cell(self, v: list[str] | None) -> None:
        if self.tables:
            self.tables[-1].cell = v

    @property
    def row(self) -> list[str] | None:
        return self.tables[-1].row if self.tables else None

    @row.setter
    def row(self, v: list[str] | None) -> None:
        if self.tables:
            self.tables[-1].row = v

    def _flush(self) -> None:
        text = normalize_line("".join(self.buf))
        self.buf = []
        if not text:
            return
        level, tag = self.level, self.tag
        all_chars, bold_chars = self.chars
        self.chars = [0, 0]
        if level is None and all_chars and bold_chars >= all_chars - 1 and len(text) <= 40:
            level = 6  # a paragraph set in bold stands as a heading below <h1>..<h5>
        if self.cell is not None:
            self.cell.append(text)
            return
        if tag is None and level is None and self.blocks and self.blocks[-1].kind == "line" and self.blocks[-1].tag == "dt":
            tag = "dd"  # the value next to a <div class="label">: one pair, as the page shows it
        self.blocks.append(Block("line", 1, text, level=level, tag=tag))

    def handle_starttag(self, tag: str, attrs) -> None:
        if self.drop:
            if tag == self.drop[0]:
                self.drop = (tag, self.drop[1] + 1)
            return
        lang = (dict(attrs).get("lang") or "").split("-")[0].lower()
        if lang and tag in ("div", "section", "article", "main"):
            if self.first_lang is None:
                self.first_lang = lang
            elif lang != self.first_lang:
                self._flush()
                self.drop = (tag, 1)
                return
        if tag in _SKIP and tag != "head":
            self.skip += 1
            return
        if tag == "main":
            self.in_main += 1
        self._list_start(tag, attrs)
        if tag in ("aside", "nav") and self.has_main and not self.in_main:
            # The page marks its content with <main>: a side column or menu outside it ("Current Tenders" with other
            # notices' values and dates) is the site's, not the notice's.
            self.skip += 1
            self.outside += 1
            return
        if tag == "title":
            self.in_title = True
        if tag in _INLINE:
            self.inline.append(len(self.buf))
        if tag in ("b", "strong"):
            self.bold += 1
            return
        if tag == "table":
            self._flush()
            if self.tables and self.cell is not None:
                self._lift(self.tables[-1])
            self.blocks.append(Block("table", 1))
            self.tables.append(_Table(self.blocks[-1]))
        elif tag == "tr" and self.tables:
            self._flush()
            t = self.tables[-1]
            if t.lifted:  # rows after a nested table: a table of their own, after what the nested one held
                self.blocks.append(Block("table", 1))
                t.block, t.lifted, t.pending = self.blocks[-1], False, {}
            self.row = []
        elif tag in ("td", "th") and self.tables and not self.tables[-1].lifted:
            self._flush()
            if self.row is None:
                self.row = []
            self.cell = []
            a = dict(attrs)
            self.tables[-1].span = (_int(a.get("rowspan")), _int(a.get("colspan")))
            self._fill_spans()
        elif tag in _BLOCK:
            self.buf.append(" " if self.cell is not None else "")
            if self.cell is None:
                self._flush()
                a = dict(attrs)
                self.level = _heading_level(tag, a)
                self.tag = tag if tag in ("li", "dt", "dd") else "dt" if _LABEL_CLASS.search(a.get("class") or "") else None

    def handle_endtag(self, tag: str) -> None:
        if self.drop:
            if tag == self.drop[0]:
                self.drop = (tag, self.drop[1] - 1) if self.drop[1] > 1 else None
            return
        if tag in _SKIP and tag != "head":
            self.skip = max(0, self.skip - 1)
            return
        if tag == "main":
            self.in_main = max(0, self.in_main - 1)
        if tag == "a":
            self.link_text = False
        if tag in ("ul", "ol") and self.lists and not self.skip:
            self._list_end()
        if tag in ("aside", "nav") and self.outside:
            self.outside -= 1
            self.skip = max(0, self.skip - 1)
            return
        if tag == "title":
            self.in_title = False
        if tag in _INLINE and self.inline:
            self._label_end(self.inline.pop())
        if tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)
            return
        if tag in ("td", "th") and self.tables and self.cell is not None:
            self._flush()
            self._end_cell(self.tables[-1])
        elif tag == "tr" and self.tables and self.row is not None:
            self._end_row(self.tables[-1])
        elif tag == "table" and self.tables:
            t = self.tables.pop()
            if t.cell is not None:
                self._flush_into(t)
                self._end_cell(t)
            if t.row is not None:
                self._end_row(t)
            self._flush()
            for b in (t.block,):
                if not b.rows and b in self.blocks:
                    self.blocks.remove(b)
        elif tag in _BLOCK and self.cell is None:
            self._flush()
            self.level = self.tag = None

    def _list_start(self, tag: str, attrs) -> None:
        if self.skip or self.cell is not None:
            return
        if tag in ("ul", "ol"):
            self._flush()
            self.lists.append([len(self.blocks), 0, 0])
        elif tag == "li" and self.lists:
            self.lists[-1][1] += 1
            self.li_open = True
        elif tag == "a" and self.li_open and self.lists:
            self.li_open = False
            href = (dict(attrs).get("href") or "").strip()
            if href and not _FILE_LINK.search(href):
                self.lists[-1][2] += 1
                self.link_text = True

    def _list_end(self) -> None:
        self._flush()
        start, items, led = self.lists.pop()
        self.li_open = False
        if items >= 2 and led == items:
            del self.blocks[start:]

    def _label_end(self, start: int) -> None:
        """<span class="name">项目编号</span><span>SJJ-…</span>: an inline element holding only a field's label is
        followed by its value; a colon keeps the pair a pair once the line is one string."""
        if start > len(self.buf):
            return
        seg = "".join(self.buf[start:]).strip()
        if 2 <= len(seg) <= 30 and not seg.endswith((":", "：")) and label_of(seg):
            self.buf.append("：")

    def _flush_into(self, t: _Table) -> None:
        text = normalize_line("".join(self.buf))
        self.buf = []
        if text and t.cell is not None:
            t.cell.append(text)

    def _end_cell(self, t: _Table) -> None:
        if t.row is not None and t.cell is not None:
            col = len(t.row)
            # Spanned cells stay empty, as pdfplumber leaves them, so columns keep their meaning.
            t.row.append(normalize_line(" ".join(t.cell)))
            t.row.extend([""] * (t.span[1] - 1))
            if t.span[0] > 1:
                for c in range(col, col + t.span[1]):
                    t.pending[c] = t.span[0] - 1
        t.cell = None

    def _end_row(self, t: _Table) -> None:
        if t.row is None:
            return
        if self.tables and self.tables[-1] is t:
            self._fill_spans(trailing=True)
        if any(t.row):
            t.block.rows.append(Row(t.row, 1))
        t.row = None

    def _lift(self, t: _Table) -> None:
        """A table opens inside this table's cell: the cell (what it held so far) and its row end here, the rest of
        the cell is read as lines, and the outer table's later rows start a new block."""
        self._end_cell(t)
        self._end_row(t)
        t.lifted = True

    def _fill_spans(self, trailing: bool = False) -> None:
        """Insert the cells a rowspan from an earlier row covers at the current position."""
        if self.row is None:
            return
        t = self.tables[-1]
        while t.pending.get(len(self.row), 0) > 0 or (trailing and any(
                c >= len(self.row) and n > 0 for c, n in t.pending.items())):
            col = len(self.row)
            if t.pending.get(col, 0) > 0:
                t.pending[col] -= 1
                self.row.append("")
            elif trailing:
                self.row.append("")
            else:
                break

    def handle_data(self, data: str) -> None:
        if self.drop:
            return
        if self.in_title:
            self.title.append(data)
            return
        if self.skip:
            return
        n = len(data.strip())
        if n and self.li_open:
            self.li_open = False  # the item opens with text, not with a link
        if n and self.link_text and _FILE_LINK.search(data) and self.lists:
            self.lists[-1][2] -= 1  # a link to a file ("招标文件.pdf"): the notice's attachment, not another page
            self.link_text = False
        self.chars[0] += n
        self.chars[1] += n if self.bold else 0
        self.buf.append(data.replace("\n", " ") if self.cell is None else data)


_FILE_LINK = re.compile(r"\.(?:pdf|docx?|xlsx?|zip|rar|7z|ofd|txt|csv|pptx?)(?:$|[?#\s)）])|^mailto:|^tel:", re.IGNORECASE)

_HEADING_CLASS = re.compile(r"(?:^|[\s_-])(?:title|heading|headline|sec|section-title|hd|bt|biaoti|subtitle)(?:$|[\s_-])",
                            re.IGNORECASE)


# A label/value grid built of divs (<div class="label">Reference</div><div>RFP/…</div>): the label is a <dt>.
_LABEL_CLASS = re.compile(r"(?:^|[\s_-])(?:label|lbl|lab|key|k|term|field-?label|caption|th)(?:$|[\s_-])", re.IGNORECASE)


def _heading_level(tag: str, attrs: dict) -> int | None:
    """<h1>..<h6>; a <p>/<div> styled as a heading (class "title"/"sec", bold font-weight) ranks below them."""
    if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
        return int(tag[1])
    styled = _HEADING_CLASS.search(attrs.get("class") or "") or re.search(r"font-weight\s*:\s*(?:bold|[6-9]00)",
                                                                            attrs.get("style") or "")
    if tag in ("p", "div", "span") and styled:
        return 6
    return None


def _int(v: str | None) -> int:
    try:
        return max(1, min(int(str(v).strip()), 100))
    except (TypeError, ValueError):
        return 1


def parse_html(html: str, source: str = "<html>") -> Document:
    c = _Collector()
    c.has_main = bool(re.search(r"<main\b", html, re.IGNORECASE))
    c.feed(html)
    c.close()
    c._flush()
    blocks = [b for b in c.blocks if b.kind == "line" or b.rows]
    title = normalize_line("".join(c.title)) or None
    return Document(source, "html", 1, blocks, title)
