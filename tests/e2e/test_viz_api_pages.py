"""The pages as the API serves them, in headless Chromium: /roi/page shows exactly the numbers
of GET /roi, and /accounts/{id}/decision-chain lays out and draws (real uvicorn, real Neo4j)."""

import socket
import threading
import time

import httpx
import pytest
from browser import Browser, chromium_available
from test_viz_roi_page import check_page_matches

pytestmark = [pytest.mark.e2e, pytest.mark.graph, pytest.mark.api,
              pytest.mark.skipif(not chromium_available(), reason="needs /usr/bin/chromium")]


@pytest.fixture
def api(graph, settings, tmp_path):
    app_mod = pytest.importorskip("dealgraph.api.app")
    pytest.importorskip("dealgraph.algorithms.roi")
    import uvicorn

    from dealgraph.api.auth import create_api_key
    from dealgraph.demo.generate import load

    load(graph, tmp_path / "demo", 3, 11, tender_docs=False)
    key = create_api_key(graph, "admin", "u_viz_admin")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # Generous rate limits and no cache: this test reseeds the graph.
    conf = type(settings)(**{**settings.model_dump(), "api_rate_per_s": 1000.0, "api_rate_burst": 1000,
                             "api_chain_cache_s": 0})
    app = app_mod.create_app(conf, graph=graph, workers=False)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120  # an upper bound: a busy machine only makes it slower
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.time() > deadline:
            raise RuntimeError("API did not start")
        time.sleep(0.05)
    yield url, {"X-API-Key": key}
    server.should_exit = True
    thread.join(timeout=10)


def test_pages_served_by_the_api(api, graph, tmp_path):
    """One test, one demo load (~10 s): both pages against the same running API."""
    url, headers = api
    board = httpx.get(f"{url}/roi", headers=headers, timeout=60).json()
    assert board["accounts"] and board["opportunities"]
    with Browser(width=1400, height=1300) as b:
        b.open(f"{url}/roi/page", headers=headers, timeout=60)
        check_page_matches(b, board)
        assert b.console_errors() == []
        b.screenshot(tmp_path / "roi_api.png")

    account = graph.read("MATCH (a:Account)<-[:WORKS_FOR]-(c:Contact) RETURN a.id AS id, count(c) AS n "
                         "ORDER BY n DESC LIMIT 1")[0]
    with Browser() as b:
        b.open(f"{url}/accounts/{account['id']}/decision-chain", headers=headers, timeout=60)
        b.wait_for("window.__dealgraphStable === true", timeout=15)
        assert b.eval("__dealgraph.nodes.get({filter: n => n.id.startsWith('c:')}).length") == account["n"]
        assert b.console_errors() == []
        urls = b.requested_urls()
        assert urls == [f"{url}/accounts/{account['id']}/decision-chain"], urls  # nothing else fetched
        b.screenshot(tmp_path / "decision_chain_api.png")
