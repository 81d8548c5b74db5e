"""Requirements: qualification conditions and technical specifications, from lists, prose and tables.

An item opens at its numbering or marker and runs until the next one (PDF and text wrap lines; HTML
and Word paragraphs are whole); one holding several specifications or two bounds is split. Markers of
what is mandatory (★, ※, (M), [Mandatory], 实质性条款, an M/D column) and important (▲) are kept;
parameter, operator, value and unit come from requirements.parse_spec.
"""

from __future__ import annotations

import re

from .. import fields as F
from ..model import Requirement
from ..requirements import (
    classify,
    markers,
    parse_spec,
    spelled_numbers,
    split_clauses,
    split_items,
    strip_markers,
    strip_numbering,
)
from ..text import CJK_RE, join_wrapped, snippet
from ..tree import Node
from .shapes import (
    EU_NUMBER,
    HEADER_REQ,
    ITEM_START,
    LOT_RE,
    MARKER_LEGEND,
    OPERATOR,
    TERMINAL,
    section_of_heading,
)

_HEADER_PARAM = re.compile(r"参数名称|指标名称|参数项|技术指标|指标项|^参数$|^指标$|^项目$|^名称$|功能|配置项|^Parameter|^Item$|"
                           r"^Specification Item|^Feature|^Attribute|^Component", re.IGNORECASE)
_HEADER_MANDATORY = re.compile(r"^(?:M\s*/\s*D|D\s*/\s*M|Mandatory(?:\s*/\s*Desirable)?|Mandatory\?|是否实质性(?:条款|要求)?|"
                               r"实质性条款|Type)$", re.IGNORECASE)
_MANDATORY_FLAG = re.compile(r"^(?:M|Mandatory|Yes|Y|是|★|Pass\s*/\s*Fail)$", re.IGNORECASE)
_COMMERCIAL = re.compile(r"^(?:合同履行期限|履约期限|合同期限|交货期|交货时间|交货地点|交付时间|付款方式|支付方式|履约保证金|投标保证金|"
                         r"质保金|本项目[(（]?(?:不)?接受[)）]?联合体|Contract (?:term|period)|Payment terms|Bid bond|"
                         r"Performance bond|Delivery (?:date|location))", re.IGNORECASE)
_DESCRIPTION = re.compile(r"^(?:[IVX]+(?:\.\d{1,2})+\)\s*)?(?:Description of the (?:procurement|supplies|services|works)|"
                          r"Technical (?:requirements?|specifications?)|Specifications?)\s*[:：]\s*(?P<v>.{8,})$",
                          re.IGNORECASE)
# EU notice form labels in front of the requirement itself.
_EU_BOILERPLATE = re.compile(r"^(?:List and brief description of (?:selection criteria|conditions|rules and criteria)|"
                             r"Minimum level\(?s\)? of standards (?:possibly )?required|"
                             r"Information and formalities necessary for evaluating if the requirements are met)\s*[:：]\s*",
                             re.IGNORECASE)
_SEE_DOCUMENTS = re.compile(r"^(?:[\w ]{0,40})?(?:as stated in|see|refer to) the (?:procurement|tender|contract) "
                            r"documents?\.?$|^详见(?:招标|采购|磋商)文件[。.]?$", re.IGNORECASE)
# "本项目的特定资格要求：" / "Specific requirements:" in front of the requirements it introduces.
_LEAD_LABEL = re.compile(r"^[^:：。；;]{2,24}(?:要求|条件|requirements?|conditions?)\s*[:：]\s*", re.IGNORECASE)
_NOTHING = re.compile(r"^(?:无|没有|不涉及|不适用|/|-|—|None|N/?A|Not applicable)[。.;；]?$", re.IGNORECASE)


