"""Tender parsing: operators, units, money, dates (table-driven) and real PDFs/HTML made in the test."""

import json
import random

import pytest

from dealgraph.config import get_settings
from dealgraph.demo import tender_docs as gen
from dealgraph.ingest.tenders import parse_bytes, parse_file
from dealgraph.ingest.tenders.dates import parse_datetime
from dealgraph.ingest.tenders.money import parse_money
from dealgraph.ingest.tenders.requirements import parse_spec

SPECS = [
    # text, parameter, operator, value, unit
    ("★1. 交换容量≥2.56Tbps", "交换容量", ">=", 2.56, "Tbps"),
    ("交换容量＞＝２．５６Ｔｂｐｓ", "交换容量", ">=", 2.56, "Tbps"),  # full-width
    ("注册资本不低于500万元", "注册资本", ">=", 500, "万元"),
    ("近三年具有不少于3个类似项目业绩", "类似项目业绩", ">=", 3, "个"),
    ("响应时间不超过2小时", "响应时间", "<=", 2, "小时"),
    ("整机功耗≤350W", "整机功耗", "<=", 350, "W"),
    ("项目经理具有10年以上工作经验", "项目经理", ">=", 10, "年"),
    ("质保期三年以下", "质保期", "<=", 3, "年"),
    ("工作温度：-10℃~55℃", "工作温度", "range", [-10, 55], "℃"),
    ("工作温度 0至45℃", "工作温度", "range", [0, 45], "℃"),
    ("内存 ≥ 64GB", "内存", ">=", 64, "GB"),
    ("电源：220V", "电源", "=", 220, "V"),
    ("质保期不少于三年", "质保期", ">=", 3, "年"),
    ("Switching capacity >= 2.56 Tbps", "Switching capacity", ">=", 2.56, "Tbps"),
    ("Minimum of 5 years of experience", "experience", ">=", 5, "years"),
    ("Annual revenue of at least USD 10 million", "Annual revenue", ">=", 10_000_000, "USD"),
    ("Operating temperature 0 to 40 °C", "Operating temperature", "range", [0, 40], "℃"),
    ("Response time no more than 4 hours", "Response time", "<=", 4, "hours"),
    ("Uplink bandwidth: 10 Gb/s or more", "Uplink bandwidth", ">=", 10, "Gbps"),
    ("Between 10 and 20 ms latency", None, "range", [10, 20], "ms"),
]


@pytest.mark.parametrize(("text", "parameter", "op", "value", "unit"), SPECS)
def test_operators_and_units(text, parameter, op, value, unit):
    s = parse_spec(text)
    assert (s.operator, s.value, s.unit) == (op, value, unit)
    if parameter:
        assert s.parameter == parameter


@pytest.mark.parametrize("text", ["具有ISO 9001质量管理体系认证", "GB/T 19001-2016认证", "支持IPv6", "Windows 10操作系统"])
def test_standard_codes_are_not_values(text):
    assert parse_spec(text).value is None


MONEY = [
    ("120.0000000 万元（人民币）", 1_200_000, "CNY"),
    ("人民币壹佰贰拾万元整", 1_200_000, "CNY"),
    ("¥1,200,000.00", 1_200_000, "CNY"),
    ("￥3,500,000", 3_500_000, "CNY"),
    ("1.2亿元", 120_000_000, "CNY"),
    ("USD 2.5 million", 2_500_000, "USD"),
    ("$250K", 250_000, "USD"),
    ("US$ 1,250,000.00", 1_250_000, "USD"),
    ("EUR 1.2m", 1_200_000, "EUR"),
]


@pytest.mark.parametrize(("text", "amount", "cur"), MONEY)
def test_money(text, amount, cur):
    m = parse_money(text)
    assert (round(m.amount), m.currency) == (amount, cur)


DATES = [
    ("2025年3月5日 9:30", True, "2025-03-05T09:30:00+08:00"),
    ("2025年03月21日 09点30分（北京时间）", True, "2025-03-21T09:30:00+08:00"),
    ("2025-03-05 09:30", True, "2025-03-05T09:30:00+08:00"),
    ("2025年3月5日下午2点30分", True, "2025-03-05T14:30:00+08:00"),
    ("March 5, 2025 10:00 AM EST", False, "2025-03-05T10:00:00-05:00"),
    ("5 March 2025 at 14:00 (GMT+1)", False, "2025-03-05T14:00:00+01:00"),
    ("April 2, 2025, 3:00 p.m. PST", False, "2025-04-02T15:00:00-08:00"),
]


