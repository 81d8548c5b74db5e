"""Our capabilities in the graph: load a capability CSV through the ingest pipeline, read them back."""

from __future__ import annotations

from pathlib import Path

from ...graph.connection import Graph
from ...graph.queries import tender_match as q
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
        q.OUR_CAPABILITIES)
    return capabilities_from_records(rows)
