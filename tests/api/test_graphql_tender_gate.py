"""GraphQL over real HTTP shows the pass/fail result of a matched tender: per-item gate, lots ruled out, checks."""

import csv

import pytest

from dealgraph.algorithms.matching.graph import match_tender
from dealgraph.algorithms.matching.store import load_capabilities_csv
from dealgraph.ingest.tenders import parse_file
from dealgraph.ingest.tenders.store import store_tender

pytestmark = [pytest.mark.graph, pytest.mark.api]

# Lot 2 asks for twice our firewall's throughput (★, fails that lot only); lot 1 has a ★ item nothing of ours
# covers (needs checking); the qualifications are ones we hold.
NOTICE = """数据中心网络设备采购项目公开招标公告
项目编号：ZJCG-2025-0777
项目名称：数据中心网络设备采购项目
采购人：杭州市数据资源管理局
预算金额：500万元
投标截止时间：2025年06月10日 09:30
本项目分为2个包：第1包：核心交换机；第2包：防火墙
二、申请人的资格要求
1. 具有有效的ISO 9001质量管理体系认证证书；
2. 注册资本不低于1000万元；
五、技术参数
第1包：核心交换机
| 序号 | 参数名称 | 技术要求 |
| ★1 | 交换容量 | ≥2000Gbps |
| ★2 | 防护等级 | ≥IP65 |
第2包：防火墙
| 序号 | 参数名称 | 技术要求 |
| ★1 | 防火墙吞吐量 | ≥80Gbps |
| 2 | 整机功耗 | ≤400W |
六、评分标准
| 评分项 | 分值 |
| 价格 | 30 |
| 技术方案 | 70 |
"""

CAPS = [
    {"id": "c-iso9001", "kind": "certification", "name": "ISO 9001质量管理体系认证", "spec": "",
     "valid_until": "2028-01-01"},
    {"id": "c-license", "kind": "certification", "name": "营业执照", "spec": "注册资本=5000万元",
     "valid_until": "2099-01-01"},
    {"id": "c-switch", "kind": "product", "name": "核心交换机 S9800", "text": "core switch",
     "spec": "交换容量=2.4Tbps; 包转发率=1440Mpps; 整机功耗=350W"},
    {"id": "c-fw", "kind": "product", "name": "下一代防火墙 F600", "text": "firewall",
     "spec": "防火墙吞吐量=40Gbps; 整机功耗=300W"},
]
FIELDS = ["id", "kind", "name", "text", "spec", "valid_until", "customer", "industry", "amount", "year"]

QUERY = """query($id: ID!) { tender(id: $id) { disqualified disqualifiedLots disqualifyReasons needsChecking
    requirements { kind text lot mandatory passFail matchStatus matchGate } } }"""


@pytest.fixture
def matched(graph, tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    caps = tmp_path / "capabilities.csv"
    with open(caps, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        w.writeheader()
        w.writerows({k: c.get(k, "") for k in FIELDS} for c in CAPS)
    load_capabilities_csv(graph, caps)
    tid = store_tender(graph, parse_file(notice))
    return tid, match_tender(graph, tid)


def test_pass_fail_result_of_a_matched_tender(client, matched):
    tid, res = matched
    t = client("bid_team").data(QUERY, id=tid)["tender"]
    # a ★ item of lot 2 fails: lot 2 is ruled out, the tender is not (lot 1 stands)
    assert t["disqualified"] is False
    assert t["disqualifiedLots"] == ["2"] == res["disqualified_lots"]
    assert t["disqualifyReasons"] == res["disqualify_reasons"] and t["disqualifyReasons"][0].startswith("lot 2: ★")
    assert t["needsChecking"] == res["needs_checking"]
    assert len(t["needsChecking"]) == 1 and "防护等级" in t["needsChecking"][0]
    by_text = {r["text"]: r for r in t["requirements"]}

    def req(needle):
        return next(r for text, r in by_text.items() if needle in text)

    assert req("防火墙吞吐量") | {"text": None} == {"text": None, "kind": "technical", "lot": "2", "mandatory": True,
                                              "passFail": True, "matchStatus": "unmet", "matchGate": "fail"}
    assert (req("防护等级")["matchStatus"], req("防护等级")["matchGate"]) == ("unknown", "check")
    assert (req("交换容量")["matchGate"], req("交换容量")["lot"]) == ("pass", "1")
    iso = req("ISO 9001")
    assert (iso["kind"], iso["lot"], iso["passFail"], iso["matchStatus"], iso["matchGate"]) == \
        ("qualification", None, True, "met", "pass")
    power = req("整机功耗")  # scored, not pass/fail
    assert (power["passFail"], power["matchGate"]) == (False, None) and power["matchStatus"] == "met"


def test_unmatched_tender_has_no_verdicts(client, graph, tmp_path):
    notice = tmp_path / "n.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    tid = store_tender(graph, parse_file(notice))
    t = client("bid_team").data(QUERY, id=tid)["tender"]
    assert t["needsChecking"] is None and t["disqualifiedLots"] == []
    assert {(r["matchStatus"], r["matchGate"]) for r in t["requirements"]} == {(None, None)}
    assert any(r["passFail"] for r in t["requirements"])


def test_filter_by_admissibility(client, graph, matched, tmp_path):
    tid, _ = matched
    other = tmp_path / "other.txt"  # stored, never matched: neither admissible nor inadmissible yet
    other.write_text(NOTICE.replace("ZJCG-2025-0777", "ZJCG-2025-0778").replace("数据中心网络", "机房网络"), encoding="utf-8")
    unmatched = store_tender(graph, parse_file(other))
    c = client("bid_team")

    def ids(flag):
        return {n["id"] for n in c.data("query($d: Boolean) { tenders(filter: {disqualified: $d}) { nodes { id } } }",
                                        d=flag)["tenders"]["nodes"]}

    assert ids(False) == {tid} and ids(True) == set() and ids(None) == {tid, unmatched}
    graph.write("MATCH (t:Tender {id: $id}) SET t.disqualified = true", id=tid)
    assert ids(True) == {tid} and ids(False) == set()
