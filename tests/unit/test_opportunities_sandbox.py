"""What-if sandbox in file mode: the history given is not modified, each kind of change moves the
forecast the way it should, bad scenarios are named precisely, the CLI reads TOML."""

import json

import pandas as pd
import pytest
from test_opportunities_forecast import _history
from typer.testing import CliRunner

from dealgraph.algorithms.opportunities.forecast import forecast
from dealgraph.algorithms.opportunities.history import load_history
from dealgraph.algorithms.opportunities.sandbox import Scenario, apply, run
from dealgraph.cli import app
from dealgraph.errors import InputError

AS_OF = pd.Timestamp("2024-06-01")


@pytest.fixture(scope="module")
def hist():
    return load_history(_history())


def _top(hist, k=3):
    per = forecast(hist, AS_OF, 90, calibrate=False).per_opportunity
    return list(per.sort_values("amount", ascending=False)["opportunity_id"].iloc[:k])


def test_changes_move_the_forecast_and_leave_the_history_alone(hist):
    before = hist.copy()
    a, b, c = _top(hist)
    res = run(hist, [Scenario.from_dict({"name": "worse", "change": [
        {"kind": "slip", "opportunity": a, "days": 80}, {"kind": "win_rate", "factor": 0.6}]}),
        Scenario.from_dict({"name": "bigger", "change": [{"kind": "amount", "opportunity": b, "amount": 5e7}]})],
        AS_OF, 90, draws=400)
    pd.testing.assert_frame_equal(before, hist)
    base, (worse, bigger) = res["baseline"], res["scenarios"]
    assert worse["won_count"]["p50"] < base["won_count"]["p50"]
    p = {o["opportunity_id"]: o for o in worse["opportunities"]}[a]
    assert p["p_win_after"] < p["p_win_before"]
    assert bigger["won_amount"]["p90"] > base["won_amount"]["p90"] + 1e7
    assert bigger["vs_first_scenario"]["won_amount"]["p50"] > 0
    changed, adj = apply(hist, Scenario.from_dict({"name": "s", "change": [
        {"kind": "stage", "opportunity": c, "stage": "谈判"}]}), AS_OF)
    assert changed[changed["opportunity_id"] == c]["stage"].iloc[-1] == "谈判"
    assert not adj.decided and not adj.delays


def test_bad_scenarios_are_named(hist, tmp_path):
    for change, words in (({"kind": "stage", "opportunity": "NOPE", "stage": "x"}, "'NOPE' is not in the history"),
                          ({"kind": "amount", "opportunity": _top(hist, 1)[0], "amount": "lots"}, "not a number"),
                          ({"kind": "win_rate"}, "field 'factor' is missing"),
                          ({"kind": "add_deals", "count": 2, "stage": "方案", "date": "2030-01-01"}, "after as-of")):
        with pytest.raises(InputError, match=words):
            apply(hist, Scenario.from_dict({"name": "bad", "change": [change]}, "bad.toml"), AS_OF)
    broken = tmp_path / "broken.toml"
    broken.write_text("name = [", encoding="utf-8")
    with pytest.raises(InputError, match="broken.toml"):
        Scenario.load(broken)


def test_cli_sandbox_run_toml(hist, tmp_path):
    src = tmp_path / "h.csv"
    _history().to_csv(src, index=False)
    a = _top(hist, 1)[0]
    s1 = tmp_path / "win.toml"
    s1.write_text(f'name = "赢下"\n[[change]]\nkind = "close"\nopportunity = "{a}"\noutcome = "won"\n'
                  'date = "2024-06-15"\n', encoding="utf-8")
    s2 = tmp_path / "lose.toml"
    s2.write_text(f'name = "lose"\n[[change]]\nkind = "close"\nopportunity = "{a}"\noutcome = "lost"\n',
                  encoding="utf-8")
    res = CliRunner().invoke(app, ["sandbox", "run", str(s1), str(s2), "--history", str(src), "--as-of",
                                   "2024-06-01", "--json"])
    assert res.exit_code == 0, res.output
    body = json.loads(res.output)
    names = [s["name"] for s in body["scenarios"]]
    assert names == ["赢下", "lose"]
    assert body["scenarios"][1]["vs_first_scenario"]["won_amount"]["p50"] < 0
