"""Incremental ID-mapping in the graph: M new records into a graph holding N resolved ones.

    DEALGRAPH_BOLT_PORT=... .venv/bin/python bench/identity_incremental.py [--sizes 100000,1000000]
        [--new 10000] [--rounds 1] [--chunk 100000] [--population 1050000] [--keep | --reuse]

Records are Chinese B2B channel records with truth (dealgraph/demo/identity_noise.py, noise 0.2,
seed 99), written as SourceRecords "benchidm:<n>" by the ingest writer's own statement (which
marks new and changed records pending). The base (the first of `--sizes`) is written in large
batches and resolved by ONE full run (EM fit; the model is stored); its time is printed but is
not the figure; the graph grows to the next sizes in incremental `--chunk` runs (not the
figure either). At each size, `--rounds` times, `--new` more records arrive and the incremental
run is timed stage by stage, with the CPU time of this process and of the Neo4j server next to the
wall time and the load average (the machine is shared). Then a run with nothing new, and
pairwise P/R/F1 of the final clusters over all records.

`--keep` leaves the graph for a later `--reuse` run, which grows it from what is there (the
generator is deterministic: same --population, same records, so it continues where the graph
ends). The graph must hold no other SourceRecords; bench records, their goldens and the stored model
are deleted before (unless --reuse) and after (unless --keep).
"""

from __future__ import annotations

import argparse
import os
import time

from dealgraph.config import get_settings
from dealgraph.demo.identity_noise import generate_cn
from dealgraph.graph.connection import Graph
from dealgraph.graph.migrate import migrate
from dealgraph.graph.queries import identity as q
from dealgraph.graph.runtime import LocalServer
from dealgraph.graph.writes.statements import CYPHER
from dealgraph.ingest.identity.evaluate import pairwise_scores
from dealgraph.ingest.identity.graph_store import golden_count, resolve_graph

PREFIX = "benchidm:"
PROPS = ("kind", "name", "company", "email", "phone", "wecom_unionid", "credit_code", "title", "city")
BATCH = 20_000


def _clean(g: Graph) -> None:
    while g.write("MATCH (s:SourceRecord) WHERE s.id STARTS WITH $p WITH s LIMIT 20000 "
                  "OPTIONAL MATCH (s)-[:RESOLVED_TO]->(n) WHERE n.idm_managed = true "
                  "DETACH DELETE s, n RETURN count(*) AS c", p=PREFIX)[0]["c"]:
        pass
    g.write("MATCH (r:IdentityReview) WHERE r.a STARTS WITH $p DETACH DELETE r", p=PREFIX)
    g.write(q.DROP_STATE)


def _create(g: Graph, rows: list[dict]) -> None:
    """As ingest writes a source_record row (statements.CYPHER), in large batches."""
    for k in range(0, len(rows), BATCH):
        batch = [{"id": PREFIX + r["record_id"], "props": {p: r[p] for p in PROPS if r.get(p)}}
                 for r in rows[k:k + BATCH]]
        g.write(CYPHER["source_record"], rows=batch)


