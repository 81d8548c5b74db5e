"""DataLoaders: every nested field is ONE Cypher query per request level, whatever the fan-out.

Each loader takes a batch of node ids and runs `UNWIND $ids` with the caller's scope predicate
on every node it returns, so nested paths (contact -> account, tender -> buyer) are filtered in
the database too. Loaders live for one request (built in the GraphQL context).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from strawberry.dataloader import DataLoader

from ..graph.connection import Graph
from ..graph.queries.loaders import QUERIES
from .scope import Scope


class Loaders:
    """Attribute access gives the DataLoader of that name, created on first use."""

    def __init__(self, graph: Graph, scope: Scope):
        self._graph, self._scope = graph, scope
        self._loaders: dict[str, DataLoader] = {}

    def __getattr__(self, name: str) -> DataLoader:
        if name.startswith("_") or name not in QUERIES:
            raise AttributeError(name)
        if name not in self._loaders:
            self._loaders[name] = DataLoader(load_fn=self._batch(name))
        return self._loaders[name]

    def _batch(self, name: str) -> Callable:
        cypher, many = QUERIES[name]

        async def load(keys: list[str]):
            rows = await asyncio.to_thread(self._graph.read, cypher, ids=list(keys), **self._scope.params)
            if many:
                grouped: dict[str, list[dict]] = {k: [] for k in keys}
                for r in rows:
                    grouped[r["key"]].append(r["p"])
                return [grouped[k] for k in keys]
            first: dict[str, dict] = {}
            for r in rows:
                first.setdefault(r["key"], r["p"])
            return [first.get(k) for k in keys]

        return load
