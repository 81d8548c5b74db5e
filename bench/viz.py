"""Decision-chain page at growing account sizes: query, render and in-browser layout time.

    DEALGRAPH_BOLT_PORT=17740 .venv/bin/python bench/viz.py [--sizes 100,250,500,1000] [--runs 3]

Builds synthetic bench accounts (ids prefixed BENCHVIZ-, removed afterwards) in the graph the
settings point at, reads them with decision_chain_data, renders the page, opens it in headless
Chromium and waits for the layout to settle (window.__dealgraphStableMs, measured from navigation
start, so it includes parsing 1-3 MB of inline JS and data). "own" = the view's 6 queries alone;
"+paths" = with the introduction paths of dealgraph.algorithms.roles (GDS Yen's k shortest paths).
Saves screenshots of the 500-contact page and of an ROI board to docs/screenshots/.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from browser import Browser
from orggen import build_account, remove_account
from roi_sample import sample_board

from dealgraph.algorithms.roles.paths import introduction_paths_view
from dealgraph.graph.connection import Graph
from dealgraph.graph.queries import decision_chain_data
from dealgraph.viz import render_decision_chain, render_roi_page

SHOTS = ROOT / "docs" / "screenshots"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,250,500,1000")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    g = Graph.connect()
    tmp = Path(tempfile.mkdtemp(prefix="dg-bench-viz-"))
    print(f"{'contacts':>8} {'nodes':>6} {'edges':>6} {'own q':>5} {'own s':>6} {'+paths s':>8} {'render s':>8} "
          f"{'html MB':>7} {'stable ms (median / max of runs)':>34}")
    for n in [int(x) for x in args.sizes.split(",")]:
        acc = f"BENCHVIZ-{n}"
        try:
            build_account(g, acc, n_contacts=n)
            g.query_count = 0
            t0 = time.perf_counter()
            data = decision_chain_data(g, acc)
            own_s, own_q = time.perf_counter() - t0, g.query_count
            data["paths"], data["paths_note"] = introduction_paths_view(g, acc)
            t1 = time.perf_counter()
            html = render_decision_chain(data)
            t2 = time.perf_counter()
            page = tmp / f"dc{n}.html"
            page.write_text(html, encoding="utf-8")
            stable = []
            for run in range(args.runs):
                with Browser() as b:
                    b.open(page, timeout=60)
                    b.wait_for("window.__dealgraphStable === true", timeout=60)
                    stable.append(b.eval("window.__dealgraphStableMs"))
                    if n == 500 and run == 0:
                        b.screenshot(SHOTS / "decision_chain_500.png")
            print(f"{n:>8} {len(data['nodes']):>6} {len(data['edges']):>6} {own_q:>5} {own_s:>6.2f} {t1 - t0:>8.2f} "
                  f"{t2 - t1:>8.2f} {len(html) / 1e6:>7.2f} {statistics.median(stable):>20.0f} / {max(stable):.0f}")
        finally:
            remove_account(g, acc)
    roi = tmp / "roi.html"
    roi.write_text(render_roi_page(sample_board(8)), encoding="utf-8")
    with Browser(height=1300) as b:
        b.open(roi)
        b.screenshot(SHOTS / "roi_board.png")
    print(f"screenshots in {SHOTS}")
    g.close()


if __name__ == "__main__":
    main()
