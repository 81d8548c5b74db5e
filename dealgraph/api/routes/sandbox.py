"""REST: what-if scenarios on the pipeline forecast (POST /sandbox/forecast) and on one account's world
(POST /sandbox/accounts/{account_id}: a decision maker leaves, a contact changes role, a competitor enters),
inline or saved by name (GET /sandbox/scenarios lists them). The graph's rows are copied and the scenario
applied to the copy; nothing of the customer's world is written back (save stores only the scenario)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field

from ...graph.connection import Graph
from ..deps import CurrentUser, can_see_account, get_graph_dep, require_roles
from ..permissions import READ, WRITE
from ..pipeline_history import BAD_INPUT

router = APIRouter(prefix="/sandbox", tags=["sandbox"])


class ScenarioBody(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    change: list[dict[str, Any]] = Field(default_factory=list, max_length=500)


class SandboxRequest(BaseModel):
    scenarios: list[ScenarioBody] = Field(default_factory=list, max_length=10)
    saved: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=10, description="names of saved scenarios to run after the inline ones")
    save: bool = Field(default=False, description="save the inline scenarios under their names once they have run")
    as_of: str | None = Field(default=None, description="YYYY-MM-DD; default: the last stage entry in the graph")
    horizon_days: int = Field(default=90, ge=1, le=1095)


def _run(graph: Graph, user: CurrentUser, account_id: str | None, req: SandboxRequest) -> dict:
    from .. import sandbox_runs as sr

    inline = [s.model_dump() for s in req.scenarios]
    scenarios = sr.resolve(graph, user, account_id, inline, req.saved)
    if req.save and not user.has(*WRITE["opportunity"]):
        raise HTTPException(403, detail=f"Role {user.role} may not save scenarios.")
    res = (sr.account_body(graph, user, account_id, scenarios, req.as_of, req.horizon_days) if account_id
           else sr.pipeline_body(graph, user, scenarios, req.as_of, req.horizon_days))
    if req.save:
        res["saved"] = sr.save(graph, user, account_id, scenarios[:len(inline)])
    return res


@router.post("/forecast", responses={**BAD_INPUT, 403: {"description": "May not save scenarios"}},
             summary="Run what-if scenarios (inline, or saved ones by name) on a copy of the pipeline; forecast "
                     "ranges beside the baseline and the first scenario. The live graph is not changed (save: "
                     "the scenarios are stored under their names, for you).")
async def sandbox_forecast(req: SandboxRequest,
                           user: Annotated[CurrentUser, Depends(require_roles(*READ["opportunity"]))],
                           graph: Annotated[Graph, Depends(get_graph_dep)]) -> dict:
    return await asyncio.to_thread(_run, graph, user, None, req)


@router.post("/accounts/{account_id}", responses={**BAD_INPUT, 403: {"description": "May not save scenarios"},
                                                  404: {"description": "No such account (or not yours)"}},
             summary="What-if scenarios (inline, or saved ones by name) on a copy of one account's world (a "
                     "decision maker leaves, a contact changes role, a competitor enters, a meeting is held): "
                     "roles, introduction paths and win probability beside the baseline. The live graph is not "
                     "changed (save: the scenarios are stored under their names, for this account).")
async def sandbox_account(account_id: str, req: SandboxRequest,
                          user: Annotated[CurrentUser, Depends(require_roles(*READ["decision_chain"]))],
                          graph: Annotated[Graph, Depends(get_graph_dep)]) -> dict:
    await _visible(graph, user, account_id)
    return await asyncio.to_thread(_run, graph, user, account_id, req)


async def _visible(graph: Graph, user: CurrentUser, account_id: str) -> None:
    # Same answer for "missing" and "not yours", so ids of other accounts cannot be probed.
    if not await asyncio.to_thread(can_see_account, user, graph, account_id):
        raise HTTPException(404, detail=f"Account {account_id!r} not found.")


@router.get("/scenarios", responses={404: {"description": "No such account (or not yours)"}},
            summary="Saved scenarios: an account's (account_id), or your pipeline scenarios.")
async def saved_scenarios(user: Annotated[CurrentUser, Depends(require_roles(*READ["opportunity"]))],
                          graph: Annotated[Graph, Depends(get_graph_dep)],
                          account_id: Annotated[str | None, Query(min_length=1, max_length=200)] = None) -> dict:
    from .. import sandbox_runs as sr

    if account_id is not None:
        await _visible(graph, user, account_id)
    return {"account_id": account_id, "scenarios": await asyncio.to_thread(sr.listed, graph, user, account_id)}


@router.get("/accounts/{account_id}/meet-actions", responses={**BAD_INPUT, 404: {"description": "No such account "
                                                                                  "(or not yours)"}},
            summary="Next best action 'meet the decision maker nobody has met, through the best introduction path': "
                    "one per decision maker, scored by the account sandbox (the meeting on a copy). Proposed only.")
async def meet_actions(account_id: str, user: Annotated[CurrentUser, Depends(require_roles(*READ["decision_chain"]))],
                       graph: Annotated[Graph, Depends(get_graph_dep)],
                       as_of: Annotated[str | None, Query(min_length=1, max_length=30)] = None) -> dict:
    from .. import sandbox_runs as sr

    await _visible(graph, user, account_id)
    return await asyncio.to_thread(sr.meet_body, graph, user, account_id, as_of)


@router.get("/accounts/{account_id}/next-actions", responses={**BAD_INPUT, 404: {"description": "No such account "
                                                                                 "(or not yours)"}},
            summary="One account's next best actions of every kind, ranked by expected change in won amount: "
                    "re-engage an overrunning stage, meet the decision maker nobody has met, answer the ★ items "
                    "before a tender deadline, follow a lead whose priority just rose. Proposed only.")
async def account_next_actions(account_id: str,
                               user: Annotated[CurrentUser, Depends(require_roles(*READ["decision_chain"]))],
                               graph: Annotated[Graph, Depends(get_graph_dep)],
                               as_of: Annotated[str | None, Query(min_length=1, max_length=30)] = None,
                               horizon_days: Annotated[int, Query(ge=1, le=1095)] = 90) -> dict:
    from .. import sandbox_runs as sr

    await _visible(graph, user, account_id)
    return await asyncio.to_thread(sr.account_actions_body, graph, user, account_id, as_of, horizon_days)
