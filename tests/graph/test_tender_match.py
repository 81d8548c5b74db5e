"""Tender ingest + matching on a real Neo4j + GDS: statuses, ★ disqualification, expiry, unknown, write-back."""

import csv

import pytest

from dealgraph.algorithms.concepts_graph import link_tender_concepts
from dealgraph.algorithms.matching.graph import match_tender
from dealgraph.algorithms.matching.store import load_capabilities_csv
from dealgraph.ingest.tenders import parse_file
from dealgraph.ingest.tenders.store import store_tender

pytestmark = pytest.mark.graph

NOTICE = """核心交换机采购项目公开招标公告
项目编号：ZJCG-2025-0001
项目名称：数据中心核心交换机采购项目
采购人：杭州市数据资源管理局
预算金额：300万元
投标截止时间：2025年06月10日 09:30
二、申请人的资格要求
★1. 具有有效的ISO 27001信息安全管理体系认证证书；
2. 具有有效的ISO 9001质量管理体系认证证书；
3. 具有CMMI 5级及以上认证；
4. 注册资本不低于1000万元；
五、技术参数
| 序号 | 参数名称 | 技术要求 |
| ★1 | 交换容量 | ≥2000Gbps |
| 2 | 包转发率 | ≥1500Mpps |
| ▲3 | 工作温度 | -5℃~50℃ |
| 4 | 防护等级 | ≥IP65 |
| 5 | 整机功耗 | ≤400W |
六、评分标准
| 评分项 | 分值 |
| 价格 | 30 |
| 技术方案 | 50 |
| 商务 | 20 |
"""

CAPS = [
    {"id": "c-iso27001", "kind": "certification", "name": "ISO 27001信息安全管理体系认证证书", "text": "", "spec": "",
     "valid_until": "2025-04-30", "customer": "", "industry": "", "amount": "", "year": ""},
    {"id": "c-iso9001", "kind": "certification", "name": "ISO 9001质量管理体系认证", "text": "", "spec": "",
     "valid_until": "2028-01-01", "customer": "", "industry": "", "amount": "", "year": ""},
    {"id": "c-cmmi", "kind": "certification", "name": "CMMI 3级", "text": "", "spec": "level=3",
     "valid_until": "2028-01-01", "customer": "", "industry": "", "amount": "", "year": ""},
    {"id": "c-license", "kind": "certification", "name": "营业执照", "text": "", "spec": "注册资本=5000万元",
     "valid_until": "2099-01-01", "customer": "", "industry": "", "amount": "", "year": ""},
    {"id": "c-switch", "kind": "product", "name": "核心交换机 S9800", "text": "core switch",
     "spec": "交换容量=2.4Tbps; 包转发率=1440Mpps; 工作温度=0~45℃; 整机功耗=350W", "valid_until": "", "customer": "",
     "industry": "", "amount": "", "year": ""},
]


