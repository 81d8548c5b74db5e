"""The ROI page as HTML: every number from the board is on the page, exactly and formatted."""

import re
import sys
from pathlib import Path

from dealgraph.viz import render_roi_page

sys.path.insert(0, str(Path(__file__).parents[1] / "e2e"))
from roi_sample import sample_board


def test_offline_and_totals_present():
    board = sample_board()
    page = render_roi_page(board)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    for key in ("cost", "expected_revenue", "realised_revenue", "roi"):
        assert f'data-total="{key}" data-value="{float(board["totals"][key])!r}"' in page
    assert f"¥{board['totals']['cost']:,.2f}" in page
    assert f"{board['totals']['roi'] * 100:.1f}%" in page


def test_every_account_and_opportunity_has_a_row_and_bars():
    board = sample_board()
    page = render_roi_page(board)
    assert page.count("<tr data-account-id=") == len(board["accounts"])
    assert page.count("<tr data-opportunity-id=") == len(board["opportunities"])
    assert page.count('data-series="cost"') == len(board["accounts"]) + len(board["opportunities"])
    assert page.count("<circle") == len(board["opportunities"])
    assert "华东电力集团" in page and "需求确认" in page


def test_missing_values_and_hostile_names_do_not_break_it():
    board = {"currency": "USD", "totals": {"cost": None}, "accounts": [
        {"account_id": "X", "name": "<img src=x onerror=alert(1)>", "cost": 10, "expected_revenue": None}],
        "opportunities": []}
    page = render_roi_page(board)
    assert "<img src=x" not in page and "&lt;img" in page
    assert 'data-total="cost" data-value=""' in page and "$10.00" in page
