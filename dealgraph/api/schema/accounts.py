"""Accounts (customer companies), their departments and owners."""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from .. import scope as S
from .common import Connection, SortDirection, integer, props_json, text
from .context import Context
from .listing import list_page

if TYPE_CHECKING:
    from .contacts import Contact
    from .decision_chain import DecisionChain
    from .leads import Opportunity

ContactT = Annotated["Contact", strawberry.lazy(".contacts")]
OpportunityT = Annotated["Opportunity", strawberry.lazy(".leads")]
DecisionChainT = Annotated["DecisionChain", strawberry.lazy(".decision_chain")]


@strawberry.type
class UserRef:
    id: strawberry.ID
    name: str | None
    email: str | None

    @staticmethod
    def of(p: dict) -> UserRef:
        return UserRef(id=p["id"], name=text(p.get("name")), email=text(p.get("email")))


@strawberry.type
class Account:
    id: strawberry.ID
    name: str | None
    name_en: str | None
    industry: str | None
    region: str | None
    credit_code: str | None
    website: str | None
    employees: int | None
    properties: JSON = strawberry.field(description="Every stored property, including ones added by later analyses.")

    @staticmethod
    def of(p: dict | None) -> Account | None:
        if p is None:
            return None
        return Account(
            id=p["id"], name=text(p.get("name")), name_en=text(p.get("name_en")), industry=text(p.get("industry")),
            region=text(p.get("region")), credit_code=text(p.get("credit_code")), website=text(p.get("website")),
            employees=integer(p.get("employees")), properties=props_json(p),
        )

    @strawberry.field
    async def departments(self, info: strawberry.Info[Context]) -> list[Department]:
        info.context.require_read("department")
        return [Department.of(p) for p in await info.context.loaders.departments_of_account.load(self.id)]

    @strawberry.field
    async def owners(self, info: strawberry.Info[Context]) -> list[UserRef]:
        return [UserRef.of(p) for p in await info.context.loaders.owners_of_account.load(self.id)]

    @strawberry.field(description="Contacts of this account, paginated.")
    async def contacts(self, info: strawberry.Info[Context], first: int | None = None,
                       after: str | None = None) -> Connection[ContactT]:
        from .contacts import ContactFilter, list_contacts

        return await list_contacts(info.context, ContactFilter(account_id=self.id), first=first, after=after)

    @strawberry.field
    async def opportunities(self, info: strawberry.Info[Context]) -> list[OpportunityT]:
        from .leads import Opportunity

        info.context.require_read("opportunity")
        return [Opportunity.of(p) for p in await info.context.loaders.opportunities_of_account.load(self.id)]

    @strawberry.field(description="The decision chain: contacts, reporting and relationship edges, roles.")
    async def decision_chain(self, info: strawberry.Info[Context]) -> DecisionChainT:
        from .decision_chain import load_decision_chain

        return await load_decision_chain(info.context, self.id)


@strawberry.type
class Department:
    id: strawberry.ID
    name: str | None
    properties: JSON

    @staticmethod
    def of(p: dict | None) -> Department | None:
        if p is None:
            return None
        return Department(id=p["id"], name=text(p.get("name")), properties=props_json(p))

    @strawberry.field
    async def account(self, info: strawberry.Info[Context]) -> Account | None:
        return Account.of(await info.context.loaders.account_of_department.load(self.id))

    @strawberry.field
    async def parent(self, info: strawberry.Info[Context]) -> Department | None:
        return Department.of(await info.context.loaders.parent_of_department.load(self.id))

    @strawberry.field
    async def contacts(self, info: strawberry.Info[Context]) -> list[ContactT]:
        from .contacts import Contact

        info.context.require_read("contact")
        return [Contact.of(p) for p in await info.context.loaders.contacts_of_department.load(self.id)]


@strawberry.enum
class AccountSortField(Enum):
    NAME = "name"
    ID = "id"
    INDUSTRY = "industry"
    EMPLOYEES = "employees"


@strawberry.input
class AccountFilter:
    ids: list[strawberry.ID] | None = None
    name_contains: str | None = None
    industry: str | None = None
    region: str | None = None


@strawberry.type
class Me:
    id: strawberry.ID
    role: str
    sees_all_accounts: bool
    owned_account_ids: list[strawberry.ID]


@strawberry.type
class AccountQuery:
    @strawberry.field(description="Who the credentials act as, and which accounts they own.")
    async def me(self, info: strawberry.Info[Context]) -> Me:
        ctx = info.context
        owned = await asyncio.to_thread(S.accounts_owned_by, ctx.graph, ctx.user.id)
        return Me(id=ctx.user.id, role=ctx.user.role, sees_all_accounts=ctx.user.scope.all, owned_account_ids=owned)

    @strawberry.field
    async def account(self, info: strawberry.Info[Context], id: strawberry.ID) -> Account | None:
        info.context.require_read("account")
        return Account.of(await info.context.loaders.account.load(id))

    @strawberry.field
    async def accounts(
        self, info: strawberry.Info[Context], first: int | None = None, after: str | None = None,
        filter: AccountFilter | None = None, sort: AccountSortField = AccountSortField.NAME,
        direction: SortDirection = SortDirection.ASC,
    ) -> Connection[Account]:
        ctx = info.context
        ctx.require_read("account")
        f = filter or AccountFilter()
        where = [S.account("n")]
        if f.ids is not None:
            where.append("n.id IN $ids")
        if f.name_contains:
            where.append("(toLower(n.name) CONTAINS toLower($q) OR toLower(coalesce(n.name_en, '')) "
                         "CONTAINS toLower($q))")
        if f.industry:
            where.append("n.industry = $industry")
        if f.region:
            where.append("n.region = $region")
        return await list_page(ctx, "Account", where, sort.value, direction, first, after, Account.of,
                               ids=f.ids, q=f.name_contains, industry=f.industry, region=f.region)
