"""PDF tender notices -> Document with pdfplumber: text lines AND tables, in reading order.

Text inside a detected table is taken from the table (cells), not from the line flow, so a
row is never read twice. A table that runs over a page break is merged into one: the first
table at the top of page N+1 continues the last table at the bottom of page N when the column
counts agree; a repeated header row is dropped and a row split by the break (empty first
cell) is glued back onto the row it continues. Running headers/footers ("第 3 页 共 9 页",
"- 3 -", "Page 3 of 9") are dropped.
"""

from __future__ import annotations

import re

from ...errors import InputError
from .model import Block, Document, Row
from .text import join_wrapped, normalize_line

_PAGE_MARK = re.compile(r"^(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-—\s]*\d+[-—\s]*|"
                        r"page\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+)$", re.IGNORECASE)
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3}


def _cell(text: str | None) -> str:
    if not text:
        return ""
    return normalize_line(join_wrapped(text.split("\n")))


def _page_blocks(page, pno: int) -> list[Block]:
    from .pdf_layout import Word, layout_page

    drop = _duplicates(page.chars)  # Word's fake bold prints each glyph twice: "项项目目"
    page = page.filter(lambda obj: obj.get("object_type") != "char" or not (id(obj) in drop or _watermark(obj)))
    tables = []
    for t in page.find_tables(_TABLE_SETTINGS):
        rows = [Row([_cell(c) for c in r], pno) for r in t.extract()]
        rows = [r for r in rows if any(r.cells)]
        if len(rows) == 1 and len(rows[0].cells) == 1:
            continue  # a framed box (a banner, a boxed note) is text, read with the lines around it
        if rows:
            tables.append((t.bbox, Block("table", pno, rows=rows)))
    words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], round(w["size"] * 2) / 2,
                  bool(_BOLD.search(w.get("fontname", ""))))
             for w in page.extract_words(extra_attrs=["size", "fontname"])]
    blocks = layout_page(words, tables, pno, _FONT)
    return [b for b in blocks if not (b.kind == "line" and _PAGE_MARK.match(b.text))]


_BOLD = re.compile(r"Bold|Black|Heavy|Semibold|Demi", re.IGNORECASE)


def _duplicates(chars: list[dict], tol: float = 1.0) -> set[int]:
    """ids of glyphs printed again within `tol` of the same glyph in the same font and size (fake bold), in one
    sort (pdfplumber's dedupe_chars compares far more pairs: 13 s on a dense page of 3,600 words)."""
    drop: set[int] = set()
    keyed = sorted(chars, key=lambda c: (c["text"], c.get("fontname"), c.get("size"), c["top"], c["x0"]))
    kept: list[dict] = []  # glyphs of the current text/font/size, kept so far
    for ch in keyed:
        if kept and (kept[-1]["text"], kept[-1].get("fontname"), kept[-1].get("size")) != (
                ch["text"], ch.get("fontname"), ch.get("size")):
            kept = []
        # Only glyphs less than `tol` above can be its twin: the list is in order of top.
        while kept and ch["top"] - kept[0]["top"] > tol:
            kept.pop(0)
        if any(abs(ch["x0"] - k["x0"]) <= tol and abs(ch["top"] - k["top"]) <= tol for k in kept):
            drop.add(id(ch))
        else:
            kept.append(ch)
    return drop


def watermark(angle_degrees: float, size: float, fill: tuple | None) -> bool:
    """A glyph of a watermark ("DRAFT", "样本" across the page): set at a slant (not a multiple of 90 degrees: a
    page turned by /Rotate or a vertical header stays), or large and very light."""
    slant = abs((angle_degrees + 45) % 90 - 45) > 2
    light = bool(fill) and (min(fill) >= 0.75 if len(fill) != 4 else max(fill) <= 0.25)
    return slant or (light and size >= 20)


def _watermark(ch: dict) -> bool:
    import math

    a, b = (ch.get("matrix") or (1, 0))[:2]
    fill = ch.get("non_stroking_color")
    fill = tuple(fill) if isinstance(fill, (list, tuple)) else (fill,) if isinstance(fill, (int, float)) else None
    return watermark(math.degrees(math.atan2(b, a)), float(ch.get("size", 0)), fill)


def drop_running_lines(pages: list[list[Block]]) -> list[list[Block]]:
    """Drop running headers/footers: the same line (digits aside) at the top or bottom of most pages, and the
    notice's title repeated as a page header."""
    import collections

    def key(b: Block) -> str:
        return re.sub(r"\d+", "#", b.text)

    def edges(blocks: list[Block]) -> list[Block]:
        lines = [b for b in blocks if b.kind == "line"]
        return lines[:2] + lines[-2:]

    if len(pages) >= 2:
        counts: collections.Counter = collections.Counter()
        for blocks in pages:
            counts.update({key(b) for b in edges(blocks)})
        # On every page of a two-page notice, or on most pages (3 at least) of a longer one.
        running = {k for k, n in counts.items() if n >= (2 if len(pages) == 2 else max(3, 0.5 * len(pages)))}
        if running:
            pages = [[b for b in blocks if not (any(b is e for e in edges(blocks)) and key(b) in running)]
                     for blocks in pages]
    first = next((b.text for b in (pages[0] if pages else []) if b.kind == "line"), "")
    if len(first) >= 6:
        # The notice's title repeated as a page header ("XX项目招标文件", truncated or not).
        def is_title(b: Block) -> bool:
            return b.kind == "line" and len(b.text) >= 6 and first.startswith(b.text)

        pages = [pages[0]] + [[b for b in blocks if not (any(b is e for e in edges(blocks)) and is_title(b))]
                              for blocks in pages[1:]]
    return pages


