"""Cypher of the GraphQL DataLoaders (api/loaders.py): one batched lookup per related-node field.

Each query takes `$ids` (a batch of node ids) and returns `key` (the id asked for) and `p` (the related
node's properties) rows, with the caller's scope predicate on every node it returns, so nested paths
(contact -> account, tender -> buyer) are filtered in the database too.
"""

from __future__ import annotations

from . import scope as S
from .buying_group import MEMBERS as BUYING_GROUP_MEMBERS


def _q(cypher: str, many: bool) -> tuple[str, bool]:
    return cypher, many


# name -> (Cypher returning `key` and `p` (properties) rows, many?)
# One row per (key, related node); `many` loaders collect lists, the others take the first row.
QUERIES: dict[str, tuple[str, bool]] = {
    "account": _q(f"UNWIND $ids AS key MATCH (a:Account {{id: key}}) WHERE {S.account('a')} "
                "RETURN key, properties(a) AS p", False),
    "department": _q(f"UNWIND $ids AS key MATCH (d:Department {{id: key}}) WHERE {S.department('d')} "
                   "RETURN key, properties(d) AS p", False),
    "contact": _q(f"UNWIND $ids AS key MATCH (c:Contact {{id: key}}) WHERE {S.contact('c')} "
                "RETURN key, properties(c) AS p", False),
    "tender": _q(f"UNWIND $ids AS key MATCH (t:Tender {{id: key}}) WHERE {S.tender('t')} "
               "RETURN key, properties(t) AS p", False),
    "department_of_contact": _q(
        "UNWIND $ids AS key MATCH (:Contact {id: key})-[:WORKS_IN]->(d:Department) "
        f"WHERE {S.department('d')} RETURN key, properties(d) AS p", False),
    "manager_of_contact": _q(
        "UNWIND $ids AS key MATCH (:Contact {id: key})-[:REPORTS_TO]->(m:Contact) "
        f"WHERE {S.contact('m')} RETURN key, properties(m) AS p", False),
    "reports_of_contact": _q(
        "UNWIND $ids AS key MATCH (:Contact {id: key})<-[:REPORTS_TO]-(r:Contact) "
        f"WHERE {S.contact('r')} RETURN key, properties(r) AS p ORDER BY r.name", True),
    "account_of_contact": _q(
        "UNWIND $ids AS key MATCH (c:Contact {id: key}) "
        f"CALL (c) {{ MATCH {S.contact_in_account('c', 'a:Account')} "
        f"RETURN a UNION MATCH (c)-[:{S.DIRECT}]->(a:Account) RETURN a "
        "UNION MATCH (a:Account) WHERE a.id = c.account_id RETURN a } "
        f"WITH key, a WHERE {S.account('a')} RETURN key, properties(a) AS p", False),
    "account_of_department": _q(
        "UNWIND $ids AS key MATCH (d:Department {id: key}) "
        f"CALL (d) {{ MATCH {S.dept_in_account('d', 'a:Account')} RETURN a "
        "UNION MATCH (a:Account) WHERE a.id = d.account_id RETURN a } "
        f"WITH key, a WHERE {S.account('a')} RETURN key, properties(a) AS p", False),
    "parent_of_department": _q(
        "UNWIND $ids AS key MATCH (:Department {id: key})-[:SUB_OF]->(d:Department) "
        f"WHERE {S.department('d')} RETURN key, properties(d) AS p", False),
    "contacts_of_department": _q(
        "UNWIND $ids AS key MATCH (:Department {id: key})<-[:WORKS_IN]-(c:Contact) "
        f"WHERE {S.contact('c')} RETURN key, properties(c) AS p ORDER BY c.name", True),
    "departments_of_account": _q(
        "UNWIND $ids AS key MATCH (a:Account {id: key}) "
        f"CALL (a) {{ MATCH {S.dept_in_account('d:Department', 'a')} RETURN d "
        "UNION MATCH (d:Department) WHERE d.account_id = a.id RETURN d } "
        f"WITH key, a, d WHERE {S.account('a')} RETURN key, properties(d) AS p ORDER BY d.name", True),
    "interactions_of_contact": _q(
        "UNWIND $ids AS key MATCH (:Contact {id: key})<-[:INVOLVES]-(i:Interaction) "
        f"WHERE {S.interaction('i')} RETURN key, properties(i) AS p ORDER BY i.at DESC", True),
    "contacts_of_interaction": _q(
        "UNWIND $ids AS key MATCH (:Interaction {id: key})-[:INVOLVES]->(c:Contact) "
        f"WHERE {S.contact('c')} RETURN key, properties(c) AS p ORDER BY c.name", True),
    "opportunities_of_account": _q(
        "UNWIND $ids AS key MATCH (a:Account {id: key}) "
        "CALL (a) { MATCH (o:Opportunity)-[:FOR]->(a) RETURN o "
        "UNION MATCH (o:Opportunity) WHERE o.account_id = a.id RETURN o } "
        f"WITH key, o WHERE {S.opportunity('o')} RETURN key, properties(o) AS p ORDER BY o.created_at DESC",
        True),
    "buying_group_of_opportunity": _q(BUYING_GROUP_MEMBERS, True),
    "account_of_opportunity": _q(
        "UNWIND $ids AS key MATCH (o:Opportunity {id: key}) "
        "CALL (o) { MATCH (o)-[:FOR]->(a:Account) RETURN a UNION MATCH (a:Account) WHERE a.id = o.account_id "
        f"RETURN a }} WITH key, a WHERE {S.account('a')} RETURN key, properties(a) AS p", False),
    "account_of_lead": _q(
        "UNWIND $ids AS key MATCH (l:Lead {id: key}) "
        "CALL (l) { MATCH (l)-[:FOR|CONVERTED_TO]->(a:Account) RETURN a "
        "UNION MATCH (a:Account) WHERE a.id = l.account_id RETURN a } "
        f"WITH key, a WHERE {S.account('a')} RETURN key, properties(a) AS p", False),
    "contact_of_lead": _q(
        "UNWIND $ids AS key MATCH (l:Lead {id: key}) "
        "CALL (l) { MATCH (l)-[:IS|RESOLVED_TO]->(c:Contact) RETURN c "
        "UNION MATCH (c:Contact) WHERE c.id = l.contact_id RETURN c } "
        f"WITH key, c WHERE {S.contact('c')} RETURN key, properties(c) AS p", False),
    "stages_of_opportunity": _q(
        "UNWIND $ids AS key MATCH (:Opportunity {id: key})-[r:AT_STAGE]->(s:Stage) "
        "RETURN key, s {.*, entered: r.entered, due: r.due} AS p ORDER BY r.entered", True),
    "buyer_of_tender": _q(
        "UNWIND $ids AS key MATCH (t:Tender {id: key}) "
        "CALL (t) { MATCH (t)-[:ISSUED_BY]->(a:Account) RETURN a "
        "UNION MATCH (a:Account) WHERE a.id = t.buyer_account_id RETURN a } "
        f"WITH key, a WHERE {S.account('a')} RETURN key, properties(a) AS p", False),
    "requirements_of_tender": _q(
        "UNWIND $ids AS key MATCH (:Tender {id: key})-[:HAS_REQUIREMENT]->(r:Requirement) "
        "RETURN key, properties(r) AS p ORDER BY coalesce(r.order, r.index, 0), r.id", True),
    "matches_of_requirement": _q(
        "UNWIND $ids AS key MATCH (:Requirement {id: key})-[m:SATISFIED_BY]->(c:Capability) "
        "RETURN key, m {.*, capability: properties(c)} AS p ORDER BY m.score DESC", True),
    "competitors_of_tender": _q(
        "UNWIND $ids AS key MATCH (:Tender {id: key})-[r:PREDICTED_COMPETITOR|LIKELY_BIDDER]->(co) "
        "RETURN key, r {.*, company_id: co.id, company: coalesce(co.name, co.id)} AS p "
        "ORDER BY coalesce(r.probability, r.score) DESC", True),
    "awards_of_tender": _q(
        "UNWIND $ids AS key MATCH (:Tender {id: key})-[r:AWARDED_TO]->(co) "
        "RETURN key, r {.*, company_id: co.id, company: coalesce(co.name, co.id)} AS p", True),
    "owners_of_account": _q(
        "UNWIND $ids AS key MATCH (u:User)-[:OWNS]->(a:Account {id: key}) "
        f"WHERE {S.account('a')} RETURN key, properties(u) AS p ORDER BY u.id", True),
}
