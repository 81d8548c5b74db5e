"""What copy and talk tracks may say about one account, read in one query.

Dates and datetimes come back as ISO strings whether stored as strings (as ingest writes them) or as
temporal values.

Every value comes back with the id of the node it was read from and the property name, so a
generated text can trace each fact to the graph (dealgraph.algorithms.marketing.copy).

`copy_facts(graph, account_id, persona, opportunity_id=None, as_of=...)` returns
    {"account": {id, name, name_en, industry, region} | None,
     "contact": {id, name, name_en, title, role} | None          # the persona's most influential contact
     "interactions": [{id, topic, at, sentiment, persona}]        # with a topic, up to as_of; persona: one
                                                                  # of its contacts has the persona's role
     "opportunity": {id, name, amount, current_stage, stage_due, stage: {id, name} (latest AT_STAGE)} | None
     "tenders": [{id, title, deadline}]                           # the account's tenders still open at as_of
     "capabilities": [{id, name, kind}]                           # ours, met on the account's tenders
     "references": [{id, name, concepts}]                         # our reference cases with their concepts
     "in_scope": bool}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import scope as sc

if TYPE_CHECKING:
    from ..connection import Graph

# Contacts of an account: same membership as graph.queries.decision_chain.
_MEMBERS = f"""
  MATCH (c:Contact) WHERE c.account_id = a.id RETURN c
  UNION
  MATCH {sc.contact_in_account('c:Contact', 'a')} RETURN c
  UNION
  MATCH (c:Contact)-[:{sc.DIRECT}]->(a) RETURN c
"""

_Q = f"""
MATCH (a:Account {{id: $account_id}})
WITH a, {sc.account('a')} AS visible
CALL (a) {{
  CALL (a) {{ {_MEMBERS} }}
  RETURN collect(c) AS members
}}
CALL (members) {{
  UNWIND members AS c
  WITH c WHERE c.role = $persona
  OPTIONAL MATCH (i:Interaction)-[:INVOLVES]->(c)
  WITH c, count(i) AS n
  ORDER BY coalesce(c.role_influence, 0) DESC, coalesce(c.role_confidence, 0) DESC, n DESC, c.id
  LIMIT 1
  RETURN collect(c {{.id, .name, .name_en, .title, .role, .role_confidence}})[0] AS contact
}}
CALL (members) {{
  UNWIND members AS c
  MATCH (i:Interaction)-[:INVOLVES]->(c)
  WHERE i.topic IS NOT NULL AND i.topic <> '' AND toString(i.at) <= $as_of_end
  WITH i, max(CASE WHEN c.role = $persona THEN 1 ELSE 0 END) AS by_persona
  RETURN collect(i {{.id, .topic, at: toString(i.at), .sentiment, persona: by_persona = 1}}) AS interactions
}}
CALL (a) {{
  CALL (a) {{
    MATCH (o:Opportunity)-[:FOR]->(a) RETURN o
    UNION
    MATCH (o:Opportunity {{account_id: a.id}}) RETURN o
  }}
  WITH o WHERE o.id = $opportunity_id OR ($opportunity_id IS NULL AND o.closed_won IS NULL)
  WITH o ORDER BY o.created_at DESC, o.id LIMIT 1
  OPTIONAL MATCH (o)-[r:AT_STAGE]->(s:Stage)
  WITH o, s ORDER BY r.entered DESC, s.id
  WITH o, collect(s {{.id, .name}})[0] AS stage
  RETURN collect(o {{.id, .name, .amount, .current_stage, stage_due: toString(o.stage_due), .closed_won,
                    stage: stage}})[0] AS opportunity
}}
CALL (a) {{
  CALL (a) {{
    MATCH (t:Tender)-[:ISSUED_BY]->(a) RETURN t
    UNION
    MATCH (t:Tender {{buyer_account_id: a.id}}) RETURN t
  }}
  RETURN collect(t) AS account_tenders
}}
CALL (account_tenders) {{
  UNWIND account_tenders AS t
  WITH t WHERE toString(t.deadline) >= $as_of
  WITH t ORDER BY t.deadline, t.id
  RETURN collect(t {{.id, .title, deadline: toString(t.deadline)}})[0..3] AS tenders
}}
CALL (account_tenders) {{
  UNWIND account_tenders AS t
  MATCH (t)-[:HAS_REQUIREMENT]->(:Requirement)-[s:SATISFIED_BY]->(cap:Capability)
  WHERE s.status = 'met' AND cap.kind <> 'reference_case'
  WITH cap, count(*) AS n ORDER BY n DESC, cap.id
  RETURN collect(cap {{.id, .name, .kind}})[0..3] AS capabilities
}}
CALL () {{
  OPTIONAL MATCH (:Company {{self: true}})-[:HAS_CAPABILITY]->(cap:Capability {{kind: 'reference_case'}})
  OPTIONAL MATCH (cap)-[:COVERS]->(x:Concept)
  WITH cap, collect(x.name) AS concepts ORDER BY cap.id
  RETURN collect(cap {{.id, .name, concepts: concepts}}) AS references
}}
RETURN visible AS in_scope, a {{.id, .name, .name_en, .industry, .region}} AS account, contact,
       interactions, opportunity, tenders, capabilities, references
"""


def copy_facts(graph: Graph, account_id: str, persona: str, *, opportunity_id: str | None = None,
               as_of: str, scope: sc.Scope | None = None) -> dict:
    """`as_of` is an ISO date: interactions after it are ignored, tenders due before it are closed."""
    params = (scope or sc.Scope(all=True, uid="")).params
    rows = graph.read(_Q, account_id=account_id, persona=persona, opportunity_id=opportunity_id,
                      as_of=as_of, as_of_end=as_of + "T23:59:59Z", **params)
    if not rows:
        return {"account": None, "in_scope": False}
    return rows[0]


def node_values(graph: Graph, refs: list[tuple[str, str]]) -> dict[tuple[str, str], object]:
    """(node id, property) -> the stored value, for checking facts against the graph."""
    rows = graph.read("UNWIND $refs AS r MATCH (n {id: r[0]}) RETURN r[0] AS id, r[1] AS prop, n[r[1]] AS value",
                      refs=[list(r) for r in refs])
    return {(r["id"], r["prop"]): r["value"] for r in rows}


def known_names(graph: Graph) -> list[str]:
    """Names of the things a text could name (accounts, people, organisations, companies,
    capabilities, tenders): a name from this list in a generated text must be one of its facts."""
    rows = graph.read("""
        MATCH (n) WHERE n:Account OR n:Contact OR n:Organization OR n:Company OR n:Capability OR n:User
        UNWIND [n.name, n.name_en] AS name
        WITH name WHERE name IS NOT NULL AND size(name) >= 2
        RETURN collect(DISTINCT name) AS names
        """)
    return rows[0]["names"] if rows else []
