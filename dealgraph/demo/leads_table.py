"""Synthetic lead exports of shapes unlike the demo world, for the lead bench and tests.

Two shapes: a Chinese CRM export (中文列名, 是/否 target, 万-formatted budgets, a close-date
leak) and an English marketing-automation export (yes/no target, free-text notes, a status
leak). Conversion follows a hidden logit over title seniority, budget, engagement, timeline,
industry and channel, plus noise, so a good model can reach a known ceiling but not beyond.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TITLES = [("总经理", 1.0), ("副总经理", 0.9), ("信息中心主任", 0.85), ("IT总监", 0.75), ("采购经理", 0.55),
          ("项目经理", 0.5), ("高级工程师", 0.45), ("工程师", 0.3), ("采购专员", 0.3), ("实习生", 0.1)]
TITLES_EN = [("CEO", 1.0), ("CIO", 0.9), ("VP Engineering", 0.85), ("IT Director", 0.75), ("Procurement Manager", 0.55),
             ("Project Manager", 0.5), ("Senior Architect", 0.45), ("Engineer", 0.3), ("Analyst", 0.3), ("Intern", 0.1)]
INDUSTRY = {"金融": 0.4, "制造": 0.1, "政府": 0.3, "医疗": 0.0, "教育": -0.4, "零售": -0.2, "能源": 0.2}
INDUSTRY_EN = {"Finance": 0.4, "Manufacturing": 0.1, "Public sector": 0.3, "Healthcare": 0.0, "Education": -0.4,
               "Retail": -0.2, "Energy": 0.2}
CHANNEL = {"官网表单": 0.3, "展会": 0.2, "转介绍": 0.8, "电话营销": -0.5, "广告": -0.3}
CHANNEL_EN = {"Web form": 0.3, "Trade show": 0.2, "Referral": 0.8, "Cold call": -0.5, "Paid ads": -0.3}
NOTES_POS = ["asked for pricing", "requested a demo", "budget approved", "comparing vendors", "wants a proposal"]
NOTES_NEG = ["just browsing", "student project", "no budget this year", "unsubscribed", "wrong contact"]


def _latent(rng: np.random.Generator, n: int, titles, industries, channels):
    t_idx = rng.integers(0, len(titles), n)
    sen = np.array([titles[i][1] for i in t_idx])
    ind = rng.choice(list(industries), n)
    ch = rng.choice(list(channels), n, p=[0.35, 0.15, 0.1, 0.2, 0.2])
    budget = np.exp(rng.normal(np.log(3e5), 1.0, n))
    has_budget = rng.random(n) < 0.7
    pages = rng.poisson(2 + 6 * rng.random(n))
    downloads = rng.poisson(0.3 + 1.5 * rng.random(n))
    questions = rng.poisson(0.2 + 1.2 * rng.random(n))
    days_to_buy = rng.integers(5, 500, n).astype(float)
    has_timeline = rng.random(n) < 0.6
    z = (-2.2 + 2.2 * sen + 0.55 * np.where(has_budget, np.log(budget / 3e5), -0.6)
         + 0.18 * pages + 0.55 * downloads + 0.6 * questions
         + np.where(has_timeline, 1.3 - days_to_buy / 200, -0.4)
         + np.array([industries[i] for i in ind]) + np.array([channels[c] for c in ch])
         + rng.normal(0, 0.45, n))
    z -= np.quantile(z, 0.7)  # about 30 % convert
    y = (rng.random(n) < 1 / (1 + np.exp(-2.0 * z))).astype(int)
    return t_idx, ind, ch, budget, has_budget, pages, downloads, questions, days_to_buy, has_timeline, y


def generate_cn(n: int = 2000, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t_idx, ind, ch, budget, has_b, pages, dls, qs, dtb, has_t, y = _latent(rng, n, TITLES, INDUSTRY, CHANNEL)
    created = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 600, n), unit="D")
    buy = created + pd.to_timedelta(dtb, unit="D")
    close = created + pd.to_timedelta(rng.integers(20, 200, n), unit="D")
    df = pd.DataFrame({
        "线索编号": [f"XS{100000 + i}" for i in range(n)],
        "创建日期": created.strftime("%Y年%m月%d日"),
        "公司名称": [f"客户{rng.integers(1, 400)}有限公司" for _ in range(n)],
        "行业": ind,
        "职位": [TITLES[i][0] for i in t_idx],
        "来源渠道": ch,
        "预算金额": [f"{b / 1e4:.1f}万" if h else "" for b, h in zip(budget, has_b)],
        "浏览页面数": pages,
        "下载次数": dls,
        "咨询次数": qs,
        "计划采购时间": [d.strftime("%Y-%m-%d") if h else "" for d, h in zip(buy, has_t)],
        "员工人数": rng.integers(20, 20000, n),
        "关单日期": [c.strftime("%Y-%m-%d") if yy else "" for c, yy in zip(close, y)],  # leak: only for wins
        "是否成交": np.where(y == 1, "是", "否"),
    })
    return df


def generate_en(n: int = 2000, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t_idx, ind, ch, budget, has_b, pages, dls, qs, dtb, has_t, y = _latent(rng, n, TITLES_EN, INDUSTRY_EN, CHANNEL_EN)
    created = pd.Timestamp("2023-06-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    notes = [
        (rng.choice(NOTES_POS) if rng.random() < 0.25 + 0.35 * yy else rng.choice(NOTES_NEG)) + " - " +
        rng.choice(["follow up next week", "sent brochure", "left voicemail", "met at booth"])
        for yy in y
    ]
    df = pd.DataFrame({
        "Lead ID": [f"00Q{rng.integers(1e9, 9e9)}{i}" for i in range(n)],
        "Email": [f"user{i}@example{rng.integers(1, 300)}.com" for i in range(n)],
        "Created Date": created.strftime("%m/%d/%Y"),
        "Industry": ind,
        "Job Title": [TITLES_EN[i][0] for i in t_idx],
        "Lead Source": ch,
        "Annual Budget (USD)": [f"${b / 7:,.0f}" if h else "" for b, h in zip(budget, has_b)],
        "Web Visits": pages,
        "Whitepaper Downloads": dls,
        "Questions Asked": qs,
        "Expected Purchase Date": [(c + pd.Timedelta(days=int(d))).strftime("%m/%d/%Y") if h else ""
                                   for c, d, h in zip(created, dtb, has_t)],
        "Notes": notes,
        "Lead Status": np.where(y == 1, "Converted", rng.choice(["Disqualified", "Nurture"], n)),  # leak
        "Converted": np.where(y == 1, "Yes", "No"),
    })
    return df


def generate(shape: str = "cn", n: int = 2000, seed: int = 7) -> pd.DataFrame:
    return generate_cn(n, seed) if shape == "cn" else generate_en(n, seed)
