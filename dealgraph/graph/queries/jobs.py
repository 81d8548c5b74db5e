"""Cypher of background jobs (api/jobs.py): (:Job) nodes, their lifecycle and who may read them."""

from __future__ import annotations

# Jobs a server process on this host left queued/running (the runner is "<host>:<pid>").
UNFINISHED_HERE = ("MATCH (j:Job) WHERE j.status IN ['queued', 'running'] "
                   "AND j.runner STARTS WITH $host RETURN j.id AS id, j.runner AS runner")
FAIL_INTERRUPTED = ("UNWIND $ids AS i MATCH (j:Job {id: i}) SET j.status = 'failed', "
                    "j.finished_at = datetime(), j.error = 'interrupted: the server process stopped'")
CREATE = ("CREATE (j:Job {id: coalesce($id, randomUUID()), kind: $kind, status: 'queued', params: $params, "
          "created_at: datetime(), created_by: $by, runner: $runner, accounts: $accounts}) RETURN j.id AS id")
STARTED = "MATCH (j:Job {id: $id}) SET j.status = 'running', j.started_at = datetime()"
SUCCEEDED = ("MATCH (j:Job {id: $id}) SET j.status = 'succeeded', j.finished_at = datetime(), "
             "j.result = $result")
FAILED = "MATCH (j:Job {id: $id}) SET j.status = 'failed', j.finished_at = datetime(), j.error = $error"

# Readable by an account manager: jobs they started, or limited to accounts they all own.
READABLE_BY_SCOPE = ("j.kind IN $readable_kinds AND ($scope_all OR j.created_by = $scope_uid OR "
                     "(j.accounts IS NOT NULL AND all(x IN j.accounts WHERE "
                     "EXISTS { MATCH (:User {id: $scope_uid})-[:OWNS]->(:Account {id: x}) })))")

_JOB = ("j {.id, .kind, .status, .params, .result, .error, .created_by, created_at: toString(j.created_at), "
        "started_at: toString(j.started_at), finished_at: toString(j.finished_at)} AS j")


def job(where: str) -> str:
    """The job `$id` when it passes `where` (a predicate on `j` of our code)."""
    return f"MATCH (j:Job {{id: $id}}) WHERE {where} RETURN {_JOB}"


def jobs(where: str) -> str:
    """The latest `$limit` jobs (of `$kind` unless null) passing `where`."""
    return (f"MATCH (j:Job) WHERE ($kind IS NULL OR j.kind = $kind) AND {where} "
            f"WITH j ORDER BY j.created_at DESC LIMIT $limit RETURN {_JOB}")
