"""Mutations: upserts of core entities, role confirmation, recomputation jobs.

Each upsert first checks the caller's scope on the node and on every node it links to (graph.queries.scope:
one answer, FORBIDDEN, for "missing" and "not yours" where ids could be probed), then writes through
graph.writes.upsert: the statement ingest runs for that kind, on a record validated by schema/models.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime

import strawberry
from strawberry.scalars import JSON

from ...graph.queries import contacts as qc
from .. import scope as S
from ..permissions import JOB_ROLES
from .accounts import Account, Department
from .contacts import ROLES, Contact, Interaction
from .context import ApiError, Context, bad_input, forbidden
from .ingest import Job
from .leads import Lead, Opportunity
from .tenders import Tender


def _anyone(v: str) -> str:
    return "true"


def _now() -> str:
    return datetime.now(UTC).isoformat()


@strawberry.input
class AccountInput:
    id: strawberry.ID
    name: str | None = None
    name_en: str | None = None
    industry: str | None = None
    region: str | None = None
    credit_code: str | None = None
    website: str | None = None
    employees: int | None = None


@strawberry.input
class DepartmentInput:
    id: strawberry.ID
    account_id: strawberry.ID
    name: str | None = None
    parent_id: strawberry.ID | None = None


@strawberry.input
class ContactInput:
    id: strawberry.ID
    account_id: strawberry.ID | None = None
    department_id: strawberry.ID | None = None
    manager_id: strawberry.ID | None = None
    name: str | None = None
    name_en: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    wecom_id: str | None = None


@strawberry.input
class TenderInput:
    id: strawberry.ID
    title: str | None = None
    number: str | None = None
    buyer: str | None = None
    buyer_account_id: strawberry.ID | None = None
    budget: float | None = None
    deadline: str | None = None
    region: str | None = None
    industry: str | None = None
    status: str | None = None


@strawberry.input
class OpportunityInput:
    id: strawberry.ID
    account_id: strawberry.ID
    name: str | None = None
    amount: float | None = None
    owner_id: strawberry.ID | None = None


@strawberry.input
class InteractionInput:
    id: strawberry.ID
    kind: str = strawberry.field(description="email | meeting | call | wecom | site_visit")
    at: str = strawberry.field(description="ISO 8601 date-time, UTC if no offset")
    contact_ids: list[strawberry.ID]
    channel: str | None = None
    topic: str | None = None
    sentiment: float | None = None
    meeting_type: str | None = None
    summary: str | None = None


@strawberry.input
class LeadInput:
    id: strawberry.ID
    name: str | None = None
    company: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    source: str | None = None
    budget: float | None = None
    account_id: strawberry.ID | None = None


async def _require_account(ctx: Context, account_id: str) -> None:
    rows = await ctx.read(S.check("Account", S.account), id=account_id)
    if not ctx.user.scope.all and not (rows and rows[0]["ok"]):
        # One answer for "missing" and "not yours": no probing of other accounts' ids.
        raise forbidden(f"Account {account_id!r} does not exist or is not one of your accounts.")
    if not rows:
        raise bad_input(f"Account {account_id!r} does not exist: create it first.")


async def _require_node(ctx: Context, label: str, in_scope: Callable[[str], str], id_: str, what: str) -> None:
    """A node the write links to must exist (the API creates no stubs) and be in the caller's scope."""
    rows = await ctx.read(S.check(label, in_scope), id=id_)
    if not rows:
        raise bad_input(f"{what} {id_!r} does not exist.")
    if not rows[0]["ok"]:
        raise forbidden(f"{what} {id_!r} is not in one of your accounts.")


