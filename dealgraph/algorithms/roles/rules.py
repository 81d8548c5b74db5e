"""The transparent role rule: formal authority, decision behaviour and brokerage, in plain sums.

Users' files carry no labels, so this rule must stand on its own. It follows how B2B buying
works rather than any data set:
- AUTHORITY: a decision maker sits high in the hierarchy: senior title, near the top of the
  reporting tree, many people below, authority flowing up (PageRank on REPORTS_TO).
  Components that are unknown (no title, no reporting lines) drop out and the others are
  re-weighted, so an org chart given only as reporting lines still ranks its top first.
  Without interaction history, two rules from how buying centres work stand in for behaviour:
  executives (title level 5+: VP, CxO, 副总) and the heads of the buying functions
  (procurement, the using IT department, finance; features.mark_function_heads) decide.
- BEHAVIOUR: attending procurement/approval meetings, signing, talking budget. It is combined
  with authority as independent evidence (noisy-OR): either can make a decider.
- SWAY: an influencer has some power, connects people (betweenness and degree on KNOWS +
  co-attendance), shapes the choice technically, or (with no history) holds a team-lead or
  senior-expert title -- without the final say.
Scores are 0..1; role = decision_maker when power >= DM_AT, influencer when sway >= INF_AT,
else executor. Confidence grows with the margin to the threshold and with how much was known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .features import ContactFeatures

RULE_VERSION = "roles-rule-1.0"
DM_AT = 0.70  # power needed to decide
INF_AT = 0.45  # power or brokerage needed to sway a decision
ROLES = ("decision_maker", "influencer", "executor")
# Senior staff of these functions evaluate the offer (technical tests, supplier comparison).
_EVALUATING_FUNCTIONS = {"it", "engineering", "procurement"}
_BUDGET_FUNCTIONS = {"procurement", "finance", "it", "executive"}  # who holds budget in an IT purchase


@dataclass
class RuleScore:
    role: str
    confidence: float
    power: float  # authority blended with decision behaviour, 0..1
    sway: float  # the strongest route to influence, 0..1
    influence: float  # one number for the view's node size
    parts: dict[str, float] = field(default_factory=dict)  # named components for the evidence


def authority(f: ContactFeatures) -> tuple[float, float, dict[str, float]]:
    """(authority 0..1, coverage 0..1 = share of the evidence that was known, components)."""
    parts: dict[str, tuple[float, float]] = {}  # name -> (weight, value)
    if f.title_info.seniority is not None:
        parts["seniority"] = (0.40, f.title_info.seniority)
    if f.has_hierarchy and f.pos.tree_size > 1:
        parts["height"] = (0.25, 1.0 - f.rel_depth)
        parts["span"] = (0.20, math.log1p(f.pos.span) / math.log(f.pos.tree_size))
        parts["pagerank"] = (0.15, f.authority_pct)
    total = sum(w for w, _ in parts.values())
    if not total:
        return 0.0, 0.0, {}
    value = sum(w * v for w, v in parts.values()) / total
    if f.title_info.function in _BUDGET_FUNCTIONS and (f.title_info.level or 0) >= 3:
        # Heads of the buying centre's functions (procurement, budget, the using IT department)
        # weigh more in a purchase than peers of the same rank.
        value = min(1.0, value + (0.1 if (f.title_info.level or 0) >= 4 else 0.05))
        parts["budget_function"] = (0.0, 1.0)
    return value, total, {k: v for k, (_, v) in parts.items()}


def behaviour(f: ContactFeatures) -> float | None:
    """Decision involvement 0..1, None when we have no interaction history.

    Attending the account's procurement/approval meetings, signing, and steering talks to
    budget and commercial terms (share of topics, damped until there are a few of them).
    """
    if not f.interactions and not f.signs:
        return None
    topics = f.budget_topics + f.technical_topics
    budget = (f.budget_topics / topics) * min(1.0, f.budget_topics / 4) if topics else 0.0
    return min(1.0, 0.55 * f.meeting_share + 0.2 * min(f.signs, 1) + 0.35 * budget)


def brokerage(f: ContactFeatures) -> float:
    """0 for the ordinary majority, rising to 1 for the account's strongest connectors."""
    raw = 0.6 * f.brokerage_pct + 0.4 * f.degree_pct
    return max(0.0, (raw - 0.7) / 0.3)


def technical(f: ContactFeatures) -> float:
    """Shapes the choice through technical detail: several technical discussions, mostly technical."""
    topics = f.budget_topics + f.technical_topics
    if not f.technical_topics:
        return 0.0
    share = f.technical_topics / topics
    return min(1.0, f.technical_topics / 4) * (1.0 if share >= 0.4 else 0.5)


def score(f: ContactFeatures) -> RuleScore:
    auth, coverage, parts = authority(f)
    beh = behaviour(f)
    # Noisy-OR: formal authority and decision behaviour are separate evidence of deciding.
    power = auth if beh is None else 1 - (1 - auth) * (1 - 0.9 * beh)
    if f.has_hierarchy and f.pos.depth == 0 and f.pos.span > 0 and f.pos.tree_size >= 0.5 * f.account_size:
        power = max(power, DM_AT + 0.1)  # the top of the account's main reporting tree decides
        parts["top"] = 1.0
    if f.heads_function and beh is None:
        # The most senior buyer and the head of the using IT department sign off on a purchase
        # however deep the chart puts them; with history, their behaviour speaks instead.
        power = max(power, DM_AT + 0.12)
        parts["function_head"] = 1.0
    if (f.title_info.level or 0) >= 5 and beh is None:
        power = max(power, DM_AT + 0.1)  # an executive (VP, CxO, 副总) decides
    broker, tech = brokerage(f), technical(f)
    # Without any history, a team-lead or senior-expert title (level 2+: 组长, 架构师, 专家, Principal)
    # is the best hint of sway; with history, what they actually discussed counts instead.
    level = f.title_info.level or 0
    evaluator = level >= 1.5 and f.title_info.function in _EVALUATING_FUNCTIONS  # 高级工程师, Senior Buyer
    expert = 0.5 if beh is None and (level >= 2 or evaluator) else 0.0
    sway = max(power, 0.5 + 0.2 * broker if broker > 0.5 else 0.0, 0.7 * tech + 0.3 * auth, expert)
    parts.update({"behaviour": beh if beh is not None else -1.0, "brokerage": broker, "technical": tech})
    if power >= DM_AT:
        role, margin, width = "decision_maker", power - DM_AT, 1 - DM_AT
    elif sway >= INF_AT:
        role, margin, width = "influencer", min(sway - INF_AT, DM_AT - power), (DM_AT - INF_AT) / 2
    else:
        role, margin, width = "executor", INF_AT - sway, INF_AT
    certainty = 0.5 + 0.47 * min(1.0, margin / width)
    known = max(coverage, 0.3 if beh is not None or f.ties else 0.0)
    confidence = round(certainty * (0.6 + 0.4 * min(1.0, known)), 3)
    influence = round(max(power, 0.7 * sway), 4)
    return RuleScore(role, confidence, round(power, 4), round(sway, 4), influence, parts)
