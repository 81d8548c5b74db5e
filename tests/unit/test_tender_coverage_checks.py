"""Coverage checks (tenders/coverage_checks.py): what the notice states plainly and the parse does not hold is
flagged; a parse that holds it is not."""

from __future__ import annotations

from dealgraph.ingest.tenders import coverage_checks as coverage
from dealgraph.ingest.tenders.checks import Review
from dealgraph.ingest.tenders.model import ParsedTender, Requirement, ScoringItem


def _parsed(reqs=(), scoring=()) -> ParsedTender:
    p = ParsedTender(source="x.txt", fmt="text", pages=1, language="en")
    p.requirements = list(reqs)
    p.scoring = list(scoring)
    return p


def _notes(p: ParsedTender, field: str) -> list[dict]:
    return [n for n in p.needs_review if n["field"] == field]


def _lines(*texts: str) -> list[tuple[int, str]]:
    return [(1, t) for t in texts]


def _must(text: str, mandatory: bool = True) -> Requirement:
    return Requirement(kind="technical", text=text, mandatory=mandatory)


def test_rows_carrying_the_legends_mark_are_counted_against_the_mandatory_items():
    lines = _lines('Items marked "Mandatory (X)" must be met in full; "Optional (Y)" items are scored.',
                   "No. | Specification | Requirement level", "A-1 | Uptime 99% | Mandatory (X)",
                   "A-2 | Warranty 3 years | Mandatory (X)", "A-3 | Dashboard | Optional (Y)")
    p = _parsed([_must("Uptime 99%", False), _must("Warranty 3 years", False), _must("Dashboard", False)])
    coverage.must_column(p, Review(p), lines)
    assert _notes(p, "mandatory") and "2 rows" in _notes(p, "mandatory")[0]["reason"]
    p = _parsed([_must("Uptime 99%"), _must("Warranty 3 years"), _must("Dashboard", False)])
    coverage.must_column(p, Review(p), lines)
    assert not _notes(p, "mandatory")


def test_a_deviation_column_counts_the_rows_that_allow_none():
    lines = _lines("序号 | 技术指标 | 是否允许偏离", "1 | 电池续航不少于4小时 | 不允许", "2 | 充电时间≤3小时 | 允许",
                   "3 | 防护等级IP54 | 不允许")
    p = _parsed([_must("电池续航不少于4小时", False), _must("充电时间≤3小时", False), _must("防护等级IP54", False)])
    coverage.must_column(p, Review(p), lines)
    assert "2 rows" in _notes(p, "mandatory")[0]["reason"]
    p = _parsed([_must("电池续航不少于4小时"), _must("充电时间≤3小时", False), _must("防护等级IP54")])
    coverage.must_column(p, Review(p), lines)
    assert not _notes(p, "mandatory")


def test_a_legend_for_preferred_items_is_not_a_must_legend():
    lines = _lines('Specifications marked "Preferred" earn points.', "1.1 | Memory | 500 results | Preferred",
                   "1.2 | Range | 0-25 g/dL | Preferred")
    p = _parsed([_must("Memory", False), _must("Range", False)])
    coverage.must_column(p, Review(p), lines)
    assert not _notes(p, "mandatory")


def test_a_bound_no_requirement_holds_is_flagged_with_its_clause():
    engine = Requirement(kind="technical", text="Engine: 4-stroke, single-cylinder diesel", parameter="Engine")
    other = Requirement(kind="technical", text="Fuel tank at least 5 litres", operator=">=", value=5, unit="L")
    lines = _lines("*1.1 Engine: 4-stroke, single-cylinder diesel; rated power not less than 11 kW (15 hp)",
                   "Fuel tank at least 5 litres", "Liquidated damages: up to a maximum of 10%",
                   "Quality: at least 85% of staff holding the diploma, satisfaction of 90% or", "more; turnover below 20%.",
                   "Warranty of at least 25 years (minimum 80% of rated output)")
    p = _parsed([engine, other, Requirement(kind="technical", text="Warranty", value=25, unit="years")])
    coverage.unread_bounds(p, Review(p), lines)
    snippets = [n["snippet"] for n in _notes(p, "requirements")]
    assert any(s.startswith("*1.1 Engine:") and "11 kW" in s for s in snippets)
    assert any("85%" in s for s in snippets) and any("90% or" in s for s in snippets)  # wrapped onto the next line
    assert not any("Fuel tank" in s or "80%" in s or "10%" in s for s in snippets)


def test_bounds_read_or_written_as_decimal_commas_or_in_scoring_lines_are_not_flagged():
    p = _parsed([Requirement(kind="technical", text="Switching capacity", value=12.8, unit="Tbps")],
                [ScoringItem("Manufacturing capacity", 5)])
    lines = _lines("MR-1.1: Switching capacity of at least 12,8 Tbit/s per switch.",
                   "Manufacturing capacity | monthly output ≥20000 units earns 5 | 5", "Memory: 16 GB DDR5 or higher",
                   "Ingress protection IP67 or better")
    p.requirements.append(Requirement(kind="technical", text="Memory", value=16, unit="GB"))
    coverage.unread_bounds(p, Review(p), lines)
    assert not _notes(p, "requirements")


