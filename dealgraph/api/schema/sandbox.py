"""What-if scenarios in GraphQL: `runScenario` (mutation: it may save the scenarios) and `savedScenarios`.

The same runs as POST /sandbox/forecast and POST /sandbox/accounts/{id} (api/sandbox_runs.py): on a copy of
the caller's pipeline, or of one account's world, never on the live graph. An account is checked like every
account parameter: one FORBIDDEN answer for "missing" and "not yours", so ids cannot be probed. Saving needs
a role that may change opportunities. Results are the REST bodies as one JSON value."""

from __future__ import annotations

import asyncio

import strawberry
from strawberry.scalars import JSON

from ...errors import InputError, NotFound
from ..deps import can_see_account
from .context import ApiError, Context, bad_input, forbidden


async def _account(ctx: Context, account_id: str | None) -> None:
    ctx.require_read("decision_chain" if account_id else "opportunity")
    if account_id is not None and not await asyncio.to_thread(can_see_account, ctx.user, ctx.graph, account_id):
        raise forbidden(f"Account {account_id!r} does not exist or is not one of your accounts.")


def _inline(scenarios: JSON | None) -> list[dict]:
    if scenarios is None:
        return []
    if not isinstance(scenarios, list) or not all(isinstance(s, dict) for s in scenarios):
        raise bad_input("scenarios must be a list of objects {name, change: [{kind, ...}]}.")
    for i, s in enumerate(scenarios, 1):
        if not isinstance(s.get("name"), str) or not 1 <= len(s["name"]) <= 200:
            raise bad_input(f"scenario {i}: name must be a text of 1 to 200 characters.")
    return scenarios


@strawberry.type
class SandboxQuery:
    @strawberry.field(description="Saved scenarios: an account's (accountId), or your own pipeline scenarios: "
                                  "[{key, name, kind, account_id, owner, changes, saved_by, saved_at}].")
    async def saved_scenarios(self, info: strawberry.Info[Context], account_id: strawberry.ID | None = None) -> JSON:
        from .. import sandbox_runs as sr

        ctx = info.context
        await _account(ctx, account_id)
        return await asyncio.to_thread(sr.listed, ctx.graph, ctx.user, account_id)


    @strawberry.field(description="Next best action 'meet the decision maker nobody has met, through the best "
                                  "introduction path' for one account, scored by the account sandbox: the body of "
                                  "GET /sandbox/accounts/{id}/meet-actions {account, actions: [...]}. Proposed only.")
    async def meet_actions(self, info: strawberry.Info[Context], account_id: strawberry.ID,
                           as_of: str | None = None) -> JSON:
        from .. import sandbox_runs as sr

        ctx = info.context
        await _account(ctx, account_id)
        try:
            return await asyncio.to_thread(sr.meet_body, ctx.graph, ctx.user, account_id, as_of)
        except InputError as e:
            raise bad_input(str(e)) from None
        except NotFound as e:
            raise ApiError(str(e), "NOT_FOUND") from None


    @strawberry.field(description="One account's next best actions of every kind, ranked by expected change in won "
                                  "amount (re-engage an overrunning stage, meet the decision maker, answer the ★ "
                                  "items before a tender deadline, follow a lead whose priority just rose): the body "
                                  "of GET /sandbox/accounts/{id}/next-actions. Proposed only.")
    async def account_next_actions(self, info: strawberry.Info[Context], account_id: strawberry.ID,
                                   as_of: str | None = None, horizon_days: int = 90) -> JSON:
        from .. import sandbox_runs as sr

        ctx = info.context
        await _account(ctx, account_id)
        if not 1 <= horizon_days <= 1095:
            raise bad_input("horizonDays must be between 1 and 1095.")
        try:
            return await asyncio.to_thread(sr.account_actions_body, ctx.graph, ctx.user, account_id, as_of,
                                           horizon_days)
        except InputError as e:
            raise bad_input(str(e)) from None
        except NotFound as e:
            raise ApiError(str(e), "NOT_FOUND") from None


@strawberry.type
class SandboxMutation:
    @strawberry.mutation(description="Run what-if scenarios beside the baseline, on a copy (never the live graph): "
                                     "inline scenarios [{name, change: [{kind, ...}]}] and saved ones by name. With "
                                     "accountId: that account's roles, introduction paths, win probabilities, delay "
                                     "risk and forecast of its deals within horizonDays; without: the pipeline "
                                     "forecast ranges. save: store the inline scenarios under "
                                     "their names once they have run. Returns the REST body of POST "
                                     "/sandbox/accounts/{id} or POST /sandbox/forecast.")
    async def run_scenario(self, info: strawberry.Info[Context], account_id: strawberry.ID | None = None,
                           scenarios: JSON | None = None, saved: list[str] | None = None, save: bool = False,
                           as_of: str | None = None, horizon_days: int = 90) -> JSON:
        from .. import sandbox_runs as sr

        ctx = info.context
        await _account(ctx, account_id)
        if save:
            ctx.require_write("opportunity")
        if not 1 <= horizon_days <= 1095:
            raise bad_input("horizonDays must be between 1 and 1095.")
        inline = _inline(scenarios)

        def run() -> dict:
            parsed = sr.resolve(ctx.graph, ctx.user, account_id, inline, list(saved or []))
            res = (sr.account_body(ctx.graph, ctx.user, account_id, parsed, as_of, horizon_days) if account_id
                   else sr.pipeline_body(ctx.graph, ctx.user, parsed, as_of, horizon_days))
            if save:
                res["saved"] = sr.save(ctx.graph, ctx.user, account_id, parsed[:len(inline)])
            return res

        try:
            return await asyncio.to_thread(run)
        except InputError as e:
            raise bad_input(str(e)) from None
        except NotFound as e:
            raise ApiError(str(e), "NOT_FOUND") from None

    @strawberry.mutation(description="Delete a saved scenario (an account's, or your own pipeline scenario); "
                                     "true if it existed.")
    async def delete_scenario(self, info: strawberry.Info[Context], name: str,
                              account_id: strawberry.ID | None = None) -> bool:
        from .. import sandbox_runs as sr

        ctx = info.context
        await _account(ctx, account_id)
        ctx.require_write("opportunity")
        return await asyncio.to_thread(sr.delete, ctx.graph, ctx.user, account_id, name)
