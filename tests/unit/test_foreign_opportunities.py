"""Stage-history exports of other shapes: Salesforce-like English and a GB18030 Chinese CRM export.

Both fixture files hold the same 45 opportunities (the Chinese one with 商机编号/阶段/进入日期/
预计成交日期, 商机金额（万元）, Chinese stage names and 2024年5月1日 dates), so every risk figure
must come out the same from either.
"""

from pathlib import Path

import pandas as pd
import pytest

from dealgraph.algorithms.opportunities.history import load_history
from dealgraph.algorithms.opportunities.risk import assess_risk
from dealgraph.algorithms.opportunities.win import win_timeline
from dealgraph.errors import InputError

FOREIGN = Path(__file__).resolve().parents[1] / "fixtures" / "foreign"
AS_OF = pd.Timestamp("2025-01-31")


def test_salesforce_and_chinese_exports_give_the_same_risks():
    en = load_history(FOREIGN / "sf_stage_history.csv")
    zh = load_history(FOREIGN / "cn_stage_history_gbk.csv")
    assert en.attrs["source_columns"]["entered_at"] == "Stage Start Date"
    assert zh.attrs["source_columns"]["due_at"] == "预计成交日期"
    assert zh["amount"].max() == en["amount"].max() > 10_000  # 商机金额（万元） scaled to yuan
    r_en, r_zh = assess_risk(en, AS_OF), assess_risk(zh, AS_OF)
    assert len(r_en.rows) == len(r_zh.rows) > 10
    cols = ["due_at", "p_overrun", "warn"]
    pd.testing.assert_frame_equal(r_en.rows[cols].reset_index(drop=True), r_zh.rows[cols].reset_index(drop=True))
    assert r_en.rows["due_at"].notna().all()  # Close Date / 预计成交日期 read as due dates
    w_en, w_zh = win_timeline(en, AS_OF), win_timeline(zh, AS_OF)
    assert list(w_en.rows["win_probability"]) == list(w_zh.rows["win_probability"])


def test_entry_date_found_by_its_values_when_the_header_is_unknown(tmp_path):
    df = pd.read_csv(FOREIGN / "sf_stage_history.csv", dtype=str).rename(columns={"Stage Start Date": "Timestamp"})
    df.to_csv(tmp_path / "h.csv", index=False)
    notes: list[str] = []
    hist = load_history(tmp_path / "h.csv", notes=notes)
    assert hist.attrs["source_columns"]["entered_at"] == "Timestamp"
    assert any("'Timestamp'" in n for n in notes)


@pytest.mark.parametrize(("body", "needle"), [
    ("Deal,Status,Amount\nD1,Open,5\n", "h.csv line 1: no column for 'stage', 'entered_at'"),
    ("Opportunity ID,Stage,Stage Start Date\nO1,Prospecting,2024-01-02\nO1,,2024-02-01\n",
     "h.csv row 3: column 'Stage' (stage) is empty"),
    ("Opportunity ID,Stage,Stage Start Date\nO1,Prospecting,2024-01-02\nO1,Proposal,soon\n",
     "h.csv row 3: column 'Stage Start Date' (the date the stage was entered) holds 'soon'"),
])
def test_errors_name_the_row_and_the_users_column(tmp_path, body, needle):
    (tmp_path / "h.csv").write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_history(tmp_path / "h.csv")
    assert needle in str(e.value)


def test_unreadable_due_dates_are_noted_and_the_row_kept(tmp_path):
    (tmp_path / "h.csv").write_text("Deal ID,Deal Stage,Stage Start Date,Expected Close Date\n"
                                    "D1,Prospecting,2024-01-02,TBD\nD1,Proposal,2024-02-01,2024-03-01\n",
                                    encoding="utf-8")
    notes: list[str] = []
    hist = load_history(tmp_path / "h.csv", notes=notes)
    assert len(hist) == 2
    assert any("row 2: column 'Expected Close Date' holds 'TBD'" in n for n in notes)


def test_salesforce_field_history_export():
    """Opportunity ID, Field / Event, Old Value, New Value, Edit Date: only the Stage rows are stage entries."""
    notes: list[str] = []
    hist = load_history(FOREIGN / "sf_field_history.csv", notes=notes)
    assert list(hist["stage"]) == ["Prospecting", "Qualification", "Closed Won", "Prospecting", "Closed Lost",
                                   "Prospecting"]
    assert hist.attrs["source_columns"]["stage"] == "New Value"
    assert hist.attrs["source_columns"]["entered_at"] == "Edit Date"
    assert list(hist["final"].fillna("")) == ["", "", "won", "", "lost", ""]
    assert any("kept the 6 stage changes of 9 rows" in n for n in notes)


def test_error_rows_are_file_lines_after_filtering(tmp_path):
    text = (FOREIGN / "sf_field_history.csv").read_text(encoding="utf-8").replace("2/10/2024", "someday")
    (tmp_path / "h.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"h.csv row 8: column 'Edit Date' .* holds 'someday'"):
        load_history(tmp_path / "h.csv")


@pytest.mark.parametrize(("stage", "outcome"), [
    ("已签约", "won"), ("合同签订", "won"), ("Contract Signed", "won"), ("PO Received", "won"),
    ("Abandoned", "lost"), ("No Bid", "lost"), ("作废", "lost"), ("已终止", "lost"),
    ("签约谈判", None), ("Contract Negotiation", None), ("搁置", None),
])
def test_final_stage_words_of_other_crms(stage, outcome):
    from dealgraph.algorithms.opportunities.history import stage_outcome

    assert stage_outcome(stage) == outcome
