"""Issue 13: a tender stored from a parsed notice is the node ingest writes from a tenders file row with the
notice's values (one statement per kind in graph/writes), plus what only a notice has."""

from __future__ import annotations

import json

import pytest

from dealgraph.ingest.pipeline import ingest_files
from dealgraph.ingest.tenders import parse_file
from dealgraph.ingest.tenders.store import store_tender

pytestmark = pytest.mark.graph

NOTICE = """杭州市数据中心网络设备采购项目 招标公告
项目编号：HZCG-2025-0301
采购人：杭州市数据资源管理局
预算金额：人民币 3,800,000.00 元
投标截止时间：2025年6月10日 09:30（北京时间）
"""

MAPPING = """
[[files]]
match = "tenders*"
entity = "tender"
source = "tenders"
"""

# Fields of the Tender record (what a tenders file can hold); the rest of a stored notice is notice-only.
RECORD_FIELDS = ("title", "number", "buyer", "buyer_account_id", "budget", "deadline", "region", "status")


def test_parsed_notice_and_tender_row_give_the_same_node(graph, tmp_path):
    graph.write("MERGE (a:Account {id: 'acc-1', name: '杭州市数据资源管理局'}) MERGE (t:Tender {id: 'row', stub: true})")
    notice = tmp_path / "n.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    parsed = parse_file(notice)
    tid = store_tender(graph, parsed)
    stored = graph.read("MATCH (t:Tender {id: $id}) RETURN properties(t) AS p", id=tid)[0]["p"]
    assert stored["deadline"] == "2025-06-10T01:30:00Z" and stored["budget"] == 3_800_000.0, stored
    assert stored["buyer_account_id"] == "acc-1" and "stub" not in stored

    row = {"id": "row", **{k: stored.get(k) for k in RECORD_FIELDS},
           "deadline": parsed.deadline, "budget": "380万"}  # the values as a tenders file writes them
    (tmp_path / "m.toml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "tenders.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    s = ingest_files(graph, [tmp_path / "tenders.jsonl"], tmp_path / "m.toml", reject_dir=tmp_path / "rejects")
    assert s.loaded == 1 and s.rejected == 0
    ingested = graph.read("MATCH (t:Tender {id: 'row'}) RETURN properties(t) AS p")[0]["p"]
    assert {k: v for k, v in stored.items() if k in RECORD_FIELDS or k == "stub"} == \
        {k: v for k, v in ingested.items() if k != "id"}
    # ingest links the buyer's account; a notice also names the buyer organization (past awards are keyed by it)
    issued = graph.read("MATCH (t:Tender)-[:ISSUED_BY]->(x) RETURN t.id AS t, labels(x)[0] AS l ORDER BY t, l")
    assert [(r["t"], r["l"]) for r in issued] == [("row", "Account"), (tid, "Account"), (tid, "Organization")]
