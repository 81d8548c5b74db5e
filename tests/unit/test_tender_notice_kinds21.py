"""Kinds seen on set 21: a specification table with a lot column (no amounts) is not the lots; a lot table whose only
amount column is the price cap states caps, not budgets; a legend that names the marked items otherwise but says
failing one rejects the bid defines a must mark; a subtotal row inside a scoring table with criteria below it; a note
under a scoring table; a longer English criterion name; a rate in a sentence outside the scoring part; a time limit
written "N小时内" as a clause of its own; measure words and English comparatives; "2 + 2 years" is no lower bound.
Examples are our own."""

from __future__ import annotations

import pytest

from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.legend import must_tokens, rejects_on_failure
from dealgraph.ingest.tenders.requirements import declared_must_mark, parse_spec, split_clauses


def _parse(body: str, name: str = "notice.html") -> dict:
    return parse_bytes(body.encode(), name).to_dict()


def _html(*parts: str) -> str:
    return "<html><body>" + "".join(parts) + "</body></html>"


def _table(*rows: list[str]) -> str:
    return "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"


_LOTS = _table(["标段", "工程内容", "最高投标限价（元）"], ["A1", "东区给排水改造", "3,200,000"],
               ["A2", "西区给排水改造", "2,800,000"], ["合计", "", "6,000,000"])


def test_a_specification_table_with_a_lot_column_holds_requirements():
    doc = _parse(_html("<h1>某区管网改造工程招标公告</h1><p>项目编号：GW-2031-7</p><h2>二、标段划分</h2>", _LOTS,
                       "<h2>三、主要设备技术要求</h2>",
                       _table(["标段", "设备名称", "技术指标", "要求"], ["A1", "潜水泵", "额定流量", "≥120m³/h"],
                              ["A1", "潜水泵", "防护等级", "≥IP68"], ["A2", "阀门", "公称压力", "≥1.6MPa"],
                              ["A2", "流量计", "测量精度", "≤0.5%"])))
    params = {r["parameter"]: (r["operator"], r["value"]) for r in doc["requirements"]}
    assert params.get("公称压力") == (">=", 1.6)
    assert params.get("测量精度") == ("<=", 0.5)
    assert len(doc["lots"]) == 2


def test_a_lot_table_whose_only_amount_is_the_cap_states_caps():
    doc = _parse(_html("<h1>某区管网改造工程招标公告</h1><h2>二、标段划分</h2>", _LOTS))
    assert doc["max_price"]["amount"] == 6000000


@pytest.mark.parametrize("line,mark", [
    ("注：标有“◆”的条款为核心指标，投标设备有任一项不满足的，投标将被否决。", "◆"),
    ("说明：带“*”号的条款为重要条款，投标人对其中任何一项不响应的，其投标无效。", "*"),
])
def test_a_legend_saying_failing_a_marked_item_rejects_the_bid_defines_a_must(line, mark):
    assert declared_must_mark([line]) == mark


@pytest.mark.parametrize("meaning", [
    "为重要参数，负偏离超过3项的投标将被否决",
    "为重要参数，不满足的不会导致投标无效",
    "为重要参数，每负偏离一项扣2分",
])
def test_a_legend_rejecting_only_past_a_count_or_never_defines_no_must(meaning):
    assert not rejects_on_failure(meaning)
    assert declared_must_mark([f"标注“▲”的条款{meaning}。"]) is None


def test_an_english_legend_by_its_consequence():
    assert must_tokens("Items marked ◇ are key specifications; failure to meet any of them will result in rejection.") == {"◇"}


def test_a_subtotal_row_inside_a_scoring_table_is_not_the_award_total():
    doc = _parse(_html("<h1>Request for Proposal RFP-77/2031</h1><h2>Evaluation criteria</h2>",
                       _table(["No.", "Criterion", "Maximum points"], ["1", "Approach and methodology", "30"],
                              ["2", "Team qualifications", "20"], ["3", "Past performance", "10"],
                              ["4", "Quality assurance plan", "10"], ["", "Total technical", "70"],
                              ["5", "Financial offer", "30"])))
    assert sum(s["points"] for s in doc["scoring"]) == 100


