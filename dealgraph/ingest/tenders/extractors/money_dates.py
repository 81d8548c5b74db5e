"""Money and dates: budgets and price caps (per lot too, in prose too), deadlines and opening times.

Amounts keep the currency the notice writes (万元/亿元 labels scale them); times are read in the zone
the notice states, else in its country's local time (ExtractState.zone).
"""

from __future__ import annotations

import re

from ..dates import bare_time, excel_serial, parse_datetime
from ..model import Lot, Money, Provenance
from ..money import CURRENCY_PREFIX, detect_currency, parse_money
from ..text import join_wrapped, snippet
from .shapes import CAP_NAMES_ESTIMATE, CN_DIGIT

# An amount with its currency in front ("HK$6,480,000", "CHF 1.2 million") or behind ("1 200 000 EUR").
_SUFFIX_CURRENCY = (r"(?:USD|EUR|GBP|HKD|CAD|AUD|NZD|CHF|JPY|SGD|INR|SEK|NOK|DKK|PLN|CZK|HUF|BRL|ZAR|MYR|PHP|IDR|AED|KRW|THB|"
                    r"VND|TRY|ILS|SAR|QAR|EGP|NGN|KES|GHS|MXN|COP|CLP|euros?|dollars|pounds)\b")
_MONEY = (rf"(?:(?:{CURRENCY_PREFIX})\s*[\d.,\u00a0\u202f ]*\d(?:\s*(?:million|billion|m\b|bn\b))?|"
          rf"\d[\d.,\u00a0\u202f ]*\d(?:\s*(?:million|billion))?\s*{_SUFFIX_CURRENCY})")
_PROSE_BUDGET = re.compile(r"(?:total\s+)?(?:estimated|indicative|approximate|approved|allocated|available)\s+(?:the\s+)?"
                           r"(?:total\s+|aggregate\s+|overall\s+|combined\s+)?(?:cost|value|budget|amount|"
                           r"contract value)\b[^.;:]{0,90}?\b(?:is|of|at|amounts to|will be)\s+(?:approximately\s+|about\s+)?"
                           rf"(?P<v>{_MONEY})", re.IGNORECASE)
# "The Purchaser's cost estimate, given for information only: Lot 1: USD 1,935,000; …; total: USD 3,045,000".
_COST_ESTIMATE = re.compile(r"\b(?:cost|price|budget|engineer'?s?)\s+estimate\b[^:：.]{0,80}[:：]\s*(?P<v>.*\d.*)$", re.IGNORECASE)
# "the sum of … (PHP 4,800,000.00) being the Approved Budget for the Contract (ABC)": the amount before its name.
_BUDGET_NAMED_AFTER = re.compile(rf"(?P<v>{_MONEY})\)?\s*(?:,\s*)?(?:being|as|which is|is)\s+the\s+(?:Approved\s+)?(?:Budget|"
                                 r"Estimated (?:cost|value)|Approved Budget for the Contract)\b", re.IGNORECASE)
# "The State has budgeted $1,275,000 for the initial term", "funding of up to $X is available for this contract",
# "The County has set aside a budget of Kshs. 86,400,000.00", "the budget for this contract is £96,000".
_PROSE_BUDGETED = re.compile(rf"\b(?:has|have|has been|is)\s+budgeted\s+(?:up to\s+|approximately\s+)?(?P<v>{_MONEY})|"
                             rf"\bfunding of (?:up to\s+)?(?P<w>{_MONEY}) (?:is|has been) (?:available|allocated|approved)|"
                             # "Funds in the amount of $486,000.00 are available for the base CLINs"
                             rf"\bfunds? (?:in the amount of|of) (?:up to\s+)?(?P<f>{_MONEY}) (?:is|are|has been|have been) "
                             r"(?:available|allocated|approved|appropriated|obligated|committed)|"
                             rf"\b(?:set aside|allocated|earmarked|approved|provided|has)\s+(?:a|an)\s+(?:total\s+|overall\s+)?budget\s+"
                             rf"of\s+(?:up to\s+|approximately\s+|about\s+)?(?P<x>{_MONEY})|"
                             # "The City's FY 2028-29 budget for this purchase is $1,146,000"
                             rf"\b(?:the|a|its|[A-Z][\w.&-]*'s)\s+(?:(?:FY|fiscal year|financial year)\s*[\d/–-]+\s+)?"
                             rf"(?:total\s+|overall\s+|annual\s+)?budget(?:\s+(?:allocation|provision|envelope))?\s+(?:for|of)\s+"
                             rf"(?:this|the)\s+(?:contract|procurement|"
                             rf"project|tender|requirement|call-off|purchase)\s+(?:is|will be|amounts to)\s+(?:up to\s+|approximately\s+)?"
                             rf"(?P<y>{_MONEY})|"
                             # "Ecology estimates the total budget available for this contract at $420,000"
                             rf"\b(?:estimates?|anticipates?|projects?)\s+(?:that\s+)?(?:the\s+|its\s+)?(?:total\s+|overall\s+)?"
                             rf"(?:budget|cost|value)\b[^.;]{{0,60}}?\b(?:at|to be)\s+(?:approximately\s+|about\s+|up to\s+)?"
                             rf"(?P<e>{_MONEY})|"
                             # "The total budget available is EUR 300,000."
                             rf"\b(?:the\s+)?(?:(?:total|overall|available|approved|indicative|estimated)\s+)*budget(?:\s+available)?\s+"
                             rf"(?:is|amounts to|will be)\s+(?:up to\s+|approximately\s+|about\s+)?(?P<z>{_MONEY})",
                             re.IGNORECASE)
