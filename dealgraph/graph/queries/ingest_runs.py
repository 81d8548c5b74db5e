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
