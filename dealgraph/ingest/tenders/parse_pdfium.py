"""Fast PDF reader on pypdfium2 (PDFium, the engine pdfplumber itself ships for rendering).

pdfplumber interprets every glyph in Python (~0.2 s a page here); PDFium does it in C
(~0.01 s a page), which is what a 50-page notice needs. Same output as parse_pdf.py: text
lines and ruled tables in reading order, tables across page breaks merged. Tables are
rebuilt from the ruling lines (thin path objects): connected horizontal + vertical rules form a
grid, each grid cell takes the glyphs whose centre lies inside it; a cell whose left rule is
missing continues the cell before it (a spanned cell). Each glyph's font size and weight come from
PDFium too, so headings are marked by font exactly as in parse_pdf (mark_headings).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from .model import Block, Document, Row
from .parse_pdf import _BOLD, _FONT, mark_headings, prose_columns, stitch, watermark
from .pdf_layout import Word, layout_page, undecodable
from .text import join_wrapped, normalize_line

_THIN = 2.5  # a rule is at most this thick (points)


@dataclass
class _Glyph:
    ch: str
    x0: float
    x1: float
    top: float  # distance from the page top
    bottom: float
    size: float = 0.0  # font size (points)
    bold: bool = False


def _cluster(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _viewer(page):
    """PDF-space boxes (left, bottom, right, top) -> the page as displayed, top-down (x0, top, x1, bottom): a page
    turned by /Rotate (a landscape schedule on a portrait sheet) reads upright, as pdfplumber shows it."""
    left0, bottom0, right0, top0 = page.get_mediabox()
    mw, mh = right0 - left0, top0 - bottom0
    rot = page.get_rotation() % 360

    def view(left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        left, right, bottom, top = left - left0, right - left0, bottom - bottom0, top - bottom0
        if rot == 90:
            return bottom, left, top, right
        if rot == 180:
            return mw - right, bottom, mw - left, top
        if rot == 270:
            return mh - top, mw - right, mh - bottom, mw - left
        return left, mh - top, right, mh - bottom

    return view


def _rules(page, view) -> tuple[list[tuple], list[tuple]]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) rules in top-down coordinates."""
    hs, vs = [], []
    for obj in page.get_objects(max_depth=3):
        if obj.type != 2:  # FPDF_PAGEOBJ_PATH
            continue
        x0, y0, x1, y1 = view(*obj.get_bounds())
        w, h = x1 - x0, y1 - y0
        if h <= _THIN and w > 4:
            hs.append(((y0 + y1) / 2, x0, x1))
        elif w <= _THIN and h > 4:
            vs.append(((x0 + x1) / 2, y0, y1))
        elif w > 4 and h > 4:  # a rectangle: its four edges
            hs += [(y0, x0, x1), (y1, x0, x1)]
            vs += [(x0, y0, y1), (x1, y0, y1)]
    return hs, vs


def _grids(hs: list[tuple], vs: list[tuple]) -> list[tuple[list[float], list[float], list[tuple]]]:
    """Group touching rules into grids: (row lines ys, column lines xs, verticals of the grid)."""
    segs = [("h", *s) for s in hs] + [("v", *s) for s in vs]
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def box(s: tuple) -> tuple[float, float, float, float]:
        return (s[2] - 2, s[1] - 2, s[3] + 2, s[1] + 2) if s[0] == "h" else (s[1] - 2, s[2] - 2, s[1] + 2, s[3] + 2)

    boxes = [box(s) for s in segs]
    order = sorted(range(len(segs)), key=lambda i: boxes[i][1])
    for a_pos, a in enumerate(order):
        ax0, _ay0, ax1, ay1 = boxes[a]
        for b in order[a_pos + 1:]:
            bx0, by0, bx1, _by1 = boxes[b]
            if by0 > ay1:
                break
            if bx0 <= ax1 and ax0 <= bx1:
                parent[find(a)] = find(b)
    groups: dict[int, list[tuple]] = {}
    for i, s in enumerate(segs):
        groups.setdefault(find(i), []).append(s)
    out = []
    for g in groups.values():
        ys = _cluster([s[1] for s in g if s[0] == "h"])
        xs = _cluster([s[1] for s in g if s[0] == "v"])
        if len(ys) >= 2 and len(xs) >= 2:
            out.append((ys, xs, [s[1:] for s in g if s[0] == "v"]))
    return out


def _glyphs(textpage, view) -> tuple[str, list[_Glyph]]:
    import ctypes
    import math

    import pypdfium2.raw as pdfium_c

    text = textpage.get_text_range()
    glyphs = []
    rgba = [ctypes.c_uint() for _ in range(4)]
    name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    for i, ch in enumerate(text):
        if not ch.isspace():
            angle = math.degrees(pdfium_c.FPDFText_GetCharAngle(textpage.raw, i))
            fill = tuple(c.value / 255 for c in rgba[:3]) if pdfium_c.FPDFText_GetFillColor(textpage.raw, i, *rgba) else None
            if watermark(angle, pdfium_c.FPDFText_GetFontSize(textpage.raw, i), fill):
                continue
        if ch in "\ufffe\x02":  # PDFium's mark for a hyphen ending a line: the hyphen the page shows
            ch = "-"
        # The loose box spans the font's ascent to descent: every glyph of a line has the same height.
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
        weight = pdfium_c.FPDFText_GetFontWeight(textpage.raw, i)
        if weight <= 0:  # no weight in the font descriptor (the standard 14 fonts): the font's name says it
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, name, len(name), ctypes.byref(flags))
            weight = 700 if _BOLD.search(name.value.decode("latin-1", "replace")) else 400
        x0, y0, x1, y1 = view(left, bottom, right, top)
        glyphs.append(_Glyph(ch, x0, x1, y0, y1, round(size * 2) / 2, weight >= 600))
    return text, glyphs


