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

`--import-base` builds the base faster, for a 1M graph on a busy 2-core machine (the MERGE path
took 786 s for a 100k base and ~30 min per 100k growth step under load): the base records are
resolved in memory by the same `resolve()` a full graph run calls (records in id order, as the
graph returns them; no reviews, nothing resolved before), and the graph that run would write is
imported with neo4j-admin (graph/bulk_import.py, the bulk first load's own path) into an EMPTY
database, then the migrations build the constraints and indexes. It is the same graph as
`resolve_graph` on those records (checked on 20k records: same nodes and relationships per label,
same properties apart from the write times): SourceRecords with their properties and the
resolver's bookkeeping (idm_keys, idm_norm, idm_seen; no idm_dirty), goldens (Contact/Account,
idm_managed, idm_sources, idm_counts, survivorship fields) and RESOLVED_TO edges built by the
writer's own row builders (graph_store.resolution_rows, review_rows, bookkeeping_rows), the review
queue, and the stored model (Stored.from_full, saved by SAVE_STATE). It differs from a graph GROWN
to that size by incremental runs only as one full resolve differs from many incremental ones
(clusters agree ~0.98; the model is fitted on all records, not on the first chunk). It is not
the figure either: the figure is the incremental run of `--new` records into it.

The bench starts the server of DEALGRAPH_BOLT_PORT when none runs, with `--heap` and `--pagecache`
(a 1M graph's store is ~3 GB: the default 512m page cache makes every step read from disk).
`--reuse --sizes 0 --rounds 1 --keep` times one more step on a kept graph (and keeps it; give the
--population it was built with). The first step after the server starts reads the store from disk
(about twice as slow): time at least two.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from collections import Counter
from datetime import UTC, datetime

from dealgraph.config import Settings, get_settings
from dealgraph.demo.identity_noise import generate_cn
from dealgraph.graph.bulk_import import admin_import, check_can_import
from dealgraph.graph.connection import Graph
from dealgraph.graph.migrate import migrate
from dealgraph.graph.queries import identity as q
from dealgraph.graph.runtime import LocalServer
from dealgraph.graph.writes.statements import CYPHER
from dealgraph.ingest.bulk import ARRAY_DELIMITER, BulkGraph
from dealgraph.ingest.identity.blocking import record_tokens
from dealgraph.ingest.identity.evaluate import pairwise_scores
from dealgraph.ingest.identity.graph_store import (
    GOLDEN,
    _canonical,
    bookkeeping_rows,
    fingerprint,
    golden_count,
    resolution_rows,
    resolve_graph,
    review_rows,
)
from dealgraph.ingest.identity.incremental import Stored
from dealgraph.ingest.identity.resolve import resolve
from dealgraph.schema.graph_model import IDENTITY_PROPERTIES

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


def _seen(props: dict) -> list[str]:
    """idm_seen as RECORD_BOOKKEEPING computes it in the database (queries.identity._seen)."""
    return ["" if props.get(x) is None else str(props[x]) for x in IDENTITY_PROPERTIES]


def _import_base(settings: Settings, rows: list[dict], clock: Clock) -> None:
    """The graph a full `resolve_graph` run over `rows` (written as `_create` writes them) leaves,
    built in memory and loaded by neo4j-admin into the empty database (see the module doc)."""
    props = {PREFIX + r["record_id"]: {"id": PREFIX + r["record_id"], **{p: r[p] for p in PROPS if r.get(p)}}
             for r in rows}
    ids = sorted(props)  # as SOURCE_RECORDS returns them
    records = [_canonical(props[i]) for i in ids]
    fps = {rec["id"]: fingerprint(rec) for rec in records}
    clock.start()
    res = resolve(records)
    print(f"  import: full resolve of {len(ids)} in memory: {clock.line()}", flush=True)
    clock.start()
    clusters = list(res.clusters().values())
    goldens, links, aliases = resolution_rows(res, clusters, props, {}, {}, {k: set() for k in GOLDEN}, fps)
    assert not aliases  # nothing was resolved before
    tokens = record_tokens(res.prepared)
    state = Stored.from_full(res, tokens).to_json()
    now = datetime.now(UTC)
    bulk = BulkGraph()
    for row in bookkeeping_rows(res.prepared, range(len(ids)), tokens):
        p = props[row["id"]]
        bulk.nodes["SourceRecord"][row["id"]] = {**p, "idm_keys": row["keys"], "idm_norm": row["norm"],
                                                 "idm_seen": _seen(p)}
    label_of = {}
    for x in goldens:  # write_goldens: a new golden is ours, created now, then size, counts and fields
        label_of[x["id"]] = x["label"]
        bulk.nodes[x["label"]][x["id"]] = {"id": x["id"], "idm_managed": True, "created_at": now,
                                           "idm_sources": x["size"], "idm_counts": x["counts"], **x["props"]}
    for x in links:  # LINK_TO_GOLDENS
        bulk.rels[("SourceRecord", "RESOLVED_TO", label_of[x["gid"]])][(x["rid"], x["gid"])] = {
            "score": x["score"], "evidence": x["evidence"], "method": x["method"], "fp": x["fp"], "at": now}
    for x in review_rows(res):  # WRITE_REVIEWS on a new review
        bulk.nodes["IdentityReview"][x["id"]] = {"id": x["id"], "status": "pending", "created_at": now, "a": x["a"],
                                                 "b": x["b"], "score": x["score"], "evidence": x["evidence"],
                                                 "kind": x["kind"], "currently_merged": x["same"]}
    del res, records, tokens, goldens, links
    folder = settings.data_dir / "import" / "bench-identity"
    node_files, rel_files = bulk.write_csv(folder)
    multiline = bulk.multiline
    counts = {k: len(v) for k, v in bulk.nodes.items()}
    del bulk
    print(f"  import: rows and CSV files {counts}: {clock.line()}", flush=True)
    clock.start()
    try:
        admin_import(settings, node_files, rel_files, ARRAY_DELIMITER, multiline=multiline)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    clock.server = LocalServer(settings).pid()
    print(f"  import: neo4j-admin import and restart: {clock.line()}", flush=True)
    clock.start()
    g = Graph.connect(settings)
    try:
        migrate(g)
    except Exception as e:  # noqa: BLE001 - index population at 1M outlasts migrate's 300 s wait
        print(f"  import: still building indexes ({type(e).__name__}); waiting", flush=True)
        g.run_autocommit("CALL db.awaitIndexes(7200)")
        migrate(g)
    g.write(q.SAVE_STATE, state=state)
    unseen = len(g.read(q.PENDING_RECORDS))
    print(f"  import: constraints, indexes, stored model ({len(state) / 1e6:.1f} MB): {clock.line()}; "
          f"records a run would see as pending: {unseen}", flush=True)
    if unseen:
        raise SystemExit("the imported records are not what the resolver saw (idm_seen): the import is wrong")
    g.close()


def _pairs_with_new(sizes: dict, new: Counter) -> int:
    """Pairs inside each group that hold at least one new record: all pairs less the old ones."""
    return sum(n * (n - 1) // 2 - (n - new[k]) * (n - new[k] - 1) // 2 for k, n in sizes.items() if new[k])


def _step_scores(g: Graph, new_ids: list[str], graph_ids: list[str], truth: dict) -> dict:
    """Pairwise P/R/F1 over the pairs involving one of this step's records: their goldens'
    members against their true entities' records in the graph."""
    rows = g.read("UNWIND $ids AS id MATCH (:SourceRecord {id: id})-[:RESOLVED_TO]->(n) "
                  "MATCH (n)<-[:RESOLVED_TO]-(m:SourceRecord) RETURN DISTINCT n.id AS gid, m.id AS rid",
                  ids=[PREFIX + i for i in new_ids])
    fresh = set(new_ids)
    members = [(r["gid"], r["rid"][len(PREFIX):]) for r in rows]
    pred = _pairs_with_new(Counter(gid for gid, _ in members), Counter(gid for gid, rid in members if rid in fresh))
    cells = Counter((gid, truth[rid]) for gid, rid in members)
    tp = _pairs_with_new(cells, Counter((gid, truth[rid]) for gid, rid in members if rid in fresh))
    ents = {truth[i] for i in new_ids}
    true = _pairs_with_new(Counter(truth[i] for i in graph_ids if truth[i] in ents), Counter(truth[i] for i in new_ids))
    p, r = (tp / pred if pred else 1.0), (tp / true if true else 1.0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "true": true, "predicted": pred}


class Clock:
    """Wall time, CPU time of this process and of the Neo4j server, load average."""

    def __init__(self, settings: Settings) -> None:
        self.server = LocalServer(settings).pid()

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
    ap.add_argument("--import-base", action="store_true",
                    help="build the base by one in-memory resolve and neo4j-admin import (empty database only)")
    ap.add_argument("--heap", default="2g", help="Neo4j heap when the bench starts the server")
    ap.add_argument("--pagecache", default="3g", help="Neo4j page cache when the bench starts the server")
    args = ap.parse_args()
    settings = get_settings().model_copy(update={"heap": args.heap, "pagecache": args.pagecache})
    server = LocalServer(settings)
    if server.pid():
        print(f"Neo4j on port {settings.bolt_port} runs already (its heap/page cache as it was started with)")
    else:
        server.start()
        print(f"Neo4j started on port {settings.bolt_port}: heap {args.heap}, page cache {args.pagecache}")
    g = Graph.connect(settings)
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
    clock = Clock(settings).start()
    pop = args.population
    rows, truth = generate_cn(int(pop / 2.25) + 10, int(pop / 2.25 / 5) + 2, noise=0.2, seed=99)
    ids = [r["record_id"] for r in rows[:total]]
    truth = {i: truth[i] for i in ids}
    rows = [None] * at + rows[at:total]  # records already in the graph are not kept (memory)
    print(f"{len(ids)} records generated ({clock.line()})", flush=True)
    if not at and args.import_base:
        check_can_import(g, settings)
        g.close()
        t0 = time.perf_counter()
        _import_base(settings, rows[:base], clock)
        g = Graph.connect(settings)
        print(f"base: {base} records resolved and imported in {time.perf_counter() - t0:.0f} s (not the figure); "
              f"{golden_count(g)} goldens", flush=True)
        at = base
    elif not at:
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
            sc = _step_scores(g, ids[at:at + args.new], ids[:at + args.new], truth)
            print(f"  this step's pairs (with a new record): P {sc['precision']:.3f} R {sc['recall']:.3f} "
                  f"F1 {sc['f1']:.3f} ({sc['true']} true, {sc['predicted']} predicted)", flush=True)
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
