"""Delivery records give generic reasons (own module: no other server's worker races for the delivery)."""

import time

import pytest

pytestmark = [pytest.mark.api, pytest.mark.graph]


def test_connection_errors_are_generic(start_server, keys, seeded, graph):
    """A closed port gives a generic reason, not the raw socket error (no port scanning through it)."""
    import httpx

    from dealgraph.api.webhooks import emit
    from tests.api.conftest import free_port

    with start_server(workers=True, webhook_allow_private=True) as server:
        graph.write("CREATE (:WebhookSubscription {id: 'closed', url: $url, events: ['*'], "
                    "secret: 'x0123456789abcdef', active: true, created_at: datetime()})",
                    url=f"http://127.0.0.1:{free_port()}/x")
        did = emit("lead.scored", {"lead_id": "l1"}, graph)[0]
        deadline = time.time() + 120  # an upper bound: a busy machine only makes it slower
        while time.time() < deadline:
            d = httpx.get(f"{server.url}/webhooks/deliveries/{did}", headers={"X-API-Key": keys["admin"]},
                          timeout=60).json()
            if d["attempts"]:
                break
            time.sleep(0.2)
    assert d["last_error"] == "could not connect", d
