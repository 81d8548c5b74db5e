"""Cypher of ID-mapping in graph mode (dealgraph.ingest.identity.graph_store)."""

from ...schema.graph_model import IDENTITY_PROPERTIES


def _seen(var: str) -> str:
    """A record's identity properties as the resolver records them (idm_seen)."""
    return ("[x IN [" + ", ".join(f"'{f}'" for f in IDENTITY_PROPERTIES) + "] | "
            f"coalesce(toString({var}[x]), '')]")


# Every writer of SourceRecord properties appends this: a record whose identity properties are
# not what the resolver last saw is marked pending (an unchanged re-write clears nothing and
# sets nothing, so re-running a load leaves the graph as it was).
MARK_PENDING = ("SET s.idm_dirty = CASE WHEN s.idm_seen IS NULL OR s.idm_seen <> " + _seen("s") +
                " THEN true END")

# A record's properties without the resolver's own bookkeeping (large, and not input).
_RECORD = "s {.*, idm_keys: null, idm_norm: null, idm_seen: null, idm_dirty: null}"

# One row per SourceRecord with the golden it points to. A record with two RESOLVED_TO edges (an
# older ingest re-added its origin edge after a merge) must not appear twice, which made every
# re-run drift: the resolver's own edge wins over 'origin'; the other goes when the run writes.
SOURCE_RECORDS = (
    "MATCH (s:SourceRecord) OPTIONAL MATCH (s)-[r:RESOLVED_TO]->(gold) "
    "WITH s, r, gold ORDER BY CASE r.method WHEN 'origin' THEN 1 ELSE 0 END, gold.id "
    "WITH s, collect({golden: gold.id, method: r.method, fp: r.fp})[0] AS e "
    "RETURN " + _RECORD + " AS s, e.golden AS golden, e.method AS method, e.fp AS fp ORDER BY s.id")

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
_PENDING_RETURN = (
    "OPTIONAL MATCH (s)-[r:RESOLVED_TO]->(gold) "
    "WITH s, r, gold ORDER BY CASE r.method WHEN 'origin' THEN 1 ELSE 0 END, gold.id "
    "WITH s, collect({golden: gold.id, method: r.method})[0] AS e "
    "RETURN " + _RECORD + " AS s, e.golden AS golden, e.method AS method ORDER BY s.id")
_PENDING_IF = ("s.idm_seen IS NULL OR NOT EXISTS { (s)-[:RESOLVED_TO]->() } OR s.idm_seen <> " + _seen("s") + " ")
# Every record, compared in the database (after a bulk import, or records written before the marker).
PENDING_RECORDS = "MATCH (s:SourceRecord) WHERE " + _PENDING_IF + _PENDING_RETURN
# Only the records writers marked: an index seek (when every record has been seen once).
MARKED_PENDING_RECORDS = "MATCH (s:SourceRecord) WHERE s.idm_dirty = true AND (" + _PENDING_IF + ") " + _PENDING_RETURN
SEEN_COUNT = "MATCH (s:SourceRecord) WHERE s.idm_seen IS NOT NULL RETURN count(s) AS n"
MARKED_UNSEEN_COUNT = "MATCH (s:SourceRecord) WHERE s.idm_dirty = true AND s.idm_seen IS NULL RETURN count(s) AS n"

RECORD_COUNT = "MATCH (s:SourceRecord) RETURN count(s) AS n"

# Resolved records sharing a blocking token with the new ones (full-text index idm_blocking).
NEIGHBOURS = (
    "CALL db.index.fulltext.queryNodes('idm_blocking', $q, {limit: $limit}) YIELD node "
    "MATCH (node)-[r:RESOLVED_TO]->(gold) WHERE r.method <> 'origin' "
    "RETURN node.id AS id, node.idm_keys AS keys, node.idm_norm AS norm, gold.id AS golden")

