"""`dealgraph viz decision-chain|roi` write complete pages; bad input is one clear error."""

import json
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dealgraph.cli import app
from dealgraph.errors import InputError, NotFound

sys.path.insert(0, str(Path(__file__).parents[1] / "e2e"))
from roi_sample import sample_board

pytestmark = pytest.mark.graph
runner = CliRunner()


def test_decision_chain_command_writes_the_page(graph, tmp_path):
    graph.write("""
        CREATE (a:Account {id: 'A9', name: '测试集团'})
        CREATE (d:Department {id: 'D9', name: '采购部'})-[:PART_OF]->(a)
        CREATE (b:Contact {id: 'boss', name: '王总', title: '总经理', role: 'decision_maker', role_confidence: 0.8})
               -[:WORKS_IN]->(d)
        CREATE (s:Contact {id: 'staff', name: '李工', title: '工程师'})-[:WORKS_IN]->(d)
        CREATE (s)-[:REPORTS_TO]->(b)""")
    out = tmp_path / "chain.html"
    res = runner.invoke(app, ["viz", "decision-chain", "A9", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "2 contacts" in res.output
    page = out.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script id="dg-data" type="application/json">(.*?)</script>', page,
                                re.DOTALL).group(1))
    assert {n["name"] for n in data["nodes"] if n["kind"] == "contact"} == {"王总", "李工"}

    res = runner.invoke(app, ["viz", "decision-chain", "NOPE", "--out", str(tmp_path / "x.html")])
    assert isinstance(res.exception, NotFound) and "NOPE" in str(res.exception)


def test_roi_command_from_a_saved_board(tmp_path):
    board = tmp_path / "board.json"
    board.write_text(json.dumps(sample_board(3), ensure_ascii=False), encoding="utf-8")
    res = runner.invoke(app, ["viz", "roi", "--board", str(board), "--out", str(tmp_path / "roi.html")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "roi.html").read_text(encoding="utf-8").count("<tr data-account-id=") == 3
    board.write_text("{not json", encoding="utf-8")
    res = runner.invoke(app, ["viz", "roi", "--board", str(board)])
    assert isinstance(res.exception, InputError) and "line 1" in str(res.exception)
