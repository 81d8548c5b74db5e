"""Ordered, idempotent schema migrations, one module per migration: `m<NNNN>_<name>.py`.

Each module defines DESCRIPTION and STATEMENTS. Every statement is idempotent on its own
(IF NOT EXISTS), so a half-applied migration can simply run again. Append new modules;
never edit one that has been applied.
"""

import importlib
import pkgutil
from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    id: str  # the module name without its leading "m": "0001_core_ids"
    description: str
    statements: tuple[str, ...]


def unique_id(label: str) -> str:
    return f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"


def _discover() -> list[Migration]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            mod = importlib.import_module(f"{__name__}.{info.name}")
            found.append(Migration(info.name[1:], mod.DESCRIPTION, tuple(mod.STATEMENTS)))
    return sorted(found, key=lambda m: m.id)


MIGRATIONS: list[Migration] = _discover()
