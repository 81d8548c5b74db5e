"""Labels of the header fields of tender notices (Chinese and English) and how to read them.

A field is found as "label: value" on a line, as a label cell followed by a value cell in a
table, as a header row over a single value row, or as a heading whose value sits on the
next line (四、提交投标文件截止时间、开标时间和地点 / 2025年03月21日 09点30分).
"""

from __future__ import annotations

import re

LABELS: dict[str, str] = {
    "project_name": r"(?:采购|招标|磋商|谈判|询价|竞价)?项目名称|(?:询价|询比|竞价|比价|采购|寻源|招标|项目)(?:单)?(?:标题|主题)|工程名称|项目名|采购项目|标案名称|(?:采购)?案件?名称|案名|(?:The )?name of the (?:RFB|RFP|RFQ|RFT|ITT|ITB|IFB|RFx|contract|tender|procurement|project)|"
                    r"Project (?:Name|Title)|Title of (?:the )?(?:Project|Tender|RFP|Solicitation)|RFP Title|"
                    r"(?:Tender|Bid|RFP|RFQ|ITB|IFB|Solicitation|Opportunity|Contract|Procurement) (?:Name|Title)|Title|"
                    r"Title of (?:the )?(?:procurement|contract|requirement)|(?:Call-off|Contract|Lot|Requirement|Procurement) title|Subject of (?:the )?(?:procurement|contract|tender)|"
                    r"Object of (?:the )?(?:contract|procurement)",
    "tender_number": r"Reference|Ref\.?|(?:询价|询比|竞价|比价|采购|寻源|招标|需求)单(?:号|编号)|ATM ID|Resource ID|(?:Sourcing )?(?:Event|Solicitation|RFx)\s*ID(?:\s*(?:Number|No\.?|#))?|(?:政府)?(?:采购|招标|项目|招标项目|采购项目|磋商|谈判|询价)(?:项目)?(?:编号|编码|代码)|项目代码|"
                     r"招标文件编号|采购计划编号|标案案号|(?:采购)?案号|招标参考编号|(?:Tender|RFP|RFQ|RFB|RFT|IFB|ITB|NIT|RFx|EOI|RFI|IFT|Bid|Solicitation|Project|Procurement|Reference|"
                     r"Contract|Notice|Quotation|Invitation|Requisition|Opportunity|Bid notice|Case|File)\s*(?:No\.?|Number|Ref(?:erence)?\.?(?: No\.?)?|ID|#|Code)|Ref\.?\s*No\.?|"
                     # "Call number", "City call number", "Call for Tenders No.": the buyer's number of its call
                     r"(?:(?:City|County|Municipal|State|Agency|Our)\s+)?Call(?: for (?:Tenders?|Bids|Proposals|Quotations))?\s*(?:No\.?|Number|#)|"
                     # eForms: the buyer's own file number, then the procedure's and the notice's ids.
                     r"Internal (?:identifier|ID)|Procedure identifier|Notice publication number|"
                     r"(?:Consultation|Procurement|Tender|Contract|Call|Competition|Procedure|Dossier|File|Our|Your|Buyer'?s?|"
                     r"Purchase|Solicitation|Opportunity) (?:reference|ref\.?)(?: (?:number|no\.?|code))?",
    "buyer": r"采购人(?:名称)?|(?:招标|采购|公开招标)(?:实体|主体)|判给实体|(?:招标|采购)?机关(?:名称)?|采购单位(?:名称)?|征集人(?:名称)?|招标人(?:名称)?|招标单位(?:名称)?|建设单位|采购方|业主(?:单位)?|"
             r"Buyer|Purchaser|Procuring (?:Entity|Agency|Authority|Organi[sz]ation)|Contracting (?:Authority|Entity|Agency|Body|Organi[sz]ation)|"
             r"Awarding (?:Authority|Body|Entity)|Customer|Employer|Requesting (?:Agency|Entity|Department)|"
             r"(?:Buyer|Procuring Entity|Contracting (?:Authority|Body|Party)|Purchaser) Name|"
             r"Issuing (?:Agency|Organi[sz]ation|Authority|Office|Entity|Department)|Issued by|Client|Owner|Agency|"
             # US federal listings: "Department/Ind. Agency", "Contracting Office".
             r"Department\s*/\s*Ind(?:ependent|\.)?\s*Agency|Contracting Office|Government (?:Entity|Agency)|Public Entity|"
             r"Purchasing (?:Agency|Entity|Organi[sz]ation|Department)|Official name|"
             r"Name of (?:the )?(?:Contracting Authority|Buyer|Purchaser)|(?:The )?Purchaser|Name and addresses|"
             r"(?:Buyer |Procuring |Purchasing |UN )?Organi[sz]ation(?: Name)?",
    "agency": r"(?:采购|招标|政府采购)?代理机构(?:名称)?|招标代理(?:人|单位|机构)?|采购代理(?:人|单位)?|代理公司|"
              r"Procurement Agen(?:t|cy)|Tender(?:ing)? Agen(?:t|cy)|Bidding Agen(?:t|cy)|Purchasing Agent",
    "region": r"行政区域|行政区划|项目所在地|项目所在地区|所属地区|所属区域|地区|区域|项目地点|实施地点|"
              r"Region|Province|Location|Place of Performance|Project Location",
    "budget": r"(?:项目|采购)?(?:总)?预算(?:金额|资金|总额|价)?|(?:采购)?资金预算|采购金额|项目金额|项目总投资|总投资|"
              r"(?:Total )?Budget(?: Amount)?|Estimated (?:Budget|Value|Contract Value|Cost|Amount)|"
              r"Contract Value|Value of (?:the )?contract|Funding Available|Available Budget|Value excluding VAT|Estimated total value|"
              r"Total value of the procurement|Total value|Estimated (?:Bid|Tender|Procurement) Value|(?:Total )?Indicative budget|"
              r"(?:Total )?Approved Budget(?: for the Contract)?(?: \(ABC\))?|Total ABC|"
              # "Department's Estimated Price", "Engineer's Estimate", "Official cost estimate"
              r"(?:(?:Department|Agency|Government|Owner|Engineer|Employer|Purchaser|Client|Official)(?:'s|’s|s')?\s+)?"
              r"(?:Estimated Price|Cost Estimate)|(?:Department|Agency|Government|Owner|Engineer|Employer|Official)(?:'s|’s|s')?\s+Estimate|"
              r"Estimated (?:total |overall )?(?:contract |procurement |project )?(?:value|cost|amount|budget)"
              r"(?: of (?:the )?(?:work|works|project|contract|procurement|services|supply|tender))?|"
              r"(?:Tender|Bid|Procurement|Project|Work) Value(?: in \S{1,4})?|Lot Value|Cost of (?:the )?(?:work|works|project)|"
              r"(?:Allocated|Available|Project|Contract|Procurement|Overall) budget|Budget (?:allocation|available|ceiling)|"
              r"Amount (?:allocated|budgeted)|Engineer'?s estimate|Cost estimate|"
              r"财政预算|采购资金|预算控制金额|(?:采购)?估算(?:金额|价|总价)|(?:合同|招标|工程|项目)估算(?:价|金额)|概算(?:金额)?|项目概算|工程概算",
    "max_price": r"Upper limit price|最高(?:投标)?限价|最高投标价|投标(?:最高)?限价|投标上限(?:价)?|招标控制价|控制价|拦标价|上限价(?:格)?|最高价|"
                 r"Maximum (?:Price|Bid(?: Price)?|Contract Value|Budget)|Ceiling Price|Price Ceiling|"
                 r"Not[- ]to[- ]Exceed(?: Amount| Price)?|Price Cap|Maximum (?:contract|tender|bid|offer) (?:value|price|amount)|"
                 r"Cap(?:ped)? price|Budget cap|Price limit",
    "deadline": r"(?:递交|提交|接收)?(?:投标|响应|应答|报价|申请)?(?:文件)?(?:递交|提交|接收)?截止(?:时间|日期)|"
                r"截止(?:投标|收件|递交)(?:时间|日期)?|收件截止(?:时间|日期)?|"
                r"截止时间|截标时间|Submission Deadline|(?:Bid|Tender|Proposal|Response|Offer)s? Deadline|"
                r"Deadline(?: for (?:the )?(?:(?:Bid|Tender|Proposal|Offer)s? )?(?:Submission|Receipt)"
                r"(?: of (?:Bids|Proposals|Tenders|Offers))?)?|(?:Tender|Bid|Proposal|Offer)s? Submission Deadline|"
                r"Closing (?:Date(?: and Time)?|Time)(?: for (?:the )?(?:(?:receipt|submission|delivery)(?: of (?:the )?(?:bids|tenders|offers|"
                r"proposals|quotations|applications))?|(?:bids|tenders|offers|proposals|quotations|applications)))?|"
                r"(?:Tender|Bid|Offer|Proposal|Response|Quotation)s?\s+(?:Receipt|Submission|Return)\s+"
                r"Deadline|(?:Bids?|Proposals?|Tenders?|Offers?|Responses?|Quotes?|Quotations?)\s+"
                r"(?:are\s+)?due(?:\s+(?:and|&)\s+(?:public\s+)?opening)|(?:Tender|Bid|RFT|RFP|RFQ|RFx|Offer|Quotation|Proposal)s?\s+clos(?:es|ing)"
                r"(?: (?:date|time)(?: (?:and|&) time)?)?(?: on)?|Close (?:date|time)(?: (?:and|&) time)?|Clos(?:ing|es) on|(?:Proposals?|Bids?|Tenders?|Responses?|Offers?|Quotes?|Quotations?) "
                r"(?:are )?[Dd]ue(?: Date)?(?: and Time)?|"
                r"(?:(?:RFP|RFQ|Bid|Tender|Proposal) )?(?:Response )?Due Date(?: and Time)?|Tender Closing|Deadline on|"
                r"(?:Bid|Tender|Offer) End Date(?: and Time)?|(?:Bid|Tender|Offer|Proposal)s?\s+Submission\s+(?:End|Closing|Last|Due)\s+"
                r"Date(?: and Time)?|Last (?:Date|Day) (?:and Time )?(?:of|for) (?:the )?(?:Online |Bid |Tender |Offer |Proposal |e-?)?(?:Submission|Receipt|"
                r"submitting|receiving|receipt of)(?: (?:of )?(?:the )?(?:Bids|Tenders|Offers|Proposals|Quotations))?|(?:Deadline for |Date and time (?:for|of) )?Submission of (?:the )?"
                r"(?:tenders|bids|proposals|offers|quotations)(?: and [a-z ]{3,30})?|(?:Original |Updated |Current )?Response Date(?: and Time)?|"
                r"Closing|Closes|Tenders? close|Bids? close|(?:Tender (?:Submission Deadline )?|Submission (?:Deadline )?)Period End Date|"
                r"Tender Period End|(?:Date and )?Time limit for (?:the )?receipt of (?:tenders|bids|offers|proposals|applications)"
                r"(?: or requests to participate)?|(?:Date and time|Deadline) for (?:the )?receipt of (?:tenders|bids|offers|proposals)|"
                # "Deadline for Proposals", "Deadline for Tenders": the deadline named by what is submitted.
                r"Deadline for (?:(?:the )?(?:receipt|submission|lodg(?:e?ment|ing)) of )?(?:the )?(?:Bids|Tenders|Proposals|Offers|Quotations|"
                r"Quotes|Responses|Submissions|Applications|Expressions of Interest|EOIs?)",
    "opening_time": r"开标(?:时间|日期)|(?:响应|投标)文件开启时间|开启时间|开标|(?:磋商|谈判)(?:开始)?时间|"
                    r"(?:Bid|Tender|Proposal|Public) Opening(?: Date(?: and Time)?| Time)?|Opening (?:Date|Time)(?: and Time)?|"
                    r"(?:Conditions for )?opening of (?:tenders|bids|offers)",
}
# Labels that end a value: "采购人：X医院 地址：Y路" -> "X医院".
_GENERIC = (r"地址|地 址|浏览(?:次数|量)?|点击(?:数|量)|阅读(?:数|量)|联系人|联系方式|联系电话|电话|传真|邮编|邮箱|电子邮箱|开户行|账号|"
            r"Address|Contact(?: Person)?|Tel(?:ephone)?|Phone|Fax|E-?mail")
