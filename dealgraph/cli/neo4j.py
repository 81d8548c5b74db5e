"""`dealgraph neo4j start|stop|status|logs`: the local Neo4j + GDS server."""

import time

import typer
from rich.console import Console

from ..config import get_settings
from ..graph.runtime import LocalServer

out = Console()
neo4j = typer.Typer(help="Run the local Neo4j 5.26 + OpenGDS server (no Docker needed).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(neo4j, name="neo4j")


@neo4j.command()
def start() -> None:
    """Download (once), configure and start Neo4j + GDS; wait until Bolt and gds.version() answer."""
    t0 = time.monotonic()
    st = LocalServer(get_settings()).start(on_step=lambda msg: out.print(f"[dim]{msg}[/]"))
    out.print(
        f"Neo4j {st.neo4j_version} with GDS {st.gds_version} is up in {time.monotonic() - t0:.1f} s: "
        f"bolt {st.bolt_uri}, http :{st.http_port}, pid {st.pid}, data {st.data_dir}"
    )


@neo4j.command()
def stop() -> None:
    """Stop the local server gracefully (SIGTERM, then wait)."""
    stopped = LocalServer(get_settings()).stop()
    out.print("stopped" if stopped else "not running")


@neo4j.command()
def status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Is the server running, and which Neo4j and GDS versions does it serve?"""
    st = LocalServer(get_settings()).status()
    if as_json:
        print(st.to_json())
    else:
        state = "running" if st.running else "stopped"
        out.print(f"{state}: Neo4j {st.neo4j_version}, GDS {st.gds_version}, {st.bolt_uri}, pid {st.pid}")


@neo4j.command()
def logs(lines: int = typer.Option(40, "-n", help="How many lines.")) -> None:
    """Print the last lines of the server log."""
    print(LocalServer(get_settings()).log_tail(lines))
