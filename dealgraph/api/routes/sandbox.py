"""REST: what-if scenarios on the pipeline forecast (POST /sandbox/forecast). Read only: the graph's
stage history is copied and the scenario applied to the copy; nothing is written back."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from ...graph.connection import Graph
from ..deps import CurrentUser, get_graph_dep, require_roles
from ..permissions import READ
from ..pipeline_history import BAD_INPUT, parse_as_of, scoped_history

router = APIRouter(prefix="/sandbox", tags=["sandbox"])


class ScenarioBody(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    change: list[dict[str, Any]] = Field(default_factory=list, max_length=500)


class SandboxRequest(BaseModel):
    scenarios: list[ScenarioBody] = Field(min_length=1, max_length=10)
    as_of: str | None = Field(default=None, description="YYYY-MM-DD; default: the last stage entry in the graph")
    horizon_days: int = Field(default=90, ge=1, le=1095)


def _run(graph: Graph, user: CurrentUser, req: SandboxRequest) -> dict:
    from ...algorithms.opportunities.sandbox import Scenario, run

    hist = scoped_history(graph, user)
    scenarios = [Scenario.from_dict(s.model_dump(), f"scenario {s.name!r}") for s in req.scenarios]
    return run(hist, scenarios, parse_as_of(req.as_of), req.horizon_days)


@router.post("/forecast", responses=BAD_INPUT,
             summary="Run what-if scenarios on a copy of the pipeline; forecast ranges beside the "
                                  "baseline. The live graph is not changed.")
async def sandbox_forecast(req: SandboxRequest,
                           user: Annotated[CurrentUser, Depends(require_roles(*READ["opportunity"]))],
                           graph: Annotated[Graph, Depends(get_graph_dep)]) -> dict:
    return await asyncio.to_thread(_run, graph, user, req)
