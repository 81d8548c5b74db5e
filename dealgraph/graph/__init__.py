"""Everything that talks to Neo4j: the local server runtime, connections, migrations, GDS."""
