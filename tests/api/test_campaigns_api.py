"""REST /campaigns/copy and /campaigns/allocate over real HTTP: roles, per-account scope, validation."""

from datetime import date, timedelta

import pytest

pytestmark = [pytest.mark.api, pytest.mark.graph]

COPY = {"account": "acc1", "persona": "decision_maker", "channel": "email", "lang": "zh", "as_of": "2025-04-01"}


def test_copy_in_scope_with_traced_facts(client, seeded):
    r = client("account_manager").http.post("/campaigns/copy", json=COPY)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["model"] == "template" and body["grounding"]["ok"]
    facts = {f["slot"]: f for f in body["facts"]}
    assert facts["contact_name"]["value"] == "张伟" and facts["contact_name"]["source"] == "c1"
    assert facts["account_name"]["source"] == "acc1" and "张伟" in body["text"]
    assert facts["tender_deadline"]["value"] == "2025年6月1日" and facts["tender_deadline"]["source"] == "t1"
    assert facts["capability"]["source"] == "cap1"  # met on the account's tender
    assert facts["topic"]["value"] == "采购会议"


def test_copy_refuses_other_accounts_roles_and_bad_values(client, seeded):
    r = client("account_manager").http.post("/campaigns/copy", json={**COPY, "account": "acc2"})
    assert r.status_code == 404 and "Secret" not in r.text
    assert client("bid_team").http.post("/campaigns/copy", json=COPY).status_code == 403
    assert client(None).http.post("/campaigns/copy", json=COPY).status_code == 401
    assert client("admin").http.post("/campaigns/copy", json={**COPY, "persona": "cfo"}).status_code == 422
    r = client("admin").http.post("/campaigns/copy", json={**COPY, "opportunity": "o2"})  # o2 is acc2's
    assert r.status_code == 404 and "not an opportunity of account" in r.text
    r = client("admin").http.post("/campaigns/copy", json={**COPY, "as_of": "someday"})
    assert r.status_code == 400 and "not a date" in r.text


def test_allocate_from_graph_in_scope(client, seeded):
    seeded.write("""
        UNWIND range(0, 5) AS w
        WITH w, date('2025-01-06') + duration({weeks: w}) AS d
        MERGE (l:Lead {id: 'ad' + w}) SET l.source = 'baidu', l.campaign = 'brand', l.account_id = 'acc1',
              l.created_at = toString(d) + 'T02:00:00Z'
        MERGE (m:Lead {id: 'fd' + w}) SET m.source = 'feed', m.account_id = 'acc2',
              m.created_at = toString(d) + 'T02:00:00Z'
        """)
    seeded.write("MATCH (o:Opportunity {id: 'o1'}) SET o.created_at = '2025-02-01T00:00:00Z', o.closed_won = true")
    seeded.write("MATCH (o:Opportunity {id: 'o2'}) SET o.created_at = '2025-02-01T00:00:00Z', o.closed_won = true")
    spend = [{"period": f"2025-{1 + (6 + 7 * w) // 31:02d}-{(6 + 7 * w) % 31 or 31:02d}", "channel": ch,
              "creative": cr, "spend": 10000} for w in range(6) for ch, cr in (("baidu", "brand"), ("feed", ""))]
    body = {"spend": spend, "budget": 20000, "constraints": {"channels": {"feed": {"max_share": 0.9}}}}
    admin = client("admin").http.post("/campaigns/allocate", json=body)
    assert admin.status_code == 200, admin.text
    a = admin.json()
    assert sum(r["spend"] for r in a["plan"]) == 20000 and a["graph"]["opportunities"] == 2
    assert a["graph"]["won_amount_attributed"] == 1.2e6 + 3.0e6
    mine = client("account_manager").http.post("/campaigns/allocate", json=body).json()
    # the account manager owns acc1 only: acc2's leads and its 3.0M deal are not theirs to learn from
    assert mine["graph"]["opportunities"] == 1 and mine["graph"]["won_amount_attributed"] == 1.2e6
    assert mine["graph"]["leads"] == 6
    assert client("bid_team").http.post("/campaigns/allocate", json=body).status_code == 403
    bad = client("admin").http.post("/campaigns/allocate", json={**body, "constraints": {"channels": {"tv": {"min_share": 0.1}}}})
    assert bad.status_code == 400 and "tv" in bad.text
    neg = client("admin").http.post("/campaigns/allocate", json={**body, "budget": -5})
    assert neg.status_code == 422


