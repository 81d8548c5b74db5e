"""ChainCache without a server: TTL, LRU bound, single flight, invalidation."""

import threading
import time

import dealgraph.api.chain_cache as cc


def test_ttl_lru_single_flight(monkeypatch):
    calls: list[str] = []

    def load(graph, account_id):
        calls.append(account_id)
        time.sleep(0.05)
        return cc.ChainEntry({"account": account_id, "paths": []}, [])

    monkeypatch.setattr(cc.ChainCache, "_load", staticmethod(load))
    cache = cc.ChainCache(ttl_s=60, max_entries=2)
    threads = [threading.Thread(target=cache.get, args=(None, "a")) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == ["a"]  # five concurrent misses, one load
    cache.get(None, "b")
    cache.get(None, "a")  # a is now most recent
    cache.get(None, "c")  # evicts b
    cache.get(None, "a")
    cache.get(None, "b")
    assert calls == ["a", "b", "c", "b"]
    cache.invalidate()
    cache.get(None, "a")
    assert calls[-1] == "a"
    off = cc.ChainCache(ttl_s=0)
    off.get(None, "x")
    off.get(None, "x")
    assert calls[-2:] == ["x", "x"]


def test_strings_in_walks_nested_paths():
    path = {"nodes": [{"id": "u:1"}, {"ref": "c9", "tags": ["x"]}], "score": 0.5}
    assert cc.strings_in(path) == {"u:1", "c9", "x"}


def test_peek_and_paths_are_separate_entries(monkeypatch):
    monkeypatch.setattr(cc.ChainCache, "_load", staticmethod(lambda g, a: cc.ChainEntry({"account": a}, [])))
    monkeypatch.setattr(cc.ChainCache, "_load_paths",
                        staticmethod(lambda g, a: cc.ChainEntry({"paths": [{"x": a}], "paths_note": None},
                                                                [frozenset({a})])))
    cache = cc.ChainCache(ttl_s=60)
    assert cache.peek("a") is None
    chain = cache.get(None, "a")
    assert cache.peek("a") is chain and cache.full(None, "a").data == {"account": "a", "paths": [{"x": "a"}],
                                                                       "paths_note": None}
    assert chain.derived("k", lambda: [1]) is chain.derived("k", lambda: [2])  # memoised per entry
    cache.invalidate("a")
    assert cache.peek("a") is None and cc.ChainCache(ttl_s=0).peek("a") is None
