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
    merge_bare_bounds,
    parse_spec,
    spelled_numbers,
    split_clauses,
    split_items,
    strip_markers,
    strip_numbering,
)
from ..sections import declares_all_must, heading_topic
from ..text import CJK_RE, join_wrapped, snippet
from ..tree import Node
from .shapes import (
    EU_NUMBER,
    HEADER_LOT,
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
                               r"实质性条款|否决项|否决条款|是否否决项|废标项|Knock-?out|(?:Pass\s*/\s*Fail|Go\s*[/-]\s*No[- ]?Go)|Type|"
                               # a column named by the mark itself, ticked on the rows it applies to
                               r"[★※]\s*(?:号|标识|项|条款)?|(?:Mandatory|Required)\s*\(?[✓√]\)?)$", re.IGNORECASE)
_HEADER_DEVIATION = re.compile(r"^(?:是否)?(?:允许|可以|可)(?:负)?偏离(?:情况)?[?？]?$|^(?:是否)?接受(?:负)?偏离[?？]?$|"
                               r"^Deviations?(?:allowed|permitted|accepted)[?？]?$|^(?:Is)?deviation(?:allowed|permitted)[?？]?$",
                               re.IGNORECASE)
_NO_DEVIATION = re.compile(r"^(?:不允许|不可|不可以|不接受|否|不|No|N|Not (?:allowed|permitted|accepted)|None)(?:偏离|负偏离)?$",
                           re.IGNORECASE)
# The same for the mark of an important item (▲): a tick there marks the row important, not a must.
_HEADER_IMPORTANT = re.compile(r"^(?:▲\s*(?:号|标识|项|条款)?|重要(?:参数|指标|条款)|Important|Key)$", re.IGNORECASE)
# A tick in such a column: "√", "✓", "✔", "☑", "●".
_TICK = re.compile(r"^[√✓✔☑●✅]$")
# A column of units beside the values ("参数名称 | 单位 | 标准参数值"): the value's unit is written there.
_HEADER_UNIT = re.compile(r"^(?:单位|计量单位|Unit|Units|UoM|Unit of measure)$", re.IGNORECASE)
_MANDATORY_FLAG = re.compile(r"^(?:M|E|Mandatory|Essential|Yes|Y|是|★|√|✓|✔|☑|●|✅|(?:Pass\s*/\s*Fail|Go\s*[/-]\s*No[- ]?Go)|必须|必須|必要|必备|必需|实质性|Minimum|Required|"
                             r"Must(?:[- ]have)?|Critical|Compulsory)$", re.IGNORECASE)
# What such a column holds when its header says nothing ("Typ e" split by the PDF, "Evaluation"): short flags only.
_FLAG_CELL = re.compile(r"^(?:M|D|O|E|Essential|Mandatory|Desirable|Optional|Yes|No|Y|N|是|否|★|▲|(?:Pass\s*/\s*Fail|Go\s*[/-]\s*No[- ]?Go)|Scored|Rated|"
                        r"(?:Additional |Bonus |Extra )?Points?|Weighted|必须|必須|加点|加分|必要|必备|必需|非必要|选配|可选|"
                        r"实质性|一般|评分|Minimum|Required|Must(?:[- ]have)?|Critical|Preferred|Desired|Should(?:[- ]have)?|"
                        r"Could(?:[- ]have)?|Won'?t(?:[- ]have)?|Nice[- ]to[- ]have|"
                        r"Non-?\s?(?:Critical|Mandatory|Essential|Compulsory)|Compulsory|"
                        # a row stated for information only, neither scored nor a must
                        r"(?:For )?Info(?:rmation(?:al)?)?(?: only)?|Informative|仅供参考|参考)$", re.IGNORECASE)
