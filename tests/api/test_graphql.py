"""GraphQL over real HTTP: nested reads, filters, sorting, cursor pagination, batching."""

import pytest

pytestmark = [pytest.mark.graph, pytest.mark.api]


def test_nested_account_view(client, seeded):
    data = client("admin").data("""
      { account(id: "acc1") { name nameEn departments { name contacts { name role roleConfidence roleEvidence
          manager { name } account { id } } } owners { id } opportunities { name amount } } }""")
    acc = data["account"]
    assert acc["name"] == "华东电力集团" and acc["nameEn"] == "East China Power"
    people = {c["name"]: c for d in acc["departments"] for c in d["contacts"]}
    assert people["张伟"]["role"] == "decision_maker" and people["张伟"]["roleEvidence"] == ["title: 总经理",
                                                                                      "approves budgets"]
    assert people["李娜"]["manager"] == {"name": "张伟"}
    assert {c["account"]["id"] for c in people.values()} == {"acc1"}
    assert acc["owners"] == [{"id": "u_am"}] and acc["opportunities"][0]["amount"] == 1.2e6


def test_tender_with_requirements_and_matches(client, seeded):
    t = client("bid_team").data("""{ tender(id: "t1") { title budget buyerAccount { name }
        requirements { kind text matches { status score evidence capability { name } } } } }""")["tender"]
    assert t["buyerAccount"]["name"] == "华东电力集团"
    m = t["requirements"][0]["matches"][0]
    assert m["status"] == "met" and m["evidence"] == ["ISO 27001 valid until 2027"] and m["capability"]["name"] == "ISO 27001"


def test_filters_and_sorting(client, seeded):
    c = client("admin")
    assert [e["node"]["id"] for e in c.data('{ accounts(filter: {nameContains: "east"}) { edges { node { id } } } }')[
        "accounts"]["edges"]] == ["acc1"]
    ids = [n["id"] for n in c.data("{ tenders(sort: BUDGET, direction: DESC) { nodes { id } } }")["tenders"]["nodes"]]
    assert ids[:2] == ["t2", "t1"]
    people = c.data('{ contacts(filter: {role: "decision_maker"}, sort: NAME) { nodes { id } } }')["contacts"]["nodes"]
    assert {p["id"] for p in people} == {"c1", "c3"}


def _many_contacts(graph, n=100):
    graph.write("""
      MERGE (a:Account {id: 'big', name: 'Big Co'})
      WITH a UNWIND range(0, 9) AS d
      MERGE (dep:Department {id: 'dep' + d, name: '部门' + d})-[:PART_OF]->(a)""")
    graph.write("""
      UNWIND range(0, $n - 1) AS i
      MATCH (dep:Department {id: 'dep' + (i % 10)})
      MERGE (c:Contact {id: 'p' + right('000' + toString(i), 3), name: '员工' + i, title: 'staff'})-[:WORKS_IN]->(dep)
      WITH c, i WHERE i >= 10
      MATCH (m:Contact {id: 'p' + right('000' + toString(i % 10), 3)})
      MERGE (c)-[:REPORTS_TO]->(m)""", n=n)


def test_pagination_walks_every_row_once(client, graph, keys):
    _many_contacts(graph, 45)
    c = client("admin")
    seen, after, pages = [], None, 0
    while True:
        conn = c.data("query($after: String) { contacts(first: 20, after: $after) { totalCount "
                      "pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }", after=after)["contacts"]
        assert conn["totalCount"] == 45
        seen += [(e["node"]["name"], e["node"]["id"]) for e in conn["edges"]]
        pages += 1
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert pages == 3 and len(set(seen)) == 45 and seen == sorted(seen)  # every row once, in (name, id) order


