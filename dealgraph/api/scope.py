"""Per-account visibility as Cypher predicates, in ONE place.

An account manager sees only the accounts their (:User) OWNS; every other role sees all.
Each resolver/loader adds one of these predicates to its WHERE and passes `scope.params`,
so the database never returns a row the caller may not see (no filtering after the fact).
The variable names passed in are chosen by our code, never by the client.

How a node belongs to an account:
- Contact: c.account_id, a direct tie (DIRECT), or WORKS_IN a department (SUB_OF*) PART_OF the account
- Department: d.account_id or (d)-[:SUB_OF*0..8]->(:Department)-[:PART_OF]->(a)
- Interaction: visible when one of its contacts is visible (its contact list is filtered again)
- Opportunity: (o)-[:FOR]->(a) or o.account_id
- Tender: visible unless a buyer account (ISSUED_BY, or t.buyer_account_id) is not owned
- Lead: visible unless its account (lead.account_id or -[:FOR|CONVERTED_TO]->(:Account)) is not owned
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    all: bool
    uid: str

    @property
    def params(self) -> dict:
        return {"scope_all": self.all, "scope_uid": self.uid}


# Direct contact -> account ties some sources use (same list as graph.queries.decision_chain).
DIRECT = "WORKS_AT|WORKS_FOR|EMPLOYED_BY|BELONGS_TO|MEMBER_OF"
OWNED = "EXISTS { MATCH (:User {id: $scope_uid})-[:OWNS]->(%s) }"


def account(v: str) -> str:
    return f"($scope_all OR {OWNED % v})"


def contact(v: str) -> str:
    return (
        f"($scope_all OR EXISTS {{ MATCH (:User {{id: $scope_uid}})-[:OWNS]->(sa:Account) "
        f"WHERE sa.id = {v}.account_id OR ({v})-[:{DIRECT}]->(sa) "
        f"OR ({v})-[:WORKS_IN]->(:Department)-[:SUB_OF*0..8]->(:Department)-[:PART_OF]->(sa) }})"
    )


def department(v: str) -> str:
    return (
        f"($scope_all OR EXISTS {{ MATCH (:User {{id: $scope_uid}})-[:OWNS]->(sa:Account) "
        f"WHERE sa.id = {v}.account_id OR ({v})-[:SUB_OF*0..8]->(:Department)-[:PART_OF]->(sa) }})"
    )


def interaction(v: str) -> str:
    return f"($scope_all OR EXISTS {{ MATCH ({v})-[:INVOLVES]->(ic:Contact) WHERE {contact('ic')} }})"


def opportunity(v: str) -> str:
    return (
        f"($scope_all OR EXISTS {{ MATCH (:User {{id: $scope_uid}})-[:OWNS]->(sa:Account) "
        f"WHERE ({v})-[:FOR]->(sa) OR sa.id = {v}.account_id }})"
    )


def tender(v: str) -> str:
    return (
        f"($scope_all OR NOT EXISTS {{ MATCH (ba:Account) WHERE (({v})-[:ISSUED_BY]->(ba) "
        f"OR ba.id = {v}.buyer_account_id) AND NOT {OWNED % 'ba'} }})"
    )


def lead(v: str) -> str:
    return (
        f"($scope_all OR NOT EXISTS {{ MATCH (la:Account) WHERE (la.id = {v}.account_id "
        f"OR ({v})-[:FOR|CONVERTED_TO]->(la)) AND NOT {OWNED % 'la'} }})"
    )
