"""HTML pages from dealgraph.viz, behind the same auth and per-account scope as the API."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from ...graph.connection import Graph
from ...graph.queries.buying_group import committees_of_account
from ..deps import CurrentUser, can_see_account, get_graph_dep, require_roles
from ..permissions import READ

router = APIRouter(tags=["pages"])


@router.get("/accounts/{account_id}/decision-chain", response_class=HTMLResponse,
            summary="Force-directed decision-chain page of one account.",
            responses={404: {"description": "No such account (or not yours)"},
                       503: {"description": "Visualisation module not installed"}})
async def decision_chain_page(account_id: str, request: Request,
                              user: Annotated[CurrentUser, Depends(require_roles(*READ["decision_chain"]))],
                              graph: Annotated[Graph, Depends(get_graph_dep)],
                              as_of: Annotated[str | None, Query(max_length=30, description=(
                                  "YYYY-MM-DD for the next-actions and scenario panels; default: the last stage "
                                  "entry"))] = None,
                              scenario: Annotated[str | None, Query(min_length=1, max_length=200, description=(
                                  "name of a saved scenario of this account, shown beside the baseline"))] = None,
                              ) -> HTMLResponse:
    try:
        from ...viz.decision_chain import render_decision_chain
    except ImportError:
        raise HTTPException(503, detail="The decision-chain view is not installed in this build.") from None
    # Same answer for "missing" and "not yours", so ids of other accounts cannot be probed.
    if not await asyncio.to_thread(can_see_account, user, graph, account_id):
        raise HTTPException(404, detail=f"Account {account_id!r} not found.")
    entry = await asyncio.to_thread(request.app.state.chain_cache.full, graph, account_id)
    data = {**entry.data, "committees": _visible_committees(
        entry.data, await asyncio.to_thread(committees_of_account, graph, account_id))}
    data["next_actions"] = await asyncio.to_thread(_next_actions, graph, user, account_id, as_of)
    if scenario:
        data["scenario"] = await asyncio.to_thread(_scenario, graph, user, account_id, scenario, as_of)
    if not user.scope.all:
        data = {**data, "paths": await asyncio.to_thread(_visible_paths, graph, user, data.get("paths") or [],
                                                         entry.path_ids)}
    return HTMLResponse(await asyncio.to_thread(render_decision_chain, data))


def _next_actions(graph: Graph, user: CurrentUser, account_id: str, as_of: str | None) -> dict:
    """The account's next best actions of every kind, ranked (GET /sandbox/accounts/{id}/next-actions, learned
    from the caller's pipeline). Never raises: a failing optional panel must not take the page down."""
    from .. import sandbox_runs as sr

    try:
        return sr.account_actions_body(graph, user, account_id, as_of)
    except Exception as e:  # noqa: BLE001 - reported in the panel instead
        return {"actions": [], "note": str(e)}


def _scenario(graph: Graph, user: CurrentUser, account_id: str, name: str, as_of: str | None) -> dict:
    """A saved scenario of the account beside the baseline (the account sandbox, on a copy). Never raises:
    a scenario that cannot run (no longer fits the account, no history) is a note in its panel."""
    from .. import sandbox_runs as sr

    try:
        res = sr.account_body(graph, user, account_id, sr.resolve(graph, user, account_id, [], [name]), as_of)
    except Exception as e:  # noqa: BLE001 - reported in the panel instead
        return {"name": name, "note": str(e)}
    drop = ("paths", "roles")  # the page draws the scenario's chain summaries, not its full paths
    part = {k: v for k, v in res["scenarios"][0].items() if k not in drop}
    return {"name": name, "as_of": res["as_of"], "baseline": {k: v for k, v in res["baseline"].items() if k not in drop},
            "result": part}


def _visible_committees(data: dict, committees: list[dict]) -> list[dict]:
    """Committee members drawn on the page only (people of the account the user may see)."""
    shown = {n["ref"] for n in data.get("nodes", []) if n.get("kind") == "contact"}
    return [{**o, "members": [m for m in o["members"] if m["id"] in shown]} for o in committees]


def _visible_paths(graph: Graph, user: CurrentUser, paths: list, path_ids: list[frozenset[str]]) -> list:
    """Introduction paths may run through other accounts' people: keep only fully visible ones."""
    from .. import scope as S

    if not paths:
        return paths
    hidden = S.hidden_contacts(graph, user.scope, frozenset().union(*path_ids))
    return [p for p, found in zip(paths, path_ids, strict=True) if not (found & hidden)]
