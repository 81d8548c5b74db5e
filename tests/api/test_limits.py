"""Hardening over HTTP: depth, aliases, cost, tokens, introspection switch, masked errors, body size."""

import httpx
import pytest

pytestmark = [pytest.mark.graph, pytest.mark.api]


def _code(body: dict) -> str:
    return body["errors"][0]["message"]


def test_depth_limit(client, seeded):
    deep = "{ contacts { nodes " + "{ manager " * 8 + "{ name }" + " }" * 8 + " } }"
    body = client("admin").gql(deep)
    assert body.get("data") is None and "exceeds maximum operation depth" in _code(body)
    ok = client("admin").gql("{ contacts { nodes { manager { manager { name } } } } }")
    assert not ok.get("errors")


def test_alias_limit(client, seeded):
    q = "{ " + " ".join(f"a{i}: accounts {{ totalCount }}" for i in range(20)) + " }"
    body = client("admin").gql(q)
    assert "aliases found" in _code(body).lower() or "alias" in _code(body).lower()


def test_cost_limit(client, seeded):
    # 100 contacts x 100 reports x 10 interactions x 10 contacts ... is far over the budget
    q = ("{ contacts(first: 100) { nodes { reports { reports { interactions { contacts { name } } } } } } }")
    body = client("admin").gql(q)
    assert body.get("data") is None and "Query cost" in _code(body)
    # A variable `first` is costed at the maximum page size, so it cannot sneak past.
    body = client("admin").gql("query($n: Int) { contacts(first: $n) { nodes { reports { reports { interactions "
                               "{ contacts { name } } } } } } }")
    assert "Query cost" in _code(body)


def test_token_limit(client, seeded):
    q = "{ accounts { totalCount " + " ".join(["__typename"] * 2100) + " } }"
    body = client("admin").http.post("/graphql", json={"query": q})
    assert body.status_code in (200, 400) and "token" in body.text.lower()


def test_introspection_switch(client, seeded, start_server, keys):
    q = {"query": "{ __schema { types { name } } }"}
    assert "Account" in str(client("admin").gql(q["query"])["data"])
    with start_server(api_introspection=False) as s:
        r = httpx.post(s.url + "/graphql", json=q, headers={"X-API-Key": keys["admin"]})
        assert "introspection" in r.text.lower() and '"Account"' not in r.text


def test_unexpected_errors_are_masked(client, seeded, graph, monkeypatch):
    from dealgraph.api import loaders

    broken = dict(loaders.QUERIES)
    broken["department_of_contact"] = ("MATCH (n) RETURN n.secret_column AS key, x AS p", False)  # invalid Cypher
    monkeypatch.setattr(loaders, "QUERIES", broken)
    body = client("admin").gql('{ contact(id: "c1") { name department { name } } }')
    assert body["data"]["contact"]["name"] == "张伟"
    err = body["errors"][0]
    assert err["message"] == "Internal error." and "secret_column" not in str(body) and "Traceback" not in str(body)


def test_body_size_limit(client, seeded):
    c = client("admin")
    big = {"query": "{ accounts { totalCount } }", "variables": {"pad": "x" * 1_100_000}}
    assert c.http.post("/graphql", json=big).status_code == 413

    def chunks():  # no Content-Length: the limit is enforced while the body streams in
        for _ in range(12):
            yield b"x" * 100_000

    r = c.http.post("/graphql", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_errors_are_one_sentence_json(client, seeded):
    c = client("admin")
    r = c.http.get("/jobs/does-not-exist")
    assert r.status_code == 404 and r.json() == {"detail": "Job 'does-not-exist' does not exist."}


def test_nul_bytes_in_url_are_refused(client, seeded):
    c = client("admin")
    assert c.http.get("/jobs", params={"kind": "a\x00b"}).status_code == 400
    assert c.http.get("/jobs/a%00b").status_code == 400
