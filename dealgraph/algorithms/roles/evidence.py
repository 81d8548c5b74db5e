"""Plain-words reasons for a role, strongest first: what an account manager can check.

Each reason is built from a fact (a title, a reporting line, a count of meetings), never from
an opaque score alone, e.g. "reports to 王强 (总经理); 4 direct reports, 37 people below".
"""

from __future__ import annotations

from .features import ContactFeatures
from .rules import RuleScore

_LEVEL_WORDS = {6: "head of the organisation", 5: "executive", 4: "head of a unit", 3: "manager",
                2: "team lead / senior expert", 1: "individual contributor", 0: "assistant / intern"}
_FUNCTION_WORDS = {"it": "IT", "hr": "HR", "procurement": "procurement (采购)", "finance": "finance (财务)",
                   "legal": "legal (法务)"}
MAX_REASONS = 6


def reasons(f: ContactFeatures, s: RuleScore) -> list[str]:
    weighted: list[tuple[float, str]] = []
    ti = f.title_info
    if ti.level is not None:
        word = _LEVEL_WORDS[int(ti.level)]
        extra = "".join([", deputy" if ti.deputy else "", ", acting" if ti.acting else ""])
        weighted.append((0.3 + ti.level / 10, f"title '{f.title}' ranks as {word}{extra}"))
    elif f.title:
        weighted.append((0.05, f"title '{f.title}' not recognised, so judged by position and behaviour"))
    if f.heads_function:
        fn = _FUNCTION_WORDS.get(f.heads_function, f.heads_function)
        weighted.append((0.85, f"heads the account's {fn} function, which runs or funds a purchase"))
    elif ti.function and ti.function != "executive" and (ti.level or 0) >= 3:
        weighted.append((0.35, f"leads a team in {_FUNCTION_WORDS.get(ti.function, ti.function)}"))
    if f.has_hierarchy:
        if f.manager_id is None and f.pos.span:
            weighted.append((0.9, "top of the reporting line (reports to nobody in the account)"))
        elif f.manager_id:
            boss = f.manager_name or f.manager_id
            if f.manager_title:
                boss += f" ({f.manager_title})"
            weighted.append((0.25 + 0.3 * (1 - f.rel_depth),
                             f"reports to {boss}, {f.pos.depth} level(s) below the top"))
        if f.pos.span:
            weighted.append((0.3 + 0.5 * s.parts.get("span", 0.0),
                             f"{f.pos.direct_reports} direct report(s), {f.pos.span} people below in total"))
        elif f.manager_id:
            weighted.append((0.2, "no direct reports"))
        if f.authority_pct >= 0.9:
            weighted.append((0.3, f"authority in the reporting graph (PageRank) {_top(f.authority_pct)}"))
    if f.decision_meetings_total:
        weighted.append((0.3 + 0.5 * f.meeting_share,
                         (f"attended {f.decision_meetings} of {f.decision_meetings_total} procurement/approval "
                         "meetings")))
    if f.signs:
        weighted.append((0.6, f"signed or was present at signing {f.signs} time(s)"))
    topics = f.budget_topics + f.technical_topics
    if topics:
        lean = "budget and commercial terms" if f.budget_topics >= f.technical_topics else "technical detail"
        weighted.append((0.25, (f"talks mostly about {lean} ({max(f.budget_topics, f.technical_topics)} "
                               f"of {topics} topical interactions)")))
    if s.parts.get("brokerage", 0.0) >= 0.5 and (f.ties or f.degree):
        weighted.append((0.2 + 0.4 * s.parts["brokerage"],
                         (f"connects colleagues: betweenness {_top(f.brokerage_pct)}, "
                         f"{int(f.degree)} social tie(s)")))
    if not weighted:
        weighted.append((0.0, "no title, reporting line or interaction known; defaulted to executor"))
    weighted.sort(key=lambda x: -x[0])
    return [text for _, text in weighted[:MAX_REASONS]]


def _top(pct: float) -> str:
    return "the highest in the account" if pct >= 1.0 else f"in the top {max(1, round((1 - pct) * 100))}% of the account"
