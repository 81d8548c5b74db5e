"""`dealgraph sandbox run SCENARIO.toml [...]`: what-if scenarios on the pipeline forecast, beside the baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

out = Console(soft_wrap=True)
sandbox = typer.Typer(help="What-if sandbox: scenarios run on a copy of the pipeline, never on the live graph.",
                      no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(sandbox, name="sandbox")


@sandbox.command()
def run(
    scenarios: Annotated[list[Path], typer.Argument(help="Scenario TOML file(s); two or more are also compared.")],
    history: Annotated[Path | None, typer.Option("--history", help="CSV/Excel stage history (default: the graph's, "
                                                                    "read only).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: last date in the history).")] = None,
    horizon_days: Annotated[int, typer.Option("--horizon-days", help="Count wins within this many days.")] = 90,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Forecast each scenario and show its P10/P50/P90 won count and amount beside the baseline."""
    import json

    from ..algorithms.opportunities.history import load_history
    from ..algorithms.opportunities.sandbox import Scenario
    from ..algorithms.opportunities.sandbox import run as run_scenarios
    from .opportunities import _as_of

    parsed = [Scenario.load(p) for p in scenarios]
    if history is not None:
        hist = load_history(history)
    else:
        from ..algorithms.opportunities.graph import graph_history
        from ..graph.connection import graph_session

        with graph_session() as g:
            hist = load_history(graph_history(g), "graph")
    res = run_scenarios(hist, parsed, _as_of(as_of), horizon_days)
    if as_json:
        print(json.dumps(res, ensure_ascii=False, indent=2, default=str))
        return

    def line(label: str, r: dict) -> str:
        c, a = r["won_count"], r["won_amount"]
        return (f"{label}: {r['open_opportunities']} open; won count P10 {c['p10']:.0f} P50 {c['p50']:.0f} P90 "
                f"{c['p90']:.0f}; won amount P10 {a['p10']:,.0f} P50 {a['p50']:,.0f} P90 {a['p90']:,.0f}")

    out.print(f"as of {res['as_of']}, {res['horizon_days']} days", highlight=False)
    out.print(line("baseline", res["baseline"]), highlight=False)
    for s in res["scenarios"]:
        out.print(line(s["name"], s), highlight=False)
        d = s["vs_baseline"]
        out.print(f"  vs baseline: won count P50 {d['won_count']['p50']:+.0f}, won amount P50 "
                  f"{d['won_amount']['p50']:+,.0f}", highlight=False)
        for o in s["opportunities"]:
            out.print(f"  {o['opportunity_id']}: p(win in horizon) {o['p_win_before']} -> {o['p_win_after']}",
                      highlight=False)


@sandbox.command()
def account(
    account_id: Annotated[str, typer.Argument(help="The account whose world the scenarios change (a copy of it).")],
    scenarios: Annotated[list[Path], typer.Argument(help="Scenario TOML file(s): contact_leaves, "
                                                         "decision_maker_leaves, role_change, competitor_enters, "
                                                         "meeting; two or more are also compared.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: last stage entry).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Recompute one account's roles, introduction paths and win probabilities for each scenario, on a copy
    of its subgraph (the live graph is only read), beside the baseline."""
    import json

    from ..algorithms.opportunities.account_sandbox import load_scenario
    from ..algorithms.opportunities.account_sandbox import run as run_account
    from ..algorithms.opportunities.graph import graph_history
    from ..algorithms.opportunities.history import load_history
    from ..graph.connection import graph_session
    from .opportunities import _as_of

    parsed = [load_scenario(str(p)) for p in scenarios]
    with graph_session() as g:
        res = run_account(g, account_id, load_history(graph_history(g), "graph"), parsed, _as_of(as_of))
    if as_json:
        print(json.dumps(res, ensure_ascii=False, indent=2, default=str))
        return

    def show(label: str, r: dict) -> None:
        dms = ", ".join(f"{d['name']} ({d['title']})" for d in r["decision_makers"]) or "none"
        out.print(f"{label}: decision makers {dms}", highlight=False)
        for c in r["chain"]:
            if c["rank"] <= 1:
                out.print(f"  path to {c['decision_maker']}: {c['summary']}", highlight=False)
        for o in r["opportunities"]:
            out.print(f"  {o['opportunity_id']} ({o['stage']}): win probability {o['win_probability']:.2f}",
                      highlight=False)

    out.print(f"account {res['account']['id']} {res['account']['name']}, as of {res['as_of']}", highlight=False)
    show("baseline", res["baseline"])
    for s in res["scenarios"]:
        show(s["name"], s)
        d = s["vs_baseline"]
        out.print(f"  vs baseline: left {d['left'] or '-'}; decision makers +{d['decision_makers_added'] or '-'} "
                  f"-{d['decision_makers_removed'] or '-'}; roles changed {len(d['roles_changed'])}; chain "
                  f"{'changed' if d['chain_changed'] else 'unchanged'}; win probability {d['win_probability']}",
                  highlight=False)
