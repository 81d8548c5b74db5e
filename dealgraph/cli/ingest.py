"""`dealgraph ingest FILE... --mapping MAPPING | --channel NAME`: load exports into the graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Self

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import InputError

out = Console()
err = Console(stderr=True)
_REJECTS = Path("rejects")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)


def ingest(
    files: Annotated[list[Path] | None, typer.Argument(help="CSV, Excel (.xlsx; `sheet` in the mapping), JSON or JSONL files (streamed; any size).",
                                                       show_default=False)] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", "-m",
                                                 help="TOML mapping: your columns -> our records.")] = None,
    channel: Annotated[str | None, typer.Option(
        "--channel", "-c", help="Use a built-in channel mapping instead (see --list-channels).")] = None,
    rejects: Annotated[Path, typer.Option("--rejects", help="Directory for the reject file (JSONL).")] = _REJECTS,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Input rows per transaction.")] = 1000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Concurrent write transactions.")] = 2,
    list_channels: Annotated[bool, typer.Option("--list-channels", help="List built-in channels and exit.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only validate: rejects and unknown columns, "
                                                            "no database needed.")] = False,
    rescore: Annotated[bool, typer.Option("--rescore/--no-rescore",
                                          help="Re-score the leads this run touched (lead.scored events).")] = True,
    allow_missing: Annotated[bool, typer.Option("--allow-missing", help="A column the mapping names but a file "
                                                "lacks is a warning (the field stays empty), not an error.")] = False,
    initial: Annotated[bool, typer.Option("--initial", help="First load of an EMPTY local database through "
                                          "neo4j-admin import (stops and restarts the local server); later "
                                          "loads without it.")] = False,
) -> None:
    """Validate and load files; bad rows go to the reject file, the run is recorded as (:IngestRun).

    Exit code 0 when rows were loaded (even if some were rejected); 1 when nothing could be loaded or a
    file could not be loaded at all (binary, empty, header only, duplicate column names, a mapped
    column missing), with the reason; the other files still load.
    Rerunning an interrupted run continues after its last committed batch.
    """
    from ..ingest.channels import channel_mapping, channel_names
    from ..ingest.mapping import load_mapping

    if list_channels:
        for name in channel_names():
            fm = channel_mapping(name).files[0]
            out.print(f"{name:16} -> {fm.entity} (source {fm.source})")
        return
    if not files:
        raise InputError("give at least one FILE to ingest, e.g. `dealgraph ingest contacts.csv --mapping map.toml`.")
    if bool(mapping) == bool(channel):
        raise InputError("give exactly one of --mapping FILE or --channel NAME.")
    m = channel_mapping(channel) if channel else load_mapping(mapping)  # type: ignore[arg-type]

    if dry_run:
        from ..ingest.pipeline import validate_files

        with _ProgressBar(enabled=not as_json) as bar:
            summary = validate_files(list(files), m, reject_dir=rejects, progress=bar.update,
                                     allow_missing=allow_missing)
    elif initial:
        from ..ingest.initial import initial_load

        with _ProgressBar(enabled=not as_json) as bar:
            summary = initial_load(list(files), m, reject_dir=rejects, progress=bar.update,
                                   allow_missing=allow_missing, on_step=lambda msg: err.print(msg))
    else:
        summary = _load(list(files), m, rejects, batch_size, workers, as_json, allow_missing)
    leads = _rescore(summary) if rescore and not dry_run and not initial and summary.loaded else None
    if as_json:
        print(json.dumps({**_to_json(summary), **({"leads": leads} if leads else {})}, ensure_ascii=False))
    else:
        _print_summary(summary)
        if leads:
            out.print(f"re-scored {leads['rescored']:,} affected leads" if "rescored" in leads
                      else f"[yellow]lead re-scoring failed: {leads['error']}[/]")
    for f in summary.failed_files:
        err.print(f"[bold red]error:[/] {escape(f.error or '')}", highlight=False)
    if summary.loaded == 0 or summary.failed_files:
        if not summary.failed_files:
            err.print("[bold red]error:[/] nothing could be loaded: every row was rejected (see the reject file).")
        raise typer.Exit(1)


def _load(files, m, rejects, batch_size, workers, as_json, allow_missing):
    from ..graph.connection import graph_session
    from ..ingest.pipeline import ingest_files

    def waiting(run_id: str) -> None:
        err.print(f"run {run_id} of the same files is already running in another process; waiting for it to end")

    with graph_session() as g, _ProgressBar(enabled=not as_json) as bar:
        return ingest_files(g, files, m, reject_dir=rejects, progress=bar.update, batch_size=batch_size,
                            workers=workers, allow_missing=allow_missing, on_wait=waiting)


def _rescore(summary) -> dict:
    """Re-score only the leads the run touched; the load itself stands even if scoring fails."""
    from ..graph.connection import graph_session

    try:
        from ..api.job_kinds import rescore_after_ingest

        with graph_session() as g:
            return rescore_after_ingest(g, summary)
    except Exception as e:  # noqa: BLE001 - scoring is a follow-up: report it, keep the load's exit code
        return {"error": str(e) if isinstance(e, InputError) else type(e).__name__}


class _ProgressBar:
    """One rich task per file, advanced by bytes read; shows rows/s and rejects."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.tasks: dict[str, int] = {}
        self.t0: dict[str, float] = {}

    def __enter__(self) -> Self:
        if self.enabled:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.p = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                              TextColumn("{task.fields[rows]:>9,} rows  {task.fields[rate]:>8,.0f} rows/s  "
                                         "[red]{task.fields[rejected]:,} rejected"),
                              TimeElapsedColumn(), console=err, transient=False)
            self.p.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.p.__exit__(*exc)

    def update(self, ev) -> None:  # ev: ingest.pipeline.Progress
        if not self.enabled:
            return
        import time

        if ev.file not in self.tasks:
            self.tasks[ev.file] = self.p.add_task(f"{ev.file} -> {ev.entity}", total=max(ev.size, 1), rows=0,
                                                  rate=0.0, rejected=0)
            self.t0[ev.file] = time.monotonic()
        elapsed = max(time.monotonic() - self.t0[ev.file], 1e-6)
        self.p.update(self.tasks[ev.file], completed=ev.bytes_read, rows=ev.rows, rate=ev.rows / elapsed,
                      rejected=ev.rejected)


