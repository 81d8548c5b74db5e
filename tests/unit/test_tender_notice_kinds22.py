"""Kinds seen on set 22: a page's list of links to other notices (their amounts and dates are not this notice's).
Examples are our own."""

from __future__ import annotations

import pytest

from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.parse_html import parse_html
from dealgraph.ingest.tenders.requirements import parse_spec


def _parse(body: str, name: str = "notice.txt") -> dict:
    return parse_bytes(body.encode(), name).to_dict()


_SIDEBAR = """<html><body><div class="top"><a href="#">登录</a></div>
<div class="side"><h3>最新公告</h3><ul>
<li><a href="/n/1.html">某区中学食堂设备采购项目公开招标公告</a><br/><span>2027-03-01　预算金额：52.00万元　截止：2027-03-20 09:00</span></li>
<li><a href="#">某区第三小学课桌椅采购项目成交公告</a><br/><span>2027-02-11　成交金额：18.30万元</span></li>
</ul></div>
<div class="main"><h2>某市第二中学录播教室建设项目公开招标公告</h2>
<table><tr><td>项目编号：</td><td>MS-2027-011</td></tr>
<tr><td>采购人：</td><td>某市第二中学</td></tr>
<tr><td>预算金额（万元）：</td><td>96.80</td></tr>
<tr><td>投标截止时间：</td><td>2027-04-02 09:30</td></tr></table>
<p>附件：</p><ul><li><a href="/f/a.pdf">招标文件.pdf</a></li><li><a href="/f/b.docx">采购需求.docx</a></li></ul>
</div></body></html>"""


def test_a_list_of_links_to_other_notices_is_the_sites_not_the_notices():
    d = _parse(_SIDEBAR, "notice.html")
    assert d["budget"] == {"amount": 968000, "currency": "CNY"}
    assert d["deadline"] == "2027-04-02T09:30:00+08:00"


def test_a_list_of_attachments_and_a_list_of_prose_items_stay():
    text = " ".join(b.text or "" for b in parse_html(_SIDEBAR).blocks)
    assert "招标文件.pdf" in text and "某区中学食堂" not in text
    prose = "<ul><li>第一项：<a href='#x'>详见</a>附件</li><li>交货期：30日</li></ul>"
    assert "交货期" in " ".join(b.text or "" for b in parse_html(prose).blocks)


_CAP_TABLE = """某电力设计院有限公司
某光伏发电项目逆变器及箱变集中采购招标公告
招标编号：ZB-2027-0042
1. 招标条件
本项目业主为某新能源有限公司，建设资金来自企业自筹，项目总投资约12.40亿元。某电力设计院有限公司为招标人。
2. 招标范围
本次招标共划分2个标段，各标段最高投标限价如下表：
标段 | 标段名称 | 主要设备 | 最高投标限价（万元）
标段1 | 组串式逆变器 | 逆变器500台 | 3,200.00
标段2 | 箱式变电站 | 箱变40台 | 2,150.50
合计 | | | 5,350.50
3. 投标文件的递交
投标截止时间：2027年8月3日9时30分
"""


def test_a_lot_table_whose_only_amounts_are_caps_states_caps_not_budgets():
    d = _parse(_CAP_TABLE)
    assert d["max_price"] == {"amount": 53505000, "currency": "CNY"}
    assert [lot["budget"] for lot in d["lots"]] == [None, None]


def test_a_whole_projects_investment_far_above_the_cap_is_no_budget():
    assert _parse(_CAP_TABLE)["budget"] is None


def test_a_bare_cap_states_no_budget_but_a_cap_named_as_the_estimate_does():
    bare = "某公司采购公告\n项目编号：GX-2027-01\n最高投标限价：人民币200.00万元\n投标截止时间：2027年8月3日9时30分\n"
    assert _parse(bare)["budget"] is None and _parse(bare)["max_price"]["amount"] == 2000000
    est = bare.replace("最高投标限价", "招标控制价")
    assert _parse(est)["budget"] == {"amount": 2000000, "currency": "CNY"}
    jp = ("City of Minato Tender Notice\nTender No.: MN-2027-11\n(7) Upper limit price (予定価格, published in advance): "
          "¥12,000,000\nDeadline: 3 June 2027 12:00 JST\n")
    assert _parse(jp)["budget"]["amount"] == 12000000


