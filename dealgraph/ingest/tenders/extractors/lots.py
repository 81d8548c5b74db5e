"""Lots (包 / 标段 / Lot): from lot tables, "第1包：名称，预算金额：…" lines, EU "Lot No" blocks, per-lot amounts.

A lot line may carry quantities ("服务器不少于12台"): they become requirements of that lot.
"""

from __future__ import annotations

import re

from .. import fields as F
from ..model import Lot, Money, Requirement
from ..requirements import markers, parse_spec, strip_markers, strip_numbering
from ..text import CJK_RE, join_wrapped, snippet
from ..tree import Node
from .divisions import read_divisions
from .shapes import (
    CAP_NAMES_ESTIMATE,
    CN_DIGIT,
    HEADER_BUDGET,
    HEADER_LOT,
    HEADER_NAME,
    ITEM_START,
    LOT_RE,
    OPERATOR,
    TERMINAL,
    TOTAL_ROW,
    section_of_heading,
)

_CAP_HEADER = re.compile(r"最高|限价|控制价|拦标价|Maximum|Ceiling|\bCap\b|Not[- ]to[- ]exceed", re.IGNORECASE)
# A lot named in a sentence: 第1包 / 包一 / 包1 / 标段二 / Lot 2 / Lot B.
_LOT_AT = (r"第\s*[一二三四五六七八九十\d]+\s*(?:包|标段)|(?:采购包|合同包|分包|标段|包)\s*(?:[一二三四五六七八九十]+|\d+)|"
           r"(?-i:Lot|LOT|Package)\s*(?:\d+|(?-i:[A-H])\b)")


