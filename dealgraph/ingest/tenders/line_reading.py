"""A light reading of every line: the figures it states with their units, looked for among the requirements read.

Independent of the requirement parser: a line is cut into cells, each cell into items (at semicolons, full
stops, item numbers, a comma before Chinese text), and an item's figures written with a unit of measure or a
counted noun ("5 years", "208-230 V", "2,400 cc", "8 bays", "至少2年", "24小时内到达现场") are its facts. An
item none of whose numbers a requirement read from that line holds was passed over: each of its clauses with a
fact is listed (after the label it has no words of its own besides), so a human sees which. Only points at the
requirements (`needs_review`), never changes them.
"""

from __future__ import annotations

import re

from .coverage_checks import _held, _nums
from .fields import label_of

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Units of measure and time after the figure: symbols as written (T is not t), words in any case.
_LATIN_UNIT = (r"%|°\s?[CF]\b|℃|℉|(?i:deg(?:rees?)?(?:\s?[CF]\b)?)|"
               r"[kMGTmµμn]?(?:V|A|W|Wp|VA|VAr|Wh|Ah|Hz|Pa|N|Nm|J|lm|lx|cd|Ω)|kWp|MWp|mAh|"
               r"[KMGTP]i?B|[KMGT]?bps|[KMGT]?b/s|dB(?:\s?\(?A\)?|m|i)?|"
               r"mm|cm|km|µm|μm|nm|m|m2|m²|m3|m³|sq\.?\s?m|ft|kg|g|mg|µg|μg|t|lbs?|oz|L|l|ml|mL|µL|μL|cc|"
               r"psi|bar|mmHg|cmH2O|bpm|rpm|fps|dpi|ppi|px|ppm|ppb|ppt|MP|Mpx|s|ms|min|h|hrs?|m/s|km/h|mph|m3/h|m³/h|L/min|l/min|"
               r"(?i:inch(?:es)?|in\.|feet|foot|cu\.?\s?ft\.?|miles?|tons?|tonnes?|pounds?|ounces?|litres?|liters?|gallons?|"
               r"nits?|lumens?|lux|pixels?|megapixels?|cores?|threads?|secs?|seconds?|mins|minutes?|hours?|days?|weeks?|months?|"
               r"years?|yrs?|working days?|calendar days?|business days?|frames per second|knots?)")
# A counted noun after a whole number ("8 bays", "180 units", "5,000 entries", "350 rugged laptops").
_COUNT_NOUN = r"(?:[a-z][a-z-]{2,14}\s)?[a-z][a-z-]{1,16}s"
# Units written in Chinese right after the figure: measures, time, counted things.
_CJK_MEASURE = (r"日历天|日曆天|工作日|个工作日|個工作日|个月|個月|小时|小時|分钟|分鐘|秒|天|周|年|"
                r"公里|千米|毫米|厘米|米|公斤|千克|克|吨|噸|毫升|升|千瓦|瓦|伏|安|赫兹|赫茲|分贝|分貝|度")
_CJK_COUNT = r"个|個|台|臺|套|架|把|孔|只|块|塊|路|口|张|張|条|條|组|組|辆|輛|件|座|处|處|名|批|支|颗|顆|片|根|种|種"
_UNITS = rf"(?:(?P<u>{_LATIN_UNIT})(?![A-Za-z0-9²³])|(?P<m>{_CJK_MEASURE})|(?P<c>{_CJK_COUNT})|(?P<w>{_COUNT_NOUN})(?![A-Za-z]))"
# A figure, a range's second figure, and the unit: "4.0%", "-20℃~50℃", "208-230 V", "后4小时" (a Chinese word may
# run into the figure; a Latin one may not: "SFP28", "E003").
_FACT = re.compile(rf"(?<![A-Za-z0-9_.,/#])(?<!\d:)(?<![A-Za-z0-9]-)[-+−±]?(?P<n>{_NUMBER})\s*"
                   rf"(?:(?:(?:{_LATIN_UNIT}|℃)\s*)?(?:-|–|~|～|to|至|到)\s*[-+−]?(?P<n2>{_NUMBER})\s*)?{_UNITS}")
_SCALED = re.compile(r"^(?:[kMGmµμ]?(?:V|A|W|Wp|VA|Wh|Ah|Hz|Pa|g|m|L|l)|t|tons?|tonnes?|kWp|MWp|mAh|ml|mL)$")
_ANY_NUMBER = re.compile(rf"(?<![A-Za-z0-9_.])(?:{_NUMBER})")
# Not a counted thing after all: words that follow a figure in prose.
_NOT_COUNT = re.compile(r"^(?:and|or|of|to|the|for|per|at|in|on|by|with|from|as|is|are|was|has|this|that|its|their|"
                        r"plus|minus|times|less|pass|class)$", re.IGNORECASE)
