"""Second readings: a field read again another, simpler way from the notice's lines; disagreement means review.

The first reading follows the document tree and is usually right; where it is wrong it is wrong quietly.
Each check here counts or reads something the notice writes plainly (marked lines, lot numbers, a price
cap's label, the currency it names, a range or a unit next to a number) and compares it with the first
reading. They only point at a field (`needs_review`), they never change it.
"""

from __future__ import annotations

import re
from datetime import datetime
from itertools import pairwise

from .extractors.shapes import MARKER_LEGEND
from .money import _CURRENCY_TOKENS, _YUAN, YUAN_LIKE
from .requirements import markers
from .sections import heading_says_must

# A mark named in quotes ("“★”条款负偏离的…") or in a legend is not an item.
_QUOTED_MARK = re.compile(r"[“\"'「『]\s*[★※▲]+\s*[”\"'」』]")


# A cell that only says "must" in a flag column ("M", "Mandatory", "Pass/Fail", "必须").
_FLAG_CELL = re.compile(r"^(?:[(\[]?M[)\]]?|Mandatory|Essential|(?:Pass\s*/\s*Fail|Go\s*[/-]\s*No[- ]?Go)|必须|必須)$", re.IGNORECASE)


# A line that says what a mark means rather than marking an item: "标注【实质性要求】的条款为实质性条款",
# "Key: (M) = Mandatory requirement", "说明：…", "Legend: …".
_DEFINES_MARK = re.compile(r"^\s*(?:Key|Legend|Note|Notes|说明|注|備註|备注)\s*[:：]|(?:标注|标有|标示|标明|带有?|注有|標註|標示)[^，。；,;]{0,16}"
                           r"的(?:条款|條款|项|項|参数|指标|要求)\s*(?:为|為|是|均为|属于)|[)\]）】]\s*(?:=|means\b|denotes\b|indicates\b|"
                           r"stands for\b|表示|代表)", re.IGNORECASE)


def _column_names(t: str) -> bool:
    """A table's header row ("S/N | Specification | ★/D | Comply (Y/N) | Remarks"): names of columns, no item."""
    cells = [c.strip() for c in t.split("|")]
    return len(cells) >= 3 and all(len(c) <= 24 and not re.search(r"\d", c) for c in cells)


def marked_lines(lines: list[tuple[int, str]]) -> list[str]:
    """Lines that carry a must marker (★ ※ [Mandatory] (M) 实质性…), legends, quoted marks and column names left out."""
    out = []
    for _, t in lines:
        if re.fullmatch(r"[★※▲*\s]*", t):
            continue  # a mark alone on a line: the star of a seal ("★" over "招标专用章")
        if _DEFINES_MARK.search(t) or _column_names(t):
            continue
        if "|" not in t and len(t) <= 60 and not t.rstrip().endswith((".", "。")) and heading_says_must(t):
            continue  # "SECTION 3: MANDATORY REQUIREMENTS (PASS/FAIL)" names the musts below it
        if markers(_QUOTED_MARK.sub("", t))[0] and not MARKER_LEGEND.search(t) or \
                any(_FLAG_CELL.match(c.strip()) for c in t.split("|")[1:]):
            out.append(t)
    return out


# A must mark as a token: ★ ※, "(M)", "[Mandatory - Pass/Fail]", "【M】".
_MARK_TOKEN = re.compile(r"[★※]|[(\[【]\s*(?:M|Mandatory)\b[^)\]】]{0,30}[)\]】]", re.IGNORECASE)


def _marks(t: str) -> int:
    """How many items a marked line marks: its mark tokens ("★接入带宽…; ★录像存储时间…" marks two), at least one."""
    cells = _QUOTED_MARK.sub("", t).split("|")
    return max(1, sum(1 if i and _FLAG_CELL.match(c.strip()) else len(_MARK_TOKEN.findall(c)) for i, c in enumerate(cells)))


def _names_a_part(t: str) -> bool:
    """A table row that only heads a part of musts ("3 | Mandatory Requirements (Pass/Fail)")."""
    cells = [c.strip() for c in t.split("|")]
    return len(cells) <= 2 and len(cells[-1]) <= 60 and not cells[-1].endswith((".", "。")) and heading_says_must(cells[-1])


