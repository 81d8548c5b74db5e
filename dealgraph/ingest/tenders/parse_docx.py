"""Word (.docx) tender documents -> Document: body XML in order, heading levels from the styles (python-docx).

Tender files (招标文件) are often published as .docx attachments. Paragraphs and tables are
read in body order; a table's rows become table rows (a nested table is flattened into its
cell). Word has no pages in the file, so every block is on page 1 unless the document has
explicit page breaks, which are counted.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from ...errors import InputError
from .model import Block, Document, Row
from .text import join_wrapped, normalize_line

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _Reader:
    def __init__(self, levels: dict[str, int] | None = None, lists: set[str] | None = None) -> None:
        self.page = 1
        self.blocks: list[Block] = []
        self.levels = levels or {}  # paragraph style id -> heading level
        self.lists = lists or set()  # paragraph style ids of list paragraphs

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

    def _text(self, el: ET.Element) -> str:
        out = []
        for node in el.iter():
            if node.tag == f"{_W}t" and node.text:
                out.append(node.text)
            elif node.tag == f"{_W}tab":
                out.append(" ")
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
        for part in self._text(p).split("\n"):
            line = normalize_line(part)
            if line:
                self.blocks.append(Block("line", page, line, level=level, tag=tag))

    def table(self, tbl: ET.Element) -> None:
        block = Block("table", self.page)
        for tr in tbl.findall(f"{_W}tr"):
            # Merged cells stay empty, as the HTML and PDF readers leave them, so every row keeps the columns of the
            # header: a cell spanning N grid columns is followed by N-1 empty ones, a row starting after skipped
            # grid columns (gridBefore) starts with empty ones, a vertically merged cell below its first is empty.
            cells = [""] * _grid(tr.find(f"{_W}trPr"), "gridBefore")
            for tc in tr.findall(f"{_W}tc"):
                texts = [self._text(p) for p in tc.iter(f"{_W}p")]
                cells.append(normalize_line(join_wrapped([t for t in texts if t.strip()])))
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


def _grid(props: ET.Element | None, name: str) -> int:
    """gridSpan / gridBefore of a cell's or a row's properties (1 / 0 when absent)."""
    el = props.find(f"{_W}{name}") if props is not None else None
    default = 1 if name == "gridSpan" else 0
    try:
        return max(default, int(el.get(f"{_W}val", default))) if el is not None else default
    except ValueError:
        return default


def _styles(data: bytes) -> tuple[dict[str, int], set[str]]:
    """Heading levels of the paragraph styles (Title = 1, "Heading 1" / "标题 1" = 2, …) and the list styles,
    from python-docx; a file python-docx cannot open is read without them."""
    import re

    try:
        import docx

        styles = docx.Document(io.BytesIO(data)).styles
    except Exception:  # noqa: BLE001 - a minimal or odd package: no style information, text still read
        return {}, set()
    levels, lists = {}, set()
    for st in styles:
        name = (getattr(st, "name", "") or "").strip()
        sid = getattr(st, "style_id", None)
        if not sid:
            continue
        m = re.match(r"^(?:Heading|标题|Überschrift|Titre)\s*(\d)$", name, re.IGNORECASE)
        if m:
            levels[sid] = int(m.group(1)) + 1
        elif name.lower() in ("title", "标题"):
            levels[sid] = 1
        elif name.lower().startswith(("list", "列表")):
            lists.add(sid)
    return levels, lists


def parse_docx(data: bytes, source: str = "<docx>") -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = ET.fromstring(z.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ET.ParseError) as e:
        raise InputError(f"{source}: not a readable .docx ({e.__class__.__name__}); save it again as .docx or PDF.") from e
    body = root.find(f"{_W}body")
    r = _Reader(*_styles(data))
    if body is not None:
        r.body(body)
    return Document(source, "docx", r.page, r.blocks)
