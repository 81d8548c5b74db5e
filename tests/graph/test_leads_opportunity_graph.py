"""Graph mode of delay warnings: milestones from AT_STAGE, risk and win probability written back."""

import json

import pandas as pd
import pytest

from dealgraph.algorithms.opportunities.graph import assess_graph, graph_history

pytestmark = pytest.mark.graph
STAGES = ["需求确认", "方案验证", "商务谈判"]


def _rows():
    """Accounts in 'government' are slow (~100 d per stage), 'retail' fast (~25 d); due = entry + 70 d."""
    rows = []
    t0 = pd.Timestamp("2023-01-01")
    for i in range(40):
        slow = i % 2 == 1
        t = t0 + pd.Timedelta(days=7 * i)
        for k, st in enumerate(STAGES):
            rows.append({"opp": f"O{i}", "acc": "GOV" if slow else "RET", "stage": st, "sid": f"S{k}",
                         "entered": t.date().isoformat(), "due": (t + pd.Timedelta(days=70)).date().isoformat(),
                         "won": i % 3 != 0})
            t += pd.Timedelta(days=(100 + i % 7) if slow else (25 + i % 5))
        rows.append({"opp": f"O{i}", "acc": "GOV" if slow else "RET", "stage": "赢单" if i % 3 else "丢单",
                     "sid": "WON" if i % 3 else "LOST", "entered": t.date().isoformat(), "due": None,
                     "won": i % 3 != 0})
    for j, acc in enumerate(["GOV", "RET"]):
        rows.append({"opp": f"NEW{j}", "acc": acc, "stage": "方案验证", "sid": "S1", "entered": "2024-12-27",
                     "due": "2025-03-07", "won": None})
    return rows


def test_delay_warning_and_win_probability_on_graph(graph):
    graph.write("CREATE (:Account {id: 'GOV', industry: 'government'}), (:Account {id: 'RET', industry: 'retail'})")
    graph.write_batch("""
    UNWIND $rows AS r
    MATCH (a:Account {id: r.acc})
    MERGE (o:Opportunity {id: r.opp}) SET o.amount = 500000.0, o.closed_won = r.won
    MERGE (o)-[:FOR]->(a)
    MERGE (s:Stage {id: r.sid}) SET s.name = r.stage
    MERGE (o)-[x:AT_STAGE {entered: date(r.entered)}]->(s) SET x.due = CASE WHEN r.due IS NULL THEN null
                                                                      ELSE date(r.due) END
    """, _rows())
    hist = graph_history(graph)
    assert {"x_industry=government", "x_no_decision_maker_engaged"} <= set(hist.columns)
    info = assess_graph(graph, pd.Timestamp("2025-01-01"))
    assert info["open"] == 2 and info["warned"] == 1
    r = {x["id"]: x for x in graph.read("MATCH (o:Opportunity) WHERE o.id STARTS WITH 'NEW' RETURN o.id AS id, "
                                       "o.delay_warn AS warn, o.delay_days_ahead AS ahead, o.delay_risk AS p, "
                                       "o.delay_reasons AS reasons, o.win_probability AS win, o.current_stage AS st, "
                                       "o.win_history AS hist")}
    assert r["NEW0"]["warn"] and r["NEW0"]["ahead"] == 65 and r["NEW0"]["p"] > 0.8
    assert not r["NEW1"]["warn"] and r["NEW1"]["st"] == "方案验证"
    assert "industry is government" in r["NEW0"]["reasons"]
    assert 0 < r["NEW0"]["win"] < 1
    assert json.loads(r["NEW0"]["hist"])[-1] == {"at": "2024-12-27", "stage": "方案验证", "p": r["NEW0"]["win"]}
