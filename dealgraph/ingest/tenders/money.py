"""Money in tender notices -> amount in the currency's base unit + ISO currency.

Handles 元 / 万元 / 亿元 / 千元, "¥1,200,000.00", "人民币壹佰贰拾万元整", "USD 2.5 million",
"$250K", "EUR 1.2m". The first amount found wins, except that a figure in base units in
brackets ("壹佰万元（¥1,000,000）") is preferred when the words could not be read.
"""

from __future__ import annotations

import re

from .model import Money

_CURRENCY_TOKENS = [
    (re.compile(r"HK\$|HKD|港币|港元"), "HKD"),
    (re.compile(r"US\$|USD|U\.S\. ?dollars?|US dollars?|美元|美金"), "USD"),
    (re.compile(r"EUR|€|euros?|欧元", re.IGNORECASE), "EUR"),
    (re.compile(r"GBP|£|pounds? sterling|英镑", re.IGNORECASE), "GBP"),
    (re.compile(r"JPY|日元"), "JPY"),
    (re.compile(r"SGD|S\$|新加坡元"), "SGD"),
    (re.compile(r"AUD|A\$|澳元"), "AUD"),
    (re.compile(r"CNY|RMB|人民币|¥|元"), "CNY"),
    (re.compile(r"\$|dollars?", re.IGNORECASE), "USD"),
]

# 1,200,000.00 | 4 800 000.00 (EU notices, also with no-break spaces) | 4.800.000,00 | 1200000.5
_NUM = (r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?(?!\d)"
        r"|\d{1,3}(?:\.\d{3})+,\d{1,2}(?!\d)|\d+(?:\.\d+)?")
_SCALE = (r"亿元|亿|万元|万|千元|百万元|百万|元|"
          r"(?:million|mn|m|billion|bn|thousand|k)\b")
_AMOUNT_RE = re.compile(
    rf"(?P<pre>US\$|HK\$|S\$|A\$|[¥$€£]|USD|CNY|RMB|EUR|GBP|HKD|人民币)?\s*(?P<num>{_NUM})\s*(?P<scale>{_SCALE})?",
    re.IGNORECASE)
_SCALES = {"亿元": 1e8, "亿": 1e8, "百万元": 1e6, "百万": 1e6, "万元": 1e4, "万": 1e4, "千元": 1e3, "元": 1.0,
           "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3, "k": 1e3}

_CN_DIGITS = {"零": 0, "〇": 0, "壹": 1, "一": 1, "贰": 2, "二": 2, "两": 2, "叁": 3, "三": 3, "肆": 4,
              "四": 4, "伍": 5, "五": 5, "陆": 6, "六": 6, "柒": 7, "七": 7, "捌": 8, "八": 8, "玖": 9, "九": 9}
_CN_UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_MONEY_RE = re.compile(r"[零〇壹一贰二两叁三肆四伍五陆六柒七捌八玖九拾十佰百仟千万亿]+(?:元|圆)"
                          r"(?:[零〇壹一贰二两叁三肆四伍五陆六柒七捌八玖九]角)?(?:[零〇壹一贰二两叁三肆四伍五陆六柒七捌八玖九]分)?")


def detect_currency(text: str, default: str = "CNY") -> str:
    for pat, cur in _CURRENCY_TOKENS:
        if pat.search(text):
            return cur
    return default


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


def _cn_money(text: str) -> float | None:
    m = _CN_MONEY_RE.search(text)
    if not m:
        return None
    yuan_part, _, rest = m.group(0).replace("圆", "元").partition("元")
    val = cn_number(yuan_part)
    if val is None:
        return None
    jiao = re.search(r"(.)角", rest)
    fen = re.search(r"(.)分", rest)
    val += (_CN_DIGITS.get(jiao.group(1), 0) / 10 if jiao else 0) + (_CN_DIGITS.get(fen.group(1), 0) / 100 if fen else 0)
    return val


def _number(num: str) -> float:
    """'1,200,000.00', '4 800 000,00', '4.800.000,00' -> float."""
    n = re.sub(r"[ \u00a0\u202f]", "", num)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d{1,2}|\d+,\d{1,2}", n) and not re.fullmatch(r"\d{1,3},\d{3}", n):
        n = n.replace(".", "").replace(",", ".")  # European decimal comma
    return float(n.replace(",", ""))


def parse_money(text: str, default_currency: str = "CNY") -> Money | None:
    """The first amount in `text`, scaled to base units. None when there is no amount."""
    if not text:
        return None
    t = text.replace("，", ",")
    cur = detect_currency(t, default_currency)
    for m in _AMOUNT_RE.finditer(t):
        num = m.group("num")
        raw = _number(num)
        scale_word = (m.group("scale") or "").lower()
        # A bare small number with no currency and no scale is not money ("第1包", "3年").
        if not scale_word and not m.group("pre") and not re.search(r"[, \u00a0\u202f]", num):
            after = t[m.end():m.end() + 3]
            if not re.match(r"\s*(元|圆|RMB|CNY|USD|yuan)", after, re.IGNORECASE) and raw < 1000:
                continue
        # "万元（人民币）" style text after the number also names the scale.
        if not scale_word:
            after = t[m.end():m.end() + 4]
            sm = re.match(r"\s*(亿元|万元|亿|万|元)", after)
            scale_word = sm.group(1) if sm else ""
        return Money(raw * _SCALES.get(scale_word, 1.0), cur)
    cn = _cn_money(t)
    if cn is not None:
        return Money(cn, cur if cur != "USD" else "CNY")
    return None
