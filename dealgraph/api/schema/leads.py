"""Leads (with BANT/ML score and reasons) and opportunities (stages, delay risk)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from .. import scope as S
from .common import Connection, SortDirection, boolean, evidence, num, props_json, text
from .context import Context
from .listing import list_page

if TYPE_CHECKING:
    from .accounts import Account
    from .contacts import Contact

AccountT = Annotated["Account", strawberry.lazy(".accounts")]
ContactT = Annotated["Contact", strawberry.lazy(".contacts")]


@strawberry.type
class Lead:
    id: strawberry.ID
    created_at: str | None
    source: str | None
    name: str | None
    company: str | None
    title: str | None
    email: str | None
    phone: str | None
    budget: float | None
    score: float | None
    priority: str | None
    reasons: JSON | None
    model_version: str | None
    converted: bool | None
    properties: JSON

    @staticmethod
    def of(p: dict) -> Lead:
        return Lead(
            id=p["id"], created_at=text(p.get("created_at")), source=text(p.get("source")), name=text(p.get("name")),
            company=text(p.get("company")), title=text(p.get("title")), email=text(p.get("email")),
            phone=text(p.get("phone")), budget=num(p.get("budget")), score=num(p.get("score")),
            priority=text(p.get("priority")), reasons=evidence(p.get("reasons", p.get("score_evidence"))),
            model_version=text(p.get("model_version") or p.get("score_model")),
            converted=boolean(p.get("converted")), properties=props_json(p),
        )

    @strawberry.field
    async def account(self, info: strawberry.Info[Context]) -> AccountT | None:
        from .accounts import Account

        return Account.of(await info.context.loaders.account_of_lead.load(self.id))

    @strawberry.field
    async def contact(self, info: strawberry.Info[Context]) -> ContactT | None:
        from .contacts import Contact

        return Contact.of(await info.context.loaders.contact_of_lead.load(self.id))


@strawberry.type
class StageVisit:
    id: strawberry.ID
    name: str | None
    entered: str | None
    due: str | None


@strawberry.type
class BuyingGroupMember:
    contact_id: strawberry.ID
    name: str | None
    title: str | None
    role: str
    confidence: float | None
    evidence: list[str]
    model: str | None
    purchase_area: str | None


@strawberry.type
class Opportunity:
    id: strawberry.ID
    name: str | None
    amount: float | None
    created_at: str | None
    closed_won: bool | None
    stage: str | None
    risk: float | None = strawberry.field(description="Probability the current stage overruns its due date.")
    risk_warning: bool | None
    risk_evidence: JSON | None
    win_probability: float | None
    properties: JSON

    @staticmethod
    def of(p: dict) -> Opportunity:
        return Opportunity(
            id=p["id"], name=text(p.get("name")), amount=num(p.get("amount")), created_at=text(p.get("created_at")),
            closed_won=boolean(p.get("closed_won")), stage=text(p.get("current_stage", p.get("stage"))),
            risk=num(p.get("delay_risk", p.get("risk"))), risk_warning=boolean(p.get("delay_warn")),
            risk_evidence=evidence(p.get("delay_reasons", p.get("risk_evidence"))),
            win_probability=num(p.get("win_probability")), properties=props_json(p),
        )

    @strawberry.field
    async def account(self, info: strawberry.Info[Context]) -> AccountT | None:
        from .accounts import Account

        return Account.of(await info.context.loaders.account_of_opportunity.load(self.id))

    @strawberry.field(description="The buying committee of this opportunity: decision makers and influencers "
                                  "for its purchase area, with confidence and evidence (IN_BUYING_GROUP).")
    async def buying_group(self, info: strawberry.Info[Context]) -> list[BuyingGroupMember]:
        info.context.require_read("contact")
        rows = await info.context.loaders.buying_group_of_opportunity.load(self.id)
        return [BuyingGroupMember(contact_id=p["id"], name=text(p.get("name")), title=text(p.get("title")),
                                  role=p["role"], confidence=num(p.get("confidence")),
                                  evidence=list(p.get("evidence") or []), model=text(p.get("model")),
                                  purchase_area=text(p.get("purchase_area"))) for p in rows]

    @strawberry.field
    async def stages(self, info: strawberry.Info[Context]) -> list[StageVisit]:
        rows = await info.context.loaders.stages_of_opportunity.load(self.id)
        return [StageVisit(id=p["id"], name=text(p.get("name", p["id"])), entered=text(p.get("entered")),
                           due=text(p.get("due"))) for p in rows]


@strawberry.enum
class LeadSortField(Enum):
    SCORE = "score"
    CREATED_AT = "created_at"
    ID = "id"


@strawberry.input
class LeadFilter:
    min_score: float | None = None
    source: str | None = None
    account_id: strawberry.ID | None = None


@strawberry.type
class LeadQuery:
    @strawberry.field
    async def leads(
        self, info: strawberry.Info[Context], first: int | None = None, after: str | None = None,
        filter: LeadFilter | None = None, sort: LeadSortField = LeadSortField.SCORE,
        direction: SortDirection = SortDirection.DESC,
    ) -> Connection[Lead]:
        ctx = info.context
        ctx.require_read("lead")
        f = filter or LeadFilter()
        where = [S.lead("n")]
        if f.min_score is not None:
            where.append("n.score >= $min_score")
        if f.source:
            where.append("n.source = $source")
        if f.account_id:
            where.append("n.account_id = $account_id")
        return await list_page(ctx, "Lead", where, sort.value, direction, first, after, Lead.of,
                               min_score=f.min_score, source=f.source, account_id=f.account_id)

    @strawberry.field
    async def opportunities(
        self, info: strawberry.Info[Context], first: int | None = None, after: str | None = None,
        account_id: strawberry.ID | None = None, min_risk: float | None = None,
    ) -> Connection[Opportunity]:
        ctx = info.context
        ctx.require_read("opportunity")
        where = [S.opportunity("n")]
        if account_id:
            where.append("(n.account_id = $account_id OR EXISTS { (n)-[:FOR]->(:Account {id: $account_id}) })")
        if min_risk is not None:
            where.append("coalesce(n.delay_risk, n.risk) >= $min_risk")
        return await list_page(ctx, "Opportunity", where, "created_at", SortDirection.DESC, first, after,
                               Opportunity.of, account_id=account_id, min_risk=min_risk)
