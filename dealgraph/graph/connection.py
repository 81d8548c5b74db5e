"""Driver singleton and a small runner: read, write, write_batch, close.

Managed transactions (execute_read/execute_write) retry transient errors (deadlocks,
leader switches) with back-off; driver errors are translated here, at one boundary.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from ..config import Settings, get_settings
from ..errors import GraphRejected, GraphUnavailable

T = TypeVar("T")


class Tx:
    """One open write transaction, handed to the function given to Graph.write_tx."""

    def __init__(self, tx: Any):
        self._tx = tx

    def run(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        return [r.data() for r in self._tx.run(cypher, params)]

_lock = threading.Lock()
_graphs: dict[tuple[str, str], Graph] = {}
log = logging.getLogger(__name__)


class _RetryAtDebug(logging.Filter):
    """Deadlocks between concurrent writers are expected and retried by the driver; its multi-line
    warning about each retry is noise on an ordinary load. Kept, one line, at debug level."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and "will be retried" in str(record.msg):
            log.debug("transaction retried: %s", record.getMessage().splitlines()[0])
            return False
        return True


_retry_filter = _RetryAtDebug()


class Graph:
    """The only seam between dealgraph and the Neo4j driver. Cypher is always parameterised."""

    def __init__(self, driver: Driver, database: str = "neo4j"):
        self.driver = driver
        self.database = database
        self.query_count = 0  # counted so tests can bound N+1 patterns

    @classmethod
    def connect(cls, settings: Settings | None = None) -> Graph:
        s = settings or get_settings()
        session_log = logging.getLogger("neo4j.session")
        if _retry_filter not in session_log.filters:
            session_log.addFilter(_retry_filter)
        driver = GraphDatabase.driver(
            s.bolt_uri, auth=(s.neo4j_user, s.resolved_password()),
            max_transaction_retry_time=30.0, connection_acquisition_timeout=30.0,
        )
        try:
            driver.verify_connectivity()
        except (ServiceUnavailable, OSError) as e:
            driver.close()
            raise GraphUnavailable(
                f"Neo4j is not reachable at {s.bolt_uri}: run `dealgraph neo4j start` or set DEALGRAPH_NEO4J_URI."
            ) from e
        except AuthError as e:
            driver.close()
            raise GraphUnavailable(
                f"Neo4j at {s.bolt_uri} refused the credentials of user {s.neo4j_user}: check DEALGRAPH_NEO4J_PASSWORD."
            ) from e
        return cls(driver, s.neo4j_database)

    def read(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        self.query_count += 1
        with self.driver.session(database=self.database) as session:
            return session.execute_read(lambda tx: [r.data() for r in tx.run(cypher, params)])

    def ping(self) -> None:
        """One trivial read: raises when the server does not answer."""
        self.read("RETURN 1 AS ok")

    def write(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        self.query_count += 1
        with self.driver.session(database=self.database) as session:
            return session.execute_write(lambda tx: [r.data() for r in tx.run(cypher, params)])

    def write_tx(self, fn: Callable[[Tx], T]) -> T:
        """Run fn(tx) in ONE managed write transaction (retried as a whole on transient errors, so fn
        must only run statements). A lost server raises GraphUnavailable, a refused statement
        GraphRejected(code, message)."""
        self.query_count += 1
        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(lambda tx: fn(Tx(tx)))
        except (ServiceUnavailable, SessionExpired, OSError) as e:
            raise GraphUnavailable(f"Neo4j went away during a write: {e}") from e
        except Neo4jError as e:
            raise GraphRejected(e.code or "Neo.Unknown", e.message or str(e)) from e

    def write_batch(self, cypher: str, rows: Iterable[dict], batch_size: int = 5000) -> int:
        """UNWIND $rows in chunks, one retried transaction per chunk. Returns rows written."""
        done = 0
        for chunk in chunks(rows, batch_size):
            self.write(cypher, rows=chunk)
            done += len(chunk)
        return done

    def run_autocommit(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        """For schema commands and CALL {} IN TRANSACTIONS, which cannot run in a managed transaction."""
        self.query_count += 1
        with self.driver.session(database=self.database) as session:
            return [r.data() for r in session.run(cypher, params)]

    def close(self) -> None:
        self.driver.close()


def quiet_driver_notices() -> None:
    """Neo4j query notices ("property does not exist yet", "null value eliminated") are for
    developers; they bury a command's output. Called once by each entry point (CLI, API app)."""
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)


def chunks(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def get_graph(settings: Settings | None = None) -> Graph:
    """Process-wide Graph per (uri, user); drivers are thread-safe and pool their connections."""
    s = settings or get_settings()
    key = (s.bolt_uri, s.neo4j_user)
    with _lock:
        if key not in _graphs:
            _graphs[key] = Graph.connect(s)
        return _graphs[key]


@contextmanager
def graph_session(settings: Settings | None = None, *, migrated: bool = True) -> Iterator[Graph]:
    """A short-lived Graph for CLI commands, closed on exit.

    `migrated` applies pending migrations first: every writer relies on the uniqueness
    constraints (concurrent MERGEs without them create duplicate nodes), so a user who skips
    `dealgraph db migrate` must not get a silently corrupted graph."""
    g = Graph.connect(settings)
    try:
        if migrated:
            from .migrate import migrate

            migrate(g)
        yield g
    finally:
        g.close()
