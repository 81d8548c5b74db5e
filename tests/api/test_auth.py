"""Auth over real HTTP: 401/403/429, the role x resource matrix, and per-account scope for managers."""

import json

import httpx
import pytest

pytestmark = [pytest.mark.graph, pytest.mark.api]
# The receivers of these tests listen on 127.0.0.1: an on-premise setting, off by default.
API_SETTINGS = {"webhook_allow_private": True}

ROLES = ("admin", "account_manager", "bid_team", "read_only")
A, M, B, R = ROLES

# resource -> (GraphQL query, roles allowed). Written out here, independent of permissions.py.
READS = {
    "accounts": ("{ accounts { totalCount } }", {A, M, B, R}),
    "departments": ('{ account(id: "acc1") { departments { id } } }', {A, M, R}),
    "contacts": ("{ contacts { totalCount } }", {A, M, R}),
    "interactions": ("{ interactions { totalCount } }", {A, M, R}),
    "decision_chain": ('{ decisionChain(accountId: "acc1") { accountId } }', {A, M, R}),
    "opportunities": ("{ opportunities { totalCount } }", {A, M, R}),
    "leads": ("{ leads { totalCount } }", {A, M, R}),
    "tenders": ("{ tenders { totalCount } }", {A, M, B, R}),
    "ingest_runs": ("{ ingestRuns { id } }", {A, R}),
    "jobs": ("{ jobs { id } }", {A, M, B, R}),  # each sees only the jobs it may read (test_security_jobs)
    "webhooks": ("{ webhooks { id } }", {A}),
}
WRITES = {
    "upsert_account": ('mutation { upsertAccount(input: {id: "acc1", region: "上海"}) { id } }', {A, M}),
    "upsert_tender": ('mutation { upsertTender(input: {id: "t9", title: "新项目"}) { id } }', {A, B}),
    "set_role": ('mutation { setContactRole(contactId: "c2", role: "influencer") { role } }', {A, M}),
    "register_webhook": (('mutation { registerWebhook(url: "http://127.0.0.1:9/x", events: ["lead.scored"]) '
                         "{ secret } }"), {A}),
}
REST = {
    "GET /webhooks": {A},
    "GET /jobs": {A, M, B, R},
    "GET /ingest/runs": {A, R},
    "GET /accounts/acc1/decision-chain": {A, M, R},
}


@pytest.mark.parametrize("resource", sorted(READS))
def test_read_matrix(client, seeded, resource):
    query, allowed = READS[resource]
    for role in ROLES:
        body = client(role).gql(query)
        errors = body.get("errors") or []
        if role in allowed:
            assert not errors, (role, resource, errors)
        else:
            assert errors and errors[0]["extensions"]["code"] == "FORBIDDEN", (role, resource, body)


@pytest.mark.parametrize("resource", sorted(WRITES))
def test_write_matrix(client, seeded, resource):
    query, allowed = WRITES[resource]
    for role in ROLES:
        body = client(role).gql(query)
        errors = body.get("errors") or []
        if role in allowed:
            assert not errors, (role, resource, errors)
        else:
            assert errors and errors[0]["extensions"]["code"] == "FORBIDDEN", (role, resource, body)


def test_rest_matrix(client, seeded):
    for route, allowed in REST.items():
        method, path = route.split(" ")
        for role in ROLES:
            r = client(role).http.request(method, path)
            assert r.status_code == (200 if role in allowed else 403), (route, role, r.status_code, r.text[:200])


def test_missing_or_bad_credentials_are_401(api, seeded, keys):
    for path, method in (("/graphql", "POST"), ("/webhooks", "GET"), ("/jobs", "GET")):
        r = httpx.request(method, api.url + path, json={"query": "{ accounts { totalCount } }"})
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        bad = keys["admin"][:-3] + "xyz"
        r = httpx.request(method, api.url + path, headers={"X-API-Key": bad}, json={"query": "{ __typename }"})
        assert r.status_code == 401
    r = httpx.get(api.url + "/webhooks", headers={"Authorization": "Bearer not-a-jwt"})
    assert r.status_code == 401