_SEP = r"\s*(?:[（(][^）)]{0,12}[）)])?(?:\s+(?:is|are))?\s*[:：]\s*"

_LABEL_RE = {k: re.compile(rf"^(?:{v})$", re.IGNORECASE) for k, v in LABELS.items()}
_KV_RE = {k: re.compile(rf"(?:^|(?<=\s)|(?<=[;；，,。、【\[（(的])|(?<=[\u4e00-\u9fff]))(?P<label>(?:{v})(?:\s*(?:及|和|与|、|/|&)\s*(?:时间|日期|時間|时刻))?\s*(?:[（(][^）)]{{0,40}}[）)])?)"
                        rf"(?:\s*[:：]|\s+(?:is|are|shall be)\s*[:：]|\s*(?:为|约为|约|共计|合计为?)\s*[:：]?"
                        rf"(?=\s*(?:\d|人民币|¥|￥|[壹贰叁肆伍陆柒捌玖])))\s*"
                        rf"(?P<value>.+)$", re.IGNORECASE)
          for k, v in LABELS.items()}
_ANY_LABEL = re.compile(rf"[\s;；，,](?:{'|'.join(LABELS.values())}|{_GENERIC}){_SEP}|[;；]\s*(?:{_GENERIC}){_SEP}", re.IGNORECASE)

