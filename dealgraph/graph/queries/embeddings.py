"""Cypher of sentence embeddings on capabilities and requirements (algorithms/embeddings.py): what needs
embedding, storing vectors, and the vector index's nearest capabilities."""

from __future__ import annotations


def set_embeddings(label: str) -> str:
    """Store `r.v` as the `embedding` of each `label` node `r.id` (`label` chosen in code)."""
    return (f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) "
            "CALL db.create.setNodeVectorProperty(n, 'embedding', r.v) RETURN count(*) AS n")

CAPABILITIES_TO_EMBED = (
    "MATCH (c:Capability) WHERE $force OR c.embedding IS NULL "
    "RETURN c.id AS id, coalesce(c.name,'') + '. ' + coalesce(c.text,'') + ' ' + coalesce(c.spec,'') "
    "AS text"
)

REQUIREMENTS_TO_EMBED = (
    "MATCH (:Tender {id: $tid})-[:HAS_REQUIREMENT]->(q) WHERE $force OR q.embedding IS NULL "
    "RETURN q.id AS id, q.text AS text"
)

NEAREST_CAPABILITIES = (
    "UNWIND $ids AS rid MATCH (q:Requirement {id: rid}) WHERE q.embedding IS NOT NULL "
    "CALL db.index.vector.queryNodes('vec_capability', $k, q.embedding) YIELD node, score "
    "RETURN rid, node.id AS cap, score"
)
