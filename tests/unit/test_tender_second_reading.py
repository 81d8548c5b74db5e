"""Second readings (tenders/second_reading.py): each points at a wrong first reading and stays quiet on a right one."""

from __future__ import annotations

import pytest

from dealgraph.ingest.tenders import second_reading as second
from dealgraph.ingest.tenders.checks import Review
from dealgraph.ingest.tenders.model import Lot, Money, ParsedTender, Provenance, Requirement


def _parsed(**fields) -> ParsedTender:
    p = ParsedTender(source="x.txt", fmt="text", pages=1, language="en")
    for k, v in fields.items():
        setattr(p, k, v)
        if k in ("project_name", "buyer", "agency", "budget", "max_price", "deadline"):
            p.provenance[k] = Provenance(1, str(v))
    return p


def _flagged(p: ParsedTender) -> set[str]:
    return {n["field"] for n in p.needs_review}


def _lines(*texts: str) -> list[tuple[int, str]]:
    return [(1, t) for t in texts]


def test_marked_lines_beyond_mandatory_items_flag_mandatory():
    lines = _lines("标注“★”的条款为实质性条款，不允许负偏离。", "1 | 带宽 | ★带宽≥10Gbps", "2 | 端口 | ★端口≥48个",
                   "评分：“★”条款负偏离的按无效投标处理")
    one = _parsed(requirements=[Requirement("technical", "带宽≥10Gbps", mandatory=True, snippet="1 | 带宽 | ★带宽≥10Gbps")])
    second.mandatory_marks(one, Review(one), lines)
    assert _flagged(one) == {"mandatory"}
    both = _parsed(requirements=[Requirement("technical", "带宽≥10Gbps", mandatory=True),
                                 Requirement("technical", "端口≥48个", mandatory=True)])
    second.mandatory_marks(both, Review(both), lines)  # the legend and the quoted "★" are not items
    assert _flagged(both) == set()


@pytest.mark.parametrize("texts,lots,flag", [
    (("The contract is divided into 3 lots.", "Lot 1: Servers", "Lot 2: Storage"), 2, True),
    (("Lot 1 – Servers", "Lot 2 – Storage", "Lot 3 – Backup"), 1, True),
    (("第一包：服务器", "第二包：存储"), 2, False),
    (("Lot 1 of the previous contract was awarded in 2024.",), 0, False),
])
def test_lots_named_in_the_text_against_lots_read(texts, lots, flag):
    p = _parsed(lots=[Lot(str(i + 1), None, None) for i in range(lots)])
    second.lot_count(p, Review(p), _lines(*texts))
    assert ("lots" in _flagged(p)) is flag


@pytest.mark.parametrize("deadline,flag", [("2027-04-22T17:00:00+03:00", False), ("2027-04-22T17:00:00+05:45", False),
                                           ("2027-04-22T17:00:00-20:27", True), ("2027-04-22T17:00:00", True)])
def test_deadline_offset_must_be_a_time_zones(deadline, flag):
    p = _parsed(deadline=deadline)
    second.deadline_zone(p, Review(p))
    assert ("deadline" in _flagged(p)) is flag


def test_a_labelled_price_cap_not_read_is_flagged():
    p = _parsed()
    second.cap_named(p, Review(p), _lines("采购预算：486,000元", "最高限价：同预算金额"))
    assert _flagged(p) == {"max_price"}
    q = _parsed()
    second.cap_named(q, Review(q), _lines("The maximum price evaluation uses the lowest bid."))
    assert _flagged(q) == set()


def test_currency_the_notice_never_names_next_to_an_amount():
    wrong = _parsed(budget=Money(1850000, "USD"))
    second.currency_named(wrong, Review(wrong), _lines("Estimated value: $1,850,000 (CAD 1,850,000 including options)"))
    assert _flagged(wrong) == {"budget"}
    # "25 Gbps" is not GBP and "CAD" without an amount is computer-aided dispatch.
    right = _parsed(budget=Money(412600, "USD"))
    second.currency_named(right, Review(right), _lines("The estimated value is $412,600.00.", "4 x 25 Gbps uplinks",
                                                       "CAD system replacement"))
    assert _flagged(right) == set()


@pytest.mark.parametrize("req,flag", [
    (Requirement("technical", "加速电压：0.02kV~30kV连续可调", parameter="加速电压", operator="=", value=30, unit="kV"), True),
    (Requirement("technical", "Operating temperature -20 °C to +70 °C", operator=">=", value=-20, unit="℃"), True),
    (Requirement("technical", "Access switch, Cisco C9300X-48HX, 24 EA, CLINs 0001-0004", operator=">=", value=24), False),
    (Requirement("technical", "探针电流≥200nA", parameter="探针电流", operator=">=", value=200), True),
    (Requirement("technical", "At least 8 GPU nodes", operator=">=", value=8), False),
    (Requirement("technical", "触控点数≥20点", operator=">=", value=20), False),
    (Requirement("technical", "Minimum of 4 uplink ports per switch.", operator=">=", value=4, unit="ports"), False),
    (Requirement("technical", "Number of cores per processor: minimum 32"), True),
    (Requirement("technical", "Requirements marked M are minimum requirements (knock-out)."), False),
])
def test_requirement_read_again_from_its_text(req, flag):
    p = _parsed(requirements=[req])
    second.requirement_shapes(p, Review(p))
    assert ("requirements[0]" in _flagged(p)) is flag


