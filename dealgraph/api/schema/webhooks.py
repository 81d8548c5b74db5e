"""Webhook subscriptions and deliveries (admin only)."""

from __future__ import annotations

import asyncio

import strawberry
from strawberry.scalars import JSON

from .. import webhooks as W
from .context import Context


@strawberry.type
class WebhookSubscription:
    id: strawberry.ID
    url: str
    events: list[str]
    active: bool
    created_at: str | None


@strawberry.type
class RegisteredWebhook:
    subscription: WebhookSubscription
    secret: str = strawberry.field(description="HMAC secret; shown only once.")


@strawberry.type
class WebhookDelivery:
    id: strawberry.ID
    event: str
    status: str
    attempts: int
    subscription_id: str | None
    created_at: str | None
    last_status_code: int | None
    last_error: str | None


def _sub(d: dict) -> WebhookSubscription:
    return WebhookSubscription(id=d["id"], url=d["url"], events=list(d["events"]), active=bool(d["active"]),
                               created_at=d.get("created_at"))


@strawberry.type
class WebhookQuery:
    @strawberry.field
    async def webhooks(self, info: strawberry.Info[Context]) -> list[WebhookSubscription]:
        info.context.require_read("webhook")
        return [_sub(d) for d in await asyncio.to_thread(W.subscriptions, info.context.graph)]

    @strawberry.field
    async def webhook_deliveries(self, info: strawberry.Info[Context], subscription_id: strawberry.ID | None = None,
                                 status: str | None = None, last: int = 50) -> list[WebhookDelivery]:
        info.context.require_read("webhook")
        last = max(0, min(last, info.context.settings.api_max_page_size))
        rows = await asyncio.to_thread(W.deliveries, info.context.graph, subscription_id, status, last)
        return [WebhookDelivery(**r) for r in rows]

    @strawberry.field
    def webhook_events(self) -> list[str]:
        return list(W.EVENTS)


@strawberry.type
class WebhookMutation:
    @strawberry.mutation
    async def register_webhook(self, info: strawberry.Info[Context], url: str, events: list[str],
                               secret: str | None = None) -> RegisteredWebhook:
        info.context.require_write("webhook")
        d = await asyncio.to_thread(W.register, info.context.graph, url, events, secret, info.context.user.id,
                                    info.context.settings.webhook_allow_private)
        return RegisteredWebhook(subscription=_sub(d), secret=d["secret"])

    @strawberry.mutation
    async def delete_webhook(self, info: strawberry.Info[Context], id: strawberry.ID) -> bool:
        info.context.require_write("webhook")
        await asyncio.to_thread(W.unregister, info.context.graph, id)
        return True

    @strawberry.mutation
    async def redeliver_webhook(self, info: strawberry.Info[Context], delivery_id: strawberry.ID) -> bool:
        info.context.require_write("webhook")
        await asyncio.to_thread(W.redeliver, info.context.graph, delivery_id)
        return True

    @strawberry.mutation(description="Send a test event to the subscriptions of that event.")
    async def emit_test_event(self, info: strawberry.Info[Context], event: str, payload: JSON) -> list[str]:
        info.context.require_write("webhook")
        return await asyncio.to_thread(W.emit, event, dict(payload or {}), info.context.graph)
