"""Word (.docx) tender documents -> Document: body XML in order, heading levels and list numbers from the package.

Tender files (招标文件) are often published as .docx attachments. Paragraphs and tables are
read in body order; a table's rows become table rows (merged cells stay empty in their columns, a
nested table is flattened into its cell). Heading levels come from the paragraph styles in
styles.xml (Title, "heading 1", "Heading1", "标题 1", a style with an outline level or based on a
heading style); the list labels Word draws from numbering.xml ("一、", "（一）", "1.", "1.2",
"Section 2 -") are written into the text, as the reader sees them. A text box is read after the
paragraph it is anchored in (its legacy VML copy is skipped); running headers and footers live in
other parts of the package and are not read. Word has no pages in the file, so every block is on
page 1 unless the document has explicit page breaks, which are counted."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile

from ...errors import InputError
from .model import Block, Document, Row
from .text import join_wrapped, normalize_line

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """1..99 in Chinese counting (一, 十, 十一, 二十三), as Word's chineseCounting format writes them."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for v, r in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + r, n - v
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified"):
        return _chinese(n) if fmt != "ideographTraditional" else "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(ord("①") + n - 1)
    return str(n)


class _Numbering:
    """The list labels Word draws from numbering.xml (w:numPr on a paragraph or its style): "一、", "（二）",
    "3.", "1.2", "①". The text of such a paragraph does not hold its number; the reader sees it, and so must the
    tree (its numbering schemes open sections)."""

    def __init__(self, xml: bytes | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (numFmt, lvlText, start)
        # Word counts one list per abstract numbering: lists (w:num) sharing it continue each other, unless a
        # list restarts a level (w:startOverride: "Restart numbering") the first time it is used.
        self.abstract_of: dict[str, str] = {}
        self.restarts: dict[str, dict[int, int]] = {}  # numId -> ilvl -> start
        self.counters: dict[str, list[int]] = {}
        self.used: set[str] = set()
        if not xml:
            return
        try:
            root = ET.fromstring(xml)
        except ET.ParseError:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in root.findall(f"{_W}abstractNum"):
            abstract[a.get(f"{_W}abstractNumId", "")] = {
                int(lvl.get(f"{_W}ilvl", "0")): self._level(lvl) for lvl in a.findall(f"{_W}lvl")}
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            aid = ref.get(f"{_W}val", "") if ref is not None else ""
            nid = num.get(f"{_W}numId", "")
            levels = dict(abstract.get(aid, {}))
            for over in num.findall(f"{_W}lvlOverride"):
                ilvl = int(over.get(f"{_W}ilvl", "0"))
                lvl = over.find(f"{_W}lvl")
                start = over.find(f"{_W}startOverride")
                if lvl is not None:
                    levels[ilvl] = self._level(lvl)
                if start is not None and start.get(f"{_W}val", "").isdigit():
                    self.restarts.setdefault(nid, {})[ilvl] = int(start.get(f"{_W}val"))
            self.levels[nid] = levels
            self.abstract_of[nid] = aid

    @staticmethod
    def _level(lvl: ET.Element) -> tuple[str, str, int]:
        def val(tag: str, default: str) -> str:
            el = lvl.find(f"{_W}{tag}")
            return el.get(f"{_W}val", default) if el is not None else default

        try:
            start = int(val("start", "1"))
        except ValueError:
            start = 1
        return val("numFmt", "decimal"), val("lvlText", ""), start

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of list `num_id` at level `ilvl` (deeper levels restart); "" for bullets and unknowns."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counts = self.counters.setdefault(self.abstract_of.get(num_id, num_id),
                                          [levels[k][2] - 1 if k in levels else 0 for k in range(9)])
        if num_id not in self.used:
            self.used.add(num_id)
            for k, start in self.restarts.get(num_id, {}).items():
                counts[k] = start - 1
        counts[ilvl] += 1
        for k in range(ilvl + 1, 9):  # a deeper level starts again under the next item
            counts[k] = levels[k][2] - 1 if k in levels else 0
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none") or not text:
            return ""

        def number(m) -> str:
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            # A level above shows its current count ("1.2" under "1."), at least its start.
            n = counts[k] if k == ilvl else max(counts[k], levels[k][2])
            return _format_number(n, fmt if k == ilvl else levels[k][0])

        return re.sub(r"%(\d)", number, text)


