"""Cypher of introduction paths (algorithms/roles/paths.py): the ties around one account's people,
read as plain rows, and GDS Yen's k shortest paths over a projection built from those rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..gds import projection
from .roles import contacts_of

if TYPE_CHECKING:
    from ..connection import Graph

OWNERS = "MATCH (u:User)-[:OWNS]->(:Account {id: $aid}) RETURN u.id AS id, coalesce(u.name, u.id) AS name"
PEOPLE = """
UNWIND $ids AS cid MATCH (c:Contact {id: cid})
RETURN c.id AS id, coalesce(c.name, c.id) AS name, coalesce(c.title, '') AS title, c.role AS role,
       c.role_confidence AS confidence
"""
MET = """
UNWIND $ids AS cid
MATCH (c:Contact {id: cid})<-[:INVOLVES]-(i:Interaction)-[:BY]->(u:User)
WITH u, c, count(i) AS n, max(i.at) AS last, collect(DISTINCT i.kind) AS kinds
RETURN u.id AS uid, coalesce(u.name, u.id) AS uname, c.id AS cid, n, toString(last) AS last, kinds
"""
KNOWS = """
UNWIND $ids AS cid
MATCH (c:Contact {id: cid})-[k:KNOWS]-(o)
WHERE o:Contact OR o:User
RETURN c.id AS a, o.id AS b, CASE WHEN o:User THEN 'User' ELSE 'Contact' END AS kind,
       coalesce(o.name, o.id) AS name, coalesce(toFloat(k.strength), 0.5) AS strength, k.source AS source
"""
REPORTS = """
UNWIND $ids AS cid MATCH (c:Contact {id: cid})-[:REPORTS_TO]->(m:Contact) RETURN c.id AS a, m.id AS b
"""
CO_ATTEND = """
UNWIND $ids AS cid
MATCH (c:Contact {id: cid})<-[:INVOLVES]-(i:Interaction)-[:INVOLVES]->(o:Contact)
WHERE c.id < o.id
RETURN c.id AS a, o.id AS b, count(i) AS n, head(collect(coalesce(i.topic, i.kind))) AS topic
"""
SHARED = """
UNWIND $people AS p
CALL (p) {
  MATCH (x:Contact {id: p.id}) WHERE p.kind = 'Contact' RETURN x
  UNION
  MATCH (x:User {id: p.id}) WHERE p.kind = 'User' RETURN x
}
MATCH (x)-[r1:WORKED_AT|STUDIED_AT]->(o)<-[r2:WORKED_AT|STUDIED_AT]-(y)
WHERE type(r1) = type(r2) AND (y:Contact OR y:User) AND x.id < y.id
RETURN p.kind AS akind, x.id AS a, CASE WHEN y:User THEN 'User' ELSE 'Contact' END AS bkind, y.id AS b,
       type(r1) AS rel, coalesce(o.name, o.id) AS place
LIMIT 20000
"""
# Every (owner, decision maker) pair in one round trip; each pair still gets its own Yen run.
YENS = """
UNWIND $pairs AS p
CALL gds.shortestPath.yens.stream($g, {sourceNode: p.s, targetNode: p.t, k: $k,
                                      relationshipWeightProperty: 'cost'})
YIELD index, totalCost, nodeIds
RETURN p.s AS s, p.t AS t, index, totalCost, nodeIds
"""
PROJECT = """
UNWIND $rows AS r
RETURN gds.graph.project($graph_name, r.s, r.t, {relationshipType: r.type, relationshipProperties: r.rp},
                         $config) AS g
"""


@dataclass
class TieRows:
    """What the path search reads for one account, as plain rows: a sandbox changes a copy of them."""
    owners: list[dict]
    people: list[dict]  # the account's contacts: id, name, title, role, confidence
    met: list[dict]
    knows: list[dict]
    reports: list[dict]
    co_attend: list[dict]
    shared: list[dict]


def read_tie_rows(graph: Graph, account_id: str) -> TieRows:
    owners = graph.read(OWNERS, aid=account_id)
    ids = [r["id"] for r in contacts_of(graph, [account_id])]
    people = graph.read(PEOPLE, ids=ids)
    met, knows = graph.read(MET, ids=ids), graph.read(KNOWS, ids=ids)
    everyone = ({("Contact", i) for i in ids} | {("User", o["id"]) for o in owners}
                | {("User", r["uid"]) for r in met} | {(r["kind"], r["b"]) for r in knows})
    shared = graph.read(SHARED, people=[{"kind": kind, "id": pid} for kind, pid in sorted(everyone)])
    return TieRows(owners, people, met, knows, graph.read(REPORTS, ids=ids), graph.read(CO_ATTEND, ids=ids), shared)


def k_shortest_paths(graph: Graph, rows: list[dict], pairs: list[tuple[int, int]], k: int) -> list[dict]:
    """{s, t, index, totalCost, nodeIds} of the `k` cheapest routes for each (s, t) pair, on a projection of
    `rows` (a node row {s, t: None} per person, an undirected TIE row {s, t, type, rp: {cost}} per tie)."""
    has_ties = any(r["t"] is not None for r in rows)  # GDS refuses an undirected type that no row projected
    with projection(graph, "intro", PROJECT, {"rows": rows},
                    {"undirectedRelationshipTypes": ["TIE"] if has_ties else []}) as g:
        return graph.read(YENS, g=g, pairs=[{"s": s, "t": t} for s, t in pairs], k=k)
