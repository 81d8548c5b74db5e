"""A PDF page's words and ruled tables -> blocks in reading order, whatever the engine that read them.

PDF has no paragraphs, columns or cells: only glyphs at positions. Both readers (pdfplumber, PDFium) give
this module the page's words (text, box, font size, weight) and the tables they found from ruling lines; it
rebuilds what a reader sees:

- columns: a vertical gutter that no word crosses over several lines splits the part of the page it spans
  (a newspaper/gazette page, a two-column advert under a full-width masthead); each column is read to its
  end before the next, and a table broken over the column break is joined into one;
- tables without ruling lines: columns whose lines sit on the same rows (a label column beside a value
  column, a price list aligned by spaces) become a table; a row of small or light labels over a row of values
  (a portal's "Agency / Published" grid) becomes key/value lines;
- paragraphs (JOIN_PARAGRAPHS): a line that runs to the column's right edge and the line under it, in the same font and not
  opening a numbered item or a bullet, are one paragraph (hyphenated English words rejoined); centred lines
  of one font (a title over two lines) are one line.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .model import Block, Row
from .parse_pdf import _PAGE_MARK, _merge
from .text import has_cjk, join_wrapped, normalize_line


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0
    bold: bool = False


@dataclass
class _Table:
    x0: float
    top: float
    x1: float
    bottom: float
    block: Block


@dataclass
class Line:
    words: list[Word]
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    glyphs: int = 0
    parts: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, words: list[Word]) -> Line:
        words = sorted(words, key=lambda w: w.x0)
        ln = cls(words)
        ln.x0, ln.x1 = min(w.x0 for w in words), max(w.x1 for w in words)
        ln.top, ln.bottom = min(w.top for w in words), max(w.bottom for w in words)
        ln.text = _spell(words)
        ln.parts = [ln.text]
        sizes = sorted(w.size for w in words for _ in w.text)
        ln.size = sizes[len(sizes) // 2] if sizes else 0.0
        ln.glyphs = len(sizes)
        ln.bold = sum(len(w.text) for w in words if w.bold) >= 0.8 * max(ln.glyphs, 1)
        return ln


Atom = Word | _Table
_BULLET = re.compile(r"^(?:[•·▪●○◦■□◆◇►▶➢✓✔\-–—*]|\(?[a-zA-Z0-9]{1,3}[.)）]|[（(][一二三四五六七八九十\d]{1,3}[）)]|"
                     r"[一二三四五六七八九十]{1,3}[、.]|\d{1,2}(?:\.\d{1,2})+|[①-⑳]|第[一二三四五六七八九十\d]+[章条节])")
_LABEL = re.compile(r"^[^:：\s.。;；,，a-z][^:：.。;；,，]{0,24}[:：]\s*\S")  # "Closing date: …" opens a key/value line of its own
# Wrapped lines joined into paragraphs on single-column pages too: off for now. Measured on the sets (20:25, main
# 1b6a57c+): blind set 8 100 -> 104/107, sets 1-2/4-6 unchanged, but two fields move the wrong way because the
# field extractors read the joined sentence differently: set 3 gem (a requirement ending '... additional licence.'
# read as a qualification) and set 7 cmcc (budget and cap in one sentence, the cap taken). Flip when those read
# right. Lines of a narrow column (two or more columns on the page) are always joined: they cut sentences into
# fragments ("functionality out of 100 points;" read as a criterion of 100 points).
JOIN_PARAGRAPHS = False
_KV_CELL = re.compile(r"^[^:：]{1,30}[:：]\s*\S")
_SENTENCE_END = re.compile(r"[。:：!?！？]$|(?<![A-Z])(?<!\bNo)(?<!\be\.g)(?<!\bi\.e)\.$")


def _norm(text: str) -> str:
    """normalize_line, then the tabs it kept (between words set far apart) as blanks."""
    return normalize_line(text).replace("\t", " ")


def _spell(words: list[Word]) -> str:
    """Words of one line -> text: a blank where the glyphs leave a gap (a font change also splits words). Chinese
    set glyph by glyph (some generators place every character on its own, spaced out: "1 2 0 万元") has a blank
    only where the step from glyph to glyph is wider than the line's pitch."""
    singles = [w for w in words if len(w.text) == 1]
    pitch = None
    if len(singles) >= max(2, 0.5 * len(words)) and any(has_cjk(w.text) for w in words):
        steps = sorted(b.x0 - a.x0 for a, b in itertools.pairwise(words) if len(a.text) == 1 and len(b.text) == 1)
        pitch = steps[len(steps) // 2] if steps else None
    out = ""
    prev: Word | None = None
    for w in words:
        if prev is None:
            blank = False
        elif pitch is not None:
            last_x0 = prev.x1 - (prev.x1 - prev.x0) / max(len(prev.text), 1)  # where prev's last glyph starts
            blank = w.x0 - last_x0 > 1.6 * pitch
        else:
            blank = w.x0 - prev.x1 > 0.15 * max(w.size, prev.size, 4.0)
        if blank:
            # A gap of a character or more keeps a label apart from its value ("项目名称    城区路灯改造项目"):
            # normalize_line drops a single blank between Chinese characters, not a tab after a label.
            out += "\t" if pitch is None and w.x0 - prev.x1 >= max(w.size, prev.size) else " "
        out += w.text
        prev = w
    return out


def _lines_of(words: list[Word]) -> list[Line]:
    """Words of one band -> its text lines, top-down (a band next to a table spans several lines)."""
    return [Line.of(b) for b in _bands(words)]


def _bands(atoms: list[Atom]) -> list[list[Atom]]:
    """Atoms grouped into horizontal bands: a band is a run of atoms whose vertical extents overlap."""
    out: list[list[Atom]] = []
    bottom = None
    for a in sorted(atoms, key=lambda a: (a.top, a.x0)):
        h = a.bottom - a.top
        # Overlap by more than a sliver (a descender touching the next line's ascender does not join them).
        if out and a.top < bottom - min(2.0, 0.25 * h):
            out[-1].append(a)
            bottom = max(bottom, a.bottom)
        else:
            out.append([a])
            bottom = a.bottom
    return out


def _free(band: list[Atom], lo: float, hi: float) -> list[tuple[float, float]]:
    """The x-intervals of [lo, hi] no atom of the band covers."""
    spans = sorted((a.x0, a.x1) for a in band)
    out, x = [], lo
    for a0, a1 in spans:
        if a0 > x:
            out.append((x, a0))
        x = max(x, a1)
    if x < hi:
        out.append((x, hi))
    return out


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]], width: float) -> list[tuple[float, float]]:
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo >= width:
                out.append((lo, hi))
    return out