# A column header or heading saying its requirements are musts ("Mandatory Minimum Requirement", "实质性要求").
_MUST_HEADER = re.compile(r"\bMandatory\b|(?:Pass\s*/\s*Fail|Go\s*[/-]\s*No[- ]?Go)|实质性(?:要求|条款)|必须满足", re.IGNORECASE)
# Marked as optional or scored: never a must, whatever its section says.
_NOT_MUST = re.compile(r"[(\[（〔【]\s*(?:D|Desirable|Optional|Scored|Rated)\s*[)\]）]|\bnot (?:pass\s*/\s*fail|mandatory|a must)\b|^\s*(?:[-–•·*▪●○◦]\s+)?(?:Desirable|Optional)\b|"
                       r"\b(?:is|are|would be) (?:preferred|desirable|optional)\b|"
                       r"^(?:D|Desirable|Optional|Scored|Rated|No|N|否|Preferred|Desired|Should(?:[- ]have)?|Could(?:[- ]have)?|"
                       r"Nice[- ]to[- ]have|Won'?t(?:[- ]have)?|加分|非必要|选配|可选|"
                       r"Non-?\s?(?:Critical|Mandatory|Essential|Compulsory)|(?:For )?Info(?:rmation(?:al)?)?(?: only)?|Informative|"
                       r"仅供参考|参考)$", re.IGNORECASE)
_COMMERCIAL = re.compile(r"^(?:合同履行期限|履约期限|合同期限|交货期|交货时间|交货地点|交付时间|付款方式|支付方式|履约保证金|投标保证金|"
                         r"质保金|本项目[(（]?(?:不)?接受[)）]?联合体|Contract (?:term|period)|Payment terms|Bid bond|"
                         r"Performance bond|Delivery (?:date|location))", re.IGNORECASE)
TIME_TERM = re.compile(r"^(?:计划|合同|总|要求)?(?:交货期|交货时间|交付时间|供货期|工期|施工期|服务期限|Delivery(?: (?:date|period|time))?|"
                       r"(?:Completion|Implementation|Contract) period)\s*[:：]", re.IGNORECASE)
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


# The words of a seal or stamp printed at the foot of a notice.
_SEAL = re.compile(r"^[★▲※*\s]*(?:[\u4e00-\u9fff]{0,12}(?:专用章|公章|印章|盖章|签章)|(?:Official )?(?:seal|stamp))\s*$", re.IGNORECASE)


