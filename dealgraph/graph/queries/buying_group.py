"""Cypher for the buying committee of each open opportunity: (:Contact)-[:IN_BUYING_GROUP]->(:Opportunity)."""

from __future__ import annotations

from ..connection import Graph
from . import scope as S

# For the API (a loader keyed by opportunity id): the committee members the user may see.
MEMBERS = (
    "UNWIND $ids AS key MATCH (c:Contact)-[g:IN_BUYING_GROUP]->(:Opportunity {id: key}) "
    f"WHERE {S.contact('c')} RETURN key, c {{.id, .name, .title, role: g.role, confidence: g.confidence, "
    "evidence: g.evidence, model: g.model, purchase_area: g.purchase_area} AS p "
    "ORDER BY CASE g.role WHEN 'decision_maker' THEN 0 ELSE 1 END, g.confidence DESC, c.id"
)
OPEN = """
UNWIND $account_ids AS aid
MATCH (a:Account {id: aid})
CALL (a) { MATCH (o:Opportunity)-[:FOR]->(a) RETURN o UNION MATCH (o:Opportunity) WHERE o.account_id = a.id RETURN o }
WITH DISTINCT aid, o WHERE o.closed_won IS NULL
RETURN o.id AS id, aid AS account_id, coalesce(o.product_line, o.purchase_area, '') AS product_line,
       coalesce(o.name, '') AS name
ORDER BY id
"""
# Members no longer in the committee lose the edge; the others are written only when something changed,
# so a re-run on unchanged input leaves the graph as it was.
DROP = """
UNWIND $groups AS g
MATCH (c:Contact)-[r:IN_BUYING_GROUP]->(:Opportunity {id: g.opportunity})
WHERE NOT c.id IN g.members
DELETE r
"""
WRITE = """
UNWIND $rows AS r
MATCH (c:Contact {id: r.contact}), (o:Opportunity {id: r.opportunity})
MERGE (c)-[g:IN_BUYING_GROUP]->(o)
WITH g, r WHERE g.role IS NULL OR g.role <> r.role OR g.confidence <> r.confidence OR g.evidence <> r.evidence
  OR g.model <> r.model OR g.purchase_area <> r.area
SET g.role = r.role, g.confidence = r.confidence, g.evidence = r.evidence, g.model = r.model,
    g.purchase_area = r.area
"""

# For the decision-chain page: each open opportunity of one account with its committee, signers first.
COMMITTEES = """
MATCH (a:Account {id: $account_id})
CALL (a) { MATCH (o:Opportunity)-[:FOR]->(a) RETURN o UNION MATCH (o:Opportunity) WHERE o.account_id = a.id RETURN o }
WITH DISTINCT o WHERE o.closed_won IS NULL
OPTIONAL MATCH (c:Contact)-[g:IN_BUYING_GROUP]->(o)
WITH o, c, g ORDER BY CASE g.role WHEN 'decision_maker' THEN 0 ELSE 1 END, g.confidence DESC, c.id
WITH o, collect(CASE WHEN c IS NOT NULL THEN {id: c.id, name: coalesce(c.name, c.id), title: c.title, role: g.role,
  confidence: g.confidence, evidence: coalesce(g.evidence, []), area: g.purchase_area} END) AS members
RETURN o.id AS id, coalesce(o.name, o.id) AS name, o.amount AS amount, o.stage AS stage,
       coalesce(o.product_line, o.purchase_area) AS product_line, members
ORDER BY id
"""


def committees_of_account(graph: Graph, account_id: str) -> list[dict]:
    """[{id, name, amount, stage, product_line, members: [{id, name, title, role, confidence, evidence, area}]}]"""
    return graph.read(COMMITTEES, account_id=account_id)


def open_opportunities(graph: Graph, account_ids: list[str]) -> list[dict]:
    return graph.read(OPEN, account_ids=account_ids)


def write_groups(graph: Graph, groups: dict[str, list[dict]]) -> None:
    """groups: opportunity id -> its members {contact, role, confidence, evidence, model, area}."""
    graph.write(DROP, groups=[{"opportunity": o, "members": [m["contact"] for m in ms]} for o, ms in groups.items()])
    rows = [m | {"opportunity": o} for o, ms in groups.items() for m in ms]
    if rows:
        graph.write_batch(WRITE, rows)