# Per record: its blocking tokens, normalised view and the identity properties it was resolved on.
RECORD_BOOKKEEPING = (
    "UNWIND $rows AS row MATCH (s:SourceRecord {id: row.id}) "
    "SET s.idm_keys = row.keys, s.idm_norm = row.norm "
    "SET s.idm_seen = " + _seen("s") + " REMOVE s.idm_dirty")

STATE = "MATCH (m:IdentityModel {id: 'current'}) RETURN m.state AS state"
SAVE_STATE = ("MERGE (m:IdentityModel {id: 'current'}) ON CREATE SET m.created_at = datetime() "
              "SET m.state = $state, m.updated_at = datetime()")
DROP_STATE = "MATCH (m:IdentityModel {id: 'current'}) DELETE m"

# Goldens by id without a label scan: one index seek per label.
_GOLDENS = ("CALL () { MATCH (n:Contact) WHERE n.id IN $ids RETURN n "
            "UNION MATCH (n:Account) WHERE n.id IN $ids RETURN n } ")

MEMBER_COUNTS = (_GOLDENS + "RETURN n.id AS id, COUNT { (n)<-[:RESOLVED_TO]-(:SourceRecord) } AS n")

# Stored survivorship counts of goldens and their members now (to check the counts cover them).
GOLDEN_COUNTS = (_GOLDENS + "RETURN n.id AS id, n.idm_counts AS counts, n:Account AS company, "
                 "COUNT { (n)<-[:RESOLVED_TO]-(:SourceRecord) } AS members")

# Member properties survivorship reads (not the resolver's bookkeeping, which is large).
SURVIVOR_PROPS = ("s {.kind, .name, .name_en, .email, .phone, .mobile, .wecom_unionid, .unionid, .company, "
                  ".title, .credit_code, .website}")
GOLDEN_MEMBERS = (_GOLDENS + "MATCH (n)<-[:RESOLVED_TO]-(s:SourceRecord) RETURN n.id AS id, " + SURVIVOR_PROPS +
                  " AS s")

GOLDENS_OF = ("UNWIND $ids AS id MATCH (:SourceRecord {id: id})-[r:RESOLVED_TO]->(n) WHERE r.method <> 'origin' "
              "RETURN id, n.id AS golden")

DROP_ORPHANS_AMONG = (_GOLDENS + "WITH n WHERE n.idm_managed = true "
                      "AND NOT ()-[:RESOLVED_TO]->(n) DETACH DELETE n RETURN count(*) AS c")

# New links of an incremental run: the old edge to another golden goes, the new one is set.
def link_records(label: str) -> str:
    """New links of an incremental run to goldens of `label`: the old edge to another golden goes."""
    return (
        "UNWIND $rows AS row MATCH (s:SourceRecord {id: row.rid}) "
        "OPTIONAL MATCH (s)-[old:RESOLVED_TO]->(o) WHERE o.id <> row.gid DELETE old "
        f"WITH DISTINCT s, row MATCH (n:{label} {{id: row.gid}}) "
        "MERGE (s)-[r:RESOLVED_TO]->(n) "
        "SET r.score = row.score, r.evidence = row.evidence, r.method = row.method, r.fp = row.fp, r.at = datetime()")

# A golden merged away hands its relationships (WORKS_FOR/WORKS_IN, REPORTS_TO, INVOLVES,
# LEAD_OF, ...) to the golden it was merged into: same type, same properties, the same other
# end. A moved one remembers where it came from (`moved_from`); one the kept golden already
# had lists it in `also_from`. So a split can put them back. RESOLVED_TO edges are the
# resolver's own and are never moved here; a relationship between the two becomes none.
# One statement per relationship type (the type is written into the statement: a dynamic
# $(type) in MERGE mixed types up across rows on Neo4j 5.26.0).
_PAIR = ("UNWIND $rows AS row "
         "CALL (row) { MATCH (o:Contact {id: row.old}) RETURN o UNION MATCH (o:Account {id: row.old}) RETURN o } "
         "CALL (row) { MATCH (n:Contact {id: row.new}) RETURN n UNION MATCH (n:Account {id: row.new}) RETURN n } ")

