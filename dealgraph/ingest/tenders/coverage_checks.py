"""Coverage: what the notice states plainly that the parse does not hold.

A must column counted again (the rows whose flag cell says "must", in the legend's own mark when the notice
gives one); every bound a line states ("not less than 11 kW") looked for among the values read; a labelled
duration or quantity ("Duration in months: 60", "计划工期：540日历天") looked for likewise; a requirement
whose parameter is only the row's item number; a text that writes two ranges where one was read. Each
only points at a field (`needs_review`), never changes it.
"""

from __future__ import annotations

import re
from itertools import pairwise

# The header of a column that says which rows are musts.
_MUST_HEADER = re.compile(r"mandatory|\bwajib\b|essential|pass\s*/\s*fail|实质性|是否(?:允许)?(?:负)?偏离|允许偏离|必须|必需|"
                          r"\bM\s*/\s*[DO]\b|\brequired\s*\(?Y\s*/\s*N\)?", re.IGNORECASE)
# A column asking whether deviation is allowed: the rows that say no are the musts.
_DEVIATION_HEADER = re.compile(r"允许(?:负)?偏离|deviation allowed|deviation permitted", re.IGNORECASE)
_MUST_CELL = re.compile(r"^(?:[✓✔√☑●■★※]|Y|Yes|M|Mandatory|Essential|Required|必须|必需|是|实质性(?:条款|指标)?)(?:\s*[(（][^)）]{1,30}[)）])?$",
                        re.IGNORECASE)
_NO_DEVIATION = re.compile(r"^(?:不允许|不可|否|No|Not (?:allowed|permitted))$", re.IGNORECASE)
# "标注“不允许”的为实质性指标", 'Items marked "Mandatory (…)" must be met': the mark the legend names.
_LEGEND = re.compile(r"(?:marked|labelled|labeled|flagged|ticked|标注|标记|注明|标明)\s*(?:with\s+|as\s+|为)?[“\"'「『]([^”\"'」』]{1,30})[”\"'」』]"
                     r"[^。.;；]{0,40}?(?:实质性|否决|无效投标|不允许负偏离|须完全满足|必须满足|\bmandatory\b|minimum requirements?|"
                     r"must be (?:met|complied)|shall be met|non-responsive|rejected|excluded|disqualif)", re.IGNORECASE)


def _norm(c: str) -> str:
    return re.sub(r"\s+", "", c).lower()


def must_column(p, rv, lines: list[tuple[int, str]]) -> None:
    """Rows marked as musts in a table's must column, counted, against the mandatory items read."""
    if any(n["field"] == "mandatory" for n in p.needs_review):
        return
    legend = {_norm(m.group(1)) for _, t in lines for m in _LEGEND.finditer(t)}
    count, first, col, width, deviation = 0, None, None, 0, False
    for _, t in lines:
        cells = [c.strip() for c in t.split("|")] if "|" in t else []
        if not cells:
            col = None
            continue
        head = next((k for k, c in enumerate(cells) if len(c) <= 40 and (_MUST_HEADER.search(c) or _norm(c) in legend)
                     and not _MUST_CELL.match(c) and _norm(c) not in legend | {"mandatory"}), None)
        if head is not None and len(cells) >= 2:
            col, width, deviation = head, len(cells), bool(_DEVIATION_HEADER.search(cells[head]))
            continue
        if col is None or len(cells) > width or col >= len(cells):
            continue
        cell = cells[col]
        must = _norm(cell) in legend if legend and any(_norm(cell) == w for w in legend) else \
            (bool(_NO_DEVIATION.match(cell)) if deviation else bool(_MUST_CELL.match(cell)))
        if must:
            count += 1
            first = first or t
    # The legend's mark in a cell of its own counts wherever the column is ("Requirement level | Mandatory (…)").
    marked = [t for _, t in lines if "|" in t and any(_norm(c) in legend for c in t.split("|")[1:])] if legend else []
    if marked:
        count, first = len(marked), marked[0]
    if not count:
        return
    items = sum(1 for r in p.requirements if r.mandatory and r.kind != "qualification")
    every = sum(1 for r in p.requirements if r.mandatory)
    if count not in (items, every):
        rv.flag("mandatory", f"{count} rows are marked as musts in a must column, {items} mandatory items were read", first)


