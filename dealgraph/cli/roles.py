"""`dealgraph roles classify|label|review|paths`: decision roles with evidence, the review loop, and
introduction paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

out = Console()
err = Console(stderr=True)
roles = typer.Typer(help="Decision roles (decision maker / influencer / executor) with evidence.",
                    no_args_is_help=True)

ROLE_WORDS = {
    "decision_maker": "decision_maker", "decision-maker": "decision_maker", "dm": "decision_maker",
    "决策者": "decision_maker", "influencer": "influencer", "inf": "influencer", "影响者": "influencer",
    "executor": "executor", "exe": "executor", "执行者": "executor",
}


def register(app: typer.Typer) -> None:
    app.add_typer(roles, name="roles")


@roles.command()
def classify(
    account: Annotated[list[str] | None, typer.Option("--account", "-a",
                                                      help="Account id (repeatable); default: all.")] = None,
    contacts: Annotated[Path | None, typer.Option(
        "--contacts", help="Org chart CSV: id,name,title,department,manager_id, or an HR export's own headers "
                           "(Employee ID, Full Name, Job Title, Reports To; 工号, 姓名, 岗位, 直属上级); the manager "
                           "by id or by name; no id column: the name is the id.")] = None,
    edges: Annotated[Path | None, typer.Option(
        "--edges", help="edges.csv: source,target,kind,weight (ids or names; with --contacts).")] = None,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array, one object per contact."),
    model: str = typer.Option("auto", help="auto (pipeline when enough confirmed roles), rule, or pipeline."),
    batch: int = typer.Option(25, help="Accounts per GDS projection."),
    purchase_area: str = typer.Option("it", "--purchase-area", help="What is bought: it (default), finance, "
                                      "procurement, operations, marketing, sales, hr, legal, engineering; its "
                                      "budget owner decides."),
    maps: Annotated[list[str] | None, typer.Option(
        "--map", help="COLUMN=FIELD (repeatable, with --contacts): read a column of your file as id, name, title, "
                      "department or manager_id when its header is not recognised, e.g. --map 'rm_emp_no=manager_id'.")
    ] = None,
) -> None:
    """Classify contacts and write role, role_confidence, role_evidence, role_model on each."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..algorithms.roles import classify as run
    from ..algorithms.roles.classify import all_accounts
    from ..algorithms.roles.semantics import AREAS
    from ..errors import InputError, NotFound
    from ..graph.connection import graph_session
    from ..graph.queries.roles import existing_accounts

    if purchase_area.strip().lower() not in AREAS:
        raise InputError(f"--purchase-area {purchase_area!r} is not known; use one of {', '.join(AREAS)}.")
    if model not in ("auto", "rule", "pipeline"):
        raise InputError(f"--model {model!r} is not known; use auto, rule or pipeline.")
    if edges and not contacts:
        raise InputError("--edges needs --contacts: pass the contacts file the edges refer to.")
    if maps and not contacts:
        raise InputError("--map needs --contacts: it names columns of your contacts file.")
    bad = [m for m in maps or [] if "=" not in m or not m.split("=", 1)[0].strip()]
    if bad:
        raise InputError(f"--map {bad[0]!r}: write it as COLUMN=FIELD, e.g. --map 'rm_emp_no=manager_id'.")
    columns = {m.rsplit("=", 1)[0].strip(): m.rsplit("=", 1)[1].strip().lower() for m in maps or []}
    use_model = {"auto": None, "rule": False, "pipeline": True}[model]
    with graph_session() as g:
        source_ids: dict[str, str] | None = None
        if contacts:
            from ..ingest.orgchart.load import load

            org = load(g, contacts, edges, account[0] if account else None, columns)
            for w in org.warnings:
                err.print(f"[yellow]warning:[/] {w}", highlight=False)
            ids, source_ids = [org.account_id], org.source_ids
        else:
            ids = list(account) if account else all_accounts(g)
            found = existing_accounts(g, ids)
            missing = [i for i in ids if i not in found]
            if missing:
                raise NotFound(f"account {missing[0]} is not in the graph; list accounts with `dealgraph db status` "
                               "or load them with `dealgraph ingest`.")
            if not ids:
                raise NotFound("the graph has no accounts; load data first (`dealgraph ingest` or --contacts FILE).")
        with Progress(TextColumn("[bold]classifying roles"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[contacts]} contacts"), TimeElapsedColumn(),
                      console=err, transient=as_json, disable=len(ids) < 2 and as_json) as bar:
            task = bar.add_task("roles", total=len(ids), contacts=0)
            done = {"n": 0}

            def advance(k: int, n: int) -> None:
                done["n"] += n
                bar.update(task, advance=k, contacts=done["n"])

            report = run(g, ids, use_model=use_model, batch_accounts=batch, collect=True, on_batch=advance,
                         purchase_area=purchase_area.strip().lower())
        committees = {}
        if source_ids is None:  # graph mode: each open opportunity gets its buying committee
            from ..algorithms.roles.committee import buying_groups

            committees = buying_groups(g, ids)
    if committees and not as_json:
        out.print(f"buying committees written for {len(committees)} open opportunit"
                  f"{'y' if len(committees) == 1 else 'ies'} (IN_BUYING_GROUP)")
    if source_ids is not None:
        order = {cid: i for i, cid in enumerate(source_ids)}
        report.results.sort(key=lambda r: order.get(r["id"], 0))
    if as_json:
        rows = [{"id": source_ids[r["id"]] if source_ids else r["id"], "role": r["role"],
                 "role_confidence": r["confidence"], "role_evidence": r["evidence"]}
                | ({} if source_ids else {"account_id": r["account_id"], "role_model": r["model"]})
                for r in report.results]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    out.print(f"classified {report.contacts} contacts of {report.accounts} account(s) with {report.model}: "
              + ", ".join(f"{k} {v}" for k, v in report.by_role.items()))
    shown = [r for r in report.results if r["role"] != "executor"][:40]
    table = Table("id", "name", "title", "role", "conf.", "top reasons")
    for r in shown:
        table.add_row(source_ids[r["id"]] if source_ids else r["id"], r["name"], r["title"], r["role"],
                      f"{r['confidence']:.2f}", "; ".join(r["evidence"][:2]))
    out.print(table)


