"""Versioned model registry on disk, with a hot-reloading handle for long-running servers.

Layout under settings.model_dir:
    <name>/versions/v0001/<files> + manifest.json + meta.json   one folder per saved model, never rewritten
    <name>/CURRENT                                the promoted version (replaced atomically)
    <name>/history.jsonl                          promotions in order, so rollback knows "previous"

Why a pointer file: promotion is one os.replace, atomic on POSIX, so a reader sees either the
old or the new version, never half a write. `ModelHandle.get()` stats the pointer (cheap) and
reloads under a lock when it changed; callers keep the object they got, so an in-flight request
finishes on the model it started with.

Safety: a model name is an identifier (MODEL_NAME), never a path, and resolves only inside the
model folder; reading never creates folders. Models are stored in formats that cannot run code
on load (JSON, and skops with a fixed trusted-type list for fitted estimators, see
leads/persist.py); manifest.json lists each file's sha256 and an HMAC of that list with the
signing key (DEALGRAPH_MODEL_SIGNING_KEY, else <model_dir>/.signing-key made on first save), so a
changed, added or planted file fails closed. Pickles (model.pkl of older versions) are never read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import DealgraphError, InputError, NotFound

MODEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
VERSION = re.compile(r"^v\d{4,6}$")
MANIFEST = "manifest.json"


class ModelRejected(DealgraphError):
    """A stored model failed verification (tampered, unsigned, or in a format we do not load)."""


def check_model_name(name: object) -> str:
    """The name itself if it is an identifier; never a path (no '/', '..', NUL, upper case, ...)."""
    if not isinstance(name, str) or not MODEL_NAME.fullmatch(name):
        raise InputError(f"model name {str(name)[:80]!r} is not valid: use 1-64 of a-z, 0-9, '_' and '-', "
                         "starting with a letter or digit.")
    return name


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Registry:
    def __init__(self, root: str | Path | None = None, name: str = "leads"):
        if root is None:
            from ..config import get_settings

            root = get_settings().model_dir
        self.name = check_model_name(name)
        self.base = Path(root)
        self.root = self.base / self.name
        # Belt and braces: the identifier cannot escape, but a symlinked <name> folder could.
        if self.root.exists() and not self.root.resolve().is_relative_to(self.base.resolve()):
            raise InputError(f"model {name!r} resolves outside the model folder.")

    # ---- writing --------------------------------------------------------------------------------
    def save(self, model: Any, meta: dict, promote: bool = True) -> str:
        """Store a new version (folder created atomically with mkdir, so parallel saves never clash)."""
        files = _encode(model)
        (self.root / "versions").mkdir(parents=True, exist_ok=True)
        while True:
            n = max([int(v[1:]) for v in self._version_names()] or [0]) + 1
            version = f"v{n:04d}"
            folder = self.root / "versions" / version
            try:
                folder.mkdir()
                break
            except FileExistsError:
                continue
        for fname, data in files.items():
            tmp = folder / f".{fname}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, folder / fname)
        digests = {fname: hashlib.sha256(data).hexdigest() for fname, data in files.items()}
        manifest = {"name": self.name, "version": version, "files": digests}
        manifest["hmac"] = _mac(self.base, manifest, create=True)
        # Written last: a version without its manifest is incomplete and never loaded.
        _atomic_write(folder / MANIFEST, json.dumps(manifest, indent=2))
        meta = {"version": version, "name": self.name, "created": _now(), **meta}
        _atomic_write(folder / "meta.json", json.dumps(meta, ensure_ascii=False, indent=2, default=str))
        if promote:
            self.promote(version)
        return version

    def promote(self, version: str) -> str:
        version = self._check(version)
        self._verified_files(version)  # promote only what will load
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
        except (FileNotFoundError, NotADirectoryError):
            return None
        return v if VERSION.fullmatch(v) else None

    def list(self) -> list[dict]:
        cur = self.current()
        out = []
        for v in sorted(self._version_names()):
            meta = self.meta(v)
            meta["current"] = v == cur
            out.append(meta)
        return out

    def meta(self, version: str) -> dict:
        if not VERSION.fullmatch(version):
            raise InputError(f"model version {version[:20]!r} is not a version name (v0001).")
        p = self.root / "versions" / version / "meta.json"
        try:
            return json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"version": version, "incomplete": True}

    def load(self, version: str | None = None) -> tuple[str, Any]:
        version = version or self.current()
        if version is None:
            raise NotFound(f"no {self.name!r} model has been trained yet; "
                           f"run `dealgraph leads train --input FILE --target COLUMN --name {self.name}` first.")
        version = self._check(version)
        return version, _decode(self._verified_files(version))

    def _verified_files(self, version: str) -> dict[str, bytes]:
        """The version's files, after checking the manifest's signature and every file's sha256."""
        folder = self.root / "versions" / version
        where = f"model {self.name!r} {version}"
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            digests = manifest["files"]
            signed = {"name": manifest["name"], "version": manifest["version"], "files": digests}
            claimed = manifest["hmac"]
        except (OSError, ValueError, KeyError, TypeError):
            raise ModelRejected(f"{where} has no readable manifest (saved by an older dealgraph, or damaged): "
                                "retrain it.") from None
        if (signed["name"], signed["version"]) != (self.name, version) or not isinstance(claimed, str) \
                or not hmac.compare_digest(_mac(self.base, signed), claimed):
            raise ModelRejected(f"{where}: the manifest's signature does not verify; refusing to load it.")
        files = {}
        for fname, digest in digests.items():
            if fname not in _FILES:
                raise ModelRejected(f"{where}: unexpected file {fname!r} in the manifest.")
            data = (folder / fname).read_bytes()
            if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), str(digest)):
                raise ModelRejected(f"{where}: {fname} does not match its manifest; refusing to load it.")
            files[fname] = data
        return files

    def _version_names(self) -> list[str]:
        folder = self.root / "versions"
        if not folder.is_dir():
            return []
        return [p.name for p in folder.iterdir() if p.is_dir() and VERSION.fullmatch(p.name)]

    def _check(self, version: str) -> str:
        v = version if version.startswith("v") else f"v{int(version):04d}" if version.isdigit() else version
        if not VERSION.fullmatch(v) or not (self.root / "versions" / v / MANIFEST).exists():
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


