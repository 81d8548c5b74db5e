"""Review kinds (issue 15, self-checks): a title that is an e-mail subject, a part of the document, a form's box
heading, the tender number or a line opening with a reference code; a buyer that is a breadcrumb trail, a lot's
line or the project's title; a clause whose figure and unit were not read; a figure written with a Chinese unit
read without it; a measure in the parameter's name; a labelled measured line no requirement holds; no review for
a budget the notice says it does not disclose. Each case with a right value that stays unflagged."""

from __future__ import annotations

import pytest

from dealgraph.ingest.tenders import coverage_checks as coverage
from dealgraph.ingest.tenders import shape_checks as shape
from dealgraph.ingest.tenders.checks import Review, run_checks
from dealgraph.ingest.tenders.model import ParsedTender, Provenance, Requirement


def _parsed(**fields) -> ParsedTender:
    p = ParsedTender(source="x.txt", fmt="text", pages=1, language="en")
    for k, v in fields.items():
        setattr(p, k, v)
        p.provenance[k] = Provenance(1, f"label: {v}")
    return p


def _req(text, parameter=None, value=None, unit=None, operator=None, kind="technical", confidence=0.6) -> Requirement:
    return Requirement(kind=kind, text=text, parameter=parameter, operator=operator, value=value, unit=unit,
                       confidence=confidence, snippet=text)


def _fields(p) -> set[str]:
    return {n["field"] for n in p.needs_review}


@pytest.mark.parametrize("name, number, flag", [
    ("Fwd: Request for Quotations - RFQ-77 - Supply of Pumps", None, True), ("RE: Tender for Cleaning", None, True),
    ("Part A - RFT Details", None, True), ("Section 2", None, True), ("第一章 招标公告", None, True),
    ("EMD Detail", None, True), ("Bid Details", None, True),
    ("7781-KEN: Health Systems Strengthening Programme", None, True),
    ("TX-2029-114", "TX-2029-114", True),
    ("Supply of Rugged Laptops", "W5211-28-0042", False), ("Supply of 2 x 200 kVA UPS (Lot 1)", None, False),
    ("Section 3 Technical Specification of the Pumps for the Northern Water Plant", None, False),
    ("Operation and Maintenance of the Western Treatment Works", None, False), ("某市第一医院检验设备采购项目", None, False),
])
def test_project_name_kinds(name, number, flag):
    p = _parsed(project_name=name, tender_number=number)
    shape.project_name(p, Review(p))
    assert ("project_name" in _fields(p)) == flag


@pytest.mark.parametrize("buyer, title, flag", [
    ("Northern Rail Commission › Opportunities › RFP 12", "Telematics", True), ("Home > Tenders > City Water", "X", True),
    ("Lot 2 - Eastfield Hospital Sterilising Services", "X", True), ("第二包：某医院", "X", True),
    ("Library Kiosks and Sorting Systems", "Library Kiosks and Sorting Systems", True),
    ("Eastern Local Health District", "Sterilisers", False), ("VETERANS AFFAIRS, DEPARTMENT OF", "Switches", False),
    ("某市水务投资集团有限公司", "水厂扩建", False),
])
def test_buyer_kinds(buyer, title, flag):
    p = _parsed(buyer=buyer, project_name=title)
    shape.buyer(p, Review(p))
    assert ("buyer" in _fields(p)) == flag


def test_buyer_place_problem_stays_out_of_header_model():
    assert shape.PROBLEM["buyer"]("Lot 2 - Eastfield Hospital") is None


@pytest.mark.parametrize("text, other, flag", [
    ("NIBP measurement range of 10 to 270 mmHg (adult mode).", None, True),
    ("採購數量:熱顯像無人機12架(含遙控器)。", None, True),
    ("Temperature range -9 C to +40 C", None, True),
    ("Starting: electric start with manual backup", None, False),
    ("模拟人详见第五部分合同签订后45日历天交付", _req("合同签订后45日历天交付", "交付", 45, "日历天", "<="), False),
])
def test_value_unread(text, other, flag):
    p = _parsed()
    p.requirements = [_req(text)] + ([other] if other else [])
    coverage.value_unread(p, Review(p))
    assert ("requirements[0]" in _fields(p)) == flag


