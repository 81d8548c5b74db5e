"""Kinds found from blind set 10's misses (session 7), each tested on a notice of our own wording, not the set's."""

from __future__ import annotations

from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.extractors.shapes import section_of_heading


def _parse(text: str, name: str) -> dict:
    return parse_bytes(text.encode(), name).to_dict()


def _reqs(d: dict) -> dict[str, dict]:
    return {r["parameter"]: r for r in d["requirements"] if r.get("parameter")}


def test_attachment_number_in_front_of_a_heading_is_numbering():
    assert section_of_heading("附件2：技术参数要求") == "technical"
    assert section_of_heading("附件三、评分标准") == "scoring"
    assert section_of_heading("Annex C - Technical Specifications") == "technical"
    assert section_of_heading("Appendix 1: Evaluation Criteria") == "scoring"


# A notice body numbered 1-4, then attachments: the numbered items of the attachment continue the body's numbers
# (5, 6, ...), lots are named "标包", only some items carry a veto mark at their end, and the tab-separated
# scoring table has a price formula with "|" (an absolute value) in one cell.
_ANNEXED = """水务集团2029年度离心水泵集中采购招标公告
1. 招标条件
本项目招标人为东岭水务集团有限公司，招标编号：DLSW-2028-BZ-031。
2. 项目概况
本次招标划分为2个标包。
3. 投标文件的递交
递交截止时间：2028年12月5日10时00分（北京时间）。
4. 联系方式
联系人：周工

附件1：技术要求（节选）
注：标注【否决项】的条款不满足即否决投标。
一、标包1  卧式离心泵
5. 额定流量：≥200m³/h【否决项】
6. 效率：≥82%
7. 噪声：≤75dB
二、标包2  立式管道泵
8. 扬程：≥32m【否决项】
9. 电机功率：≤15kW

附件2：评标办法
评分类别\t评分因素\t分值\t评分标准
技术（40分）\t技术参数\t40\t全部满足得40分
价格（60分）\t价格\t60\t价格分=60×(1-|报价-基准价|/基准价)
合计\t\t100
"""


def test_numbered_items_under_an_attachment_with_lot_headings_are_requirements():
    d = _parse(_ANNEXED, "pumps.txt")
    reqs = _reqs(d)
    for name in ("额定流量", "效率", "噪声", "扬程", "电机功率"):
        assert name in reqs, name
    assert (reqs["效率"]["operator"], reqs["效率"]["value"]) == (">=", 82)
    assert reqs["噪声"]["lot"] == "1" and reqs["电机功率"]["lot"] == "2"
    # the legend explaining the mark is not an item; the two marked items are the musts
    assert sum(1 for r in d["requirements"] if r["mandatory"]) == 2


def test_a_bar_inside_a_tab_separated_row_is_content():
    d = _parse(_ANNEXED, "pumps.txt")
    assert sorted(s["points"] for s in d["scoring"]) == [40, 60]


# A table with a column named by the mark itself ("★", "▲"), ticked (√) on the rows it applies to.
_TICKED = """某区人民医院监护仪采购项目
项目编号：QRY-2028-112
三、技术参数
序号 | 技术参数要求 | ★ | ▲
1 | 显示屏≥12英寸 | √ |
2 | 电池续航≥4小时 |  | √
3 | 存储≥72小时趋势数据 | √ |
4 | 重量≤3kg |  |
"""


def test_a_mark_column_ticked_per_row_flags_musts_and_important_items():
    d = _parse(_TICKED, "monitor.txt")
    reqs = _reqs(d)
    assert [reqs[p]["mandatory"] for p in ("显示屏", "电池续航", "存储", "重量")] == [True, False, True, False]
    assert reqs["电池续航"]["important"] is True and reqs["重量"]["important"] is False


# A US-style salient characteristics table: "Go/No-Go" rows are pass/fail, "Information only" rows are not, and the
# Item column holds only row numbers (not the parameter's name).
_GO_NO_GO = """REQUEST FOR QUOTATION 70Z0G128Q0042 - Portable Generators
Salient characteristics
Item | Requirement | Evaluation
1 | Continuous output of at least 7 kW. | Go/No-Go
2 | Run time not less than 10 hours at half load. | Go/No-Go
3 | Weight not exceeding 120 kg. | Information only
"""


