"""(:Concept) nodes in the graph: requirements MENTION them, capabilities COVER them.

The dictionary lives in concepts.py; this module only writes what it finds, so both sides of
a match meet on the same nodes and GDS can compare requirement and capability neighbourhoods.
"""

from __future__ import annotations

from ..graph.connection import Graph
from .concepts import concept, concepts_in

_MENTIONS = """
UNWIND $rows AS r
MATCH (q:Requirement {id: r.id})
OPTIONAL MATCH (q)-[old:MENTIONS]->(:Concept)
DELETE old
WITH DISTINCT q, r
UNWIND r.concepts AS c
MERGE (k:Concept {id: c.id}) ON CREATE SET k.name = c.name, k.kind = c.kind
MERGE (q)-[:MENTIONS]->(k)
"""
_COVERS = """
UNWIND $rows AS r
MATCH (cap:Capability {id: r.id})
OPTIONAL MATCH (cap)-[old:COVERS]->(:Concept)
DELETE old
WITH DISTINCT cap, r
UNWIND r.concepts AS c
MERGE (k:Concept {id: c.id}) ON CREATE SET k.name = c.name, k.kind = c.kind
MERGE (cap)-[:COVERS]->(k)
"""


def _concept_rows(ids: list[str]) -> list[dict]:
    out = []
    for i in ids:
        c = concept(i)
        out.append({"id": f"concept:{i}", "name": c.aliases[0] if c else i, "kind": c.kind if c else "other"})
    return out


def link_tender_concepts(graph: Graph, tender_id: str) -> int:
    reqs = graph.read("MATCH (:Tender {id: $id})-[:HAS_REQUIREMENT]->(q) RETURN q.id AS id, q.text AS text, "
                      "q.parameter AS parameter", id=tender_id)
    rows = [{"id": r["id"], "concepts": _concept_rows(concepts_in(f"{r['parameter'] or ''} {r['text'] or ''}"))}
            for r in reqs]
    graph.write(_MENTIONS, rows=rows)
    return sum(len(r["concepts"]) for r in rows)


def link_capability_concepts(graph: Graph) -> int:
    caps = graph.read("MATCH (c:Capability) RETURN c.id AS id, coalesce(c.name,'') + ' ' + coalesce(c.text,'') + ' ' + "
                      "coalesce(c.spec,'') + ' ' + coalesce(c.industry,'') AS text")
    rows = [{"id": r["id"], "concepts": _concept_rows(concepts_in(r["text"]))} for r in caps]
    graph.write(_COVERS, rows=rows)
    return sum(len(r["concepts"]) for r in rows)
