"""Pending records are found by the marker writers set, and goldens are updated from stored
value counts: the same result as reading every member again."""

import json

import pytest

from dealgraph.graph.writes.statements import CYPHER
from dealgraph.ingest.identity import survivorship as sv
from dealgraph.ingest.identity.graph_store import resolve_graph

pytestmark = pytest.mark.graph

PEOPLE = [("张伟", "甲科技有限公司", "1380013800"), ("李娜", "乙贸易有限公司", "1390013900"),
          ("王芳", "丙制造有限公司", "1370013700"), ("刘洋", "丁软件有限公司", "1360013600"),
          ("陈静", "戊物流有限公司", "1350013500"), ("杨磊", "己能源有限公司", "1340013400")]


def _rows(specs):
    return [{"id": rid, "props": {"source": rid.split(":")[0], "source_id": rid.split(":")[1], "kind": "person",
                                  "name": name, "company": company, "phone": phone}}
            for rid, name, company, phone in specs]


def _base():
    specs = []
    for k, (name, company, phone) in enumerate(PEOPLE):
        for ch in range(3):  # each person seen in three channels
            specs.append((f"ch{ch}:{k}", name, company, phone + str(k % 10)))
    return specs


def _dirty(graph):
    return sorted(r["id"] for r in graph.read("MATCH (s:SourceRecord) WHERE s.idm_dirty = true RETURN s.id AS id"))


def _goldens(graph):
    return graph.read("MATCH (s:SourceRecord)-[:RESOLVED_TO]->(n:Contact) WITH n, collect(s {.*}) AS ms "
                      "RETURN n.id AS id, n.idm_counts AS counts, n.name AS name, n.phone AS phone, "
                      "n.idm_sources AS size, ms ORDER BY id")


def test_writers_mark_changed_records_and_goldens_keep_counts(graph):
    graph.write(CYPHER["source_record"], rows=_rows(_base()))
    assert len(_dirty(graph)) == 18  # new records are pending
    first = resolve_graph(graph)
    assert first["mode"] == "full"
    assert _dirty(graph) == []
    assert len(_goldens(graph)) == len(PEOPLE)
    # Writing the same rows again marks nothing (and a resolve writes nothing).
    graph.write(CYPHER["source_record"], rows=_rows(_base()))
    assert _dirty(graph) == []
    assert resolve_graph(graph)["changed"] == 0
    # One record changes, two arrive (one more appearance of 张伟, one stranger).
    new = [("ch1:2", "王芳芳", "丙制造有限公司", "13700137002"), ("ch3:0", "张伟", "甲科技有限公司", "13800138000"),
           ("ch3:9", "赵敏", "庚化工有限公司", "13300133009")]
    graph.write(CYPHER["source_record"], rows=_rows(new))
    assert _dirty(graph) == ["ch1:2", "ch3:0", "ch3:9"]
    out = resolve_graph(graph)
    assert out["mode"] == "incremental" and out["changed"] == 3
    assert _dirty(graph) == []
    for gold in _goldens(graph):  # counts cover exactly the members; fields as from all members
        counts = json.loads(gold["counts"])
        assert sv.size(counts) == gold["size"] == len(gold["ms"])
        assert counts == sv.counts("person", gold["ms"])
        assert gold["name"] == sv.survivorship("person", gold["ms"])["name"]
    zhang = graph.read("MATCH (:SourceRecord {id: 'ch3:0'})-[:RESOLVED_TO]->(n) "
                       "RETURN n.idm_sources AS size")[0]["size"]
    assert zhang == 4


def test_a_record_written_without_the_marker_is_still_found(graph):
    graph.write(CYPHER["source_record"], rows=_rows(_base()))
    resolve_graph(graph)
    # A record created by hand (or by a bulk import) carries no marker: the run compares every record.
    graph.write("CREATE (s:SourceRecord {id: 'hand:1', source: 'hand', source_id: '1', kind: 'person', "
                "name: '李娜', company: '乙贸易有限公司', phone: '13900139001'})")
    out = resolve_graph(graph)
    assert out["changed"] == 1
    assert graph.read("MATCH (:SourceRecord {id: 'hand:1'})-[:RESOLVED_TO]->(n)<-[:RESOLVED_TO]-(:SourceRecord "
                      "{id: 'ch0:1'}) RETURN count(n) AS n")[0]["n"] == 1
