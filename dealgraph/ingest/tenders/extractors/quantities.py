"""Quantities of what is bought, from a schedule's rows: "Lot 1 | SDD vaccine refrigerators | 180 units",
"1 | 高仿真综合急救模拟人 | 12 | 套". Each row is a requirement "name = quantity unit" (not a must): how many the
bid must supply."""

from __future__ import annotations

import re

from ..model import Requirement
from ..text import snippet
from ..tree import Node
from .shapes import OPERATOR, TOTAL_ROW

_HEADER_QTY = re.compile(r"^(?:采购|预计|计划|需求)?数量$|^Qty\.?$|^(?:Est(?:imated|\.)?\s*)?(?:Qty\.?|Quantity)(?:\s*required)?$|"
                         r"^No\.? of units$", re.IGNORECASE)
_HEADER_UNIT = re.compile(r"^(?:单位|计量单位|Unit|Units|UoM|Unit of (?:measure|issue))$", re.IGNORECASE)
_HEADER_ITEM = re.compile(r"名称|品名|货物|设备|产品|Description|Item|Goods|Supplies|Equipment|Product|^Name$", re.IGNORECASE)
# "180 units", "12", "约400台", "600 No.", "3 sets".
_QTY_CELL = re.compile(r"^(?:约|approx\.?\s*|about\s*)?(?P<n>\d{1,3}(?:[,，]\d{3})*|\d+)\s*(?P<u>[A-Za-z.]{1,10}|[\u4e00-\u9fff]{1,2})?$",
                       re.IGNORECASE)

_LUMP = re.compile(r"^(?:批|项|宗|次|LS|L\.S\.|lump ?sum|lot|lots|job|JB|service|services)$", re.IGNORECASE)


class QuantityFields:
    """Mixin over ExtractState."""

    def _quantities_from_table(self, node: Node, header: list[str]) -> None:
        clean = [re.sub(r"\s*[(（][^)）]*[)）]", "", h).strip() for h in header]
        q_col = next((i for i, h in enumerate(clean) if _HEADER_QTY.match(h)), None)
        if q_col is None:
            return
        rows = node.rows[1:]

        def named(i: int) -> bool:  # a column of names, not of row numbers ("Item | 1, 2, 3")
            vals = [r.cells[i].strip() for r in rows if i < len(r.cells) and r.cells[i].strip()]
            return bool(vals) and sum(1 for v in vals if re.search(r"[A-Za-z\u4e00-\u9fff]{3,}", v)) >= 0.6 * len(vals)

        n_cols = [i for i, h in enumerate(clean) if i != q_col and _HEADER_ITEM.search(h)
                  and not re.search(r"No\.?$|^序号$|编号|代码|Code", h, re.IGNORECASE) and named(i)]
        n_col = min(n_cols, key=lambda i: (not re.search(r"名称|品名|Description", clean[i], re.IGNORECASE), i), default=None)
        u_col = next((i for i, h in enumerate(clean) if _HEADER_UNIT.match(h)), None)
        if n_col is None:
            return
        for r in rows:
            if max(q_col, n_col) >= len(r.cells) or r.cells == header:
                continue
            name, qty = r.cells[n_col].strip(), r.cells[q_col].strip()
            m = _QTY_CELL.match(qty)
            if not name or not m or TOTAL_ROW.match(name) or any(TOTAL_ROW.match(c.strip()) for c in r.cells[:2]):
                continue
            if any(OPERATOR.search(c) for i, c in enumerate(r.cells) if i != q_col):
                continue  # a specification row ("录播主机 | 10 | 视频输入≥6路…"): its bounds are read as requirements
            unit = m.group("u") or (r.cells[u_col].strip() if u_col is not None and u_col < len(r.cells) else None)
            value = int(re.sub(r"[,，]", "", m.group("n")))
            if not value or (unit and _LUMP.match(unit)):
                continue  # "1批", "1 LS", "1 job": the whole of a part, not a count of goods
            self.out.requirements.append(Requirement(
                kind="technical", text=f"{name}: {qty}{'' if m.group('u') or not unit else ' ' + unit}", parameter=name[:60],
                operator="=", value=value, unit=unit or None, mandatory=False, important=False, page=r.page,
                snippet=snippet(node.row_text(r)), lot=self.lot))