def test_go_no_go_and_information_only_flags():
    d = _parse(_GO_NO_GO, "rfq.txt")
    by_text = {r["text"][:20]: r for r in d["requirements"]}
    assert sum(1 for r in d["requirements"] if r["mandatory"]) == 2
    assert not any(r["parameter"] in ("1", "2", "3") for r in d["requirements"])
    assert not by_text["Weight not exceeding"]["mandatory"]


def test_a_trailing_go_no_go_flag_marks_a_must():
    d = _parse("Technical requirements\n1. Output power at least 5 kW (Go/No-Go)\n2. Noise level no more than 60 dBA\n", "x.txt")
    assert [r["mandatory"] for r in d["requirements"]] == [True, False]


def test_closing_date_for_submission_is_the_deadline():
    d = _parse("Invitation to Bid: Borehole drilling, Lot 3\nReference: KWD/ITB/2028/14\n"
               "Closing date for submission: Friday, 17th March 2028 at 11:00 a.m. (EAT)\n", "itb.txt")
    assert d["deadline"] == "2028-03-17T11:00:00+03:00"


# A scoring part in prose wrapped by the page, a threshold, and a pass mark after the criteria.
_THRESHOLD = """TECHNICAL EVALUATION
The technical proposals are evaluated on the criteria below. Proposals that
score 65 marks or more proceed to the financial stage.
Approach and methodology 40 marks
Team qualifications 35 marks
Work plan 25 marks
Pass mark: 65 marks.
"""


def test_wrapped_prose_and_a_pass_mark_are_not_criteria():
    d = _parse(_THRESHOLD, "rfp.txt")
    assert sorted(s["points"] for s in d["scoring"]) == [25, 35, 40]


def test_registration_number_after_the_buyer_is_not_its_name():
    d = _parse("Request for Quotation RFQ-77-2028\nPurchaser: Harbour Ports Corporation (ACN 081 222 390), 12 Quay St\n",
               "rfq.txt")
    assert d["buyer"] == "Harbour Ports Corporation"
    d = _parse("采购人：临江市第二人民医院（统一社会信用代码：12330100470012345X）\n项目编号：LJ-2028-09\n", "n.txt")
    assert d["buyer"] == "临江市第二人民医院"


def test_a_title_wrapped_before_a_joining_word_is_joined():
    text = ("Request for Tender\nRFT WSA-2028-031\nCoastal Radar Network Upgrade - Design, Supply\nand Commissioning\n"
            "Closing time: 2:00pm, 3 April 2028 (AEST)\n")
    assert _parse(text, "rft.txt")["project_name"] == "Coastal Radar Network Upgrade - Design, Supply and Commissioning"


def test_a_mail_subject_with_its_reference_and_state_after_the_title():
    text = ("From: Procurement <proc@krb.example>\nSubject: INVITATION TO TENDER: REHABILITATION OF FEEDER ROADS\n"
            " (KRB/PD/ITB/2028/11) - AMENDED\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
            "Dear Bidders,\nPlease find the revised notice (Ref: KRB/PD/ITB/2028/11).\n")
    d = _parse(text, "mail.eml")
    assert d["tender_number"] == "KRB/PD/ITB/2028/11"
    assert d["project_name"].upper() == "REHABILITATION OF FEEDER ROADS"


def test_buyer_in_prose_with_a_clause_between_it_and_invites():
    text = ("INVITATION FOR BIDS\nThe Coastal Fisheries Development Authority (CFDA), in accordance with the Procurement Act "
            "2019, hereby invites interested, eligible and reputable companies to bid for the supply of outboard engines.\n")
    assert _parse(text, "ifb.txt")["buyer"] == "Coastal Fisheries Development Authority"


# A column saying whether a row may deviate: "not allowed" is a must, "allowed" is not.
_DEVIATION = """三、技术要求
序号 | 技术指标 | 是否允许偏离
1 | 投影亮度≥4000流明 | 不允许
2 | 对比度≥10000:1 | 允许
3 | 整机质保≥3年 | 不允许
"""


def test_a_may_it_deviate_column_marks_musts_by_its_no():
    d = _parse(_DEVIATION, "proj.txt")
    assert [r["mandatory"] for r in d["requirements"]] == [True, False, True]
    en = ("Technical requirements\nNo. | Requirement | Deviation permitted?\n1 | Output at least 4000 lumens | No\n"
          "2 | Weight no more than 5 kg | Yes\n")
    assert [r["mandatory"] for r in _parse(en, "p.txt")["requirements"]] == [True, False]


