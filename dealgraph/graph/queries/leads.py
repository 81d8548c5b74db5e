"""Cypher of lead scoring (algorithms/leads/graph.py): each lead's signals, the scores written back, and
which leads a change to contacts, accounts or interactions reaches."""

from __future__ import annotations

from .scope import contact_in_account

# A lead's contact (linked, else resolved from its source record) and account (linked, else the contact's):
# continues a query that has bound `l` and leaves `l, c, a` bound.
LEAD_CONTACT_AND_ACCOUNT = """
OPTIONAL MATCH (l)-[:LEAD_OF]->(c1:Contact)
WITH l, head(collect(c1)) AS c1
OPTIONAL MATCH (l)-[:FROM_RECORD]->(:SourceRecord)-[:RESOLVED_TO]->(c2:Contact)
WITH l, c1, head(collect(c2)) AS c2
WITH l, coalesce(c1, c2) AS c
OPTIONAL MATCH (l)-[:LEAD_OF]->(a1:Account)
WITH l, c, head(collect(a1)) AS a1
OPTIONAL MATCH """ + contact_in_account("c", "a2:Account") + """
WITH l, c, a1, head(collect(a2)) AS a2
WITH l, c, coalesce(a1, a2) AS a
"""

LEAD_ROWS = """
MATCH (l:Lead) WHERE $ids IS NULL OR l.id IN $ids
""" + LEAD_CONTACT_AND_ACCOUNT + """// Anchored on the lead's contact and source records (never a scan of all interactions).
WITH l, c, a, CASE WHEN l.created_at IS NULL THEN null
                   ELSE datetime(l.created_at) + duration({days: $window}) END AS until
WITH l, c, a,
     COUNT { MATCH (c)<-[:INVOLVES]-(i:Interaction) WHERE until IS NULL OR i.at IS NULL OR datetime(i.at) <= until }
     + COUNT { MATCH (l)-[:FROM_RECORD]->(:SourceRecord)<-[:INVOLVES]-(i:Interaction)
               WHERE until IS NULL OR i.at IS NULL OR datetime(i.at) <= until } AS interactions,
     COUNT { MATCH (c)<-[:INVOLVES]-(i:Interaction)
             WHERE i.meeting_type IN ['procurement', 'approval'] AND (until IS NULL OR datetime(i.at) <= until) }
       AS buying_meetings
CALL (a, l) {
  OPTIONAL MATCH (t:Tender)-[:ISSUED_BY]->(a)
  RETURN max(t.budget) AS tender_budget,
         min(CASE WHEN t.deadline IS NOT NULL AND l.created_at IS NOT NULL
                   AND date(datetime(t.deadline)) >= date(datetime(l.created_at))
              THEN toString(date(datetime(t.deadline))) END) AS tender_deadline
}
RETURN l.id AS id, toString(l.created_at) AS created_at, l.source AS source, l.campaign AS campaign,
       l.budget AS lead_budget, tender_budget, toString(l.stated_purchase_date) AS stated_purchase_date,
       tender_deadline, coalesce(l.title, c.title) AS title, c.role AS role, c.role_confidence AS role_confidence,
       l.pages_visited AS pages_visited, l.downloads AS downloads, l.questions AS questions,
       interactions, buying_meetings, a.industry AS industry, l.converted AS converted
ORDER BY id
"""

WRITE_SCORES = """
UNWIND $rows AS r
MATCH (l:Lead {id: r.id})
// a change of class keeps where it came from and when (next best action "follow a lead whose priority just
// rose"); set before l.priority so it still reads the old class; unchanged classes leave them as they were.
// Every change is also appended to parallel lists (when, from, to, new score), so "just rose" can be judged
// against a past as-of date; r.at is when the row was scored (default: now)
WITH l, r, l.priority IS NOT NULL AND l.priority <> r.priority AS moved,
     coalesce(datetime(r.at), datetime()) AS at
SET l.previous_priority = CASE WHEN moved THEN l.priority ELSE l.previous_priority END,
    l.previous_score = CASE WHEN moved THEN l.score ELSE l.previous_score END,
    l.priority_changed_at = CASE WHEN moved THEN at ELSE l.priority_changed_at END,
    l.priority_change_at = CASE WHEN moved THEN coalesce(l.priority_change_at, []) + [at]
                                ELSE l.priority_change_at END,
    l.priority_change_from = CASE WHEN moved THEN coalesce(l.priority_change_from, []) + [l.priority]
                                  ELSE l.priority_change_from END,
    l.priority_change_to = CASE WHEN moved THEN coalesce(l.priority_change_to, []) + [r.priority]
                                ELSE l.priority_change_to END,
    l.priority_change_score = CASE WHEN moved THEN coalesce(l.priority_change_score, []) + [coalesce(toFloat(r.score), 0.0)]
                                   ELSE l.priority_change_score END
SET l.score = r.score, l.priority = r.priority, l.reasons = r.reasons, l.bant_budget = r.bant_budget,
    l.bant_authority = r.bant_authority, l.bant_need = r.bant_need, l.bant_timeline = r.bant_timeline,
    l.score_model = r.model, l.scored_at = at
"""

AFFECTED = """
UNWIND $contacts AS cid
MATCH (c:Contact {id: cid})
OPTIONAL MATCH (l1:Lead)-[:LEAD_OF]->(c)
OPTIONAL MATCH (l2:Lead)-[:FROM_RECORD]->(:SourceRecord)-[:RESOLVED_TO]->(c)
WITH collect(l1.id) + collect(l2.id) AS ids
UNWIND ids AS id RETURN DISTINCT id
UNION
UNWIND $accounts AS aid
MATCH (a:Account {id: aid})
OPTIONAL MATCH (l1:Lead)-[:LEAD_OF]->(a)
OPTIONAL MATCH (l2:Lead)-[:LEAD_OF]->""" + contact_in_account(":Contact", "a") + """
OPTIONAL MATCH (l3:Lead)-[:FROM_RECORD]->(:SourceRecord)-[:RESOLVED_TO]->""" + contact_in_account(":Contact", "a") + """
WITH collect(l1.id) + collect(l2.id) + collect(l3.id) AS ids
UNWIND ids AS id RETURN DISTINCT id
UNION
UNWIND $interactions AS iid
MATCH (:Interaction {id: iid})-[:INVOLVES]->(x)
OPTIONAL MATCH (l1:Lead)-[:LEAD_OF]->(x)
OPTIONAL MATCH (l2:Lead)-[:FROM_RECORD]->(:SourceRecord)-[:RESOLVED_TO]->(x)
OPTIONAL MATCH (l3:Lead)-[:FROM_RECORD]->(x)
WITH collect(l1.id) + collect(l2.id) + collect(l3.id) AS ids
UNWIND ids AS id RETURN DISTINCT id
"""
