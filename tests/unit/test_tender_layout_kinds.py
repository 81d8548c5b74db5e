"""Layout kinds found by the third blind set, each tested on a notice of our own (not the set's wording)."""

from __future__ import annotations

from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.dates import parse_datetime
from dealgraph.ingest.tenders.money import parse_money
from dealgraph.ingest.tenders.requirements import parse_spec


def _parse(text: str, name: str) -> dict:
    return parse_bytes(text.encode(), name).to_dict()


def test_unsigned_gmt_offset_and_a_dash_year_is_not_an_offset():
    assert parse_datetime("03-Jun-2027 11:00 (GMT 2.00) Lusaka") == "2027-06-03T11:00:00+02:00"
    assert parse_datetime("03-Jun-2027 11:00 (GMT+2)") == "2027-06-03T11:00:00+02:00"
    assert parse_datetime("2027-06-03 11:00 -05:00") == "2027-06-03T11:00:00-05:00"


def test_indian_digit_grouping_and_the_notice_currency():
    assert parse_money("3,75,20,000", "INR").amount == 37520000
    html = """<html><body><h1>Supply of Water Meters</h1>
<table><tr><td>Estimated Bid Value</td><td>3,75,20,000</td></tr>
<tr><td>Bid End Date/Time</td><td>14-05-2027 11:00:00</td></tr>
<tr><td>Organisation Name</td><td>Municipal Water Board</td></tr></table>
<p>Earnest money: Rs. 7,50,000. Turnover of 200 Lakh (s).</p><p>Dated: 20-04-2027</p></body></html>"""
    d = _parse(html, "gem.html")
    assert d["budget"] == {"amount": 37520000.0, "currency": "INR"}
    assert d["deadline"].startswith("2027-05-14T11:00")  # day first: the notice's dates say so
    assert d["buyer"] == "Municipal Water Board"


def test_div_label_value_grid_and_a_document_table_header():
    html = """<html><body><h1>Rehabilitation of Rural Boreholes</h1>
<div class="kv"><div class="label">Reference</div><div>ITB/2027/044</div>
<div class="label">Deadline on</div><div>03-Jun-2027 11:00 (GMT 2.00)</div></div>
<table><tr><th>Title</th><th>Language</th><th>Size</th></tr>
<tr><td>ITB.pdf</td><td>English</td><td>1 MB</td></tr><tr><td>Annex.docx</td><td>English</td><td>80 KB</td></tr></table>
</body></html>"""
    d = _parse(html, "ungm.html")
    assert d["tender_number"] == "ITB/2027/044"
    assert d["deadline"] == "2027-06-03T11:00:00+02:00"
    assert d["project_name"] == "Rehabilitation of Rural Boreholes"


def test_numbered_scoring_rows_with_subtotals_and_a_bracketed_flag_column():
    html = """<html><body><h1>Request for Proposal: Cold Chain Monitoring</h1>
<h2>Lots</h2><table><tr><th>Lot</th><th>Region</th><th>Budget (USD)</th></tr>
<tr><td>Lot 1</td><td>North</td><td>100,000</td></tr><tr><td>Lot 2</td><td>South</td><td>90,000</td></tr></table>
<h2>Technical requirements</h2>
<table><tr><th>No.</th><th>Requirement</th><th>Type</th></tr>
<tr><td>1</td><td>Logger accuracy of at most 0.5 °C</td><td>[M]</td></tr>
<tr><td>2</td><td>Battery life of at least 2 years</td><td>[M]</td></tr>
<tr><td>3</td><td>Bluetooth read-out</td><td>[D]</td></tr></table>
<h2>Evaluation</h2>
<table><tr><th>Criterion</th><th>Description</th><th>Max. points</th></tr>
<tr><td>1</td><td>Experience</td><td>30</td></tr><tr><td>1.1</td><td>Similar contracts</td><td>20</td></tr>
<tr><td>1.2</td><td>Staff</td><td>10</td></tr><tr><td>2</td><td>Methodology</td><td>40</td></tr>
<tr><td>Total technical score</td><td></td><td>70</td></tr><tr><td>3</td><td>Price</td><td>30</td></tr>
<tr><td>Total score</td><td></td><td>100</td></tr></table></body></html>"""
    d = _parse(html, "rfp.html")
    assert sorted((s["item"], s["points"]) for s in d["scoring"]) == [
        ("Methodology", 40), ("Price", 30), ("Similar contracts", 20), ("Staff", 10)]
    assert [lot["number"] for lot in d["lots"]] == ["1", "2"]
    assert sum(1 for r in d["requirements"] if r["mandatory"]) == 2
    assert not any(n["field"] == "scoring" for n in d["needs_review"])


def test_requirement_column_chosen_by_its_bounds():
    text = """Bid Document: Field Laptops
Technical Specifications
| Category | Specification | Values | Bid Requirement (Allowed Values) |
| Processor | Number of cores | 8 | Minimum 8 |
|  | Clock speed | 3.0 GHz | Minimum 3.0 GHz |
| Memory | Installed memory | 32 GB | Minimum 32 GB |
"""
    d = _parse(text, "laptops.txt")
    got = {(r["parameter"], r["operator"], r["value"], r["unit"]) for r in d["requirements"]}
    assert ("Clock speed", ">=", 3.0, "GHz") in got and ("Installed memory", ">=", 32, "GB") in got


