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
from ..pipeline_history import BAD_INPUT, parse_as_of, scoped_history

router = APIRouter(prefix="/pipeline", tags=["pipeline"])
Reader = Annotated[CurrentUser, Depends(require_roles(*READ["opportunity"]))]
AsOf = Annotated[str | None, Query(description="YYYY-MM-DD; default: the last stage entry", max_length=30)]
Horizon = Annotated[int, Query(ge=1, le=1095)]


def _forecast(graph: Graph, user: CurrentUser, as_of: str | None, horizon_days: int) -> dict:
    from ...algorithms.opportunities.forecast import forecast

    f = forecast(scoped_history(graph, user), parse_as_of(as_of), horizon_days)
    per = f.per_opportunity.sort_values("p_win_in_horizon", ascending=False)
    return {**f.summary(), "opportunities": per[["opportunity_id", "p_win_in_horizon", "expected_close",
                                                 "amount"]].to_dict("records")}


def _actions(graph: Graph, user: CurrentUser, as_of: str | None, horizon_days: int, limit: int) -> dict:
    from ...algorithms.opportunities.next_actions import next_actions

    return {"actions": next_actions(scoped_history(graph, user), parse_as_of(as_of), horizon_days, limit=limit)}


@router.get("/forecast", responses=BAD_INPUT,
            summary="Won count and amount within a horizon, P10/P50/P90, by month/owner, fan-chart "
                    "points and per-opportunity chances.")
async def pipeline_forecast(user: Reader, graph: Annotated[Graph, Depends(get_graph_dep)], as_of: AsOf = None,
                            horizon_days: Horizon = 90) -> dict:
    return await asyncio.to_thread(_forecast, graph, user, as_of, horizon_days)


@router.get("/next-actions", responses=BAD_INPUT,
            summary="Ranked next best actions with reason, evidence, expected change (sandbox) "
                    "and confidence.")
async def pipeline_next_actions(user: Reader, graph: Annotated[Graph, Depends(get_graph_dep)], as_of: AsOf = None,
                                horizon_days: Horizon = 90,
                                limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict:
    return await asyncio.to_thread(_actions, graph, user, as_of, horizon_days, limit)
