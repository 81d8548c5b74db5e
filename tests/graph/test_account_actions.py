"""One account's next best actions of every kind, ranked together (real Neo4j + GDS): answer the ★ items
before a tender's deadline (scored by the tender model with the items met), follow a lead whose priority just
rose (scored by the pipeline forecast with the lead added as a deal), meet the decision maker nobody has met;
each through the executor's guardrails like the existing kinds; the live graph only read."""

import json
from datetime import UTC, datetime

import pandas as pd
import pytest
from account_world import AS_OF, seed
from test_account_sandbox import snapshot

from dealgraph.algorithms.competitors.predict import tender_win_probability
from dealgraph.algorithms.opportunities.account_actions import (
    lead_actions,
    ranked_account_actions,
    tender_actions,
)
from dealgraph.algorithms.opportunities.graph import graph_history
from dealgraph.algorithms.opportunities.history import load_history
from dealgraph.autonomy.executor import run_actions
from dealgraph.autonomy.policy import Policy
from dealgraph.graph.queries import leads as lq

pytestmark = pytest.mark.graph

TENDERS = """
MATCH (a:Account {id: 'ACME'})
CREATE (t:Tender {id: 'T-MES', title: 'MES 系统采购', budget: 1000000.0, deadline: '2026-06-20',
                  match_score: 70.0, disqualified: true, win_probability: 0.0, win_probability_history: 0.3,
                  buyer_relationship: 0.5})-[:ISSUED_BY]->(a)
CREATE (t)-[:HAS_REQUIREMENT]->(:Requirement {id: 'T-MES-1', index: 1, text: '★具有ISO27001认证', mandatory: true,
                                             match_gate: 'fail', match_status: 'unmet'})
CREATE (t)-[:HAS_REQUIREMENT]->(:Requirement {id: 'T-MES-2', index: 2, text: '★响应时间≤2小时', mandatory: true,
                                             match_gate: 'check', match_status: 'unknown'})
CREATE (t)-[:HAS_REQUIREMENT]->(:Requirement {id: 'T-MES-3', index: 3, text: '支持国产数据库', kind: 'technical',
                                             match_status: 'met'})
CREATE (old:Tender {id: 'T-OLD', title: '旧项目', budget: 500000.0, deadline: '2026-05-01', win_probability_history: 0.3,
                    buyer_relationship: 0.5})-[:ISSUED_BY]->(a)
CREATE (old)-[:HAS_REQUIREMENT]->(:Requirement {id: 'T-OLD-1', text: '★过期', mandatory: true, match_gate: 'fail'})
CREATE (ok:Tender {id: 'T-OK', title: '已满足', budget: 300000.0, deadline: '2026-07-01'})-[:ISSUED_BY]->(a)
CREATE (ok)-[:HAS_REQUIREMENT]->(:Requirement {id: 'T-OK-1', text: '★已满足', mandatory: true, match_status: 'met'})
"""
LEADS = """
MATCH (c3:Contact {id: 'c3'}), (c5:Contact {id: 'c5'})
CREATE (:Lead {id: 'L-up', title: '信息中心副主任'})-[:LEAD_OF]->(c3)
CREATE (:Lead {id: 'L-down'})-[:LEAD_OF]->(c5)
"""


def _score(graph, rows, at="2026-05-28T09:00:00Z"):
    """Through the leads' one write path (algorithms/leads/graph.rescore_leads writes these rows), scored at
    `at` (a few days before AS_OF unless said otherwise)."""
    base = {"reasons": "", "bant_budget": None, "bant_authority": None, "bant_need": None, "bant_timeline": None,
            "model": "test", "at": at}
    graph.write_batch(lq.WRITE_SCORES, [{**base, **r} for r in rows])


def _world(graph):
    seed(graph)
    graph.write(TENDERS)
    graph.write(LEADS)
    _score(graph, [{"id": "L-up", "score": 0.41, "priority": "B"}, {"id": "L-down", "score": 0.8, "priority": "A"}],
           at="2026-05-01T09:00:00Z")
    return load_history(graph_history(graph), "graph")


