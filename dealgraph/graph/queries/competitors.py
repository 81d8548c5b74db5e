"""Cypher of past tenders and competitors (algorithms/competitors/store.py): context concepts and our companies."""

from __future__ import annotations

LINK_CONTEXT = """
UNWIND $rows AS r
MATCH (t:Tender {id: r.id})
OPTIONAL MATCH (t)-[old:MENTIONS]->(:Concept {kind_group: 'context'})
DELETE old
WITH DISTINCT t, r
SET t.industry = coalesce(t.industry, r.industry)
WITH t, r
UNWIND r.concepts AS c
MERGE (k:Concept {id: c.id}) ON CREATE SET k.name = c.name, k.kind = c.kind, k.kind_group = 'context'
MERGE (t)-[:MENTIONS]->(k)
"""

TENDERS_FOR_CONTEXT = (
    "MATCH (t:Tender) WHERE $ids IS NULL OR t.id IN $ids "
    "RETURN t.id AS id, t.region AS region, t.industry AS industry, t.buyer AS buyer, "
    "t.title AS title, t.budget AS budget"
)

MARK_OURS = (
    "MERGE (s:Company {id: $self_id}) ON CREATE SET s.self = true, s.name = 'self' "
    "SET s.aliases = [x IN coalesce(s.aliases, []) WHERE NOT x IN $names] + $names "
    "WITH s UNWIND $ids AS cid MERGE (c:Company {id: cid}) SET c.ours = true"
)