class RequirementFields:
    """Mixin over ExtractState."""

    def _close_req(self) -> None:
        self.loose_open = False
        r = self.open_req
        if r is None:
            return
        self.open_req = None
        r.text = r.text.strip()
        if len(strip_numbering(strip_markers(r.text))) < 2 or _SEAL.search(r.text):
            return  # a mark alone, or the star of a seal ("★ 招标专用章")
        mandatory, important = markers(r.text)
        mandatory = mandatory or (self._must_here(r.text) and not _NOT_MUST.search(r.text))
        clauses = split_clauses(r.text) if r.kind == "technical" and not r.parameter else [r.text]
        if r.kind == "qualification" and not r.parameter:
            # "近三年平均营业收入不低于5亿元，资产负债率不高于75%": two thresholds, each stating its own bound.
            parts = split_clauses(r.text)
            if len(parts) > 1 and all(OPERATOR.search(p) for p in parts):
                clauses = parts
        for k, clause in enumerate(clauses):
            # One item stating two bounds is two requirements; markers of the item apply to both.
            q = r if k == 0 else Requirement(kind=r.kind, text=clause, page=r.page, snippet=r.snippet, lot=r.lot,
                                             continues=True)
            spec = parse_spec(clause, r.parameter if k == 0 else None)
            q.parameter, q.operator, q.value, q.unit = spec.parameter, spec.operator, spec.value, spec.unit
            # The item is one mandatory requirement (as the notice counts them); its further bounds bind as well.
            q.mandatory, q.part_of_mandatory, q.important = mandatory and k == 0, mandatory and k > 0, important
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
        starts = bool(ITEM_START.match(text)) or "★" in text[:3] or "▲" in text[:3] or self.doc.fmt in ("html", "docx", "rtf")
        legend_open, self.legend_open = self.legend_open, False
        if legend_open and not starts and self.doc.fmt in ("pdf", "text"):
            self.legend_open = not text.rstrip().endswith(TERMINAL)
            return  # the wrapped rest of a legend ("…▲条款共6项(标段1三" / "项,标段2两项,标段3一项)。")
        if MARKER_LEGEND.search(text) or _ID_LEGEND.search(text) or _ABOUT_ITEMS.match(text) or declares_all_must(text) \
                or _NOTE.match(text) or self.in_legend:
            # "注：标★号的条款为实质性要求…" / "The requirements in the table below are mandatory." explain the items
            self._close_req()
            self.legend_open = not text.rstrip().endswith(TERMINAL)
            return
        if _COMMERCIAL.match(strip_numbering(strip_markers(text))) and not markers(text)[0] and not (
                TIME_TERM.match(strip_numbering(text)) and OPERATOR.search(text)):
            # A commercial term, unless marked as a must ("★1.交货期：…45日历天内…") or a time limit the bid must
            # meet ("交货期：接到供货单后30日内交货").
            self._close_req()
            return
        if self.section == "technical" and not starts and not self.open_req and not OPERATOR.search(text) \
                and not re.search(r"\d\s*(?:[A-Za-z%℃]|[\u4e00-\u9fff]{1,2})|[:：]\s*[一二两三四五六七八九十百]+[套台个件组把辆座只]", text):
            return  # descriptive prose under 采购需求 / Scope of Work
        # A wrapped line continues the open item, unless both carry their own quantity (one row each).
        # A line ending mid-phrase ("… the Level 3 Diploma in") goes on below whatever the next line states.
        own_quantity = bool(OPERATOR.search(text)) and self.open_req is not None \
            and bool(OPERATOR.search(self.open_req.text)) \
            and not re.search(r"\b(?:in|of|the|and|or|to|for|with|a|an|by|from|on|at)$|[,，、]$", self.open_req.text.rstrip())
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
        """A ★/▲ item outside any requirement section still counts. In PDF and plain text it may wrap onto the
        next lines (`_loose_continues`)."""
        self._close_req()
        self.open_req = Requirement(kind=classify(text, None), text=text, page=page, snippet=snippet(text))
        if self.doc.fmt in ("html", "docx", "rtf") or text.rstrip().endswith(TERMINAL):
            self._close_req()
        else:
            self.loose_open = True

    def _loose_continues(self, text: str) -> bool:
        """The wrapped rest of a marked item outside requirement sections ("…at the consignee sites" / "within 45
        days from the date of contract.")."""
        self.loose_open = False
        r = self.open_req
        if r is None or ITEM_START.match(text) or F.kv_in_line(text) or section_of_heading(text) is not None:
            self._close_req()
            return False
        r.text = join_wrapped([r.text, text])
        r.snippet = snippet(r.text)
        if text.rstrip().endswith(TERMINAL):
            self._close_req()
        else:
            self.loose_open = True
        return True

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
        rows = node.rows[1:] if header else node.rows
        if p_col is not None and _numbers_only(rows, p_col):
            p_col = None  # "Item | Requirement" with 1, 2, 3 under Item: the rows' numbers, not parameter names
        if header:
            p_col, r_col = _columns_by_content(header, rows, p_col, r_col)
        # A column saying whether each line is a must ("M/D", "Mandatory", "是否实质性"): "M" / "Yes" / "是" flags it.
        # A bilingual header ("Wajib / Mandatory", "是否实质性 / Mandatory?") names the column in either language.
        m_col = next((i for i, h in enumerate(header or []) if any(
            _HEADER_MANDATORY.search(p) or _HEADER_MANDATORY.search(re.sub(r"\s+", "", p))
            for p in [h, *[x.strip() for x in h.split(" / ")]] if p)), None)
        # "是否允许偏离 | 不允许", "Deviation permitted? | No": a column saying whether a row may deviate; not allowed = a must.
        dev_col = next((i for i, h in enumerate(header or []) if _HEADER_DEVIATION.match(re.sub(r"\s+", "", h))), None)
        if m_col is None and dev_col is not None:
            m_col = dev_col
        if m_col is None:
            m_col = _flag_column(rows)
        if m_col is None:
            # "偏离要求 | 不允许偏离 / 允许偏离": a column of a few repeated words, one of which the legend defines as the
            # must ("标注“不允许偏离”的条款为否决项"), or which say whether a row may deviate.
            m_col = _word_flag_column(rows, self.must_flags)
            if m_col is not None and dev_col is None and all(
                    _DEVIATION_CELL.match(r.cells[m_col].strip()) for r in rows if m_col < len(r.cells) and r.cells[m_col].strip()):
                dev_col = m_col
        i_col = next((i for i, h in enumerate(header or []) if _HEADER_IMPORTANT.match(h.strip()) and i != m_col), None)
        # "Mandatory Minimum Requirement" over the requirement column: every row is a must unless flagged otherwise.
        all_must = any(_MUST_HEADER.search(h) for i, h in enumerate(header or []) if i != m_col)
        u_col = next((i for i, h in enumerate(header or []) if _HEADER_UNIT.match(h.strip())), None)
        l_col = next((i for i, h in enumerate(header or []) if HEADER_LOT.search(h) and i not in (p_col, r_col)), None)
        part_kind = kind
        for r in rows:
            if header and r.cells == header:
                continue
            group = _group_row(r.cells)
            if group is not None:
                # "2 | Prerequisites | |", "3 | Mandatory Requirements (Pass/Fail) | |": a part of the table, no item;
                # the rows under it are of the kind it names.
                topic = heading_topic(group)
                part_kind = topic if topic in ("technical", "qualification") else kind
                continue
            flag = _flag(r.cells[m_col]) if m_col is not None and m_col < len(r.cells) else ""
            if m_col is not None and m_col == dev_col:
                flag = "M" if _NO_DEVIATION.match(flag) else "D" if flag else ""
            unit = r.cells[u_col].strip() if u_col is not None and u_col < len(r.cells) else ""
            lot_cell = r.cells[l_col].strip() if l_col is not None and l_col < len(r.cells) else ""
            row_lot = LOT_RE.match(lot_cell) or LOT_RE.match(f"Lot {lot_cell}") if re.fullmatch(r"\d{1,2}", lot_cell) \
                else LOT_RE.match(lot_cell) if lot_cell else None
            ticked_important = i_col is not None and i_col < len(r.cells) and bool(_TICK.match(r.cells[i_col].strip()))
            cells = [c for i, c in enumerate(r.cells) if i not in (m_col, u_col, l_col, i_col)]
            if unit and unit not in ("-", "—", "/") and r_col is not None and r_col < len(r.cells):
                # "≥630" under "标准参数值" with "A" under "单位": one value with its unit.
                c = r_col - sum(1 for x in (m_col, u_col, l_col, i_col) if x is not None and x < r_col)
                if 0 <= c < len(cells) and re.search(r"\d\s*$", cells[c]):
                    cells[c] = f"{cells[c]}{'' if CJK_RE.search(unit) else ' '}{unit}"
            content = [c for c in cells if c and not re.fullmatch(r"[★▲*]?\s*\d{1,3}(?:\.\d+)*[.、]?\s*[★▲*]?", c)]
            if not content or MARKER_LEGEND.search(node.row_text(r)) or re.match(r"^(?:注|备注|说明|Note)\s*[:：]", content[0]):
                continue
            skip = [x for x in (m_col, u_col, l_col, i_col) if x is not None]
            pc = p_col - sum(1 for x in skip if x < p_col) if p_col is not None and p_col not in skip else None
            rc = r_col - sum(1 for x in skip if x < r_col) if r_col is not None and r_col not in skip else None
            param = cells[pc] if pc is not None and pc < len(cells) else None
            req = cells[rc] if rc is not None and rc < len(cells) else None
            text = join_wrapped([c for c in content if c not in ("★", "▲")])
            if param and req and strip_numbering(strip_markers(param)):  # "1.1" is the row's number, not a name
                text = f"{strip_markers(param)}: {req}" if CJK_RE.search(param) is None else f"{strip_markers(param)}：{req}"
            row_text = node.row_text(r)
            is_mandatory, is_important = markers(row_text)
            is_important = is_important or ticked_important
            raw_flag = r.cells[m_col].strip().casefold() if m_col is not None and m_col < len(r.cells) else ""
            is_mandatory = is_mandatory or bool(_MANDATORY_FLAG.match(flag)) or flag in self.must_letters or (
                bool(raw_flag) and raw_flag in self.must_flags) or (
                (all_must or self._must_here(row_text)) and not _NOT_MUST.search(flag) and not _NOT_MUST.search(row_text))
            param_clean = strip_numbering(strip_markers(param)) if param else None
            items = merge_bare_bounds(split_items(req or text))
            # Each item of the cell ("CPU:≥2颗,单颗物理核数≥32核; ★内存:≥256GB") may state several bounds
            # ("分辨率不低于1080P,码率≥8Mbps"): one requirement per bound, the item's first one counted as the item.
            parts = [(k == 0, clause) for item in items for k, clause in enumerate(split_clauses(item))]
            if len(parts) > 1:
                # A marker outside the cell (序号 "★1") applies to all of them, one inside only to its own item.
                # (The flag column counts: "★" under "重要性" marks the whole row.)
                outside = " ".join(c for c in r.cells if c != (req or text))
                row_m, row_i = markers(outside)
                item_m = item_i = False
                # A must flagged for the row (an E/M column, a mark outside the cell) makes the row one item as the
                # notice counts it; a mark inside the cell makes its own item one.
                row_must = row_m or (is_mandatory and not markers(row_text)[0])
                for n, (first, part) in enumerate(parts):
                    pm, pi = markers(part)
                    if first:
                        item_m, item_i = pm, pi
                    spec = parse_spec(part)
                    must = row_must or pm or item_m
                    bound = (not first and not pm) or (n > 0 and row_must and not pm and not item_m)
                    self.out.requirements.append(Requirement(
                        kind=part_kind, text=strip_numbering(strip_markers(part)), parameter=spec.parameter or param_clean,
                        operator=spec.operator, value=spec.value, unit=spec.unit,
                        mandatory=must and not bound, part_of_mandatory=must and bound,
                        important=row_i or pi or item_i or ticked_important, page=r.page, snippet=snippet(row_text),
                        lot=self._lot_number(row_lot) if row_lot else self.lot, continues=bound))
                continue
            spec = parse_spec(req or text, param_clean or None)
            lot = self._lot_number(row_lot) if row_lot else self.lot
            self.out.requirements.append(Requirement(
                kind=part_kind, text=strip_numbering(strip_markers(text)), parameter=spec.parameter, operator=spec.operator,
                value=spec.value, unit=spec.unit, mandatory=is_mandatory, important=is_important, page=r.page,
                snippet=snippet(row_text), lot=lot))

    def _must_here(self, text: str) -> bool:
        """Under a heading that says its items are musts ("3. Mandatory Minimum Requirements"), or an item whose id
        the notice defined as pass/fail ("Minimum requirements (MR) are pass/fail criteria" -> "MR-2.1 …")."""
        if self.must_scope and self.section in ("technical", "qualification"):
            return True
        ids = self.must_ids
        return bool(ids and re.match(rf"^\s*(?:{ids})[-\s.]?\d", text))

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


