"""POST /events without a running stream: written to the graph at once, the reached lead re-scored,
a repeat changes nothing, account managers limited to their own leads, bad events named."""

from datetime import UTC, datetime

import pytest

from dealgraph.algorithms.leads.graph import rescore_leads

pytestmark = [pytest.mark.graph, pytest.mark.api]

SEED = """
MERGE (a:Account {id: 'acc1', name: '华东电力集团'})
WITH a MATCH (am:User {id: 'u_am'}) MERGE (am)-[:OWNS]->(a)
MERGE (d:Department {id: 'd1', name: '信息中心'})-[:PART_OF]->(a)
MERGE (c1:Contact {id: 'c1', name: '张伟', title: '采购经理'})-[:WORKS_IN]->(d)
MERGE (l1:Lead {id: 'l1', created_at: $now, budget: 200000.0, account_id: 'acc1'})-[:LEAD_OF]->(c1)
MERGE (l2:Lead {id: 'l2', created_at: $now, budget: 200000.0, account_id: 'acc1'})
"""


def _lead(graph, lid):
    return graph.read("MATCH (l:Lead {id: $id}) RETURN l.score AS score, toString(l.scored_at) AS at", id=lid)[0]


def test_events_write_directly_and_rescore(client, graph, keys):
    graph.write(SEED, now=datetime.now(UTC).isoformat(timespec="seconds"))
    rescore_leads(graph)
    before, l2 = _lead(graph, "l1"), _lead(graph, "l2")
    now = datetime.now(UTC).isoformat()
    events = [{"event_id": f"x{i}", "kind": "meeting", "at": now, "lead_id": "l1", "cookie_id": "ck-1",
               "payload": {"meeting_type": "procurement"}} for i in range(3)]
    r = client("account_manager").http.post("/events", json={"events": events})
    assert r.status_code == 202, r.text
    assert r.json() == {"accepted": 3, "via": "graph", "written": 3, "leads_rescored": 1}
    assert graph.read("MATCH (i:Interaction)-[:INVOLVES]->(c:Contact) WHERE i.id STARTS WITH 'stream:x' "
                      "RETURN c.id AS c, count(i) AS n") == [{"c": "c1", "n": 3}]
    after = _lead(graph, "l1")
    assert after["at"] != before["at"] and after["score"] != before["score"]
    assert _lead(graph, "l2") == l2
    # The same events again: nothing written, nothing re-scored.
    r = client("admin").http.post("/events", json=events)
    assert r.json()["written"] == 0 and _lead(graph, "l1") == after
    # The cookie seen with the lead now leads to it: a later cookie-only page view reaches l1's contact.
    client("admin").http.post("/events", json={"event_id": "x9", "kind": "page_view", "at": now, "cookie_id": "ck-1"})
    assert graph.read("MATCH (:Interaction {id: 'stream:x9'})-[:INVOLVES]->(c) RETURN c.id AS c") == [{"c": "c1"}]


def test_events_scope_and_validation(client, graph, keys):
    graph.write(SEED, now=datetime.now(UTC).isoformat(timespec="seconds"))
    ev = {"event_id": "y1", "kind": "call", "at": "2026-11-05T10:00:00+08:00", "lead_id": "l1"}
    assert client(None).http.post("/events", json=ev).status_code == 401
    assert client("read_only").http.post("/events", json=ev).status_code == 403
    assert client("other_am").http.post("/events", json=ev).status_code == 404
    assert client("account_manager").http.post("/events", json={**ev, "lead_id": None, "email": "a@b.cn"}) \
        .status_code == 404
    r = client("admin").http.post("/events", json=[ev, {**ev, "at": "someday"}])
    assert r.status_code == 422 and "event 1: at" in r.text
    assert graph.read("MATCH (i:Interaction) RETURN count(i) AS n")[0]["n"] == 0
