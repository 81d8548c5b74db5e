"""Issue 19, bulk first load: `--initial` builds through neo4j-admin the same graph the MERGE path builds
(labels, properties, relationships, SourceRecords, constraints and indexes), refuses a non-empty
database, and a later MERGE load of the same files changes nothing.

It runs its own small server on the test port + 2 (the import stops and restarts it)."""

import json
import os

import pytest

from dealgraph.config import Settings
from dealgraph.errors import InputError
from dealgraph.graph.connection import Graph
from dealgraph.graph.runtime import LocalServer
from dealgraph.ingest.initial import initial_load
from dealgraph.ingest.mapping import parse_mapping
from dealgraph.ingest.pipeline import ingest_files

pytestmark = pytest.mark.graph

MAPPING = parse_mapping({"files": [
    {"match": "accounts*", "entity": "account", "source": "crm",
     "columns": {"id": "id", "name": "name", "industry": "industry", "employees": "employees"}},
    {"match": "users*", "entity": "user", "source": "crm", "columns": {"id": "id", "name": "name"}},
    {"match": "owners*", "entity": "ownership", "source": "crm", "columns": {"user_id": "user", "account_id": "account"}},
    {"match": "contacts*", "entity": "contact", "source": "crm",
     "columns": {"id": "id", "name": "name", "account_id": "account", "manager_id": "manager", "phone": "phone",
                 "email": "email", "title": "title", "department_id": "dept"}},
    {"match": "interactions*", "entity": "interaction", "source": "crm",
     "columns": {"id": "id", "at": "at", "kind": "kind", "contact_ids": "contacts", "user_id": "user",
                 "topic": "subject"}},
    {"match": "opportunities*", "entity": "opportunity", "source": "crm",
     "columns": {"id": "id", "name": "name", "account_id": "account", "amount": "amount"}},
    {"match": "wecom*", "entity": "interaction", "source": "wecom", "defaults": {"participant_source": "wecom"},
     "columns": {"id": "id", "at": "at", "kind": "kind", "contact_ids": "from"}},
]})


def write_files(d):
    files = {
        "accounts.csv": "id,name,industry,employees\nA1,华东制造有限公司,制造,1200\nA2,Acme Ltd,Software,80\n",
        "users.csv": "id,name\nU1,王经理\n",
        "owners.csv": "user,account\nU1,A1\nU1,A2\nU2,A2\n",
        "contacts.csv": "id,name,account,manager,phone,email,title,dept\n"
                        "C1,张三,A1,,13800138000,zhang@hdmfg.cn,总经理,D1\n"
                        "C2,\"Li, Si\",A1,C1,010-88888888-123,,采购经理,D1\n"
                        "C3,Alice,A2,C9,,alice@acme.com,CTO 😀,\n"
                        "C4,赵六,A3,C4,,,,\n"
                        "C2,李四,A1,C1,,,采购总监,D1\n",  # the same id again: last one wins
        "interactions.csv": "id,at,kind,contacts,user,subject\n"
                            "I1,2026-01-05 09:30,meeting,C1;C2,U1,\"年度采购, 预算\"\n"
                            "I2,2026-01-06,call,C3,U3,\"multi\nline\"\n"
                            "I3,2026-01-07,email,C7,,\n"
                            "I1,2026-01-05 09:30,meeting,C1,U1,改过的主题\n",  # same id: props refreshed, edges kept
        "opportunities.csv": "id,name,account,amount\nO1,MES 二期,A1,120万\n",
        "wecom.csv": "id,at,kind,from\nW1,1767600000,wecom,wx_zhang\nW2,1767600060,wecom,wx_zhang\n",
    }
    paths = []
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
        paths.append(d / name)
    return paths


def snapshot(g: Graph) -> dict:
    skip = "NOT n:Migration AND NOT n:IngestRun AND NOT n:IngestLock"
    nodes = g.read(f"MATCH (n) WHERE {skip} RETURN labels(n) AS l, properties(n) AS p")
    rels = g.read("MATCH (a)-[r]->(b) WHERE NOT a:IngestRun AND NOT a:Migration "
                  "RETURN labels(a) AS la, a.id AS a, type(r) AS t, properties(r) AS p, labels(b) AS lb, b.id AS b")
    norm = lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False, default=str)
    cons = g.read("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type WHERE NOT name STARTS WITH 'migration' "
                  "RETURN labelsOrTypes, properties, type")
    idx = g.read("SHOW INDEXES YIELD name, labelsOrTypes, properties, type WHERE type <> 'LOOKUP' "
                 "RETURN labelsOrTypes, properties, type")
    return {"nodes": sorted(norm(n) for n in nodes), "rels": sorted(norm(r) for r in rels),
            "constraints": sorted(norm(c) for c in cons), "indexes": sorted(norm(i) for i in idx)}


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    port = int(os.environ.get("DEALGRAPH_TEST_BOLT_PORT", "17687")) + 2
    s = Settings(bolt_port=port, http_port=port + 1, data_dir=tmp_path_factory.mktemp("initial"))
    server = LocalServer(s)
    server.start()
    yield s
    server.stop()


def test_initial_load_builds_the_merge_paths_graph_and_a_later_merge_load_changes_nothing(graph, own_server, tmp_path):
    paths = write_files(tmp_path)
    merged = ingest_files(graph, paths, MAPPING, reject_dir=tmp_path / "rej")
    expected = snapshot(graph)

    summary = initial_load(paths, MAPPING, reject_dir=tmp_path / "rej2", settings=own_server)
    assert (summary.loaded, summary.rejected) == (merged.loaded, merged.rejected) == (18, 0)
    g = Graph.connect(own_server)
    try:
        assert snapshot(g) == expected
        # Later loads go through MERGE: the same files again change nothing.
        again = ingest_files(g, paths, MAPPING, reject_dir=tmp_path / "rej3")
        assert again.loaded == 18 and snapshot(g) == expected
        # A database that holds anything is refused, saying why.
        with pytest.raises(InputError, match="only into an empty database.*holds"):
            initial_load(paths, MAPPING, reject_dir=tmp_path / "rej4", settings=own_server)
    finally:
        g.driver.close()
