"""Plain text (and Markdown-ish) tender notices -> Document.

Pages are split on form feeds. Rows written with "|" or tabs become table rows, so a
pasted table is read like a PDF table.
"""

from __future__ import annotations

import re

from .model import Block, Document, Row
from .text import normalize_line

_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def _cells(line: str) -> list[str] | None:
    if line.count("|") >= 2 or (line.count("|") == 1 and not line.strip().startswith("|")):
        parts = [c.strip() for c in line.strip().strip("|").split("|")]
        return parts if len(parts) >= 2 else None
    if "\t" in line.strip():
        parts = [c.strip() for c in line.strip().split("\t")]
        return parts if len(parts) >= 2 else None
    return None


def parse_text(text: str, source: str = "<text>") -> Document:
    blocks: list[Block] = []
    pages = text.split("\f")
    for pno, page in enumerate(pages, start=1):
        table: Block | None = None
        for raw in page.splitlines():
            if _SEPARATOR_ROW.match(raw.strip()) and raw.strip():
                continue
            cells = _cells(raw)
            if cells is not None:
                cells = [normalize_line(c) for c in cells]
                if table is None or len(table.rows[-1].cells) != len(cells):
                    table = Block("table", pno)
                    blocks.append(table)
                table.rows.append(Row(cells, pno))
                continue
            table = None
            line = normalize_line(raw)
            if line:
                blocks.append(Block("line", pno, line))
    return Document(source, "text", len(pages), blocks)
