"""decisionChain introduction paths over HTTP: computed on demand, same in `graph` and
`introductionPaths`, left out with `graph(paths: false)`, filtered per account manager."""

import pytest

pytestmark = pytest.mark.graph

# u_am met c2 (in acc1); c2 reports to the decision maker c1 (path 1), and c2 knows c3 of the
# other account, who met c1 (path 2, through a contact the account manager may not see).
TIES = """
MATCH (u:User {id: 'u_am'}), (c2:Contact {id: 'c2'})
MERGE (i:Interaction {id: 'i_am', kind: 'call', at: datetime('2025-04-01T10:00:00Z')})
MERGE (i)-[:BY]->(u) MERGE (i)-[:INVOLVES]->(c2)
"""
Q = """{ decisionChain(accountId: "acc1") { introductionPaths pathsNote graph
                                             bare: graph(paths: false) } }"""


def test_paths_on_demand_and_scoped(client, seeded):
    seeded.write(TIES)
    d = client("admin").data(Q)["decisionChain"]
    paths = d["introductionPaths"]
    assert [p["rank"] for p in paths] == [1, 2] and paths[0]["decision_maker"]["id"] == "c1"
    assert [h["to"] for h in paths[0]["hops"]] == ["c2", "c1"]
    assert any(h["to"] == "c3" for h in paths[1]["hops"])
    assert d["graph"]["paths"] == paths and d["graph"]["paths_note"] == d["pathsNote"] is None
    assert d["bare"]["paths"] == [] and d["bare"]["paths_note"]
    strip = ("paths", "paths_note")
    assert {k: v for k, v in d["bare"].items() if k not in strip} == {
        k: v for k, v in d["graph"].items() if k not in strip}
    assert len(d["graph"]["nodes"]) >= 3 and d["graph"]["account"]["id"] == "acc1"

    am = client("account_manager")
    body = am.http.post("/graphql", json={"query": Q}).text
    assert "c3" not in body and "Secret" not in body  # path 2 runs through another account's contact
    d = am.data(Q)["decisionChain"]
    assert [p["rank"] for p in d["introductionPaths"]] == [1] and d["graph"]["paths"] == d["introductionPaths"]


def test_cached_chain_still_scoped_per_caller(seeded, start_server, keys):
    import httpx

    q = {"query": '{ decisionChain(accountId: "acc2") { graph(paths: false) } }'}
    with start_server(api_chain_cache_s=60) as s:
        admin = httpx.post(s.url + "/graphql", json=q, headers={"X-API-Key": keys["admin"]}).json()
        assert admin["data"]["decisionChain"]["graph"]["account"]["id"] == "acc2"  # now cached
        for _ in range(2):  # u_am does not own acc2: not even the warm entry shows
            am = httpx.post(s.url + "/graphql", json=q, headers={"X-API-Key": keys["account_manager"]}).json()
            assert am["data"]["decisionChain"] is None
        other = httpx.post(s.url + "/graphql", json=q, headers={"X-API-Key": keys["other_am"]}).json()
        assert other["data"]["decisionChain"]["graph"]["account"]["id"] == "acc2"
