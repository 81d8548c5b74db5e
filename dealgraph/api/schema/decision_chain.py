"""DecisionChain: the account's people, ties and roles, from graph.queries.decision_chain.

Two ways to read it: typed fields (nodes, edges, groups, roles) for selective queries, and
`graph`, the whole drawing data as one JSON value (the shape documented in
dealgraph.graph.queries.decision_chain), which is what a drawing client wants and costs one
leaf instead of ~10 000 GraphQL fields on a 500-person account.
"""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from strawberry.scalars import JSON

from ...errors import NotFound
from .. import scope as S
from .context import ApiError, Context


def _s(v: Any) -> str | None:
    return None if v is None else v if isinstance(v, str) else str(v)


def _f(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


@strawberry.type
class ChainNode:
    _n: strawberry.Private[dict]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return self._n["id"]

    @strawberry.field
    def kind(self) -> str:
        return self._n.get("kind") or "?"

    @strawberry.field
    def ref(self) -> str | None:
        return _s(self._n.get("ref"))

    @strawberry.field
    def label(self) -> str | None:
        return _s(self._n.get("label"))

    @strawberry.field
    def title(self) -> str | None:
        return _s(self._n.get("title"))

    @strawberry.field
    def department_id(self) -> str | None:
        return _s(self._n.get("department_id"))

    @strawberry.field
    def role(self) -> str | None:
        return _s(self._n.get("role"))

    @strawberry.field
    def role_confidence(self) -> float | None:
        return _f(self._n.get("role_confidence"))

    @strawberry.field
    def role_evidence(self) -> JSON | None:
        return self._n.get("role_evidence")

    @strawberry.field
    def influence(self) -> float | None:
        return _f(self._n.get("influence"))

    @strawberry.field(description="The full node as drawn by the decision-chain view.")
    def data(self) -> JSON:
        return self._n


@strawberry.type
class ChainEdge:
    _e: strawberry.Private[dict]

    @strawberry.field
    def id(self) -> str | None:
        return _s(self._e.get("id"))

    @strawberry.field
    def source(self) -> str:
        return self._e["source"]

    @strawberry.field
    def target(self) -> str:
        return self._e["target"]

    @strawberry.field
    def type(self) -> str:
        return self._e.get("type") or ""

    @strawberry.field
    def dimension(self) -> str | None:
        return _s(self._e.get("dimension"))

    @strawberry.field
    def weight(self) -> float | None:
        return _f(self._e.get("weight"))

    @strawberry.field
    def detail(self) -> str | None:
        return _s(self._e.get("detail"))


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
    _data: strawberry.Private[dict]
    _paths: strawberry.Private[list]

    @strawberry.field
    def nodes(self, kind: str | None = None) -> list[ChainNode]:
        return [ChainNode(_n=n) for n in self._data.get("nodes", []) if kind is None or n.get("kind") == kind]

    @strawberry.field
    def edges(self, type: str | None = None) -> list[ChainEdge]:
        return [ChainEdge(_e=e) for e in self._data.get("edges", []) if type is None or e.get("type") == type]

    @strawberry.field(description="Suggested layout groups (departments).")
    def groups(self) -> list[ChainGroup]:
        return [ChainGroup(id=g["id"], name=_s(g.get("name")), members=list(g.get("members", [])))
                for g in self._data.get("groups", [])]

    @strawberry.field
    def roles(self) -> list[RoleCount]:
        roles = self._data.get("stats", {}).get("roles", {})
        return [RoleCount(role=k, count=int(v)) for k, v in sorted(roles.items())]

    @strawberry.field(description="Warm introduction paths to decision makers.")
    def introduction_paths(self) -> JSON:
        return self._paths

    @strawberry.field
    def paths_note(self) -> str | None:
        return _s(self._data.get("paths_note"))

    @strawberry.field
    def stats(self) -> JSON:
        return self._data.get("stats", {})

    @strawberry.field(description="Everything the decision-chain view draws, as one JSON value "
                                  "(account, nodes, edges, groups, paths, stats).")
    def graph(self) -> JSON:
        return {**self._data, "paths": self._paths}


async def visible_paths(ctx: Context, paths: list, path_ids: list[frozenset[str]]) -> list:
    """For account managers, drop introduction paths through a contact they may not see (one query)."""
    if ctx.user.scope.all or not paths:
        return paths
    rows = await ctx.read(f"UNWIND $vals AS v MATCH (c:Contact {{id: v}}) WHERE NOT {S.contact('c')} "
                          "RETURN collect(c.id) AS hidden", vals=sorted(frozenset().union(*path_ids)))
    hidden = set(rows[0]["hidden"])
    return [p for p, found in zip(paths, path_ids, strict=True) if not (found & hidden)]


async def load_decision_chain(ctx: Context, account_id: str) -> DecisionChain | None:
    ctx.require_read("decision_chain")
    ok = await ctx.read(f"MATCH (a:Account {{id: $id}}) WHERE {S.account('a')} RETURN a.id AS id", id=account_id)
    if not ok:
        return None
    try:
        entry = await asyncio.to_thread(ctx.app_state.chain_cache.get, ctx.graph, account_id)
    except NotFound:
        return None
    paths = await visible_paths(ctx, entry.data.get("paths") or [], entry.path_ids)
    return DecisionChain(account_id=account_id, _data=entry.data, _paths=paths)


@strawberry.type
class DecisionChainQuery:
    @strawberry.field
    async def decision_chain(self, info: strawberry.Info[Context], account_id: strawberry.ID) -> DecisionChain | None:
        try:
            return await load_decision_chain(info.context, account_id)
        except ImportError:
            raise ApiError("The decision-chain module is not installed.", "UNAVAILABLE") from None
