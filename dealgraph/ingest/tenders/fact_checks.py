"""Key facts read a second way: the budget and the deadline against what the notice writes around them.

The first reading takes a labelled value; these checks ask whether the notice writes the fact at all (a
budget 'not found' is only worth a look when the notice names one with an amount), and whether the line a value
came from is the fact's own line. They only point at a field (`needs_review`), they never change it.
"""

from __future__ import annotations

import re

from .money import CURRENCY_PREFIX

# Words that name money set aside for the purchase, and words that name a ceiling on the price.
_BUDGET_WORD = re.compile(r"\bbudget(?:ed)?\b|\bfund(?:s|ing)\b|\bestimated?\s+(?:[a-z-]+\s+){0,3}?(?:value|cost|amount|price)\b|(?:engineer|department|agency|official|owner|"
                          r"employer|purchaser)(?:'s|’s)?\s+(?:cost\s+)?estimate|\bcost estimate|预算|預算|概算|估算|采购金额|採購金額|项目金额",
                          re.IGNORECASE)
_CAP_WORD = re.compile(r"\bceiling\b|\bnot[- ]to[- ]exceed\s+(?:amount|price|value)|\b(?:maximum|upper)\s+(?:contract\s+|bid\s+|"
                       r"tender\s+)?(?:price|value|amount|budget)|\bprice\s+(?:cap|limit)|限价|限價|控制价|控制價|拦标价|底价|底價",
                       re.IGNORECASE)
_CODES = ("USD|EUR|GBP|CNY|RMB|INR|MYR|SGD|AUD|CAD|NZD|HKD|TWD|NTD|MOP|JPY|KRW|CHF|SEK|NOK|DKK|PLN|CZK|HUF|KES|NGN|ZAR|PHP|"
          "AED|SAR|QAR|LKR|BDT|PKR|NPR|GHS|UGX|TZS|ETB|EGP|THB|VND|IDR|BRL|MXN|CLP|COP")
# An amount of money: a currency sign or code next to the figure, a money scale after it, or thousands separators.
_MONEY = re.compile(rf"(?:{CURRENCY_PREFIX})\s?\d|(?-i:\b(?:{_CODES})\b)\s?\d|\d\s?(?-i:(?:{_CODES})\b)|\d\s?(?:万元|亿元|萬元|億元|元|lakhs?|crores?|million|"
                    rf"billion)|[零壹贰叁肆伍陆柒捌玖拾佰仟]+[万亿萬億]?元|(?<![\d.])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!\s*[A-Za-z])",
                    re.IGNORECASE)
# A figure alone in a table cell ("148.62", "1,48,62,000"): the value of a column a header cell labels.
_CELL_FIGURE = re.compile(rf"\s*(?:(?:{CURRENCY_PREFIX})\s?)?[\d,.]{{4,}}\s*(?:lakhs?|crores?|万元|元)?\s*", re.IGNORECASE)


# A figure the notice itself says is not this procurement's value: a wider programme's, for background only.
_NOT_THIS = re.compile(r"\bnot (?:the|an?) (?:value|indication|estimate|budget) of (?:this|the)\b|\bnot an indication of (?:the )?budget\b|"
                       r"\b(?:for )?background (?:information|only)\b|\bfor (?:information|reference) only\b(?![^.;]{0,40}\bbudget\b)",
                       re.IGNORECASE)
# The sentence speaks of another contract, a past or running one ("the current contract for similar services had a
# not-to-exceed amount of …", "the previous LTA had a total value of …").
_OTHER_CONTRACT = re.compile(r"\b(?:current|previous|prior|past|existing|former|last|earlier|incumbent)\s+(?:\w+\s+)?(?:contract|"
                             r"LTA|agreement|framework|procurement|tender)s?\b|上一期|上期|原合同|现有合同", re.IGNORECASE)
