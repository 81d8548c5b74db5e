"""The stream's event format: normalisation, named errors, reject lines; the Flink job's SQL text."""

import argparse
import base64
import json

import pytest

from dealgraph.stream import flink_job
from dealgraph.stream.events import BadEvent, normalise, person_key, read_jsonl
from dealgraph.stream.writer import window_rows


def test_normalise_canonical_identifiers_and_time():
    ev = normalise({"event_id": 42, "kind": "Page View", "at": "2026-11-05T10:00:00+08:00",
                    "phone": "138 0013 8000", "email": "Li.Lei@Example.CN", "cookie_id": "ck 1",
                    "account_name": "华东电力（集团）", "payload": {"page": "/价格"}})
    assert ev["event_id"] == "42" and ev["kind"] == "page_view"
    assert ev["at"] == "2026-11-05T02:00:00Z" and ev["at_ms"] == 1793844000000
    assert ev["phone"] == "+8613800138000" and ev["email"] == "li.lei@example.cn"
    assert json.loads(ev["payload"]) == {"page": "/价格"}
    assert person_key(ev) == "phone:+8613800138000"


@pytest.mark.parametrize("raw, field", [
    ({"kind": "page_view", "at": "2026-01-01", "email": "a@b.cn"}, "event_id"),
    ({"event_id": "1", "kind": "页面", "at": "2026-01-01", "email": "a@b.cn"}, "kind"),
    ({"event_id": "1", "kind": "call", "at": "not a time", "email": "a@b.cn"}, "at"),
    ({"event_id": "1", "kind": "call", "at": "2026-01-01"}, "(identifiers)"),
    ({"event_id": "1", "kind": "call", "at": "2026-01-01", "phone": "abc"}, "phone"),
    ({"event_id": "1", "kind": "call", "at": "2026-01-01", "email": "a@b.cn", "payload": [1]}, "payload"),
])
def test_bad_events_name_their_field(raw, field):
    with pytest.raises(BadEvent) as e:
        normalise(raw)
    assert e.value.field == field


def test_jsonl_rejects_name_file_line_and_field(tmp_path):
    f = tmp_path / "e.jsonl"
    f.write_text('{"event_id":"1","kind":"call","at":"2026-01-01","unionid":"u1"}\n\n{broken\n'
                 '{"event_id":"2","kind":"call","at":"2026-01-01"}\n', encoding="utf-8")
    got = list(read_jsonl(f))
    assert [n for n, ev, _ in got if ev] == [1]
    rejects = [r for _, _, r in got if r]
    assert [(r["line"], r["field"]) for r in rejects] == [(3, "(json)"), (4, "(identifiers)")]
    assert all(r["file"] == str(f) for r in rejects)


def test_window_rows_keep_the_fuller_repeat_and_map_keys():
    base = {"agg_scope": "person", "agg_key": "email:a@b.cn", "win_start": "2026-11-05 02:00:00.000",
            "win_end": "2026-11-05 03:00:00.000", "events": 2}
    rows = window_rows([base, {**base, "events": 3}, {**base, "events": 1},
                        {"agg_scope": "account", "agg_key": "ACC1", "win_start": "x", "events": 1},
                        {"agg_scope": "person", "agg_key": "lead_id:L1", "win_start": "x", "events": 1}])
    by = {r["id"]: r for r in rows}
    assert by["person|email:a@b.cn|2026-11-05 02:00:00.000"]["c"]["events"] == 3
    assert by["person|email:a@b.cn|2026-11-05 02:00:00.000"]["record"] == "stream-email:a@b.cn"
    assert by["person|lead_id:L1|x"]["lead_id"] == "L1" and by["person|lead_id:L1|x"]["record"] is None
    assert by["account|ACC1|x"]["key"] == "ACC1"


def test_flink_sql_dedupes_and_windows_on_the_jvm():
    a = argparse.Namespace(bootstrap="k:1", topic_in="e", topic_interactions="i", topic_aggregates="g", group="x",
                           window_minutes=30, out_of_order_s=5)
    sql = "\n".join(flink_job.statements(a))
    assert "ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY pt ASC)" in sql
    assert "TUMBLE(TABLE keyed, DESCRIPTOR(ts), INTERVAL '30' MINUTES)" in sql
    assert "%招标%" in sql and "%pricing%" in sql
    assert "CREATE FUNCTION" not in sql  # no Python UDF: no per-record round trip


def test_kafka_cluster_id_never_reads_as_an_option():
    from dealgraph.stream.kafka import _cluster_id

    ids = [_cluster_id() for _ in range(2000)]  # ~31 of 2000 raw draws start with '-'
    assert not any(i.startswith("-") for i in ids)
    assert all(len(base64.urlsafe_b64decode(i + "==")) == 16 for i in ids)