def test_an_organisations_name_cut_before_its_suffix_in_a_two_column_block():
    d = _parse("某光伏项目设备集中采购招标公告\n招标编号：ZB-2027-0042\n8. 联系方式\n招 标 人：某能源建设集团某省电力设计院有限\n公司"
               "\n招标代理机构：某招标咨询有限公司\n地 址：长沙市某路58号\n投标截止时间：2027年8月3日9时30分\n")
    assert d["buyer"] == "某能源建设集团某省电力设计院有限公司"


_DEVIATION_TABLE = """某公司设备采购招标公告
招标编号：ZB-2027-0077
投标截止时间：2027年8月3日9时30分
附件：主要技术参数及偏离要求一览表
{legend}
序号 | 参数名称 | 招标要求 | 偏离要求
1 | 额定功率 | ≥300kW | 不允许偏离
2 | 最大效率 | ≥99.0% | 允许偏离
3 | 防护等级 | IP66 | 允许偏离
4 | 设计寿命 | ≥25年 | 不允许偏离
"""


def test_a_column_of_words_the_legend_defines_as_the_must():
    legend = "说明：表中“偏离要求”栏标注“不允许偏离”的条款为否决项，不满足的投标将被否决；标注“允许偏离”的条款负偏离的扣分。"
    d = _parse(_DEVIATION_TABLE.format(legend=legend))
    assert sorted(r["parameter"] for r in d["requirements"] if r["mandatory"]) == ["设计寿命", "额定功率"]


def test_a_column_saying_whether_each_row_may_deviate_needs_no_legend():
    d = _parse(_DEVIATION_TABLE.format(legend="技术参数如下："))
    assert sorted(r["parameter"] for r in d["requirements"] if r["mandatory"]) == ["设计寿命", "额定功率"]


_AMENDED_MAIL = """From: Notifications <noreply@example.gov>
To: bidder@example.com
Subject: Amendment Notification: 2027-RQ-0101
Content-Type: text/plain; charset=utf-8

Solicitation Number: 2027-RQ-0101
Solicitation Title: Water Quality Sondes
Organization: Department of Natural Resources
AMENDMENT 1
1) DUE DATE. The Response Due Date in Section 1.4 is changed FROM May 4, 2027, 2:00 PM Pacific Time TO May 11, 2027, 2:00 PM Pacific Time. All other dates remain unchanged.
Original notice:
Response Due Date: 05/04/2027 2:00 PM
1.3 FUNDING
The Department estimates the total budget available for this contract at $180,000, excluding sales tax.
"""


def test_an_amendment_sentence_running_on_moves_the_deadline():
    d = _parse(_AMENDED_MAIL, "amend.eml")
    assert d["deadline"] == "2027-05-11T14:00:00-07:00"


def test_a_budget_the_buyer_estimates_at_an_amount():
    assert _parse(_AMENDED_MAIL, "amend.eml")["budget"] == {"amount": 180000, "currency": "USD"}
    d = _parse("RFP 2027-04: Oxygen plants\nThe estimated aggregate value of orders under the framework resulting from this "
               "RFP is USD 2,400,000 over three years.\nDeadline for submission: 3 June 2027 17:00 CEST\n", "rfp.txt")
    assert d["budget"] == {"amount": 2400000, "currency": "USD"}


_REVISED_TABLE = """RFP No. CO-2027-11 Radios - Addendum No. 1
County of Example
ADDENDUM NO. 1
Event | Original | Revised
Deadline for written questions | Feb 22, 2027, 5:00 PM | Mar 9, 2027, 5:00 PM
PROPOSALS DUE | Mar 4, 2027, 2:00 PM | Thursday, Mar 18, 2027, 2:00 PM
All times are Pacific Time.
"""


def test_an_original_and_revised_table_and_a_zone_stated_for_all_times():
    assert _parse(_REVISED_TABLE, "add.txt")["deadline"] == "2027-03-18T14:00:00-07:00"


def test_a_new_closing_day_alone_keeps_the_time_read():
    d = _parse("RFP 2028-01 Weather stations\nSubmission Deadline: March 9, 2028, 2:00 p.m. EST\n"
               "ADDENDUM NO. 2\n1. The Closing Date is extended from Thursday, March 9, 2028 to Thursday, March 16, 2028. "
               "The Closing Time remains 2:00 p.m.\n", "a.txt")
    assert d["deadline"].startswith("2028-03-16T14:00:00")


