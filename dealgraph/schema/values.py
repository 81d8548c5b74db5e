"""One normaliser per value kind: text, ids, dates, phones, e-mail, credit codes, money, numbers, flags.

Every module that cleans a value uses these (ingest's record models, identity's matching keys, tender
money, the float coercion of readers and pages), so one value gets one rule. Each strict parser takes a
raw cell and returns the canonical value or None for a blank, and raises ValueError with the reason
when the cell cannot be that kind; `lenient(parse)` turns a strict parser into one returning None
instead (identity: an unparseable value is no evidence).

- datetimes -> "YYYY-MM-DDTHH:MM:SSZ" in UTC (naive inputs are taken as UTC; epoch seconds/ms and
  Excel serial days accepted), dates -> "YYYY-MM-DD",
- phones -> E.164 "+<digits>" (Chinese mobiles and 0-prefixed landlines get +86, "+86 (0)10" drops
  the trunk 0), an extension kept in RFC 3966 form "+861088888888;ext=123"; `phone_key` is the number
  alone, None when it has no country or area code (a local number names no one for certain),
- e-mail -> lower-cased address (mailto: and brackets dropped),
- unified social credit code (GB 32100-2015) -> upper-cased 18 characters with a correct check character,
- money -> float in the currency's unit ("120万" -> 1200000.0, "1,200" -> 1200.0, "4.800.000,00" ->
  4800000.0); the scale words and Chinese numerals are shared with tender notices' free-text amounts,
- `to_float` is THE coercion of a stored value to a number for computation and display.

This module imports nothing of ours but schema/cleaning (schema/ is the bottom layer).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from .cleaning import strip_invisible

T = TypeVar("T")



_BLANKS = frozenset(("", "-", "--", "null", "NULL", "None", "N/A", "n/a"))


def is_blank(v: Any) -> bool:
    """None, an empty string or a missing-value marker ("-", "null", "N/A" ...)."""
    return v is None or (isinstance(v, str) and v.strip() in _BLANKS)


def clean_text(v: Any) -> str | None:
    """Strip, drop invisible characters, NFKC-normalise (full-width -> half-width; the result is also NFC),
    collapse inner whitespace; blank (also: only invisible characters) -> None."""
    if v is None:
        return None
    if not isinstance(v, str):
        v = str(v)
    if v.isascii():  # most ids and codes: NFKC leaves ASCII as it is, and no invisible character is ASCII
        return None if v.strip() in _BLANKS else (" ".join(v.split()) or None)
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
    if is_blank(v):
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


def parse_date(v: Any, dayfirst: bool = False) -> str | None:
    """Any common date (or timestamp) -> "YYYY-MM-DD"; "2021-03" -> "2021-03-01". A numeric date whose
    day and month could swap ("05-01-2026") is an error, or read day first with `dayfirst`."""
    if is_blank(v):
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
    if dayfirst and (m := _NUMERIC_DMY.fullmatch(s)) and int(m[1]) <= 12 and int(m[2]) <= 12:
        try:
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        except ValueError:
            raise ValueError(f"not a date: {s!r}") from None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return parse_datetime(s)[:10]  # type: ignore[index]
    except ValueError as e:
        raise ValueError(str(e) if "ambiguous" in str(e) else f"not a date: {s!r}") from None



def numeric_date_order(v: Any) -> str | None:
    """What a numeric d-m-y / m-d-y value says about its column's order: "dmy" ('13-01-2026'), "mdy"
    ('01-13-2026'), "either" ('05-01-2026': both fit), None (not such a value, or day == month)."""
    if not isinstance(v, str):
        return None
    m = _NUMERIC_DMY.fullmatch(unicodedata.normalize("NFKC", v).strip())
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    if a == b or (a > 12 and b > 12):
        return None
    if a > 12:
        return "dmy"
    if b > 12:
        return "mdy"
    return "either"


def in_order(v: str, order: str) -> str:
    """A numeric date written in `order` ("dmy" | "mdy") as ISO 'YYYY-MM-DD[ HH:MM[:SS]]'."""
    m = _NUMERIC_DMY.fullmatch(unicodedata.normalize("NFKC", v).strip())
    if not m:
        return v
    a, b, y, hh, mm, ss = m.groups()
    day, month = (a, b) if order == "dmy" else (b, a)
    out = f"{y}-{int(month):02d}-{int(day):02d}"
    if hh is not None:
        out += f" {int(hh):02d}:{mm}" + (f":{ss}" if ss else "")
    return out

def _phone_parts(v: Any) -> tuple[str, str | None, bool] | None:
    """-> (digits with country code, extension, whether the country is known), None for a blank.
    Raises ValueError on letters, one repeated digit or a digit count no phone has."""
    if is_blank(v):
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
    plus = s.lstrip("(").startswith("+")
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
    known = plus
    if not plus:
        if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789":  # Chinese mobile
            digits, known = "86" + digits, True
        elif len(digits) in (12, 13) and digits.startswith("86"):  # 86 + mobile or landline, no "+"
            known = True
        elif digits.startswith("0") and 10 <= len(digits) <= 12:  # Chinese landline 010-12345678
            digits, known = "86" + digits[1:], True
    if known and digits.startswith("860"):  # "+86 (0)10 ...": the trunk 0 is not dialled after 86
        digits = "86" + digits[3:]
    if not 7 <= len(digits) <= 15:
        raise ValueError(f"phone has {len(digits)} digits, expected 7 to 15: {s!r}")
    if digits.startswith("86") and len(digits) == 13 and digits[2] == "1" and digits[3] not in "3456789":
        raise ValueError(f"not a valid Chinese mobile number: {s!r}")
    return digits, ext, known


def parse_phone(v: Any) -> str | None:
    """E.164 "+<digits>", an extension in RFC 3966 form ";ext=123". Letters or a wrong digit count are
    rejected. A number with neither a country code nor a Chinese shape is kept as "+<digits>"."""
    parts = _phone_parts(v)
    if parts is None:
        return None
    digits, ext, _ = parts
    return "+" + digits + (f";ext={ext}" if ext else "")


def phone_key(v: Any) -> str | None:
    """The E.164 number without its extension, for matching people: None when `v` is not a phone or
    names no country (a local number without area code could be anyone's)."""
    try:
        parts = _phone_parts(v)
    except ValueError:
        return None
    if parts is None or not parts[2]:
        return None
    digits = parts[0]
    if digits.startswith("86") and not 9 <= len(digits) <= 13 or len(digits) < 8:
        return None
    return "+" + digits


# An address with a top-level domain of 2+ letters (ASCII, or an internationalised one such as .中国).
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.(?:[a-z0-9-]{2,}|[^\x00-\x7f]{2,})$")


def parse_email(v: Any) -> str | None:
    """Lower-cased address; "mailto:" and surrounding brackets or separators dropped."""
    if is_blank(v):
        return None
    s = unicodedata.normalize("NFKC", str(v)).strip().lower()
    s = s.replace("mailto:", "").strip("<>;, ")
    if not _EMAIL.match(s):
        raise ValueError(f"not an email address: {s!r}")
    return s


# ---- unified social credit code (GB 32100-2015)

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_valid(code: str) -> bool:
    code = code.upper()
    if len(code) != 18 or any(c not in CREDIT_ALPHABET for c in code):
        return False
    return credit_check_char(code[:17]) == code[17]


def parse_credit_code(v: Any) -> str | None:
    """Upper-cased 18-character code whose check character is right; spaces and hyphens dropped."""
    s = clean_text(v)
    if s is None:
        return None
    s = re.sub(r"[\s-]", "", s).upper()
    if len(s) != 18 or any(c not in CREDIT_ALPHABET for c in s):
        raise ValueError(f"not an 18-character unified social credit code: {s!r}")
    if credit_check_char(s[:17]) != s[17]:
        raise ValueError(f"unified social credit code {s!r} fails its check character "
                         f"(expected {credit_check_char(s[:17])})")
    return s


# ---- money

# Scale words of amounts in cells and in notices' text ("120万元", "1.5亿", "USD 2.5 million", "$250K").
MONEY_SCALES = {"亿元": 1e8, "亿": 1e8, "千万": 1e7, "百万元": 1e6, "百万": 1e6, "万元": 1e4, "万": 1e4, "w": 1e4,
                "千元": 1e3, "千": 1e3, "元": 1.0, "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6,
                "bn": 1e9, "billion": 1e9}
_CN_DIGITS = {"零": 0, "〇": 0, "壹": 1, "一": 1, "贰": 2, "二": 2, "两": 2, "叁": 3, "三": 3, "肆": 4,
              "四": 4, "伍": 5, "五": 5, "陆": 6, "六": 6, "柒": 7, "七": 7, "捌": 8, "八": 8, "玖": 9, "九": 9}
_CN_UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_NUM_SPACES = re.compile(r"[ \u00a0\u202f]")
_DECIMAL_COMMA = re.compile(r"\d{1,3}(?:\.\d{3})+,\d{1,2}|\d+,\d{1,2}")


def cn_digit(ch: str) -> int | None:
    return _CN_DIGITS.get(ch)


def cn_number(s: str) -> float | None:
    """Chinese numerals (大写 or 小写) up to 亿: "壹佰贰拾万" -> 1200000."""
    total, section, digit = 0, 0, 0
    seen = False
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
            seen = True
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
            seen = True
        elif ch in _CN_BIG:
            section += digit
            total = (total + section) * _CN_BIG[ch] if ch == "亿" else total + section * _CN_BIG[ch]
            section, digit = 0, 0
            seen = True
    return float(total + section + digit) if seen else None


def read_number(num: str) -> float:
    """'1,200,000.00', '4 800 000,00', '4.800.000,00' -> float (a comma followed by 1-2 digits is decimal)."""
    n = _NUM_SPACES.sub("", num)
    if _DECIMAL_COMMA.fullmatch(n) and not re.fullmatch(r"\d{1,3},\d{3}", n):
        n = n.replace(".", "").replace(",", ".")  # European decimal comma
    return float(n.replace(",", ""))


_MONEY_CELL = re.compile(r"[^\d\-.]*?(-?[\d,]*\.?\d+)\s*(千万|百万|万|亿|k|m|w|千)?\s*(元|rmb|cny|usd|\$|美元|人民币)?\s*")


def parse_money(v: Any) -> float | None:
    """A cell: "¥1,200,000.00", "120万元", "1.5亿", "3.2M USD" -> float (no currency conversion).
    Free text with a currency (tender notices) is ingest/tenders/money.py, on the same scale table."""
    if is_blank(v):
        return None
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    s = unicodedata.normalize("NFKC", str(v)).strip().lower()
    m = _MONEY_CELL.fullmatch(s)
    if not m:
        raise ValueError(f"not an amount: {s!r}")
    return float(m.group(1).replace(",", "")) * MONEY_SCALES.get(m.group(2) or "", 1.0)


def parse_int(v: Any) -> int | None:
    if is_blank(v):
        return None
    if isinstance(v, list):
        return len(v)
    f = parse_money(v)
    if f is None or not float(f).is_integer():
        raise ValueError(f"not a whole number: {v!r}")
    return int(f)


def parse_count(v: Any) -> int | None:
    """A count, or a ";"-separated list of things counted (pages visited, downloads)."""
    if is_blank(v):
        return None
    if isinstance(v, list):
        return len(v)
    s = str(v).strip()
    if re.fullmatch(r"\d+(\.0+)?", s):
        return int(float(s))
    return len(split_list(s) or [])


def parse_float(v: Any) -> float | None:
    if is_blank(v):
        return None
    try:
        return float(unicodedata.normalize("NFKC", str(v)).strip().rstrip("%"))
    except ValueError:
        raise ValueError(f"not a number: {v!r}") from None


_TRUE = {"true", "t", "yes", "y", "1", "是", "成交", "赢单", "won", "converted", "已转化"}
_FALSE = {"false", "f", "no", "n", "0", "否", "未成交", "输单", "lost", "未转化"}


def parse_bool(v: Any) -> bool | None:
    if is_blank(v):
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
    if is_blank(v):
        return None
    items = v if isinstance(v, list | tuple) else _LIST_SEP.split(str(v))
    out = [x for x in (clean_id(i) for i in items) if x]
    return out or None


def name_key(v: str) -> str:
    """A stable key from a name for nodes keyed by name (Organization, School, Company, Stage)."""
    s = unicodedata.normalize("NFKC", v).casefold()
    return re.sub(r"[\s·.,，。()（）\-_'\"]+", "", s)




def to_float(v: Any, default: float | None = None) -> float | None:
    """THE coercion of a stored or computed value to a number. int, float and numeric strings -> float;
    None, "", a bool (a flag is not a quantity), NaN, ±inf and anything unreadable -> `default`."""
    if v is None or isinstance(v, bool):
        return default
    try:
        f = float(v.strip() if isinstance(v, str) else v)
    except (TypeError, ValueError):
        return default
    return f if math.isfinite(f) else default


def lenient(parse: Callable[..., T]) -> Callable[..., T | None]:
    """`parse` returning None instead of raising: for matching, where a bad value is no evidence."""
    def parse_or_none(v: Any, *args: Any, **kwargs: Any) -> T | None:
        try:
            return parse(v, *args, **kwargs)
        except ValueError:
            return None
    parse_or_none.__name__ = f"lenient_{parse.__name__}"
    parse_or_none.__doc__ = parse.__doc__
    return parse_or_none
