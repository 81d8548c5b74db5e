"""API benchmark on loopback: decision-chain latency (500 contacts) and simple-query throughput.

    DEALGRAPH_BOLT_PORT=17760 .venv/bin/python bench/api.py [--contacts 500] [--seconds 10] [--concurrency 16]

Seeds one account (ids prefixed `bench_`, removed afterwards) into the Neo4j the settings point
at, starts `dealgraph serve`'s app in a separate uvicorn process (so the load generator does not
share its GIL), and prints p50/p95 of the GraphQL decisionChain query (warm) and req/s of a
simple account lookup. Targets: p95 < 100 ms, >= 200 req/s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time

import httpx

from dealgraph.api.auth import create_api_key
from dealgraph.config import get_settings
from dealgraph.graph.connection import get_graph, quiet_driver_notices
from dealgraph.graph.migrate import migrate

ACC = "bench_acc"

SEED = """
MERGE (a:Account {id: $acc, name: '基准测试集团', name_en: 'Bench Group'})
MERGE (u:User {id: 'bench_user', name: 'Bench AM'}) MERGE (u)-[:OWNS]->(a)
WITH a UNWIND range(0, $depts - 1) AS d
MERGE (dep:Department {id: 'bench_d' + d, name: '部门' + d})-[:PART_OF]->(a)
"""
CONTACTS = """
UNWIND range(0, $n - 1) AS i
MATCH (dep:Department {id: 'bench_d' + (i % $depts)})
MERGE (c:Contact {id: 'bench_c' + i})
SET c.name = '联系人' + i, c.title = CASE WHEN i < $depts THEN '总监' ELSE '工程师' END,
    c.role = ['decision_maker', 'influencer', 'executor'][i % 3], c.role_confidence = 0.5 + (i % 50) / 100.0,
    c.role_evidence = ['title seniority', 'meetings attended']
