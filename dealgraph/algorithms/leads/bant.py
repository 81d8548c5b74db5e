"""BANT: Budget, Authority, Need, Timeline sub-scores in 0..1, and the transparent rule on top.

The rule is what we score with when there is too little history for a model (fewer than 20 won
and 20 lost outcomes), and the sub-scores are features of the model when there is enough.
Inputs are plain columns, so the same code serves a user's CSV and the graph's lead table.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .tabular import to_date, to_number

MIN_OUTCOMES = 20  # per class; below this the BANT rule alone scores

# Column-name hints (English + Chinese) for each BANT dimension.
HINTS = {
    "budget": r"budget|预算|金额|amount|deal[ _-]?size|spend|投资|资金|price|报价",
    "authority": r"title|job|position|role|seniority|level|职位|职务|头衔|岗位|角色|级别|职级",
    "role_confidence": r"role[ _-]?confidence|角色置信",
    "need": r"page|visit|download|question|inquir|enquir|interaction|meeting|call|email|demo|webinar|trial|"
            r"engage|activity|touch|浏览|访问|下载|咨询|提问|问题|互动|会议|拜访|试用|演示|活动|触达",
    "timeline": r"purchase[ _-]?(date|time)|buy[ _-]?(date|time)|timeline|timeframe|deadline|expected[ _-]?close|"
                r"decision[ _-]?date|采购时间|采购日期|计划采购|预计采购|截止|时间表|上线时间",
    "reference_date": r"created|create[ _-]?date|submitted|received|lead[ _-]?date|创建|提交|录入|登记",
}

# Seniority of a job title, highest match wins. Chinese and English.
SENIORITY = [
    ((r"\b(ceo|(?<!vice )president|owner|founder|chairman|managing director|(?<!deputy )general manager)\b|"
     r"董事长|(?<!副)总裁|(?<!副)总经理|创始人|老板|法人|一把手|(?<!副)局长|(?<!副)院长|(?<!副)行长|书记"), 1.0),
    (r"\b(cto|cio|cfo|coo|cmo|cso|chief|partner)\b|首席|合伙人|副总裁|副总经理|副局长|副院长|分管", 0.9),
    (r"\b(vp|vice president|svp|evp)\b|副总|处长|主任", 0.85),
    (r"\b(director|head)\b|总监|负责人|部长|科长", 0.75),
    (r"\b(manager|lead|principal)\b|经理|主管|组长", 0.55),
    (r"\b(architect|senior|sr\.?)\b|架构师|高级", 0.45),
    ((r"\b(engineer|analyst|specialist|consultant|developer|officer|admin|staff|coordinator)\b|"
     r"工程师|专员|分析师|顾问|开发|职员|科员|文员|采购员|助理"), 0.3),
    (r"\b(intern|student|trainee)\b|实习|学生", 0.1),
]
ROLE_WEIGHT = {"decision_maker": 1.0, "决策者": 1.0, "influencer": 0.6, "影响者": 0.6, "executor": 0.3,
               "执行者": 0.3, "user": 0.3, "gatekeeper": 0.4}


def seniority(title: object) -> float | None:
    if title is None or (isinstance(title, float) and math.isnan(title)) or not str(title).strip():
        return None
    t = str(title).lower()
    for pattern, score in SENIORITY:
        if re.search(pattern, t):
            return score
    return 0.3  # a title we cannot place: treat as staff level


@dataclass
class BantColumns:
    budget: list[str] = field(default_factory=list)
    authority: list[str] = field(default_factory=list)
    role_confidence: list[str] = field(default_factory=list)
    need: list[str] = field(default_factory=list)
    timeline: list[str] = field(default_factory=list)
    reference_date: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.__dict__.items()}


def map_bant_columns(df: pd.DataFrame, kinds: dict[str, str] | None = None,
                     exclude: set[str] | frozenset[str] = frozenset()) -> BantColumns:
    """Which of the user's columns feed which BANT dimension, by name and (when known) type."""
    kinds = kinds or {}
    out = BantColumns()
    for c in df.columns:
        if c in exclude:
            continue
        k = kinds.get(c)
        low = c.lower()
        if re.search(HINTS["role_confidence"], low):
            out.role_confidence.append(c)
        elif re.search(HINTS["timeline"], low) and k in (None, "date"):
            out.timeline.append(c)
        elif re.search(HINTS["reference_date"], low) and k in (None, "date"):
            out.reference_date.append(c)
        elif re.search(HINTS["budget"], low) and k in (None, "numeric"):
            out.budget.append(c)
        elif re.search(HINTS["authority"], low) and k in (None, "categorical", "text"):
            out.authority.append(c)
        elif re.search(HINTS["need"], low) and k in (None, "numeric"):
            out.need.append(c)
    return out


