"""An org chart file loads like every other ingest: schema records through ingest's statements, a
SourceRecord per contact, and loading the same files again leaves the graph exactly as it was."""

import json

import pytest

from dealgraph.errors import InputError
from dealgraph.ingest.orgchart.load import load
from tests.graph.test_roles_cli import CONTACTS, EDGES

pytestmark = pytest.mark.graph


def _files(tmp_path, contacts: str = CONTACTS, edges: str = EDGES):
    (tmp_path / "chart.csv").write_text(contacts, encoding="utf-8")
    (tmp_path / "ties.csv").write_text(edges, encoding="utf-8")
    return tmp_path / "chart.csv", tmp_path / "ties.csv"


def _everything(graph) -> list[str]:
    """Every node and relationship the load touched, with all properties, as sorted text (no ordering ties)."""
    nodes = graph.read("MATCH (n) WHERE n.id STARTS WITH 'file:chart' OR n.id STARTS WITH 'orgchart:file:chart' "
                       "RETURN labels(n) AS l, properties(n) AS p")
    rels = graph.read("MATCH (a)-[r]->(b) WHERE a.id STARTS WITH 'file:chart' OR a.id STARTS WITH 'orgchart:file:chart' "
                      "RETURN a.id AS a, type(r) AS t, properties(r) AS p, b.id AS b")
    return sorted(json.dumps(x, sort_keys=True, ensure_ascii=False, default=str) for x in nodes + rels)


def test_contacts_departments_and_ties_are_written_with_provenance(graph, tmp_path):
    org = load(graph, *_files(tmp_path))
    assert org.account_id == "file:chart" and org.contacts == 11 and org.edges == 3
    rows = graph.read(
        "MATCH (s:SourceRecord)-[r:RESOLVED_TO]->(c:Contact {account_id: 'file:chart'}) "
        "MATCH (c)-[:WORKS_FOR]->(a:Account {id: 'file:chart'}) "
        "RETURN c.id AS id, s.id AS sr, s.source AS source, s.name AS name, s.title AS title, r.method AS method")
    by = {r["id"]: r for r in rows}
    assert len(by) == 11
    assert by["file:chart:3"] == {"id": "file:chart:3", "sr": "orgchart:file:chart:3", "source": "orgchart",
                                  "name": "Zhang Wei", "title": "CIO", "method": "origin"}
    # Departments are the account's, the contact works in its own; lines from manager_id; ties with kind.
    got = graph.read("MATCH (c:Contact {id: 'file:chart:5'})-[:WORKS_IN]->(d:Department)-[:PART_OF]->(a:Account) "
                     "MATCH (c)-[:REPORTS_TO]->(m) RETURN d.name AS d, a.id AS a, m.id AS m, c.source_id AS sid")
    assert got == [{"d": "信息中心", "a": "file:chart", "m": "file:chart:3", "sid": "5"}]
    ties = graph.read("MATCH (:Contact {id: 'file:chart:6'})-[k:KNOWS]->(o) RETURN o.id AS o, k.kind AS kind, "
                      "k.strength AS s, k.source AS src ORDER BY o")
    assert ties == [{"o": "file:chart:3", "kind": "advises", "s": 0.9, "src": "orgchart"},
                    {"o": "file:chart:8", "kind": "friend", "s": 0.6, "src": "orgchart"},
                    {"o": "file:chart:9", "kind": "met", "s": 0.5, "src": "orgchart"}]
    # The email column is a contact field: on the contact and in its SourceRecord.
    assert graph.read("MATCH (s:SourceRecord {id: 'orgchart:file:chart:1'})-[:RESOLVED_TO]->(c) "
                      "RETURN c.email AS c, s.email AS s") == [{"c": "wq@x.cn", "s": "wq@x.cn"}]
    assert graph.read("MATCH (a:Account {id: 'file:chart'})<-[:RESOLVED_TO]-(s:SourceRecord) "
                      "RETURN a.name AS n, s.id AS s") == [{"n": "chart", "s": "orgchart:file:chart"}]


def test_loading_the_same_files_again_changes_nothing(graph, tmp_path):
    load(graph, *_files(tmp_path))
    before = _everything(graph)
    assert len(before) > 40
    load(graph, *_files(tmp_path))
    assert _everything(graph) == before


def test_a_reload_removes_dropped_people_with_their_source_record_and_clears_a_blank_title(graph, tmp_path):
    load(graph, *_files(tmp_path))
    changed = "\n".join(line.replace("陈静,高级工程师,", "陈静,,") for line in CONTACTS.splitlines()
                        if not line.startswith("10,")) + "\n"
    load(graph, *_files(tmp_path, changed))
    assert not graph.read("MATCH (n) WHERE n.id IN ['file:chart:10', 'orgchart:file:chart:10'] RETURN n")
    assert graph.read("MATCH (c:Contact {id: 'file:chart:6'}) RETURN c.title AS t") == [{"t": None}]


def test_a_bad_email_is_a_warning_and_the_row_still_loads(graph, tmp_path):
    org = load(graph, *_files(tmp_path, CONTACTS.replace("wq@x.cn", "wq at x")))
    assert any("chart.csv line 2: email 'wq at x' is not valid" in w for w in org.warnings)
    assert graph.read("MATCH (c:Contact {id: 'file:chart:1'}) RETURN c.email AS e, c.extra_email AS x, c.title AS t") \
        == [{"e": None, "x": "wq at x", "t": "总经理"}]


def test_an_existing_account_keeps_its_name(graph, tmp_path):
    graph.write("MERGE (a:Account {id: 'file:chart'}) SET a.name = '华信银行'")
    load(graph, *_files(tmp_path))
    assert graph.read("MATCH (a:Account {id: 'file:chart'}) RETURN a.name AS n") == [{"n": "华信银行"}]


def test_a_pair_may_have_ties_of_several_kinds(graph, tmp_path):
    load(graph, *_files(tmp_path, edges=EDGES + "6,3,friend,0.4\n"))
    assert graph.read("MATCH (:Contact {id: 'file:chart:6'})-[k:KNOWS]->(:Contact {id: 'file:chart:3'}) "
                      "RETURN k.kind AS k, k.strength AS s ORDER BY k") == [{"k": "advises", "s": 0.9},
                                                                           {"k": "friend", "s": 0.4}]
    load(graph, *_files(tmp_path))  # the friend tie is no longer in the file
    assert graph.read("MATCH (:Contact {id: 'file:chart:6'})-[k:KNOWS]->(:Contact {id: 'file:chart:3'}) "
                      "RETURN k.kind AS k") == [{"k": "advises"}]


def test_ids_equal_after_normalising_are_an_error_naming_the_lines(graph, tmp_path):
    body = "id,name,title,department,manager_id\nＡ1,甲,总经理,,\nA1,乙,经理,,\n"
    with pytest.raises(InputError, match=r"chart.csv line 3: id 'A1' is the same as line 2"):
        load(graph, *_files(tmp_path, body, "source,target\n"))
