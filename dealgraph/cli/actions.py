"""`dealgraph actions next`: ranked next best actions, decided under an autonomy policy (dry run by default)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

out = Console(soft_wrap=True)
actions = typer.Typer(help="Next best actions and the autonomy policy that may run them.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(actions, name="actions")


def _outbox_effect(outbox: Path):
    """task / reminder: appended to the outbox (one JSON line per action, with its idempotency key)."""
    def run(action: dict, key: str) -> None:
        outbox.parent.mkdir(parents=True, exist_ok=True)
        with open(outbox, "a", encoding="utf-8") as f:
            f.write(json.dumps({"idempotency_key": key, **action}, ensure_ascii=False, default=str) + "\n")
    return run


def _webhook_effect(graph):
    """task / reminder: event action.executed queued for the webhook subscriptions (the server's delivery
    worker signs and retries it); the idempotency key is in the payload, so a receiver drops a repeat."""
    from ..api.webhooks import emit

    def run(action: dict, key: str) -> None:
        if not emit("action.executed", {"idempotency_key": key, **action}, graph):
            # recorded as failed, so the next run tries again once someone subscribes
            raise RuntimeError("no webhook subscription to action.executed: nothing delivered")
    return run


@actions.command("next")
def next_(
    history: Annotated[Path | None, typer.Option("--history", help="CSV/Excel stage history (default: the graph's, "
                                                                    "read only).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: last date in the history).")] = None,
    horizon_days: Annotated[int, typer.Option("--horizon-days")] = 90,
    policy_path: Annotated[Path | None, typer.Option("--policy", help="Autonomy policy TOML (default: dry run, "
                                                                       "tasks and reminders only).")] = None,
    execute: Annotated[bool, typer.Option("--execute", help="Run what the policy allows (otherwise a dry run).")] = False,
    shadow: Annotated[bool, typer.Option("--shadow", help="Log what would run; run nothing.")] = False,
    approve: Annotated[list[str] | None, typer.Option("--approve", help="Action id the owner approved.")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 20,
    rates_path: Annotated[Path | None, typer.Option("--rates", help="Rate table (TOML/JSON: base = \"CNY\", "
                                                                     "[rates] USD = 7.1) to rank amounts in "
                                                                     "several currencies together.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Rank the pipeline's actions of every kind (re-engage an overrunning stage, meet the decision maker,
    answer the ★ items before a tender deadline, follow a lead whose priority just rose) across its accounts
    by the change the sandbox expects them to make; decide each under the policy; audit. With --history (a
    file) only re-engage is ranked: the other kinds read the graph."""
    from ..algorithms.opportunities import currency_rank
    from ..algorithms.opportunities.history import load_history
    from ..autonomy.policy import Policy
    from .opportunities import _as_of

    policy = Policy.load(policy_path) if policy_path else Policy()
    rates = currency_rank.Rates.load(rates_path) if rates_path else None
    if history is not None:
        from ..algorithms.opportunities.next_actions import next_actions

        ranked, notes = currency_rank.rank(next_actions(load_history(history), _as_of(as_of), horizon_days,
                                                        limit=1_000_000), rates)
        ranked = ranked[:limit]
        notes.append("a history file: only re-engage actions (meetings, ★ items and leads read the graph)")
    else:
        from ..algorithms.opportunities.graph import graph_history
        from ..algorithms.opportunities.pipeline_actions import pipeline_actions
        from ..graph.connection import graph_session

        with graph_session() as g:
            res = pipeline_actions(g, load_history(graph_history(g), "graph"), _as_of(as_of), horizon_days,
                                   rates=rates, limit=limit)
        ranked, notes = res["actions"], res["notes"]
    if not as_json:  # the JSON carries them
        for note in notes:
            out.print(f"note: {note}", highlight=False)
    _decide_and_print(ranked, policy, execute, shadow, approve, as_json, notes)


def _decide_and_print(ranked: list[dict], policy, execute: bool, shadow: bool, approve: list[str] | None,
                      as_json: bool, notes: list[str] = ()) -> None:
    """Each action decided under the policy (dry run unless --execute and the policy allows), audited."""
    from ..autonomy.executor import run_actions
    from ..config import get_settings

    folder = get_settings().data_dir / "actions"
    if policy.deliver == "webhook" and execute and not policy.dry_run and not shadow:
        from ..graph.connection import graph_session

        with graph_session() as g:
            effect = _webhook_effect(g)
            decisions = run_actions(ranked, policy, folder / "audit.jsonl", {"task": effect, "reminder": effect},
                                    execute=execute, shadow=shadow, approved=set(approve or []))
    else:
        effect = _outbox_effect(folder / "outbox.jsonl")
        decisions = run_actions(ranked, policy, folder / "audit.jsonl", {"task": effect, "reminder": effect},
                                execute=execute, shadow=shadow, approved=set(approve or []))
    if as_json:
        print(json.dumps({"actions": ranked, "notes": list(notes),
                          "decisions": [{k: d[k] for k in ("key", "decision", "why")} |
                                                           {"action_id": d["action"]["action_id"]}
                                                           for d in decisions]}, ensure_ascii=False, indent=2,
                         default=str))
        return
    for a, d in zip(ranked, decisions):
        out.print(f"{a['expected_change']['won_amount']:>12,.0f} {a.get('currency') or '':<3}  {a['title']}  "
                  f"[{d['decision']}: {d['why']}]", highlight=False)
    out.print(f"audit: {folder / 'audit.jsonl'}", highlight=False)


