"""Recomputation jobs: start one, read its status and result."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from ...graph.connection import Graph
from ..deps import CurrentUser, current_user, get_graph_dep, require_roles
from ..job_scope import Forbidden, scoped_params
from ..jobs import get_job, list_jobs, resolve
from ..permissions import JOB_ROLES, READ

router = APIRouter(prefix="/jobs", tags=["jobs"])
G = Annotated[Graph, Depends(get_graph_dep)]
Reader = Annotated[CurrentUser, Depends(require_roles(*READ["job"]))]


Id = Annotated[str, Field(min_length=1, max_length=200)]


class JobParams(BaseModel):
    """Every parameter some job kind takes; which kind takes which is checked by the server (400)."""
    model_config = {"extra": "forbid"}
    account_ids: list[Id] | None = Field(None, max_length=10_000, description="roles, opportunities")
    lead_ids: list[Id] | None = Field(None, max_length=10_000, description="leads")
    tender_ids: list[Id] | None = Field(None, max_length=10_000, description="matching, competitors")
    use_model: bool | None = Field(None, description="roles")
    retrain: bool | None = Field(None, description="leads (admin only)")
    as_of: str | None = Field(None, max_length=40, description="opportunities: YYYY-MM-DD")
    use_embeddings: bool | None = Field(None, description="matching")
    top: int | None = Field(None, ge=1, le=50, description="competitors")


class JobIn(BaseModel):
    kind: Literal[tuple(JOB_ROLES)] = Field(description=f"One of {', '.join(JOB_ROLES)}.")  # type: ignore[valid-type]
    params: JobParams = Field(default_factory=JobParams, description=(
        "Per kind: roles {account_ids, use_model}; leads {lead_ids, retrain (admin)}; opportunities "
        "{account_ids, as_of}; matching {tender_ids, use_embeddings}; competitors {tender_ids, top}. "
        "An account manager's job runs only on their accounts (no ids = all of theirs)."))


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
             responses={403: {"description": "Role may not start this kind, or use this parameter"},
                        400: {"description": "A parameter this kind does not take, or a malformed id list"},
                        404: {"description": "An id that does not exist or is not in your accounts"},
                        503: {"description": "Background jobs are not running in this server"}})
def start(body: JobIn, request: Request, user: Annotated[CurrentUser, Depends(current_user)], graph: G):
    if user.role not in JOB_ROLES[body.kind]:
        raise HTTPException(403, detail=f"Role {user.role} may not start {body.kind} jobs.")
    runner = request.app.state.jobs
    if runner is None:
        raise HTTPException(503, detail="Background jobs are not running in this server.")
    try:
        params, accounts = scoped_params(graph, user.scope, body.kind, body.params.model_dump(exclude_none=True))
    except Forbidden as e:
        raise HTTPException(403, detail=str(e)) from None
    job_id = runner.submit(body.kind, params, user.id, fn=resolve(body.kind), accounts=accounts)
    return get_job(graph, job_id)


@router.get("", response_model=list[Job], summary="Recent jobs you may read, newest first.")
def list_(user: Reader, graph: G, kind: Annotated[str | None, Query(max_length=50)] = None,
          limit: Annotated[int, Query(ge=1, le=200)] = 50):
    return list_jobs(graph, kind, limit, user=user)


@router.get("/{job_id}", response_model=Job, summary="One job (if you may read its kind's data for its accounts).",
            responses={404: {"description": "No such job, or not one you may read"}})
def one(job_id: str, user: Reader, graph: G):
    return get_job(graph, job_id, user=user)