def _saturating(x: pd.Series, scale: float) -> pd.Series:
    """0 at 0, ~0.63 at `scale`, -> 1: many touches matter, with diminishing returns."""
    scale = scale if scale and scale > 0 else 1.0
    return 1 - np.exp(-x.clip(lower=0) / scale)


@dataclass
class BantScales:
    """Reference levels learned from the table itself, so 'high budget' is relative to this market."""
    budget_ref: float = 0.0
    need_scales: dict[str, float] = field(default_factory=dict)

    @classmethod
    def fit(cls, df: pd.DataFrame, cols: BantColumns) -> BantScales:
        budgets = pd.concat([to_number(df[c]) for c in cols.budget], axis=1).max(axis=1) if cols.budget else None
        ref = float(np.nanmedian(budgets[budgets > 0])) if budgets is not None and (budgets > 0).any() else 0.0
        scales = {}
        for c in cols.need:
            v = to_number(df[c])
            pos = v[v > 0]
            scales[c] = float(pos.median()) if len(pos) else 1.0
        return cls(ref, scales)


def bant_scores(df: pd.DataFrame, cols: BantColumns, scales: BantScales,
                as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """bant_budget, bant_authority, bant_need, bant_timeline (NaN where no column feeds it)."""
    n = len(df)
    out = pd.DataFrame(index=df.index)
    if cols.budget and scales.budget_ref > 0:
        b = pd.concat([to_number(df[c]) for c in cols.budget], axis=1).max(axis=1)
        # log-ratio to the median budget: the median scores 0.5, 10x scores ~0.9
        out["bant_budget"] = (1 / (1 + np.exp(-np.log(b.clip(lower=1) / scales.budget_ref)))).where(b.notna(), 0.0)
    else:
        out["bant_budget"] = np.nan
    if cols.authority:
        sen = pd.concat([df[c].map(seniority) for c in cols.authority], axis=1).max(axis=1).fillna(0.2)
        roles = pd.concat([df[c].map(lambda v: ROLE_WEIGHT.get(str(v).strip().lower()) if pd.notna(v) else None)
                           for c in cols.authority], axis=1).max(axis=1)
        conf = to_number(df[cols.role_confidence[0]]).fillna(1.0) if cols.role_confidence else 1.0
        role_part = roles * conf
        out["bant_authority"] = np.where(roles.notna(), np.fmax(sen.to_numpy(dtype=float), np.asarray(role_part, dtype=float)), sen)
    else:
        out["bant_authority"] = np.nan
    if cols.need:
        parts = [_saturating(to_number(df[c]).fillna(0), scales.need_scales.get(c, 1.0)) for c in cols.need]
        out["bant_need"] = pd.concat(parts, axis=1).mean(axis=1)
    else:
        out["bant_need"] = np.nan
    if cols.timeline:
        due = pd.concat([to_date(df[c]) for c in cols.timeline], axis=1).min(axis=1)
        if cols.reference_date:
            ref = to_date(df[cols.reference_date[0]])
        else:
            ref = pd.Series([as_of or pd.Timestamp.now().normalize()] * n, index=df.index)
        days = (due - ref).dt.days
        out["bant_timeline"] = days.map(timeline_score)
    else:
        out["bant_timeline"] = np.nan
    return out


def timeline_score(days: float) -> float:
    """Sooner stated purchase = hotter lead; past or absent dates score low."""
    if days is None or (isinstance(days, float) and math.isnan(days)):
        return 0.0
    if days < 0:
        return 0.2
    for limit, score in ((30, 1.0), (90, 0.8), (180, 0.55), (365, 0.3)):
        if days <= limit:
            return score
    return 0.1


DIM_WORDS = {"bant_budget": "budget", "bant_authority": "authority", "bant_need": "need",
             "bant_timeline": "timeline"}


def bant_rule(sub: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    """Equal-weight mean of the dimensions we have data for, plus reasons in words."""
    dims = [c for c in DIM_WORDS if c in sub and sub[c].notna().any()]
    if not dims:
        return pd.Series(0.5, index=sub.index), ["no column maps to budget, authority, need or timeline"] * len(sub)
    score = sub[dims].fillna(0).mean(axis=1)
    reasons = []
    for _, row in sub[dims].fillna(0).iterrows():
        ranked = sorted(dims, key=lambda d: -abs(row[d] - 0.5))[:3]
        reasons.append("; ".join(f"{DIM_WORDS[d]} {'strong' if row[d] >= 0.5 else 'weak'} ({row[d]:.2f})"
                                 for d in ranked))
    return score.clip(0, 1), reasons
