"""REST: budget allocation learned from the graph (POST /campaigns/allocate) and copy / talk tracks
grounded in it (POST /campaigns/copy). Both read only, both in the caller's scope: an account manager's
allocation learns from the leads and opportunities of their accounts only, and copy is written only
for an account they own."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field

from ...errors import InputError, NotFound
from ...graph.connection import Graph
from ..deps import CurrentUser, get_graph_dep, require_roles
from ..permissions import READ

router = APIRouter(prefix="/campaigns", tags=["campaigns"])


class SpendRow(BaseModel):
    period: str = Field(min_length=1, max_length=40, description="start date of the period, YYYY-MM-DD")
    channel: str = Field(min_length=1, max_length=200)
    creative: str = Field(default="", max_length=200)
    spend: float = Field(ge=0)
    impressions: float = Field(default=0, ge=0)
    clicks: float = Field(default=0, ge=0)
    segment: str = Field(default="", max_length=200, description="audience: takes the leads of this segment (the "
                         "lead's own, else its account's industry)")


class AllocateRequest(BaseModel):
    spend: list[SpendRow] = Field(min_length=1, max_length=5000)  # within the 1 MB body limit
    budget: float = Field(gt=0, le=1e12)
    constraints: dict[str, Any] = Field(default_factory=dict, description="as the TOML: max_growth, draws, "
                                        "weights {outcome: value}, channels {NAME: {min_share, max_share}}")
    window_days: int = Field(default=180, ge=1, le=1095)


class CopyRequestBody(BaseModel):
    account: str = Field(min_length=1, max_length=200)
    opportunity: str | None = Field(default=None, max_length=200)
    persona: Literal["decision_maker", "influencer", "executor"]
    channel: Literal["ad", "wecom", "email", "call"]
    lang: Literal["zh", "en"] = "zh"
    variant: Literal["a", "b", "auto"] = Field(default="a", description="auto: Thompson sampling over the "
                                               "variants' value per yuan, learned from `spend` and the graph")
    as_of: str | None = Field(default=None, max_length=10, description="YYYY-MM-DD; default today")
    spend: list[SpendRow] | None = Field(default=None, max_length=5000, description="with variant auto: spend per "
                                         "period and arm; outcomes come from the graph, in the caller's scope")
    weights: dict[str, float] | None = Field(default=None, max_length=10, description="with variant auto: value of "
                                             "each outcome, as for the allocation")


def _allocate(graph: Graph, user: CurrentUser, req: AllocateRequest) -> dict:
    from ...algorithms.marketing.allocate import constraints_from_dict
    from ...algorithms.marketing.graph_history import period_starts, spend_frame
    from ...algorithms.marketing.plan import plan_from_graph

    c = constraints_from_dict(req.constraints)
    spend = spend_frame([r.model_dump() for r in req.spend])
    period_starts(spend)  # bad periods are refused before the graph is read
    return plan_from_graph(graph, spend, req.budget, c, window_days=req.window_days, scope=user.scope).to_json()


@router.post("/allocate", summary="Split a budget across channel x creative by value per yuan learned from the "
                                  "graph's leads and their accounts' opportunities (spend given per period and arm).",
             responses={400: {"description": "Spend periods that are not dates, or constraints that cannot hold"}})
async def campaigns_allocate(req: AllocateRequest,
                             user: Annotated[CurrentUser, Depends(require_roles(*READ["opportunity"]))],
                             graph: Annotated[Graph, Depends(get_graph_dep)]) -> dict:
    try:
        return await asyncio.to_thread(_allocate, graph, user, req)
    except InputError as e:
        raise HTTPException(400, detail=str(e)) from None


def _copy(graph: Graph, user: CurrentUser, body: CopyRequestBody) -> dict:
    from ...algorithms.marketing.copy.generate import CopyRequest
    from ...algorithms.marketing.copy.llm import backend_from_settings
    from ...algorithms.marketing.variants import copy_for_account
    from ...config import get_settings

    req = CopyRequest(body.account, body.persona, body.channel, body.lang, body.opportunity, body.variant, body.as_of)
    return copy_for_account(graph, req, backend=backend_from_settings(get_settings()), scope=user.scope,
                            spend=[r.model_dump() for r in body.spend] if body.spend is not None else None,
                            weights=body.weights)


@router.post("/copy", summary="Copy or a talk track for a persona of an account; every stated fact traced to a "
                              "graph node (template, or an LLM text that passed the grounding check).",
             responses={404: {"description": "No such account (or not yours), or an opportunity not of the account"},
                        400: {"description": "as_of is not a date"}})
async def campaigns_copy(body: CopyRequestBody,
                         user: Annotated[CurrentUser, Depends(require_roles(*READ["decision_chain"]))],
                         graph: Annotated[Graph, Depends(get_graph_dep)]) -> dict:
    try:
        return await asyncio.to_thread(_copy, graph, user, body)
    except NotFound as e:
        raise HTTPException(404, detail=str(e)) from None
    except InputError as e:
        raise HTTPException(400, detail=str(e)) from None
