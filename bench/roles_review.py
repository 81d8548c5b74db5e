"""How many answers and corrections `roles review` needs before an account reaches macro-F1 0.90.

    DEALGRAPH_BOLT_PORT=17710 .venv/bin/python bench/roles_review.py [--per-round 5] [--model rule|auto]
        [--others sequence|none|labelled] [--target 0.9]

A simulated user works through the charts written by others (tests/fixtures/roles_blind*, the truth
standing in for the user's knowledge; nothing is fitted on them): each round `roles review` lists the
`--per-round` unconfirmed contacts with the lowest margin, the user answers with the true role (a
correction when it differs from the prediction, else a confirmation), and the account is classified
again (`--model auto`: the GDS pipeline takes over once enough confirmed roles exist, trained on the
answers of every account reviewed so far). `--learn on` (the product's default): every answer so far, in
any account, also moves the semantics' verdicts by reason (corrections.py), so later accounts start
better or worse; `--learn off` uses the answers for the answered people only. After the review, the
charts of `--then` (default: the validation set, never answered about) are classified with the answers
in the graph, to show what the learning does to accounts nobody reviewed.
`--others none|labelled` measures transfer directly, account by account: every chart is loaded, then
each one is reviewed with no other account's answers in the graph (none) or with every OTHER chart
fully answered (labelled: leave one out; its answers move this account's verdicts by reason and
profile, corrections.py), and the target's own answers are taken back afterwards.
`--transfer off` leaves out the cross-account model of transfer.py (trained on every answered contact's
structural numbers; on in the product), `--prior-answers N` sets its weight.
Prints per account the F1 before, the answers and the
corrections spent to reach 0.90 (or the F1 where --max-answers stopped). Accounts "bench-review-*"
are deleted afterwards.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.roles_charts import area_of, charts, macro_f1
from dealgraph.algorithms.roles import classify, corrections, transfer
from dealgraph.algorithms.roles.classify import TRANSFER, answers_by_reason, user_labels
from dealgraph.algorithms.roles.corrections import tally
from dealgraph.graph.connection import get_graph, quiet_driver_notices
from dealgraph.graph.migrate import migrate
from dealgraph.graph.queries.roles_review import candidates, clear_label, store_label
from dealgraph.ingest.orgchart.load import load

PREFIX = "bench-review-"


def run_account(graph, name, contacts, edges, truth, args, org=None) -> tuple[float, int, int, float]:
    org = org or load(graph, contacts, edges, account_id=f"{PREFIX}{name}")
    use_model = {"rule": False, "auto": None}[args.model]

    def score() -> float:
        labels = None if args.learn == "on" else user_labels(graph)
        report = classify(graph, [org.account_id], collect=True, use_model=use_model, labels=labels,
                          purchase_area=area_of(contacts, "it"))
        pred = {org.source_ids[r["id"]]: r["role"] for r in report.results}
        return macro_f1([(t, pred.get(i, "(none)")) for i, t in truth.items()])

    start = f1 = score()
    answers = corrections = 0
    while f1 < args.target and answers < args.max_answers:
        rows = candidates(graph, [org.account_id], args.per_round if args.order == "margin" else 100_000)
        if args.order == "random":  # the comparison: a user confirming contacts in no particular order
            rows = args.rng.sample(rows, min(args.per_round, len(rows)))
        if not rows:
            break
        for r in rows:
            role = truth.get(org.source_ids[r["id"]])
            if role is None:
                continue
            store_label(graph, r["id"], role, "bench", "2026-01-01T00:00:00Z")
            answers += 1
            corrections += role != r["role"]
        f1 = score()
    return start, answers, corrections, f1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    root = Path(__file__).resolve().parents[1]
    ap.add_argument("--sets", type=Path, nargs="*",
                    default=[root / f"tests/fixtures/{d}" for d in ("roles_blind", "roles_blind2", "roles_blind3", "roles_blind4",
                                                                "roles_blind5")])
    ap.add_argument("--per-round", type=int, default=5)
    ap.add_argument("--target", type=float, default=0.90)
    ap.add_argument("--max-answers", type=int, default=80)
    ap.add_argument("--model", choices=["rule", "auto"], default="rule")
    ap.add_argument("--learn", choices=["on", "off"], default="on")
    ap.add_argument("--then", type=Path, nargs="*", default=[root.parent / "shared/validation/roles/data"])
    ap.add_argument("--order", choices=["margin", "random"], default="margin",
                    help="margin: what `roles review` lists; random: the baseline")
    ap.add_argument("--others", choices=["sequence", "none", "labelled"], default="sequence",
                    help="sequence: one account after another; none / labelled: each account alone / with "
                         "every other chart answered")
    ap.add_argument("--profile-weight", type=float, default=None,
                    help="weight of answers about people of the same profile (corrections.PROFILE_WEIGHT)")
    ap.add_argument("--transfer", choices=["on", "off"], default="on",
                    help="the cross-account model over structural numbers (transfer.py) mixed into the verdicts")
    ap.add_argument("--prior-answers", type=float, default=None,
                    help="how many answers the semantics weigh against the transfer model (transfer.PRIOR_ANSWERS)")
    args = ap.parse_args()
    TRANSFER["on"] = args.transfer == "on"
    if args.prior_answers is not None:
        transfer.PRIOR_ANSWERS = args.prior_answers
    if args.profile_weight is not None:
        corrections.PROFILE_WEIGHT = args.profile_weight
    args.rng = random.Random(5)
    quiet_driver_notices()
    graph = get_graph()
    migrate(graph)
    if args.others != "sequence":
        try:
            leave_one_out(graph, args)
        finally:
            cleanup(graph)
        return
    total_a = total_c = reached = n = 0
    try:
        for folder in args.sets:
            for name, contacts, edges, truth in charts(folder):
                start, a, c, f1 = run_account(graph, name, contacts, edges, truth, args)
                ok = f1 >= args.target
                reached += ok
                n += 1
                total_a += a
                total_c += c
                print(f"{name:<24} F1 {start:.3f} -> {f1:.3f} after {a:>3} answers ({c:>2} corrections)"
                      f"{'' if ok else '  (target not reached)'}")
        answers = tally(answers_by_reason(graph))
        print("answers by the semantics' reason (reason/said: answers by true role): " + "; ".join(
            f"{r}/{said}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items()))
            for (r, said), c in sorted(answers.items())))
        pairs = []
        for folder in args.then:
            for name, contacts, edges, truth in charts(folder):
                org = load(graph, contacts, edges, account_id=f"{PREFIX}then-{name}")
                labels = None if args.learn == "on" else user_labels(graph)
                report = classify(graph, [org.account_id], collect=True, use_model=False, labels=labels)
                pred = {org.source_ids[r["id"]]: r["role"] for r in report.results}
                pairs += [(t, pred.get(i, "(none)")) for i, t in truth.items()]
        if pairs:
            print(f"then, unreviewed ({', '.join(p.name for p in args.then)}; learn {args.learn}): "
                  f"macro-F1 {macro_f1(pairs):.3f} over {len(pairs)} contacts")
    finally:
        cleanup(graph)
    print(f"review ({args.model}, {args.order} order, {args.per_round} per round): {reached}/{n} accounts reached {args.target}; "
          f"mean {total_a / max(n, 1):.1f} answers, {total_c / max(n, 1):.1f} corrections per account")


def cleanup(graph) -> None:
    graph.write("MATCH (n) WHERE (n:Contact OR n:Department OR n:Account) AND "
                "coalesce(n.account_id, n.id) STARTS WITH $p DETACH DELETE n", p=PREFIX)
    graph.write("MATCH (s:SourceRecord) WHERE s.id STARTS WITH $p DETACH DELETE s", p="orgchart:" + PREFIX)


def leave_one_out(graph, args) -> None:
    """Each chart reviewed with no other account answered (none) or every other chart answered (labelled)."""
    loaded = []
    for folder in args.sets:
        for name, contacts, edges, truth in charts(folder):
            org = load(graph, contacts, edges, account_id=f"{PREFIX}{name}")
            classify(graph, [org.account_id], labels={}, use_model=False, purchase_area=area_of(contacts, "it"))
            loaded.append((name, contacts, edges, truth, org))

    def answer_all(org, truth) -> None:
        for cid, sid in org.source_ids.items():  # contact id -> the chart's own id
            if truth.get(sid):
                store_label(graph, cid, truth[sid], "bench-others", "2026-01-01T00:00:00Z")

    def take_back(org) -> None:
        for cid in org.source_ids:
            clear_label(graph, cid)

    if args.others == "labelled":
        for name, _, _, truth, org in loaded:
            answer_all(org, truth)
    total_a = total_c = reached = 0
    for name, contacts, edges, truth, org in loaded:
        take_back(org)
        start, a, c, f1 = run_account(graph, name, contacts, edges, truth, args, org=org)
        take_back(org)
        if args.others == "labelled":
            answer_all(org, truth)
        reached += f1 >= args.target
        total_a += a
        total_c += c
        print(f"{name:<24} F1 {start:.3f} -> {f1:.3f} after {a:>3} answers ({c:>2} corrections)"
              f"{'' if f1 >= args.target else '  (target not reached)'}")
    n = max(1, len(loaded))
    print(f"review ({args.model}, {args.order} order, others {args.others}, target {args.target}): "
          f"{reached}/{len(loaded)} accounts reached it; mean {total_a / n:.1f} answers, {total_c / n:.1f} corrections "
          "per account")


if __name__ == "__main__":
    main()