def mandatory_marks(p, rv, lines: list[tuple[int, str]]) -> None:
    """More must marks in the notice than mandatory items read (qualification conditions not counted among them):
    some marked items were lost, or read as not mandatory, or as conditions on the bidder."""
    if any(n["field"] == "mandatory" for n in p.needs_review):
        return  # a stated count already disagrees
    items = sum(1 for r in p.requirements if r.mandatory and r.kind != "qualification")
    marked = [t for t in marked_lines(lines) if not _names_a_part(t)]
    marks = sum(_marks(t) for t in marked)
    if marks > items:
        covered = {r.snippet for r in p.requirements if r.mandatory}
        lost = next((t for t in marked if not any(_overlap(t, s) for s in covered)), marked[0])
        rv.flag("mandatory", f"{marks} mandatory marks on {len(marked)} lines, {items} mandatory items were read", lost)


def _overlap(line: str, snippet: str) -> bool:
    a, b = re.sub(r"\W", "", line), re.sub(r"\W", "", snippet)
    probe = b[:12]
    return bool(probe) and probe in a


_LOT_NUMBER = re.compile(r"(?:\b(?:Lot|Package)\s*(?:No\.?\s*|#\s*)?(\d{1,2})\b|第\s*([一二三四五六七八九十\d]{1,3})\s*(?:包|标段|分包|采购包|合同包)|"
                         r"(?:采购包|合同包|标段|分包|包件|包)\s*([一二三四五六七八九十\d]{1,3})(?![\d.]))", re.IGNORECASE)
_LOTS_STATED = re.compile(r"(?:divided into|comprises|consists of|in)\s+(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)"
                          r"\s+(?:\(\d{1,2}\)\s+)?lots\b|(?:分为|共|划分为|分成)\s*([\d一二三四五六七八九十]{1,3})\s*个?\s*(?:包|标段|分包|采购包)",
                          re.IGNORECASE)
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    return _WORDS.get(s.lower()) or _CN.get(s)


def lot_count(p, rv, lines: list[tuple[int, str]]) -> None:
    """The notice names more lots ("Lot 3", "第三包", "divided into 3 lots") than were read."""
    numbers: set[int] = set()
    stated = None
    for _, t in lines:
        for m in _LOT_NUMBER.finditer(t):
            n = _int(next(g for g in m.groups() if g))
            if n and n <= 30:
                numbers.add(n)
        s = _LOTS_STATED.search(t)
        if s and stated is None:
            stated = (_int(next(g for g in s.groups() if g)), t)
    read = len(p.lots)
    if stated and stated[0] and stated[0] > 1 and stated[0] != read:
        rv.flag("lots", f"the notice states {stated[0]} lots, {read} were read", stated[1])
    elif len(numbers) >= 2 and len(numbers) > read and numbers == set(range(1, len(numbers) + 1)):
        rv.flag("lots", f"the notice names lots 1–{len(numbers)}, {read} were read",
                next(t for _, t in lines if _LOT_NUMBER.search(t)))


def deadline_zone(p, rv) -> None:
    """A deadline without a time zone, or with an offset no time zone has (−20:27), is read wrong."""
    if not p.deadline:
        return
    try:
        d = datetime.fromisoformat(p.deadline)
    except ValueError:
        rv.flag("deadline", f"'{p.deadline}' is not a date", p.provenance["deadline"].snippet)
        return
    off = d.utcoffset()
    if off is None:
        rv.flag("deadline", "the deadline has no time zone", p.provenance["deadline"].snippet)
        return
    minutes = off.total_seconds() / 60
    if not -12 * 60 <= minutes <= 14 * 60 or minutes % 15:
        rv.flag("deadline", f"UTC offset {d.isoformat()[-6:]} is not a time zone's", p.provenance["deadline"].snippet)


