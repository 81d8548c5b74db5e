"""Tender notices in shapes our generator never writes: 中国政府采购网 style, EU TED, a US county RFP.

Each expected value below was read off the hand-written notice by a person.
"""

from pathlib import Path

import pytest

from dealgraph.ingest.tenders import parse_file
from dealgraph.ingest.tenders.dates import parse_datetime
from dealgraph.ingest.tenders.money import parse_money

FOREIGN = Path(__file__).resolve().parents[1] / "fixtures" / "foreign"


def reqs(t, kind=None):
    return [r for r in t.requirements if kind is None or r.kind == kind]


def spec(t, parameter_part):
    return next((r.operator, r.value, r.unit, r.lot) for r in t.requirements if parameter_part in (r.parameter or ""))


def check_ccgp(t):
    assert (t.tender_number, t.project_name, t.buyer, t.agency) == (
        "SZCG-2025-0731", "某市人民医院信息化建设项目", "某市人民医院", "某省国际招标有限公司")
    assert (t.budget.amount, t.budget.currency) == (8_600_000, "CNY")
    assert t.max_price.amount == 8_500_000  # 包1 520万 + 包2 330万, not the first lot's ceiling
    assert [(lot.number, lot.budget.amount) for lot in t.lots] == [("1", 5_200_000), ("2", 3_300_000)]
    assert t.deadline == t.opening_time == "2025-08-15T09:30:00+08:00"
    # The quantities of 包2's line are requirements of lot 2.
    assert spec(t, "服务器") == (">=", 12, "台", "2")
    assert spec(t, "存储可用容量") == (">=", 200, "TB", "2")
    assert spec(t, "质保期") == (">=", 5, "年", "2")
    assert spec(t, "信息系统集成及服务资质") == (">=", 3, "级", None)
    assert any("ISO9001" in r.text for r in reqs(t, "qualification"))
    assert spec(t, "承担过") == (">=", 1, "个", None)  # "近三年…至少承担过1个…项目", not "近 = 3 年"
    assert [(s.item, s.points) for s in t.scoring] == [("价格", 30), ("技术", 55), ("商务", 15)]


def test_ccgp_text_notice():
    check_ccgp(parse_file(FOREIGN / "ccgp_notice.txt"))


