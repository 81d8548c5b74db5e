"""Odd inputs give a clear error naming the file; self-checks that point a human at a wrong field."""

from __future__ import annotations

import io
import zipfile

import pytest

from dealgraph.errors import InputError
from dealgraph.ingest.tenders import parse_bytes, parse_file
from dealgraph.ingest.tenders.requirements import parse_spec, split_clauses


@pytest.mark.parametrize("name,data,says", [
    ("empty.pdf", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("broken.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4, "not a readable PDF"),
    ("notzip.docx", b"this is not a zip package", "not a Word .docx"),
    ("tags.html", b"<html><body><script>var a = 1;</script></body></html>", "no text found"),
])
def test_odd_inputs_name_the_file(name, data, says):
    with pytest.raises(InputError) as e:
        parse_bytes(data, name)
    assert name in str(e.value) and says in str(e.value)


def test_docx_with_broken_xml_and_missing_body_name_the_file():
    for body in ({"word/document.xml": "<w:document><broken"}, {"x.txt": "hi"}):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for k, v in body.items():
                z.writestr(k, v)
        with pytest.raises(InputError, match=r"n\.docx: not a readable \.docx"):
            parse_bytes(buf.getvalue(), "n.docx")


def test_pdf_without_text_layer_is_an_error(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 200, 200, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(InputError, match=r"scan\.pdf: no text found \(a scanned image"):
        parse_file(path)


def test_docx_without_headings_still_reads_bound_lines(tmp_path):
    import docx

    d = docx.Document()
    for t in ["某市数据中心网络设备采购项目招标公告", "项目编号：SZ-2027-001", "采购人：某市大数据中心", "预算金额：300万元",
              "本项目采购核心交换机2台，具体要求如下。", "交换容量不低于 230 Tbps", "质保期不少于3年"]:
        d.add_paragraph(t)
    d.save(tmp_path / "plain.docx")
    out = parse_file(tmp_path / "plain.docx").to_dict()
    got = {(r["parameter"], r["operator"], r["value"], r["unit"]) for r in out["requirements"]}
    assert ("交换容量", ">=", 230, "Tbps") in got and ("质保期", ">=", 3, "年") in got
    # Read by a fallback: a human is told so.
    assert any(n["field"] == "requirements" and "no requirement section" in n["reason"] for n in out["needs_review"])


def test_two_bounds_joined_by_and_or_enumeration_comma_are_two_clauses():
    parts = split_clauses("The supplier shall respond to a fault within 4 hours and repair it within 24 hours.")
    assert [(parse_spec(p).operator, parse_spec(p).value) for p in parts] == [("<=", 4), ("<=", 24)]
    parts = split_clauses("每台配置不少于24个千兆电口、不少于4个万兆光口")
    assert [parse_spec(p).value for p in parts] == [24, 4]
    assert split_clauses("支持IPv4、IPv6，吞吐量不低于5Gbps") == ["支持IPv4、IPv6，吞吐量不低于5Gbps"]


def _review(text: str, name: str = "n.txt") -> dict:
    d = parse_bytes(text.encode(), name).to_dict()
    return {n["field"]: n["reason"] for n in d["needs_review"]} | {"_": d}


def test_doc_type_heading_is_not_the_project_name():
    text = """TENDER NOTICE
招标公告
Supply of Street Lighting Controllers
Tender reference: SL-2027-04
Buyer: Riverside Works Department
"""
    d = _review(text)["_"]
    assert d["project_name"] == "Supply of Street Lighting Controllers"


def test_review_flags_a_person_as_buyer_and_a_zero_cap():
    text = """Request for Proposal: Fleet Telematics Service
Solicitation number: FT-2027-9
Contracting authority: Okafor, Chidi
Estimated value: USD 400,000
Maximum price: USD 0
Closing date: 3 March 2027 14:00 UTC
Requirements
1. GPS position update at least every 30 seconds
"""
    r = _review(text)
    assert "person" in r["buyer"]
    assert "zero" in r["max_price"]


def test_review_flags_missing_scoring_when_the_notice_speaks_of_points():
    text = """Request for Proposal: Fleet Telematics Service
Solicitation number: FT-2027-9
Buyer: Riverside Works Department
Closing date: 3 March 2027 14:00 UTC
Requirements
1. GPS position update at least every 30 seconds
Evaluation
Proposals are scored against the point-rated criteria in Annex B.
"""
    assert "scored evaluation" in _review(text)["scoring"]


def test_review_flags_a_stated_mandatory_count_in_english():
    text = """Request for Proposal: Fleet Telematics Service
Solicitation number: FT-2027-9
Buyer: Riverside Works Department
Closing date: 3 March 2027 14:00 UTC
Requirements
Bidders must meet the following 3 mandatory requirements.
1. (M) GPS position update at least every 30 seconds
2. (M) Battery backup of at least 8 hours
"""
    assert "states 3" in _review(text)["mandatory"]