def test_a_flag_with_its_translation_in_brackets():
    text = ("Technical specifications\nRef | Specification | Level\nA1 | Screen at least 15 inches | Mandatory (Wajib)\n"
            "A2 | Battery at least 8 hours | Optional (Pilihan)\nA3 | Memory at least 16 GB | Mandatory (Wajib)\n")
    assert [r["mandatory"] for r in _parse(text, "s.txt")["requirements"]] == [True, False, True]


def test_a_hijri_date_printed_before_the_gregorian_one():
    from dealgraph.ingest.tenders.dates import parse_datetime

    assert parse_datetime("03/09/1451 23/01/2029 11:30 AM", dayfirst=True).startswith("2029-01-23T11:30")
    text = ("Tender details\nLast date for submitting offers\n07/09/1451 27/01/2029 11:30 AM\n"
            "All times are Riyadh time.\n")
    assert _parse(text, "t.txt")["deadline"] == "2029-01-27T11:30:00+03:00"


def test_a_prose_deadline_wrapped_over_two_lines():
    text = ("INVITATION FOR BIDS\nSealed bids will be received by the Township Clerk, 18 Mill Road,\n"
            "Riverton, Ohio 45000, until 10:00 a.m. local time, Monday, March 6, 2028, and then publicly opened.\n")
    assert _parse(text, "ifb.txt")["deadline"] == "2028-03-06T10:00:00-05:00"


def test_local_time_on_its_own_line_completes_the_date_above():
    text = ("IV.2.2) Time limit for receipt of tenders\nDate\n9 March 2028\nLocal time\n3:00pm\n"
            "IV.2.4) Languages: English\n")
    assert _parse(text, "f21.txt")["deadline"] == "2028-03-09T15:00:00+00:00"


# A lot table whose header names the unit (万元) beside a column of durations, under a project's total investment.
_LOT_TABLE = """某县污水处理厂提标改造工程施工招标公告
招标编号：MX-SG-2028-017
项目总投资约1.8亿元。
标段 | 招标内容 | 估算价（万元） | 工期
一标段 | 厂区土建及安装 | 6,200 | 300日历天
二标段 | 配套管网 | 3,100 | 240日历天
合计 | - | 9,300 | -
"""


def test_lot_amounts_win_over_the_total_investment_and_a_header_cell_is_no_amount():
    from dealgraph.ingest.tenders.money import parse_money

    assert parse_money("工期万元", "CNY") is None
    d = _parse(_LOT_TABLE, "gc.txt")
    assert d["budget"] == {"amount": 93_000_000, "currency": "CNY"}


# A notice's additional information with a heading run into its paragraph, then items with ids; the first item wraps
# mid-phrase onto a line stating its own number; a KPI line says it is not pass/fail.
_RUN_IN_TEXT = """VI.3) Additional information
Mandatory requirements (pass/fail). Every bidder must confirm that it meets each requirement below in
each lot it bids for:
MS1 Response: technician on site within 4 hours of a call, staffed by engineers trained on the
equipment within 6 months of award.
MS2 Spares: spare parts held for at least 7 years.
MS3 Reporting: monthly service report within 5 working days of month end.
Key indicators (reviewed yearly, not pass/fail): uptime of 98% or more.
"""


def test_a_heading_run_into_its_paragraph_opens_a_part_of_musts():
    d = _parse(_RUN_IN_TEXT, "notice.txt")
    musts = [r for r in d["requirements"] if r["mandatory"]]
    assert len(musts) == 3
    assert musts[0]["value"] == 4
    # the wrapped rest of MS1 is its second bound, not an item of its own
    assert any(r["part_of_mandatory"] and r["value"] == 6 for r in d["requirements"])
    assert not any(r["mandatory"] for r in d["requirements"] if r["value"] == 98)


