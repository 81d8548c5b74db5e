"""Cypher of the API's paged lists (api/schema/listing.py): one page of nodes of a label, and the total."""

from __future__ import annotations


def page_query(label: str, where: list[str], sort_prop: str, desc: bool) -> str:
    """`label` and `sort_prop` are names chosen in code; `where` are predicates on `n` (scope included)."""
    d = " DESC" if desc else ""
    return (
        f"MATCH (n:{label}) WHERE {' AND '.join(where) or 'true'} "
        f"WITH n ORDER BY n.{sort_prop} IS NULL, n.{sort_prop}{d}, n.id{d} "  # missing values last
        "WITH collect(n) AS ns "
        "RETURN size(ns) AS total, [x IN ns[$skip..($skip + $first)] | properties(x)] AS rows"
    )
