"""Reading a user's org chart: contacts.csv (+ edges.csv) -> people and ties, checked, nothing written.

contacts.csv: header id,name,title,department,manager_id (manager_id empty at the top), or an
HR export's own names for them (Employee ID, Full Name, Job Title, Reports To; 工号, 姓名, 岗位,
直属上级 -- see columns.py). Without an id column the name is the id; the manager may be given
by id or by name. Any extra column is kept (Person.extra). edges.csv: source,target,kind,weight
(by id or name; kind e.g. advises, friend, met, emailed; reports_to/manager is a reporting line).

Bad input stops with one InputError naming the file, line and field. Soft problems (a manager
not in the file, a person listed as their own manager) become warnings and the row still loads.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError
from ...schema.values import is_blank
from ..tables import is_workbook, read_xlsx, split_sheet
from .columns import CONTACT_ALIASES, EDGE_ALIASES, apply_overrides, map_header, name_parts, values_column

CONTACT_COLUMNS = ("id", "name", "title", "department", "manager_id")
EDGE_COLUMNS = ("source", "target", "kind", "weight")


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



def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, cells) rows; UTF-8 (with or without BOM) or GB18030 text, or an .xlsx."""
    path, sheet_name = split_sheet(path)
    if not path.exists():
        raise InputError(f"{path}: file not found; pass the path of your CSV or Excel export.")
    if is_workbook(path):  # row numbers are Excel's, like the CSV line numbers below
        sheet = read_xlsx(path, sheet_name)
        return [h.lower() for h in sheet.header], sheet.rows
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as e:
            raise InputError(f"{path.name}: not UTF-8 or GB18030 text (byte {e.start}); save it as UTF-8 CSV.") from e
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text, path))
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


def _delimiter(text: str, path: Path) -> str:
    """Comma, or what the header line is split by: ';' (European Excel), tab (.tsv, pasted sheets), '|'."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def parse_contacts(path: Path, columns: dict[str, str] | None = None) -> tuple[list[Person], list[str]]:
    """columns: the user's `--map` overrides, {column in the file: field}."""
    header, rows = read_table(path)
    cols = apply_overrides(header, map_header(header, CONTACT_ALIASES), columns, CONTACT_COLUMNS, path.name)
    guessed = ""
    if "manager_id" not in cols and rows:  # no header says manager: a column of values naming other rows
        refs = {cells[cols[f]] for f in ("id", "name") if f in cols for _, cells in rows if cols[f] < len(cells)}
        hit = values_column(header, [cells for _, cells in rows], set(cols.values()), refs)
        if hit is not None:
            cols["manager_id"], guessed = hit, header[hit]
    split_name = None if "name" in cols else name_parts(header, set(cols.values()))
    if "id" not in cols and "name" not in cols and split_name is None:
        raise InputError(f"{path.name} line 1: no id or name column found among {', '.join(header[:12])}; "
                         f"expected {','.join(CONTACT_COLUMNS)} (or e.g. Employee ID, Full Name, 工号, 姓名).")
    if not rows:
        raise InputError(f"{path.name} has a header but no contact rows; add one row per person.")
    people, seen, warnings = [], {}, []
    if guessed:
        warnings.append(f"{path.name} line 1: no column is named as the manager; '{guessed}' holds other rows' ids "
                        f"or names, so it is read as the manager (override with --map COLUMN=manager_id).")
    taken = set(cols.values()) | set(split_name or ())
    for line, cells in rows:
        if len(cells) != len(header):
            raise InputError(f"{path.name} line {line}: {len(cells)} fields but the header has {len(header)}; "
                             "check for an unquoted comma.")

        def cell(field: str, cells: list[str] = cells) -> str:
            value = cells[cols[field]] if field in cols else ""
            return "" if is_blank(value) else value  # "n/a", "-", "null": an empty cell, not a department named so

        name = cell("name") or (" ".join(x for x in (cells[split_name[0]], cells[split_name[1]]) if x)
                                if split_name else "")
        pid = cell("id") if "id" in cols else name
        if not pid:
            field = header[cols["id"]] if "id" in cols else "name"
            raise InputError(f"{path.name} line {line}: field {field} is empty; every contact needs an id"
                             f"{'' if 'id' in cols else ' (with no id column, the name is the id)'}.")
        if pid in seen:
            if "id" in cols:
                raise InputError(f"{path.name} line {line}: id '{pid}' repeats line {seen[pid]}; ids must be unique.")
            warnings.append(f"{path.name} line {line}: name '{pid}' repeats line {seen[pid]} and there is no id "
                            f"column; this row is kept as '{pid}#{line}' and a manager named '{pid}' is ambiguous.")
            pid = f"{pid}#{line}"
        seen[pid] = line
        extra = {header[i]: v for i, v in enumerate(cells) if header[i] and i not in taken and v}
        people.append(Person(line, pid, name or pid, cell("title"), cell("department"), cell("manager_id"), extra))
    resolve = Resolver(people, ids_are_names="id" not in cols)
    unresolved: dict[str, list[Person]] = {}
    manager_field = header[cols["manager_id"]] if "manager_id" in cols else "manager_id"
    for p in people:
        raw = p.manager_id
        p.manager_id = resolve(raw) or ""
        if not raw:
            continue
        if p.manager_id == p.id:
            warnings.append(f"{path.name} line {p.line}: {p.id} is listed as their own manager; treated as top.")
            p.manager_id = ""
        elif not p.manager_id:
            unresolved.setdefault(raw, []).append(p)
    for raw, who in unresolved.items():
        # One warning per unknown manager: an export of one department names its outside boss on every row.
        why = "names several people" if resolve.ambiguous(raw) else "is not in the file as an id or a name"
        more = f" (and {len(who) - 1} more row(s): lines {', '.join(str(x.line) for x in who[1:6])}" \
               f"{', ...' if len(who) > 6 else ''})" if len(who) > 1 else ""
        warnings.append(f"{path.name} line {who[0].line}{more}: {manager_field} '{raw}' {why}; "
                        f"{'they are' if len(who) > 1 else who[0].id + ' is'} treated as the top of their "
                        "reporting line.")
    manager_of = {p.id: p.manager_id for p in people if p.manager_id}
    cycles = find_cycles(manager_of)
    if cycles:
        cyc = cycles[0]
        lines = ", ".join(str(seen[c]) for c in cyc)
        chain = " -> ".join([*cyc, cyc[0]])
        raise InputError(f"{path.name} lines {lines}: {manager_field} forms a cycle ({chain}); "
                         f"fix one of these {manager_field} values.")
    return people, warnings