def test_a_note_under_a_scoring_table_is_no_criterion():
    body = ("某单位设备采购招标公告\n\n一、评分标准\n技术部分 60 技术方案完整得60分\n价格部分 40 满足要求的最低价得满分\n"
            "注：评标价为算术修正后的报价（含9%增值税）。\n")
    doc = _parse(body, "notice.txt")
    assert sum(s["points"] for s in doc["scoring"]) == 100


def test_a_longer_english_criterion_name_with_its_weight():
    body = ("Request for Tender RFT 31/204\n\n5. Evaluation\nWeighted attributes:\n- Delivery track record: 20%\n"
            "- Quality and suitability of the proposed pumping equipment: 40%\n- Price: 40%\n")
    doc = _parse(body, "notice.txt")
    assert sum(s["points"] for s in doc["scoring"]) == 100


def test_a_rate_in_a_sentence_outside_the_scoring_part_is_no_criterion():
    body = ("Invitation to Bid ITB 9/2031\n\n2.5 Securities. The successful bidder shall furnish a\n"
            "performance security of 8% of the contract price. Penalties of 0.2% of the\ncontract price per day apply.\n")
    assert _parse(body, "notice.txt")["scoring"] == []


def test_a_time_limit_written_within_hours_is_a_clause_of_its_own():
    parts = split_clauses("收到故障报告后1小时内响应,8小时内修复")
    assert [(parse_spec(p).operator, parse_spec(p).value, parse_spec(p).unit) for p in parts] == [
        ("<=", 1, "小时"), ("<=", 8, "小时")]


@pytest.mark.parametrize("text,op,value,unit", [
    ("手术器械：≥12把", ">=", 12, "把"),
    ("光缆：≥24芯", ">=", 24, "芯"),
    ("Image sensor: at least 8 megapixels", ">=", 8, "megapixels"),
    ("Response time to an alarm: no greater than 5 minutes", "<=", 5, "minutes"),
    ("Screen height: not smaller than 30 cm", ">=", 30, "cm"),
])
def test_measure_words_and_english_comparatives(text, op, value, unit):
    s = parse_spec(text)
    assert (s.operator, s.value, s.unit) == (op, value, unit)


def test_an_extension_option_is_no_lower_bound():
    s = parse_spec("Maintenance term: 3 years (with options to extend by 1 + 1 years)")
    assert (s.operator, s.value, s.unit) == ("=", 3, "years")


@pytest.mark.parametrize("line,number", [
    ("Reference: RFT 31/204", "RFT 31/204"),
    ("Bid Number: IFB 2031-77", "IFB 2031-77"),
    ("Reference: No. 12/2031", "12/2031"),
])
def test_a_reference_keeps_the_kind_its_label_writes_before_the_code(line, number):
    doc = _parse(f"Supply of Water Meters\n{line}\nClosing: 3 March 2031\n", "notice.txt")
    assert doc["tender_number"] == number


@pytest.mark.parametrize("text,currency", [
    ("FJ$250,000", "FJD"), ("WS$ 80,000", "WST"), ("TT$1,200,000", "TTD"), ("XCD 45,000", "XCD"), ("SBD 600,000", "SBD"),
])
def test_dollars_written_with_their_country_letters_or_code(text, currency):
    from dealgraph.ingest.tenders.money import parse_money

    assert parse_money(text, "USD").currency == currency


def test_a_notice_from_a_country_with_one_zone_is_in_its_local_time():
    body = ("MINISTRY OF EDUCATION, TONGA\nTender No. MOE 4/2031\nSupply of School Furniture\n"
            "Closing: 2:00pm, Friday 7 March 2031\n")
    assert _parse(body, "notice.txt")["deadline"] == "2031-03-07T14:00:00+13:00"


