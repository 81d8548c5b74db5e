"""The pipeline's next best actions (`actions next`, GET /pipeline/next-actions): every kind across the accounts
in scope, the same actions as each account's own list, ranked within a currency unless rates are given, decided
under the policy's guardrails, audited, executed exactly once (real Neo4j + GDS; fixed dates)."""

import json
from datetime import UTC, datetime

import pandas as pd
import pytest
from account_world import AS_OF
from test_account_actions import _score, _world
from test_account_sandbox import snapshot

from dealgraph.algorithms.opportunities.account_actions import ranked_account_actions
from dealgraph.algorithms.opportunities.currency_rank import Rates
from dealgraph.algorithms.opportunities.graph import graph_history
from dealgraph.algorithms.opportunities.history import load_history
from dealgraph.algorithms.opportunities.pipeline_actions import pipeline_actions
from dealgraph.autonomy.executor import run_actions
from dealgraph.autonomy.policy import Policy

pytestmark = pytest.mark.graph

# a second account with an open deal (its decision maker never met us), a third with an open tender in USD
MORE = """
MATCH (b01:Account {id: 'B01'}), (b03:Account {id: 'B03'})
MERGE (s1:Stage {name: '初步接洽'}) MERGE (s2:Stage {name: '方案'})
CREATE (:User {id: 'u2', name: '赵销售'})-[:OWNS]->(b01)
CREATE (o:Opportunity {id: 'B01-OPEN', amount: 500000.0})-[:FOR]->(b01)
CREATE (o)-[:AT_STAGE {entered: date('2026-04-25')}]->(s1), (o)-[:AT_STAGE {entered: date('2026-05-10')}]->(s2)
CREATE (t:Tender {id: 'T-B03', title: 'Data centre', budget: 200000.0, currency: 'USD', deadline: '2026-06-30',
                  match_score: 80.0, win_probability_history: 0.4, buyer_relationship: 0.2})-[:ISSUED_BY]->(b03)
CREATE (t)-[:HAS_REQUIREMENT]->(:Requirement {id: 'T-B03-1', index: 1, text: 'Tier III certificate (mandatory)',
                                             mandatory: true, match_gate: 'check'})
"""


def _pipeline_world(graph):
    _world(graph)
    _score(graph, [{"id": "L-up", "score": 0.83, "priority": "A"}])
    graph.write("MATCH (i:Interaction {id: 'acme-i1'}) DETACH DELETE i")  # nobody deciding at ACME has met us
    graph.write(MORE)
    return load_history(graph_history(graph), "graph")


def test_every_kind_across_accounts_in_scope_and_in_one_currency(graph):
    hist = _pipeline_world(graph)
    as_of = pd.Timestamp(AS_OF)
    before = snapshot(graph)
    res = pipeline_actions(graph, hist, as_of, limit=1000)
    acts = {a["action_id"]: a for a in res["actions"]}
    kinds = {i.split(":")[0] for i in acts}
    assert {"answer-star", "follow-lead", "meet"} <= kinds, acts.keys()
    assert {"answer-star:T-MES", "answer-star:T-B03", "follow-lead:L-up:A:2026-05-28"} <= set(acts)
    assert any(i.startswith("meet:ACME:") for i in acts) and any(i.startswith("meet:B01:") for i in acts)
    assert {a["account"] for a in acts.values()} >= {"ACME", "B01", "B03"} and res["notes"] == []
    assert res["total"] == len(acts) == sum(res["by_kind"].values())
    # the same actions (ids, changes) as the account's own list: one idempotency key whichever list runs it
    mine = ranked_account_actions(graph, hist, "ACME", as_of)["actions"]
    assert {a["action_id"]: a["expected_change"] for a in mine} == {
        i: a["expected_change"] for i, a in acts.items() if a["account"] == "ACME"}
    # one currency stated (T-B03 in USD): the unstated ones are taken as USD, so one list by amount
    gains = [a["expected_change"]["won_amount"] for a in res["actions"]]
    assert gains == sorted(gains, reverse=True) and [a["rank"] for a in res["actions"]] == list(
        range(1, len(gains) + 1))
    assert acts["answer-star:T-MES"]["currency"] == "USD" and "currency_assumed" in acts["answer-star:T-MES"][
        "evidence"]
    # scope: another's accounts only
    theirs = pipeline_actions(graph, hist, as_of, accounts={"B01", "B03"}, limit=1000)["actions"]
    assert {a["account"] for a in theirs} == {"B01", "B03"}
    assert snapshot(graph) == before  # read only

    # the deals in CNY, the tender in USD: ranked within each currency, and said so; with rates, together
    graph.write("MATCH (o:Opportunity) SET o.currency = 'CNY'")
    hist = load_history(graph_history(graph), "graph")
    res = pipeline_actions(graph, hist, as_of, limit=1000)
    acts = {a["action_id"]: a for a in res["actions"]}
    assert acts["answer-star:T-B03"]["ranked_in"] == "USD" and acts["meet:B01:B01-dm"]["ranked_in"] == "CNY"
    assert "ranked among the USD actions only" in acts["answer-star:T-B03"]["reason"]
    assert any("ranked within currency" in n for n in res["notes"])
    assert acts["answer-star:T-MES"]["ranked_in"] == "not stated"  # its tender states none; two are stated
    by_rank = [a["ranked_in"] for a in res["actions"]]
    assert len(set(by_rank[:3])) == 3  # each currency's best first
    res = pipeline_actions(graph, hist, as_of, rates=Rates("CNY", {"USD": 7.0}), limit=1000)
    usd = next(a for a in res["actions"] if a["action_id"] == "answer-star:T-B03")
    assert usd["ranked_in"] == "CNY" and usd["expected_change"]["won_amount_cny"] == pytest.approx(
        7.0 * usd["expected_change"]["won_amount"], abs=0.01)
    cny = [a for a in res["actions"] if a["ranked_in"] == "CNY"]
    value = [a["expected_change"].get("won_amount_cny", a["expected_change"]["won_amount"]) for a in cny]
    assert value == sorted(value, reverse=True)


