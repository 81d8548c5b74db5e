"""The graph writer: the Flink job's output topics -> batched, idempotent writes -> touched leads re-scored.

One batch: the events not yet in the graph are resolved to a person (graph/queries/stream.py),
written with the ingest interaction statement (the same batches `dealgraph ingest` writes),
window aggregates are merged, the leads the new interactions touch are re-scored with the
promoted model, `lead.priority_changed` is queued for each lead whose class moved, and only then
are the Kafka offsets committed. A crash before the commit replays the batch: interactions
already in the graph are skipped (MERGE on `stream:<event_id>`), a lead re-score that had not
finished is done then (`rescore_pending`), so nothing is lost or doubled.

Run by `dealgraph stream start` as `python -m dealgraph.stream.writer`; `POST /events` uses
`write_events` directly when no stream runs.
"""

from __future__ import annotations

import json
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..config import Settings, get_settings
from ..graph.connection import Graph
from ..graph.queries import stream as q
from ..graph.writes.statements import CYPHER, unique_rows
from .events import IDENTIFIERS

GROUP = "dealgraph-graph-writer"
# identifier -> (SourceRecord source, the property ingest gives such a record)
ID_RECORDS = {"lead_id": ("stream-lead", "lead_id"), "phone": ("stream-phone", "phone"),
              "email": ("stream-email", "email"), "unionid": ("stream-unionid", "wecom_unionid"),
              "wecom_id": ("stream-wecom", "wecom_userid"), "cookie_id": ("stream-cookie", "cookie_id")}


def interaction_id(event_id: str) -> str:
    return f"stream:{event_id}"


def record_id(identifier: str, value: str) -> str:
    return f"{ID_RECORDS[identifier][0]}:{value}"


@dataclass
class Written:
    new: int = 0
    skipped: int = 0
    interaction_ids: list[str] = field(default_factory=list)
    lead_interactions: list[str] = field(default_factory=list)  # new or pending, reaching a lead
    lead_ids: set[str] = field(default_factory=set)
    lead_event_ids: set[str] = field(default_factory=set)
    rescored: int = 0


def _props(ev: dict[str, Any]) -> dict[str, Any]:
    payload = json.loads(ev["payload"]) if ev.get("payload") else {}
    props = {"kind": ev["kind"], "at": ev["at"], "channel": ev.get("channel") or "stream", "event_id": ev["event_id"],
             "source": "stream", "account_id": ev.get("account_id"), "payload": ev.get("payload"),
             "topic": payload.get("page") or payload.get("term") or payload.get("subject") or payload.get("topic"),
             "meeting_type": (payload.get("meeting_type") or "").lower() or None}
    return {k: v for k, v in props.items() if v is not None and not isinstance(v, dict | list)}


