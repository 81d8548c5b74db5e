"""Word (.docx) tender documents -> Document, with the stdlib only (zip + XML).

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
    def __init__(self) -> None:
        self.page = 1
        self.blocks: list[Block] = []

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
        for part in self._text(p).split("\n"):
            line = normalize_line(part)
            if line:
                self.blocks.append(Block("line", page, line))

    def table(self, tbl: ET.Element) -> None:
        block = Block("table", self.page)
        for tr in tbl.findall(f"{_W}tr"):
            cells = []
            for tc in tr.findall(f"{_W}tc"):
                texts = [self._text(p) for p in tc.iter(f"{_W}p")]
                cells.append(normalize_line(join_wrapped([t for t in texts if t.strip()])))
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


def parse_docx(data: bytes, source: str = "<docx>") -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as e:
        raise InputError(f"{source}: not a readable .docx (no word/document.xml); save it again as .docx or PDF.") from e
    root = ET.fromstring(xml)
    body = root.find(f"{_W}body")
    r = _Reader()
    if body is not None:
        r.body(body)
    return Document(source, "docx", r.page, r.blocks)