@strawberry.type
class CoreMutation:
    @strawberry.mutation
    async def upsert_account(self, info: strawberry.Info[Context], input: AccountInput) -> Account:
        ctx = info.context
        ctx.require_write("account")
        if not ctx.user.has("admin"):
            await _require_account(ctx, input.id)  # account managers edit only accounts they own
        p = await ctx.upsert("account", asdict(input))
        return Account.of(p)

    @strawberry.mutation
    async def upsert_department(self, info: strawberry.Info[Context], input: DepartmentInput) -> Department:
        ctx = info.context
        ctx.require_write("account")
        await _require_account(ctx, input.account_id)
        if input.parent_id:
            await _require_node(ctx, "Department", S.department, input.parent_id, "Parent department")
        p = await ctx.upsert("department", asdict(input))
        return Department.of(p)

    @strawberry.mutation
    async def upsert_contact(self, info: strawberry.Info[Context], input: ContactInput) -> Contact:
        ctx = info.context
        ctx.require_write("contact")
        existing = await ctx.read(S.check("Contact", S.contact), id=input.id)
        if existing and not existing[0]["ok"]:
            raise forbidden(f"Contact {input.id!r} is not in one of your accounts.")
        if input.account_id:
            await _require_account(ctx, input.account_id)
        elif not existing and not ctx.user.scope.all:
            raise bad_input("account_id is required to create a contact.")
        if input.department_id:
            await _require_node(ctx, "Department", S.department, input.department_id, "Department")
        if input.manager_id:
            await _require_node(ctx, "Contact", S.contact, input.manager_id, "Manager")
        p = await ctx.upsert("contact", asdict(input))
        return Contact.of(p)

    @strawberry.mutation
    async def upsert_tender(self, info: strawberry.Info[Context], input: TenderInput) -> Tender:
        ctx = info.context
        ctx.require_write("tender")
        if input.buyer_account_id and not await ctx.read(S.check("Account", _anyone),
                                                         id=input.buyer_account_id):
            raise bad_input(f"Buyer account {input.buyer_account_id!r} does not exist: create it first.")
        p = await ctx.upsert("tender", asdict(input))
        return Tender.of(p)

    @strawberry.mutation
    async def upsert_opportunity(self, info: strawberry.Info[Context], input: OpportunityInput) -> Opportunity:
        ctx = info.context
        ctx.require_write("opportunity")
        existing = await ctx.read(S.check("Opportunity", S.opportunity), id=input.id)
        if existing and not existing[0]["ok"]:
            raise forbidden(f"Opportunity {input.id!r} is not in one of your accounts.")
        await _require_account(ctx, input.account_id)
        if input.owner_id:
            await _require_node(ctx, "User", _anyone, input.owner_id, "Owner")
        p = await ctx.upsert("opportunity", asdict(input), new_node={"created_at": _now()})
        return Opportunity.of(p)

    @strawberry.mutation(description="Log an interaction with contacts, done by the calling user.")
    async def log_interaction(self, info: strawberry.Info[Context], input: InteractionInput) -> Interaction:
        ctx = info.context
        ctx.require_write("contact")
        if not input.contact_ids:
            raise bad_input("contact_ids must name at least one contact.")
        found = await ctx.read(S.CONTACTS_CHECK, ids=list(input.contact_ids))
        missing = set(input.contact_ids) - {r["id"] for r in found}
        if missing:
            raise bad_input(f"Contact {min(missing)!r} does not exist.")
        if not all(r["ok"] for r in found):
            raise forbidden("An interaction may only involve contacts of your accounts.")
        # Written as ingest writes an interaction row (kind/at/sentiment validated, `at` in UTC), by the caller.
        p = await ctx.upsert("interaction", {**asdict(input), "user_id": ctx.user.id})
        return Interaction.of(p)

    @strawberry.mutation
    async def upsert_lead(self, info: strawberry.Info[Context], input: LeadInput) -> Lead:
        ctx = info.context
        ctx.require_write("lead")
        # A manager changes leads of their accounts, and account-less leads they own (see graph.queries.scope).
        existing = await ctx.read(S.check("Lead", S.lead_owned), id=input.id)
        if existing and not existing[0]["ok"]:
            raise forbidden(f"Lead {input.id!r} is not one of your leads.")
        if input.account_id:
            await _require_account(ctx, input.account_id)
        # A new lead is created now, owned by its creator (the owner decides over an account-less lead).
        p = await ctx.upsert("lead", asdict(input), new_node={"created_at": _now(), "owner_id": ctx.user.id})
        return Lead.of(p)

    @strawberry.mutation(description="Confirm or correct a contact's decision role; a person's label wins.")
    async def set_contact_role(self, info: strawberry.Info[Context], contact_id: strawberry.ID, role: str,
                               note: str | None = None) -> Contact:
        ctx = info.context
        ctx.require_write("contact_role")
        if role not in ROLES:
            raise bad_input(f"Unknown role {role!r}: use one of {', '.join(ROLES)}.")
        rows = await ctx.write(
            qc.SET_ROLE_LABEL, id=contact_id, role=role, by=ctx.user.id, note=note)
        if not rows:
            raise forbidden(f"Contact {contact_id!r} does not exist or is not in one of your accounts.")
        contact = Contact.of(rows[0]["p"])
        previous = rows[0]["previous"]
        if previous != role:
            from ..webhooks import emit

            account = await ctx.loaders.account_of_contact.load(contact_id)
            await asyncio.to_thread(emit, "contact.role_changed", {
                "contact_id": contact_id, "account_id": account["id"] if account else None,
                "previous_role": previous, "role": role, "predicted_role": contact.role_predicted,
                "by": ctx.user.id, "note": note}, ctx.graph)
        return contact

    @strawberry.mutation(description="Start a recomputation job (roles, matching, competitors, leads, ...).")
    async def trigger_job(self, info: strawberry.Info[Context], kind: str, params: JSON | None = None) -> Job:
        ctx = info.context
        allowed = JOB_ROLES.get(kind, ("admin",))
        if not ctx.user.has(*allowed):
            raise forbidden(f"Role {ctx.user.role} may not start {kind} jobs.")
        runner = ctx.app_state.jobs
        if runner is None:
            raise bad_input("Background jobs are not running in this server.")
        from ...errors import NotFound
        from ..job_scope import Forbidden, scoped_params
        from ..jobs import get_job, resolve

        if not isinstance(params, (dict, type(None))):
            raise bad_input("params must be a JSON object.")
        try:
            fn = resolve(kind)
            scoped, accounts = await asyncio.to_thread(scoped_params, ctx.graph, ctx.user.scope, kind, params)
        except Forbidden as e:
            raise forbidden(str(e)) from None
        except NotFound as e:
            raise ApiError(str(e), "NOT_FOUND") from None
        job_id = await asyncio.to_thread(runner.submit, kind, scoped, ctx.user.id, fn, None, accounts)
        return Job.of(await asyncio.to_thread(get_job, ctx.graph, job_id))
