"""What the extractors share while they walk one notice's tree: the result so far and where they are.

Each field family (header, money_dates, lots, requirements, scoring) is a mixin over this state;
extract.py's walk combines them and hands each node of the tree to the family that reads it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..dates import country_zone, currency_zone, stated_zone
from ..legend import Legend, read_legend
from ..model import Document, ParsedTender, Provenance, Requirement
from ..money import YUAN_LIKE, country_currency, notice_currency
from ..requirements import declared_important_mark, declared_must_mark, mark_as_must, read_declared_mark
from ..text import snippet
from .requirements import must_ids, must_letters
from .shapes import language

_PLACEHOLDER = re.compile(r"^[\s_＿\-—.…/*xX（）()]*(?:盖章|签字|签章|公章|详见.*|见.*|TBD|TBA|N/?A)?[\s_＿\-—.…/（）()]*$",
                          re.IGNORECASE)


def _day_first_dates(text: str) -> bool:
    """Numeric dates of the notice show their order: "18-03-2027" can only be day first, "03/18/2027" month first."""
    first = second = 0
    for m in re.finditer(r"(?<![\d/.\-])(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?![\d/.\-])", text):
        a, b = int(m.group(1)), int(m.group(2))
        first += a > 12 >= b
        second += b > 12 >= a
    return first > second


class ExtractState:
    def __init__(self, doc: Document):
        self.legend = read_legend(doc)
        _read_legend_marks(doc, self.legend, declared=_read_declared_mark(doc))
        self.doc = doc
        self.lang = language(doc)
        self.out = ParsedTender(doc.source, doc.fmt, doc.pages, self.lang)
        self.section: str | None = None
        self.contact_role: str | None = None  # buyer | agency while inside "采购人信息" style blocks
        self.lot: str | None = None
        self.pending_time_fields: list[str] = []
        self.pending_prev: str | None = None  # the line before, under a time heading: a date may wrap over two lines
        self.open_req: Requirement | None = None
        self.prose_deadline: tuple[str, int, str] | None = None
        # European notices write 05/03/2025 day first; US ones month first.
        text = " ".join(t for _, t in doc.lines()[:400])
        # Zones of day-first countries name the habit as well ("12:00 hours CET", "5pm AEST").
        self.dayfirst = bool(re.search(r"\bEUR\b|€|£|\bGBP\b|\bVAT\b|Directive 20\d\d/|\bTED\b|\b(?:CES?T|EES?T|WES?T|BST|IST|AES?T|AEDT|"
                                       r"ACST|AWST|NZST|NZDT|SAST|EAT|WAT|CAT|SGT|HKT|MYT|PHT|WIB)\b", text)) or _day_first_dates(text)
        # English notices: amounts without a currency are in the one the notice writes most (Rs. -> INR).
        # Chinese notices: 元 is the renminbi unless the notice writes another yuan (新臺幣, 港幣, 澳門幣) most.
        # "$", "kr", "Rs" are the currency of the country the notice names ("$" in a Canadian notice is CAD).
        self.currency = notice_currency(text, country_currency(text) or "USD") if self.lang != "zh" else \
            next((c for c in (notice_currency(text, "CNY"),) if c in YUAN_LIKE), "CNY")
        # Most of the world writes numeric dates day first; the United States (and often Canada) month first: a notice
        # in another currency reads "03.06.2027" as 3 June.
        self.dayfirst = self.dayfirst or (self.lang != "zh" and self.currency not in ("USD", "CAD", "PHP"))
        # Local time of the buyer's country when a time names no zone; else that of the notice's currency (S$ -> SGT).
        self.zone = stated_zone(text) or country_zone(text) or (currency_zone(notice_currency(text, "")) if self.lang != "zh" else None)
        self.time_label = False  # a "Closing time" label whose time is on the next line
        self.date_only: list[tuple[str, str]] = []  # (field, date text) set from a date with no time ("Date: 30/09/2025")
        self.form_description: tuple[int, str, str] | None = None  # a form's "DESCRIPTION | X" box (page, value, row)
        self.recent_title: tuple[int, str] | None = None  # (line number, value) of the last "Title: X" line
        self.line_no = 0
        self.desc_open = False  # a "Description of the procurement" requirement may wrap onto the next line
        self.heading_open = False  # an English heading may wrap onto the next line
        self.lot_tail: tuple[str, str, int] | None = None  # (lot, text, specs added) of a lot line that wraps
        self.weak: set[str] = set()
        self.fallback: set[str] = set()  # fields found by a fallback (title, prose, sums), not under their label
        self.pending_since = 0
        self.pending_value: tuple[str, int] | None = None  # (field, line number) of a label whose value is the next line
        self.wrap: tuple[str, int] | None = None  # (field, line length) of a value that may wrap onto the next line
        self.stated: dict[str, tuple[float, int, str]] = {}  # totals and counts the notice states, for self-checks
        self.score_groups: list[tuple[str, list]] = []
        self.lot_caps: dict[str, object] = {}  # lot number -> its own price cap (Money), from a lots table or line  # (header, items) of each scoring table, in reading order
        self.lead_in = False  # the section was opened by a "Key requirements:" line, not by a heading
        self.loose_open = False  # a marked item outside requirement sections may wrap onto the next line
        self.legend_open = False  # a legend of the marks ("带“▲”的条款为…") may wrap onto the next line
        self.bound_fallback = False  # no requirement part found: requirements read from lines stating a bound
        self.run_in_must = False  # a run-in heading said the items after it are musts (extract._run_in_heading)
        self.must_scope = False  # inside a part whose heading says its items are musts ("Mandatory Requirements")
        self.must_letters = must_letters(doc.lines()[:600])  # flag letters defined as musts ("Type A = minimum …")
        self.in_legend = False  # the node being read states the legend of the must marks
        self.must_flags = {w.casefold() for w in self.legend.words()}  # flag words the legend defines as musts
        self.must_ids = must_ids(doc.lines())  # item ids the notice defines as pass/fail ("MR" of "MR-2.1")
        # Every value tried for a header field, won or not (header_candidates): (field, value, page, text, weak, label).
        self.header_log: list[tuple] = []
        self.model_confidence: dict[str, float] = {}  # header field -> the model's probability of the value kept
        self.last_label: tuple[str, str] | None = None  # (field, label) of the last labelled value read

    def _set(self, field: str, value, page: int, text: str, weak: bool = False) -> bool:
        """Set a field once; a value found under a weak label (a notice or project id) yields to a later strong one."""
        if field in ("project_name", "tender_number", "buyer") and isinstance(value, str) and value:
            label = self.last_label[1] if self.last_label and self.last_label[0] == field else ""
            self.header_log.append((field, value, page, text, weak, label))
            self.last_label = None
        if value in (None, "") or (getattr(self.out, field) not in (None, "") and field not in self.weak):
            return False
        if field in self.weak and weak:
            return False
        self.weak.discard(field)
        if weak:
            self.weak.add(field)
        if isinstance(value, str) and _PLACEHOLDER.match(value):
            return False  # "__________" / "（盖章）" in a form template
        setattr(self.out, field, value)
        self.out.provenance[field] = Provenance(page, snippet(text))
        return True


def _read_declared_mark(doc: Document) -> set[str]:
    """A notice that declares its own marks ("标注“*”的条款为实质性要求", "带“▲”的条款为否决性条款，带“*”的条款为重要
    条款") has them read as ★ (must) and ▲ (important) at item heads."""
    lines = [t for _, t in doc.lines()[:600]]
    head = lines + [a + b for a, b in pairwise(lines)]  # a legend a PDF wrapped ("带“*”的条" / "款为重要条款")
    must, important = declared_must_mark(head), declared_important_mark(head)
    swaps = [(m, to) for m, to in ((must, "★"), (important, "▲")) if m and m != to and not (to == "▲" and m == must)]
    for mark, to in swaps:  # the must mark first: a ▲ declared as the must is read as ★ before * becomes ▲
        for b in doc.blocks:
            if b.kind == "line":
                b.text = read_declared_mark(b.text, mark, to)
            for r in b.rows:
                r.cells = [read_declared_mark(c, mark, to) for c in r.cells]
    # the marks declared as important and the marks swaps wrote (a must ▲ swapped to ★ frees ▲ for the important
    # items): never read as musts again
    return {mark for mark, to in swaps if to == "▲"} | {to for _, to in swaps}


def _read_legend_marks(doc: Document, legend: Legend, declared: set[str]) -> None:
    """The marks and tags the notice's legend defines as musts ("◎ = 必要規格", "(E) essential", "marked [Pass/Fail]")
    are read as ★ where they mark an item: at its head, at its end, or as a whole cell. Not inside a sentence that
    only names them ("every [Pass/Fail] characteristic"), and not in the legend itself."""
    # A tick ("“★”列打“√”的为实质性条款") flags a row in the column its header names: read there, not rewritten.
    # A mark the notice declared at item heads ("标注“*”的条款为实质性要求") still marks an item at its end or after its
    # name ("Display size*: 15 inches"); one it declared important never becomes a must.
    marks = legend.tags() | (legend.symbols() - {"★", "※", "√", "✓"} - declared)
    if not marks:
        return
    for i, b in enumerate(doc.blocks):
        if i in legend.blocks:
            continue
        if b.kind == "line":
            b.text = mark_as_must(b.text, marks)
        for r in b.rows:
            r.cells = [mark_as_must(c, marks) for c in r.cells]
