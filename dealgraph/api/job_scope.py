"""The caller's scope applied to recomputation jobs and rescoring, before anything runs.

Every route that starts a job (POST /jobs, GraphQL triggerJob, POST /leads/rescore, signals)
passes the caller and the parameters through `scoped_params`:
- parameters are checked against the kind's list (an unknown key is an error, not ignored);
- every id list naming accounts, leads, contacts, interactions or tenders is checked with the
  same scope fragments as the resolvers (dealgraph.graph.queries.scope): an id that does not exist
  and an id outside the caller's accounts get the SAME 404, so nothing can be probed;
- an account manager's job runs only on their accounts: no ids means "all of mine", never "all";
- the accounts a job is limited to are recorded on the (:Job), and `job_visible` lets a caller
  read a job (params, result) only if they may read that kind's data for those accounts.
"""

from __future__ import annotations

from ..errors import InputError, NotFound
from ..graph.connection import Graph
from ..graph.queries import scope as S
from ..graph.queries.jobs import READABLE_BY_SCOPE
from .permissions import READ

# Parameters each job kind accepts; id lists are scope-checked, the rest are options.
PARAMS: dict[str, set[str]] = {
    "roles": {"account_ids", "use_model"},
    "leads": {"lead_ids", "retrain"},
    "opportunities": {"account_ids", "as_of"},
    "matching": {"tender_ids", "use_embeddings"},
    "competitors": {"tender_ids", "top"},
    "rescore": {"lead_ids", "contact_ids", "account_ids", "interaction_ids"},
}
ID_LABEL = {"account_ids": "Account", "lead_ids": "Lead", "contact_ids": "Contact",
            "interaction_ids": "Interaction", "tender_ids": "Tender"}
MAX_IDS = 10_000
# What reading a job's params/result reveals: the data of this resource.
JOB_RESOURCE = {"roles": "contact", "leads": "lead", "opportunities": "opportunity", "matching": "tender",
                "competitors": "tender", "identity": "contact"}


class Forbidden(Exception):
    """The role may not use this parameter (HTTP 403)."""


def not_found(label: str, value: str) -> NotFound:
    return NotFound(f"{label} {value!r} does not exist or is not in your accounts.")


def scoped_params(graph: Graph, scope: S.Scope, kind: str, params: dict | None) -> tuple[dict, list[str] | None]:
    """(params the job runs with, accounts it is limited to or None for all); raises InputError,
    NotFound (missing or foreign id, one answer) or Forbidden."""
    params = dict(params or {})
    allowed = PARAMS.get(kind)
    if allowed is not None:
        extra = sorted(set(params) - allowed)
        if extra:
            raise InputError(f"{kind} jobs take no parameter {extra[0]!r}: use {', '.join(sorted(allowed))}.")
    for key, label in ID_LABEL.items():
        if key not in params:
            continue
        ids = params[key]
        if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids) or len(ids) > MAX_IDS:
            raise InputError(f"{key} must be a list of at most {MAX_IDS} non-empty id strings.")
        ok = S.in_scope(graph, scope, label, ids) if ids else set()
        bad = [i for i in ids if i not in ok]
        if bad:
            raise not_found(label, bad[0])
    if scope.all:
        return params, params.get("account_ids") if kind in ("roles", "opportunities") else None
    mine = S.owned_accounts(graph, scope) or []
    if kind in ("roles", "opportunities"):
        params.setdefault("account_ids", mine)
        return params, list(params["account_ids"])
    if kind == "leads":
        if params.get("retrain"):
            raise Forbidden("Only an admin may retrain the shared lead model.")
        params.setdefault("lead_ids", S.leads_owned(graph, scope))
    if kind == "rescore" and not any(params.get(k) for k in PARAMS["rescore"]):
        params["lead_ids"] = S.leads_owned(graph, scope)
    return params, mine


def limit_leads(graph: Graph, scope: S.Scope, lead_ids: list[str]) -> list[str]:
    """Leads a change reached that the caller may rescore (a shared interaction reaches others' leads)."""
    if scope.all or not lead_ids:
        return lead_ids
    return sorted(S.in_scope(graph, scope, "Lead", lead_ids))


def job_filter(role: str) -> tuple[str, dict]:
    """Cypher WHERE on `j` (with scope params) keeping the jobs this role may read."""
    kinds = [k for k, res in JOB_RESOURCE.items() if role in READ.get(res, ())]
    if role in READ["ingest"]:
        kinds.append("ingest")
    return READABLE_BY_SCOPE, {"readable_kinds": kinds}
