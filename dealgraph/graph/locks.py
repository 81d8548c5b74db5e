"""Cross-process exclusion through the database: a write lock held by an open transaction.

    with exclusive(graph, "run-1a2b", on_wait=lambda: print("waiting ...")):
        ...   # no other process holding the same key runs this block at the same time

The lock is the write lock on (:IngestLock {id}) taken by a transaction left open for the block.
When the holder ends, or dies (kill -9 closes its connection and the server rolls the
transaction back), the next waiter gets it; so a crashed run never leaves a stale lock behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def exclusive(graph: Any, key: str, on_wait: Callable[[], None] | None = None,
              notice_after_s: float = 1.0) -> Iterator[None]:
    session = graph.driver.session(database=graph.database)
    timer = threading.Timer(notice_after_s, on_wait) if on_wait else None
    tx = None
    try:
        if timer:
            timer.start()
        try:
            tx = _acquire(graph, session, key)
        finally:
            if timer:
                timer.cancel()
        yield
        _release(tx, key)
        tx = None
    finally:
        try:
            if tx is not None:
                tx.rollback()
        finally:
            session.close()


def _release(tx: Any, key: str) -> None:
    """Delete the lock node with the lock (no trace left in the graph); if that fails, e.g. a deadlock
    with a waiter, roll back instead: the lock is released all the same and the node reused next time."""
    from neo4j.exceptions import Neo4jError

    try:
        tx.run("MATCH (l:IngestLock {id: $id}) DELETE l", id=key).consume()
        tx.commit()
    except Neo4jError:
        if not tx.closed():
            tx.rollback()


def _acquire(graph: Any, session: Any, key: str, attempts: int = 20) -> Any:
    from neo4j.exceptions import Neo4jError

    for _ in range(attempts):
        graph.write("MERGE (l:IngestLock {id: $id})", id=key)  # committed, so waiters find the same node
        tx = session.begin_transaction()
        try:
            # Blocks while another transaction holds the node; the holder deletes it when done, and
            # then this finds nothing (or a deleted node) and takes a fresh one.
            got = tx.run("MATCH (l:IngestLock {id: $id}) SET l.held = true RETURN count(l) AS n", id=key).single()
            if got and got["n"] == 1:
                return tx
        except Neo4jError:
            pass
        tx.rollback()
    raise RuntimeError(f"could not take the ingest lock {key}")
