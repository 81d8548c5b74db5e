"""DecisionChain: the account's people, ties and roles, from graph.queries.decision_chain.

Two ways to read it: typed fields (nodes, edges, groups, roles) for selective queries, and
`graph`, the whole drawing data as one JSON value (the shape documented in
dealgraph.graph.queries.decision_chain), which is what a drawing client wants and costs one
leaf instead of ~10 000 GraphQL fields on a 500-person account.

Speed: both read the API's chain cache; introduction paths (a GDS search) are computed only when
`introductionPaths`, `pathsNote` or `graph` (unless `paths: false`) is selected; `graph` is
encoded once per cached chain and spliced into the response (dealgraph.api.rawjson).
"""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from strawberry.scalars import JSON

from ...errors import NotFound
from ...schema.values import to_float
from .. import scope as S
from ..chain_cache import ChainEntry
from ..rawjson import RawJSON, dumps
from .context import ApiError, Context


def _s(v: Any) -> str | None:
    return None if v is None else v if isinstance(v, str) else str(v)


# Nodes and edges are plain-attribute types built once per cached chain (memoised on the entry):
# attribute fields resolve without a resolver call, which matters at ~10 000 fields per query.
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

    @staticmethod
    def of(n: dict) -> ChainNode:
        return ChainNode(id=n["id"], kind=n.get("kind") or "?", ref=_s(n.get("ref")), label=_s(n.get("label")),
                         title=_s(n.get("title")), department_id=_s(n.get("department_id")), role=_s(n.get("role")),
                         role_confidence=to_float(n.get("role_confidence")), role_evidence=n.get("role_evidence"),
                         influence=to_float(n.get("influence")), data=n)


@strawberry.type
class ChainEdge:
    id: str | None
    source: str
    target: str
    type: str
    dimension: str | None
    weight: float | None
    detail: str | None

    @staticmethod
    def of(e: dict) -> ChainEdge:
        return ChainEdge(id=_s(e.get("id")), source=e["source"], target=e["target"], type=e.get("type") or "",
                         dimension=_s(e.get("dimension")), weight=to_float(e.get("weight")), detail=_s(e.get("detail")))


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
    _entry: strawberry.Private[ChainEntry]

    @strawberry.field
    def nodes(self, info: strawberry.Info[Context], kind: str | None = None) -> list[ChainNode]:
        nodes = self._entry.derived("nodes", lambda: [ChainNode.of(n) for n in self._entry.data.get("nodes", [])])
        out = nodes if kind is None else [n for n in nodes if n.kind == kind]
        info.context.charge(len(out))
        return out

    @strawberry.field
    def edges(self, info: strawberry.Info[Context], type: str | None = None) -> list[ChainEdge]:
        edges = self._entry.derived("edges", lambda: [ChainEdge.of(e) for e in self._entry.data.get("edges", [])])
        out = edges if type is None else [e for e in edges if e.type == type]
        info.context.charge(len(out))
        return out

    @strawberry.field(description="Suggested layout groups (departments).")
    def groups(self) -> list[ChainGroup]:
        return [ChainGroup(id=g["id"], name=_s(g.get("name")), members=list(g.get("members", [])))
                for g in self._entry.data.get("groups", [])]

    @strawberry.field
    def roles(self) -> list[RoleCount]:
        roles = self._entry.data.get("stats", {}).get("roles", {})
        return [RoleCount(role=k, count=int(v)) for k, v in sorted(roles.items())]

    @strawberry.field(description="Warm introduction paths to decision makers (computed only when asked for).")
    async def introduction_paths(self, info: strawberry.Info[Context]) -> JSON:
        entry, keep = await _paths(info.context, self.account_id)
        paths = entry.data["paths"]
        info.context.charge(_path_rows(entry, keep))
        return RawJSON("[" + ",".join(_path_texts(entry)[i] for i in keep) + "]") if paths else []

    @strawberry.field
    async def paths_note(self, info: strawberry.Info[Context]) -> str | None:
        entry, _ = await _paths(info.context, self.account_id)
        return _s(entry.data.get("paths_note"))

    @strawberry.field
    def stats(self) -> JSON:
        return self._entry.data.get("stats", {})

    @strawberry.field(description="Everything the decision-chain view draws, as one JSON value "
                                  "(account, nodes, edges, groups, paths, stats). `paths: false` leaves the "
                                  "introduction paths out (they cost a graph search when not cached).")
    async def graph(self, info: strawberry.Info[Context], paths: bool = True) -> JSON:
        data = self._entry.data
        info.context.charge(len(data.get("nodes", ())) + len(data.get("edges", ())) + len(data.get("groups", ())))
        base = self._entry.derived("json", lambda: dumps(
            {k: v for k, v in self._entry.data.items() if k not in ("paths", "paths_note")}))
        if paths:
            entry, keep = await _paths(info.context, self.account_id)
            info.context.charge(_path_rows(entry, keep))
            found = "[" + ",".join(_path_texts(entry)[i] for i in keep) + "]"
            note = entry.data.get("paths_note")
        else:
            found, note = "[]", "introduction paths were not requested"
        tail = f'"paths":{found},"paths_note":{dumps(note)}}}'
        return RawJSON(base[:-1] + ("," if base != "{}" else "") + tail)


