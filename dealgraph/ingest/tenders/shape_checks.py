"""Field shapes: a value that does not look like the kind of thing its field holds.

A tender number has a digit and is not a date, a phone number or a CPV code; a project name is a title,
not a page banner, a reference number, a sentence or an organisation; a buyer is an organisation, not an
address, a phone line or a web address. Each check only points at the field (`needs_review`); it never
changes it. They read nothing but the value and its own snippet, so they hold on portals never seen.
"""

from __future__ import annotations

import re

# A full date ("2028-11-16", "16/11/2028", "2028年11月16日"), not a year-and-serial number ("2029-07").
_DATE = re.compile(r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}年\d{1,2}月\d{1,2}日?)$")
_PHONE = re.compile(r"^(?:\+|00)\d[\d\s().-]{7,}$|^\(?0\d{1,4}\)?[\s-]\d{3,4}[\s-]?\d{3,4}$")
_CPV = re.compile(r"^\d{8}-\d$")
_MONEY = re.compile(r"^(?:[¥$€£]|CNY|USD|EUR|GBP|RMB|人民币)\s?\d|\d\s?(?:元|万元|亿元)$", re.IGNORECASE)


def tender_number_problem(v: str) -> str | None:
    """Why a value cannot be a tender number: no digit ("Tawaran", "Reference"), one or two characters ("3."), or
    a date, a phone number, a CPV code or an amount (a word or another figure next to the label); None if it can."""
    core = re.sub(r"[\W_]", "", v)
    if not re.search(r"\d", v):
        return f"'{v}' has no digit: a word, not a reference number"
    if len(core) < 3:
        return f"'{v}' is too short for a reference number"
    if _DATE.match(v):
        return f"'{v}' is a date, not a reference number"
    if _PHONE.match(v):
        return f"'{v}' reads as a phone number"
    if _CPV.match(v):
        return f"'{v}' is a CPV code, not the notice's reference"
    if _MONEY.search(v):
        return f"'{v}' is an amount"
    return None


def tender_number(p, rv) -> None:
    v = (p.tender_number or "").strip()
    reason = tender_number_problem(v) if v else None
    if reason:
        rv.flag("tender_number", reason, p.provenance["tender_number"].snippet)


# A web address or a site's name ("SAM.gov", "www.gov.uk", "etenders.example.org").
_DOMAIN = re.compile(r"\b[\w-]+\.(?:gov|com|org|net|int|edu|mil|cn|uk|au|eu|in|ng|my|sa|io)\b(?!\.\d)", re.IGNORECASE)
# A reference code: letters and digits run together with separators ("FMA-2028-0147", "HSNA/T/12/2028").
_CODE = re.compile(r"^(?=[\w/.-]*\d)(?=[\w/.-]*[A-Za-z])[A-Za-z0-9_]+(?:[-/.][A-Za-z0-9_]+)+$|^\d[\d/.-]{4,}$")
# The kind of a document, in the words a portal prefixes to a reference ("RFT FMA-2028-0147", "Tender No. X").
_DOC_WORD = re.compile(r"^(?:RFT|RFQ|RFP|RFB|ITB|ITT|IFB|EOI|RFI|NIT|Tender|Bid|Contract|Notice|Solicitation|Ref(?:erence)?|No|Number|"
                       r"Nr|#|招标编号|项目编号|编号)\.?:?$", re.IGNORECASE)
# A sentence, not a title: the notice's own invitation ("The Ministry invites sealed bids …", "现邀请…").
_SENTENCE = re.compile(r"\b(?:invites?|invited|hereby|is pleased|are requested|shall|must|will be)\b|现邀请|特邀请|欢迎|敬请|"
                       r"^(?:This|These|The following|Bidders|Tenderers|Suppliers)\b", re.IGNORECASE)
# A government or a body as a whole, one half of a bilingual banner ("KERAJAAN MALAYSIA / GOVERNMENT OF MALAYSIA").
_GOVERNMENT = re.compile(r"^(?:(?:The\s+)?Government of [A-Z][\w ]{1,30}|Republic of [A-Z][\w ]{1,30}|Kerajaan [A-Z]\w+|"
                         r"[\u4e00-\u9fff]{2,12}(?:人民政府|政府))$", re.IGNORECASE)


