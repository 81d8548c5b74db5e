"""The `dealgraph` command. Each module in this package adds its commands via `register(app)`,
one module per user job (neo4j, db, ingest, identity, tender, roles, leads, serve, ...).

Command modules import heavy libraries (torch, sklearn, GDS) inside their functions, so
`dealgraph --help` stays fast.
"""

import importlib
import pkgutil
import sys

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import DealgraphError

app = typer.Typer(help="dealgraph: graph-centric B2B CRM knowledge platform.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
err = Console(stderr=True)

@app.callback()
def _entry() -> None:
    """dealgraph: graph-centric B2B CRM knowledge platform."""
    from ..graph.connection import quiet_driver_notices

    quiet_driver_notices()


for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if not _info.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_info.name}").register(app)


def main() -> None:
    """Entry point: a DealgraphError becomes one clear sentence on stderr and exit code 1."""
    try:
        app()
    except DealgraphError as e:
        err.print(f"[bold red]error:[/] {escape(str(e))}", highlight=False)  # "[[files]]" is not markup
        sys.exit(1)
