"""`dealgraph roles ...` as a user runs it: file mode JSON, bad files, labels."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.graph

CONTACTS = """id,name,title,department,manager_id,email
1,王强,总经理,总经办,,wq@x.cn
2,李娜,副总经理兼财务总监,财务部,1,
3,Zhang Wei,CIO,信息中心,1,
4,Alice Chen,Head of Procurement,采购部,1,
5,刘洋,IT经理,信息中心,3,
6,陈静,高级工程师,信息中心,5,
7,杨帆,工程师,信息中心,5,
8,赵磊,采购专员,采购部,4,
9,Bob Li,Sr. Analyst,财务部,2,
10,吴刚,xyzzy,信息中心,5,
11,孙丽,助理,总经办,1,
"""
EDGES = """source,target,kind,weight
6,3,advises,0.9
6,8,friend,0.6
6,9,met,0.5
"""


class Run:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def dealgraph(*args: str) -> Run:
    """In-process (the CLI's start-up is seconds of imports); errors printed as cli.main prints them."""
    from typer.testing import CliRunner

    from dealgraph.cli import app
    from dealgraph.errors import DealgraphError

    result = CliRunner().invoke(app, list(args))
    if isinstance(result.exception, DealgraphError):
        return Run(1, result.stdout, f"error: {result.exception}")
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def dealgraph_process(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "dealgraph"
    return subprocess.run([str(exe), *args], check=False, capture_output=True, text=True, env=os.environ.copy(),
                          timeout=180)


def test_file_mode_prints_one_object_per_contact(graph, tmp_path):
    (tmp_path / "contacts.csv").write_text(CONTACTS, encoding="utf-8")
    (tmp_path / "edges.csv").write_text(EDGES, encoding="utf-8")
    run = dealgraph("roles", "classify", "--contacts", str(tmp_path / "contacts.csv"),
                    "--edges", str(tmp_path / "edges.csv"), "--json")
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert [r["id"] for r in rows] == [str(i) for i in range(1, 12)]  # the user's ids, in file order
    for r in rows:
        assert set(r) == {"id", "role", "role_confidence", "role_evidence"}
        assert r["role"] in ("decision_maker", "influencer", "executor")
        assert 0.0 <= r["role_confidence"] <= 1.0
        assert r["role_evidence"] and all(isinstance(e, str) and e for e in r["role_evidence"])
    by_id = {r["id"]: r for r in rows}
    assert by_id["1"]["role"] == "decision_maker"
    assert by_id["7"]["role"] == "executor"
    assert any("not recognised" in e for e in by_id["10"]["role_evidence"])  # unknown title, no crash
    # Loaded as one account; extra columns kept; the file's edges became ties.
    got = graph.read("MATCH (c:Contact {account_id: 'file:contacts', source_id: '1'}) RETURN c.email AS email")
    assert got == [{"email": "wq@x.cn"}]
    assert graph.read("MATCH (:Contact)-[k:KNOWS {kind: 'advises'}]->(:Contact) RETURN count(k) AS n")[0]["n"] == 1
    # Running again replaces the account's contacts instead of duplicating them.
    assert dealgraph("roles", "classify", "--contacts", str(tmp_path / "contacts.csv"), "--json").returncode == 0
    assert graph.read("MATCH (c:Contact {account_id: 'file:contacts'}) RETURN count(c) AS n")[0]["n"] == 11


def test_bad_file_error_names_the_row(graph, tmp_path):
    bad = tmp_path / "contacts.csv"
    bad.write_text("id,name,title,department,manager_id\n1,王强,总经理,,\n2,李娜,总监,财务部,1,oops\n",
                   encoding="utf-8")
    run = dealgraph_process("roles", "classify", "--contacts", str(bad), "--json")  # the real command once
    assert run.returncode == 1
    assert "contacts.csv line 3" in run.stderr and "Traceback" not in run.stderr
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    run = dealgraph("roles", "classify", "--contacts", str(empty), "--json")
    assert run.returncode == 1 and "empty.csv is empty" in run.stderr


def test_label_is_stored_and_used(graph, tmp_path):
    (tmp_path / "org.csv").write_text(CONTACTS, encoding="utf-8")
    assert dealgraph("roles", "classify", "--contacts", str(tmp_path / "org.csv"), "--json").returncode == 0
    run = dealgraph("roles", "label", "file:org:7", "决策者")
    assert run.returncode == 0, run.stderr
    assert graph.read("MATCH (c:Contact {id: 'file:org:7'}) RETURN c.role_label AS l")[0]["l"] == "decision_maker"
    run = dealgraph("roles", "classify", "--account", "file:org", "--json")
    rows = {r["id"]: r for r in json.loads(run.stdout)}
    assert rows["file:org:7"]["role"] == "decision_maker" and rows["file:org:7"]["role_confidence"] == 1.0
    assert rows["file:org:7"]["role_model"] == "user-label"
    bad = dealgraph("roles", "label", "file:org:7", "boss")
    assert bad.returncode == 1 and "role 'boss' is not known" in bad.stderr


def test_paths_command_prints_hops_with_reasons(graph, tmp_path):
    (tmp_path / "acme.csv").write_text(CONTACTS, encoding="utf-8")
    (tmp_path / "edges.csv").write_text(EDGES, encoding="utf-8")
    assert dealgraph("roles", "classify", "--contacts", str(tmp_path / "acme.csv"), "--edges",
                     str(tmp_path / "edges.csv"), "--json").returncode == 0
    graph.write("MERGE (u:User {id: 'rep', name: 'Rep'}) WITH u MATCH (a:Account {id: 'file:acme'}) "
                "MERGE (u)-[:OWNS]->(a) WITH u MATCH (c:Contact {id: 'file:acme:6'}) "
                "CREATE (:Interaction {id: 'm1', kind: 'call', at: '2026-09-09'})-[:BY]->(u), "
                "(:Interaction {id: 'm2', kind: 'meeting', at: '2026-10-10'})-[:BY]->(u)")
    graph.write("MATCH (i:Interaction), (c:Contact {id: 'file:acme:6'}) WHERE i.id IN ['m1', 'm2'] "
                "CREATE (i)-[:INVOLVES]->(c)")
    run = dealgraph("roles", "paths", "file:acme", "--json")
    assert run.returncode == 0, run.stderr
    paths = json.loads(run.stdout)
    to_cio = next(p for p in paths if p["decision_maker"]["id"] == "file:acme:3" and p["rank"] == 1)
    assert to_cio["summary"] == "Rep -> 陈静 -> Zhang Wei"
    assert to_cio["hops"][0]["reason"].startswith("Rep had 2 interaction(s) with 陈静 (call, meeting")
    assert to_cio["hops"][1]["relation"] == "knows"


def test_pipeline_without_enough_labels_is_a_clear_error(graph, tmp_path):
    (tmp_path / "c.csv").write_text(CONTACTS, encoding="utf-8")
    run = dealgraph("roles", "classify", "--contacts", str(tmp_path / "c.csv"), "--model", "pipeline", "--json")
    assert run.returncode == 1 and "needs at least 30 confirmed roles" in run.stderr
