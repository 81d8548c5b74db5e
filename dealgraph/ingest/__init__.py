"""Ingest: streaming readers, mappings, validation, batched idempotent writes, run records.

Public API (imported lazily, so `dealgraph.ingest.tenders` etc. stay light):
    ingest_files(graph, paths, mapping, reject_dir=None, progress=None) -> RunSummary
"""

from typing import Any

__all__ = ["RunSummary", "ingest_files"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
