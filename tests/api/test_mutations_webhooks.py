"""Mutations, background jobs and signed webhooks, against a receiver written here."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = [pytest.mark.graph, pytest.mark.api]
# The receivers of these tests listen on 127.0.0.1: an on-premise setting, off by default.
API_SETTINGS = {"webhook_allow_private": True}
SECRET = "receiver-secret-0123456789abcdef"
WINDOW_S = 300


class Receiver:
    """An integration's endpoint: checks HMAC-SHA256 over f"{ts}.{body}" and the replay window.

    `fail_first` answers the first request with HTTP 500 (after `delay_s`), so retries show."""

    def __init__(self, fail_first: bool = True, delay_s: float = 0.0):
        self.requests: list[dict] = []
        self.responded_at: list[float] = []
        self.fail_first, self.delay_s = fail_first, delay_s
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                ts, sig = self.headers["X-Dealgraph-Timestamp"], self.headers["X-Dealgraph-Signature"]
                expected = "sha256=" + hmac.new(SECRET.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
                fresh = abs(time.time() - int(ts)) <= WINDOW_S
                n = len(outer.requests)
                outer.requests.append({"valid": hmac.compare_digest(expected, sig) and fresh, "body": json.loads(body),
                                       "delivery": self.headers["X-Dealgraph-Delivery"],
                                       "event": self.headers["X-Dealgraph-Event"]})
                if n == 0 and outer.delay_s:
                    time.sleep(outer.delay_s)
                self.send_response(500 if (n == 0 and outer.fail_first) else 200)
                self.end_headers()
                outer.responded_at.append(time.time())

            def log_message(self, *a):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def wait(self, n: int, timeout: float = 15) -> list[dict]:
        deadline = time.time() + timeout
        while len(self.requests) < n and time.time() < deadline:
            time.sleep(0.05)
        assert len(self.requests) >= n, f"receiver got {len(self.requests)} of {n} requests"
        return self.requests

    def close(self):
        self.httpd.shutdown()


@pytest.fixture
def receiver():
    r = Receiver(fail_first=True, delay_s=1.5)
    yield r
    r.close()


def _wait_status(admin, delivery_id: str, status: str, timeout: float = 15) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        d = admin.http.get(f"/webhooks/deliveries/{delivery_id}").json()
        if d["status"] == status:
            return d
        time.sleep(0.1)
    raise AssertionError(f"delivery {delivery_id} stayed {d['status']}")


def test_role_change_webhook_signed_retried_and_redeliverable(client, seeded, receiver):
    admin, am = client("admin"), client("account_manager")
    r = admin.http.post("/webhooks", json={"url": receiver.url, "events": ["contact.role_changed"], "secret": SECRET})
    assert r.status_code == 201 and r.json()["secret"] == SECRET
    sub_id = r.json()["id"]
    assert [s["id"] for s in admin.http.get("/webhooks").json()] == [sub_id]

    c = am.data('mutation { setContactRole(contactId: "c2", role: "influencer", note: "聊过") '
                "{ role rolePredicted roleLabel roleLabelBy } }")["setContactRole"]
    answered = time.time()
    assert c == {"role": "influencer", "rolePredicted": "executor", "roleLabel": "influencer", "roleLabelBy": "u_am"}

    reqs = receiver.wait(2)
    # The mutation had answered before the slow receiver (1.5 s) answered its first delivery: never blocked.
    assert answered < receiver.responded_at[0]
    assert all(q["valid"] for q in reqs) and reqs[0]["delivery"] == reqs[1]["delivery"]
    body = reqs[1]["body"]
    assert body["event"] == "contact.role_changed" and reqs[1]["event"] == "contact.role_changed"
    assert body["data"] == {"contact_id": "c2", "account_id": "acc1", "previous_role": "executor",
                            "role": "influencer", "predicted_role": "executor", "by": "u_am", "note": "聊过"}

    did = reqs[0]["delivery"]
    d = _wait_status(admin, did, "delivered")
    assert [(a["n"], a["status_code"], a["ok"]) for a in d["attempt_log"]] == [(1, 500, False), (2, 200, True)]
    listed = admin.http.get("/webhooks/deliveries", params={"subscription_id": sub_id}).json()
    assert [x["id"] for x in listed] == [did]

    assert admin.http.post(f"/webhooks/deliveries/{did}/redeliver").status_code == 202
    assert receiver.wait(3)[2]["delivery"] == did and receiver.requests[2]["valid"]
    assert len(_wait_status(admin, did, "delivered")["attempt_log"]) == 3

    # Confirming the same role again is not a change: no new event.
    am.data('mutation { setContactRole(contactId: "c2", role: "influencer") { role } }')
    time.sleep(0.5)
    assert len(receiver.requests) == 3


def test_emit_from_any_module_and_tampering_detected(client, seeded, graph):
    from dealgraph.api.webhooks import emit, sign, verify

    rec = Receiver(fail_first=False)
    try:
        admin = client("admin")
        admin.http.post("/webhooks", json={"url": rec.url, "events": ["*"], "secret": SECRET})
        ids = emit("lead.scored", {"lead_id": "l1", "score": 0.8, "reasons": ["预算已批"]}, graph)
        assert len(ids) == 1
        req = rec.wait(1)[0]
        assert req["valid"] and req["body"]["data"]["reasons"] == ["预算已批"]
    finally:
        rec.close()
    body = b'{"a":1}'
    ts = str(int(time.time()))
    assert verify(SECRET, ts, body, sign(SECRET, ts, body))
    assert not verify(SECRET, ts, b'{"a":2}', sign(SECRET, ts, body))  # body changed
    old = str(int(time.time()) - 3600)
    assert not verify(SECRET, old, body, sign(SECRET, old, body))  # replayed outside the window


def test_emit_many_queues_one_delivery_per_payload(client, seeded, graph):
    from dealgraph.api.webhooks import emit_many

    rec = Receiver(fail_first=False)
    try:
        client("admin").http.post("/webhooks", json={"url": rec.url, "events": ["lead.priority_changed"],
                                                     "secret": SECRET})
        payloads = [{"lead_id": "l1", "priority": "A", "cause": "stream"},
                    {"lead_id": "线索2", "priority": "B", "cause": "stream"}]
        ids = emit_many("lead.priority_changed", payloads, graph)
        assert len(set(ids)) == 2
        got = rec.wait(2)
        assert all(r["valid"] for r in got)
        assert sorted(r["body"]["data"]["lead_id"] for r in got) == ["l1", "线索2"]
        assert emit_many("lead.priority_changed", [], graph) == []
    finally:
        rec.close()


def test_webhook_validation(client, seeded):
    admin = client("admin")
    assert admin.http.post("/webhooks", json={"url": "ftp://x", "events": ["lead.scored"]}).status_code == 400
    # Event names are listed in the schema (an enum), so an unknown one is a 422 like any schema error.
    assert admin.http.post("/webhooks", json={"url": "http://x/y", "events": ["nope"]}).status_code == 422
    assert admin.http.delete("/webhooks/missing").status_code == 404
    assert admin.http.post("/webhooks/deliveries/missing/redeliver").status_code == 404


def test_upserts_build_a_small_org(client, keys, graph):
    admin = client("admin")
    admin.data('mutation { upsertAccount(input: {id: "n1", name: "新客户", industry: "制造"}) { id } }')
    admin.data('mutation { upsertDepartment(input: {id: "nd", accountId: "n1", name: "采购部"}) { id } }')
    admin.data('mutation { upsertContact(input: {id: "boss", name: "王总", departmentId: "nd"}) { id } }')
    admin.data('mutation { upsertContact(input: {id: "buyer", name: "刘", title: "采购经理", departmentId: "nd", '
               'managerId: "boss"}) { id } }')
    acc = admin.data('{ account(id: "n1") { industry departments { name contacts { name manager { name } '
                     "account { id } } } } }")["account"]
    assert acc["industry"] == "制造"
    people = {c["name"]: c for c in acc["departments"][0]["contacts"]}
    assert people["刘"]["manager"] == {"name": "王总"} and people["王总"]["account"] == {"id": "n1"}
    # Upsert is idempotent and only sets the fields given.
    admin.data('mutation { upsertAccount(input: {id: "n1", region: "苏州"}) { id } }')
    assert admin.data('{ account(id: "n1") { name region } }')["account"] == {"name": "新客户", "region": "苏州"}
    assert graph.read("MATCH (a:Account {id: 'n1'}) RETURN count(*) AS n")[0]["n"] == 1
    body = admin.gql('mutation { setContactRole(contactId: "boss", role: "boss") { id } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT"


def test_upserts_write_as_ingest_does(client, keys, graph):
    """GraphQL upserts go through graph.writes.upsert: a stub account (a contact's reference to an account
    not loaded yet) is completed, leaves its stub state and shows on the ROI board; values are validated
    and normalised as in ingest; each write leaves a SourceRecord "api:<id>"."""
    admin = client("admin")
    graph.write("CREATE (:Contact {id: 'early', name: '早到'})-[:WORKS_FOR]->(a:Account {id: 'late', stub: true}) "
                "CREATE (:Lead {id: 'l_late', cost: 500.0})-[:LEAD_OF]->(a)")  # a cost the board would show
    assert "late" not in {a["account_id"] for a in admin.http.get("/roi").json()["accounts"]}
    admin.data('mutation { upsertAccount(input: {id: "late", name: "后到客户", creditCode: "91440300708461136T"}) '
               '{ id } }')
    acc = graph.read("MATCH (a:Account {id: 'late'}) RETURN a.stub AS stub, a.name AS name, a.credit_code AS cc, "
                     "EXISTS { (:SourceRecord {id: 'api:late'})-[:RESOLVED_TO]->(a) } AS provenance")[0]
    assert acc == {"stub": None, "name": "后到客户", "cc": "91440300708461136T", "provenance": True}
    assert "late" in {a["account_id"] for a in admin.http.get("/roi").json()["accounts"]}

    admin.data('mutation { upsertContact(input: {id: "early", phone: "010-88888888-123", '
               'email: "Zao.Dao@Example.COM", accountId: "late"}) { id } }')
    c = graph.read("MATCH (c:Contact {id: 'early'}) RETURN c.phone AS phone, c.email AS email, c.name AS name")[0]
    assert c == {"phone": "+861088888888;ext=123", "email": "zao.dao@example.com", "name": "早到"}

    for bad, field in (('upsertContact(input: {id: "early", phone: "call me"})', "phone"),
                       ('upsertAccount(input: {id: "late", creditCode: "91440300708461136X"})', "credit_code"),
                       ('upsertAccount(input: {id: "brand_new", region: "上海"})', "name")):
        err = admin.gql(f"mutation {{ {bad} {{ id }} }}")["errors"][0]
        assert err["extensions"]["code"] == "BAD_INPUT" and field in err["message"], err
    assert graph.read("MATCH (c:Contact {id: 'early'}) RETURN c.phone AS p")[0]["p"] == "+861088888888;ext=123"
    assert not graph.read("MATCH (a:Account {id: 'brand_new'}) RETURN a")


def test_trigger_job_runs_in_background(client, seeded, graph, monkeypatch):
    from dealgraph.api import jobs

    started = threading.Event()

    def fake_roles(g, params):
        started.wait(5)
        g.write("MATCH (c:Contact) SET c.touched = true")
        return {"contacts": g.read("MATCH (c:Contact) RETURN count(c) AS n")[0]["n"], "params": params["account_ids"]}

    monkeypatch.setitem(jobs.JOB_FUNCS, "roles", fake_roles)
    am = client("account_manager")
    job = am.data('mutation { triggerJob(kind: "roles", params: {use_model: false}) { id status } }')["triggerJob"]
    assert job["status"] in ("queued", "running")  # returned before the job could finish
    started.set()
    deadline = time.time() + 120  # an upper bound: a busy machine only makes it slower
    while time.time() < deadline:
        j = client("read_only").data('query($id: ID!) { job(id: $id) { status result error } }', id=job["id"])["job"]
        if j["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.1)
    # The manager named no accounts: the job ran on theirs only.
    assert j == {"status": "succeeded", "result": {"contacts": 3, "params": ["acc1"]}, "error": None}
    assert client("bid_team").gql('mutation { triggerJob(kind: "roles") { id } }')["errors"][0]["extensions"][
        "code"] == "FORBIDDEN"
    r = client("admin").http.post("/jobs", json={"kind": "nope"})
    assert r.status_code == 422


def test_roles_job_adapter_runs_the_real_classifier(client, seeded, graph):
    """The built-in `roles` job calls dealgraph.algorithms.roles and reports role changes as events."""
    admin = client("admin")
    r = admin.http.post("/jobs", json={"kind": "roles", "params": {"account_ids": ["acc1"]}})
    assert r.status_code == 202, r.text
    job_id = r.json()["id"]
    deadline = time.time() + 90
    while time.time() < deadline:
        j = admin.http.get(f"/jobs/{job_id}").json()
        if j["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.3)
    assert j["status"] == "succeeded", j
    assert j["result"]["accounts"] == 1 and j["result"]["contacts"] == 2
    roles = {r["id"]: r["role"] for r in graph.read("MATCH (c:Contact) WHERE c.id IN ['c1', 'c2'] "
                                                     "RETURN c.id AS id, c.role AS role")}
    assert set(roles.values()) <= {"decision_maker", "influencer", "executor"}
    assert graph.read("MATCH (c:Contact {id: 'c3'}) RETURN c.role AS r")[0]["r"] == "decision_maker"  # untouched


def test_log_interaction_and_upsert_lead(client, seeded, graph):
    am = client("account_manager")
    i = am.data('mutation { logInteraction(input: {id: "i9", kind: "call", at: "2025-04-02T09:30:00+08:00", '
                'contactIds: ["c1", "c2"], topic: "报价沟通", sentiment: 0.4}) { id kind at contacts { id } } }'
                )["logInteraction"]
    # stored as ingest stores it: the same instant in UTC (issue 13: one write path per node)
    assert i["kind"] == "call" and i["at"] == "2025-04-02T01:30:00Z" and len(i["contacts"]) == 2
    assert graph.read("MATCH (:Interaction {id: 'i9'})-[:BY]->(u:User) RETURN u.id AS u")[0]["u"] == "u_am"
    bad = am.gql('mutation { logInteraction(input: {id: "i10", kind: "call", at: "2025-04-02T09:30:00Z", '
                 'contactIds: ["c1", "c3"]}) { id } }')
    assert bad["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert graph.read("MATCH (i:Interaction {id: 'i10'}) RETURN count(i) AS n")[0]["n"] == 0
    assert am.gql('mutation { logInteraction(input: {id: "i11", kind: "fax", at: "2025-04-02", contactIds: ["c1"]}) '
                  "{ id } }")["errors"][0]["extensions"]["code"] == "BAD_INPUT"
    lead = am.data('mutation { upsertLead(input: {id: "l9", name: "周女士", company: "华东电力", accountId: "acc1"}) '
                   "{ id name account { id } } }")["upsertLead"]
    assert lead == {"id": "l9", "name": "周女士", "account": {"id": "acc1"}}
    assert am.gql('mutation { upsertLead(input: {id: "l2", name: "x"}) { id } }')["errors"][0]["extensions"][
        "code"] == "FORBIDDEN"


def test_jobs_of_a_dead_server_are_marked_interrupted(graph):
    import socket

    from dealgraph.api.jobs import JobRunner, get_job

    graph.write("CREATE (:Job {id: 'orphan', kind: 'roles', status: 'running', runner: $r, created_at: datetime()})",
                r=f"{socket.gethostname()}:999999999")
    runner = JobRunner(graph)
    try:
        j = get_job(graph, "orphan")
        assert j["status"] == "failed" and j["error"].startswith("interrupted")
    finally:
        runner.shutdown()
