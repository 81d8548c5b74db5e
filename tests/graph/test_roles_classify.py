"""Roles on a real Neo4j + GDS: rule, written properties, user labels, the GDS pipeline, paths."""

import pytest

from dealgraph.algorithms.roles import classify, introduction_paths

pytestmark = pytest.mark.graph


def make_account(graph, aid: str, boss: dict[str, str], titles: dict[str, str] | None = None) -> list[str]:
    """Contacts `<aid>-<key>` with REPORTS_TO lines; titles optional."""
    ids = sorted({*boss, *boss.values()})
    graph.write("MERGE (:Account {id: $a, name: $a})", a=aid)
    graph.write_batch("UNWIND $rows AS r CREATE (:Contact {id: r.id, name: r.name, title: r.title, account_id: r.a})",
                      [{"id": f"{aid}-{k}", "name": k, "title": (titles or {}).get(k, ""), "a": aid} for k in ids])
    graph.write_batch("UNWIND $rows AS r MATCH (c:Contact {id: r.c}), (m:Contact {id: r.m}) "
                      "CREATE (c)-[:REPORTS_TO]->(m)", [{"c": f"{aid}-{c}", "m": f"{aid}-{m}"} for c, m in boss.items()])
    return [f"{aid}-{k}" for k in ids]


def tree(heads: int = 3, staff: int = 3) -> dict[str, str]:
    boss = {f"h{i}": "top" for i in range(heads)}
    boss |= {f"s{i}{j}": f"h{i}" for i in range(heads) for j in range(staff)}
    return boss


def roles_of(graph, aid):
    return {r["id"].split("-", 1)[1]: r for r in graph.read(
        "MATCH (c:Contact {account_id: $a}) RETURN c.id AS id, c.role AS role, c.role_confidence AS conf, "
        "c.role_evidence AS evidence, c.role_model AS model, c.role_scored_at AS at", a=aid)}


def test_top_of_a_pure_reporting_chart_is_the_decision_maker(graph):
    # Only reporting lines: no titles, no interactions, no ties.
    make_account(graph, "A", tree(4, 5))
    report = classify(graph, ["A"])
    assert report.contacts == 25 and report.model.startswith("roles-semantics")
    got = roles_of(graph, "A")
    assert got["top"]["role"] == "decision_maker"
    assert all(got[f"s{i}{j}"]["role"] == "executor" for i in range(4) for j in range(5))
    for r in got.values():  # every contact carries the full result
        assert 0.0 <= r["conf"] <= 1.0 and r["evidence"] and r["model"] == "roles-semantics-2.0" and r["at"]
    assert got["top"]["evidence"][0].startswith("top of the hierarchy: signs the purchase off")
    assert any("5 direct report(s)" in e for e in got["h0"]["evidence"])


def test_behaviour_and_titles_show_in_evidence(graph):
    make_account(graph, "B", tree(3, 3), {"top": "总经理", "h0": "采购部经理", "h1": "IT Manager", "s20": "工程师"})
    graph.write("MERGE (u:User {id: 'u1', name: 'Sales Rep'})")
    for n, (kind, people) in enumerate([("procurement", ["top", "h0"]), ("procurement", ["h0"]),
                                        ("approval", ["h0", "top"]), ("technical", ["h1", "s20"])]):
        graph.write("CREATE (i:Interaction {id: $id, kind: 'meeting', meeting_type: $k, topic: $t}) "
                    "WITH i UNWIND $people AS p MATCH (c:Contact {id: p}) CREATE (i)-[:INVOLVES]->(c)",
                    id=f"i{n}", k=kind, t="预算审批" if kind != "technical" else "技术方案评估",
                    people=[f"B-{p}" for p in people])
    classify(graph, ["B"])
    got = roles_of(graph, "B")
    assert got["top"]["role"] == "decision_maker"
    text = " | ".join(got["h0"]["evidence"])
    assert "attended 3 of 3 procurement/approval meetings" in text
    assert "reports to top (总经理)" in text
    assert got["h0"]["role"] in ("decision_maker", "influencer")


def test_user_label_wins_and_is_kept(graph):
    make_account(graph, "C", tree(2, 2))
    graph.write("MATCH (c:Contact {id: 'C-s10'}) SET c.role_label = 'decision_maker'")
    report = classify(graph, ["C"])
    assert report.model.startswith("roles-semantics")  # one label is too few to train on
    got = roles_of(graph, "C")
    assert got["s10"]["role"] == "decision_maker" and got["s10"]["conf"] == 1.0
    assert got["s10"]["model"] == "user-label"
    assert got["s10"]["evidence"][0] == "confirmed by a user as decision maker"
    assert got["s11"]["role"] == "executor"


def test_gds_pipeline_trains_and_predicts(graph):
    # Four accounts; the truth: top decides, heads influence, staff execute. Three are labelled.
    titles = {"top": "总经理", **{f"h{i}": "部门经理" for i in range(4)}, **{f"s{i}{j}": "专员" for i in range(4)
                                                                    for j in range(4)}}
    labels = {}
    for aid in ("P1", "P2", "P3", "P4"):
        for cid in make_account(graph, aid, tree(4, 4), titles):
            key = cid.split("-", 1)[1]
            if aid != "P4":
                labels[cid] = "decision_maker" if key == "top" else "influencer" if key[0] == "h" else "executor"
    report = classify(graph, ["P4"], labels=labels, use_model=True, collect=True)
    assert report.model.startswith("roles-gds-nc-1.0+") and "labels=63" in report.model
    assert report.model_metrics["F1_MACRO"]["test"] is not None
    pred = {r["id"]: r for r in report.results}
    truth = {"P4-top": "decision_maker", **{f"P4-h{i}": "influencer" for i in range(4)},
             **{f"P4-s{i}{j}": "executor" for i in range(4) for j in range(4)}}
    right = sum(pred[c]["role"] == t for c, t in truth.items())
    assert right >= 19, {c: pred[c]["role"] for c in truth}
    assert pred["P4-s00"]["evidence"][0].startswith("GDS node-classification model")
    assert graph.read("CALL gds.model.list() YIELD modelName RETURN count(*) AS n")[0]["n"] == 0  # dropped


def test_introduction_paths_reach_the_decision_maker_with_reasons(graph):
    make_account(graph, "D", tree(2, 2), {"top": "董事长"})
    graph.write("MERGE (u:User {id: 'owner', name: '李销售'}) WITH u MATCH (a:Account {id: 'D'}) MERGE (u)-[:OWNS]->(a)")
    graph.write("CREATE (i:Interaction {id: 'x1', kind: 'meeting', at: '2026-10-01'}) WITH i "
                "MATCH (u:User {id: 'owner'}), (c:Contact {id: 'D-s00'}) CREATE (i)-[:BY]->(u), (i)-[:INVOLVES]->(c)")
    graph.write("MATCH (a:Contact {id: 'D-s00'}), (b:Contact {id: 'D-top'}) CREATE (a)-[:KNOWS {strength: 0.9}]->(b)")
    classify(graph, ["D"])
    found = introduction_paths(graph, "D")
    best = next(p for p in found if p["decision_maker"]["id"] == "D-top" and p["rank"] == 1)
    assert best["reachable"]
    assert [h["relation"] for h in best["hops"]] == ["interaction", "knows"]
    assert "李销售 had 1 interaction(s) with s00" in best["hops"][0]["reason"]
    assert "s00 knows top" in best["hops"][1]["reason"]
    assert best["summary"] == "李销售 -> s00 -> top"
    assert introduction_paths(graph, "no-such-account") == []
