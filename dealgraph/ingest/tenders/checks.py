"""Self-checks: a parse checked against itself, so a human looks where it may be wrong.

Each field gets a confidence (how it was found: a labelled value is surer than a fallback). Then
checks that hold in every well-formed notice: scoring items add up to the total the notice states
(or to 100); lot budgets do not exceed the total; the number of ★ items matches a stated count
("以下★号条款共N项"); the deadline falls after the publication date; a parameter's unit fits its
quantity (a bandwidth is not in 个). A failed check lowers the field's confidence and adds
{field, reason, snippet} to `needs_review`. A field not found at all is listed too.
"""

from __future__ import annotations

import re
from datetime import datetime

from ...schema.values import cn_number
from . import coverage_checks as coverage
from . import fact_checks as facts
from . import line_reading, row_names, value_reading
from . import second_reading as second
from . import shape_checks as shape
from .extractors.shapes import DOC_TYPE_ONLY
from .model import ParsedTender
from .requirements import merge_bare_bounds
from .text import snippet

SURE, FALLBACK, DOUBT = 0.9, 0.6, 0.3
_KEY_FIELDS = ("project_name", "tender_number", "buyer", "budget", "deadline")
_PUBLISHED = re.compile(r"(?:发布(?:时间|日期)|公告(?:时间|日期)|Published|Publication date|Date of (?:issue|publication|dispatch)|"
                        r"Issue date|Date issued)\s*(?:of this notice)?\s*[:：]?\s*(?P<v>.{6,40})", re.IGNORECASE)
_STAR_COUNT = re.compile(r"(?:[★※]|实质性|否决项|否决条款|必要(?:规格|条款|项目?)?[」”\"]?\s*者)[^。；;]{0,12}?(?:共|合计|计)\s*(\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:项|条|个)|"
                         r"(?:共|合计|计)\s*(\d{1,3})\s*(?:项|条|个)\s*(?:[★※]|实质性)|"
                         r"\b(?:the following|all|these|there are)\s+(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|"
                         r"eleven|twelve|fifteen|twenty)\s+(?:\(\d{1,2}\)\s+)?(?:mandatory|(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go)|essential)\s+"
                         r"(?:requirements|criteria|items)\b", re.IGNORECASE)
_WORD_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
# Measures whose unit is not a count: the words of the parameter, the unit dimensions that fit.
_MEASURES = [
    (re.compile(r"带宽|吞吐|速率|bandwidth|throughput|speed|data rate|uplink|downlink", re.IGNORECASE), "rate"),
    (re.compile(r"容量|内存|存储空间|memory|capacity|storage|disk", re.IGNORECASE), "size"),
    (re.compile(r"温度|temperature", re.IGNORECASE), "temperature"),
    (re.compile(r"时延|延迟|延时|响应时间|切换时间|latency|response time|failover|switchover", re.IGNORECASE), "time"),
    (re.compile(r"功率(?!因数|因子|密度)|power draw|power consumption", re.IGNORECASE), "power"),
]
_UNIT_DIM = [
    (re.compile(r"^[KMGTP]?(?:bps|b/s|B/s|Bps)$|^[KMGT]pps$|^pps$", re.IGNORECASE), "rate"),
    (re.compile(r"^[KMGTPE]i?B$|^字节$"), "size"),
    (re.compile(r"^(?:℃|°C|°F)$"), "temperature"),
    (re.compile(r"^(?:ms|μs|us|ns|s|秒|毫秒|分钟|小时|min|minutes?|seconds?|hours?|h|天|days?)$", re.IGNORECASE), "time"),
    (re.compile(r"^[kKmM]?(?:W|VA|Wp)$"), "power"),
]


_COUNT = re.compile(r"^(?:个|台|套|点|只|块|路|项|口|张|条|组|units?|nodes?|sets?|pcs|ports?|x)$", re.IGNORECASE)


def _dim(unit: str | None) -> str | None:
    if not unit:
        return None
    for rx, dim in _UNIT_DIM:
        if rx.match(unit):
            return dim
    return "other"


