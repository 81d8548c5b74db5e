"""`demo load` on a real Neo4j: every file loads without rejects and the graph matches the files."""

import csv
import json

import pytest

from dealgraph.demo.generate import load

pytestmark = pytest.mark.graph


def _count(graph, label: str) -> int:
    return graph.read(f"MATCH (n:`{label}`) RETURN count(n) AS n")[0]["n"]


def _rows(path, enc="utf-8-sig"):
    if path.suffix == ".csv":
        with path.open(encoding=enc, newline="") as f:
            return list(csv.DictReader(f))
    if path.suffix == ".jsonl":
        return [json.loads(x) for x in path.read_text("utf-8").splitlines()]
    return json.loads(path.read_text("utf-8"))


def test_demo_load_three_accounts(graph, tmp_path):
    demo, summary = load(graph, tmp_path / "demo", 3, 13, max_contacts=30)
    assert summary.status == "completed"
    assert summary.rejected == 0, summary.reject_file and summary.reject_file.read_text("utf-8")[:2000]
    assert all(not f.unknown_columns for f in summary.files), [(f.file, f.unknown_columns) for f in summary.files]
    assert summary.loaded == sum(demo.counts.values())

    out = demo.out
    contacts = _rows(out / "crm_contacts.csv", "gb18030")
    for label in ("Account", "Department", "Contact", "Interaction", "User", "Lead", "Opportunity", "Stage",
                  "Tender", "Capability", "SourceRecord", "Organization", "School", "Company"):
        assert _count(graph, label) > 0, label
    # Nodes match the files: no stubs for contacts or accounts, one node per row.
    assert _count(graph, "Account") == 3
    assert _count(graph, "Contact") == len(contacts)
    assert _count(graph, "Department") == demo.counts["crm_departments.csv"]
    assert _count(graph, "Interaction") == (demo.counts["crm_activities.jsonl"] + demo.counts["wecom_messages.jsonl"]
                                            + demo.counts["website_visits.csv"])
    n_leads = sum(demo.counts[f] for f in ("ad_leads_oceanengine.csv", "baidu_leads.jsonl", "website_forms.json"))
    assert _count(graph, "Lead") == n_leads
    assert _count(graph, "Opportunity") == demo.counts["opportunities.csv"]
    with (out / "truth" / "identity.csv").open(encoding="utf-8") as f:
        truth_ids = {r["record_id"] for r in csv.DictReader(f)}
    graph_ids = {r["id"] for r in graph.read("MATCH (s:SourceRecord) RETURN s.id AS id")}
    assert truth_ids <= graph_ids        # every truth record id names a SourceRecord in the graph
    # Relationships the algorithms rely on.
    rels = {r["t"]: r["n"] for r in graph.read("MATCH ()-[r]->() RETURN type(r) AS t, count(r) AS n")}
    tops = sum(1 for c in contacts if not c["直属上级ID"])
    assert rels["REPORTS_TO"] == len(contacts) - tops
    assert rels["KNOWS"] == demo.counts["contact_ties.csv"]
    for t in ("WORKS_IN", "INVOLVES", "BY", "OWNS", "WORKED_AT", "STUDIED_AT", "AT_STAGE", "FOR", "AWARDED_TO",
              "HAS_CAPABILITY", "RESOLVED_TO"):
        assert rels.get(t, 0) > 0, t
    # Approval meetings exist with their type, and WeCom chats point at WeCom source records.
    assert graph.read("MATCH (i:Interaction {meeting_type: 'approval'})-[:INVOLVES]->(:Contact) "
                      "RETURN count(i) AS n")[0]["n"] > 0
    assert graph.read("MATCH (:Interaction {channel: 'website'})-[:INVOLVES]->(s:SourceRecord {source: 'website'}) "
                      "<-[:FROM_RECORD]-(:Lead) RETURN count(s) AS n")[0]["n"] > 0
    if demo.counts["wecom_messages.jsonl"]:
        assert graph.read("MATCH (i:Interaction {kind: 'wecom'})-[:INVOLVES]->(s:SourceRecord {source: 'wecom'}) "
                          "RETURN count(i) AS n")[0]["n"] > 0
