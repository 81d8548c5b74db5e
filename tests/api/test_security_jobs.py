"""Jobs, rescoring and job reads honour the caller's accounts, per role, over real HTTP."""

import time

import pytest

pytestmark = [pytest.mark.api, pytest.mark.graph]


def _wait(http, job_id, timeout=60.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        j = http.get(f"/jobs/{job_id}").json()
        if j["status"] in ("succeeded", "failed"):
            return j
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish: {j}")


def _scored(graph):
    return {r["id"]: r["at"] for r in graph.read("MATCH (l:Lead) RETURN l.id AS id, l.scored_at AS at")}


def test_account_manager_rescore_only_own_and_same_answer(client, seeded):
    am = client("account_manager").http
    foreign = am.post("/leads/rescore", json={"account_ids": ["acc2"]})
    missing = am.post("/leads/rescore", json={"account_ids": ["no-such-account"]})
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["detail"].replace("acc2", "X") == missing.json()["detail"].replace("no-such-account", "X")
    assert am.post("/leads/rescore", json={"lead_ids": ["l2"]}).status_code == 404
    assert am.post("/leads/rescore", json={"contact_ids": ["c3"]}).status_code == 404
    # An empty body rescores the manager's leads, not everyone's.
    r = am.post("/leads/rescore", json={})
    assert r.status_code == 200 and r.json()["rescored"] == 1, r.text
    at = _scored(seeded)
    assert at["l1"] is not None and at["l2"] is None
    # An interaction shared with another account's contact (i1: c1 of acc1, c3 of acc2) reaches
    # both accounts' leads; the manager rescores only theirs.
    seeded.write("MATCH (l1:Lead {id: 'l1'}), (l2:Lead {id: 'l2'}), (c1:Contact {id: 'c1'}), (c3:Contact {id: 'c3'}) "
                 "MERGE (l1)-[:LEAD_OF]->(c1) MERGE (l2)-[:LEAD_OF]->(c3)")
    r = am.post("/leads/rescore", json={"interaction_ids": ["i1"]})
    assert r.status_code == 200 and r.json()["lead_ids"] == ["l1"], r.text
    assert _scored(seeded)["l2"] is None
    admin = client("admin").http
    assert admin.post("/leads/rescore", json={"interaction_ids": ["i1"]}).json()["lead_ids"] == ["l1", "l2"]


@pytest.mark.parametrize("role", ["bid_team", "read_only"])
def test_roles_without_lead_writes_cannot_rescore(client, seeded, role):
    assert client(role).http.post("/leads/rescore", json={}).status_code == 403


def test_jobs_scoped_per_role(client, seeded):
    am, admin = client("account_manager").http, client("admin").http
    for body in ({"kind": "roles", "params": {"account_ids": ["acc2"]}},
                 {"kind": "opportunities", "params": {"account_ids": ["acc2"]}},
                 {"kind": "leads", "params": {"lead_ids": ["l2"]}}):
        foreign = am.post("/jobs", json=body)
        assert foreign.status_code == 404, foreign.text
        body["params"] = {k: ["missing-id"] for k in body["params"]}
        missing = am.post("/jobs", json=body)
        assert missing.status_code == 404 and missing.json()["detail"].replace("missing-id", "X") == \
            foreign.json()["detail"].replace("acc2", "X").replace("l2", "X")
    assert am.post("/jobs", json={"kind": "leads", "params": {"retrain": True}}).status_code == 403
    # A parameter no kind takes is a schema error; one another kind takes is refused for this kind.
    assert am.post("/jobs", json={"kind": "roles", "params": {"depth": 3}}).status_code == 422
    assert am.post("/jobs", json={"kind": "roles", "params": {"tender_ids": ["t1"]}}).status_code == 400
    # No ids: the manager's accounts / leads, recorded on the job and honoured by the run.
    r = am.post("/jobs", json={"kind": "leads"})
    assert r.status_code == 202 and r.json()["params"]["lead_ids"] == ["l1"]
    job = _wait(am, r.json()["id"])
    assert job["status"] == "succeeded" and job["result"]["rescored"] == 1, job
    assert _scored(seeded)["l2"] is None
    r = am.post("/jobs", json={"kind": "opportunities"})
    assert r.status_code == 202 and r.json()["params"]["account_ids"] == ["acc1"]
    # Who may read the manager's job: the manager, admins and read_only (all accounts); not another
    # manager, not bid_team (no lead data) - and for them it "does not exist".
    for role, code in (("account_manager", 200), ("admin", 200), ("read_only", 200), ("other_am", 404),
                       ("bid_team", 404)):
        assert client(role).http.get(f"/jobs/{job['id']}").status_code == code, role
    assert job["id"] not in {j["id"] for j in client("bid_team").http.get("/jobs").json()}
    assert job["id"] not in {j["id"] for j in client("other_am").http.get("/jobs").json()}
    # Admin: any account; a missing id is still a 404.
    assert admin.post("/jobs", json={"kind": "roles", "params": {"account_ids": ["acc2"]}}).status_code == 202
    assert admin.post("/jobs", json={"kind": "roles", "params": {"account_ids": ["nope"]}}).status_code == 404
    # bid_team: tender jobs only, any tender (tenders are not account-scoped for bid teams).
    bid = client("bid_team").http
    assert bid.post("/jobs", json={"kind": "roles"}).status_code == 403
    assert bid.post("/jobs", json={"kind": "matching", "params": {"tender_ids": ["nope"]}}).status_code == 404
    # read_only starts nothing.
    for kind in ("roles", "leads", "opportunities", "matching", "competitors"):
        assert client("read_only").http.post("/jobs", json={"kind": kind}).status_code == 403


def test_trigger_job_scoped(client, seeded):
    am = client("account_manager")
    q = 'mutation($p: JSON) { triggerJob(kind: "opportunities", params: $p) { id params } }'
    foreign = am.gql(q, p={"account_ids": ["acc2"]})["errors"][0]
    missing = am.gql(q, p={"account_ids": ["nope"]})["errors"][0]
    assert foreign["extensions"]["code"] == missing["extensions"]["code"] == "NOT_FOUND"
    assert foreign["message"].replace("acc2", "X") == missing["message"].replace("nope", "X")
    job = am.data(q, p=None)["triggerJob"]
    assert job["params"]["account_ids"] == ["acc1"]
    assert client("other_am").data('query($id: ID!) { job(id: $id) { id } }', id=job["id"])["job"] is None
    assert client("bid_team").gql(q, p=None)["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert client("read_only").gql(q, p=None)["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    admin = client("admin").data(q, p={"account_ids": ["acc2"]})["triggerJob"]
    assert admin["params"]["account_ids"] == ["acc2"]
