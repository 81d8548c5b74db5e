"""Target mapping, column typing, ID and leakage detection on small hand-made tables."""

import numpy as np
import pandas as pd
import pytest

from dealgraph.algorithms.leads.tabular import (
    detect_leaks,
    map_target,
    profile_table,
    to_date,
    to_number,
    type_column,
)
from dealgraph.errors import InputError


@pytest.mark.parametrize("values,positive", [
    (["是", "否", "是"], "是"), (["won", "lost", "Won"], "won"), (["True", "False"], "True"),
    (["1", "0", "1.0"], "1"), (["yes", "no"], "yes"), (["赢单", "丢单"], "赢单"), (["2", "1"], "2"),
    (["Closed Won", "Closed Lost"], "Closed Won"), (["converted", "open"], "converted"),
])
def test_map_target_variants(values, positive):
    y, mapping = map_target(pd.Series(values + [None]))
    assert mapping[positive] == 1
    assert y.isna().sum() == 1
    assert set(y.dropna()) == {0.0, 1.0}


def test_map_target_rejects_unknown_and_single_class():
    with pytest.raises(InputError, match="neither a win nor a loss"):
        map_target(pd.Series(["a", "b", "c"]), "outcome")
    with pytest.raises(InputError, match="only one outcome"):
        map_target(pd.Series(["yes", "yes"]), "outcome")


def test_numbers_and_dates_parse_user_formats():
    assert to_number(pd.Series(["1,200", "¥3.5万", "45%", "2k", "abc"])).tolist()[:4] == [1200, 35000, 45, 2000]
    d = to_date(pd.Series(["2024年3月5日", "2024-03-06", "03/07/2024"]))
    assert d.dt.day.tolist() == [5, 6, 7]


def test_column_typing():
    n = 60
    rng = np.random.default_rng(0)
    assert type_column(pd.Series([f"L{i}" for i in range(n)]), "lead").kind == "id"
    assert type_column(pd.Series([str(i) for i in range(n)]), "row").kind == "id"
    assert type_column(pd.Series([f"{x:.2f}" for x in rng.normal(size=n)]), "budget").kind == "numeric"
    assert type_column(pd.Series(rng.choice(["金融", "制造", "教育"], n)), "行业").kind == "categorical"
    assert type_column(pd.Series([f"2024-01-{i % 28 + 1:02d}" for i in range(n)]), "created").kind == "date"
    assert type_column(pd.Series(["x"] * n), "const").kind == "constant"


def _table(n=300, seed=1):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    df = pd.DataFrame({
        "id": [f"A{i}" for i in range(n)],
        "pages": (rng.poisson(3, n) + 2 * y).astype(str),
        "closed_on": [f"2024-05-{i % 28 + 1:02d}" if yy else None for i, yy in enumerate(y)],
        "stage_code": np.where(y == 1, "S9", "S0"),  # alone predicts the outcome perfectly
        "note_x": np.where(rng.random(n) < 0.5, "a", "b"),
        "y": y.astype(str),
    })
    return df, y


def test_leak_detection_by_missingness_auc_and_name():
    df, y = _table()
    prof = profile_table(df, target="y")
    leaks = {lk.column: lk.reason for lk in detect_leaks(df, y, prof)}
    assert "closed_on" in leaks and "missingness" in leaks["closed_on"]
    assert "stage_code" in leaks and "AUC" in leaks["stage_code"]
    assert "pages" not in leaks and "note_x" not in leaks
    assert prof.columns["id"].kind == "id"


def test_leak_by_name_only():
    df, y = _table()
    df["Lead Status"] = np.random.default_rng(3).choice(["open", "nurture"], len(df))
    leaks = {lk.column for lk in detect_leaks(df, y, profile_table(df, target="y"))}
    assert "Lead Status" in leaks


def test_open_outcomes_are_rows_without_outcome():
    y, mapping = map_target(pd.Series(["won", "lost", "Open", "进行中", "won"]))
    assert mapping["Open"] == -1 and mapping["进行中"] == -1
    assert y.tolist()[:2] == [1.0, 0.0] and y.isna().tolist() == [False, False, True, True, False]


def test_unique_sentences_are_text_not_ids():
    notes = pd.Series([f"客户需要报价 and a demo #{i}" for i in range(40)])
    assert type_column(notes, "Comments").kind == "text"
    assert type_column(pd.Series([f"user{i}@x.com" for i in range(40)]), "Email").kind == "id"
