"""Layout kinds found in session 6 (the misses of blind set 6 by kind, and of notices of our own in other portals'
habits), each tested on a notice of our own wording, not a blind set's."""

from __future__ import annotations

import pytest

from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.money import notice_currency, parse_money


def _parse(text: str, name: str) -> dict:
    return parse_bytes(text.encode(), name).to_dict()


@pytest.mark.parametrize("text, default, amount, currency", [
    ("Php 2,500,000.00", "USD", 2_500_000, "PHP"),
    ("PhP 2,500,000.00", "USD", 2_500_000, "PHP"),
    ("R 1 275 000,00", "USD", 1_275_000, "ZAR"),
    ("R2.5 million", "USD", 2_500_000, "ZAR"),
    ("E£ 3,000,000", "USD", 3_000_000, "EGP"),
    ("$ 410,000", "CAD", 410_000, "CAD"),  # "$" of a Canadian notice
    ("$ 410,000", "EUR", 410_000, "USD"),
    ("kr 2 400 000", "DKK", 2_400_000, "DKK"),
    ("Rs. 4,50,000", "PKR", 450_000, "PKR"),
])
def test_shared_and_ambiguous_currency_symbols(text, default, amount, currency):
    m = parse_money(text, default)
    assert (m.amount, m.currency) == (amount, currency)


def test_unit_words_and_place_names_are_not_currencies():
    # "Gbps" is not GBP, "Europe"/"European" not EUR, "R1" a reference, not rand.
    text = "Uplink 40 Gbps to the European data centre, room R1, budget Php 900,000.00 for the Philippines office"
    assert notice_currency(text, "USD") == "PHP"
    assert parse_money("room R1 on floor 2", "USD") is None


def test_a_bare_dollar_is_the_dollar_of_the_country_the_notice_names():
    d = _parse("Request for Tender: Library RFID upgrade\nBuyer: Townsville Shire Council, Queensland, Australia\n"
               "Estimated value: $ 640,000 (GST inclusive)\nClosing date: 14 May 2027 2:00pm AEST\n", "au.txt")
    assert d["budget"] == {"amount": 640_000, "currency": "AUD"}


UK_ROWS = """<html><body><h1>Grounds maintenance vehicles</h1><dl>
<div><dt>Buyer</dt><dd>Eastwick District Council</dd></div>
<div><dt>Closing date</dt><dd>{date}</dd></div>
<div><dt>Closing time</dt><dd>{time}</dd></div>
</dl><p>Address: Civic Centre, Eastwick, EW1 2AB, England</p></body></html>"""


@pytest.mark.parametrize("date, time, want", [
    ("3 November 2027", "12pm", "2027-11-03T12:00:00+00:00"),   # noon, GMT after the clocks go back
    ("14 July 2027", "12pm", "2027-07-14T12:00:00+01:00"),      # noon, BST
    ("14 July 2027", "12am", "2027-07-14T00:00:00+01:00"),      # midnight at the start of the day
    ("14 July 2027", "2.30pm", "2027-07-14T14:30:00+01:00"),
    ("14 July 2027", "12 noon", "2027-07-14T12:00:00+01:00"),
])
def test_a_closing_date_row_and_a_closing_time_row_make_one_deadline(date, time, want):
    d = _parse(UK_ROWS.format(date=date, time=time), "uk.html")
    assert d["deadline"] == want


PARENT_ROWS = """<html><body><h1>Library self-service kiosks</h1><p>Buyer: Westholm City Council</p>
<h2>Evaluation criteria</h2><table>
<tr><th>Criterion</th><th>Weighting</th></tr>
<tr><td>Technical</td><td>70%</td></tr>
<tr><td>T1 Kiosk design and accessibility</td><td>30%</td></tr>
<tr><td>T2 Integration with the library system</td><td>25%</td></tr>
<tr><td>T3 Support</td><td>15%</td></tr>
<tr><td>Commercial</td><td>30%</td></tr>
</table></body></html>"""


def test_a_parent_criterion_row_over_its_sub_criteria_is_counted_once():
    d = _parse(PARENT_ROWS, "kiosk.html")
    assert sorted(s["points"] for s in d["scoring"]) == [15, 25, 30, 30]
    assert sum(s["points"] for s in d["scoring"]) == 100


