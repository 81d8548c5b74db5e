"""Upsert one Account, Department, Contact or Tender the way ingest writes a row of it.

The record is validated by its schema/models model (phone to E.164, e-mail, credit code checksum, ...),
written by the same statement ingest runs (statements.CYPHER: SourceRecord provenance "<source>:<id>",
`stub` cleared, references to missing nodes as stubs), and stamped `updated_at`, in one transaction.
A partial update (only the fields given) is validated together with the node's stored fields, so a
required field already stored need not be sent again.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ...errors import InputError
from ...schema.models import RECORD_MODELS, Record
from ..connection import Graph, Tx
from .statements import CYPHER, prepare

LABELS = {"account": "Account", "department": "Department", "contact": "Contact", "tender": "Tender"}


def stored_fields(graph: Graph, kind: str, id_: str) -> dict[str, Any] | None:
    """The node's stored values of the record's fields; None when the node does not exist."""
    rows = graph.read(f"MATCH (n:{LABELS[kind]} {{id: $id}}) RETURN properties(n) AS p", id=id_)
    if not rows:
        return None
    fields = RECORD_MODELS[kind].model_fields
    return {k: v for k, v in rows[0]["p"].items() if k in fields}


def validate(kind: str, fields: dict[str, Any]) -> Record:
    """The record of `kind` from field values; InputError naming each bad field and why."""
    try:
        return RECORD_MODELS[kind].model_validate(fields)
    except ValidationError as e:
        reasons = "; ".join(f"{'.'.join(str(x) for x in err['loc']) or kind}: {err['msg'].removeprefix('Value error, ')}"
                            for err in e.errors())
        raise InputError(f"{kind} {fields.get('id')!r}: {reasons}") from None


def upsert(graph: Graph, kind: str, changes: dict[str, Any], source: str) -> dict[str, Any]:
    """Validate `changes` (merged over the stored node) and write them; -> the node's properties."""
    stored = stored_fields(graph, kind, changes["id"]) or {}
    record = validate(kind, {**stored, **{k: v for k, v in changes.items() if v is not None}})
    row = prepare(kind, record, source)

    def write(tx: Tx) -> dict[str, Any]:
        tx.run(CYPHER[kind], rows=[row])
        return tx.run(f"MATCH (n:{LABELS[kind]} {{id: $id}}) SET n.updated_at = datetime() "
                      "RETURN properties(n) AS p", id=record.id)[0]["p"]

    return graph.write_tx(write)
