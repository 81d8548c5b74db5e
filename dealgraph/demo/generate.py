"""`generate` writes a demo world (and tender documents when that generator is installed) into
a folder; `load` generates and ingests it in one go. Both are what `dealgraph demo` runs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .export_files import SPECS, write_world
from .world import World, generate_world

# Files written by tender_docs (the tender engineer's generator); all use canonical column names.
_TENDER_DOC_MAPPING = """
[[files]]
match = "capabilities.csv"
entity = "capability"
source = "self"

[[files]]
match = "tender_history.csv"
entity = "tender"
source = "tender_history"

[[files]]
match = "awards.csv"
entity = "award"
source = "tender_history"
"""
_TENDER_DOC_FILES = ("capabilities.csv", "tender_history.csv", "awards.csv")


@dataclass
class DemoFiles:
    out: Path
    mapping: Path
    data_files: list[Path]      # everything ingest loads with `mapping`
    counts: dict[str, int]      # rows per data file
    tender_documents: list[Path]
    world: World


def generate(out: Path, accounts: int, seed: int, *, min_contacts: int = 12, max_contacts: int = 120,
             tender_docs: bool = True, noise: float = 1.0) -> DemoFiles:
    """Write the demo files, mapping.toml and truth/ into `out` (created if needed)."""
    out = Path(out)
    w = generate_world(accounts, seed, min_contacts=min_contacts, max_contacts=max_contacts, noise=noise)
    writer = None
    if tender_docs:
        try:
            from .tender_docs import write_tender_documents as writer  # type: ignore[no-redef]
        except ImportError:     # the tender generator is optional
            writer = None
    specs = SPECS
    extra = ""
    docs: list[Path] = []
    if writer is not None:
        # Tender notices and the capability set their requirement truth was computed against: use
        # that capability set instead of ours so tender matching is evaluated consistently.
        specs = [s for s in SPECS if s.key != "capabilities"]
        extra = _TENDER_DOC_MAPPING
        writer(out, random.Random(seed * 7919 + 1), n=max(4, min(40, accounts // 2)))
        docs = sorted(p for p in (out / "tenders").glob("*") if p.is_file())
    counts = write_world(w, out, specs, extra)
    files = [out / s.filename for s in specs]
    if writer is not None:
        for name in _TENDER_DOC_FILES:
            if (out / name).is_file():
                files.append(out / name)
                counts[name] = _count_rows(out / name)
    return DemoFiles(out, out / "mapping.toml", files, counts, docs, w)


def _count_rows(path: Path) -> int:
    with path.open(encoding="utf-8") as f:
        return max(0, sum(1 for _ in f) - 1)


def load(graph: Any, out: Path, accounts: int, seed: int, *, progress: Any = None, reject_dir: Path | None = None,
         **options: Any) -> tuple[DemoFiles, Any]:
    """Generate into `out` and ingest every data file with the generated mapping."""
    from ..ingest.pipeline import ingest_files

    demo = generate(out, accounts, seed, **options)
    summary = ingest_files(graph, demo.data_files, demo.mapping, reject_dir=reject_dir or out / "rejects",
                           progress=progress)
    return demo, summary
