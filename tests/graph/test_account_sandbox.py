"""Account sandbox on the real graph + GDS: a decision maker leaving lowers the deal's win probability and
changes the decision chain; a promotion plus a meeting is compared with it side by side; a competitor
takes its Luce share; the live graph is unchanged; the CLI reads TOML scenarios."""

import json

import pandas as pd
import pytest
from account_world import AS_OF, seed, seed_awards
from typer.testing import CliRunner

from dealgraph.algorithms.opportunities.account_sandbox import meeting_actions, run, scenario_from_dict
from dealgraph.algorithms.opportunities.graph import graph_history
from dealgraph.algorithms.opportunities.history import load_history
from dealgraph.cli import app
from dealgraph.errors import InputError, NotFound

pytestmark = pytest.mark.graph

SNAPSHOT = """
MATCH (n) OPTIONAL MATCH (n)-[r]->(m)
RETURN elementId(n) AS n, labels(n) AS labels, properties(n) AS props, type(r) AS type, properties(r) AS rprops,
       elementId(m) AS m
"""


def snapshot(graph) -> list[str]:
    """Every node, relationship and property, as sorted text: equal whatever order the server returns."""
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in graph.read(SNAPSHOT))


LEAVES = {"name": "李明 leaves", "change": [{"kind": "decision_maker_leaves", "contact": "c2"}]}
PROMOTED = {"name": "张强 promoted, approval meeting", "change": [
    {"kind": "contact_leaves", "contact": "c2"},
    {"kind": "role_change", "contact": "c3", "title": "首席信息官", "reports_to": "c1"},
    {"kind": "meeting", "contact": "c3", "meeting_type": "approval"}]}


def _run(graph, *scenarios, horizon_days: int = 90):
    hist = load_history(graph_history(graph), "graph")
    parsed = [scenario_from_dict(s, f"scenario {s['name']!r}") for s in scenarios]
    return run(graph, "ACME", hist, parsed, pd.Timestamp(AS_OF), horizon_days)


def test_decision_maker_leaves_lowers_win_probability_and_changes_the_chain(graph):
    seed(graph)
    seed_awards(graph)
    before = snapshot(graph)
    res = _run(graph, LEAVES, PROMOTED, {"name": "rival", "change": [
        {"kind": "competitor_enters", "competitor": "acme soft", "opportunity": "ACME-OPP"}]})
    base, leaves, promoted, rival = res["baseline"], *res["scenarios"]
    # baseline, recomputed on the copy: the CIO who met us in the approval meeting is a decision maker
    assert {d["id"] for d in base["decision_makers"]} >= {"c2"} and base["decision_maker_engaged"]
    assert any(c["decision_maker"] == "c2" for c in base["chain"])
    p0 = base["opportunities"][0]["win_probability"]
    # the CIO leaves: no decision maker has met us any more, the deal's chance drops, the chain loses them
    d = leaves["vs_baseline"]
    assert d["left"] == ["c2"] and "c2" in d["decision_makers_removed"] and d["chain_changed"]
    assert not leaves["decision_maker_engaged"] and "c2" not in leaves["roles"]
    assert not any("李明" in c["summary"] for c in leaves["chain"])
    assert d["win_probability"]["ACME-OPP"] < -0.05
    assert leaves["opportunities"][0]["win_probability"] < p0
    # compared side by side: promoting 张强 and meeting him in an approval meeting wins part of it back
    f = promoted["vs_first_scenario"]
    assert "c3" in f["decision_makers_added"] and f["win_probability"]["ACME-OPP"] > 0.05
    assert any(r["contact"] == "c3" and r["after"] == "decision_maker" for r in promoted["vs_baseline"]["roles_changed"])
    assert any(c["decision_maker"] == "c3" and c["reachable"] for c in promoted["chain"])
    # a competitor that won 4 awards to our 2 in the industry: Luce share 1/p' = 1/p + 4.5/2.5
    s = rival["competitor_strength"][0]
    assert (s["their_awards"], s["our_awards"], s["scope"]) == (4, 2, "industry manufacturing")
    assert rival["opportunities"][0]["win_probability"] == pytest.approx(p0 / (1 + p0 * 1.8), abs=1e-3)
    assert any("acme soft enters: 4 award" in e.lower() for e in rival["opportunities"][0]["evidence"])
    # the live graph: every node, relationship and property as before
    assert snapshot(graph) == before


