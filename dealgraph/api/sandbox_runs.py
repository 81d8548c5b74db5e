"""What-if scenarios as the API runs them (REST /sandbox/*, GraphQL runScenario, the decision-chain page):
inline scenarios and saved ones by name, run on a copy of the caller's pipeline or of one account's world,
and saved under their names once they have run. The caller has been checked for the account already."""

from __future__ import annotations

import json

from ..errors import InputError
from ..graph.connection import Graph
from ..graph.queries import scenarios as saved
from .deps import CurrentUser
from .pipeline_history import parse_as_of, scoped_history

MAX_SCENARIOS = 10


def resolve(graph: Graph, user: CurrentUser, account_id: str | None, inline: list[dict],
            names: list[str]) -> list:
    """Scenario objects: the inline ones (validated), then the saved ones named (this account's, or the
    caller's own pipeline scenarios), in the order given."""
    from ..algorithms.opportunities import account_sandbox, sandbox

    make = account_sandbox.scenario_from_dict if account_id else sandbox.Scenario.from_dict
    out = [make(d, f"scenario {d.get('name')!r}") for d in inline]
    if names:
        have = {s["name"]: s for s in saved.listed(graph, account_id, None if account_id else user.id)}
        for n in names:
            if n not in have:
                where = f"account {account_id!r}" if account_id else "your pipeline"
                raise InputError(f"scenario {n!r} is not saved for {where}; saved: {sorted(have) or 'none'}.")
            out.append(make({"name": n, "change": have[n]["changes"]}, f"saved scenario {n!r}"))
    if not out:
        raise InputError("give at least one scenario (inline or the name of a saved one).")
    if len(out) > MAX_SCENARIOS:
        raise InputError(f"{len(out)} scenarios: at most {MAX_SCENARIOS} are compared at once.")
    return out


def save(graph: Graph, user: CurrentUser, account_id: str | None, scenarios: list) -> list[str]:
    return [saved.save(graph, s.name, s.changes, account_id, user.id, user.id) for s in scenarios]


def listed(graph: Graph, user: CurrentUser, account_id: str | None) -> list[dict]:
    return saved.listed(graph, account_id, None if account_id else user.id)


def delete(graph: Graph, user: CurrentUser, account_id: str | None, name: str) -> bool:
    return saved.delete(graph, name, account_id, user.id)


def pipeline_body(graph: Graph, user: CurrentUser, scenarios: list, as_of: str | None, horizon_days: int) -> dict:
    from ..algorithms.opportunities.sandbox import run

    return run(scoped_history(graph, user), scenarios, parse_as_of(as_of), horizon_days)


def account_body(graph: Graph, user: CurrentUser, account_id: str, scenarios: list, as_of: str | None,
                 horizon_days: int = 90) -> dict:
    """One account's baseline and scenarios; an account manager sees no path through people they may not."""
    from ..algorithms.opportunities.account_sandbox import run
    from .chain_cache import strings_in
    from .routes.pages import _visible_paths

    res = run(graph, account_id, scoped_history(graph, user), scenarios, parse_as_of(as_of), horizon_days)
    res = json.loads(json.dumps(res, ensure_ascii=False, default=str))
    if not user.scope.all:  # introduction paths may run through other accounts' people
        for part in [res["baseline"], *res["scenarios"]]:
            shown = {id(p) for p in _visible_paths(graph, user, part["paths"],
                                                   [frozenset(strings_in(p)) for p in part["paths"]])}
            keep = [id(p) in shown for p in part["paths"]]  # chain[i] summarises paths[i]
            part["paths"] = [p for p, k in zip(part["paths"], keep, strict=True) if k]
            part["chain"] = [c for c, k in zip(part["chain"], keep, strict=True) if k]
    return res


def meet_body(graph: Graph, user: CurrentUser, account_id: str, as_of: str | None) -> dict:
    """'Meet the decision maker nobody has met' for one account (the account sandbox scores each meeting);
    an introduction path through people the caller may not see is not shown."""
    from ..algorithms.opportunities.account_sandbox import meeting_actions

    acts = meeting_actions(graph, account_id, scoped_history(graph, user), parse_as_of(as_of))
    return {"account": account_id, "actions": hide_paths(graph, user, acts)}


def hide_paths(graph: Graph, user: CurrentUser, acts: list[dict]) -> list[dict]:
    """Actions as JSON values; a meeting's introduction path through people the caller may not see is not shown."""
    from .chain_cache import strings_in
    from .routes.pages import _visible_paths

    acts = json.loads(json.dumps(acts, ensure_ascii=False, default=str))
    if not user.scope.all:
        for a in acts:
            ev = a["evidence"]
            full = ev.get("path_detail")
            if full and not _visible_paths(graph, user, [full], [frozenset(strings_in(full))]):
                dm = ev["decision_maker"]
                ev["path"] = ev["path_detail"] = None
                a["title"] = f"Meet {dm['name']} ({dm['title'] or 'decision maker'}): introduction path not shown"
    return acts


def account_actions_body(graph: Graph, user: CurrentUser, account_id: str, as_of: str | None,
                         horizon_days: int = 90) -> dict:
    """One account's next best actions of every kind, ranked (GET /accounts/{id}/next-actions, GraphQL
    accountNextActions, the decision-chain page's panel). Proposed only."""
    from ..algorithms.opportunities.account_actions import ranked_account_actions

    res = ranked_account_actions(graph, scoped_history(graph, user), account_id, parse_as_of(as_of), horizon_days)
    return {**res, "account": account_id, "actions": hide_paths(graph, user, res["actions"])}
