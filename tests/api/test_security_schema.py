"""The schema findings of schemathesis, pinned: empty strings and empty lists refused by the schema,
the Allow header lists the path's methods, extra job parameters refused."""

import pytest

pytestmark = [pytest.mark.api, pytest.mark.graph]


def test_schema_findings(client, seeded):
    admin = client("admin").http
    assert admin.post("/jobs", json={"kind": ""}).status_code == 422
    assert admin.post("/jobs", json={"kind": "roles", "params": {"nope": 1}}).status_code == 422
    assert admin.post("/jobs", json={"kind": "roles", "params": {"account_ids": [""]}}).status_code == 422
    assert admin.post("/webhooks", json={"url": "", "events": ["*"]}).status_code == 422
    assert admin.post("/webhooks", json={"url": "https://93.184.215.14/", "events": [""]}).status_code == 422
    assert admin.post("/leads/score", json={"rows": []}).status_code == 422
    assert admin.post("/leads/rescore", json={"lead_ids": [""]}).status_code == 422
    assert admin.post("/events/signals", json={"kind": "visit", "lead_id": "", "page": "/"}).status_code == 422
    assert admin.get("/jobs", params={"kind": "a\x00b"}).status_code == 400
    assert admin.get("/webhooks/deliveries", params={"subscription_id": ""}).status_code == 422
    r = admin.request("OPTIONS", "/jobs")
    assert r.status_code == 405 and r.headers["allow"] == "GET, POST"
    r = admin.request("OPTIONS", "/leads/score")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    r = admin.get("/graphql")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
