import pytest

from dealgraph.graph.migrate import db_status, migrate
from dealgraph.schema.migrations import MIGRATIONS

pytestmark = pytest.mark.graph


def _schema(graph):
    cons = graph.read("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS c")[0]["c"]
    idx = graph.read("SHOW INDEXES YIELD name RETURN collect(name) AS i")[0]["i"]
    return sorted(cons), sorted(idx)


def test_migrate_twice_changes_nothing(graph):
    before = _schema(graph)
    assert migrate(graph) == []
    assert _schema(graph) == before
    st = db_status(graph)
    assert st["migrations"] == sorted(m.id for m in MIGRATIONS)
    assert st["pending"] == []


def test_constraints_enforce_unique_ids(graph):
    from neo4j.exceptions import ConstraintError

    graph.write("CREATE (:Account {id: 'a1'})")
    with pytest.raises(ConstraintError):
        graph.write("CREATE (:Account {id: 'a1'})")


def test_status_counts_per_label(graph):
    graph.write("CREATE (:Account {id: 'a'})<-[:PART_OF]-(:Department {id: 'd'}), (:Account {id: 'b'})")
    st = db_status(graph)
    assert st["labels"]["Account"] == 2
    assert st["labels"]["Department"] == 1
    assert st["relationships"] == 1
    assert st["nodes"] >= 3


def test_cli_writers_apply_missing_migrations_first(graph, tmp_path):
    # A user who never ran `db migrate`: without the uniqueness constraints, concurrent MERGEs
    # could create duplicate nodes, so the ingest command migrates before it writes.
    from typer.testing import CliRunner

    from dealgraph.cli import app

    for c in graph.read("SHOW CONSTRAINTS YIELD name RETURN name"):
        # schema commands take no parameters; the names come from the server itself
        graph.run_autocommit(f"DROP CONSTRAINT `{c['name']}`")
    graph.write("MATCH (m:Migration) DELETE m")
    assert db_status(graph)["pending"]
    p = tmp_path / "leads.csv"
    p.write_text("线索ID,姓名,手机号,创建时间\nL1,张三,13800138000,2024-01-01\n", encoding="utf-8")

    res = CliRunner().invoke(app, ["db", "status", "--json"])
    assert res.exit_code == 0 and db_status(graph)["pending"]  # status reports, never applies
    res = CliRunner().invoke(app, ["ingest", str(p), "--channel", "ad_leads", "--rejects", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    assert db_status(graph)["pending"] == []
    assert graph.read("MATCH (l:Lead {id: 'L1'}) RETURN count(l) AS n") == [{"n": 1}]