def _when(iso: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(iso) if iso else None
    except ValueError:
        return None


# The notice says it discloses no budget or sets no ceiling: a budget not found is then what it states.
_NO_BUDGET = re.compile(r"(?:budget|estimated (?:contract |total )?value|estimate|ceiling|reserve price)[^.;。]{0,40}?\b(?:is|will|shall)\s+not\s+"
                        r"(?:be\s+)?(?:disclosed|published|stated|made (?:public|available))|\bnot disclosed\b|\bno (?:budget|ceiling|"
                        r"reserve price|upper (?:price )?limit)\b|\bdoes not (?:disclose|state|publish) (?:a |the |its |any )?(?:budget|estimate|"
                        r"value|ceiling)|不设(?:定|置)?(?:最高限价|控制价|预算|上限)|不公[开布](?:预算|最高限价|控制价)|(?:预算|最高限价)[^，。；]{0,6}不[予公]?公[开布]|"
                        r"不[訂设設][定置]?底[價价]|不公告底[價价]|底[價价][^，。；]{0,4}不(?:予)?公[開告布]", re.IGNORECASE)


def no_budget_stated(lines: list[tuple[int, str]]) -> bool:
    return any(_NO_BUDGET.search(t) for _, t in lines)


class Review:
    def __init__(self, parsed: ParsedTender):
        self.p = parsed

    def flag(self, field: str, reason: str, text: str, confidence: float = DOUBT) -> None:
        self.p.needs_review.append({"field": field, "reason": reason, "snippet": snippet(text or "", 120)})
        self.p.confidence[field] = min(self.p.confidence.get(field, confidence), confidence)


def run_checks(parsed: ParsedTender, lines: list[tuple[int, str]], stated: dict, fallback: set[str]) -> None:
    """Fill `parsed.confidence` and `parsed.needs_review`."""
    p, rv = parsed, Review(parsed)
    for f in ("project_name", "tender_number", "buyer", "agency", "region", "budget", "max_price", "deadline",
              "opening_time"):
        if getattr(p, f) not in (None, ""):
            p.confidence[f] = FALLBACK if f in fallback else SURE
    for f in _KEY_FIELDS:
        # A notice that names no budget with an amount (or says it discloses none) states none: not found is right.
        if getattr(p, f) in (None, "") and lines and not (f == "budget" and (no_budget_stated(lines) or
                                                                          not facts.budget_spoken(p, lines))):
            rv.flag(f, "not found", "", 0.0)
    _names(p, rv)
    _names_whole(p, rv, lines)
    _name_is_a_cell(p, rv, lines)
    _bound_read_as_exact(p, rv)
    _documents_as_musts(p, rv)
    _money(p, rv)
    _budget_from_cap(p, rv, lines, fallback)
    _dates(p, rv, lines)
    _scoring(p, rv, stated)
    _scoring_named(p, rv, lines)
    _stars(p, rv, lines)
    _musts_named(p, rv, lines)
    _units(p, rv)
    _numbers_as_written(p, rv)
    _uncovered_bounds(p, rv, lines)
    _one_of_two_bounds(p, rv)
    second.requirement_shapes(p, rv)
    second.mandatory_marks(p, rv, lines)
    second.lot_count(p, rv, lines)
    second.deadline_zone(p, rv)
    second.deadline_candidates(p, rv, lines)
    facts.deadline_revised(p, rv)
    facts.deadline_in_utc(p, rv, lines)
    second.budget_candidates(p, rv, lines)
    facts.budget_listed(p, rv, lines)
    second.cap_named(p, rv, lines)
    second.currency_named(p, rv, lines)
    second.names_read_whole(p, rv, lines)
    shape.tender_number(p, rv)
    facts.number_against_model(p, rv)
    shape.project_name(p, rv)
    shape.buyer(p, rv)
    shape.deadline_source(p, rv)
    coverage.must_column(p, rv, lines)
    coverage.unread_bounds(p, rv, lines)
    coverage.unread_terms(p, rv, lines)
    coverage.item_number_as_parameter(p, rv)
    coverage.ranges_in_text(p, rv)
    coverage.year_span_as_range(p, rv)
    coverage.unit_unread(p, rv)
    coverage.value_unread(p, rv)
    coverage.unread_measures(p, rv, lines)
    coverage.quantity_rows(p, rv, lines)
    line_reading.unread_facts(p, rv, lines)
    value_reading.unit_as_written(p, rv)
    value_reading.unit_cut_short(p, rv)
    value_reading.operator_as_written(p, rv)
    row_names.row_name_unread(p, rv)
    coverage.budget_by_fallback(p, rv, lines, fallback)
    if not p.requirements and lines:
        rv.flag("requirements", "no requirement found", "", 0.0)


# A person ("Tremblay, Nathalie", "Ms. Jane Doe", "联系人 张伟") where an organisation is meant.
_PERSON = re.compile(r"^(?:[A-Z][a-z'’-]+,\s*[A-Z][a-z'’-]+(?:\s+[A-Z]\.?)?|(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+[A-Z][\w.'’ -]{1,40}|"
                     r"[\u4e00-\u9fff]{2,3}(?:先生|女士|老师|工)?)$")
_ORG_WORD = re.compile(r"局|院|中心|公司|委员会|委|厅|处|部|署|校|学|所|办|集团|银行|医院|政府|站|队|馆|会|社|室|司|行|府|台|场|\b(?:"
                       r"Agency|Authority|Department|Ministry|Office|Council|Board|Commission|Service|Services|"
                       r"University|College|School|Hospital|Bank|Company|Corporation|Inc|Ltd|LLC|Limited|Government|"
                       r"State|City|County|Trust|Institute|Centre|Center|Division|Bureau|Fund|Group)\b", re.IGNORECASE)

# A title that names the buyer ("LAKE COUNTY, OHIO", "某某有限公司"), not what is bought.
_ORG_NAME = re.compile(r"^(?:(?:The\s+)?(?:State|County|City|Town|Government|Republic|Ministry|Department)\s+of\b[^,]{0,40}|"
                       r"[A-Z][\w.&' -]{0,40}\b(?:County|City|Township|Council|Authority|Department|Ministry|Agency)"
                       r"(?:,\s*[A-Za-z .]{2,24})?|[\u4e00-\u9fff]{2,30}(?:有限公司|分公司|集团|政府|管理局|委员会))$", re.IGNORECASE)


# "STANDARD TENDER DOCUMENT FOR THE PROCUREMENT OF …", "Standard Bidding Documents": the form, not the project.
_FORM_TITLE = re.compile(r"^(?:Standard|Model|Sample)\s+(?:Tender|Bidding|Bid|Procurement|Request for Proposals?)\s+Documents?\b",
                         re.IGNORECASE)


def _names(p: ParsedTender, rv: Review) -> None:
    """A buyer that reads as a person's name, a project name that only names the kind of document."""
    for field in ("buyer", "agency"):
        v = (getattr(p, field) or "").strip()
        if v and _PERSON.match(v) and not _ORG_WORD.search(v):
            rv.flag(field, f"'{v}' reads as a person's name, not an organisation", p.provenance[field].snippet)
    name = (p.project_name or "").strip()
    if name and re.search(r"(?:\s(?:and|of|for|the|to|with|in|on|at|by)|,)$", name, re.IGNORECASE):
        rv.flag("project_name", f"'…{name[-30:]}' ends mid-phrase: the title goes on", p.provenance["project_name"].snippet)
    if name and _FORM_TITLE.match(name):
        rv.flag("project_name", f"'{name[:60]}' is the form's title, not the project's", p.provenance["project_name"].snippet)
    if name and (DOC_TYPE_ONLY.match(name) or len(name) < 4):
        rv.flag("project_name", f"'{name}' names the kind of document, not the project", p.provenance["project_name"].snippet)
    elif name and (_ORG_NAME.match(name) or name == (p.buyer or "").strip()):
        rv.flag("project_name", f"'{name}' names an organisation, not the project", p.provenance["project_name"].snippet)


# What a page or a form adds to an organisation's name: a stamp note, the portal's name after a dash.
_NAME_DEBRIS = re.compile(r"[（(][^）)]{0,6}(?:章|签字|签名|盖章)[^）)]{0,4}[）)]|\s[-–|]\s*(?:Bids?\s*&\s*Tenders|e-?Tender\w*|"
                          r"e-?Procurement|Portal|Procurement Portal|Home)\b|\s[-–|]\s*\S*(?:网|平台|门户)$", re.IGNORECASE)


def _names_whole(p: ParsedTender, rv: Review, lines: list[tuple[int, str]]) -> None:
    """A name cut short (every place the notice writes it goes on with more letters: "… with 500 kWh B"), or carrying
    what the page adds to it ("（盖单位章）", " - Bids & Tenders")."""
    for field in ("project_name", "buyer"):
        v = (getattr(p, field) or "").strip()
        if not v:
            continue
        if _NAME_DEBRIS.search(v):
            rv.flag(field, f"'{v[:60]}' carries a stamp note or the portal's name", p.provenance[field].snippet)
            continue
        if len(v) < 12:
            continue
        key = re.sub(r"\s+", " ", v)
        after = [t[t.find(key) + len(key):t.find(key) + len(key) + 1] for _, t in lines if key in t]
        # A word cut in two (Latin script: Chinese runs words together, so a hanzi after the name says nothing).
        if after and re.search(r"[A-Za-z0-9]$", v) and all(re.match(r"[A-Za-z0-9]", a) for a in after):
            rv.flag(field, f"'…{v[-20:]}' is cut short: the notice goes on with '{after[0]}'", p.provenance[field].snippet)


def _name_is_a_cell(p: ParsedTender, rv: Review, lines: list[tuple[int, str]]) -> None:
    """A project name that is a cell of a table row of three or more cells ("Main quantities"): a column's name."""
    name = (p.project_name or "").strip()
    short = len(name.split()) <= 3 if not re.search(r"[\u4e00-\u9fff]", name) else len(name) <= 8
    from .fields import label_of

    def column_name(t: str) -> bool:  # a cell of the row, not the value right after a "Title" label cell
        cells = [c.strip() for c in t.split(" | ")]
        k = cells.index(name) if name in cells else -1
        header_like = all(len(c.split()) <= 6 and not re.search(r"\d", c) for c in cells)  # a row of column names
        return len(cells) >= 3 and k >= 0 and (header_like or not (k > 0 and label_of(cells[k - 1]) == "project_name"))

    if name and short and any(column_name(t) for _, t in lines):
        rv.flag("project_name", f"'{name[:60]}' is a cell of a table, not the notice's title", p.provenance["project_name"].snippet)


def _bound_read_as_exact(p: ParsedTender, rv: Review) -> None:
    """A requirement whose words state a bound ("16 GB DDR5 or higher") read as exactly its value."""
    for i, r in enumerate(p.requirements):
        if r.operator != "=" or r.value is None or not r.unit or isinstance(r.value, list):
            continue
        v = re.escape(f"{r.value:g}" if isinstance(r.value, float) else str(r.value))
        near = re.search(rf"(?<![\d.]){v}\s*\S{{0,8}}(?:\s+\S+){{0,3}}?\s*(?:or (?:higher|more|better|greater|larger|above|less|lower|"
                         rf"fewer|below)\b|以上|以下|以内|\(?minimum\)?)|(?:at least|minimum|no (?:less|more) than|not (?:less|more) "
                         rf"than|up to|不低于|不少于|不小于|不超过|不高于|不大于|[≥≤])\s*(?:(?!\d|(?:one|two|three|four|five|six|eight|ten)\b)\S+\s+){{0,2}}?"
                         rf"{v}(?![\d.])", r.text,
                         re.IGNORECASE)
        if near:
            rv.flag(f"requirements[{i}]", f"the text states a bound, read as exactly {r.value} {r.unit}", r.snippet)
            r.confidence = min(r.confidence, DOUBT)


_DOCUMENT = re.compile(r"certificate|certification of incorporation|permit|licen[cs]e|form of (?:tender|bid)|tax compliance|"
                       r"financial statements|audited accounts|bank guarantee|tender security|bid security|registration|"
                       r"营业执照|资质证书|证书|证明|授权书|保证金|财务报表|纳税|社保", re.IGNORECASE)


def _documents_as_musts(p: ParsedTender, rv: Review) -> None:
    """Several mandatory technical items that name documents to submit (certificates, permits, the form of tender,
    financial statements): qualification conditions counted as musts of the specification."""
    docs = [r for r in p.requirements if r.mandatory and r.kind != "qualification" and _DOCUMENT.search(r.text)]
    if len(docs) >= 3:
        rv.flag("mandatory", f"{len(docs)} mandatory items name documents to submit: qualification conditions, not "
                             "specifications?", docs[0].snippet)


_BUDGET_LABEL = re.compile(r"预算|估算|概算|Budget|Estimated (?:contract |total |procurement )?(?:value|cost|amount)", re.IGNORECASE)


def _budget_from_cap(p: ParsedTender, rv: Review, lines: list[tuple[int, str]], fallback: set[str]) -> None:
    """The budget taken from the price cap (none read under a budget label), while a line names a budget with an
    amount the cap is not: the budget's own line was not read."""
    if not (p.budget and p.max_price and "budget" in fallback and p.budget.amount == p.max_price.amount):
        return
    from .money import parse_money

    for _, t in lines:
        if _BUDGET_LABEL.search(t) and not re.search(r"限价|控制价|cap|ceiling|maximum", t, re.IGNORECASE):
            m = parse_money(t[_BUDGET_LABEL.search(t).end():], p.budget.currency)
            if m and m.amount > 0 and abs(m.amount - p.budget.amount) > 0.005 * p.budget.amount:
                rv.flag("budget", f"the budget is the price cap, but a line names a budget of {m.amount:,.0f}", t)
                return


def _money(p: ParsedTender, rv: Review) -> None:
    for field in ("budget", "max_price"):
        m = getattr(p, field)
        if m is not None and m.amount <= 0:
            rv.flag(field, f"{field} read as {m.amount:g} {m.currency}: no notice states a zero amount",
                    p.provenance[field].snippet)
    if p.budget and p.max_price and p.budget.currency == p.max_price.currency and p.max_price.amount > 0 \
            and not 0.2 <= p.budget.amount / p.max_price.amount <= 5:
        rv.flag("budget", f"budget {p.budget.amount:,.0f} and price cap {p.max_price.amount:,.0f} are far apart: "
                          "one of them is read wrong", p.provenance["budget"].snippet)
    lot_money = [lot.budget for lot in p.lots if lot.budget]
    total = p.budget or p.max_price
    if total and lot_money and all(m.currency == total.currency for m in lot_money):
        s = sum(m.amount for m in lot_money)
        if s > total.amount * 1.001 and (p.max_price is None or s > p.max_price.amount * 1.001) and \
                (p.budget is None or s > p.budget.amount * 1.001):
            rv.flag("lots", f"lot budgets add up to {s:,.0f}, more than the total {total.amount:,.0f}",
                    "; ".join(lot.snippet for lot in p.lots)[:120])
            field = "budget" if p.budget else "max_price"  # either the total or the lots are read wrong
            rv.flag(field, f"the total {total.amount:,.0f} is less than the lot budgets ({s:,.0f})",
                    p.provenance[field].snippet)
    if p.lots:
        p.confidence.setdefault("lots", SURE)


def _dates(p: ParsedTender, rv: Review, lines: list[tuple[int, str]]) -> None:
    from .dates import parse_datetime

    deadline = _when(p.deadline)
    published = None
    for _, text in lines[:80]:
        m = _PUBLISHED.search(text)
        if m:
            published = _when(parse_datetime(m.group("v")))
            if published:
                break
    if deadline and published and deadline.tzinfo and published.tzinfo and deadline <= published:
        rv.flag("deadline", f"deadline {p.deadline} is not after the publication date {published.date()}",
                p.provenance["deadline"].snippet)
    snip = p.provenance["deadline"].snippet if p.deadline else ""
    if deadline and (deadline.hour, deadline.minute) == (0, 0) and not re.search(r"0?0[:.]00|24[:.]00|midnight|零时|0时|24时",
                                                                                 snip, re.IGNORECASE):
        rv.flag("deadline", "read without a time of day: a date alone, or a date from another line", snip)
    opening = _when(p.opening_time)
    if deadline and opening and opening < deadline:
        rv.flag("opening_time", "bid opening before the submission deadline", p.provenance["opening_time"].snippet)


def _scoring(p: ParsedTender, rv: Review, stated: dict) -> None:
    if not p.scoring:
        return
    seen, total = set(), 0.0
    for s in p.scoring:  # the same criteria repeated per lot count once
        key = (re.sub(r"\W", "", s.item.lower()), s.points)
        if key not in seen:
            seen.add(key)
            total += s.points
    want, where = (stated["scoring_total"][0], "the notice states") if "scoring_total" in stated else (100.0, "expected")
    p.confidence["scoring"] = SURE
    if "scoring_total" not in stated and total in (100.0, 1000.0):
        return  # no total stated: a 100- or 1000-point scale adds up
    if abs(total - want) > 0.51:
        rv.flag("scoring", f"scoring items add up to {total:g}, {where} {want:g}",
                stated["scoring_total"][2] if "scoring_total" in stated else p.scoring[0].snippet)


def _stars(p: ParsedTender, rv: Review, lines: list[tuple[int, str]]) -> None:
    # Items, not clauses: one ★ item stating two bounds is read as two requirements sharing its snippet.
    n = sum(1 for r in p.requirements if r.mandatory)
    p.confidence["mandatory"] = SURE
    for _, text in lines:
        m = _STAR_COUNT.search(text)
        if m:
            said = next(g for g in m.groups() if g).lower()
            want = int(said) if said.isdigit() else _WORD_NUMBER.get(said) or cn_number(said)
            if want != n:
                rv.flag("mandatory", f"{n} mandatory items found, the notice states {want}", text)
            return


def _units(p: ParsedTender, rv: Review) -> None:
    for i, r in enumerate(p.requirements):
        r.confidence = SURE if r.operator or r.kind == "qualification" else FALLBACK
        words = f"{r.parameter or ''} {r.text[:60]}"
        if r.value is None or isinstance(r.value, str):
            continue
        wants = [want for rx, want in _MEASURES if rx.search(r.parameter or "") or (not r.parameter and rx.search(words))]
        # Only a count (or no unit) where a measure is meant is wrong: "交换容量 230 Tbps" is a rate, fine.
        if wants and (r.unit is None or _COUNT.match(r.unit)):
            rv.flag(f"requirements[{i}]", f"{r.parameter or 'the value'}: {r.value} {r.unit or '(no unit)'} is a count, "
                                          f"not a {wants[0]}", r.snippet)
            r.confidence = DOUBT
            continue
        # A unit of another known measure where the name states one that has a single kind of unit ("额定输出功率
        # <= 40 ℃": a condition's figure read as the power). A capacity may be a size, a power or a volume: left out.
        dim = _dim(r.unit)
        strict = [w for w in wants if w != "size"]
        if strict and dim not in (None, "other") and dim not in wants:
            rv.flag(f"requirements[{i}]", f"{r.parameter or 'the value'}: {r.value} {r.unit} is a {dim}, not a {strict[0]}",
                    r.snippet)
            r.confidence = DOUBT


# The notice speaks of musts: ★/※ items, 实质性条款, "(M)", "[Mandatory", pass/fail requirements.
_MUST_WORDS = re.compile(r"[★※]|实质性(?:条款|要求)|不允许负偏离|否决性条款|必要规格|\((?:M|Mandatory)\)|\[(?:M|Mandatory)\b|"
                         r"(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go)|\bmandatory (?:minimum )?(?:requirements?|criteria|specifications?)\b|"
                         r"\b(?:requirements?|specifications?|items?|criteria)\b[^.;]{0,30}\bare mandatory\b", re.IGNORECASE)


def _musts_named(p: ParsedTender, rv: Review, lines: list[tuple[int, str]]) -> None:
    """No mandatory item read, yet the notice speaks of mandatory ones: the markers were missed."""
    if any(r.mandatory for r in p.requirements):
        return
    hit = next((t for _, t in lines if _MUST_WORDS.search(t)), None)
    if hit:
        rv.flag("mandatory", "no mandatory requirement read, but the notice speaks of mandatory (pass/fail) ones", hit)


_WRITTEN_NUMBER = re.compile(r"(?<![A-Za-z0-9.,])(\d+(?:[.,]\d+)*)\s*([A-Za-zµμ%℃°/]+)?")
# Units of measure (not counts: "1,100 patrol vehicles" has none): left unread, the value means something else.
_MEASURE_UNIT = re.compile(r"^(?:[kKMGTPµμnm]?(?:bps|b/s|bit/s|B/s|Bps|B|Hz|W|VA|V|s|pps|FLOPS|IOPS)|rpm|dB|℃|°C?|%|P|"
                           r"cd/?.*|lux|lm|nits?|fps|dpi|ppi|Ah|mAh|inch|mm|cm|km|kg|ms)$")


def _numbers_as_written(p: ParsedTender, rv: Review) -> None:
    """Read the value a second way: the number as written next to a unit in the requirement's own text.
    A value that is not among them (12 of "12,8 Tbit/s"), or a number followed by a unit-like word left
    unread ("1080P", "21000rpm" with no unit), means the first reading went wrong."""
    for i, r in enumerate(p.requirements):
        if r.value is None or isinstance(r.value, (str, list)) or r.confidence <= DOUBT:
            continue
        written = [(m.group(1), m.group(2)) for m in _WRITTEN_NUMBER.finditer(r.text)]
        values = {_as_float(n) for n, _ in written} | {_as_float(n.replace(",", "."))
                                                        for n, _ in written if "," in n}
        values |= {-v for v in values if v}  # "-80 °C or lower": the sign is written before the number
        reason = None
        if written and float(r.value) not in values and not re.search(r"[一二两三四五六七八九十百千万亿]", r.text):
            reason = f"{r.value} is not a number the text writes"
        elif r.unit is None and any(_as_float(n) == float(r.value) and u and _MEASURE_UNIT.match(u)
                                    for n, u in written):
            unit = next(u for n, u in written if _as_float(n) == float(r.value) and u)
            reason = f"{r.value} is written with '{unit}', read without a unit"
        if reason:
            rv.flag(f"requirements[{i}]", reason, r.snippet)
            r.confidence = DOUBT


def _as_float(n: str) -> float | None:
    try:
        return float(n.replace(",", ""))
    except ValueError:
        return None


_BOUND_LINE = re.compile(r"[≥≤]|>=|<=|不低于|不少于|不小于|不超过|不高于|不大于|\bat least\b|\bno (?:less|more) than\b|"
                         r"\bnot (?:less|more) than\b|\bminimum of\b|\bmaximum of\b|\bwithin \d|\bor (?:more|less|better)\b|"
                         r"[-+]?\d+(?:\.\d+)?\s*(?:℃|°C)?\s*(?:~|～|至|\bto\b)\s*[-+]?\d+(?:\.\d+)?\s*(?:℃|°C)",
                         re.IGNORECASE)


# Rules of the procedure, not of the goods or the bidder: an objection period, the bid price against the cap.
_PROCEDURE = re.compile(r"公示期|质疑期|异议期|投诉|投标报价不(?:得)?高于|报价不(?:得)?超过|投标有效期|\bstandstill\b|"
                        r"\bbid validity\b|\bvalidity period\b", re.IGNORECASE)


def _bound_read_elsewhere(line: str, read: set) -> bool:
    from .requirements import parse_spec

    cell = max(line.split("|"), key=lambda c: len(_BOUND_LINE.findall(c)))
    s = parse_spec(cell)
    return s.value is not None and (s.operator, str(s.value), s.unit) in read


def _uncovered_bounds(p: ParsedTender, rv: Review, lines: list[tuple[int, str]]) -> None:
    """A second route to the requirements: every line stating a bound (≥, at least, 不低于 …). Many such
    lines that no requirement covers mean a part of the notice was not read as requirements: each is
    listed (up to 12), so a human sees which lines."""
    texts = [re.sub(r"\W", "", f"{r.text} {r.snippet}").lower() for r in p.requirements]
    # The same bound read from another line ("计划工期：180日历天" in the notice and "不超过180日历天" in a data sheet).
    read = {(r.operator, str(r.value), r.unit) for r in p.requirements if r.value is not None}
    missed = []
    for _, t in lines:
        if not _BOUND_LINE.search(t) or _PROCEDURE.search(t):
            continue
        key = re.sub(r"\W", "", t).lower()
        probe = key[len(key) // 3: len(key) // 3 + 12] if len(key) > 24 else key
        if not any(probe in x for x in texts) and not _bound_read_elsewhere(t, read):
            missed.append(t)
    bounded = sum(1 for _, t in lines if _BOUND_LINE.search(t))
    # A specification row ("2 | 二次电子像分辨率 | ≤0.8nm@15kV | ※") not read is listed even alone.
    rows = [t for t in missed if t.count("|") >= 2 and re.search(r"[≥≤]|>=|<=|不低于|不少于|不小于|不超过|不高于|不大于|~|～", t)]
    if rows and not (len(missed) >= 3 and len(missed) >= 0.4 * bounded):
        missed = rows
    if missed and (rows or (len(missed) >= 3 and len(missed) >= 0.4 * bounded)):
        for t in missed[:12]:
            rv.flag("requirements", f"a line stating a bound was not read as a requirement ({len(missed)} of {bounded} "
                                    "such lines)", t)


# Two bounds in one requirement's text ("respond within 2 hours and restore within 8 hours"): two requirements.
_BOUND_NUMBER = re.compile(r"(?:[≥≤]|>=|<=|不低于|不少于|不小于|不超过|不高于|不大于|\bat least\b|\bno (?:less|more) than\b|"
                           r"\bnot (?:less|more) than\b|\bminimum of\b|\bmaximum of\b|\bwithin\b|\bup to\b)\s*"
                           r"(?:of\s+)?(\d[\d,]*(?:\.\d+)?)", re.IGNORECASE)


def _one_of_two_bounds(p: ParsedTender, rv: Review) -> None:
    """A requirement whose own text states two bounds, read as one requirement: the other bound was lost."""
    by_text: dict[str, int] = {}
    for r in p.requirements:
        by_text[r.snippet] = by_text.get(r.snippet, 0) + 1
    for i, r in enumerate(p.requirements):
        if r.value is None or isinstance(r.value, list) or by_text.get(r.snippet, 0) > 1 or r.confidence <= DOUBT:
            continue
        # Bounds inside brackets state a condition ("≤127eV（计数率≥100kcps时）"), not a second requirement.
        # "≤0.8nm@15kV；≤1.2nm@1kV" is one measure under two conditions (merge_bare_bounds).
        pieces = merge_bare_bounds(re.split(r"[；;，,]", re.sub(r"[（(][^）)]*[)）]", "", r.text)))
        # Bounds on one figure are one bound written twice ("not less than 80 kWh 不少於80千瓦時": a bilingual row).
        if len({float(n.replace(",", "")) for p in pieces for n in _BOUND_NUMBER.findall(p.split("；")[0])}) >= 2:
            rv.flag(f"requirements[{i}]", "the text states two bounds, one requirement was read", r.snippet)
            r.confidence = DOUBT


# The notice speaks of scored evaluation: points, weightings, a scoring method.
_SCORED = re.compile(r"综合评分法|评分标准|评分办法|评分细则|评審標準|評分|评选项目|配分|评审因素|评分因素|\b(?:point[- ]rated|rated (?:criteria|requirements)|"
                     r"weightings?|weightages?|price[- ]quality method|weighted (?:criteria|scoring)|award criteria|evaluation criteria|scoring (?:criteria|matrix|"
                     r"scheme)|marking scheme|maximum (?:points|score)|points? (?:available|awarded))\b", re.IGNORECASE)


# The notice says it scores nothing: "No points or weighted criteria will be used", "No marks or weightage", "不设评分".
_NO_POINTS = re.compile(r"\bno (?:points|marks|scores|scoring|weight(?:ing|age)s?|weighted (?:criteria|scoring))\b|"
                        r"\b(?:points|marks|weightings?|weightage) (?:will|shall) not be (?:used|applied|awarded|allocated)\b|"
                        r"不(?:设|采用|实行)(?:评分|打分|综合评分)", re.IGNORECASE)


def _scoring_named(p: ParsedTender, rv: Review, lines: list[tuple[int, str]]) -> None:
    """No scoring criterion read, yet the notice speaks of points or weightings (and not of lowest price only)."""
    from .extractors.scoring import NO_SCORING

    if p.scoring or any(NO_SCORING.search(t) or _NO_POINTS.search(t) for _, t in lines):
        return
    hit = next((t for _, t in lines if _SCORED.search(t)), None)
    if hit:
        rv.flag("scoring", "no scoring criterion read, but the notice speaks of scored evaluation", hit)
