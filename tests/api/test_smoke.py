import pytest

pytestmark = [pytest.mark.graph, pytest.mark.api]


def test_health_and_ready(api, client):
    c = client(None)
    assert c.http.get("/health").json() == {"status": "ok"}
    r = c.http.get("/ready")
    assert r.status_code == 200 and r.json()["gds"].startswith("2.")


def test_accounts_query(client, seeded):
    data = client("admin").data("{ accounts { totalCount edges { node { id name departments { name } } } } }")
    assert data["accounts"]["totalCount"] == 2
