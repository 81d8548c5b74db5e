"""Cypher of `dealgraph demo load`'s summary (cli/demo.py): awards loaded, the account with most classified contacts."""

from __future__ import annotations

AWARD_COUNT = (
    "MATCH ()-[r:AWARDED_TO]->() RETURN count(r) AS n"
)

BUSIEST_ACCOUNT = (
    "MATCH (a:Account)<-[:PART_OF]-(:Department)<-[:WORKS_IN]-(c:Contact) WHERE c.role IS NOT NULL "
    "RETURN a.id AS id, count(c) AS n ORDER BY n DESC, id LIMIT 1"
)
