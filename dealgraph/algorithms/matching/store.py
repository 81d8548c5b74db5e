"""Our capabilities in the graph: load a capability CSV through the ingest pipeline, read them back."""

from __future__ import annotations

from pathlib import Path

from ...graph.connection import Graph
from ...schema.graph_model import SELF_COMPANY_ID
from .capabilities import Capability, capabilities_from_records


def load_capabilities_csv(graph: Graph, path: Path, company: str = SELF_COMPANY_ID) -> int:
    """Capability records (canonical columns) -> (:Company {self:true})-[:HAS_CAPABILITY]->(:Capability) + COVERS."""
    from ...ingest.mapping import parse_mapping
    from ...ingest.pipeline import ingest_files
    from ..concepts_graph import link_capability_concepts

    p = Path(path)
    mapping = parse_mapping({"files": [{"match": p.name, "entity": "capability", "source": "capabilities"}]})
    summary = ingest_files(graph, [p], mapping)
    link_capability_concepts(graph)
    return summary.loaded


def read_capabilities(graph: Graph) -> list[Capability]:
    rows = graph.read(
        "MATCH (s:Company {self: true})-[:HAS_CAPABILITY]->(c:Capability) "
        "RETURN c.id AS id, c.kind AS kind, c.name AS name, c.text AS text, c.spec AS spec, "
        "toString(c.valid_until) AS valid_until, c.customer AS customer, c.industry AS industry, "
        "c.amount AS amount, c.year AS year ORDER BY c.id")
    return capabilities_from_records(rows)