def _who(by: str | None) -> str:
    from ..config import get_settings

    return (by or get_settings().user or "cli").strip() or "cli"


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@roles.command()
def label(contact: str = typer.Argument(..., help="Contact id (or the id from your contacts file)."),
          role: str = typer.Argument(..., help="decision_maker | influencer | executor (决策者/影响者/执行者), "
                                              "or 'clear'."),
          by: str | None = typer.Option(None, "--by", help="Who confirms (default: DEALGRAPH_USER, else 'cli')."),
          note: str | None = typer.Option(None, "--note", help="Why, in a few words (kept with the label).")) -> None:
    """Confirm or correct a contact's role; confirmed roles override the model, survive re-runs and train it."""
    from ..errors import InputError, NotFound
    from ..graph.connection import graph_session
    from ..graph.queries.roles_review import clear_label, find_contact, store_label

    wanted = role.strip().lower()
    if wanted not in ROLE_WORDS and wanted != "clear":
        raise InputError(f"role {role!r} is not known; use decision_maker, influencer, executor or clear.")
    with graph_session() as g:
        ids = find_contact(g, contact)
        if not ids:
            raise NotFound(f"contact {contact} is not in the graph; check the id with `dealgraph roles classify --json`.")
        if len(ids) > 1:
            raise InputError(f"contact id {contact} matches {len(ids)} contacts "
                             f"({', '.join(ids[:5])}); pass the full id.")
        cid = ids[0]
        if wanted == "clear":
            clear_label(g, cid)
            out.print(f"cleared the confirmed role of {cid}; the next `roles classify` decides it again")
            return
        final = ROLE_WORDS[wanted]
        before = store_label(g, cid, final, _who(by), _now(), note)
    what = "confirmed" if before == final else f"corrected ({before or 'no role'} -> {final})"
    out.print(f"{cid} is now a confirmed {final}, {what}; it is kept as is and used as a training label")


