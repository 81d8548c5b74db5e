"""Header fields: project name, tender number, buyer, agency, region, and where a budget or a time is labelled.

Values come from "label: value" lines and key/value nodes of the tree, label/value table cells, a header
row over one value row, a heading whose value is the paragraph under it, and last from the title or a
sentence ("The County of X is seeking proposals"). Money and time values are read by money_dates.
"""

from __future__ import annotations

import re

from .. import fields as F
from ..model import Provenance
from ..regions import find_region
from ..sections import heading_topic
from ..shape_checks import is_part_heading, person_problem, tender_number_problem
from ..text import CJK_RE, join_wrapped, snippet
from ..tree import Node, numbering
from .shapes import DOC_TYPE_ONLY, LOT_MENTION

_RFP_NUMBER = re.compile(r"\b(?:RFP|RFQ|RFI|ITB|IFB|RFT|Solicitation|Bids?|Tenders?|Contract)\s*(?:\((?:RFP|RFQ|RFI|ITB|IFB|RFT|RFB)\)\s*)?"
                         r"(?:No\.?|Number|#)\s*[:：]?\s*"
                         r"(?P<num>[A-Z0-9][A-Z0-9\-_./]*\d[A-Z0-9\-_./]*)", re.IGNORECASE)
# A reference written as the document's kind and a code, with no label: "RFQ-2027-18", "ITT/2027/031", "RFP 27-044".
# The code is the whole token: "FARHS/PRC/ITB/2028/07", not its "ITB/2028/07".
_TYPED_CODE = re.compile(r"(?<![\w\-/.])(?:[A-Z0-9]{2,10}[-/])*(?:RFP|RFQ|RFT|RFI|ITT|ITB|IFB|EOI|NIT)[-/ ](?=[\w\-/.]*\d)"
                         r"[A-Z0-9][\w\-/.]*\d\b")
# A document's kind written before its number ("ITB 25-118"): not part of the code.
_DOC_KIND = re.compile(r"RFP|RFQ|RFI|RFB|RFT|RFX|ITB|IFB|ITT|ITQ|EOI|NIT|NO", re.IGNORECASE)
# A portal's system id: digits only, long ("31182045").
_BARE_ID = re.compile(r"\d{6,}")
# A form's own title, not the project's: its code ("SBD 1", "PART A", "FORM 7", "SF 1449") or a generic box heading
# ("Bid Details", "Tender Information").
_FORM_TITLE = re.compile(r"^(?:(?:[A-Z]{2,6}[ -]?\d{1,4}(?:\.\d{1,2})?[A-Z]?|(?:PART|SECTION|FORM|ANNEX(?:URE)?|SCHEDULE|APPENDIX)"
                         r"\s+(?:[A-Z]|\d{1,3}|[IVX]{1,4}))(?:\s+|$))+$|^(?:Bid|Bids|Tender|Notice|Opportunity|Procurement|"
                         r"Contract|Quotation|RFQ|RFP|Solicitation)\s+(?:Details|Information|Particulars|Summary|Overview)$",
                         re.IGNORECASE)
# The box of a bid form's cover naming what is bought ("DESCRIPTION | SUPPLY, DELIVERY AND …").
_DESCRIPTION_BOX = re.compile(r"(?:(?:Bid|Tender|Project|Contract|Brief)\s+)?Description(?:\s+of\s+(?:the\s+)?(?:Bid|Tender|"
                              r"Project|Contract|Works|Goods|Services|Requirements?))?\s*[:：]?", re.IGNORECASE)
