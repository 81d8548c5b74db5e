"""The pipeline's next best actions of every kind, across the accounts in scope, ranked in one list:

- re-engage a stage that is overrunning (next_actions.py, one forecast for the whole pipeline);
- meet the decision maker nobody has met (account_sandbox.meeting_actions, per account with open deals; the
  win model is fitted once);
- answer the ★ items before a tender's deadline and follow a lead whose priority just rose
  (account_actions.py; one read and one forecast for every account in scope).

The same actions, ids and scores as each account's own list (ranked_account_actions), so the executor's
idempotency keys match whichever list an action was run from. Ranked by expected change within a currency
unless a rate table converts them (currency_rank.py).
"""

from __future__ import annotations

import pandas as pd

from ...graph.connection import Graph
from . import currency_rank
from .account_actions import leads_actions, meeting_currency, tenders_actions
from .account_sandbox import meeting_actions
from .history import default_as_of
from .next_actions import next_actions
from .win import fit_win


def pipeline_actions(graph: Graph, hist: pd.DataFrame, as_of: pd.Timestamp | None = None, horizon_days: int = 90,
                     accounts: set[str] | None = None, rates: currency_rank.Rates | None = None,
                     limit: int = 50) -> dict:
    """Every kind over the accounts in scope (`accounts`; None: every account; `hist` should be cut to them
    already). A kind that cannot be computed for an account is left out with a note, not an error."""
    until = pd.Timestamp(as_of) if as_of is not None else None  # a lead's change after a given as-of: not yet
    as_of = pd.Timestamp(as_of) if as_of is not None else default_as_of(hist)
    scope = sorted(accounts) if accounts is not None else None
    acts = next_actions(hist, as_of, horizon_days, limit=1_000_000)
    if scope is not None:
        acts = [a for a in acts if a["account"] in accounts]
    notes: list[str] = []
    model = fit_win(hist, as_of)
    with_open_deals = sorted({e.account for e in model.episodes if e.account and e.outcome is None and e.end is None
                              and (accounts is None or e.account in accounts)})
    for aid in with_open_deals:
        try:
            acts += meeting_actions(graph, aid, hist, as_of, model=model)
        except Exception as e:  # noqa: BLE001 - one account failing must not hide the others
            notes.append(f"meet the decision maker, account {aid}: {e}")
    for name, make in (("answer the ★ items", lambda: tenders_actions(graph, scope, as_of)),
                       ("follow a lead", lambda: leads_actions(graph, hist, scope, as_of, horizon_days, until=until))):
        try:
            acts += make()
        except Exception as e:  # noqa: BLE001 - one kind failing must not hide the others
            notes.append(f"{name}: {e}")
    seen, unique = set(), []
    for a in acts:  # a tender issued by one account with another as its buyer: one action
        if a["action_id"] not in seen:
            seen.add(a["action_id"])
            unique.append(a)
    meeting_currency(unique, hist)
    ranked, currency_notes = currency_rank.rank(unique, rates)
    kinds: dict[str, int] = {}
    for a in ranked:
        k = a["action_id"].split(":")[0]
        kinds[k] = kinds.get(k, 0) + 1
    return {"as_of": as_of.strftime("%Y-%m-%d"), "horizon_days": horizon_days, "accounts_with_open_deals": len(with_open_deals),
            "total": len(ranked), "by_kind": kinds, "actions": ranked[:limit], "notes": notes + currency_notes}
