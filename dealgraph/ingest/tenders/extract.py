"""Document -> ParsedTender: build the document tree, walk it, hand each node to the field family that reads it.

The tree (tree.py) says where each part of the notice begins and what it is about; the walk keeps
the section in effect (qualification / technical / scoring / lots / other) from the tree, and lines
the tree cannot place are still judged by their look (shapes.section_of_heading). Tables are
classified by their header row too, so a table of parameters is read as parameters even under an
unexpected heading. The field families live in extractors/: header, money_dates, lots,
requirements, scoring.
"""

from __future__ import annotations

import re

from . import fields as F
from . import header_model
from .checks import Review, run_checks
from .corrections import apply_corrections
from .extractors.header import HeaderFields
from .extractors.lots import LotFields
from .extractors.money_dates import MoneyDateFields
from .extractors.quantities import QuantityFields
from .extractors.requirements import TIME_TERM, RequirementFields
from .extractors.scoring import NO_SCORING, ScoringFields
from .extractors.shapes import (
    HEADER_BUDGET,
    LOT_RE,
    MARKER_LEGEND,
    OPERATOR,
    TERMINAL,
    TOP_NUMBER,
    section_of_heading,
    table_kind,
)
from .extractors.state import ExtractState
from .hant import SimplifiedView, is_traditional
from .model import Document, ParsedTender, Provenance
from .regions import find_region
from .requirements import markers, parse_spec, strip_numbering
from .sections import declares_all_must, heading_says_must, heading_topic
from .text import snippet
from .tree import Node, build_tree

# "Quantities (estimated):" / "采购数量：" over "- Ozone analyzers: 14 units": how many of each are bought.
_LEAD_IN = re.compile(r"^[^:：。.;；]{0,30}(?:requirements?|specifications?|技术要求|技术参数|主要参数|参数要求|性能指标|quantit(?:y|ies)"
                      r"(?: required)?|采购数量|需求数量)\s*[:：]$", re.IGNORECASE)
_LOT_TITLE = re.compile(r"^(?:Title|Name|名称)\s*[:：]\s*(?=(?:Lot|Package|包|标段|第)\s*[\d一二三四五六七八九十])", re.IGNORECASE)
# A sentence giving the time to deliver or complete: "Delivery of the Goods is required within sixty (60) calendar days",
# "所有货物须在合同签订后30日内交货".
_TIME_LIMIT = re.compile(r"(?:(?<=[.;]\s)|^)(?=[A-Z])[^.;]{0,40}?\b(?:Delivery|delivered|Completion|completed|Installation|installed)\b"
                         r"[^.;]{0,60}?\bwithin\s+(?:[a-z-]+\s+)?\(?\d{1,3}\)?\s*(?:calendar\s+|working\s+|business\s+)?"
                         r"(?:days|weeks|months)\b[^.;]*|"
                         r"(?:(?<=[。；])|^)[^。；]{0,30}(?:交货|交付|供货|完工|竣工)[^。；]{0,30}?\d{1,3}\s*(?:个)?(?:日历天|工作日|天|日|周|个月)"
                         r"\s*(?:内|以内|之内)[^。；]{0,20}")
# A numbered English sub-heading of a few title-case words, no figure, no value: "4.1 General", "2.3 Network Switches".
# A heading run into its paragraph: a short capitalised phrase, a bracketed note, a full stop, then the sentence.
_RUN_IN = re.compile(r"^(?P<h>[A-Z][A-Za-z ,'&-]{3,60}?(?:\s*\([^)]{1,24}\))?)\.\s+[A-Z]")
_SUB_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,2}\.?\s+(?:[A-Z][a-z]+|and|of|for|the|&)(?:\s+(?:[A-Z][a-z]+|and|of|for|the|&)){0,4}$")
# A duration a time term states without a bound word ("计划工期：标段一180日历天", "Delivery period: 60 days").
_DURATION = re.compile(r"\d\s*(?:个)?(?:日历天|工作日|天|日|周|个月|calendar days|working days|days|weeks|months)", re.IGNORECASE)
_WRAPPED_HEADING = re.compile(r"(?:\b(?:to|of|and|or|the|for|in|on|with|by|including|relating)|,)$", re.IGNORECASE)


