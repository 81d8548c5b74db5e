"""Requirement-by-requirement matching against our capabilities: pure, no database.

Status per requirement, in this order of evidence:
1. certification concepts (ISO 9001, CMMI, 等保...): the certificate must exist, have the level
   asked for and be valid on the tender deadline (expired -> unmet);
2. similar-project experience: count reference cases of the industry in the time window;
3. numeric parameters: the capability spec with the same parameter concept, compared after
   unit conversion (met; partial within 10 %; unmet);
4. free text: shared service/certification concepts, then graph/embedding candidates as a
   weaker signal (partial at most).
Nothing covering a requirement gives "unknown", never "met".

Admissibility (pass/fail) is decided after matching, in `gate`: a ★ item or a requirement of the
notice's qualification section (资格要求 / selection criteria / minimum qualifications) that is
clearly unmet disqualifies the bid; one we cannot verify is flagged "needs checking".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rapidfuzz import fuzz

from ..concepts import concept, concepts_in, kinds, parameter_concept
from .capabilities import Capability, level_of
from .units import comparable, to_base

MET, PARTIAL, UNMET, UNKNOWN = "met", "partial", "unmet", "unknown"
STATUS_VALUE = {MET: 1.0, PARTIAL: 0.5, UNMET: 0.0, UNKNOWN: 0.0}
_WORD_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6}


@dataclass
class MatchResult:
    status: str
    score: float  # degree of satisfaction 0..1
    confidence: float
    capability_id: str | None = None
    capability_name: str | None = None
    method: str = "none"
    evidence: list[str] = field(default_factory=list)


def _deadline(d: Any) -> date:
    if isinstance(d, date):
        return d
    if isinstance(d, str) and d:
        try:
            return datetime.fromisoformat(d).date()
        except ValueError:
            pass
    return date.today()


def _fmt(v: Any, unit: str | None) -> str:
    if isinstance(v, (list, tuple)):
        return f"{_fmt(v[0], None)}~{_fmt(v[1], None)}{unit or ''}"
    if isinstance(v, (int, float)) and abs(v) >= 1e5:
        s = f"{v:,.0f}"
    else:
        s = f"{v:g}" if isinstance(v, float) else str(v)
    return f"{s}{(' ' + unit) if unit and unit[0].isascii() else (unit or '')}"


def compare(op: str, have: Any, have_unit: str | None, want: Any, want_unit: str | None) -> tuple[str, float, str]:
    """(status, degree, explanation) of a capability value against a required value."""
    if not comparable(have_unit, want_unit):
        return UNKNOWN, 0.0, f"units differ ({have_unit} vs {want_unit})"
    if op == "range" or isinstance(want, (list, tuple)):
        lo, hi = (to_base(x, want_unit)[1] for x in (want if isinstance(want, (list, tuple)) else (want, want)))
        hv = have if isinstance(have, (list, tuple)) else (have, have)
        hlo, hhi = (to_base(x, have_unit)[1] for x in hv)
        if hlo <= lo and hhi >= hi:
            return MET, 1.0, "covers the required range"
        if hlo <= hi and hhi >= lo:
            overlap = (min(hi, hhi) - max(lo, hlo)) / max(hi - lo, 1e-9)
            return PARTIAL, max(0.1, min(0.9, overlap)), f"covers {overlap:.0%} of the required range"
        return UNMET, 0.0, "outside the required range"
    if isinstance(have, (list, tuple)):
        have = have[1] if op == ">=" else have[0]
    h = to_base(have, have_unit)[1]
    w = to_base(want, want_unit)[1]
    if op == "<=":
        if h <= w:
            return MET, 1.0, "within the maximum"
        ratio = w / h if h else 0.0
        return (PARTIAL, ratio, f"{h / w - 1:.0%} over the maximum") if h <= 1.1 * w else \
            (UNMET, 0.0, f"{h / w - 1:.0%} over the maximum")
    if op == ">=":
        if h >= w:
            return MET, 1.0, "meets the minimum"
        ratio = h / w if w else 0.0
        return (PARTIAL, ratio, f"reaches {ratio:.0%} of the minimum") if ratio >= 0.9 else \
            (UNMET, 0.0, f"reaches {ratio:.0%} of the minimum")
    return (MET, 1.0, "equal") if abs(h - w) <= 1e-9 * max(1, abs(w)) else (UNMET, 0.0, "differs")


def _years_window(text: str) -> int | None:
    m = re.search(r"近\s*([一二两三四五六\d]+)\s*年|(?:last|past)\s+(\w+)\s+years?", text, re.IGNORECASE)
    if not m:
        return None
    g = (m.group(1) or m.group(2) or "").lower()
    return int(g) if g.isdigit() else _WORD_NUM.get(g)


_PAST_WORK = re.compile(r"承担过|完成过|实施过|业绩|项目经验|合同|references?|contracts?|projects?\b|deliver(?:ed|ies)",
                        re.IGNORECASE)


def _past_projects(req: dict, text: str) -> bool:
    """A qualification counting past work in a time window ("近三年至少承担过1个三级医院信息化项目",
    "at least 3 references ... in the last 5 years") is a reference-case test even without the
    words 类似项目 / similar project."""
    return req.get("kind") == "qualification" and bool(_PAST_WORK.search(text)) and _years_window(text) is not None


class Matcher:
    def __init__(self, caps: list[Capability], deadline: Any = None, context_concepts: list[str] | None = None,
                 candidates: dict[int, list[tuple[str, float]]] | None = None):
        self.caps = caps
        self.by_id = {c.id: c for c in caps}
        self.deadline = _deadline(deadline)
        self.context = context_concepts or []
        self.candidates = candidates or {}

    def match(self, i: int, req: dict) -> MatchResult:
        text = " ".join(x for x in (req.get("parameter"), req.get("text")) if x)
        ids = concepts_in(text)
        certs = [c for c in kinds(ids, "certification") if c != "business_license"]
        if len(certs) == 1:
            return self._certification(req, certs[0])
        if certs:  # "ISO 9001、ISO 14001、ISO 45001三体系认证": every one is needed
            parts = [self._certification(req, c) for c in certs]
            worst = next((s for s in (UNMET, UNKNOWN, PARTIAL, MET) if any(p.status == s for p in parts)), MET)
            anchor = next((p for p in parts if p.capability_id), parts[0])
            return MatchResult(worst, min(p.score for p in parts), min(p.confidence for p in parts),
                               anchor.capability_id, anchor.capability_name, "certification",
                               [e for p in parts for e in p.evidence])
        if "similar_projects" in ids or _past_projects(req, text):
            return self._references(req, text, ids)
        if req.get("operator") and req.get("value") is not None and not isinstance(req.get("value"), str):
            r = self._numeric(req)
            if r is not None:
                return r
        return self._free_text(i, req, ids)

    # --- kinds of evidence ------------------------------------------------------------------------------
    def _certification(self, req: dict, cid: str) -> MatchResult:
        holders = [c for c in self.caps if c.kind == "certification" and cid in c.concepts]
        name = concept(cid).aliases[0] if concept(cid) else cid
        if not holders:
            ours = [c.name for c in self.caps if c.kind == "certification"]
            if ours and req.get("kind") == "qualification":
                # the bidder's own certificates are listed in full, so absence is evidence; a product
                # certificate asked in a technical item may sit on a datasheet we never loaded
                held = ", ".join(ours[:6]) + (", …" if len(ours) > 6 else "")
                return MatchResult(UNMET, 0.0, 0.8, method="certification",
                                   evidence=[f"{name} is not among our {len(ours)} certifications ({held})"])
            return MatchResult(UNKNOWN, 0.0, 0.6, method="certification",
                               evidence=[f"no certification of ours covers {name}"])
        want_level = None
        if concept(cid) and concept(cid).level_aware:
            v = req.get("value")
            want_level = int(v) if isinstance(v, (int, float)) and 0 < v < 10 else level_of(req.get("text") or "")
        best: MatchResult | None = None
        for c in holders:
            ev = [f"{c.name} ({c.id})"]
            status, score = MET, 1.0
            if want_level is not None and (c.level or 0) < want_level:
                status, score = UNMET, 0.0
                ev.append(f"level {c.level} below required level {want_level}")
            if c.valid_until and c.valid_until < self.deadline:
                status, score = UNMET, 0.0
                ev.append(f"expired {c.valid_until.isoformat()}, before the deadline {self.deadline.isoformat()}")
            elif c.valid_until:
                ev.append(f"valid until {c.valid_until.isoformat()} (deadline {self.deadline.isoformat()})")
            else:
                ev.append("no valid-until date recorded: check the certificate")
            r = MatchResult(status, score, 0.95 if c.valid_until else 0.7, c.id, c.name, "certification", ev)
            if best is None or r.score > best.score:
                best = r
        return best  # type: ignore[return-value]

    def _references(self, req: dict, text: str, ids: list[str]) -> MatchResult:
        refs = [c for c in self.caps if c.kind == "reference_case"]
        if not refs:
            return MatchResult(UNKNOWN, 0.0, 0.5, method="reference_cases", evidence=["no reference cases loaded"])
        industries = kinds(ids, "industry")
        window = _years_window(text)
        pool = [c for c in refs if not industries or set(industries) & set(concepts_in(c.industry or c.text))]
        if window:
            pool = [c for c in pool if c.year and c.year >= self.deadline.year - window]
        need = req.get("value") if isinstance(req.get("value"), (int, float)) else 1
        ev = [f"{len(pool)} reference case(s)" + (f" in {', '.join(industries)}" if industries else "")
              + (f" since {self.deadline.year - window}" if window else "") + f", {need:g} required",
              *[f"{c.customer or c.name} ({c.year})" for c in pool[:5]]]
        if len(pool) >= need:
            return MatchResult(MET, 1.0, 0.85, pool[0].id, pool[0].name, "reference_cases", ev)
        if pool:
            return MatchResult(PARTIAL, len(pool) / need, 0.8, pool[0].id, pool[0].name, "reference_cases", ev)
        return MatchResult(UNMET, 0.0, 0.7, method="reference_cases", evidence=ev)

    def _spec_candidates(self, req: dict) -> list[tuple[Capability, Any]]:
        pc = parameter_concept(req.get("parameter")) or parameter_concept(req.get("text"))
        found = []
        for c in self.caps:
            for s in c.specs:
                if pc and s.concept == pc or not pc and req.get("parameter") and fuzz.ratio(s.name.lower(), req["parameter"].lower()) >= 85:
                    found.append((c, s))
        return found

    def _numeric(self, req: dict) -> MatchResult | None:
        found = self._spec_candidates(req)
        if not found:
            return None
        categories = set(kinds(self.context, "category"))
        in_context = [(c, s) for c, s in found if categories & set(c.concepts)]
        pool = in_context or found
        best: MatchResult | None = None
        for c, s in pool:
            status, degree, why = compare(req["operator"], s.value, s.unit, req["value"], req.get("unit"))
            want = ("≥ " if req["operator"] == ">=" else "≤ " if req["operator"] == "<=" else "") + \
                _fmt(req["value"], req.get("unit"))
            ev = [f"{c.name}: {s.name} = {_fmt(s.value, s.unit)}; required {s.name} {want}: {why}"]
            conf = 0.9 if in_context else 0.7
            r = MatchResult(status, degree, conf, c.id, c.name, "numeric", ev)
            if best is None or (r.score, r.status != UNKNOWN) > (best.score, best.status != UNKNOWN):
                best = r
        return best

    def _free_text(self, i: int, req: dict, ids: list[str]) -> MatchResult:
        specific = [x for x in ids if (c := concept(x)) and c.kind in ("service", "certification", "category", "parameter")]
        best: tuple[float, Capability, list[str]] | None = None
        for c in self.caps:
            shared = [x for x in specific if x in c.concepts]
            if shared:
                s = len(shared) / len(specific)
                if best is None or s > best[0]:
                    best = (s, c, shared)
        if best and best[0] >= 0.5:
            s, c, shared = best
            return MatchResult(MET if s >= 0.99 else PARTIAL, s, 0.6, c.id, c.name, "concepts",
                               [f"{c.name} covers {', '.join(shared)}"])
        for cap_id, sim in self.candidates.get(i, []):
            if sim >= 0.8 and cap_id in self.by_id:
                c = self.by_id[cap_id]
                return MatchResult(PARTIAL, sim * 0.5, 0.3, c.id, c.name, "similarity",
                                   [f"text/graph similarity {sim:.2f} with {c.name}; check manually"])
        return MatchResult(UNKNOWN, 0.0, 0.5, method="none", evidence=["no capability of ours covers this requirement"])


def match_requirements(reqs: list[dict], caps: list[Capability], deadline: Any = None,
                       context_concepts: list[str] | None = None,
                       candidates: dict[int, list[tuple[str, float]]] | None = None, **_: Any) -> list[MatchResult]:
    m = Matcher(caps, deadline, context_concepts, candidates)
    results = [m.match(i, r) for i, r in enumerate(reqs)]
    for r, res in zip(reqs, results):
        verdict, why = gate(r, res)
        if verdict == FAIL:
            res.evidence.append(f"pass/fail ({why}): not met, the bid is not admissible")
        elif verdict == CHECK:
            res.evidence.append(f"pass/fail ({why}): needs checking before bidding")
    return results


FAIL, CHECK = "fail", "check"
# methods whose partial result is a measured shortfall (2 of 3 references, 95 % of the capital), not a guess
_MEASURED = {"numeric", "reference_cases", "certification"}


def is_mandatory(req: dict) -> bool:
    """A ★ item, or a further bound of one ("★ ≥30分钟，…不少于2组": the notice counts one item, both bounds bind)."""
    return bool(req.get("mandatory") or req.get("part_of_mandatory"))


def gate(req: dict, m: MatchResult) -> tuple[str | None, str]:
    """(FAIL | CHECK | None, why the item is pass/fail) for one requirement and its match.

    ★ items keep their rule: unmet disqualifies (unknown needs checking). A qualification (资格要求 / selection criteria)
    is an admission test: unmet, or measurably short of a minimum, disqualifies; anything we cannot
    verify (nothing of ours covers it, or only a loose text/graph similarity) needs checking.
    """
    qualification = req.get("kind") == "qualification"
    if not (qualification or is_mandatory(req)):
        return None, ""
    why = "★ mandatory" if is_mandatory(req) else "qualification requirement"
    if m.status == UNMET:
        return FAIL, why
    if qualification and m.status == PARTIAL:
        return (FAIL if m.method in _MEASURED else CHECK), why
    if m.status == UNKNOWN:
        return CHECK, why
    return None, why


_GROUPS = [("price", r"价格|报价|price|cost|fee"), ("service", r"售后|服务|支持|support|warranty|maintenance|service"),
           ("qualification", r"商务|业绩|资质|资信|信誉|qualification|experience|past performance|reference|business"),
           ("technical", r"技术|方案|参数|性能|technical|solution|approach|specification|function")]


def overall(reqs: list[dict], results: list[MatchResult], scoring: list[dict] | None = None,
            lots: list[str] | None = None) -> dict:
    """Score 0-100 weighted by the tender's own scoring criteria; disqualified when a pass/fail item fails (`gate`).

    A failed item of one lot (包/Lot) rules out that lot only: the tender is disqualified when a
    tender-wide item fails or every lot has failed. `lots` = the notice's lot numbers, if known.
    """
    def mean(xs: list[float]) -> float | None:
        return sum(xs) / len(xs) if xs else None

    service_ids = {"response_time", "warranty", "support_7x24", "onsite_service", "training"}
    groups: dict[str, list[float]] = {"technical": [], "qualification": [], "service": []}
    for r, m in zip(reqs, results):
        weight = 2 if r.get("important") or is_mandatory(r) else 1
        ids = concepts_in(" ".join(x for x in (r.get("parameter"), r.get("text")) if x))
        g = "service" if set(ids) & service_ids else r.get("kind", "technical")
        groups.setdefault(g, []).extend([STATUS_VALUE[m.status]] * weight)
    coverage = {g: mean(v) for g, v in groups.items()}
    weights: dict[str, float] = {}
    for s in scoring or []:
        item = str(s.get("item", ""))
        g = next((name for name, rx in _GROUPS if re.search(rx, item, re.IGNORECASE)), "technical")
        weights[g] = weights.get(g, 0.0) + float(s.get("points") or 0)
    if not weights:
        weights = {"technical": 60.0, "qualification": 30.0, "service": 10.0}
    total = num = 0.0
    parts = {}
    for g, w in weights.items():
        cov = 0.5 if g == "price" else coverage.get(g)  # price is unknown until we bid: neutral
        if cov is None:
            cov = mean([c for c in coverage.values() if c is not None]) or 0.0
        parts[g] = {"points": w, "coverage": round(cov, 3)}
        total += w
        num += w * cov
    reasons, checks = [], []
    failed_lots: set[str | None] = set()
    for r, m in zip(reqs, results):
        verdict, _ = gate(r, m)
        mark = "★ " if is_mandatory(r) else "资格/qualification: " if r.get("kind") == "qualification" else ""
        mark = (f"lot {r['lot']}: " if r.get("lot") else "") + mark
        ev = "; ".join(e for e in m.evidence if not e.startswith("pass/fail ("))
        if verdict == FAIL:
            reasons.append(f"{mark}{r.get('text')} — {m.status}: {ev}")
            failed_lots.add(r.get("lot") or None)
        elif verdict == CHECK:
            checks.append(f"{mark}{r.get('text')} — {m.status}: {ev}")
    all_lots = {str(x) for x in lots or []} | {r["lot"] for r in reqs if r.get("lot")}
    disqualified = None in failed_lots or bool(failed_lots) and failed_lots >= all_lots
    at_risk = [f"★ {r.get('text')} — nothing of ours covers it" for r, m in zip(reqs, results)
               if is_mandatory(r) and m.status == UNKNOWN]
    counts = {s: sum(1 for m in results if m.status == s) for s in (MET, PARTIAL, UNMET, UNKNOWN)}
    return {"score": round(100 * num / total, 1) if total else 0.0, "disqualified": disqualified,
            "disqualified_lots": sorted(x for x in failed_lots if x), "disqualify_reasons": reasons, "needs_checking": checks, "at_risk": at_risk, "by_group": parts,
            "counts": counts}