_BOTH_TIMES = re.compile(
    r"(?P<label>(?:[^:：]{0,16})截止(?:时间|日期)?\s*(?:及|和|、|与|/|暨)\s*(?:开标|开启)(?:时间|日期)?|"
    r"(?:Submission |Bid |Proposal )?Deadline\s*(?:and|&|/)\s*(?:Bid |Public )?Opening(?: Date| Time)?)"
    r"\s*(?:[（(][^）)]{0,12}[）)])?\s*[:：]\s*(?P<value>.+)$", re.IGNORECASE)

ORDER = ["project_name", "tender_number", "buyer", "agency", "region", "budget", "max_price", "deadline",
         "opening_time"]


_GENERIC_CJK = re.compile(r"(?:地址|浏览(?:次数|量)?|点击(?:数|量)|阅读(?:数|量)|联系人|联系方式|联系电话|电话|传真|邮编|邮政编码|电子邮箱|邮箱|开户银行|开户行|账号)\s*[:：]")


# After a semicolon, a new "label:" begins another value.
_NEXT_LABEL = re.compile(r"[;；]\s*(?:[A-Za-z][A-Za-z /-]{2,30}|[\u4e00-\u9fff]{2,8})\s*[:：]")


def cut_value(value: str) -> str:
    """Cut a value at the next label on the same line, and trim punctuation and closing brackets."""
    m = _ANY_LABEL.search(" " + value)
    if m and m.start() > 0:
        value = value[: m.start() - 1]
    m = _NEXT_LABEL.search(value)
    if m and m.start() > 0:  # "Minase City; requesting section: Crisis Management Division" -> "Minase City"
        value = value[: m.start()]
    m = _GENERIC_CJK.search(value)
    if m and m.start() > 0:  # blanks between hanzi are gone after normalising: "某局地址:某路"
        value = value[: m.start()]
    value = value.strip().strip("。；;，,").strip()
    if value.endswith(("】", "]")) and not re.search(r"[【\[]", value):
        value = value[:-1].strip()
    return value


