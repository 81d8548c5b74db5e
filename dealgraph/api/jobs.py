"""Background jobs (recomputations, ingest of uploads) recorded as (:Job) nodes.

A job runs in a small thread pool of the API process, so the request that starts it returns at
once with the job id; its status, result summary and error are read back from the graph.

Job kinds are functions `fn(graph, params) -> dict` registered with `register_job(kind)`; the
built-in ones (roles, leads, opportunities, matching, competitors) are adapters in job_kinds.py.
Otherwise a `run_job(graph, params)` in `dealgraph.algorithms.<kind>` is used when present.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..errors import DealgraphError, InputError, NotFound
from ..graph.connection import Graph
from ..graph.queries import jobs as q

log = logging.getLogger(__name__)
JobFn = Callable[[Graph, dict], dict]
JOB_FUNCS: dict[str, JobFn] = {}
ALGORITHM_KINDS = ("roles", "matching", "competitors", "leads", "opportunities", "identity")


def register_job(kind: str) -> Callable[[JobFn], JobFn]:
    def deco(fn: JobFn) -> JobFn:
        JOB_FUNCS[kind] = fn
        return fn

    return deco


def resolve(kind: str) -> JobFn:
    if kind in JOB_FUNCS:
        return JOB_FUNCS[kind]
    if kind in ALGORITHM_KINDS:
        pkg = "dealgraph.ingest.identity" if kind == "identity" else f"dealgraph.algorithms.{kind}"
        try:
            fn = getattr(importlib.import_module(pkg), "run_job", None)
        except ImportError:
            fn = None
        if fn is None:
            raise InputError(f"Job kind {kind!r} is not available yet: {pkg} has no run_job(graph, params).")
        return fn
    raise InputError(f"Unknown job kind {kind!r}: use one of {', '.join(sorted({*JOB_FUNCS, *ALGORITHM_KINDS}))}.")


class JobRunner:
    def __init__(self, graph: Callable[[], Graph] | Graph, workers: int = 2,
                 on_done: Callable[[str], None] | None = None):
        self._graph = graph if callable(graph) else (lambda: graph)
        self._on_done = on_done  # e.g. drop cached reads that the job may have changed
        self.runner_id = f"{socket.gethostname()}:{os.getpid()}"
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dealgraph-job")
        self._fail_orphans()

    def _fail_orphans(self) -> None:
        """Jobs left queued/running by a dead server process on this host can never finish: say so."""
        try:
            import psutil

            rows = self._graph().read(q.UNFINISHED_HERE, host=socket.gethostname() + ":")
            dead = [r["id"] for r in rows if not psutil.pid_exists(int(r["runner"].rsplit(":", 1)[1]))]
            if dead:
                self._graph().write(q.FAIL_INTERRUPTED, ids=dead)
        except Exception:  # best effort at startup; a down graph is reported by /ready
            log.warning("could not check for interrupted jobs", exc_info=True)

    def submit(self, kind: str, params: dict | None = None, user_id: str | None = None,
               fn: JobFn | None = None, job_id: str | None = None, accounts: list[str] | None = None) -> str:
        """`accounts`: the accounts the job is limited to (None = all), which decides who may read it."""
        fn = fn or resolve(kind)
        params = params or {}
        row = self._graph().write(
            q.CREATE,
            id=job_id, kind=kind, params=json.dumps(params, ensure_ascii=False, default=str), by=user_id,
            runner=self.runner_id, accounts=accounts,
        )[0]
        self._pool.submit(self._run, row["id"], kind, fn, params)
        return row["id"]

    def _run(self, job_id: str, kind: str, fn: JobFn, params: dict) -> None:
        g = self._graph()
        g.write(q.STARTED, id=job_id)
        try:
            result: Any = fn(g, {**params, "job_id": job_id})
            g.write(q.SUCCEEDED, id=job_id, result=json.dumps(result, ensure_ascii=False, default=str))
        except Exception as e:
            msg = str(e) if isinstance(e, DealgraphError) else f"internal error ({type(e).__name__})"
            log.exception("job %s (%s) failed", job_id, kind)
            g.write(q.FAILED, id=job_id, error=msg)
        finally:
            if self._on_done:
                self._on_done(kind)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _decode(j: dict) -> dict:
    for k in ("params", "result"):
        j[k] = json.loads(j[k]) if j.get(k) else None
    return j


def _readable(user) -> tuple[str, dict]:
    if user is None:  # our own code (CLI, the route that just created the job)
        return "true", {}
    from .job_scope import job_filter

    where, extra = job_filter(user.role)
    return where, {**extra, **user.scope.params}


def get_job(graph: Graph, job_id: str, user=None) -> dict:
    """The job, if `user` (None: no check) may read it; a job they may not read 'does not exist'."""
    where, params = _readable(user)
    rows = graph.read(q.job(where), id=job_id, **params)
    if not rows:
        raise NotFound(f"Job {job_id!r} does not exist.")
    return _decode(rows[0]["j"])


def list_jobs(graph: Graph, kind: str | None = None, limit: int = 50, user=None) -> list[dict]:
    where, params = _readable(user)
    rows = graph.read(q.jobs(where), kind=kind, limit=limit, **params)
    return [_decode(r["j"]) for r in rows]


from . import job_kinds  # noqa: F401 - registers the built-in adapters (they import register_job above)
