"""A merge moves the merged-away CRM contact's relationships onto the kept golden (idempotently,
also after a re-ingest wrote them again); a split puts them back."""

import pytest

from dealgraph.ingest.identity.graph_store import resolve_graph, split_record

pytestmark = pytest.mark.graph

PERSON = {"kind": "person", "name": "王建华", "company": "上海联影医疗科技股份有限公司",
          "email": "wang.jianhua@united-imaging.com", "phone": "13761234567", "source": "crm"}


def _rels(g, cid):
    return sorted((r["t"], r["other"], r["out"]) for r in g.read(
        "MATCH (c:Contact {id: $id})-[r]-(x) WHERE type(r) <> 'RESOLVED_TO' "
        "RETURN type(r) AS t, x.id AS other, startNode(r) = c AS out", id=cid))


def _crm_relationships(g):
    """What a CRM export writes for contact C5 (run again to simulate a re-ingest)."""
    g.write("MATCH (c:Contact {id: 'C5'}), (a:Account {id: 'acc1'}), (b:Contact {id: 'boss'}), "
            "(i:Interaction {id: 'i1'}), (l:Lead {id: 'l1'}), (c1:Contact {id: 'C1'}) "
            "MERGE (c)-[:WORKS_FOR {title: '采购经理'}]->(a) MERGE (c)-[:REPORTS_TO]->(b) "
            "MERGE (i)-[:INVOLVES]->(c) MERGE (l)-[:LEAD_OF]->(c) MERGE (c)-[:KNOWS]->(c1)")


@pytest.fixture
def two_crm_contacts(graph):
    g = graph
    g.write("CREATE (:Contact {id: 'C1', name: '王建华', created_at: datetime('2024-01-01T00:00:00Z')}), "
            "(:Contact {id: 'C5', name: '王建华', created_at: datetime('2025-01-01T00:00:00Z')}), "
            "(:Account {id: 'acc1', name: '联影'}), (:Contact {id: 'boss', name: '李总'}), "
            "(:Interaction {id: 'i1'}), (:Lead {id: 'l1'})")
    g.write("UNWIND $rows AS r CREATE (s:SourceRecord) SET s = r WITH s "
            "MATCH (c:Contact {id: s.source_id}) CREATE (s)-[:RESOLVED_TO {method: 'origin'}]->(c)",
            rows=[PERSON | {"id": "crm:C1", "source_id": "C1"}, PERSON | {"id": "crm:C5", "source_id": "C5"}])
    g.write("MATCH (c:Contact {id: 'C1'}), (a:Account {id: 'acc1'}) CREATE (c)-[:WORKS_FOR {title: '采购经理'}]->(a)")
    _crm_relationships(g)
    return g


def test_merge_moves_relationships_and_split_puts_them_back(two_crm_contacts):
    g = two_crm_contacts
    c5_before = _rels(g, "C5")
    resolve_graph(g)
    golden = {r["rid"]: r["gid"] for r in g.read("MATCH (s:SourceRecord)-[:RESOLVED_TO]->(n) "
                                                 "RETURN s.id AS rid, n.id AS gid")}
    assert golden == {"crm:C1": "C1", "crm:C5": "C1"}  # the older CRM contact is kept
    assert g.read("MATCH (c:Contact {id: 'C5'}) RETURN c.merged_into AS m")[0]["m"] == "C1"
    assert _rels(g, "C5") == []
    assert _rels(g, "C1") == [("INVOLVES", "i1", False), ("LEAD_OF", "l1", False), ("REPORTS_TO", "boss", True),
                              ("WORKS_FOR", "acc1", True)]  # one WORKS_FOR; the C5-C1 KNOWS is gone
    shared = g.read("MATCH (:Contact {id: 'C1'})-[r:WORKS_FOR]->() RETURN r.also_from AS a, r.moved_from AS m")
    assert shared == [{"a": ["C5"], "m": None}]
    counts = g.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]

    # Again, and after a re-ingest wrote C5's relationships anew: the same graph.
    resolve_graph(g)
    assert g.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"] == counts
    _crm_relationships(g)
    assert _rels(g, "C5")
    resolve_graph(g)
    assert _rels(g, "C5") == [] and g.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"] == counts

    # Split C5's record off: it goes back to C5 with what C5 brought.
    out = split_record(g, "crm:C5")
    assert out["restored"][0]["golden"] == "C5"
    assert g.read("MATCH (c:Contact {id: 'C5'}) RETURN c.merged_into AS m")[0]["m"] is None
    assert g.read("MATCH (:SourceRecord {id: 'crm:C5'})-[:RESOLVED_TO]->(n) RETURN n.id AS id")[0]["id"] == "C5"
    assert _rels(g, "C5") == [r for r in c5_before if r[1] != "C1"]  # all but the link to C1 itself
    assert _rels(g, "C1") == [("WORKS_FOR", "acc1", True)]
    resolve_graph(g)  # the split holds
    assert g.read("MATCH (:SourceRecord {id: 'crm:C5'})-[:RESOLVED_TO]->(n) RETURN n.id AS id")[0]["id"] == "C5"
