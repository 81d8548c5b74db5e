"""Cypher of past tenders and competitors: context concepts and our companies (algorithms/competitors/store.py),
the award history, tender similarity, the buyer relationship and the written assessment (competitors/predict.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..gds import projection
from .scope import contact_in_account

if TYPE_CHECKING:
    from ..connection import Graph

LINK_CONTEXT = """
UNWIND $rows AS r
MATCH (t:Tender {id: r.id})
OPTIONAL MATCH (t)-[old:MENTIONS]->(:Concept {kind_group: 'context'})
DELETE old
WITH DISTINCT t, r
SET t.industry = coalesce(t.industry, r.industry)
WITH t, r
UNWIND r.concepts AS c
MERGE (k:Concept {id: c.id}) ON CREATE SET k.name = c.name, k.kind = c.kind, k.kind_group = 'context'
MERGE (t)-[:MENTIONS]->(k)
"""

TENDERS_FOR_CONTEXT = (
    "MATCH (t:Tender) WHERE $ids IS NULL OR t.id IN $ids "
    "RETURN t.id AS id, t.region AS region, t.industry AS industry, t.buyer AS buyer, "
    "t.title AS title, t.budget AS budget"
)

MARK_OURS = (
    "MERGE (s:Company {id: $self_id}) ON CREATE SET s.self = true, s.name = 'self' "
    "SET s.aliases = [x IN coalesce(s.aliases, []) WHERE NOT x IN $names] + $names "
    "WITH s UNWIND $ids AS cid MERGE (c:Company {id: cid}) SET c.ours = true"
)


# --------------------------------------------------------------------------- win/loss (algorithms/competitors/predict.py)

PROJECT_SIMILARITY = """
CALL (*) {
  MATCH (t:Tender) WHERE t.id = $tid OR EXISTS { (t)-[:AWARDED_TO]->() }
  MATCH (t)-[:ISSUED_BY]->(o) RETURN t AS s, o AS x
  UNION
  MATCH (t:Tender) WHERE t.id = $tid OR EXISTS { (t)-[:AWARDED_TO]->() }
  MATCH (t)-[:MENTIONS]->(k:Concept {kind_group: 'context'}) RETURN t AS s, k AS x
}
WITH gds.graph.project($graph_name, s, x) AS g
RETURN g.graphName AS name
"""
SIMILAR = """
CALL gds.nodeSimilarity.stream($g, {topK: 60, similarityCutoff: 0.05})
YIELD node1, node2, similarity
WITH gds.util.asNode(node1) AS a, node2, similarity WHERE a.id = $tid
RETURN gds.util.asNode(node2).id AS id, similarity ORDER BY similarity DESC
"""
AWARDS = """
MATCH (t:Tender)-[a:AWARDED_TO]->(c:Company)
OPTIONAL MATCH (t)-[:ISSUED_BY]->(o)
RETURN t.id AS tender, coalesce(o.id, t.buyer) AS buyer, t.region AS region, t.industry AS industry,
       t.budget AS budget, toString(coalesce(a.at, t.deadline)) AS at, c.id AS company, c.name AS name,
       coalesce(c.self, false) OR coalesce(c.ours, false) OR c.name IN $ours AS ours
ORDER BY at
"""
OUR_ALIASES = "MATCH (s:Company {self: true}) RETURN coalesce(s.aliases, []) AS a"
TENDER_FEATURES = ("MATCH (t:Tender {id: $id}) OPTIONAL MATCH (t)-[:ISSUED_BY]->(o) "
                   "OPTIONAL MATCH (t)-[:MENTIONS]->(k:Concept {kind_group:'context'}) "
                   "RETURN collect(DISTINCT o.id) + collect(DISTINCT k.id) AS f")
AWARDED_TENDER_FEATURES = ("MATCH (t:Tender) WHERE EXISTS { (t)-[:AWARDED_TO]->() } OPTIONAL MATCH (t)-[:ISSUED_BY]->(o) "
                           "OPTIONAL MATCH (t)-[:MENTIONS]->(k:Concept {kind_group:'context'}) "
                           "RETURN t.id AS id, collect(DISTINCT o.id) + collect(DISTINCT k.id) AS f")
BUYER_ORG = "MATCH (:Tender {id: $id})-[:ISSUED_BY]->(o) RETURN o.id AS id LIMIT 1"
HAS_REQUIREMENTS = "MATCH (:Tender {id: $id})-[:HAS_REQUIREMENT]->() RETURN 1 LIMIT 1"
OPEN_TENDERS = ("MATCH (t:Tender) WHERE coalesce(t.status, 'open') = 'open' AND NOT EXISTS { (t)-[:AWARDED_TO]->() } "
                "RETURN t.id AS id")
RELATIONSHIP_TYPES = "CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t"
WRITE_ASSESSMENT = """
MATCH (t:Tender {id: $tid})
OPTIONAL MATCH (t)-[old:LIKELY_BIDDER]->()
DELETE old
WITH DISTINCT t
SET t.win_probability = $p, t.win_probability_history = $p_hist, t.buyer_relationship = $rel,
    t.competitors_at = $now
