"""Qualification requirements are pass/fail: real notices (中国政府采购网, EU TED, US RFP, 磋商公告).

With capabilities that lack one required qualification, the tender is disqualified and the reason
names it; with everything present it is not, and what we cannot verify is listed as needs-checking.
"""

from dataclasses import asdict
from pathlib import Path

import pytest

from dealgraph.algorithms.matching.capabilities import capabilities_from_records
from dealgraph.algorithms.matching.engine import gate, match_requirements, overall
from dealgraph.ingest.tenders import parse_file

FOREIGN = Path(__file__).resolve().parents[1] / "fixtures" / "foreign"


def _cert(cid, name, valid_until="2030-12-31", spec=""):
    return {"id": cid, "kind": "certification", "name": name, "spec": spec, "valid_until": valid_until}


def _fact(cid, name, spec):
    return {"id": cid, "kind": "company", "name": name, "spec": spec}


# Per notice: the capabilities that satisfy its measurable qualifications, the one replaced to fail
# it (id -> replacement record, None = we lack it), and a word the disqualify reason must name.
CASES = {
    "ccgp_notice.txt": (
        [_cert("c-iso9001", "ISO 9001质量管理体系认证"), _cert("c-iso27001", "ISO 27001 信息安全管理体系"),
         {"id": "r1", "kind": "reference_case", "name": "某三甲医院信息化", "industry": "医疗", "year": 2024}],
        {"c-iso9001": None}, "ISO9001"),
    "ted_notice.txt": (
        [_cert("c-iso9001", "ISO 9001 certificate"), _cert("c-iso27001", "ISO/IEC 27001 certificate"),
         _fact("c-fin", "Audited accounts", "annual turnover=12000000 EUR")],
        {"c-fin": _fact("c-fin", "Audited accounts", "annual turnover=3500000 EUR")}, "turnover"),
    "us_rfp.txt": (
        [_cert("c-iso9001", "ISO 9001 certificate"), _fact("c-co", "Company profile", "experience=12 years")],
        {"c-co": _fact("c-co", "Company profile", "experience=3 years")}, "experience"),
    "cs_notice.txt": (
        [_cert("c-cmmi", "CMMI 3级", spec="level=3"), _cert("c-iso9001", "ISO 9001质量管理体系认证")],
        {"c-cmmi": _cert("c-cmmi", "CMMI 3级", valid_until="2024-12-31", spec="level=3")}, "CMMI"),
}


def _assess(file: str, records: list[dict]) -> tuple[list[dict], list, dict]:
    t = parse_file(FOREIGN / file)
    reqs = [asdict(r) for r in t.requirements]
    res = match_requirements(reqs, capabilities_from_records(records), deadline=t.deadline)
    return reqs, res, overall(reqs, res, [{"item": s.item, "points": s.points} for s in t.scoring])


@pytest.mark.parametrize("file", sorted(CASES))
def test_all_qualifications_present_is_admissible(file):
    records, _, _ = CASES[file]
    reqs, res, summary = _assess(file, records)
    assert any(r["kind"] == "qualification" for r in reqs)
    assert summary["disqualified"] is False, summary["disqualify_reasons"]
    # statutory declarations ("具有独立承担民事责任的能力", trade register...) cannot be verified from data
    for r, m in zip(reqs, res):
        if r["kind"] == "qualification" and m.status == "unknown":
            assert any("needs checking" in e for e in m.evidence)
            assert any(r["text"] in c for c in summary["needs_checking"])


@pytest.mark.parametrize("file", sorted(CASES))
def test_one_qualification_missing_disqualifies_naming_it(file):
    records, replace, word = CASES[file]
    changed = [replace.get(r["id"], r) if r["id"] in replace else r for r in records]
    reqs, res, summary = _assess(file, [r for r in changed if r is not None])
    assert summary["disqualified"] is True
    assert len(summary["disqualify_reasons"]) == 1
    assert word.lower() in summary["disqualify_reasons"][0].lower()
    failed = [(r, m) for r, m in zip(reqs, res) if gate(r, m)[0] == "fail"]
    assert [r["kind"] for r, _ in failed] == ["qualification"]
    assert failed[0][1].status == "unmet" and failed[0][1].confidence >= 0.7
    assert any("not admissible" in e for e in failed[0][1].evidence)


