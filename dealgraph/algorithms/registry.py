"""Versioned model registry on disk, with a hot-reloading handle for long-running servers.

Layout under settings.model_dir:
    <name>/versions/v0001/model.pkl + meta.json   one folder per saved model, never rewritten
    <name>/CURRENT                                the promoted version (replaced atomically)
    <name>/history.jsonl                          promotions in order, so rollback knows "previous"

Why a pointer file: promotion is one os.replace, atomic on POSIX, so a reader sees either the
old or the new version, never half a write. `ModelHandle.get()` stats the pointer (cheap) and
reloads under a lock when it changed; callers keep the object they got, so an in-flight request
finishes on the model it started with.
"""

from __future__ import annotations

import json
import os
import pickle
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError, NotFound


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Registry:
    def __init__(self, root: str | Path | None = None, name: str = "leads"):
        if root is None:
            from ..config import get_settings

            root = get_settings().model_dir
        self.root = Path(root) / name
        self.name = name
        (self.root / "versions").mkdir(parents=True, exist_ok=True)

    # ---- writing --------------------------------------------------------------------------------
    def save(self, model: Any, meta: dict, promote: bool = True) -> str:
        """Store a new version (folder created atomically with mkdir, so parallel saves never clash)."""
        while True:
            n = max([int(v[1:]) for v in self._version_names()] or [0]) + 1
            version = f"v{n:04d}"
            folder = self.root / "versions" / version
            try:
                folder.mkdir()
                break
            except FileExistsError:
                continue
        tmp = folder / "model.pkl.tmp"
        with open(tmp, "wb") as f:
            pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / "model.pkl")
        meta = {"version": version, "name": self.name, "created": _now(), **meta}
        _atomic_write(folder / "meta.json", json.dumps(meta, ensure_ascii=False, indent=2, default=str))
        if promote:
            self.promote(version)
        return version

    def promote(self, version: str) -> str:
        version = self._check(version)
        _atomic_write(self.root / "CURRENT", version + "\n")
        with open(self.root / "history.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps({"version": version, "at": _now()}) + "\n")
        return version

    def rollback(self) -> str:
        """Promote the version that was current before the current one."""
        hist = [h["version"] for h in self._history()]
        cur = self.current()
        # Walk back past repeats of the current version.
        prev = [v for v in hist if v != cur]
        if cur is None or not prev:
            raise InputError(f"model {self.name!r} has no earlier promoted version to roll back to.")
        target = prev[-1]
        _atomic_write(self.root / "CURRENT", target + "\n")
        with open(self.root / "history.jsonl", "a", encoding="utf-8") as f:
            # Record the rollback, and drop the rolled-back version from the "previous" chain.
            f.write(json.dumps({"version": target, "at": _now(), "rollback_from": cur}) + "\n")
        return target

    # ---- reading --------------------------------------------------------------------------------
    def current(self) -> str | None:
        try:
            v = (self.root / "CURRENT").read_text().strip()
        except FileNotFoundError:
            return None
        return v or None

    def list(self) -> list[dict]:
        cur = self.current()
        out = []
        for v in sorted(self._version_names()):
            meta = self.meta(v)
            meta["current"] = v == cur
            out.append(meta)
        return out

    def meta(self, version: str) -> dict:
        p = self.root / "versions" / version / "meta.json"
        try:
            return json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"version": version, "incomplete": True}

    def load(self, version: str | None = None) -> tuple[str, Any]:
        version = version or self.current()
        if version is None:
            raise NotFound(f"no {self.name!r} model has been trained yet in {self.root.parent}; "
                           f"run `dealgraph leads train --input FILE --target COLUMN` first.")
        version = self._check(version)
        with open(self.root / "versions" / version / "model.pkl", "rb") as f:
            return version, pickle.load(f)

    def _version_names(self) -> list[str]:
        return [p.name for p in (self.root / "versions").iterdir()
                if p.is_dir() and p.name.startswith("v") and p.name[1:].isdigit()]

    def _check(self, version: str) -> str:
        v = version if version.startswith("v") else f"v{int(version):04d}"
        if not (self.root / "versions" / v / "model.pkl").exists():
            known = ", ".join(sorted(self._version_names())) or "none"
            raise NotFound(f"model {self.name!r} has no version {version!r} (known: {known}).")
        return v

    def _history(self) -> list[dict]:
        p = self.root / "history.jsonl"
        if not p.exists():
            return []
        rows = [json.loads(line) for line in p.read_text().splitlines() if line.strip()]
        # A rollback removes the version it rolled back from out of the chain.
        chain: list[str] = []
        for r in rows:
            if "rollback_from" in r:
                while chain and chain[-1] == r["rollback_from"]:
                    chain.pop()
                if not chain or chain[-1] != r["version"]:
                    chain.append(r["version"])
            else:
                chain.append(r["version"])
        return [{"version": v} for v in chain]


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class ModelHandle:
    """The promoted model of a registry, reloaded when the pointer changes; safe across threads."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._lock = threading.Lock()
        self._stamp: tuple[int, str] | None = None
        self._loaded: tuple[str, Any] | None = None

    def _pointer_stamp(self) -> tuple[int, str] | None:
        p = self.registry.root / "CURRENT"
        try:
            st = p.stat()
            return (st.st_mtime_ns, p.read_text().strip())
        except FileNotFoundError:
            return None

    def get(self) -> tuple[str, Any]:
        """(version, model). The returned object stays valid even if a newer one is promoted."""
        stamp = self._pointer_stamp()
        loaded = self._loaded
        if loaded is not None and stamp == self._stamp:
            return loaded
        with self._lock:
            stamp = self._pointer_stamp()  # re-read: a stale stamp from before the lock must not win
            if self._loaded is not None and stamp == self._stamp:
                return self._loaded
            if stamp is None:
                raise NotFound(f"no {self.registry.name!r} model is promoted yet.")
            version, model = self.registry.load(stamp[1])
            self._loaded, self._stamp = (version, model), stamp  # one reference swap: readers see old or new
            return self._loaded
