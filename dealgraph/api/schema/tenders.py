"""Tenders, their requirements, match results against our capabilities, and competitor predictions."""

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
    from .accounts import Account

AccountT = Annotated["Account", strawberry.lazy(".accounts")]


@strawberry.type
class Capability:
    id: strawberry.ID
    kind: str | None
    name: str | None
    text: str | None
    spec: str | None
    valid_until: str | None

    @staticmethod
    def of(p: dict) -> Capability:
        return Capability(id=p["id"], kind=text(p.get("kind")), name=text(p.get("name")), text=text(p.get("text")),
                          spec=text(p.get("spec")), valid_until=text(p.get("valid_until")))


@strawberry.type
class MatchResult:
    status: str | None = strawberry.field(description="met | partial | unmet | unknown")
    score: float | None
    evidence: JSON | None
    capability: Capability | None

    @staticmethod
    def of(p: dict) -> MatchResult:
        cap = p.get("capability")
        return MatchResult(status=text(p.get("status")), score=num(p.get("score")), evidence=evidence(p.get("evidence")),
                           capability=Capability.of(cap) if cap else None)


# Verdicts of a pass/fail item (engine.gate): stored on (:Requirement).match_gate by the matching job.
GATE_FAIL, GATE_CHECK, GATE_PASS = "fail", "check", "pass"


def _is_pass_fail(kind: str | None, mandatory: bool | None, part_of_mandatory: bool | None = None) -> bool:
    """The matching engine's rule (engine.gate): qualification requirements and ★ items (every bound of one) are
    admission tests."""
    return kind == "qualification" or bool(mandatory) or bool(part_of_mandatory)


@strawberry.type
class Requirement:
    id: strawberry.ID
    kind: str | None = strawberry.field(description="qualification | technical | commercial | scoring")
    text: str | None
    parameter: str | None
    operator: str | None
    value: str | None
    unit: str | None
    mandatory: bool | None = strawberry.field(description="★ item: unmet makes the bid inadmissible (an item with "
                                                          "several bounds is one ★ item, marked on its first bound)")
    part_of_mandatory: bool | None = strawberry.field(
        description="A further bound of the ★ item above it: not counted as an item of its own, pass/fail all the same")
    lot: str | None = strawberry.field(description="Lot (包/Lot) number this item belongs to; null = tender-wide")
    match_status: str | None = strawberry.field(
        description="met | partial | unmet | unknown, from the last matching job; null = not matched yet")
    properties: JSON

    @staticmethod
    def of(p: dict) -> Requirement:
        star = p.get("mandatory", p.get("starred"))
        return Requirement(id=p["id"], kind=text(p.get("kind")), text=text(p.get("text")),
                           parameter=text(p.get("parameter")), operator=text(p.get("operator")),
                           value=text(p.get("value")), unit=text(p.get("unit")),
                           mandatory=None if star is None else bool(star),
                           part_of_mandatory=None if p.get("part_of_mandatory") is None else bool(p["part_of_mandatory"]),
                           lot=text(p.get("lot")),
                           match_status=text(p.get("match_status")), properties=props_json(p))

    @strawberry.field(description="True when this item is pass/fail: a qualification requirement (资格要求 / "
                                  "selection criteria) or a ★ item.")
    def pass_fail(self) -> bool:
        return _is_pass_fail(self.kind, self.mandatory, self.part_of_mandatory)

    @strawberry.field(description="Pass/fail verdict from the last matching job: 'fail' (not met: the bid, or its "
                                  "lot, is not admissible), 'check' (cannot be verified from our capabilities: check "
                                  "before bidding), 'pass'; null when the item is not pass/fail or not matched yet.")
    def match_gate(self) -> str | None:
        stored = text(self.properties.get("match_gate"))
        if stored:
            return stored
        return GATE_PASS if self.match_status and _is_pass_fail(self.kind, self.mandatory, self.part_of_mandatory) else None

    @strawberry.field
    async def matches(self, info: strawberry.Info[Context]) -> list[MatchResult]:
        return [MatchResult.of(p) for p in await info.context.loaders.matches_of_requirement.load(self.id)]


@strawberry.type
class CompetitorPrediction:
    company_id: str | None
    company: str | None
    probability: float | None
    evidence: JSON | None

    @staticmethod
    def of(p: dict) -> CompetitorPrediction:
        return CompetitorPrediction(company_id=text(p.get("company_id")), company=text(p.get("company")),
                                    probability=num(p.get("probability", p.get("score"))),
                                    evidence=evidence(p.get("evidence")))


@strawberry.type
class Award:
    company_id: str | None
    company: str | None
    amount: float | None
    at: str | None