# A price cap's label with a value ("最高限价：2,550,000元", "Maximum price: same as the budget").
_CAP_LABEL = re.compile(r"(?:最高(?:投标)?限价|控制价|拦标价|采购限价|(?:maximum|ceiling|not[- ]to[- ]exceed|upper limit) (?:bid |contract )?"
                        r"(?:price|value|amount)|price cap)\s*(?:[（(][^)）]{0,40}[)）])?\s*[)）]?\s*(?:合计|总计|共计)?\s*(?:[:：|]|为|is|(?=\d)|"
                        r"(?=人民币|[¥$€£]))\s*"
                        r"(?:[¥$€£]|人民币|同|与|等于|same|equal|\d|[零壹贰叁肆伍陆柒捌玖拾佰仟万]|CNY|USD|EUR|GBP)", re.IGNORECASE)


_DEADLINE_WORD = re.compile(r"截止|截标|deadline|closing|due|time limit|submission|receipt|response date|end date|"
                            r"提交期限|提出期限", re.IGNORECASE)


_AMENDS = re.compile(r"\bamend(?:ed|ment)\b|\baddend(?:um|a)\b|\bcorrigend(?:um|a)\b|\b(?:extended|postponed|deferred)\b|"
                     r"更正|延期|推迟|延长|变更公告|變更|更改", re.IGNORECASE)


def deadline_candidates(p, rv, lines: list[tuple[int, str]]) -> None:
    """Another line labelled as the submission deadline states another day than the one read."""
    from . import fields as F
    from .dates import parse_datetime
    from .fact_checks import labelled_budget

    read = _instant(p.deadline)
    if read is None:
        return
    # A notice that amends another ("has been amended", "Addendum No. 1", "延期", "更正公告"): an earlier deadline
    # it still prints is the one it moved.
    amended = any(_AMENDS.search(t) for _, t in lines)
    for _, t in lines:
        if not _DEADLINE_WORD.search(t):
            continue
        other_budget = labelled_budget(t, p.budget.currency) if p.budget else None
        if other_budget is not None and abs(other_budget - p.budget.amount) > 0.005 * p.budget.amount:
            continue  # "X项目公开招标公告(预算金额:230万元,截止时间:…)": another notice's budget and deadline, listed
        for field, _label, value in F.kv_in_line(t):
            other = _instant(parse_datetime(value)) if field == "deadline" else None
            swapped = other is not None and (other.month, other.day) == (read.day, read.month)  # 05/07: day first
            if other is not None and other.date() != read.date() and not swapped and abs((other - read).days) < 400 \
                    and t != p.provenance["deadline"].snippet and not (amended and other < read):
                rv.flag("deadline", f"another line states the deadline as {other.date()}", t)
                return


_BUDGET_WORD = re.compile(r"预算|金额|Budget|Estimated|Value|Amount", re.IGNORECASE)
_LOT_WORD = re.compile(r"包\s*\d|标段|分包|采购包|\bLot\b|Package|其中|option|extension|后续扩充|扩充", re.IGNORECASE)


def budget_candidates(p, rv, lines: list[tuple[int, str]]) -> None:
    """Another line or row labelled as the budget states another amount than the one read (采购金额 15,380,000 /
    预算金额 13,980,000): which is the budget is for a human to see."""
    from . import fields as F
    from .money import parse_money

    if p.budget is None:
        return
    at = next((k for k, (_, t) in enumerate(lines) if t == p.provenance["budget"].snippet
               or p.provenance["budget"].snippet.startswith(t[:40])), None)
    if at is None:
        return
    # Only near the budget read (the same block of key facts): amounts far away belong to lots, other notices, options.
    for _, t in lines[max(0, at - 8):at + 9]:
        if not _BUDGET_WORD.search(t) or _LOT_WORD.search(t):
            continue
        kvs = F.kv_in_line(t)
        if any(f == "max_price" for f, _, _ in kvs):
            continue  # "Maximum budget: …" is the cap
        pairs = [(f, label, v) for f, label, v in kvs]
        cells = [c.strip() for c in t.split("|")]
        pairs += [(F.label_of(a), a, b) for a, b in pairwise(cells) if len(a) <= 24]
        read_strong = "预算" in p.provenance["budget"].snippet or "預算" in p.provenance["budget"].snippet
        for field, label, value in pairs:
            if read_strong and re.search(r"采购金额|採購金額|项目金额|总投资", label):
                continue  # the 预算金额 was read on purpose over a 采购金额 (options included)
            other = parse_money(value, p.budget.currency) if field == "budget" else None
            if other is not None and other.amount >= 1000 and abs(other.amount - p.budget.amount) > 0.005 * p.budget.amount:
                rv.flag("budget", f"another line labelled as the budget states {other.amount:,.0f} {other.currency}", t)
                return


