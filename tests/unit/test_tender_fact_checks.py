"""Key facts read a second way (fact_checks.py): a budget 'not found' is a review only when the notice names a
budget (or, with no cap read, a ceiling) with an amount; each case with a notice where it stays unflagged."""

from __future__ import annotations

import pytest

from dealgraph.ingest.tenders.checks import run_checks
from dealgraph.ingest.tenders.model import Money, ParsedTender, Provenance


def _parsed(**fields) -> ParsedTender:
    p = ParsedTender(source="x.txt", fmt="text", pages=1, language="en")
    for k, v in fields.items():
        setattr(p, k, v)
        p.provenance[k] = Provenance(1, f"label: {v}")
    return p


def _flags(p) -> set[str]:
    return {n["field"] for n in p.needs_review}


def _header(**more) -> ParsedTender:
    return _parsed(project_name="Supply of Pumps", tender_number="RFQ-2029-01", buyer="Water Board",
                   deadline="2029-03-05T14:00:00+00:00", **more)


@pytest.mark.parametrize("lines, flag", [
    # the notice names a budget with an amount: a budget not found is a miss
    (["1.3 Funding. The City's FY 2028-29 budget for this purchase is $1,146,000. Bids in excess of"], True),
    (["B.3 FUNDING. Funds in the amount of $486,000.00 are available for the base CLINs."], True),
    (["Department's Estimated Price:", "RM 2,184,000.00", "Document Price:"], True),
    (["Sl. No. | Name of the work | Estimated amount put to tender (Rs.) | Earnest money (Rs.)",
      "1 | Design and supply of a rooftop solar plant | 1,48,62,000 | 2,97,240"], True),
    (["预算金额：186.0000000 万元（人民币）"], True),
    (["Affordability ceiling | Tenders with a total price exceeding £2,500,000 will be excluded"], True),
    (["The estimated aggregate value of orders under the Framework Agreements resulting from this",
      "RFP is USD 38,000,000 over the initial three-year term, across all lots."], True),
    # it names none: not found is what the notice states
    (["Bids are due on 5 March 2029 at 14:00."], False),
    (["reputable companies to submit tenders for the above project, funded from the 2027 Capital Budget"], False),
    (["Lot 1 - Student laptops, estimated 12,000 units"], False),
    (["- Previous LTA for this product group (2024-2026) had a total value of USD 3,400,000."], False),
    (["The tender security is 2% of the bid price.", "Annual turnover of at least USD 5,000,000."], False),
    ([("B4 Background. The 2024-25 Budget committed $12.4 million over four years to the broader program. This is "
       "background information and is not the value of this Requirement.")], False),
    (["项目全长56公里。项目概算总投资68.52亿元。"], False),
    ([("For reference only, the current contract for similar services (PD/C0143/21) had a not-to-exceed amount of "
       "USD 24,600,000 over five years.")], False),
    ([("The previous framework agreement had an estimated value of EUR 1,200,000. The budget for this tender is "
       "EUR 1,500,000.")], True),
])
def test_budget_not_found_only_when_the_notice_names_one(lines, flag):
    p = _header()
    run_checks(p, [(1, t) for t in lines], {}, set())
    assert ("budget" in _flags(p)) == flag


def test_a_ceiling_read_as_the_cap_does_not_ask_for_a_budget():
    p = _header(max_price=Money(2500000, "GBP"))
    run_checks(p, [(1, "Maximum contract value | £2,500,000")], {}, set())
    assert "budget" not in _flags(p)


def _budget_from(snippet: str, amount: float, currency: str = "CNY") -> ParsedTender:
    p = _header(budget=Money(amount, currency))
    p.provenance["budget"] = Provenance(1, snippet)
    return p


@pytest.mark.parametrize("snippet, amount, lines, flag", [
    # read from an entry of a list of other notices (a date beside the amount); the notice's own budget line differs
    ("2026-09-03 预算金额:745,000.00元", 745000, ["2026-09-03 预算金额:745,000.00元", "预算金额:1,286,500.00元"], True),
    ("某局115年度网路维运服务案(预算金额:新台币6,720,000元,截止投标:115/02/26)", 6720000,
     ["某局115年度网路维运服务案(预算金额:新台币6,720,000元,截止投标:115/02/26)", "预算金额 | 12,850,000元"], True),
    ("Related: Library furniture RFQ (budget: USD 320,000) 2 March 2026", 320000,
     ["Related: Library furniture RFQ (budget: USD 320,000) 2 March 2026", "Budget: USD 186,000"], True),
    # read from its own line: the list of other notices beside it is no review
    ("预算金额 | 3,286,500.00元", 3286500, ["预算金额 | 3,286,500.00元", "2028-08-30 预算金额:2,480,000.00元截止:2028-09-21"], False),
    # a dated line but no other budget in the notice: nothing to compare
    ("预算金额:745,000.00元(2026年9月3日批复)", 745000, ["预算金额:745,000.00元(2026年9月3日批复)"], False),
    # the other amounts are the lots' own
    ("2026-09-03 预算金额:745,000.00元", 745000, ["2026-09-03 预算金额:745,000.00元", "包1预算金额:400,000.00元"], False),
])
def test_budget_read_from_a_listed_notice(snippet, amount, lines, flag):
    from dealgraph.ingest.tenders import fact_checks as facts
    from dealgraph.ingest.tenders.checks import Review

    p = _budget_from(snippet, amount, "USD" if "USD" in snippet else "CNY")
    facts.budget_listed(p, Review(p), [(1, t) for t in lines])
    assert ("budget" in _flags(p)) == flag


