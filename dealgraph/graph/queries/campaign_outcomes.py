"""Leads from paid channels and the opportunities of their accounts, for graph-mode budget allocation
(dealgraph.algorithms.marketing.graph_history attributes them).

A lead reaches an account through the contact its channel record resolved to (FROM_RECORD ->
SourceRecord -RESOLVED_TO-> Contact, then the contact's account), or directly (lead.account_id,
-[:LEAD_OF|FOR|CONVERTED_TO]->(:Account)). Both reads take the caller's scope: an account manager's
allocation learns only from the leads and opportunities they may see. A lead's segment (the audience a
segmented spend row names) is its own `segment`, else the industry of its account (the first by id).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import scope as sc

if TYPE_CHECKING:
    from ..connection import Graph

_LEADS = f"""
MATCH (l:Lead)
WHERE l.source IS NOT NULL AND l.created_at IS NOT NULL AND {sc.lead('l')}
OPTIONAL MATCH (l)-[:FROM_RECORD]->(:SourceRecord)-[:RESOLVED_TO]->(c:Contact)
OPTIONAL MATCH (c)-[:WORKS_FOR]->(wa:Account)
OPTIONAL MATCH (l)-[:LEAD_OF|FOR|CONVERTED_TO]->(la:Account)
WITH l, collect(DISTINCT c.account_id) + collect(DISTINCT wa.id) + collect(DISTINCT la.id) + [l.account_id] AS ids
WITH l, [x IN ids WHERE x IS NOT NULL | x] AS accounts
OPTIONAL MATCH (sa:Account) WHERE sa.id IN accounts AND sa.industry IS NOT NULL
WITH l, accounts, sa ORDER BY sa.id
WITH l, accounts, collect(sa.industry) AS industries
RETURN l.id AS id, l.source AS channel, coalesce(l.campaign, '') AS creative, l.created_at AS created_at,
       l.priority AS priority, l.converted AS converted, accounts,
       coalesce(l.segment, industries[0], '') AS segment
ORDER BY id
"""

_OPPORTUNITIES = f"""
MATCH (o:Opportunity)
WHERE o.created_at IS NOT NULL AND {sc.opportunity('o')}
WITH o, coalesce(o.account_id, [(o)-[:FOR]->(a:Account) | a.id][0]) AS account
WHERE account IS NOT NULL
RETURN o.id AS id, account, o.created_at AS created_at, coalesce(o.amount, 0.0) AS amount,
       o.closed_won AS closed_won
ORDER BY id
"""


def campaign_outcomes(graph: Graph, scope: sc.Scope | None = None) -> tuple[list[dict], list[dict]]:
    """(leads, opportunities) visible in `scope` (default: everything)."""
    params = (scope or sc.Scope(all=True, uid="")).params
    return graph.read(_LEADS, **params), graph.read(_OPPORTUNITIES, **params)
