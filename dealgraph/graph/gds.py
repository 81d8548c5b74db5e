"""GDS through the one Graph seam: named projections that are always dropped.

    with projection(graph, "roles_acc42", node_query, rel_query, params) as name:
        graph.read("CALL gds.pageRank.stream($g) YIELD nodeId, score ...", g=name)

Cypher projections (gds.graph.project as an aggregation function) take parameters, so the
subgraph of one account or one batch is chosen without building query strings from input.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from .connection import Graph


def drop(graph: Graph, name: str) -> None:
    graph.run_autocommit("CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName", name=name)


@contextmanager
def projection(graph: Graph, prefix: str, source_target_query: str, params: dict | None = None,
               config: dict | None = None) -> Iterator[str]:
    """Project with a Cypher aggregation.

    `source_target_query` must end in a RETURN of
    `gds.graph.project($graph_name, source, target, $data_config, $config)` or equivalent and
    may use `$graph_name`; the projection is dropped on exit, also after an error.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    graph.run_autocommit(source_target_query, graph_name=name, config=config or {}, **(params or {}))
    try:
        yield name
    finally:
        drop(graph, name)


def version(graph: Graph) -> str:
    return graph.read("RETURN gds.version() AS v")[0]["v"]
