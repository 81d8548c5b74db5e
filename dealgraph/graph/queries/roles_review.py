"""Cypher for the role review loop: which contacts to ask a user about, and storing their answer.

A confirmed or corrected role is kept on the contact with who, when, an optional note and what the
model had said before (role_label_predicted), so later runs keep the user's role and the benches can
count corrections (label != predicted) apart from confirmations.
"""

from __future__ import annotations

from ..connection import Graph

# Contacts of the accounts, unlabelled, closest to a tie first; ties broken by influence (people
# whose role matters most), then id so the list is stable.
CANDIDATES = """
UNWIND $account_ids AS aid
CALL (aid) {
  MATCH (c:Contact {account_id: aid}) RETURN c
  UNION
  MATCH (c:Contact)-[:WORKS_IN]->(:Department)-[:SUB_OF*0..6]->(:Department)-[:PART_OF]->(:Account {id: aid})
  RETURN c
}
WITH DISTINCT aid, c WHERE c.role_label IS NULL AND c.role IS NOT NULL
RETURN c.id AS id, aid AS account_id, coalesce(c.name, '') AS name, coalesce(c.title, '') AS title, c.role AS role,
       c.role_confidence AS confidence, coalesce(c.role_margin, c.role_confidence) AS margin,
       coalesce(c.role_influence, 0.0) AS influence, coalesce(c.role_evidence[0], '') AS why
ORDER BY margin ASC, influence DESC, id ASC
LIMIT $limit
"""
STORE = """
MATCH (c:Contact {id: $id})
WITH c, CASE WHEN c.role_model = 'user-label' THEN c.role_label_predicted ELSE c.role END AS before
SET c.role_label_predicted = before, c.role_label = $role, c.role_label_by = $by, c.role_label_at = $at,
    c.role_label_note = $note, c.role = $role, c.role_confidence = 1.0, c.role_model = 'user-label',
    c.role_margin = 1.0, c.role_scored_at = $at,
    c.role_evidence = ['confirmed by ' + $by + ' as ' + replace($role, '_', ' ')]
      + [e IN coalesce(c.role_evidence, []) WHERE NOT e STARTS WITH 'confirmed by'
         AND NOT e STARTS WITH 'GDS node-classification'][..5]
RETURN before
"""
# Every answer counted against the reason and profile the semantics gave for that person
# (algorithms/roles/corrections.py).
ANSWERS = """
MATCH (c:Contact) WHERE c.role_label IN $roles AND c.role_reason <> '' AND c.role_semantic IN $roles
RETURN c.role_reason AS reason, coalesce(c.role_profile, '') AS profile, c.role_semantic AS said,
       c.role_label AS label, count(*) AS n
ORDER BY reason, profile, said, label
"""
CLEAR = "MATCH (c:Contact {id: $id}) REMOVE c.role_label, c.role_label_at, c.role_label_by, c.role_label_note"
FIND = "MATCH (c:Contact) WHERE c.id = $x OR c.source_id = $x RETURN c.id AS id"


def answers_by_reason(graph: Graph, roles: list[str]) -> list[dict]:
    return graph.read(ANSWERS, roles=roles)


def candidates(graph: Graph, account_ids: list[str], limit: int = 10) -> list[dict]:
    return graph.read(CANDIDATES, account_ids=account_ids, limit=max(1, int(limit)))


def store_label(graph: Graph, contact_id: str, role: str, by: str, at: str, note: str | None = None) -> str | None:
    """Store a user's role; returns the role the model had predicted before."""
    rows = graph.write(STORE, id=contact_id, role=role, by=by, at=at, note=note)
    return rows[0]["before"] if rows else None


def clear_label(graph: Graph, contact_id: str) -> None:
    graph.write(CLEAR, id=contact_id)


def find_contact(graph: Graph, ref: str) -> list[str]:
    return [r["id"] for r in graph.read(FIND, x=ref)]
