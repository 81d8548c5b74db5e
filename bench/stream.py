"""Event stream at volume: Kafka -> the Flink job -> the graph writer -> Neo4j, with lead re-scoring.

Sends a realistic mix (page views, ad clicks, forms, search leads, WeCom messages, e-mail opens,
calls, meetings; Chinese and English names, CN mobiles, pinyin and Chinese-domain e-mails, WeCom
ids, unionids, cookies; 1% repeated event ids; 2% naming one of 1,000 bench leads) to a fresh topic
and prints sustained events/s into the graph, the largest lag seen, p95 event-to-graph and
event-to-lead-score latency, and events lost / duplicated, counted in the graph afterwards.

    .venv/bin/python bench/stream.py [--events 1000000] [--rate 0] [--keep]
    .venv/bin/python bench/stream.py --writer-only [--events 200000]   # the graph writer alone

Uses the Neo4j the settings point at (only `bench-` ids) and starts the local stream on
DEALGRAPH_KAFKA_PORT (a fresh topic per run), stopping it at the end. `--writer-only` feeds the
same events straight to the graph writer's batch function and its re-scoring thread (no Kafka,
no Flink): the writer's own capacity. CPU time and the load average are printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dealgraph.config import get_settings
from dealgraph.graph.connection import get_graph
from dealgraph.stream.events import normalise
from dealgraph.stream.producer import producer, send
from dealgraph.stream.runtime import Stream, percentile
from dealgraph.stream.writer import IdentityCache, Rescorer, Stats, interaction_id, write_events

KINDS = [("page_view", 40), ("ad_click", 15), ("search_lead", 10), ("form_submit", 5), ("wecom_message", 12),
         ("email_open", 10), ("call", 4), ("meeting", 4)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
PINYIN = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou"]
EN = ["smith", "jones", "brown", "taylor", "wilson", "davies", "evans", "thomas", "johnson", "roberts"]
PAGES = ["/pricing", "/产品/智能电网", "/cases", "/报价", "/about", "/docs/api", "/price-list", "/招标公告"]
TERMS = ["变电站 招标", "智慧园区 解决方案", "substation RFP", "grid monitoring", "采购 公告", "tender notice",
         "数据中心 报价", "bid documents"]


def people(n: int, rnd: random.Random) -> list[dict]:
    out = []
    for p in range(n):
        cn = p % 2 == 0
        person = {"cookie_id": f"bench-ck-{p}"}
        if rnd.random() < 0.6:
            person["phone"] = f"1{rnd.choice('3589')}{rnd.randrange(10**9):09d}"
        if rnd.random() < 0.6:
            local = f"{rnd.choice(PINYIN if cn else EN)}.{p}"
            person["email"] = f"{local}@{rnd.choice(['例子.cn', 'qq.com', 'corp.cn']) if cn else 'example.com'}"
        if cn and rnd.random() < 0.5:
            person["wecom_id"] = f"bench-wx-{p}"
            person["unionid"] = f"bench-o6_{p}"
        person["name"] = (rnd.choice(SURNAMES) + rnd.choice("伟芳娜敏静丽强磊军洋")) if cn else f"Pat {rnd.choice(EN).title()}"
        out.append(person)
    return out


def events(n: int, persons: list[dict], leads: int, seed: int):
    rnd = random.Random(seed)
    kinds = [k for k, w in KINDS for _ in range(w)]
    t0 = datetime.now(UTC) - timedelta(hours=6)
    for i in range(n):
        p = persons[rnd.randrange(len(persons))]
        kind = rnd.choice(kinds)
        ev = {"event_id": f"bench-{seed}-{i}", "kind": kind, "at": (t0 + timedelta(milliseconds=20 * i)).isoformat(),
              "channel": {"page_view": "website", "ad_click": "baidu", "wecom_message": "wecom"}.get(kind, "crm"),
              "cookie_id": p["cookie_id"]}
        if kind in ("form_submit", "search_lead", "call", "meeting", "email_open"):
            ev.update({k: v for k, v in p.items() if k != "cookie_id"})
        elif kind == "wecom_message" and p.get("wecom_id"):
            ev.update(wecom_id=p["wecom_id"], unionid=p.get("unionid"))
        if kind == "page_view":
            ev["payload"] = {"page": rnd.choice(PAGES), "session_id": f"s{i // 8}"}
        elif kind == "search_lead":
            ev["payload"] = {"term": rnd.choice(TERMS)}
        elif kind == "meeting":
            ev["payload"] = {"meeting_type": rnd.choice(["procurement", "demo", "approval"])}
        if rnd.random() < 0.02:
            ev["lead_id"] = f"bench-L{rnd.randrange(leads)}"
        yield normalise(ev)
        if rnd.random() < 0.01:  # a repeat of the same event id (a retrying sender)
            yield normalise(ev)


def seed_leads(graph, n: int) -> None:
    now = datetime.now(UTC).isoformat()
    graph.write_batch("UNWIND $rows AS r MERGE (l:Lead {id: r.id}) SET l.created_at = $now, l.source = 'bench' "
                      "MERGE (s:SourceRecord {id: 'bench:' + r.id}) SET s.source = 'bench', s.kind = 'person' "
                      "MERGE (l)-[:FROM_RECORD]->(s)".replace("$now", f"'{now}'"),
                      [{"id": f"bench-L{i}"} for i in range(n)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--leads", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=0, help="events/s to send (0: as fast as possible)")
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--keep", action="store_true", help="leave the bench interactions in the graph")
    ap.add_argument("--writer-only", action="store_true", help="the graph writer alone, no Kafka or Flink")
    ap.add_argument("--no-cache", action="store_true", help="--writer-only without the identity cache")
    ap.add_argument("--batch", type=int, default=None, help="writer batch size (default: the setting)")
    a = ap.parse_args()

    seed = int(time.time()) % 100000
    s = get_settings().model_copy(update={"stream_topic": f"bench{seed}.events"})
    graph = get_graph(s)
    seed_leads(graph, a.leads)
    graph.write("MATCH (l:Lead) WHERE l.id STARTS WITH 'bench-L' SET l.priority = null")
    if a.writer_only:
        return writer_only(a, s, graph, seed)
    stream = Stream(s)
    stream.stop()  # a clean writer (its latency histograms start empty); Flink resumes its checkpoint
    t = time.monotonic()
    stream.start(on_step=lambda m: print(f"  {m}", flush=True), timeout=600)
    print(f"stream started in {time.monotonic() - t:.1f} s", flush=True)

    persons = people(a.people, random.Random(seed))
    sent_ids: set[str] = set()
    sent = [0]

    def produce():
        def counted():
            for ev in events(a.events, persons, a.leads, seed):
                sent_ids.add(ev["event_id"])
                yield ev
        sent[0] = send(s, counted(), rate=a.rate or None, prod=producer(s))

    st0 = stream.status()
    pids = {"Kafka": st0["kafka"]["pid"], "Flink job": st0["flink"]["pid"], "graph writer": st0["writer"]["pid"],
            "Neo4j": _neo4j_pid(s)}
    cpu_start = {k: _tree_cpu(pid) for k, pid in pids.items()}
    load0, cpu0 = os.getloadavg()[0], _cpu_s()
    t0 = time.monotonic()
    th = threading.Thread(target=produce)
    th.start()
    max_lag, samples = 0, []
    while time.monotonic() - t0 < a.timeout:
        time.sleep(5)
        st = stream.status()
        lag = sum((st["lag"] or {}).values())
        max_lag = max(max_lag, lag)
        w = stream.writer_stats() or {}
        samples.append((time.monotonic() - t0, w.get("events_new", 0), lag))
        print(f"  t={samples[-1][0]:6.0f}s sent={sent[0] or len(sent_ids)} written={w.get('events_new', 0)} "
              f"lag={st['lag']} ev/s={w.get('events_per_s')}", flush=True)
        if not th.is_alive() and w.get("events_new", 0) >= len(sent_ids) and lag == 0:
            break
    th.join()
    elapsed = time.monotonic() - t0
    w = stream.writer_stats() or {}
    unique = len(sent_ids)
    in_graph = graph.read("MATCH (i:Interaction) WHERE i.id STARTS WITH $p RETURN count(i) AS n",
                          p=f"stream:bench-{seed}-")[0]["n"]
    doubled = graph.read("MATCH (i:Interaction) WHERE i.id STARTS WITH $p AND COUNT { (i)-[:INVOLVES]->() } <> 1 "
                         "RETURN count(i) AS n", p=f"stream:bench-{seed}-")[0]["n"]
    windows = graph.read("MATCH (w:ActivityWindow) RETURN count(w) AS n")[0]["n"]
    # Sustained: the written count's slope between 10% and 90% of the run (start-up and tail excluded).
    lo = next((x for x in samples if x[1] >= 0.1 * unique), samples[0])
    hi = next((x for x in samples if x[1] >= 0.9 * unique), samples[-1])
    sustained = (hi[1] - lo[1]) / max(hi[0] - lo[0], 1e-9)
    print(f"\nevents sent {sent[0]:,} ({unique:,} unique ids, {sent[0] - unique:,} repeats)")
    print(f"written to the graph: {in_graph:,} in {elapsed:.0f} s; sustained {sustained:,.0f} events/s "
          f"(10%..90%); overall {in_graph / elapsed:,.0f} events/s")
    print(f"max lag seen {max_lag:,} events; p95 event-to-graph {percentile(w.get('graph_ms', {}), 0.95)} ms; "
          f"p95 event-to-lead-score {percentile(w.get('score_ms', {}), 0.95)} ms "
          f"(p50 {percentile(w.get('graph_ms', {}), 0.5)} / {percentile(w.get('score_ms', {}), 0.5)} ms)")
    final_lag = sum((stream.status()["lag"] or {}).values())
    missing = f"lost {unique - in_graph:,}" if final_lag == 0 else \
        f"not yet written {unique - in_graph:,} (lag {final_lag:,} at the time limit: not counted as lost)"
    print(f"{missing}, duplicated {doubled:,}; windows in graph {windows:,}; "
          f"lead.priority_changed {w.get('priority_changed')}")
    st = stream.status()
    print(f"CPU seconds since start-up: Kafka {_tree_cpu(st['kafka']['pid']):.0f}, Flink job "
          f"{_tree_cpu(st['flink']['pid']):.0f}, graph writer {_tree_cpu(st['writer']['pid']):.0f}, this producer "
          f"{_cpu_s() - cpu0:.0f}; load average {load0:.1f} at the start of sending, {os.getloadavg()[0]:.1f} "
          f"at the end, on {os.cpu_count()} cores; writer phases (s) {w.get('seconds')}")
    used = {k: _tree_cpu(pid) - cpu_start[k] for k, pid in pids.items()}
    used["producer (this process)"] = _cpu_s() - cpu0
    n = max(in_graph, 1)
    print("CPU per event written, since sending began: " + ", ".join(f"{k} {v / n * 1e6:,.0f} us" for k, v in used.items())
          + f"; total {sum(used.values()) / n * 1e6:,.0f} us = at most ~{n * (os.cpu_count() or 1) / sum(used.values()):,.0f}"
          f" events/s on {os.cpu_count()} idle cores")
    stream.stop()
    if not a.keep:
        graph.run_autocommit("MATCH (i:Interaction) WHERE i.id STARTS WITH $p "
                             "CALL (i) { DETACH DELETE i } IN TRANSACTIONS OF 10000 ROWS", p=f"stream:bench-{seed}-")


def _tree_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) of a process and its children (the Flink client runs its JVM as a child)."""
    import psutil

    if not pid:
        return 0.0
    try:
        procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
        return sum(sum(p.cpu_times()[:2]) for p in procs)
    except psutil.Error:
        return 0.0