def test_bad_scenarios_are_named(graph):
    seed(graph)
    with pytest.raises(InputError, match=r"change 1 \(contact_leaves\).*'B00-dm' is not a contact of account"):
        _run(graph, {"name": "probe", "change": [{"kind": "contact_leaves", "contact": "B00-dm"}]})
    with pytest.raises(InputError, match=r"change 2 \(role_change\): field 'reports_to'"):
        _run(graph, {"name": "x", "change": [{"kind": "meeting", "contact": "c3"},
                                             {"kind": "role_change", "contact": "c3", "reports_to": "nobody"}]})
    with pytest.raises(InputError, match="kind 'ceo_fired' is not one of"):
        _run(graph, {"name": "x", "change": [{"kind": "ceo_fired"}]})
    with pytest.raises(InputError, match="'D00a' is not an open opportunity"):
        _run(graph, {"name": "x", "change": [{"kind": "competitor_enters", "competitor": "X", "opportunity": "D00a"}]})
    hist = load_history(graph_history(graph), "graph")
    with pytest.raises(NotFound):
        run(graph, "NOPE", hist, [scenario_from_dict(LEAVES, "s")], pd.Timestamp(AS_OF))


def test_cli_sandbox_account_reads_toml(graph, tmp_path):
    seed(graph)
    a, b = tmp_path / "leaves.toml", tmp_path / "promoted.toml"
    a.write_text('name = "李明离职"\n[[change]]\nkind = "decision_maker_leaves"\ncontact = "c2"\n', encoding="utf-8")
    b.write_text('name = "promoted"\n[[change]]\nkind = "contact_leaves"\ncontact = "c2"\n[[change]]\n'
                 'kind = "role_change"\ncontact = "c3"\ntitle = "首席信息官"\nreports_to = "c1"\n', encoding="utf-8")
    r = CliRunner().invoke(app, ["sandbox", "account", "ACME", str(a), str(b), "--as-of", AS_OF, "--json"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.output)
    assert [s["name"] for s in res["scenarios"]] == ["李明离职", "promoted"]
    assert res["scenarios"][0]["vs_baseline"]["left"] == ["c2"]
    assert "c3" in res["scenarios"][1]["vs_first_scenario"]["decision_makers_added"]
    r = CliRunner().invoke(app, ["sandbox", "account", "ACME", str(a), "--as-of", AS_OF])
    assert r.exit_code == 0 and "李明离职" in r.output and "win probability" in r.output
    # `sandbox run --account`: the same account run; a slip moves the deal's due date and its forecast
    c = tmp_path / "slip.toml"
    c.write_text('name = "推迟"\n[[change]]\nkind = "close_date_slips"\ndays = 45\n', encoding="utf-8")
    r = CliRunner().invoke(app, ["sandbox", "run", str(c), "--account", "ACME", "--as-of", AS_OF, "--horizon-days",
                                 "60", "--json"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.output)
    base, slip = res["baseline"], res["scenarios"][0]
    assert slip["delay_risk"][0]["days_ahead"] == base["delay_risk"][0]["days_ahead"] + 45
    assert slip["vs_baseline"]["timing"]["p_win_in_horizon"]["ACME-OPP"] < 0
    r = CliRunner().invoke(app, ["sandbox", "run", str(c), "--account", "ACME", "--as-of", AS_OF])
    assert r.exit_code == 0 and "ACME-OPP delay risk" in r.output and "won amount P10/P50/P90" in r.output, r.output


def test_cli_saved_scenarios_listed_and_compared_side_by_side(graph, tmp_path):
    """--save stores a scenario once it has run; saving it unchanged again leaves the graph as it was; list
    shows it; compare runs saved scenarios by name beside the baseline and each other, as the files did."""
    seed(graph)
    a, b = tmp_path / "leaves.toml", tmp_path / "promoted.toml"
    a.write_text('name = "李明离职"\n[[change]]\nkind = "decision_maker_leaves"\ncontact = "c2"\n', encoding="utf-8")
    b.write_text('name = "promoted"\n[[change]]\nkind = "contact_leaves"\ncontact = "c2"\n[[change]]\n'
                 'kind = "role_change"\ncontact = "c3"\ntitle = "首席信息官"\nreports_to = "c1"\n', encoding="utf-8")
    files = CliRunner().invoke(app, ["sandbox", "account", "ACME", str(a), str(b), "--as-of", AS_OF, "--json",
                                     "--save"])
    assert files.exit_code == 0, files.output
    assert "saved account/ACME/李明离职" in files.output and "saved account/ACME/promoted" in files.output
    from_files = json.loads(files.output[:files.output.rindex("}") + 1])
    after_save = snapshot(graph)
    again = CliRunner().invoke(app, ["sandbox", "account", "ACME", str(a), "--as-of", AS_OF, "--save"])
    assert again.exit_code == 0, again.output
    assert snapshot(graph) == after_save  # same changes under the same name: nothing rewritten
    listed = CliRunner().invoke(app, ["sandbox", "list", "--account", "ACME", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert [r["name"] for r in rows] == ["promoted", "李明离职"]  # ordered by key
    assert rows[1]["changes"] == [{"contact": "c2", "kind": "decision_maker_leaves"}]
    assert CliRunner().invoke(app, ["sandbox", "list", "--json"]).output.strip() == "[]"  # no pipeline scenario
    r = CliRunner().invoke(app, ["sandbox", "compare", "李明离职", "promoted", "--account", "ACME", "--as-of", AS_OF,
                                 "--json"])
    assert r.exit_code == 0, r.output
    saved_run = json.loads(r.output)
    assert saved_run["baseline"] == from_files["baseline"]
    for x, y in zip(saved_run["scenarios"], from_files["scenarios"], strict=True):
        assert x["vs_baseline"] == y["vs_baseline"] and x.get("vs_first_scenario") == y.get("vs_first_scenario")
    r = CliRunner().invoke(app, ["sandbox", "compare", "李明离职", "promoted", "--account", "ACME", "--as-of", AS_OF])
    assert r.exit_code == 0, r.output
    header = next(line for line in r.output.splitlines() if "baseline" in line)
    assert header.index("baseline") < header.index("李明离职") < header.index("promoted")  # side by side
    assert "chain changed" in r.output
    r = CliRunner().invoke(app, ["sandbox", "compare", "nope", "--account", "ACME"])
    assert r.exit_code != 0 and "'nope' is not saved" in str(r.exception)
    assert CliRunner().invoke(app, ["sandbox", "delete", "promoted", "--account", "ACME"]).exit_code == 0
    assert [x["name"] for x in json.loads(CliRunner().invoke(app, ["sandbox", "list", "--account", "ACME",
                                                                   "--json"]).output)] == ["李明离职"]


def test_meet_the_decision_maker_nobody_has_met(graph):
    """With the CIO's approval meeting gone, nobody deciding has met us: the action proposes meeting them
    through the best introduction path, scored by the sandbox (the deal's chance rises); with the meeting
    there is nothing to propose. The live graph is only read."""
    seed(graph)
    hist = load_history(graph_history(graph), "graph")
    assert meeting_actions(graph, "ACME", hist, pd.Timestamp(AS_OF)) == []  # the CIO met us already
    graph.write("MATCH (i:Interaction {id: 'acme-i1'}) DETACH DELETE i")
    before = snapshot(graph)
    hist = load_history(graph_history(graph), "graph")  # read at call time, as the CLI and API do
    acts = meeting_actions(graph, "ACME", hist, pd.Timestamp(AS_OF))
    assert acts and snapshot(graph) == before
    cio = next(a for a in acts if a["contact"] == "c2")
    assert cio["action_id"] == "meet:ACME:c2" and "李明" in cio["title"]
    (before_p, after_p), = cio["expected_change"]["p_win"].values()
    assert after_p > before_p + 0.05 and cio["expected_change"]["won_amount"] == pytest.approx(
        (after_p - before_p) * 800000.0, rel=1e-3)
    path = cio["evidence"]["path"]
    assert path and path["decision_maker"] == "c2" and path["summary"] in cio["title"]
    gains = [a["expected_change"]["won_amount"] for a in acts]
    assert gains == sorted(gains, reverse=True) and 0 < cio["confidence"] <= 1
    r = CliRunner().invoke(app, ["actions", "meet", "ACME", "--as-of", AS_OF, "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["actions"] == json.loads(json.dumps(acts, default=str))


def test_slip_and_skipped_stage_move_delay_risk_and_forecast(graph):
    """A close date that slips lowers the chance of a win within the horizon and is measured against its new
    plan; a deal moved past its stage is no longer overrunning and is nearer its win; a decision maker leaving
    reaches the forecast through the win probability. The live graph is unchanged."""
    seed(graph)
    before = snapshot(graph)
    res = _run(graph, {"name": "slips", "change": [{"kind": "close_date_slips", "days": 45}]},
               {"name": "skips", "change": [{"kind": "stage_skipped", "opportunity": "ACME-OPP"}]}, LEAVES,
               horizon_days=60)
    base, slip, skip, leaves = res["baseline"], *res["scenarios"]
    risk0, win0 = base["delay_risk"][0], base["forecast"]["opportunities"][0]
    assert (risk0["opportunity_id"], risk0["stage"]) == ("ACME-OPP", "方案") and risk0["days_ahead"] < 0
    assert 0 < win0["p_win_in_horizon"] < 1
    # the slip: due 45 days later, the win 45 days later (some of it beyond the 60-day horizon)
    r = slip["delay_risk"][0]
    assert r["stage"] == "方案" and r["days_ahead"] == risk0["days_ahead"] + 45 and r["p_overrun"] < risk0["p_overrun"]
    t = slip["vs_baseline"]["timing"]
    assert t["p_win_in_horizon"]["ACME-OPP"] < 0 and t["expected_won_amount"] < 0
    assert slip["opportunities"][0]["win_probability"] == base["opportunities"][0]["win_probability"]
    # the skipped stage: in the next stage since as-of, not overrunning, nearer its win
    r = skip["delay_risk"][0]
    assert r["stage"] == "谈判" and r["days_ahead"] > 0 and r["p_overrun"] < risk0["p_overrun"]
    assert skip["forecast"]["opportunities"][0]["stage"] == "谈判"
    assert skip["vs_baseline"]["timing"]["p_win_in_horizon"]["ACME-OPP"] > 0
    assert skip["vs_first_scenario"]["timing"]["expected_won_amount"] > 0  # compared with the slip
    # the decision maker leaves: same timing, a lower chance, so a smaller forecast
    assert leaves["delay_risk"][0]["p_overrun"] == risk0["p_overrun"]
    assert leaves["vs_baseline"]["timing"]["p_win_in_horizon"]["ACME-OPP"] < 0
    assert leaves["forecast"]["won_amount"]["p90"] <= base["forecast"]["won_amount"]["p90"]
    assert snapshot(graph) == before


def test_bad_deal_changes_are_named(graph):
    seed(graph)
    with pytest.raises(InputError, match=r"change 1 \(close_date_slips\): field 'days' 0 must be a whole number"):
        _run(graph, {"name": "x", "change": [{"kind": "close_date_slips", "days": 0}]})
    with pytest.raises(InputError, match=r"change 1 \(stage_skipped\): field 'opportunity' 'D00a' is not an open"):
        _run(graph, {"name": "x", "change": [{"kind": "stage_skipped", "opportunity": "D00a"}]})
    hist = load_history(graph_history(graph), "graph")  # B00's deals are all closed
    with pytest.raises(InputError, match=r"'B00' has no open opportunity at 2026-06-01 for a close date to slip"):
        run(graph, "B00", hist, [scenario_from_dict({"name": "x", "change": [{"kind": "close_date_slips", "days": 5}]},
                                                    "s")], pd.Timestamp(AS_OF))