def test_a_time_named_by_its_country():
    from dealgraph.ingest.tenders.dates import parse_datetime

    assert parse_datetime("10:00am (Mauritius time), 3 June 2031").endswith("+04:00")


def test_a_budget_allocation_for_this_project_in_prose():
    body = ("Supply of Solar Pumps\nTender No. WA 9/2031\n\nThe Authority's budget allocation for this project is "
            "FJ$420,000 (VEP).\n")
    assert _parse(body, "notice.txt")["budget"] == {"amount": 420000, "currency": "FJD"}


def test_an_amount_of_another_contract_is_no_cap_or_budget():
    body = ("Request for Proposal RFP 31/88\nProvision of Courier Services\n\n3. The contract term is two years. For "
            "reference only, the current contract for these services had a not-to-exceed amount of USD 1,200,000.\n")
    doc = _parse(body, "notice.txt")
    assert doc["max_price"] is None and doc["budget"] is None


@pytest.mark.parametrize("line,buyer", [
    ("Procuring agency: Water Authority of Fiji (WAF)", "Water Authority of Fiji"),
    ("Procuring agency: Department of Works, Roads Division (RD)", "Department of Works, Roads Division (RD)"),
])
def test_a_buyer_s_own_acronym_after_its_name_is_not_part_of_it(line, buyer):
    assert _parse(f"Supply of Culverts\nTender No. WAF 7/2031\n{line}\n", "notice.txt")["buyer"] == buyer


@pytest.mark.parametrize("text,kind", [
    ("- PM2 Valves are type-approved and certified to EN 1074. [pass/fail]", "technical"),
    ("All luminaires shall be tested to IEC 60598.", "technical"),
    ("The Tenderer must be certified to ISO 9001.", "qualification"),
    ("Manufacturers shall be certified to ISO 13485.", "qualification"),
])
def test_goods_certified_to_a_standard_are_a_specification(text, kind):
    from dealgraph.ingest.tenders.requirements import classify

    assert classify(text, None) == kind


def test_the_number_a_breadcrumb_ends_with_yields_to_the_solicitation_number():
    field = "<dl><dt>{}</dt><dd>{}</dd></dl>"
    page = _html('<div class="crumbs"><a href="/">Home</a> / <a href="/s">Opportunities</a> / QX-2031-00412</div>',
                 "<h1>Supply of Road Salt</h1>", field.format("Reference Number", "QX-2031-00412"),
                 field.format("Solicitation Number", "DOT-31-RFQ-0077"), field.format("Close Date", "2031-03-04 2:00 PM"))
    parsed = parse_bytes(page.encode(), "notice.html")
    assert parsed.tender_number == "DOT-31-RFQ-0077"
    assert parsed.header_choices["tender_number"].rule.value == "DOT-31-RFQ-0077"  # the rules' own pick, before the model


def test_a_letter_inviting_your_company_names_its_buyer_before_the_office_it_acts_through():
    body = ("REQUEST FOR PROPOSAL\nRFP No.: ABC/RFP/2031/0042\nDear Sir/Madam,\n1. The World Meteorological Agency, "
            "acting through its Procurement Section (\"PS\"), hereby invites your company to submit a proposal for "
            "the provision of weather radars.\n")
    assert _parse(body, "notice.txt")["buyer"] == "World Meteorological Agency"


def test_a_government_acting_through_its_ministry_leaves_the_buyer_to_the_letterhead():
    body = ("NORTHSHIRE STATE GOVERNMENT\nMINISTRY OF WORKS, CENTRAL DISTRICT\nINVITATION TO TENDER\n"
            "Tender Ref. No.: NSW/2031/07\n1. The Northshire State Government, through the Ministry of Works, hereby "
            "invites interested companies to submit tenders for the resurfacing of district roads.\n")
    assert _parse(body, "notice.txt")["buyer"] == "MINISTRY OF WORKS, CENTRAL DISTRICT"
