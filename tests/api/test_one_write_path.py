"""Issue 13: a node written through the API is the node ingest writes from a file row with the same values
(graph.writes: one statement per kind, values validated by schema/models, provenance, stub cleared)."""

from __future__ import annotations

import json

import pytest

from dealgraph.ingest.pipeline import ingest_files

pytestmark = pytest.mark.graph

MAPPING = """
[[files]]
match = "interactions*"
entity = "interaction"
source = "crm"
[[files]]
match = "leads*"
entity = "lead"
source = "api"
[[files]]
match = "opportunities*"
entity = "opportunity"
source = "crm"
"""

# API-only stamps: when the API last changed the node, and who created an account-less lead.
STAMPS = ("id", "updated_at", "owner_id")


def _ingest(graph, tmp_path, name: str, row: dict) -> None:
    (tmp_path / "m.toml").write_text(MAPPING, encoding="utf-8")
    f = tmp_path / name
    f.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    s = ingest_files(graph, [f], tmp_path / "m.toml", reject_dir=tmp_path / "rejects")
    assert s.loaded == 1 and s.rejected == 0


def _node(graph, label: str, id_: str) -> dict:
    p = graph.read(f"MATCH (n:{label} {{id: $id}}) RETURN properties(n) AS p", id=id_)[0]["p"]
    return {k: v for k, v in p.items() if k not in STAMPS}


def _edges(graph, label: str, id_: str) -> list[tuple[str, str, str]]:
    rows = graph.read(f"MATCH (n:{label} {{id: $id}})-[r]-(x) RETURN type(r) AS t, labels(x)[0] AS l, "
                      "CASE WHEN x:SourceRecord THEN x.source ELSE x.id END AS x", id=id_)
    return sorted((r["t"], r["l"], r["x"]) for r in rows)


def test_log_interaction_writes_what_ingest_writes(client, seeded, graph, tmp_path):
    am = client("account_manager")
    _ingest(graph, tmp_path, "interactions.jsonl", {
        "id": "f1", "kind": "电话", "at": "2025-04-02T09:30:00+08:00", "contact_ids": "c1;c2", "user_id": "u_am",
        "channel": "crm", "topic": "报价沟通", "sentiment": 0.4, "meeting_type": "Procurement"})
    am.data('mutation { logInteraction(input: {id: "g1", kind: "电话", at: "2025-04-02T09:30:00+08:00", '
            'contactIds: ["c1", "c2"], channel: "crm", topic: "报价沟通", sentiment: 0.4, meetingType: "Procurement"}) '
            "{ id } }")
    api, file = _node(graph, "Interaction", "g1"), _node(graph, "Interaction", "f1")
    assert api == file and api["at"] == "2025-04-02T01:30:00Z" and api["kind"] == "call", (api, file)
    assert _edges(graph, "Interaction", "g1") == _edges(graph, "Interaction", "f1") == [
        ("BY", "User", "u_am"), ("INVOLVES", "Contact", "c1"), ("INVOLVES", "Contact", "c2")]
    err = am.gql('mutation { logInteraction(input: {id: "g2", kind: "call", at: "2025-04-02", contactIds: ["c1"], '
                 "sentiment: 3}) { id } }")["errors"][0]
    assert err["extensions"]["code"] == "BAD_INPUT" and "sentiment" in err["message"]


def test_upsert_lead_and_opportunity_write_what_ingest_writes(client, seeded, graph, tmp_path):
    am = client("account_manager")
    lead = {"id": "L", "name": "周女士", "company": "华东电力", "title": "采购经理", "email": "Zhou@Example.com",
            "phone": "021-6666 8888", "budget": 500000.0, "account_id": "acc1", "source": "web"}
    _ingest(graph, tmp_path, "leads.jsonl", {**lead, "id": "fl", "created_at": "2025-04-01T00:00:00Z"})
    am.data("mutation($i: LeadInput!) { upsertLead(input: $i) { id } }",
            i={"id": "gl", **{k: v for k, v in lead.items() if k not in ("id", "account_id")}, "accountId": "acc1"})
    api, file = _node(graph, "Lead", "gl"), _node(graph, "Lead", "fl")
    assert api.pop("created_at").endswith("Z") and file.pop("created_at") == "2025-04-01T00:00:00Z"
    assert api == file and api["phone"] == "+862166668888" and api["email"] == "zhou@example.com", (api, file)
    # provenance "api:<id>" as ingest gives each lead row, and the account as a relationship too
    assert _edges(graph, "Lead", "gl") == _edges(graph, "Lead", "fl") == [
        ("FROM_RECORD", "SourceRecord", "api"), ("LEAD_OF", "Account", "acc1")]

    # An opportunity first seen as a reference (a stage row of a deal not loaded yet) is a stub; the
    # upsert completes it as ingest's own row would: stub gone, FOR the account, OWNED_BY its owner.
    graph.write("MERGE (o:Opportunity {id: 'go', stub: true})")
    _ingest(graph, tmp_path, "opportunities.jsonl", {"id": "fo", "account_id": "acc1", "name": "扩容",
                                                     "amount": "¥1,200,000", "owner_id": "u_am"})
    admin = client("admin")  # a stub belongs to no account yet: not a manager's to complete
    admin.data('mutation { upsertOpportunity(input: {id: "go", accountId: "acc1", name: "扩容", amount: 1200000, '
               'ownerId: "u_am"}) { id } }')
    api, file = _node(graph, "Opportunity", "go"), _node(graph, "Opportunity", "fo")
    assert api.pop("created_at").endswith("Z") and "stub" not in api
    assert api == file, (api, file)
    assert _edges(graph, "Opportunity", "go") == _edges(graph, "Opportunity", "fo") == [
        ("FOR", "Account", "acc1"), ("OWNED_BY", "User", "u_am")]
    missing = am.gql('mutation { upsertOpportunity(input: {id: "go", accountId: "acc1", ownerId: "nobody"}) '
                     "{ id } }")["errors"][0]
    assert missing["extensions"]["code"] == "BAD_INPUT" and "nobody" in missing["message"]


def test_signal_interaction_writes_what_ingest_writes(client, seeded, graph, tmp_path):
    admin = client("admin").http
    r = admin.post("/events/signals", json={"kind": "interaction", "contact_id": "c2", "id": "s1", "topic": "方案评审",
                                            "meeting_type": "approval", "interaction_kind": "meeting",
                                            "at": "2025-04-02T09:30:00+08:00"})
    assert r.status_code == 202, r.text
    _ingest(graph, tmp_path, "interactions.jsonl", {
        "id": "f1", "kind": "meeting", "at": "2025-04-02T09:30:00+08:00", "contact_ids": "c2", "user_id": "u_admin",
        "channel": "signal", "topic": "方案评审", "meeting_type": "approval"})
    api, file = _node(graph, "Interaction", "s1"), _node(graph, "Interaction", "f1")
    assert api == file and api["at"] == "2025-04-02T01:30:00Z", (api, file)
    assert _edges(graph, "Interaction", "s1") == _edges(graph, "Interaction", "f1") == [
        ("BY", "User", "u_admin"), ("INVOLVES", "Contact", "c2")]
    bad = admin.post("/events/signals", json={"kind": "interaction", "contact_id": "c2", "interaction_kind": "fax"})
    assert bad.status_code == 422 and "kind" in bad.text
