"""Batched, idempotent Cypher writes: one `UNWIND $rows ... MERGE` statement per record kind.

Loading the same rows twice changes nothing: nodes MERGE on `id`, relationships MERGE on their
end nodes (plus a key property where one pair may hold several, e.g. two stints at one employer).
Properties that are absent in a row are not sent, so a sparse file never erases what a richer
one loaded. References to nodes not loaded yet create stubs (`stub: true`) that the node's own
record completes later, so file order never loses a relationship.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ...schema.graph_model import COMPANY_PREFIX, ORG_PREFIX, SCHOOL_PREFIX, SELF_COMPANY_ID, STAGE_PREFIX
from ...schema.models import Record, source_record_id
from ...schema.values import name_key
from ..queries.identity import MARK_PENDING

Prepared = dict[str, Any]


def _props(rec: Record, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in rec.__dict__.items() if v is not None and k not in drop}


def _origin(source: str, label: str, id_: str) -> str:
    return json.dumps([f"origin: loaded as {label} {id_} from {source}"], ensure_ascii=False)


# SourceRecord fields copied from a contact / account / lead appearance.
_PERSON_SR = ("name", "name_en", "title", "email", "phone")


def _sr(source: str, source_id: str, kind: str, **fields: Any) -> dict[str, Any]:
    sr = {"id": source_record_id(source, source_id), "source": source, "source_id": source_id, "kind": kind}
    sr.update({k: v for k, v in fields.items() if v is not None})
    return sr


# --------------------------------------------------------------------------- prepare: record -> row


def prep_account(r: Any, source: str) -> Prepared:
    sr = _sr(source, r.id, "company", name=r.name, name_en=r.name_en, credit_code=r.credit_code, region=r.region)
    return {"id": r.id, "props": _props(r), "sr": sr, "ev": _origin(source, "Account", r.id)}


def prep_department(r: Any, source: str) -> Prepared:
    return {"id": r.id, "props": _props(r), "account_id": r.account_id, "parent_id": r.parent_id}


def prep_contact(r: Any, source: str) -> Prepared:
    sr = _sr(source, r.id, "person", **{k: getattr(r, k) for k in _PERSON_SR}, wecom_userid=r.wecom_id)
    return {"id": r.id, "props": _props(r), "account_id": r.account_id, "department_id": r.department_id,
            "manager_id": r.manager_id, "sr": sr, "ev": _origin(source, "Contact", r.id)}


def prep_career(r: Any, source: str) -> Prepared:
    return {"contact_id": r.contact_id, "org_id": ORG_PREFIX + name_key(r.organization), "org": r.organization,
            "key": r.start or r.title or "", "props": {"from": r.start, "to": r.end, "title": r.title}}


def prep_tie(r: Any, source: str) -> Prepared:
    return {"a": r.source_id, "b": r.target_id,
            "props": {"kind": r.kind, "strength": r.strength, "count": r.count, "source": source}}


def prep_education(r: Any, source: str) -> Prepared:
    return {"contact_id": r.contact_id, "school_id": SCHOOL_PREFIX + name_key(r.school), "school": r.school,
            "props": {"degree": r.degree, "year": r.year}}


def prep_interaction(r: Any, source: str) -> Prepared:
    ps = r.participant_source
    targets = [source_record_id(ps, c) for c in r.contact_ids] if ps else r.contact_ids
    # Who took part is stored once, as INVOLVES/BY relationships (as the API writes interactions);
    # copies as node properties cost ~15 % of the interaction write and nothing reads them.
    props = _props(r, drop=("contact_ids", "user_id"))
    props.setdefault("channel", source)
    return {"id": r.id, "props": props, "targets": targets, "user_id": r.user_id, "ps": ps}


def prep_user(r: Any, source: str) -> Prepared:
    return {"id": r.id, "props": _props(r)}


def prep_ownership(r: Any, source: str) -> Prepared:
    return {"user_id": r.user_id, "account_id": r.account_id}


def prep_lead(r: Any, source: str) -> Prepared:
    # The SourceRecord is keyed by the channel (mapping source), so a web form and the same
    # visitor's page views meet on "website:<visitor>"; the lead keeps its finer source (utm_source).
    props = _props(r)
    props["source"] = r.source or source
    sr = _sr(source, r.id, "person", name=r.name, company=r.company, title=r.title, email=r.email, phone=r.phone,
             seen_at=r.created_at)
    return {"id": r.id, "props": props, "sr": sr, "contact_id": r.contact_id, "account_id": r.account_id}


def prep_opportunity(r: Any, source: str) -> Prepared:
    return {"id": r.id, "props": _props(r), "account_id": r.account_id, "owner_id": r.owner_id}


def prep_stage_history(r: Any, source: str) -> Prepared:
    return {"opp": r.opportunity_id, "stage_id": STAGE_PREFIX + name_key(r.stage), "stage": r.stage,
            "entered": r.entered_at, "due": r.due_at}


def prep_tender(r: Any, source: str) -> Prepared:
    buyer_org = ORG_PREFIX + name_key(r.buyer) if r.buyer and not r.buyer_account_id else None
    return {"id": r.id, "props": _props(r), "buyer_account_id": r.buyer_account_id, "buyer_org": buyer_org,
            "buyer": r.buyer}


def prep_award(r: Any, source: str) -> Prepared:
    return {"tender_id": r.tender_id, "company_id": COMPANY_PREFIX + name_key(r.company), "company": r.company,
            "props": {"amount": r.amount, "at": r.at}}


def prep_capability(r: Any, source: str) -> Prepared:
    return {"id": r.id, "props": _props(r)}


def prep_source_record(r: Any, source: str) -> Prepared:
    return {"id": r.id, "props": _props(r)}


# --------------------------------------------------------------------------- Cypher per kind

_STUB = "ON CREATE SET {v}.stub = true"

CYPHER: dict[str, str] = {
    "account": """
