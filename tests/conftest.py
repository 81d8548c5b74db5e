"""Shared fixtures. Graph tests run against a REAL local Neo4j + GDS on test ports.

The test server listens on DEALGRAPH_TEST_BOLT_PORT (default 17687) and the next port for
HTTP, so it never touches a user's server on 7687. It is started once per session (or reused
if already running) and each graph test gets an empty, migrated graph.
"""

import os

_BOLT = int(os.environ.get("DEALGRAPH_TEST_BOLT_PORT", "17687"))
# Set before any dealgraph module reads settings, so CLI, API and library code all agree.
os.environ["DEALGRAPH_BOLT_PORT"] = str(_BOLT)
os.environ["DEALGRAPH_HTTP_PORT"] = str(_BOLT + 1)
os.environ.pop("DEALGRAPH_NEO4J_URI", None)
os.environ.setdefault("DEALGRAPH_HEAP", "1g")

import pytest

from dealgraph.config import Settings, get_settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def neo4j_server(settings):
    from dealgraph.graph.runtime import LocalServer

    server = LocalServer(settings)
    started_here = server.pid() is None
    server.start()
    yield settings
    if started_here and os.environ.get("CI"):
        server.stop()


@pytest.fixture(scope="session")
def _session_graph(neo4j_server):
    from dealgraph.graph.connection import get_graph

    return get_graph(neo4j_server)


@pytest.fixture
def graph(_session_graph):
    """An empty graph with every migration applied."""
    from dealgraph.graph.migrate import migrate

    g = _session_graph
    g.run_autocommit("CALL gds.graph.list() YIELD graphName CALL gds.graph.drop(graphName, false) YIELD graphName AS g "
                     "RETURN count(g)")
    g.run_autocommit("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
    migrate(g)
    g.query_count = 0
    return g