def _numbers_only(rows, c: int) -> bool:
    vals = [r.cells[c].strip() for r in rows if c < len(r.cells) and r.cells[c].strip()]
    return bool(vals) and all(re.fullmatch(r"[A-Za-z]{0,3}[-\s]?\d{1,3}(?:\.\d{1,3})*[.)]?", v) for v in vals)


def _columns_by_content(header: list[str], rows, p_col: int | None, r_col: int | None) -> tuple[int | None, int | None]:
    """Several columns whose header could hold the requirement ("Specification | Values | Bid Requirement (Allowed
    Values)"): the one whose cells state bounds most often holds it; the nearest text column left of it names the
    parameter."""
    cands = [i for i, h in enumerate(header) if i != p_col and HEADER_REQ.search(h)]
    if len(cands) < 2:
        return p_col, r_col

    def cells(c: int) -> list[str]:
        return [r.cells[c] for r in rows if c < len(r.cells) and r.cells[c].strip()]

    def bounds(c: int) -> float:
        vals = cells(c)
        return sum(1 for v in vals if parse_spec(v).operator not in (None, "=")) / max(len(rows), 1)

    best = max(cands, key=lambda c: (round(bounds(c), 2), c))
    if bounds(best) < 0.2:
        return p_col, r_col
    if p_col is None or p_col > best:
        named = [c for c in range(best) if len(cells(c)) >= 0.6 * len(rows)
                 and sum(1 for v in cells(c) if re.search(r"[A-Za-z\u4e00-\u9fff]", v)) >= 0.8 * len(cells(c))]
        p_col = named[-1] if named else p_col
    return p_col, best


