"""Scoring criteria: items and points from scoring tables, "价格分30分" lines and EU award criteria.

A stated total ("合计 100", "满分100分", "Total") is kept apart as what the items should add up to
(checks.py compares them); it is never an item itself.
"""

from __future__ import annotations

import re

from ..model import Requirement, ScoringItem
from ..requirements import parse_spec, split_clauses, strip_markers, strip_numbering
from ..text import CJK_RE, snippet
from ..tree import Node
from .shapes import HEADER_ITEM, HEADER_POINTS, TOTAL_ROW

_INLINE_POINTS = re.compile(r"^(?P<item>[^\d。；;]{2,24}?|[^\d。；;\u4e00-\u9fff]{2,60}?)\s*(?:为|占|:|：|=|-)?\s*(?P<p>\d{1,3}(?:\.\d+)?)\s*"
                            r"(?:分|%|％|points?|pts)$", re.IGNORECASE)


# Percentages and points that are not criteria: payment instalments ("签订后支付30%"), a pass mark
# ("must achieve a minimum of 455 points").
_PAYMENT = re.compile(r"支付|付款|预付|首付|payment|paid|pay\b|deposit|instal+ment", re.IGNORECASE)
# A sentence about the points, not a criterion's name ("The cost proposal is worth 300 points").
_SENTENCE = re.compile(r"\b(?:is|are|was|were|will|shall|may|might|receives?|carr(?:y|ies)|worth|be|accounts? for|allotted|awarded|out of|"
                       r"given|below|above|less than|more than|exceed\w*|excluded)\b", re.IGNORECASE)
_NOT_CRITERION = re.compile(_PAYMENT.pattern + r"|\b(?:must|shall|will|should|"
                            r"achieve|minimum|at least|threshold|pass(?:ing)? (?:mark|score)|qualifying (?:mark|score)|cut-?off)\b|"
                            # a deduction per deviation ("每负偏离一项扣3分", "1 point deducted per …") grades an item
                            r"扣(?:除|减)?$|扣分|\bdeduct\w*|\bminus\b|"
                            r"至少|不低于|不少于|低于|高于|不推荐|不得|及格|合格分|门槛分|最低分",
                            re.IGNORECASE)
# What follows a share of a price that is taken off or added, not a weight: "10%的扣除", "5% price preference".
_PRICE_ADJUSTMENT = re.compile(r"^\s*(?:的)?\s*(?:价格|價格)?\s*(?:扣除|扣减|优惠|折扣|加价|上浮|下浮|扣減|優惠)|"
                               r"^\s*(?:\)\s*)?(?:price\s+)?(?:discount|deduction|preference|reduction|margin of preference|"
                               r"uplift|mark-?up)\b", re.IGNORECASE)
# A pass mark: points followed by "or above / 以上" and who they let through ("70分以上者", "70 points or above").
_PASS_MARK = re.compile(r"\d\s*分\s*(?:或|及)?(?:以上|以下)\s*(?:者|的)|\d\s*(?:points?|marks?|%)\s+(?:or|and)\s+(?:above|more|higher)\b",
                        re.IGNORECASE)
# A remark under the criteria ("注：…", "Note: …").
_NOTE = re.compile(r"^(?:Notes?|N\.?B\.?|Remarks?|注|备注|说明|註|備註|說明)\s*[:：]", re.IGNORECASE)
# The notice says it is not scored: lowest price wins.
NO_SCORING = re.compile(r"不采用综合评分|最低评标价法|(?<!不承诺)(?<!不保证)(?<!不一定)最低价(?:成交|中标)|经评审的最低投标价|lowest evaluated (?:cost|price|bid)|"
                        r"lowest[- ]price(?:d)? (?:technically )?(?:acceptable|compliant)|no (?:rated|scored|merit)\b|"
                        r"no merit points", re.IGNORECASE)


# A weight in a sentence: "Technical Merit (70%)", "Price 30%", "技术分占70%", "价格评分佔30%".
_WEIGHT = re.compile(r"(?P<name>[A-Za-z][A-Za-z ]{1,40}?|[\u4e00-\u9fff]{2,10}?)\s*(?:[(（]\s*)?(?:占|佔|为|為|:|：|=|-|–)?\s*"
                     r"(?P<w>\d{1,3}(?:\.\d+)?)\s*(?:%|％|percent\b)\s*[)）]?")
