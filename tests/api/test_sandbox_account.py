"""Account sandbox over real HTTP and the real graph: POST /sandbox/accounts/{id} compares two scenarios,
leaves the live graph unchanged, answers an account manager's other account with 404, bad scenarios with 400."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))
from account_world import AS_OF, seed

pytestmark = [pytest.mark.api, pytest.mark.graph]

SNAPSHOT = """
MATCH (n) OPTIONAL MATCH (n)-[r]->(m)
RETURN elementId(n) AS n, labels(n) AS labels, properties(n) AS props, type(r) AS type, properties(r) AS rprops,
       elementId(m) AS m
"""


def _snapshot(graph) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in graph.read(SNAPSHOT))


def test_account_scenarios_over_http(client, graph, keys):
    seed(graph)
    graph.write("MATCH (u:User {id: 'u_am'}), (a:Account {id: 'B00'}) MERGE (u)-[:OWNS]->(a)")
    before = _snapshot(graph)
    body = {"as_of": AS_OF, "scenarios": [
        {"name": "CIO 离职", "change": [{"kind": "decision_maker_leaves", "contact": "c2"}]},
        {"name": "张强 promoted", "change": [{"kind": "contact_leaves", "contact": "c2"},
                                             {"kind": "role_change", "contact": "c3", "title": "首席信息官",
                                              "reports_to": "c1"},
                                             {"kind": "meeting", "contact": "c3"}]}]}
    # the first call imports scikit-learn in the server: minutes on a loaded 2-core machine
    r = client("admin").http.post("/sandbox/accounts/ACME", json=body, timeout=300)
    assert r.status_code == 200, r.text
    res = r.json()
    leaves, promoted = res["scenarios"]
    assert leaves["vs_baseline"]["win_probability"]["ACME-OPP"] < 0 and leaves["vs_baseline"]["chain_changed"]
    assert promoted["vs_first_scenario"]["win_probability"]["ACME-OPP"] > 0
    assert "c3" in promoted["vs_first_scenario"]["decision_makers_added"]
    assert all(p["hops"] for p in res["baseline"]["paths"] if p["reachable"])
    assert _snapshot(graph) == before
    am = client("account_manager").http
    # not their account: the same 404 as a missing one
    assert am.post("/sandbox/accounts/ACME", json=body).status_code == 404
    assert client("admin").http.post("/sandbox/accounts/NOPE", json=body).status_code == 404
    # their own account: a contact of another account named in a change is a 400, naming the change
    r = am.post("/sandbox/accounts/B00", json={"as_of": AS_OF, "scenarios": [
        {"name": "probe", "change": [{"kind": "contact_leaves", "contact": "c2"}]}]})
    assert r.status_code == 400 and "change 1" in r.json()["detail"] and "is not a contact" in r.json()["detail"]
    r = am.post("/sandbox/accounts/B00", json={"as_of": AS_OF, "scenarios": [{"name": "same"}]}, timeout=120)
    assert r.status_code == 200, r.text
    r = client("admin").http.post("/sandbox/accounts/ACME", json={"as_of": "soon", "scenarios": [{"name": "x"}]})
    assert r.status_code == 400
    assert client(None).http.post("/sandbox/accounts/ACME", json=body).status_code == 401
