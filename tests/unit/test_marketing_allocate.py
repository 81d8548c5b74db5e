"""Budget allocation: constraints hold, spend sums to the budget, explanations carry evidence, bad rows named."""

import csv

import numpy as np
import pytest

from dealgraph.algorithms.marketing.plan import plan_from_file, write_plan
from dealgraph.errors import InputError

ARMS = {("search", "A"): 30.0, ("search", "B"): 10.0, ("feed", "A"): 1.0, ("=cmd", ""): 5.0}


def _history(path, periods=10, seed=0, header=None):
    rng = np.random.default_rng(seed)
    header = header or ["period", "channel", "creative", "spend", "clicks", "leads", "opportunities", "won_amount"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for p in range(periods):
            for (ch, cr), vpy in ARMS.items():
                spend = float(rng.uniform(5000, 15000))
                won = rng.poisson(vpy * spend / 50_000) * 50_000
                w.writerow([f"2026-{1 + p // 4:02d}-{1 + 7 * (p % 4):02d}", ch, cr, round(spend), int(spend / 2),
                            int(spend / 200), int(won / 50_000 * 3), won])
    return path


def test_plan_sums_to_budget_and_prefers_value(tmp_path):
    res = plan_from_file(_history(tmp_path / "h.csv"), 100_000)
    spend = {(r.channel, r.creative): r.spend for r in res.rows}
    assert sum(spend.values()) == 100_000
    assert spend[("search", "A")] > spend[("feed", "A")]
    best = max(res.rows, key=lambda r: r.explanation["value_per_yuan"])
    assert (best.channel, best.creative) == ("search", "A")
    for r in res.rows:
        lo, hi = r.explanation["interval_90"]
        assert lo <= r.explanation["value_per_yuan"] <= hi
        assert r.explanation["evidence"]["periods"] == 10
        assert "value/yuan" in r.reason


def test_clicks_weight_changes_the_winner(tmp_path):
    h = _history(tmp_path / "h.csv")
    by_won = plan_from_file(h, 50_000)
    by_clicks = plan_from_file(h, 50_000, weights={"clicks": 1})
    assert by_clicks.model.weights == {"clicks": 1}
    assert sum(r.spend for r in by_clicks.rows) == 50_000
    won_feed = next(r.spend for r in by_won.rows if r.channel == "feed")
    assert won_feed < 50_000 / 4  # won value: the feed arm is the worst


def test_channel_shares_respected(tmp_path):
    h = _history(tmp_path / "h.csv")
    c = tmp_path / "c.toml"
    c.write_text('max_growth = 0\n[channels.feed]\nmin_share = 0.3\n[channels.search]\nmax_share = 0.5\n',
                 encoding="utf-8")
    res = plan_from_file(h, 100_000, c)
    by_channel = {}
    for r in res.rows:
        by_channel[r.channel] = by_channel.get(r.channel, 0) + r.spend
    assert sum(by_channel.values()) == 100_000
    assert by_channel["feed"] >= 30_000 - 1
    assert by_channel["search"] <= 50_000 + 1
    assert any("channel max share 50%" in r.reason for r in res.rows if r.channel == "search")
    assert any("channel min share 30%" in r.reason for r in res.rows if r.channel == "feed")


def test_impossible_constraints_are_clear_errors(tmp_path):
    h = _history(tmp_path / "h.csv")
    c = tmp_path / "c.toml"
    c.write_text('[channels.feed]\nmin_share = 0.7\n[channels.search]\nmin_share = 0.6\n', encoding="utf-8")
    with pytest.raises(InputError, match="add up to 1.30"):
        plan_from_file(h, 100_000, c)
    c.write_text('[channels.tv]\nmax_share = 0.2\n', encoding="utf-8")
    with pytest.raises(InputError, match="'tv' is not in the history"):
        plan_from_file(h, 100_000, c)
    with pytest.raises(InputError, match="budget"):
        plan_from_file(h, 0)


def test_same_input_same_plan(tmp_path):
    h = _history(tmp_path / "h.csv")
    a = [r.spend for r in plan_from_file(h, 77_777).rows]
    b = [r.spend for r in plan_from_file(h, 77_777).rows]
    assert a == b and sum(a) == 77_777


def test_chinese_headers_bad_rows_and_formula_cells(tmp_path):
    h = _history(tmp_path / "h.csv", header=["周期", "渠道", "创意", "花费", "点击", "线索", "商机", "成交金额"])
    with h.open("a", encoding="utf-8") as fh:
        fh.write("2026-03-22,search,A,abc,1,1,0,0\n")
    res = plan_from_file(h, 10_000)
    assert res.history.columns["won_amount"] == "成交金额"
    assert res.history.rejected == [{"file": str(h), "row": 42, "field": "花费", "value": "abc",
                                     "reason": "spend is blank or not a number"}]
    out = tmp_path / "plan.csv"
    write_plan(res, out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["channel", "creative", "spend", "expected_value", "reason"]
    assert sum(int(r["spend"]) for r in rows) == 10_000
    assert "'=cmd" in {r["channel"] for r in rows}  # a formula-looking name is escaped
    assert (tmp_path / "plan.csv.rejects.jsonl").exists()


def test_recent_outcomes_are_partial_exposure(tmp_path):
    """With wins arriving weeks late, the latest periods' zero won value does not sink an arm."""
    rng = np.random.default_rng(3)
    p = tmp_path / "h.csv"
    with p.open("w", encoding="utf-8") as fh:
        fh.write("period,channel,spend,won_amount\n")
        for week in range(20):
            for ch, vpy in (("a", 20.0), ("b", 10.0)):
                age = 19 - week
                won = rng.poisson(vpy * 10_000 / 40_000) * 40_000 if age >= 4 else 0
                fh.write(f"{week + 1},{ch},10000,{won}\n")
    res = plan_from_file(p, 20_000)
    assert res.model.lag_mean >= 2
    assert res.model.lag_share(0) < 0.5
    assert next(r.spend for r in res.rows if r.channel == "a") > next(r.spend for r in res.rows if r.channel == "b")


def test_off_policy_evaluation_prefers_the_better_plan(tmp_path):
    from dealgraph.algorithms.marketing.evaluate import evaluate

    res = plan_from_file(_history(tmp_path / "h.csv", periods=16), 40_000)
    good = {"search|A": 30_000.0, "search|B": 10_000.0}
    bad = {"feed|A": 40_000.0}
    out = evaluate(res.history, res.model, good, bad)
    assert out["periods_used"] >= 2
    for method in ("ips", "dr"):
        lo, _hi = out[method]["difference"]["interval_90"]
        assert lo > 0, (method, out[method])
        p = out[method]["proposed"]
        assert p["interval_90"][0] <= p["estimate"] <= p["interval_90"][1]
    assert out["support"]["proposed"] == 1.0
    with pytest.raises(InputError, match="not in the history"):
        evaluate(res.history, res.model, {"tv|": 1.0})


def test_shadow_entry_and_plan_roundtrip(tmp_path):
    from dealgraph.algorithms.marketing.plan import read_plan, shadow_entry

    res = plan_from_file(_history(tmp_path / "h.csv", periods=16), 40_000)
    out = tmp_path / "plan.csv"
    write_plan(res, out)
    plan = read_plan(out)
    assert sum(plan.values()) == 40_000 and "=cmd|" in plan  # the escaped cell reads back as the arm
    entry = shadow_entry(res)
    assert entry["proposed"] == plan
    assert sum(entry["actual_latest"].values()) > 0
    assert "dr" in entry["evaluation"]


def test_evaluate_through_the_cli(tmp_path):
    """`campaigns evaluate` end to end: a plan from allocate beats a current plan that puts everything on the
    worst arm, by IPS and DR, with intervals; an arm the history never saw is a clear error."""
    import json

    from typer.testing import CliRunner

    from dealgraph.cli import app

    h = _history(tmp_path / "h.csv", periods=12)
    runner = CliRunner()
    res = runner.invoke(app, ["campaigns", "allocate", "--history", str(h), "--budget", "40000",
                              "--out", str(tmp_path / "plan.csv")])
    assert res.exit_code == 0, res.output
    (tmp_path / "current.csv").write_text("channel,creative,spend\nfeed,A,40000\n", encoding="utf-8")
    res = runner.invoke(app, ["campaigns", "evaluate", "--history", str(h), "--plan", str(tmp_path / "plan.csv"),
                              "--current", str(tmp_path / "current.csv")])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["periods_used"] >= 2 and out["budget"] == 40000
    for method in ("ips", "dr"):
        lo, hi = out[method]["difference"]["interval_90"]
        assert 0 < lo <= out[method]["difference"]["estimate"] <= hi, (method, out[method])
    (tmp_path / "odd.csv").write_text("channel,creative,spend\ntv,,40000\n", encoding="utf-8")
    res = runner.invoke(app, ["campaigns", "evaluate", "--history", str(h), "--plan", str(tmp_path / "odd.csv")])
    assert res.exit_code != 0 and "'tv' is not in the history" in str(res.exception)
    res = runner.invoke(app, ["campaigns", "evaluate", "--plan", str(tmp_path / "plan.csv")])
    assert res.exit_code != 0 and "--history" in str(res.exception)


def test_graph_history_attribution_and_periods(tmp_path):
    """Graph mode's history: leads placed in the period that started before them, opportunity credit
    split among the leads that reached its account in the window, organic leads reported, not dropped."""
    from dealgraph.algorithms.marketing.graph_history import credit, history_from_graph

    leads = [
        {"id": "l1", "channel": "Baidu", "creative": "brand", "created_at": "2026-01-02T01:00:00Z",
         "priority": "A", "converted": None, "accounts": ["A"]},
        {"id": "l2", "channel": "web", "creative": "", "created_at": "2026-01-03T01:00:00Z",
         "priority": "C", "converted": True, "accounts": ["A"]},
        {"id": "l3", "channel": "feed", "creative": "x", "created_at": "2026-01-09T01:00:00Z",
         "priority": "B", "converted": False, "accounts": ["B"]},
        {"id": "l4", "channel": "feed", "creative": "x", "created_at": "2025-12-01T01:00:00Z",
         "priority": "A", "converted": False, "accounts": ["B"]},
    ]
    opps = [{"id": "o1", "account": "A", "created_at": "2026-01-20", "amount": 100.0, "closed_won": True},
            {"id": "o2", "account": "B", "created_at": "2026-01-10", "amount": 50.0, "closed_won": False},
            {"id": "o3", "account": "A", "created_at": "2027-06-01", "amount": 70.0, "closed_won": True}]
    got = credit(leads, opps, window_days=180)
    assert got["l1"] == {"opportunities": 0.5, "won_amount": 50.0} == got["l2"]  # o3 is past the window
    assert got["l3"]["opportunities"] == 0.5 and got["l3"]["won_amount"] == 0.0  # l4 shares o2 (40 days)
    spend = tmp_path / "spend.csv"
    spend.write_text("period,channel,creative,spend\n2026-01-01,baidu,brand,100\n2026-01-08,baidu,brand,100\n"
                     "2026-01-01,feed,,50\n2026-01-08,feed,,50\n", encoding="utf-8")
    hist, rep = history_from_graph(spend, leads, opps, 180)
    rows = {(r.period, r.channel): r for r in hist.rows.itertuples()}
    assert rows[("2026-01-01", "baidu")].leads == 1 and rows[("2026-01-01", "baidu")].won_amount == 50.0
    assert rows[("2026-01-01", "baidu")].qualified_leads == 1
    assert rows[("2026-01-08", "feed")].leads == 1 and rows[("2026-01-08", "feed")].opportunities == 0.5
    assert rows[("2026-01-08", "baidu")].leads == 0
    assert rep.unpaid_leads == {"web": 1} and rep.before_first_period == 1 and rep.leads_in_arms == 2


def test_graph_history_segment_rows_take_their_segments_leads(tmp_path):
    """A spend row aimed at a segment takes the leads of that segment (the lead's own, else its account's
    industry, matched without case); the channel's row without a segment takes the rest."""
    from dealgraph.algorithms.marketing.graph_history import history_from_graph

    def lead(i, seg):
        return {"id": f"l{i}", "channel": "baidu", "creative": "brand", "created_at": "2026-01-02T01:00:00Z",
                "priority": "C", "converted": None, "accounts": [f"A{i}"], "segment": seg}

    leads = [lead(1, "制造"), lead(2, "Finance"), lead(3, "finance"), lead(4, "零售"), lead(5, "")]
    opps = [{"id": "o1", "account": "A2", "created_at": "2026-01-20", "amount": 100.0, "closed_won": True}]
    spend = tmp_path / "spend.csv"
    spend.write_text("period,channel,creative,spend,segment\n2026-01-01,baidu,brand,100,制造\n"
                     "2026-01-01,baidu,brand,100,FINANCE\n2026-01-01,baidu,brand,50,\n", encoding="utf-8")
    hist, rep = history_from_graph(spend, leads, opps, 180)
    assert hist.segmented
    rows = {r.segment: r for r in hist.rows.itertuples()}
    assert rows["制造"].leads == 1 and rows["FINANCE"].leads == 2 and rows["FINANCE"].won_amount == 100.0
    assert rows[""].leads == 2 and rep.leads_in_arms == 5  # 零售 and the lead with no segment
