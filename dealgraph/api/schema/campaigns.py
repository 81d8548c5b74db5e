"""Campaigns in GraphQL: `campaignAllocation` and `copyText`, the same reads as POST /campaigns/allocate and
POST /campaigns/copy, with the same roles and scope: an account manager's allocation learns only from the
leads and opportunities of the accounts they own, and copy is written only for those accounts. Both return
the REST body as one JSON value (plan rows with their explanations; text with its traced facts)."""

from __future__ import annotations

import asyncio

import strawberry
from strawberry.scalars import JSON

from ...errors import InputError, NotFound
from .context import ApiError, Context, bad_input

MAX_SPEND_ROWS = 5000


@strawberry.input(description="Spend of one arm in one period (graph mode: outcomes come from the graph).")
class SpendRowInput:
    period: str = strawberry.field(description="start date of the period, YYYY-MM-DD")
    channel: str
    spend: float
    creative: str = ""
    impressions: float = 0.0
    clicks: float = 0.0
    segment: str = strawberry.field(default="", description="audience: takes the leads of this segment (the "
                                    "lead's own, else its account's industry)")


def _check_rows(rows: list[SpendRowInput]) -> None:
    if not rows or len(rows) > MAX_SPEND_ROWS:
        raise InputError(f"spend: give 1 to {MAX_SPEND_ROWS} rows (one per period and arm).")
    for r in rows:
        if r.spend < 0 or r.impressions < 0 or r.clicks < 0 or not r.channel.strip() or len(r.channel) > 200 \
                or len(r.creative) > 200 or len(r.segment) > 200 or len(r.period) > 40:
            raise InputError(f"spend row {r.period!r} / {r.channel!r}: spend, impressions and clicks must be >= 0 and "
                             f"channel a name of at most 200 characters.")


def _row(r: SpendRowInput) -> dict:
    return {"period": r.period, "channel": r.channel, "creative": r.creative, "spend": r.spend,
            "impressions": r.impressions, "clicks": r.clicks, "segment": r.segment}


def _allocate(ctx: Context, rows: list[SpendRowInput], budget: float, constraints: dict | None,
              window_days: int) -> dict:
    from ...algorithms.marketing.allocate import constraints_from_dict
    from ...algorithms.marketing.graph_history import period_starts, spend_frame
    from ...algorithms.marketing.plan import plan_from_graph

    if not 0 < budget <= 1e12 or not 1 <= window_days <= 1095:
        raise InputError("budget must be > 0 and windowDays between 1 and 1095.")
    _check_rows(rows)
    c = constraints_from_dict(dict(constraints or {}))
    spend = spend_frame([_row(r) for r in rows])
    period_starts(spend)  # bad periods are refused before the graph is read
    return plan_from_graph(ctx.graph, spend, budget, c, window_days=window_days, scope=ctx.user.scope).to_json()


def _copy(ctx: Context, account: str, persona: str, channel: str, lang: str, opportunity: str | None,
          variant: str, as_of: str | None, spend: list[SpendRowInput] | None, weights: dict | None) -> dict:
    from ...algorithms.marketing.copy.generate import CopyRequest
    from ...algorithms.marketing.copy.llm import backend_from_settings
    from ...algorithms.marketing.variants import copy_for_account

    req = CopyRequest(account, persona, channel, lang, opportunity, variant, as_of)
    if variant != "auto":
        req.validate()
    if spend is not None:
        _check_rows(spend)
    if weights is not None and not isinstance(weights, dict):
        raise InputError("weights: give an object {outcome: value}, e.g. {\"won_amount\": 1}.")
    rows = None if spend is None else [_row(r) for r in spend]
    return copy_for_account(ctx.graph, req, backend=backend_from_settings(ctx.settings), scope=ctx.user.scope,
                            spend=rows, weights=None if weights is None else dict(weights))


@strawberry.type
class CampaignQuery:
    @strawberry.field(description="Split a budget across channel x creative by value per yuan learned from the "
                                  "graph's leads and their accounts' opportunities; spend given per period and arm. "
                                  "JSON as POST /campaigns/allocate: {budget, plan: [{channel, creative, spend, "
                                  "expected_value, reason, value_per_yuan, interval_90, evidence, ...}], model, graph}.")
    async def campaign_allocation(self, info: strawberry.Info[Context], spend: list[SpendRowInput], budget: float,
                                  constraints: JSON | None = None, window_days: int = 180) -> JSON:
        ctx = info.context
        ctx.require_read("opportunity")
        try:
            return await asyncio.to_thread(_allocate, ctx, spend, budget, constraints, window_days)
        except InputError as e:
            raise bad_input(str(e)) from None

    @strawberry.field(description="Copy or a talk track for a persona of an account (persona decision_maker | "
                                  "influencer | executor, channel ad | wecom | email | call, lang zh | en, variant "
                                  "a | b | auto: auto chooses by Thompson sampling over the variants' value per yuan "
                                  "learned from `spend` and the outcomes in your scope); JSON as POST /campaigns/copy: "
                                  "{text, facts: [{slot, value, source}], template, model, creative, confidence, "
                                  "grounding, fallback[, variant_choice]}.")
    async def copy_text(self, info: strawberry.Info[Context], account: strawberry.ID, persona: str, channel: str,
                        lang: str = "zh", opportunity: strawberry.ID | None = None, variant: str = "a",
                        as_of: str | None = None, spend: list[SpendRowInput] | None = None,
                        weights: JSON | None = None) -> JSON:
        ctx = info.context
        ctx.require_read("decision_chain")
        try:
            return await asyncio.to_thread(_copy, ctx, str(account), persona, channel, lang,
                                           None if opportunity is None else str(opportunity), variant, as_of,
                                           spend, weights)
        except NotFound as e:
            raise ApiError(str(e), "NOT_FOUND") from None
        except InputError as e:
            raise bad_input(str(e)) from None