# A code alone on a line: letters and digits, at least three digits, no blank ("NEA000ETQ27000318", "T-2027/041").
_LONE_CODE = re.compile(r"(?=(?:[^\d]*\d){3})(?=.*[A-Za-z])[A-Z0-9][A-Za-z0-9\-/._]{5,39}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# A buyer's own reference: letters and digits, with separators ("CCC-RFP-2027-041", "PGB-G-2027-031", "GLDT 7/2027").
_BUYER_CODE = re.compile(r"(?=[\w\-/. ]*[A-Za-z])(?=[\w\-/. ]*\d)[A-Z0-9][A-Za-z0-9]*(?:(?:[\-/.]| (?=\d))[A-Za-z0-9]+)+")
# A reference label and the code after it, several on one line ("GETS reference: 31182045 Buyer reference: CCC-…").
_REF_PAIR = re.compile(rf"(?P<label>(?:\b[A-Za-z][\w'’-]*\s+)?(?:{F.LABELS['tender_number']})(?:\s*(?:No\.?|Number|#))?)"
                       r"\s*[:：]?\s*(?P<code>[A-Z0-9][\w\-/.]*\d[\w\-/.]*(?: \d[\d\-/]*\d)?)", re.IGNORECASE)
# Identifiers of the publication or the funding, not of the procurement: kept only until a better one shows.
_WEAK_NUMBER = re.compile(r"Notice|Project\s*ID|OCID|Credit|Loan|Grant|Publication|TenderNed|Identifier", re.IGNORECASE)
# A budget label naming the whole amount to be spent (采购金额 may include options, 总投资 the whole project): a 预算金额
# stated beside it is the budget.
_WEAK_BUDGET = re.compile(r"采购金额|项目金额|总投资|Total project cost", re.IGNORECASE)
_WRAPPING = ("project_name", "buyer")


# The kind of notice as one part of a dashed title: "… - Specific Procurement Notice - Supply of …".
_KIND_SEGMENT = re.compile(r"\s[-–—]\s(?:(?:Specific|General) Procurement Notice|Invitation (?:to|for) (?:Bids?|Tenders?)|"
                           r"Request for (?:Bids|Quotations?|Proposals?)|Tender Notice|Contract Notice|Notice Inviting Tenders?|"
                           r"Procurement Notice)\s[-–—:]\s", re.IGNORECASE)
# A numbered box of a form: "3. AWARD/EFFECTIVE DATE", "17a. CONTRACTOR/OFFEROR".
_FORM_BOX = re.compile(r"^\d{1,2}[a-z]?\.\s+[A-Z][A-Z/&.,' -]{3,}")
# A portal's own name as a page title: "SAM.gov | Contract Opportunities", "Tenders | example.com".
_SITE_TITLE = re.compile(r"\b[\w-]+\.(?:gov|com|org|net|int|eu|gov\.[a-z]{2}|co\.[a-z]{2})\b.*\||\|.*\b[\w-]+\.(?:gov|com|org|net|int|eu)\b",
                         re.IGNORECASE)
# A line opening with a joining word continues the title wrapped above it ("… Supply, Installation" / "and Maintenance").
_JOINING = re.compile(r"^(?:and|or|of|for|to|in|on|with|&)\s")
_REGISTRATION = re.compile(r"\s*[(（]\s*(?:ABN|ACN|ARBN|NZBN|GSTIN|PAN|CIN|EIN|UEI|CAGE(?: Code)?|DUNS|TIN|VAT(?: No\.?| number)?|"
                           r"Company (?:No\.?|number)|Reg(?:istration|\.)? (?:No\.?|number)|KvK|SIRET|SIREN|CRN|RC|"
                           r"统一社会信用代码|組織機構代碼|组织机构代码|信用代码)\s*[:：#.]?\s*[\w\s\-/]{3,30}[)）]", re.IGNORECASE)


# A breadcrumb trail of a portal's pages, the page itself last: "Home / Search Opportunities / AB-2026-07735".
_CRUMBS = re.compile(r"^(?:Home|Homepage|首页|首頁|主页)\s*(?:/|>|›|»)\s*(?:[^/>›»]{1,40}\s*(?:/|>|›|»)\s*){1,5}(?P<last>[^/>›»]{3,40})$",
                     re.IGNORECASE)


def drop_own_acronym(name: str) -> str:
    """"Ministry of Health and Medical Services (MHMS)" -> the name: an acronym in brackets at its end made of the
    initials of its words, first to last (the short name the notice goes on to use), is not part of it."""
    m = re.match(r"^(?P<name>.{6,}?)\s*[(（]\s*(?P<a>[A-Z][A-Za-z&]{1,9})\s*[)）]$", name.strip())
    if not m:
        return name
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", m.group("name")) if w[0].isupper() or w == "&")
    letters = m.group("a").replace("&", "").upper()
    # The whole name's acronym: from its first word to its last ("…, State Information Technology Services Division
    # (SITSD)" names its last part only and stays as written).
    it = iter(initials.upper()[1:-1])
    whole = len(letters) >= 2 and initials[:1].upper() == letters[0] and initials[-1:].upper() == letters[-1] and all(
        ch in it for ch in letters[1:-1])
    return m.group("name").rstrip(" ,") if whole else name


def _weak_label(field: str, label: str) -> bool:
    """A label whose value yields to a later one under a stronger label (a notice id to the tender number)."""
    if field == "tender_number":
        return bool(_WEAK_NUMBER.search(label))
    return field == "budget" and bool(_WEAK_BUDGET.search(label))
_EN_MARKER = re.compile(r"^(?:Request for (?:Proposals?|Tenders?|Quotations?|Quotes?|Bids?|Information|Offers?)|Invitation (?:to|for) "
                        r"(?:Tender|Bid|Quote|Quotation|Offer)s?|Call for (?:Tenders|Proposals|Bids|Offers)|Tender Notice|"
                        r"Notice of Tender|Notice Inviting Tenders?|(?:RFP|RFQ|ITB|IFB|ITQ|ITT|RFT)\b.*)$", re.IGNORECASE)
_PROSE_BUYER = re.compile(r"^(?:The\s+)?(?P<b>[A-Z][\w.&'-]*(?:,?\s+(?:[A-Z][\w.&'-]*|of|and|for|the)){1,16})"
                          r"\s*(?:\([^)]{0,40}\)\s*,?\s*)?(?P<via>,?\s*(?:on behalf of|acting (?:by and )?through|through) [^,]{3,120},\s*)?"
                          # "…, in compliance with the Public Procurement Act 2007, hereby invites …"
                          r"(?:(?:in (?:compliance|accordance|line) with|pursuant to|under|as per)\s[^,]{3,80},\s*)?"
                          r"(?:(?:is|are) (?:seeking|soliciting|requesting|inviting)|(?:now\s+|hereby\s+)?invites?|seeks|requests)\s+"
                          r"(?:(?:sealed|competitive|electronic|eligible|interested|qualified|all|suitably|experienced|"
                          r"framework|appointed|competent|reputable|capable|registered|licensed|prequalified|pre-qualified|"
                          r"local|international|and)(?:,)?\s+)*"
                          # "… hereby invites your company to submit a proposal": a letter to one supplier
                          r"(?:(?:your|you)\s+(?:company|firm|organi[sz]ation|institution)?\b|"
                          r"proposals|bids|tenders|offers|quotations|quotes|suppliers|bidders|tenderers|vendors|firms|"
                          r"contractors|applications|expressions|companies|organi[sz]ations|manufacturers|service providers)\b")
# "This RFP is an invitation by The Corporation of the Municipality of Port Alder (the "Municipality") to …".
_INVITATION_BY = re.compile(r"\b(?:an?\s+)?invitation\s+(?:by|from)\s+(?P<b>(?:[A-Z][\w.&'-]*|of|and|for|the)(?:,?\s+(?:[A-Z][\w.&'-]*|"
                            r"of|and|for|the)){1,16})\s*\((?:the\s+)?[\"“]")
# "苏湖智能装备股份有限公司（以下简称“我司”）因…需要，现就“X”进行询价": the organisation that names itself the buyer.
_DEFINED_CN = re.compile(r"^(?P<b>[\u4e00-\u9fff（）()]{2,40}?(?:有限公司|分公司|公司|集团|局|委员会|政府|医院|大学|学院|学校|中心|研究院|"
                         r"研究所|银行|管理处|部))\s*[（(]\s*(?:以下简称|以下称|下称|简称)[^）)]{0,12}[）)][^。]{0,60}?"
                         r"(?:询价|采购|招标|比选|磋商|谈判|竞价|邀请)")
# "The Procuring Entity invites bids": a role named in the form, not the organisation.
_ROLE_ONLY = re.compile(r"^(?:The\s+)?(?:Procuring|Contracting|Purchasing|Awarding)?\s*(?:Entity|Authority|Agency|Purchaser|"
                        r"Employer|Client|Buyer|Owner|Government|Council|Trust|Institute|County)$", re.IGNORECASE)
# "Northwich Council requires …", "The Harbour Trust invites tenders": an organisation as the subject.
_PROSE_BUYER_ORG = re.compile(r"^(?:The\s+)?(?P<b>(?:[A-Z][\w.&'-]*\s+){0,8}(?:Council|Authority|Agency|Department|Ministry|Trust|"
                              r"Board|Commission|University|College|Hospital|Office|Service|Company|Limited|Ltd|Corporation))"
                              r"\s+(?:requires|invites|wishes to (?:appoint|procure|contract)|intends to (?:procure|appoint|award)|"
                              r"is looking for)\b")
# An English heading that names an organisation, not a project: "STATE OF KANSAS", "Department of Health".
_ORG = re.compile(r"^(?:(?:The\s+)?(?:State|County|City|Commonwealth|Government|Republic|Kingdom|Ministry|Department|Office|"
                  r"Province|Municipality|University|Town|Village|Borough|Parish)\s+(?:of\b|for\b)|"
                  r"(?:City|Municipal|Provincial|County|State|Local|Regional|Metropolitan)\s+Government\s+of\b|"
                  # "National Institute of Coastal and Ocean Engineering", "Port Authority of X".
                  r"(?:[A-Z][\w&'-]*\s+){0,4}(?:Institute|Institution|Corporation|Commission|Authority|Council|Agency|Board|"
                  r"Directorate|Administration)\s+(?:of|for)\s+(?:[A-Z][\w&'-]*|and|the|of)(?:\s+(?:[A-Z][\w&'-]*|and|the|of)){0,8}$|"
                  r"[A-Z][\w.&' -]{0,60}\b(?:Council|Authority|Department|"
                  r"Ministry|Agency|Office|Commission|Board)$|"
                  # "LLANO COUNTY, TEXAS", "Springfield Township, Ohio": a local government and its state.
                  r"[A-Z][\w.&' -]{0,40}\b(?:County|City|Town|Township|Village|Borough|Parish|District|Municipality)"
                  r"(?:,\s*[A-Za-z .]{2,24})?$)", re.IGNORECASE)
_PROJECT_ID = re.compile(r"\bProject\s+(?:ID|Identification)\s*(?:No\.?|Number)?\s*[:：]?\s*(?P<num>[A-Z][A-Z0-9\-_./]*\d[A-Z0-9\-_./]*)")
# "Contract No. and Title", "Tender Reference and Name": one label for the number and the title.
_NUMBER_AND_TITLE = re.compile(r"^(?:Contract|Tender|Bid|Procurement|Package|Project|RFP|RFQ|IFB|ITB)\s+(?:No\.?|Number|Ref\.?|"
                               r"Reference|ID)\s*(?:and|&|/)\s*(?:Title|Name)$", re.IGNORECASE)
# A heading that opens with the document's codes, then its name: "Doc5123498760 - RFQ 3405-26-0158 Supply of …",
# "RFP 2026-047 – Fleet Telematics", "ITB-2027-018: Supply of …". A code holds four digits or more.
_CODE_TOKEN = r"(?=(?:[^\s\d]*\d){4})(?:[A-Za-z]{1,6}[-/.]?\d[\w\-/.]*|\d+[-/.][\w\-/.]*\d[\w\-/.]*|\d{6,})"  # "Doc512…", "3405-26-0158", not "2027"
_CODE_LED = re.compile(rf"^(?:(?:RFP|RFQ|RFT|RFI|ITT|ITB|IFB|EOI|NIT)[-/ ]?)?{_CODE_TOKEN}\s*(?:[-–—:|]\s*)?"
                       rf"(?:(?:(?:RFP|RFQ|RFT|RFI|ITT|ITB|IFB|EOI|NIT)[-/ ]?)?{_CODE_TOKEN}\s*(?:[-–—:|]\s*)?){{0,3}}"
                       r"(?<=[\s\-–—:|])(?P<name>[A-Z][a-z].{8,200})$")
# A Chinese organisation's name, as a title block prints the buyer above the project.
_ORG_CN = re.compile(r"^[\u4e00-\u9fff（）()]{2,40}(?:有限公司|分公司|有限责任公司|股份公司|集团|公司|局|厅|委员会|政府|医院|大学|学院|"
                     r"学校|中心|研究院|研究所|银行|办公室|管理处|管理站|管理局|署|处)$")
# A portal's breadcrumb trail: "Home > Tenders > …", "首页 › 采购公告".
_BREADCRUMB = re.compile(r"\S\s*[>›»]\s*\S.*[>›»]|[>›»]\s*$|^(?:Home|首页|首頁|主页|主頁)\s*[>›»/]")
# An organisation at large, whose departments buy: "Government of …", "State of …", "… 政府".
_GOVERNMENT = re.compile(r"^(?:The\s+)?(?:Government|State|Commonwealth|Republic|Kingdom|Federation)\s+of\b|政府$", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"(?:的)?(?:公开招标|邀请招标|竞争性磋商|竞争性谈判|询价|单一来源|招标|采购|磋商|谈判|比选|竞价)*"
                           r"(?:公告|招标公告|采购公告|邀请书|文件)(?:[（(][^）)]*[）)])?$")
# The kind of notice written after the project's name, once: "…项目_招标公告", "…项目公开招标公告".
_KIND_SUFFIX = re.compile(r"[_\s\-—]*(?:公开招标公告|竞争性磋商公告|邀请招标公告|竞争性谈判公告|招标公告|采购公告|磋商公告|询价公告|"
                          r"谈判公告|投标邀请书|招标文件)$")
# A part of the notice about its documents ("BID DOCUMENTS", "招标文件的获取"), never the project.
_DOCUMENTS = re.compile(r"^\s*(?:(?:bid(?:ding)?|tender(?:ing)?|rfp|rfq|solicitation|procurement|contract)\s+documents?|招标文件|采购文件)\s*$",
                        re.IGNORECASE)
# "Tender for the Supply of …" as a title: the document's kind before the project's name.
_TENDER_FOR = re.compile(r"^(?:Tender|Invitation to Tender|Request for (?:Tender|Proposal|Quotation)s?|ITT|RFT|RFP|RFQ)\s+for\s+"
                         r"(?:the\s+)?(?=\S)", re.IGNORECASE)
# "STANDARD TENDER DOCUMENT FOR THE PROCUREMENT OF INFORMATION SYSTEMS": the form's title, not the project's.
_STANDARD_DOCUMENT = re.compile(r"^(?:Standard|Model|Sample)\s+(?:Tender|Bidding|Bid|Procurement|Request for Proposals?)\s+"
                                r"Documents?\b", re.IGNORECASE)
# "为“XX项目”进行公开招标", "就“XX”组织采购": the project named in quotes in the notice's opening sentence.
_QUOTED_PROJECT = re.compile(r"(?:为|為|就|对|對|关于|關於)\s*[“\"「『](?P<n>[^”\"」』]{4,80})[”\"」』]\s*(?:项目|項目)?\s*"
                             r"(?:进行|進行|实行|實行|组织|組織|开展|開展)?\s*(?:公开|公開|邀请|邀請|竞争性|競爭性)?"
                             r"(?:招标|招標|采购|採購|磋商|询价|詢價|谈判|談判|竞价|競價|比选|比選)")
_EN_TITLE = re.compile(r"^(?:Request for (?:Proposals?|Tenders?|Quotations?|Quotes?|Bids?|Offers?)|Invitation (?:to|for) "
                       r"(?:Tender|Bid|Quote|Quotation|Offer)s?|Call for (?:Tenders|Proposals|Bids|Offers)|RFP|RFQ|ITB|ITQ|ITT|RFT|"
                       r"Tender Notice|Notice of Tender|Notice Inviting Tenders?)\s*[:：\-–—]?\s*(?:for\s+)?(?P<name>.{4,})$",
                       re.IGNORECASE)
# A reference in brackets after a title: "Office chairs (RFQ-2028-07)".
# A notice's state after its title ("… - REVISED", "(Amended)", "[Corrigendum 2]"), then its code in brackets.
_TRAILING_CODE = re.compile(r"(?:\s*[(（]\s*(?:(?:RFP|RFQ|RFT|ITT|ITB|ITQ|IFB|EOI|NIT|Ref\.?|No\.?)[-/ :]*)?[\w\-/.]*\d[\w\-/.]*\s*[)）])?"
                            r"(?:\s*(?:[-–—:]\s*|[(\[（](?=[^)\]）]*[)\]）]$))(?:REVISED|AMENDED|UPDATED|CORRECTED|RE-?ADVERTISED|"
                            r"RE-?ISSUED|RE-?TENDER|EXTENDED|CORRIGENDUM|ADDENDUM|AMENDMENT|CANCELL?ED)(?:\s*(?:No\.?\s*)?\d{1,2})?"
                            r"[)\]）]?)?$", re.IGNORECASE)


def _runs_on(prev: str, nxt: str) -> bool:
    """A long Latin title line the page width cut, the rest on the next line of its level ("… to the Food and
    Environmental" / "Hygiene Department"): no sentence or label ends the first, the second is shorter and in the
    same script (a translation below is another line, not the rest)."""
    return len(prev) >= 50 and len(nxt) < len(prev) and not CJK_RE.search(prev) and not CJK_RE.search(nxt) \
        and not prev.rstrip().endswith((".", ":", ";", "!", "?", ")")) and re.match(r"^[A-Za-z]", nxt) is not None \
        and ":" not in nxt


def _doc_kind_line(text: str) -> bool:
    """"TENDER NOTICE 招標公告": a line naming only the kind of notice, in one language or two."""
    parts = [p.strip() for p in re.split(r"(?<=[A-Za-z])\s*(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\s*(?=[A-Za-z])", text) if p.strip()]
    return len(parts) >= 2 and all(DOC_TYPE_ONLY.match(p) or _EN_MARKER.match(p) for p in parts)


class HeaderFields:
    """Mixin over ExtractState."""

    def _listing_ids(self) -> set[str]:
        """Codes a breadcrumb trail ends with: the portal's own numbers for its pages."""
        if getattr(self, "_crumb_ids", None) is None:
            self._crumb_ids = {m.group("last").strip() for _, t in self.doc.lines()[:40]
                               if (m := _CRUMBS.match(t.strip())) and re.search(r"\d", m.group("last"))}
        return self._crumb_ids

    def _field_value(self, field: str, label: str, value: str):
        self.last_label = (field, label)
        value = value.strip()
        if field in ("budget", "max_price"):
            return self._money_value(label, value)
        if field in ("deadline", "opening_time"):
            return self._time_value(field, value)
        if field == "tender_number":
            oj = re.match(r"\d{4}/S\s*\d{3}-\d{6}", value)  # an EU Official Journal number has a blank inside
            if oj:
                return oj.group(0)
            # "XNDL-2027-KJ-0186 发布日期:2027年4月25日", "RFQ-18 Date: …": the next label on the line ends the code.
            value = re.split(r"\s+(?=[^\W\d_][^\s:：]{0,15}[:：])|(?<=[A-Za-z0-9])(?=[\u4e00-\u9fff]{2,8}[:：])", value)[0]
            tok = re.split(r"\s+(?=[^\w\-/〔〕\[\]【】()（）])|\s{2,}", value)[0] if value else value
            words = tok.split()
            if len(words) >= 2 and re.fullmatch(r"[A-Z]{2,8}", words[0]) and not _DOC_KIND.fullmatch(words[0]) \
                    and re.fullmatch(r"\d[\d\-/.]*\d", words[1]) and re.search(r"[\-/]", words[1]):
                # "GLDT 7/2027": a buyer's prefix and its running number with the year, written apart: one code
                tok = f"{words[0]} {words[1]}"
            else:
                tok = re.sub(r"\s+", "", tok) if CJK_RE.search(tok) else words[0] if words else tok
            tok = re.split(r"[（(](?=[\u4e00-\u9fff])", tok)[0]
            if re.fullmatch(r"(?:RFP|RFQ|RFI|ITB|IFB|RFT|No\.?|#)", tok, re.IGNORECASE):
                rest = value.split(None, 1)[1] if len(value.split(None, 1)) > 1 else ""
                code = rest.lstrip("#:： ").split()[0] if rest.strip("#:： ") else ""
                # "Reference: RFT 26/117": the reference as the label's value writes it, kind and all; "No. 25-118" is
                # the label's own word.
                kind = tok.upper() in ("RFP", "RFQ", "RFI", "ITB", "IFB", "RFT") and not rest.lstrip().startswith(("#", ":", "："))
                tok = (f"{tok} {code}" if kind and re.search(r"\d", code) else code) if code else tok
            tok = tok.strip("。；;，,.:：")
            if len(re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]", "", tok)) < 3:
                return None  # "3", "A.": a box or clause number, not a reference
            for o, c in ("()", "（）", "[]"):  # "(REF: X/2028/07)": the bracket closing around the label is not the code's
                if tok.endswith(c) and o not in tok:
                    tok = tok[:-1].rstrip("。；;，,.:：")
            return tok or None
        if field == "region":
            found = find_region(value)
            if found and len(value) <= 24 and value.startswith(found):
                return re.split(r"[\s,，;；]", value)[0] or found  # "北京市海淀区" as written
            return found or value[:60]
        if field in ("buyer", "agency"):
            value = F.cut_value(re.sub(r"^(?:单位)?名\s*称\s*[:：]\s*", "", value))
            value = re.split(r"[（(][^）)]{0,6}(?:盖章|签章|公章|单位章|签字|签名)|\s{2,}", value)[0]
            # "Department of X, Y Division, through the State Procurement Bureau": the office it acts through is not
            # the buyer.
            value = re.split(r",?\s+(?:acting\s+)?(?:by and\s+)?through\s+(?:its\s+|the\s+)?(?=[A-Z])", value)[0]
            # "X Agency (ABN 47 318 552 906)", "某公司（统一社会信用代码：…）": a registration number is not part of the name.
            value = _REGISTRATION.sub("", value).strip()
            if not CJK_RE.search(value):  # "Rijnland University, Stationsweg 46, 2312 AV Leiden": the address follows
                value = re.split(r",\s*(?=[^,]*\d)|\s+\((?:the\s+)?[\"“]|(?<!\bInc)(?<!\bLtd)(?<!\bCo)(?<!\bCorp)(?<!\bLLC)"
                                 r"\.\s+(?=[A-Z])", value)[0].strip()
            value = drop_own_acronym(value)
            if person_problem(value):
                # "Owner: Priya Ramdial, Senior Buyer (City of Toronto - Purchasing Division)": the body the officer
                # works for, in brackets after the title, is the buyer.
                body = re.search(r"\(([^()]{4,120})\)\s*$", value)
                if body and not person_problem(body.group(1)) and re.match(r"[A-Z]", body.group(1)):
                    return body.group(1).strip()
                return None  # "Buyer: Tanya Whitfield, Senior Procurement Agent": the officer, not the buying body
        if field == "project_name" and not CJK_RE.search(value):
            # "The name of the ITT is: X. The number and identification of lots: …": the name ends with its sentence.
            value = re.split(r"(?<![A-Z])(?<!\bNo)(?<!\bCo)\.\s+(?=[A-Z][a-z])", value)[0]
            # "Request for Quotation - Office Furniture (RFQ-2027-18)": the kind of document and its code around the name.
            kind = _EN_TITLE.match(value)
            if kind and not re.fullmatch(r"[#\w\-./ ]*\d[\w\-./]*", kind.group("name").strip(" -—:")):
                value = kind.group("name").strip(" -—:")
            value = _TRAILING_CODE.sub("", _TRAILING_CODE.sub("", value)) or value
        return value[:250] or None

    def _fields_from_line(self, page: int, text: str) -> None:
        self.line_no += 1
        wrap, self.wrap = self.wrap, None
        if wrap and self.doc.fmt in ("pdf", "text") and (wrap[1] >= 60 or self._name_cut(wrap[0], text)) \
                and self._wrapped_value(wrap[0], text):
            return
        if self.date_only:
            self._complete_date(page, text)
        title = re.search(r"(?:^|\s)Title\s*[:：]\s*(.+)$", text, re.IGNORECASE)
        if title:
            self.recent_title = (self.line_no, title.group(1).strip())
        both = re.match(r"^([^:：]{6,40})[:：]\s*(.+)$", text)
        if both and self._number_and_title(both.group(1), both.group(2), page, text):
            return
        kvs = F.kv_in_line(text)
        pending, self.pending_value = self.pending_value, None
        if pending and not kvs and pending[1] == self.line_no - 1 and not text.rstrip().endswith((":", "：")) \
                and F.label_of(text) is None:
            # "Reference:" on one line, "RFT-2027-0412" on the next (plain-text and form layouts).
            self._set(pending[0], self._field_value(pending[0], pending[0], text), page, text)
        if not kvs and text.rstrip().endswith((":", "：")) and len(text) <= 60:
            field = F.label_of(text)
            if field and field not in ("deadline", "opening_time"):  # times have their own pending (label_only)
                self.pending_value = (field, self.line_no)
        if LOT_MENTION.search(text):  # "第1包：…，预算金额：50万元" is the lot's budget, not the tender's
            kvs = [kv for kv in kvs if kv[0] not in ("budget", "max_price")]
        for field, label, value in kvs:
            if field in ("budget", "max_price") and self._money_per_lot(field, label, value, page, text):
                continue
            if field in ("budget", "max_price") and self.lot and self._lot_budget(label, value):
                continue  # "Lot No: 2 ... Value excluding VAT: 1 200 000 EUR" belongs to the lot
            weak = _weak_label(field, label)
            got = self._field_value(field, label, value)
            # The number of the portal's page ("Home / Search Opportunities / AB-2026-07735" over "Reference Number:
            # AB-2026-07735") yields to the procurement's own ("Solicitation Number: TEC-26-RFP-0412").
            weak = weak or (field == "tender_number" and isinstance(got, str) and got in self._listing_ids())
            was_set = self._set(field, got, page, text, weak)
            if was_set and field in _WRAPPING \
                    and text.rstrip(" .;；").endswith(value.rstrip(" .;；")):  # a value cut before the line's end is whole
                self.wrap = (field, len(text))
            if was_set and field in ("deadline", "opening_time") and "T00:00:00" in getattr(self.out, field) \
                    and not re.search(r"\d[:.h]\d\d|\d\s*[ap]\.?m\b|noon|midday|midnight|[点时時]", value, re.IGNORECASE):
                self.date_only.append((field, value))  # "Closing date: 21 October 2027", the time on the next row
            head = text.split(label, 1)[0] + label + text.split(label, 1)[-1].split(value, 1)[0]
            if field == "deadline" and re.search(r"开标|Opening", head, re.IGNORECASE):
                # "投标截止时间及开标时间：..." names both times at once.
                self._set("opening_time", self._field_value("opening_time", label, value), page, text)
            if field in self.pending_time_fields:  # the heading's fields are given one by one
                self.pending_time_fields = []
        self._note_prose_deadline(page, text)
        if not self.out.tender_number:
            m = _RFP_NUMBER.search(text)
            if m:
                self._set("tender_number", m.group("num").rstrip("."), page, text)
            elif (code := _TYPED_CODE.search(text)) is not None:  # "(RFQ-2027-18)": a code led by the document's kind
                self._set("tender_number", code.group(0), page, text, weak=True)
            elif (pid := _PROJECT_ID.search(text)) is not None:  # "for Project ID No. SI-ICT-2027-014": until a better one
                self._set("tender_number", pid.group("num").rstrip("."), page, text, weak=True)
        # "名称：X" under a "采购人信息" / "采购代理机构信息" block.
        m = re.match(r"^(?:\d[.、]\s*)?(?:名称|单位名称|Name)\s*[:：]\s*(.+)$", text)
        if m and self.contact_role:
            self._set(self.contact_role, F.cut_value(m.group(1)), page, text)
        # A deadline/opening heading whose date is on the next lines.
        if self.pending_time_fields:
            iso = self._dt(text)
            prev, self.pending_prev = self.pending_prev, text
            if iso is None and prev and self.doc.fmt in ("pdf", "text"):
                # "… not later than 11:00 on Thursday, 9" / "September 2027. Bids will be …": a sentence the page wrapped.
                iso = self._dt(join_wrapped([prev, text]))
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
            self.pending_prev = None
        elif self.pending_time_fields and self.line_no - self.pending_since > 4:
            self.pending_time_fields = []  # the heading's date never came: a date far below belongs to something else
        self._contact_role(text)

    def _name_cut(self, field: str, text: str) -> bool:
        """"招标人：中国能源建设集团湖南省电力设计院有限" / "公司": a Chinese organisation's name the column cut before its
        suffix, however short the line (a two-column contact block), completed by the fragment on the next line."""
        value = getattr(self.out, field)
        t = text.strip()
        return field == "buyer" and isinstance(value, str) and bool(CJK_RE.search(value)) and not _ORG_CN.match(value) \
            and len(t) <= 6 and bool(re.fullmatch(r"[\u4e00-\u9fff（）()]+", t)) and bool(_ORG_CN.match(value + t))

    def _wrapped_value(self, field: str, text: str) -> bool:
        """"Contract Title: Supply … Wide Area Network" + "Equipment": a long value the page width cut."""
        t = text.strip()
        if ":" in t or "：" in t or len(t.split()) > 4 or len(t) > 40 or re.match(r"^(?:\d|[（(]|[一二三四五六七八九十]+、)", t) \
                or re.match(r"^(?:Dear|Hello|Hi)\b|^(?:尊敬的|各供应商|各投标人)", t, re.IGNORECASE):
            return False
        value = getattr(self.out, field)
        if not isinstance(value, str) or value.endswith((".", "。")):
            return False
        joined = join_wrapped([value, t]).rstrip(".")
        setattr(self.out, field, joined)
        # the value cut at the line's end was never one of its own: the candidates' log holds it whole
        for k in range(len(self.header_log) - 1, -1, -1):
            e = self.header_log[k]
            if e[0] == field and e[1] == value:
                self.header_log[k] = (field, joined, e[2], join_wrapped([e[3], t]), *e[4:])
                break
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

    def _number_and_title(self, label: str, value: str, page: int, text: str) -> bool:
        """"Contract No. and Title: G-07: Supply of …" names both: the number before the first colon, the title after."""
        if not _NUMBER_AND_TITLE.match(label.strip()):
            return False
        m = re.match(r"^\s*([A-Z0-9][\w\-./]*\d[\w\-./]*)\s*[:：\-–—]\s*(.{4,})$", value)
        if not m:
            return False
        self._set("tender_number", m.group(1), page, text)
        self._set("project_name", m.group(2).strip(), page, text)
        return True

    def _fields_from_table(self, node: Node) -> None:
        rows = node.rows
        # "Date and time (Central Time)" over the dates: the zone the header names applies to every time below it.
        zone = re.search(r"[(（]([^)）]*(?:\bTime\b|\bUTC\b|\bGMT\b|\b[A-Z]{2,4}T\b|时间|時間)[^)）]*)[)）]", " ".join(node.header))
        zone_hint = f" ({zone.group(1)})" if zone and len(rows) > 1 else ""
        # Label cell followed by a value cell (two- and four-column key/value tables). The first row of a table of
        # odd width without a figure is its column header ("Title | Language | Size"), not a label and its value.
        for k, r in enumerate(rows):
            if k == 0 and len(r.cells) % 2 == 1 and len(rows) > 2 and not any(re.search(r"\d", c) for c in r.cells):
                continue
            if self.date_only:  # "CLOSING DATE: | 18 JUNE 2027" then "CLOSING TIME: | 11:00": the row's time completes it
                self._complete_date(r.page, " ".join(c for c in r.cells if c.strip()))
            prev = getattr(self, "prose_prev", "")
            for cell in r.cells:  # "BID OPENING: | BIDS MUST BE RECEIVED NO LATER THAN 2:00 P.M. …": a sentence in a cell
                if len(cell) > 24:
                    self.prose_prev = ""
                    self._note_prose_deadline(r.page, cell)
            self.prose_prev = prev
            for i, cell in enumerate(r.cells[:-1]):
                if self.form_description is None and (node.block or 0) < 20 and _DESCRIPTION_BOX.fullmatch(cell.strip()) \
                        and 8 <= len(r.cells[i + 1].strip()) <= 200 and not r.cells[i + 1].rstrip().endswith("."):
                    self.form_description = (r.page, r.cells[i + 1].strip(), node.row_text(r))
                if self._number_and_title(cell.rstrip(":："), r.cells[i + 1], r.page, node.row_text(r)):
                    continue
                core = re.sub(r"[（(][^）)]{0,30}[）)]", "", cell)  # "Submission of tenders (入札書の提出期限)"
                field = F.label_of(cell) if len(core) <= (24 if CJK_RE.search(core) else 48) else None
                if field is None and (ph := re.search(r"[（(]([^（()）]{3,40})[）)]\s*[:：]?\s*$", cell)) and len(core) > 24:
                    # "… INVITED TO BID FOR REQUIREMENTS OF THE (NAME OF DEPARTMENT/ PUBLIC ENTITY) | X": a form's box
                    # says in brackets what goes in it.
                    field = next((f for part in re.split(r"\s*/\s*", ph.group(1))
                                  if (f := F.label_of(re.sub(r"^name\s+of\s+(?:the\s+)?", "", part.strip(), flags=re.IGNORECASE)))),
                                 None)
                # A spreadsheet export leaves merged cells empty: the value is the next filled cell of the row.
                nxt = next((c for c in r.cells[i + 1:i + 4] if c.strip()), "")
                if field and nxt and (F.label_of(nxt) or _FORM_BOX.match(nxt)):
                    # "Reference | Closing Date | …": a header row of labels over the values below it; "2. CONTRACT
                    # NO. | 3. AWARD/EFFECTIVE DATE": the next box of a form, not this one's value.
                    continue
                if field and nxt:
                    if field in ("budget", "max_price") and self._money_per_lot(field, cell, nxt, r.page,
                                                                                node.row_text(r)):
                        continue
                    value = nxt + (zone_hint if field in ("deadline", "opening_time") else "")
                    got = self._field_value(field, cell, value)
                    was_set = self._set(field, got, r.page, node.row_text(r), _weak_label(field, cell) or (
                        field == "tender_number" and isinstance(got, str) and got in self._listing_ids()))
                    if was_set and field in ("deadline", "opening_time") and "T00:00:00" in getattr(self.out, field) \
                            and not re.search(r"\d[:.h]\d\d|\d\s*[ap]\.?m\b|noon|midday|midnight|[点时時]", nxt, re.IGNORECASE):
                        self.date_only.append((field, value))  # the time in a row of its own below
                    if field == "deadline" and re.search(r"开标|Opening", cell, re.IGNORECASE):
                        # "Bids due and public opening": one time for both.
                        self._set("opening_time", self._field_value("opening_time", cell, value), r.page, node.row_text(r))
            for cell in r.cells:  # "label：value" inside one cell
                if len(cell) > 4 and re.search(r"[:：]", cell):
                    for field, label, value in F.kv_in_line(cell):
                        self._set(field, self._field_value(field, label, value), r.page, cell)
        # Header row over exactly one value row.
        # (Not when the second row opens with a label too: "Notice ID | X" over "Agency | Y" is two pairs.)
        if len(rows) == 2 and len(rows[0].cells) == len(rows[1].cells) and not F.label_of(rows[1].cells[0]):
            for h, v in zip(rows[0].cells, rows[1].cells):
                field = F.label_of(h)
                if field and v:
                    self._set(field, self._field_value(field, h, v), rows[1].page, node.row_text(rows[1]))

    def _heading_value(self, head: Node) -> None:
        """A heading that is a field's label with the value in the paragraph under it (EU and UK forms:
        "II.1.1) Title" / "Managed WAN services"; "Tender submission deadline" / "12 January 2027, 12:00pm";
        "I.1) Name and addresses" / the buyer's name first)."""
        if not head.children:
            return
        label = re.sub(r"^[IVX]+(?:\.\d{1,2})*\)\s*", "", head.text)
        field = F.label_of(label)
        nxt = head.children[0]
        if field is None or nxt.kind == "table" or nxt.marked or F.kv_in_line(nxt.text) or field in self.pending_time_fields:
            return  # a time heading's date and time lines are read as they come (_fields_from_line)
        if field in ("budget", "max_price") and self.lot and self._lot_budget(label, nxt.text):
            return
        if field == "project_name":
            self.recent_title = (self.line_no + 1, nxt.text)  # "Title" / "X" / "Lot No: 1": the lot's name
        self._set(field, self._field_value(field, label, nxt.text), nxt.page, f"{head.text}: {nxt.text}")

    def _buyer_reference(self) -> None:
        """A portal's system id (a bare long number: a GETS / eTenders resource id, a PhilGEPS reference) beside the
        buyer's own reference (letters and digits: "CCC-RFP-2027-041", "PGB-G-2027-031"): the bid team quotes the
        buyer's. Read by shape among the reference labels of the notice's first lines, and only when the number kept
        is such a bare number or none was found."""
        kept = self.out.tender_number
        if kept and _UUID.fullmatch(kept):
            # "Procedure identifier: 7f3c9a2e-…" (a system's UUID) beside "Internal identifier: UMR-EK-2027-0412":
            # the first reference read in the buyer's letters and digits.
            for field, value, page, text, _weak, _label in self.header_log:
                if field == "tender_number" and _BUYER_CODE.fullmatch(value) and not _UUID.fullmatch(value):
                    self.out.tender_number = value
                    self.out.provenance["tender_number"] = Provenance(page, snippet(text))
                    self.weak.discard("tender_number")
                    return
        if kept and not _BARE_ID.fullmatch(kept):
            return
        for page, text in self.doc.lines()[:60]:
            for m in _REF_PAIR.finditer(text):
                code = m.group("code").rstrip(".,;")
                # "Internal identifier" (eForms) is the buyer's own reference; a notice's or procedure's identifier is not
                own = re.match(r"(?:Internal|Buyer'?s?|Own|Contracting authority'?s?)\b", m.group("label"), re.IGNORECASE)
                if (_WEAK_NUMBER.search(m.group("label")) and not own) or not _BUYER_CODE.fullmatch(code) \
                        or _UUID.fullmatch(code) or code == kept:
                    continue
                self.header_log.append(("tender_number", code, page, text, False, m.group("label")))
                self.out.tender_number = code
                self.out.provenance["tender_number"] = Provenance(page, snippet(text))
                self.weak.discard("tender_number")
                return

    def _code_by_title(self) -> None:
        """A reference code on a line of its own next to the notice's title ("NEA000ETQ27000318" over "Supply and
        Delivery of …"), when no label gave a number: a portal's page header shows the two together."""
        if self.out.tender_number or not self.out.project_name:
            return
        lines = self.doc.lines()[:40]
        at = next((k for k, (_, t) in enumerate(lines) if t.strip() == self.out.project_name.strip()), None)
        for k in ([at - 1, at + 1, at - 2, at + 2] if at is not None else []):
            if 0 <= k < len(lines):
                page, t = lines[k]
                t = t.strip()
                if _LONE_CODE.fullmatch(t) and not tender_number_problem(t):
                    self._set("tender_number", t, page, t, weak=True)
                    return

    def _prose_buyer(self) -> None:
        """'The County of Lakeview (the "County") is seeking proposals': the buyer named in prose."""
        if self.out.buyer:
            return
        lines = self.doc.lines()[:80]
        for k, (page, text) in enumerate(lines):
            if re.match(r"^(?:Dear|Hello|Hi|Good (?:morning|afternoon))\b|^(?:尊敬的|各供应商|各投标人|各潜在)", text, re.IGNORECASE):
                continue  # a salutation opens a letter, it names no buyer
            if not CJK_RE.search(text) and (text.isupper() or (len(text.split()) <= 2
                                                               and not text.rstrip().endswith((",", "of", "the")))):
                continue  # "INTRODUCTION", "Description": a heading, not the start of the sentence
            # The sentence may wrap and open with its paragraph's number and title ("1.1 Purpose. The State of …").
            text = re.sub(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?:[A-Z][a-z]+\.\s+)?", "",
                          join_wrapped([t for _, t in lines[k:k + 3]]))
            own = re.sub(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?:[A-Z][a-z]+\.\s+)?", "", lines[k][1])
            m = _PROSE_BUYER.search(text) or _PROSE_BUYER_ORG.search(own) or _INVITATION_BY.search(text) \
                or _DEFINED_CN.search(own)
            if m and not _ROLE_ONLY.match(m.group("b").strip()):
                if m.re is _PROSE_BUYER and "through" in (m.group("via") or "") and (_GOVERNMENT.match(m.group("b")) or re.search(
                        r"\bGovernment$", m.group("b").strip())):
                    break  # "The Lagos State Government, through the Ministry of Health, …": the letterhead names the unit
                self._set("buyer", m.group("b").strip(), page, text)
                return
        # A line of its own under the notice's title naming an organisation ("Northshire Fire and Rescue Authority").
        orgs = [(k, page, text.strip()) for k, (page, text) in enumerate(lines[:12])
                if len(text.strip()) <= 80 and _ORG.match(text.strip()) and not re.search(r"\d", text)
                and text.strip() != self.out.project_name and F.label_of(text.strip()) is None]  # "Contracting authority"
        if orgs:
            k, page, t = orgs[0]
            # A letterhead names the government at large, then the department that buys ("GOVERNMENT OF …" /
            # "… Facilities Department"): the unit under it is the buyer.
            unit = next((o for o in orgs[1:] if o[0] - k <= 4 and not _GOVERNMENT.match(o[2])), None)
            if _GOVERNMENT.match(t) and unit:
                page, t = unit[1], unit[2]
            self._set("buyer", t, page, t)

    def _plain_title_after(self, k: int) -> tuple[int, int, str] | None:
        """(block, page, text) of the plain line right under the heading at block k, when it reads as a title."""
        if k + 1 >= len(self.doc.blocks):
            return None
        nb = self.doc.blocks[k + 1]
        x = (nb.text or "").strip()
        if nb.kind != "line" or nb.level or not 3 <= len(x.split()) <= 20 or re.search(r"[:：|]", x) or x.endswith(".") \
                or F.label_of(x) or numbering(x) is not None or heading_topic(x) is not None or DOC_TYPE_ONLY.match(x) \
                or _ORG.match(x) or _RFP_NUMBER.search(x) or re.match(r"^[#\w\-./]*\d[\w\-./]*(?:\s|$)", x) \
                or not re.match(r"[A-Z]", x):
            return None
        return k + 1, nb.page, x

    def _line_after_marker(self) -> tuple[int, int, str] | None:
        """(block, page, name): the plain line(s) right under a line naming the kind of document and its number
        ("INVITATION TO BID - BID NUMBER: …"), in the notice's first lines."""
        blocks = self.doc.blocks[:15]
        for k, b in enumerate(blocks[:-1]):
            t = b.text.strip()
            if b.kind != "line" or not (_EN_TITLE.match(t) and _RFP_NUMBER.search(t)):
                continue  # only a line that names both the kind of document and its number
            parts = []
            for nb in blocks[k + 1:k + 4]:
                x = nb.text.strip()
                if nb.kind != "line" or nb.level or ":" in x or "|" in x or F.label_of(x) or numbering(x) \
                        or heading_topic(x) or x.endswith(".") or len(x.split()) > 20 or (parts and not (parts[-1].isupper()
                                                                                                  and x.isupper())
                                                                                             and not _JOINING.match(x)):
                    break
                parts.append(re.sub(r"^for\s+(?:the\s+)?(?=[A-Z])", "", x) if not parts else x)
            if parts and not DOC_TYPE_ONLY.match(parts[0]) and not _ORG.match(parts[0]) and not _RFP_NUMBER.search(parts[0]) \
                    and not re.match(r"^[#\w\-./]*\d[\w\-./]*(?:\s|$)", parts[0]):
                return k + 1, blocks[k + 1].page, join_wrapped(parts)
        return None

    def _wrapped_title(self, top: Node) -> str:
        """A title the page width wrapped: the heading lines right after it, at its level on its page, continue it
        ("TENDER FOR THE SUPPLY, DELIVERY, INSTALLATION AND" / "MAINTENANCE OF RFID …")."""
        parts, k = [top.text.strip()], top.block
        blocks = self.doc.blocks
        while k + 1 < len(blocks) and len(parts) < 4:
            b = blocks[k + 1]
            if b.kind != "line" or b.level != blocks[top.block].level or b.page != top.page or numbering(b.text) \
                    or heading_topic(b.text) or len(b.text) > 120 or DOC_TYPE_ONLY.match(b.text.strip()):
                break
            prev = parts[-1]
            # A wrapped line ends mid-phrase (English) or the next one is short (Chinese: "项目_招标公告").
            # ... or the next one opens with a joining word ("… - Supply, Installation" / "and Maintenance").
            if not (re.search(r"(?:\b(?:AND|OF|FOR|THE|TO|IN|ON|WITH|and|of|for|the|to|in|on|with)|,)$", prev)
                    or _JOINING.match(b.text.strip()) or _runs_on(prev, b.text.strip())
                    or (CJK_RE.search(prev) and len(b.text.strip()) <= 16) or (prev.isupper() and b.text.strip().isupper())):
                break
            parts.append(b.text.strip())
            k += 1
        return join_wrapped(parts)

    def _quoted_title(self) -> tuple[int, str, str] | None:
        """"为“XX系统采购”进行公开招标" / a title block "第01/2028號公開招標" over "“XX”": the project named in quotes."""
        lines = self.doc.lines()[:40]
        for k, (page, text) in enumerate(lines):
            m = _QUOTED_PROJECT.search(text)
            if m:
                return page, m.group("n").strip(), text
            q = re.fullmatch(r"\s*[“\"「『](?P<n>[^”\"」』]{4,80})[”\"」』]\s*", text)
            if q and k > 0 and re.search(r"(?:招标|招標|采购|採購|磋商|询价|詢價|谈判|談判|竞价|競價|比选|比選)(?:公告)?\s*$",
                                         lines[k - 1][1]):
                return page, q.group("n").strip(), f"{lines[k - 1][1]} {text}"
        return None

    def _title(self) -> None:
        """Fallback project name from the notice title ("XX项目公开招标公告", "Request for Proposals: X")."""
        if self.out.project_name:
            return
        for n in self.tree.walk():
            # "Doc5123498760 - RFQ 3405-26-0158 Supply and Delivery of …": a title heading led by the document's codes.
            m = _CODE_LED.match(n.text.strip()) if n.marked and n.block < 40 and 0 < (n.level or 9) <= 3 \
                and numbering(n.text) is None else None  # "2.1 Scope and funding": a part's number, not a code
            if m and len(m.group("name").split()) >= 3 and not _RFP_NUMBER.search(m.group("name")):
                self._set("project_name", _TRAILING_CODE.sub("", m.group("name").strip()), n.page, n.text)
                return
        # The title stands above the notice's parts: headings from the first part on ("SECTION 1 - NOTICE TO
        # BIDDERS", then "Key dates") are not it.
        heads = []
        for n in self.tree.walk():
            if not n.marked or n.block >= 20 or _BREADCRUMB.search(n.text) or F.label_of(n.text) or _DOCUMENTS.match(n.text) \
                    or _SITE_TITLE.search(n.text) or _FORM_TITLE.match(n.text.strip()):
                continue  # "ESTIMATED BUDGET", "Closing date", "BID DOCUMENTS": a heading naming a field or a part
            if numbering(n.text) is not None or heading_topic(n.text) is not None or is_part_heading(n.text):
                break  # "Part A - Tender Particulars": the notice's parts begin
            heads.append(n)
        marker = next((i for i, n in enumerate(heads) if _EN_MARKER.match(n.text.strip())), None)
        after = [n for n in heads[marker + 1:marker + 3] if not _ORG.match(n.text.strip()) and numbering(n.text) is None
                 and heading_topic(n.text) is None] if marker is not None else []
        plain = self._plain_title_after(heads[marker].block) if marker is not None else None
        if plain and (not after or after[0].block > plain[0]):
            # "Request for Tender" (a heading) over "Supply, Installation and Maintenance of …" (a plain line): the line
            # under the kind of document names the project, the headings above it (the letterhead) the buyer.
            self._set("project_name", plain[2], plain[1], plain[2])
            return
        # Neither the buyer's name over the title ("…油田分公司") nor a line naming only the kind of notice ("招标公告").
        heads = after[:1] or [n for n in heads if not _ORG.match(n.text.strip()) and not _ORG_CN.search(n.text.strip())
                              and not DOC_TYPE_ONLY.match(n.text.strip()) and not _doc_kind_line(n.text.strip())]
        # A page's side menu or footer headings (<h5>/<h6> "資訊公開", "Related notices") are not its title.
        heads = [n for n in heads if n.level <= 4] if not after else heads
        # "INVITATION TO BID - BID NUMBER: X" over the project's name in plain lines: the headings further down head
        # the advert's parts ("ESTIMATED BUDGET", "COMPULSORY BRIEFING SESSION").
        marked_line = self._line_after_marker()
        if marked_line and not after and (not heads or heads[0].block > marked_line[0]):
            self._set("project_name", marked_line[2], marked_line[1], marked_line[2])
            return
        if heads:
            # "REQUEST FOR PROPOSAL" / "Statewide CAD System Replacement": the heading after the document type
            # names the project; otherwise the top heading, unless it names the buyer ("STATE OF KANSAS").
            top = heads[0] if after else min(heads, key=lambda n: n.level)
            t = self._wrapped_title(top)
            if self.lang == "zh" and not DOC_TYPE_ONLY.match(t):
                t = _KIND_SUFFIX.sub("", t).strip(" _-—:：")  # "…集中采购项目_招标公告": the kind of notice is not the name
            t = _TENDER_FOR.sub("", t) if len(_TENDER_FOR.sub("", t)) >= 12 else t
            if 4 <= len(t) <= 200 and not _EN_MARKER.match(t) and not _EN_TITLE.match(t) and not _TITLE_SUFFIX.search(t) \
                    and not DOC_TYPE_ONLY.match(t) and not _STANDARD_DOCUMENT.match(t):
                self._set("project_name", t, top.page, t)
                return
        quoted = self._quoted_title()
        if quoted:
            self._set("project_name", quoted[1], quoted[0], quoted[2])
            return
        if self.form_description:  # a bid form's cover: its DESCRIPTION box names the project
            page, value, row = self.form_description
            self._set("project_name", value, page, row)
            return
        marker_seen = False
        # A portal's header block (ATM ID, Category, Close Date …) can push the document's own title page down.
        candidates = self.doc.lines()[:40] + ([(1, self.doc.title)] if self.doc.title else [])
        for k, (page, text) in enumerate(candidates):
            t = text.strip()
            if _BREADCRUMB.search(t) or _SITE_TITLE.search(t):
                continue  # "首页 > 标案查询 > 招标公告": where the page sits on the portal
            seg = _KIND_SEGMENT.search(t)
            if seg and 8 <= len(t[seg.end():].strip()) <= 200 and not F.kv_in_line(t):
                # "Ghana - X Project - Specific Procurement Notice - Supply of Y": a document page's title names
                # the country, the project and the kind of notice, then what is bought.
                self._set("project_name", _TRAILING_CODE.sub("", t[seg.end():].strip()), page, t)
                return
            if self.lang == "zh" and DOC_TYPE_ONLY.match(t):
                # A title block "buyer / project / 招标公告": the line above the kind of notice, unless it is the buyer.
                above = [x.strip() for _, x in candidates[max(0, k - 2):k]]
                name = next((x for x in reversed(above) if 4 <= len(x) <= 60 and not _ORG_CN.search(x)
                             and not F.kv_in_line(x) and not re.search(r"[:：|]", x)), None)
                if name:
                    self._set("project_name", name, page, name)
                    return
            letter = re.search(r"(?:询价单|询价函|询价书|询比单|比价单|竞价单|报价邀请函?|报价单)$", t)
            if self.lang == "zh" and letter and 6 < len(t) <= 80 and not F.kv_in_line(t):
                # "某公司服务器采购询价单": the request's own kind after the name (the 采购 stays part of it).
                name = re.sub(r"^【[^】]{1,8}】", "", t[:letter.start()]).strip(" -—:：")
                if len(name) >= 4:
                    self._set("project_name", name, page, t)
                    return
            if self.lang == "zh" and _TITLE_SUFFIX.search(t) and 4 < len(t) <= 80:
                name = _TITLE_SUFFIX.sub("", t).strip(" -—:：")
                # "…装修改造工程施工招标公告": the works are the project, 施工/监理/设计 the kind of contract for them.
                name = re.sub(r"(?<=工程|项目)(?:施工|监理|勘察设计|设计|勘察)$", "", name)
                name = re.sub(r"^(?:.{2,30}?(?:关于|關於)|关于|關於)", "", name)  # "某市人民医院关于X项目的招标公告": the buyer, then X
                if len(name) >= 4:
                    self._set("project_name", name, page, t)
                    return
            m = _EN_TITLE.match(t)
            name = _TRAILING_CODE.sub("", _TRAILING_CODE.sub("", m.group("name").strip(" -—:"))) if m else ""
            if re.fullmatch(r"\(?[A-Z]{2,5}\)?", name):
                m, name = None, ""  # "INVITATION FOR BIDS (IFB)": the document type and its abbreviation
            if m and re.fullmatch(r"(?:for|of|the|to|and|on)(?:\s+(?:for|of|the|to|and|on))*", name, re.IGNORECASE):
                # "INVITATION TO BID FOR THE" / "PROCUREMENT OF …": the title's words after it name the project.
                marker_seen = True
                continue
            if m and not _RFP_NUMBER.search(t) and not re.fullmatch(r"[#\w\-./ ]*\d[\w\-./]*", name):
                self._set("project_name", name, page, t)
                return
            if m or _EN_MARKER.match(t):
                marker_seen = True
                continue
            # "INVITATION TO BID" / "for the Procurement of Network Switches …": the line below names the project.
            t = re.sub(r"^for\s+(?:the\s+)?(?=[A-Z])", "", t) if marker_seen else t
            if marker_seen and ":" not in t and "|" not in t and 1 <= len(t.split()) <= 20 and not t.endswith(".") \
                    and not _RFP_NUMBER.search(t) and not DOC_TYPE_ONLY.match(t) and not re.fullmatch(r"[#\w\-./]*\d[\w\-./]*", t):
                parts = [t.strip()]
                for _, nxt in candidates[k + 1:k + 3]:  # a title in capitals the page wrapped over lines
                    if not ((parts[-1].isupper() and nxt.strip().isupper()) or _JOINING.match(nxt.strip())) or ":" in nxt \
                            or F.label_of(nxt) or DOC_TYPE_ONLY.match(nxt.strip()) \
                            or numbering(nxt) or heading_topic(nxt) or re.match(r"^(?:PART|SECTION|CHAPTER)\b", nxt.strip()):
                        break
                    parts.append(nxt.strip())
                self._set("project_name", join_wrapped(parts), page, t)
                return
