"""ROI board numbers on a hand-built graph (costs by rule, split by amount; revenue by probability)."""

import pytest

from dealgraph.algorithms.roi import roi_board

pytestmark = pytest.mark.graph

SEED = """
CREATE (a:Account {id: 'A1', name: '华东电力'})
CREATE (b:Account {id: 'A2', name: 'Idle Co'})
CREATE (d:Department {id: 'D1'})-[:PART_OF]->(a)
CREATE (c:Contact {id: 'C1', name: '张伟'})-[:WORKS_IN]->(d)
CREATE (ps:User {id: 'U1', role: 'presales 售前'}), (s:User {id: 'U2', role: 'sales'})
CREATE (m:Interaction {id: 'I1', kind: 'meeting', duration_h: 2.0})-[:INVOLVES]->(c)
CREATE (m)-[:BY]->(ps)
CREATE (v:Interaction {id: 'I2', kind: 'site_visit'})-[:INVOLVES]->(c)
CREATE (v)-[:BY]->(s)
CREATE (:Lead {id: 'L1'})-[:LEAD_OF]->(c)
CREATE (:Tender {id: 'T1', bid_cost: 10000.0})-[:ISSUED_BY]->(a)
CREATE (:Tender {id: 'T2'})-[:ISSUED_BY]->(a)
CREATE (o1:Opportunity {id: 'O1', name: '数据中台', amount: 1000000.0, win_probability: 0.5})-[:FOR]->(a)
CREATE (o2:Opportunity {id: 'O2', name: '运维', amount: 3000000.0, closed_won: true})-[:FOR]->(a)
CREATE (o1)-[:AT_STAGE {entered: '2025-01-01'}]->(:Stage {id: 'S1', name: '需求确认'})
CREATE (o1)-[:AT_STAGE {entered: '2025-02-01'}]->(:Stage {id: 'S2', name: '方案验证'})
"""


def test_roi_board_shape_and_numbers(graph):
    graph.write(SEED)
    b = roi_board(graph, {"currency": "CNY"})
    assert set(b) == {"generated_at", "currency", "totals", "accounts", "opportunities"}
    assert set(b["totals"]) == {"cost", "expected_revenue", "realised_revenue", "roi"}
    cost = 2 * 800 + (6 * 500 + 3000) + 200 + 10000  # presales meeting, site visit + travel, lead, bid
    assert b["totals"]["cost"] == cost
    assert b["totals"]["expected_revenue"] == 3_500_000 and b["totals"]["realised_revenue"] == 3_000_000
    assert b["totals"]["roi"] == pytest.approx((3_500_000 - cost) / cost, abs=1e-4)
    [acc] = b["accounts"]  # the idle account has neither cost nor opportunities
    assert set(acc) == {"account_id", "name", "cost", "expected_revenue", "realised_revenue", "roi", "opportunities"}
    assert acc["opportunities"] == 2 and acc["name"] == "华东电力"
    opps = {o["opportunity_id"]: o for o in b["opportunities"]}
    assert set(opps["O1"]) == {"opportunity_id", "account_id", "name", "stage", "cost", "amount", "win_probability",
                               "expected_revenue", "realised_revenue"}
    assert opps["O1"]["stage"] == "方案验证" and opps["O1"]["cost"] == cost * 0.25
    assert opps["O2"]["win_probability"] == 1.0 and opps["O2"]["realised_revenue"] == 3_000_000
    assert roi_board(graph, {"sales_hour": 1000})["totals"]["cost"] == cost + 6 * 500
