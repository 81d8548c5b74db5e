"""Store a parsed notice: (:Tender)-[:HAS_REQUIREMENT]->(:Requirement), (:Tender)-[:ISSUED_BY]->(:Organization).

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
from ...schema.graph_model import ORG_PREFIX
from ...schema.values import name_key
from .model import ParsedTender

_TENDER = """
MERGE (t:Tender {id: $id})
SET t += $props REMOVE t.stub
WITH t
CALL (t) {
  WITH t WHERE $buyer IS NOT NULL
  MERGE (o:Organization {id: $buyer_id}) ON CREATE SET o.name = $buyer
  MERGE (t)-[:ISSUED_BY]->(o)
}
CALL (t) {
  WITH t WHERE $buyer IS NOT NULL
  MATCH (a:Account) WHERE a.name = $buyer
  MERGE (t)-[:ISSUED_BY]->(a)
  SET t.buyer_account_id = a.id
}
RETURN t.id AS id
"""
_REQS = """
UNWIND $rows AS r
MATCH (t:Tender {id: $tid})
MERGE (q:Requirement {id: r.id})
SET q += r.props
MERGE (t)-[:HAS_REQUIREMENT]->(q)
"""
_PRUNE = """
MATCH (t:Tender {id: $tid})-[:HAS_REQUIREMENT]->(q:Requirement)
WHERE NOT q.id IN $keep
DETACH DELETE q
"""


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
    tid = tender_id or tender_id_for(parsed)
    d = parsed.to_dict()
    props = {
        "title": parsed.project_name, "number": parsed.tender_number, "buyer": parsed.buyer, "agency": parsed.agency,
        "region": parsed.region, "budget": d["budget"]["amount"] if d["budget"] else None,
        "currency": d["budget"]["currency"] if d["budget"] else None,
        "max_price": d["max_price"]["amount"] if d["max_price"] else None,
        "deadline": parsed.deadline, "opening_time": parsed.opening_time, "language": parsed.language,
        "source_file": parsed.source, "lots_json": json.dumps(d["lots"], ensure_ascii=False),
        "scoring_json": json.dumps(d["scoring"], ensure_ascii=False),
        "provenance_json": json.dumps(d["provenance"], ensure_ascii=False), "status": status,
    }
    props = {k: v for k, v in props.items() if v is not None}
    buyer = parsed.buyer
    graph.write(_TENDER, id=tid, props=props, buyer=buyer, buyer_id=ORG_PREFIX + name_key(buyer) if buyer else None)
    rows = []
    for i, r in enumerate(parsed.requirements):
        p = {"tender_id": tid, "index": i, "kind": r.kind, "text": r.text, "parameter": r.parameter,
             "operator": r.operator, "unit": r.unit, "mandatory": r.mandatory, "important": r.important,
             "page": r.page, "snippet": r.snippet, "lot": r.lot, **_value_props(r.value)}
        rows.append({"id": f"{tid}:r{i}", "props": {k: v for k, v in p.items() if v is not None}})
    graph.write(_REQS, rows=rows, tid=tid)
    graph.write(_PRUNE, tid=tid, keep=[r["id"] for r in rows])
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
