"""Pydantic models of every record kind ingest accepts (the shared record vocabulary).

One model per record kind; fields are the canonical names a mapping file maps user columns
to. Field types validate through the normalisers of schema/values.py (one rule per value kind:
UTC ISO datetimes, E.164 phones with RFC 3966 extensions, e-mail, checksummed credit codes, money,
yes/no, ";"-separated lists), so writers and algorithms see one shape. Uniform datetime strings sort
and compare correctly in Cypher and range indexes; use datetime(n.at) for arithmetic.

This module imports nothing of ours (schema/ is the bottom layer).
"""

from __future__ import annotations

import unicodedata
from enum import Enum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .values import (
    clean_id,
    clean_text,
    parse_bool,
    parse_count,
    parse_credit_code,
    parse_date,
    parse_datetime,
    parse_email,
    parse_float,
    parse_int,
    parse_money,
    parse_phone,
    split_list,
)

Text = Annotated[str | None, BeforeValidator(clean_text)]
Id = Annotated[str | None, BeforeValidator(clean_id)]
ReqText = Annotated[str, BeforeValidator(clean_text)]
ReqId = Annotated[str, BeforeValidator(clean_id)]
DateTime = Annotated[str | None, BeforeValidator(parse_datetime)]
ReqDateTime = Annotated[str, BeforeValidator(parse_datetime)]
Date = Annotated[str | None, BeforeValidator(parse_date)]
Phone = Annotated[str | None, BeforeValidator(parse_phone)]
Email = Annotated[str | None, BeforeValidator(parse_email)]
Money = Annotated[float | None, BeforeValidator(parse_money)]
Int = Annotated[int | None, BeforeValidator(parse_int)]
Count = Annotated[int | None, BeforeValidator(parse_count)]
Float = Annotated[float | None, BeforeValidator(parse_float)]
Bool = Annotated[bool | None, BeforeValidator(parse_bool)]
IdList = Annotated[list[str] | None, BeforeValidator(split_list)]
CreditCode = Annotated[str | None, BeforeValidator(parse_credit_code)]

# --------------------------------------------------------------------------- enums


class RecordKind(str, Enum):
    account = "account"
    department = "department"
    contact = "contact"
    career = "career"
    tie = "tie"
    education = "education"
    interaction = "interaction"
    user = "user"
    ownership = "ownership"
    lead = "lead"
    opportunity = "opportunity"
    stage_history = "stage_history"
    tender = "tender"
    award = "award"
    capability = "capability"
    source_record = "source_record"


class InteractionKind(str, Enum):
    email = "email"
    meeting = "meeting"
    call = "call"
    wecom = "wecom"
    site_visit = "site_visit"


# Common spellings in exports -> canonical kind (lower-cased, NFKC).
INTERACTION_ALIASES = {
    "邮件": "email", "e-mail": "email", "mail": "email", "会议": "meeting", "meet": "meeting", "会面": "meeting",
    "电话": "call", "phone": "call", "phone call": "call", "通话": "call", "企业微信": "wecom", "企微": "wecom",
    "wechat": "wecom", "微信": "wecom", "wecom message": "wecom", "拜访": "site_visit", "上门": "site_visit",
    "上门拜访": "site_visit", "visit": "site_visit", "site visit": "site_visit", "web_visit": "site_visit",
    "page_view": "site_visit",
}


class CapabilityKind(str, Enum):
    certification = "certification"
    product = "product"
    service = "service"
    reference_case = "reference_case"


CAPABILITY_ALIASES = {
    "资质": "certification", "证书": "certification", "认证": "certification", "cert": "certification",
    "产品": "product", "服务": "service", "案例": "reference_case", "业绩": "reference_case",
    "reference": "reference_case", "case": "reference_case", "reference case": "reference_case",
}


class SourceKind(str, Enum):
    person = "person"
    company = "company"


def _enum_alias(aliases: dict[str, str]):
    def fix(v: Any) -> Any:
        if isinstance(v, str):
            s = unicodedata.normalize("NFKC", v).strip().lower()
            return aliases.get(s, s.replace(" ", "_").replace("-", "_"))
        return v
    return fix


# --------------------------------------------------------------------------- records


