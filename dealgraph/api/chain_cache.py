"""A short-lived, per-account cache of decision-chain data (the costliest read of the API).

`decision_chain_data` runs several queries, and the introduction paths a GDS projection plus a
Yen search per decision maker (seconds on a 500-person account), while the chain changes only
when people, ties or roles change. So the API keeps each account's chain and, separately, its
paths (computed only when a client asks for them) for `api_chain_cache_s` seconds (0 = off),
computes a missing entry once even under concurrent requests, and drops entries when this
process changes the graph (mutations, finished jobs). Changes made by other processes (a CLI
ingest) show after at most the TTL. Per-user filtering is applied after the cache, never in it.
Values derived from an entry (typed GraphQL objects, pre-serialised JSON) are memoised on it,
so a warm request does not rebuild or re-encode a megabyte of data.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from ..graph.connection import Graph

_PATHS = "\x00paths"  # cache key suffix of an account's paths entry (no id contains a NUL)


@dataclass(frozen=True)
class ChainEntry:
    data: dict[str, Any]  # the decision_chain_data dict, JSON-plain (paths entries: {"paths", "paths_note"})
    path_ids: list[frozenset[str]]  # every string in each introduction path (for per-user filtering)
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # derived values

    def derived(self, key: str, make: Any) -> Any:
        """`make()` once per entry (a race computes it twice at worst; the values are equal)."""
        try:
            return self.memo[key]
        except KeyError:
            value = self.memo[key] = make()
            return value


def strings_in(obj: Any, out: set[str] | None = None) -> set[str]:
    out = set() if out is None else out
    if isinstance(obj, str):
        out.add(obj)
    elif isinstance(obj, dict):
        for v in obj.values():
            strings_in(v, out)
    elif isinstance(obj, list):
        for v in obj:
            strings_in(v, out)
    return out


class ChainCache:
    """TTL + LRU: at most `max_entries` entries (chains and path sets) are kept (a 500-person chain
    is about 1 MB)."""

    def __init__(self, ttl_s: float, max_entries: int = 128):
        self.ttl_s, self.max_entries = ttl_s, max_entries
        self._data: OrderedDict[str, tuple[float, ChainEntry]] = OrderedDict()
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, graph: Graph, account_id: str) -> ChainEntry:
        """The chain without introduction paths, as plain JSON-able data (temporals as strings).
        Raises NotFound like the source."""
        return self._get(graph, account_id, account_id, self._load)

    def peek(self, account_id: str) -> ChainEntry | None:
        """The account's cached chain if fresh, without loading it."""
        return self._fresh(account_id) if self.ttl_s > 0 else None

    def paths(self, graph: Graph, account_id: str) -> ChainEntry:
        """The account's introduction paths: data {"paths", "paths_note"}, path_ids per path."""
        return self._get(graph, account_id, account_id + _PATHS, self._load_paths)

    def full(self, graph: Graph, account_id: str) -> ChainEntry:
        """Chain and paths in one entry, the shape decision_chain_data(paths=True) returns."""
        chain, paths = self.get(graph, account_id), self.paths(graph, account_id)
        return ChainEntry({**chain.data, **paths.data}, paths.path_ids)

    def _get(self, graph: Graph, account_id: str, key: str, load: Any) -> ChainEntry:
        if self.ttl_s <= 0:
            return load(graph, account_id)
        hit = self._fresh(key)
        if hit is not None:
            return hit
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:  # single flight: concurrent misses for one entry compute it once
            hit = self._fresh(key)
            if hit is not None:
                return hit
            data = load(graph, account_id)
            with self._guard:
                self._data[key] = (time.monotonic() + self.ttl_s, data)
                while len(self._data) > self.max_entries:
                    evicted, _ = self._data.popitem(last=False)
                    self._locks.pop(evicted, None)
            return data

    def invalidate(self, account_id: str | None = None) -> None:
        with self._guard:
            if account_id is None:
                self._data.clear()
            else:
                self._data.pop(account_id, None)
                self._data.pop(account_id + _PATHS, None)

    def _fresh(self, account_id: str) -> ChainEntry | None:
        with self._guard:
            entry = self._data.get(account_id)
            if entry and entry[0] > time.monotonic():
                self._data.move_to_end(account_id)
                return entry[1]
        return None

    @staticmethod
    def _load(graph: Graph, account_id: str) -> ChainEntry:
        from ..graph.queries.decision_chain import decision_chain_data

        data = decision_chain_data(graph, account_id)
        data = json.loads(json.dumps(data, ensure_ascii=False, default=str))
        return ChainEntry(data, [])

    @staticmethod
    def _load_paths(graph: Graph, account_id: str) -> ChainEntry:
        from ..algorithms.roles.paths import introduction_paths_view

        paths, note = introduction_paths_view(graph, account_id)  # already JSON-plain
        return ChainEntry({"paths": paths, "paths_note": note}, [frozenset(strings_in(p)) for p in paths])
