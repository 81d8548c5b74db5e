"""Cypher for the account sandbox (algorithms/opportunities/account_sandbox.py): read only."""

from __future__ import annotations

from ..connection import Graph

ACCOUNT = "MATCH (a:Account {id: $aid}) RETURN a.id AS id, coalesce(a.name, a.id) AS name, a.industry AS industry"


def account(graph: Graph, account_id: str) -> dict | None:
    rows = graph.read(ACCOUNT, aid=account_id)
    return rows[0] if rows else None