UNWIND $rows AS r
MERGE (a:Account {id: r.id}) SET a += r.props REMOVE a.stub
MERGE (s:SourceRecord {id: r.sr.id}) SET s += r.sr
""" + MARK_PENDING + """
WITH a, s, r
CALL (a, s, r) {
  WITH a, s, r WHERE NOT EXISTS { (s)-[:RESOLVED_TO]->() }
  CREATE (s)-[:RESOLVED_TO {score: 1.0, method: 'origin', evidence: r.ev}]->(a)
}
""",
    "department": f"""
UNWIND $rows AS r
MERGE (d:Department {{id: r.id}}) SET d += r.props REMOVE d.stub
MERGE (a:Account {{id: r.account_id}}) {_STUB.format(v="a")}
MERGE (d)-[:PART_OF]->(a)
FOREACH (p IN CASE WHEN r.parent_id IS NULL THEN [] ELSE [r.parent_id] END |
  MERGE (pd:Department {{id: p}}) {_STUB.format(v="pd")}
  MERGE (d)-[:SUB_OF]->(pd))
""",
    "contact": f"""
UNWIND $rows AS r
MERGE (c:Contact {{id: r.id}}) SET c += r.props REMOVE c.stub
MERGE (s:SourceRecord {{id: r.sr.id}}) SET s += r.sr
{MARK_PENDING}
WITH c, s, r
CALL (c, s, r) {{
  WITH c, s, r WHERE NOT EXISTS {{ (s)-[:RESOLVED_TO]->() }}
  CREATE (s)-[:RESOLVED_TO {{score: 1.0, method: 'origin', evidence: r.ev}}]->(c)
}}
FOREACH (v IN CASE WHEN r.department_id IS NULL THEN [] ELSE [r.department_id] END |
  MERGE (d:Department {{id: v}}) {_STUB.format(v="d")}
  MERGE (c)-[:WORKS_IN]->(d))
FOREACH (v IN CASE WHEN r.account_id IS NULL THEN [] ELSE [r.account_id] END |
  MERGE (a:Account {{id: v}}) {_STUB.format(v="a")}
  MERGE (c)-[:WORKS_FOR]->(a))
