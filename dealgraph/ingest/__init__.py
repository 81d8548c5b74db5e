"""Ingest: streaming readers, mappings, validation, batched idempotent writes, run records.

Public API: `ingest_files(graph, paths, mapping, reject_dir=None, progress=None) -> RunSummary`.
"""
