"""The decision-chain page as HTML: offline, data embedded intact, safe against hostile names."""

import json
import re
import sys
from pathlib import Path

from dealgraph.viz import render_decision_chain
from dealgraph.viz.assets import vis_network
from dealgraph.viz.layout import seed_positions

sys.path.insert(0, str(Path(__file__).parents[1] / "e2e"))
from chain_sample import sample


def test_page_is_offline_and_self_contained():
    page = render_decision_chain(sample())
    # No script, stylesheet, image or font is fetched from anywhere.
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"""@import|url\(\s*["']?(https?:)?//""", page, re.IGNORECASE)
    js, _ = vis_network()
    assert js[:2000] in page  # vis-network itself is inlined
    assert "WenQuanYi Zen Hei" in page and "Noto Sans CJK SC" in page and "Microsoft YaHei" in page


def test_data_is_embedded_intact_and_cannot_close_the_script():
    data = sample()
    page = render_decision_chain(data)
    embedded = re.search(r'<script id="dg-data" type="application/json">(.*?)</script>', page, re.DOTALL).group(1)
    assert json.loads(embedded) == data  # the hostile name survives as data...
    assert "<script>alert(1)" not in page  # ...and never as markup


def test_legend_toggles_and_search_are_on_the_page():
    page = render_decision_chain(sample())
    for role in ("decision_maker", "influencer", "executor", "unclassified"):
        assert f'data-legend-role="{role}"' in page
    for dim in ("organisation", "person", "interaction"):
        assert f'data-dimension="{dim}"' in page
    assert 'id="dg-search"' in page and "决策者" in page


def test_seed_positions_cover_every_node_and_separate_departments():
    data = sample()
    data["nodes"].append({**data["nodes"][1], "id": "c:c3", "ref": "c3", "department_id": "d:D2"})
    data["nodes"].append({"id": "d:D2", "kind": "department", "ref": "D2", "label": "IT", "name": "IT",
                          "parent_id": None, "size": 1})
    pos = seed_positions(data)
    assert set(pos) == {n["id"] for n in data["nodes"]}
    assert pos["a:A1"] == (0.0, 0.0)
    d1, d2 = pos["d:D1"], pos["d:D2"]
    assert abs(d1[0] - d2[0]) + abs(d1[1] - d2[1]) > 100  # two departments, two places