# Items about the procedure, money, scores, payment, past projects or what exists: their figures are no specification.
_NOT_SPEC = re.compile(r"地址|地点|地點|\baddress\b|\bexisting\b|\bsimilar\b|\bcomparable\b|类似|類似|同类|同類|\bcurrently\b|现有|原有|已有|现网|现用|在用|"
                       r"公示|质疑|异议|投诉|有效期|保证金|报价|限价|预算|评分|得分|分值|扣分|加分|配分|权重|\d\s*分|原为|截止|开标|"
                       r"递交|提交|发布|公告期|下载|获取|领取|发售|售价|工本费|付款|支付|预付|结算|元|¥|￥|\$|€|£|"
                       r"\d{1,3}(?:,\d{3})+\.\d\d\b|"
                       r"\b(?:bid|tender|proposal|offer)s?\s+(?:validity|security|bond|opening|submission|closing)|\bvalidity\b|"
                       r"standstill|\bsecurity\b|\bguarantee\b|\bturnover\b|\bpoints?\b(?!\s*(?:of|per))|\bmarks?\b|\bscores?\b|\bscoring\b|"
                       r"\bweight(?:ing|ed)\b|仅供|供参考|\bfor reference\b|\b(?:USD|EUR|GBP|CNY|RMB|SAR|MYR|INR|GHS|NGN|KES|AUD|CAD|SGD|HKD|MOP|NTD|TWD|"
                       r"PhP|PHP|ZAR)\b|\bpayments?\b|\bfees?\b|\bcredits?\b|\binvoice|"
                       r"\bdeadline\b|\bclosing\b|\bclarification|\bquestions?\b|\bexten[ds]|\brenewal|liquidated|\bpenalt|"
                       r"\bpublish|\bissued?\b|\bamendment|\baddend|\binsurance\b|\bsection\b|\bclause\b|\bannex\b|"
                       r"\bappendix\b|\bform\b|\bpages?\b|中标|中標|候选人|候選人|\bprice\b|金额|金額|\bbond\b|\bdeposit\b|"
                       r"\boption\b|\bincrease|\bdecrease|\bset aside\b|\breserv|\bpreference\b|扣除|[KM]B\b", re.IGNORECASE)
# Where an item ends inside a cell: a semicolon, a full stop, an item number, a comma before Chinese text.
_ITEM_END = re.compile(r"[;；。]|\.\s+(?=[A-Z(])|(?<![\d.])\d{1,2}[.、](?!\d)|(?<=[\u4e00-\u9fff）)])[，,]|[，,]\s*(?=[\u4e00-\u9fff])")
_CLAUSE_END = re.compile(r",\s+|，")
_LABEL = re.compile(r"^[^:：|;；。]{2,40}[:：]")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# A figure that says how often, how many at once, or under what condition: "24 hours a day", "7×24小时",
# "48 × 1 GbE", "at 75 °C", "@15kV".
_AFTER_NOT_BOUND = re.compile(r"^\s*(?:a|per|each|every)\s+(?:day|week|month|year)\b|^\s*/\s*(?:day|week|year|天|年)|"
                              r"^\s*[×xX*]", re.IGNORECASE)
_BEFORE_NOT_BOUND = re.compile(r"(?:[×xX*@第]|\bat|\bunder|\bPriority|\bLot|\bNo\.?|\bPhase|\bZone|\bLevel|\bTier|"
                               r"\bClass|\bType|\bCategory|#)\s*$", re.IGNORECASE)
# Words that only state the bound or the item, not what is measured.
_BOUND_WORDS = re.compile(r"\b(?:minimum|maximum|min|max|at least|not? (?:less|more|fewer) than|no (?:less|more|fewer) than|"
                          r"up to|within|or (?:more|less|higher|lower|better|greater|above|below)|not exceeding|each|per|"
                          r"and|of|the|a|an|shall|must|be|is|to)\b|不低于|不少于|不小于|不超过|不高于|不大于|不得少于|不得超过|"
                          r"至少|最少|最多|以上|以下|以内|之内|内|≥|≤|>=|<=|[<>≮≯±~～\-–]", re.IGNORECASE)


def _depth(s: str) -> int:
    return s.count("(") + s.count("（") + s.count("[") - s.count(")") - s.count("）") - s.count("]")