def stitch(pages: list[list[Block]]) -> list[Block]:
    """Pages' blocks in order; a table continued at the top of the next page is merged into the last one."""
    blocks: list[Block] = []
    for page_blocks in drop_running_lines(pages):
        if page_blocks and blocks and _continues(blocks[-1], page_blocks[0]):
            _merge(blocks[-1], page_blocks[0])
            page_blocks = page_blocks[1:]
        blocks.extend(page_blocks)
    return blocks


def prose_columns(blocks: list[Block]) -> list[Block]:
    """Two columns of running text side by side (a bilingual advert, a newspaper layout) look like a two-column
    table to the layout reader: each row is one printed line of each column. When the cells read as wrapped prose
    (long, most of them going on in the row below), each column is put back as lines, the left one first."""
    out: list[Block] = []
    for b in blocks:
        rows = b.rows if b.kind == "table" else []
        if len(rows) < 6 or any(len(r.cells) != 2 for r in rows):
            out.append(b)
            continue
        cells = [c for r in rows for c in r.cells if c.strip()]
        long = sum(1 for c in cells if len(c) >= 20 and not re.fullmatch(r"[\d\s.,%/-]+", c))
        # Both columns go on from row to row ("… syarikat-syarikat" / "yang berdaftar …"): a key/value table's
        # labels never do.
        goes_on = [sum(1 for k in range(1, len(rows)) if re.match(r"^[a-z(\u00c0-\u024f]", rows[k].cells[j].strip()))
                   for j in (0, 1)]
        if len(rows) < 8 or long < 0.5 * len(cells) or min(goes_on) < 0.15 * (len(rows) - 1):
            out.append(b)
            continue
        for j in (0, 1):
            out.extend(Block("line", r.page, r.cells[j].strip()) for r in rows if r.cells[j].strip())
    return out


def _continues(prev: Block, nxt: Block) -> bool:
    return (prev.kind == "table" and nxt.kind == "table"
            and len(prev.rows[0].cells) == len(nxt.rows[0].cells))


def _merge(prev: Block, nxt: Block) -> None:
    rows = list(nxt.rows)
    if rows and rows[0].cells == prev.rows[0].cells:  # header repeated on the new page
        rows = rows[1:]
    first = rows[0].cells if rows else []
    filled = sum(1 for c in first if c)
    # A row split by the break has no number and (nearly) no name; a vertically merged first column
    # ("评分项" spanning rows) leaves only the first cell empty and starts a new row.
    if rows and not first[0] and prev.rows and (filled <= 1 or (len(first) > 2 and not first[1])):
        # The break split one row: glue the continuation onto the last row.
        last = prev.rows[-1]
        last.cells = [join_wrapped([a, b]) for a, b in zip(last.cells, rows[0].cells)]
        rows = rows[1:]
    prev.rows.extend(rows)


_FONT: dict[int, tuple] = {}  # id(line block) -> (font size, bold, glyphs[, visual lines]) while one file is read


def mark_headings(blocks: list[Block]) -> None:
    """Lines set larger than the body text (or bold at body size) are headings; bigger is higher."""
    fonts = [(b, _FONT[id(b)]) for b in blocks if id(b) in _FONT]
    if not fonts:
        return
    weight: dict[float, int] = {}
    for _, f in fonts:
        weight[f[0]] = weight.get(f[0], 0) + f[2]
    body = max(weight, key=weight.get)

    def headingish(b: Block) -> bool:
        # A title set over several lines (joined into one) may be as long as its lines together.
        lines = _FONT[id(b)][3] if len(_FONT[id(b)]) > 3 else 1
        limit = (40 if re.search(r"[\u4e00-\u9fff]", b.text) else 90) * min(lines, 3)
        return len(b.text) <= limit and not re.search(r"[。；;]$|[，,]$", b.text) and not re.search(r"[:：]\s*\S", b.text)

    big = sorted({f[0] for b, f in fonts if f[0] >= body * 1.1 and headingish(b)}, reverse=True)[:4]
    rank = {size: i + 1 for i, size in enumerate(big)}
    for b, f in fonts:
        size, bold = f[0], f[1]
        if not headingish(b):
            continue
        if size in rank:
            b.level = rank[size]
        elif bold and abs(size - body) < 0.6:
            b.level = len(big) + 1


def parse_pdf(path, source: str | None = None) -> Document:
    """`path`: a file path or a binary stream; `source` names it in errors and in the Document."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    from .pdf_layout import undecodable

    name = source or str(path)
    try:
        with pdfplumber.open(path) as pdf:
            n = len(pdf.pages)
            pages = []
            for pno, page in enumerate(pdf.pages, start=1):
                pages.append(_page_blocks(page, pno))
                page.flush_cache()
        blocks = prose_columns(stitch(pages))
        mark_headings(blocks)
        if undecodable(blocks):
            raise InputError(f"{name}: the PDF's text cannot be decoded (its fonts carry no Unicode map); "
                             "print it to PDF again from the original, or run OCR on it.")
    except (PDFSyntaxError, PdfminerException, OSError, ValueError) as e:
        raise InputError(f"{name}: not a readable PDF ({e.__class__.__name__}); check the file.") from e
    finally:
        _FONT.clear()
    return Document(name, "pdf", n, blocks)
