"""REST: what-if scenarios on the pipeline forecast (POST /sandbox/forecast) and on one account's world
(POST /sandbox/accounts/{account_id}: a decision maker leaves, a contact changes role, a competitor enters).
Read only: the graph's rows are copied and the scenario applied to the copy; nothing is written back."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field

from ...graph.connection import Graph
from ..deps import CurrentUser, can_see_account, get_graph_dep, require_roles
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


class AccountSandboxRequest(BaseModel):
    scenarios: list[ScenarioBody] = Field(min_length=1, max_length=10)
    as_of: str | None = Field(default=None, description="YYYY-MM-DD; default: the last stage entry in the graph")


def _run_account(graph: Graph, user: CurrentUser, account_id: str, req: AccountSandboxRequest) -> dict:
    import json

    from ...algorithms.opportunities.account_sandbox import run, scenario_from_dict
    from ..chain_cache import strings_in
    from .pages import _visible_paths

    scenarios = [scenario_from_dict(s.model_dump(), f"scenario {s.name!r}") for s in req.scenarios]
    res = run(graph, account_id, scoped_history(graph, user), scenarios, parse_as_of(req.as_of))
    res = json.loads(json.dumps(res, ensure_ascii=False, default=str))
    if not user.scope.all:  # introduction paths may run through other accounts' people
        for part in [res["baseline"], *res["scenarios"]]:
            shown = {id(p) for p in _visible_paths(graph, user, part["paths"],
                                                   [frozenset(strings_in(p)) for p in part["paths"]])}
            keep = [id(p) in shown for p in part["paths"]]  # chain[i] summarises paths[i]
            part["paths"] = [p for p, k in zip(part["paths"], keep, strict=True) if k]
            part["chain"] = [c for c, k in zip(part["chain"], keep, strict=True) if k]
    return res


@router.post("/accounts/{account_id}", responses={**BAD_INPUT, 404: {"description": "No such account (or not yours)"}},
             summary="What-if scenarios on a copy of one account's world (a decision maker leaves, a contact "
                     "changes role, a competitor enters, a meeting is held): roles, introduction paths and win "
                     "probability beside the baseline. The live graph is not changed.")
async def sandbox_account(account_id: str, req: AccountSandboxRequest,
                          user: Annotated[CurrentUser, Depends(require_roles(*READ["decision_chain"]))],
                          graph: Annotated[Graph, Depends(get_graph_dep)]) -> dict:
    # Same answer for "missing" and "not yours", so ids of other accounts cannot be probed.
    if not await asyncio.to_thread(can_see_account, user, graph, account_id):
        raise HTTPException(404, detail=f"Account {account_id!r} not found.")
    return await asyncio.to_thread(_run_account, graph, user, account_id, req)