# "Technical offers are evaluated out of 70 points and financial offers out of 30 points."
_OUT_OF = re.compile(r"\b(?P<name>[A-Za-z]{4,20})\s+(?:offers?|proposals?|bids?|tenders?|submissions?|envelopes?)\s+"
                     r"(?:(?:are|is|will be)\s+)?(?:(?:evaluated|scored|marked|assessed|rated)\s+)?out of\s+(?P<w>\d{1,3})\s+"
                     r"(?:points|marks)", re.IGNORECASE)
# "60% quality and 40% price": the weight before the criterion.
_WEIGHT_FIRST = re.compile(r"(?<![\d.])(?P<w>\d{1,3}(?:\.\d+)?)\s*(?:%|％|percent)\s+(?:for\s+|on\s+)?(?P<name>[A-Za-z][A-Za-z-]*(?:\s+"
                           r"(?!and\b|or\b)[a-z][A-Za-z-]*){0,2})", re.IGNORECASE)
# "Phase 1 - Functionality", "Stage 2", "第二阶段": a part of the evaluation numbered, not a criterion and its points.
_ORDINAL = re.compile(r"^(?:Phase|Stage|Step|Part|Section|Round|Envelope|Schedule|Annex|Appendix|Lot|Package)$|阶段$|阶段$",
                      re.IGNORECASE)
# A criterion's name with its points in brackets, then its rules: "技术方案（12分）：…", "Methodology (25 points): …".
_HEAD_POINTS = re.compile(r"^(?P<item>[^:：()（）\d]{2,40}?)\s*[（(]\s*(?:满分|最高|共|max(?:imum)?\.?\s*)?(?P<p>\d{1,3}(?:\.\d+)?)\s*"
                          r"(?:分|points?|pts|marks?|%)\s*[)）]\s*(?:[:：]\s*\S|$)", re.IGNORECASE)
# A phrase left open before its figure ("a performance security of 10% of the contract price"): a rate in a
# sentence, not a criterion's name.
_OPEN_PHRASE = re.compile(r"\b(?:of|at|by|to|for|from|with|than|is|are|be)$", re.IGNORECASE)
_FUNCTION_WORD = re.compile(r"^(?:yes|no|to|and|or|of|from|up to|between|about|approx\.?|max\.?|min\.?|n/?a|是|否|至|到|和|或)$",
                            re.IGNORECASE)
_PRICE = re.compile(r"price|cost|financial|价格|價格|报价|報價", re.IGNORECASE)
# Units of a score, not of what the criterion asks for.
_SCORE_UNIT = re.compile(r"分|points?|pts|marks?|%", re.IGNORECASE)
_ITEM_NUMBER = re.compile(r"[A-Z]?\d{1,2}(?:\.\d{1,2})*[.)]?|[A-Z][.)]?|[一二三四五六七八九十]+[、.]?")


def _subtotal(num: str, points: float, found: list[tuple[str, ScoringItem]]) -> bool:
    """Item "2" whose sub-items "2.1", "2.2" … add up to its points is their subtotal, not an item of its own."""
    key = num.rstrip(".)")
    if not key:
        return False
    subs = [s.points for n, s in found if n.rstrip(".)").startswith(key + ".")]
    return bool(subs) and abs(sum(subs) - points) < 0.01


_GROUP = "<group>"


def _drop_group_totals(found: list[tuple[str, ScoringItem]]) -> list[tuple[str, ScoringItem]]:
    """A group row whose criteria below it (up to the next group) add up to its points is their subtotal."""
    out = []
    for k, (num, s) in enumerate(found):
        if num == _GROUP:
            below = []
            for n2, s2 in found[k + 1:]:
                if n2 == _GROUP:
                    break
                below.append(s2.points)
            if below and abs(sum(below) - s.points) < 0.01:
                continue
            num = ""
        elif _parent_of_lettered(s, found[k + 1:]):
            continue
        out.append((num, s))
    return out


# Sub-items written "(a) …", "b) …", "(ii) …", "- …" under an unnumbered parent row.
_SUB_ITEM = re.compile(r"^\s*(?:\([a-z]\)|[a-z]\)|\((?:i{1,3}|iv|vi{0,3}|ix|x)\)|[-•·–])\s*\S")


