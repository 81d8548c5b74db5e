"""Ordered, idempotent schema migrations. Append new ones; never edit an applied one.

Each statement must be idempotent on its own (IF NOT EXISTS), so a half-applied migration
can simply run again.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    id: str  # sortable: "0001_name"
    description: str
    statements: tuple[str, ...]


def _unique_id(label: str) -> str:
    return f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"


CORE_LABELS = (
    "Account", "Department", "Contact", "Organization", "School", "Interaction", "User", "SourceRecord",
    "Lead", "Opportunity", "Stage", "Tender", "Requirement", "Company", "Capability", "Concept", "IngestRun",
)

MIGRATIONS: list[Migration] = [
    Migration("0001_core_ids", "uniqueness of id on every core label",
              tuple(_unique_id(label) for label in CORE_LABELS)),
]
