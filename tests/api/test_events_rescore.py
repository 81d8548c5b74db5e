"""New signals over HTTP re-score only the affected leads, in the background, with lead.scored events."""

import json
import time
from datetime import UTC, datetime

import pytest

from dealgraph.algorithms.leads.graph import rescore_leads
from dealgraph.api import webhooks as W

pytestmark = [pytest.mark.graph, pytest.mark.api]

SEED = """
MERGE (a:Account {id: 'acc1', name: '华东电力集团'})
WITH a MATCH (am:User {id: 'u_am'}) MERGE (am)-[:OWNS]->(a)
MERGE (d:Department {id: 'd1', name: '信息中心'})-[:PART_OF]->(a)
MERGE (c1:Contact {id: 'c1', name: '张伟', title: '采购经理'})-[:WORKS_IN]->(d)
MERGE (c2:Contact {id: 'c2', name: 'Amy Lee', title: 'Engineer'})-[:WORKS_IN]->(d)
MERGE (l1:Lead {id: 'l1', created_at: $now, budget: 200000.0, pages_visited: 2, account_id: 'acc1'})-[:LEAD_OF]->(c1)
MERGE (l2:Lead {id: 'l2', created_at: $now, budget: 200000.0, pages_visited: 2, account_id: 'acc1'})-[:LEAD_OF]->(c2)
"""

MAPPING = """
[[files]]
match = "meetings*"
entity = "interaction"
source = "crm"
"""


@pytest.fixture
def leads(graph, keys):
    graph.write(SEED, now=datetime.now(UTC).isoformat(timespec="seconds"))
    W.register(graph, "http://127.0.0.1:9/hook", ["lead.scored"], allow_private=True)  # deliveries are queued even if nobody listens
    rescore_leads(graph)
    return graph


def _state(graph):
    return {r["id"]: r for r in graph.read(
        "MATCH (l:Lead) RETURN l.id AS id, l.score AS score, l.bant_need AS need, toString(l.scored_at) AS at, "
        "l.pages_visited AS pages")}


def _scored_events(graph):
    rows = graph.read("MATCH (d:WebhookDelivery {event: 'lead.scored'}) RETURN d.payload AS p")
    return [json.loads(r["p"]) for r in rows]