def project_name(p, rv) -> None:
    """A project name that is a page banner (a site's name, parts split by ' | '), a reference number with the
    kind of document in front of it, a sentence of the notice, or the government in two languages."""
    v = (p.project_name or "").strip()
    if not v or any(n["field"] == "project_name" for n in p.needs_review):
        return
    words = v.split()
    rest = [w for w in words if not _CODE.match(w.strip("()[]（）,")) and not _DOC_WORD.match(w)]
    halves = [h.strip() for h in re.split(r"\s+/\s+|\s*｜\s*", v) if h.strip()]
    reason = None
    if " | " in v or _DOMAIN.search(v):
        reason = f"'{v[:60]}' reads as a page banner or a site's name"
    elif len(words) <= 4 and any(_CODE.match(w.strip("()[]（）,")) for w in words) and len(rest) <= 1:
        reason = f"'{v}' is a reference number, not the project's title"
    elif (v.endswith((".", "。")) and len(words) > 8) or _SENTENCE.search(v) or len(v) > 250:
        reason = f"'{v[:60]}…' reads as a sentence of the notice, not a title"
    elif any(_GOVERNMENT.match(h) for h in halves):
        reason = f"'{v[:60]}' names a government, not the project"
    else:
        reason = name_problem(v, p.tender_number)
    if reason:
        rv.flag("project_name", reason, p.provenance["project_name"].snippet)


# An e-mail's subject line ("Fwd: Request for Quotations - …", "RE: Tender …", "转发：…").
_MAIL_SUBJECT = re.compile(r"^(?:(?:Fwd?|FW|Re|AW|WG|TR|转发|回复)\s*[:：]\s*)+", re.IGNORECASE)
# A part of the document, not its title: "Part A - RFT Details", "Section 1", "Schedule 2: …", "第一章 …", "FORM 3".
_PART_HEADING = re.compile(r"^(?:Part|Section|Schedule|Annex(?:ure)?|Appendix|Attachment|Volume|Chapter|Form|Module)\s+"
                           r"(?:[A-Z]|\d{1,2}(?:\.\d{1,2})?|[IVX]{1,4})\b\.?(?:\s*[-–:.]\s*(?P<rest>.*))?$|"
                           r"^第[一二三四五六七八九十\d]{1,3}(?:章|部分|节|篇|卷)\s*(?P<rest2>.*)$", re.IGNORECASE)
# A box or heading of a form that says what kind of detail follows ("EMD Detail", "Bid Details", "General Information").
_DETAIL_HEADING = re.compile(r"^(?:[\w/&-]+\s+){0,2}(?:Details?|Information|Particulars|Summary|Overview|Data\s+Sheet)$",
                             re.IGNORECASE)


def is_part_heading(v: str) -> bool:
    """"Part A - Tender Particulars", "Section 2", "第一章 招标公告": a heading of one part of the document."""
    m = _PART_HEADING.match(v.strip())
    return bool(m) and len((m.group("rest") or m.group("rest2") or "").split()) <= 4


# Words that only say what kind of notice this is ("NOTICE INVITING e-TENDER", "Request for Quotation").
_KIND_WORDS = {"notice", "inviting", "invitation", "invitations", "e-tender", "etender", "tender", "tenders", "bid", "bids",
               "bidding", "request", "for", "to", "of", "the", "quotation", "quotations", "proposal", "proposals", "procurement",
               "open", "national", "international", "competitive", "nit", "rfq", "rfp", "rft", "itb", "ifb", "itt", "online",
               "e-procurement", "document", "documents", "expression", "expressions", "interest", "eoi", "public",
               "announcement", "advertisement", "call", "offer", "offers", "solicitation", "quote", "quotes"}
_PART_WORDS = {"part", "section", "form", "schedule", "annex", "annexure", "volume", "chapter", "appendix"}
# An organisation's name before its place ("LAGOS STATE GOVERNMENT MINISTRY OF HEALTH, ALAUSA, IKEJA …"): a letterhead.
_ORG_WORD = re.compile(r"\b(?:Government|Ministry|Department|Council|Authority|Agency|Commission|Municipality|Office|Bureau|"
                       r"Directorate|Hospital|University|Corporation|Company|Board)\b", re.IGNORECASE)
_WHAT_IS_BOUGHT = re.compile(r"\b(?:Supply|Supplies|Procurement|Purchase|Provision|Delivery|Installation|Maintenance|Services?|"
                             r"Works?|Equipment|System|Systems|Construction|Upgrade|Replacement|Renewal|Design|Framework)\b",
                             re.IGNORECASE)


