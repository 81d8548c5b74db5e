"""The event stream end to end: a real Kafka broker, the real Flink job (PyFlink mini cluster) and the
graph writer against the test Neo4j. 1,000 events (Chinese and English identifiers, repeats) reach the
graph once each, a lead's score moves, a replay changes nothing, a killed writer loses and doubles
nothing, and everything stops. Small memory settings for CI."""

from __future__ import annotations

import json
import signal
import socket
import time
from datetime import UTC, datetime, timedelta

import pytest

from dealgraph.algorithms.leads.graph import rescore_leads
from dealgraph.stream.events import normalise
from dealgraph.stream.producer import send
from dealgraph.stream.runtime import Stream

pytestmark = pytest.mark.graph

NOW = datetime.now(UTC).replace(microsecond=0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _events(n: int, start: int = 0) -> list[dict]:
    """n events of 100 people; every 25th names lead LT1; people give cookie, then a form reveals them."""
    out = []
    t0 = NOW - timedelta(minutes=40)
    for i in range(start, start + n):
        p = i % 100
        ev = {"event_id": f"t-{i}", "kind": ("page_view", "search_lead", "form_submit", "ad_click")[i % 4],
              "at": (t0 + timedelta(seconds=2 * (i - start))).isoformat(), "channel": "website",
              "cookie_id": f"ck-{p}"}
        if i % 4 == 2:  # a form reveals who the cookie is
            ev["email"] = f"buyer{p}@例子.cn" if p % 8 == 6 else f"buyer{p}@example.com"
            ev["name"] = "王芳" if p % 8 == 6 else "Jane Smith"
        if i % 4 == 1:
            ev["payload"] = {"term": "智慧电网 招标" if p % 2 else "substation RFP"}
        if i % 4 == 0:
            ev["payload"] = {"page": "/pricing" if p % 3 == 0 else "/产品"}
        if i % 25 == 0:
            ev = {**ev, "lead_id": "LT1", "kind": "meeting", "payload": {"meeting_type": "procurement"}}
        out.append(normalise(ev))
    return out


def _snapshot(graph) -> dict:
    r = graph.read("""
MATCH (l:Lead {id: 'LT1'})
RETURN COUNT { MATCH (n) } AS nodes, COUNT { MATCH ()-[]->() } AS rels,
       COUNT { MATCH (i:Interaction {source: 'stream'}) } AS interactions,
       COUNT { MATCH (w:ActivityWindow) } AS windows,
       COLLECT { MATCH (w:ActivityWindow) RETURN w.id + '=' + toString(w.events) ORDER BY w.id } AS window_events,
       l.score AS score, l.priority AS priority, toString(l.scored_at) AS scored_at""")[0]
    return dict(r)


def _wait(cond, timeout: float, what: str, stream: Stream):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(1.0)
    raise AssertionError(f"timed out waiting for {what}; status {json.dumps(stream.status())}\n"
                         f"writer log:\n{stream.writer.log_tail()}\nflink log:\n{stream.flink.proc.log_tail()}")


def test_stream_end_to_end(graph, settings, tmp_path):
    graph.write("CREATE (l:Lead {id: 'LT1', created_at: $at, source: 'web', title: '采购经理'})"
                "-[:FROM_RECORD]->(:SourceRecord {id: 'web:LT1', source: 'web', source_id: 'LT1', kind: 'person'}) "
                "CREATE (:Lead {id: 'LT2', created_at: $at, source: 'web'})",
                at=(NOW - timedelta(days=1)).isoformat())
    rescore_leads(graph, ["LT1", "LT2"])
    before = _snapshot(graph)
    lt2_before = graph.read("MATCH (l:Lead {id: 'LT2'}) RETURN toString(l.scored_at) AS at")[0]["at"]

    s = settings.model_copy(update={
        "kafka_port": _free_port(), "kafka_controller_port": _free_port(), "kafka_heap": "200m",
        "flink_heap": "512m", "stream_jvm_opts": "-XX:TieredStopAtLevel=1",
        "stream_checkpoint_ms": 2000, "stream_window_minutes": 1, "stream_partitions": 2,
        "stream_topic": "test.events", "model_dir": tmp_path / "models"})
    stream = Stream(s)
    events = _events(1000)
    try:
        stream.start(timeout=240)
        assert stream.status()["running"]
        sent = send(s, events + events[:50])  # 50 repeats of event ids already sent
        assert sent == 1050

        _wait(lambda: _snapshot(graph)["interactions"] == 1000, 180, "1,000 interactions", stream)
        _wait(lambda: graph.read("MATCH (i:Interaction {source: 'stream'}) WHERE i.rescore_pending "
                                 "RETURN count(i) AS n")[0]["n"] == 0, 60, "lead re-scoring", stream)
        after = _snapshot(graph)

        # Each event once, involving one person; the lead's meetings reached it and moved its score.
        assert graph.read("MATCH (i:Interaction {source: 'stream'}) WHERE COUNT { (i)-[:INVOLVES]->() } <> 1 "
                          "RETURN count(i) AS n")[0]["n"] == 0
        assert graph.read("MATCH (:Lead {id: 'LT1'})-[:FROM_RECORD]->(s)<-[:INVOLVES]-(i:Interaction) "
                          "RETURN count(i) AS n")[0]["n"] == 40
        assert after["scored_at"] != before["scored_at"] and after["score"] != before["score"]
        assert graph.read("MATCH (l:Lead {id: 'LT2'}) RETURN toString(l.scored_at) AS at")[0]["at"] == lt2_before
        # The form stitched each cookie to the e-mail it revealed (Chinese and English addresses).
        stitched = {r["c"]: r["a"] for r in graph.read(
            "MATCH (c:SourceRecord)-[:SAME_AS]->(a) WHERE c.id STARTS WITH 'stream-cookie:' RETURN c.id AS c, a.id AS a")}
        assert stitched["stream-cookie:ck-2"] == "stream-email:buyer2@example.com"
        assert stitched["stream-cookie:ck-6"] == "stream-email:buyer6@例子.cn"
        # Closed one-minute windows hold exactly the distinct events of their minute.
        windows = graph.read("MATCH (w:ActivityWindow {scope: 'person'}) RETURN w.key AS key, w.start AS start, "
                             "w.events AS events")
        assert windows, "no closed window was written"
        for w in windows:
            start = datetime.fromisoformat(w["start"].replace(" ", "T")).replace(tzinfo=UTC)
            expect = {e["event_id"] for e in events
                      if f"{next(k for k in ('lead_id', 'phone', 'email', 'cookie_id') if e.get(k))}:"
                         f"{e[next(k for k in ('lead_id', 'phone', 'email', 'cookie_id') if e.get(k))]}" == w["key"]
                      and start.timestamp() * 1000 <= e["at_ms"] < start.timestamp() * 1000 + 60_000}
            assert w["events"] == len(expect), w
        st = stream.status()
        assert st["events_in"] == 1050 and st["last_graph_write_at"]
        assert set(st["topics"]) == {"events", "interactions", "aggregates"}

        # Replay everything: nothing in the graph changes (not even the lead's scored_at).
        send(s, events)
        time.sleep(s.stream_checkpoint_ms / 1000 * 2)
        stream.wait_idle(timeout=60)
        assert _snapshot(graph) == after

        # Kill the writer hard mid-stream and start it again: 300 new events arrive exactly once.
        more = _events(300, start=1000)
        send(s, more[:150])
        _wait(lambda: _snapshot(graph)["interactions"] > 1000, 60, "writer progress", stream)
        stream.writer.stop(timeout=1, sig=signal.SIGKILL)
        send(s, more[100:])  # 50 repeats across the kill
        stream.start_writer()
        _wait(lambda: _snapshot(graph)["interactions"] == 1300, 120, "1,300 interactions", stream)
        stream.wait_idle(timeout=60)
        assert _snapshot(graph)["interactions"] == 1300
    finally:
        stream.stop()
    assert not stream.status()["running"]