def _wait(get, done, timeout=60.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = get()
        if done(v):
            return v
        time.sleep(0.2)
    raise AssertionError(f"timed out: {v}")


def test_upload_rescores_only_the_touched_lead(client, leads):
    before = _state(leads)
    meetings = "".join(json.dumps({"id": f"m{i}", "kind": "会议", "at": datetime.now(UTC).isoformat(),
                                   "contact_ids": "c1", "meeting_type": "procurement"}) + "\n" for i in range(3))
    admin = client("admin")
    r = admin.http.post("/ingest/uploads", files=[("files", ("meetings.jsonl", meetings.encode(), "application/json")),
                                                  ("mapping", ("m.toml", MAPPING.encode(), "text/plain"))])
    assert r.status_code == 202, r.text
    up = _wait(lambda: admin.http.get(f"/ingest/uploads/{r.json()['id']}").json(),
               lambda s: s["status"] in ("succeeded", "failed"))
    assert up["status"] == "succeeded", up
    assert up["summary"]["leads"]["lead_ids"] == ["l1"] and up["summary"]["leads"]["rescored"] == 1

    after = _state(leads)
    assert after["l1"]["at"] != before["l1"]["at"] and after["l1"]["need"] > before["l1"]["need"]
    assert after["l1"]["score"] != before["l1"]["score"]
    assert after["l2"] == before["l2"]
    events = _scored_events(leads)
    assert [e["id"] for e in events] == ["l1"] and events[0]["cause"].startswith("ingest:")
    assert events[0]["score"] == after["l1"]["score"]


def test_signal_endpoint_rescores_in_background(client, leads):
    before = _state(leads)
    admin = client("admin")
    r = admin.http.post("/events/signals", json={"kind": "interaction", "contact_id": "c2", "topic": "方案评审",
                                                 "meeting_type": "approval"})
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["interaction_id"] and body["job_id"]
    job = _wait(lambda: admin.http.get(f"/jobs/{body['job_id']}").json(),
                lambda j: j["status"] in ("succeeded", "failed"))
    assert job["status"] == "succeeded" and job["result"]["lead_ids"] == ["l2"], job
    mid = _state(leads)
    assert mid["l2"]["at"] != before["l2"]["at"] and mid["l2"]["need"] > before["l2"]["need"]
    assert mid["l1"] == before["l1"]
    assert [e["id"] for e in _scored_events(leads)] == ["l2"]
    assert leads.read("MATCH (:Interaction {id: $id})-[:INVOLVES]->(c:Contact) RETURN c.id AS c",
                      id=body["interaction_id"]) == [{"c": "c2"}]

    # A lead-property signal from the owning account manager: a page visit on l1 only.
    r = client("account_manager").http.post("/events/signals",
                                            json={"kind": "visit", "lead_id": "l1", "page": "/pricing"})
    assert r.status_code == 202 and r.json()["lead_ids"] == ["l1"], r.text
    _wait(lambda: admin.http.get(f"/jobs/{r.json()['job_id']}").json(), lambda j: j["status"] == "succeeded")
    after = _state(leads)
    assert after["l1"]["pages"] == 3 and after["l1"]["at"] != mid["l1"]["at"] and after["l2"] == mid["l2"]


def test_signal_auth_and_validation(client, leads):
    ok = {"kind": "visit", "lead_id": "l1", "page": "/x"}
    assert client(None).http.post("/events/signals", json=ok).status_code == 401
    assert client("read_only").http.post("/events/signals", json=ok).status_code == 403
    # Another account manager's signal about acc1's lead looks like a missing lead (no leak).
    assert client("other_am").http.post("/events/signals", json=ok).status_code == 404
    admin = client("admin").http
    assert admin.post("/events/signals", json={**ok, "lead_id": "nope"}).status_code == 404
    assert admin.post("/events/signals", json={"kind": "visit", "page": "/x"}).status_code == 422
    assert admin.post("/events/signals", json={"kind": "visit", "lead_id": "l1"}).status_code == 422
    assert admin.post("/events/signals", json={"kind": "telepathy", "lead_id": "l1"}).status_code == 422
    assert _state(leads)["l1"]["pages"] == 2  # nothing was written by the refused calls


def test_interaction_signal_for_a_lead_without_contact_goes_to_its_source_record(client, leads):
    leads.write("MERGE (l:Lead {id: 'l3', created_at: $now, account_id: 'acc1'})"
                "-[:FROM_RECORD]->(:SourceRecord {id: 'website:v9', source: 'website', source_id: 'v9'})",
                now=datetime.now(UTC).isoformat(timespec="seconds"))
    admin = client("admin").http
    r = admin.post("/events/signals", json={"kind": "interaction", "lead_id": "l3", "interaction_kind": "call",
                                            "id": "sig-1"})
    assert r.status_code == 202 and r.json()["interaction_id"] == "sig-1", r.text
    job = _wait(lambda: admin.get(f"/jobs/{r.json()['job_id']}").json(), lambda j: j["status"] != "queued"
                and j["status"] != "running")
    assert job["result"]["lead_ids"] == ["l3"], job
    assert leads.read("MATCH (:Interaction {id: 'sig-1'})-[:INVOLVES]->(s) RETURN s.id AS s") == [{"s": "website:v9"}]
    # The same id again (a retried delivery) adds no second relationship.
    assert admin.post("/events/signals", json={"kind": "interaction", "lead_id": "l3", "id": "sig-1"}).status_code == 202
    assert leads.read("MATCH (:Interaction {id: 'sig-1'})-[r:INVOLVES]->() RETURN count(r) AS n") == [{"n": 1}]