class LotFields:
    """Mixin over ExtractState."""

    def _lot_number(self, m: re.Match) -> str:
        n = m.group("a") or m.group("b")
        return CN_DIGIT.get(n, n)

    def _lots_from_table(self, node: Node, header: list[str]) -> None:
        n_col = next((i for i, h in enumerate(header) if HEADER_LOT.search(h)), 0)
        name_col = next((i for i, h in enumerate(header) if i != n_col and HEADER_NAME.search(h)), None)
        money_cols = [i for i, h in enumerate(header) if i not in (n_col, name_col) and HEADER_BUDGET.search(h)]
        # "标包预算 | 最高投标限价": the budget column, and the cap column beside it. A table whose only amounts are
        # caps ("最高投标限价（万元）") states each lot's cap, not its budget, unless the cap is named as the buyer's
        # estimate too ("招标控制价").
        b_col = next((i for i in money_cols if not _CAP_HEADER.search(header[i])), None)
        c_col = next((i for i in money_cols if i != b_col and _CAP_HEADER.search(header[i])), None)
        if b_col is None and c_col is not None and CAP_NAMES_ESTIMATE.search(header[c_col]):
            b_col = c_col
        seen: dict[str, Lot] = {}
        last = None
        for r in node.rows[1:]:
            if r.cells == header or n_col >= len(r.cells):
                continue
            if any(TOTAL_ROW.match(c.strip()) and len(c.strip()) <= 16 for c in r.cells if c.strip()):
                continue  # " | Total | | 1 240 000,00": the lots' total, not another item of the last lot
            raw = r.cells[n_col] or (last or "")  # a merged lot cell repeats the lot above
            # "Lot 1" / "Package A" / "第2包": the number after the lot word
            m = re.search(r"[A-Z\d一二三四五六七八九十]+", re.sub(r"^(?:Lot|Package|Pkg\.?|第)\s*(?:No\.?|#)?\s*", "", raw,
                                                                  flags=re.IGNORECASE))
            if not m or TOTAL_ROW.match(raw):
                continue
            last = raw
            number = CN_DIGIT.get(m.group(0), m.group(0))
            name = r.cells[name_col] if name_col is not None and name_col < len(r.cells) else None
            named = LOT_RE.match(name or "")
            if named:  # "HYNY-…-0219-01 | 标段一：SCADA系统硬件": the name cell says which lot
                number, name = self._lot_number(named), named.group("rest") or name
            elif len(raw) > 8 and re.search(r"[-_/.](\d{1,2})\s*$", raw):  # a lot code ending in its number
                number = str(int(re.search(r"(\d{1,2})\s*$", raw).group(1)))
            budget = self._money(header[b_col], r.cells[b_col]) if b_col is not None and b_col < len(r.cells) else None
            cap = self._money(header[c_col], r.cells[c_col]) if c_col is not None and c_col < len(r.cells) else None
            if cap and number not in seen:
                self.lot_caps[number] = cap
            if number in seen:  # one row per item of the lot: the lot's budget is their sum
                lot = seen[number]
                if budget and lot.budget and budget.currency == lot.budget.currency:
                    lot.budget = Money(lot.budget.amount + budget.amount, budget.currency)
                continue
            seen[number] = Lot(number, name, budget, r.page, snippet(node.row_text(r)))
        for lot in seen.values():
            self._add_lot(lot)

    def _add_lot(self, lot: Lot) -> None:
        for i, existing in enumerate(self.out.lots):
            if existing.number == lot.number:
                if (existing.budget is None and lot.budget) or (not existing.name and lot.name):
                    self.out.lots[i] = Lot(lot.number, existing.name or lot.name, existing.budget or lot.budget,
                                           existing.page, existing.snippet)
                return
        self.out.lots.append(lot)

    def _lot_line(self, page: int, text: str) -> bool:
        # "本项目分为2个包：第1包：路由器；第2包：交换机", "包一为笔记本电脑（预算120万元），包二为交换机", "Lot A: Light
        # vehicles. Lot B: Heavy vehicles." name several lots on one line.
        parts = re.split(rf"[；;]\s*(?={_LOT_AT})|(?:[，,]|(?<=[.。])\s)\s*(?={_LOT_AT})", text)
        # "计划工期：标段一180日历天；标段二120日历天": a field stated per lot, not the lots themselves.
        about_lots = not re.match(r"^[^:：]{1,16}[:：]", strip_numbering(text)) or re.match(
            r"^[^:：]{0,16}(?:包|标段|分包|划分|Lots?|Packages?)[^:：]{0,6}[:：]", strip_numbering(text), re.IGNORECASE)
        if len(parts) > 1 and about_lots and len({re.sub(r"\s", "", m.group(0)) for m in re.finditer(_LOT_AT, text)}) >= 2:
            first = re.search(_LOT_AT, parts[0])
            if first:
                parts[0] = parts[0][first.start():]
            found = [self._one_lot(page, p) for p in parts]
            return any(found)
        return self._one_lot(page, text)

    def _one_lot(self, page: int, text: str) -> bool:
        text = re.sub(rf"^({_LOT_AT})\s*(?:为|是|is|[–—-])\s*", r"\1：", text.strip())  # "包一为笔记本电脑" -> "包一：笔记本电脑"
        body = strip_numbering(text) if not LOT_RE.match(text) else text
        m = LOT_RE.match(body)
        if not m:
            return False
        rest = m.group("rest")
        if markers(text)[0] or re.search(r"须|必须|应当|不得|\b(?:shall|must)\b", rest or "", re.IGNORECASE):
            return False  # "★1. 标段二主要设备须为全新原厂产品": a requirement about a lot, not the lot itself
        number = self._lot_number(m)
        if not rest and self.recent_title and self.line_no - self.recent_title[0] <= 2:
            # EU notices: "Title: Smart meters" then "Lot No: 1"
            self.lot = number
            self._add_lot(Lot(number, self.recent_title[1][:60], None, page, snippet(text)))
            return True
        if not rest and self.section not in ("technical", "lots"):
            return False
        name_part = re.split(r"[,，;；]?\s*(?:预算金额|预算|最高限价|限价|金额|budget|estimated|maximum|ceiling)", rest,
                             maxsplit=1, flags=re.IGNORECASE)[0]
        name = re.sub(r"^(?:名称|Name)\s*[:：]\s*", "", name_part).strip(" :：,，;；()（）-—") or None
        if name and len(name) > 60:
            name = name[:60]
        budget = None
        bm = re.search(r"(?:预算金额|预算|最高限价|限价|金额|budget|estimated value|maximum|ceiling)[^\d¥$€£]{0,12}(.+)$",
                       rest, re.IGNORECASE)
        if bm:
            budget = self._money("", bm.group(1))
        cm = re.search(r"(?:最高(?:投标)?限价|控制价|拦标价|maximum (?:price|bid)|ceiling(?: price)?|price cap)[^\d¥$€£]{0,12}(.+)$",
                       rest, re.IGNORECASE)
        if cm and self._money("", cm.group(1)):
            self.lot_caps[number] = self._money("", cm.group(1))
        if name is None and budget is None:
            return False
        self.lot = number
        self._add_lot(Lot(number, name, budget, page, snippet(text)))
        added = self._lot_specs(page, text, rest) if self.section == "technical" else 0
        self.lot_tail = None if rest.rstrip().endswith(TERMINAL) else (number, rest, added)
        return True

    def _lot_continues(self, page: int, text: str) -> bool:
        """A lot line wrapped by the PDF layout ("…，质保期" / "不少于5年。") goes on on the next line."""
        tail, self.lot_tail = self.lot_tail, None
        if tail is None or ITEM_START.match(text) or LOT_RE.match(text) or section_of_heading(text) is not None \
                or F.kv_in_line(text) or len(tail[1]) < 20:
            return False
        number, rest, added = tail
        mid_sentence = rest.rstrip()[-1:] in ",，、" or text[:1].islower() \
            or (bool(CJK_RE.match(rest.rstrip()[-1:])) and bool(CJK_RE.match(text[:1])))
        if not mid_sentence:
            return False
        joined = join_wrapped([rest, text])
        if added:
            del self.out.requirements[-added:]
        lot = next((x for x in self.out.lots if x.number == number), None)
        if lot is not None and lot.name and rest.startswith(lot.name.rstrip("。.")):
            lot.name = joined.strip(" :：,，;；。")[:60]
        added = self._lot_specs(page, text, joined) if self.section == "technical" else 0
        self.lot_tail = None if joined.rstrip().endswith(TERMINAL) else (number, joined, added)
        return True

    def _lot_specs(self, page: int, text: str, rest: str) -> int:
        """"包2：服务器及存储，服务器不少于12台，存储容量≥200TB": the quantities are requirements of the lot."""
        before = len(self.out.requirements)
        for clause in re.split(r"[，,；;。]", rest):
            if OPERATOR.search(clause):
                spec = parse_spec(clause)
                mandatory, important = markers(clause)
                self.out.requirements.append(Requirement(
                    kind="technical", text=strip_markers(clause).strip(), parameter=spec.parameter,
                    operator=spec.operator, value=spec.value, unit=spec.unit, mandatory=mandatory,
                    important=important, page=page, snippet=snippet(text), lot=self.lot))
        return len(self.out.requirements) - before

    def _divisions(self) -> None:
        """No lots read from lot tables or lines: Items / Schedules / Parts the notice's structure divides it into
        (a heading per division over a part of its own, or a stated division over a table numbering them)."""
        if len(self.out.lots) > 1:
            return
        found = read_divisions(self.doc)
        if len(found) < 2:
            return
        for d in found:  # a lot already read (its budget) is kept under its number
            self._add_lot(Lot(d.number, d.name, None, d.page, snippet(d.snippet)))

    def _lot_budget(self, label: str, value: str) -> bool:
        lot = next((x for x in self.out.lots if x.number == self.lot), None)
        money = self._money(label, value)
        if lot is None or lot.budget is not None or money is None:
            return False
        lot.budget = money
        return True