MOVED_TYPES = _PAIR + "MATCH (o)-[r]-() WHERE type(r) <> 'RESOLVED_TO' RETURN DISTINCT type(r) AS t"


def _quoted(rel_type: str) -> str:
    return "`" + rel_type.replace("`", "``") + "`"


def move(rel_type: str, outgoing: bool) -> str:
    t = _quoted(rel_type)
    pattern, merge = (f"(o)-[r:{t}]->(x)", f"(n)-[m:{t}]->(x)") if outgoing else \
        (f"(o)<-[r:{t}]-(x)", f"(n)<-[m:{t}]-(x)")
    return (_PAIR + f"MATCH {pattern} WHERE x <> n AND x <> o WITH o, n, x, r, properties(r) AS p "
            f"MERGE {merge} ON CREATE SET m = p, m.moved_from = o.id "
            "ON MATCH SET m.also_from = CASE WHEN m.moved_from = o.id OR o.id IN coalesce(m.also_from, []) "
            "THEN m.also_from ELSE coalesce(m.also_from, []) + o.id END "
            "DELETE r RETURN count(*) AS c")


# An incremental merge: every record of a golden merged away points to the kept one, with the
# evidence it had (and its fingerprint, so it is not pending again) and where it came from; the
# kept golden takes over its aliases, and CRM goldens merged into it earlier now name the kept one.
RELINK_MERGED = (
    _PAIR + "SET n.idm_aliases = reduce(acc = coalesce(n.idm_aliases, []), x IN coalesce(o.idm_aliases, []) | "
    "CASE WHEN x IN acc THEN acc ELSE acc + x END) "
    "WITH o, n CALL (o, n) { MATCH (c:Contact {merged_into: o.id}) SET c.merged_into = n.id } "
    "CALL (o, n) { MATCH (c:Account {merged_into: o.id}) SET c.merged_into = n.id } "
    "MATCH (s:SourceRecord)-[r:RESOLVED_TO]->(o) "
    "CREATE (s)-[m:RESOLVED_TO]->(n) SET m = properties(r), m.merged_from = o.id "
    "DELETE r RETURN count(*) AS c")

# ...and what linked the two goes (a REPORTS_TO between two records of one person).
DROP_BETWEEN = _PAIR + "MATCH (o)-[r]-(n) WHERE type(r) <> 'RESOLVED_TO' DELETE r RETURN count(*) AS c"

# CRM goldens merged away that have relationships again (a re-ingest of the CRM export wrote
# them anew): every run moves them on, so the graph ends the same.
MERGED_WITH_RELATIONSHIPS = (
    "CALL () { MATCH (o:Contact) WHERE o.merged_into IS NOT NULL RETURN o "
    "UNION MATCH (o:Account) WHERE o.merged_into IS NOT NULL RETURN o } "
    "WITH o WHERE EXISTS { (o)-[r]-() WHERE type(r) <> 'RESOLVED_TO' } "
    "RETURN o.id AS old, o.merged_into AS new")

def golden_by_id(var: str, param: str) -> str:
    """A golden by id: one index seek per label (no scan of every node)."""
    return (f"CALL () {{ MATCH ({var}:Contact {{id: ${param}}}) RETURN {var} UNION "
            f"MATCH ({var}:Account {{id: ${param}}}) RETURN {var} }} ")


# A split gives a merged-away CRM golden its record back: relationships it brought come back
# (moved_from), and one the kept golden already had is copied back (also_from).
BACK_TYPES = (golden_by_id("n", "new") + "MATCH (n)-[m]-() WHERE m.moved_from = $old OR $old IN "
              "coalesce(m.also_from, []) RETURN DISTINCT type(m) AS t")


