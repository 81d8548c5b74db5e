"""Cypher linking requirements and capabilities to the concepts they mention or cover (algorithms/concepts_graph.py)."""

from __future__ import annotations

LINK_MENTIONS = """
UNWIND $rows AS r
MATCH (q:Requirement {id: r.id})
OPTIONAL MATCH (q)-[old:MENTIONS]->(:Concept)
DELETE old
WITH DISTINCT q, r
UNWIND r.concepts AS c
MERGE (k:Concept {id: c.id}) ON CREATE SET k.name = c.name, k.kind = c.kind
MERGE (q)-[:MENTIONS]->(k)
"""

LINK_COVERS = """
UNWIND $rows AS r
MATCH (cap:Capability {id: r.id})
OPTIONAL MATCH (cap)-[old:COVERS]->(:Concept)
DELETE old
WITH DISTINCT cap, r
UNWIND r.concepts AS c
MERGE (k:Concept {id: c.id}) ON CREATE SET k.name = c.name, k.kind = c.kind
MERGE (cap)-[:COVERS]->(k)
"""

REQUIREMENT_TEXTS = (
    "MATCH (:Tender {id: $id})-[:HAS_REQUIREMENT]->(q) RETURN q.id AS id, q.text AS text, "
    "q.parameter AS parameter"
)

CAPABILITY_TEXTS = (
    "MATCH (c:Capability) RETURN c.id AS id, coalesce(c.name,'') + ' ' + coalesce(c.text,'') + ' ' + "
    "coalesce(c.spec,'') + ' ' + coalesce(c.industry,'') AS text"
)
