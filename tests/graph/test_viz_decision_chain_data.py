"""decision_chain_data on a small hand-built account: membership, roles, three dimensions, bounds."""

import json

import pytest

from dealgraph.algorithms.roles.paths import introduction_paths_view
from dealgraph.errors import NotFound
from dealgraph.graph.queries import decision_chain_data

pytestmark = pytest.mark.graph

SETUP = """
CREATE (a:Account {id: 'A1', name: '华东电力集团', industry: 'energy'})
CREATE (b:Account {id: 'A2', name: 'Other Co'})
CREATE (d1:Department {id: 'D1', name: '采购部'})-[:PART_OF]->(a)
CREATE (d2:Department {id: 'D2', name: '信息中心'})-[:PART_OF]->(a)
CREATE (d3:Department {id: 'D3', name: 'IT运维科'})-[:SUB_OF]->(d2)
CREATE (c1:Contact {id: 'c1', name: '张伟', title: '总经理', role: 'decision_maker', role_confidence: 0.9,
                    role_evidence: ['top of the reporting hierarchy', 'attended 3 of 4 procurement meetings'],
                    role_model: 'rules-v1'})-[:WORKS_IN]->(d1)
CREATE (c2:Contact {id: 'c2', name: '李娜', title: '采购部经理', role: 'influencer', role_confidence: 0.7,
                    role_evidence: '["asks about budget"]', embedding: range(1, 64)})-[:WORKS_IN]->(d1)
CREATE (c3:Contact {id: 'c3', name: '王强', title: 'Engineer', wechat: 'wq88'})-[:WORKS_IN]->(d3)
CREATE (c4:Contact {id: 'c4', name: 'Amy Chen', title: 'CFO', account_id: 'A1', department: 'Finance'})
CREATE (x1:Contact {id: 'x1', name: 'Outsider'})-[:WORKS_IN]->(:Department {id: 'DX', name: 'X'})-[:PART_OF]->(b)
CREATE (c2)-[:REPORTS_TO]->(c1), (c3)-[:REPORTS_TO]->(c2), (c4)-[:REPORTS_TO]->(c1)
CREATE (c2)-[:KNOWS {strength: 0.8, kind: 'friend'}]->(c3), (c3)-[:KNOWS {strength: 0.9}]->(x1)
CREATE (u1:User {id: 'u1', name: '刘销售'})-[:OWNS]->(a)
CREATE (u2:User {id: 'u2', name: 'Bob Presales'})
CREATE (c1)-[:KNOWS {strength: 0.6, source: 'wecom'}]->(u2)
CREATE (i1:Interaction {id: 'i1', kind: 'meeting', channel: 'onsite', at: datetime('2026-03-01T10:00:00Z'),
                        sentiment: 0.5, topic: '预算', meeting_type: 'procurement'})
CREATE (i2:Interaction {id: 'i2', kind: 'email', at: datetime('2026-04-02T09:00:00Z'), sentiment: -0.1,
                        topic: 'spec'})
CREATE (i1)-[:INVOLVES]->(c1), (i1)-[:INVOLVES]->(c2), (i2)-[:INVOLVES]->(c2), (i1)-[:BY]->(u1), (i2)-[:BY]->(u1)
CREATE (o1:Organization {id: 'o1', name: '华为'}), (o2:Organization {id: 'o2', name: 'Lonely Ltd'})
CREATE (c1)-[:WORKED_AT {title: '区域总监', from: '2010', to: '2015'}]->(o1), (u1)-[:WORKED_AT]->(o1)
CREATE (c3)-[:WORKED_AT]->(o2)
CREATE (s1:School {id: 's1', name: '清华大学'})
CREATE (c2)-[:STUDIED_AT {degree: 'MBA'}]->(s1), (c4)-[:STUDIED_AT]->(s1)
"""


@pytest.fixture
def data(graph):
    graph.write(SETUP)
    graph.query_count = 0
    out = decision_chain_data(graph, "A1")
    out["_queries"] = graph.query_count
    return out


def _by_id(data):
    return {n["id"]: n for n in data["nodes"]}


def test_membership_roles_and_evidence(data):
    nodes = _by_id(data)
    contacts = {n["ref"] for n in data["nodes"] if n["kind"] == "contact"}
    assert contacts == {"c1", "c2", "c3", "c4"}  # via department, sub-department and account_id
    assert nodes["c:c1"]["role"] == "decision_maker" and nodes["c:c1"]["role_confidence"] == 0.9
    assert nodes["c:c1"]["role_evidence"][1] == "attended 3 of 4 procurement meetings"
    assert nodes["c:c2"]["role_evidence"] == ["asks about budget"]  # JSON string decoded
    assert nodes["c:c3"]["role"] == "unclassified" and nodes["c:c3"]["role_confidence"] is None
    assert "embedding" not in nodes["c:c2"]["properties"]
    assert nodes["c:c3"]["properties"]["wechat"] == "wq88"
    assert data["stats"]["roles"] == {"decision_maker": 1, "influencer": 1, "unclassified": 2}