WITH t
UNWIND $rows AS r
MATCH (c:Company {id: r.company_id})
MERGE (t)-[x:LIKELY_BIDDER]->(c)
SET x.score = r.score, x.probability = r.score, x.similar_wins = r.similar_wins, x.evidence = r.evidence, x.at = $now
"""


@dataclass
class Award:
    """One award of the history: who won which tender (buyer = the issuing organization's id, else its name)."""

    tender: str
    buyer: str | None
    region: str | None
    industry: str | None
    at: str
    company: str
    name: str
    ours: bool


@dataclass(frozen=True)
class BuyerRelationship:
    """What the CRM holds about a buyer account: owners, contacts, interactions, decision makers engaged."""

    account: str
    owners: int
    contacts: int
    interactions: int
    dms: int


def our_aliases(graph: Graph) -> list[str]:
    """Aliases on (:Company {self: true})."""
    return [n for r in graph.read(OUR_ALIASES) for n in r["a"]]


def awards(graph: Graph, ours: list[str]) -> list[Award]:
    """The award history, oldest first; `ours` marks awards to a company we win under (or named in `ours`)."""
    return [Award(r["tender"], r["buyer"], r["region"], r["industry"], r["at"] or "", r["company"], r["name"] or "",
                  bool(r["ours"])) for r in graph.read(AWARDS, ours=ours)]


def gds_similar_tenders(graph: Graph, tid: str) -> list[tuple[str, float]]:
    """(awarded tender id, node similarity) over buyer + context concepts, by GDS; raises when GDS fails."""
    with projection(graph, "tender_comp", PROJECT_SIMILARITY, {"tid": tid}) as g:
        return [(r["id"], float(r["similarity"])) for r in graph.read(SIMILAR, g=g, tid=tid)]


def tender_features(graph: Graph, tid: str) -> list[str]:
    """The buyer organization and context concept ids of one tender."""
    return graph.read(TENDER_FEATURES, id=tid)[0]["f"]


def awarded_tender_features(graph: Graph) -> list[tuple[str, list[str]]]:
    """(tender id, buyer + context concept ids) of every awarded tender."""
    return [(r["id"], r["f"]) for r in graph.read(AWARDED_TENDER_FEATURES)]


def buyer_org(graph: Graph, tid: str, default: str | None = None) -> str | None:
    """The id of the organization that issued the tender; `default` when it has no ISSUED_BY."""
    rows = graph.read(BUYER_ORG, id=tid)
    return rows[0]["id"] if rows else default


def has_requirements(graph: Graph, tid: str) -> bool:
    return bool(graph.read(HAS_REQUIREMENTS, id=tid))


def open_tender_ids(graph: Graph) -> list[str]:
    """Tenders still open and not awarded."""
    return [r["id"] for r in graph.read(OPEN_TENDERS)]


def buyer_relationship(graph: Graph, buyer: str) -> BuyerRelationship | None:
    """The first account named `buyer` (name or name_en) with its counts, or None when no account has the name."""
    types = {r["t"] for r in graph.read(RELATIONSHIP_TYPES)}
    # Only name relationship types that exist, so a CRM without interactions yet raises no warnings.
    in_dept = contact_in_account("c", "a") if "SUB_OF" in types else "(c)-[:WORKS_IN]->(:Department)-[:PART_OF]->(a)"
    member = " OR ".join(p for t, p in (("WORKS_IN", in_dept),
                                        ("WORKS_FOR", "(c)-[:WORKS_FOR]->(a)")) if t in types) or "false"
    owners = "OPTIONAL MATCH (u:User)-[:OWNS]->(a) " if "OWNS" in types else "WITH a, null AS u "
    inter = "OPTIONAL MATCH (i:Interaction)-[:INVOLVES]->(c) " if "INVOLVES" in types else "WITH a, u, c, null AS i "
    rows = graph.read(
        "MATCH (a:Account) WHERE a.name = $b OR a.name_en = $b " + owners +
        f"OPTIONAL MATCH (c:Contact) WHERE {member} OR c.account_id = a.id " + inter +
        "RETURN a.id AS account, count(DISTINCT u) AS owners, count(DISTINCT c) AS contacts, "
        "count(DISTINCT i) AS interactions, "
        "count(DISTINCT CASE WHEN c.role = 'decision_maker' AND i IS NOT NULL THEN c END) AS dms LIMIT 1", b=buyer)
    if not rows or rows[0]["account"] is None:
        return None
    r = rows[0]
    return BuyerRelationship(r["account"], r["owners"], r["contacts"], r["interactions"], r["dms"])


def write_assessment(graph: Graph, tid: str, competitors: list[dict], p: float, p_hist: float, rel: float,
                     now: str) -> None:
    """(:Tender)-[:LIKELY_BIDDER {score, similar_wins, evidence}]->(:Company) (replacing the old ones) and the
    tender's win probability, history probability and buyer relationship."""
    graph.write(WRITE_ASSESSMENT, tid=tid, rows=competitors, p=p, p_hist=p_hist, rel=rel, now=now)
