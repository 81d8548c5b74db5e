"""Per-account visibility as Cypher predicates, in ONE place: API resolvers, loaders, mutations,
jobs and recomputations all use these (through dealgraph.api.scope, which re-exports them).

An account manager sees only the accounts their (:User) OWNS; every other role sees all.
Each resolver/loader adds one of these predicates to its WHERE and passes `scope.params`,
so the database never returns a row the caller may not see (no filtering after the fact).
The variable names passed in are chosen by our code, never by the client.

How a node belongs to an account:
- Contact: c.account_id, a direct tie (DIRECT), or WORKS_IN a department (SUB_OF*) PART_OF the account
- Department: d.account_id or dept_in_account: (d)-[:SUB_OF*0..8]->(:Department)-[:PART_OF]->(a)
- Interaction: visible when one of its contacts is visible (its contact list is filtered again)
- Opportunity: (o)-[:FOR]->(a) or o.account_id
- Tender: visible unless a buyer account (ISSUED_BY, or t.buyer_account_id) is not owned
- Lead: visible unless its account (lead.account_id or -[:FOR|CONVERTED_TO]->(:Account)) is not owned

Who owns what has no account (the decision, also in the README):
- A lead without an account is a shared inbox item: every account manager may READ it (to triage),
  but only its owner user (l.owner_id, set to the creating manager) or an admin may change or
  rescore it (`lead_owned`). Assigning it to an account hands it to that account's owner.
- A tender without a buyer account is a public notice: every role that reads tenders sees it; it is
  written only by the roles allowed to write tenders (admin, bid_team), never per account.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..connection import Graph


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
# How deep a department may sit under the one that is PART_OF the account (org charts seen: <= 6 levels).
DEPT_DEPTH = 8


def dept_in_account(dept: str, account: str) -> str:
    """THE pattern "department `dept` (itself or a sub-department, SUB_OF*) is PART_OF account `account`";
    both arguments are pattern elements of our code, e.g. "d", "d:Department", "a:Account {id: $id}"."""
    return f"({dept})-[:SUB_OF*0..{DEPT_DEPTH}]->(:Department)-[:PART_OF]->({account})"


def contact_in_account(contact: str, account: str) -> str:
    """THE pattern "contact WORKS_IN a department of the account" (see dept_in_account)."""
    return f"({contact})-[:WORKS_IN]->" + dept_in_account(":Department", account)


def account(v: str) -> str:
    return f"($scope_all OR {OWNED % v})"


def contact(v: str) -> str:
    return (
        f"($scope_all OR EXISTS {{ MATCH (:User {{id: $scope_uid}})-[:OWNS]->(sa:Account) "
        f"WHERE sa.id = {v}.account_id OR ({v})-[:{DIRECT}]->(sa) "
        f"OR {contact_in_account(v, 'sa')} }})"
    )


def department(v: str) -> str:
    return (
        f"($scope_all OR EXISTS {{ MATCH (:User {{id: $scope_uid}})-[:OWNS]->(sa:Account) "
        f"WHERE sa.id = {v}.account_id OR {dept_in_account(v, 'sa')} }})"
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


def lead_owned(v: str) -> str:
    """May change / rescore the lead: its accounts are all owned, or it has none and the caller owns it."""
    has_account = (f"EXISTS {{ MATCH (la:Account) WHERE la.id = {v}.account_id "
                   f"OR ({v})-[:FOR|CONVERTED_TO]->(la) }}")
    return f"({lead(v)} AND ($scope_all OR {has_account} OR {v}.owner_id = $scope_uid))"


# Which fragment decides whether a caller may act on a node of each label (our names, never a client's).
ACT_ON = {"Account": account, "Contact": contact, "Interaction": interaction, "Opportunity": opportunity,
          "Lead": lead_owned, "Tender": tender}


def in_scope(graph: Graph, scope: Scope, label: str, ids: list[str]) -> set[str]:
    """Of `ids`, those that exist AND that the caller may act on: one query, one answer for both."""
    frag = ACT_ON[label]("x")
    rows = graph.read(f"UNWIND $ids AS i MATCH (x:{label} {{id: i}}) WHERE {frag} RETURN x.id AS id",
                      ids=list(ids), **scope.params)
    return {r["id"] for r in rows}


OWNED_BY_USER = "MATCH (:User {id: $uid})-[:OWNS]->(a:Account) RETURN a.id AS id ORDER BY id"


def accounts_owned_by(graph: Graph, uid: str) -> list[str]:
    """Ids of the accounts the user OWNS (whatever their role)."""
    return [r["id"] for r in graph.read(OWNED_BY_USER, uid=uid)]


def owned_accounts(graph: Graph, scope: Scope) -> list[str] | None:
    """None when the caller sees every account, else the ids of the accounts they own."""
    if scope.all:
        return None
    return accounts_owned_by(graph, scope.uid)


def check(label: str, fragment: Callable[[str], str]) -> str:
    """Whether the node `$id` of `label` exists (a row) and the caller may act on it (`ok`)."""
    return f"MATCH (n:{label} {{id: $id}}) RETURN {fragment('n')} AS ok"


# Of the contacts `$ids`: those that exist, and whether the caller may act on each.
CONTACTS_CHECK = f"UNWIND $ids AS i MATCH (c:Contact {{id: i}}) RETURN c.id AS id, {contact('c')} AS ok"


ACCOUNT_VISIBLE = f"MATCH (a:Account {{id: $id}}) WHERE {account('a')} RETURN a.id AS id"
HIDDEN_CONTACTS = (f"UNWIND $vals AS v MATCH (c:Contact {{id: v}}) WHERE NOT {contact('c')} "
                   "RETURN collect(c.id) AS hidden")


def account_visible(graph: Graph, scope: Scope, account_id: str) -> bool:
    """The account exists and the caller may see it."""
    return bool(graph.read(ACCOUNT_VISIBLE, id=account_id, **scope.params))


def hidden_contacts(graph: Graph, scope: Scope, ids: set[str] | frozenset[str]) -> set[str]:
    """Of the contacts `ids`, those that exist and the caller may NOT see."""
    return set(graph.read(HIDDEN_CONTACTS, vals=sorted(ids), **scope.params)[0]["hidden"])


def leads_owned(graph: Graph, scope: Scope) -> list[str]:
    """Every lead the caller may rescore."""
    rows = graph.read(f"MATCH (x:Lead) WHERE {lead_owned('x')} RETURN x.id AS id ORDER BY id", **scope.params)
    return [r["id"] for r in rows]


def opportunities_of(graph: Graph, account_ids: list[str]) -> set[str]:
    rows = graph.read("MATCH (o:Opportunity) WHERE o.account_id IN $ids "
                      "OR EXISTS { MATCH (o)-[:FOR]->(a:Account) WHERE a.id IN $ids } RETURN o.id AS id",
                      ids=list(account_ids))
    return {r["id"] for r in rows}
