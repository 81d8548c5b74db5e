"""Incremental ID-mapping in the graph: N source records resolved, then M new ones arrive.

    DEALGRAPH_BOLT_PORT=... .venv/bin/python bench/identity_incremental.py [--base 100000] [--new 1000]

Creates SourceRecords with ids "benchidm:<n>" (Chinese B2B channel records with truth, from
dealgraph/demo/identity_noise.py), times the first full `resolve_graph`, then adds the new
records and times the incremental run (only new records and the clusters they touch are
written), a third run with nothing new, and prints pairwise P/R/F1 of the final clusters.
The graph must hold no other SourceRecords (resolve_graph resolves all of them); bench records
and the goldens made for them are deleted before and after.
"""

from __future__ import annotations

import argparse
import os
import time

from dealgraph.demo.identity_noise import generate_cn
from dealgraph.graph.connection import Graph
from dealgraph.ingest.identity.evaluate import pairwise_scores
from dealgraph.ingest.identity.graph_store import resolve_graph

PREFIX = "benchidm:"
PROPS = ("kind", "name", "company", "email", "phone", "wecom_unionid", "credit_code", "title", "city")


def _clean(g: Graph) -> None:
    while g.write("MATCH (s:SourceRecord) WHERE s.id STARTS WITH $p WITH s LIMIT 20000 "
                  "OPTIONAL MATCH (s)-[:RESOLVED_TO]->(n) WHERE n.idm_managed = true "
                  "DETACH DELETE s, n RETURN count(*) AS c", p=PREFIX)[0]["c"]:
        pass


def _create(g: Graph, rows: list[dict]) -> None:
    for k in range(0, len(rows), 10_000):
        batch = [{"id": PREFIX + r["record_id"], **{p: r[p] for p in PROPS if r.get(p)}} for r in rows[k:k + 10_000]]
        g.write("UNWIND $rows AS r CREATE (s:SourceRecord) SET s = r", rows=batch)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=1_000)
    args = ap.parse_args()
    g = Graph.connect()
    others = g.read("MATCH (s:SourceRecord) WHERE NOT s.id STARTS WITH $p RETURN count(s) AS n", p=PREFIX)[0]["n"]
    if others:
        raise SystemExit(f"the graph holds {others} other SourceRecords; use an empty test server")
    _clean(g)
    total = args.base + args.new
    rows, truth = generate_cn(int(total / 2.25) + 10, int(total / 2.25 / 5) + 2, noise=0.2, seed=99)
    rows = rows[:total]
    base, new = rows[:args.base], rows[args.base:]
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    t0 = time.perf_counter()
    _create(g, base)
    print(f"created {len(base)} source records in {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    s = resolve_graph(g)
    print(f"first resolve of {s['records']} records: {time.perf_counter() - t0:.1f} s, {s['goldens']} goldens",
          flush=True)
    _create(g, new)
    t0 = time.perf_counter()
    s = resolve_graph(g)
    print(f"{len(new)} new records into {s['records'] - len(new)}: {time.perf_counter() - t0:.1f} s "
          f"(changed {s['changed']}, affected {s.get('affected')}, resolver {s['stats']['seconds']['total']} s)",
          flush=True)
    t0 = time.perf_counter()
    s = resolve_graph(g)
    print(f"again with nothing new: {time.perf_counter() - t0:.1f} s, changed {s['changed']}", flush=True)
    got = {r["rid"][len(PREFIX):]: r["gid"] for r in g.read(
        "MATCH (s:SourceRecord)-[:RESOLVED_TO]->(n) WHERE s.id STARTS WITH $p RETURN s.id AS rid, n.id AS gid",
        p=PREFIX)}
    ids = [r["record_id"] for r in rows]
    sc = pairwise_scores([got[i] for i in ids], [truth[i] for i in ids])
    print(f"final clusters: P {sc['precision']:.3f} R {sc['recall']:.3f} F1 {sc['f1']:.3f}; "
          "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    _clean(g)


if __name__ == "__main__":
    main()
