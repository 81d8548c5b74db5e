"""Pydantic models of every record kind ingest accepts (the shared record vocabulary).

One model per record kind; fields are the canonical names a mapping file maps user columns
to. Validators normalise what exports get wrong most often, so writers and algorithms see one
shape:
- datetimes -> ISO-8601 UTC strings "YYYY-MM-DDTHH:MM:SSZ" (inputs without an offset are
  taken as UTC; epoch seconds/milliseconds are accepted), dates -> "YYYY-MM-DD". Uniform strings sort and compare
  correctly in Cypher and range indexes; use datetime(n.at) for arithmetic.
- phones -> E.164-like "+<digits>" (Chinese mobiles and 0-prefixed landlines get +86), an extension
  kept in RFC 3966 form "+861088888888;ext=123",
- money -> float in the currency's unit ("120万" -> 1200000.0, "1,200" -> 1200.0),
- booleans from true/false/1/0/yes/no/是/否, lists from ";"-separated strings.

This module imports nothing of ours (schema/ is the bottom layer).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from enum import Enum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from .cleaning import strip_invisible

# --------------------------------------------------------------------------- scalar parsers


_BLANKS = frozenset(("", "-", "--", "null", "NULL", "None", "N/A", "n/a"))


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and v.strip() in _BLANKS)


def clean_text(v: Any) -> str | None:
    """Strip, drop invisible characters, NFKC-normalise (full-width -> half-width; the result is also NFC),
    collapse inner whitespace; blank (also: only invisible characters) -> None."""
    if v is None:
        return None
    if not isinstance(v, str):
        v = str(v)
    v = strip_invisible(v)
    if v.strip() in _BLANKS:
        return None
    # str.split() splits on the same Unicode whitespace as re's \s, and ingest calls this per field:
    # join/split is several times faster than re.sub.
    return " ".join(unicodedata.normalize("NFKC", v).split()) or None


def clean_id(v: Any) -> str | None:
    """Ids arrive as strings or numbers (JSON, Excel); 1001.0 must become "1001"."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return clean_text(v)


_DT_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y.%m.%d %H:%M:%S",
    "%Y%m%d %H:%M:%S", "%Y%m%d%H%M%S", "%d/%m/%Y %H:%M", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H:%M", "%Y年%m月%d日%H时%M分",
)
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日", "%Y-%m", "%Y/%m", "%Y年%m月", "%Y")


# Compiled once: these run per field of every ingested row.
_EPOCH = re.compile(r"\d{10}(\.\d+)?|\d{13}")
# An extension: RFC 3966 ";ext=123", "ext. 123", "extension 123", "x45", "#8", "转123", "分机：123".
_PHONE_EXT = re.compile(r"\s*(?:;\s*ext\s*=|\bextension|\bext\.?|x|#|转|分机)\s*[:：]?\s*(\d{1,6})\s*$",
                        re.IGNORECASE)
_PHONE_GROUPS = re.compile(r"[\s\-.]+")
_PHONE_BAD = re.compile(r"[^\d\s+\-().]")
_NON_DIGIT = re.compile(r"\D")
_LIST_SEP = re.compile(r"[;；|,，]")


def parse_datetime(v: Any) -> str | None:
    """Any common timestamp -> "YYYY-MM-DDTHH:MM:SSZ" in UTC. Naive timestamps are taken as UTC."""
    if _blank(v):
        return None
    if isinstance(v, datetime):
        dt = v
    elif isinstance(v, date):
        dt = datetime(v.year, v.month, v.day)
    elif isinstance(v, int | float) and not isinstance(v, bool):
        dt = _excel_serial(float(v)) if v < 1e7 else _from_epoch(float(v))  # small numbers are Excel days
    else:
        s = unicodedata.normalize("NFKC", str(v)).strip()
        if _EPOCH.fullmatch(s):  # epoch seconds or milliseconds (WeCom msgtime)
            dt = _from_epoch(float(s))
        else:
            dt = _parse_dt_string(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _from_epoch(x: float) -> datetime:
    if x > 1e11:  # milliseconds
        x /= 1000.0
    return datetime.fromtimestamp(x, tz=UTC)


_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], 1) for m in names}
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TIME = r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
_DAY_MON_YEAR = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.]*({_MON})\.?[\s\-/.,]*(\d{{4}}){_TIME}", re.IGNORECASE)
_MON_DAY_YEAR = re.compile(rf"({_MON})\.?[\s\-/.]*(\d{{1,2}})(?:st|nd|rd|th)?,?[\s\-/.]+(\d{{4}}){_TIME}", re.IGNORECASE)
_NUMERIC_DMY = re.compile(r"(\d{1,2})[\-/.](\d{1,2})[\-/.](\d{4})" + _TIME)
_SERIAL = re.compile(r"\d{5,7}(\.\d+)?")
_EXCEL_EPOCH = datetime(1899, 12, 30)