def test_a_heading_wrapped_onto_a_lowercase_line_stays_one_heading():
    from dealgraph.ingest.tenders.model import Block, Document
    from dealgraph.ingest.tenders.tree import build_tree

    blocks = [Block("line", 1, "III.1.1) Suitability to pursue the professional activity, including requirements relating to"),
              Block("line", 1, "enrolment on professional or trade registers", level=4),
              Block("line", 1, "Bidders must hold a valid trade licence.")]
    root = build_tree(Document("x.pdf", "pdf", 1, blocks))
    first = root.children[0]
    assert first.text.endswith("trade registers") and first.section == "qualification"
    assert all(c.section == "qualification" for c in first.children)


def test_masses_and_volumes_written_as_words_are_units():
    from dealgraph.ingest.tenders.requirements import parse_spec

    assert parse_spec("stock of not less than 2,500 tons").unit == "tons"
    assert parse_spec("tank capacity at least 300 litres").unit == "litres"
    assert parse_spec("payload of at least 900 lbs").unit == "lbs"


_US_IFB = """CITY OF LAKEMONT, OHIO
INVITATION FOR BIDS
IFB No. 2028-31
TRAFFIC SIGNAL LED MODULES
NOTICE TO BIDDERS
Sealed bids will be received until 11:00 a.m., Wednesday, March 8, 2028.
1.2 Funding. The City's FY 2027-28 budget for this purchase is $214,500.
SECTION 2 - MINIMUM SPECIFICATIONS
The following minimum specifications are mandatory. A "NO" on any item rejects the bid.
No. | Specification | Complies (YES/NO)
S-1 | Modules shall have a rated life of not less than 100,000 hours. | ______
S-2 | Power draw shall not exceed 12 W per module. | ______
"""


def test_a_us_ifb_notice_to_bidders_fiscal_year_budget_and_mandatory_specifications():
    d = _parse(_US_IFB, "ifb.txt")
    assert d["project_name"].upper() == "TRAFFIC SIGNAL LED MODULES"
    assert d["budget"] == {"amount": 214_500, "currency": "USD"}
    assert sum(1 for r in d["requirements"] if r["mandatory"]) == 2


# Scoring in prose: group headings with their subtotal, then criteria "name (N分): rules giving N, M, 0 分".
_PROSE_SCORING = """五、评标方法和标准
本项目采用综合评分法，满分100分。
（一）价格部分（40分）：满足要求的最低报价为基准价，得满分40分。
（二）技术部分（45分）
1. 参数响应（25分）：完全满足得25分，每负偏离一项扣2分。
2. 实施方案（20分）：方案优的得20分，良的得12分，差的得0分。
（三）服务部分（15分）
1. 售后服务（10分）：本地有服务网点的得10分，否则得5分。
2. 培训（5分）：培训计划完整的得5分。
"""


def test_criteria_with_points_after_their_name_and_rules_after_a_colon():
    d = _parse(_PROSE_SCORING, "pf.txt")
    assert sorted(s["points"] for s in d["scoring"]) == [5, 10, 20, 25, 40]


# A schedule of goods: how many of each the bid must supply, with the Item column holding row numbers only.
_SCHEDULE = """Request for Quotations - Field laboratory equipment
Schedule of requirements
Item | Description of goods | Quantity | Unit | Delivery
1 | Portable water quality test kit with reagents | 120 | kits | 6 weeks
2 | Digital turbidity meter | 45 | units | 6 weeks
"""


def test_a_schedule_row_states_the_quantity_to_supply():
    d = _parse(_SCHEDULE, "rfq.txt")
    qty = {r["parameter"]: (r["operator"], r["value"], r["unit"]) for r in d["requirements"]
           if r["operator"] == "=" and r["unit"] != "weeks"}
    assert qty["Digital turbidity meter"] == ("=", 45, "units")
    assert qty["Portable water quality test kit with reagents"] == ("=", 120, "kits")
    assert not any(r["mandatory"] for r in d["requirements"])


# A US federal listing printed from its portal: the site's title over the notice, key/value rows, a standard form
# whose boxes sit side by side, and funding stated in a sentence.
_FEDERAL = """beta.example.gov | Contract Opportunities
Emergency Generator Replacement - Clinic Annex
Notice ID | 47QSWA28Q0091
Department/Ind. Agency | GENERAL SERVICES ADMINISTRATION
2. CONTRACT NO. | 3. AWARD/EFFECTIVE DATE | 4. ORDER NUMBER
B.2 FUNDING. Funds in the amount of $212,400.00 are available for the base CLINs.
"""