# The whole project's investment ("项目概算总投资68.52亿元", "total investment"), of which the tender is a part.
_INVESTMENT = re.compile(r"\s*(?:总投资|總投資|投资|投資|total investment|investment)", re.IGNORECASE)


def budget_spoken(p, lines: list[tuple[int, str]]) -> str | None:
    """The first line that names a budget (or, when no cap was read, a price ceiling) with an amount: after the
    word on its line, on the next line when the word ends a label, or in the same column of the table row below.
    None when the notice names none: a budget 'not found' is then what the notice states."""
    texts = [t for _, t in lines]
    for i, t in enumerate(texts):
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        if _NOT_THIS.search(f"{t} {nxt}"):
            continue
        words = list(_BUDGET_WORD.finditer(t))
        if p.max_price is None:
            words += list(_CAP_WORD.finditer(t))
        # A sentence wrapped onto the next line ("The estimated aggregate value … from this" / "RFP is USD 38,000,000")
        # goes on there.
        run_on = f"{t} {nxt}" if not re.search(r"[.。;；:：|]\s*$", t) else t
        for m in words:
            after = run_on[m.end():m.end() + 80]
            sentence = re.split(r"[.;。；]\s", t[:m.start()])[-1]
            if _INVESTMENT.match(after) or _OTHER_CONTRACT.search(sentence):
                continue
            if _MONEY.search(after) or (not re.search(r"\d", t[m.end():]) and _MONEY.match(nxt.strip())):
                return t
            if "|" in t and nxt.count("|") == t.count("|"):
                cells = nxt.split("|")
                k = t[:m.start()].count("|")
                if _CELL_FIGURE.fullmatch(cells[k]):
                    return t
    return None