def _print_summary(s) -> None:
    table = Table(title=f"ingest run {s.run_id} ({s.status}{', resumed' if s.resumed else ''})")
    for col in ("file", "record", "source", "encoding", "rows", "loaded", "rejected", "unknown columns"):
        table.add_column(col, justify="right" if col in ("rows", "loaded", "rejected") else "left")
    for f in s.files:
        table.add_row(escape(f.file), f.entity, f.source, f.encoding + (" (mixed)" if f.other_encoding_lines else ""),
                      f"{f.rows:,}", f"{f.loaded:,}",
                      f"[red]{f.rejected:,}[/]" if f.rejected else ("[red]file refused[/]" if f.error else "0"),
                      escape(", ".join(f.unknown_columns)) or "-")
    out.print(table)
    out.print(f"{s.rows:,} rows in {s.duration_s:.1f} s ({s.rows_per_s:,.0f} rows/s): "
              f"{s.loaded:,} loaded, {s.rejected:,} rejected")
    if s.reject_file:
        out.print(f"rejects (one line per reason): {s.reject_file}")
    for f in s.files:
        for w in f.warnings:
            out.print(f"[yellow]warning:[/] {escape(w)}", highlight=False)
    unknown = [f for f in s.files if f.unknown_columns]
    if unknown:
        out.print("[yellow]unknown columns were not loaded[/]: map them in \\[files.columns] or list them in "
                  "ignore = \\[...] to silence this.")


def _to_json(s) -> dict:
    from dataclasses import asdict

    return {"run_id": s.run_id, "status": s.status, "resumed": s.resumed, "duration_s": round(s.duration_s, 3),
            "rows": s.rows, "loaded": s.loaded, "rejected": s.rejected, "rows_per_s": round(s.rows_per_s, 1),
            "reject_file": str(s.reject_file) if s.reject_file else None,
            "files": [asdict(f) for f in s.files]}
