"""What a line or a table header looks like: a heading, an item, a quantity, a lot, a total row.

Shared by the field-family extractors; none of these knows any field.
"""

from __future__ import annotations

import re

from ..requirements import strip_markers
from ..sections import SECTION_KEYS
from ..text import CJK_RE

ATTACHMENT_NUMBER = re.compile(r"^(?:附件|附录|附表)\s*[\d一二三四五六七八九十]{1,3}\s*[:：、.．\-—–]?\s*(?=\S)|"
                               r"^(?:Annex|Appendix|Attachment|Exhibit|Enclosure)\s+(?:[\dIVX]{1,4}|[A-Z])\s*[:.\-—–]\s*(?=\S)",
                               re.IGNORECASE)
EU_NUMBER = re.compile(r"^(?:[IVX]+(?:\.\d{1,2})+\)\s|Section [IVX]+\s*[:.]\s)")
TOP_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十\d]+[章节部分篇条]|#+\s|"
                         r"(?:Section|Part|Chapter|Article)\s+[\dIVX]+|[IVX]+\.\s)", re.IGNORECASE)
# An item id of letters and a number opens an item too: "G1 The service …", "MR 3 Valid permit", "F-01 The System …".
ITEM_START = re.compile(r"^\s*(?:[★▲*•·-]|\d{1,2}\s+(?=[\u4e00-\u9fff★▲A-Z])|[A-Z]{1,3}[-\s]?\d{1,2}(?=\s+[A-Z(])|\(?\d{1,2}[)）.、．](?!\d)|\d{1,2}(?:\.\d{1,2}){1,3}(?!\d)|（\d{1,2}）|"
                         r"[①-⑳]|[a-z][.)]\s)")
OPERATOR = re.compile(r"[≥≤<>]|(?:不低于|不少于|不超过|不高于|不大于|不小于|不多于|不得(?:低于|少于|高于|超过|大于|多于|小于)|"
                      r"at least|minimum|maximum|no less than|no more than|not (?:less|more) than)\s*"
                             r"(?:of\s+)?[\d一二三四五六七八九十]|\d\s*\S{0,3}(?:以上|以下)|"
                             # A time limit: "30日内交货", "within 14 days".
                             r"\d\s*(?:个)?(?:日历天|工作日|天|日|小时|分钟|周|个月)\s*(?:内|之内|以内)|\bwithin\s+\d", re.IGNORECASE)
TERMINAL = ("。", "；", ";", ".", "!", "！")
LOT_RE = re.compile(r"^(?:第\s*(?P<a>[一二三四五六七八九十\d]+)\s*(?:包|标段|分包|子包|采购包)|"
                     r"(?:采购包|合同包|标段|标包|包件|分包|包|Lot|Package)(?:\s*(?:No\.?|Number|#)\s*[:：]?)?\s*"
                     r"(?P<b>\d+|[一二三四五六七八九十]+|(?-i:[IVX]{1,4})(?![A-Za-z])|(?-i:[A-Z])(?![A-Za-z])))"
                     r"\s*[:：.、\-—)）]?\s*(?P<rest>.*)$", re.IGNORECASE)
CN_DIGIT = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "十": "10"}
LOT_MENTION = re.compile(r"^(?:第\s*[一二三四五六七八九十\d]+\s*(?:包|标段|分包)|(?:采购包|合同包|标段|标包|包件|分包|包|Lot|Package)\s*"
                          r"[A-Z\d一二三四五六七八九十]+)|第\s*[一二三四五六七八九十\d]+\s*(?:包|标段)\s*[:：]", re.IGNORECASE)
