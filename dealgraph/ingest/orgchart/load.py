"""A user's org chart file -> one account in the graph, written like every other ingest.

The people, departments and ties become schema records (Contact, Department, Tie, and the Account when
the graph has none yet), validated by their models and written by ingest's statements, so each
contact gets its SourceRecord "orgchart:<contact id>" (provenance) as a CRM contact gets "crm:<id>".
The file is the whole chart of the account: what it no longer has (people, lines, departments,
ties) is removed, while the contacts still in it are kept with everything else known about them
(their confirmed roles survive a re-load). Loading the same file again changes nothing.

Contacts are stored as "<account>:<id>" so a user's "1", "2", ... never clash with other data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ...errors import InputError
from ...graph.connection import Graph
from ...graph.queries import orgchart as q
from ...graph.writes.statements import CYPHER, prepare
from ...schema.models import Account, Contact, Department, Record, Tie
from ...schema.values import clean_id
from .columns import fold
from .parse import Edge, Person, Resolver, parse_contacts, parse_edges

SOURCE = "orgchart"
REPORTING_KINDS = {"reports_to", "manager", "reports", "汇报", "上级"}
# Extra columns that are contact fields go into the record (validated, and in the SourceRecord).
CONTACT_FIELDS = {"email": ("email", "e mail", "mail", "邮箱", "电子邮件", "电子邮箱"),
                  "phone": ("phone", "mobile", "tel", "telephone", "手机", "手机号", "电话", "联系电话"),
                  "name_en": ("name en", "english name", "英文名")}
# Other extra columns never overwrite our own properties: they get an `extra_` prefix instead.
_RESERVED = {*Contact.model_fields, "source_id", "department", "stub"}


@dataclass
class LoadedOrg:
    account_id: str
    contacts: int
    edges: int
    warnings: list[str]
    source_ids: dict[str, str]  # graph contact id -> the id in the user's file, in file order


@dataclass
class _Chart:
    account: Account
    departments: list[Department] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    extra_lines: list[dict[str, str]] = field(default_factory=list)  # {s, t}: reporting lines from the ties file
    file_fields: list[dict[str, Any]] = field(default_factory=list)
    source_ids: dict[str, str] = field(default_factory=dict)


def load(graph: Graph, contacts_path: Path, edges_path: Path | None = None,
         account_id: str | None = None, columns: dict[str, str] | None = None) -> LoadedOrg:
    """Parse and validate the files, then make the account's chart in the graph the file's.
    columns: `--map` overrides, {column in the contacts file: field}."""
    people, warnings = parse_contacts(contacts_path, columns)
    edges = parse_edges(edges_path, Resolver(people, ids_are_names=all(p.id == p.name or "#" in p.id
                                                                        for p in people))) if edges_path else []
    chart = build_chart(contacts_path, people, edges, account_id, warnings)
    write_chart(graph, chart)
    return LoadedOrg(chart.account.id, len(people), len(edges), warnings, chart.source_ids)


def build_chart(path: Path, people: list[Person], edges: list[Edge], account_id: str | None,
                warnings: list[str]) -> _Chart:
    """The file's people and ties as validated records (InputError naming the line and field)."""
    acc = _valid(Account, {"id": account_id or f"file:{path.stem}", "name": path.stem}, path.name, 1, "account")
    chart = _Chart(acc)
    dept_ids: dict[str, str] = {}
    for p in people:
        if p.department and p.department not in dept_ids:
            d = _valid(Department, {"id": f"{acc.id}:dept:{p.department}", "account_id": acc.id,
                                    "name": p.department}, path.name, p.line, "department")
            dept_ids[p.department] = d.id
            if d.id not in {x.id for x in chart.departments}:
                chart.departments.append(d)
    nid: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for p in people:
        gid = clean_id(f"{acc.id}:{p.id}") or ""
        if gid in first_line:  # two ids that differ only in width or spacing
            raise InputError(f"{path.name} line {p.line}: id '{p.id}' is the same as line {first_line[gid]}'s "
                             "once full-width characters and spaces are normalised; ids must be unique.")
        nid[p.id], first_line[gid] = gid, p.line
    for p in people:
        extra, fields = _contact_fields(p, path.name, warnings)
        c = _valid(Contact, {"id": nid[p.id], "name": p.name, "account_id": acc.id,
                             "department_id": dept_ids.get(p.department), "title": p.title or None,
                             "manager_id": nid.get(p.manager_id), **fields}, path.name, p.line, "contact")
        chart.contacts.append(c)
        chart.source_ids[c.id] = p.id
        chart.file_fields.append({"id": c.id, "source_id": p.id, "extra": _extra_props(extra), "title": c.title,
                                  "department_id": c.department_id, "manager_id": c.manager_id})
    chart.ties = _ties(edges, nid)
    chart.extra_lines = [{"s": nid[e.source], "t": nid[e.target]} for e in edges
                         if e.kind in REPORTING_KINDS and e.source != e.target]
    return chart


