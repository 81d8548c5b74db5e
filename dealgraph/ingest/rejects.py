"""The reject file: one JSON line per reason a row was refused (file, line, field, column, value, reason)."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import IO

from .validate import Reject


class RejectWriter:
    """Opened lazily, so a clean run leaves no empty reject file behind; rewritten by each attempt."""

    def __init__(self, path: Path):
        self.path = path
        self.count = 0  # reasons written
        self._f: IO[str] | None = None
        self._lock = threading.Lock()  # the reading thread and writer threads (rows the database refused)
        if path.exists():
            path.unlink()  # a rerun validates every row again and rewrites every reject

    def write(self, rejects: list[Reject]) -> None:
        if not rejects:
            return
        with self._lock:
            self._write(rejects)

    def _write(self, rejects: list[Reject]) -> None:
        if self._f is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._f = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - lives across many writes
        for r in rejects:
            self._f.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
        self.count += len(rejects)

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None