def _parent_of_lettered(s: ScoringItem, after: list[tuple[str, ScoringItem]]) -> bool:
    """"Additional points 75" over "(a) … 20", "(b) … 15" … adding up to 75: a subtotal, not a criterion."""
    if _SUB_ITEM.match(s.item):
        return False
    subs = []
    for _, x in after:
        if not _SUB_ITEM.match(x.item):
            break
        subs.append(x.points)
    return len(subs) >= 2 and abs(sum(subs) - s.points) < 0.01


# The parts an award is split into, not criteria: technical / quality / price.
_PART = re.compile(r"^(?:the\s+)?(?:technical|quality|merit|non-?price|financial|commercial|price|cost)(?:\s+(?:score|part|"
                   r"component|envelope|proposal|offer|evaluation|merit))?$|^(?:技术|技術|质量|質量|商务|商務|价格|價格|报价|報價)"
                   r"(?:评分|評分|评|評|分|部分|得分|标|標)?(?:占|佔|为|為|权重|權重)?$", re.IGNORECASE)


def weight_split(items: list[ScoringItem]) -> bool:
    """Items that only split the award into its parts ("technical 30%, price 70%") and add up to 100."""
    return len(items) >= 2 and abs(sum(s.points for s in items) - 100) < 0.01 and any(_PRICE.search(s.item) for s in items) \
        and all(_PART.match(s.item.strip(" :：")) for s in items)


# A row of a list with dot leaders: "Factor 2 - Delivery Schedule ........ 15 points", "技术方案……………20分".
LEADER_ROW = re.compile(r"^(?P<item>\S.{1,80}?)\s*(?:\.{4,}|…{2,}|·{4,}|_{4,})\s*(?P<p>\d{1,4}(?:\.\d+)?)\s*"
                        r"(?:points?|pts|marks?|分|%)\s*$", re.IGNORECASE)
_LIST_TOTAL = re.compile(r"^(?:(?:grand\s+)?total|maximum(?: possible| total)? (?:score|points|marks)|max(?:imum)? score|"
                         r"合计|总分|满分|总计)\b", re.IGNORECASE)


def drop_parent_rows(items: list[ScoringItem], target: float) -> list[ScoringItem]:
    """"Quality 60%" over "Q1 … 25%", "Q2 … 15%", "Q3 … 10%", "Q4 … 10%", then "Price 40%": a row whose points the
    rows right below it add up to is their parent, written without a mark of its own. Dropped only when the rows
    overshoot the total (stated, else 100) and dropping the parents makes them meet it exactly: "Price 40" over
    "Technical 20" and "Delivery 20" adds up by chance but leaves nothing over."""
    have = sum(s.points for s in items)
    if have <= target + 0.01:
        return items
    candidates = []  # rows the rows right below them add up to
    for k, s in enumerate(items):
        run = 0.0
        for j in range(k + 1, len(items)):
            run += items[j].points
            if j >= k + 2 and abs(run - s.points) < 0.01:
                candidates.append(k)
                break
            if run > s.points + 0.01:
                break
    from itertools import combinations

    # The fewest parents that make the rest meet the total ("Q1 25" = "Q2 15" + "Q3 10" by chance is not one).
    for n in range(1, min(len(candidates), 6) + 1):
        for parents in combinations(candidates, n):
            if abs(have - sum(items[k].points for k in parents) - target) < 0.01:
                return [s for k, s in enumerate(items) if k not in parents]
    return items


# A cell holding only points: "30", "20分", "40%", "0~30", "25 points".
_POINTS_CELL = re.compile(r"(?:\d+(?:\.\d+)?\s*(?:~|～|-|–|至|to)\s*)?\d+(?:\.\d+)?\s*(?:分|points?|pts|marks?|%)?", re.IGNORECASE)


