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
