"""Cypher of webhook subscriptions, deliveries and the delivery worker (api/webhooks.py)."""

from __future__ import annotations

REGISTER = (
    "CREATE (s:WebhookSubscription {id: randomUUID(), url: $url, events: $events, secret: $secret, "
    "active: true, created_at: datetime(), created_by: $by}) RETURN s {.id, .url, .events, .active} AS s, "
    "toString(s.created_at) AS created_at"
)

SUBSCRIPTIONS = (
    "MATCH (s:WebhookSubscription) RETURN s.id AS id, s.url AS url, s.events AS events, s.active AS active, "
    "toString(s.created_at) AS created_at ORDER BY s.created_at"
)

UNREGISTER = (
    "MATCH (s:WebhookSubscription {id: $id}) SET s.active = false RETURN s.id AS id"
)

EMIT = (
    "MATCH (s:WebhookSubscription) WHERE s.active AND ($event IN s.events OR '*' IN s.events) "
    "CREATE (d:WebhookDelivery {id: randomUUID(), event: $event, payload: $payload, status: 'pending', "
    "attempts: 0, created_at: datetime(), next_attempt_at: datetime(), subscription_id: s.id})-[:TO]->(s) "
    "RETURN d.id AS id"
)

# The same for many payloads of one event in one transaction (the stream's lead.priority_changed).
EMIT_MANY = (
    "MATCH (s:WebhookSubscription) WHERE s.active AND ($event IN s.events OR '*' IN s.events) "
    "UNWIND $payloads AS payload "
    "CREATE (d:WebhookDelivery {id: randomUUID(), event: $event, payload: payload, status: 'pending', "
    "attempts: 0, created_at: datetime(), next_attempt_at: datetime(), subscription_id: s.id})-[:TO]->(s) "
    "RETURN d.id AS id"
)

DELIVERIES = (
    "MATCH (d:WebhookDelivery) WHERE ($sid IS NULL OR d.subscription_id = $sid) "
    "AND ($status IS NULL OR d.status = $status) "
    "RETURN d.id AS id, d.event AS event, d.status AS status, d.attempts AS attempts, "
    "d.subscription_id AS subscription_id, toString(d.created_at) AS created_at, "
    "d.last_status_code AS last_status_code, d.last_error AS last_error "
    "ORDER BY d.created_at DESC LIMIT $limit"
)

DELIVERY = (
    "MATCH (d:WebhookDelivery {id: $id}) OPTIONAL MATCH (a:WebhookAttempt)-[:OF]->(d) "
    "WITH d, a ORDER BY a.n "
    "RETURN d {.id, .event, .status, .attempts, .subscription_id, .payload, .last_status_code, .last_error, "
    "created_at: toString(d.created_at)} AS d, "
    "[x IN collect(a) | x {.n, .status_code, .error, .duration_ms, .ok, at: toString(x.at)}] AS attempts"
)

REDELIVER = (
    "MATCH (d:WebhookDelivery {id: $id}) SET d.status = 'pending', d.next_attempt_at = datetime(), "
    "d.round = coalesce(d.round, 0) + 1, d.round_attempts = 0 RETURN d.id AS id"
)

# Claiming is safe with several API processes: SET takes each delivery's write lock, and the
# status is re-read under that lock, so a delivery claimed by another worker meanwhile is skipped.
_DUE = ("(d.status = 'pending' AND d.next_attempt_at <= datetime()) "
        "OR (d.status = 'sending' AND d.claimed_at < datetime() - duration({seconds: 120}))")
CLAIM = f"""
MATCH (d:WebhookDelivery) WHERE {_DUE}
WITH d ORDER BY d.next_attempt_at LIMIT $limit
SET d.claim = $token
WITH d WHERE {_DUE}
MATCH (d)-[:TO]->(s:WebhookSubscription)
SET d.status = 'sending', d.claimed_at = datetime(), d.attempts = d.attempts + 1,
    d.round_attempts = coalesce(d.round_attempts, 0) + 1
RETURN d.id AS id, d.event AS event, d.payload AS payload, d.attempts AS n, d.round_attempts AS round_n,
       toString(d.created_at) AS created_at, s.url AS url, s.secret AS secret, s.active AS active
"""

RECORD = """
MATCH (d:WebhookDelivery {id: $id})
CREATE (a:WebhookAttempt {id: randomUUID(), n: $n, at: datetime(), status_code: $code, error: $error,
                          duration_ms: $ms, ok: $ok})-[:OF]->(d)
SET d.status = $status, d.last_status_code = $code, d.last_error = $error,
    d.next_attempt_at = datetime() + duration({milliseconds: $delay_ms})
"""