class ScoringFields:
    """Mixin over ExtractState."""

    def _inline_scoring(self, page: int, text: str) -> bool:
        """"价格分30分，技术分55分，商务分15分" / "Award criteria: Quality 60 %, Price 40 %" on one line; sub-criteria in
        brackets after their parent ("商务分20分（交货期8分、售后服务7分、付款条件响应5分）") replace it, a bracketed
        formula ("（价格分=基准价/报价×50）") is dropped."""
        def inner(m: re.Match) -> str:
            parts = [c for c in re.split(r"[，,；;、]", m.group(1)) if _INLINE_POINTS.match(c.strip())]
            return f"；{m.group(1)}；" if len(parts) >= 2 else ""
        body = re.sub(r"[（(]([^（()）]*)[）)]", inner, text)
        # "… awarded on the basis of the most economically advantageous tender: quality 70%, price 30%": the
        # sentence before the colon introduces the weights.
        body = re.sub(r"^[^:：\d]{25,200}[:：]\s*", "", body)
        # "13. 评标标准及其所占之比重: - 价格:50% - …": a numbered heading with its bulleted weights run into one line.
        body = re.sub(r"^[^:：]{2,60}[:：]\s*(?=[-－–•·]\s*[^\d\s])", "", body)
        items = []
        for clause in re.split(r"[，,；;。、]|(?<=[%分])\s+", body):
            m = _INLINE_POINTS.match(clause.strip())
            if m:
                name = re.sub(r"^.*[:：]\s*", "", m.group("item")).strip(" -—－–•·")
                name = re.sub(r"(?<=..)(?:分值|分|部分|权重)$", "", name)
                if re.match(r"^(?:满分|总分|合计|总计|共计|Total|Maximum)", name, re.IGNORECASE):
                    self._stated_total(float(m.group("p")), page, snippet(text))
                    continue
                # "付款条件响应5分" scores the payment terms; "签订后支付30%" is an instalment.
                payment_points = re.search(r"(?:分|points?|pts)$", clause.strip()) and not _NOT_CRITERION.search(
                    _PAYMENT.sub("", name))
                # "Yes - 1% to 2% of the offer value": a range of percentages, not criteria named "Yes" and "to".
                if len(name) >= 2 and (payment_points or not _NOT_CRITERION.search(name)) and not _SENTENCE.search(name) \
                        and not _FUNCTION_WORD.match(name) and not _OPEN_PHRASE.search(name):
                    items.append(ScoringItem(name, float(m.group("p")), page, snippet(text)))
        items = drop_parent_rows(items, 100.0) if len(items) > 2 else items
        if len(items) < 2 or sum(s.points for s in items) > 100.5:
            return False
        self.out.scoring.extend(items)
        return True

    def _scoring_from_table(self, node: Node, header: list[str] | None) -> None:
        p_col = None
        item_cols: list[int] = []
        if header:
            # "Evidence / scoring guideline | Weight": of the columns a points word heads, the one holding figures.
            cols = [i for i, h in enumerate(header) if HEADER_POINTS.search(h) and not HEADER_ITEM.search(h)]
            body = [r.cells for r in node.rows[1:] if r.cells != header]
            p_col = max(cols, key=lambda i: (sum(1 for c in body if i < len(c) and _POINTS_CELL.fullmatch(c[i].strip())),
                                             -i), default=None)
            # Nested criteria ("评分项 | 评分因素 | 分值"): the finest item column left of the points wins.
            item_cols = [i for i, h in enumerate(header) if i != p_col and HEADER_ITEM.search(h)
                         and (p_col is None or i < p_col)]
        rows = node.rows[1:] if header else node.rows
        # A column of item numbers ("1", "1.1") under "Criterion": the names are in the next text column.
        num_col = None
        if item_cols:
            vals = [r.cells[item_cols[-1]] for r in rows if item_cols[-1] < len(r.cells) and r.cells[item_cols[-1]]]
            if vals and sum(1 for v in vals if _ITEM_NUMBER.fullmatch(v)) >= 0.6 * len(vals):
                num_col = item_cols[-1]
                nxt = next((i for i in range(num_col + 1, len(header)) if i != p_col), None)
                item_cols = [nxt] if nxt is not None else []
        found: list[tuple[str, ScoringItem]] = []
        totals: list[tuple[int, float, int, str]] = []  # (items read before it, points, page, row) of each total row
        last_item = None
        for r in rows:
            cells = r.cells
            if header and cells == header:
                continue
            pts = None
            if p_col is not None and p_col < len(cells):
                m = re.search(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)", cells[p_col])  # "1,000" points
                pts = float(m.group(1).replace(",", "")) if m else None
                span = re.fullmatch(r"\s*\d+(?:\.\d+)?\s*(?:~|～|-|–|—|至|到|to)\s*(\d+(?:\.\d+)?)\s*(?:分|points?|pts)?\s*",
                                    cells[p_col], re.IGNORECASE)
                if span:  # "0~30": a criterion scored from 0 up to its points
                    pts = float(span.group(1))
            else:
                for c in cells:
                    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:分|points?|pts|%)?", c.strip(), re.IGNORECASE)
                    if m:
                        pts = float(m.group(1))
                        break
            if item_cols:
                item = next((cells[c] for c in reversed(item_cols) if c < len(cells) and cells[c]), "")
            else:
                item = next((c for c in cells if c and not re.fullmatch(r"[\d.%分\s]+", c)), "")
            own = strip_numbering(item)
            first_item_col = item_cols[-1] if item_cols else len(cells)
            group = "" if own else next((c.strip() for i, c in enumerate(cells) if i < first_item_col and i != p_col
                                         and c.strip() and not re.fullmatch(r"[\d.%分\s]+", c)), "")
            if group and pts is not None and not TOTAL_ROW.match(group):
                # "价格部分（40分） | | 40" over its criteria: a group; kept only if no criteria under it add up to it.
                found.append((_GROUP, ScoringItem(strip_numbering(group), pts, r.page, snippet(node.row_text(r)))))
                last_item = None
                continue
            item = own or last_item or ""
            # A total row says "合计"/"Total" in a short cell, or in its first cell with no item of its own ("Total
            # technical score | | 70"); "Total evaluated price over …" describes an item.
            first = next((c.strip() for c in cells if c.strip()), "")
            if pts is None or not item or TOTAL_ROW.match(item) or any(TOTAL_ROW.match(c.strip()) and len(c.strip()) <= 16
                                                                       for c in cells if c) \
                    or (not own and TOTAL_ROW.match(first) and len(first) <= 40):
                if pts is not None and item:
                    totals.append((len(found), pts, r.page, node.row_text(r)))
                continue
            last_item = item
            num = cells[num_col].strip() if num_col is not None and num_col < len(cells) else ""
            found.append((num, ScoringItem(item, pts, r.page, snippet(node.row_text(r)))))
        start = 0
        for at, pts, page, row in totals:
            # "Total technical | 70" with the financial criterion below it: the total of the rows above, not the award's.
            above = sum(s.points for num, s in found[start:at] if num != _GROUP)
            if not (at < len(found) and abs(above - pts) < 0.01):
                self._stated_total(pts, page, row)
            start = at
        found = _drop_group_totals(found)
        kept = [s for num, s in found if not _subtotal(num, s.points, found)]
        target = self.stated.get("scoring_total", (100.0,))[0]
        kept = drop_parent_rows(kept, target)
        self.out.scoring.extend(kept)
        self.score_groups.append((" | ".join(c.strip().lower() for c in node.header), kept))
        self._rated_bounds(kept)

    def _rated_bounds(self, items: list[ScoringItem]) -> None:
        """A rated criterion that states a bound ("a minimum of 40 hours of training", "within 26 weeks") is also a
        requirement: scored (important), not pass/fail."""
        for s in items:
            # "3 seconds or less (15 points); 3 to 5 seconds (7 points)": the first bound is asked, the rest grade it.
            text = re.split(r"[；;]\s*", split_clauses(strip_numbering(strip_markers(s.item)))[0])[0].rstrip("；;，, ")
            spec = parse_spec(text)
            if spec.operator not in (">=", "<=", "range") or not spec.unit or _SCORE_UNIT.fullmatch(spec.unit):
                continue
            self.out.requirements.append(Requirement(
                kind="technical", text=text, parameter=spec.parameter, operator=spec.operator, value=spec.value,
                unit=spec.unit, important=True, page=s.page, snippet=s.snippet, lot=self.lot))

    def _one_award(self) -> None:
        """The criteria as a whole: a parent line over sub-criteria that add up to it ("Quality (50%)" over Q1-Q4) is
        dropped when the rest then meets the total; of two evaluation tables that each meet the total (a threshold
        stage of functionality points, then the stage that ranks: price and preference points) the ranking one is
        the award's criteria. A table repeated with its header (continued in the next column or page) is one table."""
        target = self.stated.get("scoring_total", (100.0,))[0]
        have = sum(s.points for s in self.out.scoring)
        if have <= target + 0.01:
            return
        # "其中：投标报价60分，技术部分25分，商务部分15分" then each part's criteria on lines of their own: one line
        # splitting the award meets the total, and so do the finer criteria read elsewhere; those are the items.
        lines: dict[str, list] = {}
        for s in self.out.scoring:
            lines.setdefault(s.snippet, []).append(s)
        for items in lines.values():
            rest = [s for s in self.out.scoring if all(s is not x for x in items)]
            if len(items) >= 2 and len(rest) > len(items) and abs(sum(s.points for s in items) - target) < 0.01 \
                    and abs(sum(s.points for s in rest) - target) < 0.01:
                self.out.scoring = rest
                return
        in_tables = {id(s) for _, items in self.score_groups for s in items}
        table_items = [s for s in self.out.scoring if id(s) in in_tables]
        loose = [s for s in self.out.scoring if id(s) not in in_tables]
        if table_items and abs(sum(s.points for s in table_items) - target) < 0.01 and weight_split(loose):
            # "技術評分佔30%，價格評分佔70%" beside a marking table of 100: the split weighs the parts of the award,
            # the table's criteria are the items.
            self.out.scoring = table_items
            return
        tables: dict[str, list] = {}
        for head, items in self.score_groups:
            tables.setdefault(head, []).extend(items)
        in_tables = {id(s) for items in tables.values() for s in items}
        whole = [items for items in tables.values() if items and abs(sum(s.points for s in items) - target) < 0.01]
        if len(whole) >= 2 and all(id(s) in in_tables for s in self.out.scoring):
            ranking = [items for items in whole if any(_PRICE.search(s.item) for s in items)]
            if len(ranking) == 1:
                keep = {id(s) for s in ranking[0]}
                self.out.scoring = [s for s in self.out.scoring if id(s) in keep]
                return
        self.out.scoring = drop_parent_rows(self.out.scoring, target)

    def _weights_in_prose(self) -> None:
        """No criteria read, but a sentence weighs the award: "awarded on 60% quality and 40% price", "质量占60%、价格占40%"."""
        if self.out.scoring:
            return
        for page, text in self.doc.lines():
            pairs = [(m.group("name").strip(), float(m.group("w"))) for m in _WEIGHT_FIRST.finditer(text)]
            if len(pairs) >= 2 and abs(sum(w for _, w in pairs) - 100) < 0.01 and any(_PRICE.search(n) for n, _ in pairs):
                self.out.scoring.extend(ScoringItem(n, w, page, snippet(text)) for n, w in pairs)
                return

    def _weight_split(self) -> None:
        """Rated criteria covering one part of the award ("Technical Merit (70%) and Price (30%)" with a table of
        technical points adding up to 70): the other parts the sentence weighs are criteria too."""
        have = sum(s.points for s in self.out.scoring)
        if not self.out.scoring or have >= 100 - 0.01:
            return
        for page, text in self.doc.lines():
            weights = [(re.sub(r"^.*\b(?:of|and|&|与|和|及)\s*", "", m.group("name")).strip(" ,，:：（("), float(m.group("w")))
                       for m in _WEIGHT.finditer(text)]
            out_of = [(m.group("name"), float(m.group("w"))) for m in _OUT_OF.finditer(text)]
            parts = next((p for p in ([(n, w) for n, w in c if len(n) >= 2 and not _NOT_CRITERION.search(n)]
                                      for c in (weights, out_of))
                          if len(p) >= 2 and abs(sum(w for _, w in p) - 100) <= 0.01 and any(_PRICE.search(n) for n, _ in p)),
                         None)
            if parts is None:
                continue
            covered = [k for k, (_, w) in enumerate(parts) if abs(w - have) < 0.01]
            if len(covered) != 1:
                continue
            for k, (name, w) in enumerate(parts):
                if k != covered[0] and not any(_PRICE.search(s.item) for s in self.out.scoring if _PRICE.search(name)):
                    self.out.scoring.append(ScoringItem(name, w, page, snippet(text)))
            self.stated["scoring_total"] = (100.0, page, snippet(text))  # the split weighs the whole award
            return

    def _leader_row(self, page: int, text: str) -> bool:
        """"Factor 1 - Technical Capability ..... 45 points": a criterion and its points in a dot-leader list, the
        scoring table of a plain-text notice, wherever the list stands. "Maximum possible score ..... 100 points" is
        the total. A table of contents has no points."""
        m = LEADER_ROW.match(strip_markers(text).strip())
        if not m:
            return False
        self._close_req()
        item = strip_numbering(m.group("item")).strip(" -—–:：")
        if _LIST_TOTAL.match(item) or TOTAL_ROW.match(item):
            self._stated_total(float(m.group("p")), page, text)
        else:
            self.out.scoring.append(ScoringItem(item, float(m.group("p")), page, snippet(text)))
        return True

    def _stated_total(self, points: float, page: int, text: str) -> None:
        """"合计 100" / "满分100分" / "Total 100%": what the items should add up to (a self-check), never an item.
        Of several totals ("Total technical score 70", "Total score 100") the grand one is the largest."""
        if "scoring_total" not in self.stated or points > self.stated["scoring_total"][0]:
            self.stated["scoring_total"] = (points, page, snippet(text))

    def _scoring_line(self, page: int, text: str) -> None:
        # "平均總評分70分以上者為合格廠商", "score of 70 points or above qualifies": a pass mark, no criterion; the
        # clauses around it may still state the total.
        text = "，".join(c for c in re.split(r"[，,；;]", text) if not _PASS_MARK.search(c))
        if not text.strip():
            return
        body = strip_numbering(strip_markers(text))
        if re.match(r"^[a-z]", body):
            return  # "score 70 marks and above will proceed …": the wrapped rest of a sentence, not a criterion
        head = _HEAD_POINTS.match(body)
        if head and not TOTAL_ROW.match(head.group("item")) and not _NOT_CRITERION.search(head.group("item")):
            # "技术方案（12分）：方案完整可行的得12分，基本可行的得6分…" / "Work plan (20 points): …": the points after the
            # name are the criterion's; the rules after the colon only say how they are given. Unless they are its
            # criteria: "技术部分（25分）：技术参数响应10分；供货及安装方案8分；售后服务方案7分" (they add up to it).
            subs = [ScoringItem(m.group("item").strip(" -—–"), float(m.group("p")), page, snippet(text))
                    for c in re.split(r"[；;，,。]", body[head.end() - 1:].lstrip(":：")) if (m := _INLINE_POINTS.match(c.strip()))
                    and not TOTAL_ROW.match(m.group("item")) and not _NOT_CRITERION.search(m.group("item"))]
            if len(subs) >= 2 and abs(sum(x.points for x in subs) - float(head.group("p"))) < 0.01:
                self.out.scoring.extend(subs)
                return
            self.out.scoring.append(ScoringItem(head.group("item").strip(" -—–"), float(head.group("p")), page, snippet(text)))
            return
        if self._inline_scoring(page, body.rstrip("。.")):
            return  # "Technical merit 40%, Capability 20%, Methodology 10%": several criteria on one line
        # A form's fields on one line: "Criterion: Type: Quality - Name: Technical merit - Weight (points, exact): 35".
        pair = re.search(r"(?:^|[-–|/;]\s*)(?:Criterion\s+)?Name\s*[:：]\s*(?P<name>[^:：]{2,120}?)\s*[-–|/;]\s*"
                         r"Weight(?:ing)?\b[^:：]{0,30}[:：]\s*(?P<w>\d{1,3}(?:\.\d+)?)\s*%?$", body, re.IGNORECASE)
        if pair:
            self.out.scoring.append(ScoringItem(pair.group("name").strip(), float(pair.group("w")), page, snippet(text)))
            return
        # eForms: "Name: Technical value" then "Weight (points, exact): 25" a few lines below.
        named = re.match(r"^(?:Name|Criterion name|Criterion|Award criterion)\s*[:：]\s*(\S.{0,80})$", body, re.IGNORECASE)
        if named:
            self.score_name = named.group(1).strip()
            return
        weight = re.match(r"^Weight(?:ing)?\b[^:：]{0,30}[:：]\s*(\d{1,3}(?:\.\d+)?)\s*%?$", body, re.IGNORECASE)
        if weight and getattr(self, "score_name", None):
            self.out.scoring.append(ScoringItem(self.score_name, float(weight.group(1)), page, snippet(text)))
            self.score_name = None
            return
        stated = re.search(r"(?:满分|总分|总计|合计|共计?|Total(?: score)?|maximum (?:score|total))\s*(?:为|是|of|is|:|：)?\s*"
                           r"(\d{2,3})\s*(?:分|points?|%)", body, re.IGNORECASE)
        raw = body[: stated.start()].rstrip() if stated else ""
        prefix = raw.strip(" :：")
        if stated and (not prefix or len(prefix) > 12 or re.search(r"[，,。；;]", prefix)
                       or not re.match(r"(?:满分|Maximum)", stated.group(0), re.IGNORECASE)):
            self._stated_total(float(stated.group(1)), page, text)  # "满分100分" of the whole, not "价格：满分30分"
            return
        if _NOTE.match(body):
            return  # "注：评标价为…（含13%增值税）": a remark under the criteria, not one of them
        eu = re.match(r"^(?:(?:Quality|Cost|Price) criterion\s*[-–:]\s*Name\s*[:：]\s*(?P<name>.+?)|(?P<price>Price|Cost))\s*[/-]\s*"
                      r"Weighting\s*[:：]\s*(?P<w>\d+(?:\.\d+)?)\s*%?$", body, re.IGNORECASE)
        if eu:  # EU form: "Quality criterion - Name: Technical solution / Weighting: 40", "Price - Weighting: 40"
            name = (eu.group("name") or eu.group("price")).strip()
            self.out.scoring.append(ScoringItem(name, float(eu.group("w")), page, snippet(text)))
            return
        # A fixed-width table row ending in its weight: "Criterion 2 - Implementation plan   20%" (the number in
        # the item's name is not its weight).
        w = re.match(r"^(?P<item>[^:：。；;]{2,70}?)\s+(?P<p>\d{1,3}(?:\.\d+)?)\s*(?:%|分|points?|pts)$", body, re.IGNORECASE)
        if w and float(w.group("p")) <= 100 and not TOTAL_ROW.match(w.group("item")) \
                and not _NOT_CRITERION.search(w.group("item")) and re.search(r"\d", w.group("item")):
            self.out.scoring.append(ScoringItem(w.group("item").strip(" -—–:："), float(w.group("p")), page, snippet(text)))
            return
        # A borderless scoring table read as text: "技术方案 40 方案完整得40分…" / "Price 30".
        t = re.match(r"^([^\d:：]{2,20}?)\s+(\d{1,3}(?:\.\d)?)(?:\s(?!\s*[-–—.:])|$)", body)
        if t and float(t.group(2)) <= 100 and not TOTAL_ROW.match(t.group(1)) and not HEADER_POINTS.search(t.group(1)) \
                and not _ORDINAL.match(t.group(1)) and not _SENTENCE.search(t.group(1)):
            self.out.scoring.append(ScoringItem(t.group(1).strip(" -—–:：()（）"), float(t.group(2)), page, snippet(text)))
            return
        m = re.search(r"[（(]?\s*(?:满分|分值|权重|计|共|最高|max(?:imum)?\.?)?\s*[:：为]?\s*(\d+(?:\.\d+)?)\s*"
                      r"(?:分|points?|pts\b|marks?\b|%|percent\b)\s*[）)]?", body, re.IGNORECASE)
        if not m:
            return
        if _PRICE_ADJUSTMENT.match(body[m.end():]):
            return  # "对小型和微型企业产品的价格给予10%的扣除": a share taken off a price, not a criterion's weight
        item = body[: m.start()].strip(" :：-—–()（）,，")
        item = re.sub(r"(?:满分|分值|权重|得分)$", "", item).strip(" :：-—–")
        # A name in English takes more characters than one in Chinese ("Technical merit of meter and AMI solution").
        # (Only when the points end the line: "A local vendor preference of five percent (5%) will be applied to …" is
        # a sentence.)
        longest = 80 if not CJK_RE.search(item) and not body[m.end():].strip(" .。;；") else 40
        if 1 < len(item) <= longest and not TOTAL_ROW.match(item) and not re.search(r"[。；;]", item) \
                and not _NOT_CRITERION.search(item) and not _SENTENCE.search(item):
            self.out.scoring.append(ScoringItem(item, float(m.group(1)), page, snippet(text)))
