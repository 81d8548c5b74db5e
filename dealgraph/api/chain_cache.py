"""A short-lived, per-account cache of decision-chain data (the costliest read of the API).

`decision_chain_data` runs several queries plus introduction-path searches (hundreds of GDS
path calls on a 500-person account), while the chain changes only when people, ties or roles
change. So the API keeps each account's result for `api_chain_cache_s` seconds (0 = off),
computes a missing entry once even under concurrent requests, and drops entries when this
process changes the graph (mutations, finished jobs). Changes made by other processes (a CLI
ingest) show after at most the TTL. Per-user filtering is applied after the cache, never in it.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from ..graph.connection import Graph


@dataclass(frozen=True)
class ChainEntry:
    data: dict[str, Any]  # the decision_chain_data dict, JSON-plain
    path_ids: list[frozenset[str]]  # every string in each introduction path (for per-user filtering)


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
    """TTL + LRU: at most `max_entries` accounts are kept (a 500-person chain is about 1 MB)."""

    def __init__(self, ttl_s: float, max_entries: int = 64):
        self.ttl_s, self.max_entries = ttl_s, max_entries
        self._data: OrderedDict[str, tuple[float, ChainEntry]] = OrderedDict()
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, graph: Graph, account_id: str) -> ChainEntry:
        """The chain as plain JSON-able data (temporals as strings). Raises NotFound like the source."""
        if self.ttl_s <= 0:
            return self._load(graph, account_id)
        hit = self._fresh(account_id)
        if hit is not None:
            return hit
        with self._guard:
            lock = self._locks.setdefault(account_id, threading.Lock())
        with lock:  # single flight: concurrent misses for one account compute it once
            hit = self._fresh(account_id)
            if hit is not None:
                return hit
            data = self._load(graph, account_id)
            with self._guard:
                self._data[account_id] = (time.monotonic() + self.ttl_s, data)
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

        data = json.loads(json.dumps(decision_chain_data(graph, account_id), ensure_ascii=False, default=str))
        return ChainEntry(data, [frozenset(strings_in(p)) for p in data.get("paths") or []])
