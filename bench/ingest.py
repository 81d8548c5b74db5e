"""Sustained ingest benchmark: ≥100k contacts + ≥500k interactions from files into a real Neo4j.

    DEALGRAPH_BOLT_PORT=17700 .venv/bin/python bench/ingest.py [--contacts 100000] [--interactions 500000]
    DEALGRAPH_BOLT_PORT=... bench/ingest.py --initial --interactions 1000000   # bulk first load, EMPTY local db

Files are generated streaming to disk (bilingual names, noisy phones, JSONL interactions), then
loaded with the public `ingest_files` API. Prints rows/s per file and overall, the peak RSS of
this Python process (sampled by psutil) and, separately, the RSS of the Neo4j server.
Bench data uses ids starting with "bench" and is deleted before and after the run (never anything
else), so the server stays small for the test suite.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import threading
import time
from pathlib import Path
from typing import Self

import psutil

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
EN = ["James Smith", "Mary Chen", "John Wang", "Linda Zhao", "David Li", "Susan Liu", "Peter Zhou"]
TITLES = ["总经理", "副总裁", "采购部经理", "IT主管", "工程师", "CEO", "VP Sales", "Procurement Manager", "Engineer"]
KINDS = ["email", "meeting", "call", "wecom", "site_visit"]
TOPICS = ["报价", "技术交流", "demo", "contract review", "招标文件", "售后", "pricing", "kickoff"]

MAPPING = """
[[files]]
match = "bench_accounts*.csv"
entity = "account"
source = "bench"
[files.columns]
id = "客户ID"
name = "客户名称"
industry = "行业"

[[files]]
match = "bench_contacts*.csv"
entity = "contact"
source = "bench"
ignore = ["备注"]
[files.columns]
id = "联系人ID"
name = "姓名"
account_id = "客户ID"
title = "职位"
email = "邮箱"
phone = "手机"
manager_id = "上级ID"

