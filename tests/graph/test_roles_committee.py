"""Buying committee per open opportunity: purchase area from the product line, idempotent writes."""

import pytest

from dealgraph.algorithms.roles.committee import purchase_area
from tests.graph.test_roles_cli import CONTACTS, EDGES, dealgraph

pytestmark = pytest.mark.graph


@pytest.mark.parametrize("line, area", [
    ("", "it"), ("finance", "finance"), ("ERP 财务系统", "finance"), ("CRM", "marketing"), ("MES 生产执行", "operations"),
    ("数据中心扩容", "it"), ("采购平台 SRM", "procurement"),
])
def test_purchase_area_from_the_product_line(line, area):
    assert purchase_area(line) == area


def _groups(graph) -> dict[str, dict[str, str]]:
    rows = graph.read("MATCH (c:Contact)-[g:IN_BUYING_GROUP]->(o:Opportunity) "
                      "RETURN o.id AS o, c.source_id AS c, g.role AS role, g.purchase_area AS area, g.evidence AS ev")
    out: dict[str, dict[str, str]] = {}
    for r in rows:
        assert r["ev"] and r["area"]
        out.setdefault(r["o"], {})[r["c"]] = r["role"]
    return out


def test_each_open_opportunity_gets_its_committee_and_reruns_change_nothing(graph, tmp_path):
    (tmp_path / "org.csv").write_text(CONTACTS, encoding="utf-8")
    (tmp_path / "edges.csv").write_text(EDGES, encoding="utf-8")
    assert dealgraph("roles", "classify", "--contacts", str(tmp_path / "org.csv"), "--edges",
                     str(tmp_path / "edges.csv"), "--json").returncode == 0
    graph.write("MATCH (a:Account {id: 'file:org'}) "
                "MERGE (:Opportunity {id: 'O-it', name: '数据中台'})-[:FOR]->(a) "
                "MERGE (:Opportunity {id: 'O-fin', name: 'ERP', product_line: 'finance'})-[:FOR]->(a) "
                "MERGE (:Opportunity {id: 'O-won', name: 'old deal', closed_won: true})-[:FOR]->(a)")
    run = dealgraph("roles", "classify", "--account", "file:org")
    assert run.returncode == 0 and "2 open opportunities" in run.stdout
    groups = _groups(graph)
    assert set(groups) == {"O-it", "O-fin"}                       # the closed deal has no committee
    assert groups["O-it"]["1"] == groups["O-fin"]["1"] == "decision_maker"   # the top signs both
    assert groups["O-it"]["3"] == "decision_maker"                # the CIO owns the IT budget ...
    assert groups["O-fin"]["2"] == "decision_maker"               # ... the finance VP the ERP's
    assert groups["O-fin"].get("3") != "decision_maker"
    assert "7" not in groups["O-it"]                              # staff are not on a committee
    before = graph.read("MATCH (c)-[g:IN_BUYING_GROUP]->(o) RETURN c.id AS c, o.id AS o, properties(g) AS p "
                        "ORDER BY c, o")
    dealgraph("roles", "classify", "--account", "file:org")
    after = graph.read("MATCH (c)-[g:IN_BUYING_GROUP]->(o) RETURN c.id AS c, o.id AS o, properties(g) AS p "
                       "ORDER BY c, o")
    assert after == before
    # A closed deal keeps its committee as the record of who decided; it is no longer recomputed.
    graph.write("MATCH (o:Opportunity {id: 'O-fin'}) SET o.closed_won = false")
    graph.write("MATCH (c:Contact {source_id: '2'})-[g:IN_BUYING_GROUP]->(:Opportunity {id: 'O-fin'}) "
                "SET g.note = 'kept'")
    dealgraph("roles", "classify", "--account", "file:org")
    assert graph.read("MATCH ()-[g:IN_BUYING_GROUP {note: 'kept'}]->() RETURN count(g) AS n")[0]["n"] == 1
