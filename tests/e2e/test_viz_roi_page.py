"""Headless Chromium renders the ROI page: the numbers a person reads equal the board's."""

import pytest
from browser import Browser, chromium_available
from roi_sample import sample_board

from dealgraph.viz import render_roi_page

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not chromium_available(), reason="needs /usr/bin/chromium")]

READ_CELLS = """[...document.querySelectorAll('#%s tr[data-%s] td[data-field]')].map(td => ({
    id: td.parentElement.getAttribute('data-%s'), field: td.dataset.field, value: td.dataset.value,
    text: td.textContent, visible: td.offsetHeight > 0}))"""


def _shown(text: str) -> float:
    """What a reader sees, back to a number: ¥1,234.50 -> 1234.5, 12.5% -> 0.125."""
    t = text.replace("¥", "").replace(",", "").strip()
    return float(t[:-1]) / 100 if t.endswith("%") else float(t)


def check_page_matches(b: Browser, board: dict) -> None:
    totals = b.eval("""Object.fromEntries([...document.querySelectorAll('[data-total]')]
        .map(e => [e.dataset.total, [e.dataset.value, e.textContent]]))""")
    for key, want in board["totals"].items():
        value, text = totals[key]
        assert float(value) == want
        assert _shown(text) == pytest.approx(want, abs=0.0051 if key != "roi" else 0.00051)
    accounts = {a["account_id"]: a for a in board["accounts"]}
    cells = b.eval(READ_CELLS % ("roi-accounts", "account-id", "account-id"))
    assert {c["id"] for c in cells} == set(accounts)
    for c in cells:
        want = accounts[c["id"]][c["field"]]
        want = len(want) if isinstance(want, list) else want
        assert float(c["value"]) == want and c["visible"]
        assert _shown(c["text"]) == pytest.approx(want, abs=0.0051 if c["field"] != "roi" else 0.00051)
    opps = {o["opportunity_id"]: o for o in board["opportunities"]}
    cells = b.eval(READ_CELLS % ("roi-opportunities", "opportunity-id", "opportunity-id"))
    assert {c["id"] for c in cells} == set(opps)
    for c in cells:
        want = opps[c["id"]][c["field"]]
        if c["field"] == "stage":
            assert c["text"] == want
            continue
        assert float(c["value"]) == want
        assert _shown(c["text"]) == pytest.approx(want, abs=0.0051 if c["field"] != "win_probability" else 0.00051)
    # The bar chart draws each account's three figures, with lengths proportional to them.
    bars = b.eval("""[...document.querySelectorAll('#roi-accounts-chart rect')].map(r => ({
        a: r.dataset.category, s: r.dataset.series, v: +r.dataset.value, w: r.getBBox().width}))""")
    assert len(bars) == 3 * len(accounts)
    vmax = float(b.eval("document.getElementById('roi-accounts-chart').dataset.max"))
    widest = max(bars, key=lambda x: x["w"])
    for bar in bars:
        assert bar["v"] == accounts[bar["a"]][bar["s"]]
        assert bar["w"] == pytest.approx(widest["w"] * bar["v"] / widest["v"], abs=0.2)
        assert bar["v"] <= vmax
    assert b.eval("document.querySelectorAll('#roi-opportunities-chart circle').length") == len(opps)
    obars = b.eval("""[...document.querySelectorAll('#roi-opportunity-bars rect')].map(r => ({
        o: r.dataset.category, s: r.dataset.series, v: +r.dataset.value}))""")
    assert len(obars) == 3 * min(len(opps), 25)
    assert all(bar["v"] == opps[bar["o"]][bar["s"]] for bar in obars)


def test_roi_page_numbers_match_the_board(tmp_path):
    board = sample_board(8)
    path = tmp_path / "roi.html"
    path.write_text(render_roi_page(board), encoding="utf-8")
    with Browser(width=1400, height=1100) as b:
        b.open(path)
        check_page_matches(b, board)
        assert b.console_errors() == []
        urls = b.requested_urls()
        assert urls and all(u.startswith(("file:", "data:")) for u in urls), urls
        shot = b.screenshot(tmp_path / "roi.png")
    assert shot.stat().st_size > 30_000


@pytest.mark.graph
def test_roi_page_matches_the_board_computed_from_the_graph(graph, tmp_path):
    """The real roi_board on demo data (runs once dealgraph.algorithms.roi is installed)."""
    roi = pytest.importorskip("dealgraph.algorithms.roi")
    from dealgraph.demo.generate import load

    load(graph, tmp_path / "demo", 3, 11, tender_docs=False)
    board = roi.roi_board(graph)
    assert board["accounts"] and board["opportunities"]
    path = tmp_path / "roi.html"
    path.write_text(render_roi_page(board), encoding="utf-8")
    with Browser(width=1400, height=1100) as b:
        b.open(path)
        check_page_matches(b, board)
        b.screenshot(tmp_path / "roi_graph.png")
