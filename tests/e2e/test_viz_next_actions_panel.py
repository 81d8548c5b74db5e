"""The decision-chain page as the API serves it lists the account's next best actions: headless Chromium
reads the panel back and its re-engage actions must be the account's part of GET /pipeline/next-actions, in
the same order, with each action's rank in the whole pipeline; on a world with a tender, a risen lead and a
decision maker nobody has met, the panel is GET /sandbox/accounts/{id}/next-actions: every kind, ranked
together (real uvicorn, real Neo4j + GDS, histories with fixed dates)."""

import sys
from pathlib import Path

import httpx
import pytest
from api_server import running_api
from browser import Browser, chromium_available

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))
from account_world import AS_OF as WORLD_AS_OF
from test_account_actions import _score, _world
from test_opportunities_forecast import _history

pytestmark = [pytest.mark.e2e, pytest.mark.graph, pytest.mark.api,
              pytest.mark.skipif(not chromium_available(), reason="needs /usr/bin/chromium")]

SEED = """
UNWIND $rows AS r
MERGE (a:Account {id: r.acc}) SET a.name = r.acc_name
MERGE (o:Opportunity {id: r.o}) SET o.amount = r.amount
MERGE (s:Stage {name: r.s})
CREATE (o)-[:AT_STAGE {entered: date(r.d)}]->(s)
MERGE (o)-[:FOR]->(a)
"""
PEOPLE = """
MATCH (a:Account {id: 'acc1'})
CREATE (d:Department {id: 'acc1-d', name: '信息中心'})-[:PART_OF]->(a)
CREATE (:Contact {id: 'acc1-c1', name: '周敏', title: '首席信息官'})-[:WORKS_IN]->(d)
"""
AS_OF = "2024-06-01"  # passed explicitly: nothing here depends on the clock
ROWS = """[...document.querySelectorAll('#dg-next-actions li[data-action]')].map(li => ({
  action_id: li.dataset.action, rank: Number(li.dataset.pipelineRank), title: li.querySelector('.title').textContent,
  reason: li.querySelector('.reason').textContent}))"""
RANKED = """[...document.querySelectorAll('#dg-next-actions li[data-action]')].map(li => ({
  action_id: li.dataset.action, kind: li.dataset.kind, rank: Number(li.dataset.rank),
  title: li.querySelector('.title').textContent, reason: li.querySelector('.reason').textContent}))"""


@pytest.fixture
def api(graph, settings):
    hist = _history()
    hist = hist[hist["商机编号"] != "=HYPERLINK(1)"]
    rows = [{"o": r["商机编号"], "s": r["阶段"], "d": r["进入日期"], "amount": float(r["金额"]),
             "acc": "acc1" if int(r["商机编号"][1:]) % 5 in (2, 3) else "acc2",
             "acc_name": "华东电力集团" if int(r["商机编号"][1:]) % 5 in (2, 3) else "Northwind Ltd"}
            for r in hist.to_dict("records")]
    graph.write_batch(SEED, rows)
    graph.write(PEOPLE)
    with running_api(graph, settings, user="u_actions_admin") as server:
        yield server


def test_panel_reads_back_the_accounts_ranked_actions(api, tmp_path):
    url, headers = api
    ranked = httpx.get(f"{url}/pipeline/next-actions", params={"limit": 500, "as_of": AS_OF}, headers=headers,
                       timeout=300)
    assert ranked.status_code == 200, ranked.text
    ranked = ranked.json()["actions"]
    mine = [{"action_id": a["action_id"], "rank": i, "title": a["title"], "reason": a["reason"]}
            for i, a in enumerate(ranked, 1) if a["account"] == "acc1"]
    assert mine and len(mine) < len(ranked)  # the other account's actions stay off this page
    with Browser() as b:
        b.open(f"{url}/accounts/acc1/decision-chain?as_of={AS_OF}", headers=headers, timeout=300)
        b.wait_for("window.__dealgraphStable === true", timeout=30)
        assert b.eval(ROWS) == mine
        assert "Next best actions" in b.eval("document.querySelector('#dg-next-actions h2').textContent")
        # a separate panel beside the buying committee's
        assert b.eval("document.getElementById('dg-committee') !== document.getElementById('dg-next-actions')")
        assert b.console_errors() == []
        b.screenshot(tmp_path / "next_actions.png")


def test_panel_ranks_every_kind_together(graph, settings, tmp_path):
    """★ items before a tender deadline, a lead whose priority just rose, the decision maker nobody has met
    (and any overrunning stage): one list on the page, as the API ranks it."""
    _world(graph)
    _score(graph, [{"id": "L-up", "score": 0.83, "priority": "A"}])
    graph.write("MATCH (i:Interaction {id: 'acme-i1'}) DETACH DELETE i")
    with running_api(graph, settings, user="u_actions_admin") as (url, headers):
        api = httpx.get(f"{url}/sandbox/accounts/ACME/next-actions", params={"as_of": WORLD_AS_OF}, headers=headers,
                        timeout=300)
        assert api.status_code == 200, api.text
        want = [{"action_id": a["action_id"], "kind": a["action_id"].split(":")[0], "rank": a["rank"],
                 "title": a["title"], "reason": a["reason"]} for a in api.json()["actions"]]
        assert {"meet", "answer-star", "follow-lead"} <= {a["kind"] for a in want}
        with Browser() as b:
            b.open(f"{url}/accounts/ACME/decision-chain?as_of={WORLD_AS_OF}", headers=headers, timeout=300)
            b.wait_for("window.__dealgraphStable === true", timeout=120)  # layout under load
            assert b.eval(RANKED) == want
            assert b.console_errors() == []
            b.screenshot(tmp_path / "next_actions_kinds.png")