def test_organisation_dimension(data):
    nodes = _by_id(data)
    assert nodes["c:c4"]["department"] == "Finance"  # a name-only department still groups
    groups = {g["name"]: set(g["members"]) for g in data["groups"]}
    assert groups["采购部"] == {"c:c1", "c:c2"} and groups["IT运维科"] == {"c:c3"} and groups["Finance"] == {"c:c4"}
    typed = {(e["type"], e["source"], e["target"]) for e in data["edges"]}
    assert ("REPORTS_TO", "c:c2", "c:c1") in typed and ("REPORTS_TO", "c:c3", "c:c2") in typed
    assert ("SUB_OF", "d:D3", "d:D2") in typed and ("PART_OF", "d:D1", "a:A1") in typed
    assert ("WORKS_IN", "c:c3", "d:D3") in typed
    assert all(e["dimension"] == "organisation" for e in data["edges"]
               if e["type"] in ("REPORTS_TO", "WORKS_IN", "SUB_OF", "PART_OF"))
    assert nodes["c:c1"]["depth"] == 0 and nodes["c:c3"]["depth"] == 2 and nodes["c:c1"]["reports"] == 3
    assert nodes["c:c1"]["influence"] == 1.0
    assert nodes["c:c1"]["influence"] > nodes["c:c2"]["influence"] > nodes["c:c3"]["influence"]


def test_person_and_interaction_dimensions(data):
    nodes = _by_id(data)
    knows = {(e["source"], e["target"]) for e in data["edges"] if e["type"] == "KNOWS"}
    assert knows == {("c:c2", "c:c3"), ("c:c1", "u:u2")}  # the tie to another account is left out
    assert nodes["u:u2"]["kind"] == "user" and nodes["u:u1"]["owner"] is True
    assert nodes["o:o1"]["shared_with_us"] is True and nodes["o:s1"]["kind"] == "school"
    assert "o:o2" not in nodes  # a former employer nobody else shares is no node...
    assert nodes["c:c3"]["background"] == ["worked at Lonely Ltd"]  # ...but still in the card
    assert nodes["c:c1"]["background"] == ["worked at 华为 as 区域总监 (2010–2015)"]
    worked = [e for e in data["edges"] if e["type"] == "WORKED_AT" and e["source"] == "c:c1"]
    assert "区域总监" in worked[0]["detail"] and "2010–2015" in worked[0]["detail"]
    st = nodes["c:c2"]["interactions"]
    assert st["count"] == 2 and st["last_at"].startswith("2026-04-02") and st["first_at"].startswith("2026-03-01")
    assert st["channels"] == ["email", "onsite"] and st["sentiment"] == pytest.approx(0.2)
    assert st["meeting_types"] == ["procurement"] and set(st["topics"]) == {"预算", "spec"}
    inter = {e["target"]: e for e in data["edges"] if e["type"] == "INTERACTED"}
    assert inter["c:c2"]["count"] == 2 and inter["c:c1"]["source"] == "u:u1"
    assert any(e["type"] == "OWNS" and e["target"] == "a:A1" for e in data["edges"])


def test_bounded_queries_and_no_path_search(data):
    # Reading the chain is 6 queries; the path search (an algorithm) is the caller's to add.
    assert data["_queries"] == 6
    assert data["paths"] == [] and "not computed" in data["paths_note"]


def test_introduction_paths_view_is_json_plain_and_explained(graph):
    graph.write(SETUP)
    paths, note = introduction_paths_view(graph, "A1")
    # u1 owns A1 and met the decision maker c1: the roles module finds that path.
    assert paths and note is None
    first = paths[0]
    assert first["decision_maker"]["id"] == "c1" and first["hops"][0]["from"] == "u1"
    assert json.loads(json.dumps(paths, ensure_ascii=False)) == paths


def test_introduction_paths_view_says_why_there_are_none(graph):
    graph.write("CREATE (:Account {id: 'E', name: 'Empty'})")
    assert introduction_paths_view(graph, "E") == (
        [], "no introduction path from our people to a decision maker was found")


def test_unknown_account(graph):
    with pytest.raises(NotFound, match="NOPE"):
        decision_chain_data(graph, "NOPE")


def test_empty_account(graph):
    graph.write("CREATE (:Account {id: 'E', name: 'Empty'})")
    out = decision_chain_data(graph, "E")
    assert out["stats"]["contacts"] == 0 and [n["kind"] for n in out["nodes"]] == ["account"]