def _path_rows(entry: ChainEntry, keep: list[int]) -> int:
    """A path costs one row per step (its people and ties), plus one."""
    paths = entry.data["paths"]
    return sum(1 + len(paths[i].get("hops") or ()) for i in keep)


def _path_texts(entry: ChainEntry) -> list[str]:
    return entry.derived("texts", lambda: [dumps(p) for p in entry.data["paths"]])


async def _paths(ctx: Context, account_id: str) -> tuple[ChainEntry, list[int]]:
    """The account's cached paths entry and the indexes of the paths this caller may see;
    computed once per request however many fields ask."""
    memo = ctx.memo.get(("paths", account_id))
    if memo is None:
        entry = await asyncio.to_thread(ctx.app_state.chain_cache.paths, ctx.graph, account_id)
        # Who may see which contact changes with OWNS edges, i.e. with writes, which drop the cached
        # entry: so the answer is kept with the entry (per caller) and shares its lifetime.
        key = ("visible", ctx.user.id, ctx.user.role)
        keep = entry.memo.get(key)
        if keep is None:
            keep = entry.memo[key] = await visible_paths(ctx, entry.path_ids)
        memo = ctx.memo[("paths", account_id)] = (entry, keep)
    return memo


async def visible_paths(ctx: Context, path_ids: list[frozenset[str]]) -> list[int]:
    """Indexes of the introduction paths the caller may see: for account managers, paths through a
    contact they may not see are dropped (one query)."""
    if ctx.user.scope.all or not path_ids:
        return list(range(len(path_ids)))
    hidden = await asyncio.to_thread(S.hidden_contacts, ctx.graph, ctx.user.scope, frozenset().union(*path_ids))
    return [i for i, found in enumerate(path_ids) if not (found & hidden)]


async def load_decision_chain(ctx: Context, account_id: str) -> DecisionChain | None:
    ctx.require_read("decision_chain")
    cache = ctx.app_state.chain_cache
    # A caller already let through to this cached chain skips the scope query: OWNS edges change
    # with writes, which drop the entry (changes by other processes count after the cache TTL).
    seen = ("account_visible", ctx.user.id, ctx.user.role)
    entry = cache.peek(account_id)
    if entry is None or not entry.memo.get(seen):
        if not await asyncio.to_thread(S.account_visible, ctx.graph, ctx.user.scope, account_id):
            return None
        try:
            entry = await asyncio.to_thread(cache.get, ctx.graph, account_id)
        except NotFound:
            return None
        entry.memo[seen] = True
    return DecisionChain(account_id=account_id, _entry=entry)


@strawberry.type
class DecisionChainQuery:
    @strawberry.field
    async def decision_chain(self, info: strawberry.Info[Context], account_id: strawberry.ID) -> DecisionChain | None:
        try:
            return await load_decision_chain(info.context, account_id)
        except ImportError:
            raise ApiError("The decision-chain module is not installed.", "UNAVAILABLE") from None
