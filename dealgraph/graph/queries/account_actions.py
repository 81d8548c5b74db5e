"""Cypher of an account's next best actions beyond the pipeline's (algorithms/opportunities/account_actions.py):
its open tenders' unanswered ★ items and its leads whose priority class just rose. Read only."""

from __future__ import annotations

from ..connection import Graph
from .leads import LEAD_CONTACT_AND_ACCOUNT

# Pass/fail items (★ or qualification) the last matching job could not pass: gate 'fail' (not met by our
# capabilities) or 'check' (not verifiable from them), of the account's tenders still open at as-of.
TENDER_ITEMS = """
// $aids: the accounts in scope (null: every account)
CALL () {
  MATCH (t:Tender)-[:ISSUED_BY]->(a:Account) WHERE $aids IS NULL OR a.id IN $aids RETURN t, a.id AS aid
  UNION
  MATCH (t:Tender) WHERE t.buyer_account_id IS NOT NULL AND ($aids IS NULL OR t.buyer_account_id IN $aids)
  RETURN t, t.buyer_account_id AS aid
}
WITH t, aid WHERE t.deadline IS NOT NULL AND toString(t.deadline) >= $as_of AND coalesce(t.status, 'open') = 'open'
  AND NOT EXISTS { (t)-[:AWARDED_TO]->() }
MATCH (t)-[:HAS_REQUIREMENT]->(q:Requirement) WHERE q.match_gate IN ['fail', 'check']
WITH t, aid, q ORDER BY q.index, q.id
RETURN aid AS account,
       t {.id, .title, .number, .budget, .currency, deadline: toString(t.deadline), .match_score, .disqualified,
          .win_probability, .win_probability_history, .buyer_relationship} AS tender,
       collect(q {.id, .text, .parameter, .kind, .lot, .match_gate, .match_status,
                  star: coalesce(q.mandatory, q.starred, false) OR coalesce(q.part_of_mandatory, false)}) AS items
ORDER BY tender.deadline, tender.id, account
"""

RISEN_LEADS = """
// every class change kept (the lists of the write path; a lead written before them has its last change only)
MATCH (l:Lead) WHERE l.priority_changed_at IS NOT NULL AND l.previous_priority IS NOT NULL
WITH l, coalesce(l.priority_change_at, [l.priority_changed_at]) AS ats
WHERE any(t IN ats WHERE datetime(t) >= datetime($since))
""" + LEAD_CONTACT_AND_ACCOUNT + """WITH l, c, a WHERE a IS NOT NULL AND ($aids IS NULL OR a.id IN $aids)
RETURN l.id AS id, a.id AS account, coalesce(l.title, c.title) AS title, c.id AS contact, c.name AS contact_name,
       l.priority AS priority, l.previous_priority AS previous_priority, l.score AS score,
       l.previous_score AS previous_score, toString(l.priority_changed_at) AS changed_at, l.budget AS budget, l.currency AS currency,
       [t IN coalesce(l.priority_change_at, [l.priority_changed_at]) | toString(datetime(t))] AS change_at,
       coalesce(l.priority_change_from, [l.previous_priority]) AS change_from,
       coalesce(l.priority_change_to, [l.priority]) AS change_to,
       coalesce(l.priority_change_score, [l.score]) AS change_score
ORDER BY id
"""


def tender_items(graph: Graph, account_ids: list[str] | None, as_of: str) -> list[dict]:
    """Open tenders of these accounts (None: every account) with pass/fail items not passed."""
    return graph.read(TENDER_ITEMS, aids=None if account_ids is None else list(account_ids), as_of=as_of)


def risen_leads(graph: Graph, account_ids: list[str] | None, since: str) -> list[dict]:
    """Leads of these accounts (None: every account) with a class change since `since` (ISO datetime), with
    every change kept."""
    return graph.read(RISEN_LEADS, aids=None if account_ids is None else list(account_ids), since=since)
