"""Cypher for loading a user's org chart over one account (ingest/orgchart/load.py).

The nodes and relationships themselves go through ingest's statements (graph/writes/statements.py);
these are what only a whole-chart load needs: removing what the file no longer has, and the file's
own fields (its ids, extra columns, blanks that clear a value) that the ingest records do not carry.
"""

from __future__ import annotations

from typing import Any

from ..connection import Graph

ACCOUNT_STATE = ("MATCH (a:Account {id: $acc}) "
                 "RETURN CASE WHEN coalesce(a.stub, false) THEN 'stub' ELSE 'present' END AS state")
# A person dropped from the file goes, with the SourceRecord this load gave them (others stay: provenance
# from other channels is not ours to remove).
DROP_CONTACTS = """
MATCH (c:Contact {account_id: $acc}) WHERE NOT c.id IN $keep
OPTIONAL MATCH (s:SourceRecord {source: $source})-[:RESOLVED_TO]->(c)
DETACH DELETE c, s
"""
DROP_DEPARTMENTS = "MATCH (d:Department {account_id: $acc}) WHERE NOT d.id IN $departments DETACH DELETE d"
DROP_LINES = """
MATCH (c:Contact {account_id: $acc})-[r:REPORTS_TO]->(m:Contact)
WHERE NOT {s: c.id, t: m.id} IN $lines
DELETE r
"""
DROP_MOVES = """
UNWIND $rows AS r
MATCH (c:Contact {id: r.id})-[w:WORKS_IN]->(d:Department)
WHERE d.id <> coalesce(r.department_id, '')
DELETE w
"""
DROP_TIES = """
MATCH (c:Contact {account_id: $acc})-[k:KNOWS {source: $source}]->(o:Contact)
WHERE NOT {s: c.id, t: o.id, kind: k.kind} IN $ties
DELETE k
"""
# Set, not merged: the chart is the whole truth for these, so a title left blank clears the old one.
FILE_FIELDS = """
UNWIND $rows AS r
MATCH (c:Contact {id: r.id})
SET c += r.extra, c.source_id = r.source_id, c.title = r.title, c.department_id = r.department_id,
    c.manager_id = r.manager_id
"""
# Reporting lines given in the ties file (a dotted line, a second manager), beside manager_id's.
EXTRA_LINES = """
UNWIND $rows AS r
MATCH (c:Contact {id: r.s}), (m:Contact {id: r.t})
MERGE (c)-[:REPORTS_TO]->(m)
"""


def account_state(graph: Graph, acc: str) -> str:
    """'missing', 'stub' (referenced, never loaded) or 'present'."""
    rows = graph.read(ACCOUNT_STATE, acc=acc)
    return rows[0]["state"] if rows else "missing"


def drop_what_the_file_no_longer_has(graph: Graph, acc: str, source: str, *, keep: list[str],
                                     departments: list[str], lines: list[dict[str, str]],
                                     ties: list[dict[str, str]], placements: list[dict[str, Any]]) -> None:
    """`lines` as {s, t} pairs of contact ids, `ties` as {s, t, kind}; `placements` as {id, department_id}."""
    graph.write(DROP_CONTACTS, acc=acc, keep=keep, source=source)
    graph.write(DROP_DEPARTMENTS, acc=acc, departments=departments)
    graph.write(DROP_LINES, acc=acc, lines=lines)
    graph.write_batch(DROP_MOVES, placements)
    graph.write(DROP_TIES, acc=acc, ties=ties, source=source)


def write_file_fields(graph: Graph, rows: list[dict[str, Any]]) -> None:
    """rows: {id, source_id, extra, title, department_id, manager_id}; None clears the property."""
    graph.write_batch(FILE_FIELDS, rows)


def write_extra_lines(graph: Graph, lines: list[dict[str, str]]) -> None:
    graph.write_batch(EXTRA_LINES, lines)