def test_ccgp_notice_as_a_pdf(tmp_path):
    """The same notice typeset by reportlab with a CJK font and long lines wrapped."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = tmp_path / "notice.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.setFont("STSong-Light", 10)
    y = 800
    for line in (FOREIGN / "ccgp_notice.txt").read_text(encoding="utf-8").splitlines():
        for i in range(0, max(len(line), 1), 44):
            c.drawString(40, y, line[i:i + 44])
            y -= 14
            if y < 50:
                c.showPage()
                c.setFont("STSong-Light", 10)
                y = 800
    c.save()
    t = parse_file(pdf)
    assert t.fmt == "pdf"
    check_ccgp(t)


def test_ccgp_html_with_lot_table():
    t = parse_file(FOREIGN / "ccgp_notice.html")
    assert (t.tender_number, t.buyer, t.agency) == ("QJY2025-GK-019", "某区教育局", "某某工程咨询有限公司")
    assert t.budget.amount == 3_805_000
    assert [(lot.number, lot.name, lot.budget.amount) for lot in t.lots] == [
        ("1", "交互式智能黑板", 2_405_000), ("2", "录播教室设备", 1_400_000)]
    assert (t.deadline, t.opening_time) == ("2025-09-03T14:00:00+08:00", "2025-09-03T14:30:00+08:00")
    quals = [r.text for r in reqs(t, "qualification")]
    # "本项目的特定资格要求：A；B" is two requirements, "…资格要求：无" none, contacts none.
    assert "投标人注册资本不低于500万元" in quals and any("ISO14001" in q for q in quals)
    assert not any(q.endswith("无") for q in quals)
    assert not any("联系" in r.text for r in t.requirements)
    assert spec(t, "智能黑板屏幕尺寸")[:3] == (">=", 86, "英寸")
    assert any(r.mandatory for r in reqs(t, "technical"))


def typeset_english(src: Path, pdf: Path) -> None:
    """reportlab, Helvetica 9 pt, lines wrapped at word boundaries the way a PDF layout wraps them."""
    import textwrap

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.setFont("Helvetica", 9)
    y = 800
    for line in src.read_text(encoding="utf-8").splitlines():
        for part in textwrap.wrap(line, 95) or [""]:
            c.drawString(40, y, part)
            y -= 12
            if y < 50:
                c.showPage()
                c.setFont("Helvetica", 9)
                y = 800
    c.save()


def test_eu_ted_notice_as_a_pdf_with_wrapped_lines(tmp_path):
    pytest.importorskip("reportlab")
    typeset_english(FOREIGN / "ted_notice.txt", tmp_path / "ted.pdf")
    check_ted(parse_file(tmp_path / "ted.pdf"))


def test_eu_ted_contract_notice():
    check_ted(parse_file(FOREIGN / "ted_notice.txt"))


def check_ted(t):
    assert (t.project_name, t.tender_number, t.buyer) == (
        "Supply of smart electricity meters and head-end system", "SWM-2025-017", "Stadtwerke Musterstadt GmbH")
    assert (t.budget.amount, t.budget.currency) == (4_800_000, "EUR")
    assert [(lot.number, lot.name, lot.budget.amount) for lot in t.lots] == [
        ("1", "Smart meters", 3_600_000), ("2", "Head-end system and maintenance", 1_200_000)]
    # "Date: 30/09/2025" + "Local time: 12:00" under the time-limit heading.
    assert t.deadline.startswith("2025-09-30T12:00") and t.opening_time.startswith("2025-09-30T14:00")
    quals = reqs(t, "qualification")
    assert any(r.text.startswith("Registration in the professional or trade register") for r in quals)
    assert len(quals) == 3  # a heading wrapped onto a second line is not a requirement
    assert any(r.lot == "1" and r.text.endswith("accuracy class 1 or better.") for r in t.requirements)
    assert spec(t, "annual turnover")[:3] == (">=", 5_000_000, "EUR")
    assert spec(t, "availability")[:2] == (">=", 99.9) and spec(t, "availability")[3] == "2"
    assert not any("as stated in the procurement documents" in r.text for r in t.requirements)
    assert t.warnings == []


def test_us_county_rfp():
    t = parse_file(FOREIGN / "us_rfp.txt")
    assert (t.tender_number, t.project_name, t.buyer) == (
        "2025-IT-044", "Managed Network Services and Wi-Fi Refresh", "County of Lakeview")
    assert (t.max_price.amount, t.max_price.currency) == (1_750_000, "USD")
    assert t.deadline == "2025-07-10T15:00:00-05:00"  # CDT in July
    assert spec(t, "experience")[:3] == (">=", 5, "years")  # "at least five (5) years" is one requirement
    assert len(reqs(t, "qualification")) == 3
    assert spec(t, "Response time")[:2] == ("<=", 2)
    assert [(s.item, s.points) for s in t.scoring] == [
        ("Technical Approach", 40), ("Experience and References", 25), ("Cost", 35)]


@pytest.mark.parametrize(("text", "amount"), [
    ("4 800 000.00 EUR", 4_800_000), ("4.800.000,00 EUR", 4_800_000), ("EUR 5 000 000", 5_000_000),
    ("12 000,50 EUR", 12_000.5), ("1,200,000.00", 1_200_000),
])
def test_european_number_formats(text, amount):
    assert parse_money(text, "USD").amount == amount


def test_numeric_dates_day_first_when_it_must_be_or_when_european():
    assert parse_datetime("30/09/2025 12:00", False) == "2025-09-30T12:00:00+00:00"
    assert parse_datetime("05/03/2025", False).startswith("2025-05-03")
    assert parse_datetime("05/03/2025", False, dayfirst=True).startswith("2025-03-05")


def test_competitive_negotiation_notice_with_bracketed_chinese_numbering():
    """（一）采购项目编号 / 采购预算（元）/ 磋商时间 / 服务需求 — a 竞争性磋商公告's own words."""
    t = parse_file(FOREIGN / "cs_notice.txt")
    assert (t.tender_number, t.project_name) == ("MX-CS-2025-112", "不动产登记信息系统运维服务项目")
    assert (t.budget.amount, t.max_price.amount) == (1_280_000, 1_250_000)
    assert t.deadline == t.opening_time == "2025-06-16T09:30:00+08:00"
    assert (t.buyer, t.agency) == ("某县自然资源局", "某县公共资源交易中心")
    quals = [r.text for r in reqs(t, "qualification")]
    assert quals[0] == "具有独立承担民事责任的能力"  # "（一）" is numbering, not text
    assert spec(t, "运维经验")[:3] == (">=", 5, "年")  # "…职称，且具有不少于5年的运维经验"
    assert spec(t, "系统可用性")[:3] == (">=", 99.9, "%")
    assert spec(t, "驻场运维人员")[:3] == (">=", 2, "人")
    assert t.warnings == []


def test_us_invitation_to_bid_html_with_summary_table():
    t = parse_file(FOREIGN / "us_itb.html")
    assert (t.project_name, t.tender_number, t.buyer) == ("Fleet GPS Telematics Devices", "ITB 26-031", "City of Riverton")
    assert (t.budget.amount, t.budget.currency) == (320_000, "USD")
    assert (t.deadline, t.opening_time) == ("2025-08-14T14:00:00-04:00", "2025-08-14T14:30:00-04:00")
    assert spec(t, "Position update interval")[:3] == ("<=", 30, "seconds")
    assert spec(t, "general liability insurance")[:3] == (">=", 1_000_000, "USD")
    assert [(s.item, s.points) for s in t.scoring] == [("Price", 50), ("Technical compliance", 30), ("References", 20)]
