"""Incremental ID-mapping in the graph: M new records into a graph holding N resolved ones.

    DEALGRAPH_BOLT_PORT=... .venv/bin/python bench/identity_incremental.py \
        [--sizes 100000,300000,1000000] [--new 10000] [--chunk 100000] [--first 100000]

Creates SourceRecords with ids "benchidm:<n>" (Chinese B2B channel records with truth, from
dealgraph/demo/identity_noise.py, shuffled). The first `--first` records get a full resolve
(EM fit; the model is stored); the graph then grows in chunks of `--chunk`, each resolved
incrementally; at every size in --sizes, `--new` more records arrive and that incremental run
is timed (stage by stage), then a run with nothing new. Prints pairwise P/R/F1 of the final
clusters over all records. The graph must hold no other SourceRecords; bench records, their
goldens and the stored model are deleted before and after.
"""

from __future__ import annotations

import argparse
import os
import time

from dealgraph.demo.identity_noise import generate_cn
from dealgraph.graph.connection import Graph
from dealgraph.graph.migrate import migrate
from dealgraph.graph.queries import identity as q
from dealgraph.ingest.identity.evaluate import pairwise_scores
from dealgraph.ingest.identity.graph_store import golden_count, resolve_graph

PREFIX = "benchidm:"
PROPS = ("kind", "name", "company", "email", "phone", "wecom_unionid", "credit_code", "title", "city")


def _clean(g: Graph) -> None:
    while g.write("MATCH (s:SourceRecord) WHERE s.id STARTS WITH $p WITH s LIMIT 20000 "
                  "OPTIONAL MATCH (s)-[:RESOLVED_TO]->(n) WHERE n.idm_managed = true "
                  "DETACH DELETE s, n RETURN count(*) AS c", p=PREFIX)[0]["c"]:
        pass
    g.write("MATCH (r:IdentityReview) WHERE r.a STARTS WITH $p DETACH DELETE r", p=PREFIX)
    g.write(q.DROP_STATE)


def _create(g: Graph, rows: list[dict]) -> None:
    for k in range(0, len(rows), 10_000):
        batch = [{"id": PREFIX + r["record_id"], **{p: r[p] for p in PROPS if r.get(p)}} for r in rows[k:k + 10_000]]
        g.write("UNWIND $rows AS r CREATE (s:SourceRecord) SET s = r", rows=batch)


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000", help="graph sizes (records) at which --new records are timed")
    ap.add_argument("--new", type=int, default=10_000)
    ap.add_argument("--chunk", type=int, default=100_000, help="growth step between sizes (incremental runs)")
    ap.add_argument("--first", type=int, default=100_000, help="records of the first, full resolve")
    args = ap.parse_args()
    sizes = sorted(int(x) for x in args.sizes.split(","))
    g = Graph.connect()
    migrate(g)
    others = g.read("MATCH (s:SourceRecord) WHERE NOT s.id STARTS WITH $p RETURN count(s) AS n", p=PREFIX)[0]["n"]
    if others:
        raise SystemExit(f"the graph holds {others} other SourceRecords; use an empty test server")
    _clean(g)
    total = sizes[-1] + args.new
    rows, truth = generate_cn(int(total / 2.25) + 10, int(total / 2.25 / 5) + 2, noise=0.2, seed=99)
    rows = rows[:total]
    print(f"{_load()} at start; {len(rows)} records generated", flush=True)
    at = min(args.first, sizes[0])
    t0 = time.perf_counter()
    _create(g, rows[:at])
    t1 = time.perf_counter()
    s = resolve_graph(g)
    print(f"first (full) resolve of {at}: create {t1 - t0:.1f} s, resolve {time.perf_counter() - t1:.1f} s, "
          f"{golden_count(g)} goldens; {_load()}", flush=True)
    for size in sizes:
        while at < size:
            step = min(args.chunk, size - at)
            _create(g, rows[at:at + step])
            t0 = time.perf_counter()
            s = resolve_graph(g)
            print(f"  grow: {step} into {at} ({s['mode']}): {time.perf_counter() - t0:.1f} s; {_load()}", flush=True)
            at += step
        _create(g, rows[at:at + args.new])
        t0 = time.perf_counter()
        s = resolve_graph(g)
        took = time.perf_counter() - t0
        sec = s["stats"].get("seconds", {})
        print(f"{args.new} new records into {at} ({s['mode']}): {took:.1f} s  stages {sec}  "
              f"neighbours {s['stats'].get('neighbours')}, pairs {s['stats'].get('candidate_pairs')}, "
              f"goldens created {s.get('goldens_created')}; {_load()}", flush=True)
        at += args.new
        t0 = time.perf_counter()
        s = resolve_graph(g)
        print(f"  again with nothing new: {time.perf_counter() - t0:.1f} s, changed {s['changed']}", flush=True)
    got = {r["rid"][len(PREFIX):]: r["gid"] for r in g.read(
        "MATCH (s:SourceRecord)-[:RESOLVED_TO]->(n) WHERE s.id STARTS WITH $p RETURN s.id AS rid, n.id AS gid",
        p=PREFIX)}
    ids = [r["record_id"] for r in rows[:at]]
    sc = pairwise_scores([got[i] for i in ids], [truth[i] for i in ids])
    print(f"final clusters ({len(ids)} records): P {sc['precision']:.3f} R {sc['recall']:.3f} F1 {sc['f1']:.3f}; "
          f"{_load()}", flush=True)
    _clean(g)


if __name__ == "__main__":
    main()
