"""REST: the pipeline forecast (GET /pipeline/forecast) and the ranked next best actions
(GET /pipeline/next-actions) from the graph's stage history, cut to the caller's accounts.
Read only: actions are proposed here; running them is the autonomy policy's job (CLI)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ...graph.connection import Graph
from ..deps import CurrentUser, get_graph_dep, require_roles
from ..permissions import READ
from ..pipeline_history import BAD_INPUT, forecast_body, next_actions_body

router = APIRouter(prefix="/pipeline", tags=["pipeline"])
Reader = Annotated[CurrentUser, Depends(require_roles(*READ["opportunity"]))]
AsOf = Annotated[str | None, Query(description="YYYY-MM-DD; default: the last stage entry", max_length=30)]
Horizon = Annotated[int, Query(ge=1, le=1095)]


@router.get("/forecast", responses=BAD_INPUT,
            summary="Won count and amount within a horizon, P10/P50/P90, by month/owner, fan-chart "
                    "points and per-opportunity chances.")
async def pipeline_forecast(user: Reader, graph: Annotated[Graph, Depends(get_graph_dep)], as_of: AsOf = None,
                            horizon_days: Horizon = 90) -> dict:
    return await asyncio.to_thread(forecast_body, graph, user, as_of, horizon_days)


@router.get("/next-actions", responses=BAD_INPUT,
            summary="Ranked next best actions with reason, evidence, expected change (sandbox) "
                    "and confidence.")
async def pipeline_next_actions(user: Reader, graph: Annotated[Graph, Depends(get_graph_dep)], as_of: AsOf = None,
                                horizon_days: Horizon = 90,
                                limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict:
    return await asyncio.to_thread(next_actions_body, graph, user, as_of, horizon_days, limit)