COPY_Q = """query($account: ID!, $opp: ID) { copyText(account: $account, persona: "decision_maker", channel: "email",
  lang: "zh", opportunity: $opp, asOf: "2025-04-01") }"""


def test_graphql_copy_scoped_like_rest(client, seeded):
    out = client("account_manager").data(COPY_Q, account="acc1")["copyText"]
    rest = client("account_manager").http.post("/campaigns/copy", json=COPY).json()
    assert out["text"] == rest["text"] and out["facts"] == rest["facts"] and out["grounding"]["ok"]
    assert {f["source"] for f in out["facts"]} >= {"acc1", "c1"}
    body = client("account_manager").gql(COPY_Q, account="acc2")  # not theirs
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND" and "Secret" not in str(body)
    body = client("admin").gql(COPY_Q, account="acc1", opp="o2")  # acc2's opportunity
    assert "not an opportunity of account" in body["errors"][0]["message"]
    assert client("bid_team").gql(COPY_Q, account="acc1")["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bad = client("admin").gql('{ copyText(account: "acc1", persona: "cfo", channel: "ad") }')
    assert bad["errors"][0]["extensions"]["code"] == "BAD_INPUT" and "persona" in bad["errors"][0]["message"]


ALLOC_Q = """query($spend: [SpendRowInput!]!, $budget: Float!, $c: JSON) {
  campaignAllocation(spend: $spend, budget: $budget, constraints: $c) }"""


def test_graphql_allocation_scoped_like_rest(client, seeded):
    seeded.write("""
        UNWIND range(0, 5) AS w
        WITH w, date('2025-01-06') + duration({weeks: w}) AS d
        MERGE (l:Lead {id: 'ad' + w}) SET l.source = 'baidu', l.campaign = 'brand', l.account_id = 'acc1',
              l.created_at = toString(d) + 'T02:00:00Z'
        MERGE (m:Lead {id: 'fd' + w}) SET m.source = 'feed', m.account_id = 'acc2',
              m.created_at = toString(d) + 'T02:00:00Z'
        """)
    seeded.write("MATCH (o:Opportunity) WHERE o.id IN ['o1', 'o2'] SET o.created_at = '2025-02-01T00:00:00Z', "
                 "o.closed_won = true")
    spend = [{"period": f"2025-{1 + (6 + 7 * w) // 31:02d}-{(6 + 7 * w) % 31 or 31:02d}", "channel": ch,
              "creative": cr, "spend": 10000} for w in range(6) for ch, cr in (("baidu", "brand"), ("feed", ""))]
    admin = client("admin").data(ALLOC_Q, spend=spend, budget=20000)["campaignAllocation"]
    assert sum(r["spend"] for r in admin["plan"]) == 20000
    assert admin["graph"]["opportunities"] == 2 and admin["graph"]["won_amount_attributed"] == 1.2e6 + 3.0e6
    mine = client("account_manager").data(ALLOC_Q, spend=spend, budget=20000)["campaignAllocation"]
    assert mine["graph"]["opportunities"] == 1 and mine["graph"]["won_amount_attributed"] == 1.2e6
    best = max(mine["plan"], key=lambda r: r["value_per_yuan"])
    assert best["channel"] == "baidu" and best["evidence"]["periods"] == 6
    assert client("bid_team").gql(ALLOC_Q, spend=spend, budget=20000)["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bad = client("admin").gql(ALLOC_Q, spend=spend, budget=20000, c={"channels": {"tv": {"min_share": 0.1}}})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_INPUT" and "tv" in bad["errors"][0]["message"]
    bad = client("admin").gql(ALLOC_Q, spend=[{**spend[0], "period": "W1"}], budget=20000)
    assert bad["errors"][0]["extensions"]["code"] == "BAD_INPUT" and "not a date" in bad["errors"][0]["message"]


def _variant_history(seeded):
    """Variant b of the email to decision makers brought acc1's won deal; variant a only acc2's."""
    seeded.write("""
        UNWIND range(0, 5) AS w
        WITH w, date('2025-01-06') + duration({weeks: w}) AS d
        MERGE (l:Lead {id: 'vb' + w}) SET l.source = 'email', l.campaign = 'email-decision_maker-b',
              l.account_id = 'acc1', l.created_at = toString(d) + 'T02:00:00Z'
        MERGE (m:Lead {id: 'va' + w}) SET m.source = 'email', m.campaign = 'email-decision_maker-a',
              m.account_id = 'acc2', m.created_at = toString(d) + 'T02:00:00Z'
        """)
    seeded.write("MATCH (o:Opportunity) WHERE o.id IN ['o1', 'o2'] "
                 "SET o.created_at = '2025-02-01T00:00:00Z', o.closed_won = true")
    return [{"period": (date(2025, 1, 6) + timedelta(weeks=w)).isoformat(), "channel": "email",
             "creative": f"email-decision_maker-{v}", "spend": 5000} for w in range(6) for v in "ab"]


def test_copy_variant_auto_learns_from_outcomes_in_scope(client, seeded):
    spend = _variant_history(seeded)
    auto = {**COPY, "variant": "auto", "spend": spend}
    mine = client("account_manager").http.post("/campaigns/copy", json=auto)
    assert mine.status_code == 200, mine.text
    body = mine.json()
    choice = body["variant_choice"]
    # the account manager sees only acc1's deal, which variant b brought: a brought them nothing
    assert choice["evidence"]["a"]["value"] == 0 and choice["evidence"]["b"]["value"] > 0
    assert choice["p_best"]["b"] > choice["p_best"]["a"]
    assert body["creative"].endswith(choice["variant"]) and body["grounding"]["ok"]
    admin = client("admin").http.post("/campaigns/copy", json=auto).json()["variant_choice"]
    assert admin["evidence"]["a"]["value"] > 0  # acc2's deal counts for someone who sees acc2
    again = client("account_manager").http.post("/campaigns/copy", json=auto).json()
    assert again["variant_choice"] == choice and again["text"] == body["text"]  # same history, same choice

    other = client("account_manager").http.post("/campaigns/copy", json={**auto, "account": "acc2"})
    assert other.status_code == 404 and "Secret" not in other.text
    no_spend = client("admin").http.post("/campaigns/copy", json={**COPY, "variant": "auto"})
    assert no_spend.status_code == 400 and "spend" in no_spend.text
    fixed = client("admin").http.post("/campaigns/copy", json={**COPY, "spend": spend})
    assert fixed.status_code == 400 and "auto" in fixed.text
    bad = client("admin").http.post("/campaigns/copy", json={**auto, "weights": {"likes": 1}})
    assert bad.status_code == 400 and "likes" in bad.text


def test_graphql_copy_variant_auto_like_rest(client, seeded):
    spend = _variant_history(seeded)
    q = """query($spend: [SpendRowInput!]) { copyText(account: "acc1", persona: "decision_maker", channel: "email",
           lang: "zh", variant: "auto", asOf: "2025-04-01", spend: $spend) }"""
    out = client("account_manager").data(q, spend=spend)["copyText"]
    rest = client("account_manager").http.post("/campaigns/copy", json={**COPY, "variant": "auto",
                                                                         "spend": spend}).json()
    assert out["variant_choice"] == rest["variant_choice"] and out["text"] == rest["text"]
    foreign = client("account_manager").gql(q.replace('"acc1"', '"acc2"'), spend=spend)
    assert foreign["errors"][0]["extensions"]["code"] == "NOT_FOUND"