@actions.command("shadow-report")
def shadow_report(
    history: Annotated[Path | None, typer.Option("--history", help="CSV/Excel stage history covering what came "
                                                                    "after (default: the graph's, read only).")] = None,
    window_days: Annotated[int, typer.Option("--window-days", help="People acted if the deal moved on within "
                                                                   "this many days.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What the system would have done (shadow and dry-run decisions in the audit) beside what people did
    (the stage history afterwards): agreement, and how the deals people moved on ended."""
    from ..algorithms.opportunities.history import load_history
    from ..algorithms.opportunities.shadow_report import read_audit, shadow_vs_actual
    from ..config import get_settings
    from ..errors import InputError

    if not 1 <= window_days <= 365:
        raise InputError(f"--window-days {window_days}: use 1 to 365 days.")
    if history is not None:
        hist = load_history(history)
    else:
        from ..algorithms.opportunities.graph import graph_history
        from ..graph.connection import graph_session

        with graph_session() as g:
            hist = load_history(graph_history(g), "graph")
    audit = get_settings().data_dir / "actions" / "audit.jsonl"
    rep = shadow_vs_actual(read_audit(audit), hist, window_days)
    if as_json:
        print(json.dumps(rep, ensure_ascii=False, indent=2, default=str))
        return
    for r in rep["actions"]:
        extra = f" -> {r['moved_to']} after {r['days_after']} d" if r.get("moved_to") else ""
        out.print(f"{r['as_of']}  {r['action_id']}: system {r['decision']}; people {r['people']}{extra}; "
                  f"{r.get('outcome', '?')}", highlight=False)
    s = rep["summary"]
    out.print(f"{s['actions']} action(s) the system would have taken, {s['known']} with the window ended: people moved "
              f"{s['people_moved_on']} on ({s['moved_as_aimed']} to the stage aimed for), agreement {s['agreement']}; "
              f"won rate moved on {s['won_rate_moved_on']}, not moved {s['won_rate_not_moved']} (audit {audit})",
              highlight=False)


@actions.command("meet")
def meet(
    account_id: Annotated[str, typer.Argument(help="The account whose decision makers nobody has met yet.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: last stage entry).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Meet the decision maker nobody has met, through the best introduction path: one action per decision
    maker, scored by the account sandbox (that meeting held on a copy; the live graph is only read)."""
    from ..algorithms.opportunities.account_sandbox import meeting_actions
    from ..algorithms.opportunities.graph import graph_history
    from ..algorithms.opportunities.history import load_history
    from ..graph.connection import graph_session
    from .opportunities import _as_of

    with graph_session() as g:
        acts = meeting_actions(g, account_id, load_history(graph_history(g), "graph"), _as_of(as_of))
    if as_json:
        print(json.dumps({"account": account_id, "actions": acts}, ensure_ascii=False, indent=2, default=str))
        return
    for a in acts:
        out.print(f"{a['expected_change']['won_amount']:>12,.0f}  {a['title']}\n              {a['reason']}",
                  highlight=False)
    if not acts:
        out.print(f"no meeting to propose for {account_id}: a decision maker has met us already, or it has no open "
                  "deal", highlight=False)


@actions.command("account")
def account(
    account_id: Annotated[str, typer.Argument(help="The account whose next actions of every kind are ranked.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: last stage entry).")] = None,
    horizon_days: Annotated[int, typer.Option("--horizon-days")] = 90,
    policy_path: Annotated[Path | None, typer.Option("--policy", help="Autonomy policy TOML (default: dry run, "
                                                                       "tasks and reminders only).")] = None,
    execute: Annotated[bool, typer.Option("--execute", help="Run what the policy allows (otherwise a dry run).")] = False,
    shadow: Annotated[bool, typer.Option("--shadow", help="Log what would run; run nothing.")] = False,
    approve: Annotated[list[str] | None, typer.Option("--approve", help="Action id the owner approved.")] = None,
    rates_path: Annotated[Path | None, typer.Option("--rates", help="Rate table to rank amounts in several "
                                                                     "currencies together (see actions next).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One account's next actions of every kind (re-engage an overrunning stage, meet the decision maker, answer
    the ★ items before a tender deadline, follow a lead whose priority just rose), ranked by the change the
    sandbox expects; each decided under the policy, as `actions next` does; audited."""
    from ..algorithms.opportunities.account_actions import ranked_account_actions
    from ..algorithms.opportunities.currency_rank import Rates
    from ..algorithms.opportunities.graph import graph_history
    from ..algorithms.opportunities.history import load_history
    from ..autonomy.policy import Policy
    from ..graph.connection import graph_session
    from .opportunities import _as_of

    policy = Policy.load(policy_path) if policy_path else Policy()
    rates = Rates.load(rates_path) if rates_path else None
    with graph_session() as g:
        res = ranked_account_actions(g, load_history(graph_history(g), "graph"), account_id, _as_of(as_of),
                                     horizon_days, rates=rates)
    if not as_json:
        for note in res["notes"]:
            out.print(f"note: {note}", highlight=False)
    _decide_and_print(res["actions"], policy, execute, shadow, approve, as_json, res["notes"])