# "2.3 Delivery. ★ All items shall be delivered within 60 days …": a numbered clause whose run-in title is followed by
# an item the notice marks as a must; a heading carries no must mark.
# An item closing with the tag of a requirement that is not a must: "[scored]", "(D)", "[Desirable]".
_TAGGED_NOT_MUST = re.compile(r"[\[(（【]\s*(?:D|Desirable|Optional|Scored|Rated|Preferred)\s*[\])）】]\s*[.;。；]?\s*$", re.IGNORECASE)
_MARKED_RUN_IN = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*\.?\s+[A-Z][A-Za-z-]*(?:\s+[A-Za-z-]+){0,3}\.\s+★\s*\S")


class _Extractor(ExtractState, HeaderFields, MoneyDateFields, LotFields, QuantityFields, RequirementFields, ScoringFields):
    def run(self) -> ParsedTender:
        self.tree = build_tree(self.doc)
        self.out.tree = self.tree
        last_scope = None
        for node in self.tree.walk():  # pre-order: the notice's reading order
            if node.block is None:
                continue
            scope = node.section
            if scope is not None and scope != last_scope:
                # The document's structure says a new part begins here: its topic wins over line guesses.
                self._close_req()
                self.section = scope
                if scope in ("qualification", "scoring"):  # a lot ends where tender-wide parts begin
                    self.lot = None
            last_scope = scope
            if scope != last_scope or node.kind == "heading":
                self.run_in_must = False  # a run-in heading's musts end with its part
            must = node.must or self.run_in_must
            if must != self.must_scope:
                self._close_req()  # an open item is judged under the part it was written in
            self.must_scope = must
            container = node.kind == "heading" or bool(node.children)
            # The notice's legend of its must marks ("characteristics marked [Pass/Fail] are minimum requirements"):
            # it explains the items, it is none of them (it may still open a part or hold a field).
            self.in_legend = node.block in self.legend.blocks and node.kind != "table"
            if node.kind == "table":
                self._table(node)
            elif container and _SUB_HEADING.match(node.text) and node.children and node.children[0].kind == "paragraph" \
                    and re.match(r"^[A-Z]", node.children[0].text):
                self._heading_node(node)  # "4.1 General" over "Supply and install six (6) …": a sub-heading, not an item
            elif container and (node.marked or (heading_topic(node.text) and not re.search(r"^[^:：]{2,60}[:：]\s*\S",
                                                                                             node.text)
                                                and not _MARKED_RUN_IN.match(node.text))):
                self._heading_node(node)
            else:
                self._line(node.page, node.text)
                if container:
                    self._heading_value(node)  # "II.1.1) Title:" over its value
        self._close_req()
        if not self.out.requirements:
            self._bound_lines_as_requirements()
        if self.out.scoring and any(NO_SCORING.search(t) for _, t in self.doc.lines()) and "scoring_total" not in self.stated:
            self.out.scoring = []  # "不采用综合评分" / "lowest evaluated cost": what looked like criteria is not
        self._divisions()
        self._one_award()
        self._weight_split()
        self._weights_in_prose()
        found = {f for f in F.ORDER if getattr(self.out, f) not in (None, "")}
        self._title()
        self._prose_buyer()
        self._buyer_reference()
        self._code_by_title()
        header_model.apply(self)  # every candidate of the header fields scored; the rules' pick kept unless doubted
        self._prose_budget()
        self._prose_cap()
        self.fallback |= {f for f in ("project_name", "buyer", "budget") if getattr(self.out, f) not in (None, "")} - found
        if not self.out.region:
            for field in ("buyer", "project_name", "agency"):
                reg = find_region(getattr(self.out, field) or "")
                if reg:
                    prov = self.out.provenance[field]
                    self._set("region", reg, prov.page, prov.snippet)
                    break
        self._money_fallbacks()
        self._corrected_fields()
        self._warnings()
        run_checks(self.out, self.doc.lines(), self.stated, self.fallback | self.weak)
        for f, p in self.model_confidence.items():  # the model's probability, lowered further by a failed check
            self.out.confidence[f] = min(p, self.out.confidence.get(f, p)) if any(
                r.get("field") == f for r in self.out.needs_review) else p
        if self.bound_fallback:
            Review(self.out).flag("requirements", "no requirement section or table found: requirements read from "
                                                  "every line stating a bound", self.out.requirements[0].snippet, 0.6)
        return self.out

    def _corrected_fields(self) -> None:
        """A correction notice's new deadline or amount wins over the original's, wherever the notice prints it."""
        for ch in self.doc.changes:
            for field, label, value in _change_fields(ch):
                if field not in ("deadline", "opening_time", "budget", "max_price"):
                    continue
                new = self._field_value(field, label, value)
                cur = getattr(self.out, field)
                if field in ("deadline", "opening_time") and new and cur and "T00:00:00" in new and "T00:00:00" not in cur:
                    # "The Closing Date is extended from … to Thursday, March 16, 2028. The Closing Time remains 2:00
                    # p.m.": a new day alone keeps the time read.
                    new = new[:10] + cur[10:]
                if new is not None:
                    setattr(self.out, field, new)
                    self.out.provenance[field] = Provenance(1, snippet(f"{ch.label}：{ch.new}"))
                    if field == "deadline" and re.search(r"开标|opening", label, re.IGNORECASE):
                        self.out.opening_time = new

    def _bound_lines_as_requirements(self) -> None:
        """No part of the notice was recognisable as requirements (no headings, no requirement table): every
        line stating a bound ("带宽不低于10Gbps", "at least 40 hours") is still one. Read as a fallback."""
        self.section, self.lot = "technical", None
        for page, text in self.doc.lines():
            if OPERATOR.search(text) and not F.kv_in_line(text):
                self._req_line(page, text)
                self._close_req()
        self.bound_fallback = bool(self.out.requirements)

    def _warnings(self) -> None:
        chars = sum(len(t) for _, t in self.doc.lines())
        if chars < 40:
            hint = ": a scanned image without a text layer? Run OCR first" if self.doc.fmt == "pdf" else ""
            self.out.warnings.append(f"{self.doc.source}: almost no text found ({chars} characters){hint}.")
            return
        for f in ("project_name", "tender_number", "deadline"):
            if getattr(self.out, f) is None:
                self.out.warnings.append(f"{f} not found")
        if not self.out.requirements:
            self.out.warnings.append("no qualification or technical requirements found")

    def _heading_node(self, node: Node) -> None:
        """A heading the tree found: it sets the section (done by the walk) and may carry fields."""
        self._close_req()
        if self.lead_in:  # a "Key requirements:" list ends at the next heading
            self.section, self.lead_in = node.section, False
        self.lot_tail = None
        self.desc_open = False
        self.heading_open = bool(_WRAPPED_HEADING.search(node.text.rstrip()))
        self._contact_role(node.text)
        self._fields_from_line(node.page, node.text)
        self._heading_value(node)
        if LOT_RE.match(node.text):
            self._lot_line(node.page, node.text)

    def _run_in_heading(self, text: str) -> bool:
        """"Mandatory service requirements (pass/fail). Each tenderer must confirm …": a paragraph opening with a
        heading of its own, run into the sentence; the items below it belong to that part (and are musts if it
        says so)."""
        m = _RUN_IN.match(text)
        sec = section_of_heading(m.group("h")) if m else None
        if sec not in ("technical", "qualification"):
            return False
        self._close_req()
        self.section, self.lot = sec, None
        self.run_in_must = heading_says_must(m.group("h")) or declares_all_must(text)
        self.must_scope = self.must_scope or self.run_in_must
        self.legend_open = not text.rstrip().endswith(TERMINAL)  # the sentence's wrapped rest is not an item
        return True

    def _line(self, page: int, text: str) -> None:
        """A line the tree has no heading for: a field, a lot, a requirement or a scoring item by its section."""
        if self.desc_open and self._description_continues(text):
            return
        if self.loose_open and self._loose_continues(text):
            return
        if self.heading_open:
            self.heading_open = False
            if re.match(r"^[a-z]", text) and not F.kv_in_line(text):
                return  # "…including requirements relating to" / "enrolment on professional …": a wrapped heading
        if self._description_opens(page, text):
            return
        if self._leader_row(page, text):
            return
        if self.lot_tail and self._lot_continues(page, text):
            return
        if self.section != "scoring" and not self.out.scoring and self._inline_scoring(page, text):
            return
        if self._run_in_heading(text):
            return
        sec = section_of_heading(text)
        # "二、标包2 10kV油浸式变压器" names a lot under the part it stands in; it does not end that part.
        lot_text = TOP_NUMBER.sub("", text, count=1).strip() if sec == "other" else text
        if sec == "other" and LOT_RE.match(lot_text) and self._lot_line(page, lot_text):
            return
        titled = _LOT_TITLE.match(text)  # eForms "Title: Lot 1: Notebooks" under "5. Lot"
        if titled and self._lot_line(page, text[titled.end():]):
            return
        if sec is not None:
            self._close_req()
            self.section = sec
            self.lot = None
            # Cut off mid-phrase ("…requirements relating to"): the PDF wrapped the heading.
            self.heading_open = bool(_WRAPPED_HEADING.search(text.rstrip()))
            self._contact_role(text)
            self._fields_from_line(page, text)
            return
        self._fields_from_line(page, text)
        if self._lot_line(page, text):
            self._close_req()
            return
        if self.section not in ("qualification", "technical") and _LEAD_IN.match(_unbracketed(text)):
            # "Key requirements:" / "主要技术参数：" in a part about something else: the lines below are requirements.
            self._close_req()
            self.section, self.lead_in = "technical", True
            return
        if self.section in ("qualification", "technical"):
            if F.kv_in_line(text) and not OPERATOR.search(text):
                self._close_req()
                return
            self._req_line(page, text)
        elif self.section == "scoring":
            self._scoring_line(page, text)
        elif ("★" in text or "▲" in text or markers(text)[0]) and not MARKER_LEGEND.search(text) and not self.in_legend:
            self._loose_marked_line(page, text)
        elif _TAGGED_NOT_MUST.search(text) and re.search(r"\d", text) and not self.in_legend:
            # "boot time not exceeding 30 seconds [scored]" beside the "[pass/fail]" items: a requirement, not a must
            self._loose_marked_line(page, text)
        elif TIME_TERM.match(strip_numbering(text)) and (OPERATOR.search(text) or _DURATION.search(text)):
            # "(iii) Delivery: all items shall be delivered within 45 days": a time limit the bid must meet.
            section, self.section = self.section, "technical"
            self._req_line(page, text)
            self._close_req()
            self.section = section
        elif (listed := _LISTED.match(text)) is not None and self._listed_requirements(page, text, listed):
            pass
        elif (limit := _TIME_LIMIT.search(text)) is not None:
            # "… Delivery of the Goods is required within sixty (60) calendar days from …" inside an invitation's
            # paragraph: the sentence stating the time limit is a requirement of its own.
            section, self.section = self.section, "technical"
            self._close_req()
            self._req_line(page, limit.group(0).strip())
            self._close_req()
            self.section = section

    def _listed_requirements(self, page: int, text: str, listed: re.Match) -> bool:
        parts = [p.strip(" .") for p in re.split(r"[;；]", listed.group("rest")) if p.strip(" .")]
        if len(parts) < 2 or sum(1 for p in parts if OPERATOR.search(p)) < 2:
            return False
        lead = text[: listed.start("rest")]
        section, self.section = self.section, "technical"
        self._close_req()
        for part in parts:
            # The lead says what they are: "desirable … scored" items are no musts, "mandatory"/"pass/fail" ones are.
            self._req_line(page, part + (" (pass/fail)" if declares_all_must(lead) else ""))
            self._close_req()
        self.section = section
        return True

    def _table(self, node: Node) -> None:
        self._close_req()
        self._fields_from_table(node)
        header = node.header
        kind = table_kind(header)
        if kind == "lots" and _states_bounds(node) and not any(HEADER_BUDGET.search(c) for c in header):
            # "标段 | 设备名称 | 技术指标 | 要求" with "≥2.56Tbps" in its rows: a lot column beside required values, not
            # the lots themselves.
            kind = "technical"
        if kind in ("technical", "qualification", None) and _key_value_table(node):
            return  # "Field | Value" / "字段 | 内容" over the notice's own fields: read by _fields_from_table only
        if kind is None and self.section in ("qualification", "technical", "scoring"):
            kind = self.section
            header_like = not any(re.search(r"\d", c) for c in header) and len(node.rows) > 1
            header_cells = header if header_like else None
        else:
            header_cells = header if kind else None
        if kind != "scoring":
            self._quantities_from_table(node, header)
        if kind == "scoring":
            self._scoring_from_table(node, header_cells)
        elif kind == "lots":
            self._lots_from_table(node, header)
        elif kind in ("qualification", "technical"):
            if kind == "technical" and self.section == "qualification":
                kind = "qualification"
            self._requirements_from_table(node, kind, header_cells)
        else:
            # Unknown table: marked rows still count as requirements.
            for r in node.rows:
                t = node.row_text(r)
                if ("★" in t or "▲" in t) and not MARKER_LEGEND.search(t):
                    self._loose_marked_line(r.page, t)


