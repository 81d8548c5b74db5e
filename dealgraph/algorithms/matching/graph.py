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
from ...graph.queries import tender_match as q
from ...ingest.tenders.store import requirement_dicts
from ..concepts import concepts_in
from ..concepts_graph import link_capability_concepts, link_tender_concepts
from .engine import gate, match_requirements, overall
from .store import read_capabilities

log = logging.getLogger(__name__)


def resolve_tender(graph: Graph, key: str) -> dict:
    rows = graph.read(q.TENDER_BY_KEY, k=key)
    if not rows:
        raise NotFound(f"tender {key!r} is not in the graph: ingest it with `dealgraph tender ingest FILE`.")
    return rows[0]["t"]


def gds_candidates(graph: Graph, tender_id: str, req_ids: list[str]) -> dict[int, list[tuple[str, float]]]:
    """Requirement index -> [(capability id, node similarity)], best first. Empty if GDS is unavailable."""
    index = {rid: i for i, rid in enumerate(req_ids)}
    out: dict[int, list[tuple[str, float]]] = {}
    try:
        with projection(graph, "tender_match", q.PROJECT, {"tid": tender_id}) as g:
            for r in graph.read(q.SIMILAR, g=g):
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
    if not graph.read(q.HAS_MENTIONS, id=tid):
        link_tender_concepts(graph, tid)
    if not graph.read(q.CAPABILITIES_COVER):
        link_capability_concepts(graph)
    raw = graph.read(q.REQUIREMENTS, id=tid)
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
    graph.write(q.CLEAR, tid=tid)
    graph.write(q.WRITE, rows=rows, now=now)
    graph.write(q.TENDER_RESULT, tid=tid, score=summary["score"], disq=summary["disqualified"],
                reasons=summary["disqualify_reasons"], checks=summary["needs_checking"], now=now)
    cap_names = {c.id: c.name for c in caps}
    return {
        "tender": {"id": tid, "project_name": t.get("title"), "number": t.get("number"), "buyer": t.get("buyer"),
                   "deadline": t.get("deadline"), "budget": t.get("budget"), "currency": t.get("currency")},
        **summary,
        "requirements": [
            {"id": r["id"], "kind": r.get("kind"), "text": r.get("text"), "parameter": r.get("parameter"),
             "operator": r.get("operator"), "value": r.get("value"), "unit": r.get("unit"),
             "mandatory": bool(r.get("mandatory")), "part_of_mandatory": bool(r.get("part_of_mandatory")), "important": bool(r.get("important")), "page": r.get("page"),
             "snippet": r.get("snippet"), "status": m.status, "score": round(m.score, 3), "confidence": m.confidence,
             "capability_id": m.capability_id, "capability": m.capability_name, "method": m.method,
             "evidence": m.evidence, "gate": gates[i],
             "graph_candidates": [{"capability_id": c, "capability": cap_names.get(c), "similarity": round(s, 3)}
                                  for c, s in cands.get(i, [])[:3]]}
            for i, (r, m) in enumerate(zip(reqs, results))],
    }
