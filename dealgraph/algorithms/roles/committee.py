"""The buying committee of each open opportunity: the roles for the purchase that opportunity is.

The purchase area comes from the opportunity's product line (or purchase_area) when it names one
(semantics.AREAS, or words for it: ERP/财务 -> finance, CRM/营销 -> marketing, MES/生产 -> operations),
else it is an IT purchase. The committee is every decision maker and influencer for that area; the
account-level role (for an IT purchase) stays the default view.
"""

from __future__ import annotations

import re

from ...graph.connection import Graph
from ...graph.queries.buying_group import open_opportunities, write_groups
from .classify import classify
from .semantics import AREAS

_AREA_WORDS = [
    ("finance", re.compile(r"\berp\b|finance|financial|accounting|财务|会计|资金|预算", re.IGNORECASE)),
    ("marketing", re.compile(r"\bcrm\b|marketing|营销|市场|销售", re.IGNORECASE)),
    ("operations", re.compile(r"\bmes\b|manufactur|production|operations|生产|制造|运营", re.IGNORECASE)),
    ("hr", re.compile(r"\bhr\b|\bhcm\b|payroll|人力|人事|薪酬", re.IGNORECASE)),
    ("procurement", re.compile(r"procure|sourcing|\bsrm\b|采购", re.IGNORECASE)),
    ("legal", re.compile(r"legal|contract management|法务|合同管理", re.IGNORECASE)),
]


def purchase_area(product_line: str) -> str:
    """The purchase area an opportunity's product line names; 'it' when it names none."""
    key = (product_line or "").strip().lower()
    if key in AREAS:
        return key
    return next((area for area, words in _AREA_WORDS if words.search(key)), "it")


def buying_groups(graph: Graph, account_ids: list[str], labels: dict[str, str] | None = None) -> dict[str, int]:
    """Write IN_BUYING_GROUP for every open opportunity of these accounts; returns committee sizes.
    labels: confirmed roles (default: the users' labels in the graph), which win here too."""
    opps = open_opportunities(graph, account_ids)
    by_area: dict[str, list[dict]] = {}
    for o in opps:
        by_area.setdefault(purchase_area(o["product_line"]), []).append(o)
    groups: dict[str, list[dict]] = {}
    for area, items in by_area.items():
        accounts = sorted({o["account_id"] for o in items})
        report = classify(graph, accounts, labels=labels, use_model=False, write=False, collect=True,
                          purchase_area=area)
        members: dict[str, list[dict]] = {}
        for r in report.results:
            if r["role"] != "executor":
                members.setdefault(r["account_id"], []).append(
                    {"contact": r["id"], "role": r["role"], "confidence": r["confidence"],
                     "evidence": r["evidence"][:3], "model": r["model"], "area": area})
        for o in items:
            groups[o["id"]] = members.get(o["account_id"], [])
    if groups:
        write_groups(graph, groups)
    return {o: len(ms) for o, ms in groups.items()}