@pytest.mark.parametrize("snippet, deadline, flag", [
    # an addendum's row: the original date first, the revised one after it
    ("PROPOSALS DUE | Mar 4, 2027, 2:00 PM | Thursday, Mar 18, 2027, 2:00 PM", "2027-03-04T14:00:00-08:00", True),
    ("投标截止时间：2027年3月4日09:30 延期至2027年3月18日09:30", "2027-03-04T09:30:00+08:00", True),
    # the later date is another step's, or the one read is already the later one
    ("截止时间：2027年3月1日09:30，开标时间：2027年3月2日09:30", "2027-03-01T09:30:00+08:00", False),
    ("Bid Submission Start Date | 10-Feb-2028 10:00 AM | Bid Submission End Date | 29-Feb-2028 03:00 PM",
     "2028-02-29T15:00:00+05:30", False),
    ("2027年05月13日至2027年05月20日17时00分(北京时间)", "2027-05-20T17:00:00+08:00", False),
    ("Closing date: 27/07/1450 14/12/2028 10:00 AM", "2028-12-14T10:00:00+03:00", False),
    ("Deadline: 1 March 2027 12:00 (tenders opened on 2 March 2027)", "2027-03-01T12:00:00+00:00", False),
])
def test_deadline_line_going_on_to_a_later_date(snippet, deadline, flag):
    from dealgraph.ingest.tenders import fact_checks as facts
    from dealgraph.ingest.tenders.checks import Review

    p = _header()
    p.deadline = deadline
    p.provenance["deadline"] = Provenance(1, snippet)
    facts.deadline_revised(p, Review(p))
    assert ("deadline" in _flags(p)) == flag


def _choice(field: str, scored: list[tuple[str, float]]):
    from dealgraph.ingest.tenders import header_model
    from dealgraph.ingest.tenders.header_candidates import norm

    ch = header_model.Choice(field)
    ch.scored = [header_model.Scored(norm(v), v, p, False, None, {}) for v, p in sorted(scored, key=lambda t: -t[1])]
    return ch


@pytest.mark.parametrize("kept, scored, flag", [
    # the model's confident reading overlaps the kept one: cut short or run on
    ("GLDT", [("GLDT 7/2027", 0.98), ("GLDT", 0.01)], True),
    ("XNDL-2027-KJ-0186发布日期:2027年4月25日", [("XNDL-2027-KJ-0186", 0.99)], True),
    ("2027-9184352", [("ITB 2027-9184352", 0.93), ("2027-9184352", 0.07)], True),
    # a portal's id beside the buyer's own reference: two codes, no overlap
    ("E3301000028000412001", [("QXSW-2028-SG-015", 0.89), ("E3301000028000412001", 0.1)], False),
    # the model is not confident, or it gives the kept value a fair chance
    ("GLDT", [("GLDT 7/2027", 0.6), ("GLDT", 0.3)], False),
    ("RFP 2026-047", [("2026-047", 0.72), ("RFP 2026-047", 0.35)], False),
    ("GLDT 7/2027", [("GLDT 7/2027", 0.98), ("GLDT", 0.01)], False),
])
def test_tender_number_against_the_header_model(kept, scored, flag):
    from dealgraph.ingest.tenders import fact_checks as facts
    from dealgraph.ingest.tenders.checks import Review

    p = _header()
    p.tender_number = kept
    p.header_choices = {"tender_number": _choice("tender_number", scored)}
    facts.number_against_model(p, Review(p))
    assert ("tender_number" in _flags(p)) == flag


@pytest.mark.parametrize("line, flag", [
    ("The contract will be awarded on the total extended price. No points or weighted criteria will be used.", False),
    ("The work will be awarded to the lowest (L1) bidder. No marks or weightage are given for quality.", False),
    ("Points will not be awarded for experience; the lowest compliant bid wins.", False),
    ("Evaluation criteria: quality and price, with weightings set out in Schedule 3.", True),
])
def test_a_notice_saying_it_scores_nothing_asks_for_no_scoring(line, flag):
    p = _header(budget=Money(100000, "USD"))
    run_checks(p, [(1, line)], {}, set())
    assert ("scoring" in _flags(p)) == flag


@pytest.mark.parametrize("deadline, lines, budget, flag", [
    ("2026-10-14T16:00:00+00:00", ["GOVERNMENT OF FIJI", "Closing date and time | 4:00pm (Fiji time), Wednesday 14 October 2026"],
     None, True),
    ("2026-10-14T16:00:00+12:00", ["GOVERNMENT OF FIJI", "Closing date and time | 4:00pm (Fiji time), 14 October 2026"], None, False),
    ("2027-01-14T12:00:00+00:00", ["Country: United Kingdom", "Time limit for receipt of tenders: 14/01/2027 12:00"], None, False),
    # a British notice naming another country in passing keeps its own time
    ("2027-01-14T12:00:00+00:00", ["Supply of vaccine fridges for clinics in Kenya", "Deadline: 14 January 2027 12:00"],
     Money(250000, "GBP"), False),
])
def test_deadline_read_in_utc_where_the_country_keeps_another_time(deadline, lines, budget, flag):
    from dealgraph.ingest.tenders import fact_checks as facts
    from dealgraph.ingest.tenders.checks import Review

    p = _header(budget=budget) if budget else _header()
    p.deadline = deadline
    facts.deadline_in_utc(p, Review(p), [(1, t) for t in lines])
    assert ("deadline" in _flags(p)) == flag
