"""Interactions are immutable by id: relationships are created once, whatever is replayed."""

import json

import pytest

from dealgraph.ingest.pipeline import ingest_files

pytestmark = pytest.mark.graph

MAPPING = """
[[files]]
match = "meetings*"
entity = "interaction"
source = "crm"
[files.defaults]
kind = "meeting"
"""


def rel_counts(graph):
    return {r["i"]: (r["inv"], r["by"]) for r in graph.read(
        "MATCH (i:Interaction) RETURN i.id AS i, COUNT { (i)-[:INVOLVES]->() } AS inv, "
        "COUNT { (i)-[:BY]->() } AS by")}


def test_duplicate_ids_and_reloads_create_each_relationship_once(graph, tmp_path):
    (tmp_path / "m.toml").write_text(MAPPING, encoding="utf-8")
    rows = [{"id": "m1", "at": "2024-05-06", "contact_ids": "c1;c2", "user_id": "u1", "topic": "报价"},
            {"id": "m2", "at": "2024-05-07", "contact_ids": "c2", "topic": "demo"},
            {"id": "m1", "at": "2024-05-06", "contact_ids": "c1;c2", "user_id": "u1", "topic": "报价 v2"}]
    f = tmp_path / "meetings.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    for batch_size in (10, 1, 10):  # same batch, separate batches, then a full reload
        s = ingest_files(graph, [f], tmp_path / "m.toml", reject_dir=tmp_path / "r", batch_size=batch_size)
        assert s.loaded == 3 and s.rejected == 0
        assert rel_counts(graph) == {"m1": (2, 1), "m2": (1, 0)}
    # properties still follow the last row for the id
    assert graph.read("MATCH (i:Interaction {id: 'm1'}) RETURN i.topic AS t")[0]["t"] == "报价 v2"
    assert graph.read("MATCH (c:Contact {id: 'c2'}) RETURN c.stub AS s")[0]["s"] is True
