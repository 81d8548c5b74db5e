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
