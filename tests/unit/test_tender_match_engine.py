"""Matching engine without a database: unit conversion, certificate validity, ★ disqualification, unknown."""

import pytest

from dealgraph.algorithms.concepts import concepts_in, parameter_concept
from dealgraph.algorithms.matching.capabilities import capabilities_from_records
from dealgraph.algorithms.matching.engine import compare, match_requirements, overall

COMPARE = [
    # op, have, have_unit, want, want_unit, status
    (">=", 2.4, "Tbps", 2000, "Gbps", "met"),
    (">=", 2.4, "Tbps", 2560, "Gbps", "partial"),
    (">=", 1, "Gbps", 1500, "Mbps", "unmet"),
    (">=", 20, "TB", 16000, "GB", "met"),
    (">=", 960, "GB", 1, "TB", "partial"),
    (">=", 5000, "万元", 30_000_000, "CNY", "met"),
    (">=", 5000, "万元", 1, "亿元", "unmet"),
    (">=", 5, "年", 36, "个月", "met"),
    (">=", 5, "years", 6, "年", "unmet"),
    ("<=", 2, "小时", 4, "hours", "met"),
    ("<=", 2, "小时", 90, "分钟", "unmet"),
    ("<=", 350, "W", 0.33, "kW", "partial"),
    ("range", (0, 45), "℃", [-5, 50], "℃", "partial"),
    ("range", (-10, 60), "℃", [0, 45], "℃", "met"),
    ("range", (0, 40), "℃", [50, 70], "℃", "unmet"),
    ("range", (32, 104), "°F", [0, 40], "℃", "met"),
    (">=", 48, "个", 24, None, "met"),
    (">=", 10, "Gbps", 5, "GB", "unknown"),  # bitrate vs bytes: not comparable
]


@pytest.mark.parametrize(("op", "have", "hu", "want", "wu", "status"), COMPARE)
def test_compare_with_unit_conversion(op, have, hu, want, wu, status):
    assert compare(op, have, hu, want, wu)[0] == status


def test_bilingual_concepts():
    assert concepts_in("具有有效的ISO 27001信息安全管理体系认证") == ["iso27001"]
    assert concepts_in("The bidder must hold ISO/IEC 27001") == ["iso27001"]
    assert parameter_concept("Switching capacity") == parameter_concept("交换容量") == "switching_capacity"
    assert "cmmi" in concepts_in("CMMI Level 3 or higher")
    assert "mlps" in concepts_in("信息安全等级保护三级")


CAPS = capabilities_from_records([
    {"id": "iso27001", "kind": "certification", "name": "ISO 27001 certificate", "valid_until": "2025-04-30"},
    {"id": "iso9001", "kind": "certification", "name": "ISO 9001质量管理体系认证", "valid_until": "2030-01-01"},
    {"id": "cmmi", "kind": "certification", "name": "CMMI 3级", "spec": "level=3", "valid_until": "2030-01-01"},
    {"id": "sw", "kind": "product", "name": "Core switch S9800 交换机", "spec": "交换容量=2.4Tbps; 工作温度=0~45℃"},
    {"id": "svc", "kind": "service", "name": "7x24 support", "spec": "响应时间=2小时; 质保期=5年"},
    {"id": "ref1", "kind": "reference_case", "name": "某医院", "customer": "某医院", "industry": "医疗", "year": 2024},
    {"id": "ref2", "kind": "reference_case", "name": "某银行", "customer": "某银行", "industry": "金融", "year": 2019},
])


def _req(text, kind="qualification", mandatory=False, **kw):
    from dealgraph.ingest.tenders.requirements import parse_spec

    s = parse_spec(text)
    return {"kind": kind, "text": text, "parameter": s.parameter, "operator": s.operator, "value": s.value,
            "unit": s.unit, "mandatory": mandatory, "important": False, **kw}


def test_expired_certificate_is_unmet_and_star_disqualifies():
    reqs = [_req("★具有有效的ISO 27001认证证书", mandatory=True), _req("具有ISO 9001质量管理体系认证")]
    res = match_requirements(reqs, CAPS, deadline="2025-06-10T09:30:00+08:00")
    assert [r.status for r in res] == ["unmet", "met"]
    assert any("expired 2025-04-30" in e for e in res[0].evidence)
    summary = overall(reqs, res)
    assert summary["disqualified"] is True and "ISO 27001" in summary["disqualify_reasons"][0]
    # Before the certificate expired the same tender is fine.
    res = match_requirements(reqs, CAPS, deadline="2025-03-01")
    assert [r.status for r in res] == ["met", "met"] and overall(reqs, res)["disqualified"] is False


def test_uncovered_requirement_is_unknown_not_met():
    # a technical item may ask for a product certificate we never loaded: unknown, not unmet
    reqs = [_req("★具有ISO 14001环境管理体系认证", mandatory=True, kind="technical"), _req("防护等级≥IP65", kind="technical"),
            _req("支持国产化操作系统适配", kind="technical")]
    res = match_requirements(reqs, CAPS, deadline="2025-06-10")
    assert [r.status for r in res] == ["unknown", "unknown", "unknown"]
    summary = overall(reqs, res)
    assert summary["disqualified"] is False and summary["at_risk"]


def test_levels_references_and_numeric():
    reqs = [_req("具有CMMI 5级及以上认证"), _req("具有CMMI 3级及以上认证"),
            _req("近三年具有不少于1个医疗行业类似项目业绩"), _req("近三年具有不少于2个金融行业类似项目业绩"),
            _req("交换容量≥2000Gbps", kind="technical"), _req("Operating temperature: -5 to 50 ℃", kind="technical"),
            _req("故障响应时间≤4小时", kind="technical")]
    res = match_requirements(reqs, CAPS, deadline="2025-06-10", context_concepts=["switch"])
    assert [r.status for r in res] == ["unmet", "met", "met", "unmet", "met", "partial", "met"]
    assert res[4].capability_id == "sw" and "2.4 Tbps" in res[4].evidence[0]


def test_overall_score_follows_scoring_weights():
    reqs = [_req("交换容量≥2000Gbps", kind="technical"), _req("具有CMMI 5级及以上认证")]
    res = match_requirements(reqs, CAPS, deadline="2025-06-10")
    tech_heavy = overall(reqs, res, [{"item": "技术方案", "points": 90}, {"item": "商务资质", "points": 10}])
    qual_heavy = overall(reqs, res, [{"item": "技术方案", "points": 10}, {"item": "商务资质", "points": 90}])
    assert tech_heavy["score"] == 90.0 and qual_heavy["score"] == 10.0


def test_several_certificates_in_one_requirement_all_count():
    req = _req("具备ISO 9001、ISO 14001、ISO 27001三体系认证")
    r = match_requirements([req], CAPS, deadline="2025-03-01")[0]
    assert r.status == "unmet"  # ISO 14001 is not among our certificates; the others are met
    assert any("14001" in e and "not among our" in e for e in r.evidence) and any("ISO 9001" in e for e in r.evidence)
    r = match_requirements([req], CAPS, deadline="2025-06-10")[0]
    assert r.status == "unmet"  # and now ISO 27001 has expired
