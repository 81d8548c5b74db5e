"""Store a parsed notice: (:Tender)-[:HAS_REQUIREMENT]->(:Requirement), (:Tender)-[:ISSUED_BY]->(:Organization)
(and the buyer's Account when the CRM has one of that name), through graph/writes like any tender row.

Idempotent: the tender id is its number (or a hash of the file), requirement ids are
"<tender id>:r<index>"; a re-ingest replaces the requirement set (old ones that no longer
appear are removed with their SATISFIED_BY). Lots and scoring are JSON strings on the tender
because node properties must be primitives; provenance stays with each field.
"""

from __future__ import annotations

import hashlib
import json
import re

from ...graph.connection import Graph
from ...graph.writes.statements import prepare
from ...graph.writes.tender_notice import accounts_named, write_notice
from ...graph.writes.upsert import validate
from ...schema.graph_model import ORG_PREFIX
from ...schema.values import name_key
from .model import ParsedTender


def tender_id_for(parsed: ParsedTender) -> str:
    if parsed.tender_number:
        return "tender:" + re.sub(r"\s+", "", parsed.tender_number)
    digest = hashlib.sha1(f"{parsed.project_name}|{parsed.buyer}|{parsed.source}".encode()).hexdigest()[:12]
    return f"tender:{digest}"


def _value_props(v) -> dict:
    if isinstance(v, list) and len(v) == 2:
        return {"value": float(v[0]), "value_hi": float(v[1])}
    if isinstance(v, (int, float)):
        return {"value": float(v)}
    return {"value_text": str(v)} if v is not None else {}


def store_tender(graph: Graph, parsed: ParsedTender, tender_id: str | None = None, status: str = "open") -> str:
    """Write the notice's Tender as ingest writes a tender row (validated by the Tender record: budget,
    deadline in UTC, `stub` cleared) plus what only a parsed notice has, and its requirements."""
    tid = tender_id or tender_id_for(parsed)
    d = parsed.to_dict()
    buyer = parsed.buyer
    accounts = accounts_named(graph, buyer) if buyer else []
    record = validate("tender", {
        "id": tid, "title": parsed.project_name or parsed.tender_number or tid, "number": parsed.tender_number,
        "buyer": buyer, "buyer_account_id": accounts[0] if accounts else None,
        "budget": d["budget"]["amount"] if d["budget"] else None, "deadline": parsed.deadline,
        "region": parsed.region, "status": status})
    row = prepare("tender", record, "tender")
    # A notice names its buyer as an organization too (past awards are keyed by it), even when it is an account.
    row["buyer_org"] = ORG_PREFIX + name_key(buyer) if buyer else None
    notice_only = {
        "agency": parsed.agency, "currency": d["budget"]["currency"] if d["budget"] else None,
        "max_price": d["max_price"]["amount"] if d["max_price"] else None, "opening_time": parsed.opening_time,
        "language": parsed.language, "source_file": parsed.source,
        "lots_json": json.dumps(d["lots"], ensure_ascii=False),
        "scoring_json": json.dumps(d["scoring"], ensure_ascii=False),
        "provenance_json": json.dumps(d["provenance"], ensure_ascii=False),
    }
    row["props"].update({k: v for k, v in notice_only.items() if v is not None})
    rows = []
    for i, r in enumerate(parsed.requirements):
        p = {"tender_id": tid, "index": i, "kind": r.kind, "text": r.text, "parameter": r.parameter,
             "operator": r.operator, "unit": r.unit, "mandatory": r.mandatory,
             "part_of_mandatory": r.part_of_mandatory, "continues": r.continues, "important": r.important,
             "page": r.page, "snippet": r.snippet, "lot": r.lot, **_value_props(r.value)}
        rows.append({"id": f"{tid}:r{i}", "props": {k: v for k, v in p.items() if v is not None}})
    write_notice(graph, row, rows)
    return tid


def requirement_dicts(rows: list[dict]) -> list[dict]:
    """Graph Requirement properties back to the parser's requirement shape (value / [lo, hi])."""
    out = []
    for p in rows:
        v = p.get("value")
        if p.get("value_hi") is not None:
            v = [p["value"], p["value_hi"]]
        elif v is None:
            v = p.get("value_text")
        out.append({**p, "value": v})
    return out