def move_back(rel_type: str, outgoing: bool) -> str:
    t = _quoted(rel_type)
    pattern, merge = (f"(n)-[m:{t}]->(x)", f"(o)-[b:{t}]->(x)") if outgoing else \
        (f"(n)<-[m:{t}]-(x)", f"(o)<-[b:{t}]-(x)")
    return (golden_by_id("o", "old") + golden_by_id("n", "new") +
            f"MATCH {pattern} WHERE m.moved_from = $old OR $old IN coalesce(m.also_from, []) "
            "WITH o, m, x, properties(m) AS p, m.moved_from = $old AS moved "
            f"MERGE {merge} SET b = p REMOVE b.moved_from, b.also_from "
            "WITH m, moved SET m.also_from = [y IN coalesce(m.also_from, []) WHERE y <> $old] "
            "WITH m, moved WHERE moved DELETE m RETURN count(*) AS c")


UNMERGE = golden_by_id("o", "old") + "WITH o WHERE o.merged_into = $new REMOVE o.merged_into RETURN o.id AS id"
# CRM goldens merged into `gid` (candidates for getting their record back on a split).
MERGED_INTO = ("UNWIND $ids AS id CALL (id) { MATCH (o:Contact {id: id}) RETURN o UNION "
               "MATCH (o:Account {id: id}) RETURN o } "
               "WITH o WHERE o.merged_into = $gid AND coalesce(o.idm_managed, false) = false RETURN o.id AS id")


def write_goldens(label: str) -> str:
    """Goldens of `label` with their size; only ours (idm_managed) get survivorship fields."""
    return ("UNWIND $rows AS row MERGE (n:" + label + " {id: row.id}) "
            "ON CREATE SET n.idm_managed = true, n.created_at = datetime() "
            "WITH n, row SET n.idm_sources = row.size, n.idm_counts = row.counts "
            "WITH n, row WHERE n.idm_managed = true SET n += row.props")


SOURCE_IDS = ("UNWIND $ids AS id MATCH (s:SourceRecord {id: id}) WHERE s.source_id IS NOT NULL "
              "RETURN s.source_id AS source_id")

# A split record back to its own (CRM) golden.
RELINK_TO_GOLDEN = (
    "MATCH (s:SourceRecord {id: $id}) OPTIONAL MATCH (s)-[old:RESOLVED_TO]->() DELETE old "
    "WITH DISTINCT s " + golden_by_id("n", "gid") +
    "MERGE (s)-[r:RESOLVED_TO]->(n) SET r.score = 1.0, r.method = 'manual_split', r.at = datetime(), "
    "r.evidence = $ev")

OTHER_RELATIONSHIPS = (golden_by_id("n", "gid") +
                       "RETURN COUNT { (n)--() } - COUNT { (n)<-[:RESOLVED_TO]-() } AS c")


def existing_ids(label: str) -> str:
    """Of `$ids`, the nodes of `label` (Contact or Account) that exist."""
    return f"MATCH (n:{label}) WHERE n.id IN $ids RETURN n.id AS id"

# A full run's links: a record's RESOLVED_TO to any other golden goes, then the one to its golden is set.
UNLINK_OTHER_GOLDENS = ("UNWIND $rows AS row MATCH (s:SourceRecord {id: row.rid}) "
                        "OPTIONAL MATCH (s)-[old:RESOLVED_TO]->(o) WHERE o.id <> row.gid DELETE old")
LINK_TO_GOLDENS = (
    "UNWIND $rows AS row MATCH (s:SourceRecord {id: row.rid}) "
    "MATCH (n {id: row.gid}) WHERE n:Contact OR n:Account "
    "MERGE (s)-[r:RESOLVED_TO]->(n) "
    "SET r.score = row.score, r.evidence = row.evidence, r.method = row.method, r.fp = row.fp, "
    "r.at = datetime()")

# Goldens of ours (idm_managed) that no record points to any more.
DROP_ORPHANS = ("MATCH (n) WHERE (n:Contact OR n:Account) AND n.idm_managed = true "
                "AND NOT ()-[:RESOLVED_TO]->(n) WITH n, n.id AS id DETACH DELETE n RETURN count(id) AS c")

# Borderline pairs to review (a decided review keeps its status).
WRITE_REVIEWS = (
    "UNWIND $rows AS row MERGE (r:IdentityReview {id: row.id}) "
    "ON CREATE SET r.status = 'pending', r.created_at = datetime() "
    "SET r.a = row.a, r.b = row.b, r.score = row.score, r.evidence = row.evidence, r.kind = row.kind, "
    "r.currently_merged = row.same")