def test_guardrails_audit_and_exactly_once_on_the_pipeline_list(graph, tmp_path):
    hist = _pipeline_world(graph)
    acts = json.loads(json.dumps(pipeline_actions(graph, hist, pd.Timestamp(AS_OF), limit=1000)["actions"],
                                 default=str))
    audit = tmp_path / "audit.jsonl"
    noon = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
    night = datetime(2026, 6, 1, 14, 30, tzinfo=UTC)
    calls = []
    task = {"task": lambda a, k: calls.append(a["action_id"])}
    base = {"dry_run": False, "timezone": "Asia/Shanghai", "quiet_hours": "20:00-08:00", "autonomous": ["task"]}
    # quiet hours: nothing runs at night
    night_run = run_actions(acts, Policy.from_dict({**base, "per_account_per_day": 100}), audit, task, now=night,
                            execute=True)
    assert {d["decision"] for d in night_run} == {"deferred_quiet_hours"} and calls == []
    # approval above a threshold: the largest change waits for the owner
    top = max(a["expected_change"]["won_amount"] for a in acts)
    p = Policy.from_dict({**base, "per_account_per_day": 100, "approval_above": top - 0.01})
    run = run_actions(acts, p, audit, task, now=noon, execute=True)
    held = [d["action"]["action_id"] for d in run if d["decision"] == "needs_approval"]
    assert len(held) == 1 and held[0] not in calls and len(calls) == len(acts) - 1
    # a retry runs nothing twice; approved, the held one runs once
    run_actions(acts, p, audit, task, now=noon, execute=True, approved=set(held))
    assert sorted(calls) == sorted(a["action_id"] for a in acts) and len(calls) == len(set(calls))
    # the rate per account: a fresh day and audit, at most one action per account
    calls.clear()
    other = tmp_path / "audit2.jsonl"
    run = run_actions(acts, Policy.from_dict({**base, "per_account_per_day": 1}), other, task, now=noon,
                      execute=True)
    ran = [d["action"]["account"] for d in run if d["decision"] == "executed"]
    assert len(ran) == len(set(ran)) == len({a["account"] for a in acts})
    assert any(d["decision"] == "blocked_rate" for d in run)
    records = [json.loads(line) for line in other.read_text(encoding="utf-8").splitlines()]
    assert [r["action"]["action_id"] for r in records] == [a["action_id"] for a in acts]  # one record each
    assert all(r["key"] and r["why"] for r in records)


def test_cli_actions_next_every_kind_dry_run_then_exactly_once(graph, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from dealgraph.cli import app
    from dealgraph.config import get_settings

    _pipeline_world(graph)
    monkeypatch.setenv("DEALGRAPH_NEO4J_PASSWORD", get_settings().resolved_password())  # it lives in the data dir
    monkeypatch.setenv("DEALGRAPH_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        args = ["actions", "next", "--as-of", AS_OF, "--limit", "100", "--json"]
        dry_policy, policy = tmp_path / "dry.toml", tmp_path / "policy.toml"
        dry_policy.write_text('quiet_hours = ""\n', encoding="utf-8")  # CI may run at night
        policy.write_text('dry_run = false\nquiet_hours = ""\nper_account_per_day = 100\n', encoding="utf-8")
        r = CliRunner().invoke(app, [*args, "--policy", str(dry_policy)])
        assert r.exit_code == 0, r.output
        dry = json.loads(r.output)
        assert {a["action_id"].split(":")[0] for a in dry["actions"]} >= {"answer-star", "follow-lead", "meet"}
        assert {d["decision"] for d in dry["decisions"]} == {"dry_run"}
        outbox = tmp_path / "data" / "actions" / "outbox.jsonl"
        assert not outbox.exists()
        rates = tmp_path / "rates.toml"
        rates.write_text('base = "CNY"\n[rates]\nUSD = 7.0\n', encoding="utf-8")
        for _ in range(2):  # executed once, then duplicates
            r = CliRunner().invoke(app, [*args, "--policy", str(policy), "--execute", "--rates", str(rates)])
            assert r.exit_code == 0, r.output
        sent = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
        assert sorted(s["action_id"] for s in sent) == sorted(a["action_id"] for a in dry["actions"])
        assert {d["decision"] for d in json.loads(r.output)["decisions"]} == {"duplicate"}
        audit = (tmp_path / "data" / "actions" / "audit.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(audit) == 3 * len(dry["actions"])
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