def _instant(iso: str | None):
    try:
        return datetime.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def cap_named(p, rv, lines: list[tuple[int, str]]) -> None:
    """No price cap read, but a line gives one its label and a value."""
    if p.max_price is not None:
        return
    hit = next((t for _, t in lines if _CAP_LABEL.search(t)), None)
    if hit:
        rv.flag("max_price", "no price cap read, but the notice states one", hit)


def _yuan_of(p) -> str:
    """The yuan a notice's plain 元 stands for: the currency its amounts were read in when that is a yuan."""
    for m in (p.budget, p.max_price):
        if m is not None and m.currency in YUAN_LIKE:
            return m.currency
    return "CNY"


def currency_named(p, rv, lines: list[tuple[int, str]]) -> None:
    """An amount read in a currency the notice never names, while it names another next to an amount ($ read as
    USD in a notice that writes "CAD 1,850,000")."""
    text = "\n".join(t for _, t in lines)

    def named(pat: re.Pattern, near_amount: bool) -> bool:
        if not pat.search(text):
            return False
        rx = (rf"(?<![A-Za-z])(?:{pat.pattern})\s?[\d零壹贰叁肆伍陆柒捌玖]|\d\s?(?:million|m|k|万|亿)?\s?(?:{pat.pattern})(?![A-Za-z])"
              if near_amount else rf"(?<![A-Za-z])(?:{pat.pattern})(?![A-Za-z])")
        return bool(re.search(rx, text, pat.flags))

    amounts = [(field, getattr(p, field)) for field in ("budget", "max_price") if getattr(p, field) is not None]
    if not amounts:
        return
    yuan = _yuan_of(p)

    def as_read(cur: str) -> str:  # plain 元/¥ is the yuan of the notice's place: the currency it was read in
        return yuan if cur == _YUAN else cur

    # Named next to an amount ("CAD 1,850,000", "486,000元"): "CAD" alone may be computer-aided dispatch.
    at_amount = {as_read(cur) for pat, cur in _CURRENCY_TOKENS[:-1] if named(pat, True)}
    if not at_amount:
        return
    for field, m in amounts:
        # each whole-text scan only when the cheaper reasons have not settled it (this runs on every parse)
        if m.currency in at_amount or (m.currency != "CNY" and any(
                named(pat, False) for pat, cur in _CURRENCY_TOKENS[:-1] if as_read(cur) == m.currency)):
            continue
        if m.currency == "USD" and not at_amount & _DOLLARS and named(_CURRENCY_TOKENS[-1][0], True):
            continue  # a bare $ next to an amount
        rv.flag(field, f"read in {m.currency}, but the notice names {', '.join(sorted(at_amount))}",
                p.provenance[field].snippet)


_DOLLARS = {"HKD", "SGD", "AUD", "CAD", "NZD", "TWD", "USD"}


# "0.02kV~30kV", "-20 °C to +70 °C", "10–35 ℃", "between 5 and 40": a range written.
_RANGE = re.compile(r"(?<![\w.:/\-])[-+−]?\d+(?:\.\d+)?\s*[^\d\s~～至到\-–—:]{0,4}\s*(?:~|～|至|到|–|—|\bto\b)\s*[-+−]?\d+(?:\.\d+)?(?![\d:])|"
                    r"(?<![\w.:/\-])[-+−]?[1-9]\d*(?:\.\d+)?\s*-\s*[-+−]?\d+(?:\.\d+)?\s*(?:℃|°C|%|[kKmM]?[VAW]\b)|"
                    r"\bbetween\s+[-+−]?\d+(?:\.\d+)?\s*\S{0,4}\s+and\s+[-+−]?\d", re.IGNORECASE)
