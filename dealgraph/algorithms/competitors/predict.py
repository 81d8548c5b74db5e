"""Likely competitors and win probability for a tender; open tenders ranked by expected value.

Competitors: GDS node similarity between the tender and past tenders over their buyer
(ISSUED_BY) and context concepts (region, industry, budget band); each past winner scores the
similarity of the tenders it won, decayed by age. Win probability: a logistic regression
learned on award history (our share with the buyer / region / industry, the strongest
rival's regional share, how contested the buyer is), then shifted by what history cannot
know: our match score for this tender and our relationship with the buyer from the
decision-chain graph (fixed, documented weights). A disqualified tender has probability 0.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date

from ...graph.connection import Graph
from ...graph.queries import competitors as q
from ...graph.queries.competitors import Award
from ..matching.graph import match_tender, resolve_tender
from .store import link_tender_context, tender_context

log = logging.getLogger(__name__)

MATCH_WEIGHT = 2.5  # logit change from a match score of 0 to 100 (centred at 60)
RELATIONSHIP_WEIGHT = 1.2  # logit change from no relationship to the strongest
HALF_LIFE_YEARS = 2.0


@dataclass
class History:
    awards: list[Award]
    coef: list[float] = field(default_factory=list)
    intercept: float = 0.0
    base_rate: float = 0.2
    n_train: int = 0
    positives: int = 0
    brier: float | None = None


def _province(region: str | None) -> str | None:
    if not region:
        return None
    return region.split("省")[0] + "省" if "省" in region else region


def features(prior: list[Award], buyer: str | None, region: str | None, industry: str | None) -> list[float]:
    """What history says before a tender: our smoothed shares, the strongest rival's share, contestation."""
    def share(pred) -> tuple[float, int]:
        pool = [a for a in prior if pred(a)]
        ours = sum(1 for a in pool if a.ours)
        return (ours + 0.5) / (len(pool) + 3), len(pool)

    prov = _province(region)
    s_buyer, n_buyer = share(lambda a: buyer is not None and a.buyer == buyer)
    s_region, n_region = share(lambda a: prov is not None and _province(a.region) == prov)
    s_ind, _ = share(lambda a: industry is not None and a.industry == industry)
    rivals: dict[str, int] = defaultdict(int)
    for a in prior:
        if not a.ours and prov is not None and _province(a.region) == prov:
            rivals[a.company] += 1
    top_rival = (max(rivals.values()) + 0.5) / (n_region + 3) if rivals else 0.0
    distinct = len({a.company for a in prior if a.buyer == buyer}) if buyer else 0
    return [s_buyer, s_region, s_ind, top_rival, math.log1p(n_buyer), math.log1p(distinct)]


def our_names(graph: Graph) -> list[str]:
    """Names we win under: aliases on (:Company {self:true}) plus DEALGRAPH_OUR_COMPANY_NAMES (comma-separated)."""
    from ...config import get_settings

    names = q.our_aliases(graph)
    names += [n.strip() for n in get_settings().our_company_names.split(",") if n.strip()]
    return names


def load_awards(graph: Graph) -> list[Award]:
    """The award history, oldest first; `ours` marks the awards we won."""
    return q.awards(graph, our_names(graph))


def train(graph: Graph) -> History:
    awards = load_awards(graph)
    h = History(awards)
    if not awards:
        return h
    X, y = [], []
    for i, a in enumerate(awards):
        X.append(features(awards[:i], a.buyer, a.region, a.industry))
        y.append(int(a.ours))
    h.n_train, h.positives = len(y), sum(y)
    h.base_rate = (sum(y) + 1) / (len(y) + 5)
    if 0 < sum(y) < len(y) and len(y) >= 20:
        from sklearn.linear_model import LogisticRegression

        m = LogisticRegression(C=1.0, max_iter=500).fit(X, y)
        h.coef, h.intercept = [float(c) for c in m.coef_[0]], float(m.intercept_[0])
        p = m.predict_proba(X)[:, 1]
        h.brier = float(sum((pi - yi) ** 2 for pi, yi in zip(p, y)) / len(y))
    return h


def tender_win_probability(p_hist: float, rel: float, score: float | None, disqualified: bool) -> float:
    """Our chance of winning a tender: the history's for similar tenders, moved by the relationship with the
    buyer and the match score; 0 when a pass/fail item disqualifies the bid."""
    if disqualified:
        return 0.0
    z = _logit(p_hist) + RELATIONSHIP_WEIGHT * rel
    if score is not None:
        z += MATCH_WEIGHT * (score / 100 - 0.6)
    return 1 / (1 + math.exp(-z))


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def history_probability(h: History, buyer: str | None, region: str | None, industry: str | None) -> float:
    if not h.coef:
        return h.base_rate
    x = features(h.awards, buyer, region, industry)
    z = h.intercept + sum(c * v for c, v in zip(h.coef, x))
    return 1 / (1 + math.exp(-z))


def relationship(graph: Graph, buyer: str | None) -> tuple[float, list[str]]:
    """0..1 from the decision-chain graph: an owner, contacts, recent interactions, decision makers reached."""
    if not buyer:
        return 0.0, ["no buyer named"]
    r = q.buyer_relationship(graph, buyer)
    if r is None:
        return 0.0, [f"{buyer} is not an account in the CRM"]
    score = min(1.0, 0.25 * (r.owners > 0) + 0.15 * min(1.0, r.contacts / 5)
                + 0.35 * min(1.0, math.log1p(r.interactions) / math.log1p(30)) + 0.25 * (r.dms > 0))
    return score, [(f"account {r.account}: {r.owners} owner(s), {r.contacts} contact(s), "
                   f"{r.interactions} interaction(s), {r.dms} decision maker(s) engaged")]


