"""Document -> ParsedTender: header fields, lots, requirements and scoring, each with provenance.

One pass walks the blocks in reading order and keeps the current section (qualification /
technical / scoring / lots / other), decided by headings; tables are also classified by their
header row, so a table of parameters is read as parameters even under an unexpected heading.
"""

from __future__ import annotations

import re

from . import fields as F
from .checks import run_checks
from .dates import country_zone, parse_datetime
from .model import Block, Document, Lot, Money, ParsedTender, Provenance, Requirement, Row, ScoringItem
from .money import parse_money
from .regions import find_region
from .requirements import (
    classify,
    markers,
    parse_spec,
    spelled_numbers,
    split_clauses,
    split_items,
    strip_markers,
    strip_numbering,
)
from .sections import SECTION_KEYS
from .sections import heading_topic as _heading_topic
from .text import CJK_RE, join_wrapped, snippet
from .tree import block_sections, build_tree

_SECTION_KEYS = SECTION_KEYS
_EU_NUMBER = re.compile(r"^(?:[IVX]+(?:\.\d{1,2})+\)\s|Section [IVX]+\s*[:.]\s)")
_TOP_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十\d]+[章节部分篇]|#+\s|"
                         r"(?:Section|Part|Chapter|Article)\s+[\dIVX]+|[IVX]+\.\s)", re.IGNORECASE)
_ITEM_START = re.compile(r"^\s*(?:[★▲*•·-]|\d{1,2}\s+(?=[\u4e00-\u9fff★▲A-Z])|\(?\d{1,2}[)）.、．](?!\d)|\d{1,2}(?:\.\d{1,2}){1,3}(?!\d)|（\d{1,2}）|"
                         r"[①-⑳]|[a-z][.)]\s)")
_OPERATOR_CHARS = re.compile(r"[≥≤<>]|(?:不低于|不少于|不超过|不高于|at least|minimum|maximum|no less than|no more than)\s*"
                             r"(?:of\s+)?[\d一二三四五六七八九十]|\d\s*\S{0,3}(?:以上|以下)", re.IGNORECASE)
_TERMINAL = ("。", "；", ";", ".", "!", "！")
_LOT_RE = re.compile(r"^(?:第\s*(?P<a>[一二三四五六七八九十\d]+)\s*(?:包|标段|分包|子包|采购包)|"
                     r"(?:采购包|合同包|标段|分包|包|Lot|Package)(?:\s*(?:No\.?|Number|#)\s*[:：]?)?\s*"
                     r"(?P<b>[A-Z\d一二三四五六七八九十]+))"
                     r"\s*[:：.、\-—)）]?\s*(?P<rest>.*)$", re.IGNORECASE)
_CN_DIGIT = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "十": "10"}
_HEADER_PARAM = re.compile(r"参数名称|指标名称|参数项|技术指标|指标项|^参数$|^指标$|^项目$|^名称$|功能|配置项|^Parameter|^Item$|"
                           r"^Specification Item|^Feature|^Attribute|^Component", re.IGNORECASE)
_HEADER_REQ = re.compile(r"技术要求|参数要求|要求|参数值|指标值|规格|配置|技术参数|Requirement|Specification|Value|"
                         r"Minimum|Spec\b", re.IGNORECASE)
_HEADER_POINTS = re.compile(r"分值|分数|权重|满分|最高分|^得分$|Points?|Score|Weight|Marks?", re.IGNORECASE)
_HEADER_ITEM = re.compile(r"评分项|评分因素|评审因素|评审项目|评分内容|评审内容|评分类别|评分项目|^项目$|^内容$|^类别$|"
                          r"Criteri|^Item|Factor|Category|Component", re.IGNORECASE)
_HEADER_MANDATORY = re.compile(r"^(?:M\s*/\s*D|D\s*/\s*M|Mandatory(?:\s*/\s*Desirable)?|Mandatory\?|是否实质性(?:条款|要求)?|"
                               r"实质性条款|Type)$", re.IGNORECASE)
