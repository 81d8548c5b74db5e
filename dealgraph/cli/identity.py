"""`dealgraph identity resolve|review|split`: ID-mapping of people and companies.

`resolve INPUT.csv --id-column ID --out clusters.csv` works on a file without the graph;
`resolve` without INPUT resolves the graph's SourceRecords into Contacts/Accounts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

out = Console()
err = Console(stderr=True, soft_wrap=True)
identity = typer.Typer(help="Resolve people and companies across channels (ID-mapping).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(identity, name="identity")


@identity.command()
def resolve(
    input: Annotated[Path | None, typer.Argument(
        help="CSV file to resolve; omit to resolve the graph's SourceRecords.")] = None,
    id_column: Annotated[str | None, typer.Option(
        "--id-column", help="Column holding each record's id (file mode).")] = None,
    map_: Annotated[list[str] | None, typer.Option(
        "--map", help="column=field, e.g. --map 姓名=name (repeatable).")] = None,
    out_path: Annotated[Path | None, typer.Option("--out", help="Output CSV: record_id, cluster_id, score.")] = None,
    threshold: Annotated[float | None, typer.Option(
        "--threshold", min=0.0, max=1.0,
        help="Match probability (0-1) at which two records are merged. Default: 0.5; in graph mode, once "
             "at least 10 review decisions (3+ accepted, 3+ rejected) exist, the threshold that best "
             "separates them, shrunk toward 0.5. Higher = fewer, surer merges.")] = None,
    stats: Annotated[bool, typer.Option("--stats", help="Print timings and the learned weights as JSON.")] = False,
    refit: Annotated[bool, typer.Option(
        "--refit", help="Graph mode: fit the model again over every record (a full run) instead of scoring new "
                        "records with the stored one.")] = False,
) -> None:
    """Resolve records into entities (file mode or graph mode)."""
    from ..errors import InputError
    from ..ingest.identity.resolve import ResolveConfig

    cfg = ResolveConfig(threshold=threshold)
    if input is None:
        from ..graph.connection import graph_session
        from ..ingest.identity.graph_store import golden_count, resolve_graph

        with graph_session() as g:
            summary = resolve_graph(g, cfg, refit=refit)
            if summary.get("goldens") is None:
                summary["goldens"] = golden_count(g)
        st = summary.get("stats", {})
        if not summary.get("changed") and summary["records"]:
            out.print(f"records {summary['records']}, goldens {summary['goldens']}: nothing new or changed, "
                      "graph left as it was")
            return
        out.print(f"records {summary['records']} ({summary.get('changed', 0)} new or changed, "
                  f"{summary.get('affected', 0)} re-clustered), goldens {summary['goldens']} "
                  f"({summary.get('merged_goldens', 0)} merged), review queue +{summary['review']}"
                  + (f", threshold {st['threshold']:.2f} ({st['threshold_source']})" if "threshold" in st else ""))
        if stats:
            print(json.dumps(summary.get("stats", {}), ensure_ascii=False, default=str))
        return
    if not id_column:
        raise InputError(f"{input}: pass --id-column with the name of the column that holds record ids.")
    if out_path is None:
        raise InputError(f"{input}: pass --out clusters.csv to say where the clusters go.")
    from ..ingest.identity.fileio import describe_field, load_records, write_clusters
    from ..ingest.identity.resolve import resolve as run

    records, mapping, loaded = load_records(input, id_column, map_ or [])
    err.print(f"read {len(records)} rows ({loaded.encoding}); columns used: "
              + ", ".join(f"{c} -> {describe_field(f)}" for c, f in mapping.items()), highlight=False)
    unused = [h for h in loaded.headers if h not in mapping and h != id_column]
    if unused:
        err.print(f"columns ignored: {', '.join(unused)} (no known field and not identifier-like; map them with "
                  "--map column=field or --map column=attribute:NAME)", highlight=False)
    res = run(records, cfg)
    n = write_clusters(res, out_path)
    clusters = len(set(res.roots.tolist()))
    err.print(f"wrote {n} rows to {out_path}: {clusters} entities, {res.stats['matched_pairs']} matched pairs, "
              f"{res.stats['candidate_pairs']} candidate pairs, threshold {res.stats['threshold']:.2f} "
              f"({res.stats['threshold_source']}), {res.stats['seconds']['total']:.1f} s",
              highlight=False)
    if stats:
        print(json.dumps({"stats": res.stats, "models": {k: m.to_dict() for k, m in res.models.items()}},
                         ensure_ascii=False))


@identity.command()
def review(
    accept: Annotated[list[str] | None, typer.Option("--accept", help="Review id to accept (same entity).")] = None,
    reject: Annotated[list[str] | None, typer.Option(
        "--reject", help="Review id to reject (different entities).")] = None,
    status: Annotated[str, typer.Option(help="List reviews with this status: pending|accepted|rejected.")] = "pending",
    limit: Annotated[int, typer.Option(help="How many to list.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List borderline pairs, or accept/reject them. Decisions become labels for the next resolve."""
    from ..graph.connection import graph_session
    from ..ingest.identity.graph_store import decide, list_reviews

    with graph_session() as g:
        if accept or reject:
            for rid in accept or []:
                out.print(f"accepted {rid}: {decide(g, rid, True)}")
            for rid in reject or []:
                out.print(f"rejected {rid}: {decide(g, rid, False)}")
            return
        rows = list_reviews(g, status, limit)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    table = Table()
    table.add_column("review", no_wrap=True, min_width=19)  # the full id: it is what --accept takes
    for col in ("score", "record a", "record b", "agreeing fields"):
        table.add_column(col)
    for r in rows:
        ev = json.loads(r["evidence"] or "{}").get("fields", {})
        agree = ", ".join(f"{f}:{v['level']}" for f, v in ev.items() if v["weight"] > 0)
        table.add_row(r["id"], f"{r['score']:.2f}", f"{r['a']} {r['a_name'] or ''} {r['a_company'] or ''}",
                      f"{r['b']} {r['b_name'] or ''} {r['b_company'] or ''}", agree)
    out.print(table)
    out.print(f"{len(rows)} {status} review(s)")


@identity.command()
def split(record_id: Annotated[str, typer.Argument(help="A SourceRecord id, or a golden Contact/Account id.")]
          ) -> None:
    """Undo a merge: the record (or every record of a golden) gets its own golden again."""
    from ..graph.connection import graph_session
    from ..ingest.identity.graph_store import split_record

    with graph_session() as g:
        r = split_record(g, record_id)
    out.print(f"split {', '.join(r['records'])} from {r['split_from']}; new golden(s): "
              f"{', '.join(r['new_goldens']) or '-'}; {r['cannot_links']} cannot-link label(s) recorded")