class Clock:
    """Wall time, CPU time of this process and of the Neo4j server, load average."""

    def __init__(self) -> None:
        self.server = LocalServer(get_settings()).pid()

    def _server_cpu(self) -> float:
        if not self.server:
            return float("nan")
        with open(f"/proc/{self.server}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def start(self) -> Clock:
        t = os.times()
        self.t0, self.cpu0, self.srv0 = time.perf_counter(), t.user + t.system, self._server_cpu()
        self.load0 = os.getloadavg()[0]
        return self

    def took(self) -> float:
        return time.perf_counter() - self.t0

    def line(self) -> str:
        t = os.times()
        return (f"wall {self.took():.1f} s, cpu: bench {t.user + t.system - self.cpu0:.1f} s + neo4j "
                f"{self._server_cpu() - self.srv0:.1f} s; load {self.load0:.1f} -> {os.getloadavg()[0]:.1f} "
                f"({os.cpu_count()} cores)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000", help="graph sizes (records) at which --new records are timed; "
                    "the first is built by one full resolve, the others grown from it in incremental chunks")
    ap.add_argument("--chunk", type=int, default=100_000, help="records per growth step (not timed)")
    ap.add_argument("--new", type=int, default=10_000, help="records arriving in each timed run")
    ap.add_argument("--rounds", type=int, default=1, help="timed runs at each size (0: only grow)")
    ap.add_argument("--population", type=int, default=1_050_000,
                    help="records generated (the same for a --keep and a --reuse run)")
    ap.add_argument("--keep", action="store_true", help="leave the bench records in the graph")
    ap.add_argument("--reuse", action="store_true", help="time new records against the records already there")
    args = ap.parse_args()
    g = Graph.connect()
    migrate(g)
    others = g.read("MATCH (s:SourceRecord) WHERE NOT s.id STARTS WITH $p RETURN count(s) AS n", p=PREFIX)[0]["n"]
    if others:
        raise SystemExit(f"the graph holds {others} other SourceRecords; use an empty test server")
    at = g.read(q.RECORD_COUNT)[0]["n"] if args.reuse else 0
    if not args.reuse:
        _clean(g)
    sizes = sorted(max(int(x), at) for x in args.sizes.split(","))
    base = at or sizes[0]
    total = sizes[-1] + args.new * args.rounds
    if total > args.population:
        raise SystemExit(f"{total} records wanted, --population is {args.population}")
    clock = Clock().start()
    pop = args.population
    rows, truth = generate_cn(int(pop / 2.25) + 10, int(pop / 2.25 / 5) + 2, noise=0.2, seed=99)
    ids = [r["record_id"] for r in rows[:total]]
    truth = {i: truth[i] for i in ids}
    rows = [None] * at + rows[at:total]  # records already in the graph are not kept (memory)
    print(f"{len(ids)} records generated ({clock.line()})", flush=True)
    if not at:
        clock.start()
        _create(g, rows[:base])
        print(f"base: {base} records written ({clock.line()})", flush=True)
        clock.start()
        s = resolve_graph(g)
        print(f"base: full resolve of {base} ({s['mode']}, not the figure): {clock.line()}; "
              f"{golden_count(g)} goldens", flush=True)
        at = base
    for size in sizes:
        while at < size:
            step = min(args.chunk, size - at)
            _create(g, rows[at:at + step])
            clock.start()
            s = resolve_graph(g)
            print(f"  grow: {step} into {at} ({s['mode']}, not the figure): {clock.line()}", flush=True)
            at += step
        for _ in range(args.rounds):
            _create(g, rows[at:at + args.new])
            clock.start()
            s = resolve_graph(g)
            st = s["stats"]
            print(f"{args.new} new records into {at} ({s['mode']}): {clock.line()}\n  stages {st.get('seconds')}\n"
                  f"  neighbours {st.get('neighbours')}, pairs {st.get('candidate_pairs')}, "
                  f"goldens created {s.get('goldens_created')}, joined {s.get('merged_goldens')}", flush=True)
            at += args.new
    clock.start()
    s = resolve_graph(g)
    print(f"again with nothing new: {clock.line()}, changed {s['changed']}", flush=True)
    got = {r["rid"][len(PREFIX):]: r["gid"] for r in g.read(
        "MATCH (s:SourceRecord)-[:RESOLVED_TO]->(n) WHERE s.id STARTS WITH $p RETURN s.id AS rid, n.id AS gid",
        p=PREFIX)}
    ids = ids[:at]
    sc = pairwise_scores([got[i] for i in ids], [truth[i] for i in ids])
    print(f"final clusters ({len(ids)} records): P {sc['precision']:.3f} R {sc['recall']:.3f} F1 {sc['f1']:.3f}",
          flush=True)
    if not args.keep:
        _clean(g)


if __name__ == "__main__":
    main()