def test_max_page_size_and_bad_cursor(client, seeded):
    c = client("admin")
    body = c.gql("{ contacts(first: 1000) { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT" and "between 0 and 100" in body["errors"][0]["message"]
    body = c.gql('{ contacts(after: "bm9wZQ==") { totalCount } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT"


def test_nested_fields_are_batched(client, graph, keys, api):
    """100 contacts with department, manager and the manager's department: a bounded number of queries."""
    _many_contacts(graph, 100)
    c = client("admin")
    before = graph.query_count
    data = c.data("""{ contacts(first: 100) { nodes { id department { name account { name } }
                       manager { name department { name } } } } }""")
    used = graph.query_count - before
    nodes = data["contacts"]["nodes"]
    assert len(nodes) == 100 and sum(1 for n in nodes if n["manager"]) == 90
    assert all(n["department"]["account"]["name"] == "Big Co" for n in nodes)
    # 1 list + department + account_of_department + manager + manager's department (+1 auth lookup at most)
    assert used <= 7, f"{used} Cypher queries for 100 contacts: DataLoaders are not batching"


def test_decision_chain_query_and_cache(client, seeded, start_server, keys):
    import httpx

    q = {"query": '{ decisionChain(accountId: "acc1") { nodes { id kind role } edges { source target type } '
                  "groups { id members } roles { role count } } }"}
    chain = client("admin").data(q["query"])["decisionChain"]
    kinds = {n["id"]: n["kind"] for n in chain["nodes"]}
    assert {"c:c1", "c:c2"} <= set(kinds) and "c:c3" not in kinds
    assert {"source": "c:c2", "target": "c:c1", "type": "REPORTS_TO"} in chain["edges"]
    assert {r["role"]: r["count"] for r in chain["roles"]} == {"decision_maker": 1, "executor": 1}
    with start_server(api_chain_cache_s=60) as s:
        h = {"X-API-Key": keys["admin"]}
        first = httpx.post(s.url + "/graphql", json=q, headers=h).json()
        seeded.write("MATCH (c:Contact {id: 'c2'}) SET c.role = 'influencer'")  # behind the API's back
        assert httpx.post(s.url + "/graphql", json=q, headers=h).json() == first  # served from the cache
        m = 'mutation { upsertContact(input: {id: "c2", title: "高级工程师"}) { id } }'
        httpx.post(s.url + "/graphql", json={"query": m}, headers=h)  # an API write drops cached chains
        roles = httpx.post(s.url + "/graphql", json=q, headers=h).json()["data"]["decisionChain"]["roles"]
        assert {r["role"]: r["count"] for r in roles} == {"decision_maker": 1, "influencer": 1}


def test_nested_connections_and_deal_views(client, seeded):
    c = client("admin")
    d = c.data("""{ account(id: "acc1") { contacts(first: 1) { totalCount pageInfo { hasNextPage } nodes { id } } }
      leads(filter: {minScore: 0.85}) { nodes { id account { id } } }
      opportunities(accountId: "acc1") { nodes { id account { name } stages { name } } }
      interactions(contactId: "c3") { nodes { id kind at contacts { id } } }
      tenders(filter: {titleContains: "数据中心"}) { totalCount nodes { id requirements { kind } } } }""")
    assert d["account"]["contacts"]["totalCount"] == 2 and d["account"]["contacts"]["pageInfo"]["hasNextPage"]
    assert d["leads"]["nodes"] == [{"id": "l2", "account": {"id": "acc2"}}]
    assert d["opportunities"]["nodes"] == [{"id": "o1", "account": {"name": "华东电力集团"}, "stages": []}]
    i = d["interactions"]["nodes"][0]
    assert i["kind"] == "meeting" and i["at"].startswith("2025-03-01") and {x["id"] for x in i["contacts"]} == {
        "c1", "c3"}
    assert d["tenders"]["totalCount"] == 1 and d["tenders"]["nodes"][0]["requirements"] == [{"kind": "qualification"}]


def test_opportunity_buying_group_is_scoped(client, seeded):
    seeded.write("MATCH (c1:Contact {id: 'c1'}), (c3:Contact {id: 'c3'}), (o:Opportunity {id: 'o1'}) "
                 "MERGE (c1)-[:IN_BUYING_GROUP {role: 'decision_maker', confidence: 0.95, model: 'm', "
                 "evidence: ['top of the hierarchy'], purchase_area: 'it'}]->(o) "
                 "MERGE (c3)-[:IN_BUYING_GROUP {role: 'influencer', confidence: 0.8, model: 'm', evidence: ['x'], "
                 "purchase_area: 'it'}]->(o)")
    q = '{ opportunities(accountId: "acc1") { nodes { id buyingGroup { contactId role confidence evidence } } } }'
    group = client("admin").data(q)["opportunities"]["nodes"][0]["buyingGroup"]
    assert [(m["contactId"], m["role"]) for m in group] == [("c1", "decision_maker"), ("c3", "influencer")]
    assert group[0]["evidence"] == ["top of the hierarchy"] and group[0]["confidence"] == 0.95
    other = client("other_am").data(q)["opportunities"]["nodes"]
    assert other == []          # another account manager sees neither the deal nor its committee
