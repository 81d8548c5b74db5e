"""`dealgraph sandbox run|account|compare|list|delete`: what-if scenarios on the pipeline forecast or on one
account's world, beside the baseline; saved by name (--save) and compared side by side later."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

out = Console(soft_wrap=True)
wide = Console(width=220)  # side-by-side tables: one column per scenario, not wrapped to a narrow terminal
sandbox = typer.Typer(help="What-if sandbox: scenarios run on a copy of the pipeline, never on the live graph.",
                      no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(sandbox, name="sandbox")


CLI_OWNER = "cli"  # the owner of pipeline scenarios saved from the command line (the API saves per user)


def _pipeline_history(history: Path | None):
    from ..algorithms.opportunities.history import load_history

    if history is not None:
        return load_history(history)
    from ..algorithms.opportunities.graph import graph_history
    from ..graph.connection import graph_session

    with graph_session() as g:
        return load_history(graph_history(g), "graph")


def _save(account_id: str | None, parsed: list) -> None:
    from ..graph.connection import graph_session
    from ..graph.queries import scenarios as saved

    with graph_session() as g:
        for s in parsed:
            key = saved.save(g, s.name, s.changes, account_id, CLI_OWNER, CLI_OWNER)
            out.print(f"saved {key}", highlight=False)


def _saved(account_id: str | None, names: list[str]) -> list:
    """Saved scenarios by name (an account's, or the command line's pipeline scenarios), as Scenario objects."""
    from ..algorithms.opportunities import account_sandbox
    from ..algorithms.opportunities.sandbox import Scenario
    from ..errors import InputError
    from ..graph.connection import graph_session
    from ..graph.queries import scenarios as saved

    with graph_session() as g:
        have = {s["name"]: s for s in saved.listed(g, account_id, None if account_id else CLI_OWNER)}
    make = account_sandbox.scenario_from_dict if account_id else Scenario.from_dict
    missing = [n for n in names if n not in have]
    if missing:
        where = f"account {account_id!r}" if account_id else "the pipeline"
        raise InputError(f"scenario {missing[0]!r} is not saved for {where}; saved: {sorted(have) or 'none'} "
                         "(dealgraph sandbox list).")
    return [make({"name": n, "change": have[n]["changes"]}, f"saved scenario {n!r}") for n in names]


def _print_pipeline(res: dict) -> None:
    """Baseline and scenarios side by side: one column each."""
    from rich.table import Table

    parts = [("baseline", res["baseline"])] + [(s["name"], s) for s in res["scenarios"]]
    t = Table(title=f"as of {res['as_of']}, {res['horizon_days']} days")
    t.add_column("")
    for name, _ in parts:
        t.add_column(name, justify="right")
    t.add_row("open", *[str(r["open_opportunities"]) for _, r in parts])
    for key, fmt in (("won_count", "{:,.0f}"), ("won_amount", "{:,.0f}")):
        for q in ("p10", "p50", "p90"):
            t.add_row(f"{key} {q.upper()}", *[fmt.format(r[key][q]) for _, r in parts])
    t.add_row("won amount P50 vs baseline", "", *[f"{s['vs_baseline']['won_amount']['p50']:+,.0f}"
                                                   for s in res["scenarios"]])
    if len(res["scenarios"]) > 1:
        t.add_row("won amount P50 vs first scenario", "", "",
                  *[f"{s['vs_first_scenario']['won_amount']['p50']:+,.0f}" for s in res["scenarios"][1:]])
    wide.print(t)
    for s in res["scenarios"]:
        for o in s["opportunities"]:
            out.print(f"{s['name']}: {o['opportunity_id']} p(win in horizon) {o['p_win_before']} -> "
                      f"{o['p_win_after']}", highlight=False)


def _print_account(res: dict) -> None:
    from rich.table import Table

    parts = [("baseline", res["baseline"])] + [(s["name"], s) for s in res["scenarios"]]
    t = Table(title=f"account {res['account']['id']} {res['account']['name']}, as of {res['as_of']}")
    t.add_column("")
    for name, _ in parts:
        t.add_column(name)
    t.add_row("decision makers", *[", ".join(f"{d['name']} ({d['title']})" for d in r["decision_makers"]) or "none"
                                   for _, r in parts])
    t.add_row("decision maker engaged", *["yes" if r["decision_maker_engaged"] else "no" for _, r in parts])
    t.add_row("best paths", *["\n".join(c["summary"] for c in r["chain"] if c["rank"] <= 1) or "-" for _, r in parts])
    for o in res["baseline"]["opportunities"]:
        oid = o["opportunity_id"]
        t.add_row(f"{oid} win probability", *[f"{next(x['win_probability'] for x in r['opportunities'] if x['opportunity_id'] == oid):.2f}"
                                               for _, r in parts])
    for r0 in res["baseline"].get("delay_risk", []):
        oid = r0["opportunity_id"]
        t.add_row(f"{oid} delay risk", *[_risk_cell(next((x for x in r.get("delay_risk", [])
                                                         if x["opportunity_id"] == oid), None)) for _, r in parts])
        t.add_row(f"{oid} won within {res['horizon_days']} d", *[
            f"{next(x['p_win_in_horizon'] for x in r['forecast']['opportunities'] if x['opportunity_id'] == oid):.2f}"
            for _, r in parts])
    if res["baseline"].get("forecast"):
        t.add_row("won amount P10/P50/P90", *["/".join(f"{r['forecast']['won_amount'][q]:,.0f}" for q in ("p10", "p50",
                                                                                                            "p90"))
                                              for _, r in parts])
    t.add_row("vs baseline", "", *[_account_diff(s["vs_baseline"]) for s in res["scenarios"]])
    if len(res["scenarios"]) > 1:
        t.add_row("vs first scenario", "", "", *[_account_diff(s["vs_first_scenario"]) for s in res["scenarios"][1:]])
    wide.print(t)


def _risk_cell(r: dict | None) -> str:
    if r is None:
        return "-"
    due = f"overdue {-r['days_ahead']} d" if r["days_ahead"] < 0 else f"due in {r['days_ahead']} d"
    return f"{r['p_overrun']:.2f} ({r['stage']}, {due})"


def _account_diff(d: dict) -> str:
    return (f"left {', '.join(d['left']) or '-'}; decision makers +{', '.join(d['decision_makers_added']) or '-'} "
            f"-{', '.join(d['decision_makers_removed']) or '-'}; roles changed {len(d['roles_changed'])}; chain "
            f"{'changed' if d['chain_changed'] else 'unchanged'}")


def _print(res: dict, as_json: bool) -> None:
    import json

    if as_json:
        print(json.dumps(res, ensure_ascii=False, indent=2, default=str))
    elif "account" in res:
        _print_account(res)
    else:
        _print_pipeline(res)


@sandbox.command()
def run(
    scenarios: Annotated[list[Path], typer.Argument(help="Scenario TOML file(s); two or more are also compared.")],
    history: Annotated[Path | None, typer.Option("--history", help="CSV/Excel stage history (default: the graph's, "
                                                                    "read only).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: last date in the history).")] = None,
    horizon_days: Annotated[int, typer.Option("--horizon-days", help="Count wins within this many days.")] = 90,
    save: Annotated[bool, typer.Option("--save", help="Save the scenarios in the graph under their names once they "
                                                      "have run (dealgraph sandbox list / compare).")] = False,
    account_id: Annotated[str | None, typer.Option("--account", help="Run account scenarios on this account's world "
                                                                      "(as `sandbox account`).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Forecast each scenario and show its P10/P50/P90 won count and amount beside the baseline; with
    --account, that account's roles, paths, win probabilities, delay risk and forecast."""
    from ..algorithms.opportunities.sandbox import Scenario
    from ..algorithms.opportunities.sandbox import run as run_scenarios
    from .opportunities import _as_of

    if account_id is not None:
        from ..algorithms.opportunities.account_sandbox import load_scenario

        parsed = [load_scenario(str(p)) for p in scenarios]
        _print(_run_account(account_id, parsed, as_of, horizon_days), as_json)
        if save:
            _save(account_id, parsed)
        return
    parsed = [Scenario.load(p) for p in scenarios]
    _print(run_scenarios(_pipeline_history(history), parsed, _as_of(as_of), horizon_days), as_json)
    if save:
        _save(None, parsed)


