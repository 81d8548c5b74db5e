"""What a heading is about: qualification, technical, scoring, lots or other (Chinese and English).

The words are those of real notices (资格要求, 技术参数, 评分标准, Selection criteria, Technical
Specifications, Award criteria, Bid Data Sheet, Evaluation and Qualification Criteria …). Only the
head of a heading is read, so a long numbered paragraph is judged by its opening words.
"""

from __future__ import annotations

import re

SECTION_KEYS = [
    ("scoring", (r"评分标准|评分办法|评审标准|评分细则|评标办法|评审办法|综合评分|评分表|评审因素|评分因素|评标标准|评选办法|评审方法|"
                 r"评标方法|评定办法|评定方法|评分方法|评审细则|评选项目|评审项目|评分项目|项目及配分|^配分|"
                 r"Evaluation (?:Criteria|Method(?:ology)?|Factors|Process|Model|Approach|and Selection)|^(?:Tender |Bid |Proposal |Technical |Financial |Commercial |Quality |Merit )?"
                 r"Evaluation$|Assessment (?:Criteria|Method(?:ology)?)|^Weightings?$|Non-price attributes|"
                 r"Scoring|Award Criteria|Basis (?:of|for) Award|Rated criteria|"
                 r"Point[- ]rated|Marking scheme|評分|評審|"
                 r"Evaluation and (?:Qualification|Award)")),
    ("qualification", (r"资格要求|资格条件|资质要求|资格审查|资质条件|供应商资格|投标人资格|申请人的资格|合格投标人|合格供应商|"
                       r"Qualifications?\b|Eligibility|Bidder Requirements|(?<!Mandatory )Minimum Requirements|Selection criteria|"
                       r"Conditions for participation|Economic and financial standing|Technical and professional ability|"
                       r"Suitability to pursue|Preliminary (?:examination|evaluation|screening)|Responsiveness|"
                       r"Administrative compliance|Returnable documents|^Prerequisites?$|符合性审查|资格性审查|初步评审|初步审查|资格性检查")),
    ("technical", (r"技术参数|技术要求|技术规格|技术指标|采购需求|需求参数|参数要求|配置要求|技术规范|服务要求|服务需求|项目需求|"
                   r"用户需求|采购内容|采购清单|商务要求|^(?:交货期|交货时间|供货期)|^Delivery\b(?! (?:address|location|point|place))|"
                   r"Technical (?:Specifications?|Requirements?|Parameters?)|Specifications?\b|Scope of (?:Work|Supply|Services)|"
                   r"^(?:Project |Contract |Service )?Scope(?: (?:Summary|Overview)| of (?:the )?(?:Requirements?|Contract|Project|Procurement))?$|"
                   r"Statement of Work|Functional Requirements|Salient characteristics|Description of the procurement|Schedule of Requirements|"
                   r"Statement of Requirements?|^(?:The\s+)?Requirements?$|(?:Mandatory|Essential|Desirable|Key|Service|"
                   r"Performance) (?:technical )?(?:Requirements|criteria)|Gateway (?:questions|criteria|requirements)|"
                   r"Compliance (?:schedule|matrix)|技術要求|技術規格|服務要求|規格|规格")),
    ("other", (r"获取(?:招标|采购|磋商)?文件|招标文件的获取|提交投标文件|投标截止|开标|公告期限|联系方式|其他补充|其他事项|"
               r"合同条款|合同主要条款|付款方式|监督|质疑|投诉|项目概况|项目基本情况|提出询问|以下方式联系|投标保证金|"
               r"Submission|Contact|Instructions|Payment|Contract Terms|General Information|Background|Introduction|"
               r"Timeline|Schedule|Timetable|Key information|Key dates|Important dates|Procedure|Contracting authority|Complementary information|"
               r"Bid Data Sheet|Estimated (?:total )?value|Duration|Information about|Administrative|"
               r"Time limit|Legal, economic")),
]
_NUMBER = re.compile(r"^[★▲※*\s]*(?:第\s*[一二三四五六七八九十\d]+\s*[章节篇部分条]+|[IVX]+(?:\.\d{1,2})*\)|"
                     r"(?:Section|Part|Chapter)\s+[\dIVX]+\s*[-–—:.]?|ITB\s+[\d.]+|[一二三四五六七八九十]+\s*[、.．]|"
                     r"[（(][一二三四五六七八九十\d]+[）)]|\((?:x?(?:ix|iv|v?i{1,3}|v|x))\)|\d{1,2}(?:\.\d{1,2})*\s*[.．、)]?|[①-⑳]|"
                     r"[IVX]+\.|[A-H][.)])\s*")


