"""Cypher of matching a stored tender against our capabilities (algorithms/matching/graph.py): the GDS
projection requirement-concept-capability, node similarity, the tender and its requirements, and the
SATISFIED_BY / match results written back."""

from __future__ import annotations

PROJECT = """
CALL (*) {
  MATCH (:Tender {id: $tid})-[:HAS_REQUIREMENT]->(q:Requirement)-[:MENTIONS]->(k:Concept) RETURN q AS s, k AS t
  UNION
  MATCH (:Company {self: true})-[:HAS_CAPABILITY]->(c:Capability)-[:COVERS]->(k:Concept) RETURN c AS s, k AS t
}
WITH gds.graph.project($graph_name, s, t) AS g
RETURN g.graphName AS name
"""

SIMILAR = """
CALL gds.nodeSimilarity.stream($g, {topK: 25, similarityCutoff: 0.1})
YIELD node1, node2, similarity
WITH gds.util.asNode(node1) AS a, gds.util.asNode(node2) AS b, similarity
WHERE a:Requirement AND b:Capability
RETURN a.id AS req, b.id AS cap, similarity ORDER BY similarity DESC
"""

CLEAR = """
MATCH (:Tender {id: $tid})-[:HAS_REQUIREMENT]->(q:Requirement)-[s:SATISFIED_BY]->()
DELETE s
"""

WRITE = """
UNWIND $rows AS r
MATCH (q:Requirement {id: r.req})
SET q.match_status = r.status, q.match_score = r.score, q.match_evidence = r.evidence, q.match_gate = r.gate,
    q.matched_at = $now
WITH q, r WHERE r.cap IS NOT NULL
MATCH (c:Capability {id: r.cap})
MERGE (q)-[s:SATISFIED_BY]->(c)
SET s.status = r.status, s.score = r.score, s.confidence = r.confidence, s.method = r.method,
    s.evidence = r.evidence, s.at = $now
"""

TENDER_RESULT = """
MATCH (t:Tender {id: $tid})
SET t.match_score = $score, t.disqualified = $disq, t.disqualify_reasons = $reasons,
    t.needs_checking = $checks, t.matched_at = $now
"""

TENDER_BY_KEY = (
    "MATCH (t:Tender) WHERE t.id = $k OR t.number = $k OR t.id = 'tender:' + $k "
    "RETURN t {.*} AS t LIMIT 1"
)

HAS_MENTIONS = (
    "MATCH (:Tender {id: $id})-[:HAS_REQUIREMENT]->(:Requirement)-[:MENTIONS]->() RETURN 1 LIMIT 1"
)

CAPABILITIES_COVER = (
    "MATCH (:Capability)-[:COVERS]->() RETURN 1 LIMIT 1"
)

REQUIREMENTS = (
    "MATCH (:Tender {id: $id})-[:HAS_REQUIREMENT]->(q:Requirement) RETURN q {.*} AS q "
    "ORDER BY q.index"
)

OUR_CAPABILITIES = (
    "MATCH (s:Company {self: true})-[:HAS_CAPABILITY]->(c:Capability) "
    "RETURN c.id AS id, c.kind AS kind, c.name AS name, c.text AS text, c.spec AS spec, "
    "toString(c.valid_until) AS valid_until, c.customer AS customer, c.industry AS industry, "
    "c.amount AS amount, c.year AS year ORDER BY c.id"
)
