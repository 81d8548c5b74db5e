"""Kinds seen on unseen portals (session 8): deadlines labelled by what is submitted or stated in a sentence whose
first "by" names the receiver; a notice's own legend of its must marks; scoring schemes read by their own
structure; units written as words. Examples are our own."""

from __future__ import annotations

from dealgraph.ingest.tenders.extract import extract
from dealgraph.ingest.tenders.parse_text import parse_text


def _parse(text: str, name: str = "notice.txt"):
    return extract(parse_text(text, name))


def test_deadline_for_proposals_is_the_submission_deadline():
    out = _parse("REQUEST FOR PROPOSALS\nHarbour Board ferry ticketing system\n"
                 "Deadline for Questions: 4:00 pm (AEDT) Monday, 8 March 2027\n"
                 "Deadline for Tenders: 2:00 pm (AEDT) Friday, 19 March 2027\n")
    assert out.deadline == "2027-03-19T14:00:00+11:00"


def test_prose_deadline_after_the_receiver_named_with_by():
    out = _parse("INVITATION TO BID\nSupply of two dump trucks\nCity of Riverton, Republic of the Philippines\n"
                 "5. Sealed bids must be delivered by hand to the Procurement Unit at the City Hall annex on or before "
                 "10:30 AM of June 7, 2027. Late bids shall not be accepted.\n"
                 "6. Bid opening shall be on June 7, 2027, 11:00 AM at the City Hall.\n")
    assert out.deadline == "2027-06-07T10:30:00+08:00"


def _musts(out):
    return [r for r in out.requirements if r.mandatory and r.kind != "qualification"]


def test_legend_defines_an_unknown_symbol_as_the_must_mark():
    out = _parse("采购公告\n项目名称：电子天平采购\n三、技术规格\n"
                 "图例：◎ = 必要规格；○ = 选择规格\n"
                 "1. ◎ 可读性≤0.1 mg\n2. ○ 稳定时间≤3秒\n3. ◎ 质保期不少于3年\n")
    assert len(_musts(out)) == 2
    assert not any("图例" in r.text for r in out.requirements)


def test_legend_defines_bracketed_tags_and_is_not_an_item():
    out = _parse("REQUEST FOR QUOTATION\nField radios\n\nTECHNICAL REQUIREMENTS\n"
                 "Key: (E) essential / (D) desirable. Offers failing an essential item are rejected.\n"
                 "1. (E) Transmit power of at least 5 W.\n2. (D) Battery life of at least 12 hours.\n"
                 "3. (E) Operating temperature from -20 °C to 55 °C.\n4. (E) Weight of no more than 800 g.\n")
    assert len(_musts(out)) == 3


def test_tag_named_inside_a_sentence_marks_no_item():
    out = _parse("REQUEST FOR QUOTATION\nCold room\n\nSPECIFICATIONS\n"
                 "Legend: items marked {Critical} are minimum requirements; items marked {Wish} are scored.\n"
                 "1. Net volume of at least 40 m3. {Critical}\n2. Noise of no more than 50 dBA. {Wish}\n"
                 "3. Door width of at least 1.2 m. {Critical}\n\nEVALUATION\n"
                 "Only offers meeting every {Critical} item are evaluated on price.\n")
    assert len(_musts(out)) == 2


def test_a_mark_named_as_a_noun_in_a_sentence_is_a_reference_not_a_mark():
    out = _parse("询价公告\n项目名称：实验室通风柜采购\n一、技术要求\n★1. 面风速：0.3～0.5 m/s\n2. 噪声：≤55 dB\n"
                 "二、成交原则\n在满足全部实质性要求（★条款）的前提下，以报价最低的供应商为成交供应商。\n")
    assert len(_musts(out)) == 1


def test_compliance_sheet_statement_makes_every_row_pass_fail():
    from dealgraph.ingest.tenders.legend import every_row_must

    assert every_row_must('A response of "Not Compliant" against any of the listed specifications shall cause the offer '
                          'to be declared non-responsive.')
    assert every_row_must("投标人对下表中任何一项技术参数不满足的，其投标无效。")
    assert not every_row_must("标注“★”的条款为实质性要求，任何一项不满足即作无效投标处理。")


