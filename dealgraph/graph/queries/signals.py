"""Cypher of inbound signals (api/routes/events.py POST /events/signals): whom a signal is about, and
the lead properties a visit, download, question or form updates. Interactions are written by
graph/writes (the ingest statement)."""

from __future__ import annotations

from .scope import contact_in_account

# Which accounts the signal's subject belongs to (account managers may only signal their own).
TARGET = """
OPTIONAL MATCH (l:Lead {id: $lead})
OPTIONAL MATCH (c:Contact {id: $contact})
CALL (l, c) {
  OPTIONAL MATCH (l)-[:LEAD_OF]->(lc:Contact)
  RETURN head(collect(lc)) AS lc
}
WITH l, c, lc
CALL (l, c, lc) {
  UNWIND [x IN [l, c, lc] WHERE x IS NOT NULL] AS x
  OPTIONAL MATCH (x)-[:LEAD_OF|WORKS_FOR]->(a1:Account)
  OPTIONAL MATCH """ + contact_in_account("x", "a2:Account") + """
  WITH collect(x.account_id) + collect(a1.id) + collect(a2.id) AS accs
  RETURN [a IN accs WHERE a IS NOT NULL] AS accounts
}
RETURN l IS NOT NULL AS lead, c IS NOT NULL AS contact, lc.id AS lead_contact,
       head([(l)-[:FROM_RECORD]->(s:SourceRecord) | s.id]) AS lead_record, accounts
"""

# Lead properties, kept in the shapes ingest writes (pages_visited: a list of pages or a count).
LEAD_SET = {
    "visit": "l.pages_visited = CASE WHEN l.pages_visited IS NULL THEN [$page] "
             "WHEN valueType(l.pages_visited) STARTS WITH 'LIST' THEN l.pages_visited + $page "
             "ELSE coalesce(toInteger(l.pages_visited), 0) + 1 END",
    "download": "l.downloads = coalesce(toInteger(l.downloads), 0) + 1",
    "question": "l.questions = CASE WHEN l.questions IS NULL THEN $text ELSE toString(l.questions) + ' | ' + $text END",
    "form": "l.budget = coalesce($budget, l.budget), l.stated_purchase_date = coalesce($purchase_date, "
            "l.stated_purchase_date), l.title = coalesce($title, l.title)",
}
LEADS_OF = ("MATCH (l:Lead) WHERE l.id = $lead OR ($lead IS NULL AND EXISTS { (l)-[:LEAD_OF]->(:Contact {id: $contact}) }) "
            "SET {set}, l.last_signal_at = $at RETURN l.id AS id")
