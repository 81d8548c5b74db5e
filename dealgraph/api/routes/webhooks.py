"""Webhook management (admin): subscriptions, delivery log with every attempt, redelivery."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from ...graph.connection import Graph
from .. import webhooks as W
from ..deps import CurrentUser, get_graph_dep, require_roles

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
Admin = Annotated[CurrentUser, Depends(require_roles("admin"))]
G = Annotated[Graph, Depends(get_graph_dep)]


class SubscriptionIn(BaseModel):
    url: str = Field(min_length=1, max_length=2000, description="Absolute http(s) URL of a public host receiving "
                     "POSTed JSON events (private addresses only with DEALGRAPH_WEBHOOK_ALLOW_PRIVATE).")
    events: list[Literal[(*W.EVENTS, "*")]] = Field(  # type: ignore[valid-type]
        min_length=1, max_length=10, description=f"Any of {', '.join(W.EVENTS)}, or *.")
    secret: str | None = Field(default=None, min_length=16, max_length=200,
                               description="HMAC secret; generated when omitted.")


class Subscription(BaseModel):
    id: str
    url: str
    events: list[str]
    active: bool
    created_at: str | None = None


class SubscriptionCreated(Subscription):
    secret: str = Field(description="Shown only in this response.")


class Delivery(BaseModel):
    id: str
    event: str
    status: str
    attempts: int
    subscription_id: str | None = None
    created_at: str | None = None
    last_status_code: int | None = None
    last_error: str | None = None


class Attempt(BaseModel):
    n: int | None = None
    status_code: int | None = None
    error: str | None = None
    duration_ms: float | None = None
    ok: bool | None = None
    at: str | None = None


class DeliveryDetail(Delivery):
    payload: dict | None = None
    attempt_log: list[Attempt]


@router.post("", status_code=201, response_model=SubscriptionCreated, summary="Register a webhook subscription.",
             responses={400: {"description": "Unknown event, or a URL that is not a public http(s) address"}})
def create(body: SubscriptionIn, request: Request, user: Admin, graph: G):
    return W.register(graph, body.url, body.events, body.secret, user.id,
                      allow_private=request.app.state.settings.webhook_allow_private)


@router.get("", response_model=list[Subscription], summary="List webhook subscriptions.")
def list_(user: Admin, graph: G):
    return W.subscriptions(graph)


@router.delete("/{subscription_id}", status_code=204, summary="Deactivate a subscription.",
               responses={404: {"description": "No such subscription"}})
def delete(subscription_id: str, user: Admin, graph: G) -> None:
    W.unregister(graph, subscription_id)


@router.get("/deliveries", response_model=list[Delivery], summary="Recent deliveries, newest first.")
def deliveries(user: Admin, graph: G, subscription_id: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
               status: Annotated[str | None, Query(pattern="^(pending|sending|delivered|failed)$")] = None,
               limit: Annotated[int, Query(ge=1, le=500)] = 100):
    return W.deliveries(graph, subscription_id, status, limit)


@router.get("/deliveries/{delivery_id}", response_model=DeliveryDetail, summary="One delivery with its attempts.",
            responses={404: {"description": "No such delivery"}})
def delivery(delivery_id: str, user: Admin, graph: G):
    return W.delivery(graph, delivery_id)


@router.post("/deliveries/{delivery_id}/redeliver", status_code=202, summary="Send a delivery again.",
             responses={404: {"description": "No such delivery"}})
def redeliver(delivery_id: str, user: Admin, graph: G) -> dict:
    W.redeliver(graph, delivery_id)
    return {"id": delivery_id, "status": "pending"}