# "The following are desirable and will be scored under Quality: A of at least 5,000 entries; B; C." in a part about
# something else: a lead-in and its requirements run on one line, separated by semicolons.
_LISTED = re.compile(r"^(?:The\s+)?following\s+(?:[a-z-]+\s+){0,4}?(?:are|is|will be|shall be)\b(?P<lead>[^:：]{0,120})[:：]\s*"
                     r"(?P<rest>.+)$", re.IGNORECASE)


def _unbracketed(text: str) -> str:
    """The text without its bracketed asides, nested ones too: "主要技术要求（详见…；注明“（必要条件）”者…）：" -> "主要技术要求："."""
    prev = None
    while prev != text:
        prev, text = text, re.sub(r"[（(][^（()）]*[）)]", "", text)
    return text


def _states_bounds(node: Node) -> bool:
    """Most rows of the table state a bound in one of their cells ("≥720Mpps", "-25℃~+50℃", "not less than 10 kWp")."""
    rows = node.rows[1:]
    bounded = sum(1 for r in rows if any(parse_spec(c).operator not in (None, "=") for c in r.cells if c.strip()))
    return len(rows) >= 2 and bounded >= 0.5 * len(rows)


def _key_value_table(node: Node) -> bool:
    """A table whose first column names the notice's own fields (reference, buyer, budget, closing date …): the
    notice's key facts, not requirements."""
    rows = node.rows[1:] if len(node.rows) > 1 else node.rows
    firsts = [r.cells[0] for r in rows if r.cells and r.cells[0].strip()]
    labelled = sum(1 for c in firsts if F.label_of(c))
    return len(firsts) >= 3 and labelled >= max(3, 0.3 * len(firsts))


def extract(doc: Document) -> ParsedTender:
    doc.changes = apply_corrections(doc)  # a correction notice: the corrected text wins over the original's
    if is_traditional(" ".join(t for _, t in doc.lines()[:400])):
        # 繁體 notices: read with the simplified vocabulary, values given back as the notice writes them.
        view = SimplifiedView(doc)
        out = _Extractor(view.doc).run()
        view.restore(out)
        return out
    return _Extractor(doc).run()


def _change_fields(ch) -> list[tuple[str, str, str]]:
    """(field, label, new value) a change names: "投标截止时间：…", or a label in a sentence ("RESPONSE DUE DATE. The
    Response Due Date in Section 1.4 [is changed from … to …]")."""
    if not ch.label:
        return []
    found = F.kv_in_line(f"{ch.label}：{ch.new}")
    if found:
        return found
    for part in reversed(re.split(r"(?<=[.。;；])\s+", ch.label)):
        part = re.sub(r"^(?:The|the)\s+|\s+(?:in|of|under)\s+(?:Section|Clause|Part|Paragraph|Item|Article)\s+[\w.]+$", "",
                      part.strip(" .。:："))
        field = F.label_of(part) if len(part) <= 60 else None
        if field:
            return [(field, part, ch.new)]
    return []
