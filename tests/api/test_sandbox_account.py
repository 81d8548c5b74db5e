"""Account sandbox over real HTTP and the real graph: POST /sandbox/accounts/{id} compares two scenarios,
leaves the live graph unchanged, answers an account manager's other account with 404, bad scenarios with 400."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))
from account_world import AS_OF, seed

pytestmark = [pytest.mark.api, pytest.mark.graph]

SNAPSHOT = """
MATCH (n) OPTIONAL MATCH (n)-[r]->(m)
RETURN elementId(n) AS n, labels(n) AS labels, properties(n) AS props, type(r) AS type, properties(r) AS rprops,
       elementId(m) AS m
"""


def _snapshot(graph) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in graph.read(SNAPSHOT))


def test_account_scenarios_over_http(client, graph, keys):
    seed(graph)
    graph.write("MATCH (u:User {id: 'u_am'}), (a:Account {id: 'B00'}) MERGE (u)-[:OWNS]->(a)")
    before = _snapshot(graph)
    body = {"as_of": AS_OF, "scenarios": [
        {"name": "CIO 离职", "change": [{"kind": "decision_maker_leaves", "contact": "c2"}]},
        {"name": "张强 promoted", "change": [{"kind": "contact_leaves", "contact": "c2"},
                                             {"kind": "role_change", "contact": "c3", "title": "首席信息官",
                                              "reports_to": "c1"},
                                             {"kind": "meeting", "contact": "c3"}]}]}
    # the first call imports scikit-learn in the server: minutes on a loaded 2-core machine
    r = client("admin").http.post("/sandbox/accounts/ACME", json=body, timeout=300)
    assert r.status_code == 200, r.text
    res = r.json()
    leaves, promoted = res["scenarios"]
    assert leaves["vs_baseline"]["win_probability"]["ACME-OPP"] < 0 and leaves["vs_baseline"]["chain_changed"]
    assert promoted["vs_first_scenario"]["win_probability"]["ACME-OPP"] > 0
    assert "c3" in promoted["vs_first_scenario"]["decision_makers_added"]
    assert all(p["hops"] for p in res["baseline"]["paths"] if p["reachable"])
    assert _snapshot(graph) == before
    am = client("account_manager").http
    # not their account: the same 404 as a missing one
    assert am.post("/sandbox/accounts/ACME", json=body).status_code == 404
    assert client("admin").http.post("/sandbox/accounts/NOPE", json=body).status_code == 404
    # their own account: a contact of another account named in a change is a 400, naming the change
    r = am.post("/sandbox/accounts/B00", json={"as_of": AS_OF, "scenarios": [
        {"name": "probe", "change": [{"kind": "contact_leaves", "contact": "c2"}]}]})
    assert r.status_code == 400 and "change 1" in r.json()["detail"] and "is not a contact" in r.json()["detail"]
    r = am.post("/sandbox/accounts/B00", json={"as_of": AS_OF, "scenarios": [{"name": "same"}]}, timeout=120)
    assert r.status_code == 200, r.text
    r = client("admin").http.post("/sandbox/accounts/ACME", json={"as_of": "soon", "scenarios": [{"name": "x"}]})
    assert r.status_code == 400
    assert client(None).http.post("/sandbox/accounts/ACME", json=body).status_code == 401


RUN = """mutation($acc: ID, $sc: JSON, $saved: [String!], $save: Boolean!, $asOf: String) {
  runScenario(accountId: $acc, scenarios: $sc, saved: $saved, save: $save, asOf: $asOf) }"""
SAVED = "query($acc: ID) { savedScenarios(accountId: $acc) }"
DELETE = "mutation($acc: ID, $name: String!) { deleteScenario(accountId: $acc, name: $name) }"


def test_graphql_run_scenario_saves_and_compares_saved_ones(client, graph, keys):
    """runScenario over real HTTP: inline scenarios run on a copy and are saved; run again by name they give
    the same comparison; REST takes the saved names too; the account is scope-checked (FORBIDDEN for another's
    or a missing one), saving needs a writer; the live graph's customer world is unchanged."""
    seed(graph)
    graph.write("MATCH (u:User {id: 'u_am'}), (a:Account {id: 'B00'}) MERGE (u)-[:OWNS]->(a)")
    before = _snapshot(graph)
    admin = client("admin")
    scenarios = [{"name": "CIO 离职", "change": [{"kind": "decision_maker_leaves", "contact": "c2"}]},
                 {"name": "meeting c3", "change": [{"kind": "meeting", "contact": "c3"}]}]
    admin.http.timeout = 300  # the first call imports scikit-learn in the server
    inline = admin.data(RUN, acc="ACME", sc=scenarios, save=True, asOf=AS_OF)["runScenario"]
    assert inline["saved"] == ["account/ACME/CIO 离职", "account/ACME/meeting c3"]
    assert inline["scenarios"][0]["vs_baseline"]["win_probability"]["ACME-OPP"] < 0
    listed = admin.data(SAVED, acc="ACME")["savedScenarios"]
    assert [(s["name"], s["changes"]) for s in listed] == [(s["name"], s["change"]) for s in scenarios]
    # the customer's world is as it was: only the two scenarios were added
    assert [x for x in _snapshot(graph) if '"Scenario"' not in x] == before
    by_name = admin.data(RUN, acc="ACME", saved=["CIO 离职", "meeting c3"], save=False, asOf=AS_OF)["runScenario"]
    assert by_name["baseline"] == inline["baseline"]
    assert [s["vs_baseline"] for s in by_name["scenarios"]] == [s["vs_baseline"] for s in inline["scenarios"]]
    assert by_name["scenarios"][1]["vs_first_scenario"] == inline["scenarios"][1]["vs_first_scenario"]
    rest = admin.http.post("/sandbox/accounts/ACME", json={"as_of": AS_OF, "saved": ["meeting c3"]})
    assert rest.status_code == 200, rest.text
    assert rest.json()["scenarios"][0]["vs_baseline"] == inline["scenarios"][1]["vs_baseline"]
    assert admin.http.get("/sandbox/scenarios", params={"account_id": "ACME"}).json()["scenarios"] == listed
    missing = admin.gql(RUN, acc="ACME", saved=["nope"], save=False, asOf=AS_OF)
    assert missing["errors"][0]["extensions"]["code"] == "BAD_INPUT" and "'nope' is not saved" in \
        missing["errors"][0]["message"]
    # scope: another's account and a missing one get the same FORBIDDEN; its scenarios are not listed
    am = client("account_manager")
    for acc in ("ACME", "NOPE"):
        body = am.gql(RUN, acc=acc, saved=["CIO 离职"], save=False, asOf=AS_OF)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
        assert am.gql(SAVED, acc=acc)["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert am.http.get("/sandbox/scenarios", params={"account_id": acc}).status_code == 404
    assert am.gql(DELETE, acc="ACME", name="CIO 离职")["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # their own account: saved for it, not for ACME
    am.http.timeout = 300
    own = am.data(RUN, acc="B00", sc=[{"name": "same", "change": []}], save=True, asOf=AS_OF)["runScenario"]
    assert own["saved"] == ["account/B00/same"]
    assert [s["name"] for s in am.data(SAVED, acc="B00")["savedScenarios"]] == ["same"]
    # reading may run scenarios, not save them
    ro = client("read_only")
    assert ro.gql(RUN, acc="ACME", sc=scenarios[:1], save=True, asOf=AS_OF)["errors"][0]["extensions"]["code"] == \
        "FORBIDDEN"
    assert admin.data(DELETE, acc="ACME", name="meeting c3")["deleteScenario"] is True
    assert [s["name"] for s in admin.data(SAVED, acc="ACME")["savedScenarios"]] == ["CIO 离职"]
    assert client(None).http.get("/sandbox/scenarios").status_code == 401


def test_graphql_pipeline_scenarios_are_the_savers_own(client, graph, keys):
    """Without an account, runScenario forecasts the caller's pipeline; saved pipeline scenarios belong to the
    user who saved them."""
    seed(graph)
    admin = client("admin")
    admin.http.timeout = 300
    sc = [{"name": "more wins", "change": [{"kind": "win_rate", "factor": 1.5}]}]
    res = admin.data(RUN, sc=sc, save=True, asOf=AS_OF)["runScenario"]
    assert res["saved"] == ["pipeline/u_admin/more wins"]
    assert res["scenarios"][0]["vs_baseline"]["won_count"]["p50"] >= 0
    again = admin.data(RUN, saved=["more wins"], save=False, asOf=AS_OF)["runScenario"]
    assert again["scenarios"][0]["won_count"] == res["scenarios"][0]["won_count"]
    assert [s["name"] for s in admin.data(SAVED)["savedScenarios"]] == ["more wins"]
    other = client("other_am")
    assert other.data(SAVED)["savedScenarios"] == []
    body = other.gql(RUN, saved=["more wins"], save=False, asOf=AS_OF)
    assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT" and "'more wins' is not saved" in \
        body["errors"][0]["message"]


MEET = "query($acc: ID!, $asOf: String) { meetActions(accountId: $acc, asOf: $asOf) }"


def test_meet_actions_over_rest_and_graphql(client, graph, keys):
    """'Meet the decision maker nobody has met' over real HTTP: REST and GraphQL give the same ranked actions,
    each meeting scored by the sandbox; another's account is 404 / FORBIDDEN; nothing when one has met us."""
    seed(graph)
    admin = client("admin")
    admin.http.timeout = 300
    met = admin.http.get("/sandbox/accounts/ACME/meet-actions", params={"as_of": AS_OF})
    assert met.status_code == 200, met.text
    assert met.json()["actions"] == []  # the CIO met us in an approval meeting
    graph.write("MATCH (i:Interaction {id: 'acme-i1'}) DETACH DELETE i")
    rest = admin.http.get("/sandbox/accounts/ACME/meet-actions", params={"as_of": AS_OF}).json()
    acts = rest["actions"]
    assert {a["contact"] for a in acts} >= {"c2"} and all(a["expected_change"]["won_amount"] > 0 for a in acts)
    assert all(a["evidence"]["path"]["summary"] in a["title"] for a in acts if a["evidence"]["path"])
    assert admin.data(MEET, acc="ACME", asOf=AS_OF)["meetActions"] == rest
    am = client("account_manager")
    assert am.http.get("/sandbox/accounts/ACME/meet-actions", params={"as_of": AS_OF}).status_code == 404
    assert am.gql(MEET, acc="ACME", asOf=AS_OF)["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bad = admin.http.get("/sandbox/accounts/ACME/meet-actions", params={"as_of": "soon"})
    assert bad.status_code == 400


NEXT = "query($acc: ID!, $asOf: String) { accountNextActions(accountId: $acc, asOf: $asOf) }"
RUN_TIMING = ("mutation($acc: ID, $s: JSON, $asOf: String, $h: Int!) { runScenario(accountId: $acc, scenarios: $s, "
              "asOf: $asOf, horizonDays: $h) }")


def test_account_next_actions_and_scenario_timing_over_rest_and_graphql(client, graph, keys):
    """Every kind of next action for one account, ranked, the same over REST and GraphQL (another's account:
    404 / FORBIDDEN); a close date that slips, through GraphQL runScenario, moves the deal's due date and lowers
    its chance of a win within the horizon."""
    from test_account_actions import _score, _world

    _world(graph)
    _score(graph, [{"id": "L-up", "score": 0.83, "priority": "A"}])
    admin = client("admin")
    admin.http.timeout = 300
    rest = admin.http.get("/sandbox/accounts/ACME/next-actions", params={"as_of": AS_OF})
    assert rest.status_code == 200, rest.text
    rest = rest.json()
    kinds = [a["action_id"].split(":")[0] for a in rest["actions"]]
    assert {"answer-star", "follow-lead"} <= set(kinds) and rest["account"] == "ACME"
    assert [a["rank"] for a in rest["actions"]] == list(range(1, len(kinds) + 1))
    assert admin.data(NEXT, acc="ACME", asOf=AS_OF)["accountNextActions"] == rest
    am = client("account_manager")
    assert am.http.get("/sandbox/accounts/ACME/next-actions", params={"as_of": AS_OF}).status_code == 404
    assert am.gql(NEXT, acc="ACME", asOf=AS_OF)["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    res = admin.data(RUN_TIMING, acc="ACME", asOf=AS_OF, h=60, s=[
        {"name": "slips", "change": [{"kind": "close_date_slips", "days": 45, "opportunity": "ACME-OPP"}]}])["runScenario"]
    base, slip = res["baseline"], res["scenarios"][0]
    assert slip["delay_risk"][0]["days_ahead"] == base["delay_risk"][0]["days_ahead"] + 45
    assert slip["vs_baseline"]["timing"]["p_win_in_horizon"]["ACME-OPP"] < 0 and res["horizon_days"] == 60
