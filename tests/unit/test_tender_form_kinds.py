"""Kinds seen on bid forms and portal pages: a form's code as its title, boxes whose bracket says what goes in them,
a date and its time in separate rows, a system UUID beside the buyer's reference, a person in the 'Buyer' box,
two evaluation stages, legends of flag letters. Examples are our own."""

from __future__ import annotations

from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.extractors.requirements import must_letters
from dealgraph.ingest.tenders.requirements import mark_as_must
from dealgraph.ingest.tenders.shape_checks import buyer_problem


def _html(body: str, name: str = "notice.html"):
    return parse_bytes(f"<html><body>{body}</body></html>".encode(), name)


def _text(body: str, name: str = "notice.txt"):
    return parse_bytes(body.encode(), name)


def test_a_tender_number_stops_at_the_next_label_on_its_line():
    p = _text("某某水务集团2028年度水表框架采购\n招标公告\n招标编号:SWJT-2028-ZB-0042 公告日期:2028年2月3日\n"
              "一、项目概况\n本项目为水表采购。\n")
    assert p.tender_number == "SWJT-2028-ZB-0042"
    p = _text("Supply of road salt\nReference: CNTY-RS-2028-07 Date: 3 March 2028\n1. Scope\nRoad salt supply.\n")
    assert p.tender_number == "CNTY-RS-2028-07"


def test_a_system_uuid_yields_to_the_buyers_internal_identifier():
    p = _html("<h1>Supply of infusion pumps</h1><p>Procedure identifier: 1b2c3d4e-aaaa-4bbb-8ccc-0123456789ab</p>"
              "<p>Internal identifier: HOSP-INF-2028-017</p><h2>2. Scope</h2><p>Infusion pumps.</p>")
    assert p.tender_number == "HOSP-INF-2028-017"


def test_a_code_alone_on_the_line_next_to_the_title_is_the_number_when_no_label_gave_one():
    p = _html("<p>OPEN TENDER</p><p>CITYWTR28000455</p><h1>Supply of Water Quality Sondes</h1>"
              "<p>Closing 12 May 2028 02:00PM</p><h2>Description</h2><p>Sondes for river monitoring.</p>")
    assert p.tender_number == "CITYWTR28000455"


def test_a_closing_date_and_a_closing_time_in_rows_of_their_own_make_one_deadline():
    p = _html("<h1>Invitation to bid</h1><table><tr><td>BID NUMBER:</td><td>HLT 11/2028-29</td></tr>"
              "<tr><td>CLOSING DATE:</td><td>9 AUGUST 2028</td></tr><tr><td>CLOSING TIME:</td><td>10:30</td></tr>"
              "</table><h2>1. Scope</h2><p>Hospital beds.</p>", "za_bid.html")
    assert p.deadline is not None and p.deadline.startswith("2028-08-09T10:30")


def test_a_submission_sentence_in_a_cell_under_another_label_is_the_deadline():
    p = _html("<h1>Invitation for Bid</h1><table><tr><td>Solicitation No.:</td><td>B-2028-044</td></tr>"
              "<tr><td>Public Opening:</td><td>Bids must be received no later than 1:30 p.m. Eastern Time on "
              "Monday, May 8, 2028</td></tr></table><h2>1. Scope</h2><p>Salt spreaders.</p>")
    assert p.deadline is not None and p.deadline.startswith("2028-05-08T13:30")


def test_a_status_line_opening_with_closing_on_gives_the_deadline():
    p = _html("<h1>Supply of Field Radios</h1><p>CLOSING ON 21 SEP 2028 11:00AM (9 days remaining)</p>"
              "<h2>Description</h2><p>Radios.</p>")
    assert p.deadline is not None and p.deadline.startswith("2028-09-21T11:00")


def test_a_forms_code_is_not_the_project_its_description_box_is():
    p = _text("SBD 4\nPART B\nINVITATION TO BID\n")
    assert p.project_name != "SBD 4 PART B"
    p = _html("<h1>FORM 3</h1><h1>PART A</h1><h1>INVITATION TO BID</h1><table>"
              "<tr><td>BID NUMBER:</td><td>EDU 07/2028</td></tr>"
              "<tr><td>DESCRIPTION</td><td>SUPPLY AND INSTALLATION OF SCIENCE LABORATORY FURNITURE</td></tr></table>"
              "<h2>1. CONDITIONS</h2><p>Bidders must be registered.</p>")
    assert p.project_name == "SUPPLY AND INSTALLATION OF SCIENCE LABORATORY FURNITURE"