MERGE (c)-[:WORKS_IN]->(dep)
WITH c, i WHERE i >= $depts
MATCH (m:Contact {id: 'bench_c' + (i % $depts)}) MERGE (c)-[:REPORTS_TO]->(m)
"""
TIES = """
UNWIND range(0, $n - 1) AS i
MATCH (a:Contact {id: 'bench_c' + i}), (b:Contact {id: 'bench_c' + ((i * 7 + 3) % $n)}) WHERE a <> b
MERGE (a)-[:KNOWS {strength: 0.5}]->(b)
WITH i WHERE i % 5 = 0
MATCH (c:Contact {id: 'bench_c' + i}), (u:User {id: 'bench_user'})
MERGE (x:Interaction {id: 'bench_i' + i}) SET x.kind = 'meeting', x.at = datetime(), x.topic = '方案交流'
MERGE (x)-[:INVOLVES]->(c) MERGE (x)-[:BY]->(u)
"""
CLEAN = ("MATCH (n) WHERE n.id STARTS WITH 'bench_' CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS")

# What a drawing client asks for: the whole chain as one JSON value (nodes, edges, groups, paths).
CHAIN_Q = 'query($id: ID!) { decisionChain(accountId: $id) { roles { role count } graph } }'
# The same without introduction paths (they are computed only when selected); run first, so its
# "first" figure is the cold chain alone and the next query's "first" is the cold path search.
CHAIN_BARE_Q = 'query($id: ID!) { decisionChain(accountId: $id) { graph(paths: false) } }'
# The same content through typed fields: ~10 000 GraphQL fields, to show what per-field execution costs.
CHAIN_TYPED_Q = """query($id: ID!) { decisionChain(accountId: $id) {
  nodes { id kind label role roleConfidence influence } edges { source target type weight }
  groups { id members } roles { role count } } }"""
SIMPLE_Q = '{ account(id: "bench_acc") { id name industry } }'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DEALGRAPH_API_RATE_PER_S": "1000000", "DEALGRAPH_API_RATE_BURST": "1000000"}
    code = ("import uvicorn; "
            f"uvicorn.run('dealgraph.api.app:create_app', factory=True, host='127.0.0.1', port={port}, "
            f"workers={workers}, log_level='warning', access_log=False)")
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def server_cpu(proc: subprocess.Popen) -> float:
    """CPU seconds used so far by the API server and its worker processes (not Neo4j, not this client)."""
    import psutil

    p = psutil.Process(proc.pid)
    total = 0.0
    for q in [p, *p.children(recursive=True)]:
        try:
            t = q.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def chain_latency(url: str, key: str, n: int, query: str) -> tuple[list[float], float, int]:
    """(warm latencies ms, first/cold latency ms, response bytes)."""
    with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=120) as c:
        t0 = time.perf_counter()
        r = c.post("/graphql", json={"query": query, "variables": {"id": ACC}})
        cold = (time.perf_counter() - t0) * 1000
        assert not r.json().get("errors"), r.text[:500]
        for _ in range(3):  # warm: query plans, connection pool, caches
            c.post("/graphql", json={"query": query, "variables": {"id": ACC}})
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            r = c.post("/graphql", json={"query": query, "variables": {"id": ACC}})
            r.raise_for_status()
            times.append((time.perf_counter() - t0) * 1000)
    return times, cold, len(r.content)


async def throughput(url: str, key: str, seconds: float, concurrency: int) -> tuple[int, int, float]:
    done = errors = 0
    stop = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=url, headers={"X-API-Key": key}, timeout=30,
                                 limits=httpx.Limits(max_connections=concurrency)) as c:
        async def worker():
            nonlocal done, errors
            while time.perf_counter() < stop:
                r = await c.post("/graphql", json={"query": SIMPLE_Q})
                if r.status_code == 200 and not r.json().get("errors"):
                    done += 1
                else:
                    errors += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return done, errors, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--contacts", type=int, default=500)
    ap.add_argument("--departments", type=int, default=25)
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = ap.parse_args()

    s = get_settings()
    quiet_driver_notices()
    g = get_graph(s)
    migrate(g)
    g.run_autocommit(CLEAN)
    g.write(SEED, acc=ACC, depts=args.departments)
    g.write(CONTACTS, n=args.contacts, depts=args.departments)
    g.write(TIES, n=args.contacts)
    key = create_api_key(g, "account_manager", "bench_user")  # the scoped role: the costlier Cypher
    port = free_port()
    proc = start_server(port, args.workers)
    url = f"http://127.0.0.1:{port}"
    try:
        for name, q in (("decisionChain { graph(paths: false) }", CHAIN_BARE_Q), ("decisionChain { graph }", CHAIN_Q),
                        ("decisionChain typed fields", CHAIN_TYPED_Q)):
            lat, cold, size = chain_latency(url, key, args.runs, q)
            print(f"{name} ({args.contacts} contacts, account_manager scope, {size // 1024} KiB): "
                  f"first {cold:.0f} ms; {args.runs} warm runs p50 {statistics.median(lat):.1f} ms, "
                  f"p95 {pct(lat, 95):.1f} ms, max {max(lat):.1f} ms")
        cpu0 = server_cpu(proc)
        done, errors, took = asyncio.run(throughput(url, key, args.seconds, args.concurrency))
        cpu_ms = (server_cpu(proc) - cpu0) * 1000 / max(done, 1)
        print(f"simple query: {done / took:.0f} req/s over {took:.1f} s ({done} ok, {errors} errors, "
              f"concurrency {args.concurrency}, {args.workers} worker(s)); API process CPU {cpu_ms:.2f} ms/request "
              f"(= {1000 / cpu_ms:.0f} req/s per free core); load average now "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    finally:
        proc.terminate()
        proc.wait(10)
        g.run_autocommit(CLEAN)
        g.write("MATCH (k:ApiKey {user_id: 'bench_user'}) DELETE k")


if __name__ == "__main__":
    main()
