"""Plain text (and Markdown-ish) tender notices -> Document.

Pages are split on form feeds. Rows written with "|" or tabs become table rows, so a
pasted table is read like a PDF table.
"""

from __future__ import annotations

import re

from .model import Block, Document, Row
from .text import has_cjk, normalize_line

# Tables drawn with box characters: the bars are column separators, the rules are dropped.
_BOX_BAR = re.compile(r"[│┃║]")
_BOX_RULE = re.compile(r"^[─━═┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬╒╕╘╛╞╡╤╧╪┏┓┗┛┣┫┳┻╋|+\-\s]+$")
_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def _tab_row(line: str) -> bool:
    """Cells split by tabs. A "|" inside such a row is content ("|报价-基准价|", "A | B"), unless the row is drawn
    with bars at both ends."""
    s = line.strip(" \r\n\t")
    if "\t" not in s:
        return False
    return "|" not in s or (s.count("\t") >= 2 and not (s.startswith("|") and s.endswith("|")))


def _cells(line: str) -> list[str] | None:
    if _tab_row(line):
        parts = [c.strip() for c in line.rstrip("\r\n").split("\t")]
        while parts and not parts[-1]:
            parts.pop()
        if len(parts) >= 2:
            return parts
    if line.count("|") >= 2 or (line.count("|") == 1 and not line.strip().startswith("|")):
        s = line.strip()
        # Bars at both ends are the table's border; a bar only at the end closes an empty last cell ("1 | a | |").
        s = s.strip("|") if s.startswith("|") else s
        parts = [c.strip() for c in s.split("|")]
        return parts if len(parts) >= 2 else None
    if "\t" in line.strip():
        # Cells of a spreadsheet export keep their places: a leading tab is an empty first cell ("\t交货期\t5"
        # under a merged group cell), so only the line's end is trimmed.
        parts = [c.strip() for c in line.rstrip("\r\n").split("\t")]
        while parts and not parts[-1]:
            parts.pop()
        return parts if len(parts) >= 2 else None
    return None


# A sheet of a workbook exported to text: "-------- 2 物料清单" (xlsx2csv), "=== Sheet2 ===", "Sheet: 评分标准".
_SHEET = re.compile(r"^(?:-{4,}\s*(?:\d{1,3}\s+)?(?P<a>[^\s\-=|+:].*?)|={3,}\s*(?P<b>[^\s\-=|+:].*?)\s*={3,}|(?:Sheet|工作表)\s*\d*\s*[:：]\s*(?P<c>\S.*))$",
                    re.IGNORECASE)


# A run of 3+ blanks inside a line (not a label's padding after ":"): a column gap of a fixed-width table row.
_COLUMN_GAP = re.compile(r"(?<![:：\s])\s{3,}(?=\S)")
# What opens a numbered clause or a list item: "5.2.1", "(a)", "1.", "•", "一、".
_OPENER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})+[.)]?(?=\s+[^a-z%°µμ\s])|\d{1,2}[.)]|\(?[a-zA-Z0-9ivx]{1,4}\)|[•·*-]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\s+")
_LABEL = re.compile(r"^[^:：]{1,40}[:：]\s+")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _body_columns(line: str) -> set[int]:
    """Columns where a hanging continuation of this line may start: after its number, after its label."""
    ind = _indent(line)
    body = line[ind:]
    cols = set()
    for rx in (_OPENER, _LABEL):
        m = rx.match(body)
        if m:
            cols.add(ind + m.end())
    return cols


def unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines: an indented line that starts at the text column of the line above (a hanging
    indent under "5.2.1 ", "(a) " or "Description:   ") continues it, unless it opens a clause of its own or
    either line is a fixed-width table row."""
    out: list[str] = []
    cols: set[int] = set()
    for raw in lines:
        # Rows of cells ("a | b", "a<TAB>b") keep their separators: a tab is a cell boundary, not indentation.
        tabbed = _tab_row(raw)
        raw = raw.rstrip(" \r\n") if tabbed else raw.rstrip().expandtabs(4) if "|" not in raw else raw.rstrip()
        ind = _indent(raw)
        body = raw[ind:]
        joinable = (out and out[-1].strip() and body and ind > 0 and ind in cols and not _OPENER.match(body)
                    and not _COLUMN_GAP.search(body) and not _COLUMN_GAP.search(out[-1].strip())
                    and "|" not in raw and "|" not in out[-1] and not tabbed and "\t" not in out[-1])
        if joinable:
            out[-1] = out[-1] + ("" if has_cjk(out[-1][-1:]) and has_cjk(body[:1]) else " ") + body
            cols = {ind}
            continue
        out.append(raw)
        cols = _body_columns(raw) if body else set()
    return out


# A forwarded or replied mail quotes the notice: "> (vi) Salient characteristics …".
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
# A Markdown/setext underline: the line above is a heading.
_UNDERLINE = re.compile(r"^(?:={3,}|-{3,})$")


def unquote(text: str) -> str:
    """Strip mail quote marks when the notice is mostly quoted (a portal alert forwarded by a colleague)."""
    lines = text.split("\n")
    filled = [x for x in lines if x.strip()]
    if not filled or sum(1 for x in filled if _QUOTE.match(x)) < 0.3 * len(filled):
        return text
    return "\n".join(_QUOTE.sub("", x) for x in lines)


def _gap_cells(line: str) -> list[tuple[int, str]]:
    """(column, text) of each cell of a fixed-width row: text set apart by runs of 3+ blanks."""
    out, pos = [], 0
    for piece in re.split(r"(\s{3,})", line.rstrip()):
        if piece.strip() and not piece.isspace():
            out.append((pos + len(piece) - len(piece.lstrip()), piece.strip()))
        pos += len(piece)
    return out


def fixed_width_rows(lines: list[str]) -> dict[int, list[str]]:
    """Lines of a fixed-width table ("Bid Closing Date           Thu, Mar 16, 2028 2:00:00 PM", "Project Team      10")
    -> their cells. A row is a line whose text is set apart by column gaps at the same column as a neighbour's, or an
    indented line continuing the cell of the row above at its column ("                  905-555-0148 ext. 2231")."""
    cand: dict[int, list[tuple[int, str]]] = {}
    for i, raw in enumerate(lines):
        if "|" in raw or "\t" in raw.strip() or not raw.strip():
            continue
        cells = _gap_cells(raw)
        if 2 <= len(cells) <= 4 and len(cells[0][1]) <= 60 and _COLUMN_GAP.search(raw.strip()):
            cand[i] = cells
    rows: dict[int, list[str]] = {}
    for i, cells in cand.items():
        cols = {c for c, _ in cells[1:]}
        # The row next to it, or the one after an indented continuation line ("Buyer Contact   Jordan …" /
        # "                  905-555-0148" / "Department   Public Works").
        near = [cand[j] for j in (i - 1, i + 1) if j in cand] + [
            cand[j] for j, mid in ((i - 2, i - 1), (i + 2, i + 1)) if j in cand and 0 <= mid < len(lines)
            and (_indent(lines[mid]) >= 8 or _UNDERLINE.match(lines[mid].strip())) and mid not in cand]
        # Cells in columns: the first cells start together, and another cell starts (or a right-aligned figure ends
        # within a blank or two) where the neighbour's does.
        if any(other[0][0] == cells[0][0] and cols & {c + d for c, _ in other[1:] for d in (-2, -1, 0, 1, 2)}
               for other in near):
            rows[i] = [t for _, t in cells]
    for i in sorted(cand):  # a header over rows with another alignment (right-aligned figures), a rule between
        j = i + 1
        while j < len(lines) and _UNDERLINE.match(lines[j].strip()):
            j += 1
        if i not in rows and j in rows and len(rows[j]) == len(cand[i]) and not any(re.search(r"\d", t) for _, t in cand[i]):
            rows[i] = [t for _, t in cand[i]]
    for i in sorted(rows):  # an indented continuation under a row's value cell
        j = i + 1
        while j < len(lines) and j not in rows and lines[j].strip() and _indent(lines[j]) >= 8 \
                and any(abs(_indent(lines[j]) - c) <= 2 for c, _ in _gap_cells(lines[i])[1:]):
            rows[j] = [""] * (len(rows[i]) - 1) + [lines[j].strip()]
            j += 1
    return rows


def parse_text(text: str, source: str = "<text>") -> Document:
    blocks: list[Block] = []
    text = unquote(text)
    pages = text.split("\f")
    for pno, page in enumerate(pages, start=1):
        table: Block | None = None
        boxed = table_tabbed = False
        prev = ""
        page_lines = unwrap([_BOX_BAR.sub("|", x) for x in page.splitlines()])
        fixed = fixed_width_rows(page_lines)
        for k, raw in enumerate(page_lines):
            sheet = _SHEET.match(raw.strip())
            if sheet and "|" not in raw and "\t" not in raw and not raw.rstrip().endswith("---"):  # not "-----Original Message-----"
                # A new sheet: its name is a top heading and it ends the table above.
                name = sheet.group("a") or sheet.group("b") or sheet.group("c")
                blocks.append(Block("line", pno, normalize_line(name), level=1))
                table, prev = None, ""
                continue
            if (_SEPARATOR_ROW.match(raw.strip()) or _BOX_RULE.match(raw.strip()) or _UNDERLINE.match(raw.strip())) \
                    and raw.strip():
                # An underline as long as its line (not a page-wide rule under a breadcrumb "Home > …").
                if _UNDERLINE.match(raw.strip()) and prev.strip() and blocks and blocks[-1].kind == "line" \
                        and blocks[-1].level is None and " > " not in prev \
                        and 0.7 <= len(raw.strip()) / len(prev.strip()) <= 1.3:
                    blocks[-1].level = 1 if raw.strip()[0] == "=" else 2
                prev = ""
                continue
            prev = raw
            cells = _cells(raw) if k not in fixed else fixed[k]
            if cells is not None:
                cells = [normalize_line(c) for c in cells]
                # A box-drawn table (┌─┬─┐ │ │) keeps its merged rows ("│合计 │100 │") in the same table.
                box_row = raw.lstrip().startswith("|") and raw.rstrip().endswith("|")
                # Tab rows of one sheet stay one table whatever their width: an export drops empty cells at a
                # row's end and merged cells leave rows shorter or longer.
                tabbed = _tab_row(raw) or k in fixed  # a fixed-width table's rows vary in width too
                if table is None or (len(table.rows[-1].cells) != len(cells) and not (boxed and box_row)
                                     and not (tabbed and table_tabbed)):
                    table = Block("table", pno)
                    blocks.append(table)
                table.rows.append(Row(cells, pno))
                boxed, table_tabbed = box_row, tabbed
                continue
            table = None
            line = normalize_line(raw)
            if line:
                blocks.append(Block("line", pno, line))
    for b in blocks:  # rows of one table as wide as its widest row
        if b.kind == "table" and len({len(r.cells) for r in b.rows}) > 1:
            width = max(len(r.cells) for r in b.rows)
            for r in b.rows:
                r.cells = r.cells + [""] * (width - len(r.cells))
    return Document(source, "text", len(pages), blocks)