def test_rows_that_add_up_by_chance_are_all_criteria():
    # Price 40 = Delivery 20 + Service 20, but all rows together make 100: none is a parent.
    text = PARENT_ROWS.replace("<tr><td>Technical</td><td>70%</td></tr>\n", "").replace(
        "30%</td></tr>\n<tr><td>T2", "40%</td></tr>\n<tr><td>T2").replace("25%", "20%").replace("15%", "20%").replace(
        "<tr><td>Commercial</td><td>30%</td></tr>", "<tr><td>Commercial</td><td>20%</td></tr>")
    d = _parse(text, "kiosk2.html")
    assert sum(s["points"] for s in d["scoring"]) == 100 and len(d["scoring"]) == 4


def test_cad_as_computer_aided_dispatch_is_not_canadian_dollars():
    text = "Computer-Aided Dispatch (CAD) system replacement; the CAD must integrate with radio. Budget: $1,200,000"
    assert notice_currency(text, "USD") == "USD"
    assert notice_currency("Estimated value CAD 1,200,000 (taxes extra)", "USD") == "CAD"


ALL_LINES_MUST = """INVITATION TO QUOTE: Supply of Microscopes
Quotation No.: RFQ-2027-118
Buyer: Northern Valley College
Approved budget: PhP 1,800,000.00
SECTION 4. TECHNICAL SPECIFICATIONS
Every line below must be answered "Comply" or "Not Comply"; each requirement is evaluated on a pass/fail basis.
1. Magnification of at least 1000x
2. LED illumination with a lamp life of at least 20000 hours
3. Warranty of at least 2 years
Note: the college already owns 12 older microscopes of 400x.
"""


def test_one_sentence_making_every_line_pass_fail_marks_each_line():
    d = _parse(ALL_LINES_MUST, "rfq.txt")
    musts = [r["text"] for r in d["requirements"] if r["mandatory"]]
    assert len(musts) == 3 and all("Note" not in t and "Comply" not in t for t in musts)
    assert d["budget"] == {"amount": 1_800_000, "currency": "PHP"}


def test_a_procedure_run_on_pass_fail_criteria_does_not_mark_the_lines():
    text = ALL_LINES_MUST.replace(
        'Every line below must be answered "Comply" or "Not Comply"; each requirement is evaluated on a pass/fail basis.',
        "Bidding uses a non-discretionary pass/fail criterion as set out in the procurement rules.")
    d = _parse(text, "rfq2.txt")
    assert not any(r["mandatory"] for r in d["requirements"])


KEY_FACTS_TABLE = """<html><body><h2>Notice abstract</h2><table>
<tr><th>Field</th><th>Value</th></tr>
<tr><td>Reference Number</td><td>99120077</td></tr><tr><td>Procuring Entity</td><td>Eastport City Water District</td></tr>
<tr><td>Approved Budget for the Contract</td><td>PHP 3,200,000.00</td></tr><tr><td>Closing Date / Time</td><td>21/10/2027 10:00 AM</td></tr>
</table><h2>Technical Specifications</h2><ul><li>Flow meters with an accuracy of at least 0.5%</li></ul></body></html>"""


def test_a_field_value_table_of_key_facts_is_not_read_as_requirements():
    d = _parse(KEY_FACTS_TABLE, "abstract.html")
    assert [r["text"] for r in d["requirements"]] == ["Flow meters with an accuracy of at least 0.5%"]
    assert d["buyer"] == "Eastport City Water District" and d["budget"]["currency"] == "PHP"


CORRECTION = """某县人民医院输液监控系统采购项目变更公告
一、变更内容
1. 提交响应文件截止时间：原“2027年5月10日14:30”，现变更为“2027年5月17日14:30”。
2. 采购需求第2项：原“★监控终端数量≥120台”，现变更为“★监控终端数量≥150台”。
其余内容不变。
附件：原公告
某县人民医院输液监控系统采购项目竞争性磋商公告
项目编号：XY-2027-031
预算金额：86万元
提交响应文件截止时间：2027年5月10日14:30（北京时间）
二、采购需求
1. ★系统响应时间≤2秒
2. ★监控终端数量≥120台
3. 质保期不少于3年
三、评分标准
价格分 30分
技术参数响应 40分
实施方案 20分
售后服务 10分
"""


def test_a_correction_notice_wins_over_the_appended_original():
    d = _parse(CORRECTION, "biangeng.txt")
    assert d["deadline"] == "2027-05-17T14:30:00+08:00"
    terminals = [r for r in d["requirements"] if "监控终端" in r["text"]]
    assert [(r["value"], r["mandatory"]) for r in terminals] == [(150, True)]
    assert sum(r["mandatory"] for r in d["requirements"]) == 2  # the change line is not a third ★ item
    assert sum(s["points"] for s in d["scoring"]) == 100  # "技术参数响应 40分" is a criterion, not a heading


