"""Resume after a crash: a rerun skips committed batches and ends identical to a clean load."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from dealgraph.ingest.pipeline import ingest_files

pytestmark = pytest.mark.graph

MAPPING = """
[[files]]
match = "contacts.csv"
entity = "contact"
source = "crm"
[[files]]
match = "interactions.jsonl"
entity = "interaction"
source = "crm"
"""


def make_files(d, n_contacts=600, n_interactions=900):
    (d / "m.toml").write_text(MAPPING)
    with open(d / "contacts.csv", "w", encoding="utf-8") as f:
        f.write("id,name,account_id,manager_id,phone\n")
        f.writelines(f"c{i},联系人{i},a{i % 7},{'c' + str(i // 10) if i >= 10 else ''},1380013{i:04d}\n" for i in range(n_contacts))
        f.write("bad,,a1,,not-a-phone\n")  # one reject, so rejects are checked after resume too
    with open(d / "interactions.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"id": f"i{i}", "kind": "call", "at": 1_700_000_000 + i * 60,
                                "contact_ids": f"c{i % n_contacts};c{(i * 7) % n_contacts}", "user_id": f"u{i % 3}"})
                    + "\n" for i in range(n_interactions))
    return [d / "contacts.csv", d / "interactions.jsonl"], d / "m.toml"


def snapshot(graph):
    nodes = graph.read("MATCH (n) WHERE NOT n:IngestRun AND NOT n:Migration "
                       "RETURN labels(n) AS l, properties(n) AS p ORDER BY n.id")
    rels = graph.read("MATCH (a)-[r]->(b) WHERE NOT a:IngestRun RETURN a.id AS a, type(r) AS t, b.id AS b, "
                      "properties(r) AS p ORDER BY a, t, b")
    return json.dumps(nodes, sort_keys=True), json.dumps(rels, sort_keys=True)


def wipe(graph):
    graph.run_autocommit("MATCH (n) WHERE NOT n:Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")


def run_of(graph, run_id):
    return graph.read("MATCH (r:IngestRun {id: $id}) RETURN r{.*} AS r", id=run_id)[0]["r"]


def test_resume_after_failure_skips_committed_batches(graph, tmp_path):
    paths, mapping = make_files(tmp_path)
    with pytest.raises(RuntimeError, match="simulated crash"):
        ingest_files(graph, paths, mapping, reject_dir=tmp_path / "r", batch_size=50, workers=1,
                     _crash_after_batches=5)
    runs = graph.read("MATCH (r:IngestRun) RETURN r{.*} AS r")
    assert len(runs) == 1 and runs[0]["r"]["status"] == "failed" and len(runs[0]["r"]["done"]) == 5
    partial = graph.read("MATCH (c:Contact) WHERE c.stub IS NULL RETURN count(c) AS n")[0]["n"]
    assert partial == 250  # exactly the five committed batches, nothing of the sixth

    graph.query_count = 0
    s = ingest_files(graph, paths, mapping, reject_dir=tmp_path / "r", batch_size=50, workers=1)
    assert s.resumed and s.status == "completed"
    assert sum(f.skipped_batches for f in s.files) == 5
    total_batches = 13 + 18  # 601 contact rows / 50, 900 interactions / 50
    assert graph.query_count < total_batches - 5 + 10  # the skipped batches were not written again
    assert s.loaded == 1500 and s.rejected == 1
    rej = [json.loads(x) for x in s.reject_file.read_text(encoding="utf-8").splitlines()]
    assert {(r["line"], r["field"]) for r in rej} == {(602, "name"), (602, "phone")}
    assert run_of(graph, s.run_id)["status"] == "completed"
    resumed = snapshot(graph)

    wipe(graph)
    clean = ingest_files(graph, paths, mapping, reject_dir=tmp_path / "r2", batch_size=50)
    assert not clean.resumed and clean.counts() == s.counts()
    assert snapshot(graph) == resumed


def test_resume_after_killed_process(graph, tmp_path, settings):
    paths, mapping = make_files(tmp_path, n_contacts=500, n_interactions=1000)
    env = dict(os.environ, DEALGRAPH_BOLT_PORT=str(settings.bolt_port))
    cmd = [sys.executable, "-m", "dealgraph", "ingest", *map(str, paths), "--mapping", str(mapping),
           "--rejects", str(tmp_path / "r"), "--batch-size", "20", "--workers", "1", "--json"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        done = 0
        while time.monotonic() < deadline and proc.poll() is None:
            rows = graph.read("MATCH (r:IngestRun) RETURN size(coalesce(r.done, [])) AS n")  # >= 10 before folding
            done = rows[0]["n"] if rows else 0
            if done >= 10:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the run finished before it could be killed; make the files bigger"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    (run,) = [r["r"] for r in graph.read("MATCH (r:IngestRun) RETURN r{.*} AS r")]
    assert run["status"] == "running"  # killed: nobody could mark it failed
    # marks are single batches "file#sha:7" or folded ranges "file#sha:..32" (every batch below 32)
    committed = sum(int(m.rsplit("..", 1)[1]) if ":.." in m else 1 for m in run["done"])
    assert 10 <= committed < 76  # 26 + 50 batches in all

    s = ingest_files(graph, paths, mapping, reject_dir=tmp_path / "r", batch_size=20, workers=1)
    assert s.resumed and s.run_id == run["id"] and sum(f.skipped_batches for f in s.files) == committed
    done = run_of(graph, s.run_id)["done"]
    assert any(":.." in m for m in done) and len(done) < 76  # contiguous batches folded into ranges
    resumed = snapshot(graph)
    wipe(graph)
    ingest_files(graph, paths, mapping, reject_dir=tmp_path / "r2", batch_size=500)
    assert snapshot(graph) == resumed
