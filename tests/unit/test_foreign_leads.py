"""Lead exports of other shapes: a Salesforce/HubSpot-like CSV and a GB18030 Chinese CRM export.

The outcome is drawn from a logistic formula written here (not our demo generator's): revenue,
source, days to the last activity, e-mail engagement, opt-out and industry drive it, so a model
must find those columns behind "$1,200,000", "84%", "261人" and MM/DD/YYYY dates. Each file also
holds columns filled only after the outcome, which must be reported and left out.
"""

import math
import random
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from dealgraph.algorithms.leads.model import train_lead_model
from dealgraph.algorithms.leads.scoring import score_table
from dealgraph.algorithms.leads.tabular import read_table, to_number


def salesforce_like(n: int, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        src = rng.choice(["Web", "Referral", "Trade Show", "Cold Call", "Partner", "Paid Search"])
        ind = rng.choice(["Technology", "Healthcare", "Manufacturing", "Retail", "Finance", "Education"])
        rev, emp = math.exp(rng.gauss(15, 1.5)), max(1, int(math.exp(rng.gauss(5, 1.2))))
        created = date(2024, 1, 1) + timedelta(days=rng.randint(0, 300))
        gap, opens, opt = rng.randint(0, 120), rng.random(), rng.random() < 0.15
        z = (-1.6 + 0.9 * (math.log(rev) - 15) + 1.3 * (src in ("Referral", "Partner")) - 0.02 * gap
             + 2.0 * (opens - 0.5) - 1.5 * opt + 0.6 * (ind == "Technology"))
        won = rng.random() < 1 / (1 + math.exp(-z))
        rows.append({
            "Lead ID": f"00Q{rng.randint(10**9, 10**10)}", "First Name": f"Name{i}", "Email": f"u{i}@example.com",
            "Lead Source": src if rng.random() > 0.05 else "", "Industry": ind,
            "Annual Revenue": f"${rev:,.0f}" if rng.random() > 0.08 else "", "No. of Employees": f"{emp:,}",
            "Email Open Rate": f"{opens:.0%}",
            "Lead Status": "Converted" if won else rng.choice(["Unqualified", "Nurturing"]),
            "Created Date": created.strftime("%m/%d/%Y"),
            "Last Activity Date": (created + timedelta(days=gap)).strftime("%m/%d/%Y") if rng.random() > 0.05 else "",
            "Email Opt Out": "Yes" if opt else "No",
            "Converted Date": (created + timedelta(days=gap + 5)).strftime("%m/%d/%Y") if won else "",
            "Converted": "TRUE" if won else "FALSE"})
    return pd.DataFrame(rows)


def chinese_crm(n: int, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        src, ind = rng.choice(["官网", "转介绍", "展会", "电话营销", "渠道伙伴"]), rng.choice(["制造业", "医疗", "政府", "教育"])
        rev, staff = math.exp(rng.gauss(7, 1.3)), max(5, int(math.exp(rng.gauss(5, 1))))
        visits, level = rng.randint(0, 8), rng.choice(["高", "中", "低"])
        z = (-1.5 + 0.8 * (math.log(rev) - 7) + 1.0 * (src in ("转介绍", "渠道伙伴")) + 0.35 * visits
             + {"高": 0.8, "中": 0.0, "低": -0.8}[level] - 0.7 * (ind == "政府") + 0.4 * (math.log(staff) - 5))
        won = rng.random() < 1 / (1 + math.exp(-z))
        created = date(2024, 1, 1) + timedelta(days=rng.randint(0, 300))
        rows.append({
            "线索编号": f"XS{2024000 + i}", "手机": f"138{rng.randint(10**7, 10**8 - 1)}", "线索来源": src,
            "所属行业": ind, "年营收（万元）": f"{rev:,.1f}万" if rng.random() > 0.1 else "", "员工人数": f"{staff}人",
            "拜访次数": str(visits) if rng.random() > 0.05 else "", "意向等级": level,
            "创建日期": f"{created.year}年{created.month}月{created.day}日",
            "成交金额": f"¥{rng.randint(5, 300)}万" if won else "", "是否成交": "是" if won else "否"})
    return pd.DataFrame(rows)


def as_file(df: pd.DataFrame, path, encoding="utf-8"):
    df.to_csv(path, index=False, encoding=encoding)
    return read_table(path)


def test_salesforce_like_export(tmp_path):
    rep = train_lead_model(as_file(salesforce_like(700, 5), tmp_path / "leads.csv"), "Converted")
    assert {lk.column for lk in rep.leaks} == {"Lead Status", "Converted Date"}
    assert {"Lead ID", "Email", "First Name"} <= set(rep.ids)
    kinds = rep.kinds
    assert kinds["Annual Revenue"] == kinds["No. of Employees"] == kinds["Email Open Rate"] == "numeric"
    assert kinds["Last Activity Date"] == "date"
    assert rep.model.metrics["auc"] >= 0.76  # the formula's own AUC is about 0.85

    new = as_file(salesforce_like(60, 9).drop(columns=["Converted", "Converted Date", "Lead Status"]),
                  tmp_path / "new.csv")
    new.loc[3, :] = np.nan  # a row with nothing known is still scored, not lost
    new.loc[7, "No. of Employees"] = "lots"
    scored, warnings = score_table(new, rep.model, "new.csv")
    assert len(scored) == 60 and scored["score"].notna().all()
    assert list(scored["Email"].iloc[[0, 59]]) == list(new["Email"].iloc[[0, 59]])  # input order kept
    assert any("new.csv row 9, column 'No. of Employees': 'lots' is not a number" in w for w in warnings)


def test_chinese_gb18030_export(tmp_path):
    df = as_file(chinese_crm(700, 6), tmp_path / "线索.csv", encoding="gb18030")
    rep = train_lead_model(df, "是否成交")
    assert [lk.column for lk in rep.leaks] == ["成交金额"]
    assert {"线索编号", "手机"} <= set(rep.ids)
    assert rep.kinds["员工人数"] == "numeric" and rep.kinds["年营收（万元）"] == "numeric"
    assert rep.kinds["创建日期"] == "date"
    assert rep.model.metrics["auc"] >= 0.74


@pytest.mark.parametrize(("text", "value"), [
    ("261人", 261), ("12 employees", 12), ("51-200", 125.5), ("1000+", 1000), ("$1,200,000", 1_200_000),
    ("3.5万", 35_000), ("84%", 84), ("2024-03", None), ("100A", None),
])
def test_numbers_with_units_and_ranges(text, value):
    got = to_number(pd.Series([text])).iloc[0]
    assert (np.isnan(got) if value is None else got == value)


def test_flag_marked_only_when_true_says_what_blanks_mean(tmp_path):
    from dealgraph.errors import InputError

    df = as_file(pd.DataFrame({"Lead ID": ["1", "2", "3"], "Converted": ["Yes", "", ""]}), tmp_path / "l.csv")
    with pytest.raises(InputError, match="2 blank cell"):
        train_lead_model(df, "Converted")
