"""Webhook SSRF over real HTTP: internal targets refused at registration and at delivery."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.unit.test_webhook_targets import REFUSED

pytestmark = [pytest.mark.api, pytest.mark.graph]


@pytest.mark.parametrize("url", [u for u in REFUSED if u])
def test_registration_refuses_internal_targets(client, keys, url):
    r = client("admin").http.post("/webhooks", json={"url": url, "events": ["lead.scored"]})
    assert r.status_code in (400, 422), (url, r.text)
    body = client("admin").gql('mutation($u: String!) { registerWebhook(url: $u, events: ["*"]) '
                               '{ subscription { id } } }', u=url)
    assert body["data"] is None and "not allowed" in body["errors"][0]["message"] or "resolve" in \
        body["errors"][0]["message"], body


def test_delivery_rechecks_the_name(client, seeded, graph):
    """A subscription whose name now resolves to 127.0.0.1 (`localhost`: as after DNS rebinding) is
    not delivered; the record says so generically, the receiver gets nothing."""
    hits = []

    class H(BaseHTTPRequestHandler):
        def do_POST(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *a):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        from dealgraph.api.webhooks import emit

        graph.write("CREATE (:WebhookSubscription {id: 'rebound', url: $url, events: ['*'], secret: 's' + "
                    "'0123456789abcdef', active: true, created_at: datetime()})",
                    url=f"http://localhost:{httpd.server_address[1]}/hook")
        did = emit("lead.scored", {"lead_id": "l1"}, graph)[0]
        admin = client("admin").http
        deadline = time.time() + 120  # an upper bound: a busy machine only makes it slower
        while time.time() < deadline:
            d = admin.get(f"/webhooks/deliveries/{did}").json()
            if d["attempts"]:
                break
            time.sleep(0.1)
        assert d["attempts"] >= 1 and d["last_error"] == "target refused: not a public address", d
        assert hits == []
    finally:
        httpd.shutdown()