def _height(band: list[Atom]) -> float:
    return max(a.bottom for a in band) - min(a.top for a in band)


def _sides(band: list[Atom], gutter: tuple[float, float]) -> tuple[bool, bool]:
    g0, g1 = gutter
    return any(a.x1 <= g0 + 0.5 for a in band), any(a.x0 >= g1 - 0.5 for a in band)


def _columns_with_text(bands: list[list[Atom]], gutters: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Gutters whose columns each hold text on 2+ bands: a page number between two columns makes no column."""
    gutters = sorted(gutters)
    while len(gutters) >= 2:
        thin = None
        for k in range(len(gutters) - 1):
            left, right = gutters[k][1], gutters[k + 1][0]
            if sum(1 for b in bands if any(a.x0 >= left - 0.5 and a.x1 <= right + 0.5 for a in b)) < 2:
                thin = k if gutters[k][1] - gutters[k][0] < gutters[k + 1][1] - gutters[k + 1][0] else k + 1
                break
        if thin is None:
            break
        del gutters[thin]
    return gutters


class _Page:
    def __init__(self, pno: int, body: float) -> None:
        self.pno = pno
        self.body = body
        self.gap = max(8.0, 1.0 * body)  # the narrowest column gutter (or gap between the columns of a table)
        self.line = 1.2 * body  # the height of a line of body text
        self.fonts: dict[int, tuple] = {}

    # -- regions -------------------------------------------------------------------------------------------
    def region(self, atoms: list[Atom], depth: int = 0) -> list[Block]:
        """Blocks of a part of the page in reading order: bands top-down, column groups column by column."""
        if not atoms:
            return []
        lo, hi = min(a.x0 for a in atoms), max(a.x1 for a in atoms)
        bands = _bands(atoms)
        out: list[Block] = []
        flow: list[list[Atom]] = []
        i = 0
        while i < len(bands):
            j, gutters = self._group(bands, i, lo, hi) if depth < 4 else (i + 1, [])
            if gutters and i + 1 < len(bands):
                # A line over the columns (a centred title, a heading and an intro above a ruleless table) is not
                # their first line when the columns run further, or split further, without it.
                for s in range(i + 1, min(i + 4, len(bands))):
                    j2, g2 = self._group(bands, s, lo, hi)
                    if g2 and (j2 > j or len(g2) > len(gutters)):
                        gutters = []
                        break
            if gutters:
                if flow:
                    out += self.flow(flow, lo, hi, depth > 0)
                    flow = []
                out += self.columns(bands[i:j], gutters, lo, hi, depth)
                i = j
            else:
                flow.append(bands[i])
                i += 1
        if flow:
            out += self.flow(flow, lo, hi, depth > 0)
        return out

    def _group(self, bands: list[list[Atom]], i: int, lo: float, hi: float) -> tuple[int, list[tuple[float, float]]]:
        """The longest run of bands from i sharing gutters with text on both sides over 2.5 lines or more.

        Each gutter carries the height of the bands with text on both of its sides; a gutter narrowed or split by a
        later band keeps that height (the earlier bands' text lies outside the wider gutter, so outside the
        narrower one too): one pass, not a recount of the run at every band (a dense page has thousands)."""
        free = [(g, 0.0) for g in _intersect(_free(bands[i], lo, hi), [(lo, hi)], self.gap)]
        best_j, best_n = i + 1, 0
        j = i
        while j < len(bands) and free:
            band = bands[j]
            nxt = []
            for g, acc in free:
                for h in _intersect([g], _free(band, lo, hi), self.gap):
                    nxt.append((h, acc + (_height(band) if all(_sides(band, h)) else 0.0)))
            if not nxt:
                break
            free, j = nxt, j + 1
            n = sum(1 for g, acc in free if g[0] > lo + 0.5 and g[1] < hi - 0.5 and acc >= 2.5 * self.line)
            if best_n and n < best_n:
                break  # a line that closes one of the gutters ends the grid (another table set elsewhere follows)
            if n:
                best_j, best_n, best_free = j, n, free
        if not best_n:
            return i + 1, []
        valid = [g for g, acc in best_free if g[0] > lo + 0.5 and g[1] < hi - 0.5 and acc >= 2.5 * self.line]
        return best_j, _columns_with_text(bands[i:best_j], valid)

    def columns(self, bands: list[list[Atom]], gutters: list[tuple[float, float]], lo: float, hi: float,
                depth: int) -> list[Block]:
        cuts = sorted(gutters)
        edges = [lo] + [(g0 + g1) / 2 for g0, g1 in cuts] + [hi]
        cols: list[list[Atom]] = [[] for _ in cuts + [None]]
        for b in bands:
            for a in b:
                mid = (a.x0 + a.x1) / 2
                k = next(k for k in range(len(cols)) if mid <= edges[k + 1] or k == len(cols) - 1)
                cols[k].append(a)
        table = self.aligned_table(bands, cuts, cols, depth)
        if table is not None:
            return table
        out: list[Block] = []
        for col in cols:
            blocks = self.region(col, depth + 1)
            if out and blocks and _same_table(out[-1], blocks[0]):
                _join_tables(out[-1], blocks[0])  # a table broken over the column break
                blocks = blocks[1:]
            out += blocks
        return out

    def aligned_table(self, bands: list[list[Atom]], cuts: list[tuple[float, float]],
                      cols: list[list[Atom]], depth: int = 0) -> list[Block] | None:
        """Columns whose lines share rows are one table (label | value, a ruleless price list), unless every
        column is running text (a newspaper page whose columns happen to share a baseline grid)."""
        if any(isinstance(a, _Table) for b in bands for a in b):
            return None
        edges = [(-1e9, cuts[0][0] + 0.5)] + [(cuts[k][1] - 0.5, cuts[k + 1][0] + 0.5) for k in range(len(cuts) - 1)] \
            + [(cuts[-1][1] - 0.5, 1e9)]

        def cells(band: list[Atom]) -> list[list[Word]]:
            out: list[list[Word]] = [[] for _ in edges]
            for w in band:
                k = next((k for k, (e0, e1) in enumerate(edges) if w.x0 >= e0 and w.x1 <= e1), None)
                if k is None:
                    return []
                out[k].append(w)
            return out

        rows = [cells(b) for b in bands]
        if any(not r for r in rows):
            return None
        # Lines above the first row that fills two columns (a centred title over a label | value grid) are not
        # part of the grid: read them first, as running text.
        first = next((k for k, r in enumerate(rows) if sum(1 for c in r if c) >= 2), 0)
        if first:
            lead = [w for b in bands[:first] for w in b]
            rest = self.aligned_table(bands[first:], cuts, [[w for b in bands[first:] for w in b if
                                                             any(w is x for x in col)] for col in cols], depth)
            if rest is None:
                return None
            xs = [w.x0 for w in lead] + [w.x1 for w in lead]
            return self.flow(_bands(lead), min(xs), max(xs)) + rest
        two = [sum(1 for c in r if c) >= 2 for r in rows]
        end = next((k for k in range(2, len(rows) - 1) if not two[k] and not two[k + 1]), len(rows))
        if end < len(rows):
            # The grid ends where two lines in a row leave the other columns empty (a heading, then another
            # table set elsewhere): the rest is read on its own.
            head = self.aligned_table(bands[:end], cuts, [[w for b in bands[:end] for w in b if
                                                           any(w is x for x in col)] for col in cols], depth)
            if head is not None:
                return head + self.region([a for b in bands[end:] for a in b], depth)
        if sum(two) < max(2, 0.6 * len(rows)):
            return None
        def running_text(k: int) -> bool:
            """Sentences, not cells: lines of six words or more (fifteen characters of Chinese) in 40% of them."""
            lines = [Line.of(r[k]) for r in rows if r[k]]
            long = sum(1 for ln in lines if not _LABEL.match(ln.text) and (
                len(ln.text.split()) >= 6 or (has_cjk(ln.text) and len(ln.text) >= 15)))
            return long >= 2 and long >= 0.4 * len(lines)

        if all(running_text(k) for k in range(len(cols))):
            return None

        def independent(k: int) -> bool:
            """Column k's paragraphs wrap from row to row while another column starts something new beside the
            wrapped lines (a side menu beside the notice's text): two flows, not rows of one table. A value
            wrapped in a label | value table leaves the label column empty beside its continuation lines."""
            right = max(w.x1 for r in rows for w in r[k]) if any(r[k] for r in rows) else 0.0
            wraps = cuts = 0
            for a, b in itertools.pairwise(rows):
                if not (a[k] and b[k]):
                    continue
                la, lb = Line.of(a[k]), Line.of(b[k])
                first = lb.words[0]
                room = lb.size if has_cjk(first.text[:1]) else (first.x1 - first.x0) + 0.25 * lb.size
                if la.x1 + room >= right - 1:
                    wraps += 1
                    cuts += any(b[j] for j in range(len(b)) if j != k)
            return cuts >= 2 and cuts >= 0.5 * wraps

        hanging = len(cols) == 2 and all(_BULLET.match(Line.of(r[0]).text) for r in rows if r[0])
        if not hanging and any(running_text(k) and independent(k) for k in range(len(cols))):
            return None
        sizes = sorted(w.size for r in rows for c in r for w in c)
        cell_size = sizes[len(sizes) // 2]
        out: list[Block] = []
        grid: list[list[list[Line]]] = []
        words = [w for r in rows for c in r for w in c]
        mostly_bold = sum(w.bold for w in words) >= 0.5 * len(words)
        prev: tuple | None = None  # (band bottom, font, filled cells) of the band above
        for r in rows:
            lines = [Line.of(c) if c else None for c in r]
            filled = [ln for ln in lines if ln]
            font = (round(sum(ln.size for ln in filled) / len(filled), 1), all(ln.bold for ln in filled))
            top = min(ln.top for ln in filled)
            height = max(ln.bottom - ln.top for ln in filled)
            wrapped = prev is not None and top - prev[0] <= 0.5 * height and font == prev[1] and len(filled) < prev[2]
            if len(filled) == 1 and lines[0] and not wrapped and grid and (
                    lines[0].size >= cell_size + 0.5 or (lines[0].bold and not mostly_bold)
                    or (_BULLET.match(lines[0].text) and not any(_BULLET.match(ln.text) for r in grid for ln in r[0]))):
                # A heading across the grid ("KEY DATES", "一、技术要求" under label | value rows) ends the table above it.
                out += self.grid_blocks(grid)
                grid, prev = [], None
                out += self.paragraphs([lines[0]], lines[0].x0, lines[0].x1)
                continue
            if grid and (not r[0] or wrapped):  # a wrapped cell continues the row above
                for k, ln in enumerate(lines):
                    if ln:
                        grid[-1][k].append(ln)
            else:
                grid.append([[ln] if ln else [] for ln in lines])
            prev = (max(ln.bottom for ln in filled), font, len(filled) if not wrapped else prev[2])
        if hanging:  # a list whose numbers hang in their own column: running text, one item a line
            lines = [Line.of([w for c in r for ln in c for w in ln.words]) for r in grid]
            return out + [b for ln in lines for b in self.paragraphs([ln], ln.x0, ln.x1)]
        return out + self.grid_blocks(grid)

    def grid_blocks(self, grid: list[list[list[Line]]]) -> list[Block]:
        if not grid:
            return []
        if len(grid) == 1:  # one row: a line, its cells in order
            return self.paragraphs([Line.of([w for c in grid[0] for ln in c for w in ln.words])], 0, 0)
        pairs = self.label_rows(grid)
        if pairs is not None:
            return pairs
        texts = [_norm(join_wrapped([ln.text for ln in c])) for r in grid for c in r if c]
        if sum(1 for t in texts if _KV_CELL.match(t)) >= 0.8 * len(texts):
            # Every cell a "Label: value" pair (a portal's fact sheet set two pairs to a row): key/value lines,
            # row by row, as the page reads.
            return [Block("line", self.pno, t) for t in texts]
        labels = [r[0][-1].text for r in grid if r[0]]
        if len(grid[0]) == 2 and sum(1 for t in labels if t.rstrip().endswith((":", "："))) >= 0.6 * len(grid):
            # "Label:   value" set in two columns: key/value lines, as the page reads.
            out = []
            for r in grid:
                key = _norm(join_wrapped([ln.text for ln in r[0]])).rstrip(":： ")
                value = _norm(_dehyphenate([ln.text for ln in r[1]]))
                out.append(Block("line", self.pno, f"{key}: {value}" if key and value else key or value))
            return out
        page_rows = [Row([_norm(join_wrapped([ln.text for ln in c])) for c in r], self.pno) for r in grid]
        return [Block("table", self.pno, rows=page_rows)]

    def label_rows(self, grid: list[list[list[Line]]]) -> list[Block] | None:
        """A row of labels in a smaller or lighter font over a row of values: key/value lines, row by row."""
        def font(r: list[list[Line]]) -> tuple[float, float]:
            lines = [ln for c in r for ln in c]
            return (sum(ln.size for ln in lines) / len(lines), sum(ln.bold for ln in lines) / len(lines))

        out: list[Block] = []
        k = 0
        while k < len(grid):
            if k + 1 < len(grid):
                (s0, b0), (s1, b1) = font(grid[k]), font(grid[k + 1])
                if (s0 < s1 - 0.4 or (b0 < 0.5 <= b1 and s0 <= s1 + 0.2)) and all(
                        len(ln.text) <= 40 for c in grid[k] for ln in c):
                    for lab, val in zip(grid[k], grid[k + 1]):
                        key = _norm(join_wrapped([ln.text for ln in lab])).rstrip(":： ")
                        value = _norm(join_wrapped([ln.text for ln in val]))
                        if key and value:
                            out.append(Block("line", self.pno, f"{key}: {value}"))
                        elif key or value:
                            out.append(Block("line", self.pno, key or value))
                    k += 2
                    continue
            return None
        return out if len(out) >= 2 else None

    # -- running text --------------------------------------------------------------------------------------
    def flow(self, bands: list[list[Atom]], lo: float, hi: float, join: bool = False) -> list[Block]:
        """Bands of one column: tables as they are, words as lines joined into paragraphs."""
        out: list[Block] = []
        lines: list[Line] = []

        def flush() -> None:
            out.extend(self.paragraphs(lines, lo, hi, join))
            lines.clear()

        for band in bands:
            tables = [a for a in band if isinstance(a, _Table)]
            words = [a for a in band if isinstance(a, Word)]
            if tables:
                flush()
                out.extend(t.block for t in sorted(tables, key=lambda t: t.x0))
            if words:
                lines.extend(_lines_of(words))
        flush()
        return out

    def paragraphs(self, lines: list[Line], lo: float, hi: float, join: bool = False) -> list[Block]:
        merged: list[Line] = []
        for k, ln in enumerate(lines):
            # The right edge of the text around: a running header across the page does not widen a column.
            near = [x.x1 for x in lines[max(0, k - 4):k + 4] if abs(x.size - ln.size) <= 0.3]
            # A word hyphenated at the line end is mended even where lines are otherwise kept apart.
            broken = merged and re.search(r"[a-z]{2}-$", merged[-1].parts[-1]) and re.match(r"[a-z]{2}", ln.text)
            if merged and (join or JOIN_PARAGRAPHS or broken) and _continues(merged[-1], ln, lo, hi, max(near)):
                prev = merged[-1]
                prev.parts.append(ln.text)
                prev.x0, prev.x1 = min(prev.x0, ln.x0), max(prev.x1, ln.x1)
                prev.bottom = ln.bottom
                prev.glyphs += ln.glyphs
                prev.words = prev.words + ln.words
                continue
            merged.append(ln)
        out = []
        for ln in merged:
            text = _norm(_dehyphenate(ln.parts))
            if not text:
                continue
            block = Block("line", self.pno, text)
            self.fonts[id(block)] = (ln.size, ln.bold, ln.glyphs, len(ln.parts))
            out.append(block)
        return out


def _continues(prev: Line, ln: Line, lo: float, hi: float, right: float) -> bool:
    """`ln` carries on the paragraph `prev` ends with (a wrapped line, a centred title's next line) in the column
    [lo, hi]; `right` is the right edge of the text around."""
    height = max(ln.bottom - ln.top, 1.0)
    if ln.top - prev.bottom > 0.8 * height or abs(prev.size - ln.size) > 0.3 or prev.bold != ln.bold:
        return False
    if _BULLET.match(ln.text) or _SENTENCE_END.search(prev.parts[-1]) or _LABEL.match(ln.text):
        return False
    last = prev.words[-1]
    # Centred lines of one font (a title set over two lines) are one line; a line wholly in brackets under a title
    # is its subtitle ("(Comprehensive Evaluation Method)", "（征求意见稿）").
    if re.fullmatch(r"[(（\[].*[)）\]]", ln.text.strip()):
        return False
    first_mid = (min(w.x0 for w in prev.words if w.top >= last.top - 1) + last.x1) / 2
    if abs(first_mid - (ln.x0 + ln.x1) / 2) < 3 and abs((lo + hi) / 2 - (ln.x0 + ln.x1) / 2) < 0.1 * (hi - lo) \
            and ln.x0 > lo + 2 * ln.size:
        return True
    # A line that ends where the next line's first word would not have fitted after it, continued by one
    # starting at the left edge (or under the text of a hanging number). A line of a word or two is an entry of
    # its own (a side menu's "Home", "Tenders"), not a wrapped sentence.
    if len(prev.parts[-1].split()) < 3 and not (has_cjk(prev.parts[-1]) and len(prev.parts[-1]) >= 8):
        return False
    first = ln.words[0]
    room = ln.size if has_cjk(first.text[:1]) else (first.x1 - first.x0) + 0.25 * ln.size
    return last.x1 + room >= right - 1 and ln.x0 <= prev.x0 + 4 * ln.size and ln.x0 >= lo - 2


def _dehyphenate(parts: list[str]) -> str:
    """Join a paragraph's lines: a blank between them unless CJK meets CJK at the break; an English word
    hyphenated at a line end is rejoined ("procure-" + "ment")."""
    out = ""
    for p in (x.strip() for x in parts):
        if not p:
            continue
        if out and re.search(r"[a-z]{2}-$", out) and re.match(r"[a-z]", p):
            out = out[:-1] + p
        elif out and not (has_cjk(out[-1]) or has_cjk(p[0])) and not out.endswith("/"):
            out += " " + p
        else:
            out += p
    return out


def _same_table(a: Block, b: Block) -> bool:
    return a.kind == "table" and b.kind == "table" and bool(a.rows) and bool(b.rows) \
        and len(a.rows[0].cells) == len(b.rows[0].cells)


def _join_tables(a: Block, b: Block) -> None:
    _merge(a, b)


def layout_page(words: list[Word], tables: list[tuple[tuple[float, float, float, float], Block]], pno: int,
                fonts: dict[int, tuple]) -> list[Block]:
    """The page's blocks in reading order; the font of each line block is recorded in `fonts` (for headings)."""
    boxes = [bb for bb, _ in tables]

    def in_table(w: Word) -> bool:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)

    words = [w for w in words if w.text.strip() and not in_table(w)]
    if words:  # page numbers ("- 3 -", "Page 3 of 9") in the top or bottom margin are not text of the page
        top, bottom = min(w.top for w in words), max(w.bottom for w in words)
        margin = 0.1 * (bottom - top)
        marks = {id(w) for band in _bands(words) if (band[0].top <= top + margin or band[-1].bottom >= bottom - margin)
                 and _PAGE_MARK.match(_norm(_spell(sorted(band, key=lambda w: w.x0)))) for w in band}
        words = [w for w in words if id(w) not in marks]
    sizes = sorted(w.size for w in words for _ in w.text)
    page = _Page(pno, sizes[len(sizes) // 2] if sizes else 10.0)
    atoms: list[Atom] = list(words) + [_Table(*bb, block=b) for bb, b in tables]
    blocks = page.region(atoms)
    fonts.update(page.fonts)
    return blocks


_UNMAPPED = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff\ufffd]")


def undecodable(blocks: list[Block]) -> bool:
    """Most of the text is glyphs without a Unicode meaning ("(cid:123)", private-use or replacement characters):
    fonts embedded without a ToUnicode map. Reading on would give fields made of noise."""
    text = "".join(b.text if b.kind == "line" else " ".join(c for r in b.rows for c in r.cells) for b in blocks)
    glyphs = sum(1 for ch in text if not ch.isspace())
    bad = sum(len(m.group(0)) if m.group(0).startswith("(cid") else 1 for m in _UNMAPPED.finditer(text))
    return glyphs >= 20 and bad >= 0.3 * glyphs
