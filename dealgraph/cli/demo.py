"""`dealgraph demo generate|load`: realistic bilingual demo data with ground truth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import InputError

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
    from ..ingest.demo.generate import generate as run

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
) -> None:
    """Generate the demo data and ingest it into the graph in one go (idempotent)."""
    from ..config import get_settings
    from ..graph.connection import graph_session
    from ..ingest.demo.generate import load as run
    from .ingest import _print_summary, _ProgressBar, _to_json

    _check(min_contacts, max_contacts, out_dir)
    folder = out_dir or get_settings().data_dir / "demo" / f"seed{seed}-n{accounts}"
    with graph_session() as g, _ProgressBar(enabled=not as_json) as bar:
        d, summary = run(g, folder, accounts, seed, progress=bar.update, min_contacts=min_contacts,
                         max_contacts=max_contacts, tender_docs=not no_tender_docs, noise=noise)
    if as_json:
        print(json.dumps({"out": str(d.out), **_to_json(summary)}, ensure_ascii=False))
        return
    _print_summary(summary)
    out.print(f"files and truth kept in {d.out}")