# Before a counted noun: a bound or a quantity ("at least 180 vehicles", "quantity of 350 rugged laptops"); a count
# in plain prose ("connecting its 42 branch sites") describes, it does not require.
_COUNT_CUE = re.compile(r"(?:\b(?:at least|minimum(?: of)?|min\.?|maximum(?: of)?|max\.?|not? (?:less|more|fewer) than|"
                        r"no (?:less|more|fewer) than|up to|quantity(?: of)?|qty|number of|supply(?: of)?|comprise|consist(?:s|ing)? of)"
                        r"|[:：≥≤]|>=|<=)\s*(?:\w+\s+)?$", re.IGNORECASE)


def _facts(item: str, labelled: bool = False) -> list[set[float]]:
    """The figures an item writes with a unit, each as the numbers it may be read as; figures inside brackets
    (a condition: "(每天20次车辆进出条件下)"), beside a multiplication sign, after 'at' or saying how often are
    left out, as are years, a single thing counted ("1套") and a counted noun neither labelled nor bounded."""
    out = []
    for m in _FACT.finditer(item):
        before, after = item[:m.start()], item[m.end():]
        if _depth(before) > 0 or _BEFORE_NOT_BOUND.search(before) or _AFTER_NOT_BOUND.match(after):
            continue
        if m.group("w") and (_NOT_COUNT.match(m.group("w").split()[-1]) or "." in m.group("n") or
                             not (labelled or _COUNT_CUE.search(before))):
            continue
        if m.group("m") == "年" and _YEAR.match(m.group("n")):
            continue  # a year ("2025年")
        ns = _nums(m.group("n")) | (_nums(m.group("n2")) if m.group("n2") else set())
        if not ns or all(_YEAR.match(f"{n:g}") for n in ns) or \
                ((m.group("c") or m.group("w")) and not m.group("n2") and max(ns) <= 1):
            continue
        ns |= {-n for n in ns}  # "-40℃~-86℃": the sign may be read on the figure or not
        if _SCALED.match(m.group("u") or ""):  # a measure may be read in a unit a thousand times larger or smaller
            ns |= {round(n * 1000, 6) for n in ns} | {round(n / 1000, 6) for n in ns}
        out.append(ns)
    return out


def _pieces(s: str, rx: re.Pattern):
    """(start, piece) of a text cut where `rx` matches."""
    start = 0
    for m in rx.finditer(s):
        if m.start() > start:
            yield start, s[start:m.start()]
        start = m.end()
    if start < len(s):
        yield start, s[start:]


# What makes a clause read as a specification: a bound, a range, a quantity, or a label before it.
_SPEC_CUE = re.compile(r"\b(?:at least|minimum|min\.|max\.|maximum|not? (?:less|more|fewer) than|no (?:less|more|fewer) than|"
                       r"not exceed(?:ing)?|exceed|within|up to|or (?:more|less|better|higher|greater|above|below|lower|colder|"
                       r"warmer)|range|from\s+[-+]?\d|quantity|qty)\b|[≥≤<>±]|不少于|不低于|不小于|不超过|不高于|不大于|不少於|"
                       r"不低於|不小於|不超過|不高於|不大於|以上|以下|以内|以內|内|內|至少|最多|最少|不得|[~～至]|"
                       r"\d\s*(?:to|-|–)\s*[-+]?\d|[:：|]", re.IGNORECASE)


def _own_words(clause: str) -> bool:
    """Does the clause name what it measures (words besides its figures, units and bound words)?"""
    rest = _BOUND_WORDS.sub(" ", _FACT.sub(" ", clause))
    return bool(re.search(r"[A-Za-z]{4,}|[\u4e00-\u9fff]{2,}", rest))


def _words(s: str) -> set[str]:
    """The words of a label that name a thing: Latin words of four letters or more, Chinese pairs."""
    latin = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", s)}
    cjk = "".join(re.findall(r"[\u4e00-\u9fff]", s))
    return latin | {cjk[i:i + 2] for i in range(len(cjk) - 1)}


_COMMON = {"with", "from", "each", "shall", "must", "minimum", "maximum", "least", "than", "more", "less", "within",
           "supply", "provide", "required", "requirement"}


def _held_by_label(p, ns: set[float], text: str) -> bool:
    """A requirement holds the figure and its text names a word of this item ("Delivery Period | 60 Day/s"
    against "Delivery of the Goods … within 60 days"): the same bound written twice."""
    words = _words(text) - _COMMON
    if not words:
        return False
    for r in p.requirements:
        vals = r.value if isinstance(r.value, list) else [r.value]
        if any(isinstance(v, (int, float)) and round(float(v), 6) in ns for v in vals) and \
                words & _words(f"{r.parameter or ''} {r.text}"):
            return True
    return False


