"""Kinds of layout seen on more portals: hard-wrapped clauses, essential markers, bilingual pages,
Chinese-numeral dates, currencies written after the amount, instrument units. Examples are our own."""

from __future__ import annotations

from dealgraph.ingest.tenders.dates import arabic_dates, parse_datetime
from dealgraph.ingest.tenders.extract import extract
from dealgraph.ingest.tenders.money import parse_money
from dealgraph.ingest.tenders.parse_html import parse_html
from dealgraph.ingest.tenders.parse_text import parse_text, unwrap
from dealgraph.ingest.tenders.requirements import markers, parse_spec, strip_markers

RFT = """WESTERN WATER CORPORATION

REQUEST FOR TENDER
WWC-T-2031-77

PUMP STATION CONTROL UPGRADE

3.    SPECIFICATION

3.1   How requirements are shown

3.1.1 Every requirement below is labelled either (Mandatory) or (Desirable).

3.2   Controllers

3.2.1 Each controller must provide no fewer than 64 digital inputs and
      must operate at up to 55 °C ambient. (Mandatory)

3.2.2 The controller should log events for at least 90 days without
      external storage. (Desirable)

3.2.3 Spare parts must be available for a period of at least 10 years
      after Final Acceptance. (Mandatory)

4.    INSURANCE

4.1.1 Public liability insurance of AUD 10 million applies.

5.    EVALUATION CRITERIA

      Criterion                                         Weighting
      Criterion 1 - Technical merit                     50%
      Criterion 2 - Delivery and support                20%
      Criterion 3 - Price                               30%
      Total                                             100%
"""


def test_hanging_indent_continues_the_clause_but_not_a_table_row():
    lines = unwrap(["3.2.1 Each controller must provide no fewer than 64 digital inputs and",
                    "      must operate at up to 55 °C ambient. (Mandatory)",
                    "      Criterion 1 - Technical merit        50%",
                    "      Criterion 2 - Delivery               20%"])
    assert lines[0].endswith("up to 55 °C ambient. (Mandatory)")
    assert len(lines) == 3  # the fixed-width rows stay rows
    # A decimal value wrapped to the start of a line is not a clause number.
    assert len(unwrap(["1.4.2 Drift shall not exceed", "      0.5 m). (Mandatory)"])) == 1


def test_wrapped_rft_clauses_musts_desirables_and_weights():
    out = extract(parse_text(RFT, "rft.txt"))
    reqs = [r for r in out.requirements if r.kind != "qualification"]
    musts = [r for r in reqs if r.mandatory]
    assert len(musts) == 2  # 3.2.1 and 3.2.3; the legend line is not an item
    assert not any("labelled" in r.text for r in reqs)
    assert not any("insurance" in r.text.lower() for r in reqs)  # a later part, not more specification
    logs = next(r for r in reqs if "90 days" in r.text)
    assert (logs.mandatory, logs.operator, logs.value) == (False, ">=", 90)
    assert sorted(s.points for s in out.scoring) == [20, 30, 50]
    assert out.project_name == "PUMP STATION CONTROL UPGRADE"


def test_chinese_numeral_dates_and_city_times():
    assert arabic_dates("开标时间：二〇三一年十一月二十日下午两点三十分") == "开标时间：2031年11月20日下午2点30分"
    assert parse_datetime("递交截止：二〇三一年一月九日十时整（北京时间）") == "2031-01-09T10:00:00+08:00"
    assert arabic_dates("三个月内完成") == "三个月内完成"  # no year in Chinese numerals: untouched
    assert parse_datetime("2031年6月2日（星期一）下午3時正（香港時間）") == "2031-06-02T15:00:00+08:00"
    # Canberra is in daylight time in January and standard time in July.
    assert parse_datetime("3:00 pm Canberra time, 15 January 2031") == "2031-01-15T15:00:00+11:00"
    assert parse_datetime("15-Jul-2031 3:00 pm (ACT Local Time)") == "2031-07-15T15:00:00+10:00"


def test_currency_written_after_the_amount():
    assert parse_money("up to $2,400,000.00 CAD, taxes extra") .currency == "CAD"
    assert parse_money("NZ$ 1.2 million (excl. GST)").amount == 1_200_000
    assert parse_money("NZ$ 1.2 million (excl. GST)").currency == "NZD"
    assert parse_money("港幣3,200,000元").currency == "HKD"


def test_instrument_units_and_count_nouns():
    assert parse_spec("探测器排数≥128排", None).unit == "排"
    assert parse_spec("焦点尺寸≤0.6μm", None).unit == "μm"
    assert parse_spec("机架旋转速度≥40°/s", None).unit == "°/s"
    s = parse_spec("The portal must support at least 3,000 concurrent external users", None)
    assert (s.operator, s.value, s.unit) == (">=", 3000, "users")
    # A value stated again with its bound gives the direction.
    s = parse_spec("Positional error shall be 0.8 m or better (that is, no more than 0.8 m)", None)
    assert (s.operator, s.value, s.unit) == ("<=", 0.8, "m")


def test_essential_and_desirable_markers():
    assert markers("[E] The kiosk shall accept contactless payment.")[0]
    assert markers("〔E〕 資訊亭須支援非接觸式付款。")[0]
    assert not markers("[D] The kiosk should print receipts.")[0]
    assert strip_markers("〔D〕 資訊亭應可列印收據。") == "資訊亭應可列印收據。"
    assert markers("3 #探测器像素尺寸≤150μm") == (False, True)  # "#" = 重要参数 in 机电 tenders


BILINGUAL = """<html><body>
<div lang="en"><h2>Requirements</h2><p>Items marked [E] are essential.</p>
<ul><li>[E] Each kiosk shall support not less than 50 transactions per hour.</li>
<li>[E] Screens shall have a brightness of not less than 1000 nits.</li></ul>
<h2>Marking scheme</h2><table><tr><th>Criterion</th><th>Marks</th></tr>
<tr><td>Technical</td><td>60</td></tr><tr><td>Price</td><td>40</td></tr></table></div>
<div lang="zh-HK"><h2>技術要求</h2><p>標明〔E〕的項目為必要規定。</p>
<ul><li>〔E〕每部資訊亭每小時須處理不少於50宗交易。</li>
<li>〔E〕屏幕亮度須不少於1000 nits。</li></ul>
<h2>評分</h2><table><tr><th>評分項目</th><th>分數</th></tr>
<tr><td>技術</td><td>60</td></tr><tr><td>價格</td><td>40</td></tr></table></div>
</body></html>"""


def test_bilingual_page_is_read_once():
    out = extract(parse_html(BILINGUAL, "kiosk.html"))
    assert sum(1 for r in out.requirements if r.mandatory) == 2
    assert sum(s.points for s in out.scoring) == 100


def test_deadline_in_a_chinese_sentence_with_numeral_date():
    text = ("一、项目名称：滨江站场照明改造\n"
            "二、投标文件递交的截止时间（投标截止时间，下同）为二〇三一年四月二日下午两点（北京时间），逾期不予受理。\n"
            "三、质疑截止时间为二〇三一年三月二十日。\n")
    out = extract(parse_text(text, "zb.txt"))
    assert out.deadline == "2031-04-02T14:00:00+08:00"
