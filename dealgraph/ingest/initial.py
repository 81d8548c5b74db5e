"""`dealgraph ingest FILES --initial`: the first load of an empty local database through neo4j-admin.

Same mapping, validation and reject file as a MERGE load (pipeline.read_for_bulk); the graph is built
in memory with the MERGE statements' semantics (bulk.py) and imported offline, then migrations
create the constraints and indexes, and kinds the bulk path does not build are written by their
MERGE statements. A later load of the same files by the MERGE path changes nothing.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from ..config import Settings, get_settings
from ..graph.bulk_import import admin_import, check_can_import
from ..graph.connection import graph_session
from .bulk import ARRAY_DELIMITER
from .mapping import Mapping
from .pipeline import ProgressFn, RunSummary, read_for_bulk


def initial_load(paths: list[Path], mapping: Path | Mapping, reject_dir: Path | None = None,
                 progress: ProgressFn | None = None, allow_missing: bool = False,
                 on_step: Callable[[str], None] = lambda m: None, settings: Settings | None = None) -> RunSummary:
    settings = settings or get_settings()
    with graph_session(settings) as g:
        check_can_import(g, settings)
    t0 = time.monotonic()
    summary, writer = read_for_bulk(paths, mapping, reject_dir, progress, allow_missing)
    if summary.loaded == 0:
        return summary
    folder = settings.data_dir / "import" / summary.run_id
    on_step(f"writing import files to {folder}")
    node_files, rel_files = writer.graph.write_csv(folder)
    multiline = writer.graph.multiline
    writer.graph = None  # free the in-memory graph before the import's JVM needs the memory
    try:
        if node_files:
            admin_import(settings, node_files, rel_files, ARRAY_DELIMITER, on_step, multiline=multiline)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with graph_session(settings) as g:  # migrations: constraints and indexes on the imported graph
        for cypher, rows in writer.later:
            g.write_tx(lambda tx, c=cypher, r=rows: tx.run(c, rows=r))
    summary.duration_s = time.monotonic() - t0
    return summary