def test_deduction_per_deviation_is_not_a_scoring_item():
    out = _parse("竞争性磋商公告\n项目名称：监护仪采购\n一、技术参数\n"
                 "说明：标注“▲”的参数每负偏离一项扣2分，一般参数每负偏离一项扣0.5分。\n▲1. 屏幕尺寸≥12英寸\n"
                 "二、评分办法\n价格分30分，技术分50分，商务分20分。\n")
    assert sum(s.points for s in out.scoring) == 100


def test_dot_leader_list_of_factors_is_the_scoring_scheme():
    out = _parse("COMBINED SYNOPSIS/SOLICITATION\nSolicitation Number: 47QSWA27Q0012\n\n"
                 "(iv) Salient characteristics:\n  1. Capacity of at least 20 tons per day. [M]\n\n"
                 "(v) The provision at FAR 52.212-2 applies. Quotes will be evaluated as follows:\n\n"
                 "  Factor A - Technical Approach ........................ 500 points\n"
                 "  Factor B - Past Performance ......................... 300 points\n"
                 "  Factor C - Price .................................... 200 points\n"
                 "  Maximum possible score .............................. 1000 points\n\n"
                 "(vi) Offerors shall register in SAM.\n")
    assert sorted(s.points for s in out.scoring) == [200, 300, 500]


def test_weighting_split_beside_a_marking_table_is_not_items():
    from dealgraph.ingest.tenders.parse_html import parse_html

    html = ("<html><body><h1>Tender notice: Supply of street sweepers</h1><h2>Marking scheme</h2>"
            "<p>技术评分占30%，价格评分占70%。</p>"
            "<table><tr><th>Criteria</th><th>Maximum marks</th></tr><tr><td>Hopper volume</td><td>45</td></tr>"
            "<tr><td>Service network</td><td>35</td></tr><tr><td>Delivery</td><td>20</td></tr>"
            "<tr><td>Total</td><td>100</td></tr></table></body></html>")
    out = extract(parse_html(html, "t.html"))
    assert sorted(s.points for s in out.scoring) == [20, 35, 45]


def test_units_written_as_words_or_small_volumes():
    from dealgraph.ingest.tenders.requirements import parse_spec

    assert parse_spec("Sorter throughput of at least 900 books per hour").unit == "books per hour"
    assert parse_spec("Engine displacement of at least 1,800 cc").unit == "cc"
    assert parse_spec("加样体积≤2 μL").unit == "μL"
    assert parse_spec("Formulary of at least 2,000 entries").unit == "entries"


def test_a_following_list_run_into_one_line_is_requirements():
    html = ("<html><body><h1>Tender notice: Blood analysers</h1><h2>Description</h2>"
            "<p>The following are desirable and will be scored under Quality: a sample rack of at least 60 tubes per hour; "
            "an analyser memory of at least 10,000 records; delivery of no more than 20 days from order.</p></body></html>")
    from dealgraph.ingest.tenders.parse_html import parse_html

    out = extract(parse_html(html, "t.html"))
    reqs = {r.unit: r for r in out.requirements}
    assert reqs["records"].value == 10000 and not reqs["records"].mandatory
    assert "tubes per hour" in reqs


def test_a_letter_mark_is_a_token_of_its_own_not_the_first_letter_of_a_word():
    # '"M" denotes a Mandatory requirement' makes M a must mark; the M of "May" and of "MODEL" marks nothing.
    text = """Invitation to Tender: Patient Monitors
Tender No.: HOS-T-2026-11
Buyer: Eastbay Hospital
Tender Closing Date | 12 May 2026, 4:00 pm (Singapore time)
Specification
Legend: "M" denotes a Mandatory requirement. Tenderers must comply with ALL Mandatory requirements.
No. | Requirement | M/D
1 | Display of at least 15 inch | M
2 | Battery of at least 4 hours | M
3 | Wireless roaming | D
MODEL ITEM 4 | Monitor mount
"""
    out = _parse(text)
    assert out.deadline == "2026-05-12T16:00:00+08:00"
    musts = [r.text for r in out.requirements if r.mandatory]
    assert musts == ["Display of at least 15 inch", "Battery of at least 4 hours"]
