"""The decision-chain page shows a saved what-if scenario beside the baseline: headless Chromium reads the
scenario panel back and it must be what POST /sandbox/accounts/{id} gives for the same saved scenario
(decision makers, engagement, each deal's win probability and its change, chain changed, delay risk and the
forecast recomputed); a scenario that is
not saved is a note, not a broken page (real uvicorn, real Neo4j + GDS, fixed dates)."""

import sys
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from api_server import running_api
from browser import Browser, chromium_available

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))
from account_world import AS_OF, seed

pytestmark = [pytest.mark.e2e, pytest.mark.graph, pytest.mark.api,
              pytest.mark.skipif(not chromium_available(), reason="needs /usr/bin/chromium")]

NAME = "CIO 离职"
PANEL = """(() => { const box = document.getElementById('dg-scenario');
  const cell = (row, c) => box.querySelector(`tr[data-row="${row}"] td.${c}`).textContent;
  const rows = (key) => [...box.querySelectorAll(`tr[data-row="${key}"]`)].map(tr => ({id: tr.dataset.opportunity,
      base: tr.querySelector('td.base').textContent, scen: tr.querySelector('td.scen').textContent,
      delta: Number(tr.dataset.delta)}));
  return {title: box.querySelector('h2').textContent,
    changes: [...box.querySelectorAll('ul.scenario-changes li')].map(li => li.dataset.kind),
    dms: [cell('decision_makers', 'base'), cell('decision_makers', 'scen')],
    engaged: [cell('engaged', 'base'), cell('engaged', 'scen')],
    deals: rows('deal'), risk: rows('delay_risk'), won: rows('forecast_deal'), amount: rows('forecast'),
    chainChanged: box.querySelector('.scenario-summary').dataset.chainChanged}; })()"""


def _names(part: dict) -> str:
    return "、".join(f"{d['name']} ({d['title']})" if d["title"] else d["name"] for d in part["decision_makers"]) or "—"


def test_page_shows_a_saved_scenario_beside_the_baseline(graph, settings, tmp_path):
    seed(graph)
    with running_api(graph, settings) as (url, headers):
        saved = httpx.post(f"{url}/sandbox/accounts/ACME", headers=headers, timeout=300, json={
            "as_of": AS_OF, "save": True,
            "scenarios": [{"name": NAME, "change": [{"kind": "decision_maker_leaves", "contact": "c2"}]}]})
        assert saved.status_code == 200, saved.text
        api = httpx.post(f"{url}/sandbox/accounts/ACME", headers=headers, timeout=300,
                         json={"as_of": AS_OF, "saved": [NAME]}).json()
        base, sc = api["baseline"], api["scenarios"][0]
        with Browser() as b:
            b.open(f"{url}/accounts/ACME/decision-chain?as_of={AS_OF}&scenario={quote(NAME)}", headers=headers,
                   timeout=300)
            b.wait_for("window.__dealgraphStable === true", timeout=120)  # layout under load
            panel = b.eval(PANEL)
            b.screenshot(tmp_path / "scenario.png")
            assert b.console_errors() == []
            assert NAME in panel["title"] and panel["changes"] == ["decision_maker_leaves"]
            assert panel["dms"] == [_names(base), _names(sc)] and "李明" in panel["dms"][0] and \
                "李明" not in panel["dms"][1]
            assert panel["engaged"] == ["yes", "no"]
            assert panel["deals"] == [{"id": o["opportunity_id"],
                                       "base": f"{base_o['win_probability'] * 100:.1f}%",
                                       "scen": f"{o['win_probability'] * 100:.1f}%",
                                       "delta": sc["vs_baseline"]["win_probability"][o["opportunity_id"]]}
                                      for o, base_o in zip(sc["opportunities"], base["opportunities"], strict=True)]
            assert panel["deals"] and all(d["delta"] < 0 for d in panel["deals"])
            # delay risk and the forecast, recomputed for the scenario: same timing, a smaller chance of a win
            t = sc["vs_baseline"]["timing"]
            assert [(r["id"], r["delta"]) for r in panel["risk"]] == [(r["opportunity_id"], 0.0)
                                                                     for r in sc["delay_risk"]]
            assert panel["risk"][0]["base"].startswith(f"{base['delay_risk'][0]['p_overrun'] * 100:.1f}%")
            assert [(r["id"], r["scen"], r["delta"]) for r in panel["won"]] == [
                (o["opportunity_id"], f"{o['p_win_in_horizon'] * 100:.1f}%", t["p_win_in_horizon"][o["opportunity_id"]])
                for o in sc["forecast"]["opportunities"]]
            assert panel["won"] and all(r["delta"] < 0 for r in panel["won"])
            assert len(panel["amount"]) == 1 and panel["amount"][0]["delta"] == t["expected_won_amount"] < 0
            assert panel["chainChanged"] == "true"
            # not saved: the panel says so, the rest of the page still works
            b.open(f"{url}/accounts/ACME/decision-chain?as_of={AS_OF}&scenario=nope", headers=headers, timeout=300)
            b.wait_for("window.__dealgraphStable === true", timeout=120)  # layout under load
            assert "'nope' is not saved" in b.eval("document.getElementById('dg-scenario-note').textContent")
            assert b.eval("document.querySelectorAll('#dg-next-actions h2').length") == 1
            assert b.console_errors() == []
            # without ?scenario the panel stays empty
            b.open(f"{url}/accounts/ACME/decision-chain?as_of={AS_OF}", headers=headers, timeout=300)
            b.wait_for("window.__dealgraphStable === true", timeout=120)  # layout under load
            assert b.eval("document.getElementById('dg-scenario').children.length") == 0