def _excel_serial(x: float) -> datetime:
    """Excel's day count (1900 date system, as every spreadsheet exports it): 46027 -> 2026-01-05."""
    from datetime import timedelta

    if not 10_000 <= x <= 2_958_465:
        raise ValueError(f"not a date: {x!r}")
    return _EXCEL_EPOCH + timedelta(days=x)


def _parse_words_or_numeric(s: str) -> datetime | None:
    """'5 Jan 2026', 'Jan 5, 2026', '05-Jan-2026 10:00'; numeric d-m-y when the order is certain (a part > 12)."""
    m = _DAY_MON_YEAR.fullmatch(s)
    if m:
        d, mon, y, hh, mm, ss = m.groups()
        return datetime(int(y), _MONTHS[mon.lower()], int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    m = _MON_DAY_YEAR.fullmatch(s)
    if m:
        mon, d, y, hh, mm, ss = m.groups()
        return datetime(int(y), _MONTHS[mon.lower()], int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    m = _NUMERIC_DMY.fullmatch(s)
    if m:
        a, b, y, hh, mm, ss = m.groups()
        a_, b_ = int(a), int(b)
        if a_ <= 12 and b_ <= 12 and a_ != b_:
            raise ValueError(f"ambiguous date {s!r}: day-first and month-first both fit; write it as YYYY-MM-DD")
        day, month = (a_, b_) if a_ > 12 or a_ == b_ else (b_, a_)
        return datetime(int(y), month, day, int(hh or 0), int(mm or 0), int(ss or 0))
    return None


def _parse_dt_string(s: str) -> datetime:
    iso = s.replace("Z", "+00:00").replace("z", "+00:00")
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    if _SERIAL.fullmatch(s):
        return _excel_serial(float(s))
    try:
        dt = _parse_words_or_numeric(s)
    except ValueError as e:  # "31/31/2024": day or month out of range
        raise ValueError(str(e) if "ambiguous" in str(e) else f"not a date/time: {s!r}") from None
    if dt is not None:
        return dt
    for fmt in _DT_FORMATS + _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    raise ValueError(f"not a date/time: {s!r}")


def parse_date(v: Any) -> str | None:
    """Any common date (or timestamp) -> "YYYY-MM-DD"; "2021-03" -> "2021-03-01"."""
    if _blank(v):
        return None
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    s = unicodedata.normalize("NFKC", str(v)).strip()
    if s.lower() in ("now", "present", "current", "至今", "现在", "今"):
        return None
    if isinstance(v, int | float) and not isinstance(v, bool) and 10_000 <= v < 1e7:
        return _excel_serial(float(v)).date().isoformat()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return parse_datetime(s)[:10]  # type: ignore[index]
    except ValueError as e:
        raise ValueError(str(e) if "ambiguous" in str(e) else f"not a date: {s!r}") from None


def parse_phone(v: Any) -> str | None:
    """Phone sanity + E.164-ish normalisation. Letters or a wrong digit count are rejected."""
    if _blank(v):
        return None
    s = unicodedata.normalize("NFKC", str(v)).strip()
    if isinstance(v, float) and v.is_integer():  # Excel turned the number into a float
        s = str(int(v))
    ext = None
    m = _PHONE_EXT.search(s)
    if m:
        ext, s = m.group(1), s[:m.start()].strip()
    if _PHONE_BAD.search(s):
        raise ValueError(f"phone contains characters other than digits: {s!r}")
    plus = s.startswith("+")
    digits = _NON_DIGIT.sub("", s)
    groups = _PHONE_GROUPS.split(s)
    # "010-88888888-123": a Chinese landline (0 + area code + number, 10-12 digits) and an extension group.
    if (ext is None and not plus and digits.startswith("0") and not digits.startswith("00") and len(digits) > 12
            and len(groups) >= 3 and groups[-1].isdigit() and len(groups[-1]) <= 6
            and 10 <= len(digits) - len(groups[-1]) <= 12):
        ext, digits = groups[-1], digits[:-len(groups[-1])]
    if len(set(digits)) == 1:
        raise ValueError(f"not a phone number (one digit repeated): {s!r}")
    if digits.startswith("00"):
        plus, digits = True, digits[2:]
    if not plus:
        if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789":  # Chinese mobile
            digits = "86" + digits
        elif len(digits) == 13 and digits.startswith("861"):
            pass
        elif digits.startswith("0") and 10 <= len(digits) <= 12:  # Chinese landline 010-12345678
            digits = "86" + digits[1:]
    if not 7 <= len(digits) <= 15:
        raise ValueError(f"phone has {len(digits)} digits, expected 7 to 15: {s!r}")
    if digits.startswith("86") and len(digits) == 13 and digits[2] == "1" and digits[3] not in "3456789":
        raise ValueError(f"not a valid Chinese mobile number: {s!r}")
    return "+" + digits + (f";ext={ext}" if ext else "")  # RFC 3966 extension form


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_email(v: Any) -> str | None:
    if _blank(v):
        return None
    s = unicodedata.normalize("NFKC", str(v)).strip().lower()
    s = s.removeprefix("mailto:")
    if not _EMAIL.match(s):
        raise ValueError(f"not an email address: {s!r}")
    return s


_UNITS = {"万": 1e4, "w": 1e4, "亿": 1e8, "k": 1e3, "千": 1e3, "m": 1e6, "百万": 1e6, "千万": 1e7}


def parse_money(v: Any) -> float | None:
    """"¥1,200,000.00", "120万元", "1.5亿", "3.2M USD" -> float (no currency conversion)."""
    if _blank(v):
        return None
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    s = unicodedata.normalize("NFKC", str(v)).strip().lower()
    m = re.fullmatch(r"[^\d\-.]*?(-?[\d,]*\.?\d+)\s*(千万|百万|万|亿|k|m|w|千)?\s*(元|rmb|cny|usd|\$|美元|人民币)?\s*", s)
    if not m:
        raise ValueError(f"not an amount: {s!r}")
    return float(m.group(1).replace(",", "")) * _UNITS.get(m.group(2) or "", 1.0)


def parse_int(v: Any) -> int | None:
    if _blank(v):
        return None
    if isinstance(v, list):
        return len(v)
    f = parse_money(v)
    if f is None or not float(f).is_integer():
        raise ValueError(f"not a whole number: {v!r}")
    return int(f)


def parse_count(v: Any) -> int | None:
    """A count, or a ";"-separated list of things counted (pages visited, downloads)."""
    if _blank(v):
        return None
    if isinstance(v, list):
        return len(v)
    s = str(v).strip()
    if re.fullmatch(r"\d+(\.0+)?", s):
        return int(float(s))
    return len(split_list(s) or [])


def parse_float(v: Any) -> float | None:
    if _blank(v):
        return None
    try:
        return float(unicodedata.normalize("NFKC", str(v)).strip().rstrip("%"))
    except ValueError:
        raise ValueError(f"not a number: {v!r}") from None


_TRUE = {"true", "t", "yes", "y", "1", "是", "成交", "赢单", "won", "converted", "已转化"}
_FALSE = {"false", "f", "no", "n", "0", "否", "未成交", "输单", "lost", "未转化"}


def parse_bool(v: Any) -> bool | None:
    if _blank(v):
        return None
    if isinstance(v, bool):
        return v
    s = unicodedata.normalize("NFKC", str(v)).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(f"not a yes/no value: {v!r}")


def split_list(v: Any) -> list[str] | None:
    """";"-separated (also ；, | and ,) -> list of cleaned ids; JSON arrays pass through."""
    if _blank(v):
        return None
    items = v if isinstance(v, list | tuple) else _LIST_SEP.split(str(v))
    out = [x for x in (clean_id(i) for i in items) if x]
    return out or None


def name_key(v: str) -> str:
    """A stable key from a name for nodes keyed by name (Organization, School, Company, Stage)."""
    s = unicodedata.normalize("NFKC", v).casefold()
    return re.sub(r"[\s·.,，。()（）\-_'\"]+", "", s)


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
    credit_code: Text = None  # 统一社会信用代码
    website: Text = None
    employees: Int = None

    @field_validator("credit_code")
    @classmethod
    def _credit_code(cls, v: str | None) -> str | None:
        if v is None:
            return v
        v = v.upper().replace(" ", "")
        if not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", v):
            raise ValueError(f"not an 18-character unified social credit code: {v!r}")
        return v


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
