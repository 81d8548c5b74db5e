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


@opps.command()
def forecast(
    history: Annotated[Path, typer.Option("--history", help="CSV/Excel: opportunity_id,stage,entered_at[,amount,...].")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: last date in the file).")] = None,
    horizon_days: Annotated[int, typer.Option("--horizon-days", help="Count wins within this many days.")] = 90,
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="CSV: opportunity_id,p_win_in_horizon,"
                                                                       "expected_close,amount.")] = None,
    backtest: Annotated[bool, typer.Option("--backtest", help="Cut the history at rolling past as-of dates and "
                                                              "compare with what happened and the naive "
                                                              "stage-weighted pipeline.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Won count and won amount within a horizon among the opportunities open at as-of, P10/P50/P90."""
    import json

    from ..algorithms.opportunities import forecast as fc
    from ..algorithms.opportunities.history import load_history

    notes: list[str] = []
    hist = load_history(history, notes=notes)
    if not as_json:
        _print_columns(hist, notes)
    if backtest:
        res = fc.backtest(hist, horizon_days, [_as_of(as_of)] if as_of else None)
        if as_json:
            print(json.dumps(res, ensure_ascii=False, indent=2))
            return
        for r in res["cuts"]:
            out.print(f"as of {r['as_of']}: {r['open']} open; won amount actual {r['actual_amount']:,.0f}, "
                      f"P10-P90 {r['amount']['p10']:,.0f}-{r['amount']['p90']:,.0f} (P50 {r['amount']['p50']:,.0f}), "
                      f"naive {r['naive_amount']:,.0f}; won count actual {r['actual_count']}, "
                      f"P10-P90 {r['count']['p10']:.0f}-{r['count']['p90']:.0f}", highlight=False)
        out.print(f"P10-P90 coverage {res['coverage_p10_p90']}; P50 error {res['p50_error']} vs naive "
                  f"{res['naive_error']}", highlight=False)
        return
    f = fc.forecast(hist, _as_of(as_of), horizon_days)
    if out_path is not None:
        write_frame(f.per_opportunity[["opportunity_id", "p_win_in_horizon", "expected_close", "amount"]], out_path)
    if as_json:
        print(json.dumps(f.summary(), ensure_ascii=False, indent=2))
        return
    out.print(f"as of {f.as_of:%Y-%m-%d}, {f.horizon_days} days: {f.open_opportunities} open opportunities", highlight=False)
    for label, q, fmt in (("won count", f.won_count, "{:,.0f}"), ("won amount", f.won_amount, "{:,.0f}")):
        out.print(f"{label}: P10 {fmt.format(q['p10'])}  P50 {fmt.format(q['p50'])}  P90 {fmt.format(q['p90'])}",
                  highlight=False)
    for m in f.by_month:
        out.print(f"  {m['month']}: amount P10 {m['won_amount']['p10']:,.0f} P50 {m['won_amount']['p50']:,.0f} "
                  f"P90 {m['won_amount']['p90']:,.0f}", highlight=False)
    for u in f.uncertain[:5]:
        out.print(f"  uncertain: {u['opportunity_id']} ({u['stage']}, {u['amount']:,.0f}, p {u['p_win_in_horizon']:.2f}) "
                  f"{u['share_of_variance']:.0%} of the variance", highlight=False)
    for n in f.notes:
        out.print(f"[yellow]note:[/] {n}", highlight=False)
    out.print(f"method: {f.method}", highlight=False)
    if out_path is not None:
        out.print(f"wrote {out_path}", highlight=False)
