"""The graph writer: the Flink job's output topics -> batched, idempotent writes -> touched leads re-scored.

One batch: the events not yet in the graph are resolved to a person (graph/queries/stream.py),
written with the ingest interaction statement (the same batches `dealgraph ingest` writes),
window aggregates are merged, and the Kafka offsets are committed. An interaction reaching a lead
is written with `rescore_pending` in the same transaction; a separate thread (Rescorer) gathers
those for about a second, re-scores each reached lead once with a cached model, queues
`lead.priority_changed` for each lead whose class moved, and clears the flag. A crash loses
nothing: a batch not committed is replayed (interactions already in the graph are skipped by
their id `stream:<event_id>`), and the Rescorer starts with the interactions still pending.

Run by `dealgraph stream start` as `python -m dealgraph.stream.writer`; `POST /events` uses
`write_events` + `rescore` directly when no stream runs.
"""

from __future__ import annotations

import json
import queue
import signal
import threading
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
    seconds: dict[str, float] = field(default_factory=dict)  # time per phase (read, resolve, write)


def _props(ev: dict[str, Any]) -> dict[str, Any]:
    payload = json.loads(ev["payload"]) if ev.get("payload") else {}
    props = {"kind": ev["kind"], "at": ev["at"], "channel": ev.get("channel") or "stream", "event_id": ev["event_id"],
             "source": "stream", "account_id": ev.get("account_id"), "payload": ev.get("payload"),
             "topic": payload.get("page") or payload.get("term") or payload.get("subject") or payload.get("topic"),
             "meeting_type": (payload.get("meeting_type") or "").lower() or None}
    return {k: v for k, v in props.items() if v is not None and not isinstance(v, dict | list)}


class IdentityCache:
    """What the writer knows of its identifier records, so it sends only the rows that change something:
    records known to exist (their MERGE would be a no-op) and records already stitched to an anchor
    (STITCH skips them). Both only grow (only this writer adds SAME_AS, nothing removes it), so an
    entry never turns wrong while records are not deleted; it is rebuilt from the graph at start and
    cleared above `limit` entries (the rows are then sent again, which is only slower)."""

    def __init__(self, limit: int = 2_000_000):
        self.known: set[str] = set()
        self.stitched: set[str] = set()
        self.limit = limit

    def load(self, graph: Graph) -> IdentityCache:
        for r in graph.read(q.STREAM_RECORDS):
            self.known.add(r["id"])
            if r["stitched"]:
                self.stitched.add(r["id"])
        return self

    def add(self, known: list[str], stitched: list[str]) -> None:
        if len(self.known) > self.limit:
            self.known.clear()
            self.stitched.clear()
        self.known.update(known)
        self.stitched.update(stitched)


def write_events(graph: Graph, events: list[dict[str, Any]], cache: IdentityCache | None = None,
                 windows: list[dict[str, Any]] = ()) -> Written:
    """Write normalised events (stream/events.py) not yet in the graph, and `windows` (window_rows) in the
    same transaction: one commit per poll; idempotent."""
    out = Written()
    t = time.perf_counter()
    by_id = {interaction_id(e["event_id"]): e for e in events}
    known = {r["id"]: r["pending"] for r in graph.read(q.EXISTING, ids=list(by_id))} if by_id else {}
    out.seconds["existing"] = time.perf_counter() - t
    out.skipped = len(known)
    out.lead_interactions = [i for i, pending in known.items() if pending]
    new = [(iid, e) for iid, e in by_id.items() if iid not in known]
    if not new:
        if windows:
            t = time.perf_counter()
            graph.write(q.WINDOWS, rows=list(windows))
            out.seconds["write"] = time.perf_counter() - t
        return out
    keys = {iid: [record_id(k, e[k]) for k in IDENTIFIERS if e.get(k) and k != "lead_id"] for iid, e in new}
    # One RESOLVE row per distinct (lead, identifiers): a buyer's burst of events is resolved once.
    asked: dict[tuple, str] = {}
    for iid, e in new:
        asked.setdefault((e.get("lead_id"), *keys[iid]), iid)
    t = time.perf_counter()
    found = {r["eid"]: r for r in graph.read(q.RESOLVE, rows=[
        {"eid": iid, "lead_id": k[0], "keys": list(k[1:])} for k, iid in asked.items()])}
    res = {iid: found[asked[(e.get("lead_id"), *keys[iid])]] for iid, e in new}
    out.seconds["resolve"] = time.perf_counter() - t
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

    if cache is not None:
        identities = {k: v for k, v in identities.items() if k not in cache.known}
        stitches = {k: v for k, v in stitches.items() if k not in cache.stitched}

    def tx_fn(tx) -> list[str]:
        # Statements with no rows are not sent (a round trip each; with the cache most batches have none).
        if identities:
            tx.run(q.IDENTITIES, rows=list(identities.values()))
        if lead_links:
            tx.run(q.LEAD_RECORDS, rows=list(lead_links.values()))
        made = [r["id"] for r in tx.run(q.STITCH, rows=list(stitches.values()))] if stitches else []
        tx.run(CYPHER["interaction"], rows=unique_rows("interaction", rows))
        if windows:
            tx.run(q.WINDOWS, rows=list(windows))
        return made

    t = time.perf_counter()
    stitched = graph.write_tx(tx_fn)
    out.seconds["write"] = time.perf_counter() - t
    if cache is not None:  # only after the commit: a failed batch leaves the cache as it was
        cache.add(list(identities), stitched)
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