@strawberry.type
class Tender:
    id: strawberry.ID
    title: str | None
    number: str | None
    buyer: str | None
    budget: float | None
    deadline: str | None
    region: str | None
    industry: str | None
    status: str | None
    properties: JSON

    @staticmethod
    def of(p: dict | None) -> Tender | None:
        if p is None:
            return None
        return Tender(id=p["id"], title=text(p.get("title")), number=text(p.get("number")), buyer=text(p.get("buyer")),
                      budget=num(p.get("budget")), deadline=text(p.get("deadline")), region=text(p.get("region")),
                      industry=text(p.get("industry")), status=text(p.get("status")), properties=props_json(p))

    @strawberry.field
    async def buyer_account(self, info: strawberry.Info[Context]) -> AccountT | None:
        from .accounts import Account

        return Account.of(await info.context.loaders.buyer_of_tender.load(self.id))

    @strawberry.field
    async def requirements(self, info: strawberry.Info[Context]) -> list[Requirement]:
        return [Requirement.of(p) for p in await info.context.loaders.requirements_of_tender.load(self.id)]

    @strawberry.field(description="Likely competing bidders (LIKELY_BIDDER), from the last competitors run.")
    async def competitors(self, info: strawberry.Info[Context]) -> list[CompetitorPrediction]:
        return [CompetitorPrediction.of(p) for p in await info.context.loaders.competitors_of_tender.load(self.id)]

    @strawberry.field(description="Overall requirement-match score 0..100, from the last matching job.")
    def match_score(self) -> float | None:
        return num(self.properties.get("match_score"))

    @strawberry.field
    def disqualified(self) -> bool | None:
        v = self.properties.get("disqualified")
        return None if v is None else bool(v)

    @strawberry.field(description="Why the bid (or a lot) is not admissible: one line per failed pass/fail item, "
                                  "prefixed 'lot N:' when the item belongs to one lot.")
    def disqualify_reasons(self) -> JSON | None:
        return evidence(self.properties.get("disqualify_reasons"))

    @strawberry.field(description="Pass/fail items (qualification or ★) we cannot verify from our capabilities: "
                                  "check them before bidding. From the last matching job; null = not matched yet.")
    def needs_checking(self) -> JSON | None:
        return evidence(self.properties.get("needs_checking"))

    @strawberry.field(description="Lots (包/Lot numbers) ruled out by a failed pass/fail item of that lot, from the "
                                  "last matching job. The tender itself is disqualified only when a tender-wide item "
                                  "fails or every lot does.")
    async def disqualified_lots(self, info: strawberry.Info[Context]) -> list[str]:
        stored = self.properties.get("disqualified_lots")
        if isinstance(stored, list):
            return sorted(str(x) for x in stored)
        reqs = await info.context.loaders.requirements_of_tender.load(self.id)
        return sorted({str(p["lot"]) for p in reqs if p.get("lot") and p.get("match_gate") == GATE_FAIL})

    @strawberry.field
    def win_probability(self) -> float | None:
        return num(self.properties.get("win_probability"))

    @strawberry.field
    async def awards(self, info: strawberry.Info[Context]) -> list[Award]:
        rows = await info.context.loaders.awards_of_tender.load(self.id)
        return [Award(company_id=text(p.get("company_id")), company=text(p.get("company")),
                      amount=num(p.get("amount")), at=text(p.get("at"))) for p in rows]


@strawberry.enum
class TenderSortField(Enum):
    DEADLINE = "deadline"
    BUDGET = "budget"
    TITLE = "title"
    ID = "id"


@strawberry.input
class TenderFilter:
    status: str | None = None
    region: str | None = None
    industry: str | None = None
    title_contains: str | None = None
    buyer_account_id: strawberry.ID | None = None
    disqualified: bool | None = strawberry.field(
        default=None, description="true: inadmissible at the last match; false: admissible (unmatched tenders excluded)")


@strawberry.type
class TenderQuery:
    @strawberry.field
    async def tender(self, info: strawberry.Info[Context], id: strawberry.ID) -> Tender | None:
        info.context.require_read("tender")
        return Tender.of(await info.context.loaders.tender.load(id))

    @strawberry.field
    async def tenders(
        self, info: strawberry.Info[Context], first: int | None = None, after: str | None = None,
        filter: TenderFilter | None = None, sort: TenderSortField = TenderSortField.DEADLINE,
        direction: SortDirection = SortDirection.ASC,
    ) -> Connection[Tender]:
        ctx = info.context
        ctx.require_read("tender")
        f = filter or TenderFilter()
        where = [S.tender("n")]
        for field in ("status", "region", "industry"):
            if getattr(f, field):
                where.append(f"n.{field} = ${field}")
        if f.title_contains:
            where.append("toLower(n.title) CONTAINS toLower($q)")
        if f.disqualified is not None:
            where.append("n.disqualified = $disqualified")
        if f.buyer_account_id:
            where.append("(n.buyer_account_id = $buyer OR EXISTS { (n)-[:ISSUED_BY]->(:Account {id: $buyer}) })")
        return await list_page(ctx, "Tender", where, sort.value, direction, first, after, Tender.of,
                               status=f.status, region=f.region, industry=f.industry, q=f.title_contains,
                               buyer=f.buyer_account_id, disqualified=f.disqualified)