# A unit written right after the number ("200nA", "256排", "25°/s") that the first reading left out.
_ATTACHED_UNIT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?:\s?([A-Za-zµμΩ°℃%][A-Za-zµμΩ°/²³]{0,5})(?![\w])|([\u4e00-\u9fff]))")
_NOT_UNIT_CJK = set("以及或和与的等至到且并个台套点只块路项口张条组")
# After a space only a unit of measure counts ("44 SD-WAN appliances", "48 CPU nodes" are things counted).
_SPACED_UNIT = re.compile(r"^(?:[kKMGTPµμnm]?(?:bps|b/s|bit/s|B/s|Bps|Hz|Wh|Wp|VA|eV|pps|Pa)|[kKMGT]?[BWV]|[kmµμn]A|[kmµμn]m|W|V|rpm|dB|℃|°C?|%|"
                          r"lux|lm|nits?|fps|dpi|ppi|ms|cycles)$")
_NOT_UNIT_WORD = re.compile(r"^(?:x|and|or|to|of|per|in|on|at|for|the|by|st|nd|rd|th|year|yr|hrs?|times|am|pm)$", re.IGNORECASE)


def requirement_shapes(p, rv) -> None:
    """A range written but one value read; a bound word written but no bound read; a unit written
    next to the value but not read."""
    for i, r in enumerate(p.requirements):
        if r.confidence <= 0.3 or r.kind == "qualification":
            continue
        reason = None
        text = re.sub(r"[（(][^）)]*[)）]", "", r.text)  # a condition in brackets is not the bound
        if r.operator not in (None, "range") and _RANGE.search(text) and not re.search(
                r"[≥≤]|>=|<=|不低于|不少于|不小于|不超过|不高于|不大于|at least|not? (?:less|more|fewer) than|minimum|maximum|"
                r"not (?:to )?exceed|or (?:less|more)\b|以上|以下|以内",
                text, re.IGNORECASE):
            reason = "the text writes a range, one value was read"
        elif r.operator is None and r.value is None and _BOUND_THEN_NUMBER.search(r.text):
            reason = "the text states a bound, none was read"
        elif r.operator is None and r.value is None and " | " in r.snippet and _MEASURED.search(r.snippet):
            reason = "a specification row writes a measured value, none was read"
        elif r.unit and isinstance(r.value, (int, float)) and _unit_cut(r.text, r.value, r.unit):
            reason = f"the unit written after {r.value} is longer than '{r.unit}'"
        elif r.operator == "=" and _DURATION.match(r.unit or "") and _TIME_LIMIT.search(r.text):
            reason = f"a time limit read as exactly {r.value} {r.unit}"
        elif r.unit is None and isinstance(r.value, (int, float)):
            for m in _ATTACHED_UNIT.finditer(r.text):
                try:
                    same = float(m.group(1)) == float(r.value)
                except ValueError:
                    continue
                unit = m.group(2) or m.group(3)
                if unit and m.group(0)[len(m.group(1))].isspace() and not _SPACED_UNIT.match(unit):
                    continue
                if same and unit and unit not in _NOT_UNIT_CJK and not _NOT_UNIT_WORD.match(unit):
                    reason = f"{r.value} is written with '{unit}', read without a unit"
                    break
        if reason:
            rv.flag(f"requirements[{i}]", reason, r.snippet)
            r.confidence = 0.3


# A number with a unit of measure (not a count, not a date): "2.4 GHz", "512GB", "1600 W", "45 days".
_MEASURED = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s*(?:[kKMGTP]?(?:Hz|B|bps|W|VA|V)|°C|℃|%|mm|TB|GB|MB|days?|hours?|minutes?|"
                       r"years?|months?|小时|分钟|天|个月|GHz|kWh?)(?![A-Za-z])")