MARKER_LEGEND = re.compile(r"(?:带|标有|标注|标示|标明|标记|标|有|注有|打|附有)\s*[“\"'「『]?[★▲*＊]+[”\"'」』]?\s*(?:号|的|者|标识|标记|符号|项|条款)|"
                            # "“★”为实质性要求指标", "'★' denotes a mandatory item": a quoted mark and what it means.
                            r"[“\"'「『‘][★▲※*＊][”\"'」』’]\s*(?:号)?\s*(?:为|表示|代表|是指|指|系|means|denotes|indicates|"
                            r"stands for|=)|"
                            # "注明“（必要條件）”者为必须符合的要求": a marker in words, quoted in its legend.
                            r"(?:注明|标明|标有|标注|註明|標明)\s*[“\"「『][^”\"」』]{1,10}[”\"」』]\s*(?:者|的)|"
                            r"[★▲]\s*(?:号|标识|符号)(?:的)?(?:条款|项|参数|指标|为)|"
                            r"(?:items?|clauses?|requirements?)\s+marked\s+(?:with\s+)?[★▲*]|"
                            r"\bmarked\s+(?:with\s+)?(?:an?\s+)?[(\[〔](?:M|E|D|Mandatory|Essential|Desirable|(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go))[)\]〕]|"
                            r"(?:标明|標明|标有|標有|标注|標註|注明|註明)\s*[〔\[【(（]\s*[A-Z]\s*[〕\]】)）]|"
                            r"\b(?:labell?ed|marked|identified|designated)\s+(?:as\s+)?(?:either\s+)?[(\[]?(?:Mandatory|Essential)"
                            r"[)\]]?\s+or\s+[(\[]?(?:Desirable|Optional)|"
                            # A sentence counting the musts ("本分标否决项共9项", "实质性条款共六项").
                            r"(?:否决项|否决条款|实质性(?:条款|要求)|必要(?:规格|条款|规定|项目)|[★※▲][”\"'」』]?\s*号?(?:条款|项目|项|要求|规格)?)"
                            r"[^。；;]{0,8}?共\s*[\d一二三四五六七八九十]{1,3}\s*(?:项|条)",
                            re.IGNORECASE)
# A title that only names the kind of document, not the project ("招標公告", "Contract notice").
DOC_TYPE_ONLY = re.compile(r"^(?:(?:公开|公開|邀请|邀請|竞争性|競爭性)?(?:招标|招標|采购|採購|磋商|询价|詢價|谈判|談判|投标|投標)"
                           r"(?:公告|通告|邀请书|邀請書)|(?:Contract|Tender|Procurement|Bid) notice|Notice of (?:tender|procurement)|"
                           r"Invitation (?:to|for) (?:tenders?|bids?)|Request for (?:proposals?|bids|tenders?|quotations?)|"
                           r"Notice to (?:bidders|tenderers|contractors|offerors|proponents|suppliers))$",
                           re.IGNORECASE)
# A total row: "合计", "Total", and a subtotal named after its group ("技术部分小计", "Technical sub-total").
TOTAL_ROW = re.compile(r"^(?:合计|总计|总分|小计|Sum|Sub-?total)\b|"
                       # a bilingual cell whose other language says total ("Jumlah / Total", "合计 / Total")
                       r"^[^/|]{1,30}\s/\s*(?:Total|Grand total|Sum|合计|总计)\s*$|^Total\b(?!\s+(?:offered|evaluated|bid|tender|contract|quoted|"
                       r"proposed|price|cost|life|lifecycle|life-cycle|whole|ownership|fee|amount)\b)|^[^\d]{0,10}(?:小计|合计|总计)\s*$|^.{0,30}\bsub-?total\s*$",
                       re.IGNORECASE)
# English words whole: "Remarks" is not "Marks", "Scoreboard" not a score.
HEADER_POINTS = re.compile(r"分值|分数|权重|配分|满分|最高分|^得分$|\bPoints?\b|\bScor(?:e|es|ing)\b|\bWeight(?:s|ing|ings|age)?\b|"
                           r"\bMarks?\b|\bMax(?:imum)?\.? (?:score|points)", re.IGNORECASE)
HEADER_ITEM = re.compile(r"评分项|评分因素|评审因素|评审项|评分点|评审点|评价项|评价因素|考核项|评分类别|评分项目|评选项目|评比项目|评审准则|评选项|"
                          r"评选子项|评分子项|子项|评分内容|评审内容|^项目$|^内容$|^类别$|"
                          r"Criteri|^Item|Factor|Category|Component|Attribute|Sub-?criteri|Aspect", re.IGNORECASE)
HEADER_LOT = re.compile(r"包号|包组|标段|分包|采购包|合同包|标包|包件|^包$|\bLots?\b|Package", re.IGNORECASE)
HEADER_NAME = re.compile(r"名称|内容|Name|Description|Title|Scope", re.IGNORECASE)
HEADER_BUDGET = re.compile(r"预算|金额|限价|控制价|拦标价|估算价|Budget|Amount|Value|Price|Estimate", re.IGNORECASE)
HEADER_REQ_VALUE = re.compile(r"参数值|指标值|技术要求|参数要求|要求值|Required value|Requirement|Minimum", re.IGNORECASE)
HEADER_REQ = re.compile(r"技术要求|参数要求|要求|参数值|指标值|规格|配置|技术参数|Requirement|Specification|Value|"
                         r"Minimum|Spec\b", re.IGNORECASE)