class Record(BaseModel):
    """Base of every record: unknown fields are an error (the mapping decides what is loaded)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=True)
    kind_name: ClassVar[str] = ""
    # Fields that identify a person/company appearance and so also make a SourceRecord.
    source_kind: ClassVar[str | None] = None

    def row(self) -> dict[str, Any]:
        """Plain dict for the Cypher writers (None kept so SET clears nothing by accident)."""
        return self.model_dump()


class Account(Record):
    kind_name: ClassVar[str] = "account"
    source_kind: ClassVar[str | None] = "company"
    id: ReqId
    name: ReqText
    name_en: Text = None
    industry: Text = None
    region: Text = None
    credit_code: CreditCode = None  # 统一社会信用代码, check character verified
    website: Text = None
    employees: Int = None


class Department(Record):
    kind_name: ClassVar[str] = "department"
    id: ReqId
    account_id: ReqId
    name: ReqText
    parent_id: Id = None


class Contact(Record):
    kind_name: ClassVar[str] = "contact"
    source_kind: ClassVar[str | None] = "person"
    id: ReqId
    name: ReqText
    account_id: Id = None
    department_id: Id = None
    title: Text = None
    email: Email = None
    phone: Phone = None
    wecom_id: Id = None
    manager_id: Id = None
    name_en: Text = None


class Career(Record):
    kind_name: ClassVar[str] = "career"
    contact_id: ReqId
    organization: ReqText
    title: Text = None
    start: Date = None
    end: Date = None


class Tie(Record):
    kind_name: ClassVar[str] = "tie"
    source_id: ReqId
    target_id: ReqId
    kind: Text = None  # colleague, alumni, friend, former_colleague ...
    strength: Float = Field(default=None, ge=0.0, le=1.0)
    count: Float = Field(default=None, ge=0.0)  # what the tie stands for: meetings, e-mails (strength is scaled)


class Education(Record):
    kind_name: ClassVar[str] = "education"
    contact_id: ReqId
    school: ReqText
    degree: Text = None
    year: Int = None


class Interaction(Record):
    """An email, meeting, call, WeCom message or site visit.

    `contact_ids` name Contact ids; with `participant_source` set (e.g. "wecom", "website")
    they name source ids of that channel instead, and INVOLVES points at the SourceRecords
    "<participant_source>:<id>" until identity resolution links those to contacts.
    """

    kind_name: ClassVar[str] = "interaction"
    id: ReqId
    kind: Annotated[InteractionKind, BeforeValidator(_enum_alias(INTERACTION_ALIASES))]
    at: ReqDateTime
    contact_ids: Annotated[list[str], BeforeValidator(split_list)]
    user_id: Id = None
    channel: Text = None
    topic: Text = None
    sentiment: Float = Field(default=None, ge=-1.0, le=1.0)
    meeting_type: Annotated[str | None, BeforeValidator(lambda v: (clean_text(v) or "").lower() or None)] = None
    summary: Text = None
    participant_source: Text = None


class User(Record):
    kind_name: ClassVar[str] = "user"
    id: ReqId
    name: ReqText
    email: Email = None
    role: Text = None


class Ownership(Record):
    kind_name: ClassVar[str] = "ownership"
    user_id: ReqId
    account_id: ReqId


class Lead(Record):
    kind_name: ClassVar[str] = "lead"
    source_kind: ClassVar[str | None] = "person"
    id: ReqId
    created_at: ReqDateTime
    source: Text = None
    name: Text = None
    company: Text = None
    title: Text = None
    email: Email = None
    phone: Phone = None
    budget: Money = None
    currency: Text = None  # of the budget
    stated_purchase_date: Date = None
    pages_visited: Count = None
    downloads: Count = None
    questions: Text = None
    contact_id: Id = None
    account_id: Id = None
    campaign: Text = None  # ad plan / keyword that produced the lead
    converted: Bool = None  # outcome; optional (training label)


class Opportunity(Record):
    kind_name: ClassVar[str] = "opportunity"
    id: ReqId
    account_id: ReqId
    name: Text = None
    amount: Money = None
    currency: Text = None  # ISO code of the amount (next best actions rank across currencies only with rates)
    owner_id: Id = None
    created_at: DateTime = None
    closed_won: Bool = None


class StageHistory(Record):
    kind_name: ClassVar[str] = "stage_history"
    opportunity_id: ReqId
    stage: ReqText
    entered_at: ReqDateTime
    due_at: DateTime = None


class Tender(Record):
    kind_name: ClassVar[str] = "tender"
    id: ReqId
    title: ReqText
    number: Text = None
    buyer: Text = None
    buyer_account_id: Id = None
    budget: Money = None
    currency: Text = None  # of the budget (a parsed notice sets it too)
    deadline: DateTime = None
    region: Text = None
    industry: Text = None
    status: Text = None


class Award(Record):
    kind_name: ClassVar[str] = "award"
    tender_id: ReqId
    company: ReqText
    amount: Money = None
    at: Date = None


class Capability(Record):
    kind_name: ClassVar[str] = "capability"
    id: ReqId
    kind: Annotated[CapabilityKind, BeforeValidator(_enum_alias(CAPABILITY_ALIASES))]
    name: ReqText
    text: Text = None
    spec: Text = None
    valid_until: Date = None
    customer: Text = None
    industry: Text = None
    amount: Money = None
    year: Int = None


class SourceRecord(Record):
    """One appearance of a person or company in one channel; id is "<source>:<source_id>"."""

    kind_name: ClassVar[str] = "source_record"
    id: Id = None
    source: ReqText
    source_id: ReqId
    kind: SourceKind
    name: Text = None
    name_en: Text = None
    company: Text = None
    title: Text = None
    department: Text = None
    email: Email = None
    phone: Phone = None
    wecom_unionid: Id = None
    wecom_userid: Id = None
    credit_code: Text = None
    region: Text = None
    seen_at: DateTime = None

    @model_validator(mode="after")
    def _derive_id(self) -> SourceRecord:
        self.id = source_record_id(self.source, self.source_id)
        return self


def source_record_id(source: str, source_id: str) -> str:
    return f"{source}:{source_id}"



def date_fields(model: type[BaseModel]) -> set[str]:
    """Fields of `model` parsed as dates or datetimes."""
    return {name for name, f in model.model_fields.items()
            if any(getattr(m, "func", None) in (parse_date, parse_datetime) for m in f.metadata)}

RECORD_MODELS: dict[str, type[Record]] = {
    m.kind_name: m
    for m in (Account, Department, Contact, Career, Tie, Education, Interaction, User, Ownership, Lead,
              Opportunity, StageHistory, Tender, Award, Capability, SourceRecord)
}

# Dependency order: writing parents first keeps stubs rare and reads natural.
LOAD_ORDER: tuple[str, ...] = (
    "account", "department", "user", "contact", "ownership", "career", "education", "tie", "source_record",
    "lead", "opportunity", "stage_history", "interaction", "tender", "award", "capability",
)


def required_fields(kind: str) -> list[str]:
    return [n for n, f in RECORD_MODELS[kind].model_fields.items() if f.is_required()]


def field_names(kind: str) -> list[str]:
    return list(RECORD_MODELS[kind].model_fields)
