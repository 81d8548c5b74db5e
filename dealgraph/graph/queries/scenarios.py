"""Saved what-if scenarios: (:Scenario {key, name, kind, account_id, owner, changes, saved_by, saved_at}).

A scenario is a named list of changes (JSON text), never applied to the graph: the sandbox applies it to a
copy. An account scenario belongs to its account (whoever may see the account may see it); a pipeline
scenario to the user who saved it (it may name opportunities of their accounts only). Saving the same
changes again under the same name leaves the node as it was.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from ..connection import Graph

SAVE = """
MERGE (s:Scenario {key: $key})
ON CREATE SET s.saved_at = $now
SET s.saved_at = CASE WHEN s.changes IS NULL OR s.changes <> $changes THEN $now ELSE s.saved_at END,
    s.saved_by = CASE WHEN s.changes IS NULL OR s.changes <> $changes THEN $by ELSE s.saved_by END,
    s.name = $name, s.kind = $kind, s.account_id = $account_id, s.owner = $owner, s.changes = $changes
RETURN s.key AS key
"""
LIST = """
MATCH (s:Scenario)
WHERE ($account_id IS NULL AND s.kind = 'pipeline' AND ($owner IS NULL OR s.owner = $owner))
   OR ($account_id IS NOT NULL AND s.account_id = $account_id)
RETURN s.key AS key, s.name AS name, s.kind AS kind, s.account_id AS account_id, s.owner AS owner,
       s.changes AS changes, s.saved_by AS saved_by, s.saved_at AS saved_at
ORDER BY s.key
"""
DELETE = "MATCH (s:Scenario {key: $key}) DETACH DELETE s RETURN count(*) AS n"


def key(name: str, account_id: str | None, owner: str) -> str:
    return f"account/{account_id}/{name}" if account_id else f"pipeline/{owner}/{name}"


def save(graph: Graph, name: str, changes: list[dict], account_id: str | None, owner: str, by: str) -> str:
    text = json.dumps(changes, ensure_ascii=False, sort_keys=True)
    return graph.write(SAVE, key=key(name, account_id, owner), name=name, changes=text,
                       kind="account" if account_id else "pipeline", account_id=account_id, owner=owner, by=by,
                       now=datetime.now(UTC).isoformat(timespec="seconds"))[0]["key"]


def listed(graph: Graph, account_id: str | None, owner: str | None) -> list[dict]:
    """An account's scenarios, or the pipeline scenarios of one owner (owner None: every owner's)."""
    rows = graph.read(LIST, account_id=account_id, owner=owner)
    return [{**r, "changes": json.loads(r["changes"])} for r in rows]


def delete(graph: Graph, name: str, account_id: str | None, owner: str) -> bool:
    return graph.write(DELETE, key=key(name, account_id, owner))[0]["n"] > 0
