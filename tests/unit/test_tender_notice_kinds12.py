"""Kinds of tender notices seen on portal field lists (set 12): a legend verb of marking written 註記/注记, a heading
with a note in brackets after its name, a must mark after Chinese item numbering, a criterion line naming a topic, a
pass mark in the scoring part. Examples are our own."""

from __future__ import annotations

from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.extractors.shapes import section_of_heading
from dealgraph.ingest.tenders.legend import must_tokens
from dealgraph.ingest.tenders.requirements import mark_as_must
from dealgraph.ingest.tenders.sections import heading_topic


def _text(body: str, name: str = "notice.txt"):
    return parse_bytes(body.encode(), name)


def test_a_legend_marking_with_zhuji_defines_its_mark():
    assert must_tokens("下列條款註記「△」者為必要條款，不符者不予評選") == {"△"}
    assert must_tokens("凡注记“◆”的参数为必要参数") == {"◆"}


def test_a_mark_after_chinese_item_numbering_is_read_as_a_must():
    assert mark_as_must("（三）◆供电电压：220V", {"◆"}).startswith("（三）★")
    assert mark_as_must("二、◆保修期：3年", {"◆"}).startswith("二、★")
    assert mark_as_must("4）◆重量：≤5kg", {"◆"}).startswith("4）★")


def test_a_heading_with_a_bracketed_note_after_its_name():
    assert section_of_heading("三、技术规格（注记“◆”者为必要参数，任一项不满足者投标无效）") == "technical"
    assert section_of_heading("4. Specifications (items below marked M are mandatory for every bidder)") == "technical"


def test_scoring_parts_named_by_their_points_words():
    assert section_of_heading("五、评选项目及配分") == "scoring"


def test_a_criterion_with_its_points_names_no_part():
    assert heading_topic("2.技术规格响应：30分") is None
    assert heading_topic("Technical specifications: 40 points") is None
    assert heading_topic("三、技术规格") == "technical"


def test_a_pass_mark_in_the_scoring_part_is_no_criterion():
    p = _text("某市图书馆自助借还设备采购案\n公开招标公告\n二、评选项目及配分\n1.技术能力：60分\n2.价格：40分\n"
              "评选总平均分数75分以上者为及格厂商，以序位法评定。\n")
    assert sum(s.points for s in p.scoring) == 100


def test_a_traditional_spec_list_with_a_declared_mark():
    p = _text("某市消防局救災器材採購案\n公開招標公告\n一、主要規格（以下規格註記「◆」者為必要規格，任一項不符者為不合格標）\n"
              "（一）◆續航時間：不少於30分鐘。\n（二）　重量：不大於5公斤。\n（三）◆防護等級：IP54以上。\n")
    assert sum(1 for r in p.requirements if r.mandatory) == 2


def test_an_internal_identifier_is_the_buyers_reference_beside_a_portal_id():
    p = _text("Portal alert\nResource ID: 4418207\nTitle: Supply of road salt for the winter season\n"
              "Contracting Authority: Kildoon County Council\nProcedure identifier: 0b1c2d3e-1111-4222-8333-444455556666\n"
              "Internal identifier: KCC/RD/2027/0091\n1. Description\nRoad salt supply.\n")
    assert p.tender_number == "KCC/RD/2027/0091"


def test_award_criteria_as_form_fields_on_one_line():
    p = _text("Supply of road salt\n5.1.10 Award criteria\n"
              "Criterion: Type: Quality - Name: Delivery plan and logistics - Weight (points, exact): 45\n"
              "Criterion: Type: Price - Name: Price - Weight (points, exact): 55\n6. Results\nNone.\n")
    assert sorted(s.points for s in p.scoring) == [45, 55]
