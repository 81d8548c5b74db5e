"""Headless Chromium: the ROI page's fan chart of cumulative bookings shows the forecast's numbers,
with the P50 line inside the P10-P90 band and rising over time."""

import sys
from pathlib import Path

import pandas as pd
import pytest
from browser import Browser, chromium_available
from roi_sample import sample_board

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_opportunities_forecast import _history

from dealgraph.algorithms.opportunities.forecast import forecast
from dealgraph.algorithms.opportunities.history import load_history
from dealgraph.viz import render_roi_page

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not chromium_available(), reason="needs /usr/bin/chromium")]


def test_roi_page_fan_chart(tmp_path):
    f = forecast(load_history(_history()), pd.Timestamp("2024-06-01"), 90, draws=400).summary()
    board = {**sample_board(4), "forecast": f}
    path = tmp_path / "roi.html"
    path.write_text(render_roi_page(board), encoding="utf-8")
    with Browser(width=1400, height=1100) as b:
        b.open(path)
        pts = b.eval("""[...document.querySelectorAll('#roi-fan-chart circle')].map(c => ({
            day: +c.dataset.day, p10: +c.dataset.p10, p50: +c.dataset.p50, p90: +c.dataset.p90,
            y: c.getBBox().y + c.getBBox().height / 2, visible: c.getBoundingClientRect().height > 0}))""")
        band = b.eval("(() => { const r = document.querySelector('#roi-fan-chart .fan-band').getBBox(); "
                      "return {top: r.y, bottom: r.y + r.height, height: r.height}; })()")
        text = b.eval("document.getElementById('roi-forecast').textContent")
        assert b.console_errors() == []
        b.screenshot(tmp_path / "fan.png")
    want = {p["day"]: p for p in f["cumulative"]}
    assert [p["day"] for p in pts] == sorted(want)
    for p in pts:
        assert (p["p10"], p["p50"], p["p90"]) == (want[p["day"]]["p10"], want[p["day"]]["p50"], want[p["day"]]["p90"])
        assert p["visible"] and band["top"] - 0.5 <= p["y"] <= band["bottom"] + 0.5
    ys = [p["y"] for p in pts]
    assert ys == sorted(ys, reverse=True) and ys[0] > ys[-1]  # cumulative bookings rise (y grows downwards)
    assert band["height"] > 50
    assert f"P50 {f['won_count']['p50']:.0f}" in text and str(f["open_opportunities"]) in text