def test_articles_box_drawn_scoring_and_cap_equal_to_budget():
    text = """某区人民医院自行采购公告
第一条　项目基本情况
　　一、项目名称：某区人民医院机房改造项目
　　二、采购预算（控制价）：人民币伍拾万元整。
第二条　采购需求
　　1. 制冷量≥30kW。【实质性要求】
　　2. 能效比（EER）≥3.0。
第三条　评审办法
┌────┬────────┬────┐
│序号│评分项目　　│分值　│
├────┼────────┼────┤
│1　 │报价　　　　│50　　│
│2　 │技术　　　　│50　　│
├────┴────────┼────┤
│合计　　　　　　　│100 　│
└─────────────┴────┘
"""
    d = _parse(text, "zixing.txt")
    assert d["budget"]["amount"] == 500000 and d["max_price"]["amount"] == 500000
    assert sorted((s["item"], s["points"]) for s in d["scoring"]) == [("技术", 50), ("报价", 50)]
    got = {(r["parameter"], r["operator"], r["value"], r["mandatory"]) for r in d["requirements"]}
    assert ("制冷量", ">=", 30, True) in got and ("能效比", ">=", 3.0, False) in got


def test_marked_item_outside_requirement_sections_wraps_in_text():
    text = """Bid Document: Field Laptops
Terms and conditions
1. [Mandatory] The laptops shall be delivered to all district offices
within 30 days from the date of contract.
2. Payment within 30 days of acceptance.
"""
    d = _parse(text, "laptops.txt")
    r = next(r for r in d["requirements"] if r["mandatory"])
    assert "within 30 days from the date of contract" in r["text"] and (r["operator"], r["value"]) == ("<=", 30)


def test_energy_and_electron_optics_units():
    assert (parse_spec("Array size of at least 40 kWp").unit, parse_spec("Storage of at least 120 kWh").unit) == ("kWp", "kWh")
    assert parse_spec("探针电流：≥100nA").unit == "nA" and parse_spec("能量分辨率：≤129eV").unit == "eV"


def test_scope_heading_read_whole_budget_budgeted_in_prose_and_a_sentence_about_the_items():
    import docx

    d = docx.Document()
    d.add_heading("REQUEST FOR PROPOSAL", 0)
    d.add_paragraph("RFP Number: CTY-27-118")
    d.add_heading("SECTION 1: OVERVIEW", 1)
    d.add_paragraph("The County has budgeted $640,000 for the initial two-year term. Renewal years are not included.")
    d.add_heading("SECTION 2: MANDATORY REQUIREMENTS (PASS/FAIL)", 1)
    d.add_paragraph("The requirements in the list below are mandatory and are evaluated pass/fail.")
    d.add_paragraph("M-1 The system shall store at least 90 days of video.")
    d.add_heading("SECTION 3: SCOPE OF SERVICES AND TECHNICAL REQUIREMENTS", 1)
    d.add_paragraph("3.1 The contractor shall respond to outages within 45 minutes.")
    buf = __import__("io").BytesIO()
    d.save(buf)
    out = parse_bytes(buf.getvalue(), "county.docx").to_dict()
    assert out["budget"] == {"amount": 640000.0, "currency": "USD"}
    musts = [r["text"] for r in out["requirements"] if r["mandatory"]]
    assert len(musts) == 1 and "90 days" in musts[0]
    assert any((r["operator"], r["value"]) == ("<=", 45) and not r["mandatory"] for r in out["requirements"])


def test_conditions_and_second_conditions_of_one_measure_stay_one_requirement():
    from dealgraph.ingest.tenders.requirements import split_clauses

    assert parse_spec("0.5kV~20kV，连续可调", "加速电压").value == [0.5, 20]
    assert split_clauses("≤1.0nm@15kV；≤1.6nm@1kV") == ["≤1.0nm@15kV，≤1.6nm@1kV"]
    assert split_clauses("≤130eV（Mn Kα，计数率≥50kcps时）") == ["≤130eV（Mn Kα，计数率≥50kcps时）"]
    assert parse_spec("换样时间≤2min").unit == "minutes"
    html = """<html><body><h1>某大学透射电镜采购项目公开招标公告</h1>
<table><tr><td>预算金额</td><td>人民币贰佰万元整</td><td>最高限价</td><td>同预算金额</td></tr></table>
<h2>技术要求</h2><table><tr><th>序号</th><th>参数名称</th><th>技术要求</th><th>标识</th></tr>
<tr><td>1</td><td>点分辨率</td><td>≤0.19nm@200kV；≤0.25nm@80kV</td><td>※</td></tr>
<tr><td>2</td><td>能量分辨率</td><td>≤130eV（Mn Kα，计数率≥50kcps时）</td><td>※</td></tr></table></body></html>"""
    d = _parse(html, "tem.html")
    assert d["max_price"] == {"amount": 2000000.0, "currency": "CNY"}
    assert sum(1 for r in d["requirements"] if r["mandatory"]) == 2
    assert not any(n["field"].startswith("requirements[") for n in d["needs_review"])


def test_a_marked_commercial_term_is_a_requirement():
    text = """某市智慧路灯采购项目竞争性谈判公告
一、项目名称：某市智慧路灯采购项目
二、商务要求
★1.交货期：合同签订后30日历天内完成供货及安装。
2.付款方式：验收合格后支付合同金额的95%。
"""
    d = _parse(text, "ld.txt")
    musts = [r for r in d["requirements"] if r["mandatory"]]
    assert len(musts) == 1 and (musts[0]["operator"], musts[0]["value"]) == ("<=", 30)
    assert not any("付款" in r["text"] for r in d["requirements"])