@pytest.mark.parametrize("buyer,flag", [
    (("Montana Department of Administration, State Information Technology Services Division (SITSD), through the "
     "State Procurement Bureau"), True),
    ("Minase City (Mayor of Minase City); requesting section: Crisis Management Division", True),
    ("VETERANS AFFAIRS, DEPARTMENT OF", False),
    ("东陵理工大学", False),
])
def test_buyer_that_runs_on(buyer, flag):
    p = _parsed(buyer=buyer)
    second.names_read_whole(p, Review(p), [])
    assert ("buyer" in _flagged(p)) is flag


@pytest.mark.parametrize("name,flag", [("Language", True), ("Bid Document", True),
                                       ("Supply of Rack Servers for the Data Centre", False), ("澜州市公安局视频云平台扩容项目", False)])
def test_project_name_that_is_a_label_or_a_documents_kind(name, flag):
    p = _parsed(project_name=name)
    second.names_read_whole(p, Review(p), _lines("Language: English", "Reference: RFP/2027/009"))
    assert ("project_name" in _flagged(p)) is flag


def test_another_labelled_deadline_line_with_another_day():
    lines = _lines("Submission deadline: 12 January 2027, 12:00", "Enquiry deadline: 11 December 2026, 17:00",
                   "Tender submission deadline: 12 January 2027 12:00")
    wrong = _parsed(deadline="2026-12-11T17:00:00+00:00")
    second.deadline_candidates(wrong, Review(wrong), lines)
    assert _flagged(wrong) == {"deadline"}
    right = _parsed(deadline="2027-01-12T12:00:00+00:00")  # the enquiry deadline is not a competing candidate
    second.deadline_candidates(right, Review(right), lines)
    assert _flagged(right) == set()


def test_a_specification_row_with_a_measured_value_and_no_bound_read():
    row = Requirement("technical", "Base clock speed", snippet="3 | Base clock speed | 2.4 GHz or higher | Yes")
    p = _parsed(requirements=[row])
    second.requirement_shapes(p, Review(p))
    assert _flagged(p) == {"requirements[0]"}
    plain = Requirement("technical", "Rack rails included", snippet="4 | Rack rails | included | Yes")
    q = _parsed(requirements=[plain])
    second.requirement_shapes(q, Review(q))
    assert _flagged(q) == set()


def test_another_budget_label_nearby_with_another_amount_flags_the_budget():
    lines = _lines("机关名称 | 某市立医院", "采购金额 | 15,380,000元", "预算金额 | 13,980,000元", "公告日 | 116/05/06")
    weak = _parsed(budget=Money(15380000, "CNY"))
    weak.provenance["budget"] = Provenance(1, "采购金额 | 15,380,000元")
    second.budget_candidates(weak, Review(weak), lines)
    assert _flagged(weak) == {"budget"}  # read under 采购金额 while a 预算金额 states another amount
    strong = _parsed(budget=Money(13980000, "CNY"))
    strong.provenance["budget"] = Provenance(1, "预算金额 | 13,980,000元")
    second.budget_candidates(strong, Review(strong), lines)
    assert _flagged(strong) == set()  # the 预算金额 was read on purpose
    cap = _parsed(budget=Money(2400000, "EUR"))
    cap.provenance["budget"] = Provenance(1, "Estimated contract value: €2,400,000")
    second.budget_candidates(cap, Review(cap), _lines("Estimated contract value: €2,400,000", "Maximum budget: €2,600,000"))
    assert _flagged(cap) == set()  # a cap is not a second budget


def test_a_cap_written_in_words_after_its_label_flags_a_missing_cap():
    p = _parsed()
    second.cap_named(p, Review(p), _lines("本项目招标控制价合计人民币壹亿贰仟叁佰陆拾捌万元整，投标报价超过的投标将被否决。"))
    assert _flagged(p) == {"max_price"}


def test_checks_flag_a_title_naming_an_organisation_and_unread_weights_and_musts():
    from dealgraph.ingest.tenders.checks import run_checks

    p = _parsed(project_name="LAKE BEND COUNTY, OHIO", buyer="Lake Bend County", tender_number="27-1",
                deadline="2027-01-05T14:00:00-05:00", budget=Money(100000, "USD"),
                requirements=[Requirement("technical", "GPS every 10 s", parameter="GPS", operator="<=", value=10,
                                          unit="s")])
    run_checks(p, _lines("LAKE BEND COUNTY, OHIO", "MINIMUM specifications are mandatory.", "評選項目及配分 | 技術 | 70"),
               {}, set())
    flagged = _flagged(p)
    assert {"project_name", "mandatory", "scoring"} <= flagged