def test_jwt(api, seeded):
    from dealgraph.api.auth import issue_jwt

    secret = api.app.state.settings.jwt_secret
    q = {"query": "{ accounts { totalCount } }"}
    ok = httpx.post(api.url + "/graphql", json=q, headers={"Authorization": "Bearer " + issue_jwt(secret, "u_am",
                                                                                                    "account_manager")})
    assert ok.json()["data"]["accounts"]["totalCount"] == 1  # the JWT subject's OWNS edges apply
    for token in (issue_jwt(secret, "u_am", "admin", ttl_s=-10), issue_jwt("another-secret-" + "y" * 32, "x", "admin")):
        assert httpx.post(api.url + "/graphql", json=q, headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_revoked_key_is_refused(api, seeded, keys, graph):
    from dealgraph.api.auth import _cache, revoke_api_key

    key = keys["read_only"]
    assert httpx.get(api.url + "/jobs", headers={"X-API-Key": key}).status_code == 200
    revoke_api_key(graph, key.split("_")[1])
    _cache.clear()
    assert httpx.get(api.url + "/jobs", headers={"X-API-Key": key}).status_code == 401


def test_account_manager_sees_only_owned_accounts(client, seeded):
    am = client("account_manager")
    d = am.data("""{
      accounts { totalCount nodes { id } }
      other: account(id: "acc2") { id }
      contacts { totalCount nodes { id } }
      hidden: contact(id: "c3") { id }
      byAccount: contacts(filter: {accountId: "acc2"}) { totalCount }
      tenders { nodes { id buyerAccount { id } } }
      hiddenTender: tender(id: "t2") { id }
      leads { nodes { id } }
      opportunities { nodes { id } }
      chain: decisionChain(accountId: "acc2") { accountId }
      interactions { nodes { id contacts { id } } }
    }""")
    assert [n["id"] for n in d["accounts"]["nodes"]] == ["acc1"] and d["other"] is None
    assert {n["id"] for n in d["contacts"]["nodes"]} == {"c1", "c2"} and d["hidden"] is None
    assert d["byAccount"]["totalCount"] == 0
    assert {t["id"] for t in d["tenders"]["nodes"]} == {"t1", "t3"} and d["hiddenTender"] is None
    assert [n["id"] for n in d["leads"]["nodes"]] == ["l1"] and [n["id"] for n in d["opportunities"]["nodes"]] == ["o1"]
    assert d["chain"] is None
    # The meeting involved c1 (ours) and c3 (another account's): the meeting shows, c3 does not.
    assert d["interactions"]["nodes"] == [{"id": "i1", "contacts": [{"id": "c1"}]}]
    # And nothing of acc2 leaks anywhere in a broad nested read.
    dump = json.dumps(am.data("""{ contacts { nodes { id name manager { name } reports { name } account { name }
        interactions { topic contacts { name } } department { name account { name } } } }
        accounts(first: 5) { nodes { decisionChain { nodes { id label data } edges { source target } } } } }"""),
        ensure_ascii=False)
    assert "Secret" not in dump and "c3" not in dump and "acc2" not in dump
    assert am.data("{ me { id role seesAllAccounts ownedAccountIds } }")["me"] == {
        "id": "u_am", "role": "account_manager", "seesAllAccounts": False, "ownedAccountIds": ["acc1"]}
    # The other manager sees the mirror image.
    assert client("other_am").data("{ accounts { nodes { id } } }")["accounts"]["nodes"] == [{"id": "acc2"}]


def test_account_manager_cannot_write_other_accounts(client, seeded, graph):
    am = client("account_manager")
    for q in ('mutation { upsertAccount(input: {id: "acc2", name: "pwned"}) { id } }',
              'mutation { upsertContact(input: {id: "c3", title: "pwned"}) { id } }',
              'mutation { upsertContact(input: {id: "new", name: "x", accountId: "acc2"}) { id } }',
              'mutation { setContactRole(contactId: "c3", role: "executor") { id } }'):
        body = am.gql(q)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", q
    assert graph.read("MATCH (n) WHERE n.name = 'pwned' OR n.title = 'pwned' OR n.id = 'new' RETURN count(n) AS n")[
        0]["n"] == 0
    assert graph.read("MATCH (c:Contact {id: 'c3'}) RETURN c.role_label AS l")[0]["l"] is None
    assert am.http.get("/accounts/acc2/decision-chain").status_code == 404


def test_rate_limit_per_key(start_server, seeded, keys):
    with start_server(api_rate_per_s=0.02, api_rate_burst=3) as s:  # refills 1 token per 50 s: no timing flake
        codes = [httpx.get(s.url + "/jobs", headers={"X-API-Key": keys["admin"]}).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        r = httpx.get(s.url + "/jobs", headers={"X-API-Key": keys["admin"]})
        assert int(r.headers["retry-after"]) >= 1
        # Another key has its own bucket.
        assert httpx.get(s.url + "/jobs", headers={"X-API-Key": keys["read_only"]}).status_code == 200
        # Guessing keys is throttled per client address.
        guesses = [httpx.get(s.url + "/jobs", headers={"X-API-Key": f"dg_{i:012x}_guess"}).status_code
                   for i in range(5)]
        assert guesses[:3] == [401, 401, 401] and guesses[3:] == [429, 429]