def rescore(graph: Graph, written: Written, model=None) -> list[dict]:
    """Re-score the leads the batch reached; queue lead.priority_changed for each whose class moved."""
    from ..algorithms.leads.graph import affected_leads, rescore_leads
    from ..api.webhooks import emit_many

    if not written.lead_interactions and not written.lead_ids:
        return []
    ids = sorted(set(written.lead_ids) | set(affected_leads(graph, interaction_ids=written.lead_interactions)))
    changed = []
    if ids:
        before = {r["id"]: r["priority"] for r in graph.read(q.PRIORITIES, ids=ids)}
        written.rescored = rescore_leads(graph, ids, model=model)
        for r in graph.read(q.PRIORITIES, ids=ids):
            if before.get(r["id"]) != r["priority"]:
                payload = {"lead_id": r["id"], "previous_priority": before.get(r["id"]), "priority": r["priority"],
                           "score": r["score"], "account_id": r["account_id"], "cause": "stream"}
                changed.append(payload)
        emit_many("lead.priority_changed", changed, graph)
    graph.write(q.RESCORED, ids=written.lead_interactions)
    return changed


class CachedModel:
    """The scoring model for frequent re-scores: the promoted one (reloaded when the pointer moves), else
    the BANT rule whose scales are fitted over all leads once per `refit_s`, not per re-score."""

    def __init__(self, graph: Graph, refit_s: float = 300.0):
        from ..algorithms.leads.graph import MODEL_NAME
        from ..algorithms.registry import ModelHandle, Registry

        self.graph, self.refit_s = graph, refit_s
        self.registry = Registry(name=MODEL_NAME)
        self.handle = ModelHandle(self.registry)
        self.rule: tuple[str, Any] | None = None
        self.rule_at = 0.0

    def get(self) -> tuple[str, Any]:
        from ..algorithms.leads.graph import scoring_model

        if self.registry.current() is not None:
            return self.handle.get()
        if self.rule is None or time.monotonic() - self.rule_at > self.refit_s:
            self.rule, self.rule_at = scoring_model(self.graph, self.registry), time.monotonic()
        return self.rule


class Rescorer(threading.Thread):
    """Re-scores reached leads off the write path, coalescing them every `every_s` seconds."""

    def __init__(self, graph: Graph, stats: Stats, every_s: float = 1.0):
        super().__init__(name="rescorer", daemon=True)
        self.graph, self.stats, self.every_s = graph, stats, every_s
        self.model = CachedModel(graph)
        self.inbox: queue.Queue = queue.Queue()
        self.done = threading.Event()
        self.error: Exception | None = None

    def submit(self, written: Written, sent_ms: dict[str, int]) -> None:
        if written.lead_interactions or written.lead_ids:
            self.inbox.put((written.lead_interactions, written.lead_ids,
                            {i: sent_ms[i] for i in written.lead_event_ids if sent_ms.get(i, 0) > 0}))

    def stop(self, timeout: float = 30.0) -> None:
        self.done.set()
        self.join(timeout)

    def run(self) -> None:
        try:
            # Left pending by an earlier writer that stopped between its commit and the re-score.
            left = [r["id"] for r in self.graph.read(q.PENDING)]
            if left:
                self.inbox.put((left, set(), {}))
            while True:
                stopping = self.done.wait(self.every_s)
                self._round()
                if stopping and self.inbox.empty():
                    return
        except Exception as exc:  # noqa: BLE001 - the main loop re-raises it and exits (the flags stay pending)
            self.error = exc

    def _round(self) -> None:
        merged, sent = Written(), {}
        while True:
            try:
                ints, leads, lat = self.inbox.get_nowait()
            except queue.Empty:
                break
            merged.lead_interactions += ints
            merged.lead_ids |= leads
            sent.update(lat)
        if not merged.lead_interactions and not merged.lead_ids:
            return
        t = time.perf_counter()
        changed = rescore(self.graph, merged, self.model.get())
        now = time.time() * 1000
        self.stats.record_scores([now - ms for ms in sent.values()], len(changed), time.perf_counter() - t)


