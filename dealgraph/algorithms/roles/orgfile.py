"""A user's org network from plain files: contacts.csv (+ edges.csv) -> one account in the graph.

contacts.csv: header id,name,title,department,manager_id (manager_id empty at the top); any
extra column is kept as a contact property. edges.csv: source,target,kind,weight (kind e.g.
advises, friend, met, emailed -> KNOWS {kind, strength}; reports_to/manager -> REPORTS_TO).

Bad input stops with one InputError naming the file, line and field. Soft problems (a manager
not in the file, a person listed as their own manager) become warnings and the row still loads.
Contacts are stored as "<account>:<id>" so a user's "1", "2", ... never clash with other data.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError
from ...graph.connection import Graph
from .hierarchy import find_cycles

CONTACT_COLUMNS = ("id", "name", "title", "department", "manager_id")
EDGE_COLUMNS = ("source", "target", "kind", "weight")
_RESERVED = {"id", "account_id", "source_id", "name", "title", "department", "manager_id", "role", "role_label"}
_REPORTING_KINDS = {"reports_to", "manager", "reports", "汇报", "上级"}


@dataclass
class Person:
    line: int
    id: str
    name: str
    title: str
    department: str
    manager_id: str
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Edge:
    line: int
    source: str
    target: str
    kind: str
    weight: float


@dataclass
class LoadedOrg:
    account_id: str
    contacts: int
    edges: int
    warnings: list[str]
    source_ids: dict[str, str]  # graph contact id -> the id in the user's file, in file order


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, cells) rows; UTF-8 (with or without BOM) or GB18030 exports."""
    if not path.exists():
        raise InputError(f"{path}: file not found; pass the path of your CSV export.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as e:
            raise InputError(f"{path.name}: not UTF-8 or GB18030 text (byte {e.start}); save it as UTF-8 CSV.") from e
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip().lower() for c in cells]
            continue
        rows.append((reader.line_num, [c.strip() for c in cells]))
    if header is None:
        raise InputError(f"{path.name} is empty: expected a header line and one row per entry.")
    return header, rows


def parse_contacts(path: Path) -> tuple[list[Person], list[str]]:
    header, rows = read_table(path)
    missing = [c for c in ("id", "name") if c not in header]
    if missing:
        raise InputError(f"{path.name} line 1: header lacks column(s) {', '.join(missing)}; "
                         f"expected {','.join(CONTACT_COLUMNS)}.")
    if not rows:
        raise InputError(f"{path.name} has a header but no contact rows; add one row per person.")
    people, seen, warnings = [], {}, []
    for line, cells in rows:
        if len(cells) != len(header):
            raise InputError(f"{path.name} line {line}: {len(cells)} fields but the header has {len(header)}; "
                             "check for an unquoted comma.")
        row = dict(zip(header, cells, strict=True))
        pid = row["id"]
        if not pid:
            raise InputError(f"{path.name} line {line}: field id is empty; every contact needs an id.")
        if pid in seen:
            raise InputError(f"{path.name} line {line}: id '{pid}' repeats line {seen[pid]}; ids must be unique.")
        seen[pid] = line
        extra = {k: v for k, v in row.items() if k and k not in CONTACT_COLUMNS and v}
        people.append(Person(line, pid, row["name"] or pid, row.get("title", ""), row.get("department", ""),
                             row.get("manager_id", ""), extra))
    for p in people:
        if p.manager_id == p.id:
            warnings.append(f"{path.name} line {p.line}: {p.id} is listed as their own manager; treated as top.")
            p.manager_id = ""
        elif p.manager_id and p.manager_id not in seen:
            warnings.append(f"{path.name} line {p.line}: manager_id '{p.manager_id}' is not in the file; "
                            f"{p.id} is treated as the top of their reporting line.")
    manager_of = {p.id: p.manager_id for p in people if p.manager_id in seen}
    cycles = find_cycles(manager_of)
    if cycles:
        cyc = cycles[0]
        lines = ", ".join(str(seen[c]) for c in cyc)
        chain = " -> ".join([*cyc, cyc[0]])
        raise InputError(f"{path.name} lines {lines}: manager_id forms a cycle ({chain}); "
                         "fix one of these manager_id values.")
    return people, warnings