def write_events(graph: Graph, events: list[dict[str, Any]]) -> Written:
    """Write normalised events (stream/events.py) not yet in the graph; idempotent."""
    out = Written()
    by_id = {interaction_id(e["event_id"]): e for e in events}
    known = {r["id"]: r["pending"] for r in graph.read(q.EXISTING, ids=list(by_id))}
    out.skipped = len(known)
    out.lead_interactions = [i for i, pending in known.items() if pending]
    new = [(iid, e) for iid, e in by_id.items() if iid not in known]
    if not new:
        return out
    keys = {iid: [record_id(k, e[k]) for k in IDENTIFIERS if e.get(k) and k != "lead_id"] for iid, e in new}
    res = {r["eid"]: r for r in graph.read(q.RESOLVE, rows=[
        {"eid": iid, "lead_id": e.get("lead_id"), "keys": keys[iid]} for iid, e in new])}
    identities: dict[str, dict] = {}
    stitches: dict[str, dict] = {}
    lead_links: dict[str, dict] = {}
    rows = []
    for iid, e in new:
        r = res[iid]
        ids = keys[iid]
        lead_record = r["lead_record"] if r["lead_exists"] else None
        if e.get("lead_id") and not lead_record:  # an unknown lead, or one with no record yet: its own
            lead_record = record_id("lead_id", e["lead_id"])
            ids = [lead_record, *ids]
            if r["lead_exists"]:
                lead_links.setdefault(lead_record, {"lead_id": e["lead_id"], "id": lead_record})
        anchor = lead_record or r["anchor"] or ids[0]
        contact = r["lead_contact"] if r["lead_exists"] else r["contact"]
        for ident in IDENTIFIERS:
            if not e.get(ident) or (ident == "lead_id" and r["lead_exists"] and r["lead_record"]):
                continue
            rid = record_id(ident, e[ident])
            source, prop = ID_RECORDS[ident]
            identities.setdefault(rid, {"id": rid, "source": source, "source_id": e[ident],
                                        "props": {prop: e[ident], "seen_at": e["at"]}})
            if rid != anchor:
                stitches.setdefault(rid, {"id": rid, "anchor": anchor, "event_id": e["event_id"], "at": e["at"]})
        props = _props(e)
        reaches_lead = bool(r["lead_exists"] or r["has_lead"])
        if reaches_lead:
            props["rescore_pending"] = True
            out.lead_interactions.append(iid)
            out.lead_event_ids.add(iid)
            if r["lead_exists"]:
                out.lead_ids.add(e["lead_id"])
        target = contact or anchor
        rows.append({"id": iid, "props": props, "targets": [target], "user_id": None,
                     "ps": None if contact else target.split(":", 1)[0]})

    def tx_fn(tx) -> None:
        tx.run(q.IDENTITIES, rows=list(identities.values()))
        tx.run(q.LEAD_RECORDS, rows=list(lead_links.values()))
        tx.run(q.STITCH, rows=list(stitches.values()))
        tx.run(CYPHER["interaction"], rows=unique_rows("interaction", rows))

    graph.write_tx(tx_fn)
    out.new = len(rows)
    out.interaction_ids = [r["id"] for r in rows]
    return out