FOREACH (v IN CASE WHEN r.manager_id IS NULL OR r.manager_id = r.id THEN [] ELSE [r.manager_id] END |
  MERGE (m:Contact {{id: v}}) {_STUB.format(v="m")}
  MERGE (c)-[:REPORTS_TO]->(m))
""",
    "career": f"""
UNWIND $rows AS r
MERGE (c:Contact {{id: r.contact_id}}) {_STUB.format(v="c")}
MERGE (o:Organization {{id: r.org_id}}) ON CREATE SET o.name = r.org
MERGE (c)-[w:WORKED_AT {{key: r.key}}]->(o) SET w += r.props
""",
    # One KNOWS per pair and kind: two people may both advise and meet each other.
    "tie": f"""
UNWIND $rows AS r
MERGE (a:Contact {{id: r.a}}) {_STUB.format(v="a")}
MERGE (b:Contact {{id: r.b}}) {_STUB.format(v="b")}
WITH a, b, r
CALL (a, b, r) {{
  WITH a, b, r WHERE r.props.kind IS NULL
  MERGE (a)-[k:KNOWS]->(b) SET k += r.props
}}
CALL (a, b, r) {{
  WITH a, b, r WHERE r.props.kind IS NOT NULL
  MERGE (a)-[k:KNOWS {{kind: r.props.kind}}]->(b) SET k += r.props
}}
""",
    "education": f"""
UNWIND $rows AS r
MERGE (c:Contact {{id: r.contact_id}}) {_STUB.format(v="c")}
MERGE (s:School {{id: r.school_id}}) ON CREATE SET s.name = r.school
MERGE (c)-[e:STUDIED_AT]->(s) SET e += r.props
""",
    # Interactions are immutable by id: the node is MERGEd (props refreshed), but its relationships are
    # CREATEd only while it has none, i.e. on first load. Replays (reload, resumed batch) skip them,
    # so no relationship MERGE (an Expand(Into) plus a lock per relationship) is needed. Rows are
    # unique by id within a batch (see `unique_rows`); across batches the node's index lock makes a
    # concurrent duplicate wait and then see the relationships.
    "interaction": """
UNWIND $rows AS r
MERGE (i:Interaction {id: r.id})
SET i += r.props
WITH i, r WHERE NOT EXISTS { (i)-[:INVOLVES|BY]->() }
CALL (i, r) {
  WITH i, r WHERE r.user_id IS NOT NULL
  MERGE (u:User {id: r.user_id}) ON CREATE SET u.stub = true
  CREATE (i)-[:BY]->(u)
}
CALL (i, r) {
  WITH i, r WHERE r.ps IS NULL
  UNWIND r.targets AS t
  MERGE (c:Contact {id: t}) ON CREATE SET c.stub = true
  CREATE (i)-[:INVOLVES]->(c)
}
CALL (i, r) {
  WITH i, r WHERE r.ps IS NOT NULL
  UNWIND r.targets AS t
  MERGE (s:SourceRecord {id: t})
    ON CREATE SET s.stub = true, s.source = r.ps, s.source_id = substring(t, size(r.ps) + 1), s.kind = 'person',
      s.idm_dirty = true
  CREATE (i)-[:INVOLVES]->(s)
}
""",
    "user": """
UNWIND $rows AS r
MERGE (u:User {id: r.id}) SET u += r.props REMOVE u.stub
""",
    "ownership": f"""
UNWIND $rows AS r
MERGE (u:User {{id: r.user_id}}) {_STUB.format(v="u")}
MERGE (a:Account {{id: r.account_id}}) {_STUB.format(v="a")}
MERGE (u)-[:OWNS]->(a)
""",
    "lead": f"""
UNWIND $rows AS r
MERGE (l:Lead {{id: r.id}}) SET l += r.props
MERGE (s:SourceRecord {{id: r.sr.id}}) SET s += r.sr REMOVE s.stub
{MARK_PENDING}
MERGE (l)-[:FROM_RECORD]->(s)
FOREACH (v IN CASE WHEN r.contact_id IS NULL THEN [] ELSE [r.contact_id] END |
  MERGE (c:Contact {{id: v}}) {_STUB.format(v="c")}
  MERGE (l)-[:LEAD_OF]->(c))
