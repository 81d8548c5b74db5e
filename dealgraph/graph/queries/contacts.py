"""Cypher that writes contacts outside ingest (a person's confirmed decision role)."""

from __future__ import annotations

from . import scope as S

# A person's label for the contact's role, when the contact is in the caller's scope; `previous` is the
# label (or predicted role) it replaces.
SET_ROLE_LABEL = (
    f"MATCH (c:Contact {{id: $id}}) WHERE {S.contact('c')} "
    "WITH c, coalesce(c.role_label, c.role) AS previous "
    "SET c.role_label = $role, c.role_label_by = $by, c.role_label_at = datetime(), c.role_label_note = $note "
    "RETURN properties(c) AS p, previous"
)
