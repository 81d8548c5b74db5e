"""A small hand-built world for the account sandbox: one account (ACME) with an org chart, meetings and
an open deal, plus 30 other accounts whose closed deals teach the win model that deals where a decision
maker met us in approval meetings are won more often. Dates are fixed; AS_OF is passed explicitly."""

from __future__ import annotations

AS_OF = "2026-06-01"

ACME = """
CREATE (a:Account {id: 'ACME', name: '华东精工', industry: 'manufacturing'})
CREATE (u:User {id: 'u1', name: '刘销售'})-[:OWNS]->(a)
CREATE (lead:Department {id: 'ACME-D0', name: '总经办'})-[:PART_OF]->(a)
CREATE (it:Department {id: 'ACME-D1', name: '信息中心'})-[:PART_OF]->(a)
CREATE (buy:Department {id: 'ACME-D2', name: '采购部'})-[:PART_OF]->(a)
CREATE (c1:Contact {id: 'c1', name: '王建国', title: '总经理', account_id: 'ACME'})-[:WORKS_IN]->(lead)
CREATE (c2:Contact {id: 'c2', name: '李明', title: '首席信息官', account_id: 'ACME',
                    role: 'decision_maker'})-[:WORKS_IN]->(it)
CREATE (c3:Contact {id: 'c3', name: '张强', title: '信息中心副主任', account_id: 'ACME'})-[:WORKS_IN]->(it)
CREATE (c4:Contact {id: 'c4', name: 'Kevin Zhao', title: 'Systems Engineer', account_id: 'ACME'})-[:WORKS_IN]->(it)
CREATE (c5:Contact {id: 'c5', name: '陈静', title: '采购部经理', account_id: 'ACME'})-[:WORKS_IN]->(buy)
CREATE (c6:Contact {id: 'c6', name: 'Amy Sun', title: '工程师', account_id: 'ACME'})-[:WORKS_IN]->(it)
CREATE (c2)-[:REPORTS_TO]->(c1), (c3)-[:REPORTS_TO]->(c2), (c4)-[:REPORTS_TO]->(c3), (c6)-[:REPORTS_TO]->(c3),
       (c5)-[:REPORTS_TO]->(c1)
CREATE (c3)-[:KNOWS {strength: 0.8, kind: 'colleague'}]->(c1)
CREATE (i1:Interaction {id: 'acme-i1', kind: 'meeting', meeting_type: 'approval', topic: '项目立项审批',
                        at: datetime('2026-05-10T02:00:00Z')})
CREATE (i2:Interaction {id: 'acme-i2', kind: 'meeting', meeting_type: 'technical', topic: '技术方案交流',
                        at: datetime('2026-05-12T02:00:00Z')})
CREATE (i1)-[:INVOLVES]->(c2), (i1)-[:BY]->(u), (i2)-[:INVOLVES]->(c3), (i2)-[:INVOLVES]->(c4), (i2)-[:BY]->(u)
CREATE (o:Opportunity {id: 'ACME-OPP', name: 'MES 升级', amount: 800000.0})-[:FOR]->(a)
"""

OTHERS = """
UNWIND $accounts AS r
CREATE (a:Account {id: r.id, name: r.id, industry: 'manufacturing'})
CREATE (d:Department {id: r.id + '-D', name: 'IT'})-[:PART_OF]->(a)
CREATE (c:Contact {id: r.id + '-dm', name: 'DM ' + r.id, title: 'CIO', role: 'decision_maker',
                   account_id: r.id})-[:WORKS_IN]->(d)
FOREACH (_ IN CASE WHEN r.engaged THEN [1] ELSE [] END |
  CREATE (:Interaction {id: r.id + '-i', kind: 'meeting', meeting_type: 'approval'})-[:INVOLVES]->(c))
"""

DEALS = """
UNWIND $rows AS r
MATCH (a:Account {id: r.account})
MERGE (o:Opportunity {id: r.o}) SET o.amount = r.amount
MERGE (o)-[:FOR]->(a)
MERGE (s:Stage {name: r.stage})
CREATE (o)-[:AT_STAGE {entered: date(r.d)}]->(s)
"""

STAGES = ["初步接洽", "方案", "谈判"]


def _deal(oid: str, account: str, start_month: int, outcome: str | None, amount: float) -> list[dict]:
    days = [f"2025-{start_month:02d}-01", f"2025-{start_month:02d}-20", f"2025-{start_month + 1:02d}-15"]
    rows = [{"o": oid, "account": account, "stage": s, "d": d, "amount": amount} for s, d in zip(STAGES, days)]
    if outcome:
        rows.append({"o": oid, "account": account, "stage": outcome, "d": f"2025-{start_month + 2:02d}-10",
                     "amount": amount})
    return rows


def seed(graph) -> None:
    graph.write(ACME)
    accounts = [{"id": f"B{i:02d}", "engaged": i % 2 == 0} for i in range(30)]
    graph.write(OTHERS, accounts=accounts)
    rows: list[dict] = []
    for i, acc in enumerate(accounts):
        # engaged accounts: 4 of 5 deals won; the others: 1 of 5 (deterministic pattern, no dice)
        won = (i // 2) % 5 != 0 if acc["engaged"] else (i // 2) % 5 == 0
        rows += _deal(f"D{i:02d}a", acc["id"], 1 + i % 9, "赢单" if won else "丢单", 200000.0 + 10000 * i)
        won2 = (i // 2) % 5 != 1 if acc["engaged"] else (i // 2) % 5 == 1
        rows += _deal(f"D{i:02d}b", acc["id"], 2 + i % 8, "赢单" if won2 else "丢单", 300000.0 + 5000 * i)
    rows += [{"o": "ACME-OPP", "account": "ACME", "stage": s, "d": d, "amount": 800000.0}  # open, in 方案
             for s, d in (("初步接洽", "2026-04-01"), ("方案", "2026-04-20"))]
    graph.write_batch(DEALS, rows)

AWARDS = """
CREATE (us:Company {id: 'us', name: '我司', self: true})
CREATE (rival:Company {id: 'rival', name: 'Acme Soft'})
WITH us, rival
UNWIND range(1, 6) AS i
CREATE (t:Tender {id: 'award-' + toString(i), industry: 'manufacturing', deadline: '2025-0' + toString(i) + '-01'})
WITH t, i, us, rival
FOREACH (_ IN CASE WHEN i <= 2 THEN [1] ELSE [] END | CREATE (t)-[:AWARDED_TO]->(us))
FOREACH (_ IN CASE WHEN i > 2 THEN [1] ELSE [] END | CREATE (t)-[:AWARDED_TO]->(rival))
"""


def seed_awards(graph) -> None:
    """Award history in ACME's industry: we won 2, Acme Soft 4."""
    graph.write(AWARDS)
