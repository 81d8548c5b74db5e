"""Recomputation jobs the API can start, as thin adapters over the algorithm packages.

Each adapter calls the package's public graph-mode function, returns a JSON summary for the
(:Job) record, and emits the matching webhook event for what changed, so integrations learn
about new roles, matches, risks and scores without polling. Imports are inside the functions:
a package that is not installed makes only its own job kind fail, with a clear message.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..graph.connection import Graph
from ..graph.queries import job_events as Q
from ..graph.queries.scope import opportunities_of
from .jobs import register_job
from .webhooks import emit

MAX_EVENTS = 1000  # per job; beyond that integrations should re-read through the API


def _need(module: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise InputError(f"This job needs {module}, which is not installed in this build.") from e


@register_job("roles")
def roles_job(graph: Graph, params: dict) -> dict:
    classify = _need("dealgraph.algorithms.roles.classify")
    # An explicit list (even empty: a manager with no accounts) limits the job; only absent means all.
    ids = list(params["account_ids"]) if params.get("account_ids") is not None else classify.all_accounts(graph)
    before = {r["id"]: r["role"] for r in Q.contact_roles(graph, ids)}
    report = classify.classify(graph, ids, use_model=params.get("use_model"))
    changed = [r for r in Q.contact_roles(graph, ids) if before.get(r["id"]) != r["role"]]
    for r in changed[:MAX_EVENTS]:
        emit("contact.role_changed", {"contact_id": r["id"], "account_id": r["account_id"],
                                      "previous_role": before.get(r["id"]), "role": r["role"],
                                      "confidence": r["confidence"], "by": f"model:{report.model}",
                                      "job_id": params.get("job_id")}, graph)
    return {"accounts": report.accounts, "contacts": report.contacts, "by_role": report.by_role,
            "model": report.model, "changed": len(changed)}


def _emit_scored(graph: Graph, ids: list[str] | None, job_id: str | None, cause: str | None = None) -> int:
    rows = Q.scored_leads(graph, ids, MAX_EVENTS)
    for r in rows:
        emit("lead.scored", {**r, "job_id": job_id, **({"cause": cause} if cause else {})}, graph)
    return len(rows)


@register_job("leads")
def leads_job(graph: Graph, params: dict) -> dict:
    leads = _need("dealgraph.algorithms.leads.graph")
    ids = params.get("lead_ids")  # None = every lead; [] = none (a manager with no leads)
    if params.get("retrain"):
        leads.train_graph_model(graph)
    if ids is not None and not ids:
        return {"rescored": 0, "events": 0}
    n = leads.rescore_leads(graph, ids)
    return {"rescored": n, "events": _emit_scored(graph, ids, params.get("job_id"))}


def rescore_affected(graph: Graph, *, lead_ids=(), contact_ids=(), account_ids=(), interaction_ids=(),
                     everything: bool = False, job_id: str | None = None, cause: str | None = None,
                     events: bool = True, scope=None) -> dict:
    """Re-score only the leads a change touched (an ingest run, an inbound signal) and emit lead.scored.

    `everything` (e.g. an ingest run too large to list its ids) re-scores every lead instead.
    `scope` (an account manager's): only the leads they may rescore, though a change reached more.
    """
    from .job_scope import limit_leads

    leads = _need("dealgraph.algorithms.leads.graph")
    if everything and (scope is None or scope.all):
        ids: list[str] | None = None
    else:
        ids = sorted(set(lead_ids) | set(leads.affected_leads(graph, contact_ids, account_ids, interaction_ids)))
        if scope is not None:
            ids = limit_leads(graph, scope, ids)
        if not ids:
            return {"rescored": 0, "events": 0, "lead_ids": []}
    n = leads.rescore_leads(graph, ids)
    sent = _emit_scored(graph, ids, job_id, cause) if events else 0
    return {"rescored": n, "events": sent, "lead_ids": (ids or [])[:50]}


def rescore_after_ingest(graph: Graph, summary, job_id: str | None = None, events: bool = True) -> dict:
    """The leads an ingest run (a pipeline RunSummary) touched, re-scored."""
    t = summary.touched
    return rescore_affected(graph, lead_ids=t.ids.get("lead", ()), contact_ids=t.ids.get("contact", ()),
                            account_ids=t.ids.get("account", ()), interaction_ids=t.ids.get("interaction", ()),
                            everything=t.overflow, job_id=job_id, cause=f"ingest:{summary.run_id}", events=events)


@register_job("opportunities")
def opportunities_job(graph: Graph, params: dict) -> dict:
    opps = _need("dealgraph.algorithms.opportunities.graph")
    # Risk is learned from every stay in the history, but written only for the job's accounts.
    only = None if params.get("account_ids") is None else opportunities_of(graph, params["account_ids"])
    warned_before = {r["id"] for r in Q.delay_warnings(graph)}
    info = opps.assess_graph(graph, params.get("as_of"), only=only)
    raised = [r for r in Q.delay_warnings(graph) if r["id"] not in warned_before and (only is None or r["id"] in only)]
    for r in raised[:MAX_EVENTS]:
        emit("opportunity.risk_raised", {**r, "job_id": params.get("job_id")}, graph)
    return {**info, "risk_raised": len(raised)}


def _tenders(graph: Graph, params: dict) -> list[str]:
    if params.get("tender_ids"):
        return list(params["tender_ids"])
    return Q.open_tenders_with_requirements(graph)


@register_job("matching")
def matching_job(graph: Graph, params: dict) -> dict:
    engine = _need("dealgraph.algorithms.matching.graph")
    done = []
    for tid in _tenders(graph, params):
        m = engine.match_tender(graph, tid, use_embeddings=bool(params.get("use_embeddings")))
        statuses: dict[str, int] = {}
        for r in m.get("requirements", []):
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        event = {"tender_id": tid, "score": m.get("score"), "disqualified": m.get("disqualified"),
                 "disqualify_reasons": m.get("disqualify_reasons"), "requirements": statuses}
        emit("tender.matched", {**event, "job_id": params.get("job_id")}, graph)
        done.append(event)
    return {"tenders": len(done), "results": done[:50]}


@register_job("competitors")
def competitors_job(graph: Graph, params: dict) -> dict:
    predict = _need("dealgraph.algorithms.competitors.predict")
    history = predict.train(graph)
    out: list[dict[str, Any]] = []
    for tid in _tenders(graph, params):
        # assess_tender stores its result (win_probability, competitors_at, LIKELY_BIDDER edges the API reads);
        # the job only reports it.
        a = predict.assess_tender(graph, tid, top=int(params.get("top", 5)), history=history)
        out.append({"tender_id": tid, "win_probability": a["win_probability"], "competitors": len(a["competitors"])})
    return {"tenders": len(out), "results": out[:50]}
