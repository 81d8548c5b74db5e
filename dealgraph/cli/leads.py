"""`dealgraph leads train|score|rescore`: lead scoring on a user's file or on the graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..csvsafe import write_frame

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
leads = typer.Typer(help="Lead scoring: BANT + calibrated gradient boosting, on a file or the graph.",
                    no_args_is_help=True)


# File-mode models live under their own name, so training on some table never replaces the model
# the API serves (`/leads/score` uses SERVED_MODEL) unless asked with --name.
FILE_MODEL = "leads-file"
SERVED_MODEL = "leads"


def register(app: typer.Typer) -> None:
    app.add_typer(leads, name="leads")


@leads.command()
def train(
    input: Annotated[Path, typer.Option("--input", "-i", help="Lead export (CSV/TSV/XLSX/JSONL) with outcomes.")],
    target: Annotated[str, typer.Option("--target", "-t", help="Outcome column (1/0, yes/no, won/lost, 是/否, ...).")],
    id_column: Annotated[str | None, typer.Option("--id-column", help="Row identifier, copied to scored output.")] = None,
    keep_column: Annotated[list[str] | None, typer.Option("--keep-column", help="Use this column even if it looks leaky.")] = None,
    name: Annotated[str, typer.Option("--name", help=f"Registry name of the model (default {FILE_MODEL!r}; "
                                                     f"{SERVED_MODEL!r} is the one the API serves).")] = FILE_MODEL,
    no_promote: Annotated[bool, typer.Option("--no-promote", help="Save without making it the current model.")] = False,
) -> None:
    """Train on a lead table: reports leaks and IDs, prints cross-validated AUC and ECE, saves a version."""
    from ..algorithms.leads.model import PRIORITY_RULE, train_lead_model
    from ..algorithms.leads.tabular import find_column, read_table
    from ..algorithms.registry import Registry

    if keep_column is None:
        keep_column = []
    registry = Registry(name=name)  # checks the name before the (slow) training
    df = read_table(input)
    target = find_column(df, target, "target", input)
    if id_column:
        id_column = find_column(df, id_column, "id", input)
    keep = [find_column(df, k, "--keep-column", input) for k in keep_column or []]
    rep = train_lead_model(df, target, id_column, keep)
    m = rep.model
    out.print(f"rows: {rep.n_rows} with an outcome ({rep.n_pos} won, {rep.n_neg} lost)"
              + (f"; {rep.dropped_no_target} rows without an outcome skipped" if rep.dropped_no_target else ""))
    out.print("target mapping: " + ", ".join(
        f"{k!r}->{v if v >= 0 else 'no outcome yet (row skipped)'}"
        for k, v in sorted(m.target_mapping.items(), key=lambda kv: -kv[1])))
    for c in rep.ids:
        out.print(f"excluded ID-like column {c!r}: {m.excluded.get(c, 'identifier')}")
    for lk in rep.leaks:
        out.print(f"[yellow]excluded leakage-prone column {lk.column!r}[/]: {lk.reason} "
                  f"(use --keep-column {lk.column!r} to keep it)", highlight=False)
    for c in rep.constants:
        out.print(f"excluded constant/empty column {c!r}")
    out.print("columns used: " + ", ".join(f"{c} ({rep.kinds.get(c, 'bant')})" for c in m.used_columns))
    bant = {k: v for k, v in m.bant_cols.as_dict().items() if v}
    out.print("BANT mapping: " + ("; ".join(f"{k}: {', '.join(v)}" for k, v in bant.items()) or "none"))
    out.print(f"model: {m.kind} - {m.note}")
    label = "cross-validated" if m.kind != "bant-rule" else "in-sample (rule, nothing fitted to the outcome)"
    out.print(f"AUC ({label}): {m.metrics['auc']:.3f}   calibration error ECE: {m.metrics['ece']:.3f}   "
              f"Brier: {m.metrics['brier']:.3f}")
    meta = {"kind": m.kind, "input": str(input), "data_hash": rep.data_hash, "metrics": m.metrics,
            "target": target, "target_mapping": m.target_mapping, "id_column": id_column,
            "columns": m.used_columns, "excluded": m.excluded, "bant": bant, "note": m.note,
            "priority_rule": PRIORITY_RULE, "cuts": list(m.cuts)}
    version = registry.save(m, meta, promote=not no_promote)
    served = " - the API's /leads/score serves this model" if name == SERVED_MODEL and not no_promote else (
        f" - the API serves {SERVED_MODEL!r}, not this one (train with --name {SERVED_MODEL} to serve it)")
    out.print(f"saved model {name} {version}" + ("" if no_promote else " (promoted to current)") + served)


@leads.command()
def score(
    input: Annotated[Path, typer.Option("--input", "-i", help="Leads to score (same columns as training).")],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="CSV to write: input rows + score, priority, reasons.")],
    name: Annotated[str, typer.Option("--name", help="Registry name of the model.")] = FILE_MODEL,
    version: Annotated[str | None, typer.Option("--version", help="A specific version (default: current).")] = None,
) -> None:
    """Score new leads with the current model; rows keep their order."""
    from ..algorithms.leads.scoring import score_table
    from ..algorithms.leads.tabular import read_table
    from ..algorithms.registry import Registry

    ver, model = Registry(name=name).load(version)
    df = read_table(input)
    scored, warnings = score_table(df, model, str(input))
    for w in warnings:
        err.print(f"[yellow]warning:[/] {w}", highlight=False)
    write_frame(scored, out_path)
    counts = scored["priority"].value_counts().to_dict()
    out.print(f"scored {len(scored)} leads with {name} {ver} ({model.kind}); priority "
              + ", ".join(f"{k}: {counts.get(k, 0)}" for k in ("A", "B", "C")) + f"; wrote {out_path}")


@leads.command()
def rescore(
    lead_id: Annotated[list[str] | None, typer.Option("--lead", help="Only these leads (default: all).")] = None,
    retrain: Annotated[bool, typer.Option("--retrain", help="Train a new graph model from converted leads first.")] = False,
) -> None:
    """Graph mode: BANT + model scores written back onto (:Lead) nodes."""
    from ..algorithms.leads.graph import rescore_leads, train_graph_model
    from ..graph.connection import graph_session

    if lead_id is None:
        lead_id = []
    with graph_session() as g:
        if retrain:
            info = train_graph_model(g)
            out.print(f"graph lead model {info['version']}: {info['kind']} "
                      f"AUC {info['metrics']['auc']:.3f} ECE {info['metrics']['ece']:.3f}")
        n = rescore_leads(g, lead_id or None)
    out.print(f"rescored {n} lead(s)")
