"""Stage stays read from a history: each is sized by the amount known when it began, not by the closing row's."""

from __future__ import annotations

import pandas as pd
from test_opportunities_forecast import _repriced_history

from dealgraph.algorithms.opportunities.history import episodes, load_history
from dealgraph.algorithms.opportunities.win import win_timeline


def test_closing_reprice_does_not_size_past_stays():
    """Every won deal is re-priced x5 on the row that closes it while winning does not depend on the amount
    carried while open: the past stays keep the pipeline amount, and the win model, which read the won value
    back as a size ('big deals win'), gives open big and small deals alike."""
    hist = load_history(_repriced_history())
    as_of = pd.Timestamp("2024-01-15")
    eps = episodes(hist, as_of)
    raw = _repriced_history()
    first = raw.groupby("opportunity_id")["amount"].first()
    won = [e for e in eps if e.outcome == "won"]
    assert won and all(e.amount == first[e.opportunity_id] for e in won)
    # a row that records no amount keeps the last one recorded before it; none before: unknown
    h = load_history(pd.DataFrame([
        {"opportunity_id": "X", "stage": "a", "entered_at": "2024-01-01"},
        {"opportunity_id": "X", "stage": "b", "entered_at": "2024-01-05", "amount": 100.0},
        {"opportunity_id": "X", "stage": "c", "entered_at": "2024-01-09"},
        {"opportunity_id": "X", "stage": "won", "entered_at": "2024-01-12", "amount": 900.0}]))
    amounts = [e.amount for e in episodes(h, pd.Timestamp("2024-02-01"))]
    assert pd.isna(amounts[0]) and amounts[1:] == [100.0, 100.0]
    res = win_timeline(hist, as_of)
    cur = pd.Series(res.current)
    size = pd.Series({e.opportunity_id: e.amount for e in eps if e.outcome is None})
    big, small = cur[size >= size.quantile(0.7)].mean(), cur[size <= size.quantile(0.3)].mean()
    assert abs(big - small) < 0.1, (small, big)
