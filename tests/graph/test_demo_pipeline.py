"""`dealgraph demo load` with analysis, end to end through the CLI on a real Neo4j + GDS.

Three small accounts go through generate + ingest, then every analysis job; the test checks
that each job left its results in the graph (not just that the command exited 0).
"""

import json

import pytest
from typer.testing import CliRunner

from dealgraph.cli import app
from dealgraph.config import get_settings

pytestmark = pytest.mark.graph


def _one(graph, cypher: str, **params):
    return graph.read(cypher, **params)[0]


@pytest.fixture
def model_dir(tmp_path, monkeypatch):
    # Lead models are versioned on disk: keep this test's versions out of the user's registry.
    monkeypatch.setenv("DEALGRAPH_MODEL_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()
    yield tmp_path / "models"
    get_settings.cache_clear()


def test_demo_load_with_analysis_populates_every_job(graph, tmp_path, model_dir):
    res = CliRunner().invoke(app, ["demo", "load", "--accounts", "3", "--seed", "13", "--min-contacts", "8",
                                   "--max-contacts", "20", "--out", str(tmp_path / "demo"), "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output.strip().splitlines()[-1])
    steps = [s["step"] for s in report["analysis"]]
    assert steps == ["ID-mapping (graph mode)", "decision roles", "tender documents", "award history",
                     "tender match + competitors + rank", "lead scoring", "opportunity risk"]
    assert report["rejected"] == 0

    # ID-mapping: every source record resolved exactly once, with a score and its evidence.
    r = _one(graph, "MATCH (s:SourceRecord) OPTIONAL MATCH (s)-[r:RESOLVED_TO]->() "
                    "WITH s, count(r) AS n, collect(r)[0] AS r0 "
                    "RETURN count(s) AS records, sum(CASE WHEN n = 1 THEN 1 ELSE 0 END) AS once, "
                    "sum(CASE WHEN r0.score IS NOT NULL AND r0.evidence IS NOT NULL THEN 1 ELSE 0 END) AS explained")
    assert r["records"] > 0 and r["once"] == r["records"] and r["explained"] == r["records"]
    # Channel duplicates were merged: fewer goldens than records.
    golden = _one(graph, "MATCH (:SourceRecord)-[:RESOLVED_TO]->(g) RETURN count(DISTINCT g) AS n")["n"]
    assert golden < r["records"]

    # Decision roles: every contact of a CRM account classified, with confidence and evidence, all three roles.
    rows = graph.read("MATCH (c:Contact)-[:WORKS_IN]->(:Department)-[:PART_OF]->(:Account) "
                      "RETURN c.role AS role, c.role_confidence AS conf, c.role_evidence AS ev")
    assert rows and all(x["role"] in ("decision_maker", "influencer", "executor") for x in rows)
    assert all(0 <= x["conf"] <= 1 and x["ev"] for x in rows)
    assert {x["role"] for x in rows} == {"decision_maker", "influencer", "executor"}

    # Tenders: every demo notice stored with requirements, matched (status per requirement, a
    # capability where one covers it), scored, and given a win probability.
    notices = len(list((tmp_path / "demo" / "tenders").glob("*")))
    t = _one(graph, "MATCH (t:Tender)-[:HAS_REQUIREMENT]->(q:Requirement) WITH t, collect(q) AS qs "
                    "RETURN count(t) AS tenders, sum(CASE WHEN t.match_score IS NOT NULL "
                    "AND t.win_probability IS NOT NULL THEN 1 ELSE 0 END) AS scored, "
                    "sum(size([q IN qs WHERE q.match_status IS NULL])) AS unmatched")
    assert notices > 0 and t["tenders"] == notices == t["scored"] and t["unmatched"] == 0
    sat = _one(graph, "MATCH (:Requirement)-[s:SATISFIED_BY]->(:Capability) "
                      "RETURN count(s) AS n, collect(DISTINCT s.status) AS statuses")
    assert sat["n"] > 0 and set(sat["statuses"]) <= {"met", "partial", "unmet", "unknown"}
    assert "met" in sat["statuses"]
    assert _one(graph, "MATCH (:Company {self: true}) RETURN count(*) AS n")["n"] == 1

    # Leads: every lead has a calibrated score, a priority and reasons; a model version was saved.
    lead = _one(graph, "MATCH (l:Lead) RETURN count(l) AS n, "
                       "sum(CASE WHEN 0 <= l.score <= 1 AND l.priority IN ['A', 'B', 'C'] AND l.reasons <> '' "
                       "THEN 1 ELSE 0 END) AS scored")
    assert lead["n"] > 0 and lead["scored"] == lead["n"]
    assert any(model_dir.rglob("*")), "no lead model version saved"

    # Opportunities: every open one assessed for delay risk and win probability.
    opp = _one(graph, "MATCH (o:Opportunity) WHERE o.closed_won IS NULL RETURN count(o) AS open, "
                      "sum(CASE WHEN o.delay_risk IS NOT NULL AND o.win_probability IS NOT NULL "
                      "THEN 1 ELSE 0 END) AS assessed")
    assert opp["assessed"] == opp["open"]


def test_demo_load_no_analyse_only_loads(graph, tmp_path, model_dir):
    res = CliRunner().invoke(app, ["demo", "load", "--accounts", "3", "--seed", "13", "--min-contacts", "8",
                                   "--max-contacts", "12", "--out", str(tmp_path / "demo"), "--no-tender-docs",
                                   "--no-analyse", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output.strip().splitlines()[-1])["analysis"] == []
    assert _one(graph, "MATCH (c:Contact) WHERE c.role IS NOT NULL RETURN count(c) AS n")["n"] == 0