def label_of(cell: str) -> str | None:
    """The field a table cell labels ("项目编号", "预算金额（万元）:"), or None."""
    c = re.sub(r"[（(][^）)]{0,30}[）)]", "", cell).strip().rstrip(":：").strip()
    c = re.sub(r"^[\d.、\s]+", "", c)
    c = re.sub(r"\bDate\s*/\s*Time\b", "Date and Time", c, flags=re.IGNORECASE)  # GeM "Bid End Date/Time"
    # "截止日期及时间", "Closing date & time": a date label naming its time too.
    c = re.sub(r"(?<=[\u4e00-\u9fff])\s*(?:及|和|与|、|/)\s*(?:时间|日期|時間|时刻)$", "", c)
    for field in ORDER:
        if _LABEL_RE[field].match(c):
            return field
    # "投标截止时间及开标时间": one cell labelling both times; its value is the deadline.
    if _BOTH_LABEL.match(c) and not _OTHER_DEADLINE.search(re.split(r"截止|deadline", c, flags=re.IGNORECASE)[0]):
        return "deadline"
    return None


_BOTH_LABEL = re.compile(r"^[^:：|]{0,16}截止(?:时间|日期)?\s*(?:及|和|、|与|/|暨)\s*(?:开标|开启)(?:时间|日期)?$|"
                         r"^(?:Submission |Bid |Proposal |Tender )?Deadline\s*(?:and|&|/)\s*(?:Bid |Public |Tender )?Opening"
                         r"(?: Date| Time)?$", re.IGNORECASE)