def language(doc) -> str:
    text = "".join(t for _, t in doc.lines()[:200])
    cjk = len(CJK_RE.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk >= latin * 0.3 else "en"


def section_of_heading(text: str) -> str | None:
    """The section a heading opens, "other" for a top-level heading of another topic, None if not a heading."""
    body = strip_markers(text).strip()
    # "一、主要規格（以下規格註記「◎」者為必要規格，…）": a note in brackets after the heading's name explains the part;
    # the name before it says what the part is.
    noted = re.match(r"^(?P<name>[^（(:：]{2,30}?)\s*[（(][^（）()]{12,}[）)]$", body)
    if noted:
        body = noted.group("name")
    # "III.1.2) Economic and financial standing", "Section III: Legal, economic ...": EU form
    # headings are numbered, long and in sentence case.
    numbered = bool(EU_NUMBER.match(body))
    if not body or len(body) > (160 if numbered else 60) or OPERATOR.search(body):
        return None
    top = bool(TOP_NUMBER.match(body))
    # An attachment's number in front ("附件1：主要技术要求", "Annex B - Specifications") is numbering too.
    body = ATTACHMENT_NUMBER.sub("", body)
    core = re.sub(r"^(?:[IVX]+(?:\.\d{1,2})+\)|Section [IVX]+\s*[:.]|[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十\d]+[章节部分篇条]|#+|"
                  r"(?:Section|Part|Chapter|Article)\s+[\dIVX]+[:.]?|[IVX]+\.|\(?\d{1,2}(?:\.\d{1,2})*[)）.、]?|"
                  r"[（(][一二三四五六七八九十\d]+[）)])\s*", "", body, flags=re.IGNORECASE)
    # "技术参数响应 28分" in a scoring list: a criterion and its points, not a heading named by its words.
    if re.search(r"\d\s*(?:分|points?|pts|marks?|%|％)$", core, re.IGNORECASE) and not top:
        return None
    # "一、主要規格（以下規格註記「◎」者為必要規格，…）": a note in brackets after the heading's name explains the part;
    # the name before it says what the part is.
    has_value = re.search(r"[:：]\s*\S", core)
    ends = core.endswith(TERMINAL[:3]) or (core.endswith(".") and len(core) > 25)
    # "六、对本次招标提出询问，请按以下方式联系。" is still a top heading, full stop and all.
    if ends and top and re.search(SECTION_KEYS[-1][1], core, re.IGNORECASE):
        return "other"
    if has_value or len(core) > (160 if numbered else 36) or ends:
        return None
    english = not CJK_RE.search(core)
    if english:
        words = core.rstrip(":").split()
        caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
        # "Technical requirements" alone on its line is a heading in sentence case too; a longer line needs capitals.
        if not words or (caps / len(words) < 0.6 and not numbered and len(words) > 3) or len(words) > (24 if numbered else 8):
            return None
    for name, rx in SECTION_KEYS:
        if re.search(rx, core, re.IGNORECASE):
            return name
    return "other" if top else None


def table_kind(header: list[str]) -> str | None:
    """What a table holds, from its header row: scoring, lots, qualification, technical, or None."""
    joined = " ".join(header)
    if sum(1 for c in header if HEADER_POINTS.search(c)) and any(HEADER_ITEM.search(c) for c in header):
        return "scoring"
    # A lot column beside a name and a budget is a lot table; beside a parameter's required value ("包号 | 参数名称 |
    # 标准参数值") it is a specification table whose rows say which lot they belong to.
    if any(HEADER_LOT.search(c) for c in header) and (any(HEADER_BUDGET.search(c) for c in header) or (
            any(HEADER_NAME.search(c) for c in header) and not any(HEADER_REQ_VALUE.search(c) for c in header))):
        return "lots"
    if re.search(r"资格|资质|Qualification|Eligib", joined, re.IGNORECASE) and len(header) <= 4:
        return "qualification"
    if any(HEADER_REQ.search(c) for c in header) and len(header) >= 2:
        return "technical"
    return None


# A cap whose label names the buyer's own estimate or budget too: 予定価格 ("planned price"), 招标控制价 (the price the
# buyer computes for the works from the official rates, then publishes as the cap), "budget ceiling".
CAP_NAMES_ESTIMATE = re.compile(r"予定価格|招标控制价|予算|預算|预算|概算|估算|estimat|budget|planned price|engineer'?s? cost",
                                re.IGNORECASE)