@pytest.mark.parametrize(("text", "zh", "iso"), DATES)
def test_dates(text, zh, iso):
    assert parse_datetime(text, zh) == iso


def _long_table_pdf(path, n_rows=70):
    rows = [[f"{'★' if k % 10 == 0 else ''}{k}", f"参数{k}", f"≥{k * 10}Gbps"] for k in range(1, n_rows + 1)]
    els = [("title", "某市数据中心交换机采购项目公开招标公告"), ("para", "项目编号：ZJCG-2025-0099"),
           ("para", "预算金额：350万元"), ("heading", "五、技术参数"), ("table", ["序号", "参数名称", "技术要求"], rows),
           ("heading", "六、评分标准"), ("table", ["评分项", "分值"], [["价格", "30"], ["技术", "70"]])]
    gen.render_pdf(els, path)


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_pdf_table_across_pages_is_merged(tmp_path, monkeypatch, engine):
    monkeypatch.setattr(get_settings(), "pdf_engine", engine)
    pdf = tmp_path / "long.pdf"
    _long_table_pdf(pdf)
    d = parse_file(pdf).to_dict()
    assert d["pages"] >= 2
    tech = [r for r in d["requirements"] if r["kind"] == "technical"]
    assert len(tech) == 70  # the repeated header on page 2 is not a requirement
    assert {r["page"] for r in tech} >= {1, 2}
    assert [r["value"] for r in tech] == [k * 10 for k in range(1, 71)]
    assert sum(r["mandatory"] for r in tech) == 7
    assert d["tender_number"] == "ZJCG-2025-0099" and d["budget"] == {"amount": 3_500_000, "currency": "CNY"}
    assert [(s["item"], s["points"]) for s in d["scoring"]] == [("价格", 30), ("技术", 70)]
    assert d["provenance"]["budget"]["page"] == 1 and "350" in d["provenance"]["budget"]["snippet"]


@pytest.mark.parametrize(("fmt", "lang"), [("pdf", "zh"), ("pdf", "en"), ("html", "zh"), ("txt", "en")])
def test_generated_notice_fields_match_truth(tmp_path, fmt, lang):
    rng = random.Random(3)
    t = gen.make_tender(rng, 1, lang=lang, fmt=fmt)
    truth = gen.write_tender(t, tmp_path, rng)
    d = parse_file(tmp_path / truth["file"]).to_dict()
    for k in ("project_name", "tender_number", "buyer", "agency", "budget", "deadline", "opening_time"):
        got, want = d[k], truth[k]
        if k == "budget":
            assert got["currency"] == want["currency"] and abs(got["amount"] - want["amount"]) < 1, k
        else:
            assert got == want, k
    assert len(d["requirements"]) == len(truth["requirements"])
    for got, want in zip(d["requirements"], truth["requirements"]):
        assert (got["operator"], got["mandatory"], got["important"]) == (want["operator"], want["mandatory"],
                                                                         want["important"])


def test_html_ccgp_style_contacts_and_sections():
    html = """<html><body><h2>某某医院信息化设备采购公告</h2>
    <p>一、项目基本情况</p><p>项目编号：YY-2025-01</p><p>项目名称：某某医院信息化设备采购</p>
    <p>预算金额：人民币 80 万元</p><p>四、提交投标文件截止时间、开标时间和地点</p>
    <p>2025年04月01日 14点00分（北京时间）</p>
    <p>二、申请人的资格要求：</p><p>▲1.具有ISO 27001认证；</p>
    <p>八、联系方式</p><p>1.采购人信息</p><p>名 称：深圳市某某医院</p><p>2.采购代理机构信息</p><p>名 称：某某招标有限公司</p>
    <script>var x='项目名称：错误';</script></body></html>"""
    d = parse_bytes(html.encode(), "n.html").to_dict()
    assert d["project_name"] == "某某医院信息化设备采购"
    assert d["buyer"] == "深圳市某某医院" and d["agency"] == "某某招标有限公司"
    assert d["region"] == "深圳市"
    assert d["deadline"] == d["opening_time"] == "2025-04-01T14:00:00+08:00"
    assert d["requirements"][0]["important"] is True and d["requirements"][0]["kind"] == "qualification"