@pytest.fixture
def loaded(graph, tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    caps = tmp_path / "capabilities.csv"
    with open(caps, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(CAPS[0]))
        w.writeheader()
        w.writerows(CAPS)
    assert load_capabilities_csv(graph, caps) == len(CAPS)
    tid = store_tender(graph, parse_file(notice))
    link_tender_concepts(graph, tid)
    return tid


def _by_param(res, needle):
    return next(r for r in res["requirements"] if needle in (r["text"] or ""))


def test_statuses_disqualification_and_write_back(graph, loaded):
    res = match_tender(graph, "ZJCG-2025-0001")
    assert _by_param(res, "ISO 27001")["status"] == "unmet"  # expired 2025-04-30, deadline 2025-06-10
    assert "expired" in " ".join(_by_param(res, "ISO 27001")["evidence"])
    assert _by_param(res, "ISO 9001")["status"] == "met"
    assert _by_param(res, "CMMI")["status"] == "unmet"  # level 3 < 5
    assert _by_param(res, "注册资本")["status"] == "met"  # 5000万元 >= 1000万元
    assert _by_param(res, "交换容量")["status"] == "met"  # 2.4 Tbps >= 2000 Gbps
    assert _by_param(res, "包转发率")["status"] == "partial"  # 1440 / 1500 = 96 %
    assert _by_param(res, "工作温度")["status"] == "partial"  # 0~45 only partly covers -5~50
    assert _by_param(res, "防护等级")["status"] == "unknown"  # nothing covers it: unknown, not met
    assert _by_param(res, "整机功耗")["status"] == "met"
    assert res["disqualified"] is True
    assert any("ISO 27001" in r for r in res["disqualify_reasons"])  # ★
    assert any("CMMI" in r for r in res["disqualify_reasons"])  # a qualification requirement is pass/fail too
    assert len(res["disqualify_reasons"]) == 2 and not res["needs_checking"]
    assert 0 <= res["score"] <= 100
    rel = graph.read("MATCH (q:Requirement)-[s:SATISFIED_BY]->(c:Capability {id: 'c-switch'}) "
                     "RETURN s.status AS status, s.evidence AS ev ORDER BY q.index")
    assert {r["status"] for r in rel} == {"met", "partial"}
    assert all(r["ev"] for r in rel)
    unknown = graph.read("MATCH (q:Requirement) WHERE q.text CONTAINS '防护等级' "
                         "RETURN q.match_status AS s, COUNT { (q)-[:SATISFIED_BY]->() } AS n")
    assert unknown == [{"s": "unknown", "n": 0}]
    t = graph.read("MATCH (t:Tender {id: $id}) RETURN t.disqualified AS d, t.match_score AS s, "
                   "t.disqualify_reasons AS r", id=loaded)[0]
    assert t["d"] is True and t["s"] == res["score"] and t["r"] == res["disqualify_reasons"]


def test_renewed_certificate_lifts_disqualification(graph, loaded):
    graph.write("MATCH (c:Capability {id: 'c-iso27001'}) SET c.valid_until = '2027-01-01'")
    res = match_tender(graph, loaded)
    assert _by_param(res, "ISO 27001")["status"] == "met"
    assert [r for r in res["disqualify_reasons"] if "CMMI" not in r] == []  # CMMI 3 < 5 still fails
    graph.write("MATCH (c:Capability {id: 'c-cmmi'}) SET c.spec = 'level=5'")
    res = match_tender(graph, loaded)
    assert res["disqualified"] is False and res["disqualify_reasons"] == []
    assert graph.read("MATCH (t:Tender {id: $id}) RETURN t.disqualified AS d", id=loaded) == [{"d": False}]


def test_concepts_and_gds_candidates(graph, loaded):
    res = match_tender(graph, loaded)
    mentions = graph.read("MATCH (:Tender {id: $id})-[:HAS_REQUIREMENT]->(q)-[:MENTIONS]->(k:Concept) "
                          "RETURN DISTINCT k.id AS k", id=loaded)
    assert {"concept:iso27001", "concept:switching_capacity"} <= {r["k"] for r in mentions}
    cand = _by_param(res, "交换容量")["graph_candidates"]
    assert cand and cand[0]["capability_id"] == "c-switch"


def test_reingest_is_idempotent(graph, loaded, tmp_path):
    notice = tmp_path / "notice.txt"
    store_tender(graph, parse_file(notice))
    n = graph.read("MATCH (:Tender)-[:HAS_REQUIREMENT]->(q) RETURN count(q) AS n")[0]["n"]
    assert n == len(parse_file(notice).requirements)


def test_buyer_account_is_linked_when_known(graph, tmp_path):
    graph.write("MERGE (a:Account {id: 'acc-1'}) SET a.name = '杭州市数据资源管理局'")
    notice = tmp_path / "n.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    tid = store_tender(graph, parse_file(notice))
    rows = graph.read("MATCH (:Tender {id: $id})-[:ISSUED_BY]->(x) RETURN labels(x)[0] AS l ORDER BY l", id=tid)
    assert [r["l"] for r in rows] == ["Account", "Organization"]


STAR_TWO_BOUNDS = """汇聚交换机采购项目 公开招标公告
项目编号：ZJCG-2025-0002
采购人：杭州市数据资源管理局
预算金额：120万元
投标截止时间：2025年06月10日 09:30
五、技术参数
1. ★交换容量≥2000Gbps，包转发率≥3000Mpps。
2. 整机功耗≤400W。
以上★号条款共1项。
"""


def test_one_star_item_with_two_bounds_is_stored_once_and_its_second_bound_disqualifies(graph, loaded, tmp_path):
    notice = tmp_path / "two.txt"
    notice.write_text(STAR_TWO_BOUNDS, encoding="utf-8")
    tid = store_tender(graph, parse_file(notice))
    stored = graph.read("MATCH (:Tender {id: $id})-[:HAS_REQUIREMENT]->(q) RETURN q.text AS t, q.mandatory AS m, "
                        "q.part_of_mandatory AS p ORDER BY q.index", id=tid)
    assert [(r["m"], r["p"]) for r in stored if "Mpps" in r["t"] or "Gbps" in r["t"]] == [(True, False), (False, True)]
    res = match_tender(graph, tid)
    assert _by_param(res, "包转发率")["status"] == "unmet" and _by_param(res, "包转发率")["gate"] == "fail"
    assert res["disqualified"] is True and any("包转发率" in r for r in res["disqualify_reasons"])