def test_lead_write_path_keeps_the_class_it_came_from(graph):
    _world(graph)
    _score(graph, [{"id": "L-up", "score": 0.41, "priority": "B"}])  # unchanged: nothing recorded
    assert graph.read("MATCH (l:Lead {id: 'L-up'}) RETURN l.previous_priority AS p")[0]["p"] is None
    _score(graph, [{"id": "L-up", "score": 0.83, "priority": "A"}, {"id": "L-down", "score": 0.5, "priority": "B"}])
    rows = {r["id"]: r for r in graph.read("MATCH (l:Lead) RETURN l.id AS id, l.previous_priority AS p, "
                                           "l.previous_score AS s, l.priority AS now, l.priority_changed_at AS at")}
    assert (rows["L-up"]["p"], rows["L-up"]["s"], rows["L-up"]["now"]) == ("B", 0.41, "A") and rows["L-up"]["at"]
    assert (rows["L-down"]["p"], rows["L-down"]["now"]) == ("A", "B")
    at = rows["L-up"]["at"]
    _score(graph, [{"id": "L-up", "score": 0.85, "priority": "A"}])  # re-scored, same class: kept as it was
    again = graph.read("MATCH (l:Lead {id: 'L-up'}) RETURN l.previous_priority AS p, l.priority_changed_at AS at")[0]
    assert again == {"p": "B", "at": at}


def test_just_rose_is_judged_at_the_as_of_date(graph):
    """A class change after the as-of date has not happened yet then; one before the window is not recent; the
    last change up to as-of decides (a rise later undone does not count); with no as-of given, up to now."""
    hist = _world(graph)  # L-up scored B on 05-01
    as_of = pd.Timestamp(AS_OF)
    _score(graph, [{"id": "L-up", "score": 0.83, "priority": "A"}], at="2026-06-03T09:00:00Z")  # after as-of
    assert lead_actions(graph, hist, "ACME", as_of, until=as_of) == []
    (now,) = lead_actions(graph, hist, "ACME", as_of)  # no as-of given: the rise counts (up to now)
    assert now["action_id"] == "follow-lead:L-up:A:2026-06-03"
    # seen from 06-05 the rise two days earlier is recent
    (later,) = lead_actions(graph, hist, "ACME", pd.Timestamp("2026-06-05"), until=pd.Timestamp("2026-06-05"))
    assert later["action_id"] == "follow-lead:L-up:A:2026-06-03" and "0.41 -> 0.83" in later["reason"]
    # the as-of date itself counts to its end; 15 days later the rise is no longer "just"
    assert lead_actions(graph, hist, "ACME", pd.Timestamp("2026-06-03"), until=pd.Timestamp("2026-06-03"))
    assert lead_actions(graph, hist, "ACME", pd.Timestamp("2026-06-18"), until=pd.Timestamp("2026-06-18")) == []
    # rose, then fell back: at 06-10 the last change is the fall; at 06-05 it is still the rise
    _score(graph, [{"id": "L-up", "score": 0.4, "priority": "B"}], at="2026-06-08T09:00:00Z")
    assert lead_actions(graph, hist, "ACME", pd.Timestamp("2026-06-10"), until=pd.Timestamp("2026-06-10")) == []
    (back,) = lead_actions(graph, hist, "ACME", pd.Timestamp("2026-06-05"), until=pd.Timestamp("2026-06-05"))
    assert back["title"].endswith("B -> A") and back["confidence"] == 0.83  # the score it had then
    # the whole account list: the as-of given bounds it
    res = ranked_account_actions(graph, hist, "ACME", pd.Timestamp("2026-06-05"))
    assert "follow-lead:L-up:A:2026-06-03" in {a["action_id"] for a in res["actions"]}
    res = ranked_account_actions(graph, hist, "ACME", as_of)
    assert not any(a["action_id"].startswith("follow-lead:") for a in res["actions"])


