"""Field shapes (tenders/shape_checks.py): a value that does not look like its field is flagged; a right one is not."""

from __future__ import annotations

import pytest

from dealgraph.ingest.tenders import shape_checks as shape
from dealgraph.ingest.tenders.checks import Review
from dealgraph.ingest.tenders.model import ParsedTender, Provenance


def _parsed(**fields) -> ParsedTender:
    p = ParsedTender(source="x.txt", fmt="text", pages=1, language="en")
    for k, v in fields.items():
        setattr(p, k, v)
        p.provenance[k] = Provenance(1, f"label: {v}")
    return p


def _flagged(p: ParsedTender) -> set[str]:
    return {n["field"] for n in p.needs_review}


@pytest.mark.parametrize("number, flag", [
    ("Tawaran", True), ("Reference", True), ("3.", True), ("2028-11-16", True), ("16/11/2028", True),
    ("+44 20 7946 0321", True), ("72000000-5", True), ("USD 250,000", True),
    ("FMA-2028-0147", False), ("2029-07", False), ("28914571", False), ("第01/DSDUI/2028號", False), ("EVT0010457", False),
])
def test_tender_number_shape(number, flag):
    p = _parsed(tender_number=number)
    shape.tender_number(p, Review(p))
    assert ("tender_number" in _flagged(p)) == flag
    if flag:
        assert p.confidence["tender_number"] <= 0.3


@pytest.mark.parametrize("name, flag", [
    ("SAM.gov | Contract Opportunities", True), ("Home | Example Council e-Tendering", True),
    ("RFT FMA-2028-0147", True), ("Tender No. ABC/ICT/2027/014", True),
    ("KERAJAAN MALAYSIA / GOVERNMENT OF MALAYSIA", True),
    ("The Ministry of Health invites sealed bids from eligible bidders for the supply of analysers.", True),
    ("River Level Telemetry Network Renewal - Supply, Installation and Maintenance", False),
    ("Enterprise IT Service Management (ITSM) Platform - Software as a Service (W7714-270118/A)", False),
    ("青岚市中心医院3.0T磁共振成像系统升级及专用线圈采购项目", False),
    ("7025--Network Switch Refresh (Brand Name or Equal) - Fayetteville VAMC", False),
    ("Community Mental Health Supported Living Services 2029", False),
])
def test_project_name_shape(name, flag):
    p = _parsed(project_name=name)
    shape.project_name(p, Review(p))
    assert ("project_name" in _flagged(p)) == flag


@pytest.mark.parametrize("buyer, flag", [
    ("1850 Beck Road, Brookfield Heights", True), ("P.O. Box 1234, Accra", True), ("Tel: +60 9 621 2121", True),
    ("procurement@example.gov", True), ("江岚市滨江路88号", True),
    ("Federal Agency for Rural Health Services", False), ("VETERANS AFFAIRS, DEPARTMENT OF", False),
    ("青溪市水务投资集团有限公司", False), ("Minase City (Mayor of Minase City)", False),
])
def test_buyer_shape(buyer, flag):
    p = _parsed(buyer=buyer)
    shape.buyer(p, Review(p))
    assert ("buyer" in _flagged(p)) == flag


@pytest.mark.parametrize("line, flag", [
    ("Deadline for clarification questions: 3 March 2028, 17:00", True), ("澄清截止时间：2028年3月1日 17:00", True),
    ("Deadline for receipt of tenders: 10 March 2028, 12:00", False),
    ("Clarification questions: 3 March 2028, 17:00 AEST", True), ("开标时间：2028年3月5日 09:30", True),
    ("Site visit: 1 March 2028 at 10:00", True), ("Publication date: 20 February 2028", True),
    ("Closing date and time: 10 March 2028, 14:00", False), ("投标截止时间和开标时间：2028年3月5日 09:30", False),
    ("Tenders must be received by 12:00 on 10 March 2028", False),
])
def test_deadline_read_from_a_line_about_another_date(line, flag):
    p = _parsed(deadline="2028-03-05T09:30:00+08:00")
    p.provenance["deadline"] = Provenance(1, line)
    shape.deadline_source(p, Review(p))
    assert ("deadline" in _flagged(p)) == flag
