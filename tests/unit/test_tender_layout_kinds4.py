"""Layout kinds found by the fourth blind set, each tested on a notice of our own (not the set's wording)."""

from __future__ import annotations

from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.dates import parse_datetime


def _parse(text: str, name: str) -> dict:
    return parse_bytes(text.encode(), name).to_dict()


def _req(d: dict, word: str) -> dict:
    return next(r for r in d["requirements"] if word in r["text"])


def test_spec_table_with_lot_unit_and_knock_out_columns():
    html = """<html><body><h1>某市供水集团2027年阀门及仪表协议采购</h1>
<p>项目编号：SW-2027-011</p><p>采购人：某市供水集团有限公司</p>
<h2>一、分包情况</h2>
<table><tr><th>包号</th><th>物资名称</th><th>估算金额（万元）</th></tr>
<tr><td>包1</td><td>蝶阀</td><td>120.00</td></tr><tr><td>包2</td><td>电磁流量计</td><td>80.00</td></tr></table>
<p>本项目估算金额合计200.00万元，最高投标限价合计196.00万元。</p>
<h2>二、主要技术参数</h2>
<p>下表“否决项”栏为“是”的条款为实质性要求。本项目否决项共2项。</p>
<table><tr><th>序号</th><th>包号</th><th>参数名称</th><th>单位</th><th>标准参数值</th><th>否决项</th></tr>
<tr><td>1</td><td>包1</td><td>公称压力</td><td>MPa</td><td>≥1.6</td><td>是</td></tr>
<tr><td>2</td><td>包1</td><td>启闭扭矩</td><td>N·m</td><td>≤180</td><td>否</td></tr>
<tr><td>3</td><td>包2</td><td>励磁电流</td><td>mA</td><td>≥250</td><td>是</td></tr></table>
<h2>三、商务要求</h2><p>1. 交货期：接到供货通知后20日内送达指定仓库。</p>
</body></html>"""
    d = _parse(html, "valves.html")
    assert [lot["number"] for lot in d["lots"]] == ["1", "2"]
    pressure, current = _req(d, "公称压力"), _req(d, "励磁电流")
    assert (pressure["operator"], pressure["value"], pressure["unit"], pressure["mandatory"], pressure["lot"]) == \
        (">=", 1.6, "MPa", True, "1")
    assert (current["unit"], current["mandatory"], current["lot"]) == ("mA", True, "2")
    assert _req(d, "启闭扭矩")["mandatory"] is False
    assert not any("否决项共" in r["text"] for r in d["requirements"])  # the count sentence is not an item
    assert (_req(d, "交货期")["operator"], _req(d, "交货期")["value"]) == ("<=", 20)
    assert d["budget"] == {"amount": 2000000, "currency": "CNY"}
    assert d["max_price"] == {"amount": 1960000, "currency": "CNY"}


def test_a_declared_asterisk_mark_and_group_rows_in_scoring():
    html = """<html><body><h1>某区2027年度打印机框架协议采购项目</h1>
<div class="kv"><div class="k">项目编号</div><div>QK-2027-07</div><div class="k">征集人</div><div>某区政府采购中心</div></div>
<h2>一、采购需求</h2>
<p>说明：标注“*”的条款为实质性要求，不满足的响应无效。</p>
<table><tr><th>序号</th><th>技术要求</th></tr>
<tr><td>1</td><td>*打印速度≥40页/分钟</td></tr><tr><td>2</td><td>首页输出时间≤8秒</td></tr>
<tr><td>3</td><td>*双面打印</td></tr></table>
<h2>二、评审标准</h2>
<table><tr><th>评审部分</th><th>评审因素</th><th>分值</th></tr>
<tr><td>技术部分（60分）</td><td></td><td>60</td></tr>
<tr><td></td><td>技术参数</td><td>40</td></tr><tr><td></td><td>产品质量</td><td>20</td></tr>
<tr><td>服务部分（40分）</td><td></td><td>40</td></tr>
<tr><td></td><td>服务网点</td><td>25</td></tr><tr><td></td><td>培训</td><td>15</td></tr>
<tr><td>服务部分小计</td><td></td><td>40</td></tr><tr><td>总分</td><td></td><td>100</td></tr></table>
</body></html>"""
    d = _parse(html, "printers.html")
    assert d["tender_number"] == "QK-2027-07" and d["buyer"] == "某区政府采购中心"
    speed = _req(d, "打印速度")
    assert (speed["mandatory"], speed["unit"]) == (True, "页/分钟")
    assert _req(d, "首页输出时间")["mandatory"] is False
    assert sum(1 for r in d["requirements"] if r["mandatory"]) == 2
    assert sorted((s["item"], s["points"]) for s in d["scoring"]) == [
        ("产品质量", 20), ("培训", 15), ("技术参数", 40), ("服务网点", 25)]


def test_forwarded_mail_with_a_far_combined_synopsis():
    text = """From: Pat Lee <pat@example.com>
Subject: FW: opportunity

Worth a look?

> Notice alert
>
> Replacement of Lab Freezers - Example VAMC
> ------------------------------------------
> Notice ID: 36C99927Q0001
> Response Date: Aug 03, 2027 02:00 pm EDT
>
> (i) This is a combined synopsis/solicitation for commercial products.
> (ii) Salient characteristics - MINIMUM REQUIREMENTS (PASS/FAIL):
> SF-1 Temperature of -80 °C or lower at 32 °C ambient.
> SF-2 Capacity of at least 700 L per unit.
> A door alarm is preferred.
> (iii) Delivery: all items shall be delivered within 45 days ARO.
"""
    d = _parse(text, "alert.txt")
    assert d["project_name"] == "Replacement of Lab Freezers - Example VAMC"
    assert d["deadline"] == "2027-08-03T14:00:00-04:00"
    assert sum(1 for r in d["requirements"] if r["mandatory"]) == 2
    assert (_req(d, "delivered")["operator"], _req(d, "delivered")["value"]) == ("<=", 45)


