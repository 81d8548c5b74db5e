"""The pipeline in GraphQL: `pipelineForecast` and `nextActions`, the same reads as GET /pipeline/forecast and
GET /pipeline/next-actions, with the same role and scope (an account manager's pipeline is the opportunities of
the accounts they own). Both return the REST body as one JSON value. Read only."""

from __future__ import annotations

import asyncio

import strawberry
from strawberry.scalars import JSON

from ...errors import InputError
from ..pipeline_history import forecast_body, next_actions_body
from .context import Context, bad_input


def _check(horizon_days: int, limit: int = 1) -> None:
    if not 1 <= horizon_days <= 1095 or not 1 <= limit <= 500:
        raise InputError("horizonDays must be between 1 and 1095 and limit between 1 and 500.")


@strawberry.type
class PipelineQuery:
    @strawberry.field(description="Won count and amount among the deals open at asOf within horizonDays: "
                                  "{as_of, horizon_days, open_opportunities, won_count: {p10, p50, p90}, won_amount, "
                                  "by_month, by_owner, by_industry, cumulative (fan chart), uncertainty, "
                                  "opportunities: [{opportunity_id, p_win_in_horizon, expected_close, amount}]}.")
    async def pipeline_forecast(self, info: strawberry.Info[Context], as_of: str | None = None,
                                horizon_days: int = 90) -> JSON:
        ctx = info.context
        ctx.require_read("opportunity")
        try:
            _check(horizon_days)
            return await asyncio.to_thread(forecast_body, ctx.graph, ctx.user, as_of, horizon_days)
        except InputError as e:
            raise bad_input(str(e)) from None

    @strawberry.field(description="Ranked next best actions: {actions: [{action_id, kind, opportunity_id, account, "
                                  "title, reason, expected_change, evidence, confidence}]} (proposed, never run).")
    async def next_actions(self, info: strawberry.Info[Context], as_of: str | None = None, horizon_days: int = 90,
                           limit: int = 50) -> JSON:
        ctx = info.context
        ctx.require_read("opportunity")
        try:
            _check(horizon_days, limit)
            return await asyncio.to_thread(next_actions_body, ctx.graph, ctx.user, as_of, horizon_days, limit)
        except InputError as e:
            raise bad_input(str(e)) from None
