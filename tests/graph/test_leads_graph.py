"""BANT sub-scores and scores on hand-built graphs; rescoring touches only the leads asked for."""

import pytest

from dealgraph.algorithms.leads.graph import lead_frame, rescore_leads, train_graph_model
from dealgraph.algorithms.registry import Registry

pytestmark = pytest.mark.graph

SEED = """
CREATE (a:Account {id: 'A1', name: '华东电力', industry: 'energy'})
CREATE (d:Department {id: 'D1', name: '信息中心'})-[:PART_OF]->(a)
CREATE (boss:Contact {id: 'C1', name: '张伟', title: '总经理', role: 'decision_maker', role_confidence: 0.9})-[:WORKS_IN]->(d)
CREATE (intern:Contact {id: 'C2', name: '李娜', title: '实习生'})
  -[:WORKS_IN]->(:Department {id: 'D2', name: 'IT'})-[:PART_OF]->(:Account {id: 'A2', name: 'Small Co'})
CREATE (eng:Contact {id: 'C3', name: '王工', title: '工程师'})-[:WORKS_IN]->(d)
CREATE (t:Tender {id: 'T1', title: '数据中心', budget: 5000000.0, deadline: '2025-03-01'})-[:ISSUED_BY]->(a)
CREATE (hot:Lead {id: 'L1', created_at: datetime('2025-01-01T00:00:00Z'), budget: 1000000.0,
                  stated_purchase_date: date('2025-01-20'), pages_visited: 12, downloads: 3, questions: '报价多少?'})
CREATE (hot)-[:LEAD_OF]->(boss)
CREATE (cold:Lead {id: 'L2', created_at: datetime('2025-01-01T00:00:00Z'), pages_visited: 0, downloads: 0})
CREATE (cold)-[:LEAD_OF]->(intern)
CREATE (sr:SourceRecord {id: 'web:9', source: 'web', kind: 'person'})
CREATE (viaTender:Lead {id: 'L3', created_at: datetime('2025-01-01T00:00:00Z'), title: 'IT Director'})
CREATE (viaTender)-[:FROM_RECORD]->(sr)-[:RESOLVED_TO]->(eng)
WITH boss
UNWIND range(1, 3) AS k
CREATE (i:Interaction {id: 'I' + k, kind: 'meeting', meeting_type: 'procurement',
                       at: datetime('2025-01-05T00:00:00Z')})-[:INVOLVES]->(boss)
"""


def test_bant_from_graph_and_written_back(graph, tmp_path):
    graph.write(SEED)
    df = lead_frame(graph).set_index("id")
    assert df.loc["L1", "interactions"] == 3 and df.loc["L1", "buying_meetings"] == 3
    assert df.loc["L3", "budget"] == 5_000_000  # from the account's tender
    assert df.loc["L3", "purchase_date"] == "2025-03-01"  # tender deadline as timeline
    reg = Registry(tmp_path, "leads-graph")
    assert rescore_leads(graph, registry=reg) == 3
    rows = {r["id"]: r for r in graph.read("MATCH (l:Lead) RETURN l.id AS id, l.score AS score, l.priority AS p, "
                                          "l.reasons AS reasons, l.bant_budget AS b, l.bant_authority AS a, "
                                          "l.bant_need AS n, l.bant_timeline AS t, l.score_model AS m")}
    hot, cold, tender = rows["L1"], rows["L2"], rows["L3"]
    assert hot["a"] >= 0.9 and cold["a"] == 0.1 and tender["a"] == 0.75
    assert hot["t"] == 1.0 and cold["t"] == 0.0 and tender["t"] == 0.8  # 59 days to the tender deadline
    assert hot["n"] > 0.5 and cold["n"] == 0.0
    assert hot["b"] > 0 and tender["b"] > hot["b"] and cold["b"] == 0
    assert hot["score"] > tender["score"] > cold["score"]
    assert hot["p"] == "A" and cold["p"] == "C"
    assert hot["m"] == "leads-graph:bant-rule" and "BANT rule" in hot["reasons"]


def test_rescore_only_affected_leads(graph, tmp_path):
    graph.write(SEED)
    reg = Registry(tmp_path, "leads-graph")
    rescore_leads(graph, registry=reg)
    before = {r["id"]: r["at"] for r in graph.read("MATCH (l:Lead) RETURN l.id AS id, l.scored_at AS at")}
    old = graph.read("MATCH (l:Lead {id: 'L2'}) RETURN l.score AS s")[0]["s"]
    graph.write("MATCH (l:Lead {id: 'L2'}) SET l.pages_visited = 30, l.downloads = 5, l.budget = 2000000.0")
    assert rescore_leads(graph, ["L2"], registry=reg) == 1
    after = {r["id"]: r["at"] for r in graph.read("MATCH (l:Lead) RETURN l.id AS id, l.scored_at AS at")}
    assert after["L1"] == before["L1"] and after["L3"] == before["L3"] and after["L2"] != before["L2"]
    assert graph.read("MATCH (l:Lead {id: 'L2'}) RETURN l.score AS s")[0]["s"] > old


def test_graph_model_trains_on_outcomes(graph, tmp_path):
    # 30 won leads with strong signals, 30 lost with weak ones; each signal is wrong on some leads
    # (a perfectly separating column would be reported as a leak and left out).
    graph.write("""
    UNWIND range(1, 60) AS k
    WITH k, k % 2 = 0 AS won, k % 7 = 0 AS flip
    CREATE (l:Lead {id: 'G' + k, created_at: datetime('2024-06-01T00:00:00Z'),
                    pages_visited: CASE WHEN won <> flip THEN 8 + k % 5 ELSE k % 3 END,
                    downloads: CASE WHEN won <> (k % 11 = 0) THEN 2 ELSE k % 2 END,
                    title: CASE WHEN won <> (k % 5 = 0) THEN '总监' ELSE '专员' END, converted: won})
    """)
    reg = Registry(tmp_path, "leads-graph")
    info = train_graph_model(graph, reg)
    assert info["kind"] == "xgboost+calibration" and info["metrics"]["auc"] > 0.8
    assert rescore_leads(graph, ["G2", "G3"], registry=reg) == 2
    r = {x["id"]: x for x in graph.read("MATCH (l:Lead) WHERE l.score IS NOT NULL RETURN l.id AS id, "
                                       "l.score AS s, l.score_model AS m")}
    assert set(r) == {"G2", "G3"} and r["G2"]["s"] > r["G3"]["s"] and r["G2"]["m"] == "leads-graph:v0001"


def test_affected_leads_and_job(graph, tmp_path, monkeypatch):
    from dealgraph.algorithms.leads import run_job
    from dealgraph.algorithms.leads.graph import affected_leads

    graph.write(SEED)
    assert affected_leads(graph, interaction_ids=["I1"]) == ["L1"]
    assert affected_leads(graph, contact_ids=["C3"]) == ["L3"]
    assert affected_leads(graph, account_ids=["A1"]) == ["L1", "L3"]
    monkeypatch.setattr("dealgraph.algorithms.leads.graph.Registry",
                        lambda name: Registry(tmp_path, name))
    assert run_job(graph, {"interaction_ids": ["I1"]}) == {"rescored": 1}
    assert graph.read("MATCH (l:Lead) WHERE l.score IS NOT NULL RETURN collect(l.id) AS ids")[0]["ids"] == ["L1"]
    assert run_job(graph, {"contact_ids": ["nobody"]}) == {"rescored": 0}