def window_rows(aggs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flink's aggregate records -> ActivityWindow rows (id: scope|key|start)."""
    rows = {}
    for a in aggs:
        scope, key = a.get("agg_scope"), a.get("agg_key")
        if scope not in ("person", "account") or not key or not a.get("win_start"):
            continue
        ident, _, value = key.partition(":") if scope == "person" else ("", "", key)
        row = {"id": f"{scope}|{key}|{a['win_start']}", "scope": scope, "key": key, "start": a["win_start"],
               "end": a.get("win_end"), "c": {k: int(a.get(k) or 0) for k in q.WINDOW_COUNTS},
               "lead_id": value if ident == "lead_id" else None,
               "record": record_id(ident, value) if ident in ID_RECORDS and ident != "lead_id" else None}
        old = rows.get(row["id"])
        if old is None or row["c"]["events"] >= old["c"]["events"]:
            rows[row["id"]] = row
    return list(rows.values())


def rescore(graph: Graph, written: Written) -> list[dict]:
    """Re-score the leads the batch reached; queue lead.priority_changed for each whose class moved."""
    from ..algorithms.leads.graph import affected_leads, rescore_leads
    from ..api.webhooks import emit

    if not written.lead_interactions and not written.lead_ids:
        return []
    ids = sorted(set(written.lead_ids) | set(affected_leads(graph, interaction_ids=written.lead_interactions)))
    changed = []
    if ids:
        before = {r["id"]: r["priority"] for r in graph.read(q.PRIORITIES, ids=ids)}
        written.rescored = rescore_leads(graph, ids)
        for r in graph.read(q.PRIORITIES, ids=ids):
            if before.get(r["id"]) != r["priority"]:
                payload = {"lead_id": r["id"], "previous_priority": before.get(r["id"]), "priority": r["priority"],
                           "score": r["score"], "account_id": r["account_id"], "cause": "stream"}
                emit("lead.priority_changed", payload, graph)
                changed.append(payload)
    graph.write(q.RESCORED, ids=written.lead_interactions)
    return changed


# --------------------------------------------------------------------------- the consumer loop


class Stats:
    """Counters and latency histograms (10 ms buckets) the writer keeps in writer.json for status/bench."""

    def __init__(self, path: Path):
        self.path = path
        self.d: dict[str, Any] = {"started_at": _now(), "batches": 0, "events_new": 0, "events_skipped": 0,
                                  "windows": 0, "leads_rescored_batches": 0, "priority_changed": 0,
                                  "last_graph_write_at": None, "events_per_s": 0.0,
                                  "graph_ms": Counter(), "score_ms": Counter()}
        self.recent: list[tuple[float, int]] = []
        self.saved = 0.0

    def record(self, new: int, skipped: int, windows: int, graph_lat: list[float], score_lat: list[float],
               changed: int) -> None:
        now = time.time()
        d = self.d
        d["batches"] += 1
        d["events_new"] += new
        d["events_skipped"] += skipped
        d["windows"] += windows
        d["priority_changed"] += changed
        d["last_graph_write_at"] = _now()
        for lat, name in ((graph_lat, "graph_ms"), (score_lat, "score_ms")):
            for ms in lat:
                d[name][int(ms // 10) * 10] += 1
        self.recent = [(t, n) for t, n in self.recent if now - t <= 10] + [(now, new + skipped)]
        span = max(now - self.recent[0][0], 1.0)
        d["events_per_s"] = round(sum(n for _, n in self.recent) / span, 1)
        self.save()

    def save(self, force: bool = False) -> None:
        if not force and time.time() - self.saved < 1.0:
            return
        self.saved = time.time()
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({**self.d, "graph_ms": dict(self.d["graph_ms"]),
                                   "score_ms": dict(self.d["score_ms"]), "pid_updated_at": _now()}))
        tmp.replace(self.path)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def run(settings: Settings | None = None) -> None:
    from confluent_kafka import Consumer

    from .kafka import topics

    s = settings or get_settings()
    t = topics(s)
    stats = Stats(s.stream_dir / "writer.json")
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    graph = Graph.connect(s)
    consumer = Consumer({"bootstrap.servers": s.kafka_servers, "group.id": GROUP, "enable.auto.commit": False,
                         "auto.offset.reset": "earliest", "fetch.wait.max.ms": 50})
    consumer.subscribe([t["interactions"], t["aggregates"]])
    try:
        while not stop:
            msgs = [m for m in consumer.consume(s.stream_batch_size, s.stream_batch_ms / 1000) if not m.error()]
            if not msgs:
                stats.save()
                continue
            events, aggs, sent = [], [], {}
            for m in msgs:
                try:
                    rec = json.loads(m.value())
                except ValueError:
                    continue
                if m.topic() == t["interactions"]:
                    events.append(rec)
                    sent[interaction_id(rec["event_id"])] = m.timestamp()[1]
                else:
                    aggs.append(rec)
            written = write_events(graph, events) if events else Written()
            wins = window_rows(aggs)
            if wins:
                graph.write(q.WINDOWS, rows=wins)
            t_graph = time.time() * 1000
            changed = rescore(graph, written)
            t_score = time.time() * 1000
            consumer.commit(asynchronous=False)
            stats.record(written.new, written.skipped, len(wins),
                         [t_graph - sent[i] for i in written.interaction_ids if sent.get(i, 0) > 0],
                         [t_score - sent[i] for i in written.lead_event_ids if sent.get(i, 0) > 0], len(changed))
    finally:
        stats.save(force=True)
        consumer.close()
        graph.close()


if __name__ == "__main__":
    from ..graph.connection import quiet_driver_notices

    quiet_driver_notices()
    run()
