"""POST /events: events in the stream's format (README "Event stream").

When the local stream runs (or DEALGRAPH_KAFKA_BOOTSTRAP names a Kafka) the events are produced to
its topic and the Flink job + graph writer take them from there; otherwise they are written
directly with the writer's own batch function and the leads they reach are re-scored before the
answer, so the embedded default keeps working without Kafka. Either way a repeat changes nothing.

An account manager may send only events that name a lead or account of theirs.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from pydantic import BaseModel

from ...graph.connection import Graph
from ...graph.queries import stream as q
from ...stream.events import BadEvent, normalise
from ..deps import CurrentUser, get_graph_dep, require_roles, visible_accounts
from ..permissions import WRITE

router = APIRouter(prefix="/events", tags=["events"])
MAX_EVENTS = 1000



class EventsAccepted(BaseModel):
    accepted: int
    via: str  # "kafka" (the stream runs) or "graph" (written directly)
    written: int | None = None
    leads_rescored: int | None = None


def _events(body: Any) -> list[dict]:
    raw = body.get("events") if isinstance(body, dict) and "events" in body else body
    raw = raw if isinstance(raw, list) else [raw]
    if not raw or len(raw) > MAX_EVENTS:
        raise HTTPException(422, detail=f"Send 1 to {MAX_EVENTS} events (one object, a list, or {{\"events\": [...]}}).")
    out = []
    for n, ev in enumerate(raw):
        try:
            out.append(normalise(ev))
        except BadEvent as e:
            raise HTTPException(422, detail=f"event {n}: {e.field}: {e.reason}") from None
    return out


def _check_scope(graph: Graph, user: CurrentUser, events: list[dict]) -> None:
    vis = visible_accounts(user, graph)
    if vis is None:
        return
    leads = {r["id"]: set(r["accounts"]) for r in graph.read(q.LEAD_ACCOUNTS, ids=sorted(
        {e["lead_id"] for e in events if e.get("lead_id")}))}
    for n, e in enumerate(events):
        ok = (e.get("account_id") in vis) or bool(leads.get(e.get("lead_id"), set()) & vis)
        if not ok:  # one answer for "missing" and "not yours"
            raise HTTPException(404, detail=f"event {n}: names no lead or account in your accounts.")


def _accept(graph: Graph, request: Request, events: list[dict]) -> EventsAccepted:
    from ...stream.runtime import Stream

    settings = request.app.state.settings
    if Stream(settings).accepting():
        from ...stream.producer import send

        return EventsAccepted(accepted=send(settings, events, prod=_producer(request)), via="kafka")
    from ...stream.writer import rescore, write_events

    written = write_events(graph, events)
    rescore(graph, written)
    return EventsAccepted(accepted=len(events), via="graph", written=written.new, leads_rescored=written.rescored)


def _producer(request: Request):
    prod = getattr(request.app.state, "stream_producer", None)
    if prod is None:
        from ...stream.producer import producer

        prod = request.app.state.stream_producer = producer(request.app.state.settings)
    return prod


@router.post("", status_code=202, response_model=EventsAccepted,
             summary="Events in the stream format: to Kafka when the stream runs, else written to the graph "
                     "and the leads they reach re-scored (lead.priority_changed when a class moves).",
             responses={404: {"description": "An event names no lead or account of yours"},
                        422: {"description": "A bad event (its index and field are named)"}})
async def post_events(request: Request, user: Annotated[CurrentUser, Depends(require_roles(*WRITE["lead"]))],
                      graph: Annotated[Graph, Depends(get_graph_dep)],
                      body: Annotated[Any, Body(description="One event, a list, or {\"events\": [...]}")]) \
        -> EventsAccepted:
    events = _events(body)
    await asyncio.to_thread(_check_scope, graph, user, events)
    return await asyncio.to_thread(_accept, graph, request, events)