def _flag(cell: str) -> str:
    """"[M]" / "(D)" / "〔E〕" -> "M" / "D" / "E": a flag cell in brackets. "Mandatory (إلزامي)" / "必须 (Must)": the
    flag with its translation in brackets after it."""
    cell = re.sub(r"^(\S.{0,20}?)\s*[(（][^()（）]{1,24}[)）]$", r"\1", cell.strip())
    return re.sub(r"^[\[(（〔【]\s*(.{1,12}?)\s*[\])）〕】]$", r"\1", cell)


# "不允许偏离" / "允许偏离", "Deviation not permitted" / "Deviation permitted": whether a row may deviate.
_DEVIATION_CELL = re.compile(r"^(?:不|不可|可|不得)?(?:允许|可以|接受)?(?:负)?偏离$|^(?:No )?deviations? (?:not )?(?:allowed|permitted|accepted)$",
                             re.IGNORECASE)


def _group_row(cells: list[str]) -> str | None:
    """The heading of a row that names a part of the table ("3 | Mandatory Requirements (Pass/Fail) | |"): one short
    cell of words naming a part, beside at most a whole number; None for an item's row."""
    filled = [c.strip() for c in cells if c.strip()]
    words = [c for c in filled if not re.fullmatch(r"[A-Z]?\d{1,2}\.?|[A-H][.)]?|[IVX]{1,4}\.?", c)]
    if len(words) != 1 or len(filled) - len(words) > 1 or len(words[0]) > 60 or re.search(r"\d", words[0]):
        return None
    return words[0] if heading_topic(words[0]) is not None else None


