"""Kinds seen on set 16 (second pass): a date label naming its time too ('截止日期及时间'), one table cell labelling
both the deadline and the opening; a deadline sentence wrapped in a mail body; ranges in mmHg, bpm and a temperature
with a spaced 'C'; items written value-first after a verb of supply; a count in Chinese numerals after its label;
an annex named with no number opening a part; a 'Scope' heading; a numbered heading run into bulleted weights.
Examples are our own."""

from __future__ import annotations

import pytest

from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.fields import kv_in_line, label_of
from dealgraph.ingest.tenders.requirements import parse_spec, split_clauses
from dealgraph.ingest.tenders.sections import heading_topic
from dealgraph.ingest.tenders.tree import numbering


def _parse(body: str, name: str = "notice.txt") -> dict:
    return parse_bytes(body.encode(), name).to_dict()


@pytest.mark.parametrize("line", ["递交截止日期及时间：二〇二七年五月八日下午三时正", "投标截止日期和时间：2027年5月8日15:00"])
def test_a_date_label_naming_its_time_too_is_the_deadline(line):
    assert [f for f, _, _ in kv_in_line(line)] == ["deadline"]


def test_one_cell_labelling_deadline_and_opening_labels_the_deadline():
    assert label_of("响应文件截止时间及开启时间") == "deadline"
    assert label_of("Tender Deadline and Opening") == "deadline"
    assert label_of("答疑截止时间及开标时间") is None


def test_a_deadline_in_chinese_numerals_under_a_compound_label():
    d = _parse("某市水务局采购公告\n项目编号：SW-2027-09\n\n一、投标\n    截止日期及时间：二〇二七年五月八日（星期六）下午三时正\n")
    assert d["deadline"] == "2027-05-08T15:00:00+08:00"


def test_a_deadline_sentence_wrapped_in_a_mail_body():
    mail = ("From: buyer@example.org\nTo: supplier@example.com\nSubject: RFQ WB-33/2027 Pumps\n"
            "Content-Type: text/plain; charset=utf-8\n\n"
            "Request for Quotations WB-33/2027\n\n"
            "5. Quotations shall be submitted by hand or by courier to the office named below, on or before\n"
            "3 June 2027 at 11:00 hours West Africa Time (WAT). Late quotations are returned unopened.\n")
    assert _parse(mail, "rfq.eml")["deadline"] == "2027-06-03T11:00:00+01:00"


@pytest.mark.parametrize("text,value,unit", [
    ("Invasive pressure range of -50 to 300 mmHg.", [-50, 300], "mmHg"),
    ("Pulse rate range 20 to 250 bpm", [20, 250], "bpm"),
    ("Storage temperature range -20 C to +55 C", [-20, 55], "℃"),
    ("Chamber temperature 121 C to 135 C.", [121, 135], "℃"),
])
def test_ranges_in_physiological_units_and_a_spaced_celsius(text, value, unit):
    s = parse_spec(text)
    assert (s.operator, s.value, s.unit) == ("range", value, unit)


def test_a_spaced_letter_c_outside_a_temperature_line_is_no_unit():
    assert parse_spec("Cable class 5 C rated").unit != "℃"


def test_items_written_value_first_after_a_verb_of_supply():
    parts = split_clauses("The contract shall include 36 infusion pumps, 6 syringe drivers and 2 docking stations.")
    specs = [parse_spec(p) for p in parts]
    assert [(s.parameter, s.operator, s.value) for s in specs] == [
        ("infusion pumps", "=", 36), ("syringe drivers", "=", 6), ("docking stations", "=", 2)]


def test_a_duration_after_a_supply_verb_is_no_item():
    assert split_clauses("Provide 24 hours support and 4 hours response") != [
        "Provide 24 hours support", "4 hours response"]


def test_a_count_in_chinese_numerals_after_its_label_and_a_year_in_numerals_is_no_value():
    s = parse_spec("数量：六台，分别安装于一号楼及二号楼")
    assert (s.operator, s.value, s.unit) == ("=", 6, "台")
    assert parse_spec("原有设备：于二零一五年投入使用").value is None


def test_an_annex_named_without_a_number_opens_a_part():
    assert numbering("附件：技术规格摘要") == ("annex", "", 1)
    assert numbering("Appendix: Technical Specifications")[0] == "annex"
    assert numbering("附件：投标报价表.xlsx") is None
    body = ("某区卫生局公开招标\n招标编号：WS-2027-04\n\n一、其他事项\n投标人须自行考察现场。\n\n附件：技术规格摘要\n\n"
            "（一）数量：六台，分别安装于一号楼及二号楼。\n（二）输入电压范围：320V至460V。\n（三）运行环境温度：5°C至35°C。\n")
    params = {(q["parameter"], q["operator"], tuple(q["value"]) if isinstance(q["value"], list) else q["value"])
              for q in _parse(body)["requirements"]}
    assert ("输入电压范围", "range", (320, 460)) in params
    assert ("运行环境温度", "range", (5, 35)) in params
    assert ("数量", "=", 6) in params


def test_a_scope_heading_is_technical():
    assert heading_topic("Scope Summary") == "technical"
    assert heading_topic("4. Scope") == "technical"


def test_a_numbered_heading_run_into_bulleted_weights_keeps_its_first_item():
    body = ("某局公开招标公告\n招标编号：GK-2027-11\n\n"
            "9. 评标标准及比重： － 价格：40% － 技术规格：35% － 交货期：15% － 售后服务：10%\n")
    sc = _parse(body)["scoring"]
    assert sum(s["points"] for s in sc) == 100
    assert ("价格", 40) in [(s["item"], s["points"]) for s in sc]
