"""An ingest re-scores only the leads whose signals it touched (issue 9: priority follows new signals)."""

import json
import time

import pytest

from dealgraph.algorithms.leads.graph import rescore_leads
from dealgraph.api.job_kinds import rescore_after_ingest
from dealgraph.ingest.pipeline import ingest_files

pytestmark = pytest.mark.graph

MAPPING = """
[[files]]
match = "contacts*"
entity = "contact"
source = "crm"

[[files]]
match = "leads*"
entity = "lead"
source = "website"

[[files]]
match = "meetings*"
entity = "interaction"
source = "crm"
"""

CONTACTS = [{"id": "c1", "name": "张伟", "title": "采购经理"}, {"id": "c2", "name": "Amy Lee", "title": "Engineer"}]
LEADS = [{"id": "l1", "created_at": "2026-11-01", "contact_id": "c1", "pages_visited": 2, "budget": 200000},
         {"id": "l2", "created_at": "2026-11-01", "contact_id": "c2", "pages_visited": 2, "budget": 200000}]
MEETINGS = [{"id": f"m{i}", "kind": "meeting", "at": "2026-11-05", "contact_ids": "c1",
             "meeting_type": "procurement", "topic": "采购评审"} for i in range(3)]


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _leads(graph):
    return {r["id"]: r for r in graph.read(
        "MATCH (l:Lead) RETURN l.id AS id, l.score AS score, l.bant_need AS need, toString(l.scored_at) AS at")}


def test_ingest_rescores_only_affected_leads(graph, tmp_path):
    m = tmp_path / "m.toml"
    m.write_text(MAPPING, encoding="utf-8")
    first = ingest_files(graph, [_jsonl(tmp_path / "contacts.jsonl", CONTACTS), _jsonl(tmp_path / "leads.jsonl", LEADS)],
                         m, reject_dir=tmp_path / "r")
    assert first.touched.ids["lead"] == {"l1", "l2"} and first.touched.ids["contact"] >= {"c1", "c2"}
    rescore_leads(graph)  # baseline: every lead scored once
    before = _leads(graph)

    time.sleep(0.01)
    s = ingest_files(graph, [_jsonl(tmp_path / "meetings.jsonl", MEETINGS)], m, reject_dir=tmp_path / "r")
    assert s.touched.ids == {"interaction": {"m0", "m1", "m2"}} and not s.touched.overflow
    out = rescore_after_ingest(graph, s, events=False)
    assert out["rescored"] == 1 and out["lead_ids"] == ["l1"]

    after = _leads(graph)
    assert after["l1"]["at"] != before["l1"]["at"]
    assert after["l1"]["need"] > before["l1"]["need"]  # three buying meetings are a need signal
    assert after["l1"]["score"] != before["l1"]["score"]
    assert after["l2"] == before["l2"]  # untouched lead: same score, same scored_at


def test_touched_ids_are_capped(monkeypatch):
    from dealgraph.ingest import pipeline

    monkeypatch.setattr(pipeline, "TOUCHED_CAP", 5)
    t = pipeline.Touched()
    t.add("contact", [{"id": f"c{i}"} for i in range(4)])
    t.add("tender", [{"id": "t1", "buyer_account_id": "a1"}, {"id": "t2", "buyer_account_id": None}])
    assert t.ids == {"contact": {"c0", "c1", "c2", "c3"}, "account": {"a1"}} and not t.overflow
    t.add("interaction", [{"id": "i1"}])
    assert t.overflow and t.ids == {}  # callers then re-score every lead
