"""CSV writers escape cells a spreadsheet would run as formulas (one helper, every writer)."""

import csv

import pandas as pd
from typer.testing import CliRunner

from dealgraph.cli import app
from dealgraph.csvsafe import safe_cell
from tests.unit.test_opportunities_risk import constructed_history

EVIL = '=HYPERLINK("http://evil/","x")'


def test_safe_cell():
    for v in (EVIL, "+1+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(v) == "'" + v
    for v in ("-12.5", "+3", "1e-3", "华东电力", "a=b", "", 5, -5.0, None):
        assert safe_cell(v) == v


def _cells(path):
    with open(path, encoding="utf-8") as fh:
        return [c for row in csv.reader(fh) for c in row]


def test_opportunities_risk_out_escapes(tmp_path):
    hist = constructed_history()
    hist.loc[hist["opportunity_id"].str.startswith("NEW"), "owner"] = EVIL
    hist.loc[hist["opportunity_id"] == "NEW0", "opportunity_id"] = "@NEW0"
    src, out = tmp_path / "h.csv", tmp_path / "risk.csv"
    hist.to_csv(src, index=False)
    r = CliRunner().invoke(app, ["opportunities", "risk", "--history", str(src), "--out", str(out),
                                 "--as-of", "2024-06-01"])
    assert r.exit_code == 0, r.output
    cells = _cells(out)
    assert "'@NEW0" in cells and not any(c.startswith(("=", "@", "+")) for c in cells)


def test_leads_score_and_identity_resolve_escape(tmp_path):
    import numpy as np

    rng = np.random.default_rng(1)
    n = 80
    df = pd.DataFrame({"company": [EVIL if i % 4 == 0 else f"公司{i}" for i in range(n)],
                       "budget": rng.integers(1, 100, n), "won": rng.integers(0, 2, n)})
    df.to_csv(tmp_path / "t.csv", index=False)
    run = CliRunner()
    r = run.invoke(app, ["leads", "train", "-i", str(tmp_path / "t.csv"), "-t", "won", "--name", "csvsafe"])
    assert r.exit_code == 0, r.output
    r = run.invoke(app, ["leads", "score", "-i", str(tmp_path / "t.csv"), "-o", str(tmp_path / "s.csv"),
                         "--name", "csvsafe"])
    assert r.exit_code == 0, r.output
    cells = _cells(tmp_path / "s.csv")
    assert "'" + EVIL in cells and EVIL not in cells

    people = pd.DataFrame({"id": ["=1+1", "r2", "r3"], "name": ["张伟", "张伟", "Li Na"],
                           "phone": ["13800000000", "13800000000", "13900000000"]})
    people.to_csv(tmp_path / "p.csv", index=False)
    r = run.invoke(app, ["identity", "resolve", str(tmp_path / "p.csv"), "--id-column", "id",
                         "--out", str(tmp_path / "c.csv")])
    assert r.exit_code == 0, r.output
    cells = _cells(tmp_path / "c.csv")
    assert "'=1+1" in cells and "=1+1" not in cells
