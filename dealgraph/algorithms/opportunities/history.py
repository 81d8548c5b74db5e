"""Parse a pipeline export (one row per stage entry) into stage episodes.

Input header: opportunity_id, stage, entered_at [, due_at, amount, owner, account, closed_won]
(Salesforce OpportunityHistory names such as OpportunityId / StageName / CreatedDate are accepted).
A row whose stage is final (won / lost / 赢单 / 丢单 / closed won ...) closes the opportunity.
An episode is one stay in one stage: from its entry to the next entry (or censored at as-of).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...errors import InputError
from ..leads.tabular import NEGATIVE, POSITIVE, read_table, to_date, to_number

ALIASES = {
    "opportunity_id": ["opportunity_id", "opportunityid", "opportunity", "opp_id", "oppid", "deal_id", "商机id",
                       "商机编号", "机会id", "项目编号"],
    "stage": ["stage", "stagename", "stage_name", "阶段", "销售阶段", "商机阶段"],
    "entered_at": ["entered_at", "entered", "createddate", "created_date", "date", "stage_date", "进入时间",
                   "进入日期", "日期", "开始日期"],
    "due_at": ["due_at", "due", "due_date", "closedate", "close_date", "planned_date", "截止日期", "计划完成",
               "计划日期", "到期日"],
    "amount": ["amount", "value", "金额", "商机金额", "合同金额"],
    "owner": ["owner", "owner_id", "ownerid", "sales", "负责人", "销售", "销售负责人"],
    "account": ["account", "account_id", "accountid", "customer", "客户", "客户名称"],
    "closed_won": ["closed_won", "iswon", "is_won", "won", "outcome", "result", "是否赢单", "结果"],
}
WON = re.compile(r"^(closed?|stage)?[\s_\-/:]*won$|^win$|^won[\s_\-(]|^closed?[\s_\-/:]*win|赢单|成交|中标|签单|签约成功",
                 re.IGNORECASE)
LOST = re.compile(r"^(closed?|stage)?[\s_\-/:]*lost$|^lose$|^lost[\s_\-(]|^closed?[\s_\-/:]*los[te]|丢单|输单|失败|"
                  r"未中标|未成交|流失|^dead$|cancel|取消|放弃|^关闭$|^已关闭$|no[\s_\-]?decision|disqualif",
                  re.IGNORECASE)
CLOSED_GENERIC = re.compile(r"^closed$|^结束$|^已结束$", re.IGNORECASE)


def stage_outcome(stage: str) -> str | None:
    """'won', 'lost', 'closed' (final, outcome from the closed_won column) or None (an open stage)."""
    s = str(stage).strip()
    if LOST.search(s):  # first: 未成交 / 未中标 contain the words for a win
        return "lost"
    if WON.search(s):
        return "won"
    if CLOSED_GENERIC.search(s):
        return "closed"
    return None


def normalise_columns(df: pd.DataFrame, path: str = "history") -> pd.DataFrame:
    norm = {re.sub(r"[\s_\-]", "", c).lower(): c for c in df.columns}
    rename = {}
    for canon, names in ALIASES.items():
        for n in names:
            key = re.sub(r"[\s_\-]", "", n).lower()
            if key in norm and norm[key] not in rename:
                rename[norm[key]] = canon
                break
    out = df.rename(columns=rename)
    for req in ("opportunity_id", "stage", "entered_at"):
        if req not in out.columns:
            raise InputError(f"{path}: required column {req!r} is missing (header must include "
                             f"opportunity_id,stage,entered_at; found {', '.join(df.columns[:12])}).")
    return out


def load_history(path_or_df, path: str = "history") -> pd.DataFrame:
    """Typed history: one row per stage entry, sorted, with a `final` outcome column."""
    if isinstance(path_or_df, pd.DataFrame):
        df = path_or_df.astype(object).where(path_or_df.notna(), None)
        df = df.map(lambda v: None if v is None or str(v).strip() in ("", "nan", "None", "NaT") else v)
    else:
        df = read_table(path_or_df)
    path = str(path_or_df) if not isinstance(path_or_df, pd.DataFrame) else path
    df = normalise_columns(df, path)
    df["opportunity_id"] = df["opportunity_id"].astype(str).str.strip()
    df["stage"] = df["stage"].astype(str).str.strip()
    df["entered_at"] = to_date(df["entered_at"].astype(str))
    bad = df["entered_at"].isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise InputError(f"{path}: row {row} has an unreadable entered_at; use dates like 2024-03-05.")
    df["due_at"] = to_date(df["due_at"].astype(str)) if "due_at" in df else pd.NaT
    df["amount"] = to_number(df["amount"]) if "amount" in df else np.nan
    for c in ("owner", "account"):
        if c not in df:
            df[c] = None
    if "closed_won" in df and df["closed_won"].notna().any():
        df["closed_won"] = df["closed_won"].map(_outcome_value)
    else:
        df["closed_won"] = np.nan
    df["final"] = df["stage"].map(stage_outcome)
    df["_row"] = np.arange(len(df))
    df = df.sort_values(["opportunity_id", "entered_at", "_row"]).reset_index(drop=True)
    # An opportunity with an outcome in closed_won but no final-stage row closes at its last row.
    last = ~df["opportunity_id"].duplicated(keep="last")
    has_final = df.groupby("opportunity_id")["final"].transform(lambda s: s.notna().any())
    has_cw = df.groupby("opportunity_id")["closed_won"].transform(lambda s: s.notna().any())
    df.loc[last & ~has_final & has_cw, "final"] = "closed"
    return df


@dataclass
class Episode:
    opportunity_id: str
    stage: str
    stage_index: int  # how many stages came before in this opportunity
    start: pd.Timestamp
    end: pd.Timestamp | None  # None: still in the stage at as-of (censored)
    due: pd.Timestamp | None
    amount: float
    owner: str | None
    account: str | None
    prior_days: float  # days spent in earlier stages of this opportunity
    outcome: str | None  # how the opportunity ended, if it did before as-of
    extra: dict[str, float] | None = None  # numeric covariates from columns named x_* (e.g. from the graph)


def episodes(hist: pd.DataFrame, as_of: pd.Timestamp) -> list[Episode]:
    """Stage stays known at as-of. Rows entered after as-of are ignored (not yet known then)."""
    known = hist[hist["entered_at"] <= as_of]
    extra_cols = [c for c in hist.columns if str(c).startswith("x_")]
    out: list[Episode] = []
    for oid, g in known.groupby("opportunity_id", sort=False):
        rows = g.to_dict("records")
        outcome = None
        for r in rows:
            r["final"] = r["final"] if isinstance(r["final"], str) else None
        for r in rows:
            if r["final"]:
                cw = g["closed_won"].dropna().iloc[-1] if g["closed_won"].notna().any() else None
                outcome = r["final"] if r["final"] != "closed" else ("won" if cw == 1 else "lost")
                break
        amount = next((r["amount"] for r in reversed(rows) if pd.notna(r["amount"])), np.nan)
        prior = 0.0
        for i, r in enumerate(rows):
            if r["final"]:
                break
            nxt = rows[i + 1]["entered_at"] if i + 1 < len(rows) else None
            due = r["due_at"] if pd.notna(r["due_at"]) else None
            extra = {c: float(to_number(pd.Series([r[c]])).fillna(0).iloc[0]) for c in extra_cols} or None
            out.append(Episode(str(oid), r["stage"], i, r["entered_at"], nxt, due, float(amount),
                               _s(r["owner"]), _s(r["account"]), prior, outcome, extra))
            if nxt is not None:
                prior += (nxt - r["entered_at"]).days
    return out


def _outcome_value(v) -> float:
    """1 won / 0 lost / NaN unknown, from 1/0, true/false, yes/no, won/lost, 是/否, 赢单/丢单 ..."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return np.nan
    t = re.sub(r"\s+", " ", str(v).strip().lower())
    if t in POSITIVE or WON.search(t):
        return 1.0
    if t in NEGATIVE or LOST.search(t):
        return 0.0
    return np.nan


def _s(v) -> str | None:
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)


def default_as_of(hist: pd.DataFrame) -> pd.Timestamp:
    return hist["entered_at"].max().normalize()
