"""Apply schema migrations in order and record each as (:Migration {id, applied_at})."""

from ..schema.migrations import MIGRATIONS, Migration
from .connection import Graph

RECORD = "MERGE (m:Migration {id: $id}) ON CREATE SET m.applied_at = datetime(), m.description = $description"


def applied(graph: Graph) -> list[str]:
    return [r["id"] for r in graph.read("MATCH (m:Migration) RETURN m.id AS id ORDER BY id")]


def migrate(graph: Graph, migrations: list[Migration] = MIGRATIONS) -> list[str]:
    """Run every migration not yet recorded; return the ids applied now."""
    graph.run_autocommit(
        "CREATE CONSTRAINT migration_id IF NOT EXISTS FOR (m:Migration) REQUIRE m.id IS UNIQUE"
    )
    done = set(applied(graph))
    now = []
    for m in sorted(migrations, key=lambda m: m.id):
        if m.id in done:
            continue
        for statement in m.statements:
            graph.run_autocommit(statement)
        graph.write(RECORD, id=m.id, description=m.description)
        now.append(m.id)
    graph.run_autocommit("CALL db.awaitIndexes(300)")
    return now


def db_status(graph: Graph) -> dict:
    """Applied migrations and node/relationship counts, in total and per label/type.

    Read from the count store (db.stats GRAPH COUNTS), so it is instant on any graph size.
    """
    data = graph.read("CALL db.stats.retrieve('GRAPH COUNTS') YIELD data RETURN data")[0]["data"]
    labels, nodes, rel_types, rels = {}, 0, {}, 0
    for row in data["nodes"]:
        if "label" in row:
            labels[row["label"]] = row["count"]
        else:
            nodes = row["count"]
    for row in data["relationships"]:
        if "startLabel" in row or "endLabel" in row:
            continue
        if "relationshipType" in row:
            rel_types[row["relationshipType"]] = row["count"]
        else:
            rels = row["count"]
    done = applied(graph)
    return {
        "migrations": done,
        "pending": [m.id for m in MIGRATIONS if m.id not in set(done)],
        "nodes": nodes,
        "relationships": rels,
        "labels": {k: v for k, v in sorted(labels.items()) if v},
        "relationship_types": {k: v for k, v in sorted(rel_types.items()) if v},
    }