def _spell(gs: list[_Glyph]) -> str:
    """Glyphs of one line -> text; a blank is kept where the text had one or the gap is wide."""
    out: list[str] = []
    prev: _Glyph | None = None
    pending = False
    for g in gs:
        if g.ch.isspace():
            pending = prev is not None
            continue
        if prev is not None and (pending or g.x0 - prev.x1 > 1.2 * max(g.bottom - g.top, prev.bottom - prev.top, 4.0)):
            out.append(" ")
        out.append(g.ch)
        prev, pending = g, False
    return "".join(out)


def _cell_text(gs: list[_Glyph]) -> str:
    lines: list[list[_Glyph]] = []
    spans: list[list[float]] = []
    ink = sorted((g for g in gs if not g.ch.isspace()), key=lambda g: (g.top, g.x0))
    blanks = [g for g in gs if g.ch == " "]
    for g in ink:
        for ln, sp in zip(lines, spans):
            if g.top < sp[1] - 1 and g.bottom > sp[0] + 1:  # vertical overlap: same line
                ln.append(g)
                sp[0], sp[1] = min(sp[0], g.top), max(sp[1], g.bottom)
                break
        else:
            lines.append([g])
            spans.append([g.top, g.bottom])
    for g in blanks:  # a blank joins the line whose band holds its middle (the nearest one)
        if not lines:
            break
        mid = (g.top + g.bottom) / 2
        k = min(range(len(lines)), key=lambda k: 0.0 if spans[k][0] <= mid <= spans[k][1] else
                min(abs(mid - spans[k][0]), abs(mid - spans[k][1])))
        if spans[k][0] - 2 <= mid <= spans[k][1] + 2:
            lines[k].append(g)
    order = sorted(range(len(lines)), key=lambda k: spans[k][0])
    return normalize_line(join_wrapped([_spell(sorted(lines[k], key=lambda g: g.x0)) for k in order]))


def _page_blocks(page, pno: int) -> list[Block]:
    view = _viewer(page)
    textpage = page.get_textpage()
    _text, glyphs = _glyphs(textpage, view)
    hs, vs = _rules(page, view)
    tables: list[tuple[tuple[float, float, float, float], Block]] = []
    taken = [False] * len(glyphs)
    for ys, xs, verticals in _grids(hs, vs):
        if len(ys) == 2 and len(xs) == 2:
            continue  # a framed box (a banner, a boxed note) is text, read with the lines around it
        cells: list[list[list[_Glyph]]] = [[[] for _ in xs[:-1]] for _ in ys[:-1]]
        for i, g in enumerate(glyphs):
            if g.ch in "\r\n":
                continue
            cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
            if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
                continue
            r = next((k for k in range(len(ys) - 1) if ys[k] <= cy <= ys[k + 1]), None)
            c = next((k for k in range(len(xs) - 1) if xs[k] <= cx <= xs[k + 1]), None)
            if r is not None and c is not None:
                cells[r][c].append(g)
                taken[i] = True
        rows = []
        for r in range(len(ys) - 1):
            mid = (ys[r] + ys[r + 1]) / 2
            texts = []
            for c in range(len(xs) - 1):
                has_rule = c == 0 or any(abs(v[0] - xs[c]) < 2.5 and v[1] - 2 <= mid <= v[2] + 2 for v in verticals)
                t = _cell_text(cells[r][c])
                if not has_rule and texts:  # spanned cell: its text belongs to the cell on the left
                    texts[-1] = join_wrapped([texts[-1], t])
                    texts.append("")
                else:
                    texts.append(t)
            if any(texts):
                rows.append(Row(texts, pno))
        if rows:
            tables.append(((xs[0], ys[0], xs[-1], ys[-1]), Block("table", pno, rows=rows)))
    # Text outside the tables: words (glyph runs without a blank or a gap) laid out by position (pdf_layout).
    words: list[Word] = []
    run: list[_Glyph] = []

    def flush() -> None:
        if run:
            words.append(Word("".join(g.ch for g in run), min(g.x0 for g in run), max(g.x1 for g in run),
                              min(g.top for g in run), max(g.bottom for g in run), run[0].size,
                              sum(g.bold for g in run) >= 0.5 * len(run)))
            run.clear()

    for i, g in enumerate(glyphs):
        if taken[i] or g.ch.isspace() or not g.ch.isprintable():
            flush()
            continue
        if run:
            last = run[-1]
            h = max(g.bottom - g.top, 1.0)
            if g.x0 - last.x1 > 0.15 * max(g.size, 4.0) or g.x0 < last.x0 - 0.5 or abs(g.top - last.top) > 0.5 * h \
                    or g.size != last.size or g.bold != last.bold:
                flush()
        run.append(g)
    flush()
    return layout_page(words, tables, pno, _FONT)


def parse_pdfium(path, source: str | None = None) -> Document:
    import pypdfium2 as pdfium

    name = source or (str(path) if isinstance(path, (str, Path)) else "<pdf>")
    try:
        pdf = pdfium.PdfDocument(path)
    except (pdfium.PdfiumError, OSError) as e:
        raise InputError(f"{name}: not a readable PDF ({e}); check the file.") from e
    try:
        n = len(pdf)
        pages = [_page_blocks(pdf[pno - 1], pno) for pno in range(1, n + 1)]
        blocks = prose_columns(stitch(pages))
        mark_headings(blocks)
        if undecodable(blocks):
            raise InputError(f"{name}: the PDF's text cannot be decoded (its fonts carry no Unicode map); "
                             "print it to PDF again from the original, or run OCR on it.")
    finally:
        pdf.close()
        _FONT.clear()
    return Document(name, "pdf", n, blocks)
