"""A pipeline history shaped unlike the demo world, for the forecast backtest.

Salesforce OpportunityHistory export names (OpportunityId, StageName, CreatedDate with time zone,
Amount, CloseDate, Probability, Owner Name, Industry), Salesforce's default stage names, two segments
with very different cycle lengths (SMB: days per stage; enterprise: months), stages skipped, deals
that stall and are closed lost from any stage, more deals closing in the last month of a quarter,
a growing number of new deals and a win rate that drifts over the years.
Nothing here follows the demo world's stage names, timings or win rule.
"""

from __future__ import annotations

import math
import random

import pandas as pd

STAGES = ["Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
          "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review"]
PROBABILITY = [10, 10, 20, 50, 60, 70, 75, 90]
INDUSTRIES = ["Banking", "Retail", "Healthcare", "Manufacturing", "Technology", "Education"]


def generate_sfdc_history(n: int = 2500, seed: int = 11, start: str = "2021-01-04",
                          end: str = "2024-06-30") -> pd.DataFrame:
    rng = random.Random(seed)
    t0, t_end = pd.Timestamp(start), pd.Timestamp(end)
    span = (t_end - t0).days
    owners = {f"{f} {l}": rng.gauss(0, 0.35) for f, l in
              zip(["Ana", "Ben", "Chloe", "Dev", "Eva", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea"],
                  ["Ortiz", "Ng", "Martin", "Patel", "Rossi", "Adeyemi", "Berg", "Sato", "Novak", "Li", "Moana", "Roy"])}
    industry_effect = {i: rng.gauss(0, 0.3) for i in INDUSTRIES}
    rows = []
    for k in range(n):
        # More deals later on: created-at density grows linearly over the span.
        created = t0 + pd.Timedelta(days=int(span * math.sqrt(rng.random())), hours=rng.randint(8, 18))
        enterprise = rng.random() < 0.35
        owner = rng.choice(list(owners))
        industry = rng.choice(INDUSTRIES)
        amount = round(math.exp(rng.gauss(12.2 if enterprise else 9.3, 0.8)), -2)
        per_stage = 24.0 if enterprise else 6.0
        drift = 0.6 * (created - t0).days / span  # the win rate improves over the years
        skill = owners[owner] + industry_effect[industry] + drift - (0.4 if enterprise else 0.0)
        oid = f"0065g00000{k:06d}AAA"
        close = created + pd.Timedelta(days=round(per_stage * len(STAGES) * rng.uniform(0.7, 1.5)))
        t = created
        i = rng.choice([0, 0, 0, 1, 2])  # some deals enter the pipeline past prospecting
        while True:
            rows.append({"OpportunityId": oid, "StageName": STAGES[i], "CreatedDate": t, "Amount": amount,
                         "CloseDate": close.strftime("%Y-%m-%d"), "Probability": PROBABILITY[i],
                         "Owner Name": owner, "Industry": industry})
            stay = per_stage * math.exp(rng.gauss(-0.3 * skill, 0.6))
            t = t + pd.Timedelta(days=stay)
            if t.month in (3, 6, 9, 12) and rng.random() < 0.3:
                t = t - pd.Timedelta(days=rng.uniform(0, 8))  # quarter-end push
            p_drop = 1 / (1 + math.exp(2.6 + 0.8 * skill - 0.15 * i))
            if rng.random() < p_drop:
                rows.append({"OpportunityId": oid, "StageName": "Closed Lost", "CreatedDate": t, "Amount": amount,
                             "CloseDate": t.strftime("%Y-%m-%d"), "Probability": 0, "Owner Name": owner,
                             "Industry": industry})
                break
            i += 1 + (rng.random() < 0.2)  # a stage skipped now and then
            if i >= len(STAGES):
                rows.append({"OpportunityId": oid, "StageName": "Closed Won", "CreatedDate": t, "Amount": amount,
                             "CloseDate": t.strftime("%Y-%m-%d"), "Probability": 100, "Owner Name": owner,
                             "Industry": industry})
                break
            close = close + pd.Timedelta(days=max(0, (t - close).days + rng.randint(0, 20)))  # slips
    df = pd.DataFrame(rows)
    df = df[df["CreatedDate"] <= t_end].copy()
    df["CreatedDate"] = df["CreatedDate"].dt.strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    return df.sample(frac=1, random_state=seed).reset_index(drop=True)  # exports are not sorted


TENDER_STAGES = ["线索确认", "需求调研", "方案交流", "投标", "评标"]


def generate_tender_history(n: int = 1200, seed: int = 23, start: str = "2022-01-01",
                            end: str = "2024-12-31") -> pd.DataFrame:
    """A third shape: a Chinese tender-driven export (商机编号, 销售阶段, 变更日期, 商机金额（万元）, 负责人).

    Unlike the other two: deals are decided at a bid evaluation (评标 -> 中标 / 未中标), most losses come
    there rather than along the way, more deals are decided in the fourth quarter (budgets are spent at
    year end), and every calendar quarter has its own market factor on the chance of winning a bid, shared by
    all deals decided in it (so wins are correlated, not independent coin flips). Amounts are in 万元,
    a few are missing.
    """
    rng = random.Random(seed)
    t0, t_end = pd.Timestamp(start), pd.Timestamp(end)
    span = (t_end - t0).days
    quarter_factor = {}
    owners = [f"销售{c}" for c in "甲乙丙丁戊己庚辛"]
    rows = []
    for k in range(n):
        t = t0 + pd.Timedelta(days=rng.randint(0, span))
        oid = f"SJ{2022 + k % 3}{k:05d}"
        owner = rng.choice(owners)
        wan = round(math.exp(rng.gauss(4.5, 1.0)), 1)  # 万元, about 90 万 typical
        amount = "" if rng.random() < 0.03 else wan
        for i, st in enumerate(TENDER_STAGES):
            rows.append({"商机编号": oid, "销售阶段": st, "变更日期": t.strftime("%Y/%m/%d"),
                         "商机金额（万元）": amount, "负责人": owner})
            days = rng.expovariate(1 / (20 + 12 * i)) + 5
            if i == len(TENDER_STAGES) - 2 and t.month >= 9:
                days *= 0.6  # bids before year end move faster
            t = t + pd.Timedelta(days=days)
            if i < 3 and rng.random() < 0.12:  # dropped before bidding
                rows.append({"商机编号": oid, "销售阶段": "放弃", "变更日期": t.strftime("%Y/%m/%d"),
                             "商机金额（万元）": amount, "负责人": owner})
                break
        else:
            q = (t.year, (t.month - 1) // 3)
            f = quarter_factor.setdefault(q, rng.gauss(0, 0.6))
            p = 1 / (1 + math.exp(-(-0.1 + f - 0.25 * math.log(max(wan, 1) / 90))))
            rows.append({"商机编号": oid, "销售阶段": "中标" if rng.random() < p else "未中标",
                         "变更日期": t.strftime("%Y/%m/%d"), "商机金额（万元）": amount, "负责人": owner})
    df = pd.DataFrame(rows)
    return df[pd.to_datetime(df["变更日期"]) <= t_end].reset_index(drop=True)