_MANDATORY_FLAG = re.compile(r"^(?:M|Mandatory|Yes|Y|是|★|Pass\s*/\s*Fail)$", re.IGNORECASE)
_HEADER_LOT = re.compile(r"包号|包组|标段|分包|采购包|合同包|^包$|Lot|Package", re.IGNORECASE)
_HEADER_NAME = re.compile(r"名称|内容|Name|Description|Title|Scope", re.IGNORECASE)
_HEADER_BUDGET = re.compile(r"预算|金额|限价|Budget|Amount|Value|Price", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^[\s_＿\-—.…/*xX（）()]*(?:盖章|签字|签章|公章|详见.*|见.*|TBD|TBA|N/?A)?[\s_＿\-—.…/（）()]*$",
                          re.IGNORECASE)
_RFP_NUMBER = re.compile(r"\b(?:RFP|RFQ|RFI|ITB|IFB|RFT|Solicitation|Bid|Tender|Contract)\s*(?:No\.?|Number|#)\s*[:：]?\s*"
                         r"(?P<num>[A-Z0-9][A-Z0-9\-_./]*\d[A-Z0-9\-_./]*)", re.IGNORECASE)
_COMMERCIAL = re.compile(r"^(?:合同履行期限|履约期限|合同期限|交货期|交货时间|交货地点|交付时间|付款方式|支付方式|履约保证金|投标保证金|"
                         r"质保金|本项目[(（]?(?:不)?接受[)）]?联合体|Contract (?:term|period)|Payment terms|Bid bond|"
                         r"Performance bond|Delivery (?:date|location))", re.IGNORECASE)
# Identifiers of the publication or the funding, not of the procurement: kept only until a better one shows.
_WEAK_NUMBER = re.compile(r"Notice|Project\s*ID|OCID|Credit|Loan|Grant|Publication|TenderNed|Identifier", re.IGNORECASE)
_WRAPPING = ("project_name", "buyer")
_PROSE_BUDGET = re.compile(r"(?:total\s+)?(?:estimated|indicative|approximate)\s+(?:total\s+)?(?:cost|value|budget|amount|contract value)"
                           r"\b[^.;:]{0,60}?\b(?:is|of|amounts to|will be)\s+(?:approximately\s+|about\s+)?(?P<v>(?:US\$|USD|EUR|GBP|"
                           r"CNY|RMB|[$€£¥])\s*[\d.,]+(?:\s*(?:million|billion|m\b|bn\b))?)", re.IGNORECASE)
_EN_MARKER = re.compile(r"^(?:Request for (?:Proposals?|Tenders?|Quotations?|Bids?|Information)|Invitation (?:to|for) "
                        r"(?:Tender|Bid)s?|Tender Notice|Notice of Tender|(?:RFP|RFQ|ITB|IFB)\b.*)$", re.IGNORECASE)
_PROSE_DEADLINE = [
    re.compile(r"于\s*(?P<v>\d{4}\s*年.{3,30}?)\s*[(（]?(?:北京时间)?[)）]?\s*前\s*(?:递交|提交|上传)(?:投标|响应|磋商|谈判|报价)?文件"),
    re.compile(r"(?:proposals?|bids?|offers?|responses?|tenders?|quotations?|submissions?)\b[^.;]{0,60}?\b(?:received|accepted|"
               r"due|submitted|delivered)\b[^.;]{0,30}?\b(?:no later than|not later than|until|by|before|on)\s+"
               r"(?P<v>[^;]{6,80})", re.IGNORECASE),
]
_LOT_MENTION = re.compile(r"^(?:第\s*[一二三四五六七八九十\d]+\s*(?:包|标段|分包)|(?:采购包|合同包|标段|分包|包|Lot|Package)\s*"
                          r"[A-Z\d一二三四五六七八九十]+)|第\s*[一二三四五六七八九十\d]+\s*(?:包|标段)\s*[:：]", re.IGNORECASE)
_MARKER_LEGEND = re.compile(r"(?:带|标有|标注|标|有|注有|打)\s*[“\"'「]?[★▲*＊]+[”\"'」]?\s*(?:号|的|标识|标记|符号|项|条款)|"
                            r"[★▲]\s*(?:号|标识|符号)(?:的)?(?:条款|项|参数|指标|为)|"
                            r"(?:items?|clauses?|requirements?)\s+marked\s+(?:with\s+)?[★▲*]", re.IGNORECASE)
_TOTAL = re.compile(r"^(?:合计|总计|总分|小计|Total|Sum)\b", re.IGNORECASE)
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
_INLINE_POINTS = re.compile(r"^(?P<item>[^\d。；;]{2,24}?)\s*(?:为|占|:|：|=|-)?\s*(?P<p>\d{1,3}(?:\.\d+)?)\s*"
                            r"(?:分|%|％|points?|pts)$", re.IGNORECASE)
_PROSE_BUYER = re.compile(r"^(?:The\s+)?(?P<b>(?:[A-Z][\w.&'-]*|of|and|for|the)(?:\s+(?:[A-Z][\w.&'-]*|of|and|for|the)){1,10})"
                          r"\s*(?:\([^)]{0,40}\)\s*,?\s*)?(?:is|are) (?:seeking|soliciting|requesting|inviting)\s+"
                          r"(?:sealed\s+|competitive\s+)?(?:proposals|bids|tenders|offers|quotations|quotes)")
# "本项目的特定资格要求：" / "Specific requirements:" in front of the requirements it introduces.
_LEAD_LABEL = re.compile(r"^[^:：。；;]{2,24}(?:要求|条件|requirements?|conditions?)\s*[:：]\s*", re.IGNORECASE)
_NOTHING = re.compile(r"^(?:无|没有|不涉及|不适用|/|-|—|None|N/?A|Not applicable)[。.;；]?$", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"(?:的)?(?:公开招标|邀请招标|竞争性磋商|竞争性谈判|询价|单一来源|招标|采购|磋商|谈判|比选|竞价)*"
                           r"(?:公告|招标公告|采购公告|邀请书|文件)(?:[（(][^）)]*[）)])?$")
_EN_TITLE = re.compile(r"^(?:Request for (?:Proposals?|Tenders?|Quotations?|Bids?)|Invitation (?:to|for) (?:Tender|Bid)s?|"
                       r"RFP|RFQ|ITB|Tender Notice|Notice of Tender)\s*[:：\-–—]?\s*(?:for\s+)?(?P<name>.{4,})$", re.IGNORECASE)


def _lang(doc: Document) -> str:
    text = "".join(t for _, t in doc.lines()[:200])
    cjk = len(CJK_RE.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk >= latin * 0.3 else "en"


def _section_of_heading(text: str) -> str | None:
    """The section a heading opens, "other" for a top-level heading of another topic, None if not a heading."""
    body = strip_markers(text).strip()
    # "III.1.2) Economic and financial standing", "Section III: Legal, economic ...": EU form
    # headings are numbered, long and in sentence case.
    numbered = bool(_EU_NUMBER.match(body))
    if not body or len(body) > (160 if numbered else 60) or _OPERATOR_CHARS.search(body):
        return None
    top = bool(_TOP_NUMBER.match(body))
    core = re.sub(r"^(?:[IVX]+(?:\.\d{1,2})+\)|Section [IVX]+\s*[:.]|[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十\d]+[章节部分篇]|#+|"
                  r"(?:Section|Part|Chapter|Article)\s+[\dIVX]+[:.]?|[IVX]+\.|\(?\d{1,2}(?:\.\d{1,2})*[)）.、]?|"
                  r"[（(][一二三四五六七八九十\d]+[）)])\s*", "", body, flags=re.IGNORECASE)
    has_value = re.search(r"[:：]\s*\S", core)
    ends = core.endswith(_TERMINAL[:3]) or (core.endswith(".") and len(core) > 25)
    # "六、对本次招标提出询问，请按以下方式联系。" is still a top heading, full stop and all.
    if ends and top and re.search(_SECTION_KEYS[-1][1], core, re.IGNORECASE):
        return "other"
    if has_value or len(core) > (160 if numbered else 36) or ends:
        return None
    english = not CJK_RE.search(core)
    if english:
        words = core.rstrip(":").split()
        caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
        if not words or (caps / len(words) < 0.6 and not numbered) or len(words) > (24 if numbered else 8):
            return None
    for name, rx in _SECTION_KEYS:
        if re.search(rx, core, re.IGNORECASE):
            return name
    return "other" if top else None


class _Extractor:
    def __init__(self, doc: Document):
        self.doc = doc
        self.lang = _lang(doc)
        self.out = ParsedTender(doc.source, doc.fmt, doc.pages, self.lang)
        self.section: str | None = None
        self.contact_role: str | None = None  # buyer | agency while inside "采购人信息" style blocks
        self.lot: str | None = None
        self.pending_time_fields: list[str] = []
        self.open_req: Requirement | None = None
        self.prose_deadline: tuple[str, int, str] | None = None
        # European notices write 05/03/2025 day first; US ones month first.
        text = " ".join(t for _, t in doc.lines()[:400])
        self.dayfirst = bool(re.search(r"\bEUR\b|€|£|\bGBP\b|\bVAT\b|Directive 20\d\d/|\bTED\b", text))
        self.zone = country_zone(text)  # local time of the buyer's country when a time names no zone
        self.date_only: list[tuple[str, str]] = []  # (field, date text) set from a date with no time ("Date: 30/09/2025")
        self.recent_title: tuple[int, str] | None = None  # (line number, value) of the last "Title: X" line
        self.line_no = 0
        self.desc_open = False  # a "Description of the procurement" requirement may wrap onto the next line
        self.heading_open = False  # an English heading may wrap onto the next line
        self.lot_tail: tuple[str, str, int] | None = None  # (lot, text, specs added) of a lot line that wraps
        self.weak: set[str] = set()
        self.fallback: set[str] = set()  # fields found by a fallback (title, prose, sums), not under their label
        self.pending_since = 0
        self.wrap: tuple[str, int] | None = None  # (field, line length) of a value that may wrap onto the next line
        self.stated: dict[str, tuple[float, int, str]] = {}  # totals and counts the notice states, for self-checks

    def _dt(self, text: str) -> str | None:
        return parse_datetime(text, self.lang == "zh", self.dayfirst, self.zone)

    # --- header fields -------------------------------------------------------------------------------
    def _set(self, field: str, value, page: int, text: str, weak: bool = False) -> bool:
        """Set a field once; a value found under a weak label (a notice or project id) yields to a later strong one."""
        if value in (None, "") or (getattr(self.out, field) not in (None, "") and field not in self.weak):
            return False
        if field in self.weak and weak:
            return False
        self.weak.discard(field)
        if weak:
            self.weak.add(field)
        if isinstance(value, str) and _PLACEHOLDER.match(value):
            return False  # "__________" / "（盖章）" in a form template
        setattr(self.out, field, value)
        self.out.provenance[field] = Provenance(page, snippet(text))
        return True

    def _money(self, label: str, value: str) -> Money | None:
        default = "CNY" if self.lang == "zh" else "USD"
        v = value
        lab = label or ""
        if re.search(r"万元", lab) and not re.search(r"万|亿|元", value):
            v = value + "万元"
        elif re.search(r"亿元", lab) and not re.search(r"万|亿|元", value):
            v = value + "亿元"
        elif re.search(r"[（(]元[）)]", lab) and not re.search(r"万|亿|元", value):
            v = value + "元"
        cur_hint = re.search(r"USD|US\$|EUR|GBP|HKD|人民币|CNY|RMB", lab)
        m = parse_money(v, default)
        if m and cur_hint and not re.search(r"USD|US\$|EUR|GBP|HKD|人民币|CNY|RMB|[¥$€£]", value):
            from .money import detect_currency

            m.currency = detect_currency(cur_hint.group(0), default)
        return m

    def _field_value(self, field: str, label: str, value: str):
        value = value.strip()
        if field in ("budget", "max_price"):
            if re.match(r"^(?:无|不设|/|-|N/?A|None)$", value, re.IGNORECASE):
                return None
            total = re.search(r"(?:合计|总计|共计|总额|in total|total of)\s*[:：为]?\s*(.+)$", value, re.IGNORECASE)
            if total and self._money(label, total.group(1)):  # "最高限价合计850万元，其中包1…" names the total first
                return self._money(label, total.group(1))
            return self._money(label, value)
        if field in ("deadline", "opening_time"):
            iso = self._dt(value)
            if iso is None and field == "opening_time" and re.search(r"同.*截止|same as (?:the )?(?:submission )?deadline",
                                                                      value, re.IGNORECASE):
                iso = self.out.deadline
            return iso
        if field == "tender_number":
            tok = re.split(r"\s+(?=[^\w\-/〔〕\[\]【】()（）])|\s{2,}", value)[0] if value else value
            tok = re.sub(r"\s+", "", tok) if CJK_RE.search(tok) else tok.split()[0] if tok.split() else tok
            tok = re.split(r"[（(](?=[\u4e00-\u9fff])", tok)[0]
            if re.fullmatch(r"(?:RFP|RFQ|RFI|ITB|IFB|RFT|No\.?|#)", tok, re.IGNORECASE):
                # "ITB 25-118": the document type is not part of the number.
                rest = value.split(None, 1)[1] if len(value.split(None, 1)) > 1 else ""
                tok = rest.lstrip("#:： ").split()[0] if rest.strip("#:： ") else tok
            return tok.strip("。；;，,:：") or None
        if field == "region":
            found = find_region(value)
            if found and len(value) <= 24 and value.startswith(found):
                return re.split(r"[\s,，;；]", value)[0] or found  # "北京市海淀区" as written
            return found or value[:60]
        if field in ("buyer", "agency"):
            value = F.cut_value(re.sub(r"^(?:单位)?名\s*称\s*[:：]\s*", "", value))
            value = re.split(r"[（(](?:盖章|签章|公章)|\s{2,}", value)[0]
            if not CJK_RE.search(value):  # "Rijnland University, Stationsweg 46, 2312 AV Leiden": the address follows
                value = re.split(r",\s*(?=[^,]*\d)|\s+\((?:the\s+)?[\"“]|(?<!\bInc)(?<!\bLtd)(?<!\bCo)(?<!\bCorp)(?<!\bLLC)"
                                 r"\.\s+(?=[A-Z])", value)[0].strip()
        return value[:120] or None

    def _fields_from_line(self, page: int, text: str) -> None:
        self.line_no += 1
        wrap, self.wrap = self.wrap, None
        if wrap and self.doc.fmt in ("pdf", "text") and wrap[1] >= 60 and self._wrapped_value(wrap[0], text):
            return
        if self.date_only:
            # "Date: 30/09/2025" then "Local time: 12:00" (EU notices): the time completes the date.
            tm = re.match(r"^(?:Local\s+)?time\s*[:：]\s*(\d{1,2}[:.h]\d{2}.*)$", text.strip(), re.IGNORECASE)
            for f, date_text in self.date_only if tm else []:
                iso = self._dt(date_text + " " + tm.group(1).replace("h", ":", 1))
                if iso:
                    setattr(self.out, f, iso)
                    self.out.provenance[f] = Provenance(page, snippet(date_text + " " + text))
            self.date_only = []
        title = re.search(r"(?:^|\s)Title\s*[:：]\s*(.+)$", text, re.IGNORECASE)
        if title:
            self.recent_title = (self.line_no, title.group(1).strip())
        kvs = F.kv_in_line(text)
        if _LOT_MENTION.search(text):  # "第1包：…，预算金额：50万元" is the lot's budget, not the tender's
            kvs = [kv for kv in kvs if kv[0] not in ("budget", "max_price")]
        for field, label, value in kvs:
            if field in ("budget", "max_price") and self._money_per_lot(field, label, value, page, text):
                continue
            if field in ("budget", "max_price") and self.lot and self._lot_budget(label, value):
                continue  # "Lot No: 2 ... Value excluding VAT: 1 200 000 EUR" belongs to the lot
            weak = field == "tender_number" and bool(_WEAK_NUMBER.search(label))
            if self._set(field, self._field_value(field, label, value), page, text, weak) and field in _WRAPPING:
                self.wrap = (field, len(text))
            head = text.split(label, 1)[0] + label + text.split(label, 1)[-1].split(value, 1)[0]
            if field == "deadline" and re.search(r"开标|Opening", head, re.IGNORECASE):
                # "投标截止时间及开标时间：..." names both times at once.
                self._set("opening_time", self._field_value("opening_time", label, value), page, text)
            if field in self.pending_time_fields:  # the heading's fields are given one by one
                self.pending_time_fields = []
        if self.prose_deadline is None:
            for rx in _PROSE_DEADLINE:
                pm = rx.search(text)
                iso = self._dt(pm.group("v")) if pm else None
                if iso:
                    self.prose_deadline = (iso, page, text)
                    break
        if not self.out.tender_number:
            m = _RFP_NUMBER.search(text)
            if m:
                self._set("tender_number", m.group("num").rstrip("."), page, text)
        # "名称：X" under a "采购人信息" / "采购代理机构信息" block.
        m = re.match(r"^(?:\d[.、]\s*)?(?:名称|单位名称|Name)\s*[:：]\s*(.+)$", text)
        if m and self.contact_role:
            self._set(self.contact_role, F.cut_value(m.group(1)), page, text)
        # A deadline/opening heading whose date is on the next lines.
        if self.pending_time_fields:
            iso = self._dt(text)
            if iso:
                for f in self.pending_time_fields:
                    if self._set(f, iso, page, text) and "T00:00:00" in iso:
                        self.date_only.append((f, text))
                self.pending_time_fields = []
                return
        wanted = F.label_only(text)
        if wanted and not kvs:
            self.pending_time_fields = wanted
            self.pending_since = self.line_no
        elif self.pending_time_fields and self.line_no - self.pending_since > 4:
            self.pending_time_fields = []  # the heading's date never came: a date far below belongs to something else
        self._contact_role(text)

    def _wrapped_value(self, field: str, text: str) -> bool:
        """"Contract Title: Supply … Wide Area Network" + "Equipment": a long value the page width cut."""
        t = text.strip()
        if ":" in t or "：" in t or len(t.split()) > 4 or len(t) > 40 or re.match(r"^(?:\d|[（(]|[一二三四五六七八九十]+、)", t):
            return False
        value = getattr(self.out, field)
        if not isinstance(value, str) or value.endswith((".", "。")):
            return False
        setattr(self.out, field, join_wrapped([value, t]).rstrip("."))
        return True

    def _money_per_lot(self, field: str, label: str, value: str, page: int, text: str) -> bool:
        """"最高限价：包1：520万元，包2：330万元": one amount per lot; the tender's is their sum."""
        pairs = re.findall(r"(?:第\s*)?(?:包|标段|分包|采购包|Lot|Package)\s*(?:No\.?\s*)?([A-Z\d一二三四五六七八九十]+)"
                           r"\s*[:：)）]?\s*([^，,；;包]*?\d[^，,；;]*)", value, re.IGNORECASE)
        amounts = [(_CN_DIGIT.get(n, n), self._money(label, v)) for n, v in pairs]
        amounts = [(n, m) for n, m in amounts if m]
        if len(amounts) < 2 or len({m.currency for _, m in amounts}) > 1:
            return False
        for number, money in amounts:
            self._add_lot(Lot(number, None, money, page, snippet(text)))
        self._set(field, Money(sum(m.amount for _, m in amounts), amounts[0][1].currency), page, text)
        return True

    def _lot_budget(self, label: str, value: str) -> bool:
        lot = next((x for x in self.out.lots if x.number == self.lot), None)
        money = self._money(label, value)
        if lot is None or lot.budget is not None or money is None:
            return False
        lot.budget = money
        return True

    def _contact_role(self, text: str) -> None:
        body = re.sub(r"^[\d一二三四五六七八九十.、()（）\s]+", "", text)
        if len(body) > 24:
            return
        if re.match(r"^(?:采购人|招标人|采购单位|Buyer|Purchaser)(?:信息|联系方式)?[:：]?$", body, re.IGNORECASE):
            self.contact_role = "buyer"
        elif re.match(r"^(?:采购|招标)?代理机构(?:信息|联系方式)?[:：]?$|^(?:Procurement|Tender) Agent[:：]?$", body, re.IGNORECASE):
            self.contact_role = "agency"
        elif re.match(r"^项目联系(?:方式|人)", body):
            self.contact_role = None

    def _fields_from_table(self, block: Block) -> None:
        rows = block.rows
        # Label cell followed by a value cell (two- and four-column key/value tables).
        for r in rows:
            for i, cell in enumerate(r.cells[:-1]):
                field = F.label_of(cell) if len(cell) <= (24 if CJK_RE.search(cell) else 48) else None
                if field and r.cells[i + 1]:
                    if field in ("budget", "max_price") and self._money_per_lot(field, cell, r.cells[i + 1], r.page,
                                                                                block.row_text(r)):
                        continue
                    self._set(field, self._field_value(field, cell, r.cells[i + 1]), r.page, block.row_text(r))
            for cell in r.cells:  # "label：value" inside one cell
                if len(cell) > 4 and re.search(r"[:：]", cell):
                    for field, label, value in F.kv_in_line(cell):
                        self._set(field, self._field_value(field, label, value), r.page, cell)
        # Header row over exactly one value row.
        if len(rows) == 2 and len(rows[0].cells) == len(rows[1].cells):
            for h, v in zip(rows[0].cells, rows[1].cells):
                field = F.label_of(h)
                if field and v:
                    self._set(field, self._field_value(field, h, v), rows[1].page, block.row_text(rows[1]))

    def _heading_values(self) -> None:
        """A heading that is a field's label with the value in the paragraph under it (EU forms:
        "II.1.1) Title" / "Managed WAN services"; "I.1) Name and addresses" / the buyer's name first)."""
        blocks = self.doc.blocks
        for i, b in enumerate(blocks[:-1]):
            if not b.level or b.kind != "line":
                continue
            field = F.label_of(re.sub(r"^[IVX]+(?:\.\d{1,2})*\)\s*", "", b.text))
            nxt = blocks[i + 1]
            if field in ("project_name", "buyer", "agency", "tender_number") and nxt.kind == "line" and not nxt.level \
                    and not F.kv_in_line(nxt.text):
                self._set(field, self._field_value(field, "", nxt.text), nxt.page, f"{b.text}: {nxt.text}")

    def _prose_budget(self) -> None:
        """"The total estimated cost of the three lots is US$ 2,450,000.00": a budget stated in a sentence."""
        if self.out.budget is not None:
            return
        lines = self.doc.lines()
        for k, (page, text) in enumerate(lines):
            if k + 1 < len(lines):  # a sentence wraps: "… is US$" / "2,450,000.00 (two million …)"
                text = join_wrapped([text, lines[k + 1][1]])
            m = _PROSE_BUDGET.search(text)
            money = self._money("", m.group("v")) if m else None
            if money:
                self._set("budget", money, page, text)
                self.out.provenance["budget"] = Provenance(page, snippet(text))
                return

    def _prose_buyer(self) -> None:
        """'The County of Lakeview (the "County") is seeking proposals': the buyer named in prose."""
        if self.out.buyer:
            return
        for page, text in self.doc.lines()[:80]:
            m = _PROSE_BUYER.search(text)
            if m:
                self._set("buyer", m.group("b").strip(), page, text)
                return

    def _title(self) -> None:
        """Fallback project name from the notice title ("XX项目公开招标公告", "Request for Proposals: X")."""
        if self.out.project_name:
            return
        heads = [b for b in self.doc.blocks[:20] if b.kind == "line" and b.level]
        if heads:
            top = min(heads, key=lambda b: b.level)
            t = top.text.strip()
            if 4 <= len(t) <= 120 and not _EN_MARKER.match(t) and not _EN_TITLE.match(t) and not _TITLE_SUFFIX.search(t) \
                    and not re.match(r"^(?:Contract notice|Tender notice|招标公告|采购公告)$", t, re.IGNORECASE):
                self._set("project_name", t, top.page, t)
                return
        marker_seen = False
        candidates = self.doc.lines()[:15] + ([(1, self.doc.title)] if self.doc.title else [])
        for page, text in candidates:
            t = text.strip()
            if self.lang == "zh" and _TITLE_SUFFIX.search(t) and 4 < len(t) <= 80:
                name = _TITLE_SUFFIX.sub("", t).strip(" -—:：")
                name = re.sub(r"^关于", "", name)
                if len(name) >= 4:
                    self._set("project_name", name, page, t)
                    return
            m = _EN_TITLE.match(t)
            name = m.group("name").strip(" -—:") if m else ""
            if m and not _RFP_NUMBER.search(t) and not re.fullmatch(r"[#\w\-./ ]*\d[\w\-./]*", name):
                self._set("project_name", name, page, t)
                return
            if m or _EN_MARKER.match(t):
                marker_seen = True
                continue
            if marker_seen and ":" not in t and "|" not in t and 1 <= len(t.split()) <= 14 \
                    and not _RFP_NUMBER.search(t):
                self._set("project_name", t.strip(), page, t)
                return

    # --- requirements ----------------------------------------------------------------------------------
    def _close_req(self) -> None:
        r = self.open_req
        if r is None:
            return
        self.open_req = None
        r.text = r.text.strip()
        if len(strip_numbering(strip_markers(r.text))) < 2:
            return
        mandatory, important = markers(r.text)
        clauses = split_clauses(r.text) if r.kind == "technical" and not r.parameter else [r.text]
        for k, clause in enumerate(clauses):
            # One item stating two bounds is two requirements; markers of the item apply to both.
            q = r if k == 0 else Requirement(kind=r.kind, text=clause, page=r.page, snippet=r.snippet, lot=r.lot)
            spec = parse_spec(clause, r.parameter if k == 0 else None)
            q.parameter, q.operator, q.value, q.unit = spec.parameter, spec.operator, spec.value, spec.unit
            q.mandatory, q.important = mandatory, important
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
        starts = bool(_ITEM_START.match(text)) or "★" in text[:3] or "▲" in text[:3] or self.doc.fmt in ("html", "docx")
        if _MARKER_LEGEND.search(text):  # "注：标★号的条款为实质性要求…" explains the markers
            self._close_req()
            return
        if _COMMERCIAL.match(strip_numbering(text)):
            self._close_req()
            return
        if self.section == "technical" and not starts and not self.open_req and not _OPERATOR_CHARS.search(text) \
                and not re.search(r"\d\s*(?:[A-Za-z%℃]|[\u4e00-\u9fff]{1,2})", text):
            return  # descriptive prose under 采购需求 / Scope of Work
        # A wrapped line continues the open item, unless both carry their own quantity (one row each).
        own_quantity = bool(_OPERATOR_CHARS.search(text)) and self.open_req is not None \
            and bool(_OPERATOR_CHARS.search(self.open_req.text))
        if self.open_req and not starts and not own_quantity and not self.open_req.text.rstrip().endswith(_TERMINAL) \
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
        """A ★/▲ item outside any requirement section still counts."""
        self._close_req()
        self.open_req = Requirement(kind=classify(text, None), text=text, page=page, snippet=snippet(text))
        self._close_req()

    def _table_kind(self, header: list[str]) -> str | None:
        joined = " ".join(header)
        if sum(1 for c in header if _HEADER_POINTS.search(c)) and any(_HEADER_ITEM.search(c) for c in header):
            return "scoring"
        if any(_HEADER_LOT.search(c) for c in header) and any(_HEADER_NAME.search(c) or _HEADER_BUDGET.search(c)
                                                             for c in header):
            return "lots"
        if re.search(r"资格|资质|Qualification|Eligib", joined, re.IGNORECASE) and len(header) <= 4:
            return "qualification"
        if any(_HEADER_REQ.search(c) for c in header) and len(header) >= 2:
            return "technical"
        return None

    def _requirements_from_table(self, block: Block, kind: str, header: list[str] | None) -> None:
        self._close_req()
        p_col = r_col = None
        if header:
            for i, h in enumerate(header):
                if p_col is None and _HEADER_PARAM.search(h):
                    p_col = i
            for i, h in enumerate(header):
                if i != p_col and _HEADER_REQ.search(h):
                    r_col = i
                    break
        # A column saying whether each line is a must ("M/D", "Mandatory", "是否实质性"): "M" / "Yes" / "是" flags it.
        m_col = next((i for i, h in enumerate(header or []) if _HEADER_MANDATORY.search(h)), None)
        rows = block.rows[1:] if header else block.rows
        for r in rows:
            if header and r.cells == header:
                continue
            flag = r.cells[m_col].strip() if m_col is not None and m_col < len(r.cells) else ""
            cells = [c for i, c in enumerate(r.cells) if i != m_col]
            content = [c for c in cells if c and not re.fullmatch(r"[★▲*]?\s*\d{1,3}(?:\.\d+)*[.、]?\s*[★▲*]?", c)]
            if not content or _MARKER_LEGEND.search(block.row_text(r)) or re.match(r"^(?:注|备注|说明|Note)\s*[:：]", content[0]):
                continue
            param = cells[p_col] if p_col is not None and p_col < len(cells) else None
            req = cells[r_col] if r_col is not None and r_col < len(cells) else None
            text = join_wrapped([c for c in content if c not in ("★", "▲")])
            if param and req:
                text = f"{strip_markers(param)}: {req}" if CJK_RE.search(param) is None else f"{strip_markers(param)}：{req}"
            row_text = block.row_text(r)
            is_mandatory, is_important = markers(row_text)
            is_mandatory = is_mandatory or bool(_MANDATORY_FLAG.match(flag))
            param_clean = strip_numbering(strip_markers(param)) if param else None
            parts = split_items(req or text)
            if len(parts) > 1:
                # One cell holds several specifications: one requirement each; a marker outside that cell
                # (序号 "★1") applies to all of them, a marker inside only to its own clause.
                outside = " ".join(c for c in cells if c != (req or text))
                row_m, row_i = markers(outside)
                for part in parts:
                    pm, pi = markers(part)
                    spec = parse_spec(part)
                    self.out.requirements.append(Requirement(
                        kind=kind, text=strip_numbering(strip_markers(part)), parameter=spec.parameter or param_clean,
                        operator=spec.operator, value=spec.value, unit=spec.unit, mandatory=row_m or pm,
                        important=row_i or pi, page=r.page, snippet=snippet(row_text), lot=self.lot))
                continue
            spec = parse_spec(req or text, param_clean or None)
            lot = self.lot
            self.out.requirements.append(Requirement(
                kind=kind, text=strip_numbering(strip_markers(text)), parameter=spec.parameter, operator=spec.operator,
                value=spec.value, unit=spec.unit, mandatory=is_mandatory, important=is_important, page=r.page,
                snippet=snippet(row_text), lot=lot))

    # --- scoring and lots ---------------------------------------------------------------------------------
    def _scoring_from_table(self, block: Block, header: list[str] | None) -> None:
        p_col = None
        item_cols: list[int] = []
        if header:
            for i, h in enumerate(header):
                if p_col is None and _HEADER_POINTS.search(h) and not _HEADER_ITEM.search(h):
                    p_col = i
            # Nested criteria ("评分项 | 评分因素 | 分值"): the finest item column left of the points wins.
            item_cols = [i for i, h in enumerate(header) if i != p_col and _HEADER_ITEM.search(h)
                         and (p_col is None or i < p_col)]
        rows = block.rows[1:] if header else block.rows
        last_item = None
        for r in rows:
            cells = r.cells
            if header and cells == header:
                continue
            pts = None
            if p_col is not None and p_col < len(cells):
                m = re.search(r"(\d+(?:\.\d+)?)", cells[p_col])
                pts = float(m.group(1)) if m else None
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
            item = strip_numbering(item) or last_item or ""
            if pts is None or not item or _TOTAL.match(item) or any(_TOTAL.match(c.strip()) for c in cells if c):
                if pts is not None and item:
                    self._stated_total(pts, r.page, block.row_text(r))
                continue
            last_item = item
            self.out.scoring.append(ScoringItem(item, pts, r.page, snippet(block.row_text(r))))

    def _stated_total(self, points: float, page: int, text: str) -> None:
        """"合计 100" / "满分100分" / "Total 100%": what the items should add up to (a self-check), never an item."""
        if "scoring_total" not in self.stated:
            self.stated["scoring_total"] = (points, page, snippet(text))

    def _scoring_line(self, page: int, text: str) -> None:
        body = strip_numbering(strip_markers(text))
        stated = re.search(r"(?:满分|总分|总计|合计|共计?|Total(?: score)?|maximum (?:score|total))\s*(?:为|是|of|is|:|：)?\s*"
                           r"(\d{2,3})\s*(?:分|points?|%)", body, re.IGNORECASE)
        raw = body[: stated.start()].rstrip() if stated else ""
        prefix = raw.strip(" :：")
        if stated and (not prefix or len(prefix) > 12 or re.search(r"[，,。；;]", prefix)
                       or not re.match(r"(?:满分|Maximum)", stated.group(0), re.IGNORECASE)):
            self._stated_total(float(stated.group(1)), page, text)  # "满分100分" of the whole, not "价格：满分30分"
            return
        eu = re.match(r"^(?:(?:Quality|Cost|Price) criterion\s*[-–:]\s*Name\s*[:：]\s*(?P<name>.+?)|(?P<price>Price|Cost))\s*[/-]\s*"
                      r"Weighting\s*[:：]\s*(?P<w>\d+(?:\.\d+)?)\s*%?$", body, re.IGNORECASE)
        if eu:  # EU form: "Quality criterion - Name: Technical solution / Weighting: 40", "Price - Weighting: 40"
            name = (eu.group("name") or eu.group("price")).strip()
            self.out.scoring.append(ScoringItem(name, float(eu.group("w")), page, snippet(text)))
            return
        # A borderless scoring table read as text: "技术方案 40 方案完整得40分…" / "Price 30".
        t = re.match(r"^([^\d:：]{2,20}?)\s+(\d{1,3}(?:\.\d)?)(?:\s|$)", body)
        if t and float(t.group(2)) <= 100 and not _TOTAL.match(t.group(1)) and not _HEADER_POINTS.search(t.group(1)):
            self.out.scoring.append(ScoringItem(t.group(1).strip(" -—–:：()（）"), float(t.group(2)), page, snippet(text)))
            return
        m = re.search(r"[（(]?\s*(?:满分|分值|权重|计|共|最高|max(?:imum)?\.?)?\s*[:：为]?\s*(\d+(?:\.\d+)?)\s*"
                      r"(?:分|points?|pts\b|marks?\b|%|percent\b)\s*[）)]?", body, re.IGNORECASE)
        if not m:
            return
        item = body[: m.start()].strip(" :：-—–()（）,，")
        item = re.sub(r"(?:满分|分值|权重|得分)$", "", item).strip(" :：-—–")
        if 1 < len(item) <= 40 and not _TOTAL.match(item) and not re.search(r"[。；;]", item):
            self.out.scoring.append(ScoringItem(item, float(m.group(1)), page, snippet(text)))

    def _description_continues(self, text: str) -> bool:
        """The next line of a wrapped "Description of the procurement: …" (PDF layout) joins it."""
        self.desc_open = False
        r = self.open_req
        if r is None or r.text.rstrip().endswith(_TERMINAL) or _EU_NUMBER.match(text) or F.kv_in_line(text) \
                or _LOT_RE.match(text) or _section_of_heading(text) is not None:
            self._close_req()
            return False
        r.text = join_wrapped([r.text, text])
        r.snippet = snippet(r.text)
        self._close_req()
        return True

    def _inline_scoring(self, page: int, text: str) -> bool:
        """"价格分30分，技术分55分，商务分15分" / "Award criteria: Quality 60 %, Price 40 %" on one line."""
        items = []
        for clause in re.split(r"[，,；;。、]|(?<=[%分])\s+", text):
            m = _INLINE_POINTS.match(clause.strip())
            if m:
                name = re.sub(r"^.*[:：]\s*", "", m.group("item")).strip(" -—")
                name = re.sub(r"(?<=..)(?:分值|分|部分|权重)$", "", name)
                if len(name) >= 2:
                    items.append((name, float(m.group("p"))))
        if len(items) < 2 or sum(p for _, p in items) > 100.5:
            return False
        for name, pts in items:
            self.out.scoring.append(ScoringItem(name, pts, page, snippet(text)))
        return True

    def _lot_number(self, m: re.Match) -> str:
        n = m.group("a") or m.group("b")
        return _CN_DIGIT.get(n, n)

    def _lots_from_table(self, block: Block, header: list[str]) -> None:
        n_col = next((i for i, h in enumerate(header) if _HEADER_LOT.search(h)), 0)
        name_col = next((i for i, h in enumerate(header) if i != n_col and _HEADER_NAME.search(h)), None)
        b_col = next((i for i, h in enumerate(header) if i not in (n_col, name_col) and _HEADER_BUDGET.search(h)), None)
        seen: dict[str, Lot] = {}
        last = None
        for r in block.rows[1:]:
            if r.cells == header or n_col >= len(r.cells):
                continue
            raw = r.cells[n_col] or (last or "")  # a merged lot cell repeats the lot above
            m = re.search(r"[A-Z\d一二三四五六七八九十]+", raw)
            if not m or _TOTAL.match(raw):
                continue
            last = raw
            number = _CN_DIGIT.get(m.group(0), m.group(0))
            name = r.cells[name_col] if name_col is not None and name_col < len(r.cells) else None
            budget = self._money(header[b_col], r.cells[b_col]) if b_col is not None and b_col < len(r.cells) else None
            if number in seen:  # one row per item of the lot: the lot's budget is their sum
                lot = seen[number]
                if budget and lot.budget and budget.currency == lot.budget.currency:
                    lot.budget = Money(lot.budget.amount + budget.amount, budget.currency)
                continue
            seen[number] = Lot(number, name, budget, r.page, snippet(block.row_text(r)))
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
        # "本项目分为2个包：第1包：路由器；第2包：交换机" names several lots on one line.
        parts = re.split(r"[；;]\s*(?=第\s*[一二三四五六七八九十\d]+\s*(?:包|标段)|(?:包|标段|Lot)\s*\d)", text)
        if len(parts) > 1:
            first = re.search(r"第\s*[一二三四五六七八九十\d]+\s*(?:包|标段)|(?:包|标段|Lot)\s*\d", parts[0])
            if first:
                parts[0] = parts[0][first.start():]
            found = [self._one_lot(page, p) for p in parts]
            return any(found)
        return self._one_lot(page, text)

    def _one_lot(self, page: int, text: str) -> bool:
        body = strip_numbering(text) if not _LOT_RE.match(text) else text
        m = _LOT_RE.match(body)
        if not m:
            return False
        rest = m.group("rest")
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
        if name is None and budget is None:
            return False
        self.lot = number
        self._add_lot(Lot(number, name, budget, page, snippet(text)))
        added = self._lot_specs(page, text, rest) if self.section == "technical" else 0
        self.lot_tail = None if rest.rstrip().endswith(_TERMINAL) else (number, rest, added)
        return True

    def _lot_continues(self, page: int, text: str) -> bool:
        """A lot line wrapped by the PDF layout ("…，质保期" / "不少于5年。") goes on on the next line."""
        tail, self.lot_tail = self.lot_tail, None
        if tail is None or _ITEM_START.match(text) or _LOT_RE.match(text) or _section_of_heading(text) is not None \
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
        self.lot_tail = None if joined.rstrip().endswith(_TERMINAL) else (number, joined, added)
        return True

    def _lot_specs(self, page: int, text: str, rest: str) -> int:
        """"包2：服务器及存储，服务器不少于12台，存储容量≥200TB": the quantities are requirements of the lot."""
        before = len(self.out.requirements)
        for clause in re.split(r"[，,；;。]", rest):
            if _OPERATOR_CHARS.search(clause):
                spec = parse_spec(clause)
                mandatory, important = markers(clause)
                self.out.requirements.append(Requirement(
                    kind="technical", text=strip_markers(clause).strip(), parameter=spec.parameter,
                    operator=spec.operator, value=spec.value, unit=spec.unit, mandatory=mandatory,
                    important=important, page=page, snippet=snippet(text), lot=self.lot))
        return len(self.out.requirements) - before

    # --- the walk -------------------------------------------------------------------------------------
    def run(self) -> ParsedTender:
        self.tree = build_tree(self.doc)
        scopes = block_sections(self.tree, len(self.doc.blocks))
        last_scope = None
        for i, block in enumerate(self.doc.blocks):
            scope, container = scopes[i]
            if scope is not None and scope != last_scope:
                # The document's structure says a new part begins here: its topic wins over line guesses.
                self._close_req()
                self.section = scope
                if scope in ("qualification", "scoring"):  # a lot ends where tender-wide parts begin
                    self.lot = None
            last_scope = scope
            if container and block.kind == "line" and (block.level or (
                    _heading_topic(block.text) and not re.search(r"^[^:：]{2,60}[:：]\s*\S", block.text))):
                self._heading_block(block)
                continue
            if block.kind == "line":
                self._line(block.page, block.text)
            else:
                self._table(block)
        self._close_req()
        found = {f for f in F.ORDER if getattr(self.out, f) not in (None, "")}
        self._heading_values()
        self._title()
        self._prose_buyer()
        self._prose_budget()
        self.fallback |= {f for f in ("project_name", "buyer", "budget") if getattr(self.out, f) not in (None, "")} - found
        if not self.out.region:
            for field in ("buyer", "project_name", "agency"):
                reg = find_region(getattr(self.out, field) or "")
                if reg:
                    prov = self.out.provenance[field]
                    self._set("region", reg, prov.page, prov.snippet)
                    break
        if self.out.deadline is None and self.prose_deadline:
            self.fallback.add("deadline")
            self._set("deadline", self.prose_deadline[0], self.prose_deadline[1], self.prose_deadline[2])
        chars = sum(len(t) for _, t in self.doc.lines())
        if chars < 40:
            self.out.warnings.append("almost no text found: a scanned image without a text layer? Run OCR first.")
        for f in ("project_name", "tender_number", "deadline"):
            if getattr(self.out, f) is None and chars >= 40:
                self.out.warnings.append(f"{f} not found")
        if not self.out.requirements and chars >= 40:
            self.out.warnings.append("no qualification or technical requirements found")
        if self.out.budget is None and self.out.lots and all(lot.budget for lot in self.out.lots):
            total = sum(lot.budget.amount for lot in self.out.lots)
            self.out.budget = Money(total, self.out.lots[0].budget.currency)
            self.out.provenance["budget"] = Provenance(self.out.lots[0].page, "sum of lot budgets")
            self.fallback.add("budget")
        run_checks(self.out, self.doc.lines(), self.stated, self.fallback | self.weak)
        return self.out

    def _heading_block(self, block: Block) -> None:
        """A heading the tree found: it sets the section (done by the caller) and may carry fields."""
        self._close_req()
        self.lot_tail = None
        self.desc_open = False
        self.heading_open = bool(re.search(r"(?:\b(?:to|of|and|or|the|for|in|on|with|by|including|relating)|,)$",
                                           block.text.rstrip(), re.IGNORECASE))
        self._contact_role(block.text)
        self._fields_from_line(block.page, block.text)
        if _LOT_RE.match(block.text):
            self._lot_line(block.page, block.text)

    def _line(self, page: int, text: str) -> None:
        if self.desc_open and self._description_continues(text):
            return
        if self.heading_open:
            self.heading_open = False
            if re.match(r"^[a-z]", text) and not F.kv_in_line(text):
                return  # "…including requirements relating to" / "enrolment on professional …": a wrapped heading
        desc = _DESCRIPTION.match(text)
        if desc and _OPERATOR_CHARS.search(desc.group("v")) or desc and self.lot and re.search(r"\d", desc.group("v")):
            # "II.2.4) Description of the procurement: 40,000 smart meters, class 1 ..." states what is bought.
            self._fields_from_line(page, text)
            self._close_req()
            self.open_req = Requirement(kind="technical", text=desc.group("v"), page=page, snippet=snippet(text),
                                        lot=self.lot)
            self.desc_open = True
            return
        if self.lot_tail and self._lot_continues(page, text):
            return
        if self.section != "scoring" and not self.out.scoring and self._inline_scoring(page, text):
            return
        sec = _section_of_heading(text)
        if sec == "other" and _LOT_RE.match(text) and self._lot_line(page, text):
            return
        if sec is not None:
            self._close_req()
            self.section = sec
            self.lot = None
            # Cut off mid-phrase ("…requirements relating to"): the PDF wrapped the heading.
            self.heading_open = bool(re.search(r"(?:\b(?:to|of|and|or|the|for|in|on|with|by|including|relating)|,)$",
                                               text.rstrip(), re.IGNORECASE))
            self._contact_role(text)
            self._fields_from_line(page, text)
            return
        self._fields_from_line(page, text)
        if self._lot_line(page, text):
            self._close_req()
            return
        if self.section in ("qualification", "technical"):
            if F.kv_in_line(text) and not _OPERATOR_CHARS.search(text):
                self._close_req()
                return
            self._req_line(page, text)
        elif self.section == "scoring":
            self._scoring_line(page, text)
        elif ("★" in text or "▲" in text) and not _MARKER_LEGEND.search(text):
            self._loose_marked_line(page, text)

    def _table(self, block: Block) -> None:
        self._close_req()
        self._fields_from_table(block)
        header = block.rows[0].cells
        kind = self._table_kind(header)
        if kind is None and self.section in ("qualification", "technical", "scoring"):
            kind = self.section
            header_like = not any(re.search(r"\d", c) for c in header) and len(block.rows) > 1
            header_cells = header if header_like else None
        else:
            header_cells = header if kind else None
        if kind == "scoring":
            self._scoring_from_table(block, header_cells)
        elif kind == "lots":
            self._lots_from_table(block, header)
        elif kind in ("qualification", "technical"):
            if kind == "technical" and self.section == "qualification":
                kind = "qualification"
            self._requirements_from_table(block, kind, header_cells)
        else:
            # Unknown table: marked rows still count as requirements.
            for r in block.rows:
                t = block.row_text(r)
                if ("★" in t or "▲" in t) and not _MARKER_LEGEND.search(t):
                    self._loose_marked_line(r.page, t)


def _rows_to_text(rows: list[Row]) -> str:
    return "\n".join(" | ".join(r.cells) for r in rows)


def extract(doc: Document) -> ParsedTender:
    return _Extractor(doc).run()
