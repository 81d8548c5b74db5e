"""Reads the API's recomputation jobs make before and after an algorithm runs, to tell what changed
(api/job_kinds.py turns the differences into webhook events)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .scope import contact_in_account

if TYPE_CHECKING:
    from ..connection import Graph

_CONTACT_ROLES = """
UNWIND $ids AS aid MATCH (a:Account {id: aid})
CALL (a) {
  MATCH (c:Contact) WHERE c.account_id = a.id RETURN c
  UNION MATCH """ + contact_in_account("c:Contact", "a") + """ RETURN c
}
RETURN c.id AS id, a.id AS account_id, coalesce(c.role_label, c.role) AS role, c.role_confidence AS confidence
"""

_DELAY_WARNINGS = ("MATCH (o:Opportunity) WHERE o.delay_warn = true RETURN o.id AS id, o.delay_risk AS risk, "
                   "o.current_stage AS stage, o.delay_reasons AS reasons, "
                   "coalesce(o.account_id, head([(o)-[:FOR]->(a:Account) | a.id])) AS account_id")


def contact_roles(graph: Graph, account_ids: list[str]) -> list[dict[str, Any]]:
    """{id, account_id, role (a person's label wins), confidence} of every contact of the accounts."""
    return graph.read(_CONTACT_ROLES, ids=account_ids)


def scored_leads(graph: Graph, ids: list[str] | None, cap: int) -> list[dict[str, Any]]:
    """The `cap` best-scored leads of `ids` (None: all) that have a score: {id, score, priority, reasons, account_id}."""
    return graph.read("MATCH (l:Lead) WHERE ($ids IS NULL OR l.id IN $ids) AND l.scored_at IS NOT NULL "
                      "RETURN l.id AS id, l.score AS score, l.priority AS priority, l.reasons AS reasons, "
                      "l.account_id AS account_id ORDER BY l.score DESC LIMIT $cap", ids=ids, cap=cap)


def delay_warnings(graph: Graph) -> list[dict[str, Any]]:
    """Opportunities warned of a stage delay: {id, risk, stage, reasons, account_id}."""
    return graph.read(_DELAY_WARNINGS)


def open_tenders_with_requirements(graph: Graph) -> list[str]:
    return [r["id"] for r in graph.read(
        "MATCH (t:Tender) WHERE coalesce(t.status, 'open') = 'open' AND EXISTS { (t)-[:HAS_REQUIREMENT]->() } "
        "RETURN t.id AS id ORDER BY t.id")]
