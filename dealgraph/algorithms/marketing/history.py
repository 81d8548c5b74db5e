"""Read a campaign history export: one row per period and arm (channel × creative).

Header: period, channel, creative, spend, impressions, clicks, leads, qualified_leads, opportunities,
won_amount, and optionally segment (an audience: an arm is then channel x creative x segment; creative may be blank; outcome columns may be missing; Chinese names such as 周期 / 渠道 /
创意 / 花费 / 线索 / 商机 / 成交金额 accepted, '（万元）' in a header scales the column). Bad rows are
named by file, row and field and left out; good rows still count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import InputError
from ..leads.tabular import file_rows, read_table, to_number

METRICS = ("impressions", "clicks", "leads", "qualified_leads", "opportunities", "won_amount")
ALIASES = {
    "period": ["period", "week", "date", "month", "day", "period_start", "week_start", "reporting period",
               "周期", "期间", "日期", "周", "周次", "月份", "月", "统计周期", "投放周期", "时间"],
    "channel": ["channel", "source", "media", "platform", "network", "utm_source", "渠道", "投放渠道", "媒体",
                "平台", "来源", "广告渠道"],
    "creative": ["creative", "ad", "ad_name", "creative_name", "adgroup", "ad group", "campaign", "variant",
                 "创意", "素材", "广告创意", "广告", "创意名称", "版本"],
    "segment": ["segment", "audience", "audience_segment", "segment_name", "targeting", "人群", "受众", "细分",
                "客群", "人群包", "目标人群", "细分市场"],
    "spend": ["spend", "cost", "amount_spent", "spent", "budget_spent", "花费", "消耗", "费用", "投放金额",
              "消费", "成本", "投放费用"],
    "impressions": ["impressions", "impr", "views", "展现", "展现量", "曝光", "曝光量", "展示量", "展示"],
    "clicks": ["clicks", "click", "点击", "点击量", "点击数"],
    "leads": ["leads", "lead", "leads_count", "线索", "线索数", "线索量", "留资", "留资数"],
    "qualified_leads": ["qualified_leads", "qualified", "mql", "mqls", "sql", "sqls", "有效线索", "合格线索",
                        "有效线索数", "合格线索数", "优质线索"],
    "opportunities": ["opportunities", "opportunity", "opps", "deals_created", "商机", "商机数", "机会数",
                      "转商机"],
    "won_amount": ["won_amount", "won", "revenue", "won_revenue", "closed_won_amount", "bookings",
                   "成交金额", "赢单金额", "签约金额", "成交额", "合同金额", "回款"],
}
_SCALE = {"万元": 1e4, "万": 1e4, "千元": 1e3, "亿元": 1e8, "k": 1e3}


def _key(name: str) -> str:
    """'Qualified Leads' / 'qualified_leads' / '成交金额（万元）' -> 'qualifiedleads' / '成交金额'."""
    return re.sub(r"[\s_\-./]", "", re.sub(r"[（(][^）)]*[）)]", "", str(name))).lower()


@dataclass
class History:
    rows: pd.DataFrame  # period, period_index, age, channel, creative, arm, spend, metrics... (summed per arm)
    periods: list[str]
    columns: dict[str, str]  # our field -> the file's column
    rejected: list[dict] = field(default_factory=list)  # {file, row, field, value, reason}

    @property
    def arms(self) -> list[tuple[str, str]]:
        return sorted({(c, k) for c, k in zip(self.rows["channel"], self.rows["creative"])})

    @property
    def segmented(self) -> bool:
        return bool((self.rows["segment"] != "").any())


def arm_key(channel: str, creative: str, segment: str = "") -> str:
    """'channel|creative', or 'channel|creative|segment' for an arm aimed at an audience segment."""
    return f"{channel}|{creative}" + (f"|{segment}" if segment else "")


def _columns(df: pd.DataFrame, path: str, require_outcomes: bool = True) -> dict[str, str]:
    norm: dict[str, str] = {}
    for c in df.columns:
        norm.setdefault(_key(c), c)
    found: dict[str, str] = {}
    for canon, names in ALIASES.items():
        for n in names:
            col = norm.get(_key(n))
            if col is not None and col not in found.values():
                found[canon] = col
                break
    missing = [f for f in ("period", "channel", "spend") if f not in found]
    if missing:
        raise InputError(f"{path} line 1: no column for {', '.join(repr(f) for f in missing)} (the header must "
                         f"name the period, the channel and its spend, e.g. 'period,channel,creative,spend,...,"
                         f"won_amount' or '周期,渠道,创意,花费,...,成交金额'; found {', '.join(map(str, df.columns[:12]))}).")
    if require_outcomes and not any(m in found for m in METRICS):
        raise InputError(f"{path} line 1: no outcome column (clicks, leads, qualified_leads, opportunities or "
                         f"won_amount); found {', '.join(map(str, df.columns[:12]))}.")
    return found


def _period_order(values: list[str]) -> list[str]:
    """Dates in time order, numbers numerically ('2', '10'), else as written in the file."""
    uniq = list(dict.fromkeys(values))
    dates = pd.to_datetime(pd.Series(uniq), errors="coerce", format="mixed")
    if dates.notna().all():
        return [u for _, u in sorted(zip(dates, uniq))]
    nums = pd.to_numeric(pd.Series([re.sub(r"^\D+", "", u) for u in uniq]), errors="coerce")
    if nums.notna().all() and nums.nunique() == len(uniq):
        return [u for _, u in sorted(zip(nums, uniq))]
    return uniq


def load_history(path: str | Path, require_outcomes: bool = True) -> History:
    """`require_outcomes=False` reads a spend file (graph mode takes the outcomes from the graph)."""
    path = str(path)
    df = read_table(path)
    cols = _columns(df, path, require_outcomes)
    rows = file_rows(df)
    rejected: list[dict] = []
    out = pd.DataFrame({"period": df[cols["period"]].astype(object), "channel": df[cols["channel"]].astype(object),
                        "creative": (df[cols["creative"]] if "creative" in cols else pd.Series([None] * len(df)))
                        .astype(object).values,
                        "segment": (df[cols["segment"]] if "segment" in cols else pd.Series([None] * len(df)))
                        .astype(object).values})
    bad = np.zeros(len(df), dtype=bool)

    def reject(mask: np.ndarray, fld: str, values: pd.Series, reason: str) -> None:
        for i in np.flatnonzero(mask & ~bad):
            rejected.append({"file": path, "row": int(rows[i]), "field": cols.get(fld, fld),
                             "value": None if pd.isna(values.iloc[i]) else str(values.iloc[i]), "reason": reason})
        bad[mask] = True

    reject(out["period"].isna().to_numpy(), "period", out["period"], "blank period")
    reject(out["channel"].isna().to_numpy(), "channel", out["channel"], "blank channel")
    for fld in ("spend", *METRICS):
        if fld not in cols:
            continue
        raw = df[cols[fld]]
        scale = re.search(r"[（(]\s*(万元|万|千元|亿元|k)\s*[）)]", cols[fld])
        num = to_number(raw) * (_SCALE[scale.group(1)] if scale else 1.0)
        if fld == "spend":
            reject(num.isna().to_numpy(), fld, raw, "spend is blank or not a number")
        else:
            reject((raw.notna() & num.isna()).to_numpy(), fld, raw, "not a number")
            num = num.fillna(0.0)  # a blank outcome is none yet
        reject((num < 0).to_numpy(), fld, raw, "negative")
        out[fld] = num.astype(float)
    for m in METRICS:
        if m not in out:
            out[m] = 0.0
    out = out.loc[~bad].copy()
    if out.empty:
        raise InputError(f"{path}: no usable rows ({len(rejected)} rejected; first: row {rejected[0]['row']}, "
                         f"{rejected[0]['field']}: {rejected[0]['reason']})." if rejected else f"{path}: no rows.")
    out["period"] = out["period"].astype(str).str.strip()
    out["channel"] = out["channel"].astype(str).str.strip()
    out["creative"] = out["creative"].map(lambda v: "" if pd.isna(v) else str(v).strip())
    out["segment"] = out["segment"].map(lambda v: "" if pd.isna(v) else str(v).strip())
    return frame_history(out, cols, rejected)


def frame_history(out: pd.DataFrame, cols: dict[str, str], rejected: list[dict]) -> History:
    """Rows of period, channel, creative, spend and METRICS (strings clean) -> History."""
    if "segment" not in out:
        out = out.assign(segment="")
    # Several rows of one arm in one period (e.g. per ad group) are one observation.
    out = out.groupby(["period", "channel", "creative", "segment"], as_index=False, sort=False)[
        ["spend", *METRICS]].sum()
    periods = _period_order(out["period"].tolist())
    index = {p: i for i, p in enumerate(periods)}
    out["period_index"] = out["period"].map(index)
    out["age"] = len(periods) - 1 - out["period_index"]  # 0 = the latest period, outcomes still to come
    out["arm"] = [arm_key(c, k, g) for c, k, g in zip(out["channel"], out["creative"], out["segment"])]
    return History(out.sort_values(["period_index", "channel", "creative", "segment"]).reset_index(drop=True), periods,
                   cols, rejected)