def _numbers(s: str) -> set[float]:
    """Every number `s` writes, with either sign ("≤ -40 °C" may be read as -40 or 40)."""
    return {x for m in _ANY_NUMBER.finditer(s) for n in _nums(m.group(0)) for x in (n, -n)}


def _read(held: set[float], s: str) -> bool:
    """Does a requirement read from the line hold any number `s` writes (bracketed ones too: "two (2) units")?
    `held`: the line's numbers that one holds."""
    return bool(held & _numbers(s))


_SUM = re.compile(r"^\s*(?:total|sum|grand total|合计|合計|总计|總計|小计|小計)\s*(?:[:：]|$)", re.IGNORECASE)
_COUNT_CELL = re.compile(rf"^\s*(?:{_NUMBER})\s*(?:{_CJK_COUNT}|units?|nos?\.?|pcs|sets?|lots?|ea)\s*$", re.IGNORECASE)


def _around_fact(clause: str, width: int = 110) -> str:
    """The clause from its last colon before the first figure (a lead-in longer than a label, when what follows
    names something), cut to the words just before the figure when long: what a note can show of it."""
    m = _FACT.search(clause)
    if not m:
        return clause
    colon = max(clause.rfind(":", 0, m.start()), clause.rfind("：", 0, m.start()))
    if colon > 40 and _own_words(clause[colon + 1:m.end()]):
        clause = clause[colon + 1:].strip()
        m = _FACT.search(clause)
    if len(clause) > width and m and m.end() > width:
        start = clause.find(" ", max(0, m.end() - width)) + 1
        return "…" + clause[start:m.end() + 20]
    return clause


def unread_facts(p, rv, lines: list[tuple[int, str]]) -> None:
    """Each item that writes a figure with its unit, none of whose numbers a requirement read from that line
    holds: a specification line (a row of a key/value table, 'Warranty: 5 years minimum', '保固期：至少2年')
    passed over. The note's line is the clause, after the label before it when the clause names nothing itself."""
    if not p.requirements:
        return  # "no requirement found" already says it
    scored = [re.sub(r"\W", "", s.item)[:16] for s in p.scoring if len(re.sub(r"\W", "", s.item)) >= 4]
    missed: list[str] = []
    for _, t in lines:
        if len(t) > 600 or not _FACT.search(t) or (any(x in re.sub(r"\W", "", t) for x in scored) and
                                                     re.search(r"\d\s*(?:分|points?|marks?|%)", t, re.IGNORECASE)):
            continue  # a scoring criterion's line
        held = {n for n in _numbers(t) if _held(p, {n}, t)}
        cells = [c.strip() for c in t.split("|")]
        # A row read from one cell: the cells before it name that requirement, a bare count after it is the
        # row's quantity.
        first_read = next((k for k, c in enumerate(cells) if _read(held, c)), None) if len(cells) >= 2 else None
        for k, cell in enumerate(cells):
            if first_read is not None and (k < first_read or _COUNT_CELL.match(cell)):
                continue
            own = _LABEL.match(cell)
            head = cells[k - 1] if k and len(cells[k - 1]) <= 60 and not _facts(cells[k - 1]) else ""
            if (own and label_of(own.group(0))) or (head and label_of(head)) or _SUM.match(head or cell):
                continue  # the notice's own fields (title, deadline, budget …), read elsewhere; a row of sums
            cell_read = _read(held, cell)
            for start, item in _pieces(cell, _ITEM_END):
                label = own.group(0).rstrip(":：") if own and start >= own.end() else ("" if own else head)
                if (label and _NOT_SPEC.search(label)) or not _facts(item, bool(label)):
                    continue
                if _read(held, item) or (cell_read and not _own_words(item)):
                    continue  # the item was read, or is the read item's bound under another condition ("≤1.2nm@1kV")
                named = label or (own.group(0).rstrip(":：") if own else "")
                for _, clause in _pieces(item, _CLAUSE_END):
                    facts = _facts(clause, bool(label) or start == 0 and bool(own))
                    if not facts or _NOT_SPEC.search(clause) or (named and any(_held_by_label(p, ns, f"{named} {clause}") for ns in facts)):
                        continue
                    body = _around_fact(clause.strip())
                    note = body if _own_words(body) or not label else f"{label}: {body}"
                    if _SPEC_CUE.search(note):
                        missed.append(note)
    for s in missed[:15]:
        rv.flag("requirements", f"a figure with its unit this clause writes is held by no requirement ({len(missed)} "
                                "such clauses)", s)