# Reviews of one status, the most uncertain first.
REVIEWS = (
    "MATCH (r:IdentityReview {status: $status}) "
    "OPTIONAL MATCH (a:SourceRecord {id: r.a}) OPTIONAL MATCH (b:SourceRecord {id: r.b}) "
    "RETURN r.id AS id, r.a AS a, r.b AS b, r.score AS score, r.evidence AS evidence, "
    "r.currently_merged AS merged, a.name AS a_name, b.name AS b_name, a.company AS a_company, "
    "b.company AS b_company ORDER BY abs(r.score - 0.5), r.id LIMIT $limit")

DECIDE_REVIEW = ("MATCH (r:IdentityReview {id: $id}) SET r.status = $st, r.decided_at = datetime() "
                 "RETURN r.a AS a, r.b AS b")

GOLDEN_OF_RECORD = "MATCH (:SourceRecord {id: $id})-[:RESOLVED_TO]->(n) RETURN n.id AS id"

# A manual merge: every record of golden $gb now resolves to golden $ga.
MOVE_RECORDS = ("MATCH (s:SourceRecord)-[r:RESOLVED_TO]->(old {id: $gb}) MATCH (n {id: $ga}) "
                "WHERE n:Contact OR n:Account "
                "CREATE (s)-[:RESOLVED_TO {score: 1.0, evidence: $ev, method: 'manual', at: datetime()}]->(n) "
                "DELETE r")

# The records of one golden with the fields survivorship reads, and whether the golden is ours.
GOLDEN_RECORDS = ("MATCH (s:SourceRecord)-[:RESOLVED_TO]->(n {id: $id}) "
                  f"RETURN {SURVIVOR_PROPS} AS s, n.idm_managed AS managed")

REFRESH_GOLDEN = golden_by_id("n", "id") + "SET n += $props, n.idm_sources = $size, n.idm_counts = $counts"

RECORD_AND_GOLDEN = ("MATCH (s:SourceRecord {id: $id}) OPTIONAL MATCH (s)-[:RESOLVED_TO]->(n) "
                     "RETURN s.id AS id, n.id AS golden")

GOLDEN_SOURCE_IDS = ("MATCH (s:SourceRecord)-[:RESOLVED_TO]->(n {id: $id}) WHERE n:Contact OR n:Account "
                     "RETURN s.id AS id, s.source_id AS source_id ORDER BY id")

RECORDS_OF_GOLDEN = "MATCH (s:SourceRecord)-[:RESOLVED_TO]->(n {id: $gid}) RETURN s.id AS id"

# A split's cannot-links: rejected reviews the next run keeps apart.
CANNOT_LINKS = ("UNWIND $rows AS row MERGE (r:IdentityReview {id: row.id}) "
                "SET r.a = row.a, r.b = row.b, r.status = 'rejected', r.source = 'split', "
                "r.decided_at = datetime(), r.score = coalesce(r.score, 0.0), "
                "r.evidence = coalesce(r.evidence, '{}')")

RECORD_PROPERTIES = "MATCH (s:SourceRecord {id: $id}) RETURN properties(s) AS s"


def split_to_own_golden(label: str) -> str:
    """A split record moves to a new golden of its own (`label`: Contact or Account, ours)."""
    return (f"MATCH (s:SourceRecord {{id: $id}}) OPTIONAL MATCH (s)-[old:RESOLVED_TO]->() DELETE old "
            f"WITH s MERGE (n:{label} {{id: $gid}}) "
            "ON CREATE SET n.idm_managed = true, n.created_at = datetime() "
            "SET n += $props, n.idm_sources = 1, n.idm_counts = $counts "
            "MERGE (s)-[r:RESOLVED_TO]->(n) SET r.score = 1.0, r.method = 'manual_split', r.at = datetime(), "
            "r.evidence = $ev")
