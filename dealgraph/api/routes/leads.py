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

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from ...graph.connection import Graph
from ..deps import CurrentUser, get_graph_dep, require_roles
from ..permissions import READ, WRITE

router = APIRouter(prefix="/leads", tags=["leads"])
_handles: dict[tuple[str, str], Any] = {}
_handles_lock = threading.Lock()


def model_handle(model_dir: Path, name: str):
    """One hot-reloading handle per (model folder, registry name), shared by all requests."""
    from ...algorithms.registry import ModelHandle, Registry

    key = (str(model_dir), name)
    with _handles_lock:
        if key not in _handles:
            _handles[key] = ModelHandle(Registry(model_dir, name))
        return _handles[key]


class ScoreRequest(BaseModel):
    rows: list[dict[str, Any]] = Field(..., description="Lead rows with the training file's columns.",
                                       max_length=10_000)
    model: str = Field("leads", description="Registry name of the model.")


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


@router.post("/score", response_model=ScoreResponse,
             summary="Score lead rows with the currently promoted model (calibrated 0-1, priority, reasons).")
async def score_rows(body: ScoreRequest, request: Request,
                     user: Annotated[CurrentUser, Depends(require_roles(*READ["lead"]))]) -> ScoreResponse:
    handle = model_handle(request.app.state.settings.model_dir, body.model)

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


@router.get("/model", summary="The promoted lead model's version and metadata.")
async def current_model(request: Request, user: Annotated[CurrentUser, Depends(require_roles(*READ["lead"]))],
                        name: str = "leads") -> dict:
    from ...algorithms.registry import Registry

    reg = Registry(request.app.state.settings.model_dir, name)
    cur = reg.current()
    return {"name": name, "version": cur, "meta": reg.meta(cur) if cur else None}


class RescoreRequest(BaseModel):
    """Which leads to rescore: given directly, or the ones a change to contacts/accounts/interactions touches.
    All empty = every lead."""
    lead_ids: list[str] | None = Field(None, max_length=10_000)
    contact_ids: list[str] | None = Field(None, max_length=10_000)
    account_ids: list[str] | None = Field(None, max_length=10_000)
    interaction_ids: list[str] | None = Field(None, max_length=10_000)


@router.post("/rescore", summary="Recompute BANT + model scores of the graph leads an event affects.")
async def rescore(body: RescoreRequest,
                  user: Annotated[CurrentUser, Depends(require_roles(*WRITE["lead"]))],
                  graph: Annotated[Graph, Depends(get_graph_dep)]) -> dict:
    from ...algorithms.leads.graph import run_job

    return await asyncio.to_thread(run_job, graph, body.model_dump(exclude_none=True))
