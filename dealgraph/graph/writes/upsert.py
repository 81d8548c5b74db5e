"""Write one node of any record kind the way ingest writes a row of it.

The record is validated by its schema/models model (phone to E.164, e-mail, credit code checksum, UTC
datetimes, ...), written by the same statement ingest runs (statements.CYPHER: SourceRecord provenance
"<source>:<id>" where ingest has it, `stub` cleared, references to missing nodes as stubs).

- `upsert`: an edit (GraphQL mutations). A partial update (only the fields given) is validated together
  with the node's stored fields, so a required field already stored need not be sent again; the node is
  stamped `updated_at`, all in one transaction.
- `insert_once`: a write keyed by an idempotency key (REST signals): only when no node has the id yet,
  so a retried delivery changes nothing.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ...errors import InputError
from ...schema.models import RECORD_MODELS, Record
from ..connection import Graph, Tx
from .statements import CYPHER, prepare

LABELS = {"account": "Account", "department": "Department", "contact": "Contact", "tender": "Tender",
          "interaction": "Interaction", "lead": "Lead", "opportunity": "Opportunity"}


def _node(kind: str) -> str:
    return f"MATCH (n:{LABELS[kind]} {{id: $id}})"


def stored_fields(graph: Graph, kind: str, id_: str) -> dict[str, Any] | None:
    """The node's stored values of the record's fields; None when the node does not exist or is only a
    stub (a reference by another record), i.e. when this write creates it."""
    rows = graph.read(f"{_node(kind)} RETURN properties(n) AS p", id=id_)
    if not rows or rows[0]["p"].get("stub"):
        return None
    fields = RECORD_MODELS[kind].model_fields
    # Temporal values (older API writes stored datetime()) as Python values the record's parsers read.
    return {k: v.to_native() if hasattr(v, "to_native") else v for k, v in rows[0]["p"].items() if k in fields}


def validate(kind: str, fields: dict[str, Any]) -> Record:
    """The record of `kind` from field values; InputError naming each bad field and why."""
    try:
        return RECORD_MODELS[kind].model_validate(fields)
    except ValidationError as e:
        reasons = "; ".join(f"{'.'.join(str(x) for x in err['loc']) or kind}: {err['msg'].removeprefix('Value error, ')}"
                            for err in e.errors())
        raise InputError(f"{kind} {fields.get('id')!r}: {reasons}") from None


def upsert(graph: Graph, kind: str, changes: dict[str, Any], source: str,
           new_node: dict[str, Any] | None = None) -> dict[str, Any]:
    """Validate `changes` (merged over the stored node) and write them; -> the node's properties.

    `new_node`: values for a node created now (e.g. created_at, the creating user); fields of the record
    among them also fill a required field an existing node lacks; the others are set on the node as they are."""
    stored = stored_fields(graph, kind, changes["id"])
    model = RECORD_MODELS[kind].model_fields
    new_node = new_node or {}
    defaults = {k: v for k, v in new_node.items()
                if k in model and (stored is None or (model[k].is_required() and k not in stored))}
    fields = {**defaults, **(stored or {}), **{k: v for k, v in changes.items() if v is not None}}
    extra = {k: v for k, v in new_node.items() if k not in model} if stored is None else {}
    record = validate(kind, fields)
    row = prepare(kind, record, source)

    def write(tx: Tx) -> dict[str, Any]:
        tx.run(CYPHER[kind], rows=[row])
        return tx.run(f"{_node(kind)} SET n += $extra, n.updated_at = datetime() RETURN properties(n) AS p",
                      id=record.id, extra=extra)[0]["p"]

    return graph.write_tx(write)


def insert_once(graph: Graph, kind: str, fields: dict[str, Any], source: str) -> bool:
    """Validate and write the record unless a node with its id exists; True when it was written."""
    row = prepare(kind, validate(kind, fields), source)

    def write(tx: Tx) -> bool:
        if tx.run(f"{_node(kind)} RETURN n.id AS id", id=row["id"]):
            return False
        tx.run(CYPHER[kind], rows=[row])
        return True

    return graph.write_tx(write)