def _word_flag_column(rows, must_flags: set[str]) -> int | None:
    """The column whose filled cells repeat two or three short words, one the notice's must word or a 'no deviation'."""
    width = max((len(r.cells) for r in rows), default=0)
    for c in range(width):
        vals = [r.cells[c].strip() for r in rows if c < len(r.cells) and r.cells[c].strip()]
        words = set(vals)
        if len(vals) < 3 or not 2 <= len(words) <= 3 or any(len(v) > 16 for v in words):
            continue
        if any(v.casefold() in must_flags for v in words) or (
                all(_DEVIATION_CELL.match(v) for v in words) and any(_NO_DEVIATION.match(v) for v in words)):
            return c
    return None


def _flag_column(rows) -> int | None:
    """The column whose every filled cell is a short M/D, Pass/Fail or 是/否 flag, with at least one must."""
    width = max((len(r.cells) for r in rows), default=0)
    for c in range(width):
        vals = [_flag(r.cells[c]) for r in rows if c < len(r.cells) and r.cells[c].strip()]
        if len(vals) >= 2 and all(_FLAG_CELL.match(v) for v in vals) and any(_MANDATORY_FLAG.match(v) for v in vals):
            return c
    return None


# A sentence about the requirements around it, not one of them.
# "Note: the laboratories currently run 96 units …": a remark under the items, not one of them.
_NOTE = re.compile(r"^(?:Notes?|N\.?B\.?|Remarks?|注|备注|说明|註|備註|說明)\s*[:：]", re.IGNORECASE)
_ABOUT_ITEMS = re.compile(r"^(?:Bids|Tenders|Proposals|Offers|Bidders|Tenderers|Respondents)\s+(?:must|shall)\s+(?:meet|satisfy|comply "
                          r"with)\s+(?:each|every|all)(?: of the)?\s+(?:mandatory|following)\b(?!.*\d\s*(?:%|[A-Za-z]))|"
                          r"^(?:The|All|These|Each of the)\s+(?:following\s+)?(?:mandatory\s+)?(?:requirements|items|criteria|"
                          r"specifications|conditions)\s+(?:in|below|listed|set out|under|of|are)\b(?!.*\d\s*(?:%|[A-Za-z]))|"
                          # "Proposals that do not meet every Mandatory Technical Requirement (M-1 to M-6) will be deemed
                          # non-compliant": what happens to a bid that fails the items, not an item.
                          r"^(?:Bids|Tenders|Proposals|Offers|Submissions|Responses|Quotations|Bidders|Tenderers|Proponents|"
                          r"Respondents|Suppliers)\s+(?:that|which|who|not|failing)\b[^.;]{0,80}?\b(?:requirements?|criteria|"
                          r"specifications?|conditions?|items?)\b",
                          re.IGNORECASE)
