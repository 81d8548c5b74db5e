"""Recomputation jobs: start one, read its status and result."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from ...graph.connection import Graph
from ..deps import CurrentUser, current_user, get_graph_dep, require_roles
from ..jobs import get_job, list_jobs, resolve
from ..permissions import JOB_ROLES, READ

router = APIRouter(prefix="/jobs", tags=["jobs"])
G = Annotated[Graph, Depends(get_graph_dep)]
Reader = Annotated[CurrentUser, Depends(require_roles(*READ["job"]))]


class JobIn(BaseModel):
    kind: str = Field(max_length=50, description=f"One of {', '.join(JOB_ROLES)}.")
    params: dict[str, Any] = Field(default_factory=dict)


class Job(BaseModel):
    id: str
    kind: str
    status: str
    params: dict | None = None
    result: Any = None
    error: str | None = None
    created_at: str | None = None
    started_at: str | None = None
    finished_at: str | None = None


@router.post("", status_code=202, response_model=Job, summary="Start a recomputation job.",
             responses={403: {"description": "Role may not start this kind"}, 400: {"description": "Unknown kind"}})
def start(body: JobIn, request: Request, user: Annotated[CurrentUser, Depends(current_user)], graph: G):
    if body.kind not in JOB_ROLES:
        raise HTTPException(400, detail=f"Unknown job kind {body.kind!r}: use one of {', '.join(JOB_ROLES)}.")
    if user.role not in JOB_ROLES[body.kind]:
        raise HTTPException(403, detail=f"Role {user.role} may not start {body.kind} jobs.")
    runner = request.app.state.jobs
    if runner is None:
        raise HTTPException(503, detail="Background jobs are not running in this server.")
    job_id = runner.submit(body.kind, body.params, user.id, fn=resolve(body.kind))
    return get_job(graph, job_id)


@router.get("", response_model=list[Job], summary="Recent jobs, newest first.")
def list_(user: Reader, graph: G, kind: str | None = None, limit: Annotated[int, Query(ge=1, le=200)] = 50):
    return list_jobs(graph, kind, limit)


@router.get("/{job_id}", response_model=Job, summary="One job.", responses={404: {"description": "No such job"}})
def one(job_id: str, user: Reader, graph: G):
    return get_job(graph, job_id)
