"""Hot swap over real HTTP: hammer /leads/score while promoting; no failure, new version served."""

import threading
import time

import httpx
import numpy as np
import pytest

from dealgraph.algorithms.leads.model import train_lead_model
from dealgraph.algorithms.registry import Registry
from dealgraph.demo.leads_table import generate

pytestmark = [pytest.mark.api, pytest.mark.graph]


def _export(n, seed):
    return generate("en", n, seed=seed).astype(str).replace({"": np.nan, "nan": np.nan})


def _wait_until(cond, limit_s: float = 120.0) -> None:
    t0 = time.time()
    while not cond() and time.time() - t0 < limit_s:
        time.sleep(0.05)


def test_promote_while_serving(start_server, keys, tmp_path):
    reg = Registry(tmp_path, "leads")
    df = _export(100, 1)
    v1 = reg.save(train_lead_model(df, "Converted").model, {"note": "first"})
    small = df.head(30)  # too few outcomes: a BANT-rule model, so versions differ visibly in kind
    v2 = reg.save(train_lead_model(small, "Converted").model, {"note": "second"}, promote=False)
    rows = df.drop(columns=["Converted"]).head(5).to_dict("records")
    rows = [{k: (None if isinstance(v, float) else v) for k, v in r.items()} for r in rows]

    with start_server(model_dir=tmp_path) as server:
        headers = {"X-API-Key": keys["account_manager"]}
        first = httpx.post(f"{server.url}/leads/score", json={"rows": rows}, headers=headers, timeout=30)
        assert first.status_code == 200, first.text
        assert first.json()["version"] == v1 and len(first.json()["results"]) == 5

        stop = threading.Event()
        seen: list[str] = []
        per_thread: list[list[str]] = []
        failures: list[str] = []

        def hammer():
            mine: list[str] = []
            per_thread.append(mine)
            with httpx.Client(base_url=server.url, headers=headers, timeout=30) as c:
                while not stop.is_set():
                    try:
                        r = c.post("/leads/score", json={"rows": rows})
                        if r.status_code != 200:
                            failures.append(f"{r.status_code} {r.text[:200]}")
                        else:
                            body = r.json()
                            assert len(body["results"]) == 5
                            seen.append(body["version"])
                            mine.append(body["version"])
                    except Exception as e:  # noqa: BLE001 - every failure is collected
                        failures.append(repr(e))

        threads = [threading.Thread(target=hammer) for _ in range(6)]
        for t in threads:
            t.start()
        # Promote only once v1 has been served under load, and stop once v2 has been served for a while:
        # waits on what was answered, not on the clock, so a slow machine changes nothing but the time.
        _wait_until(lambda: len(seen) >= 12 or failures)
        reg.promote(v2)
        _wait_until(lambda: seen.count(v2) >= 12 or failures)
        stop.set()
        for t in threads:
            t.join(timeout=30)

        assert not failures, failures[:3]
        assert v1 in seen and v2 in seen and len(seen) > 20
        # A request sent after one that got v2 gets v2 too (checked per client thread, since requests
        # of other threads that started before the promote may still finish on v1).
        for versions in per_thread:
            if v2 in versions:
                assert v1 not in versions[versions.index(v2):], versions
        after = httpx.post(f"{server.url}/leads/score", json={"rows": rows}, headers=headers, timeout=30).json()
        assert after["version"] == v2 and after["kind"] == "bant-rule"
        assert after["results"][0]["reasons"].startswith("BANT rule")
        model = httpx.get(f"{server.url}/leads/model", headers=headers, timeout=30).json()
        assert model["version"] == v2 and model["meta"]["note"] == "second"
        missing = httpx.post(f"{server.url}/leads/score", json={"rows": [{"x": 1}]}, headers=headers, timeout=30)
        assert missing.status_code == 400 and "missing" in missing.json()["detail"]


def test_roi_json_is_scoped_to_the_callers_accounts(client, seeded):
    admin = client("admin").http.get("/roi")
    assert admin.status_code == 200, admin.text
    body = admin.json()
    assert set(body) == {"generated_at", "currency", "totals", "accounts", "opportunities"}
    assert {o["opportunity_id"] for o in body["opportunities"]} == {"o1", "o2"}
    mine = client("account_manager").http.get("/roi").json()
    assert {a["account_id"] for a in mine["accounts"]} <= {"acc1"}
    assert {o["opportunity_id"] for o in mine["opportunities"]} == {"o1"}
    assert mine["totals"]["expected_revenue"] == sum(o["expected_revenue"] for o in mine["opportunities"])
    assert client(None).http.get("/roi").status_code == 401
