"""Cypher of opportunity delay risk and win probability in graph mode (algorithms/opportunities/graph.py):
stage history, account covariates, and the assessment written back onto (:Opportunity)."""

from __future__ import annotations

from .scope import contact_in_account

HISTORY = """
MATCH (o:Opportunity)-[r:AT_STAGE]->(s:Stage)
OPTIONAL MATCH (o)-[:FOR]->(a:Account)
OPTIONAL MATCH (o)-[:OWNED_BY]->(u:User)
RETURN o.id AS opportunity_id, coalesce(s.name, s.id) AS stage, toString(r.entered) AS entered_at,
       toString(r.due) AS due_at, o.amount AS amount, coalesce(u.id, o.owner_id) AS owner, a.id AS account,
       o.closed_won AS closed_won, o.currency AS currency
"""

ACCOUNT_FACTS = f"""
MATCH (a:Account)<-[:FOR]-(:Opportunity)
WITH DISTINCT a
RETURN a.id AS account, a.industry AS industry,
       EXISTS {{ (i:Interaction)-[:INVOLVES]->{contact_in_account("c:Contact {role: 'decision_maker'}", "a")}
                WHERE i.meeting_type IN ['approval', 'procurement'] }} AS dm_engaged
"""

WRITE = """
UNWIND $rows AS r
MATCH (o:Opportunity {id: r.id})
SET o.current_stage = r.stage, o.stage_due = r.due, o.delay_risk = r.p, o.delay_warn = r.warn,
    o.delay_days_ahead = r.days_ahead, o.delay_reasons = r.reasons, o.delay_model = r.model,
    o.win_probability = r.win, o.win_history = r.win_history, o.assessed_at = datetime(r.at)
"""
