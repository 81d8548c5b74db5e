"""REST: score lead rows with the promoted model (hot-swapped on promote), rescore graph leads.

The model comes from a ModelHandle: each request takes (version, model) once and finishes on
it, while a promote in another process flips the pointer file and the next request loads the
new version. No restart, no failed request during the switch.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from ...algorithms.registry import MODEL_NAME
from ...errors import NotFound
from ...graph.connection import Graph
from ..deps import CurrentUser, get_graph_dep, require_roles
from ..permissions import READ, WRITE

router = APIRouter(prefix="/leads", tags=["leads"])
_handles: dict[tuple[str, str], Any] = {}
_handles_lock = threading.Lock()


def model_handle(model_dir: Path, name: str):
    """One hot-reloading handle per (model folder, registry name), shared by all requests; a name
    without a promoted model gets no handle (404), so unknown names cannot pile up handles."""
    from ...algorithms.registry import ModelHandle, Registry

    key = (str(model_dir), name)
    with _handles_lock:
        if key in _handles:
            return _handles[key]
    reg = Registry(model_dir, name)  # checks the name: an identifier inside model_dir, never a path
    if reg.current() is None:
        raise NotFound(f"no {name!r} model is promoted yet.")
    with _handles_lock:
        return _handles.setdefault(key, ModelHandle(reg))


# A model is named by an identifier, never a path (see algorithms.registry.MODEL_NAME).
ModelName = Annotated[str, Field(pattern=MODEL_NAME.pattern, max_length=64,
                                 description="Registry name of the model (a-z, 0-9, '_', '-').")]


class ScoreRequest(BaseModel):
    rows: list[dict[str, Any]] = Field(..., description="Lead rows with the training file's columns.",
                                       min_length=1, max_length=10_000)
    model: ModelName = "leads"


class ScoredLead(BaseModel):
    score: float
    priority: str
    reasons: str


class ScoreResponse(BaseModel):
    model: str
    version: str
    kind: str
    results: list[ScoredLead]
    warnings: list[str]


_MODEL_ERRORS = {400: {"description": "Rows lack a column the model needs"},
                 404: {"description": "No such model, or none promoted"},
                 409: {"description": "The stored model failed verification (tampered or old format)"}}


@router.post("/score", response_model=ScoreResponse, responses=_MODEL_ERRORS,
             summary="Score lead rows with the currently promoted model (calibrated 0-1, priority, reasons).")
async def score_rows(body: ScoreRequest, request: Request,
                     user: Annotated[CurrentUser, Depends(require_roles(*READ["lead"]))]) -> ScoreResponse:
    handle = await asyncio.to_thread(model_handle, request.app.state.settings.model_dir, body.model)

    def run() -> ScoreResponse:
        import pandas as pd

        from ...algorithms.leads.scoring import score_table

        version, model = handle.get()  # this request keeps this model even if a promote happens now
        df = pd.DataFrame(body.rows)
        df = df.astype(object).where(df.notna(), None)
        scored, warnings = score_table(df, model, "request")
        return ScoreResponse(model=body.model, version=version, kind=model.kind, warnings=warnings,
                             results=[ScoredLead(score=float(s), priority=str(p), reasons=str(r)) for s, p, r in
                                      zip(scored["score"], scored["priority"], scored["reasons"])])

    return await asyncio.to_thread(run)


@router.get("/model", summary="The promoted lead model's version and metadata.",
            responses={400: {"description": "Not a model name"}})
async def current_model(request: Request, user: Annotated[CurrentUser, Depends(require_roles(*READ["lead"]))],
                        name: Annotated[str, Query(pattern=MODEL_NAME.pattern, max_length=64)] = "leads") -> dict:
    from ...algorithms.registry import Registry

    reg = Registry(request.app.state.settings.model_dir, name)
    cur = reg.current()
    return {"name": name, "version": cur, "meta": reg.meta(cur) if cur else None}


Id = Annotated[str, Field(min_length=1, max_length=200)]


class RescoreRequest(BaseModel):
    """Which leads to rescore: given directly, or the ones a change to contacts/accounts/interactions touches.
    All empty = every lead."""
    lead_ids: list[Id] | None = Field(None, max_length=10_000)
    contact_ids: list[Id] | None = Field(None, max_length=10_000)
    account_ids: list[Id] | None = Field(None, max_length=10_000)
    interaction_ids: list[Id] | None = Field(None, max_length=10_000)


@router.post("/rescore", summary="Recompute BANT + model scores of the graph leads an event affects "
                                  "(an account manager: only leads of their accounts; no ids = all of theirs).",
             responses={404: {"description": "An id that does not exist or is not in your accounts"}})
async def rescore(body: RescoreRequest,
                  user: Annotated[CurrentUser, Depends(require_roles(*WRITE["lead"]))],
                  graph: Annotated[Graph, Depends(get_graph_dep)]) -> dict:
    from ..job_kinds import rescore_affected
    from ..job_scope import scoped_params

    def run() -> dict:
        p, _ = scoped_params(graph, user.scope, "rescore", body.model_dump(exclude_none=True))
        if user.scope.all and not any(p.values()):  # nothing named: every lead (a manager's: see scoped_params)
            return rescore_affected(graph, everything=True, cause="api:rescore", scope=user.scope)
        return rescore_affected(graph, lead_ids=p.get("lead_ids", ()), contact_ids=p.get("contact_ids", ()),
                                account_ids=p.get("account_ids", ()), interaction_ids=p.get("interaction_ids", ()),
                                cause="api:rescore", scope=user.scope)

    return await asyncio.to_thread(run)
