"""Outgoing webhooks: `emit(event, payload)`, HMAC-SHA256 signing, retrying delivery worker.

Any module may call `emit("lead.scored", {...})`: it only writes (:WebhookDelivery) nodes (one
Cypher statement, no HTTP) and wakes the worker, so the request that caused the event never
waits for a receiver. The worker of a running `dealgraph serve` picks deliveries up (also those
emitted by CLI processes, by polling), POSTs them, logs every attempt as
(:WebhookAttempt)-[:OF]->(:WebhookDelivery), and retries failures with exponential backoff.
This module imports nothing from FastAPI, so ingest and algorithms can import it cheaply.

Receivers verify:  X-Dealgraph-Signature == "sha256=" + HMAC_SHA256(secret, f"{timestamp}.{body}")
and reject a X-Dealgraph-Timestamp outside their replay window (see `verify`).
Subscription secrets are stored on the node because signing needs them in clear; only admins
can list subscriptions, and the secret is returned once, at registration.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from ..config import Settings, get_settings
from ..errors import InputError, NotFound
from ..graph.connection import Graph
from ..graph.queries import webhooks as q
from .webhook_targets import TargetRefused, check_target

log = logging.getLogger(__name__)

EVENTS = ("contact.role_changed", "tender.matched", "opportunity.risk_raised", "lead.scored", "ingest.finished",
          "lead.priority_changed", "action.executed")
SIGNATURE_HEADER = "X-Dealgraph-Signature"
TIMESTAMP_HEADER = "X-Dealgraph-Timestamp"
EVENT_HEADER = "X-Dealgraph-Event"
DELIVERY_HEADER = "X-Dealgraph-Delivery"
_wake = threading.Event()


# --- signing ---------------------------------------------------------------------------------

def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str | None, body: bytes, signature: str | None, window_s: int = 300,
           now: float | None = None) -> bool:
    """What a receiver does: constant-time signature check plus a replay window on the timestamp."""
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs((now or time.time()) - int(timestamp)) > window_s:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


# --- subscriptions ---------------------------------------------------------------------------

def _check(url: str, events: list[str], allow_private: bool) -> None:
    bad = [e for e in events if e not in EVENTS and e != "*"]
    if bad or not events:
        raise InputError(f"Unknown webhook event {bad[0] if bad else '(none)'}: use any of {', '.join(EVENTS)} or *.")
    check_target(url, allow_private)


def register(graph: Graph, url: str, events: list[str], secret: str | None = None,
             created_by: str | None = None, allow_private: bool | None = None) -> dict:
    """Create a subscription; returns it with its secret (shown only now)."""
    if allow_private is None:
        allow_private = get_settings().webhook_allow_private
    _check(url, events, allow_private)
    secret = secret or secrets.token_hex(32)
    row = graph.write(q.REGISTER, url=url, events=sorted(set(events)), secret=secret, by=created_by)[0]
    return {**row["s"], "created_at": row["created_at"], "secret": secret}


def subscriptions(graph: Graph) -> list[dict]:
    return graph.read(q.SUBSCRIPTIONS)


def unregister(graph: Graph, subscription_id: str) -> None:
    rows = graph.write(q.UNREGISTER, id=subscription_id)
    if not rows:
        raise NotFound(f"Webhook subscription {subscription_id!r} does not exist.")


# --- events and deliveries -------------------------------------------------------------------

def emit(event: str, payload: dict[str, Any], graph: Graph | None = None) -> list[str]:
    """Queue `event` for every active subscription to it; returns the delivery ids. Never does HTTP."""
    if event not in EVENTS:
        raise InputError(f"Unknown webhook event {event!r}: use one of {', '.join(EVENTS)}.")
    if graph is None:
        from ..graph.connection import get_graph

        graph = get_graph()
    rows = graph.write(q.EMIT, event=event, payload=json.dumps(payload, ensure_ascii=False, default=str))
    if rows:
        _wake.set()
    return [r["id"] for r in rows]


def emit_many(event: str, payloads: list[dict[str, Any]], graph: Graph) -> list[str]:
    """`emit` for many payloads of one event, in one transaction (one round trip, not one per payload)."""
    if event not in EVENTS:
        raise InputError(f"Unknown webhook event {event!r}: use one of {', '.join(EVENTS)}.")
    if not payloads:
        return []
    rows = graph.write(q.EMIT_MANY, event=event,
                       payloads=[json.dumps(p, ensure_ascii=False, default=str) for p in payloads])
    if rows:
        _wake.set()
    return [r["id"] for r in rows]


def deliveries(graph: Graph, subscription_id: str | None = None, status: str | None = None,
               limit: int = 100) -> list[dict]:
    return graph.read(q.DELIVERIES, sid=subscription_id, status=status, limit=limit)


def delivery(graph: Graph, delivery_id: str) -> dict:
    rows = graph.read(q.DELIVERY, id=delivery_id)
    if not rows:
        raise NotFound(f"Webhook delivery {delivery_id!r} does not exist.")
    d = rows[0]["d"]
    d["payload"] = json.loads(d["payload"]) if d.get("payload") else None
    return {**d, "attempt_log": rows[0]["attempts"]}


def redeliver(graph: Graph, delivery_id: str) -> None:
    """Send a delivery again (whatever its state), as a fresh series of attempts."""
    rows = graph.write(q.REDELIVER, id=delivery_id)
    if not rows:
        raise NotFound(f"Webhook delivery {delivery_id!r} does not exist.")
    _wake.set()


# --- the worker --------------------------------------------------------------------------------

def _pinned(url: str, address: str, headers: dict) -> str:
    """Plain http goes to the address just checked (Host header keeps the name), so a second DNS
    answer cannot redirect it; https keeps the name for certificate checks."""
    import httpx

    u = httpx.URL(url)
    if u.scheme != "http":
        return url
    headers["Host"] = u.netloc.decode()
    return str(u.copy_with(host=address))


class DeliveryWorker:
    """A daemon thread that sends due deliveries; `stop()` joins it."""

    def __init__(self, graph: Callable[[], Graph] | Graph, settings: Settings | None = None, poll_s: float = 1.0):
        self._graph = graph if callable(graph) else (lambda: graph)
        self.settings = settings or get_settings()
        self.poll_s = poll_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="webhook-delivery", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        _wake.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        import httpx

        with httpx.Client(timeout=self.settings.webhook_timeout_s, follow_redirects=False) as client:
            while not self._stop.is_set():
                try:
                    sent = self.run_once(client)
                except Exception:
                    log.exception("webhook worker cycle failed")
                    sent = 0
                if not sent:
                    _wake.wait(self.poll_s)
                    _wake.clear()

    def run_once(self, client) -> int:
        due = self._graph().write(q.CLAIM, limit=20, token=secrets.token_hex(8))
        for d in due:
            self._send(client, d)
        return len(due)

    def _send(self, client, d: dict) -> None:
        s = self.settings
        body = json.dumps({"id": d["id"], "event": d["event"], "created_at": d["created_at"],
                           "data": json.loads(d["payload"])}, ensure_ascii=False).encode()
        ts = str(int(time.time()))
        headers = {"Content-Type": "application/json", EVENT_HEADER: d["event"], DELIVERY_HEADER: d["id"],
                   TIMESTAMP_HEADER: ts, SIGNATURE_HEADER: sign(d["secret"], ts, body),
                   "User-Agent": "dealgraph-webhooks/1"}
        code, error, t0 = None, None, time.perf_counter()
        if not d["active"]:
            error = "subscription is inactive"
        else:
            try:
                # Resolved and checked again now: the name may point elsewhere than at registration.
                url = _pinned(d["url"], check_target(d["url"], s.webhook_allow_private), headers)
                code = client.post(url, content=body, headers=headers).status_code
                if not 200 <= code < 300:
                    error = f"receiver answered HTTP {code}"
            except TargetRefused:
                error = "target refused: not a public address"
            except Exception as e:  # noqa: BLE001 - any transport failure is a failed attempt
                # Generic on the record (the raw error tells whether a port is open); details in the log.
                log.info("webhook delivery %s failed: %s: %s", d["id"], type(e).__name__, e)
                error = "timed out" if "Timeout" in type(e).__name__ else "could not connect"
        ok = error is None
        ms = round((time.perf_counter() - t0) * 1000, 1)
        if ok:
            status, delay = "delivered", 0
        elif d["round_n"] >= s.webhook_max_attempts or not d["active"]:
            status, delay = "failed", 0
        else:
            status, delay = "pending", int(1000 * s.webhook_backoff_s * 2 ** (d["round_n"] - 1))
        self._graph().write(q.RECORD, id=d["id"], n=d["n"], code=code, error=error, ms=ms, ok=ok,
                            status=status, delay_ms=delay)