def test_empty_and_missing_files_are_input_errors(tmp_path):
    from dealgraph.errors import InputError

    with pytest.raises(InputError):
        parse_file(tmp_path / "nope.pdf")
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(InputError):
        parse_file(tmp_path / "empty.txt")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(InputError):
        parse_file(tmp_path / "bad.pdf")


def test_cli_parse_json(tmp_path):
    from typer.testing import CliRunner

    from dealgraph.cli import app

    f = tmp_path / "n.txt"
    f.write_text("项目名称：测试项目\n项目编号：T-1\n预算金额：1.5亿元\n★1. 交换容量≥2Tbps\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["tender", "parse", str(f), "--json", "--tree"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    for key in ("project_name", "tender_number", "buyer", "agency", "region", "budget", "max_price", "deadline",
                "opening_time", "lots", "requirements", "scoring", "provenance"):
        assert key in d
    assert d["budget"] == {"amount": 150_000_000, "currency": "CNY"}
    assert d["requirements"][0]["mandatory"] is True and d["requirements"][0]["concepts"] == ["switching_capacity"]
    assert d["tree"]["kind"] == "document" and d["tree"]["children"][0]["key"] == "项目名称"


def test_ccgp_style_notice(tmp_path):
    """A 公开招标公告 laid out like a government procurement site page (summary table, then the body)."""
    from pathlib import Path

    d = parse_file(Path(__file__).parent / "data" / "tender_ccgp_style.html").to_dict()
    assert d["project_name"] == "智慧校园网络升级改造项目"
    assert d["tender_number"] == "HDJW-2025-GK-0107"
    assert (d["buyer"], d["agency"]) == ("北京市海淀区教育委员会", "北京京研招标代理有限公司")
    assert d["region"] == "北京市海淀区"
    assert d["budget"] == d["max_price"] == {"amount": 4_865_000, "currency": "CNY"}
    assert d["deadline"] == "2025-03-24T09:30:00+08:00" and d["opening_time"] == "2025-03-24T10:00:00+08:00"
    assert [(x["number"], x["name"], x["budget"]["amount"]) for x in d["lots"]] == [
        ("1", "核心及汇聚交换设备", 3_265_000), ("2", "无线网络设备", 1_600_000)]
    assert [(s["item"], s["points"]) for s in d["scoring"]] == [("价格", 10), ("技术参数响应", 50), ("同类项目业绩", 20),
                                                               ("售后服务方案", 20)]
    quals = [r for r in d["requirements"] if r["kind"] == "qualification"]
    techs = [r for r in d["requirements"] if r["kind"] == "technical"]
    assert len(quals) == 5 and len(techs) == 5  # contract terms and prose under 采购需求 are not requirements
    assert quals[2]["mandatory"] and "27001" in quals[2]["text"]
    assert (quals[3]["parameter"], quals[3]["operator"], quals[3]["value"], quals[3]["unit"]) == ("注册资金", ">=", 1000, "万元")
    assert (quals[4]["parameter"], quals[4]["value"]) == ("教育行业同类项目业绩", 2)
    assert techs[0]["mandatory"] and techs[2]["important"]
    assert (techs[3]["operator"], techs[3]["value"], techs[3]["unit"]) == ("range", [0, 45], "℃")
    assert all(r["page"] == 1 and r["snippet"] for r in d["requirements"])


