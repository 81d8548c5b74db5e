"""Upload files + mapping over HTTP; the load runs in the background and reports a summary."""

import time

import pytest

pytestmark = [pytest.mark.graph, pytest.mark.api]

MAPPING = """
[[files]]
match = "客户*.csv"
entity = "account"
source = "crm"
[files.columns]
id = "客户编号"
name = "客户名称"
industry = "行业"

[[files]]
match = "contacts*.csv"
entity = "contact"
source = "crm"
ignore = ["备注"]
[files.columns]
id = "联系人ID"
name = "姓名"
account_id = "客户编号"
title = "职务"
"""

ACCOUNTS = "客户编号,客户名称,行业\nA1,杭州数智科技有限公司,软件\nA2,Acme Co.,manufacturing\n"
CONTACTS = "联系人ID,姓名,客户编号,职务,备注\nP1,赵敏,A1,CTO,老朋友\nP2,Li Lei,A2,Buyer,\nP3,,A2,Engineer,missing name\n"


def test_upload_runs_ingest_in_background(client, keys, graph):
    admin = client("admin")
    files = [("files", ("客户.csv", ACCOUNTS.encode(), "text/csv")),
             ("files", ("contacts.csv", CONTACTS.encode(), "text/csv")),
             ("mapping", ("mapping.toml", MAPPING.encode(), "application/toml"))]
    r = admin.http.post("/ingest/uploads", files=files)
    assert r.status_code == 202, r.text
    up = r.json()
    assert up["status"] == "queued" and up["files"] == ["客户.csv", "contacts.csv"] and up["bytes"] > 100
    deadline = time.time() + 60
    while time.time() < deadline:
        s = client("read_only").http.get(f"/ingest/uploads/{up['id']}").json()
        if s["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.2)
    assert s["status"] == "succeeded", s
    summary = s["summary"]
    assert summary["loaded"] == 4 and summary["rejected"] == 1 and summary["ingest_run_id"]
    names = {r["name"] for r in graph.read("MATCH (c:Contact) RETURN c.name AS name")}
    assert names == {"赵敏", "Li Lei"}
    runs = admin.http.get("/ingest/runs").json()
    assert summary["ingest_run_id"] in {x["id"] for x in runs}
    # Only admins upload.
    assert client("read_only").http.post("/ingest/uploads", files=files).status_code == 403


def test_upload_limits(client, keys, start_server):
    admin = client("admin")
    r = admin.http.post("/ingest/uploads", files=[("files", ("../../etc/passwd", b"a", "text/csv")),
                                                  ("mapping", ("m.toml", b"", "text/plain"))])
    assert r.status_code == 400 or r.json()["files"] == ["passwd"]  # never a path outside the upload folder
    assert admin.http.post("/ingest/uploads", files=[("mapping", ("m.toml", b"", "text/plain"))]).status_code == 422
    with start_server(api_upload_max_bytes=10_000) as s:
        import httpx

        big = [("files", ("contacts.csv", b"x" * 20_000, "text/csv")), ("mapping", ("m.toml", b"", "text/plain"))]
        r = httpx.post(s.url + "/ingest/uploads", files=big, headers={"X-API-Key": keys["admin"]})
        assert r.status_code == 413