# Deadlines that are not the submission deadline: "Enquiry deadline", "澄清截止时间", "Questions Due".
_OTHER_DEADLINE = re.compile(r"(?:enquir(?:y|ies)|clarifications?|questions?|queries|requests? to participate|"
                             r"(?:bid |tender )?(?:security|bond|deposit)|registration|site visit|"
                             r"澄清|答疑|质疑|提问|疑问|报名|获取(?:招标|采购)?文件|保证金(?:递交|提交|缴纳|交纳|到账)?|押金)\s*$",
                             re.IGNORECASE)


# Chinese prose runs words together: a label may follow any hanzi ("本项目采购预算为…", "公开招标。招标编号：…"), but only
# a label of four hanzi or more is distinct enough to be read inside a run of text ("预算" in "…的预算：" is not).
_PROSE_PREFIX = re.compile(r"(?:本|该|此|各|全部|本次|本期|本批|本项目|本工程|本标段|本采购包|本包)$")


def _label_starts_here(body: str, m: re.Match) -> bool:
    k = m.start("label")
    if k == 0 or not re.match(r"[\u4e00-\u9fff]", body[k - 1]):
        return True
    label = re.sub(r"\s*[（(].*$", "", m.group("label"))
    return len(re.findall(r"[\u4e00-\u9fff]", label)) >= 4 or bool(_PROSE_PREFIX.search(body[:k]))


def kv_in_line(line: str) -> list[tuple[str, str, str]]:
    """Every (field, label, value) in one "label: value" line; several fields may share a line."""
    found = []
    both = _BOTH_TIMES.search(line)
    if both:  # "投标截止时间及开标时间：..." / "Submission deadline and bid opening: ..."
        val = cut_value(both.group("value"))
        return [("deadline", both.group("label"), val), ("opening_time", both.group("label"), val)]
    body = re.sub(r"^(?:[一二三四五六七八九十]+[、.]|\(?\d{1,2}[)）.、]|[（(][一二三四五六七八九十\d]+[）)])\s*", "", line)
    body = re.sub(r"\bDate\s*(?:/|&)\s*Time\b", "Date and Time", body, flags=re.IGNORECASE)  # "Proposal Due Date/Time:"
    for field in ORDER:
        for m in _KV_RE[field].finditer(body):
            # "获取招标文件截止时间": the words before 截止 inside the label name another deadline too.
            head = body[:m.start()] + re.sub(r"(?:截止|deadline)\S*$", "", m.group("label").strip(), flags=re.IGNORECASE)
            if field == "deadline" and (_OTHER_DEADLINE.search(body[:m.start()]) or _OTHER_DEADLINE.search(head)):
                continue
            if not _label_starts_here(body, m):
                continue
            val = cut_value(m.group("value"))
            if val:
                found.append((field, m.group("label"), val))
                break
    if not found and len(body) <= 80:
        # "预算金额 100万元", "采购人 某市第一医院": a Chinese label and its value set apart by a gap (a PDF or text table
        # without rules), as Chinese prose never puts a space after a word.
        gap = re.match(r"^([\u4e00-\u9fff（）()]{2,14})\s+(\S.{1,70})$", body)
        field = label_of(gap.group(1)) if gap else None
        if field and not re.match(r"^[\u4e00-\u9fff]{0,2}(?:应|须|需|必须|将|可|在|于|对|的|是)", gap.group(2)):
            found.append((field, gap.group(1), cut_value(gap.group(2))))
    return found


def label_only(line: str) -> list[str]:
    """Fields named by a heading-like line with no value ("开标时间和地点", "Bid Opening:",
    "IV.2.2) Time limit for receipt of tenders or requests to participate")."""
    body = re.sub(r"^(?:[一二三四五六七八九十]+[、.]|\(?\d{1,2}[)）.、]|[（(][一二三四五六七八九十\d]+[）)]|"
                  r"[IVX]+(?:\.\d{1,2})+\)?)\s*", "", line.strip())
    limit = 40 if re.search(r"[\u4e00-\u9fff]", body) else 72
    if len(body) > limit or re.search(r"\d{4}|[.;]\s", body):
        return []
    out = []
    extra = {"deadline": "", "opening_time": "|开启|Opening"}
    for field in ("deadline", "opening_time"):
        m = re.search(LABELS[field] + extra[field], body, re.IGNORECASE)
        if m and not (field == "deadline" and _OTHER_DEADLINE.search(body[:m.start()])):
            out.append(field)
    return out