def test_us_rfp_plain_text():
    from pathlib import Path

    d = parse_file(Path(__file__).parent / "data" / "tender_us_rfp.txt").to_dict()
    assert d["project_name"] == "Citywide Wireless Network Refresh"
    assert d["tender_number"] == "2025-IT-0042"
    assert d["buyer"] == "City of Riverside Information Technology Department"
    assert d["agency"] == "Western Public Procurement Partners LLC"
    assert d["budget"] == {"amount": 1_800_000, "currency": "USD"}
    assert d["deadline"] == "2025-03-14T14:00:00-07:00" and d["opening_time"] == "2025-03-14T15:00:00-07:00"  # PDT from 9 March
    assert [r["kind"] for r in d["requirements"]] == ["qualification"] * 3 + ["technical"] * 3
    assert (d["requirements"][0]["parameter"], d["requirements"][0]["value"], d["requirements"][0]["unit"]) == (
        "experience", 5, "years")
    assert [(s["item"], s["points"]) for s in d["scoring"]] == [("Technical Approach", 40),
                                                               ("Experience and Qualifications", 25), ("Cost Proposal", 35)]


FIELD_CASES = [
    ("投标文件递交截止时间及开标时间：2025年5月6日上午9时30分", {"deadline": "2025-05-06T09:30:00+08:00",
                                                   "opening_time": "2025-05-06T09:30:00+08:00"}),
    ("投标截止时间：2025-05-06 09:30\n开标时间：同投标截止时间", {"opening_time": "2025-05-06T09:30:00+08:00"}),
    ("项目编号：ZJ-2025-001（采购计划编号：ZJCG2025-77）", {"tender_number": "ZJ-2025-001"}),
    ("采购人：某某市人民医院（盖章）\n采购代理机构：某某招标有限公司", {"buyer": "某某市人民医院", "agency": "某某招标有限公司"}),
    ("预算金额（万元）：120", {"budget": {"amount": 1_200_000, "currency": "CNY"}}),
    ("招标控制价：¥1,150,000.00", {"max_price": {"amount": 1_150_000, "currency": "CNY"}}),
    ("项目预算：120万元，最高限价：115万元", {"budget": {"amount": 1_200_000, "currency": "CNY"},
                                            "max_price": {"amount": 1_150_000, "currency": "CNY"}}),
    (("| 条款号 | 条款名称 | 编列内容 |\n| 1.1.2 | 招标人 | 名称：某某区教育局 地址：某某路1号 |\n"
     "| 1.1.3 | 项目名称 | 某某区智慧教室建设项目 |"), {"buyer": "某某区教育局", "project_name": "某某区智慧教室建设项目"}),
    ("Project Name: Fiber Backbone\nProposals are due: April 2, 2025 at 3:00 p.m. Eastern Time",
     {"deadline": "2025-04-02T15:00:00-04:00"}),
    ("采购单位名称：____________\n采购单位：某某大学", {"buyer": "某某大学"}),  # a form placeholder is skipped
    ("【项目编号：ZB-2025-9】\n本项目分为2个包：第1包：核心路由器，预算金额：50万元；第2包：接入交换机，预算金额：30万元",
     {"tender_number": "ZB-2025-9"}),
    ("项目名称：X项目\n潜在投标人应在平台获取招标文件，并于2025年03月24日 09点30分（北京时间）前递交投标文件。",
     {"deadline": "2025-03-24T09:30:00+08:00"}),
    ("Project Title: Y\nSealed proposals will be received until 2:00 PM Central Time on March 14, 2025, at City Hall.",
     {"deadline": "2025-03-14T14:00:00-05:00"}),
]


@pytest.mark.parametrize(("text", "expected"), FIELD_CASES)
def test_field_phrasings(text, expected):
    d = parse_bytes(text.encode("utf-8"), "notice.txt").to_dict()
    for k, v in expected.items():
        assert d[k] == v, k
        assert d["provenance"][k]["snippet"]


@pytest.mark.parametrize("lines", [
    ["价格 30 满足要求的最低报价为基准价", "技术方案 40 方案完整得40分", "商务资信 30 业绩每个得5分", "合计 100"],
    ["1. 价格（30分）", "2. 技术方案（40分）", "3. 商务资信（30分）"],
    ["（1）价格：满分30分", "（2）技术方案：满分40分", "（3）商务资信：满分30分"],
])
def test_scoring_lines_without_a_ruled_table(lines):
    text = "项目名称：测试\n六、评分标准\n评分项 分值 评分说明\n" + "\n".join(lines) + "\n七、其他事项\n"
    d = parse_bytes(text.encode(), "x.txt").to_dict()
    assert [(s["item"], s["points"]) for s in d["scoring"]] == [("价格", 30), ("技术方案", 40), ("商务资信", 30)]


