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

# Incremental runs. A record is pending when the resolver has not seen its current values
# (`idm_seen` is the list of its identity properties as last resolved, compared in the
# database so unchanged records are never sent over) or it has no golden yet.
PENDING_RECORDS = (
    "MATCH (s:SourceRecord) WHERE s.idm_seen IS NULL OR NOT EXISTS { (s)-[:RESOLVED_TO]->() } "
    "OR s.idm_seen <> [x IN $fields | coalesce(toString(s[x]), '')] "
    "OPTIONAL MATCH (s)-[r:RESOLVED_TO]->(gold) "
    "WITH s, r, gold ORDER BY CASE r.method WHEN 'origin' THEN 1 ELSE 0 END, gold.id "
    "WITH s, collect({golden: gold.id, method: r.method})[0] AS e "
    "RETURN properties(s) AS s, e.golden AS golden, e.method AS method ORDER BY s.id")

RECORD_COUNT = "MATCH (s:SourceRecord) RETURN count(s) AS n"

# Resolved records sharing a blocking token with the new ones (full-text index idm_blocking).
NEIGHBOURS = (
    "CALL db.index.fulltext.queryNodes('idm_blocking', $q, {limit: $limit}) YIELD node "
    "MATCH (node)-[r:RESOLVED_TO]->(gold) WHERE r.method <> 'origin' "
    "RETURN node.id AS id, node.idm_keys AS keys, node.idm_norm AS norm, gold.id AS golden")

# Per record: its blocking tokens, normalised view and the identity properties it was resolved on.
RECORD_BOOKKEEPING = (
    "UNWIND $rows AS row MATCH (s:SourceRecord {id: row.id}) "
    "SET s.idm_keys = row.keys, s.idm_norm = row.norm, "
    "s.idm_seen = [x IN $fields | coalesce(toString(s[x]), '')]")

STATE = "MATCH (m:IdentityModel {id: 'current'}) RETURN m.state AS state"
SAVE_STATE = ("MERGE (m:IdentityModel {id: 'current'}) ON CREATE SET m.created_at = datetime() "
              "SET m.state = $state, m.updated_at = datetime()")
DROP_STATE = "MATCH (m:IdentityModel {id: 'current'}) DELETE m"

# Goldens by id without a label scan: one index seek per label.
_GOLDEN = "CALL (id) { MATCH (n:Contact {id: id}) RETURN n UNION MATCH (n:Account {id: id}) RETURN n } "

MEMBER_COUNTS = ("UNWIND $ids AS id " + _GOLDEN +
                 "RETURN id, COUNT { (n)<-[:RESOLVED_TO]-(:SourceRecord) } AS n")

GOLDEN_MEMBERS = ("UNWIND $ids AS id " + _GOLDEN + "MATCH (n)<-[:RESOLVED_TO]-(s:SourceRecord) "
                  "RETURN id, properties(s) AS s")

GOLDENS_OF = ("UNWIND $ids AS id MATCH (:SourceRecord {id: id})-[r:RESOLVED_TO]->(n) WHERE r.method <> 'origin' "
              "RETURN id, n.id AS golden")

DROP_ORPHANS_AMONG = ("UNWIND $ids AS id " + _GOLDEN + "WITH n WHERE n.idm_managed = true "
                      "AND NOT ()-[:RESOLVED_TO]->(n) DETACH DELETE n RETURN count(*) AS c")

# New links of an incremental run: the old edge to another golden goes, the new one is set.
LINK_RECORDS = (
    "UNWIND $rows AS row MATCH (s:SourceRecord {id: row.rid}) "
    "OPTIONAL MATCH (s)-[old:RESOLVED_TO]->(o) WHERE o.id <> row.gid DELETE old "
    "WITH DISTINCT s, row CALL (row) { MATCH (n:Contact {id: row.gid}) RETURN n "
    "UNION MATCH (n:Account {id: row.gid}) RETURN n } "
    "MERGE (s)-[r:RESOLVED_TO]->(n) "
    "SET r.score = row.score, r.evidence = row.evidence, r.method = row.method, r.fp = row.fp, r.at = datetime()")
