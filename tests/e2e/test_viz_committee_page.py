"""The decision-chain page as the API serves it shows an open opportunity's buying committee
(IN_BUYING_GROUP): headless Chromium picks each open opportunity and reads back every member's
role, confidence and evidence, which must be what the graph holds (real uvicorn, real Neo4j)."""

import json

import pytest
from browser import Browser, chromium_available
from test_viz_api_pages import api  # noqa: F401  (the running API fixture, demo world loaded)

from dealgraph.algorithms.roles.committee import buying_groups

pytestmark = [pytest.mark.e2e, pytest.mark.graph, pytest.mark.api,
              pytest.mark.skipif(not chromium_available(), reason="needs /usr/bin/chromium")]

ROWS = """[...document.querySelectorAll('#dg-committee-body tr[data-contact]')].map(r => ({
  id: r.dataset.contact, role: r.dataset.role, chip: r.querySelector('.role-chip').textContent,
  confidence: r.querySelector('.confidence').textContent,
  evidence: [...r.querySelectorAll('.evidence li')].map(li => li.textContent)}))"""


def _committee_in_graph(graph, opportunity: str) -> list[dict]:
    rows = graph.read("MATCH (c:Contact)-[g:IN_BUYING_GROUP]->(:Opportunity {id: $o}) "
                      "RETURN c.id AS id, g.role AS role, g.confidence AS confidence, g.evidence AS evidence",
                      o=opportunity)
    # As the page prints it: Math.round(confidence * 100) + "%".
    return sorted(({**r, "confidence": f"{int(r['confidence'] * 100 + 0.5)}%"} for r in rows),
                  key=lambda r: r["id"])


def test_pick_an_open_opportunity_and_read_its_committee(api, graph, tmp_path):  # noqa: F811
    url, headers = api
    account = graph.read("MATCH (o:Opportunity)-[:FOR]->(a:Account) WHERE o.closed_won IS NULL "
                         "RETURN a.id AS id, count(o) AS n ORDER BY n DESC, id LIMIT 1")[0]["id"]
    sizes = buying_groups(graph, [account])
    open_ids = sorted(sizes)
    assert open_ids and any(sizes.values())
    closed = [r["id"] for r in graph.read("MATCH (o:Opportunity)-[:FOR]->(:Account {id: $a}) "
                                          "WHERE o.closed_won IS NOT NULL RETURN o.id AS id", a=account)]
    with Browser() as b:
        b.open(f"{url}/accounts/{account}/decision-chain", headers=headers, timeout=60)
        b.wait_for("window.__dealgraphStable === true", timeout=15)
        options = b.eval("[...document.querySelectorAll('#dg-opportunity option')].map(o => o.value)")
        assert sorted(options) == open_ids and not set(options) & set(closed)
        seen_dm = False
        for opp in options:
            b.eval(f"(() => {{ const s = document.getElementById('dg-opportunity'); s.value = {json.dumps(opp)}; "
                   "s.dispatchEvent(new Event('change')); })()")
            assert b.eval("document.getElementById('dg-committee-body').dataset.opportunity") == opp
            shown = b.eval(ROWS)
            got = sorted(({k: r[k] for k in ("id", "role", "confidence", "evidence")} for r in shown),
                         key=lambda r: r["id"])
            assert got == _committee_in_graph(graph, opp)
            assert all(r["evidence"] for r in shown)  # every member says why
            assert all(("决策者" in r["chip"]) == (r["role"] == "decision_maker") for r in shown)
            seen_dm |= any(r["role"] == "decision_maker" for r in shown)
        assert seen_dm
        # A member's name focuses that person in the network.
        first = b.eval(ROWS)[0]["id"]
        b.eval("document.querySelector('#dg-committee-body tr[data-contact] .tie').click()")
        assert b.eval("__dealgraph.network.getSelectedNodes()") == [f"c:{first}"]
        assert b.console_errors() == []
        b.screenshot(tmp_path / "committee.png")
    # ?opportunity=ID preselects one.
    with Browser() as b:
        b.open(f"{url}/accounts/{account}/decision-chain?opportunity={open_ids[-1]}", headers=headers, timeout=60)
        b.wait_for("window.__dealgraphStable === true", timeout=15)
        assert b.eval("document.getElementById('dg-opportunity').value") == open_ids[-1]