# A bound and its number: "not less than 11 kW", "≥ 85 °C", "at least 85%", "不少于6处", "no more than 20%".
_BOUND = re.compile(r"(?:[≥≤]|>=|<=|不低于|不少于|不小于|不超过|不高于|不大于|不得少于|不得超过|\bat least\b|\bno (?:less|more|fewer) than\b|"
                    r"\bnot (?:less|more|fewer) than\b|\bnot exceeding\b|\bminimum(?: of)?\b)\s*[:：]?\s*"
                    r"(\d[\d,]*(?:\.\d+)?)|"
                    r"(?<![A-Za-z\d.,])(\d[\d,]*(?:\.\d+)?)\s*(?:%|[A-Za-z°℃µμ][A-Za-z°/µμ²³]{0,6})?\s*(?:or (?:more|less|higher|lower|"
                    r"better|greater|above|below)\b|以上|以下|以内)", re.IGNORECASE)
# Not of the goods or the bidder: money, dates, scores, the procedure's own periods and rules, a correction's old text.
_NOT_SPEC = re.compile(r"公示|质疑|异议|投诉|投标有效期|保证金|报价|限价|预算|评分|得分|分值|扣分|配分|权重|得\s*\d+(?:\.\d+)?\s*分|原为|原“|"
                       r"\bbid validity\b|\bvalidity\b|standstill|\bsecurity\b|\bguarantee\b|turnover of|\bpoints?\b|\bmarks?\b|\bscor|"
                       r"\bweight|[¥$€£]|\b(?:USD|EUR|GBP|CNY|RMB|SAR|MYR|INR)\b|万元|亿元|元|\bcalendar\b|截止|\bdeadline\b|"
                       r"\bclosing\b|\bexten[ds]|\brenewal|liquidated", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CLAUSE_END = re.compile(r"[;；。|]|(?<![\d.])\d{1,2}[.、](?!\d)|，|,(?=[\u4e00-\u9fff])")


def _values(p) -> set[float]:
    out: set[float] = set()
    for r in p.requirements:
        vals = r.value if isinstance(r.value, list) else [r.value]
        for v in vals:
            try:
                out.add(round(float(v), 6))
            except (TypeError, ValueError):
                continue
    return out


def _nums(s: str) -> set[float]:
    """The number as written, both ways a comma reads ("12,8" is 12.8 in Europe, "12,000" twelve thousand)."""
    out = set()
    for x in {s.replace(",", ""), s.replace(",", ".", 1) if s.count(",") == 1 else ""}:
        try:
            out.add(round(float(x), 6))
        except ValueError:
            continue
    return out


def _clause(t: str, at: int) -> str:
    """The clause of a line around a position (a semicolon, a cell border or an item number ends it), after the
    line's own label when it has one ("Engine: … rated power not less than 11 kW")."""
    starts = [m.end() for m in _CLAUSE_END.finditer(t[:at])]
    end = _CLAUSE_END.search(t, at)
    start = starts[-1] if starts else 0
    clause = t[start:end.start() if end else len(t)].strip()
    label = re.match(r"^[^:：|;；。]{2,40}[:：]", t)
    return f"{label.group(0)} … {clause}" if label and start > label.end() else clause


def _key(s: str) -> str:
    return re.sub(r"[\W_★▲※]", "", s).lower()


def _held_index(p) -> dict[float, list[tuple[str, int]]]:
    """Each number a requirement holds -> (its text's key, the piece width): built once per parse, so a notice of
    a thousand bounds is not a thousand passes over a thousand requirements."""
    stamp = (id(p.requirements), len(p.requirements))  # built again if the list was replaced or grew
    cached = getattr(p, "_held_index", None)
    if cached and cached[0] == stamp:
        return cached[1]
    index: dict[float, list[tuple[str, int]]] = {}
    for r in p.requirements:
        kr = _key(r.text)
        width = 6 if re.search(r"[\u4e00-\u9fff]", kr) else 10
        for v in r.value if isinstance(r.value, list) else [r.value]:
            if isinstance(v, (int, float)):
                index.setdefault(round(float(v), 6), []).append((kr, width))
    p._held_index = (stamp, index)
    return index


def _held(p, ns: set[float], line: str) -> bool:
    """A requirement holds one of the numbers and is read from this line (their texts share a piece): 11 kW held
    by another item of another lot does not cover this line's 11 kW."""
    kl = _key(line)
    index = _held_index(p)
    for n in ns:
        for kr, width in index.get(n, ()):
            if len(kr) < width or any(kr[i:i + width] in kl for i in range(0, len(kr) - width + 1, 2)):
                return True
    return False


def unread_bounds(p, rv, lines: list[tuple[int, str]]) -> None:
    """Each line's bounds ("rated power not less than 11 kW") looked for among the values read: a bound whose
    number no requirement holds was lost (the item cut at a semicolon, a wrapped line, a key figure in prose).
    The clause of the bound is the snippet, so the note points at it and not at the line's other items."""
    if not p.requirements:
        return  # "no requirement found" already says it
    read = _values(p)
    scored = [re.sub(r"\W", "", s.item)[:16] for s in p.scoring if len(re.sub(r"\W", "", s.item)) >= 4]
    missed = []
    for k, (_, t) in enumerate(lines):
        if _NOT_SPEC.search(t) or any(x in re.sub(r"\W", "", t) for x in scored):
            continue  # a scoring criterion's line: its figures earn points, they are not musts
        # A bound wrapped over two lines ("satisfaction of 90% or" / "more; …") is read with the next line's start.
        nxt = lines[k + 1][1][:30] if k + 1 < len(lines) and not re.search(r"[.。;；:：|]\s*$", t) else ""
        for m in _BOUND.finditer(f"{t} {nxt}" if nxt else t):
            if m.start() >= len(t):
                break
            if t[:m.start()].count("(") + t[:m.start()].count("（") > t[:m.start()].count(")") + t[:m.start()].count("）"):
                continue  # a condition in brackets ("(minimum 80% of rated output)", "（计数率≥100kcps时）")
            ns = _nums(m.group(1) or m.group(2))
            if not ns or any(_YEAR.match(f"{n:g}") for n in ns):
                continue
            clause = _clause(t, m.start())
            if ns & read and _held(p, ns, t):
                continue
            missed.append(clause)
    for c in missed[:12]:
        rv.flag("requirements", f"a bound this clause states is held by no requirement ({len(missed)} such clauses)", c)


def _num(s: str) -> float | None:
    try:
        return round(float(s.replace(",", "")), 6)
    except ValueError:
        return None


# "Duration in months: 60", "计划工期：540日历天", "Quantity: 30 units", "The estimated annual quantity is 12,000 tons".
_TERM_LABEL = re.compile(r"(?:工期|交货期|供货期|服务期|服务期限|合同期|履约期限|采购数量|数量|\bduration\b|\bperiod\b|\bquantity\b|"
                         r"\bqty\b)[^:：|\d]{0,24}(?:[:：|]|\bis\b|为)\s*(?:约|approximately\s+)?(\d[\d,]*(?:\.\d+)?)\s*"
                         r"(日历天|工作日|天|日|个月|月|年|周|台|套|个|件|辆|吨|units?|sets?|tons?|tonnes?|days?|weeks?|months?|years?|pcs)?",
                         re.IGNORECASE)


def unread_terms(p, rv, lines: list[tuple[int, str]]) -> None:
    """A labelled duration or quantity the notice states that no requirement holds."""
    if not p.requirements:
        return
    read = _values(p)
    for _, t in lines:
        m = _TERM_LABEL.search(t)
        if not m or _NOT_SPEC.search(t[:m.start()]) or re.search(r"有效期|validity|standstill", t, re.IGNORECASE):
            continue
        n = _num(m.group(1))
        if n is None or n in read or n < 2 or _YEAR.match(m.group(1)):
            continue
        if m.group(2) or re.search(r"months?|days?|weeks?|years?|月|天|日", t[:m.start(1)], re.IGNORECASE):
            rv.flag("requirements", f"a stated duration or quantity ({m.group(1)} {m.group(2) or ''}) is held by no "
                                    "requirement", t)


def item_number_as_parameter(p, rv) -> None:
    """A requirement whose parameter is only the row's item number ("1", "2.3") in a row that writes two or more
    figures (a quantity, a delivery time): which figure is the value is for a human."""
    for i, r in enumerate(p.requirements):
        if not (r.parameter and re.fullmatch(r"\s*\d{1,3}(?:\.\d{1,2})*\.?\s*", r.parameter)):
            continue
        cells = [c.strip() for c in (r.snippet or r.text).split("|")]
        figures = [c for c in cells[1:] if re.match(r"^(?:[≥≤<>]=?\s*)?\d[\d,.]*\s*\S{0,12}$", c) and c != r.parameter.strip()]
        if len(figures) >= 2:
            rv.flag(f"requirements[{i}]", f"the parameter '{r.parameter}' is an item number and the row writes "
                                          f"{len(figures)} figures: which is the value?", r.snippet)
            r.confidence = min(r.confidence, 0.3)


_RANGE = re.compile(r"(?<![A-Za-z0-9.])[-+−]?\d+(?:\.\d+)?\s*[^\d\s~～至到:]{0,4}\s*(?:~|～|至|到|–|—|\bto\b)\s*[-+−]?\d+(?:\.\d+)?(?![\d:])|"
                    r"(?<![A-Za-z0-9.:/-])\d+(?:\.\d+)?-\d+(?:\.\d+)?\s*(?:%|[A-Za-z°℃]{1,4})(?![A-Za-z0-9-])", re.IGNORECASE)


_RANGE_WORD = re.compile(r"范围|\brange\b", re.IGNORECASE)


def _read_in(clause: str, value) -> bool:
    """Does the clause write the range read ([0, 10] in "支持0-10V")?"""
    if not isinstance(value, list) or len(value) != 2:
        return False
    lo, hi = (f"{float(v):g}" for v in value)
    return bool(re.search(rf"(?<![\d.]){re.escape(lo)}(?![\d.]).{{0,8}}?(?<![\d.]){re.escape(hi)}(?![\d.])", clause))


def ranges_in_text(p, rv) -> None:
    """A requirement whose text writes two ranges ("0-10V … 调光范围0~100%") where one was read, or writes a range
    where none was read ("No. 4 sieve 20-90"): which range is the parameter's is for a human."""
    for i, r in enumerate(p.requirements):
        if r.kind == "qualification" or r.confidence <= 0.3:
            continue
        text = re.sub(r"[（(][^）)]*[)）]", "", r.text)
        # Ranges in clauses of their own, one named as the range ("支持0-10V…，调光范围0~100%") and the one read in
        # another: "工作环境温度:-20℃~55℃,相对湿度0~100%RH" names neither, "0 °C to 40 °C and 20% to 90%" is one clause.
        clauses = [c for c in re.split(r"[,，;；]", text) if _RANGE.search(c)]
        named = [c for c in clauses if _RANGE_WORD.search(c)]
        read = next((c for c in clauses if _read_in(c, r.value)), None)
        reason = None
        if r.operator == "range" and len(clauses) >= 2 and named and read is not None and read not in named:
            reason = f"the text names a range ('{named[0][:30]}'), another range was read"
        elif r.value is None and r.operator is None and len(r.text) <= 120 and re.search(r"(?<![\w.:/-])\d+(?:\.\d+)?\s*(?:-|~|～|–)\s*\d+(?:\.\d+)?(?![\d:/-])",
                                                                   r.text):
            reason = "the text writes a range, no value was read"
        if reason:
            rv.flag(f"requirements[{i}]", reason, r.snippet)
            r.confidence = 0.3


def year_span_as_range(p, rv) -> None:
    """A range whose two ends are years ("近三年（2025-2027年）", "FY 2025-2027"): the period a figure covers, read as
    the value, so the figure itself (a turnover, a ratio) was lost."""
    for i, r in enumerate(p.requirements):
        if r.operator == "range" and isinstance(r.value, list) and len(r.value) == 2 and \
                all(isinstance(v, (int, float)) and 1950 <= v <= 2100 and float(v).is_integer() for v in r.value) and \
                re.search(r"\d", re.sub(r"(?:19|20)\d\d", "", r.text)):  # a figure besides the years was lost
            rv.flag(f"requirements[{i}]", f"the range {r.value[0]:g}–{r.value[1]:g} is a span of years, not the value",
                    r.snippet)
            r.confidence = min(r.confidence, 0.3)


# Units of measure written as words after a number ("3,000 tons", "500 litres"): a count word ("units") is not one.
_WORD_UNIT = re.compile(r"^(?:tons?|tonnes?|kg|kilograms?|litres?|liters?|metres?|meters?|km|kilometres?|kilometers?|"
                        r"m2|m²|m3|m³|sq\.?\s?m|kWh|MWh|kW|MW|kVA|MVA|hp|Hz|GB|TB|MB|mm|cm|inch(?:es)?|ft|"
                        r"feet|gallons?|psi|bar|kPa|MPa|lux|dB)$", re.IGNORECASE)


# Units of measure written in Chinese right after the figure ("不小於10公里", "≥5千瓦").
_CJK_UNIT = re.compile(r"(?<![A-Za-z0-9.,])(\d+(?:\.\d+)?)\s*(公里|千米|毫米|厘米|米|公斤|千克|吨|噸|升|小时|小時|分钟|分鐘|秒|日历天|日曆天|"
                       r"工作日|天|个月|個月|年|千瓦|瓦|伏|安|赫兹|赫茲|分贝|分貝)")
# A figure with a unit of measure (not a count) inside a parameter's name ("精密空调(制冷量100kW级)").
_MEASURE_IN_NAME = re.compile(r"(?<![A-Za-z0-9.])\d+(?:\.\d+)?\s*(?:[kKMG]?(?:W|VA|V|Hz|Wh)|kg|mm|cm|km|°C|℃|dB|L/min|"
                              r"GB|TB|Mbps|Gbps|公里|千瓦|瓦|伏|吨|升)(?![A-Za-z])")


def unit_unread(p, rv) -> None:
    """A value read with no unit, where the text writes it with one ("not less than 3,000 tons" read as 3000,
    "不小於10公里" read as 10); or a value with no unit whose parameter's name holds the measure ("空调(制冷量100kW级): 64":
    the figure read is a count, the requirement is in the name)."""
    for i, r in enumerate(p.requirements):
        if r.unit or r.value is None or isinstance(r.value, (str, list)) or r.confidence <= 0.3:
            continue
        if r.parameter and _MEASURE_IN_NAME.search(r.parameter):
            rv.flag(f"requirements[{i}]", f"the name '{r.parameter[:40]}' holds a measure, {r.value:g} was read without a unit",
                    r.snippet)
            r.confidence = 0.3
            continue
        m = next((m for m in _CJK_UNIT.finditer(r.text) if float(m.group(1)) == round(float(r.value), 6)), None)
        if m:
            rv.flag(f"requirements[{i}]", f"{r.value:g} is written with '{m.group(2)}', read without a unit", r.snippet)
            r.confidence = 0.3
            continue
        for m in re.finditer(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*([A-Za-z²³.]+(?:\s?[mM][23²³])?)", r.text):
            if _num(m.group(1)) == round(float(r.value), 6) and _WORD_UNIT.match(m.group(2).rstrip(".")):
                rv.flag(f"requirements[{i}]", f"{r.value:g} is written with '{m.group(2)}', read without a unit", r.snippet)
                r.confidence = 0.3
                break


# A row of a schedule of quantities: "1 | Hemoglobin analyzer | 350 | units | 8 weeks", "1 | 模拟人 | 12 | 套 | …".
_COUNT_UNIT = re.compile(r"^(?:units?|nos?\.?|pcs|pieces?|sets?|lots?|ea|each|tons?|tonnes?|台|套|个|件|辆|只|块|把|张|组|吨|批|项)$",
                         re.IGNORECASE)


def quantity_rows(p, rv, lines: list[tuple[int, str]]) -> None:
    """Quantities of a schedule (a figure followed by a cell naming a count unit) that no requirement holds."""
    if not p.requirements:
        return
    read = _values(p)
    missed = []
    for _, t in lines:
        cells = [c.strip() for c in t.split("|")] if "|" in t else []
        for a, b in pairwise(cells[1:]):
            n = _num(a) if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", a) else None
            if n and _COUNT_UNIT.match(b) and n not in read:
                missed.append(t)
                break
    for t in missed[:12]:
        rv.flag("requirements", f"a quantity of the schedule is held by no requirement ({len(missed)} such rows)", t)


_BUDGET_LABEL = re.compile(r"预算|预估|估算|概算|采购金额|项目金额|合同估算价|\bbudget\b|\bestimated\s+(?:total\s+|contract\s+|annual\s+)?"
                           r"(?:value|cost|amount|price)\b|\bcontract value\b", re.IGNORECASE)


def budget_by_fallback(p, rv, lines: list[tuple[int, str]], fallback: set[str]) -> None:
    """The budget read from no budget label (a sum of lots, a cap, a figure in prose) while a line labels an amount
    as the budget or the estimated value: another amount than the one read is a candidate of equal right."""
    from .money import parse_money

    if p.budget is None or any(n["field"] == "budget" for n in p.needs_review):
        return
    snip = p.provenance["budget"].snippet if "budget" in p.provenance else ""
    if "budget" not in fallback and re.search(r"\d", snip):
        return  # read under its label, or from a line that writes it
    for _, t in lines:
        for m in _BUDGET_LABEL.finditer(t):
            value = re.match(r"\s*(?:[（(][^)）]{0,20}[)）])?\s*(?:[:：为]|\bis\b|\bof\b)\s*(.{1,40})", t[m.end():])
            other = parse_money(value.group(1), p.budget.currency) if value else None
            if other is not None:
                break
        else:
            continue
        if other is not None and 0.2 <= other.amount / p.budget.amount <= 5 and \
                abs(other.amount - p.budget.amount) > 0.005 * p.budget.amount:
            rv.flag("budget", f"the budget was not read under a budget label; a line labels {other.amount:,.0f} "
                              f"{other.currency} as one", t)
            return


# A figure with a unit of measure or a counted unit ("10 to 270 mmHg", "4 Nos.", "12架", "48 bedside monitors" is not one).
_FIGURE_UNIT = re.compile(r"(?<![A-Za-z0-9.])\d[\d,]*(?:\.\d+)?\s*(?:(?:to|-|–|~|至|到)\s*[-+]?\d[\d,]*(?:\.\d+)?\s*)?"
                          r"(?:(?:mmHg|bpm|Nos?\.|units?|pcs|sets?|inch(?:es)?|°?[CF]|℃|%|[kKMG]?(?:W|VA|V|Hz|Wh)|dB\(?A?\)?|lm|lux|"
                          r"mm|cm|km|m/s|kg|tons?|tonnes?|litres?|liters?|L/min|ml|bar|kPa|MPa|psi|rpm|GB|TB|MB|Mbps|Gbps|"
                          r"hours?|days?|weeks?|months?|years?)(?![A-Za-z])|"
                          r"(?:公里|千米|米|毫米|厘米|公斤|千克|吨|升|小时|分钟|秒|日历天|日曆天|天|个月|個月|年|架|台|套|辆|輛|件|只|组|組|瓦|伏|赫兹))")


def value_unread(p, rv) -> None:
    """A clause that names a parameter (or writes a figure with its unit) where no value was read at all: the
    figure stayed in the text ("NIBP measurement range of 10 to 270 mmHg", "數量:無人機12架"), and no other
    requirement read from the same text holds it."""
    for i, r in enumerate(p.requirements):
        if r.value is not None or r.kind == "qualification" or r.confidence <= 0.3:
            continue
        m = _FIGURE_UNIT.search(r.text)
        if m and not _held(p, _nums(re.match(r"\d[\d,]*(?:\.\d+)?", m.group(0)).group(0)), r.text):
            rv.flag(f"requirements[{i}]", "the clause writes a figure with its unit, no value was read", r.snippet)
            r.confidence = 0.3


# A labelled line whose value is a measured figure ("（四）輸入電壓範圍：304V至478V", "Operating temperature: -25 °C to 50 °C").
_LABELLED_MEASURE = re.compile(r"^[^:：|()（）]{2,40}[:：]\s*(?:[^\d:：|()（）]{0,12}?)([-+]?\d[\d,]*(?:\.\d+)?)\s*"
                               r"(?:[kKM]?(?:V|A|W|VA|Hz|Wh)|°C|℃|°F|mm|cm|km|kg|dB|lm|lux|Pa|kPa|MPa|bar|L/min|m³/h|m3/h|"
                               r"公里|千瓦|伏|安|瓦|赫兹|公斤|毫米|米)(?![A-Za-z])")


_ITEM_NO = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}(?:\.\d{1,2})*[.、)]?|[一二三四五六七八九十]{1,3}、|[a-z][.)])\s+|"
                      r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")


def unread_measures(p, rv, lines: list[tuple[int, str]]) -> None:
    """A labelled line that states a measured figure (a voltage, a temperature, a power) which no requirement
    read from that line holds: the specification line was passed over."""
    if not p.requirements:
        return
    missed = []
    for _, t in lines:
        m = _LABELLED_MEASURE.search(_ITEM_NO.sub("", t.strip()))
        if not m or "|" in t or _NOT_SPEC.search(t):
            continue
        ns = _nums(m.group(1).lstrip("+"))
        if ns and not _held(p, ns, t):
            missed.append(t)
    for t in missed[:12]:
        rv.flag("requirements", f"a labelled measured figure is held by no requirement ({len(missed)} such lines)", t)