# "proposals whose total cost exceeds $2,650,000 will be deemed non-responsive": a price cap stated in prose.
_PROSE_CAP = re.compile(rf"(?:exceeds?|exceeding|above|in excess of|more than|greater than)\s+(?P<v>{_MONEY})[^.;]{{0,60}}?"
                        r"(?:non-?responsive|rejected|disqualified|will not be (?:evaluated|considered|accepted))|"
                        # "The not-to-exceed amount for this contract is $250,000", "the maximum contract value is £1m".
                        r"\b(?:not[- ]to[- ]exceed|maximum|ceiling)\s+(?:contract\s+)?(?:amount|price|value|sum)\b[^.;]{0,40}?\b"
                        rf"(?:is|of|will be)\s+(?P<w>{_MONEY})", re.IGNORECASE)
# A sentence about another contract: the one running now or an earlier one ("For reference only, the current contract
# … had a not-to-exceed amount of USD 24,600,000", "the previous contract (2019) was $615,000").
_OTHER_CONTRACT = re.compile(r"\b(?:current|previous|prior|existing|former|past|incumbent|expiring|earlier|last)\s+"
                             r"(?:[\w-]+\s+){0,3}?(?:contracts?|agreements?|purchases?|procurements?|projects?|works|awards?)\b|"
                             r"\bfor (?:reference|information)(?: (?:only|purposes))?\b|上期|前期|原合同|以往|往年",
                             re.IGNORECASE)


def other_contract(text: str, at: int) -> bool:
    """The sentence holding position `at` speaks of another contract than the one tendered."""
    start = max(text.rfind(". ", 0, at), text.rfind("。", 0, at), text.rfind("; ", 0, at)) + 1
    ends = [e for e in (text.find(". ", at), text.find("。", at)) if e >= 0]
    return bool(_OTHER_CONTRACT.search(text[start:min(ends) if ends else len(text)]))


# "本分标估算金额合计2100.00万元，最高投标限价合计2055.00万元": totals stated in a Chinese sentence.
_CN_AMOUNT = (r"(?P<v>(?:人民币)?\s*[¥￥]?\s*\d[\d,]*(?:\.\d+)?\s*(?:亿元|万元|元)|"
              r"(?:人民币)?\s*[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+[元圆](?:[零壹贰叁肆伍陆柒捌玖]角)?(?:[零壹贰叁肆伍陆柒捌玖]分)?整?)")
# "各标包最高投标限价（不含税）合计为人民币30,600,000.00元": a note on the tax may stand between the label and the total.
_TAX_NOTE = r"(?:\s*[（(][^）)]{0,12}[）)])?"
_PROSE_BUDGET_CN = re.compile(r"(?:估算金额|估算总金额|估算价|概算金额|预算金额|采购预算|预算总额)" + _TAX_NOTE +
                              r"(?:合计|总计|共计|总额)\s*(?:为|约|共)?\s*" + _CN_AMOUNT)
_PROSE_CAP_CN = re.compile(r"(?:最高(?:投标)?限价|招标控制价|控制价)" + _TAX_NOTE + r"(?:合计|总计|共计|总额)\s*(?:为|约|共)?\s*"
                           + _CN_AMOUNT)
