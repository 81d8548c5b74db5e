"""Award history into the graph through the ingest pipeline, plus the context concepts tenders MENTION.

Past tenders (tender records) and awards (award records) load as
(:Tender)-[:AWARDED_TO {amount, at}]->(:Company) and (:Tender)-[:ISSUED_BY]->(:Organization).
Each tender then MENTIONS (:Concept) nodes for its region, industry and budget band, the
features GDS node similarity compares tenders on.
"""

from __future__ import annotations

import math
from pathlib import Path

from ...graph.connection import Graph
from ...graph.queries import competitors as q
from ...schema.graph_model import COMPANY_PREFIX, SELF_COMPANY_ID
from ...schema.values import name_key
from ..concepts import concepts_in, kinds


def budget_band(amount: float | None) -> str | None:
    if not amount or amount <= 0:
        return None
    return f"band:1e{int(math.log10(amount))}"


def tender_context(t: dict) -> tuple[list[dict], str | None]:
    """Context concepts of one tender: region, industry, budget band (+ the industry it implies)."""
    out = []
    region = (t.get("region") or "").strip()
    if region:
        province = region.split("省")[0] + "省" if "省" in region else region
        out.append({"id": f"region:{name_key(province)}", "name": province, "kind": "region"})
    industry = t.get("industry")
    if not industry:
        ids = kinds(concepts_in(" ".join(x for x in (t.get("buyer"), t.get("title")) if x)), "industry")
        industry = ids[0].removeprefix("ind_") if ids else None
    else:
        ids = kinds(concepts_in(industry), "industry")
        industry = ids[0].removeprefix("ind_") if ids else industry
    if industry:
        out.append({"id": f"industry:{name_key(industry)}", "name": industry, "kind": "industry"})
    band = budget_band(t.get("budget"))
    if band:
        out.append({"id": band, "name": band, "kind": "budget_band"})
    return out, industry


def link_tender_context(graph: Graph, tender_ids: list[str] | None = None) -> int:
    rows = graph.read(q.TENDERS_FOR_CONTEXT, ids=tender_ids)
    payload = []
    for r in rows:
        concepts, industry = tender_context(r)
        payload.append({"id": r["id"], "concepts": concepts, "industry": industry})
    for i in range(0, len(payload), 2000):
        graph.write(q.LINK_CONTEXT, rows=payload[i:i + 2000])
    return len(payload)


def mark_ours(graph: Graph, names: list[str]) -> None:
    """Names our company wins under in award history; those Company nodes count as us."""
    ids = [COMPANY_PREFIX + name_key(n) for n in names if n.strip()]
    graph.write(q.MARK_OURS, self_id=SELF_COMPANY_ID, names=names, ids=ids)


def load_history_csv(graph: Graph, tenders_csv: Path, awards_csv: Path, ours: list[str] | None = None) -> int:
    from ...ingest.mapping import parse_mapping
    from ...ingest.pipeline import ingest_files

    t, a = Path(tenders_csv), Path(awards_csv)
    mapping = parse_mapping({"files": [
        {"match": t.name, "entity": "tender", "source": "tender_history"},
        {"match": a.name, "entity": "award", "source": "tender_history"}]})
    summary = ingest_files(graph, [t, a], mapping)
    if ours:
        mark_ours(graph, ours)
    link_tender_context(graph)
    return sum(f.loaded for f in summary.files if f.entity == "award")
