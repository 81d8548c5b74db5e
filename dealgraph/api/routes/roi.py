"""REST: the ROI board as JSON (/roi) and as a page with charts (/roi/page)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import HTMLResponse

from ...graph.connection import Graph
from ..deps import CurrentUser, get_graph_dep, require_roles, visible_accounts
from ..permissions import READ

router = APIRouter(prefix="/roi", tags=["roi"])


def _board(graph: Graph, user: CurrentUser) -> dict:
    """The board, cut to the caller's accounts for account managers (totals recomputed)."""
    from ...algorithms.roi import _roi, roi_board

    board = roi_board(graph)
    vis = visible_accounts(user, graph)
    if vis is None:
        return board
    accs = [a for a in board["accounts"] if a["account_id"] in vis]
    opps = [o for o in board["opportunities"] if o["account_id"] in vis]
    totals = {k: round(sum(a[k] for a in accs), 2) for k in ("cost", "expected_revenue", "realised_revenue")}
    totals["roi"] = _roi(totals["expected_revenue"], totals["cost"])
    return {**board, "totals": totals, "accounts": accs, "opportunities": opps}


@router.get("", summary="ROI board: cost vs expected and realised revenue per account and opportunity.")
async def roi_json(user: Annotated[CurrentUser, Depends(require_roles(*READ["opportunity"]))],
                   graph: Annotated[Graph, Depends(get_graph_dep)]) -> dict:
    return await asyncio.to_thread(_board, graph, user)


@router.get("/page", response_class=HTMLResponse, summary="ROI board page with charts.",
            responses={503: {"description": "Visualisation module not installed"}})
async def roi_page(user: Annotated[CurrentUser, Depends(require_roles(*READ["opportunity"]))],
                   graph: Annotated[Graph, Depends(get_graph_dep)]) -> HTMLResponse:
    try:
        from ...viz.roi import render_roi_page
    except ImportError:
        raise HTTPException(503, detail="The ROI page is not installed in this build; use GET /roi.") from None
    board = await asyncio.to_thread(_board, graph, user)
    board["forecast"] = await asyncio.to_thread(_forecast, graph, user)
    return HTMLResponse(render_roi_page(board))


def _forecast(graph: Graph, user: CurrentUser) -> dict | None:
    """The pipeline forecast for the fan chart; None when there is no stage history to learn from."""
    from ...algorithms.opportunities.forecast import forecast
    from ...errors import InputError
    from ..pipeline_history import scoped_history

    try:
        return forecast(scoped_history(graph, user)).summary()
    except InputError:
        return None
