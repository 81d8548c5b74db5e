"""(:Concept) nodes in the graph: requirements MENTION them, capabilities COVER them.

The dictionary lives in concepts.py; this module only writes what it finds, so both sides of
a match meet on the same nodes and GDS can compare requirement and capability neighbourhoods.
"""

from __future__ import annotations

from ..graph.connection import Graph
from ..graph.queries import concepts as q
from .concepts import concept, concepts_in


def _concept_rows(ids: list[str]) -> list[dict]:
    out = []
    for i in ids:
        c = concept(i)
        out.append({"id": f"concept:{i}", "name": c.aliases[0] if c else i, "kind": c.kind if c else "other"})
    return out


def link_tender_concepts(graph: Graph, tender_id: str) -> int:
    reqs = graph.read(q.REQUIREMENT_TEXTS, id=tender_id)
    rows = [{"id": r["id"], "concepts": _concept_rows(concepts_in(f"{r['parameter'] or ''} {r['text'] or ''}"))}
            for r in reqs]
    graph.write(q.LINK_MENTIONS, rows=rows)
    return sum(len(r["concepts"]) for r in rows)


def link_capability_concepts(graph: Graph) -> int:
    caps = graph.read(q.CAPABILITY_TEXTS)
    rows = [{"id": r["id"], "concepts": _concept_rows(concepts_in(r["text"]))} for r in caps]
    graph.write(q.LINK_COVERS, rows=rows)
    return sum(len(r["concepts"]) for r in rows)
