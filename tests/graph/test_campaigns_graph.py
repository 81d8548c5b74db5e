"""Graph-mode allocation on a small explicit graph: leads of two paid channels, their accounts'
opportunities (one channel's accounts win, the other's lose), spend from a file, through the CLI;
and the scope: an account manager's allocation learns only from the accounts they own."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from dealgraph.algorithms.marketing.plan import plan_from_graph
from dealgraph.cli import app
from dealgraph.graph.queries.scope import Scope

pytestmark = pytest.mark.graph
WEEKS = [f"2026-0{1 + w // 4}-{1 + 7 * (w % 4):02d}" for w in range(8)]


ARMS = (("baidu", "品牌词", True), ("ocean_engine", "feed", False))


def _seed(graph, arms=ARMS):
    rows = []
    for w, start in enumerate(WEEKS):
        for k in range(3):
            for ch, camp, won in arms:
                acc = f"{ch}-{camp}-{w}-{k}"
                rows.append({"acc": acc, "lead": f"L-{acc}", "rec": f"ad:{acc}", "contact": f"C-{acc}",
                             "ch": ch, "camp": camp, "at": f"{start}T02:00:00Z",
                             "opp": f"O-{acc}" if k == 0 else None, "won": won, "opp_at": f"{start}T02:00:00Z",
                             "owned": ch == "baidu" and w % 2 == 0})
    graph.write("""
        MERGE (u:User {id: 'u_am'})
        WITH u UNWIND $rows AS r
        MERGE (a:Account {id: r.acc}) SET a.name = r.acc
        MERGE (c:Contact {id: r.contact}) SET c.account_id = r.acc, c.name = r.contact
        MERGE (s:SourceRecord {id: r.rec}) MERGE (s)-[:RESOLVED_TO {score: 1.0}]->(c)
        MERGE (l:Lead {id: r.lead}) SET l.source = r.ch, l.campaign = r.camp, l.created_at = r.at,
              l.priority = CASE WHEN r.won THEN 'A' ELSE 'C' END
        MERGE (l)-[:FROM_RECORD]->(s)
        FOREACH (_ IN CASE WHEN r.owned THEN [1] ELSE [] END | MERGE (u)-[:OWNS]->(a))
        FOREACH (_ IN CASE WHEN r.opp IS NULL THEN [] ELSE [1] END |
          MERGE (o:Opportunity {id: r.opp}) SET o.account_id = r.acc, o.amount = 600000.0,
                o.created_at = datetime(r.opp_at) + duration('P10D'), o.closed_won = r.won
          MERGE (o)-[:FOR]->(a))
        """, rows=rows)
    # created_at as ISO strings, as ingest writes them
    graph.write("MATCH (o:Opportunity) SET o.created_at = toString(o.created_at)")


def _spend(path):
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["周期", "渠道", "创意", "花费", "点击"])
        for start in WEEKS:
            w.writerow([start, "Baidu", "品牌词", 20000, 400])
            w.writerow([start, "ocean_engine", "", 20000, 4000])
    return path


def test_graph_mode_learns_from_won_deals_through_the_cli(graph, tmp_path):
    _seed(graph)
    graph.write("CREATE (:Lead {id: 'web1', source: 'website', created_at: $at})", at=f"{WEEKS[3]}T01:00:00Z")
    res = CliRunner().invoke(app, ["campaigns", "allocate", "--graph", "--spend", str(_spend(tmp_path / "s.csv")),
                                   "--budget", "40000", "--out", str(tmp_path / "plan.csv"), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    g = out["graph"]
    assert g["leads"] == 49 and g["leads_in_arms"] == 48 and g["unpaid_leads"] == {"website": 1}
    assert g["opportunities"] == 16 and g["opportunities_attributed"] == 16
    assert g["won_amount_attributed"] == 8 * 600000
    plan = {r["channel"]: r["spend"] for r in out["plan"]}
    assert sum(plan.values()) == 40000 and plan["Baidu"] > plan["ocean_engine"]
    with (tmp_path / "plan.csv").open(encoding="utf-8") as fh:
        assert sum(int(r["spend"]) for r in csv.DictReader(fh)) == 40000

    # evaluate in graph mode reads the same history
    res = CliRunner().invoke(app, ["campaigns", "evaluate", "--graph", "--spend", str(tmp_path / "s.csv"),
                                   "--plan", str(tmp_path / "plan.csv")])
    assert res.exit_code == 0, res.output
    ev = json.loads(res.output)
    assert ev["periods_used"] >= 2 and ev["ips"]["difference"]["estimate"] >= 0


def test_account_manager_scope_limits_what_the_allocation_learns(graph, tmp_path):
    _seed(graph)
    spend = _spend(tmp_path / "s.csv")
    everything = plan_from_graph(graph, spend, 40000).source
    mine = plan_from_graph(graph, spend, 40000, scope=Scope(all=False, uid="u_am")).source
    assert everything["opportunities"] == 16 and everything["won_amount_attributed"] == 4_800_000
    # u_am owns the baidu accounts of even weeks: 4 weeks x 3 accounts, one won deal per week
    assert mine["opportunities"] == 4 and mine["won_amount_attributed"] == 4 * 600000
    # leads without an account of their own are a shared inbox (graph.queries.scope.lead): all visible
    assert mine["leads"] == 48


def test_spend_file_without_dates_is_refused(graph, tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("period,channel,spend\nweek one,baidu,100\nweek two,baidu,100\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["campaigns", "allocate", "--graph", "--spend", str(p), "--budget", "100",
                                   "--out", str(tmp_path / "p.csv")])
    assert res.exit_code != 0 and "not a date" in str(res.exception)


def test_ab_loop_copy_variant_from_graph_outcomes(graph, tmp_path):
    """Texts sent as creatives ad-decision_maker-a / -b; the b leads' accounts win: --variant auto picks b."""
    _seed(graph, (("baidu", "ad-decision_maker-a", False), ("baidu", "ad-decision_maker-b", True)))
    spend = tmp_path / "spend.csv"
    spend.write_text("period,channel,creative,spend\n" + "".join(
        f"{start},baidu,ad-decision_maker-{v},10000\n" for start in WEEKS for v in "ab"), encoding="utf-8")
    acc = graph.read("MATCH (a:Account) RETURN a.id AS id ORDER BY id LIMIT 1")[0]["id"]
    res = CliRunner().invoke(app, ["copy", "generate", "--account", acc, "--persona", "decision_maker",
                                   "--channel", "ad", "--lang", "en", "--backend", "template", "--variant", "auto",
                                   "--spend", str(spend), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    choice = out["variant_choice"]
    assert out["variant"] == "b" and out["creative"] == "ad-decision_maker-b" and choice["p_best"]["b"] > 0.9
    assert choice["evidence"]["b"]["value"] == 8 * 600000 and choice["evidence"]["a"]["value"] == 0
    # and the allocation funds the variant that wins deals
    res = CliRunner().invoke(app, ["campaigns", "allocate", "--graph", "--spend", str(spend), "--budget", "20000",
                                   "--out", str(tmp_path / "plan.csv"), "--json"])
    plan = {r["creative"]: r["spend"] for r in json.loads(res.output)["plan"]}
    assert plan["ad-decision_maker-b"] > plan["ad-decision_maker-a"]


def test_graph_mode_segments_by_the_leads_account_industry(graph, tmp_path):
    """Spend rows aimed at segments learn from the leads of accounts in that industry: the segment whose
    accounts win gets the larger share, and the plan names the segment."""
    rows = []
    for w, start in enumerate(WEEKS):
        for k in range(3):
            for industry, won in (("制造", True), ("零售", False)):
                acc = f"{industry}-{w}-{k}"
                rows.append({"acc": acc, "industry": industry, "lead": f"L-{acc}", "at": f"{start}T02:00:00Z",
                             "opp": f"O-{acc}" if k == 0 else None, "won": won})
    graph.write("""
        UNWIND $rows AS r
        MERGE (a:Account {id: r.acc}) SET a.name = r.acc, a.industry = r.industry
        MERGE (l:Lead {id: r.lead}) SET l.source = 'baidu', l.campaign = '品牌词', l.created_at = r.at,
              l.account_id = r.acc
        FOREACH (_ IN CASE WHEN r.opp IS NULL THEN [] ELSE [1] END |
          MERGE (o:Opportunity {id: r.opp}) SET o.account_id = r.acc, o.amount = 500000.0, o.closed_won = r.won,
                o.created_at = toString(datetime(r.at) + duration('P10D')))
        """, rows=rows)
    spend = tmp_path / "s.csv"
    with spend.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["period", "channel", "creative", "segment", "spend"])
        for start in WEEKS:
            w.writerow([start, "baidu", "品牌词", "制造", 10000])
            w.writerow([start, "baidu", "品牌词", "零售", 10000])
    res = CliRunner().invoke(app, ["campaigns", "allocate", "--graph", "--spend", str(spend), "--budget", "20000",
                                   "--out", str(tmp_path / "plan.csv"), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["graph"]["leads_in_arms"] == 48 and out["graph"]["won_amount_attributed"] == 8 * 500000
    plan = {r["segment"]: r["spend"] for r in out["plan"]}
    assert sum(plan.values()) == 20000 and plan["制造"] > plan["零售"]
    with (tmp_path / "plan.csv").open(encoding="utf-8") as fh:
        assert {r["segment"] for r in csv.DictReader(fh)} == {"制造", "零售"}