_BOUND_THEN_NUMBER = re.compile(r"(?:[≥≤]|>=|<=|不低于|不少于|不小于|不超过|不高于|不大于|\bat least\b|\bno (?:less|more) than\b|"
                                r"\bnot (?:less|more) than\b|\bminimum(?: of)?\b|\bmaximum(?: of)?\b|\bup to\b|\bwithin\b)\s*[:：]?\s*\d",
                                re.IGNORECASE)
_DURATION = re.compile(r"^(?:日历天|工作日|自然日|天|日|小时|分钟|秒|周|个月|月|年|days?|hours?|minutes?|seconds?|weeks?|months?|"
                       r"calendar days|working days|business days)$", re.IGNORECASE)
_TIME_LIMIT = re.compile(r"内|之内|以内|不迟于|不超过|\bwithin\b|\bby\b|\bno later than\b|后|\bafter\b", re.IGNORECASE)


def _unit_cut(text: str, value: float, unit: str) -> bool:
    """"≥200T/m/s" read as 200 T: the unit written right after the value goes on past the unit read."""
    written = str(int(value)) if float(value).is_integer() else str(value)
    at = text.find(unit)
    while at >= 0:
        before, after = text[:at].rstrip(), text[at + len(unit):at + len(unit) + 2]
        word = re.match(r"[A-Za-zµμ/]*", text[at:]).group(0)
        if word.lower() in (unit.lower() + "s", unit.lower() + "es", unit.lower() + "/s") and not word.endswith("/s") \
                or word.lower().rstrip("s") == unit.lower():
            at = text.find(unit, at + 1)
            continue  # "inches" read as inch, "ports" as port: the same unit written in full
        if before.endswith(written) and not before[:-len(written)][-1:].isdigit() and \
                (re.match(r"/[A-Za-zµμ]", after) or re.match(r"[A-Za-z]", after) and re.search(r"[A-Za-zµμ]$", unit)):
            # A Latin unit running into letters ("T" of "T/m/s"); a counting word before a noun ("6路HDMI") is whole.
            return True
        at = text.find(unit, at + 1)
    return False


# A title ending in the notice's kind ("…框架协议采购征集", "…公示") or a TED heading ("Germany-Koblenz: Network
# equipment": place and CPV, not the buyer's title).
_NOTICE_TAIL = re.compile(r"(?:征集|公示|公告|通知|通告|Notice|Announcement)$|^[A-Z][a-zA-Z]+(?: [A-Z][a-zA-Z]+)*-[\w .'()-]{2,40}:\s")
_LINK_WORDS = re.compile(r"\b(?:through|on behalf of|acting (?:as|for|through)|in (?:partnership|cooperation) with|c/o|via)\b|"
                         r"(?:委托|通过|代理)", re.IGNORECASE)


def names_read_whole(p, rv, lines: list[tuple[int, str]]) -> None:
    """A buyer that runs on (", … through the State Procurement Bureau", cut off at the field's length), a page
    banner in capitals, a project name that is a label of the notice ("Language: English")."""
    for field in ("buyer", "agency"):
        v = (getattr(p, field) or "").strip()
        if not v:
            continue
        if _LINK_WORDS.search(v) or len(v) > 90 or ";" in v or "；" in v:
            rv.flag(field, f"'{v[:60]}…' runs on past one organisation", p.provenance[field].snippet)
    name = (p.project_name or "").strip()
    if not name:
        return
    label = re.compile(rf"^\s*{re.escape(name)}\s*(?:[:：|]|\s\|)", re.IGNORECASE)
    latin = not re.search(r"[\u4e00-\u9fff]", name)
    if any(label.match(t) for _, t in lines) or (latin and len(name.split()) < 2) or _NOTICE_TAIL.search(name) or \
            re.fullmatch(r"(?:bid(?:ding)?|tender|rfp|rfq|solicitation|procurement)\s+documents?|招标文件|采购文件|"
                         r"(?:request for proposals?|invitation to bid)\s+documents?", name, re.IGNORECASE):
        rv.flag("project_name", f"'{name}' reads as a label or a document's kind, not the project",
                p.provenance["project_name"].snippet)