class _Reader:
    def __init__(self, levels: dict[str, int] | None = None, lists: set[str] | None = None,
                 numbering: _Numbering | None = None, style_numbers: dict[str, tuple[str, int]] | None = None) -> None:
        self.page = 1
        self.blocks: list[Block] = []
        self.levels = levels or {}  # paragraph style id -> heading level
        self.lists = lists or set()  # paragraph style ids of list paragraphs
        self.numbering = numbering or _Numbering(None)
        self.style_numbers = style_numbers or {}  # paragraph style id -> (numId, ilvl) its style numbers it with

    def _label(self, p: ET.Element) -> str:
        """The list label Word draws before the paragraph, from its own w:numPr or its style's."""
        ppr = p.find(f"{_W}pPr")
        num = ppr.find(f"{_W}numPr") if ppr is not None else None
        style = ppr.find(f"{_W}pStyle") if ppr is not None else None
        sid = style.get(f"{_W}val") if style is not None else None
        num_id, ilvl = self.style_numbers.get(sid or "", ("", 0))
        if num is not None:
            nid, lvl = num.find(f"{_W}numId"), num.find(f"{_W}ilvl")
            num_id = nid.get(f"{_W}val", num_id) if nid is not None else num_id
            try:
                ilvl = int(lvl.get(f"{_W}val", ilvl)) if lvl is not None else ilvl
            except ValueError:
                pass
        return self.numbering.label(num_id, ilvl) if num_id else ""

    def _style(self, p: ET.Element) -> tuple[int | None, str | None]:
        ppr = p.find(f"{_W}pPr")
        if ppr is None:
            return None, None
        outline = ppr.find(f"{_W}outlineLvl")
        style = ppr.find(f"{_W}pStyle")
        sid = style.get(f"{_W}val") if style is not None else None
        level = self.levels.get(sid) if sid else None
        if level is None and outline is not None:
            level = int(outline.get(f"{_W}val", "8")) + 2
        tag = "li" if (sid in self.lists or ppr.find(f"{_W}numPr") is not None) and level is None else None
        return (level if level and level <= 9 else None), tag

    def _text(self, el: ET.Element, boxes: list | None = None) -> str:
        """The paragraph's text; a text box drawn in it is not part of it (its content goes to `boxes`, read after
        the paragraph), and the legacy copy of a drawing (mc:Fallback) is not read twice."""
        out = []
        for node in _walk(el, boxes):
            if node.tag == f"{_W}t" and node.text:
                out.append(node.text)
            elif node.tag == f"{_W}tab" and node.get(f"{_W}val") is None:  # a tab character, not a tab stop
                out.append("\t")  # a label's gap to its value: "项目名称<tab>某某项目" must not run together
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                if node.get(f"{_W}type") == "page":
                    self.page += 1
                else:
                    out.append("\n")
            elif node.tag == f"{_W}lastRenderedPageBreak":
                self.page += 1
        return "".join(out)

    def paragraph(self, p: ET.Element) -> None:
        page = self.page
        level, tag = self._style(p)
        boxes: list[ET.Element] = []
        text = self._text(p, boxes)
        label = self._label(p) if text.strip() else ""
        if label and not text.lstrip().startswith(label.strip()):
            # Word sets a tab after the label; after "、" or "）" Chinese text runs on.
            text = label + ("" if label[-1] in "、）" else " ") + text.lstrip()
        for part in text.split("\n"):
            line = normalize_line(part).replace("\t", " ")
            if line:
                self.blocks.append(Block("line", page, line, level=level, tag=tag))
        for box in boxes:  # text boxes anchored in the paragraph: their paragraphs and tables, after it
            self.body(box)

    def table(self, tbl: ET.Element) -> None:
        block = Block("table", self.page)
        for tr in _unwrapped(tbl, "tr"):
            # Merged cells stay empty, as the HTML and PDF readers leave them, so every row keeps the columns of the
            # header: a cell spanning N grid columns is followed by N-1 empty ones, a row starting after skipped
            # grid columns (gridBefore) starts with empty ones, a vertically merged cell below its first is empty.
            cells = [""] * _grid(tr.find(f"{_W}trPr"), "gridBefore")
            for tc in _unwrapped(tr, "tc"):
                texts = [self._text(p) for p in tc.iter(f"{_W}p") if not _in_fallback(tc, p)]
                cells.append(normalize_line(join_wrapped([t for t in texts if t.strip()])).replace("\t", " "))
                cells.extend([""] * (_grid(tc.find(f"{_W}tcPr"), "gridSpan") - 1))
            if any(cells):
                block.rows.append(Row(cells, self.page))
        if block.rows:
            self.blocks.append(block)

    def body(self, body: ET.Element) -> None:
        for el in body:
            if el.tag == f"{_W}p":
                self.paragraph(el)
            elif el.tag == f"{_W}tbl":
                self.table(el)
            elif el.tag == f"{_W}sdt":  # content controls wrap paragraphs and tables
                content = el.find(f"{_W}sdtContent")
                if content is not None:
                    self.body(content)


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _unwrapped(parent: ET.Element, tag: str) -> list[ET.Element]:
    """Rows of a table / cells of a row, also those a content control (w:sdt) or w:customXml wraps."""
    out = []
    for child in parent:
        if child.tag == f"{_W}{tag}":
            out.append(child)
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if content is not None:
                out.extend(_unwrapped(content, tag))
    return out


