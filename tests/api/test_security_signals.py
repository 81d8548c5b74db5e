"""POST /events/signals: a contact of another manager's account and a missing one get the same answer."""

import pytest

pytestmark = [pytest.mark.api, pytest.mark.graph]


def test_foreign_and_missing_contact_answer_identically(client, seeded):
    am = client("account_manager").http
    foreign = am.post("/events/signals", json={"kind": "interaction", "contact_id": "c3", "topic": "x"})
    seeded.write("MERGE (:Contact {id: 'c_orphan_check'})")  # unrelated: the graph has other contacts
    missing = am.post("/events/signals", json={"kind": "interaction", "contact_id": "c_nope", "topic": "x"})
    assert foreign.status_code == missing.status_code == 404
    strip = lambda r: r.json()["detail"].replace("c3", "ID").replace("c_nope", "ID")
    assert strip(foreign) == strip(missing)
    foreign = am.post("/events/signals", json={"kind": "visit", "lead_id": "l2", "page": "/p"})
    missing = am.post("/events/signals", json={"kind": "visit", "lead_id": "l_nope", "page": "/p"})
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["detail"].replace("l2", "ID") == missing.json()["detail"].replace("l_nope", "ID")
