"""The one-way flow of the package, checked on its source (ast, nothing imported).

Rules (README "Layout"): `neo4j` only inside graph/; algorithms/ and ingest/ never import api/
or cli/; ingest/ never imports algorithms/; schema/ imports nothing of ours; settings are read
from the environment only in config.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "dealgraph"


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:  # `from . import x`: each name may be a module
                    found += [(node.lineno, f"{target}.{a.name}") for a in node.names]
                    continue
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return found


def _environ_reads(path: Path) -> list[int]:
    """Lines touching os.environ / os.getenv / os.putenv (read or write)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os" \
                and node.attr in ("environ", "getenv", "putenv", "environb"):
            lines.append(node.lineno)
        if isinstance(node, ast.ImportFrom) and node.module == "os" \
                and any(a.name in ("environ", "getenv", "putenv") for a in node.names):
            lines.append(node.lineno)
    return lines


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def violations(root: Path = PACKAGE) -> list[str]:
    out: list[str] = []
    for path in sorted(root.rglob("*.py")):
        mod = _module_name(path, root)
        where = path.relative_to(root.parent)
        for line, imported in _imports(path, root):
            def bad(why: str) -> None:
                out.append(f"{where}:{line}: {why} ({imported})")  # noqa: B023 (used at once)

            if _within(imported, "neo4j") and not _within(mod, "dealgraph.graph"):
                bad("neo4j imported outside graph/")
            for inner in ("dealgraph.algorithms", "dealgraph.ingest"):
                if _within(mod, inner) and any(_within(imported, p) for p in ("dealgraph.api", "dealgraph.cli")):
                    bad(f"{inner.split('.')[1]}/ imports api/ or cli/")
            if _within(mod, "dealgraph.ingest") and _within(imported, "dealgraph.algorithms"):
                bad("ingest/ imports algorithms/")
            if _within(mod, "dealgraph.schema") and _within(imported, "dealgraph") \
                    and not _within(imported, "dealgraph.schema"):
                bad("schema/ imports something of ours")
        if mod != "dealgraph.config":
            out += [f"{where}:{line}: os.environ outside config.py" for line in _environ_reads(path)]
    return out


def test_package_keeps_its_import_boundaries():
    found = violations()
    assert not found, "architecture rules broken:\n" + "\n".join(found)


@pytest.mark.parametrize("rel, source, rule", [
    ("dealgraph/ingest/x.py", "import neo4j\n", "neo4j imported outside graph/"),
    ("dealgraph/algorithms/roles/x.py", "from ...api import deps\n", "imports api/ or cli/"),
    ("dealgraph/ingest/x.py", "from dealgraph.cli import app\n", "imports api/ or cli/"),
    ("dealgraph/ingest/tenders/x.py", "from ...algorithms.concepts import load\n", "ingest/ imports algorithms/"),
    ("dealgraph/schema/x.py", "from ..config import get_settings\n", "schema/ imports something of ours"),
    ("dealgraph/algorithms/x.py", "import os\nv = os.environ.get('X')\n", "os.environ outside config.py"),
    ("dealgraph/algorithms/x.py", "from os import getenv\n", "os.environ outside config.py"),
])
def test_each_rule_catches_a_breach(tmp_path, rel, source, rule):
    path = tmp_path / rel
    for parent in reversed(path.relative_to(tmp_path).parents[:-1]):
        (tmp_path / parent).mkdir(exist_ok=True)
        (tmp_path / parent / "__init__.py").touch()
    path.write_text(source)
    found = violations(tmp_path / "dealgraph")
    assert any(rule in v for v in found), found


def test_allowed_imports_pass(tmp_path):
    files = {"dealgraph/graph/x.py": "import neo4j\n", "dealgraph/ingest/y.py": "from ..graph import x\n",
             "dealgraph/schema/z.py": "from .values import phone\n", "dealgraph/config.py": "import os\nos.environ\n"}
    for rel, source in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    assert violations(tmp_path / "dealgraph") == []


# --------------------------------------------------------------------------- Cypher lives in graph/

# A string is Cypher when it has a clause followed by a pattern or parameter, or calls a procedure
# (prose and docstrings rarely do).
_CYPHER = re.compile(r"\b(?:OPTIONAL MATCH|MATCH|MERGE|CREATE|DETACH DELETE)\s*\(|\bUNWIND\s+\$|\bRETURN\s+\w+[\w.]*\s+AS\b"
                     r"|\bCALL\s+(?:gds|db|apoc|\{\})\.|\bYIELD\s+\w+")  # {} = an f-string's placeholder


def cypher_strings(path: Path) -> list[int]:
    """Lines of the string literals (an f-string counted once) in the file that hold Cypher; docstrings skipped."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    inside_fstring = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inside_fstring \
                and id(node) not in docstrings:
            text = node.value
        else:
            continue
        if _CYPHER.search(text):
            lines.append(node.lineno)
    return sorted(lines)


def cypher_outside_graph(root: Path = PACKAGE) -> dict[str, int]:
    """{file: number of Cypher strings} for every module outside dealgraph/graph/ holding Cypher."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).as_posix()
        if not rel.startswith("dealgraph/graph/"):
            n = len(cypher_strings(path))
            if n:
                out[rel] = n
    return out


# Cypher not yet moved into graph/ query modules (issue 13): empty since session 4, keep it so. New Cypher goes in
# a dealgraph/graph/queries/<domain>.py function.
CYPHER_NOT_YET_MOVED: dict[str, int] = {}


def test_no_new_cypher_outside_graph():
    found = cypher_outside_graph()
    grown = {f: n for f, n in found.items() if n > CYPHER_NOT_YET_MOVED.get(f, 0)}
    assert not grown, ("Cypher outside dealgraph/graph/ (put it in a graph/queries module): "
                       + ", ".join(f"{f}: {n} strings, allowed {CYPHER_NOT_YET_MOVED.get(f, 0)}" for f, n in grown.items()))


def test_cypher_detector_sees_plain_and_f_strings(tmp_path):
    path = tmp_path / "m.py"
    path.write_text('"""Docs: MATCH (n) in prose."""\nQ = "MATCH (a:Account {id: $id}) RETURN a.id AS id"\n'
                    'R = f"UNWIND $ids AS i MATCH (x:{label}) WHERE {frag} RETURN x"\nT = "just text about a MATCH"\n'
                    'P = f"CALL {proc}.create($p)"\nD = "CALL gds.model.drop($m, false)"\nY = f"CALL {p}($g) YIELD nodeId"\n')
    assert cypher_strings(path) == [2, 3, 5, 6, 7]