@pytest.mark.parametrize("text,expected", [
    ("Analyzer lower detectable limit of 0.4 ppb or lower.", ("Analyzer lower detectable limit", "<=", 0.4, "ppb")),
    ("Span drift no greater than 2.0 ppb per 24 hours.", ("Span drift", "<=", 2, "ppb")),
    ("Nitrogen output capacity of at least 30 Nm³/h at rated purity", ("Nitrogen output capacity", ">=", 30, "Nm³/h")),
    ("Specific energy ≤ 0.9 kWh/Nm³", ("Specific energy", "<=", 0.9, "kWh/Nm³")),
    ("Charging rack for a minimum of 12 batteries at once", ("Charging rack", ">=", 12, "batteries")),
    ("Loading dock with no fewer than 6 doors", ("Loading dock", ">=", 6, "doors")),
])
def test_units_of_gas_and_air_and_a_plural_noun_counted(text, expected):
    s = parse_spec(text)
    assert (s.parameter, s.operator, s.value, s.unit) == expected


def test_a_plural_noun_the_parameter_already_names_is_no_unit():
    assert parse_spec("Switching operations (no maintenance): not less than 5,000 operations").unit is None


_SOURCING_EVENT = """<html><body><div class="nav"><ul><li>Console</li><li>Event Messages</li></ul>
<ul><li>1. Review Event Details</li><li>2. Submit Response</li></ul></div>
<h2>Doc7731200458 - RFQ 2210-27-0044 Supply and Delivery of Thermal Imaging Cameras for Fire Services</h2>
<table>
<tr><td>Owner:</td><td>Jamie Okafor, Senior Buyer (Town of Example - Purchasing Services Division)</td></tr>
<tr><td>Event Type:</td><td>RFQ</td></tr>
<tr><td>Due date:</td><td>7/8/2027 12:00 PM</td></tr>
<tr><td>City call number:</td><td>2210-27-0044</td></tr>
</table>
<p>The Town of Example invites Bids for thermal imaging cameras.</p>
</body></html>"""


def test_a_sourcing_events_title_led_by_its_codes_its_owner_and_its_call_number():
    d = _parse(_SOURCING_EVENT, "event.html")
    assert d["project_name"] == "Supply and Delivery of Thermal Imaging Cameras for Fire Services"
    assert d["tender_number"] == "2210-27-0044"
    assert d["buyer"] == "Town of Example - Purchasing Services Division"


def test_a_numbered_part_or_a_year_is_no_code_before_a_title():
    from dealgraph.ingest.tenders.extractors.header import _CODE_LED

    assert _CODE_LED.match("2.1 Scope and funding of the works") is None
    assert _CODE_LED.match("2027 Annual Report of the Board") is None
    assert _CODE_LED.match("ITB-2027-018: Supply of Hospital Beds").group("name") == "Supply of Hospital Beds"


def test_rows_naming_parts_of_a_table_are_no_items_and_give_their_kind():
    html = ("<html><body><h2>RFQ 2210-27-0044 Thermal Imaging Cameras</h2><h3>Requirements</h3><table>"
            "<tr><th>#</th><th>Name</th><th>Response</th><th>Required</th></tr>"
            "<tr><td>2</td><td>Prerequisites</td><td></td><td></td></tr>"
            "<tr><td>2.1</td><td>Do you accept the terms and conditions of this RFQ?*</td><td>YesNo</td><td>Required</td></tr>"
            "<tr><td>3</td><td>Mandatory Requirements (Pass/Fail)</td><td></td><td></td></tr>"
            "<tr><td>3.1</td><td>[Mandatory] Thermal sensitivity of 50 mK or better.*</td><td>YesNo</td><td>Required</td></tr>"
            "<tr><td>3.2</td><td>[Mandatory] Battery run time of a minimum of 4 hours.*</td><td>YesNo</td><td>Required</td></tr>"
            "<tr><td>4</td><td>Specifications (General)</td><td></td><td></td></tr>"
            "<tr><td>4.1</td><td>Weight should not exceed 1.5 kg.</td><td></td><td>Optional</td></tr>"
            "</table></body></html>")
    reqs = _parse(html, "event.html")["requirements"]
    musts = [r["text"] for r in reqs if r["mandatory"] and r["kind"] != "qualification"]
    assert len(musts) == 2 and all("Mandatory Requirements" not in t for t in musts)
    assert next(r for r in reqs if "terms and conditions" in r["text"])["kind"] == "qualification"


def test_the_plain_line_under_the_document_kind_names_the_project_not_a_part_heading():
    import io

    import docx

    d = docx.Document()
    d.add_heading("Example Territory Government", level=1)
    d.add_paragraph("Roads and Parks Directorate")
    d.add_heading("Request for Tender", level=2)
    d.add_paragraph("Supply and Installation of Smart Irrigation Controllers")
    d.add_paragraph("Tender Number: ETG27-0311")
    d.add_heading("Part A - Tender Particulars", level=2)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Closing Time", "2:00pm Canberra time, Tuesday 11 May 2027"
    t.cell(1, 0).text, t.cell(1, 1).text = "Contact Officer", "Procurement Team"
    buf = io.BytesIO()
    d.save(buf)
    p = parse_bytes(buf.getvalue(), "rft.docx").to_dict()
    assert p["project_name"] == "Supply and Installation of Smart Irrigation Controllers"