@roles.command()
def review(account: Annotated[list[str] | None, typer.Option("--account", "-a",
                                                             help="Account id (repeatable); default: all.")] = None,
           limit: int = typer.Option(10, "--limit", min=1, max=500, help="How many contacts to list."),
           ask: bool = typer.Option(False, "--ask", help="Ask for each: Enter confirms, d/i/e corrects, s skips, "
                                                         "q stops."),
           by: str | None = typer.Option(None, "--by", help="Who confirms (default: DEALGRAPH_USER, else 'cli')."),
           as_json: bool = typer.Option(False, "--json", help="Print the list as JSON.")) -> None:
    """The contacts whose confirmation teaches the model most: the lowest margin between their role and
    the next one, the most influential first among equals. Run `roles classify` first."""
    from ..algorithms.roles.classify import all_accounts
    from ..errors import NotFound
    from ..graph.connection import graph_session
    from ..graph.queries.roles import existing_accounts
    from ..graph.queries.roles_review import candidates, store_label

    with graph_session() as g:
        ids = list(account) if account else all_accounts(g)
        found = existing_accounts(g, ids)
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound(f"account {missing[0]} is not in the graph.")
        rows = candidates(g, ids, limit)
        if as_json:
            print(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        if not rows:
            out.print("nothing to review: every classified contact of these accounts is confirmed, or none is "
                      "classified yet (run `dealgraph roles classify`)")
            return
        if not ask:
            table = Table("id", "name", "title", "role", "conf.", "margin", "why")
            for r in rows:
                table.add_row(r["id"], r["name"], r["title"], r["role"], f"{r['confidence']:.2f}",
                              f"{r['margin']:.2f}", r["why"])
            out.print(table)
            out.print("confirm or correct with `dealgraph roles label ID ROLE`, or run again with --ask")
            return
        who, keys = _who(by), {"d": "decision_maker", "i": "influencer", "e": "executor"}
        done = corrected = 0
        for r in rows:
            out.print(f"\n[bold]{r['name'] or r['id']}[/] ({r['title'] or 'no title'}), {r['id']}: "
                      f"{r['role']} ({r['confidence']:.2f}) — {r['why']}", highlight=False)
            answer = typer.prompt("Enter = confirm, d/i/e = decision maker/influencer/executor, s = skip, q = quit",
                                  default="", show_default=False).strip().lower()
            if answer == "q":
                break
            if answer == "s":
                continue
            role = keys.get(answer[:1], r["role"]) if answer else r["role"]
            before = store_label(g, r["id"], role, who, _now())
            done += 1
            corrected += before != role
    out.print(f"stored {done} answer(s), {corrected} correction(s); run `dealgraph roles classify` to use them")


@roles.command()
def paths(account: str = typer.Argument(..., help="Account id."),
          k: int = typer.Option(2, help="Paths per decision maker."),
          as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Best introduction paths from the account owner to each decision maker, with a reason per hop."""
    from ..algorithms.roles import introduction_paths
    from ..errors import NotFound
    from ..graph.connection import graph_session
    from ..graph.queries.roles import existing_accounts

    with graph_session() as g:
        if not existing_accounts(g, [account]):
            raise NotFound(f"account {account} is not in the graph.")
        found = introduction_paths(g, account, k=k)
    if as_json:
        print(json.dumps(found, ensure_ascii=False, indent=1))
        return
    if not found:
        out.print(f"no paths: account {account} has no owner (User-[:OWNS]->Account) or no decision maker yet "
                  "(run `dealgraph roles classify --account ...`)")
    for p in found:
        dm = p["decision_maker"]
        head = f"[bold]{dm['name']}[/] ({dm['title']}) #{p['rank']}"
        if not p["reachable"]:
            out.print(f"{head}: {p['summary']}")
            continue
        out.print(f"{head}, cost {p['cost']}: {p['summary']}")
        for h in p["hops"]:
            out.print(f"   {h['from_name']} -> {h['to_name']}: {h['reason']}")