_DEADLINE_IS_OPENING = re.compile(r"截止(?:时间|日期)?[^。；]{0,4}(?:同|与|即|为)开标(?:时间)?|同开标时间|"
                                  r"deadline[^.;]{0,30}?(?:is |shall be )?(?:the )?same as (?:the )?(?:bid |tender )?opening",
                                  re.IGNORECASE)
_OBJECTION = re.compile(r"公示期限|公示期|异议期限|异议期|质疑期限|(?:objection|standstill|challenge) period", re.IGNORECASE)
_PROSE_DEADLINE = [
    re.compile(r"于\s*(?P<v>\d{4}\s*年.{3,30}?)\s*[(（]?(?:北京时间)?[)）]?\s*(?:之)?前\s*(?:将|把)?\s*(?:投标|响应|磋商|谈判|报价)?(?:文件)?"
               r"\s*(?:递交|提交|上传|送达)"),
    # "投标文件递交的截止时间（投标截止时间，下同）为二〇二七年三月五日上午九时三十分": a sentence, not a key/value pair.
    re.compile(r"(?<!澄清)(?<!质疑)(?<!答疑)(?<!报名)(?:投标|响应|递交|提交)[^，。；]{0,12}截止时间(?:[（(][^）)]{0,20}[）)])?[^，。；为]{0,10}?为\s*"
               r"(?P<v>(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年.{3,30}?)(?=[（(，,。；]|$)"),
    # "The deadline for submission of tenders is 4 June 2027 at 12:00", "The closing date is …".
    re.compile(r"\b(?:deadline|closing date|closing time|closing date and time)\b(?: for (?:the )?(?:submission|receipt) of [a-z ]{3,30}?)?"
               r"\s+(?:is|will be|shall be)\s+(?P<v>[^;]{6,80})", re.IGNORECASE),
    # "CLOSING ON 16 JUN 2027 04:00PM (13 days remaining)", "Closes on …": a portal's status line opening with it.
    re.compile(r"^\s*(?:closing|closes|close|due)\s+(?:on|at|by)\s+(?P<v>[^;]{6,80})", re.IGNORECASE),
    # "The tender will close at 11:00 a.m. on 16 April 2027", "Bids close on …".
    re.compile(r"\b(?:tenders?|bids?|proposals?|offers?|quotations?|RFP|RFQ|RFT|ITT|competition)\s+(?:will\s+|shall\s+)?"
               r"close[sd]?\s+(?:at|on|by)\s+(?P<v>[^;]{6,80})", re.IGNORECASE),
    re.compile(r"(?:proposals?|bids?|offers?|responses?|tenders?|quotations?|submissions?)\b[^.;]{0,60}?\b(?:received|accepted|"
               r"due|submitted|delivered|lodged|deposited|uploaded|reach(?: us)?)\b[^.;]{0,30}?\b(?:no later than|not later than|"
               r"on or before|until|by|before|on)\s+"
               r"(?P<v>[^;]{6,80})", re.IGNORECASE),
    # "Sealed bids will be received by the Purchasing Agent, 400 West Road, Suite 210, Town, Texas, until 2:00 p.m. …":
    # the place named before the time.
    re.compile(r"(?:proposals?|bids?|offers?|responses?|tenders?|quotations?)\b[^;]{0,40}?\b(?:received|accepted|submitted|"
               r"delivered)\b[^;]{0,200}?\b(?:no later than|not later than|until|on or before)\s+(?P<v>[^;]{6,80})", re.IGNORECASE),
]


_CAP = r"(?:最高(?:投标)?限价|控制价|拦标价|上限价|ceiling price|maximum price|price cap)"
_CAP_IS_BUDGET = re.compile(rf"{_CAP}[\s|:：为是]*(?:同|等于|与)(?:采购)?预算(?:金额)?(?:相同|一致)?|"
                            rf"预算(?:金额)?\s*[（(]\s*{_CAP}\s*[)）]|预算(?:金额)?即(?:为)?{_CAP}|"
                            rf"budget (?:is|shall be|serves as) (?:also )?the {_CAP}|{_CAP} (?:is|equals) the budget|"
                            # "Bids valued in excess of this amount will be considered non-responsive" after the budget.
                            r"(?:in excess of|exceeding|exceeds?|above|over|more than|higher than) (?:this|that|the|its|our) "
                            r"(?:(?:above|stated|estimated|approved|available|allocated|published|maximum) )?(?:amount|value|"
                            r"budget|funding)[^.;]{0,40}?(?:non-?responsive|rejected|disqualified|excluded|not be (?:considered|accepted|"
                            r"evaluated)|invalid)|(?:in excess of|exceeding|above) the ABC\b[^.;]{0,40}?(?:rejected|disqualified|non-?responsive)|(?:超过|超出|高于)(?:该|上述|此|本项目|本包)?(?:采购)?(?:预算|金额)(?:金额)?[^。；]{0,12}?(?:无效|否决|不予受理|废标|拒绝)",
                            re.IGNORECASE)