def _in_fallback(root: ET.Element, p: ET.Element) -> bool:
    """Is paragraph `p` (under `root`) inside an mc:Fallback copy of a drawing?"""
    for fb in root.iter(f"{_MC}Fallback"):
        if any(x is p for x in fb.iter(f"{_W}p")):
            return True
    return False


def _walk(el: ET.Element, boxes: list | None):
    """Descendants of `el` in document order, without mc:Fallback copies; a text box's content (w:txbxContent) is
    handed to `boxes` (when given) instead of being walked."""
    for child in el:
        if child.tag in (f"{_MC}Fallback", f"{_W}moveFrom"):  # a drawing's legacy copy; text moved away (tracked)
            continue
        if child.tag == f"{_W}txbxContent" and boxes is not None:
            boxes.append(child)
            continue
        yield child
        yield from _walk(child, boxes)


def _grid(props: ET.Element | None, name: str) -> int:
    """gridSpan / gridBefore of a cell's or a row's properties (1 / 0 when absent)."""
    el = props.find(f"{_W}{name}") if props is not None else None
    default = 1 if name == "gridSpan" else 0
    try:
        return max(default, int(el.get(f"{_W}val", default))) if el is not None else default
    except ValueError:
        return default


def _style_numbers(xml: bytes | None) -> dict[str, tuple[str, int]]:
    """Paragraph styles numbered by a list (a "Heading 1" linked to a multilevel list): style id -> (numId, ilvl)."""
    out: dict[str, tuple[str, int]] = {}
    if not xml:
        return out
    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        return out
    for st in root.findall(f"{_W}style"):
        num = st.find(f"{_W}pPr/{_W}numPr")
        nid = num.find(f"{_W}numId") if num is not None else None
        if nid is None:
            continue
        lvl = num.find(f"{_W}ilvl")
        try:
            out[st.get(f"{_W}styleId", "")] = (nid.get(f"{_W}val", ""), int(lvl.get(f"{_W}val", "0")) if lvl is not None else 0)
        except ValueError:
            continue
    return out


def _styles(xml: bytes | None) -> tuple[dict[str, int], set[str]]:
    """Heading levels of the paragraph styles (Title = 1, "Heading 1" / "heading 1" / "Heading1" / "标题 1" = 2, …, a
    style with an outline level, a style based on a heading style) and the list styles, from word/styles.xml."""
    if not xml:
        return {}, set()
    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        return {}, set()
    names, based, outline = {}, {}, {}
    for st in root.findall(f"{_W}style"):
        if st.get(f"{_W}type", "paragraph") != "paragraph":
            continue
        sid = st.get(f"{_W}styleId", "")
        name = st.find(f"{_W}name")
        names[sid] = (name.get(f"{_W}val", "") if name is not None else "").strip()
        base = st.find(f"{_W}basedOn")
        if base is not None:
            based[sid] = base.get(f"{_W}val", "")
        lvl = st.find(f"{_W}pPr/{_W}outlineLvl")
        if lvl is not None and lvl.get(f"{_W}val", "9").isdigit() and int(lvl.get(f"{_W}val", "9")) < 9:
            outline[sid] = int(lvl.get(f"{_W}val")) + 2

    def own(sid: str) -> int | None:
        name = names.get(sid, "")
        m = re.match(r"^(?:Heading|标题|標題|Überschrift|Titre|Titolo|Encabezado)\s*(\d)$", name, re.IGNORECASE)
        if m:
            return int(m.group(1)) + 1
        if name.lower() in ("title", "标题", "標題", "titel", "titre"):
            return 1
        return outline.get(sid)

    levels, lists = {}, set()
    for sid, name in names.items():
        cur, seen = sid, set()
        while cur and cur not in seen:  # a custom style based on a heading style is that heading
            seen.add(cur)
            level = own(cur)
            if level is not None:
                levels[sid] = level
                break
            cur = based.get(cur, "")
        if sid not in levels and name.lower().startswith(("list", "列表")):
            lists.add(sid)
    return levels, lists


def parse_docx(data: bytes, source: str = "<docx>") -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = ET.fromstring(z.read("word/document.xml"))
            numbering = z.read("word/numbering.xml") if "word/numbering.xml" in z.namelist() else None
            styles_xml = z.read("word/styles.xml") if "word/styles.xml" in z.namelist() else None
    except (zipfile.BadZipFile, KeyError, ET.ParseError) as e:
        raise InputError(f"{source}: not a readable .docx ({e.__class__.__name__}); save it again as .docx or PDF.") from e
    body = root.find(f"{_W}body")
    r = _Reader(*_styles(styles_xml), numbering=_Numbering(numbering), style_numbers=_style_numbers(styles_xml))
    if body is not None:
        r.body(body)
    return Document(source, "docx", r.page, r.blocks)