@sandbox.command("list")
def list_saved(
    account_id: Annotated[str | None, typer.Option("--account", help="An account's scenarios (default: the "
                                                                      "pipeline scenarios of every owner).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Saved scenarios with their changes."""
    import json

    from ..graph.connection import graph_session
    from ..graph.queries import scenarios as saved

    with graph_session() as g:
        rows = saved.listed(g, account_id, None)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        kinds = ", ".join(c.get("kind", "?") for c in r["changes"]) or "no change"
        out.print(f"{r['name']} [{r['kind']} {r['account_id'] or r['owner']}] {len(r['changes'])} change(s): {kinds}; "
                  f"saved {r['saved_at']} by {r['saved_by']}", highlight=False)
    if not rows:
        out.print("no saved scenario" + (f" for account {account_id}" if account_id else ""), highlight=False)


@sandbox.command()
def compare(
    names: Annotated[list[str], typer.Argument(help="Names of saved scenarios, compared side by side.")],
    account_id: Annotated[str | None, typer.Option("--account", help="The account whose scenarios these are "
                                                                      "(default: pipeline scenarios).")] = None,
    history: Annotated[Path | None, typer.Option("--history", help="Pipeline scenarios: CSV/Excel stage history "
                                                                    "(default: the graph's).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: last stage entry).")] = None,
    horizon_days: Annotated[int, typer.Option("--horizon-days", help="Pipeline: wins within this many days.")] = 90,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Run saved scenarios beside the baseline and each other (a copy; the live graph is only read)."""
    from .opportunities import _as_of

    parsed = _saved(account_id, names)
    if account_id is None:
        from ..algorithms.opportunities.sandbox import run as run_scenarios

        _print(run_scenarios(_pipeline_history(history), parsed, _as_of(as_of), horizon_days), as_json)
        return
    _print(_run_account(account_id, parsed, as_of), as_json)


@sandbox.command()
def delete(
    name: Annotated[str, typer.Argument(help="A saved scenario's name.")],
    account_id: Annotated[str | None, typer.Option("--account", help="The account whose scenario it is.")] = None,
) -> None:
    """Delete a saved scenario."""
    from ..errors import NotFound
    from ..graph.connection import graph_session
    from ..graph.queries import scenarios as saved

    with graph_session() as g:
        if not saved.delete(g, name, account_id, CLI_OWNER):
            raise NotFound(f"scenario {name!r} is not saved" + (f" for account {account_id!r}." if account_id else "."))
    out.print(f"deleted {name}", highlight=False)


def _run_account(account_id: str, parsed: list, as_of: str | None, horizon_days: int = 90) -> dict:
    from ..algorithms.opportunities.account_sandbox import run as run_account
    from ..algorithms.opportunities.graph import graph_history
    from ..algorithms.opportunities.history import load_history
    from ..graph.connection import graph_session
    from .opportunities import _as_of

    with graph_session() as g:
        return run_account(g, account_id, load_history(graph_history(g), "graph"), parsed, _as_of(as_of),
                           horizon_days)


@sandbox.command()
def account(
    account_id: Annotated[str, typer.Argument(help="The account whose world the scenarios change (a copy of it).")],
    scenarios: Annotated[list[Path], typer.Argument(help="Scenario TOML file(s): contact_leaves, "
                                                         "decision_maker_leaves, role_change, competitor_enters, "
                                                         "meeting, close_date_slips, stage_skipped; two or more are "
                                                         "also compared.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: last stage entry).")] = None,
    horizon_days: Annotated[int, typer.Option("--horizon-days", help="Forecast: wins within this many days.")] = 90,
    save: Annotated[bool, typer.Option("--save", help="Save the scenarios for this account once they have run "
                                                      "(the decision-chain page shows one with ?scenario=NAME).")]
    = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Recompute one account's roles, introduction paths, win probabilities, delay risk and forecast for each
    scenario, on a copy of its subgraph and history (the live graph is only read), beside the baseline."""
    from ..algorithms.opportunities.account_sandbox import load_scenario

    parsed = [load_scenario(str(p)) for p in scenarios]
    _print(_run_account(account_id, parsed, as_of, horizon_days), as_json)
    if save:
        _save(account_id, parsed)
