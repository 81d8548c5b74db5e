"""Both scoring paths: calibrated gradient boosting with enough outcomes, the BANT rule without."""

import numpy as np
import pandas as pd
import pytest

from dealgraph.algorithms.leads.bant import BantColumns, BantScales, bant_scores, map_bant_columns, seniority
from dealgraph.algorithms.leads.model import expected_calibration_error, train_lead_model
from dealgraph.algorithms.leads.scoring import score_table
from dealgraph.demo.leads_table import generate
from dealgraph.errors import InputError


def _as_export(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype(str).replace({"": np.nan, "nan": np.nan})


@pytest.fixture(scope="module")
def cn():
    return _as_export(generate("cn", 700, seed=3))


@pytest.fixture(scope="module")
def trained(cn):
    return train_lead_model(cn, "是否成交", "线索编号")


def test_ml_path_reports_honest_metrics_and_excludes(trained):
    m = trained.model
    assert m.kind == "xgboost+calibration"
    assert m.metrics["cross_validated"] and m.metrics["auc"] > 0.8 and m.metrics["ece"] < 0.08
    assert "关单日期" in m.excluded and "leakage" in m.excluded["关单日期"]
    assert "线索编号" in m.excluded
    assert m.target_mapping == {"是": 1, "否": 0}


def test_scoring_keeps_order_and_explains(trained, cn):
    new = cn.drop(columns=["是否成交"]).iloc[::-1].head(50).copy()
    new["brand_new_col"] = "x"
    out, warns = score_table(new, trained.model)
    assert out["线索编号"].tolist() == new["线索编号"].tolist()
    assert out["score"].between(0, 1).all() and set(out["priority"]) <= {"A", "B", "C"}
    assert any("brand_new_col" in w for w in warns)
    assert all("the score" in r for r in out["reasons"])
    # the leaky column does not need to be present at scoring time
    score_table(new.drop(columns=["关单日期"]), trained.model)


def test_missing_training_column_is_named(trained, cn):
    with pytest.raises(InputError, match="'浏览页面数'"):
        score_table(cn.drop(columns=["浏览页面数"]), trained.model)


def test_keep_column_overrides_leak(cn):
    rep = train_lead_model(cn.head(300), "是否成交", "线索编号", keep_columns=["关单日期"])
    assert "关单日期" in rep.model.used_columns and "关单日期" not in rep.model.excluded


def test_few_outcomes_uses_bant_rule_and_says_so():
    df = _as_export(generate("en", 400, seed=5))
    small = pd.concat([df[df.Converted == "Yes"].head(12), df[df.Converted == "No"].head(25)])
    rep = train_lead_model(small, "Converted")
    m = rep.model
    assert m.kind == "bant-rule" and "fewer than 20" in m.note
    out, _ = score_table(df.drop(columns=["Converted"]).head(40), m)
    assert all(r.startswith("BANT rule") for r in out["reasons"])
    # the rule carries signal on unseen leads: won leads score higher on average
    full, _ = score_table(df, m)
    assert full.loc[df.Converted == "Yes", "score"].mean() > full.loc[df.Converted == "No", "score"].mean() + 0.05


def test_bant_subscores_on_hand_rows():
    df = pd.DataFrame({"title": ["CEO", "实习生", None], "budget": ["100万", "1万", None],
                       "pages_visited": ["20", "0", None], "purchase_date": ["2024-02-01", "2026-01-01", None],
                       "created_at": ["2024-01-15", "2024-01-15", "2024-01-15"]})
    cols = map_bant_columns(df)
    assert cols.budget == ["budget"] and cols.authority == ["title"] and cols.timeline == ["purchase_date"]
    s = bant_scores(df, cols, BantScales.fit(df, cols))
    assert s.loc[0, "bant_authority"] == 1.0 and s.loc[1, "bant_authority"] == 0.1
    assert s.loc[0, "bant_budget"] > 0.5 > s.loc[1, "bant_budget"]
    assert s.loc[0, "bant_timeline"] == 1.0 and s.loc[1, "bant_timeline"] == 0.1 and s.loc[2, "bant_timeline"] == 0
    assert s.loc[0, "bant_need"] > s.loc[1, "bant_need"] == 0
    assert seniority("副总经理") == 0.9 and seniority("Vice President") == 0.85 and seniority("IT Director") == 0.75 and seniority(None) is None
    assert BantColumns().as_dict()["budget"] == []


def test_ece():
    y = np.array([0, 1] * 50)
    assert expected_calibration_error(y, np.full(100, 0.5)) == pytest.approx(0.0)
    assert expected_calibration_error(y, np.where(y == 1, 0.95, 0.05)) == pytest.approx(0.05)