def test_japanese_era_dates_weekdays_and_the_yen():
    assert parse_datetime("by 15:00, March 3 (Wed), Reiwa 10 (2028)").startswith("2028-03-03T15:00")
    assert parse_datetime("令和10年3月3日(金)午後3時").startswith("2028-03-03T15:00")
    text = """Example Town Public Notice of General Competitive Tender
(1) Tender No.: EX-R10-01
(2) Title: Replacement of the Town Water Meters
(3) Contracting entity: Example Town; requesting section: Waterworks Division
(4) Upper limit price (予定価格, published in advance): ¥12,500,000 (excluding consumption tax)
(5) Language and currency: Japanese and Japanese yen. Times are Japan Standard Time.
Submission of tenders (入札書の提出期限) | by 12:00, April 7 (Fri), Reiwa 10 (2028) | Town Hall
"""
    d = _parse(text, "town.txt")
    assert d["buyer"] == "Example Town"
    assert d["max_price"] == {"amount": 12500000, "currency": "JPY"}
    assert d["budget"] == {"amount": 12500000, "currency": "JPY"}  # only a cap stated: the budget is the cap
    assert d["deadline"] == "2028-04-07T12:00:00+09:00"


def test_eforms_lots_award_weights_and_letter_flags():
    text = """Contract notice
1. Buyer
Official name: Example Regional IT Service
2. Procedure
Title: Framework agreement for tablets 2027
Internal identifier: EX-IT-2027-15
5. Lot
5.1 Lot technical ID: LOT-0001
Title: Lot 1: Tablets
5.1.5 Value
Estimated value excluding VAT: 400000,00 EUR
5.1.10 Award criteria
Criterion:
Name: Price
Weight (points, exact): 70
Criterion:
Name: Quality
Weight (points, exact): 30
5. Lot
5.1 Lot technical ID: LOT-0002
Title: Lot 2: Keyboards
5.1.5 Value
Estimated value excluding VAT: 100000,00 EUR
Annex: Specification
Type A = minimum requirement (exclusion criterion); Type B = evaluated criterion.
No. | Lot | Requirement | Type
1 | 1 | Screen of at least 11 inch | A
2 | 1 | Battery of at least 10 h | B
3 | 2 | Key travel of at least 1.5 mm | A
"""
    d = _parse(text, "eforms.txt")
    assert d["tender_number"] == "EX-IT-2027-15"
    assert [(lot["number"], lot["name"]) for lot in d["lots"]] == [("1", "Tablets"), ("2", "Keyboards")]
    assert [(s["item"], s["points"]) for s in d["scoring"]] == [("Price", 70), ("Quality", 30)]
    assert [r["mandatory"] for r in d["requirements"] if r["kind"] == "technical"] == [True, False, True]
    assert [r["lot"] for r in d["requirements"] if r["kind"] == "technical"] == ["1", "1", "2"]


def test_notice_of_intent_has_its_objection_deadline():
    text = """某县人民医院内镜系统单一来源采购方式公示
采购人：某县人民医院
项目编号：XY-2027-003
采购预算：人民币壹佰万元整（¥1,000,000.00）
五、公示期限
2027年06月01日至2027年06月08日17时00分（北京时间）
"""
    d = _parse(text, "intent.txt")
    assert d["deadline"] == "2027-06-08T17:00:00+08:00"


def test_budget_as_the_cap_by_a_non_responsive_sentence_and_an_intro_sentence_is_no_item():
    html = """<html><body><h1>Request for Proposal: Fleet Fuel Cards</h1>
<p><strong>Solicitation number:</strong> EX-2027-0042</p>
<p><strong>Estimated value:</strong> The maximum funding available is $640,000.00 CAD (taxes extra). Bids valued in
excess of this amount will be considered non-responsive.</p>
<h2>Mandatory technical criteria</h2>
<p>Bids must meet each mandatory technical criterion below at bid closing.</p>
<ul><li>M1 Cards must be accepted at no fewer than 900 stations in the province.</li>
<li>M2 Transactions must be reported within 24 hours.</li></ul></body></html>"""
    d = _parse(html, "fuel.html")
    assert d["budget"] == {"amount": 640000, "currency": "CAD"}
    assert d["max_price"] == {"amount": 640000, "currency": "CAD"}
    assert [r["text"][:2] for r in d["requirements"] if r["mandatory"]] == ["M1", "M2"]


def test_lot_amounts_written_after_a_chinese_lot_number_and_lot_codes():
    html = """<html><body><h1>某燃气公司调度系统改造项目招标公告</h1>
<p>项目编号：RQ-2027-ZB-0031</p><p>招标人：某燃气有限公司</p>
<p>2.4 采购预算：本项目采购预算为人民币900万元，其中标段一500万元，标段二400万元。</p>
<table><tr><th>标段编号</th><th>标段名称</th><th>最高投标限价（万元）</th></tr>
<tr><td>RQ-2027-ZB-0031-01</td><td>标段一：调度硬件</td><td>490.00</td></tr>
<tr><td>RQ-2027-ZB-0031-02</td><td>标段二：调度软件</td><td>390.00</td></tr></table></body></html>"""
    d = _parse(html, "gas.html")
    assert d["budget"] == {"amount": 9000000, "currency": "CNY"}
    assert [(lot["number"], lot["name"]) for lot in d["lots"]] == [("1", "调度硬件"), ("2", "调度软件")]