def write_chart(graph: Graph, chart: _Chart) -> None:
    acc = chart.account.id
    lines = [{"s": c.id, "t": c.manager_id} for c in chart.contacts if c.manager_id] + chart.extra_lines
    q.drop_what_the_file_no_longer_has(
        graph, acc, SOURCE, keep=[c.id for c in chart.contacts], departments=[d.id for d in chart.departments],
        lines=lines, ties=[{"s": t.source_id, "t": t.target_id, "kind": t.kind} for t in chart.ties],
        placements=[{"id": c.id, "department_id": c.department_id} for c in chart.contacts])
    if q.account_state(graph, acc) != "present":  # an account the CRM already has keeps its own name
        _write(graph, "account", [chart.account])
    _write(graph, "department", chart.departments)
    _write(graph, "contact", chart.contacts)
    q.write_file_fields(graph, chart.file_fields)
    _write(graph, "tie", chart.ties)
    q.write_extra_lines(graph, chart.extra_lines)


def _write(graph: Graph, kind: str, records: list[Record]) -> None:
    graph.write_batch(CYPHER[kind], [prepare(kind, r, SOURCE) for r in records])


def _valid(model: type[Record], fields: dict[str, Any], file: str, line: int, what: str) -> Any:
    try:
        return model.model_validate(fields)
    except ValidationError as e:
        why = "; ".join(f"{'.'.join(str(x) for x in err['loc']) or what}: {err['msg'].removeprefix('Value error, ')}"
                        for err in e.errors())
        raise InputError(f"{file} line {line}: {what} {why}") from None


def _contact_fields(p: Person, file: str, warnings: list[str]) -> tuple[dict[str, str], dict[str, Any]]:
    """(the other extra columns, the contact fields found among them). A value its field's check refuses
    (an e-mail without @) stays as an `extra_` property, with a warning: the row still loads."""
    extra, fields = {}, {}
    for header, value in p.extra.items():
        name = next((f for f, names in CONTACT_FIELDS.items() if fold(header) in names and f not in fields), None)
        if name is None:
            extra[header] = value
            continue
        try:
            Contact.model_validate({"id": p.id, "name": p.name, name: value})
            fields[name] = value
        except ValidationError as e:
            warnings.append(f"{file} line {p.line}: {header} '{value}' is not valid "
                            f"({e.errors()[0]['msg'].removeprefix('Value error, ')}); kept as extra_{name}.")
            extra[name] = value
    return extra, fields


def _ties(edges: list[Edge], nid: dict[str, str]) -> list[Tie]:
    """One tie per pair and kind (the strongest if the file repeats it). Weights above 1 are scaled by the
    largest, so counts of e-mails become strengths 0..1."""
    top = max((e.weight for e in edges), default=1.0)
    best: dict[tuple[str, str, str], Edge] = {}
    for e in edges:
        key = (e.source, e.target, e.kind)
        if e.kind not in REPORTING_KINDS and e.source != e.target and (key not in best or e.weight > best[key].weight):
            best[key] = e
    return [Tie(source_id=nid[e.source], target_id=nid[e.target], kind=e.kind,
                strength=round(e.weight if top <= 1 else e.weight / top, 4), count=e.weight) for e in best.values()]


def _extra_props(extra: dict[str, str]) -> dict[str, str]:
    out = {}
    for k, v in extra.items():
        key = re.sub(r"\s+", "_", k.strip())
        out[f"extra_{key}" if key in _RESERVED or key.startswith("role") else key] = v
    return out
