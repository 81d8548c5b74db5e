"""Ingest runs and background jobs."""

from __future__ import annotations

import asyncio

import strawberry
from strawberry.scalars import JSON

from ...graph.queries import ingest_runs
from ..jobs import get_job, list_jobs
from .common import props_json, text
from .context import Context


@strawberry.type
class Job:
    id: strawberry.ID
    kind: str
    status: str
    params: JSON | None
    result: JSON | None
    error: str | None
    created_at: str | None
    started_at: str | None
    finished_at: str | None

    @staticmethod
    def of(j: dict) -> Job:
        return Job(id=j["id"], kind=j["kind"], status=j["status"], params=j.get("params"), result=j.get("result"),
                   error=j.get("error"), created_at=j.get("created_at"), started_at=j.get("started_at"),
                   finished_at=j.get("finished_at"))


@strawberry.type
class IngestRun:
    id: strawberry.ID
    status: str | None
    started_at: str | None
    finished_at: str | None
    summary: JSON = strawberry.field(description="Counts of rows read, written and rejected, per file.")

    @staticmethod
    def of(p: dict) -> IngestRun:
        return IngestRun(id=p["id"], status=text(p.get("status")), started_at=text(p.get("started_at")),
                         finished_at=text(p.get("finished_at")), summary=props_json(p))


@strawberry.type
class IngestQuery:
    @strawberry.field
    async def ingest_runs(self, info: strawberry.Info[Context], last: int = 20) -> list[IngestRun]:
        info.context.require_read("ingest")
        last = max(0, min(last, info.context.settings.api_max_page_size))
        rows = await info.context.read(ingest_runs.RECENT_PROPERTIES, n=last)
        return [IngestRun.of(r["p"]) for r in rows]

    @strawberry.field
    async def job(self, info: strawberry.Info[Context], id: strawberry.ID) -> Job | None:
        info.context.require_read("job")
        from ...errors import NotFound

        try:
            return Job.of(await asyncio.to_thread(get_job, info.context.graph, id, info.context.user))
        except NotFound:
            return None

    @strawberry.field
    async def jobs(self, info: strawberry.Info[Context], kind: str | None = None, last: int = 20) -> list[Job]:
        info.context.require_read("job")
        last = max(0, min(last, info.context.settings.api_max_page_size))
        return [Job.of(j) for j in await asyncio.to_thread(list_jobs, info.context.graph, kind, last, info.context.user)]