class RequirementFields:
    """Mixin over ExtractState."""

    def _close_req(self) -> None:
        r = self.open_req
        if r is None:
            return
        self.open_req = None
        r.text = r.text.strip()
        if len(strip_numbering(strip_markers(r.text))) < 2:
            return
        mandatory, important = markers(r.text)
        clauses = split_clauses(r.text) if r.kind == "technical" and not r.parameter else [r.text]
        for k, clause in enumerate(clauses):
            # One item stating two bounds is two requirements; markers of the item apply to both.
            q = r if k == 0 else Requirement(kind=r.kind, text=clause, page=r.page, snippet=r.snippet, lot=r.lot)
            spec = parse_spec(clause, r.parameter if k == 0 else None)
            q.parameter, q.operator, q.value, q.unit = spec.parameter, spec.operator, spec.value, spec.unit
            q.mandatory, q.important = mandatory, important
            q.text = strip_numbering(strip_markers(clause)).rstrip("；;，, ")
            if not q.snippet:
                q.snippet = snippet(q.text)
            self.out.requirements.append(q)

    def _req_line(self, page: int, text: str) -> None:
        text = spelled_numbers(_EU_BOILERPLATE.sub("", text)).strip()
        if not text or _SEE_DOCUMENTS.match(text):
            return  # "Selection criteria as stated in the procurement documents" says nothing itself
        lead = _LEAD_LABEL.match(strip_numbering(text))
        if lead:  # "3.本项目的特定资格要求：A；B" -> A, B; "…资格要求：无" -> nothing
            rest = strip_numbering(text)[lead.end():].strip()
            if _NOTHING.match(rest):
                self._close_req()
                return
            parts = [p.strip() for p in re.split(r"[；;]", rest) if p.strip()]
            if len(parts) > 1 and all(len(p) >= 6 for p in parts):
                self._close_req()
                for part in parts:
                    self.open_req = Requirement(kind=classify(part, self.section), text=part, page=page,
                                                snippet=snippet(text), lot=self.lot)
                    self._close_req()
                return
        # HTML and Word paragraphs are whole: only PDF and plain text wrap one item over several lines.
        starts = bool(ITEM_START.match(text)) or "★" in text[:3] or "▲" in text[:3] or self.doc.fmt in ("html", "docx")
        if MARKER_LEGEND.search(text):  # "注：标★号的条款为实质性要求…" explains the markers
            self._close_req()
            return
        if _COMMERCIAL.match(strip_numbering(text)):
            self._close_req()
            return
        if self.section == "technical" and not starts and not self.open_req and not OPERATOR.search(text) \
                and not re.search(r"\d\s*(?:[A-Za-z%℃]|[\u4e00-\u9fff]{1,2})", text):
            return  # descriptive prose under 采购需求 / Scope of Work
        # A wrapped line continues the open item, unless both carry their own quantity (one row each).
        own_quantity = bool(OPERATOR.search(text)) and self.open_req is not None \
            and bool(OPERATOR.search(self.open_req.text))
        if self.open_req and not starts and not own_quantity and not self.open_req.text.rstrip().endswith(TERMINAL) \
                and not self.open_req.text.rstrip().endswith((":", "：")):
            self.open_req.text = join_wrapped([self.open_req.text, text])
            self.open_req.snippet = snippet(self.open_req.text)
            return
        self._close_req()
        body = strip_numbering(strip_markers(text))
        if body.endswith((":", "：")) and not re.search(r"\d", body):
            return  # an introduction such as "具体要求如下："
        parts = split_items(text)
        if len(parts) > 1:  # "1.具有独立法人资格；2.具有ISO9001认证；3.注册资本不低于500万元" on one line
            for part in parts:
                self.open_req = Requirement(kind=classify(part, self.section), text=part, page=page,
                                            snippet=snippet(text), lot=self.lot)
                self._close_req()
            return
        kind = classify(text, self.section)
        self.open_req = Requirement(kind=kind, text=text, page=page, snippet=snippet(text), lot=self.lot)

    def _loose_marked_line(self, page: int, text: str) -> None:
        """A ★/▲ item outside any requirement section still counts."""
        self._close_req()
        self.open_req = Requirement(kind=classify(text, None), text=text, page=page, snippet=snippet(text))
        self._close_req()

    def _requirements_from_table(self, node: Node, kind: str, header: list[str] | None) -> None:
        self._close_req()
        p_col = r_col = None
        if header:
            for i, h in enumerate(header):
                if p_col is None and _HEADER_PARAM.search(h):
                    p_col = i
            for i, h in enumerate(header):
                if i != p_col and HEADER_REQ.search(h):
                    r_col = i
                    break
        # A column saying whether each line is a must ("M/D", "Mandatory", "是否实质性"): "M" / "Yes" / "是" flags it.
        m_col = next((i for i, h in enumerate(header or []) if _HEADER_MANDATORY.search(h)), None)
        rows = node.rows[1:] if header else node.rows
        for r in rows:
            if header and r.cells == header:
                continue
            flag = r.cells[m_col].strip() if m_col is not None and m_col < len(r.cells) else ""
            cells = [c for i, c in enumerate(r.cells) if i != m_col]
            content = [c for c in cells if c and not re.fullmatch(r"[★▲*]?\s*\d{1,3}(?:\.\d+)*[.、]?\s*[★▲*]?", c)]
            if not content or MARKER_LEGEND.search(node.row_text(r)) or re.match(r"^(?:注|备注|说明|Note)\s*[:：]", content[0]):
                continue
            param = cells[p_col] if p_col is not None and p_col < len(cells) else None
            req = cells[r_col] if r_col is not None and r_col < len(cells) else None
            text = join_wrapped([c for c in content if c not in ("★", "▲")])
            if param and req:
                text = f"{strip_markers(param)}: {req}" if CJK_RE.search(param) is None else f"{strip_markers(param)}：{req}"
            row_text = node.row_text(r)
            is_mandatory, is_important = markers(row_text)
            is_mandatory = is_mandatory or bool(_MANDATORY_FLAG.match(flag))
            param_clean = strip_numbering(strip_markers(param)) if param else None
            parts = split_items(req or text)
            if len(parts) > 1:
                # One cell holds several specifications: one requirement each; a marker outside that cell
                # (序号 "★1") applies to all of them, a marker inside only to its own clause.
                outside = " ".join(c for c in cells if c != (req or text))
                row_m, row_i = markers(outside)
                for part in parts:
                    pm, pi = markers(part)
                    spec = parse_spec(part)
                    self.out.requirements.append(Requirement(
                        kind=kind, text=strip_numbering(strip_markers(part)), parameter=spec.parameter or param_clean,
                        operator=spec.operator, value=spec.value, unit=spec.unit, mandatory=row_m or pm,
                        important=row_i or pi, page=r.page, snippet=snippet(row_text), lot=self.lot))
                continue
            spec = parse_spec(req or text, param_clean or None)
            lot = self.lot
            self.out.requirements.append(Requirement(
                kind=kind, text=strip_numbering(strip_markers(text)), parameter=spec.parameter, operator=spec.operator,
                value=spec.value, unit=spec.unit, mandatory=is_mandatory, important=is_important, page=r.page,
                snippet=snippet(row_text), lot=lot))

    def _description_opens(self, page: int, text: str) -> bool:
        """"II.2.4) Description of the procurement: 40,000 smart meters, class 1 ..." states what is bought."""
        desc = _DESCRIPTION.match(text)
        if not (desc and OPERATOR.search(desc.group("v")) or desc and self.lot and re.search(r"\d", desc.group("v"))):
            return False
        self._fields_from_line(page, text)
        self._close_req()
        self.open_req = Requirement(kind="technical", text=desc.group("v"), page=page, snippet=snippet(text), lot=self.lot)
        self.desc_open = True
        return True

    def _description_continues(self, text: str) -> bool:
        """The next line of a wrapped "Description of the procurement: …" (PDF layout) joins it."""
        self.desc_open = False
        r = self.open_req
        if r is None or r.text.rstrip().endswith(TERMINAL) or EU_NUMBER.match(text) or F.kv_in_line(text) \
                or LOT_RE.match(text) or section_of_heading(text) is not None:
            self._close_req()
            return False
        r.text = join_wrapped([r.text, text])
        r.snippet = snippet(r.text)
        self._close_req()
        return True
