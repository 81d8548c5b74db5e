"""Contacts (with their computed decision role and evidence) and interactions."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from .. import scope as S
from .common import Connection, SortDirection, evidence, num, props_json, text
from .context import Context
from .listing import list_page

if TYPE_CHECKING:
    from .accounts import Account, Department

AccountT = Annotated["Account", strawberry.lazy(".accounts")]
DepartmentT = Annotated["Department", strawberry.lazy(".accounts")]

ROLES = ("decision_maker", "influencer", "executor")


@strawberry.type
class Contact:
    id: strawberry.ID
    name: str | None
    name_en: str | None
    title: str | None
    email: str | None
    phone: str | None
    wecom_id: str | None
    role: str | None = strawberry.field(description="Effective decision role: a human label wins over the model.")
    role_predicted: str | None = strawberry.field(description="The role the model computed.")
    role_confidence: float | None
    role_evidence: JSON | None
    role_model_version: str | None
    role_label: str | None = strawberry.field(description="Role confirmed or corrected by a person, if any.")
    role_label_by: str | None
    properties: JSON

    @staticmethod
    def of(p: dict | None) -> Contact | None:
        if p is None:
            return None
        predicted = text(p.get("role"))
        label = text(p.get("role_label"))
        return Contact(
            id=p["id"], name=text(p.get("name")), name_en=text(p.get("name_en")), title=text(p.get("title")),
            email=text(p.get("email")), phone=text(p.get("phone")), wecom_id=text(p.get("wecom_id")),
            role=label or predicted, role_predicted=predicted, role_confidence=num(p.get("role_confidence")),
            role_evidence=evidence(p.get("role_evidence")),
            role_model_version=text(p.get("role_model_version") or p.get("role_model")),
            role_label=label, role_label_by=text(p.get("role_label_by")), properties=props_json(p),
        )

    @strawberry.field
    async def department(self, info: strawberry.Info[Context]) -> DepartmentT | None:
        from .accounts import Department

        return Department.of(await info.context.loaders.department_of_contact.load(self.id))

    @strawberry.field
    async def manager(self, info: strawberry.Info[Context]) -> Contact | None:
        return Contact.of(await info.context.loaders.manager_of_contact.load(self.id))

    @strawberry.field
    async def reports(self, info: strawberry.Info[Context]) -> list[Contact]:
        return [Contact.of(p) for p in await info.context.loaders.reports_of_contact.load(self.id)]

    @strawberry.field
    async def account(self, info: strawberry.Info[Context]) -> AccountT | None:
        from .accounts import Account

        return Account.of(await info.context.loaders.account_of_contact.load(self.id))

    @strawberry.field
    async def interactions(self, info: strawberry.Info[Context], last: int = 20) -> list[Interaction]:
        info.context.require_read("interaction")
        rows = await info.context.loaders.interactions_of_contact.load(self.id)
        return [Interaction.of(p) for p in rows[: max(0, min(last, info.context.settings.api_max_page_size))]]


@strawberry.type
class Interaction:
    id: strawberry.ID
    kind: str | None
    at: str | None
    channel: str | None
    topic: str | None
    sentiment: float | None
    meeting_type: str | None
    summary: str | None
    properties: JSON

    @staticmethod
    def of(p: dict) -> Interaction:
        return Interaction(
            id=p["id"], kind=text(p.get("kind")), at=text(p.get("at")), channel=text(p.get("channel")),
            topic=text(p.get("topic")), sentiment=num(p.get("sentiment")), meeting_type=text(p.get("meeting_type")),
            summary=text(p.get("summary")), properties=props_json(p),
        )

    @strawberry.field
    async def contacts(self, info: strawberry.Info[Context]) -> list[Contact]:
        return [Contact.of(p) for p in await info.context.loaders.contacts_of_interaction.load(self.id)]


@strawberry.enum
class ContactSortField(Enum):
    NAME = "name"
    ID = "id"
    ROLE_CONFIDENCE = "role_confidence"
    TITLE = "title"


@strawberry.input
class ContactFilter:
    account_id: strawberry.ID | None = None
    department_id: strawberry.ID | None = None
    role: str | None = None
    name_contains: str | None = None
    ids: list[strawberry.ID] | None = None


async def list_contacts(ctx: Context, f: ContactFilter, first: int | None, after: str | None,
                        sort: ContactSortField = ContactSortField.NAME,
                        direction: SortDirection = SortDirection.ASC) -> Connection[Contact]:
    ctx.require_read("contact")
    where = [S.contact("n")]
    if f.account_id is not None:
        where.append("(n.account_id = $account_id "
                     f"OR EXISTS {{ (n)-[:{S.DIRECT}]->(:Account {{id: $account_id}}) }} "
                     f"OR EXISTS {{ {S.contact_in_account('n', ':Account {id: $account_id}')} }})")
    if f.department_id is not None:
        where.append("EXISTS { (n)-[:WORKS_IN]->(:Department {id: $department_id}) }")
    if f.role:
        where.append("coalesce(n.role_label, n.role) = $role")
    if f.name_contains:
        where.append("(toLower(n.name) CONTAINS toLower($q) OR toLower(coalesce(n.name_en, '')) CONTAINS toLower($q))")
    if f.ids is not None:
        where.append("n.id IN $ids")
    return await list_page(ctx, "Contact", where, sort.value, direction, first, after, Contact.of,
                           account_id=f.account_id, department_id=f.department_id, role=f.role,
                           q=f.name_contains, ids=f.ids)


@strawberry.type
class ContactQuery:
    @strawberry.field
    async def contact(self, info: strawberry.Info[Context], id: strawberry.ID) -> Contact | None:
        info.context.require_read("contact")
        return Contact.of(await info.context.loaders.contact.load(id))

    @strawberry.field
    async def contacts(
        self, info: strawberry.Info[Context], first: int | None = None, after: str | None = None,
        filter: ContactFilter | None = None, sort: ContactSortField = ContactSortField.NAME,
        direction: SortDirection = SortDirection.ASC,
    ) -> Connection[Contact]:
        return await list_contacts(info.context, filter or ContactFilter(), first, after, sort, direction)

    @strawberry.field
    async def interactions(
        self, info: strawberry.Info[Context], contact_id: strawberry.ID | None = None,
        kind: str | None = None, first: int | None = None, after: str | None = None,
    ) -> Connection[Interaction]:
        ctx = info.context
        ctx.require_read("interaction")
        where = [S.interaction("n")]
        if contact_id is not None:
            where.append("EXISTS { (n)-[:INVOLVES]->(:Contact {id: $contact_id}) }")
        if kind:
            where.append("n.kind = $kind")
        return await list_page(ctx, "Interaction", where, "at", SortDirection.DESC, first, after,
                               Interaction.of, contact_id=contact_id, kind=kind)
