"""`dealgraph db migrate|status`: schema migrations and graph counts."""

import json

import typer
from rich.console import Console
from rich.table import Table

from ..graph.connection import graph_session
from ..graph.migrate import db_status
from ..graph.migrate import migrate as run_migrations

out = Console()
db = typer.Typer(help="Schema migrations and graph counts.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(db, name="db")


@db.command()
def migrate() -> None:
    """Apply pending constraint and index migrations (idempotent)."""
    with graph_session(migrated=False) as g:
        done = run_migrations(g)
    out.print(f"applied {len(done)} migration(s)" + (f": {', '.join(done)}" if done else " (up to date)"))


@db.command()
def status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Applied migrations, and node and relationship counts per label."""
    with graph_session(migrated=False) as g:  # report pending migrations, don't apply them
        st = db_status(g)
    if as_json:
        print(json.dumps(st, ensure_ascii=False))
        return
    out.print(f"migrations: {len(st['migrations'])} applied, {len(st['pending'])} pending")
    out.print(f"nodes: {st['nodes']}, relationships: {st['relationships']}")
    table = Table("label", "nodes")
    for label, n in st["labels"].items():
        table.add_row(label, str(n))
    out.print(table)