# A label naming a whole project's investment, of which a procurement may be one part.
_WHOLE_PROJECT = re.compile(r"总投资|總投資|total (?:project|investment) cost|total investment", re.IGNORECASE)


class MoneyDateFields:
    """Mixin over ExtractState."""

    def _dt(self, text: str) -> str | None:
        return parse_datetime(text, self.lang == "zh", self.dayfirst, self.zone)

    def _money(self, label: str, value: str) -> Money | None:
        default = self.currency
        v = value
        lab = label or ""
        if re.search(r"万元", lab) and not re.search(r"万|亿|元", value):
            v = value + "万元"
        elif re.search(r"亿元", lab) and not re.search(r"万|亿|元", value):
            v = value + "亿元"
        elif re.search(r"[（(]元[）)]", lab) and not re.search(r"万|亿|元", value):
            v = value + "元"
        # "Estimated value (CHF)" / "预算金额（人民币）": the label names the currency the value leaves out.
        cur_hint = detect_currency(re.sub(r"万元|亿元|[（(]元[）)]", "", lab), "") if lab else ""
        m = parse_money(v, default)
        if m and m.currency == "CNY" and default == "JPY" and "¥" in v and not re.search(r"元|人民币|RMB|CNY", v):
            m.currency = "JPY"  # "¥" in a notice whose currency is the yen
        if m and cur_hint and not detect_currency(value, ""):
            m.currency = cur_hint
        return m

    def _money_value(self, label: str, value: str) -> Money | None:
        if re.match(r"^(?:无|不设|/|-|N/?A|None)$", value, re.IGNORECASE):
            return None
        total = re.search(r"(?:合计|总计|共计|总额|in total|total(?: of| for [\w ]{1,30}?)?(?=\s*[:：]))\s*[:：为]?\s*(.+)$", value,
                          re.IGNORECASE)
        leads = re.match(r"^\s*(?:人民币|RMB|CNY|[¥￥$€£])?\s*\d", value)  # "200.00万元，最高投标限价合计196.00万元": its own amount first
        if total and not leads and self._money(label, total.group(1)):  # "最高限价合计850万元，其中包1…" names the total
            return self._money(label, total.group(1))
        return self._money(label, value)

    def _time_value(self, field: str, value: str) -> str | None:
        iso = self._dt(excel_serial(value) or value)
        if iso is None and field == "opening_time" and re.search(r"同.*截止|same as (?:the )?(?:submission )?deadline",
                                                                  value, re.IGNORECASE):
            iso = self.out.deadline
        return iso

    def _complete_date(self, page: int, text: str) -> None:
        """"Date: 30/09/2025" then "Local time: 12:00" (EU notices), or "Closing date" / "7 April 2027" then
        "Closing time" / "12pm" (UK portals): the time completes the date."""
        t = text.strip()
        if re.fullmatch(r"(?:(?:Local|Closing|Submission|Deadline|Tender closing|Bid closing|Opening|Receipt)\s+)?time(?:\s*\(.*\))?\s*[:：]?", t,
                        re.IGNORECASE):
            self.time_label = True  # the time is on the next line
            return
        labelled = re.match(r"^(?:(?:Local|Closing|Submission|Deadline|Tender closing|Bid closing|Opening|Receipt)\s+)?"
                            r"time(?:\s*\([^)]*\))?\s*[:：]\s*(.+)$", t, re.IGNORECASE)
        when = bare_time(labelled.group(1) if labelled else t) if (labelled or self.time_label) else None
        self.time_label = False
        for f, date_text in self.date_only if when else []:
            iso = self._dt(f"{date_text} {when}")
            if iso:
                setattr(self.out, f, iso)
                self.out.provenance[f] = Provenance(page, snippet(date_text + " " + text))
        self.date_only = []

    def _note_prose_deadline(self, page: int, text: str) -> None:
        """"…于2025年3月1日9:30前递交投标文件" / "Proposals must be received no later than …": kept as a fallback."""
        if self.prose_deadline is not None:
            return
        prev, self.prose_prev = getattr(self, "prose_prev", ""), text
        # The sentence may have wrapped from the line above ("Sealed bids will be received by the City Clerk, …" /
        # "…, until 2:00 p.m. local time, Tuesday, December 5, 2028").
        for line in (text, join_wrapped([prev, text]) if prev and self.doc.fmt in ("pdf", "text", "mail") else None):
            for rx in _PROSE_DEADLINE if line else []:
                # The first "by" may name who receives the bids ("received by the BAC Secretariat … on or before
                # 9:00 AM of March 1, 2027"): each match is tried, the first one stating a time wins.
                for pm in rx.finditer(line):
                    iso = self._dt(pm.group("v"))
                    if iso:
                        # The zone may stand past the 80 characters read ("… on or before 3 June 2027 at 11:00
                        # hours West Africa Time (WAT)"): the same date and time read on to the clause's end.
                        longer = self._dt(line[pm.start("v"):].split(";")[0][:200])
                        if longer and longer[:16] == iso[:16]:
                            iso = longer
                        self.prose_deadline = (iso, page, line)
                        return

    def _money_per_lot(self, field: str, label: str, value: str, page: int, text: str) -> bool:
        """"最高限价：包1：520万元，包2：330万元": one amount per lot; the tender's is their sum."""
        # "标段一610万元": the lot's number stops before its amount.
        # A comma before three digits is a thousands separator ("USD 1,935,000"), not the end of the lot's amount.
        pairs = re.findall(r"(?:第\s*)?(?:包|标段|分包|采购包|Lot|Package)\s*(?:No\.?\s*)?(\d{1,2}(?![\d.])|[一二三四五六七八九十]{1,3}|"
                           r"(?<=\s)(?-i:[A-Z])(?![A-Za-z\d]))"
                           r"\s*[:：)）]?\s*((?:[^，,；;包]|,(?=\d{3}))*?\d(?:[^，,；;]|,(?=\d{3}))*)", value, re.IGNORECASE)
        amounts = [(CN_DIGIT.get(n, n), self._money(label, v)) for n, v in pairs]
        amounts = [(n, m) for n, m in amounts if m]
        if len(amounts) < 2 or len({m.currency for _, m in amounts}) > 1:
            return False
        for number, money in amounts:
            self._add_lot(Lot(number, None, money, page, snippet(text)))
        self._set(field, Money(sum(m.amount for _, m in amounts), amounts[0][1].currency), page, text)
        return True

    def _prose_budget(self) -> None:
        """"The total estimated cost of the three lots is US$ 2,450,000.00": a budget stated in a sentence."""
        if self.out.budget is not None:
            return
        lines = self.doc.lines()
        for k, (page, text) in enumerate(lines):
            if k + 1 < len(lines):  # a sentence wraps: "… is US$" / "2,450,000.00 (two million …)"
                text = join_wrapped([text, lines[k + 1][1]])
            est = _COST_ESTIMATE.search(text)
            if est and (self._money_per_lot("budget", "", est.group("v"), page, text)
                        or self._set("budget", self._money_value("", est.group("v")), page, text)):
                return
            m = _PROSE_BUDGET.search(text) or _PROSE_BUDGETED.search(text) or _PROSE_BUDGET_CN.search(text) or \
                _BUDGET_NAMED_AFTER.search(text)
            if m and other_contract(text, m.start()):
                continue
            money = self._money("", next(v for v in m.groupdict().values() if v)) if m else None
            if money:
                self._set("budget", money, page, text)
                self.out.provenance["budget"] = Provenance(page, snippet(text))
                return

    def _prose_cap(self) -> None:
        if self.out.max_price is not None:
            return
        lines = self.doc.lines()
        for k, (page, text) in enumerate(lines):
            text = join_wrapped([t for _, t in lines[k:k + 2]])
            m = _PROSE_CAP.search(text) or _PROSE_CAP_CN.search(text)
            if m and other_contract(text, m.start()):
                continue
            money = self._money("", next(v for v in m.groupdict().values() if v)) if m else None
            if money:
                self._set("max_price", money, page, text)
                self.fallback.add("max_price")
                return

    def _objection_deadline(self) -> None:
        """A notice of intent (单一来源公示, intention to award) asks for no bids: what a supplier must meet is the end
        of its objection period ("公示期限：2027年05月13日至2027年05月20日17时00分")."""
        lines = self.doc.lines()
        for k, (page, text) in enumerate(lines):
            if not _OBJECTION.search(text):
                continue
            for t in (text, lines[k + 1][1] if k + 1 < len(lines) else ""):
                end = re.search(r"(?:至|到|－|—|–|\buntil\b|\bto\b)\s*(.{6,60})$", t)
                iso = self._dt(end.group(1)) if end else None
                if iso:
                    self.fallback.add("deadline")
                    self._set("deadline", iso, page, t)
                    return

    def _money_fallbacks(self) -> None:
        """After the walk: a deadline only stated in prose; a budget as the sum of the lots' budgets."""
        if self.out.deadline is None and self.prose_deadline:
            self.fallback.add("deadline")
            self._set("deadline", self.prose_deadline[0], self.prose_deadline[1], self.prose_deadline[2])
        if self.out.deadline is None and self.out.opening_time and any(_DEADLINE_IS_OPENING.search(t) for _, t in self.doc.lines()):
            # "开标时间：…（投标截止时间同开标时间）": one time for both.
            self.out.deadline = self.out.opening_time
            self.out.provenance["deadline"] = self.out.provenance["opening_time"]
        if self.out.deadline is None:
            self._objection_deadline()
        # A budget read from a weak label (项目总投资, Total project cost) gives way to the lots' own amounts.
        weak_budget = "budget" in self.weak and self.out.budget is not None
        if (self.out.budget is None or weak_budget) and len(self.out.lots) >= (2 if weak_budget else 1) \
                and all(lot.budget for lot in self.out.lots) and len({lot.budget.currency for lot in self.out.lots}) == 1:
            total = sum(lot.budget.amount for lot in self.out.lots)
            self.out.budget = Money(total, self.out.lots[0].budget.currency)
            self.out.provenance["budget"] = Provenance(self.out.lots[0].page, "sum of lot budgets")
            self.fallback.add("budget")
        caps = [self.lot_caps.get(lot.number) for lot in self.out.lots]
        if self.out.max_price is None and len(caps) >= 2 and all(caps) and len({c.currency for c in caps}) == 1:
            # Each lot states its cap and the notice no total: the tender's cap is their sum.
            self.out.max_price = Money(sum(c.amount for c in caps), caps[0].currency)
            self.out.provenance["max_price"] = Provenance(self.out.lots[0].page, "sum of lot price caps")
            self.fallback.add("max_price")
        if "budget" in self.weak and self.out.budget is not None and self.out.max_price is not None \
                and self.out.budget.currency == self.out.max_price.currency \
                and self.out.budget.amount > 2 * self.out.max_price.amount \
                and _WHOLE_PROJECT.search(self.out.provenance["budget"].snippet or ""):
            # "项目总投资约8.62亿元" over lots capped at 9,193万元 in all: the whole project's investment, of which this
            # procurement is a part, is not its budget.
            self.out.budget = None
            self.out.provenance.pop("budget", None)
            self.weak.discard("budget")
        if self.out.budget is None and self.out.max_price is not None and \
                CAP_NAMES_ESTIMATE.search(self.out.provenance["max_price"].snippet or ""):
            # Only a price cap stated, named as the buyer's estimate too ("Upper limit price (予定価格): ¥35,200,000"): it
            # is what the buyer will spend. A bare cap ("最高投标限价合计…") states no budget.
            self.out.budget = Money(self.out.max_price.amount, self.out.max_price.currency)
            self.out.provenance["budget"] = self.out.provenance["max_price"]
            self.fallback.add("budget")
        if self.out.max_price is None and self.out.budget is not None:
            # The cap is the budget, by reference: "最高限价：同预算金额", "采购预算（控制价）：…", "The budget is the
            # ceiling price".
            lines = self.doc.lines()
            for k, (page, text) in enumerate(lines):
                # The sentence may wrap ("Bids received in excess of" / "the ABC shall be … rejected").
                if _CAP_IS_BUDGET.search(text) or (k + 1 < len(lines) and self.doc.fmt in ("pdf", "text") and
                                                   _CAP_IS_BUDGET.search(join_wrapped([text, lines[k + 1][1]]))):
                    self.out.max_price = Money(self.out.budget.amount, self.out.budget.currency)
                    self.out.provenance["max_price"] = Provenance(page, snippet(text))
                    self.fallback.add("max_price")
                    break