_ID_LEGEND = re.compile(r"(?:requirements?|criteria|conditions?)\s*\(\s*[\"“]?(?P<a>[A-Z]{1,4})[\"”]?\s*\)[^.;]{0,60}?"
                        r"(?:pass\s*/\s*fail|mandatory|must be met)", re.IGNORECASE)


# "Type A = minimum requirement (exclusion criterion) … Type B = evaluated criterion": the letter a flag column
# uses for a must.
# "Type EM = exigence minimale (minimum requirement, pass/fail)": a flag of up to three letters, its meaning a few
# words on ("not eliminatory" is the opposite).
_LETTER_LEGEND = re.compile(r"\b(?:Type|Category|Class|Kind|类型|类别)?\s*(?P<l>[A-Z]{1,3})\s*(?:=|:|：|means|–|—)\s*"
                            # the meaning stops at the next letter's definition ("column M/D: M = Mandatory")
                            r"(?:(?!\bnot\b|\bnon\b|\bno\b|\b[A-Z]{1,3}\s*(?:=|means\b))[^.;:]){0,40}?(?<!not )(?<!non-)(?<!non )"
                            r"(?:minimum requirements?|mandatory|exclusion|knock-?out|(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go)|must|eliminatory|essential|compulsory|"
                            r"实质性|否决)",
                            re.IGNORECASE)


def must_letters(lines: list[tuple[int, str]]) -> set[str]:
    """Flag letters the notice defines as musts ("Type A = minimum requirement" -> {"A"})."""
    return {m.group("l") for _, t in lines for m in _LETTER_LEGEND.finditer(t) if m.group("l").isupper()}


def must_ids(lines: list[tuple[int, str]]) -> str | None:
    """Item ids the notice defines as musts: "Minimum requirements (MR) are pass/fail criteria" -> "MR"."""
    found = {m.group("a") for _, t in lines for m in _ID_LEGEND.finditer(t) if m.group("a").isupper()}
    return "|".join(sorted(found)) or None
