"""Inbound signals from integrations (website, forms, CRM, meeting tools) that move lead scores.

POST /events/signals records the signal in the graph at once and answers 202; re-scoring runs as
a background job over only the leads the signal affects, which then emit `lead.scored`.

    {"kind": "interaction", "contact_id": "c1", "topic": "采购会议", "meeting_type": "procurement"}
    {"kind": "visit", "lead_id": "l1", "page": "/pricing"}
    {"kind": "download" | "question" | "form", "lead_id": "l1", ...}

An interaction becomes an (:Interaction)-[:INVOLVES]->(contact, or the lead's contact / source
record); the other kinds update the lead's own signal properties (pages_visited, downloads,
questions, budget, stated purchase date, title), which are what BANT and the model read.
"""

from __future__ import annotations

import asyncio
import functools
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field, model_validator

from ...errors import InputError
from ...graph.connection import Graph
from ...graph.queries import signals as q
from ...graph.writes.upsert import insert_once
from ..deps import CurrentUser, get_graph_dep, require_roles, visible_accounts
from ..permissions import WRITE

router = APIRouter(prefix="/events", tags=["events"])

Kind = Literal["interaction", "visit", "download", "question", "form"]


class Signal(BaseModel):
    # The schema states "lead_id or contact_id"; the kind's own field (visit: page, question: text,
    # form: one of budget/purchase_date/title) is checked by the server (422, documented).
    model_config = {"json_schema_extra": {"anyOf": [{"required": ["lead_id"]}, {"required": ["contact_id"]}]}}

    kind: Kind
    lead_id: str | None = Field(None, min_length=1, max_length=200)
    contact_id: str | None = Field(None, min_length=1, max_length=200)
    id: str | None = Field(None, max_length=200, description="Interaction id (idempotency key); generated if absent.")
    at: datetime | None = Field(None, description="When it happened; now if absent.")
    topic: str | None = Field(None, max_length=2000, description="interaction: subject.")
    meeting_type: str | None = Field(None, max_length=100, description="interaction: e.g. procurement, approval.")
    interaction_kind: str | None = Field(None, max_length=100, description="interaction: meeting, call, email...")
    page: str | None = Field(None, max_length=2000, description="visit: the page URL or path.")
    text: str | None = Field(None, max_length=4000, description="question: what was asked.")
    budget: float | None = Field(None, ge=0, description="form: stated budget.")
    purchase_date: date | None = Field(None, description="form: stated purchase date.")
    title: str | None = Field(None, max_length=200, description="form: the person's job title.")

    @model_validator(mode="after")
    def _target(self) -> Signal:
        if not (self.lead_id or self.contact_id):
            raise ValueError("give lead_id or contact_id: the signal must name whom it is about")
        need = {"visit": "page", "question": "text"}.get(self.kind)
        if need and not getattr(self, need):
            raise ValueError(f"a {self.kind} signal needs {need}")
        if self.kind == "form" and self.budget is None and self.purchase_date is None and not self.title:
            raise ValueError("a form signal needs at least one of budget, purchase_date, title")
        return self


class SignalAccepted(BaseModel):
    kind: str
    interaction_id: str | None = None
    lead_ids: list[str] = Field(default_factory=list, description="Leads whose properties were updated.")
    job_id: str | None = Field(None, description="Background re-scoring job (GET /jobs/{id}).")


def _record(graph: Graph, s: Signal, user: CurrentUser) -> tuple[SignalAccepted, dict]:
    """Write the signal; returns the response and what the re-scoring job should look at."""
    t = graph.read(q.TARGET, lead=s.lead_id, contact=s.contact_id)[0]
    missing = (s.lead_id and not t["lead"]) or (s.contact_id and not t["contact"])
    vis = visible_accounts(user, graph)
    if missing or (vis is not None and not (set(t["accounts"]) & vis)):
        # ONE answer for "missing" and "not in your accounts": nobody learns which ids exist elsewhere.
        named = " and ".join(f"{k} {v!r}" for k, v in (("lead", s.lead_id), ("contact", s.contact_id)) if v)
        raise HTTPException(404, detail=f"The signal's {named} does not exist in your accounts.")
    at = (s.at or datetime.now(UTC)).isoformat()
    if s.kind == "interaction":
        target = s.contact_id or t["lead_contact"] or t["lead_record"]
        label = "SourceRecord" if target == t["lead_record"] and not (s.contact_id or t["lead_contact"]) else "Contact"
        if not target:
            raise HTTPException(422, detail=f"Lead {s.lead_id!r} has no contact or source record to attach "
                                            "an interaction to: send contact_id.")
        iid = s.id or f"signal-{uuid.uuid4()}"
        # Written as ingest writes an interaction row (validated, `at` in UTC, BY the caller); the id is an
        # idempotency key, so a retried delivery writes nothing. A lead's source record is addressed as
        # ingest addresses participants of a channel ("<source>:<id>").
        on_record = label == "SourceRecord"
        source, _, source_id = target.partition(":") if on_record else (None, "", target)
        try:
            insert_once(graph, "interaction", {
                "id": iid, "kind": s.interaction_kind or "meeting", "at": at, "topic": s.topic,
                "meeting_type": s.meeting_type, "channel": "signal", "user_id": user.id,
                "contact_ids": [source_id], "participant_source": source}, "signal")
        except InputError as e:
            raise HTTPException(422, detail=str(e)) from None
        return SignalAccepted(kind=s.kind, interaction_id=iid), {"interaction_ids": [iid]}
    rows = graph.write(q.LEADS_OF.replace("{set}", q.LEAD_SET[s.kind]), lead=s.lead_id, contact=s.contact_id,
                       at=at, page=s.page, text=s.text, budget=s.budget, title=s.title,
                       purchase_date=s.purchase_date.isoformat() if s.purchase_date else None)
    ids = sorted(r["id"] for r in rows)
    if not ids:
        raise HTTPException(404, detail=f"Contact {s.contact_id!r} has no lead to update.")
    return SignalAccepted(kind=s.kind, lead_ids=ids), {"lead_ids": ids}


def _rescore_job(graph: Graph, params: dict, scope=None) -> dict:
    from ..job_kinds import rescore_affected

    # `scope`: an interaction of two accounts' contacts reaches both; a manager rescores only theirs.
    return rescore_affected(graph, lead_ids=params.get("lead_ids") or (),
                            interaction_ids=params.get("interaction_ids") or (), job_id=params.get("job_id"),
                            cause=f"signal:{params.get('kind')}", scope=scope)


@router.post("/signals", status_code=202, response_model=SignalAccepted,
             summary="Record an inbound signal (interaction, visit, download, question, form); "
                     "the affected leads are re-scored in the background and emit lead.scored.",
             responses={404: {"description": "Unknown lead or contact"}, 422: {"description": "Bad signal"}})
async def signal(body: Signal, request: Request,
                 user: Annotated[CurrentUser, Depends(require_roles(*WRITE["lead"]))],
                 graph: Annotated[Graph, Depends(get_graph_dep)]) -> SignalAccepted:
    accepted, scope = await asyncio.to_thread(_record, graph, body, user)
    params = {**scope, "kind": body.kind}
    runner = request.app.state.jobs
    job = functools.partial(_rescore_job, scope=user.scope)
    if runner is not None:
        accounts = None if user.scope.all else sorted(visible_accounts(user, graph) or ())
        accepted.job_id = await asyncio.to_thread(runner.submit, "leads", params, user.id, job, None, accounts)
    else:  # a server without job threads (tools, tests): re-score before answering
        await asyncio.to_thread(job, graph, params)
    return accepted
