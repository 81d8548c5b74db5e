"""Cypher reading the (:IngestRun) records ingest leaves (the API's run lists)."""

from __future__ import annotations

# REST GET /ingest/runs: the latest `$limit` runs, times as strings.
RECENT = (
    "MATCH (r:IngestRun) RETURN r.id AS id, r.status AS status, toString(r.started_at) AS started_at, "
    "toString(r.finished_at) AS finished_at, r.rows AS rows, r.loaded AS loaded, r.rejects AS rejects, "
    "r.files AS files ORDER BY r.started_at DESC LIMIT $limit"
)
# GraphQL ingestRuns: the latest `$n` runs' properties.
RECENT_PROPERTIES = "MATCH (r:IngestRun) RETURN properties(r) AS p ORDER BY r.started_at DESC LIMIT $n"

# The ingest run's own record (ingest/pipeline.py): which batches are committed (done marks, folded into
# ranges), begin / restart / complete / fail. Marks are added under the run node's write lock (SET first).
MARK_BATCH = (
    "MATCH (r:IngestRun {id: $id}) SET r.last_batch = $mark "
    "SET r.done = coalesce(r.done, []) + $mark"
)

FOLD_MARKS = (
    "MATCH (r:IngestRun {id: $id}) SET r.done = [m IN r.done WHERE NOT m IN $remove] "
    "+ [$range]"
)

BEGIN = """
MERGE (r:IngestRun {id: $id})
ON CREATE SET r.started_at = $now, r.attempts = 0
WITH r, r.status AS before, r.done AS done
SET r.files = $files, r.checksum = $checksum, r.mapping = $mapping, r.status = 'running',
    r.attempts = coalesce(r.attempts, 0) + 1, r.attempt_started_at = $now
RETURN before, done
"""

RESTART = (
    "MATCH (r:IngestRun {id: $id}) SET r.done = [] REMOVE r.last_batch"
)

COMPLETE = """
MATCH (r:IngestRun {id: $id})
SET r.status = 'completed', r.finished_at = $now, r.duration_s = $duration, r.counts = $counts,
    r.rows = $rows, r.loaded = $loaded, r.rejects = $rejects, r.reject_file = $reject_file,
    r.unknown_columns = $unknown, r.file_summaries = $files
"""

FAILED = (
    "MATCH (r:IngestRun {id: $id}) SET r.status = 'failed', r.error = $error, r.duration_s = $d"
)
