"""Cypher of the event stream's graph writer (stream/writer.py). Interactions themselves are written
with the ingest statement (graph/writes/statements.py CYPHER["interaction"]); these add what is stream-only:
which events are already in the graph, who an event's identifiers point at, identifier stitching,
windowed aggregates and lead priorities.

Identifiers are SourceRecords `stream-<kind>:<value>` (kind phone, email, unionid, wecom, cookie)
carrying the same properties ingest gives source records (phone, email, wecom_unionid, ...), so
`identity resolve` links them to contacts like any other record. Identifiers seen together in one
event are stitched: `(weaker)-[:SAME_AS]->(anchor)`, the anchor being the lead's record or the
strongest identifier, so a cookie's later page views reach the person a form revealed.
"""

EXISTING = "UNWIND $ids AS id MATCH (i:Interaction {id: id}) RETURN i.id AS id, i.rescore_pending AS pending"
RESCORED = "UNWIND $ids AS id MATCH (i:Interaction {id: id}) REMOVE i.rescore_pending"

# Per event: the lead's contact / record if it names a lead, else the first known identifier's
# anchor (after SAME_AS) and that anchor's contact (OPTIONAL CALL: an event with none keeps its row).
RESOLVE = """
UNWIND $rows AS r
OPTIONAL MATCH (l:Lead {id: r.lead_id})
CALL (l) {
  OPTIONAL MATCH (l)-[:LEAD_OF]->(c:Contact)
  OPTIONAL MATCH (l)-[:FROM_RECORD]->(s:SourceRecord)
  RETURN head(collect(DISTINCT c.id)) AS lead_contact, head(collect(DISTINCT s.id)) AS lead_record
}
OPTIONAL CALL (r) {
  UNWIND range(0, size(r.keys) - 1) AS n
  MATCH (s:SourceRecord {id: r.keys[n]})
  OPTIONAL MATCH (s)-[:SAME_AS*1..3]->(a:SourceRecord) WHERE NOT EXISTS { (a)-[:SAME_AS]->() }
  WITH n, coalesce(a, s) AS p ORDER BY n LIMIT 1
  OPTIONAL MATCH (p)-[:RESOLVED_TO]->(c:Contact)
  OPTIONAL MATCH (pl:Lead)-[:FROM_RECORD]->(p)
  OPTIONAL MATCH (pl)-[:LEAD_OF]->(lc:Contact)
  WITH p, collect(DISTINCT c) AS cs, collect(DISTINCT pl) AS pls, collect(DISTINCT lc.id) AS lcs
  RETURN p.id AS anchor, coalesce(head(cs).id, head(lcs)) AS contact,
         size(pls) > 0 OR any(x IN cs WHERE EXISTS { (:Lead)-[:LEAD_OF]->(x) }) AS has_lead
}
RETURN r.eid AS eid, l IS NOT NULL AS lead_exists, lead_contact, lead_record, anchor, contact,
       coalesce(has_lead, false) AS has_lead
"""

# Identifier records (props set on creation only: the first value seen stays), then the stitching.
IDENTITIES = """
UNWIND $rows AS r
MERGE (s:SourceRecord {id: r.id})
ON CREATE SET s += r.props, s.source = r.source, s.source_id = r.source_id, s.kind = 'person', s.idm_dirty = true
"""
STITCH = """
UNWIND $rows AS r
MATCH (s:SourceRecord {id: r.id}) WHERE NOT EXISTS { (s)-[:SAME_AS]->() }
MATCH (a:SourceRecord {id: r.anchor}) WHERE NOT EXISTS { (a)-[:SAME_AS*1..3]->(s) }
CREATE (s)-[:SAME_AS {by: 'stream', event_id: r.event_id, at: r.at}]->(a)
RETURN s.id AS id
"""

# The writer's identifier records (its cache, rebuilt at start): which exist, which are stitched already.
STREAM_RECORDS = """
MATCH (s:SourceRecord) WHERE s.source STARTS WITH 'stream-'
RETURN s.id AS id, EXISTS { (s)-[:SAME_AS]->() } AS stitched
"""

# A lead named by events but loaded without a source record gets one, so its identifiers have an anchor.
LEAD_RECORDS = """
UNWIND $rows AS r
MATCH (l:Lead {id: r.lead_id}), (s:SourceRecord {id: r.id})
MERGE (l)-[:FROM_RECORD]->(s)
"""

WINDOW_COUNTS = ("events", "n_page_view", "n_ad_click", "n_form_submit", "n_search_lead", "n_wecom_message",
                 "n_email_open", "n_call", "n_meeting", "channels", "pricing_views", "tender_searches", "sessions",
                 "last_at_ms")

# A window's distinct counts only grow as more of its events arrive, so a repeat or a partial
# recomputation after a restart never lowers them: each count keeps its maximum.
_KEEP_MAX = ", ".join(f"w.{k} = CASE WHEN w.{k} IS NULL OR r.c.{k} > w.{k} THEN r.c.{k} ELSE w.{k} END"
                      for k in WINDOW_COUNTS)
WINDOWS = f"""
UNWIND $rows AS r
MERGE (w:ActivityWindow {{id: r.id}})
ON CREATE SET w.scope = r.scope, w.key = r.key, w.start = r.start, w.end = r.end
SET {_KEEP_MAX}
WITH w, r
CALL (w, r) {{
  WITH w, r WHERE r.scope = 'account'
  MERGE (a:Account {{id: r.key}}) ON CREATE SET a.stub = true
  MERGE (w)-[:OF]->(a)
}}
CALL (w, r) {{
  WITH w, r WHERE r.scope = 'person' AND r.lead_id IS NOT NULL
  MATCH (l:Lead {{id: r.lead_id}})
  MERGE (w)-[:OF]->(l)
}}
CALL (w, r) {{
  WITH w, r WHERE r.scope = 'person' AND r.record IS NOT NULL
  MERGE (s:SourceRecord {{id: r.record}}) ON CREATE SET s.stub = true, s.idm_dirty = true
  MERGE (w)-[:OF]->(s)
}}
"""

PRIORITIES = "UNWIND $ids AS id MATCH (l:Lead {id: id}) RETURN l.id AS id, l.priority AS priority, l.score AS score, " \
             "l.account_id AS account_id"

# The accounts each lead belongs to (POST /events: an account manager may name only their own).
LEAD_ACCOUNTS = """
UNWIND $ids AS id MATCH (l:Lead {id: id})
OPTIONAL MATCH (l)-[:LEAD_OF]->(a1:Account)
OPTIONAL MATCH (l)-[:LEAD_OF]->(:Contact)-[:WORKS_IN]->(:Department)-[:SUB_OF*0..8]->(:Department)-[:PART_OF]->(a2:Account)
RETURN l.id AS id, [x IN collect(DISTINCT l.account_id) + collect(DISTINCT a1.id) + collect(DISTINCT a2.id)
                    WHERE x IS NOT NULL] AS accounts
"""

# Interactions whose leads were not re-scored yet (a writer stopped between its commit and the re-score).
PENDING = "MATCH (i:Interaction) WHERE i.rescore_pending RETURN i.id AS id"