@pytest.mark.parametrize("req, flag", [
    (_req("圖傳距離:不小於10公里(無干擾環境)。", "圖傳距離", 10, None, ">=", confidence=0.9), True),
    (_req("风冷型精密空调(制冷量100kW级): 64", "风冷型精密空调(制冷量100kW级)", 64, None, "=", confidence=0.9), True),
    (_req("防護等級:IP55以上。", "防護等級", 55, None, ">=", confidence=0.9), False),
    (_req("显热比(SHR)：≥0.95", "显热比(SHR)", 0.95, None, ">=", confidence=0.9), False),
])
def test_unit_unread_kinds(req, flag):
    p = _parsed()
    p.requirements = [req]
    coverage.unit_unread(p, Review(p))
    assert ("requirements[0]" in _fields(p)) == flag


def test_unread_measures():
    p = _parsed()
    p.requirements = [_req("（一）數量：四套", "數量", 4, "套", "=")]
    lines = [(1, "（四）輸入電壓範圍：304V至478V（三相）。"), (1, "（六）運行環境溫度：0°C至40°C。"),
             (1, "3 | 浮充设计寿命(25℃) | ≥10年"), (1, "Rated output: 10 kVA"), (1, "（一）數量：四套")]
    p.requirements.append(_req("Rated output: 10 kVA", "Rated output", 10, "kVA", ">="))
    coverage.unread_measures(p, Review(p), lines)
    flagged = [n["snippet"] for n in p.needs_review]
    assert any("304V" in s for s in flagged) and any("0°C" in s for s in flagged)
    assert not any("浮充" in s or "Rated output" in s for s in flagged)


@pytest.mark.parametrize("line, flag", [
    ("The budget for this procurement will not be disclosed.", False), ("本项目不设最高限价。", False),
    ("本案不訂底價,採最低標決標。", False), ("The budget for this procurement is USD 400,000.", True),
])
def test_budget_not_disclosed_is_not_a_review(line, flag):
    p = _parsed(project_name="Supply of Pumps", tender_number="RFQ-2029-01", buyer="Water Board",
                deadline="2029-03-05T14:00:00")
    run_checks(p, [(1, line)], {}, set())
    assert ("budget" in _fields(p)) == flag


@pytest.mark.parametrize("name, flag", [
    # the notice's kind in words alone, a form's code and part, a letterhead (an organisation and its place)
    ("NOTICE INVITING e-TENDER", True), ("Request for Quotation", True), ("SBD 1 PART A", True),
    ("LAGOS STATE GOVERNMENT MINISTRY OF HEALTH, ALAUSA, IKEJA INVITATION TO TENDER", True),
    # titles that say what is bought, and a Chinese title with its procedure (truths accept it)
    ("Tender for the Supply of Water Meters", False), ("UPS Systems for Data Centre", False),
    ("Supply of Solar Refrigerators, Cold Boxes, and Spares", False),
    ("Department of Health, Supply and Installation of Chillers, Phase 2", False),
    ("湘潭市第一中学智慧安防监控系统建设项目竞争性磋商", False),
])
def test_project_name_kinds_notice_words_codes_letterheads(name, flag):
    p = _parsed(project_name=name)
    shape.project_name(p, Review(p))
    assert ("project_name" in _fields(p)) == flag


@pytest.mark.parametrize("buyer, flag", [
    ("Northmoor County Council, County Hall, Market Street", True), ("City of Eastvale, Level 4, 12 Smith St", True),
    ("某省电力设计院有限", True),
    ("Montana Department of Administration, State Information Technology Services Division", False),
    ("Ministry of Health, Republic of Kenya", False), ("某省电力设计院有限公司", False), ("Hospital Authority (NTWC)", False),
])
def test_buyer_with_its_address_or_cut_in_its_legal_form(buyer, flag):
    p = _parsed(buyer=buyer, project_name="Street lighting")
    shape.buyer(p, Review(p))
    assert ("buyer" in _fields(p)) == flag
