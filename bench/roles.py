"""Decision-role benchmark on demo truth: macro-F1 + confusion matrix, and batch throughput.

    DEALGRAPH_BOLT_PORT=17730 .venv/bin/python bench/roles.py --per-shape 12 --batch-accounts 40

1. Generates accounts of every shape (flat, deep, matrix) and language with
   dealgraph.demo.org.generate_org, loads them into the graph under ids "bench-roles-*"
   (only those nodes are ever deleted), and keeps the true roles in memory only.
2. Rule alone: classify every account, score against the truth per shape and overall.
3. Trained pipeline: split ACCOUNTS in half; the truth of the train half is given as confirmed
   labels, the GDS node-classification pipeline is trained on it and scored on the test half
   (the rule is scored on the same test half for comparison).
4. Batch job: `--batch-accounts N` accounts of 50-500 contacts classified as one batch job with
   a progress bar; the time for 1,000 accounts is extrapolated from N when N < 1000.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dealgraph.algorithms.roles import classify
from dealgraph.algorithms.roles.rules import ROLES
from dealgraph.demo.org import OrgChart, generate_org
from dealgraph.graph.connection import get_graph, quiet_driver_notices
from dealgraph.graph.migrate import migrate

PREFIX = "bench-roles-"


def wipe(graph) -> None:
    for label in ("Contact", "Department", "Interaction", "Account", "User"):
        graph.run_autocommit(f"MATCH (n:{label}) WHERE n.id STARTS WITH $p "
                             "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS", p=PREFIX)


def load(graph, org: OrgChart, structure_only: bool = False) -> None:
    """Write one generated org the way ingest would: nodes, reporting lines, ties, interactions.

    structure_only: titles and reporting lines only, like a user's org-chart export.
    """
    aid = org.account_id
    owner = f"{PREFIX}user-{aid}"
    graph.write("MERGE (a:Account {id: $a}) SET a.name = $a, a.shape = $s "
                "MERGE (u:User {id: $u}) SET u.name = 'owner of ' + $a MERGE (u)-[:OWNS]->(a)",
                a=aid, s=org.shape, u=owner)
    graph.write_batch("UNWIND $rows AS r MATCH (a:Account {id: r.aid}) MERGE (d:Department {id: r.id}) "
                      "SET d.name = r.name, d.account_id = r.aid MERGE (d)-[:PART_OF]->(a)",
                      [{"id": d.id, "name": d.name, "aid": aid} for d in org.departments])
    graph.write_batch("UNWIND $rows AS r MATCH (d:Department {id: r.d}), (p:Department {id: r.p}) "
                      "MERGE (d)-[:SUB_OF]->(p)",
                      [{"d": d.id, "p": d.parent_id} for d in org.departments if d.parent_id])
    graph.write_batch("UNWIND $rows AS r MERGE (c:Contact {id: r.id}) SET c.name = r.name, c.title = r.title, "
                      "c.account_id = r.aid WITH c, r MATCH (d:Department {id: r.d}) MERGE (c)-[:WORKS_IN]->(d)",
                      [{"id": c.id, "name": c.name, "title": c.title, "aid": aid, "d": c.department_id}
                       for c in org.contacts])
    graph.write_batch("UNWIND $rows AS r MATCH (c:Contact {id: r.c}), (m:Contact {id: r.m}) "
                      "MERGE (c)-[:REPORTS_TO]->(m)",
                      [{"c": c.id, "m": c.manager_id} for c in org.contacts if c.manager_id])
    if structure_only:
        return
    graph.write_batch("UNWIND $rows AS r MATCH (a:Contact {id: r.s}), (b:Contact {id: r.t}) "
                      "MERGE (a)-[k:KNOWS]->(b) SET k.strength = r.w, k.kind = r.k",
                      [{"s": t.source_id, "t": t.target_id, "w": t.strength, "k": t.kind} for t in org.ties])
    graph.write_batch("UNWIND $rows AS r MERGE (i:Interaction {id: r.id}) SET i.kind = r.kind, i.at = r.at, "
                      "i.topic = r.topic, i.meeting_type = r.mt, i.summary = r.summary "
                      "WITH i, r MATCH (u:User {id: r.u}) MERGE (i)-[:BY]->(u) "
                      "WITH i, r UNWIND r.people AS pid MATCH (c:Contact {id: pid}) MERGE (i)-[:INVOLVES]->(c)",
                      [{"id": f"{PREFIX}{m.id}", "kind": m.kind, "at": m.at.isoformat(), "topic": m.topic,
                        "mt": m.meeting_type, "summary": m.summary, "people": m.attendees, "u": owner}
                       for m in org.meetings], batch_size=2000)


def make_orgs(rng: random.Random, per_shape: int, lo: int, hi: int, tag: str) -> list[OrgChart]:
    orgs = []
    for shape in ("flat", "deep", "matrix"):
        for i in range(per_shape):
            n = rng.randint(lo, hi)
            lang = ("zh", "en", "mixed")[i % 3]
            orgs.append(generate_org(rng, f"{PREFIX}{tag}{shape}-{i:03d}", n, shape, lang))
    return orgs


def scores(truth: dict[str, str], pred: dict[str, str]) -> tuple[float, list[list[int]], dict[str, float]]:
    from sklearn.metrics import confusion_matrix, f1_score

    ids = [c for c in truth if c in pred]
    y, p = [truth[c] for c in ids], [pred[c] for c in ids]
    per = f1_score(y, p, labels=list(ROLES), average=None, zero_division=0)
    return (float(f1_score(y, p, labels=list(ROLES), average="macro", zero_division=0)),
            confusion_matrix(y, p, labels=list(ROLES)).tolist(), dict(zip(ROLES, map(float, per), strict=True)))


def show(title: str, truth: dict[str, str], pred: dict[str, str]) -> float:
    f1, cm, per = scores(truth, pred)
    print(f"\n{title}: macro-F1 = {f1:.3f}  (n={len(truth)}; " + ", ".join(f"{r} {v:.3f}" for r, v in per.items())
          + ")")
    corner = "truth / predicted"
    print(f"  {corner:<18}" + "".join(f"{r[:14]:>16}" for r in ROLES))
    for r, row in zip(ROLES, cm, strict=True):
        print(f"  {r:<18}" + "".join(f"{v:>16}" for v in row))
    return f1


def evaluate(graph, args) -> None:
    rng = random.Random(args.seed)
    orgs = make_orgs(rng, args.per_shape, args.min_size, args.max_size, "eval-")
    t = time.perf_counter()
    for org in orgs:
        load(graph, org, args.structure_only)
    print(("ORG CHART ONLY (titles + reporting lines, no interactions or ties): " if args.structure_only else "")
          + f"loaded {len(orgs)} accounts, {sum(len(o.contacts) for o in orgs)} contacts "
          f"in {time.perf_counter() - t:.1f}s")
    truth = {c.id: c.role for o in orgs for c in o.contacts}
    shape_of = {c.id: o.shape for o in orgs for c in o.contacts}
    ids = [o.account_id for o in orgs]

    t = time.perf_counter()
    rule = classify(graph, ids, labels={}, use_model=False, collect=True, write=False)
    print(f"rule: classified {rule.contacts} contacts in {time.perf_counter() - t:.1f}s")
    rule_pred = {r["id"]: r["role"] for r in rule.results}
    show("RULE, all accounts", truth, rule_pred)
    for shape in ("flat", "deep", "matrix"):
        show(f"RULE, {shape}", {c: r for c, r in truth.items() if shape_of[c] == shape}, rule_pred)

    split = random.Random(args.seed + 1)
    train_ids = set()
    for shape in ("flat", "deep", "matrix"):
        accs = [o.account_id for o in orgs if o.shape == shape]
        split.shuffle(accs)
        train_ids.update(accs[: len(accs) // 2])
    test_orgs = [o for o in orgs if o.account_id not in train_ids]
    labels = {c.id: c.role for o in orgs if o.account_id in train_ids for c in o.contacts}
    test_truth = {c.id: c.role for o in test_orgs for c in o.contacts}
    t = time.perf_counter()
    model = classify(graph, [o.account_id for o in test_orgs], labels=labels, use_model=True, collect=True,
                     write=False)
    print(f"\npipeline: trained on {len(labels)} labelled contacts of {len(train_ids)} accounts and classified "
          f"{model.contacts} contacts of {len(test_orgs)} held-out accounts in {time.perf_counter() - t:.1f}s")
    print(f"  model {model.model}; GDS metrics {model.model_metrics}")
    show("PIPELINE, held-out accounts", test_truth, {r["id"]: r["role"] for r in model.results})
    show("RULE, same held-out accounts", test_truth, rule_pred)


def batch(graph, args) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    rng = random.Random(args.seed + 7)
    n = args.batch_accounts
    t = time.perf_counter()
    orgs = [generate_org(rng, f"{PREFIX}batch-{i:04d}", rng.randint(50, 500), ("flat", "deep", "matrix")[i % 3],
                         ("zh", "en", "mixed")[i % 3]) for i in range(n)]
    for org in orgs:
        load(graph, org)
    contacts = sum(len(o.contacts) for o in orgs)
    print(f"\nbatch: generated and loaded {n} accounts, {contacts} contacts in {time.perf_counter() - t:.1f}s")
    t = time.perf_counter()
    with Progress(TextColumn("classifying"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()) as bar:
        task = bar.add_task("roles", total=n)
        report = classify(graph, [o.account_id for o in orgs], labels={}, use_model=False,
                          batch_accounts=args.batch_size, on_batch=lambda k, _: bar.advance(task, k))
    took = time.perf_counter() - t
    per_contact = took / max(report.contacts, 1)
    print(f"batch: classified and wrote {report.contacts} contacts of {report.accounts} accounts in {took:.1f}s "
          f"({1000 * per_contact:.2f} ms/contact); roles {report.by_role}")
    if n < 1000:
        est = took * 1000 / n
        print(f"batch: EXTRAPOLATED to 1,000 accounts of 50-500 contacts (x{1000 / n:.0f}): about {est / 60:.1f} min")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-shape", type=int, default=12, help="evaluation accounts per shape")
    ap.add_argument("--min-size", type=int, default=30)
    ap.add_argument("--max-size", type=int, default=300)
    ap.add_argument("--batch-accounts", type=int, default=0, help="accounts for the throughput run (0 = skip)")
    ap.add_argument("--batch-size", type=int, default=25, help="accounts per GDS projection")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--structure-only", action="store_true",
                    help="load only titles and reporting lines (what a user's org-chart file has)")
    ap.add_argument("--keep", action="store_true", help="keep the bench-roles-* data afterwards")
    args = ap.parse_args()
    quiet_driver_notices()
    graph = get_graph()
    migrate(graph)
    wipe(graph)
    try:
        if args.per_shape:
            evaluate(graph, args)
        if args.batch_accounts:
            batch(graph, args)
    finally:
        if not args.keep:
            wipe(graph)


if __name__ == "__main__":
    main()
