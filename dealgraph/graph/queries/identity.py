"""Cypher of ID-mapping in graph mode (dealgraph.ingest.identity.graph_store)."""

# One row per SourceRecord with the golden it points to. A record with two RESOLVED_TO edges (an
# older ingest re-added its origin edge after a merge) must not appear twice, which made every
# re-run drift: the resolver's own edge wins over 'origin'; the other goes when the run writes.
SOURCE_RECORDS = (
    "MATCH (s:SourceRecord) OPTIONAL MATCH (s)-[r:RESOLVED_TO]->(gold) "
    "WITH s, r, gold ORDER BY CASE r.method WHEN 'origin' THEN 1 ELSE 0 END, gold.id "
    "WITH s, collect({golden: gold.id, method: r.method, fp: r.fp})[0] AS e "
    "RETURN properties(s) AS s, e.golden AS golden, e.method AS method, e.fp AS fp ORDER BY s.id")

# Decided reviews (and split cannot-links): labels for every run; `applied` says whether a
# run has already taken them into account (a new decision re-opens its records' clusters).
LABELS = ("MATCH (r:IdentityReview) WHERE r.status IN ['accepted', 'rejected'] "
          "RETURN r.id AS id, r.a AS a, r.b AS b, r.status AS status, coalesce(r.applied, false) AS applied")

MARK_LABELS_APPLIED = "UNWIND $ids AS id MATCH (r:IdentityReview {id: id}) SET r.applied = true"

# Goldens competing for one cluster: the CRM's own (not idm_managed) and the oldest win.
GOLDEN_AGE = ("MATCH (n) WHERE (n:Contact OR n:Account) AND n.id IN $ids "
              "RETURN n.id AS id, coalesce(n.idm_managed, false) AS managed, toString(n.created_at) AS created")

# A merge keeps one id and records the others as aliases (a CRM contact that lost its records
# also says which golden it now lives in).
RECORD_ALIASES = (
    "UNWIND $rows AS row MATCH (n {id: row.gid}) WHERE n:Contact OR n:Account "
    "SET n.idm_aliases = reduce(acc = coalesce(n.idm_aliases, []), x IN row.aliases | "
    "CASE WHEN x IN acc THEN acc ELSE acc + x END) "
    "WITH row UNWIND row.aliases AS alias MATCH (o {id: alias}) WHERE (o:Contact OR o:Account) "
    "AND coalesce(o.idm_managed, false) = false SET o.merged_into = row.gid")

GOLDEN_COUNT = "MATCH (:SourceRecord)-[:RESOLVED_TO]->(n) RETURN count(DISTINCT n) AS n"
