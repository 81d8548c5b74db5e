"""Layouts and phrasings of real portals the parser reads generally (never by one notice's wording)."""

from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.requirements import parse_spec


def test_bounds_units_and_european_numbers():
    assert (parse_spec("供货期：合同签订后60日历天内").operator, parse_spec("接到通知后30分钟内远程响应").operator) == ("<=", "<=")
    assert parse_spec("近三年内具有类似业绩").operator != "<="  # "in the last three years" is not a bound
    s = parse_spec("最高转速≥21000rpm")
    assert (s.value, s.unit) == (21000, "rpm")
    s = parse_spec("Switching capacity of at least 12,8 Tbit/s per spine switch")
    assert (s.operator, s.value, s.unit) == (">=", 12.8, "Tbps")
    assert parse_spec("Guaranteed availability of at least 99,9999 % per year").value == 99.9999
    assert parse_spec("Average turnover of at least 2.000.000,00 EUR").value == 2_000_000
    assert parse_spec("at least 1,200 users").value == 1200  # a 3-digit group after a comma stays thousands


HTML = """<html><body><h1>Regional network services</h1>
<dl><dt>Procurement identifier</dt><dd>ocds-1</dd></dl>
<h3>Reference</h3><p>RNS/2027/04</p>
<h3>Total value (estimated)</h3><p>£1,200,000 excluding VAT</p>
<h2>Submission</h2>
<h3>Enquiry deadline</h3><p>2 March 2027, 5:00pm</p>
<h3>Tender submission deadline</h3><p>16 March 2027, 12:00pm</p>
<h2>Technical specification</h2>
<p>Minimum requirements (MR) are pass/fail criteria; a tender failing any MR is rejected.</p>
<p>MR-1: Core bandwidth of at least 10 Gbit/s.</p><p>AR-1 (scored): Latency below 5 ms.</p>
<table><tr><th>Item</th><th>Technical requirement</th><th>Typ e</th></tr>
<tr><td>1.1</td><td>Memory: minimum 512 GB</td><td>M</td></tr>
<tr><td>1.2</td><td>NVMe cache of at least 7,68 TB</td><td>D</td></tr></table>
<h2>Award criteria</h2>
<table><tr><th>Criterion</th><th>Description</th><th>Weighting</th></tr>
<tr><td>Quality</td><td>Technical solution and service levels</td><td>70%</td></tr>
<tr><td>Price</td><td>Total evaluated price over the contract term</td><td>30%</td></tr></table>
<p>Payment: 30% on signature, 70% on acceptance.</p>
<p>Country: United Kingdom</p></body></html>"""


def test_uk_form_headings_over_values_musts_by_legend_and_flag_column():
    d = parse_bytes(HTML.encode(), "n.html").to_dict()
    assert d["tender_number"] == "RNS/2027/04"  # a heading over its value; the OCID is only a weak id
    assert d["budget"] == {"amount": 1_200_000, "currency": "GBP"}
    assert d["deadline"] == "2027-03-16T12:00:00+00:00"  # not the enquiry deadline
    musts = [(r["text"][:4], r["mandatory"]) for r in d["requirements"] if r["unit"] in ("Gbps", "ms")]
    assert musts == [("MR-1", True), ("AR-1", False)]  # the legend defines MR items as pass/fail; it is no item itself
    table = [r for r in d["requirements"] if r["unit"] == "GB" or r["unit"] == "TB"]
    assert [(r["text"], r["value"], r["mandatory"]) for r in table] == [
        ("Memory: minimum 512 GB", 512, True), ("NVMe cache of at least 7,68 TB", 7.68, False)]  # the M/D column, header split
    assert len(d["requirements"]) == 4
    assert [(s["item"], s["points"]) for s in d["scoring"]] == [("Quality", 70), ("Price", 30)]  # "Total evaluated…" is an item


def test_us_time_zones_follow_summer_time_and_payments_are_not_criteria():
    text = """REQUEST FOR PROPOSAL
Statewide Radio Network Upgrade
Event ID Number: EVT-0042
Proposals Due: September 15, 2026, 2:00 PM Central Time
3. Mandatory Minimum Requirements
Req. No. | Mandatory Minimum Requirement | Evaluation
"""
    d = parse_bytes(text.encode(), "n.txt").to_dict()
    assert d["deadline"] == "2026-09-15T14:00:00-05:00"  # CDT in September
    cn = "项目名称：测试\n4.付款方式:合同签订后支付30%,验收后支付60%,质保期满支付10%。\n五、评标方法\n本项目不采用综合评分，最低价成交。\n"
    assert parse_bytes(cn.encode(), "c.txt").to_dict()["scoring"] == []  # instalments are not criteria


def test_needs_review_reads_each_field_a_second_way():
    # Musts named but none read, and bound lines left outside any requirement: each is put in front of a human.
    text = """Project name: Campus core
Reference: CC-1
Buyer: Eastfield College
Deadline: 3 March 2027 12:00 GMT
Budget: GBP 100,000
Mandatory requirements are marked (M).
General
Each core switch has at least 48 ports.
Uplinks of no less than 100 Gbps.
Power draw of no more than 900 W.
Latency of at most 3 µs.
Technical Specification
1. Switching capacity of at least 12.8 Tbit/s
"""
    d = parse_bytes(text.encode(), "n.txt").to_dict()
    flagged: dict[str, list[str]] = {}
    for n in d["needs_review"]:  # a field may be flagged by several checks; each reason is kept
        flagged.setdefault(n["field"], []).append(n["reason"])
    assert "mandatory" in flagged and "requirements" in flagged
    assert any("not read as a requirement" in r or "held by no requirement" in r for r in flagged["requirements"])
    assert [(r["value"], r["unit"]) for r in d["requirements"]] == [(12.8, "Tbps")]
