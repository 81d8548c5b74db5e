"""Personal and customer identifiers: national id (居民身份证号, GB 11643), passport, employee,
customer/member and tax numbers, and any other column a user says is an identifier.

Normalisation only folds how a number is written (case, spaces, dashes, a 15-digit old id card
upgraded to its 18-digit form); it never rejects a value with a bad check digit, because the
comparison must still see a typo as "one edit" rather than as missing.
"""

from __future__ import annotations

import re

from .normalise import clean

# Identifier fields a record may carry, with a short description for the "columns used" line.
ID_FIELDS = {"national_id": "national id / 身份证号", "passport": "passport number",
             "employee_no": "employee number / 工号", "customer_no": "customer or member number",
             "tax_id": "tax id / 税号"}
# A user-defined identifier column: field name "attr:<name>" (from --map col=attribute:NAME).
ATTR_PREFIX = "attr:"

_GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_GB11643_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    """GB 11643 check character of an 18-character resident identity number."""
    return _GB11643_CHECK[sum(int(c) * w for c, w in zip(first17, _GB11643_WEIGHTS)) % 11]


def national_id_valid(value: str) -> bool:
    return bool(re.fullmatch(r"\d{17}[\dX]", value)) and id_check_char(value[:17]) == value[17]


def national_id(value: object) -> str | None:
    """18-character form of a Chinese resident id (15-digit 1st-generation ids get '19' inserted
    before the birth year and their check digit), upper-case X; other national numbers (SSN,
    NINO, FEBRL's soc_sec_id) as their folded token."""
    s = token(value)
    if s is None:
        return None
    if re.fullmatch(r"\d{15}", s):
        first17 = s[:6] + "19" + s[6:]
        return first17 + id_check_char(first17)
    return s


def is_cn_national_id(value: str) -> bool:
    """A valid 18-digit resident id with a plausible birth date inside it (content sniffing)."""
    s = (clean(value) or "").upper().replace(" ", "")
    if re.fullmatch(r"\d{15}", s):
        s = national_id(s) or ""
    if not national_id_valid(s):
        return False
    y, m, d = int(s[6:10]), int(s[10:12]), int(s[12:14])
    return 1900 <= y <= 2030 and 1 <= m <= 12 and 1 <= d <= 31


def token(value: object) -> str | None:
    """Case, spaces, dashes, dots and slashes folded: 'E 1234-567' == 'e1234567'."""
    s = clean(value)
    if not s:
        return None
    s = re.sub(r"[\s\-./_]", "", s).upper()
    return s or None


def looks_like_identifier(values: list[str]) -> bool:
    """An unmapped column that is clearly an identifier: mostly code-like values (digits, at
    least 5 characters, no spaces inside words) that are nearly all distinct (duplicates of
    one entity may repeat a value, strangers rarely do)."""
    vals = [v for v in (clean(x) for x in values) if v]
    if len(vals) < 20:
        return False
    codes = [v for v in vals if re.fullmatch(r"[A-Za-z]{0,4}[\-\s]?\d[\d\-\s]{3,}[\dA-Za-z]?", v)
             and sum(c.isdigit() for c in v) >= 5]
    if len(codes) < 0.8 * len(vals):
        return False
    return len(set(codes)) >= 0.6 * len(codes)