def similar_tenders(graph: Graph, tid: str, h: History) -> list[tuple[str, float]]:
    try:
        return q.gds_similar_tenders(graph, tid)
    except Exception as e:  # noqa: BLE001 - fall back to the same Jaccard in Python
        log.warning("GDS node similarity skipped: %s", e)
    me = q.tender_features(graph, tid)
    rows = q.awarded_tender_features(graph)
    out = [(i, len(set(me) & set(f)) / len(set(me) | set(f))) for i, f in rows if f and i != tid]
    return sorted([x for x in out if x[1] > 0.05], key=lambda x: -x[1])[:60]


def _age_weight(at: str, today: date) -> float:
    try:
        years = (today - date.fromisoformat(at[:10])).days / 365.25
    except ValueError:
        return 0.5
    return 0.5 ** (max(years, 0.0) / HALF_LIFE_YEARS)


def assess_tender(graph: Graph, key: str, top: int = 5, history: History | None = None,
                  match: dict | None = None) -> dict:
    t = resolve_tender(graph, key)
    tid = t["id"]
    link_tender_context(graph, [tid])
    h = history or train(graph)
    sims = similar_tenders(graph, tid, h)
    by_tender = defaultdict(list)
    for a in h.awards:
        by_tender[a.tender].append(a)
    today = date.today()
    scores: dict[str, float] = defaultdict(float)
    wins: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for ht, s in sims:
        for a in by_tender.get(ht, []):
            if a.ours:
                continue
            scores[a.company] += s * _age_weight(a.at, today)
            wins[a.company].append(ht)
            names[a.company] = a.name
    total = sum(scores.values()) or 1.0
    competitors = [{"company": names[c], "company_id": c, "score": round(v / total, 3), "similar_wins": len(wins[c]),
                    "evidence": [(f"won {len(wins[c])} of the {len(sims)} most similar past tenders "
                                 f"(same buyer / region / industry / budget band)")]}
                   for c, v in sorted(scores.items(), key=lambda x: -x[1])[:top]]
    context, industry = tender_context(t)
    buyer_key = q.buyer_org(graph, tid, default=t.get("buyer"))
    p_hist = history_probability(h, buyer_key, t.get("region"), industry)
    if match is None and t.get("match_score") is None and q.has_requirements(graph, tid):
        match = match_tender(graph, tid)
    score = match["score"] if match else t.get("match_score")
    disqualified = bool(match["disqualified"] if match else t.get("disqualified"))
    rel, rel_ev = relationship(graph, t.get("buyer"))
    p = tender_win_probability(p_hist, rel, score, disqualified)
    _write_back(graph, tid, competitors, p, p_hist, rel)
    return {
        "tender": {"id": tid, "project_name": t.get("title"), "buyer": t.get("buyer"), "region": t.get("region"),
                   "industry": industry, "budget": t.get("budget"), "deadline": t.get("deadline")},
        "win_probability": round(p, 4), "history_probability": round(p_hist, 4), "match_score": score,
        "disqualified": disqualified,
        "disqualify_reasons": (match or {}).get("disqualify_reasons") or t.get("disqualify_reasons") or [],
        "needs_checking": (match or {}).get("needs_checking") or t.get("needs_checking") or [],
        "relationship": {"score": round(rel, 3), "evidence": rel_ev},
        "competitors": competitors,
        "similar_tenders": [{"id": i, "similarity": round(s, 3)} for i, s in sims[:5]],
        "model": {"n_train": h.n_train, "positives": h.positives, "brier": h.brier,
                  "weights": {"match": MATCH_WEIGHT, "relationship": RELATIONSHIP_WEIGHT}},
        "context": [c["name"] for c in context],
    }


def _write_back(graph: Graph, tid: str, competitors: list[dict], p: float, p_hist: float, rel: float) -> None:
    """(:Tender)-[:LIKELY_BIDDER {score, similar_wins, evidence}]->(:Company) and the tender's win probability."""
    from datetime import datetime

    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    q.write_assessment(graph, tid, competitors, round(p, 4), round(p_hist, 4), round(rel, 3), now)


def rank_open_tenders(graph: Graph, limit: int = 20) -> list[dict]:
    ids = q.open_tender_ids(graph)
    h = train(graph)
    out = []
    for tid in ids:
        a = assess_tender(graph, tid, top=3, history=h)
        budget = float(a["tender"]["budget"] or 0)
        out.append({"tender_id": tid, "project_name": a["tender"]["project_name"], "buyer": a["tender"]["buyer"],
                    "budget": budget, "match_score": a["match_score"], "win_probability": a["win_probability"],
                    "expected_value": round(budget * a["win_probability"], 2), "disqualified": a["disqualified"],
                    "disqualify_reasons": a["disqualify_reasons"], "needs_checking": a["needs_checking"],
                    "top_competitors": [c["company"] for c in a["competitors"]]})
    out.sort(key=lambda x: (-x["expected_value"], x["tender_id"]))
    return out[:limit]
