"""The per-request GraphQL context: caller, graph, settings, DataLoaders."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from strawberry.fastapi import BaseContext

from ...config import Settings
from ...errors import InputError
from ...graph.connection import Graph
from ...graph.writes.upsert import upsert
from ..deps import CurrentUser
from ..permissions import may_read, may_write


class ApiError(Exception):
    """An error the client may see verbatim (never masked): code FORBIDDEN, NOT_FOUND, BAD_INPUT."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.extensions = {"code": code}


def forbidden(msg: str = "You may not see or change this.") -> ApiError:
    return ApiError(msg, "FORBIDDEN")


def bad_input(msg: str) -> ApiError:
    return ApiError(msg, "BAD_INPUT")


@dataclass
class Context(BaseContext):
    user: CurrentUser
    graph: Graph
    settings: Settings
    app_state: Any
    loaders: Any = field(default=None)
    memo: dict = field(default_factory=dict)  # per-request values shared by resolvers (e.g. visible paths)
    spent: int = 0  # rows of computed values handed out so far (see charge)

    def __post_init__(self):
        super().__init__()
        from ..loaders import Loaders

        self.loaders = Loaders(self.graph, self.user.scope)

    @property
    def params(self) -> dict:
        return self.user.scope.params

    def charge(self, rows: int) -> None:
        """Count computed rows (decision-chain nodes, edges, paths) at their real size; past the
        request's cost limit the request stops here, whatever the estimate before running said."""
        self.spent += rows
        if self.spent > self.settings.api_max_cost:
            raise ApiError(f"Query cost exceeded the maximum of {self.settings.api_max_cost} rows while running "
                           "(decision chains are charged by their size): ask for fewer or smaller chains.",
                           "COST_EXCEEDED")

    def require_read(self, resource: str) -> None:
        if not may_read(self.user.role, resource):
            raise forbidden(f"Role {self.user.role} may not read {resource}.")

    def require_write(self, resource: str) -> None:
        if not may_write(self.user.role, resource):
            raise forbidden(f"Role {self.user.role} may not change {resource}.")

    def can_read(self, resource: str) -> bool:
        return may_read(self.user.role, resource)

    async def read(self, cypher: str, **params: Any) -> list[dict]:
        """Run a read off the event loop (the driver is synchronous), with the caller's scope."""
        return await asyncio.to_thread(self.graph.read, cypher, **{**self.params, **params})

    async def write(self, cypher: str, **params: Any) -> list[dict]:
        """A scoped write; cached derived reads (decision chains) are dropped after it."""
        try:
            return await asyncio.to_thread(self.graph.write, cypher, **{**self.params, **params})
        finally:
            self._written()

    async def upsert(self, kind: str, changes: dict[str, Any], new_node: dict[str, Any] | None = None) -> dict:
        """Write one node the way ingest does (graph.writes.upsert: validated, provenance "api:<id>",
        stub cleared); scope is checked by the caller first. A value that does not validate -> BAD_INPUT.
        `new_node`: values set only when the node is created (see graph.writes.upsert)."""
        try:
            return await asyncio.to_thread(upsert, self.graph, kind, changes, "api", new_node)
        except InputError as e:
            raise bad_input(str(e)) from None
        finally:
            self._written()

    def _written(self) -> None:
        cache = getattr(self.app_state, "chain_cache", None)
        if cache is not None:
            cache.invalidate()
