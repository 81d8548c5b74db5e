"""`dealgraph demo generate|load`: realistic bilingual demo data with ground truth."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ..errors import InputError
from ..graph.queries import demo_summary as q

out = Console()
demo = typer.Typer(help="Realistic bilingual demo data (with ground truth in truth/).", no_args_is_help=True)

Accounts = Annotated[int, typer.Option("--accounts", "-n", min=1, max=5000, help="Customer accounts to generate.")]
Seed = Annotated[int, typer.Option("--seed", "-s", help="Random seed; the same seed gives the same files.")]
MinC = Annotated[int, typer.Option("--min-contacts", min=3, help="Fewest known contacts per account.")]
MaxC = Annotated[int, typer.Option("--max-contacts", min=3, help="Most known contacts per account.")]
NoDocs = Annotated[bool, typer.Option("--no-tender-docs", help="Skip the tender PDF/HTML/text notices.")]
Noise = Annotated[float, typer.Option("--noise", min=0.0, max=2.0,
                                      help="Channel noise scale: 0 = clean copies, 1 = realistic, 2 = very noisy.")]


def register(app: typer.Typer) -> None:
    app.add_typer(demo, name="demo")


def _check(min_contacts: int, max_contacts: int, out_dir: Path | None) -> None:
    if min_contacts > max_contacts:
        raise InputError(f"--min-contacts {min_contacts} is larger than --max-contacts {max_contacts}; swap them.")
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: exists and is not a folder; choose another --out.")


@demo.command()
def generate(
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the files into.")],
    accounts: Accounts = 30, seed: Seed = 7, min_contacts: MinC = 12, max_contacts: MaxC = 120,
    no_tender_docs: NoDocs = False, noise: Noise = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print rows per file as JSON.")] = False,
) -> None:
    """Write CRM, channel, lead, deal and tender files plus mapping.toml and truth/ into --out."""
    from ..demo.generate import generate as run

    _check(min_contacts, max_contacts, out_dir)
    d = run(out_dir, accounts, seed, min_contacts=min_contacts, max_contacts=max_contacts,
            tender_docs=not no_tender_docs, noise=noise)
    if as_json:
        print(json.dumps({"out": str(d.out), "mapping": str(d.mapping), "files": d.counts,
                          "tender_documents": len(d.tender_documents)}, ensure_ascii=False))
        return
    table = Table("file", "rows", title=f"demo data: {accounts} accounts, seed {seed}")
    for name, n in d.counts.items():
        table.add_row(name, f"{n:,}")
    out.print(table)
    out.print(f"{len(d.tender_documents)} tender documents in {d.out / 'tenders'}; truth in {d.out / 'truth'}")
    out.print(f"load with: dealgraph ingest {d.out}/*.csv {d.out}/*.json {d.out}/*.jsonl --mapping {d.mapping}")


@demo.command()
def load(
    accounts: Accounts = 30, seed: Seed = 7, min_contacts: MinC = 12, max_contacts: MaxC = 120,
    no_tender_docs: NoDocs = False, noise: Noise = 1.0,
    out_dir: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Keep the files here (default: <data dir>/demo/seed<S>-n<N>).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the ingest summary as JSON.")] = False,
    analyse_: Annotated[bool, typer.Option(
        "--analyse/--no-analyse", help="Then run ID-mapping, roles, tenders, lead scoring and opportunity risk.")] = True,
) -> None:
    """Generate the demo data, ingest it (idempotent) and run the analysis jobs on the graph."""
    from ..config import get_settings
    from ..demo.generate import load as run
    from ..graph.connection import graph_session
    from .ingest import _print_summary, _ProgressBar, _to_json

    _check(min_contacts, max_contacts, out_dir)
    folder = out_dir or get_settings().data_dir / "demo" / f"seed{seed}-n{accounts}"
    t0 = time.perf_counter()
    with graph_session() as g:
        with _ProgressBar(enabled=not as_json) as bar:
            d, summary = run(g, folder, accounts, seed, progress=bar.update, min_contacts=min_contacts,
                             max_contacts=max_contacts, tender_docs=not no_tender_docs, noise=noise)
        load_s = time.perf_counter() - t0
        if not as_json:
            _print_summary(summary)
            out.print(f"files and truth kept in {d.out}")
        steps = analyse(g, d.out, quiet=as_json) if analyse_ else []
        if as_json:
            print(json.dumps({"out": str(d.out), **_to_json(summary), "load_seconds": round(load_s, 2),
                              "analysis": [{"step": n, "result": r, "seconds": round(t, 2)} for n, r, t in steps]},
                             ensure_ascii=False))
            return
        if steps:
            table = Table("step", "result", "time", title="demo pipeline")
            table.add_row("generate + ingest", f"{summary.loaded:,} rows loaded",
                          f"{load_s:.1f} s")
            for n, r, t in steps:
                table.add_row(n, r, f"{t:.1f} s")
            table.add_row("[bold]total[/]", "", f"{time.perf_counter() - t0:.1f} s")
            out.print(table)
        _next_steps(g)


# --- analysis after the demo load: every job a user would run, so the product is populated ---------
def _step(name: str, fn: Callable[[], str], steps: list[tuple[str, str, float]], quiet: bool) -> None:
    """Run one analysis job under a status line; keep its one-line result and its time for the summary."""
    t0 = time.perf_counter()
    if quiet:
        result = fn()
    else:
        with out.status(f"[bold]{name}[/] ..."):
            result = fn()
    dt = time.perf_counter() - t0
    steps.append((name, result, dt))
    if not quiet:
        out.print(f"[green]done[/] {name}: {result} ({dt:.1f} s)", highlight=False)


def _tender_jobs(g: Any, folder: Path) -> tuple[Callable[[], str], Callable[[], str], Callable[[], str]]:
    """Tender documents -> graph, award history marked as ours/theirs, then match + competitors + rank."""
    stored: list[str] = []

    def documents() -> str:
        from ..algorithms.concepts_graph import link_capability_concepts, link_tender_concepts
        from ..ingest.tenders import parse_file
        from ..ingest.tenders.store import store_tender

        files = sorted(p for p in (folder / "tenders").glob("*") if p.is_file())
        reqs = 0
        for f in files:
            parsed = parse_file(f)
            tid = store_tender(g, parsed)
            link_tender_concepts(g, tid)
            stored.append(tid)
            reqs += len(parsed.requirements)
        caps = link_capability_concepts(g)
        return f"{len(stored)} notices parsed and stored, {reqs} requirements; {caps} capability-concept links"

    def history() -> str:
        from ..algorithms.competitors.store import link_tender_context, mark_ours
        from ..demo.world import OUR_COMPANY

        # The demo's award history names our company; marking it lets win probability learn from our wins.
        mark_ours(g, [OUR_COMPANY["name"]])
        n = link_tender_context(g)
        awards = g.read(q.AWARD_COUNT)[0]["n"]
        return f"{awards} past awards; {n} tenders linked to region/industry/budget context"

    def match() -> str:
        from ..algorithms.competitors.predict import rank_open_tenders
        from ..algorithms.matching.graph import match_tender

        disq, scores = 0, []
        for tid in stored:
            res = match_tender(g, tid)
            disq += bool(res["disqualified"])
            scores.append(float(res["score"] or 0))
        # Ranking assesses every open tender (competitors + win probability, written on the Tender).
        ranked = rank_open_tenders(g, limit=100_000)
        mean = sum(scores) / len(scores) if scores else 0.0
        # CRM tender records without a notice have no requirements to match; rank still lists them.
        unmatched = sum(1 for r in ranked if r["match_score"] is None)
        return (f"{len(stored)} matched (mean score {mean:.0f}/100, {disq} disqualified by a ★ or qualification item); "
                f"{len(ranked)} open tenders ranked by expected value ({unmatched} without a notice)")

    return documents, history, match


def analyse(g: Any, folder: Path, quiet: bool = False) -> list[tuple[str, str, float]]:
    """Run the analysis jobs in dependency order: identity, roles, tenders, leads, opportunities."""
    steps: list[tuple[str, str, float]] = []

    def identity() -> str:
        from ..ingest.identity.graph_store import golden_count, resolve_graph

        s = resolve_graph(g)
        goldens = s["goldens"] if s["goldens"] is not None else golden_count(g)
        return (f"{s['records']} source records -> {goldens} entities "
                f"({s.get('merged_goldens', 0)} merged), {s['review']} pairs to review")

    def roles() -> str:
        from ..algorithms.roles import classify
        from ..algorithms.roles.classify import all_accounts

        r = classify(g, all_accounts(g))
        return f"{r.contacts} contacts of {r.accounts} accounts ({r.model}): " + ", ".join(
            f"{k} {v}" for k, v in r.by_role.items())

    def leads() -> str:
        from ..algorithms.leads.graph import rescore_leads, train_graph_model

        info = train_graph_model(g)  # learns from the demo's converted leads (BANT rule below 20 + 20)
        n = rescore_leads(g)
        auc = info["metrics"].get("auc")
        fig = f", CV AUC {auc:.3f}" if isinstance(auc, float) and not math.isnan(auc) else ""
        return f"{n} leads scored with {info['kind']} {info['version']}{fig}"

    def opportunities() -> str:
        import pandas as pd

        from ..algorithms.opportunities.graph import assess_graph
        from ..demo.org import REFERENCE_DATE

        # The demo world's history ends at its own "today"; judging it from the real date would
        # make every open stage look overdue. Your own data: `dealgraph opportunities graph`.
        info = assess_graph(g, pd.Timestamp(REFERENCE_DATE))
        return (f"{info['open']} open opportunities as of {REFERENCE_DATE} (the demo's today), "
                f"{info['warned']} with a delay warning; win probability on {info['win_scored']}")

    documents, history, match = _tender_jobs(g, folder)
    for name, fn in (("ID-mapping (graph mode)", identity), ("decision roles", roles),
                     ("tender documents", documents), ("award history", history),
                     ("tender match + competitors + rank", match), ("lead scoring", leads),
                     ("opportunity risk", opportunities)):
        _step(name, fn, steps, quiet)
    return steps


def _next_steps(g: Any) -> None:
    """Where to look now: the API, a key, one decision chain and the ROI board."""
    from ..config import get_settings

    s = get_settings()
    base = f"http://{s.api_host}:{s.api_port}"
    row = g.read(q.BUSIEST_ACCOUNT)
    acc = row[0]["id"] if row else "ACCOUNT_ID"
    out.print(f"\n[bold]next[/]: `dealgraph serve` runs the API at {base} (GraphQL {base}/graphql, OpenAPI {base}/docs)")
    out.print("  key:   KEY=$(dealgraph api-key create --role admin)   then send it as header X-API-Key: $KEY")
    out.print(f"  decision chain of {acc}: {base}/accounts/{acc}/decision-chain   "
              f"(offline: dealgraph viz decision-chain {acc} --out chain.html)", highlight=False)
    out.print(f"  ROI board: {base}/roi/page   (JSON: {base}/roi, or `dealgraph roi --json`)", highlight=False)
    out.print(f'  e.g. curl -H "X-API-Key: $KEY" {base}/accounts/{acc}/decision-chain -o chain.html', highlight=False)
