"""Input formats bid teams receive: e-mail notices (.eml) with attachments and invites, spreadsheets, CSV."""

import io
from email.message import EmailMessage

import openpyxl
import pytest

from dealgraph.errors import InputError
from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.parse import to_document
from dealgraph.ingest.tenders.tree import build_tree


def _kinds(node, out):
    out.append((node.kind, node.text))
    for c in node.children:
        _kinds(c, out)
    return out


def _xlsx(sheets) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows, merges in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for m in merges:
            ws.merge_cells(m)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _mail(subject, body, charset="utf-8", html=None, attachments=(), calendar=None) -> bytes:
    m = EmailMessage()
    m["Subject"] = subject
    m["From"] = "buyer@example.org"
    m["To"] = "bids@example.com"
    m["Date"] = "Mon, 04 Jan 2027 09:00:00 +0800"
    m.set_content(body, charset=charset, cte="base64" if charset != "utf-8" else "quoted-printable")
    if html:
        m.add_alternative(html, subtype="html")
    for name, data, maintype, subtype in attachments:
        m.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if calendar:
        m.add_attachment(calendar.encode(), maintype="text", subtype="calendar", disposition="inline")
    return m.as_bytes()


def test_mail_gb18030_body_subject_and_xlsx_attachment():
    body = ("一、项目编号：HW-2027-031\n二、预算金额：人民币120万元\n三、投标截止时间：2027年2月3日10时00分\n"
            "四、采购需求\n★1. 交换容量≥2.56Tbps\n")
    sheet = _xlsx([("评分标准", [["评分项", "分值"], ["价格", 30], ["技术", 60], ["服务", 10]], [])])
    raw = _mail("关于核心交换机采购项目的招标公告", body, charset="gb18030",
                attachments=[("../../评分表.xlsx", sheet, "application",
                              "vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
    doc = to_document(raw, "notice.eml")
    texts = [b.text for b in doc.blocks]
    assert doc.title == "关于核心交换机采购项目的招标公告"
    assert texts[0] == doc.title
    assert any("HW-2027-031" in t for t in texts)
    assert "附件 Attachment: 评分表.xlsx" in texts  # only the name's last part, never a path
    assert not any("Content-Transfer-Encoding" in t or "From:" in t for t in texts)
    t = parse_bytes(raw, "notice.eml")
    assert t.tender_number == "HW-2027-031"
    assert t.budget and t.budget.amount == 1_200_000
    assert t.deadline and t.deadline.startswith("2027-02-03")


def test_mail_html_only_big5_and_calendar_kept_as_key_value():
    html = ("<html><body><h2>1. Overview</h2><p>Reference: RFP-77/2027</p>"
            "<h2>2. Submission</h2><p>Tenders must be received by 3 March 2027, 12:00 UTC.</p></body></html>")
    m = EmailMessage()
    m["Subject"] = "RFP-77 Network refresh"
    m["From"] = "a@example.org"
    m.set_content(html, subtype="html", charset="big5", cte="base64")
    cal = ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Bidder conference\r\n"
           "DTSTART;TZID=Europe/London:20270210T140000\r\nDTEND:20270210T150000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    m.add_attachment(cal.encode(), maintype="text", subtype="calendar", filename="invite.ics")
    raw = m.as_bytes()
    doc = to_document(raw, "mail.txt")  # recognised by its headers, not its name
    texts = [b.text for b in doc.blocks]
    assert any(b.level for b in doc.blocks if b.text == "2. Submission")
    assert "Calendar start: 2027-02-10 14:00 (Europe/London)" in " ".join(texts) or any(
        t.startswith("Calendar start") for t in texts)
    t = parse_bytes(raw, "mail.txt")
    assert t.deadline and t.deadline.startswith("2027-03-03")  # the notice's date, not the invite's


def test_mail_html_attachment_is_a_section_after_the_cover():
    raw = _mail("Fwd: tender", "Please find the notice attached.\n",
                attachments=[("notice.html", (b"<html><body><h3>3. Technical specification</h3>"
                                               b"<ul><li>Throughput at least 40 Gbps</li></ul></body></html>"),
                              "text", "html")])
    root = build_tree(to_document(raw, "fwd.eml"))
    kinds = _kinds(root, [])
    heads = [t for k, t in kinds if k == "heading"]
    assert heads.index("附件 Attachment: notice.html") < heads.index("3. Technical specification")


def test_mail_with_nothing_readable_names_the_file():
    m = EmailMessage()
    m["Subject"] = "x"
    m["From"] = "a@example.org"
    m.add_attachment(b"\x00\x01garbage", maintype="application", subtype="octet-stream", filename="a.bin")
    with pytest.raises(InputError, match="empty.eml"):
        to_document(m.as_bytes(), "empty.eml")


def test_xlsx_sheets_sections_merged_cells_kv_and_dates():
    import datetime as dt
    data = _xlsx([
        ("Notice", [["Tender reference", "ITT-9/2027"], ["Closing date", dt.datetime(2027, 4, 1, 12, 0)],
                    ["Estimated value", "GBP 250,000"]], []),
        ("技术参数", [["采购清单", None, None], ["序号", "参数", "要求"], ["1", "带宽", "≥10Gbps"],
                    [None, "端口", "≥48个"]], ["A1:C1", "A3:A4"]),
    ])
    doc = to_document(data, "itt.xlsx")
    texts = [b.text for b in doc.blocks if b.kind == "line"]
    assert [b.text for b in doc.blocks if b.level == 1] == ["Notice", "技术参数"]
    assert "Closing date: 2027-04-01 12:00" in texts
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.rows[0].cells == ["序号", "参数", "要求"]
    assert table.rows[2].cells[0] == "1"  # merged A3:A4 filled across
    t = parse_bytes(data, "itt.xlsx")
    assert t.tender_number == "ITT-9/2027"


def test_encrypted_or_broken_xlsx_names_the_file():
    with pytest.raises(InputError, match="locked.xlsx"):
        to_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "locked.xlsx")
    with pytest.raises(InputError, match="bad.xlsx"):
        to_document(b"PK\x03\x04" + b"\x00" * 100 + b"xl/workbook.xml", "bad.xlsx")


@pytest.mark.parametrize("enc,delim", [("utf-8-sig", ","), ("gb18030", ","), ("utf-8", ";")])
def test_csv_sourcing_event_export_is_a_table(enc, delim):
    rows = [["Section", "Question", "Weight", "Knockout", "Bound", "Unit"],
            ["技术", "吞吐量", "20", "是", "≥40", "Gbps"],
            ["Service", "Response time", "10", "No", "<=4", "hours"]]
    data = "\n".join(delim.join(r) for r in rows).encode(enc)
    doc = to_document(data, "event.csv" if delim != "\t" else "event.tsv")
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].rows[0].cells[2] == "Weight"
    assert tables[0].rows[1].cells == ["技术", "吞吐量", "20", "是", "≥40", "Gbps"]


def test_empty_csv_names_the_file():
    with pytest.raises(InputError, match="blank.csv"):
        to_document(b"\xef\xbb\xbf\n,,\n", "blank.csv")


def test_mail_big5_quoted_printable_body_decoded():
    m = EmailMessage()
    m["Subject"] = "公開招標公告"
    m["From"] = "a@example.tw"
    m.set_content("一、標案案號：TW-116-0042\n二、預算金額：新臺幣350萬元\n", charset="big5", cte="quoted-printable")
    texts = [b.text for b in to_document(m.as_bytes(), "tw.eml").blocks]
    assert texts[0] == "公開招標公告"
    assert any("TW-116-0042" in t and "標案案號" in t for t in texts)
    assert any("新臺幣350萬元" in t for t in texts)
