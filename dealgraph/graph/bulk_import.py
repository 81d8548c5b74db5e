"""The local server's first load through `neo4j-admin database import full` (offline, at disk speed).

Only into an empty database (a node other than migration bookkeeping refuses), only for the local
server this installation runs (it is stopped for the import and started again).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from ..config import Settings
from ..errors import InputError, RuntimeSetupError
from .connection import Graph
from .jars import resolve_jars
from .runtime import LocalServer


def nodes_in(graph: Graph) -> int:
    return graph.read("MATCH (n) WHERE NOT n:Migration RETURN count(n) AS n")[0]["n"]


def check_can_import(graph: Graph, settings: Settings) -> None:
    n = nodes_in(graph)
    if n:
        raise InputError(f"--initial loads only into an empty database, and database {settings.neo4j_database!r} "
                         f"at {settings.bolt_uri} holds {n:,} nodes: load without --initial (the MERGE path adds "
                         f"to what is there), or start from an empty database.")
    if LocalServer(settings).pid() is None:
        raise InputError(f"--initial imports into the local server's files, but no local server of this "
                         f"installation runs on port {settings.bolt_port} (`dealgraph neo4j start`); for a "
                         f"remote database load without --initial.")


def admin_import(settings: Settings, node_files: list[tuple[str, Path]], rel_files: list[Path],
                 array_delimiter: str, on_step: Callable[[str], None] = lambda m: None, multiline: bool = True) -> None:
    """Stop the local server, import the CSV files into its database (replacing the empty one), start it.
    `multiline=False` (no cell holds a line break) lets neo4j-admin parse the files in parallel: with
    --multiline-fields=true it reads each file serially, which the manual warns can severely degrade its speed."""
    server = LocalServer(settings)
    java = server.java(settings.java_home)
    lib = resolve_jars(settings.cache_dir, settings.neo4j_version, settings.gds_version)
    cmd = [java, f"-Xmx{settings.heap}", "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool", "database", "import", "full",
           *[f"--nodes={label}={p}" for label, p in node_files], *[f"--relationships={p}" for p in rel_files],
           "--overwrite-destination=true", f"--multiline-fields={str(multiline).lower()}", f"--array-delimiter={array_delimiter}",
           "--skip-duplicate-nodes=false", "--bad-tolerance=0", settings.neo4j_database]
    env = {"NEO4J_HOME": str(server.dir), "NEO4J_CONF": str(server.dir / "conf"), "PATH": "/usr/bin:/bin"}
    on_step("stopping the local server for the import")
    server.stop()
    try:
        on_step("neo4j-admin database import full")
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env, cwd=server.dir)
    finally:
        on_step("starting the local server again")
        server.start(on_step)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-12:])
        raise RuntimeSetupError(f"neo4j-admin import failed (exit {proc.returncode}); the database is empty:\n{tail}")