def name_problem(v: str, number: str | None = None) -> str | None:
    """Why a value cannot be the project's own title: an e-mail subject, a part of the document, a form's box
    heading, the tender number itself, a line that opens with a reference code, the notice's kind in words alone,
    a form's code, or a letterhead (an organisation and its place); None if it can."""
    v = v.strip()
    words = [w.lower().strip(",.:;()[]") for w in v.split()]
    if len(words) >= 2 and all(w in _KIND_WORDS for w in words if w):
        return f"'{v[:60]}' only names the kind of notice, not the project"
    if not re.search(r"[\u4e00-\u9fff]", v):
        if not [w for w in re.findall(r"[A-Za-z]+", v) if len(w) >= 4 and w.lower() not in _PART_WORDS]:
            return f"'{v[:60]}' has no word saying what is bought: a code or a form's part"
        parts = [x.strip() for x in v.split(",")]
        if len(parts) >= 3 and _ORG_WORD.search(parts[0]) and not _WHAT_IS_BOUGHT.search(parts[0]) and len(parts[1].split()) <= 3:
            return f"'{v[:60]}' is an organisation and its place: a letterhead, not the project's title"
    key = re.sub(r"[\W_]", "", v).lower()
    if number and key and key == re.sub(r"[\W_]", "", number).lower():
        return f"'{v}' is the tender number, not the project's title"
    if _MAIL_SUBJECT.match(v):
        return f"'{v[:60]}' is an e-mail's subject line, not the project's title"
    if is_part_heading(v):
        return f"'{v[:60]}' is a part of the document, not the project's title"
    if _DETAIL_HEADING.match(v):
        return f"'{v[:60]}' is a heading of a form, not the project's title"
    m = re.match(r"^([\w/.-]+)\s*:\s+\S", v)
    if m and _CODE.match(m.group(1)):
        return f"'{v[:60]}' opens with a reference code: a programme or form line, not the project's title"
    return None


_ADDRESS = re.compile(r"^\d{1,5}[A-Za-z]?\s+[A-Z][\w.' -]{2,40}\b(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Drive|Dr|Lane|Way|"
                      r"Highway|Place|Square)\b|^P\.?\s?O\.?\s+Box\b|^[\u4e00-\u9fff]{2,20}(?:路|街|大道)\d{1,5}号", re.IGNORECASE)
_CONTACT = re.compile(r"@|https?://|www\.|\b(?:Tel|Phone|Fax|Email|E-mail)\b|电话|传真|邮箱|^\+?\d[\d\s()-]{6,}$", re.IGNORECASE)


# A person, not an organisation: "Ms N. Mokoena", "Tanya Whitfield, Senior Procurement Agent" (a form's "Buyer:" box
# naming the officer who handles the notice).
_PERSON = re.compile(r"^(?:Mr|Ms|Mrs|Miss|Mx|Dr|Prof)\.?\s+[A-Z]|^[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][\w'’-]+,\s*(?:[A-Z][\w-]*\s+){0,3}"
                     r"(?:Agent|Officer|Manager|Specialist|Buyer|Analyst|Director|Coordinator|Administrator|Consultant|Clerk|"
                     r"Assistant|Supervisor|Secretary|Engineer|Advis[eo]r|Lead|Head|Chief|Representative)\b")


# Separators of a portal's navigation ("Commission › Opportunities › RFP", "Home > Tenders").
_BREADCRUMB = re.compile(r"[›»]|\s>\s|\s>>\s")
# A lot's line ("Lot 2 - Blacktown Hospital …", "第二包：…", "标段1：…").
_LOT_LINE = re.compile(r"^(?:Lot|Package|Pkg)\s*(?:No\.?\s*)?\d{1,3}\s*[-–:：]|^(?:第[一二三四五六七八九十\d]{1,3}(?:包|标段)|(?:包|标段)\s*\d{1,3})\s*[-–:：]",
                       re.IGNORECASE)


def person_problem(v: str) -> str | None:
    return f"'{v[:60]}' names a person, not an organisation" if _PERSON.match(v.strip()) else None


def buyer_problem(v: str) -> str | None:
    """Why a value cannot be a buyer: an address, a phone line, an e-mail or a web address, or a sentence (the line
    next to the buyer's label was read); None if it can."""
    if _ADDRESS.search(v):
        return f"'{v[:60]}' reads as an address, not an organisation"
    if _CONTACT.search(v):
        return f"'{v[:60]}' carries contact details, not only an organisation's name"
    if _SENTENCE.search(v) and len(v.split()) > 6:
        return f"'{v[:60]}…' reads as a sentence, not an organisation's name"
    return person_problem(v)