def test_star_items_lead_and_meeting_ranked_together(graph, tmp_path):
    _world(graph)
    _score(graph, [{"id": "L-up", "score": 0.83, "priority": "A"}, {"id": "L-down", "score": 0.5, "priority": "B"}])
    graph.write("MATCH (i:Interaction {id: 'acme-i1'}) DETACH DELETE i")  # nobody deciding has met us now
    hist = load_history(graph_history(graph), "graph")  # read at call time, as the CLI and API do
    as_of = pd.Timestamp(AS_OF)
    before = snapshot(graph)
    # ★ items: the open tender only (not the one past its deadline, nor the one with every ★ item met)
    (t,) = tender_actions(graph, "ACME", as_of)
    p = tender_win_probability(0.3, 0.5, 70.0, False)
    assert t["action_id"] == "answer-star:T-MES" and t["kind"] == "task" and t["account"] == "ACME"
    assert "2 ★ item(s)" in t["title"] and "2026-06-20 (19 d left)" in t["title"]
    assert t["expected_change"]["p_win"] == [0.0, round(p, 4)] and 0 < p < 1
    assert t["expected_change"]["won_amount"] == pytest.approx(1e6 * p, rel=1e-6)
    assert [i["match_gate"] for i in t["evidence"]["items"]] == ["fail", "check"] and t["confidence"] == 0.5
    # the lead that rose B -> A, not the one that fell
    (lead,) = lead_actions(graph, hist, "ACME", as_of)
    assert lead["action_id"] == "follow-lead:L-up:A:2026-05-28" and lead["contact"] == "c3" and "B -> A" in lead["title"]
    assert "0.41 -> 0.83" in lead["reason"] and lead["confidence"] == 0.83
    p_new = lead["expected_change"]["p_win_in_horizon"][1]
    assert 0 < p_new < 1 and lead["expected_change"]["won_amount"] == pytest.approx(
        0.83 * p_new * lead["evidence"]["amount"], rel=1e-3)
    # ranked together with the meeting (and any re-engage action), by expected change
    res = ranked_account_actions(graph, hist, "ACME", as_of)
    kinds = [a["action_id"].split(":")[0] for a in res["actions"]]
    assert {"answer-star", "follow-lead", "meet"} <= set(kinds) and res["notes"] == []
    gains = [a["expected_change"]["won_amount"] for a in res["actions"]]
    assert gains == sorted(gains, reverse=True) and [a["rank"] for a in res["actions"]] == list(
        range(1, len(gains) + 1))
    assert all(a["reason"] and 0 <= a["confidence"] <= 1 for a in res["actions"])
    assert snapshot(graph) == before
    # the executor's guardrails apply to them as to every kind: dry run by default, then exactly once
    calls = []
    acts = json.loads(json.dumps(res["actions"], default=str))
    audit = tmp_path / "audit.jsonl"
    utc_noon = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    dry = run_actions(acts, Policy(), audit, {"task": lambda a, k: calls.append(k)}, now=utc_noon, execute=True)
    assert {r["decision"] for r in dry} == {"dry_run"} and calls == []
    policy = Policy.from_dict({"dry_run": False, "timezone": "Asia/Shanghai", "per_account_per_day": 10,
                               "autonomous": ["task"]})
    shanghai_noon = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)
    for _ in range(2):  # a retry runs nothing twice
        run_actions(acts, policy, audit, {"task": lambda a, k: calls.append(k)}, now=shanghai_noon, execute=True)
    assert len(calls) == len(acts) == len(set(calls))


def test_cli_actions_account_dry_run_then_exactly_once(graph, tmp_path, monkeypatch):
    """`actions account`: the ranked list of every kind, decided under the policy like `actions next`."""
    from typer.testing import CliRunner

    from dealgraph.cli import app
    from dealgraph.config import get_settings

    _world(graph)
    _score(graph, [{"id": "L-up", "score": 0.83, "priority": "A"}])
    monkeypatch.setenv("DEALGRAPH_NEO4J_PASSWORD", get_settings().resolved_password())  # it lives in the data dir
    monkeypatch.setenv("DEALGRAPH_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        args = ["actions", "account", "ACME", "--as-of", AS_OF, "--json"]
        dry_policy, policy = tmp_path / "dry.toml", tmp_path / "policy.toml"
        dry_policy.write_text('quiet_hours = ""\n', encoding="utf-8")  # CI may run at night
        policy.write_text('dry_run = false\nquiet_hours = ""\nper_account_per_day = 100\n', encoding="utf-8")
        r = CliRunner().invoke(app, [*args, "--policy", str(dry_policy)])
        assert r.exit_code == 0, r.output
        dry = json.loads(r.output)
        assert {"answer-star:T-MES", "follow-lead:L-up:A:2026-05-28"} <= {a["action_id"] for a in dry["actions"]}
        assert {d["decision"] for d in dry["decisions"]} == {"dry_run"}
        outbox = tmp_path / "data" / "actions" / "outbox.jsonl"
        assert not outbox.exists()
        for _ in range(2):  # executed once, then duplicates
            r = CliRunner().invoke(app, [*args, "--policy", str(policy), "--execute"])
            assert r.exit_code == 0, r.output
        sent = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
        assert sorted(s["action_id"] for s in sent) == sorted(a["action_id"] for a in dry["actions"])
        assert {d["decision"] for d in json.loads(r.output)["decisions"]} == {"duplicate"}
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