def _neo4j_pid(s) -> int | None:
    from dealgraph.graph.runtime import LocalServer

    return LocalServer(s).pid()


def _cpu_s() -> float:
    t = os.times()
    return t.user + t.system


def writer_only(a, s, graph, seed: int) -> None:
    """write_events in the writer's batches, the Rescorer thread beside it, as `stream start` runs them."""
    import tempfile

    batch = a.batch or s.stream_batch_size
    stats = Stats(Path(tempfile.mkdtemp(prefix="dealgraph-bench-")) / "writer.json")
    rescorer = Rescorer(graph, stats)
    rescorer.start()
    cache = IdentityCache().load(graph) if not a.no_cache else None
    evs = list(events(a.events, people(a.people, random.Random(seed)), a.leads, seed))
    neo_pid = _neo4j_pid(s)
    load0, cpu0, neo0, t0 = os.getloadavg()[0], _cpu_s(), _tree_cpu(neo_pid), time.monotonic()
    for n in range(0, len(evs), batch):
        chunk = evs[n:n + batch]
        sent = {interaction_id(e["event_id"]): int(time.time() * 1000) for e in chunk}
        written = write_events(graph, chunk, cache)
        done = time.time() * 1000
        rescorer.submit(written, sent)
        stats.record(written.new, written.skipped, 0, [done - sent[i] for i in written.interaction_ids],
                     written.seconds)
    t_write = time.monotonic() - t0
    rescorer.stop(timeout=600)
    elapsed, cpu, neo_cpu = time.monotonic() - t0, _cpu_s() - cpu0, _tree_cpu(neo_pid) - neo0
    d = stats.d
    in_graph = graph.read("MATCH (i:Interaction) WHERE i.id STARTS WITH $p RETURN count(i) AS n",
                          p=f"stream:bench-{seed}-")[0]["n"]
    unique = len({e["event_id"] for e in evs})
    print(f"writer only: {len(evs):,} events ({unique:,} unique) in batches of {batch:,}: written {in_graph:,} "
          f"in {t_write:.1f} s = {in_graph / t_write:,.0f} events/s; re-scoring done at {elapsed:.1f} s")
    print(f"  phases (s): {', '.join(f'{k} {v:.1f}' for k, v in sorted(d['seconds'].items()))}; "
          f"re-score rounds {d['leads_rescored_batches']}, lead.priority_changed {d['priority_changed']}")
    print(f"  p95 batch-to-graph {percentile(d['graph_ms'], 0.95)} ms, p95 event-to-lead-score "
          f"{percentile(d['score_ms'], 0.95)} ms (p50 {percentile(d['score_ms'], 0.5)} ms)")
    print(f"  lost {unique - in_graph:,}; this process CPU {cpu:.1f} s; load average {load0:.1f} at start, "
          f"{os.getloadavg()[0]:.1f} at the end, on {os.cpu_count()} cores")
    n = max(in_graph, 1)
    print(f"  CPU per event: writer (Python) {cpu / n * 1e6:,.0f} us, Neo4j {neo_cpu / n * 1e6:,.0f} us"
          + ("" if neo_pid else " (Neo4j not local: its CPU not measured)")
          + f"; both on {os.cpu_count()} idle cores would allow ~{n / max((cpu + neo_cpu) / (os.cpu_count() or 1), cpu, neo_cpu / (os.cpu_count() or 1), 1e-9):,.0f} events/s")
    if not a.keep:
        graph.run_autocommit("MATCH (i:Interaction) WHERE i.id STARTS WITH $p "
                             "CALL (i) { DETACH DELETE i } IN TRANSACTIONS OF 10000 ROWS", p=f"stream:bench-{seed}-")


if __name__ == "__main__":
    main()
