"""`dealgraph tender parse|ingest|capabilities|history|match|rank`: tender intelligence for bid teams."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

out = Console()
tender = typer.Typer(help="Tender notices: parse, store, match to our capabilities, rank by expected value.",
                     no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(tender, name="tender")


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


@tender.command()
def parse(file: Annotated[Path, typer.Argument(help="A tender notice: PDF, HTML or text.")],
          as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
          with_concepts: bool = typer.Option(True, help="Add the concepts each requirement mentions."),
          with_tree: bool = typer.Option(False, "--tree", help="With --json: add the document tree the fields were "
                                                               "read from (sections, key/value pairs, tables).")) -> None:
    """Extract fields, lots, requirements and scoring criteria, each with page + snippet provenance."""
    from ..algorithms.concepts import concepts_in
    from ..ingest.tenders import parse_file

    parsed = parse_file(file)
    d = parsed.to_dict(tree=with_tree)
    if with_concepts:
        for r in d["requirements"]:
            r["concepts"] = concepts_in(" ".join(x for x in (r.get("parameter"), r.get("text")) if x))
    if as_json:
        _print_json(d)
        return
    t = Table("field", "value", "page")
    for k in ("project_name", "tender_number", "buyer", "agency", "region", "budget", "max_price", "deadline",
              "opening_time"):
        prov = d["provenance"].get(k)
        t.add_row(k, str(d[k]), str(prov["page"]) if prov else "")
    out.print(t)
    r = Table("kind", "lot", "★", "▲", "parameter", "op", "value", "unit", "page")
    for q in d["requirements"]:
        r.add_row(q["kind"], q["lot"] or "", "★" if q["mandatory"] else "(★)" if q["part_of_mandatory"] else "",
                  "▲" if q["important"] else "",
                  str(q["parameter"] or q["text"][:30]), str(q["operator"] or ""),
                  str(q["value"] if q["value"] is not None else ""), str(q["unit"] or ""), str(q["page"]))
    out.print(r)
    lots = "; ".join(f"{lot['number']} {(lot['name'] or '')[:24]}"
                     + (f" ({lot['budget']['amount']:,} {lot['budget']['currency']})" if lot["budget"] else "")
                     for lot in d["lots"])
    scoring = ", ".join(f"{s['item']} {s['points']}" for s in d["scoring"])
    out.print(f"lots: {len(d['lots'])}" + (f": {lots}" if lots else "")
              + f"; scoring items: {len(d['scoring'])}" + (f": {scoring}" if scoring else ""), highlight=False)
    if d["needs_review"]:
        rv = Table("needs review: field", "reason", "snippet")
        for n in d["needs_review"]:
            rv.add_row(escape(n["field"]), escape(n["reason"]), escape(n["snippet"]))
        out.print(rv)
    else:
        out.print("needs review: nothing (every self-check passed)")


@tender.command()
def ingest(files: Annotated[list[Path], typer.Argument(help="Tender notices to store.")],
           as_json: bool = typer.Option(False, "--json")) -> None:
    """Parse and store (:Tender)-[:HAS_REQUIREMENT]->(:Requirement), linked to (:Concept) nodes."""
    from ..algorithms.concepts_graph import link_tender_concepts
    from ..graph.connection import graph_session
    from ..ingest.tenders import parse_file
    from ..ingest.tenders.store import store_tender

    done = []
    with graph_session() as g:
        for f in files:
            parsed = parse_file(f)
            tid = store_tender(g, parsed)
            link_tender_concepts(g, tid)
            done.append({"file": str(f), "tender_id": tid, "requirements": len(parsed.requirements)})
    if as_json:
        _print_json(done)
    else:
        for d in done:
            out.print(f"stored {d['tender_id']} ({d['requirements']} requirements) from {d['file']}")


@tender.command()
def capabilities(file: Annotated[Path, typer.Argument(help="CSV of capability records (id, kind, name, text, spec, "
                                                       "valid_until, customer, industry, amount, year).")],
                 company: str = typer.Option("our-company", help="Id of our (:Company {self:true}) node.")) -> None:
    """Load our certifications, products, services and reference cases (if not loaded through `dealgraph ingest`)."""
    from ..algorithms.matching.store import load_capabilities_csv
    from ..graph.connection import graph_session

    with graph_session() as g:
        n = load_capabilities_csv(g, file, company)
    out.print(f"loaded {n} capabilities for {company}")


@tender.command()
def history(tenders_csv: Annotated[Path, typer.Argument(help="Past tenders: id,title,number,buyer,budget,deadline,region,"
                                                         "industry,status")],
            awards_csv: Annotated[Path, typer.Argument(help="Awards: tender_id,company,amount,at")],
            us: Annotated[list[str] | None, typer.Option("--us", help="A name our company wins under (repeatable).")]
            = None) -> None:
    """Load award history, (:Tender)-[:AWARDED_TO]->(:Company), used for competitors and win probability."""
    from ..algorithms.competitors.store import load_history_csv
    from ..graph.connection import graph_session

    with graph_session() as g:
        n = load_history_csv(g, tenders_csv, awards_csv, ours=us or [])
    out.print(f"loaded {n} awards")


@tender.command()
def match(tender_id: Annotated[str, typer.Argument(help="Tender id (as printed by `tender ingest`) or tender number.")],
          as_json: bool = typer.Option(False, "--json"),
          embeddings: bool = typer.Option(False, help="Also use sentence embeddings (vector index) as a weak signal.")) -> None:
    """Match every requirement to our capabilities; write SATISFIED_BY {status, score, evidence}."""
    from ..algorithms.matching.graph import match_tender
    from ..graph.connection import graph_session

    with graph_session() as g:
        res = match_tender(g, tender_id, use_embeddings=embeddings)
    if as_json:
        _print_json(res)
        return
    out.print(f"[bold]{res['tender']['project_name']}[/] score {res['score']}"
              + (" [red]DISQUALIFIED[/]" if res["disqualified"] else "")
              + (f" [red]lot(s) {', '.join(res['disqualified_lots'])} ruled out[/]"
                 if res["disqualified_lots"] and not res["disqualified"] else ""))
    for r in res["disqualify_reasons"]:
        out.print(f"  [red]{escape(r)}[/]", highlight=False)
    for r in res["needs_checking"]:
        out.print(f"  [yellow]needs checking: {escape(r)}[/]", highlight=False)
    t = Table("status", "kind", "★", "pass/fail", "requirement", "capability", "evidence")
    for r in res["requirements"]:
        ev = "; ".join(e for e in r["evidence"] if not e.startswith("pass/fail ("))
        t.add_row(r["status"], r["kind"] or "", "★" if r["mandatory"] else "(★)" if r["part_of_mandatory"] else "",
                  {"fail": "[red]FAIL[/]", "check": "[yellow]check[/]"}.get(r["gate"] or "", ""),
                  escape(r["text"][:40]), escape(r["capability"] or ""), escape(ev[:80]))
    out.print(t)


@tender.command()
def competitors(tender_id: Annotated[str, typer.Argument()], as_json: bool = typer.Option(False, "--json"),
                top: int = typer.Option(5)) -> None:
    """Likely competitors and our win probability for one tender."""
    from ..algorithms.competitors.predict import assess_tender
    from ..graph.connection import graph_session

    with graph_session() as g:
        res = assess_tender(g, tender_id, top=top)
    if as_json:
        _print_json(res)
        return
    out.print(f"win probability {res['win_probability']:.2f}")
    for c in res["competitors"]:
        out.print(f"  {c['company']}: {c['score']:.2f} ({'; '.join(c['evidence'])})")


@tender.command()
def rank(as_json: bool = typer.Option(False, "--json"), limit: int = typer.Option(20)) -> None:
    """Open tenders by expected value = budget × win probability; a failed ★ or qualification item makes p(win) 0."""
    from ..algorithms.competitors.predict import rank_open_tenders
    from ..graph.connection import graph_session

    with graph_session() as g:
        rows = rank_open_tenders(g, limit=limit)
    if as_json:
        _print_json(rows)
        return
    t = Table("tender", "budget", "match", "p(win)", "expected value", "flag")
    for r in rows:
        t.add_row(f"{r['tender_id']} {r['project_name'] or ''}"[:50], f"{r['budget'] or 0:,.0f}", f"{r['match_score']}",
                  f"{r['win_probability']:.2f}", f"{r['expected_value']:,.0f}",
                  "DISQUALIFIED" if r["disqualified"]
                  else f"check {len(r['needs_checking'])} qualification(s)" if r["needs_checking"] else "")
    out.print(t)
