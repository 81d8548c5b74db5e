"""Bulk first load: the graph the MERGE statements would build, written as neo4j-admin import CSVs.

Rows are read, validated and prepared exactly as for the MERGE path (pipeline._read_file, reject
files included); instead of being sent to the database they are applied here, in memory, with the
semantics of graph/writes/statements.CYPHER for the kinds below: a node's own record sets its
properties and clears `stub`, a reference creates a stub once, relationships MERGE once (those of an
Interaction are created with its first row), a SourceRecord gets its 'origin' RESOLVED_TO once.
The result is then a few CSV files that `neo4j-admin database import` loads at disk speed. Kinds not
listed here are loaded by the MERGE path right after the import.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from itertools import repeat
from pathlib import Path
from typing import Any

from ..graph.writes.statements import CYPHER

BULK_KINDS = ("account", "user", "contact", "ownership", "interaction")
KIND_OF_CYPHER = {c: k for k, c in CYPHER.items()}
ARRAY_DELIMITER = "\x1f"  # unit separator: not in cleaned text


@dataclass
class BulkGraph:
    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    rels: dict[tuple[str, str, str], dict[tuple, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    created: list[tuple[str, str, str, str, str, dict[str, Any]]] = field(default_factory=list)  # CREATE: not merged
    multiline: bool = False  # a written cell holds a line break (neo4j-admin must then parse serially)
    _wired: set[str] = field(default_factory=set)  # interactions whose relationships exist
    _resolved: set[str] = field(default_factory=set)  # source records with a RESOLVED_TO

    # ---- the statements' building blocks
    def own(self, label: str, id_: str, props: dict[str, Any]) -> None:
        """MERGE (n {id}) SET n += props REMOVE n.stub"""
        n = self.nodes[label].setdefault(id_, {"id": id_})
        n.update(props)
        n.pop("stub", None)

    def ref(self, label: str, id_: str, **on_create: Any) -> None:
        """MERGE (n {id}) ON CREATE SET n.stub = true (and the given values)."""
        if id_ not in self.nodes[label]:
            self.nodes[label][id_] = {"id": id_, "stub": True, **on_create}

    def merge_rel(self, a: tuple[str, str], type_: str, b: tuple[str, str]) -> None:
        self.rels[(a[0], type_, b[0])].setdefault((a[1], b[1]), {})

    def put(self, kind: str, rows: list[dict[str, Any]]) -> None:
        getattr(self, f"_{kind}")(rows)

    # ---- one method per kind, mirroring CYPHER[kind]
    def _source_record(self, r: dict[str, Any], label: str) -> None:
        sr = r["sr"]
        n = self.nodes["SourceRecord"].setdefault(sr["id"], {"id": sr["id"]})
        n.update(sr)
        n["idm_dirty"] = True  # MARK_PENDING: not yet seen by ID-mapping
        if sr["id"] not in self._resolved:
            self._resolved.add(sr["id"])
            self.created.append(("SourceRecord", sr["id"], "RESOLVED_TO", label, r["id"],
                                 {"score": 1.0, "method": "origin", "evidence": r["ev"]}))

    def _account(self, rows: list[dict[str, Any]]) -> None:
        for r in rows:
            self.own("Account", r["id"], r["props"])
            self._source_record(r, "Account")

    def _user(self, rows: list[dict[str, Any]]) -> None:
        for r in rows:
            self.own("User", r["id"], r["props"])

    def _contact(self, rows: list[dict[str, Any]]) -> None:
        for r in rows:
            c = ("Contact", r["id"])
            self.own(*c, r["props"])
            self._source_record(r, "Contact")
            if r["department_id"] is not None:
                self.ref("Department", r["department_id"])
                self.merge_rel(c, "WORKS_IN", ("Department", r["department_id"]))
            if r["account_id"] is not None:
                self.ref("Account", r["account_id"])
                self.merge_rel(c, "WORKS_FOR", ("Account", r["account_id"]))
            if r["manager_id"] is not None and r["manager_id"] != r["id"]:
                self.ref("Contact", r["manager_id"])
                self.merge_rel(c, "REPORTS_TO", ("Contact", r["manager_id"]))

    def _ownership(self, rows: list[dict[str, Any]]) -> None:
        for r in rows:
            self.ref("User", r["user_id"])
            self.ref("Account", r["account_id"])
            self.merge_rel(("User", r["user_id"]), "OWNS", ("Account", r["account_id"]))

    def _interaction(self, rows: list[dict[str, Any]]) -> None:
        for r in rows:
            i = r["id"]
            n = self.nodes["Interaction"].setdefault(i, {"id": i})
            n.update(r["props"])
            if i in self._wired:
                continue
            before = len(self.created)
            if r["user_id"] is not None:
                self.ref("User", r["user_id"])
                self.created.append(("Interaction", i, "BY", "User", r["user_id"], {}))
            ps = r["ps"]
            for t in r["targets"]:
                if ps is None:
                    self.ref("Contact", t)
                    self.created.append(("Interaction", i, "INVOLVES", "Contact", t, {}))
                else:
                    self.ref("SourceRecord", t, source=ps, source_id=t[len(ps) + 1:], kind="person",
                             idm_dirty=True)
                    self.created.append(("Interaction", i, "INVOLVES", "SourceRecord", t, {}))
            if len(self.created) > before:
                self._wired.add(i)

    # ---- CSV files for neo4j-admin
    def write_csv(self, folder: Path) -> tuple[list[tuple[str, Path]], list[Path]]:
        """-> ([(label, node file)], [relationship files]); ids are unique per label (one ID space each)."""
        folder.mkdir(parents=True, exist_ok=True)
        node_files = []
        for label, nodes in self.nodes.items():
            if not nodes:
                continue
            p = folder / f"nodes_{label}.csv"
            self.multiline |= _write_table(p, [f"id:ID({label})"], [list(nodes)], list(nodes.values()), skip="id")
            node_files.append((label, p))
        rel_files = []
        grouped: dict[tuple[str, str, str], tuple[list[str], list[str], list[dict[str, Any]]]] = {}
        for (la, t, lb), pairs in self.rels.items():
            a, b, props = grouped.setdefault((la, t, lb), ([], [], []))
            for (x, y), pr in pairs.items():
                a.append(x)
                b.append(y)
                props.append(pr)
        for la, x, t, lb, y, pr in self.created:
            a, b, props = grouped.setdefault((la, t, lb), ([], [], []))
            a.append(x)
            b.append(y)
            props.append(pr)
        for (la, t, lb), (a, b, props) in grouped.items():
            p = folder / f"rels_{la}_{t}_{lb}.csv"
            self.multiline |= _write_table(p, [f":START_ID({la})", f":END_ID({lb})"], [a, b], props, type_=t)
            rel_files.append(p)
        return node_files, rel_files


def _type_of(kinds: set[type]) -> str:
    if kinds and kinds <= {datetime}:
        return "datetime"
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    if kinds <= {list, tuple}:
        return "string[]"
    return "string"


def _cell(v: Any, t: str) -> Any:
    if v is None:
        return ""
    if isinstance(v, Enum):
        v = v.value
    if t == "boolean":
        return "true" if v else "false"
    if t == "datetime":
        return v.isoformat()
    if t == "string[]":
        return ARRAY_DELIMITER.join(str(x) for x in v)
    if t == "string" and not isinstance(v, str):
        return json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v)
    return v


def _write_table(path: Path, head: list[str], id_columns: list[list[str]], records: list[dict[str, Any]],
                 skip: str | None = None, type_: str | None = None) -> bool:
    """One CSV built a column at a time: the id columns, one typed column per property key (in order of
    first appearance; `skip` is a key already written as an id), then the relationship type.
    Returns whether a cell holds a line break."""
    kinds: dict[str, set[type]] = {}  # one pass: the value types of each column (None = absent)
    for r in records:
        for k, v in r.items():
            if v is not None:
                kinds.setdefault(k, set()).add(type(v))
            elif k not in kinds:
                kinds[k] = set()
    kinds.pop(skip, None)
    columns: list[Any] = []
    texts: list[list[str]] = list(id_columns)
    for k, ks in kinds.items():
        t = _type_of(ks)
        col = [r.get(k) for r in records]
        # Cells that need no conversion (str in a string column, numbers) are written as they are.
        if (t == "string" and ks <= {str}) or (t in ("long", "double") and not any(issubclass(x, Enum) for x in ks)):
            col = ["" if v is None else v for v in col]
        else:
            col = [_cell(v, t) for v in col]
        columns.append(col)
        if t.startswith("string"):
            texts.append(col)
        head = head + [f"{k}:{t}"]
    if type_:
        head = head + [":TYPE"]
        columns.append(repeat(type_, len(records)))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(head)
        w.writerows(zip(*id_columns, *columns))
    return any(_has_line_break(col) for col in texts)


def _has_line_break(col: list[str]) -> bool:
    text = "\x1e".join(col)  # one search in C over the whole column
    return "\n" in text or "\r" in text


class BulkWriter:
    """Stands in for the pipeline's batch writer: batches of BULK_KINDS go into the BulkGraph,
    the others are kept to be written by the MERGE path after the import."""

    def __init__(self) -> None:
        self.graph = BulkGraph()
        self.later: list[tuple[str, list[dict[str, Any]]]] = []

    def put(self, cypher: str, rows: list[dict[str, Any]], fkey: str, bno: int, s: Any = None) -> None:
        kind = KIND_OF_CYPHER[cypher]
        for r in rows:  # the rows are ours now: drop the line number in place
            r.pop("_line", None)
        if kind in BULK_KINDS:
            self.graph.put(kind, rows)
        else:
            self.later.append((cypher, rows))