def _docx(paragraphs: list[str], table: list[list[str]]) -> bytes:
    import io
    import zipfile
    from xml.sax.saxutils import escape

    def p(t: str) -> str:
        return f"<w:p><w:r><w:t xml:space='preserve'>{escape(t)}</w:t></w:r></w:p>"

    rows = "".join("<w:tr>" + "".join(f"<w:tc>{p(c)}</w:tc>" for c in r) + "</w:tr>" for r in table)
    body = "".join(p(t) for t in paragraphs[:3]) + f"<w:tbl>{rows}</w:tbl>" + "".join(p(t) for t in paragraphs[3:])
    xml = ("<?xml version='1.0' encoding='UTF-8'?><w:document xmlns:w='http://schemas.openxmlformats.org/"
           f"wordprocessingml/2006/main'><w:body>{body}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def test_docx_notice(tmp_path):
    data = _docx(["某市医院服务器采购项目招标文件", "项目编号：YY-2025-07", "五、技术参数"],
                 [["序号", "参数名称", "技术要求"], ["★1", "CPU核数", "≥64核"], ["2", "内存容量", "≥512GB"]])
    f = tmp_path / "notice.docx"
    f.write_bytes(data)
    d = parse_file(f).to_dict()
    assert d["format"] == "docx" and d["tender_number"] == "YY-2025-07"
    assert d["project_name"] == "某市医院服务器采购项目"
    assert [(r["parameter"], r["value"], r["unit"], r["mandatory"]) for r in d["requirements"]] == [
        ("CPU核数", 64, "核", True), ("内存容量", 512, "GB", False)]


def test_legacy_doc_is_a_clear_error(tmp_path):
    from dealgraph.errors import InputError

    f = tmp_path / "old.doc"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(InputError, match="docx"):
        parse_file(f)


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_pdf_borderless_tables_and_combined_times(tmp_path, monkeypatch, engine):
    """A 竞争性磋商公告 whose tables have no ruling lines: rows are read as numbered text lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    monkeypatch.setattr(get_settings(), "pdf_engine", engine)
    font = gen._font()
    st = ParagraphStyle("b", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    plain = [("FONTNAME", (0, 0), (-1, -1), font)]
    story = [Paragraph(t, st) for t in ("某区政务云平台扩容项目竞争性磋商公告", "项目编号：QZ-2025-031　　项目名称：某区政务云平台扩容项目",
                                        "采购预算：人民币贰佰万元整（¥2,000,000.00）",
                                        "响应文件提交截止时间及开标时间：2025年6月3日上午9时30分", "三、技术要求")]
    story.append(Table([["序号", "参数", "要求"], ["1", "CPU核数", "≥64核"], ["2", "内存容量", "≥512GB"],
                        ["3", "存储容量", "不低于20TB"], ["4", "工作温度", "5℃~40℃"]], style=plain))
    story.append(Paragraph("四、评分标准", st))
    story.append(Table([["1", "价格", "30"], ["2", "技术方案", "50"], ["3", "商务", "20"]], style=plain))
    pdf = tmp_path / "borderless.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build(story)
    d = parse_file(pdf).to_dict()
    assert (d["project_name"], d["tender_number"]) == ("某区政务云平台扩容项目", "QZ-2025-031")
    assert d["budget"] == {"amount": 2_000_000, "currency": "CNY"}
    assert d["deadline"] == d["opening_time"] == "2025-06-03T09:30:00+08:00"
    assert [(r["parameter"], r["operator"], r["value"], r["unit"]) for r in d["requirements"]] == [
        ("CPU核数", ">=", 64, "核"), ("内存容量", ">=", 512, "GB"), ("存储容量", ">=", 20, "TB"),
        ("工作温度", "range", [5, 40], "℃")]
    assert [(s["item"], s["points"]) for s in d["scoring"]] == [("价格", 30), ("技术方案", 50), ("商务", 20)]


def test_several_lots_on_one_line():
    d = parse_bytes("本项目分为2个包：第1包：核心路由器，预算金额：50万元；第2包：接入交换机，预算金额：30万元".encode(), "a.txt").to_dict()
    assert [(x["number"], x["name"], x["budget"]["amount"]) for x in d["lots"]] == [("1", "核心路由器", 500_000),
                                                                                   ("2", "接入交换机", 300_000)]
    assert d["budget"] == {"amount": 800_000, "currency": "CNY"}  # the lots add up when no total is given


def test_item_rows_of_one_lot_add_up():
    t = ("项目名称：X\n采购需求：\n| 合同包 | 品目名称 | 数量 | 预算金额（元） |\n| 1 | 核心交换机 | 2台 | 1,000,000.00 |\n"
         "|  | 汇聚交换机 | 10台 | 500,000.00 |\n| 2 | 无线AP | 200台 | 600,000.00 |\n")
    d = parse_bytes(t.encode(), "a.txt").to_dict()
    assert [(x["number"], x["budget"]["amount"]) for x in d["lots"]] == [("1", 1_500_000), ("2", 600_000)]


def test_marker_legends_are_not_requirements():
    t = ("项目名称：X\n五、技术参数\n注：标★号的条款为实质性要求，不满足将导致投标无效；标▲号的为重要参数。\n"
         "| 序号 | 参数名称 | 技术要求 |\n| ★1 | 交换容量 | ≥2.56Tbps |\n| 注：带“★”的参数为实质性要求 | | |\n"
         "六、其他\n说明：★号条款不满足作无效投标处理\n")
    d = parse_bytes(t.encode(), "a.txt").to_dict()
    assert [(r["parameter"], r["mandatory"]) for r in d["requirements"]] == [("交换容量", True)]


def test_english_mandatory_flags_and_percent_weights():
    t = ("Project Title: Z\nMINIMUM QUALIFICATIONS\n1. (M) The proposer must hold a current ISO 9001 certificate.\n"
         "2. The proposer should have at least 3 similar projects.\nEVALUATION CRITERIA\nTechnical approach - 60 percent\n"
         "Price: 40%\n")
    d = parse_bytes(t.encode(), "a.txt").to_dict()
    assert [r["mandatory"] for r in d["requirements"]] == [True, False]
    assert d["requirements"][0]["text"].startswith("The proposer")
    assert [(s["item"], s["points"]) for s in d["scoring"]] == [("Technical approach", 60), ("Price", 40)]


def test_html_rowspan_colspan_keep_columns():
    h = ("<html><body><p>项目名称：X</p><p>五、技术参数</p><table><tr><th>类别</th><th>参数名称</th><th>技术要求</th></tr>"
         "<tr><td rowspan=2>交换机</td><td>★交换容量</td><td>≥2.56Tbps</td></tr><tr><td>包转发率</td><td>≥1440Mpps</td></tr>"
         "</table><p>六、评分标准</p><table><tr><th>评分项</th><th>评分因素</th><th>分值</th></tr>"
         "<tr><td rowspan=2>技术部分</td><td>技术参数</td><td>30</td></tr><tr><td>实施方案</td><td>20</td></tr>"
         "<tr><td colspan=2>价格</td><td>50</td></tr><tr><td colspan=2>合计</td><td>100</td></tr></table></body></html>")
    d = parse_bytes(h.encode(), "a.html").to_dict()
    assert [(r["parameter"], r["value"], r["mandatory"]) for r in d["requirements"]] == [
        ("交换容量", 2.56, True), ("包转发率", 1440, False)]
    assert [(s["item"], s["points"]) for s in d["scoring"]] == [("技术参数", 30), ("实施方案", 20), ("价格", 50)]


def test_several_specifications_in_one_cell_or_line():
    t = ("项目名称：X\n二、申请人的资格要求\n1.具有独立法人资格；2.具有ISO9001认证；3.注册资本不低于500万元\n五、技术参数\n"
         "| 序号 | 货物名称 | 技术参数要求 | 数量 |\n| ★1 | 核心交换机 | 1.交换容量≥2.56Tbps；2.包转发率≥1440Mpps；3.支持IPv6 | 2台 |\n"
         "| 2 | 接入交换机 | 1.▲端口数量≥48个；2.交换容量≥336Gbps | 20台 |\n")
    reqs = parse_bytes(t.encode(), "a.txt").to_dict()["requirements"]
    assert [r["kind"] for r in reqs] == ["qualification"] * 3 + ["technical"] * 5
    # "★1" marks the row: one mandatory item as the notice counts it, its other specifications bind with it.
    assert [(r["parameter"], r["value"], r["mandatory"] or r["part_of_mandatory"], r["important"]) for r in reqs[3:]] == [
        ("交换容量", 2.56, True, False), ("包转发率", 1440, True, False), (None, None, True, False),
        ("端口数量", 48, False, True), ("交换容量", 336, False, False)]
    assert [r["mandatory"] for r in reqs[3:6]] == [True, False, False]


@pytest.mark.parametrize("truth_file", sorted((__import__("pathlib").Path(__file__).parent / "data").glob(
    "tender_*.truth.json")), ids=lambda p: p.name)
def test_fixture_notices_match_their_truth(truth_file):
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    doc = next(p for p in truth_file.parent.glob(truth_file.name.replace(".truth.json", ".*"))
               if not p.name.endswith(".json"))
    d = parse_file(doc).to_dict()
    for k in ("project_name", "tender_number", "buyer", "agency", "region", "budget", "max_price", "deadline",
              "opening_time"):
        assert d[k] == truth[k], k
    assert [(r["kind"], r["operator"], r["value"], r["unit"], r["mandatory"], r["important"]) for r in d["requirements"]] \
        == [(r["kind"], r["operator"], r["value"], r["unit"], r["mandatory"], r["important"]) for r in truth["requirements"]]
    assert [(s["item"], s["points"]) for s in d["scoring"]] == [(s["item"], s["points"]) for s in truth["scoring"]]


def test_pdf_instructions_data_sheet_layout(tmp_path):
    """投标人须知前附表: fields in a 3-column table, several specifications per cell, 同投标截止时间."""
    els = [("title", "第一章 投标人须知前附表"),
           ("table", ["条款号", "条款名称", "编列内容"], [
               ["1.1.1", "项目名称", "成都市第二中学智慧教室建设项目"],
               ["1.1.2", "招标人", "名称：成都市第二中学 地址：成都市青羊区 联系人：李老师"],
               ["1.1.3", "招标代理机构", "名称：四川国际招标有限责任公司 地址：成都市武侯区"],
               ["1.1.4", "招标编号", "SCIT-2025-0588"],
               ["1.2.1", "资金来源及预算", "财政资金，预算金额：人民币 268 万元"],
               ["1.2.2", "最高投标限价", "2,600,000.00元"],
               ["2.1", "投标截止时间", "2025年9月8日上午9:30（北京时间）"], ["2.2", "开标时间", "同投标截止时间"]]),
           ("heading", "第二章 资格要求"), ("para", "1. 投标人须具有独立法人资格，注册资本不少于300万元；"),
           ("para", "2. ★投标人须具有ISO 9001质量管理体系认证证书；"),
           ("heading", "第三章 技术参数"),
           ("table", ["序号", "设备名称", "技术参数", "数量"], [
               ["1", "交互式智能平板", "1.屏幕尺寸≥86英寸；2.★亮度≥400cd/m²；3.内存≥8GB", "30台"],
               ["2", "录播主机", "1.▲支持不少于6路高清视频同时录制；2.存储容量≥4TB", "2套"]])]
    pdf = tmp_path / "datasheet.pdf"
    gen.render_pdf(els, pdf)
    d = parse_file(pdf).to_dict()
    assert (d["project_name"], d["tender_number"]) == ("成都市第二中学智慧教室建设项目", "SCIT-2025-0588")
    assert (d["buyer"], d["agency"]) == ("成都市第二中学", "四川国际招标有限责任公司")
    assert d["budget"]["amount"] == 2_680_000 and d["max_price"]["amount"] == 2_600_000
    assert d["deadline"] == d["opening_time"] == "2025-09-08T09:30:00+08:00"
    tech = [(r["parameter"], r["value"], r["unit"], r["mandatory"], r["important"]) for r in d["requirements"]
            if r["kind"] == "technical"]
    assert tech == [("屏幕尺寸", 86, "英寸", False, False), ("亮度", 400, "cd/m²", True, False), ("内存", 8, "GB", False, False),
                    ("高清视频同时录制", 6, "路", False, True), ("存储容量", 4, "TB", False, False)]
