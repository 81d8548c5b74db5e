"""DecisionChain: the account's people, ties and roles, from graph.queries.decision_chain."""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from strawberry.scalars import JSON

from ...errors import NotFound
from .. import scope as S
from .common import num, text
from .context import ApiError, Context


@strawberry.type
class ChainNode:
    id: strawberry.ID
    kind: str
    ref: str | None
    label: str | None
    title: str | None
    department_id: str | None
    role: str | None
    role_confidence: float | None
    role_evidence: JSON | None
    influence: float | None
    data: JSON = strawberry.field(description="The full node as drawn by the decision-chain view.")


@strawberry.type
class ChainEdge:
    id: str | None
    source: str
    target: str
    type: str
    dimension: str | None
    weight: float | None
    detail: str | None


@strawberry.type
class ChainGroup:
    id: str
    name: str | None
    members: list[str]


@strawberry.type
class RoleCount:
    role: str
    count: int


@strawberry.type
class DecisionChain:
    account_id: strawberry.ID
    nodes: list[ChainNode]
    edges: list[ChainEdge]
    groups: list[ChainGroup] = strawberry.field(description="Suggested layout groups (departments).")
    roles: list[RoleCount]
    introduction_paths: JSON = strawberry.field(description="Warm introduction paths to decision makers.")
    paths_note: str | None
    stats: JSON


def _node(n: dict) -> ChainNode:
    return ChainNode(
        id=n["id"], kind=n.get("kind", "?"), ref=text(n.get("ref")), label=text(n.get("label")),
        title=text(n.get("title")), department_id=text(n.get("department_id")), role=text(n.get("role")),
        role_confidence=num(n.get("role_confidence")), role_evidence=n.get("role_evidence"),
        influence=num(n.get("influence")), data=n,
    )


def _strings(obj: Any, out: set[str]) -> set[str]:
    if isinstance(obj, str):
        out.add(obj)
    elif isinstance(obj, dict):
        for v in obj.values():
            _strings(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _strings(v, out)
    return out


async def visible_paths(ctx: Context, paths: list) -> list:
    """For account managers, drop introduction paths through a contact they may not see (one query)."""
    if ctx.user.scope.all or not paths:
        return paths
    strings = [_strings(p, set()) for p in paths]
    rows = await ctx.read(f"UNWIND $vals AS v MATCH (c:Contact {{id: v}}) WHERE NOT {S.contact('c')} "
                          "RETURN collect(c.id) AS hidden", vals=sorted(set().union(*strings)))
    hidden = set(rows[0]["hidden"])
    return [p for p, found in zip(paths, strings, strict=True) if not (found & hidden)]


async def load_decision_chain(ctx: Context, account_id: str) -> DecisionChain | None:
    ctx.require_read("decision_chain")
    ok = await ctx.read(f"MATCH (a:Account {{id: $id}}) WHERE {S.account('a')} RETURN a.id AS id", id=account_id)
    if not ok:
        return None
    try:
        data = await asyncio.to_thread(ctx.app_state.chain_cache.get, ctx.graph, account_id)
    except NotFound:
        return None
    roles = data.get("stats", {}).get("roles", {})
    return DecisionChain(
        account_id=account_id,
        nodes=[_node(n) for n in data.get("nodes", [])],
        edges=[ChainEdge(id=text(e.get("id")), source=e["source"], target=e["target"], type=e.get("type", ""),
                         dimension=text(e.get("dimension")), weight=num(e.get("weight")),
                         detail=text(e.get("detail"))) for e in data.get("edges", [])],
        groups=[ChainGroup(id=g["id"], name=text(g.get("name")), members=list(g.get("members", [])))
                for g in data.get("groups", [])],
        roles=[RoleCount(role=k, count=int(v)) for k, v in sorted(roles.items())],
        introduction_paths=await visible_paths(ctx, data.get("paths", [])),
        paths_note=text(data.get("paths_note")),
        stats=data.get("stats", {}),
    )


@strawberry.type
class DecisionChainQuery:
    @strawberry.field
    async def decision_chain(self, info: strawberry.Info[Context], account_id: strawberry.ID) -> DecisionChain | None:
        try:
            return await load_decision_chain(info.context, account_id)
        except ImportError:
            raise ApiError("The decision-chain module is not installed.", "UNAVAILABLE") from None