def test_gate_rules_keep_star_and_technical_behaviour():
    from dealgraph.algorithms.matching.engine import MatchResult

    def m(status, method="numeric"):
        return MatchResult(status, 0.5, 0.8, method=method)

    tech, star = {"kind": "technical"}, {"kind": "technical", "mandatory": True}
    qual = {"kind": "qualification"}
    assert gate(tech, m("unmet"))[0] is None  # an unmet scored item lowers the score, no more
    assert gate(star, m("unmet"))[0] == "fail" and gate(star, m("partial"))[0] is None
    assert gate(star, m("unknown", "none"))[0] == "check"
    assert gate(qual, m("unmet"))[0] == "fail"
    assert gate(qual, m("partial"))[0] == "fail"  # 2 of 3 references is short of a pass/fail minimum
    assert gate(qual, m("partial", "similarity"))[0] == "check"  # a loose similarity proves nothing
    assert gate(qual, m("unknown", "none"))[0] == "check"
    assert gate(qual, m("met"))[0] is None


def test_missing_certificate_is_unknown_when_no_certificates_are_loaded():
    reqs = [{"kind": "qualification", "text": "投标人须具有有效的ISO9001质量管理体系认证证书"}]
    res = match_requirements(reqs, capabilities_from_records([_fact("c", "Company", "注册资本=5000万元")]))
    assert res[0].status == "unknown"
    summary = overall(reqs, res)
    assert summary["disqualified"] is False and len(summary["needs_checking"]) == 1


def test_past_projects_in_a_window_are_checked_against_reference_cases():
    # "近三年…至少承担过1个三级医院信息化项目" names no "类似项目", yet it counts our past projects
    base = [r for r in CASES["ccgp_notice.txt"][0] if r["kind"] != "reference_case"]
    recent = {"id": "r1", "kind": "reference_case", "name": "某三甲医院信息化", "industry": "医疗", "year": 2024}
    reqs, res, summary = _assess("ccgp_notice.txt", [*base, recent])
    i = next(i for i, r in enumerate(reqs) if "三级医院" in r["text"])
    assert (res[i].status, res[i].method, res[i].capability_id) == ("met", "reference_cases", "r1")
    old = dict(recent, year=2019)  # before the three-year window
    reqs, res, summary = _assess("ccgp_notice.txt", [*base, old])
    assert res[i].status == "unmet" and summary["disqualified"] is True
    assert ["三级医院" in r for r in summary["disqualify_reasons"]] == [True]


def test_a_failed_lot_rules_out_that_lot_only():
    caps = capabilities_from_records([_cert("c-iso9001", "ISO 9001"), _fact("c-co", "Company", "注册资本=500万元")])
    reqs = [{"kind": "technical", "text": "★具有ISO 14001环境管理体系认证", "mandatory": True, "lot": "2"},
            {"kind": "qualification", "text": "具有有效的ISO 9001质量管理体系认证"}]
    res = match_requirements(reqs, caps, deadline="2025-06-01")
    assert gate(reqs[0], res[0])[0] == "check"  # a technical certificate we never loaded: unknown
    res[0].status = "unmet"  # say the product certificate is known to be missing
    two_lots = overall(reqs, res, lots=["1", "2"])
    assert two_lots["disqualified"] is False and two_lots["disqualified_lots"] == ["2"]
    assert two_lots["disqualify_reasons"][0].startswith("lot 2: ★")
    assert overall(reqs, res, lots=["2"])["disqualified"] is True  # the only lot failed
    wide = reqs + [{"kind": "qualification", "text": "注册资本不低于1000万元", "parameter": "注册资本",
                    "operator": ">=", "value": 1000, "unit": "万元"}]
    res = match_requirements(wide, caps, deadline="2025-06-01")
    assert res[2].status == "unmet"
    assert overall(wide, res, lots=["1", "2"])["disqualified"] is True  # a tender-wide qualification failed
