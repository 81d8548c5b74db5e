"""Incremental runs merge two existing goldens that a new record links, as one run over all
records would: records, aliases and relationships move to the kept golden; a split is never
undone by a later record."""

import pytest

from dealgraph.demo.identity_noise import generate_cn
from dealgraph.graph.writes.statements import CYPHER
from dealgraph.ingest.identity.graph_store import resolve_graph, split_record

pytestmark = pytest.mark.graph

PROPS = ("kind", "name", "company", "email", "phone", "wecom_unionid", "credit_code", "title", "city")


def _write(graph, rows):
    graph.write(CYPHER["source_record"], rows=[{"id": r["record_id"], "props": {p: r[p] for p in PROPS if r.get(p)}}
                                               for r in rows])


def _golden(graph):
    return {r["rid"]: r["gid"] for r in graph.read("MATCH (s:SourceRecord)-[:RESOLVED_TO]->(n) "
                                                    "RETURN s.id AS rid, n.id AS gid")}


def test_new_records_merge_the_goldens_they_link_and_a_split_stays(graph):
    rows, _ = generate_cn(600, 120, noise=0.2, seed=3)
    base, late = rows[:-150], rows[-150:]
    _write(graph, base)
    assert resolve_graph(graph)["mode"] == "full"
    # Each golden carries a relationship of its own, to see it move with a merge.
    graph.write("MATCH (n:Contact) CREATE (n)-[:TAGGED]->(:Tag {id: n.id})")
    before = _golden(graph)
    _write(graph, late)
    out = resolve_graph(graph)
    assert out["mode"] == "incremental" and out["goldens_merged_away"] > 0
    after = _golden(graph)
    new_ids = {r["record_id"] for r in late}
    touched = {after[r] for r in new_ids}
    gone = set(before.values()) - set(after.values())
    assert len(gone) == out["goldens_merged_away"]
    for old in gone:
        kept = {after[r] for r, g in before.items() if g == old}
        assert len(kept) == 1  # all its records moved together...
        (k,) = kept
        assert k in touched  # ...into a golden a new record joined
        # the golden itself, not the Tag carrying the same id (which of the two came first varied)
        row = graph.read("MATCH (n {id: $k}) WHERE n:Contact OR n:Account "
                         "OPTIONAL MATCH (n)-[t:TAGGED]->(:Tag {id: $old}) "
                         "RETURN n.idm_aliases AS aliases, t.moved_from AS moved", k=k, old=old)[0]
        assert old in row["aliases"] and row["moved"] == old
        assert not graph.read("MATCH (n:Contact {id: $old}) RETURN n", old=old)
    for rid, gid in before.items():
        assert after[rid] == gid or after[rid] in touched
    # Nothing new: nothing changes.
    assert resolve_graph(graph)["changed"] == 0 and _golden(graph) == after
    # A reviewer splits one merged-away record off; a later copy of it links both sides again,
    # yet the split (cannot-links) holds.
    old = min(gone)
    rid = min(r for r, g in before.items() if g == old)
    k = after[rid]
    split_record(graph, rid)
    mine = _golden(graph)[rid]
    assert mine != k
    copy = next(dict(r) for r in base if r["record_id"] == rid)
    copy["record_id"] = rid + ":again"
    _write(graph, [copy])
    resolve_graph(graph)
    final = _golden(graph)
    assert final[rid] != final[next(r for r, g in after.items() if g == k and r != rid)]
