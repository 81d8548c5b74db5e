"""Reads of the ROI board (algorithms/roi.py computes the board from them, without the graph)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .scope import contact_in_account

if TYPE_CHECKING:
    from ..connection import Graph

ACCOUNTS = "MATCH (a:Account) WHERE coalesce(a.stub, false) = false OR EXISTS { (:Opportunity)-[:FOR]->(a) } " \
           "RETURN a.id AS id, coalesce(a.name, a.id) AS name ORDER BY id"

INTERACTIONS = """
MATCH (i:Interaction)-[:INVOLVES]->""" + contact_in_account(":Contact", "a:Account") + """
WITH DISTINCT a, i
OPTIONAL MATCH (i)-[:BY]->(u:User)
RETURN a.id AS account, i.kind AS kind, i.duration_h AS hours, i.duration_min AS minutes,
       i.travel_cost AS travel, toLower(coalesce(u.role, '')) AS user_role
"""

LEADS = """
MATCH (l:Lead)
OPTIONAL MATCH (l)-[:LEAD_OF]->(a1:Account)
OPTIONAL MATCH (l)-[:LEAD_OF]->""" + contact_in_account(":Contact", "a2:Account") + """
OPTIONAL MATCH (l)-[:FROM_RECORD]->(:SourceRecord)-[:RESOLVED_TO]->""" + contact_in_account(":Contact", "a3:Account") + """
WITH l, coalesce(a1, a2, a3) AS a WHERE a IS NOT NULL
WITH DISTINCT l, a
RETURN a.id AS account, coalesce(l.marketing_cost, l.cost) AS cost
"""

TENDERS = """
MATCH (t:Tender)-[:ISSUED_BY]->(a:Account)
WITH t, a, EXISTS { (t)-[:AWARDED_TO]->(:Company {self: true}) } AS won_by_us
WHERE t.bid_cost IS NOT NULL OR coalesce(t.bid, false) OR won_by_us
RETURN a.id AS account, t.bid_cost AS cost
"""

OPPORTUNITIES = """
MATCH (o:Opportunity)-[:FOR]->(a:Account)
OPTIONAL MATCH (o)-[r:AT_STAGE]->(s:Stage)
WITH o, a, r, s ORDER BY r.entered DESC
WITH o, a, collect(coalesce(s.name, s.id))[0] AS stage
RETURN o.id AS id, a.id AS account, coalesce(o.name, o.id) AS name, o.amount AS amount, o.closed_won AS won,
       o.win_probability AS p, stage
ORDER BY id
"""


@dataclass(frozen=True)
class RoiInputs:
    """Rows of each query above: accounts {id, name}; interactions {account, kind, hours, minutes, travel,
    user_role}; leads and tenders {account, cost}; opportunities {id, account, name, amount, won, p, stage}."""

    accounts: list[dict[str, Any]]
    interactions: list[dict[str, Any]]
    leads: list[dict[str, Any]]
    tenders: list[dict[str, Any]]
    opportunities: list[dict[str, Any]]


def roi_inputs(graph: Graph) -> RoiInputs:
    return RoiInputs(graph.read(ACCOUNTS), graph.read(INTERACTIONS), graph.read(LEADS), graph.read(TENDERS),
                     graph.read(OPPORTUNITIES))
