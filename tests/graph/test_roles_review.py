"""The review loop: lowest-margin contacts listed, answers stored with who/when, kept on re-run, and a
re-run on unchanged input leaves the graph as it was."""

import json

import pytest

from tests.graph.test_roles_cli import CONTACTS, EDGES, dealgraph

pytestmark = pytest.mark.graph


def _load(tmp_path) -> None:
    (tmp_path / "org.csv").write_text(CONTACTS, encoding="utf-8")
    (tmp_path / "edges.csv").write_text(EDGES, encoding="utf-8")
    run = dealgraph("roles", "classify", "--contacts", str(tmp_path / "org.csv"), "--edges", str(tmp_path / "edges.csv"),
                    "--json")
    assert run.returncode == 0, run.stderr


def _snapshot(graph) -> list[dict]:
    return graph.read("MATCH (c:Contact) WHERE c.id STARTS WITH 'file:org:' "
                      "RETURN c.id AS id, properties(c) AS p ORDER BY id")


def test_review_lists_lowest_margin_first_and_skips_confirmed(graph, tmp_path):
    _load(tmp_path)
    rows = json.loads(dealgraph("roles", "review", "--account", "file:org", "--limit", "20", "--json").stdout)
    margins = [r["margin"] for r in rows]
    assert margins == sorted(margins) and len(rows) == 11
    assert all(0 <= m <= 1 for m in margins) and margins[0] < margins[-1]
    first = rows[0]["id"]
    assert dealgraph("roles", "label", first, "executor", "--by", "mei").returncode == 0
    again = json.loads(dealgraph("roles", "review", "--account", "file:org", "--limit", "3", "--json").stdout)
    assert len(again) == 3 and first not in {r["id"] for r in again}


@pytest.mark.parametrize("answers, expect", [
    ("\n", {"confirmed": 1, "corrected": 0}),          # Enter confirms the predicted role
    ("d\n", {"confirmed": 0, "corrected": 1}),         # a correction (unless it already was a DM)
    ("s\n", {"confirmed": 0, "corrected": 0}),         # skip stores nothing
])
def test_review_ask_stores_who_when_and_what_the_model_said(graph, tmp_path, answers, expect):
    from typer.testing import CliRunner

    from dealgraph.cli import app

    _load(tmp_path)
    top = json.loads(dealgraph("roles", "review", "--account", "file:org", "--limit", "1", "--json").stdout)[0]
    if answers == "d\n" and top["role"] == "decision_maker":
        answers = "e\n"
    result = CliRunner().invoke(app, ["roles", "review", "--account", "file:org", "--limit", "1", "--ask",
                                      "--by", "mei"], input=answers)
    assert result.exit_code == 0, result.output
    row = graph.read("MATCH (c:Contact {id: $id}) RETURN c.role_label AS label, c.role_label_by AS by, "
                     "c.role_label_at AS at, c.role_label_predicted AS before, c.role AS role", id=top["id"])[0]
    stored = expect["confirmed"] + expect["corrected"]
    if not stored:
        assert row["label"] is None and row["role"] == top["role"]
        return
    assert row["by"] == "mei" and row["at"].endswith("Z") and row["before"] == top["role"]
    assert (row["label"] == top["role"]) == bool(expect["confirmed"])
    assert f"{expect['corrected']} correction(s)" in result.output


def test_correction_kept_and_rerun_on_unchanged_input_changes_nothing(graph, tmp_path):
    _load(tmp_path)
    # 4 (Head of Procurement) is an influencer by the semantics; the user says decision maker.
    assert dealgraph("roles", "label", "file:org:4", "decision_maker", "--by", "mei", "--note", "signs POs").returncode == 0
    first = json.loads(dealgraph("roles", "classify", "--account", "file:org", "--model", "rule", "--json").stdout)
    got = {r["id"]: r for r in first}
    assert got["file:org:4"]["role"] == "decision_maker" and got["file:org:4"]["role_confidence"] == 1.0
    assert got["file:org:4"]["role_evidence"][0] == "confirmed by mei as decision maker"
    before = _snapshot(graph)
    _load(tmp_path)  # the same files again, then classify again
    dealgraph("roles", "classify", "--account", "file:org", "--model", "rule", "--json")
    assert _snapshot(graph) == before
    row = graph.read("MATCH (c:Contact {id: 'file:org:4'}) RETURN c.role AS r, c.role_label_note AS n, "
                     "c.role_label_predicted AS p")[0]
    assert row == {"r": "decision_maker", "n": "signs POs", "p": "influencer"}


def test_reload_of_a_changed_file_keeps_labels_and_drops_what_the_file_no_longer_has(graph, tmp_path):
    _load(tmp_path)
    assert dealgraph("roles", "label", "file:org:5", "influencer", "--by", "mei").returncode == 0
    # 10 leaves, 7 now reports to 3 instead of 5, 6 no longer advises anyone.
    changed = "\n".join(line.replace(",信息中心,5,", ",信息中心,3,") if line.startswith("7,") else line
                        for line in CONTACTS.splitlines() if not line.startswith("10,")) + "\n"
    (tmp_path / "org.csv").write_text(changed, encoding="utf-8")
    (tmp_path / "edges.csv").write_text("source,target,kind,weight\n6,8,friend,0.6\n", encoding="utf-8")
    run = dealgraph("roles", "classify", "--contacts", str(tmp_path / "org.csv"), "--edges", str(tmp_path / "edges.csv"),
                    "--json")
    assert run.returncode == 0, run.stderr
    got = graph.read("MATCH (c:Contact) WHERE c.id STARTS WITH 'file:org:' "
                     "OPTIONAL MATCH (c)-[:REPORTS_TO]->(m) RETURN c.id AS id, m.id AS boss, c.role_label AS label")
    by = {r["id"]: r for r in got}
    assert "file:org:10" not in by and by["file:org:7"]["boss"] == "file:org:3"
    assert by["file:org:5"]["label"] == "influencer"
    kinds = graph.read("MATCH (:Contact {id: 'file:org:6'})-[k:KNOWS]->(o) RETURN k.kind AS k, o.id AS o")
    assert kinds == [{"k": "friend", "o": "file:org:8"}]


def test_an_answer_in_one_account_teaches_the_same_reason_in_another(graph, tmp_path):
    _load(tmp_path)
    (tmp_path / "other.csv").write_text(CONTACTS, encoding="utf-8")
    assert dealgraph("roles", "classify", "--contacts", str(tmp_path / "other.csv"), "--json").returncode == 0
    before = graph.read("MATCH (c:Contact {id: 'file:other:4'}) RETURN c.role AS role, c.role_confidence AS conf, "
                        "c.role_reason AS reason")[0]
    assert before["reason"] and before["role"] == "influencer"
    # A user says the org chart's head of procurement is only an executor.
    assert dealgraph("roles", "label", "file:org:4", "executor", "--by", "mei").returncode == 0
    got = {r["id"]: r for r in json.loads(dealgraph("roles", "classify", "--account", "file:other", "--model", "rule",
                                                    "--json").stdout)}["file:other:4"]
    assert got["role"] == "influencer" and got["role_confidence"] < before["conf"]  # one answer only nudges
    assert any(f"1 other '{before['reason']}' case(s): 1 executor" in e for e in got["role_evidence"])
