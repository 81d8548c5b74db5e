"""`dealgraph roles classify --contacts` on HR exports of other shapes, with no edges file.

The expected roles follow the product's purchase semantics for an IT purchase (README,
"Decision chain"), written by hand: the top and the executive over IT sign; the other
executives and the heads (and deputies) of IT, procurement and finance influence; the rest
execute. The test asserts the clear seats and a macro-F1 over everybody.
"""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.graph

FOREIGN = Path(__file__).resolve().parents[1] / "fixtures" / "foreign"
DM, INF, EXE = "decision_maker", "influencer", "executor"
TRUTH_EN = {"E1001": DM, "E1005": DM, "E1002": INF, "E1003": INF, "E1004": INF, "E1006": INF, "E1007": INF,
            "E1009": INF}
TRUTH_ZH = {"A001": DM, "A002": DM, "A003": INF, "A004": INF, "A005": INF, "A010": INF, "A016": INF}


def classify(path: Path) -> dict[str, dict]:
    from typer.testing import CliRunner

    from dealgraph.cli import app

    result = CliRunner().invoke(app, ["roles", "classify", "--contacts", str(path), "--json"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    return {r["id"]: r for r in json.loads(text[text.index("["):])}


def macro_f1(truth: dict[str, str], got: dict[str, dict]) -> float:
    f1s = []
    for role in (DM, INF, EXE):
        tp = sum(1 for c, r in truth.items() if r == role and got[c]["role"] == role)
        fp = sum(1 for c, r in truth.items() if r != role and got[c]["role"] == role)
        fn = sum(1 for c, r in truth.items() if r == role and got[c]["role"] != role)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / 3


def full_truth(known: dict[str, str], got: dict[str, dict]) -> dict[str, str]:
    return {c: known.get(c, EXE) for c in got}


@pytest.mark.parametrize(("name", "truth"), [("hr_org_en.csv", TRUTH_EN), ("hr_org_zh_gbk.csv", TRUTH_ZH)])
def test_hr_export_roles_are_sensible(graph, name, truth):
    got = classify(FOREIGN / name)
    assert len(got) == {"hr_org_en.csv": 24, "hr_org_zh_gbk.csv": 21}[name]  # no row lost
    everyone = full_truth(truth, got)
    assert macro_f1(everyone, got) >= 0.8
    top = next(iter(got.values()))
    assert top["role"] == DM and top["role_confidence"] >= 0.9
    for row in got.values():
        assert row["role_evidence"] and 0 < row["role_confidence"] <= 1


def test_procurement_heads_influence_even_deep_in_the_chart(graph):
    got = classify(FOREIGN / "hr_org_en.csv")
    head = got["E1006"]  # Head of Purchasing, 3 levels below the CEO, under an SVP of supply chain
    assert head["role"] == INF
    assert "heads procurement" in head["role_evidence"][0]
    assert "owns the IT budget" in got["E1005"]["role_evidence"][0]
    assert got["E1012"]["role"] == EXE and got["E1021"]["role"] == EXE  # Buyer, Intern


def test_manager_by_name_without_ids_gives_the_same_roles(graph):
    by_id = classify(FOREIGN / "hr_org_en.csv")
    by_name = classify(FOREIGN / "hr_org_en_names.csv")
    names = {"E1001": "Margaret Chen", "E1006": "Tom Becker", "E1011": "Maria Santos", "E1012": "Ben Carter"}
    for pid, name in names.items():
        assert by_name[name]["role"] == by_id[pid]["role"]
    assert any("reports to" in e for e in by_name["Tom Becker"]["role_evidence"])