@pytest.mark.parametrize("legend", [
    "说明:标注【实质性要求】的条款为实质性条款,不满足其中任何一条即作无效报价处理;其余条款允许偏离。",
    "Key: (M) = Mandatory requirement, assessed on a pass/fail basis; non-compliance with any (M)",
    "S/N | Specification | ★/D | Comply (Y/N) | Remarks",
])
def test_a_line_saying_what_a_mark_means_is_no_marked_item(legend):
    lines = _lines(legend, "1 | Display size | ★ | at least 15 inch", "2 | Battery | (M) | at least 4 hours")
    both = _parsed(requirements=[Requirement("technical", "Display size at least 15 inch", mandatory=True),
                                 Requirement("technical", "Battery at least 4 hours", mandatory=True)])
    second.mandatory_marks(both, Review(both), lines)
    assert _flagged(both) == set()
    one = _parsed(requirements=[Requirement("technical", "Display size at least 15 inch", mandatory=True)])
    second.mandatory_marks(one, Review(one), lines)  # a marked item not read is still a review
    assert _flagged(one) == {"mandatory"}


def test_another_notices_deadline_in_a_list_of_notices_is_no_candidate():
    lines = _lines("投标截止时间:2028年12月5日09:00", "预算金额:168.00万元",
                   "某单位野战医疗方舱维修服务项目公开招标公告(预算金额:230.00万元,截止时间:2028-11-30 09:00) 2028-11-08")
    right = _parsed(deadline="2028-12-05T09:00:00+08:00", budget=Money(1680000, "CNY"))
    second.deadline_candidates(right, Review(right), lines)
    assert _flagged(right) == set()
    # the same line stating the budget read is about this notice: its other day is a candidate
    same = _lines("投标截止时间:2028年12月5日09:00", "本项目(预算金额:168.00万元,截止时间:2028-11-30 09:00)")
    wrong = _parsed(deadline="2028-12-05T09:00:00+08:00", budget=Money(1680000, "CNY"))
    second.deadline_candidates(wrong, Review(wrong), same)
    assert _flagged(wrong) == {"deadline"}


def test_an_amended_notice_still_printing_its_first_deadline():
    lines = _lines("Amendment Notification: the solicitation has been amended.",
                   "Amendment 1 - Response Due Date: June 9, 2026, 2:00 PM Pacific Time",
                   "Response Due Date: 06/02/2026 2:00 PM")
    right = _parsed(deadline="2026-06-09T14:00:00-07:00")
    right.provenance["deadline"] = Provenance(1, lines[1][1])
    second.deadline_candidates(right, Review(right), lines)
    assert _flagged(right) == set()
    wrong = _parsed(deadline="2026-06-02T14:00:00-07:00")  # the first date read: the moved one is a candidate
    wrong.provenance["deadline"] = Provenance(1, lines[2][1])
    second.deadline_candidates(wrong, Review(wrong), lines)
    assert _flagged(wrong) == {"deadline"}


def test_marks_are_counted_per_item_not_per_line():
    lines = _lines("1 | 网络硬盘录像机 | ★接入带宽:≥320Mbps; ▲单盘容量≥8TB; ★存储时间≥30天 | 32台",
                   "3.商务要求:★交货期:60日历天内;★投标有效期:不少于90日历天。")
    three = _parsed(requirements=[Requirement("technical", t, mandatory=True, snippet=t) for t in
                                  ("接入带宽:≥320Mbps", "存储时间≥30天", "交货期:60日历天内")])
    second.mandatory_marks(three, Review(three), lines)  # four marks, three items read
    assert _flagged(three) == {"mandatory"}
    four = _parsed(requirements=three.requirements + [Requirement("technical", "投标有效期:不少于90日历天", mandatory=True)])
    second.mandatory_marks(four, Review(four), lines)
    assert _flagged(four) == set()


def test_a_marked_item_read_as_a_condition_on_the_bidder_is_missing_among_the_musts():
    lines = _lines("- PC1 Meters are certified to ISO 4064. (M)", "- PC2 Battery life of at least 15 years. (M)",
                   "3 | Mandatory Requirements (Pass/Fail)")
    p = _parsed(requirements=[Requirement("qualification", "PC1 Meters are certified to ISO 4064.", mandatory=True),
                              Requirement("technical", "PC2 Battery life of at least 15 years.", mandatory=True)])
    second.mandatory_marks(p, Review(p), lines)  # the row heading the part is no item; PC1 was read as a condition
    assert _flagged(p) == {"mandatory"}
    p.requirements[0].kind = "technical"
    q = _parsed(requirements=p.requirements)
    second.mandatory_marks(q, Review(q), lines)
    assert _flagged(q) == set()