class Resolver:
    """A reference to a person, by id or (as HR exports often do) by name: 'E1001', 'Margaret Chen',
    'chen margaret', 'Margaret Chen (E1001)'. An id wins over a name; a name shared by two people
    resolves to nobody."""

    def __init__(self, people: list[Person], ids_are_names: bool = False) -> None:
        # With no id column the ids are the names, and a shared name must stay ambiguous.
        self.ids = {p.id for p in people if not ids_are_names or "#" in p.id}
        self.by_name: dict[str, set[str]] = {}
        for p in people:
            for key in _name_keys(p.name):
                self.by_name.setdefault(key, set()).add(p.id)

    def __call__(self, ref: str) -> str | None:
        ref = ref.strip()
        if not ref:
            return None
        if ref in self.ids:
            return ref
        if re.fullmatch(r"\d+\.0+", ref) and ref.split(".")[0] in self.ids:
            return ref.split(".")[0]  # 1001.0: a spreadsheet wrote the id column as floats
        inner = re.search(r"[(（]\s*([^()（）]+?)\s*[)）]\s*$", ref)
        if inner and inner.group(1) in self.ids:
            return inner.group(1)
        for key in _name_keys(re.sub(r"[(（].*?[)）]", "", ref)):
            hits = self.by_name.get(key, set())
            if len(hits) == 1:
                return next(iter(hits))
        return None

    def ambiguous(self, ref: str) -> bool:
        return any(len(self.by_name.get(k, ())) > 1 for k in _name_keys(ref))


def _name_keys(name: str) -> list[str]:
    """'Chen, Margaret' and 'Margaret  Chen' give the same key; one key for a hanzi name."""
    n = re.sub(r"\s+", " ", name.strip().casefold())
    if not n:
        return []
    if "," in n:
        last, _, first = n.partition(",")
        n = f"{first.strip()} {last.strip()}"
    return [n, " ".join(sorted(n.split()))] if " " in n else [n]


def parse_edges(path: Path, known: set[str] | Resolver) -> list[Edge]:
    header, rows = read_table(path)
    cols = map_header(header, EDGE_ALIASES)
    missing = [c for c in ("source", "target") if c not in cols]
    if missing:
        raise InputError(f"{path.name} line 1: header lacks column(s) {', '.join(missing)}; "
                         f"expected {','.join(EDGE_COLUMNS)}.")
    resolve = known if isinstance(known, Resolver) else None
    edges = []
    for line, cells in rows:
        if len(cells) != len(header):
            raise InputError(f"{path.name} line {line}: {len(cells)} fields but the header has {len(header)}.")
        row = {f: cells[i] for f, i in cols.items()}
        ends = {}
        for end in ("source", "target"):
            ends[end] = resolve(row[end]) if resolve else (row[end] if row[end] in known else None)
            if ends[end] is None:
                raise InputError(f"{path.name} line {line}: {end} '{row[end]}' is not an id in the contacts file.")
        weight_text = row.get("weight", "") or "1"
        try:
            weight = float(weight_text.replace(",", "").rstrip("%"))
        except ValueError:
            raise InputError(f"{path.name} line {line}: weight '{weight_text}' is not a number.") from None
        if weight < 0:
            raise InputError(f"{path.name} line {line}: weight {weight_text} is negative; use 0 or more.")
        edges.append(Edge(line, ends["source"], ends["target"], (row.get("kind") or "knows").lower(), weight))
    return edges


def find_cycles(manager_of: dict[str, str]) -> list[list[str]]:
    """Each reporting cycle as the list of people in it (for a clear error on a user's file)."""
    cycles, seen = [], set()
    for start in manager_of:
        path, index, node = [], {}, start
        while node in manager_of and node not in seen and node not in index:
            index[node] = len(path)
            path.append(node)
            node = manager_of[node]
        if node in index:
            cycles.append(path[index[node]:])
        seen.update(path)
    return cycles