# The organisation's address after its name: ", County Hall, Market Street", ", Level 4, 12 Smith St", a UK postcode.
_ADDRESS_AFTER = re.compile(r",\s*(?:[^,]{0,30}\b(?:Street|St|Road|Rd|Avenue|Ave|Hall|House|Building|Bldg|Floor|Level|Tower|Plaza|"
                            r"Square|Lane|Drive|Way|Boulevard|Blvd|Box|Suite|Campus|Park)\b|[^,]*\b[A-Z]{1,2}\d{1,2}[A-Z]?\s*\d[A-Z]{2}\b|"
                            r"\s*\d{1,5}\s+\w+)", re.IGNORECASE)
# A company's name cut inside its legal form ("…设计院有限" of "…设计院有限公司").
_CUT_LEGAL_FORM = re.compile(r"(?:有限|股份有|有限责|有限責|集团有|集團有)$")


def buyer_place_problem(v: str) -> str | None:
    """For the review only (the header model's picks keep `buyer_problem`): a breadcrumb trail, a lot's line where the
    buying organisation is meant, an organisation with its address after it, a company's name cut in its legal form."""
    if _BREADCRUMB.search(v):
        return f"'{v[:60]}' reads as a page's breadcrumb trail, not one organisation"
    if _LOT_LINE.match(v):
        return f"'{v[:60]}' is a lot's line, not the buyer"
    if _ADDRESS_AFTER.search(v):
        return f"'{v[:60]}' goes on with an address after the organisation's name"
    if _CUT_LEGAL_FORM.search(v):
        return f"'{v[:60]}' is cut inside the company's legal form"
    return None


def buyer(p, rv) -> None:
    for field in ("buyer", "agency"):
        v = (getattr(p, field) or "").strip()
        reason = (buyer_problem(v) or buyer_place_problem(v)) if v else None
        if v and not reason and field == "buyer" and v == (p.project_name or "").strip():
            reason = f"'{v[:60]}' is also the project's title: one of the two is misread"
        if reason:
            rv.flag(field, reason, p.provenance[field].snippet)


# What a value of a header field cannot look like, for the header model's picks (project names are judged in context).
PROBLEM = {"tender_number": tender_number_problem, "buyer": buyer_problem}


# What a date line may be about other than the submission deadline, and the words of a submission deadline.
_OTHER_DATE = re.compile(r"开标|opening|clarification|澄清|questions?|enquir|inquir|答疑|疑问|publication|published|发布|"
                         r"site visit|踏勘|pre-?bid|pre-?proposal|briefing|报名|获取|obtain|download|award|validity", re.IGNORECASE)
_SUBMISSION = re.compile(r"截止|截标|递交|提交|deadline|closing|\bclose|\bdue\b|submission|submit|receipt|received|lodg|time limit|"
                         r"responses?\b|(?:tenders?|bids?|proposals?|offers?|quotations?)\s+(?:must|shall|should|will)", re.IGNORECASE)


# A deadline of something else: "Deadline for clarification questions", "澄清截止时间", "报名截止".
_OTHER_DEADLINE = re.compile(r"(?:deadline|closing date|last date|due date)\s+(?:for|of)\s+(?:the\s+)?(?:submission of\s+|receipt of\s+)?"
                             r"(?:clarifications?|questions?|enquir\w*|inquir\w*|requests? for clarification|registration|"
                             r"expressions? of interest)|(?:澄清|答疑|疑问|提问|质疑|报名|获取(?:招标|采购)?文件)[^，。；,;]{0,6}截止",
                             re.IGNORECASE)


def deadline_source(p, rv) -> None:
    """A deadline read from a line about something else (the opening, questions, publication, a site visit) that
    never speaks of submitting, or names the deadline of another step ("Deadline for clarification questions")."""
    s = p.provenance["deadline"].snippet if p.deadline and "deadline" in p.provenance else ""
    rest = _OTHER_DEADLINE.sub(" ", s)
    if s and (_OTHER_DATE.search(s) or rest != s) and not _SUBMISSION.search(rest):
        what = (_OTHER_DEADLINE.search(s) or _OTHER_DATE.search(s)).group(0)
        rv.flag("deadline", f"the deadline's line speaks of '{what}', not of submission", s)
