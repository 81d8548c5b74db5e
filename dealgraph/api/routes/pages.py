"""HTML pages from dealgraph.viz, behind the same auth and per-account scope as the API."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import HTMLResponse

from ...graph.connection import Graph
from ..deps import CurrentUser, can_see_account, get_graph_dep, require_roles
from ..permissions import READ

router = APIRouter(tags=["pages"])


@router.get("/accounts/{account_id}/decision-chain", response_class=HTMLResponse,
            summary="Force-directed decision-chain page of one account.",
            responses={404: {"description": "No such account (or not yours)"},
                       503: {"description": "Visualisation module not installed"}})
async def decision_chain_page(account_id: str,
                              user: Annotated[CurrentUser, Depends(require_roles(*READ["decision_chain"]))],
                              graph: Annotated[Graph, Depends(get_graph_dep)]) -> HTMLResponse:
    try:
        from ...graph.queries.decision_chain import decision_chain_data
        from ...viz.decision_chain import render_decision_chain
    except ImportError:
        raise HTTPException(503, detail="The decision-chain view is not installed in this build.") from None

    def build() -> str:
        # Same answer for "missing" and "not yours", so ids of other accounts cannot be probed.
        if not can_see_account(user, graph, account_id):
            raise HTTPException(404, detail=f"Account {account_id!r} not found.")
        data = decision_chain_data(graph, account_id)
        if not user.scope.all:
            data = _drop_foreign_paths(graph, user, data)
        return render_decision_chain(data)

    return HTMLResponse(await asyncio.to_thread(build))


def _drop_foreign_paths(graph: Graph, user: CurrentUser, data: dict) -> dict:
    """Introduction paths may run through other accounts' people: keep only fully visible ones."""
    from .. import scope as S
    from ..schema.decision_chain import _strings

    kept = []
    for p in data.get("paths") or []:
        vals = sorted(_strings(p, set()))
        n = graph.read(f"UNWIND $vals AS v MATCH (c:Contact {{id: v}}) WHERE NOT {S.contact('c')} "
                       "RETURN count(c) AS n", vals=vals, **user.scope.params)[0]["n"]
        if n == 0:
            kept.append(p)
    return {**data, "paths": kept}
