"""Competitors, win probability and ranking from award history on a real Neo4j + GDS."""

import random

import pytest

from dealgraph.algorithms.competitors.predict import assess_tender, rank_open_tenders
from dealgraph.algorithms.competitors.store import load_history_csv
from dealgraph.algorithms.matching.store import load_capabilities_csv
from dealgraph.demo import tender_docs as gen
from dealgraph.ingest.tenders import parse_file
from dealgraph.ingest.tenders.store import store_tender

pytestmark = pytest.mark.graph


@pytest.fixture
def world(graph, tmp_path):
    truths = gen.write_tender_documents(tmp_path, random.Random(11), n=5, formats=("txt",), langs=("zh",))
    # most demo notices are admissible, a minority fail a pass/fail item: this seed draws both
    assert {t["disqualified"] for t in truths} == {True, False}
    load_capabilities_csv(graph, tmp_path / "capabilities.csv")
    n = load_history_csv(graph, tmp_path / "tender_history.csv", tmp_path / "awards.csv", ours=[gen.OUR_COMPANY])
    assert n == 160
    ids = [store_tender(graph, parse_file(tmp_path / "tenders" / t["file"])) for t in truths]
    return ids, truths


def test_competitors_come_from_similar_past_tenders(graph, world):
    ids, _truths = world
    a = assess_tender(graph, ids[0])
    assert a["competitors"], "similar past tenders should name rivals"
    assert all(c["company"] != gen.OUR_COMPANY for c in a["competitors"])
    assert abs(sum(c["score"] for c in a["competitors"]) - 1.0) < 0.35  # shares of the top five
    assert a["similar_tenders"] and a["similar_tenders"][0]["similarity"] > 0
    assert a["model"]["n_train"] == 160 and a["model"]["positives"] > 0
    assert 0.0 <= a["win_probability"] <= 1.0
    assert a["match_score"] is not None
    bidders = graph.read("MATCH (:Tender {id: $id})-[r:LIKELY_BIDDER]->(c:Company) RETURN c.name AS name, r.score AS s, "
                         "r.evidence AS ev ORDER BY s DESC", id=ids[0])
    assert [b["name"] for b in bidders] == [c["company"] for c in a["competitors"]] and bidders[0]["ev"]
    assert graph.read("MATCH (t:Tender {id: $id}) RETURN t.win_probability AS p", id=ids[0])[0]["p"] == \
        a["win_probability"]


def test_rank_orders_by_expected_value_and_zeroes_disqualified(graph, world):
    ids, _truths = world
    rows = rank_open_tenders(graph)
    assert {r["tender_id"] for r in rows} == set(ids)
    evs = [r["expected_value"] for r in rows]
    assert evs == sorted(evs, reverse=True)
    for r in rows:
        assert r["expected_value"] == pytest.approx(r["budget"] * r["win_probability"], rel=1e-6, abs=0.01)
        if r["disqualified"]:
            assert r["win_probability"] == 0.0 and r["disqualify_reasons"]
    # inadmissible exactly where the generator's truth says so (a failed qualification or ★ item), not merely low-scoring
    truth = dict(zip(ids, (t["disqualified"] for t in _truths)))
    assert {r["tender_id"]: bool(r["disqualified"]) for r in rows} == truth
    assert any(r["disqualified"] and any("qualification" in x for x in r["disqualify_reasons"]) for r in rows)


def test_relationship_with_the_buyer_raises_win_probability(graph, world):
    ids, truths = world
    tid = next(i for i, t in zip(ids, truths) if not t["disqualified"])  # an admissible notice
    before = assess_tender(graph, tid)
    assert before["disqualified"] is False and before["win_probability"] > 0
    buyer = before["tender"]["buyer"]
    graph.write("MERGE (a:Account {id: 'acc-b'}) SET a.name = $b "
                "MERGE (u:User {id: 'u1'}) MERGE (u)-[:OWNS]->(a) "
                "WITH a UNWIND range(1, 4) AS k "
                "MERGE (c:Contact {id: 'c' + k}) SET c.account_id = a.id, c.role = CASE k WHEN 1 THEN 'decision_maker' "
                "ELSE 'influencer' END "
                "WITH c UNWIND range(1, 6) AS j MERGE (i:Interaction {id: c.id + '-i' + j}) MERGE (i)-[:INVOLVES]->(c)",
                b=buyer)
    after = assess_tender(graph, tid)
    assert after["relationship"]["score"] > 0.5 and "decision maker" in after["relationship"]["evidence"][0]
    assert after["win_probability"] > before["win_probability"]


def test_competitors_job_keeps_what_the_algorithm_wrote(graph, world):
    """The API job reports assess_tender's result and writes nothing over it (it used to overwrite
    win_probability and competitors_at, the latter as a datetime instead of the algorithm's string)."""
    from dealgraph.api.job_kinds import competitors_job

    ids, _truths = world
    out = competitors_job(graph, {"tender_ids": ids[:2]})
    for r in out["results"]:
        t = graph.read("MATCH (t:Tender {id: $id}) OPTIONAL MATCH (t)-[x:LIKELY_BIDDER]->() "
                       "RETURN t.win_probability AS p, t.competitors_at AS at, t.competitor_predictions AS json, "
                       "collect(DISTINCT x.at) AS edge_at", id=r["tender_id"])[0]
        assert t["p"] == r["win_probability"] and t["json"] is None
        assert isinstance(t["at"], str) and t["edge_at"] in ([], [t["at"]])
