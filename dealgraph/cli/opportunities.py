"""`dealgraph opportunities risk|win|graph`: stage delay risk and win probability."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..csvsafe import write_frame

out = Console(soft_wrap=True)
opps = typer.Typer(help="Opportunities: stage delay warnings (survival model) and win probability.",
                   no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(opps, name="opportunities")


def _as_of(as_of: str | None):
    import pandas as pd

    from ..errors import InputError

    if as_of is None:
        return None
    t = pd.to_datetime(as_of, errors="coerce")
    if pd.isna(t):
        raise InputError(f"--as-of {as_of!r} is not a date; use YYYY-MM-DD.")
    return t


def _print_columns(hist, notes: list[str]) -> None:
    """Which of the file's columns were read as what: the user checks the guess here."""
    source = hist.attrs.get("source_columns", {})
    if source:
        out.print("columns: " + ", ".join(f"{field} <- {col!r}" for field, col in source.items()), highlight=False)
    for n in notes:
        out.print(f"[yellow]note:[/] {n}", highlight=False)


@opps.command()
def risk(
    history: Annotated[Path, typer.Option("--history", help="CSV: opportunity_id,stage,entered_at[,due_at,...].")],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="CSV to write, one row per open opportunity.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: last date in the file).")] = None,
    model: Annotated[str, typer.Option("--model", help="aft (log-normal AFT), hazard (discrete-time logistic "
                                                       "hazard) or best (fit both, keep the better).")] = "aft",
) -> None:
    """Risk that each open opportunity's current stage overruns its due date, with a warning flag."""
    from ..errors import InputError

    if model not in ("aft", "hazard", "best"):
        raise InputError(f"--model {model!r}: use aft, hazard or best.")
    from ..algorithms.opportunities.history import load_history
    from ..algorithms.opportunities.risk import assess_risk

    notes: list[str] = []
    hist = load_history(history, notes=notes)
    _print_columns(hist, notes)
    res = assess_risk(hist, _as_of(as_of), method=model)
    write_frame(res.rows, out_path)
    m = res.model
    out.print(f"as of {res.as_of:%Y-%m-%d}: learned from {m.n_episodes} stage stays ({m.n_finished} finished); "
              f"{m.kind}; warn when p_overrun >= {m.threshold:.2f} (the highest recall of 30-day-ahead "
              f"warnings at precision >= 0.62 on finished stays, else best F1)")
    for stage, rule in sorted(res.due_rules.items()):
        out.print(f"missing due date in {stage!r}: {rule}")
    n_warn = int(res.rows["warn"].sum()) if len(res.rows) else 0
    out.print(f"{len(res.rows)} open opportunities, {n_warn} warned; wrote {out_path}")


@opps.command()
def win(
    history: Annotated[Path, typer.Option("--history", help="CSV: opportunity_id,stage,entered_at[,...].")],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="CSV: win probability per opportunity over time.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: last date in the file).")] = None,
) -> None:
    """Win probability of each open opportunity after each of its stage entries."""
    from ..algorithms.opportunities.history import load_history
    from ..algorithms.opportunities.win import win_timeline

    notes: list[str] = []
    hist = load_history(history, notes=notes)
    _print_columns(hist, notes)
    res = win_timeline(hist, _as_of(as_of))
    write_frame(res.rows, out_path)
    out.print(f"win model: {res.method}; {res.rows['opportunity_id'].nunique()} opportunities; wrote {out_path}")


@opps.command()
def graph(as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: today).")] = None) -> None:
    """Graph mode: delay risk and win probability written onto (:Opportunity) nodes."""
    from ..algorithms.opportunities.graph import assess_graph
    from ..graph.connection import graph_session

    with graph_session() as g:
        info = assess_graph(g, _as_of(as_of))
    out.print(f"assessed {info['open']} open opportunities ({info['warned']} warned), "
              f"win probability on {info['win_scored']}")