def parse_edges(path: Path, known: set[str]) -> list[Edge]:
    header, rows = read_table(path)
    missing = [c for c in ("source", "target") if c not in header]
    if missing:
        raise InputError(f"{path.name} line 1: header lacks column(s) {', '.join(missing)}; "
                         f"expected {','.join(EDGE_COLUMNS)}.")
    edges = []
    for line, cells in rows:
        if len(cells) != len(header):
            raise InputError(f"{path.name} line {line}: {len(cells)} fields but the header has {len(header)}.")
        row = dict(zip(header, cells, strict=True))
        for end in ("source", "target"):
            if row[end] not in known:
                raise InputError(f"{path.name} line {line}: {end} '{row[end]}' is not an id in the contacts file.")
        weight_text = row.get("weight", "") or "1"
        try:
            weight = float(weight_text)
        except ValueError:
            raise InputError(f"{path.name} line {line}: weight '{weight_text}' is not a number.") from None
        if weight < 0:
            raise InputError(f"{path.name} line {line}: weight {weight_text} is negative; use 0 or more.")
        edges.append(Edge(line, row["source"], row["target"], (row.get("kind") or "knows").lower(), weight))
    return edges


def load(graph: Graph, contacts_path: Path, edges_path: Path | None = None,
         account_id: str | None = None) -> LoadedOrg:
    """Parse, validate, then replace the account's contacts in the graph with the file's."""
    people, warnings = parse_contacts(contacts_path)
    edges = parse_edges(edges_path, {p.id for p in people}) if edges_path else []
    acc = account_id or f"file:{contacts_path.stem}"
    nid = {p.id: f"{acc}:{p.id}" for p in people}
    graph.write("MATCH (c:Contact {account_id: $acc}) DETACH DELETE c", acc=acc)
    graph.write("MATCH (d:Department {account_id: $acc}) DETACH DELETE d", acc=acc)
    graph.write("MERGE (a:Account {id: $acc}) ON CREATE SET a.name = $name, a.source = 'file'",
                acc=acc, name=contacts_path.stem)
    rows = [{"id": nid[p.id], "source_id": p.id, "name": p.name, "title": p.title, "department": p.department,
             "manager_id": p.manager_id, "extra": _props(p.extra),
             "dept_id": f"{acc}:dept:{p.department}" if p.department else None, "acc": acc} for p in people]
    graph.write_batch(
        "UNWIND $rows AS r MATCH (a:Account {id: r.acc}) "
        "MERGE (c:Contact {id: r.id}) SET c += r.extra, c.source_id = r.source_id, c.name = r.name, "
        "c.title = r.title, c.department = r.department, c.manager_id = r.manager_id, c.account_id = r.acc "
        "WITH a, c, r WHERE r.dept_id IS NOT NULL "
        "MERGE (d:Department {id: r.dept_id}) ON CREATE SET d.name = r.department, d.account_id = r.acc "
        "MERGE (d)-[:PART_OF]->(a) MERGE (c)-[:WORKS_IN]->(d)", rows)
    lines = [{"s": nid[p.id], "t": nid[p.manager_id]} for p in people if p.manager_id in nid]
    lines += [{"s": nid[e.source], "t": nid[e.target]} for e in edges if e.kind in _REPORTING_KINDS]
    graph.write_batch("UNWIND $rows AS r MATCH (c:Contact {id: r.s}), (m:Contact {id: r.t}) "
                      "MERGE (c)-[:REPORTS_TO]->(m)", lines)
    top = max((e.weight for e in edges), default=1.0)
    ties = [{"s": nid[e.source], "t": nid[e.target], "kind": e.kind,
             "strength": round(e.weight if top <= 1 else e.weight / top, 4)}
            for e in edges if e.kind not in _REPORTING_KINDS and e.source != e.target]
    graph.write_batch("UNWIND $rows AS r MATCH (a:Contact {id: r.s}), (b:Contact {id: r.t}) "
                      "MERGE (a)-[k:KNOWS {kind: r.kind}]->(b) SET k.strength = r.strength, k.source = 'file'", ties)
    return LoadedOrg(acc, len(people), len(edges), warnings, {nid[p.id]: p.id for p in people})


def _props(extra: dict[str, str]) -> dict[str, str]:
    """Extra columns as properties; our own property names get an `extra_` prefix, never overwritten."""
    out = {}
    for k, v in extra.items():
        key = re.sub(r"\s+", "_", k.strip())
        out[f"extra_{key}" if key in _RESERVED or key.startswith("role") else key] = v
    return out