def test_a_labelled_duration_no_requirement_holds():
    p = _parsed([Requirement(kind="technical", text="Warranty", value=3, unit="years")])
    coverage.unread_terms(p, Review(p), _lines("Duration in months: 60", "Bid validity period: 90 days"))
    notes = _notes(p, "requirements")
    assert len(notes) == 1 and "60" in notes[0]["snippet"]
    p = _parsed([Requirement(kind="technical", text="Duration", value=60, unit="months")])
    coverage.unread_terms(p, Review(p), _lines("Duration in months: 60"))
    assert not _notes(p, "requirements")


def test_an_item_number_as_parameter_in_a_row_of_several_figures():
    r = Requirement(kind="technical", text="1 | Hemoglobin analyzer | 350 | units | 8 weeks", parameter="1",
                    operator="=", value=8, unit="weeks", snippet="1 | Hemoglobin analyzer | 350 | units | 8 weeks")
    ok = Requirement(kind="technical", text="2 | Net cooling capacity | ≥ 35 kW", parameter="2", operator=">=", value=35,
                     unit="kW", snippet="2 | Net cooling capacity | ≥ 35 kW")
    p = _parsed([r, ok])
    coverage.item_number_as_parameter(p, Review(p))
    assert [n["field"] for n in p.needs_review] == ["requirements[0]"]


def test_ranges_in_two_clauses_one_read_and_a_range_with_no_value():
    two = Requirement(kind="technical", text="调光方式:支持0-10V及PWM调光,调光范围0~100%连续可调", operator="range",
                      value=[0, 10], unit="V")
    one = Requirement(kind="technical", text="Operates at 0°C to 40°C and 20% to 90% relative humidity", operator="range",
                      value=[0, 40], unit="℃")
    none = Requirement(kind="technical", text="No. 4 sieve 20-90")
    neither = Requirement(kind="technical", text="设备工作环境温度:-20℃~55℃,相对湿度0~100%RH", operator="range",
                          value=[-20, 55], unit="℃")
    p = _parsed([two, one, none, neither])
    coverage.ranges_in_text(p, Review(p))
    assert {n["field"] for n in p.needs_review} == {"requirements[0]", "requirements[2]"}


def test_a_span_of_years_read_as_the_value_while_the_figure_is_lost():
    lost = Requirement(kind="qualification", text="财务要求:近三年(2025-2027年)平均营业收入不低于5亿元", operator="range",
                       value=[2025, 2027], unit="年")
    history = Requirement(kind="technical", text="原站点于2012年至2014年建设", operator="range", value=[2012, 2014])
    p = _parsed([lost, history])
    coverage.year_span_as_range(p, Review(p))
    assert [n["field"] for n in p.needs_review] == ["requirements[0]"]


def test_a_unit_of_measure_written_after_the_value_but_not_read():
    tons = Requirement(kind="technical", text="a reserve stockpile of not less than 3,000 tons", operator=">=", value=3000)
    code = Requirement(kind="technical", text="SC-4 A minimum of 4 uplink ports", operator=">=", value=4)
    p = _parsed([tons, code])
    coverage.unit_unread(p, Review(p))
    assert [n["field"] for n in p.needs_review] == ["requirements[0]"]


def test_schedule_quantities_no_requirement_holds():
    lines = _lines("No. | Item | Qty | Unit | Delivery", "1 | Hemoglobin analyzer | 350 | units | 8 weeks",
                   "2 | Pulse oximeter | 600 | units | 8 weeks")
    p = _parsed([Requirement(kind="technical", text="Pulse oximeter", operator="=", value=600, unit="units")])
    coverage.quantity_rows(p, Review(p), lines)
    assert [n["snippet"] for n in p.needs_review] == ["1 | Hemoglobin analyzer | 350 | units | 8 weeks"]


def test_a_budget_by_fallback_against_a_labelled_estimate():
    from dealgraph.ingest.tenders.model import Money, Provenance

    lines = _lines("2.3 框架协议预估采购金额:人民币8,600.00万元(含税),其中标包1为5,200.00万元。",
                   "2.2 | Optical power budget | ≥ 28 dB on 1550 nm")
    p = _parsed()
    p.budget, p.provenance["budget"] = Money(84_200_000, "CNY"), Provenance(1, "sum of lot budgets")
    coverage.budget_by_fallback(p, Review(p), lines, {"budget"})
    assert [n["field"] for n in p.needs_review] == ["budget"]
    p = _parsed()  # read under its own label: nothing to weigh it against
    p.budget, p.provenance["budget"] = Money(86_000_000, "CNY"), Provenance(1, "预估采购金额:人民币8,600.00万元")
    coverage.budget_by_fallback(p, Review(p), lines, set())
    assert not p.needs_review
