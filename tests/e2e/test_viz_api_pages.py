"""The pages as the API serves them, in headless Chromium: /roi/page shows exactly the numbers
of GET /roi, and /accounts/{id}/decision-chain lays out and draws (real uvicorn, real Neo4j)."""

import httpx
import pytest
from api_server import running_api
from browser import Browser, chromium_available
from test_viz_roi_page import check_page_matches

pytestmark = [pytest.mark.e2e, pytest.mark.graph, pytest.mark.api,
              pytest.mark.skipif(not chromium_available(), reason="needs /usr/bin/chromium")]


@pytest.fixture
def api(graph, settings, tmp_path):
    pytest.importorskip("dealgraph.api.app")
    pytest.importorskip("dealgraph.algorithms.roi")
    from dealgraph.demo.generate import load

    load(graph, tmp_path / "demo", 3, 11, tender_docs=False)
    with running_api(graph, settings, user="u_viz_admin") as served:
        yield served


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
