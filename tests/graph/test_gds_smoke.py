import pytest

pytestmark = pytest.mark.graph


def test_pagerank_orders_a_star_hub_first(graph):
    # Five spokes point at the hub; one spoke points at spoke s1 -> hub > s1 > others.
    graph.write(
        "UNWIND range(1, 5) AS i CREATE (:P {id: 's' + i}) "
        "WITH count(*) AS _ CREATE (:P {id: 'hub'})"
    )
    graph.write("MATCH (s:P), (h:P {id: 'hub'}) WHERE s.id <> 'hub' CREATE (s)-[:LINKS]->(h)")
    graph.write("MATCH (a:P {id: 's2'}), (b:P {id: 's1'}) CREATE (a)-[:LINKS]->(b)")
    rows = graph.read(
        "CALL gds.graph.project('smoke', 'P', 'LINKS') YIELD graphName "
        "CALL gds.pageRank.stream('smoke') YIELD nodeId, score "
        "RETURN gds.util.asNode(nodeId).id AS id, score ORDER BY score DESC"
    )
    graph.run_autocommit("CALL gds.graph.drop('smoke')")
    order = [r["id"] for r in rows]
    assert order[0] == "hub"
    assert order[1] == "s1"
    assert rows[0]["score"] > rows[1]["score"] > rows[2]["score"]


def test_projection_is_dropped_even_after_an_error(graph):
    from dealgraph.graph.gds import projection

    graph.write("CREATE (:P {id: 'a'})-[:LINKS]->(:P {id: 'b'})")
    query = ("MATCH (s:P)-[:LINKS]->(t:P) "
             "RETURN gds.graph.project($graph_name, s, t, {}, $config).graphName AS g")
    with pytest.raises(RuntimeError), projection(graph, "t", query) as name:
        assert graph.read("CALL gds.graph.exists($n) YIELD exists RETURN exists", n=name)[0]["exists"]
        raise RuntimeError("boom")
    assert graph.read("CALL gds.graph.list() YIELD graphName RETURN count(*) AS n")[0]["n"] == 0