def test_a_share_taken_off_a_price_is_no_scoring_weight():
    d = _parse("某医院设备采购项目招标文件\n招标编号：YY-2027-01\n第四章 评标方法和标准\n1.本项目采用综合评分法。\n"
               "2.对小型和微型企业产品的价格给予10%的扣除，用扣除后的价格参与评审。\n价格（30分）：满足要求且报价最低的得满分。\n"
               "技术（70分）：完全满足的得70分。\n")
    assert sum(s["points"] for s in d["scoring"]) == 100


@pytest.mark.parametrize("text,param,unit", [
    ("成像：支持近红外成像，具备白光、叠加及黑白等不少于4种显示模式", "显示模式", "种"),
    ("主机：支持不少于8路视频输入", "视频输入", "路"),
])
def test_the_noun_after_a_count_and_its_measure_word_names_the_parameter(text, param, unit):
    s = parse_spec(text)
    assert (s.parameter, s.unit) == (param, unit)


def test_a_count_name_before_the_bound_keeps_its_name():
    assert parse_spec("单一AP同时连线数不少于256台终端装置").parameter.endswith("连线数")


@pytest.mark.parametrize("text,expected", [
    ("额定功率：250kW（交流侧，环境温度45℃以下不降额）", ("=", 250, "kW")),
    ("Rated output: 5 kW (no derating below 40 °C ambient)", ("=", 5, "kW")),
    ("Purity of 95% ± 2% (i.e. 93% to 97%) at the outlet", ("range", [93, 97], "%")),
])
def test_a_bracket_noting_a_figure_leaves_the_figure_as_the_value(text, expected):
    s = parse_spec(text)
    assert (s.operator, s.value, s.unit) == expected


_REVISED_ITEM_MAIL = """From: Notifications <noreply@example.gov>
To: bidder@example.com
Subject: Amendment 1: 2027-RQ-0102
Content-Type: text/plain; charset=utf-8

AMENDMENT 1
2) SECTION 3.2, ITEM T-4 is revised to read: "T-4 (M) Operating temperature range of 0°C to 45°C ambient."
Solicitation Number: 2027-RQ-0102
Quantities (estimated):
- Turbidity meters: 12 units
- Data loggers: 6 units
3.2 TECHNICAL REQUIREMENTS
Items marked (M) are mandatory.
T-3 (M) Measurement range of at least 1000 NTU.
T-4 (M) Operating temperature range of 10°C to 35°C ambient.
"""


def test_an_item_revised_to_read_and_a_list_of_quantities():
    reqs = _parse(_REVISED_ITEM_MAIL, "amend.eml")["requirements"]
    temps = [r["value"] for r in reqs if (r["parameter"] or "").endswith("Operating temperature range")]
    assert temps == [[0, 45]]
    counts = {r["parameter"]: (r["value"], r["unit"]) for r in reqs if r["operator"] == "="}
    assert counts.get("Turbidity meters") == (12, "units") and counts.get("Data loggers") == (6, "units")


def test_a_chinese_clause_revised_to_read():
    from dealgraph.ingest.tenders.corrections import _find_changes

    lines = ["二、第3条修改为：“3. 工作温度：-20℃～50℃”", "3. 工作温度：0℃～40℃"]
    (_, _, ch), = _find_changes(lines)
    assert (ch.old, ch.new) == ("3. 工作温度：0℃～40℃", "3. 工作温度：-20℃～50℃")


def test_line_items_under_a_name_column():
    html = ("<html><body><h2>RFQ 2210-27-0044 Thermal Imaging Cameras</h2><h3>Line Items</h3><table>"
            "<tr><th>#</th><th>Name</th><th>Quantity</th><th>Unit of Measure</th><th>Price</th></tr>"
            "<tr><td>6.1</td><td>Thermal imaging camera, complete with charger</td><td>36</td><td>each</td><td>$0.00</td></tr>"
            "</table></body></html>")
    reqs = _parse(html, "event.html")["requirements"]
    assert any(r["value"] == 36 and r["unit"] == "each" and r["parameter"].startswith("Thermal imaging camera") for r in reqs)