# A date on the line ("2026-09-03", "2026年9月3日", "115/02/26", "3 March 2026", "March 3, 2026").
_DATE = re.compile(r"(?<!\d)(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|1\d{2}/\d{1,2}/\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})(?!\d)|"
                   r"\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}\b|"
                   r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b")


def labelled_budget(t: str, currency: str) -> float | None:
    """The amount a line labels as the budget ("预算金额：1,286,500.00元", a row "預算金額 | 12,850,000元"); None for
    none, and for a line about lots, options or parts."""
    from itertools import pairwise

    from . import fields as F
    from .money import parse_money
    from .second_reading import _LOT_WORD

    if _LOT_WORD.search(t):
        return None
    cells = [c.strip() for c in t.split("|")]
    pairs = [(f, v) for f, _, v in F.kv_in_line(t)] + [(F.label_of(a), b) for a, b in pairwise(cells) if len(a) <= 24]
    for field, value in pairs:
        m = parse_money(value, currency) if field == "budget" else None
        if m is not None and m.amount >= 1000:
            return m.amount
    return None


def budget_listed(p, rv, lines: list[tuple[int, str]]) -> None:
    """The budget read from a line that also carries a date (an entry of a list of other notices: "2026-09-03
    预算金额：745,000.00元", "…案(预算金额:新臺幣6,720,000元,截止投標:115/02/26)") while an undated line labels
    another amount as the budget: the notice's own budget is likely that one."""
    if p.budget is None or "budget" not in p.provenance:
        return
    snip = p.provenance["budget"].snippet
    if not _DATE.search(snip):
        return
    for _, t in lines:
        amount = labelled_budget(t, p.budget.currency)
        if amount is not None and not _DATE.search(t) and abs(amount - p.budget.amount) > 0.005 * p.budget.amount:
            rv.flag("budget", f"the budget was read from a dated line that lists a notice; another line labels "
                              f"{amount:,.0f} {p.budget.currency} as the budget", snip)
            return


def _dates_in(text: str) -> list[tuple[int, int, object]]:
    """(start, end, date) of every date written in text, in order."""
    from datetime import date

    from .dates import _date, arabic_dates

    text, out, pos = arabic_dates(text), [], 0
    while True:
        d = _date(text[pos:])
        if d is None:
            return out
        start, y, mo, day, end = d
        if 1900 <= y <= 2200:
            out.append((pos + start, pos + end, date(y, mo, day)))
        pos += end


_OPENED = re.compile(r"\bopen(?:ed|s)?\b|开启|開標|開啟", re.IGNORECASE)


def deadline_revised(p, rv) -> None:
    """The deadline's own line goes on to a later date with no other step named between them ('PROPOSALS DUE |
    Mar 4, 2027, 2:00 PM | Thursday, Mar 18, 2027, 2:00 PM': an addendum's original and revised dates; 'from X to
    Y' read as X): the first date was read, the later one may be the deadline."""
    from datetime import datetime

    from .shape_checks import _OTHER_DATE

    snip = p.provenance["deadline"].snippet if p.deadline and "deadline" in p.provenance else ""
    try:
        read = datetime.fromisoformat(p.deadline).date() if snip else None
    except ValueError:
        return
    dates = _dates_in(snip) if read else []
    at = next((end for _, end, d in dates if d == read), None)
    if at is None:
        return
    for start, _, d in dates:
        between = snip[at:start]
        if start >= at and 0 < (d - read).days < 400 and not (_OTHER_DATE.search(between) or _OPENED.search(between)):
            rv.flag("deadline", f"the deadline's line goes on to a later date, {d.isoformat()}", snip)
            return


def number_against_model(p, rv) -> None:
    """The header model's confident reading of the tender number overlaps the one kept without being it ('GLDT'
    kept, 'GLDT 7/2027' preferred; 'XNDL-2027-KJ-0186发布日期:…' kept, 'XNDL-2027-KJ-0186' preferred): two
    readings of the same reference, one cut short or run on. Only when the model gives the kept value little
    chance: a code beside another code (a portal's id and the buyer's reference) is no overlap."""
    from .header_candidates import norm
    from .shape_checks import tender_number_problem

    ch = (p.header_choices or {}).get("tender_number")
    key = norm(p.tender_number or "")
    if ch is None or not key:
        return
    best = next((s for s in ch.scored if not tender_number_problem(s.value)), None)
    kept = next((s.p for s in ch.scored if s.key == key), 0.0)
    if best is not None and best.key != key and best.p >= 0.7 and kept < 0.3 and (best.key in key or key in best.key):
        rv.flag("tender_number", f"the header model reads the number as '{best.value}' (p={best.p:.2f}), "
                                 f"not '{p.tender_number}' (p={kept:.2f})", p.provenance["tender_number"].snippet
                if "tender_number" in p.provenance else "")


def deadline_in_utc(p, rv, lines: list[tuple[int, str]]) -> None:
    """A deadline read at UTC+00:00 in a notice whose country keeps another time ('4:00pm (Fiji time)' read as
    16:00 UTC): the zone was not understood, the instant is off by the country's offset. Not when the notice's
    currency is that of a country on UTC (a British or Irish notice naming another country in passing)."""
    from datetime import datetime

    from .dates import country_zone, currency_zone

    try:
        d = datetime.fromisoformat(p.deadline) if p.deadline else None
    except ValueError:
        return
    if d is None or d.utcoffset() is None or d.utcoffset().total_seconds():
        return
    zone = country_zone(" ".join(t for _, t in lines[:400]))
    money = p.budget or p.max_price
    cur_zone = currency_zone(money.currency) if money else None
    local = d.replace(tzinfo=None)
    if zone is None or not zone.utcoffset(local).total_seconds() or (cur_zone and not cur_zone.utcoffset(local).total_seconds()):
        return
    rv.flag("deadline", f"the deadline is read in UTC, the notice's country keeps {zone.key} "
                        f"(UTC{zone.utcoffset(local).total_seconds() / 3600:+g} h)", p.provenance["deadline"].snippet
            if "deadline" in p.provenance else "")
