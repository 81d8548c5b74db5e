"""Match one stored tender against our capabilities in the graph and write the result back.

Reads (:Tender)-[:HAS_REQUIREMENT]->(:Requirement) and (:Company {self:true})-[:HAS_CAPABILITY]->
(:Capability); ranks candidate capabilities per requirement with GDS node similarity over the
requirement–concept–capability graph (and, on request, the vector index of sentence
embeddings); decides each status with the pure engine; writes
(:Requirement)-[:SATISFIED_BY {status, score, confidence, method, evidence}]->(:Capability) and
the tender's match_score / disqualified / disqualify_reasons / needs_checking (pass/fail items:
★ and the qualification section, see engine.gate).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from ...errors import NotFound
from ...graph.connection import Graph
from ...graph.gds import projection
from ...ingest.tenders.store import requirement_dicts
from ..concepts import concepts_in
from ..concepts_graph import link_capability_concepts, link_tender_concepts
from .engine import gate, match_requirements, overall
from .store import read_capabilities

log = logging.getLogger(__name__)

_PROJECT = """
CALL (*) {
  MATCH (:Tender {id: $tid})-[:HAS_REQUIREMENT]->(q:Requirement)-[:MENTIONS]->(k:Concept) RETURN q AS s, k AS t
  UNION
  MATCH (:Company {self: true})-[:HAS_CAPABILITY]->(c:Capability)-[:COVERS]->(k:Concept) RETURN c AS s, k AS t
}
WITH gds.graph.project($graph_name, s, t) AS g
RETURN g.graphName AS name
"""
_SIMILAR = """
CALL gds.nodeSimilarity.stream($g, {topK: 25, similarityCutoff: 0.1})
YIELD node1, node2, similarity
WITH gds.util.asNode(node1) AS a, gds.util.asNode(node2) AS b, similarity
WHERE a:Requirement AND b:Capability
RETURN a.id AS req, b.id AS cap, similarity ORDER BY similarity DESC
"""
_CLEAR = """
MATCH (:Tender {id: $tid})-[:HAS_REQUIREMENT]->(q:Requirement)-[s:SATISFIED_BY]->()
DELETE s
"""
_WRITE = """
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
_TENDER_RESULT = """
MATCH (t:Tender {id: $tid})
SET t.match_score = $score, t.disqualified = $disq, t.disqualify_reasons = $reasons,
    t.needs_checking = $checks, t.matched_at = $now
"""


def resolve_tender(graph: Graph, key: str) -> dict:
    rows = graph.read("MATCH (t:Tender) WHERE t.id = $k OR t.number = $k OR t.id = 'tender:' + $k "
                      "RETURN t {.*} AS t LIMIT 1", k=key)
    if not rows:
        raise NotFound(f"tender {key!r} is not in the graph: ingest it with `dealgraph tender ingest FILE`.")
    return rows[0]["t"]


def gds_candidates(graph: Graph, tender_id: str, req_ids: list[str]) -> dict[int, list[tuple[str, float]]]:
    """Requirement index -> [(capability id, node similarity)], best first. Empty if GDS is unavailable."""
    index = {rid: i for i, rid in enumerate(req_ids)}
    out: dict[int, list[tuple[str, float]]] = {}
    try:
        with projection(graph, "tender_match", _PROJECT, {"tid": tender_id}) as g:
            for r in graph.read(_SIMILAR, g=g):
                if r["req"] in index:
                    out.setdefault(index[r["req"]], []).append((r["cap"], float(r["similarity"])))
    except Exception as e:  # noqa: BLE001 - GDS is a ranking aid; matching stands without it
        log.warning("GDS node similarity skipped: %s", e)
    return out


def embedding_candidates(graph: Graph, tender_id: str, req_ids: list[str]) -> dict[int, list[tuple[str, float]]]:
    from ..embeddings import embed_capabilities, embed_requirements, nearest_capabilities

    embed_capabilities(graph)
    embed_requirements(graph, tender_id)
    index = {rid: i for i, rid in enumerate(req_ids)}
    return {index[rid]: hits for rid, hits in nearest_capabilities(graph, req_ids).items() if rid in index}


def match_tender(graph: Graph, key: str, use_embeddings: bool = False) -> dict:
    t = resolve_tender(graph, key)
    tid = t["id"]
    if not graph.read("MATCH (:Tender {id: $id})-[:HAS_REQUIREMENT]->(:Requirement)-[:MENTIONS]->() RETURN 1 LIMIT 1",
                      id=tid):
        link_tender_concepts(graph, tid)
    if not graph.read("MATCH (:Capability)-[:COVERS]->() RETURN 1 LIMIT 1"):
        link_capability_concepts(graph)
    raw = graph.read("MATCH (:Tender {id: $id})-[:HAS_REQUIREMENT]->(q:Requirement) RETURN q {.*} AS q "
                     "ORDER BY q.index", id=tid)
    reqs = requirement_dicts([r["q"] for r in raw])
    caps = read_capabilities(graph)
    req_ids = [r["id"] for r in reqs]
    cands = gds_candidates(graph, tid, req_ids)
    if use_embeddings:
        for i, hits in embedding_candidates(graph, tid, req_ids).items():
            merged = dict(cands.get(i, []))
            for cap, s in hits:
                merged[cap] = max(merged.get(cap, 0.0), s)
            cands[i] = sorted(merged.items(), key=lambda x: -x[1])
    context = concepts_in(" ".join(x for x in (t.get("title"), t.get("buyer")) if x))
    results = match_requirements(reqs, caps, deadline=t.get("deadline"), context_concepts=context, candidates=cands)
    scoring = json.loads(t.get("scoring_json") or "[]")
    lots = [str(lot.get("number")) for lot in json.loads(t.get("lots_json") or "[]") if lot.get("number")]
    summary = overall(reqs, results, scoring, lots)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    gates = [gate(r, m)[0] for r, m in zip(reqs, results)]  # fail | check | None (pass/fail items only)
    rows = [{"req": r["id"], "cap": m.capability_id, "status": m.status, "score": round(m.score, 3),
             "confidence": m.confidence, "method": m.method, "evidence": m.evidence, "gate": g}
            for r, m, g in zip(reqs, results, gates)]
    graph.write(_CLEAR, tid=tid)
    graph.write(_WRITE, rows=rows, now=now)
    graph.write(_TENDER_RESULT, tid=tid, score=summary["score"], disq=summary["disqualified"],
                reasons=summary["disqualify_reasons"], checks=summary["needs_checking"], now=now)
    cap_names = {c.id: c.name for c in caps}
    return {
        "tender": {"id": tid, "project_name": t.get("title"), "number": t.get("number"), "buyer": t.get("buyer"),
                   "deadline": t.get("deadline"), "budget": t.get("budget"), "currency": t.get("currency")},
        **summary,
        "requirements": [
            {"id": r["id"], "kind": r.get("kind"), "text": r.get("text"), "parameter": r.get("parameter"),
             "operator": r.get("operator"), "value": r.get("value"), "unit": r.get("unit"),
             "mandatory": bool(r.get("mandatory")), "important": bool(r.get("important")), "page": r.get("page"),
             "snippet": r.get("snippet"), "status": m.status, "score": round(m.score, 3), "confidence": m.confidence,
             "capability_id": m.capability_id, "capability": m.capability_name, "method": m.method,
             "evidence": m.evidence, "gate": gates[i],
             "graph_candidates": [{"capability_id": c, "capability": cap_names.get(c), "similarity": round(s, 3)}
                                  for c, s in cands.get(i, [])[:3]]}
            for i, (r, m) in enumerate(zip(reqs, results))],
    }