def test_a_federal_listing_portal_title_form_boxes_and_funds_in_prose():
    d = _parse(_FEDERAL, "sam.txt")
    assert "example.gov" not in (d["project_name"] or "")
    assert d["tender_number"] == "47QSWA28Q0091"
    assert d["buyer"] == "GENERAL SERVICES ADMINISTRATION"
    assert d["budget"] == {"amount": 212_400, "currency": "USD"}


def test_two_columns_of_running_text_read_as_a_table_are_put_back_as_lines():
    from dealgraph.ingest.tenders.model import Block, Row
    from dealgraph.ingest.tenders.parse_pdf import prose_columns

    left = ["AVIS D'APPEL D'OFFRES", "La commune invite les entreprises", "qualifiées à soumettre une offre pour",
            "la fourniture de pompes solaires", "destinées aux villages du district", "de la vallée, conformément au",
            "dossier disponible au secrétariat", "moyennant paiement des frais", "de dossier indiqués ci-dessous."]
    right = ["INVITATION TO TENDER", "The municipality invites qualified", "companies to submit a tender for",
             "the supply of solar pumps for the", "villages of the valley district, in", "accordance with the tender file",
             "available at the secretariat", "against payment of the fee", "stated below."]
    table = Block("table", 1, rows=[Row([a, b], 1) for a, b in zip(left, right)])
    out = prose_columns([table])
    assert [b.kind for b in out] == ["line"] * 18 and out[9].text == "INVITATION TO TENDER"
    kv = Block("table", 1, rows=[Row([f"Label {k}:", f"value number {k} of the notice"], 1) for k in range(9)])
    assert prose_columns([kv]) == [kv]


def test_bilingual_headers_and_total_rows_and_an_estimate_label():
    from dealgraph.ingest.tenders import fields as F
    from dealgraph.ingest.tenders.extractors.shapes import TOTAL_ROW

    assert TOTAL_ROW.match("Jumlah / Total") and TOTAL_ROW.match("合计 / Total")
    assert F.label_of("Engineer's Estimate") == "budget" and F.label_of("Department's Estimated Price") == "budget"
    text = ("Technical specifications\nNo. | Specification | Wajib / Mandatory\n1 | Display at least 15 inches | ✓\n"
            "2 | Weight no more than 40 kg |\n3 | Warranty at least 2 years | ✓\n")
    assert [r["mandatory"] for r in _parse(text, "s.txt")["requirements"]] == [True, False, True]


def test_technical_points_out_of_70_and_financial_out_of_30_in_prose():
    text = ("Tender details\nInitial guarantee required: Yes - 1% to 2% of the offer value\n"
            "Evaluation criteria\nTechnical offers are evaluated out of 60 points and financial offers out of 40 points.\n"
            "Criterion | Points\nExperience | 20\nMethodology | 25\nTeam | 15\nTotal technical score | 60\n")
    d = _parse(text, "e.txt")
    assert sorted(s["points"] for s in d["scoring"]) == [15, 20, 25, 40]


def test_a_dashed_page_title_with_the_notice_kind_in_the_middle_and_a_government_entity_label():
    text = ("Development Bank\nHome > Documents > Procurement notices\n\n"
            "Kenya - Rural Water Project (RWP) - General Procurement Notice - Borehole Drilling and Pump Installation\n\n"
            "Government Entity\nCounty Water Services Board\n")
    d = _parse(text, "gpn.txt")
    assert d["project_name"] == "Borehole Drilling and Pump Installation"
    assert d["buyer"] == "County Water Services Board"


def test_a_year_span_in_brackets_is_no_bound_and_two_thresholds_in_one_condition_split():
    from dealgraph.ingest.tenders.requirements import parse_spec

    s = parse_spec("近三年（2024-2026年）平均净资产不低于2亿元")
    assert (s.operator, s.value, s.unit) == (">=", 2, "亿元")
    text = ("三、申请人资格要求\n（1）财务要求：近三年（2024-2026年）平均净资产不低于2亿元，流动比率不低于1.2；\n"
            "（2）具有有效的安全生产许可证。\n")
    reqs = {r["parameter"]: r for r in _parse(text, "q.txt")["requirements"] if r.get("parameter")}
    assert any(p.endswith("平均净资产") for p in reqs) and reqs["流动比率"]["value"] == 1.2