FOREACH (v IN CASE WHEN r.account_id IS NULL THEN [] ELSE [r.account_id] END |
  MERGE (a:Account {{id: v}}) {_STUB.format(v="a")}
  MERGE (l)-[:LEAD_OF]->(a))
""",
    "opportunity": f"""
UNWIND $rows AS r
MERGE (o:Opportunity {{id: r.id}}) SET o += r.props REMOVE o.stub
MERGE (a:Account {{id: r.account_id}}) {_STUB.format(v="a")}
MERGE (o)-[:FOR]->(a)
FOREACH (v IN CASE WHEN r.owner_id IS NULL THEN [] ELSE [r.owner_id] END |
  MERGE (u:User {{id: v}}) {_STUB.format(v="u")}
  MERGE (o)-[:OWNED_BY]->(u))
""",
    "stage_history": f"""
UNWIND $rows AS r
MERGE (o:Opportunity {{id: r.opp}}) {_STUB.format(v="o")}
MERGE (s:Stage {{id: r.stage_id}}) ON CREATE SET s.name = r.stage
MERGE (o)-[x:AT_STAGE {{entered: r.entered}}]->(s) SET x.due = r.due
""",
    "tender": f"""
UNWIND $rows AS r
MERGE (t:Tender {{id: r.id}}) SET t += r.props REMOVE t.stub
FOREACH (v IN CASE WHEN r.buyer_account_id IS NULL THEN [] ELSE [r.buyer_account_id] END |
  MERGE (a:Account {{id: v}}) {_STUB.format(v="a")}
  MERGE (t)-[:ISSUED_BY]->(a))
FOREACH (v IN CASE WHEN r.buyer_org IS NULL THEN [] ELSE [r.buyer_org] END |
  MERGE (o:Organization {{id: v}}) ON CREATE SET o.name = r.buyer
  MERGE (t)-[:ISSUED_BY]->(o))
""",
    "award": f"""
UNWIND $rows AS r
MERGE (t:Tender {{id: r.tender_id}}) {_STUB.format(v="t")}
MERGE (c:Company {{id: r.company_id}}) ON CREATE SET c.name = r.company
MERGE (t)-[x:AWARDED_TO]->(c) SET x += r.props
""",
    "capability": f"""
MERGE (self:Company {{id: '{SELF_COMPANY_ID}'}}) ON CREATE SET self.self = true, self.name = 'self'
WITH self
UNWIND $rows AS r
MERGE (c:Capability {{id: r.id}}) SET c += r.props
MERGE (self)-[:HAS_CAPABILITY]->(c)
""",
    "source_record": """
UNWIND $rows AS r
MERGE (s:SourceRecord {id: r.id}) SET s += r.props REMOVE s.stub
""" + MARK_PENDING + """
""",
}

PREPARE: dict[str, Callable[[Any, str], Prepared]] = {
    "account": prep_account, "department": prep_department, "contact": prep_contact, "career": prep_career,
    "tie": prep_tie, "education": prep_education, "interaction": prep_interaction, "user": prep_user,
    "ownership": prep_ownership, "lead": prep_lead, "opportunity": prep_opportunity,
    "stage_history": prep_stage_history, "tender": prep_tender, "award": prep_award,
    "capability": prep_capability, "source_record": prep_source_record,
}


# Kinds whose statement needs rows unique by this key within one batch (CREATE-once relationships).
UNIQUE_BY: dict[str, str] = {"interaction": "id"}


def unique_rows(kind: str, rows: list[Prepared]) -> list[Prepared]:
    """The batch with one row per key (the last one wins, as repeated MERGE + SET would)."""
    key = UNIQUE_BY.get(kind)
    if key is None:
        return rows
    by_key = {r[key]: r for r in rows}
    return rows if len(by_key) == len(rows) else list(by_key.values())


def _drop_nulls(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def prepare(kind: str, rec: Record, source: str) -> Prepared:
    row = PREPARE[kind](rec, source)
    if "props" in row:
        row["props"] = _drop_nulls(row["props"])
    return row