# --------------------------------------------------------------------------- the consumer loop


class Stats:
    """Counters and latency histograms (10 ms buckets) the writer keeps in writer.json for status/bench."""

    def __init__(self, path: Path):
        self.path = path
        self.d: dict[str, Any] = {"started_at": _now(), "batches": 0, "events_new": 0, "events_skipped": 0,
                                  "windows": 0, "leads_rescored_batches": 0, "priority_changed": 0,
                                  "last_graph_write_at": None, "events_per_s": 0.0,
                                  "graph_ms": Counter(), "score_ms": Counter(), "seconds": Counter()}
        self.recent: list[tuple[float, int]] = []
        self.saved = 0.0
        self.lock = threading.Lock()  # the batch loop and the Rescorer both record

    def record(self, new: int, skipped: int, windows: int, graph_lat: list[float],
               seconds: dict[str, float]) -> None:
        now = time.time()
        with self.lock:
            d = self.d
            d["seconds"].update(seconds)
            d["batches"] += 1
            d["events_new"] += new
            d["events_skipped"] += skipped
            d["windows"] += windows
            d["last_graph_write_at"] = _now()
            for ms in graph_lat:
                d["graph_ms"][int(ms // 10) * 10] += 1
            self.recent = [(t, n) for t, n in self.recent if now - t <= 10] + [(now, new + skipped)]
            span = max(now - self.recent[0][0], 1.0)
            d["events_per_s"] = round(sum(n for _, n in self.recent) / span, 1)
        self.save()

    def record_scores(self, score_lat: list[float], changed: int, seconds: float) -> None:
        with self.lock:
            self.d["seconds"]["rescore"] += seconds
            self.d["leads_rescored_batches"] += 1
            self.d["priority_changed"] += changed
            for ms in score_lat:
                self.d["score_ms"][int(ms // 10) * 10] += 1
        self.save()

    def save(self, force: bool = False) -> None:
        with self.lock:
            if not force and time.time() - self.saved < 1.0:
                return
            self.saved = time.time()
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps({**self.d, "graph_ms": dict(self.d["graph_ms"]),
                                       "score_ms": dict(self.d["score_ms"]),
                                       "seconds": {k: round(v, 2) for k, v in self.d["seconds"].items()},
                                       "pid_updated_at": _now()}))
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
    cache = IdentityCache().load(graph)
    rescorer = Rescorer(graph, stats)
    rescorer.start()
    consumer = Consumer({"bootstrap.servers": s.kafka_servers, "group.id": GROUP, "enable.auto.commit": False,
                         "auto.offset.reset": "earliest", "fetch.wait.max.ms": 50})
    consumer.subscribe([t["interactions"], t["aggregates"]])
    try:
        while not stop:
            if rescorer.error is not None:
                raise rescorer.error
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
            wins = window_rows(aggs)
            written = write_events(graph, events, cache, wins)  # one transaction for the whole poll
            t_graph = time.time() * 1000
            consumer.commit(asynchronous=False)  # the pending flags carry the re-scores across a crash
            rescorer.submit(written, sent)
            stats.record(written.new, written.skipped, len(wins),
                         [t_graph - sent[i] for i in written.interaction_ids if sent.get(i, 0) > 0], written.seconds)
    finally:
        rescorer.stop()
        stats.save(force=True)
        consumer.close()
        graph.close()

if __name__ == "__main__":
    from ..graph.connection import quiet_driver_notices

    quiet_driver_notices()
    run()
