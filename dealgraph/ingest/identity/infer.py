"""Guess which column of a user's file is which identity field, from its header AND content.

Header words (CN and EN) propose a field; the content confirms or overrides it (a column
called "name" full of 有限公司 is a company column). Columns with no header hint are
sniffed by content alone (emails, phones, credit codes, dates). The caller prints the
resulting mapping so a user can correct it with --map.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from . import normalise as nz
from .identifiers import ATTR_PREFIX, is_cn_national_id, looks_like_identifier

# Ordered: the first pattern that matches a normalised header wins.
HEADER_HINTS: tuple[tuple[str, re.Pattern], ...] = tuple((f, re.compile(p)) for f, p in (
    ("kind", r"^(kind|type|entitytype|recordtype|类型|实体类型)$"),
    ("national_id", r"(nationalid|idcard|^idno$|^idnumber$|citizenid|socsec|^ssn$|socialsecurity|^nino$|身份证|证件号)"),
    ("passport", r"(passport|护照)"),
    ("employee_no", r"(employee(id|no|number|num|code)|^empno$|^empid$|staff(id|no|number)|工号|员工编号|职工号)"),
    ("customer_no", (r"(customer(id|no|number|num|code)|member(id|no|number|ship)|client(id|no|number)|loyalty|"
                    r"会员|客户编号|客户号|客户代码|卡号)")),
    ("tax_id", r"(^taxid|taxno|taxnumber|^vat|^tin$|纳税人识别号)"),
    ("credit_code", r"(creditcode|uscc|socialcredit|信用代码|统一社会|regcode|registrationcode|taxid|税号)"),
    ("unionid", r"(unionid|openid|wecom|wechat|weixin|企业微信|微信)"),
    ("email", r"(e?mail|邮箱|邮件)"),
    ("phone", r"(phone|mobile|tel|cell|fax|手机|电话|联系方式)"),
    ("dob", r"(dob|birth|生日|出生)"),
    ("first_name", r"^(first|firstname|givenname|given|fname|forename|名)$"),
    ("last_name", r"^(last|lastname|surname|familyname|lname|姓)$"),
    ("name_en", r"(englishname|nameen|英文名)"),
    ("company", (r"(company|organi[sz]ation|^org|employer|account|firm|enterprise|business|公司|企业|单位|机构|"
                r"客户名称|厂商|供应商)")),
    ("website", r"(website|url|homepage|^site|^web|网址|官网|网站)"),
    ("postcode", r"(postcode|zip|postal|邮编|邮政)"),
    ("address", r"(address|addr|street|地址|住址)"),
    ("city", r"(city|suburb|town|城市|^市$|所在地|地区)"),
    ("title", r"(title|position|jobtitle|role|职位|职务|头衔)"),
    ("name", r"(name|fullname|contact|person|姓名|名字|名称|联系人|客户)"),
))

_COMPANY_WORDS = re.compile(r"(公司|集团|研究院|大学|医院|银行|中心|co\.?,? ?ltd|inc\b|corp|gmbh|llc|limited|plc\b|"
                            r"group|technolog)", re.IGNORECASE)
_HAN_NAME = re.compile(r"^[\u3400-\u9fff]{2,4}$")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z.'\-]*( [A-Za-z][A-Za-z.'\-]*){0,3}$")


def _norm_header(h: str) -> str:
    return re.sub(r"[\s_\-.()（）:：]", "", (nz.clean(h) or "").lower())


def _share(values: Sequence[str], test) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def _looks_like_birth_date(v: str) -> bool:
    """A date alone is not a birth date: event dates (first_seen, created) are recent, births are not."""
    iso = nz.birth_date(v)
    return iso is not None and 1900 <= int(iso[:4]) <= date.today().year - 14


def sniff(values: Sequence[str]) -> str | None:
    """Field type from content alone (>= 60% of non-empty sample values)."""
    if not values:
        return None
    checks = (
        ("email", lambda v: nz.email(v) is not None),
        ("national_id", is_cn_national_id),
        ("credit_code", lambda v: nz.credit_code(v) is not None),
        ("phone", lambda v: nz.phone_e164(v) is not None and sum(c.isdigit() for c in v) >= 7
         and not re.search(r"[A-Za-z\u3400-\u9fff]", v)),
        ("dob", _looks_like_birth_date),
        ("company", lambda v: bool(_COMPANY_WORDS.search(v))),
    )
    for field, test in checks:
        if _share(values, test) >= 0.6:
            return field
    if _share(values, lambda v: bool(_HAN_NAME.match(v))) >= 0.6:
        return "name"
    return None


def infer_mapping(headers: Sequence[str], samples: dict[str, list[str]], id_column: str | None = None,
                  explicit: dict[str, str] | None = None) -> dict[str, str]:
    """-> {column: field}. Explicit --map entries win; each field is used by one column only
    (except phone, which may come from several: phone and mobile)."""
    mapping: dict[str, str] = dict(explicit or {})
    taken = set(mapping.values())
    for h in headers:
        if h == id_column or h in mapping:
            continue
        vals = [v for v in (nz.clean(x) for x in samples.get(h, [])) if v]
        if not vals:
            continue
        key = _norm_header(h)
        hinted = next((f for f, pat in HEADER_HINTS if pat.search(key)), None)
        content = sniff(vals)
        field = hinted or content
        if hinted == "name" and content == "company":
            field = "company"  # "名称"/"name" columns of a company file
        if hinted in ("company", "name") and content in ("email", "phone", "credit_code"):
            field = content  # "company email", "contact phone"
        if hinted == "phone" and content not in (None, "phone"):
            field = content
        if content in ("email", "credit_code") and hinted != content:
            field = content  # the values are unambiguous: "from_address" full of emails is an email column
        if field == "phone" and "phone" in mapping.values():
            field = "mobile"  # a second number column
        if field is None and looks_like_identifier(vals):
            field = ATTR_PREFIX + h  # an id column we have no field for: compared exact/fuzzy, EM weighs it
        if field is None or field in taken:
            continue
        mapping[h] = field
        taken.add(field)
    return mapping
