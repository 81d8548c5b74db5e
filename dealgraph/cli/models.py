"""`dealgraph models list|promote|rollback`: the versioned model registry."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

out = Console(soft_wrap=True)
models = typer.Typer(help="Versioned models on disk: list, promote, roll back.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(models, name="models")


@models.command("list")
def list_(name: Annotated[str, typer.Option("--name", help="Registry name.")] = "leads",
          as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Every saved version with its metrics; * marks the current one."""
    from ..algorithms.registry import Registry

    rows = Registry(name=name).list()
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, default=str))
        return
    t = Table("", "version", "created", "kind", "AUC", "ECE", "rows", "data hash")
    for r in rows:
        m = r.get("metrics", {})
        t.add_row("*" if r.get("current") else "", r["version"], str(r.get("created", "")), str(r.get("kind", "")),
                  f"{m.get('auc', float('nan')):.3f}", f"{m.get('ece', float('nan')):.3f}", str(m.get("n", "")),
                  str(r.get("data_hash", "")))
    out.print(t)


@models.command()
def promote(version: Annotated[str, typer.Argument(help="Version to make current, e.g. v0003.")],
            name: str = typer.Option("leads", "--name", help="Registry name.")) -> None:
    """Make a version current; running servers switch on their next request."""
    from ..algorithms.registry import Registry

    v = Registry(name=name).promote(version)
    out.print(f"{name}: {v} is now current")


@models.command()
def rollback(name: str = typer.Option("leads", "--name", help="Registry name.")) -> None:
    """Go back to the version that was current before this one."""
    from ..algorithms.registry import Registry

    v = Registry(name=name).rollback()
    out.print(f"{name}: rolled back to {v}")