def test_a_correction_without_the_original_still_gives_the_new_deadline():
    text = CORRECTION.split("附件")[0] + "项目编号：XY-2027-031\n"
    assert _parse(text, "biangeng2.txt")["deadline"] == "2027-05-17T14:30:00+08:00"


def test_a_ted_corrigendum_instead_of_read():
    text = """Corrigendum
Title: Street lighting LED retrofit
Reference number: SL-2027-04
Section VII: Changes
Place of text to be modified: Time limit for receipt of tenders
Instead of:
Date: 12/05/2027 Local time: 12:00
Read:
Date: 26/05/2027 Local time: 12:00
Country: Belgium
"""
    assert _parse(text, "corr.txt")["deadline"] == "2027-05-26T12:00:00+02:00"


def test_a_workbook_exported_to_text_reads_as_sheets_and_tables():
    text = ("-------- 1 询价信息\n字段\t内容\t\t\n询价单号\tRFQ-88-0007\t\t\n询价标题\t园区门禁系统改造\t\t\n"
            "采购单位\t某港口集团有限公司\t\t\n预算金额（元）\t\t\t560,000.00\n报价截止时间\t46645.5833333\t\t北京时间\n"
            "-------- 2 技术要求\n序号\t技术参数\t要求值\t是否实质性要求\n1\t识别速度\t≤1秒\t是\n2\t门禁控制器容量\t≥20000人\t否\n"
            "3\t质保期\t≥3年\t是\n-------- 3 评分标准\n评审项\t评审因素\t分值\n商务\t报价\t40\n\t交货期\t10\n\t小计\t50\n"
            "技术\t方案\t50\n\t小计\t50\n合计\t\t100\n")
    d = _parse(text, "srm.txt")
    assert (d["project_name"], d["tender_number"], d["buyer"]) == ("园区门禁系统改造", "RFQ-88-0007", "某港口集团有限公司")
    assert d["budget"] == {"amount": 560_000, "currency": "CNY"}
    assert d["deadline"] == "2027-09-15T14:00:00+08:00"  # an Excel serial date with its time of day
    assert sum(r["mandatory"] for r in d["requirements"]) == 2
    assert sum(s["points"] for s in d["scoring"]) == 100


def test_rules_and_mail_separators_are_not_sheet_names():
    from dealgraph.ingest.tenders.parse_text import parse_text

    doc = parse_text("-----Original Message-----\nCriterion    Weighting\n----------  ---------\nPrice   40%\n", "x.txt")
    assert not any(b.level for b in doc.blocks)


CRITICAL = """<html><body><h1>Tender for Supply of Water Quality Sensors</h1>
<p>The Board's approved budget for this procurement is S$412,000.00 excluding GST.</p>
<h2>Requirement Specifications</h2><table>
<tr><th>S/N</th><th>Specification</th><th>Category</th><th>Remarks</th></tr>
<tr><td>1</td><td>Turbidity accuracy of not more than 2%</td><td>Critical</td><td></td></tr>
<tr><td>2</td><td>Battery life of at least 12 months</td><td>Non-Critical</td><td></td></tr>
<tr><td>3</td><td>Data upload interval of not more than 15 minutes</td><td>Critical</td><td></td></tr>
</table></body></html>"""


def test_a_remarks_column_is_not_points_and_critical_flags_are_musts():
    d = _parse(CRITICAL, "sensors.html")
    assert not d["scoring"] and len(d["requirements"]) == 3
    assert [r["mandatory"] for r in d["requirements"]] == [True, False, True]
    assert d["budget"] == {"amount": 412_000, "currency": "SGD"}


@pytest.mark.parametrize("text, want", [
    ("2028年1月6日（星期四）中午十二時正", "2028-01-06T12:00:00+08:00"),   # a Chinese weekday, the hour in numerals
    ("2027年3月5日(周五)下午2:30", "2027-03-05T14:30:00+08:00"),
    ("2027年12月22日上午十时三十分", "2027-12-22T10:30:00+08:00"),
    ("7th December, 2027 AT 10.00 A.M. (EAT)", "2027-12-07T10:00:00+03:00"),  # a dot between hours and minutes
])
def test_dates_with_weekdays_numeral_hours_and_dotted_times(text, want):
    from dealgraph.ingest.tenders.dates import parse_datetime

    assert parse_datetime(text, None) == want
