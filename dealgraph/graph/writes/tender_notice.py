"""A parsed tender notice in one transaction: the Tender node by ingest's statement (statements.CYPHER
["tender"]), then its requirements, replaced as a set (ones that no longer appear are removed with
their SATISFIED_BY)."""

from __future__ import annotations

from typing import Any

from ..connection import Graph, Tx
from .statements import CYPHER, Prepared

_REQUIREMENTS = """
UNWIND $rows AS r
MATCH (t:Tender {id: $tid})
MERGE (q:Requirement {id: r.id})
SET q += r.props
MERGE (t)-[:HAS_REQUIREMENT]->(q)
"""
_PRUNE = """
MATCH (t:Tender {id: $tid})-[:HAS_REQUIREMENT]->(q:Requirement)
WHERE NOT q.id IN $keep
DETACH DELETE q
"""
_ACCOUNTS_NAMED = "MATCH (a:Account) WHERE a.name = $name RETURN a.id AS id ORDER BY id"


def accounts_named(graph: Graph, name: str) -> list[str]:
    """Ids of the accounts whose name is exactly `name` (a notice's buyer the CRM already has)."""
    return [r["id"] for r in graph.read(_ACCOUNTS_NAMED, name=name)]


def write_notice(graph: Graph, tender: Prepared, requirements: list[dict[str, Any]]) -> None:
    """`tender`: a row prepared by statements.prepare("tender", ...); `requirements`: {id, props} rows."""
    def write(tx: Tx) -> None:
        tx.run(CYPHER["tender"], rows=[tender])
        tx.run(_REQUIREMENTS, rows=requirements, tid=tender["id"])
        tx.run(_PRUNE, tid=tender["id"], keep=[r["id"] for r in requirements])

    graph.write_tx(write)