def heading_topic(text: str) -> str | None:
    """The topic a heading names, or None when its words name none."""
    body = _NUMBER.sub("", text.strip(), count=1)
    # "2.技術能力及產品規格：30分", "Technical approach: 30 points": a criterion and its points, named by its topic
    # but no heading of it.
    if re.search(r"[:：]\s*\d{1,4}(?:\.\d+)?\s*(?:分|points?|pts|marks?)[。.]?$", body, re.IGNORECASE):
        return None
    # A short heading is read whole ("Scope of Services and Technical Requirements"); a long numbered paragraph
    # by its opening words only.
    head = body if len(body) <= 70 and not body.endswith((".", "。")) else body[:36]
    # A heading is about what it names first ("Salient characteristics - MINIMUM REQUIREMENTS").
    hits = [(m.start(), k) for k, (name, rx) in enumerate(SECTION_KEYS) if (m := re.search(rx, head, re.IGNORECASE))]
    return SECTION_KEYS[min(hits)[1]][0] if hits else None


# A heading saying the items under it are all musts: "3. Mandatory Minimum Requirements", "实质性要求".
_MUST = re.compile(r"\bMandatory\b|(?:Pass\s*/\s*Fail|Go\s*[/-]\s*No[- ]?Go)|实质性(?:要求|条款)|必须满足", re.IGNORECASE)


def heading_says_must(text: str) -> bool:
    head = _NUMBER.sub("", text.strip(), count=1)[:72]
    # "标注“★”的为实质性要求" explains a marker: only the marked items are musts.
    return bool(_MUST.search(head)) and not re.search(r"\b(?:Desirable|Optional|Scored|Rated)\b|[★▲※*]|marked|标",
                                                      head, re.IGNORECASE)


# A sentence under a heading making every item of the part a must, with no mark on any item: "Each line is
# evaluated on a pass/fail basis", "All requirements below are mandatory", "以下技术参数均为实质性要求".
_ALL_MUST = re.compile(
    r"\b(?:each|every|all(?: of the)?|any)\s+(?:and every\s+|one of the\s+)?(?:(?:required|listed|stated|minimum|technical|"
    r"gateway|mandatory|[a-z]+-[a-z]+)\s+)*"
    r"(?:lines?|items?|requirements?|specifications?|clauses?|parameters?|criteria|conditions?|questions?)\b[^.;]{0,60}?"
    r"(?:\b(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go)\b|\bpass or fail\b|\b(?:are|is)\s+(?:mandatory|compulsory|essential)\b|"
    r"\bmust (?:all )?be (?:met|complied with|satisfied|answered)\b|\bnon-?compliance\b[^.;]{0,40}\b(?:reject|disqualif))|"
    # "The following minimum specifications are mandatory."
    r"\b(?:the\s+)?following\s+(?:(?:minimum|technical|service|functional)\s+)*(?:specifications?|requirements?|items?|criteria|"
    r"conditions?)\s+(?:are|is)\s+(?:all\s+)?(?:mandatory|compulsory|essential|(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go))\b|"
    r"(?:以下|下列|本章|本节|所有|全部|各项)[^。；]{0,12}(?:参数|条款|要求|指标)[^。；]{0,6}(?:均|都|全部)(?:为|是|属于?)(?:实质性|★|必须满足|否决)",
    re.IGNORECASE)
# "… using a non-discretionary pass/fail criterion" of the whole procedure names no items.


def declares_all_must(text: str) -> bool:
    return bool(_ALL_MUST.search(text))
