"""The decision-chain page as HTML: offline, data embedded intact, safe against hostile names."""

import json
import re

from dealgraph.viz import render_decision_chain
from dealgraph.viz.assets import vis_network
from dealgraph.viz.layout import seed_positions


def sample() -> dict:
    contact = {"kind": "contact", "title": "总经理", "name_en": None, "department_id": "d:D1", "department": "采购部",
               "manager_ids": [], "role_confidence": 0.9, "role_evidence": ["签署合同 signs contracts"],
               "role_model": "rules-v1", "seniority": 1.0, "influence_evidence": [], "depth": 0, "reports": 1,
               "interactions": {"count": 2, "last_at": "2026-04-02T09:00:00Z", "channels": ["email"], "kinds": [],
                                "sentiment": 0.2, "topics": ["预算"], "meeting_types": []}, "properties": {}}
    return {
        "account": {"id": "A1", "name": "华东电力集团"},
        "nodes": [
            {"id": "a:A1", "kind": "account", "ref": "A1", "label": "华东电力集团", "name": "华东电力集团"},
            {**contact, "id": "c:c1", "ref": "c1", "label": "张伟", "name": "张伟", "role": "decision_maker",
             "influence": 1.0},
            {**contact, "id": "c:c2", "ref": "c2", "label": "</script><script>alert(1)</script>",
             "name": "</script><script>alert(1)</script>", "role": "unclassified", "influence": 0.3},
            {"id": "d:D1", "kind": "department", "ref": "D1", "label": "采购部", "name": "采购部", "parent_id": None,
             "size": 2},
            {"id": "u:u1", "kind": "user", "ref": "u1", "label": "刘销售", "name": "刘销售", "owner": True,
             "interaction_count": 2},
        ],
        "edges": [
            {"id": "REPORTS_TO:c:c2->c:c1", "source": "c:c2", "target": "c:c1", "type": "REPORTS_TO",
             "dimension": "organisation", "weight": 1.0, "detail": "reports"},
            {"id": "INTERACTED:u:u1->c:c1", "source": "u:u1", "target": "c:c1", "type": "INTERACTED",
             "dimension": "interaction", "weight": 2.0, "detail": "2 interactions", "count": 2},
        ],
        "groups": [{"id": "d:D1", "name": "采购部", "members": ["c:c1", "c:c2"]}],
        "paths": [], "paths_note": "no paths",
        "stats": {"contacts": 2, "departments": 1, "users": 1, "backgrounds": 0, "edges": 2, "roles": {}},
    }


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