_FILES = ("model.json", "estimator.skops", "value.json")


def _encode(model: Any) -> dict[str, bytes]:
    """Lead models as JSON + skops; plain JSON values (settings, tests) as JSON; nothing else."""
    from .leads.model import LeadModel

    if isinstance(model, LeadModel):
        from .leads import persist

        return persist.dump(model)
    try:
        return {"value.json": json.dumps(model, ensure_ascii=False).encode()}
    except TypeError:
        raise InputError(f"cannot store a {type(model).__name__} in the model registry: "
                         "only lead models and JSON values are stored (never pickles).") from None


def _decode(files: dict[str, bytes]) -> Any:
    if "value.json" in files:
        return json.loads(files["value.json"])
    from .leads import persist

    return persist.load(files)


def _signing_key(base: Path, create: bool) -> bytes:
    from ..config import get_settings

    configured = get_settings().model_signing_key
    if configured:
        return configured.encode()
    path = base / ".signing-key"
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        if not create:
            raise ModelRejected(f"no model signing key in {base}: models saved here cannot be verified.") from None
    base.mkdir(parents=True, exist_ok=True)
    tmp = base / f".signing-key.{os.getpid()}.{threading.get_ident()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(32))
    try:
        os.link(tmp, path)  # fails if another first save won: then both use its key
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return bytes.fromhex(path.read_text().strip())


def _mac(base: Path, signed: dict, create: bool = False) -> str:
    body = json.dumps({k: signed[k] for k in ("name", "version", "files")}, sort_keys=True).encode()
    return hmac.new(_signing_key(base, create), body, hashlib.sha256).hexdigest()


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