[[files]]
match = "bench_interactions*.jsonl"
entity = "interaction"
source = "bench"
"""


def generate(out: Path, n_contacts: int, n_interactions: int, seed: int = 7) -> list[Path]:
    rnd = random.Random(seed)
    n_accounts = max(1, n_contacts // 20)
    acc = out / "bench_accounts.csv"
    with open(acc, "w", encoding="utf-8", newline="") as f:
        f.write("客户ID,客户名称,行业\n")
        f.writelines(f"bench-a{i},{rnd.choice(SURNAMES)}{rnd.choice(GIVEN)}科技有限公司{i},制造业\n" for i in range(n_accounts))
    con = out / "bench_contacts.csv"
    with open(con, "w", encoding="utf-8", newline="") as f:
        f.write("联系人ID,姓名,客户ID,职位,邮箱,手机,上级ID,备注\n")
        for i in range(n_contacts):
            name = rnd.choice(EN) if rnd.random() < 0.2 else rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN)
            a = i // 20
            mgr = f"bench-c{a * 20}" if i % 20 else ""
            phone = f"1{rnd.choice('3589')}{rnd.randrange(10**9):09d}"
            if rnd.random() < 0.3:
                phone = f"+86 {phone[:3]}-{phone[3:7]}-{phone[7:]}"
            f.write(f"bench-c{i},{name},bench-a{a},{rnd.choice(TITLES)},u{i}@example{a}.cn,{phone},{mgr},\n")
    inter = out / "bench_interactions.jsonl"
    t0 = 1_700_000_000
    with open(inter, "w", encoding="utf-8") as f:
        for i in range(n_interactions):
            k = rnd.randrange(1, 4)
            ids = ";".join(f"bench-c{rnd.randrange(n_contacts)}" for _ in range(k))
            rec = {"id": f"bench-i{i}", "kind": rnd.choice(KINDS), "at": t0 + rnd.randrange(365 * 86400),
                   "contact_ids": ids, "user_id": f"bench-u{rnd.randrange(50)}", "topic": rnd.choice(TOPICS),
                   "sentiment": round(rnd.uniform(-1, 1), 2)}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return [acc, con, inter]


class RssSampler:
    def __init__(self, pid: int | None = None, every: float = 0.2):
        self.proc = psutil.Process(pid)
        self.peak = 0
        self.every = every
        self._stop = threading.Event()
        self.t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.proc.memory_info().rss)
            except psutil.Error:
                return
            time.sleep(self.every)

    def __enter__(self) -> Self:
        self.t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.t.join()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--contacts", type=int, default=100_000)
    ap.add_argument("--interactions", type=int, default=500_000)
    from dealgraph.ingest.pipeline import DEFAULT_BATCH, DEFAULT_WORKERS

    ap.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, help="default: what `dealgraph ingest` uses")
    ap.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="concurrent write transactions")
    ap.add_argument("--keep", action="store_true", help="keep the bench data in the graph afterwards")
    ap.add_argument("--dir", type=Path, default=None, help="where to write the files (default: a temp dir)")
    ap.add_argument("--initial", action="store_true", help="bulk first load through neo4j-admin (`ingest --initial`) "
                    "into the local server, whose database must be empty (it is stopped and restarted)")
    args = ap.parse_args()
    if args.initial:
        return bench_initial(args)

    from dealgraph.config import get_settings
    from dealgraph.graph.connection import Graph
    from dealgraph.graph.migrate import migrate
    from dealgraph.graph.runtime import LocalServer
    from dealgraph.ingest.mapping import parse_mapping
    from dealgraph.ingest.pipeline import Progress, ingest_files

    settings = get_settings()
    graph = Graph.connect(settings)
    migrate(graph)
    print(f"Neo4j at {settings.bolt_uri}; deleting earlier bench data ...", flush=True)
    cleanup(graph)

    with tempfile.TemporaryDirectory(prefix="dealgraph-bench-") as tmp:
        out = args.dir or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        t = time.monotonic()
        files = generate(out, args.contacts, args.interactions)
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in files)
        print(f"generated in {time.monotonic() - t:.1f} s: {sizes}", flush=True)
        import tomllib

        mapping = parse_mapping(tomllib.loads(MAPPING))
        per_file: dict[str, tuple[float, int]] = {}
        starts: dict[str, float] = {}

        def progress(ev: Progress) -> None:
            starts.setdefault(ev.file, time.monotonic())
            if ev.done:
                per_file[ev.file] = (time.monotonic() - starts[ev.file], ev.rows)

        server_pid = LocalServer(settings).pid()
        neo_peak = RssSampler(server_pid) if server_pid else None
        if neo_peak:
            neo_peak.__enter__()
        neo_cpu0 = sum(neo_peak.proc.cpu_times()[:2]) if neo_peak else 0.0
        py_cpu0 = sum(psutil.Process().cpu_times()[:2])
        load0 = psutil.getloadavg()[0]
        with RssSampler() as py:
            summary = ingest_files(graph, files, mapping, reject_dir=out / "rejects", progress=progress,
                                   batch_size=args.batch_size, workers=args.workers)
        py_cpu = sum(psutil.Process().cpu_times()[:2]) - py_cpu0
        neo_cpu = (sum(neo_peak.proc.cpu_times()[:2]) - neo_cpu0) if neo_peak else 0.0
        load1 = psutil.getloadavg()[0]
        if neo_peak:
            neo_peak.__exit__()

    print(f"\nbatch size {args.batch_size}, {args.workers} writer(s), run {summary.run_id}")
    print("  per file: until its last batch is queued (writes overlap reading); the total is end to end")
    for name, (secs, rows) in per_file.items():
        print(f"  {name:28} {rows:>9,} rows in {secs:7.1f} s = {rows / secs:>9,.0f} rows/s")
    print(f"  {'total':28} {summary.rows:>9,} rows in {summary.duration_s:7.1f} s = "
          f"{summary.rows_per_s:>9,.0f} rows/s sustained ({summary.rejected} rejected)")
    print(f"peak RSS of this Python process: {py.peak / 2**20:,.0f} MiB")
    # The machine may be shared: CPU seconds say what the load cost, independent of other users.
    cores = psutil.cpu_count() or 1
    print(f"CPU used: python {py_cpu:,.1f} s, neo4j {neo_cpu:,.1f} s; load average {load0:.1f} -> {load1:.1f} "
          f"on {cores} cores")
    if neo_cpu:
        est = summary.rows / max((py_cpu + neo_cpu) / cores, py_cpu, 1e-9)
        print(f"CPU-bound estimate on {cores} otherwise idle cores: {est:,.0f} rows/s")
    if neo_peak:
        print(f"peak RSS of the Neo4j server (pid {server_pid}, separate JVM): {neo_peak.peak / 2**20:,.0f} MiB")
    counts = graph.read("MATCH (c:Contact) WHERE c.id STARTS WITH 'bench' RETURN count(c) AS c")[0]["c"]
    rels = graph.read("MATCH (:Interaction)-[r:INVOLVES]->() RETURN count(r) AS c")[0]["c"]
    print(f"graph: {counts:,} bench contacts, {rels:,} INVOLVES relationships")
    if not args.keep:
        t = time.monotonic()
        cleanup(graph)
        print(f"bench data deleted in {time.monotonic() - t:.0f} s (--keep to keep it)")
    graph.close()


def bench_initial(args) -> None:
    import tomllib

    from dealgraph.config import get_settings
    from dealgraph.ingest.initial import initial_load
    from dealgraph.ingest.mapping import parse_mapping

    settings = get_settings()
    with tempfile.TemporaryDirectory(prefix="dealgraph-bench-") as tmp:
        out = args.dir or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        t = time.monotonic()
        files = generate(out, args.contacts, args.interactions)
        print(f"generated in {time.monotonic() - t:.1f} s: "
              + ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in files), flush=True)
        steps: list[tuple[float, str, float, float]] = []  # (wall s, message, python CPU s, children CPU s)
        t0 = time.monotonic()

        def cpu() -> tuple[float, float]:
            me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime

        def step(msg: str) -> None:
            steps.append((time.monotonic() - t0, msg, *cpu()))
            print(f"  {steps[-1][0]:7.1f} s  {msg}", flush=True)

        py_cpu0 = cpu()[0]
        load0 = psutil.getloadavg()[0]
        with RssSampler() as py:
            summary = initial_load(files, parse_mapping(tomllib.loads(MAPPING)), reject_dir=out / "rejects",
                                   on_step=step, settings=settings)
        total = time.monotonic() - t0
        py_cpu = cpu()[0] - py_cpu0
        load1 = psutil.getloadavg()[0]
    from dealgraph.graph.runtime import LocalServer

    server = psutil.Process(LocalServer(settings).pid())
    server_cpu = sum(server.cpu_times()[:2])  # since it started: start-up, migrations, the MERGE tail

    def at(prefix: str) -> tuple[float, str, float, float]:
        return next(x for x in steps if x[1].startswith(prefix))

    read, stop, imp, start = at("writing import files"), at("stopping"), at("neo4j-admin"), at("starting")
    n = summary.rows
    print(f"\n--initial: {n:,} rows ({summary.rejected} rejected) in {total:.1f} s end to end = "
          f"{n / total:,.0f} rows/s; load average {load0:.1f} -> {load1:.1f} on {psutil.cpu_count()} cores")
    parts = [("read + validate + build (python)", read[0], read[2] - py_cpu0),
             ("import CSV files (python)", stop[0] - read[0], stop[2] - read[2]),
             ("neo4j-admin import (JVM)", start[0] - imp[0], start[3] - imp[3]),
             ("restart + migrations (server JVM)", total - start[0], server_cpu)]
    print(f"  {'part':36} {'wall s':>8} {'CPU s':>8} {'CPU us/row':>11} {'rows per CPU-s':>15}")
    for name, wall, c in parts:
        print(f"  {name:36} {wall:8.1f} {c:8.1f} {c / n * 1e6:11.1f} {n / max(c, 1e-9):15,.0f}")
    total_cpu = sum(c for _, _, c in parts)
    print(f"  {'all':36} {total:8.1f} {total_cpu:8.1f} {total_cpu / n * 1e6:11.1f} {n / total_cpu:15,.0f}")
    print(f"python CPU for the whole run {py_cpu:.1f} s; peak RSS of this Python process: {py.peak / 2**20:,.0f} MiB")


def cleanup(graph) -> None:
    """Delete bench data label by label in small transactions (many-relationship nodes last),
    so a 1 GB heap never holds a huge delete; an index seek on id finds them, no full scan."""
    for label, prefix in (("Interaction", "bench"), ("SourceRecord", "bench:"), ("Contact", "bench"),
                          ("Account", "bench"), ("User", "bench")):
        graph.run_autocommit(f"MATCH (n:{label}) WHERE n.id STARTS WITH $p CALL (n) {{ DETACH DELETE n }} "
                             f"IN TRANSACTIONS OF 2000 ROWS", p=prefix)
    graph.run_autocommit("MATCH (r:IngestRun) WHERE 'bench_contacts.csv' IN r.files DETACH DELETE r")


if __name__ == "__main__":
    main()
