"""A real uvicorn server on a free loopback port, per module, over the test Neo4j.

The app shares the session Graph, so tests can seed data with the `graph` fixture (which empties
the database) and count Cypher queries through graph.query_count.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Self

import httpx
import pytest
import uvicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, app):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = app
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        deadline = time.time() + 120  # an upper bound: a busy machine only makes it slower
        while time.time() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("API server did not start")

    def __exit__(self, *exc) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def make_settings(settings, **overrides):
    data = settings.model_dump()
    data.update({"api_rate_per_s": 1000.0, "api_rate_burst": 1000, "jwt_secret": "test-secret-" + "x" * 32,
                 "webhook_backoff_s": 0.2, "api_chain_cache_s": 0,  # tests reseed the graph: no stale cache
                 # a cold JVM on a busy machine may take > 10 s for a first chain; the budget has its own test
                 "api_request_budget_s": 60.0})
    data.update(overrides)
    return type(settings)(**data)


@pytest.fixture(scope="module")
def api(_session_graph, settings, request):
    """The module's server; a module may set API_SETTINGS = {...} (e.g. webhook_allow_private for a
    receiver on 127.0.0.1)."""
    from dealgraph.api.app import create_app
    from dealgraph.graph.migrate import migrate

    migrate(_session_graph)
    app = create_app(make_settings(settings, **getattr(request.module, "API_SETTINGS", {})), graph=_session_graph)
    with Server(app) as server:
        yield server


class Client:
    """httpx against the server, with GraphQL helpers."""

    def __init__(self, url: str, key: str | None):
        headers = {"X-API-Key": key} if key else {}
        self.http = httpx.Client(base_url=url, headers=headers, timeout=120)

    def gql(self, query: str, **variables) -> dict:
        r = self.http.post("/graphql", json={"query": query, "variables": variables})
        assert r.status_code == 200, r.text
        return r.json()

    def data(self, query: str, **variables) -> dict:
        body = self.gql(query, **variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]


@pytest.fixture
def keys(graph):
    """One API key per role; the account manager acts as (:User {id: 'u_am'})."""
    from dealgraph.api.auth import _cache, create_api_key

    _cache.clear()
    graph.write("MERGE (:User {id: 'u_am', name: '王经理'}) MERGE (:User {id: 'u_am2', name: 'Other AM'})")
    return {
        "admin": create_api_key(graph, "admin", "u_admin"),
        "account_manager": create_api_key(graph, "account_manager", "u_am"),
        "bid_team": create_api_key(graph, "bid_team", "u_bid"),
        "read_only": create_api_key(graph, "read_only", "u_ro"),
        "other_am": create_api_key(graph, "account_manager", "u_am2"),
    }


@pytest.fixture
def client(api, keys):
    def make(role: str | None = "admin") -> Client:
        return Client(api.url, keys[role] if role else None)

    return make


SEED = """
MERGE (a1:Account {id: 'acc1', name: '华东电力集团', name_en: 'East China Power', industry: 'energy', region: '上海'})
MERGE (a2:Account {id: 'acc2', name: 'Secret Bank', industry: 'finance', region: 'Beijing'})
WITH a1, a2
MATCH (am:User {id: 'u_am'}), (am2:User {id: 'u_am2'})
MERGE (am)-[:OWNS]->(a1) MERGE (am2)-[:OWNS]->(a2)
MERGE (d1:Department {id: 'd1', name: '信息中心'})-[:PART_OF]->(a1)
MERGE (d2:Department {id: 'd2', name: 'IT Dept'})-[:PART_OF]->(a2)
MERGE (c1:Contact {id: 'c1', name: '张伟', title: '总经理', role: 'decision_maker', role_confidence: 0.9,
                   role_evidence: ['title: 总经理', 'approves budgets']})-[:WORKS_IN]->(d1)
MERGE (c2:Contact {id: 'c2', name: '李娜', title: '工程师', role: 'executor', role_confidence: 0.7})-[:WORKS_IN]->(d1)
MERGE (c2)-[:REPORTS_TO]->(c1)
MERGE (c3:Contact {id: 'c3', name: 'Bob Secret', title: 'CIO', role: 'decision_maker'})-[:WORKS_IN]->(d2)
MERGE (c2)-[:KNOWS {strength: 0.8}]->(c3)
MERGE (i1:Interaction {id: 'i1', kind: 'meeting', at: datetime('2025-03-01T10:00:00Z'), topic: '采购会议'})
MERGE (i1)-[:INVOLVES]->(c1) MERGE (i1)-[:INVOLVES]->(c3)
MERGE (t1:Tender {id: 't1', title: '数据中心建设项目', budget: 5000000.0, deadline: '2025-06-01'})-[:ISSUED_BY]->(a1)
MERGE (t2:Tender {id: 't2', title: 'Secret bank core system', budget: 9.0e6, deadline: '2025-07-01'})-[:ISSUED_BY]->(a2)
MERGE (t3:Tender {id: 't3', title: 'Public road works', deadline: '2025-08-01'})
MERGE (r1:Requirement {id: 'r1', kind: 'qualification', text: '具有ISO27001认证'})
MERGE (t1)-[:HAS_REQUIREMENT]->(r1)
MERGE (cap:Capability {id: 'cap1', kind: 'certification', name: 'ISO 27001'})
MERGE (r1)-[:SATISFIED_BY {status: 'met', score: 0.95, evidence: '["ISO 27001 valid until 2027"]'}]->(cap)
MERGE (o1:Opportunity {id: 'o1', name: 'DC expansion', amount: 1.2e6})-[:FOR]->(a1)
MERGE (o2:Opportunity {id: 'o2', name: 'Core banking', amount: 3.0e6})-[:FOR]->(a2)
MERGE (l1:Lead {id: 'l1', name: '陈先生', company: '华东电力', score: 0.8, account_id: 'acc1'})
MERGE (l2:Lead {id: 'l2', name: 'Ms Secret', company: 'Secret Bank', score: 0.9, account_id: 'acc2'})
"""


@pytest.fixture
def seeded(graph, keys):
    """Two accounts: acc1 owned by u_am, acc2 by u_am2, with people, tenders, deals and leads."""
    graph.write(SEED)
    return graph


@pytest.fixture
def start_server(_session_graph, settings):
    """Start another server with settings overrides: `with start_server(api_rate_per_s=1) as s: ...`."""
    from dealgraph.api.app import create_app

    def make(workers: bool = False, **overrides) -> Server:
        return Server(create_app(make_settings(settings, **overrides), graph=_session_graph, workers=workers))

    return make