def test_a_boxes_bracket_saying_what_goes_in_it_labels_the_value():
    p = _html("<h1>Invitation to bid</h1><table><tr><td>YOU ARE HEREBY INVITED TO BID FOR REQUIREMENTS OF THE "
              "(NAME OF MUNICIPALITY/ PUBLIC ENTITY)</td><td>RIVERSIDE LOCAL MUNICIPALITY</td></tr>"
              "<tr><td>BID NUMBER:</td><td>RLM 3/2028</td></tr></table><h2>1. Scope</h2><p>Street lights.</p>")
    assert p.buyer == "RIVERSIDE LOCAL MUNICIPALITY"


def test_a_person_and_job_title_is_not_the_buyer_the_body_acting_through_another_is():
    assert buyer_problem("Jordan Pike, Senior Contract Officer")
    assert buyer_problem("Ms K. Dlamini")
    assert buyer_problem("Northern Water Authority") is None
    p = _html("<h1>Invitation for Bid</h1><table><tr><td>IFB Number:</td><td>7-280101JP</td></tr>"
              "<tr><td>Buyer:</td><td>Jordan Pike, Senior Contract Officer, (555) 123-4567</td></tr></table>"
              "<p>The State Parks Board (SPB), acting through the Department of Natural Resources (DNR), hereby invites "
              "sealed bids for picnic tables.</p><h2>1. Scope</h2><p>Picnic tables.</p>")
    assert p.buyer == "State Parks Board"


def test_the_points_column_is_the_one_holding_figures_and_the_ranking_stage_is_the_award():
    p = _html("<h1>Bid</h1><h2>3. Evaluation</h2><p>Stage 1: functionality, minimum 60 points. Stage 2: price and "
              "preference.</p><table><tr><th>Criteria</th><th>Scoring guideline</th><th>Weight</th></tr>"
              "<tr><td>Experience</td><td>Projects of 500 kVA or more: 4+ = 40</td><td>40</td></tr>"
              "<tr><td>Method statement</td><td>Letters not older than 3 years</td><td>60</td></tr>"
              "<tr><td>Total</td><td></td><td>100</td></tr></table>"
              "<table><tr><th>Criteria</th><th>Points</th></tr><tr><td>Price</td><td>90</td></tr>"
              "<tr><td>Specific goals</td><td>10</td></tr><tr><td>Total</td><td>100</td></tr></table>")
    assert sorted((s.item, s.points) for s in p.scoring) == [("Price", 90), ("Specific goals", 10)]


def test_an_overview_line_of_the_parts_yields_to_the_parts_criteria():
    p = _text("某学校实验室设备采购项目\n招标公告\n项目编号：XX-2028-001\n一、评标办法\n"
              "本项目采用综合评分法（百分制），其中：价格分50分，技术部分30分，商务部分20分。\n"
              "（1）价格分（50分）：满足招标文件要求且投标价格最低的为基准价。\n"
              "（2）技术部分（30分）：技术参数响应15分；实施方案10分；培训方案5分。\n"
              "（3）商务部分（20分）：类似业绩12分；售后服务8分。\n")
    assert sum(s.points for s in p.scoring) == 100
    assert {s.item for s in p.scoring} >= {"技术参数响应", "实施方案", "培训方案", "类似业绩", "售后服务"}


def test_a_letter_legend_after_the_columns_name_defines_only_its_own_letter():
    assert must_letters([(1, "Key to column E/O: E = Essential - failing it disqualifies;"),
                         (1, "O = Optional - not a disqualifying item.")]) == {"E"}


def test_a_tag_after_an_items_letter_or_run_in_title_marks_it():
    assert mark_as_must("b) [E] Battery of at least 8 hours", {"[E]"}).startswith("b) ★")
    assert mark_as_must("4.2 Packaging. * All goods shall be palletised within 5 days", {"*"}).startswith(
        "4.2 Packaging. ★")
    p = _text("INVITATION FOR BID\nPicnic tables\n2. SPECIFICATIONS\nRequirements shown with an asterisk (*) are mandatory. "
              "Failure to meet any asterisked requirement shall make the bid non-responsive.\n"
              "2.1 Tables\n2.2 Delivery. * All tables shall be delivered within 30 calendar days after the order.\n"
              "Late delivery may be charged.\n3. AWARD\nLowest bid.\n", "ifb.txt")
    assert any(r.mandatory and "delivered" in r.text for r in p.requirements)


def test_an_item_tagged_scored_beside_pass_fail_items_is_a_requirement_but_not_a_must():
    p = _html("<h2>5. Lot</h2><p>Description: portable sets. Items tagged [pass/fail] are minimum requirements.</p><ul>"
              "<li>weight not more than 4 kg [pass/fail]</li><li>start-up time not exceeding 20 seconds [scored]</li></ul>")
    got = {r.parameter: r.mandatory for r in p.requirements if r.parameter}
    assert got.get("weight") is True
    assert any(k and k.startswith("start-up time") and v is False for k, v in got.items())

