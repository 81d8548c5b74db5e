"""Money in tender notices -> amount in the currency's base unit + ISO currency.

Handles 元 / 万元 / 亿元 / 千元, "¥1,200,000.00", "人民币壹佰贰拾万元整", "USD 2.5 million",
"$250K", "EUR 1.2m". The first amount found wins, except that a figure in base units in
brackets ("壹佰万元（¥1,000,000）") is preferred when the words could not be read.
"""

from __future__ import annotations

import re

from ...schema.values import MONEY_SCALES, cn_digit, cn_number, read_number
from .model import Money

_YUAN = "yuan"
_DOLLAR, _KRONA, _RUPEE = "dollar", "krona", "rupee"
# Currencies a Chinese-language notice writes as plain 元.
YUAN_LIKE = ("CNY", "TWD", "HKD", "MOP")
# Codes that are also words or names elsewhere ("PHP 8.2", "Hong Kong SAR", "COP28"): a currency only before an amount.
_AMOUNT_AHEAD = r"\s?(?:\d{1,3}(?:[,.\s]\d{3})+|\d{4,}|\d+(?:[.,]\d+)?\s*(?:million|billion|m\b|bn\b))"
# Codes are matched in capitals between word boundaries ("Gbps" is not GBP, "Europe" not EUR); words are matched in
# any case but whole ("euros", not "European"). "PhP"/"Php" is how Philippine notices write the peso.
_I = re.IGNORECASE
_CURRENCY_TOKENS = [
    (re.compile(r"HK\$|\bHKD\b|港币|港元|港幣"), "HKD"),
    (re.compile(r"US\$|\bUSD\b|U\.S\. ?dollars?|\bUS dollars?|美元|美金"), "USD"),
    (re.compile(r"\bEUR\b|€|(?i:\beuros?\b)|欧元|歐元"), "EUR"),
    (re.compile(r"E£|\bEGP\b|(?i:Egyptian pounds?)"), "EGP"),
    (re.compile(r"\bGBP\b|(?<!E)£|(?i:\bpounds? sterling\b)|英镑|英鎊"), "GBP"),
    (re.compile(r"\bJPY\b|日元|\b[Yy]en\b|円"), "JPY"),
    (re.compile(r"\bSGD\b|\bS\$|新加坡元"), "SGD"),
    (re.compile(r"\bAUD\b|\bA\$|\bAU\$|澳元|(?i:\bAustralian dollars?)"), "AUD"),
    # "CAD" is also computer-aided design/dispatch: the code only next to an amount or in brackets.
    (re.compile(rf"\bCAD(?={_AMOUNT_AHEAD})|(?<=\d)\s?CAD\b|(?i:(?:value|price|budget|amount|cost|currency|fee)s?\s*)[(（]CAD[)）]|\bC\$|\bCA\$|(?i:\bCanadian dollars?)|加元|加拿大元"), "CAD"),
    (re.compile(r"\bNZD\b|\bNZ\$|(?i:\bNew Zealand dollars?)|新西兰元"), "NZD"),
    (re.compile(r"\bTWD\b|\bNT\$|新台币|新臺幣"), "TWD"),
    (re.compile(r"\bMOP\b|澳门元|澳門元"), "MOP"),
    (re.compile(r"\bCHF\b|(?i:\bSwiss francs?)|瑞士法郎"), "CHF"),
    (re.compile(r"\bPKR\b|(?i:Pakistani? rupees?)"), "PKR"), (re.compile(r"\bLKR\b|(?i:Sri Lankan? rupees?)"), "LKR"),
    (re.compile(r"\bNPR\b|(?i:Nepal(?:ese|i)? rupees?)"), "NPR"),
    (re.compile(r"\bINR\b|₹|(?i:\b(?:lakhs?|crores?)\b)"), "INR"),
    (re.compile(r"(?i:\brupees?\b)|\bRs\.?\s*(?=\d)"), _RUPEE),
    (re.compile(r"\b[Kk]r\.?(?=\s?\d)|(?<=\d)\s?kr\b|(?i:\bkronor\b|\bkroner\b|\bkrónur\b)"), _KRONA),
    (re.compile(r"\bBRL\b|R\$|(?i:\breais\b)"), "BRL"), (re.compile(r"\bMYR\b|\bRM(?=\s?\d)|(?i:\bringgit\b)"), "MYR"),
    (re.compile(rf"\b(?:PHP|PhP|Php)(?={_AMOUNT_AHEAD})|₱|(?i:\bPhilippine pesos?)|\bPhP\b"), "PHP"),
    (re.compile(r"\bIDR\b|\bRp\.?(?=\s?\d)|(?i:\brupiah\b)"), "IDR"),
    (re.compile(r"\bAED\b|(?i:\bdirhams?\b)"), "AED"), (re.compile(r"\bKRW\b|₩|원"), "KRW"),
    (re.compile(r"\bTHB\b|฿|(?i:\bbaht\b)"), "THB"), (re.compile(r"\bVND\b|₫"), "VND"),
    (re.compile(r"\bSEK\b"), "SEK"), (re.compile(r"\bNOK\b"), "NOK"),
    (re.compile(r"\bDKK\b"), "DKK"), (re.compile(r"\bISK\b"), "ISK"),
    (re.compile(r"\bPLN\b|zł"), "PLN"), (re.compile(r"\bCZK\b|Kč"), "CZK"), (re.compile(r"\bHUF\b"), "HUF"),
    (re.compile(rf"\bTRY(?={_AMOUNT_AHEAD})|₺"), "TRY"), (re.compile(rf"\bILS(?={_AMOUNT_AHEAD})|₪"), "ILS"),
    (re.compile(rf"\bSAR(?={_AMOUNT_AHEAD})|(?i:\bSaudi riyals?)"), "SAR"),
    (re.compile(r"\bQAR\b"), "QAR"), (re.compile(r"\bNGN\b|₦|(?i:\bnaira\b)"), "NGN"),
    # East African shillings: the code, "KSh"/"Kshs."/"Ksh", or the name in words ("Kenya Shillings").
    (re.compile(r"\bKES\b|\bK[Ss]hs?\b|(?i:\bKenya(?:n)? shillings?)"), "KES"), (re.compile(r"\bGHS\b|GH₵"), "GHS"),
    (re.compile(r"\bUGX\b|\bU[Ss]hs?\b|(?i:\bUganda(?:n)? shillings?)"), "UGX"),
    (re.compile(r"\bTZS\b|\bT[Ss]hs?\b|(?i:\bTanzania(?:n)? shillings?)"), "TZS"),
    (re.compile(r"\bETB\b|(?i:\bBirr\b)"), "ETB"), (re.compile(r"\bBDT\b|৳|(?i:\bTaka\b)"), "BDT"),
    (re.compile(r"\bNAD\b|\bN\$"), "NAD"), (re.compile(r"\bZMW\b"), "ZMW"), (re.compile(r"\bRWF\b"), "RWF"),
    # South African rand: the code, or "R" in front of an amount written as a rand amount is ("R 4 350 000,00",
    # "R500,00", "R2.5 million"); a bare "R1" (a reference, a room) is not.
    (re.compile(r"\bZAR\b|(?i:\bSouth African rands?)|\bR\s?(?:\d{1,3}(?:[ \u00a0,.]\d{3})+(?:[.,]\d{2})?|\d+,\d{2}\b|"
                r"\d+(?:[.,]\d+)?\s*(?:million|billion|m\b|bn\b))"), "ZAR"),
    # Dollars of the Pacific and the Caribbean, written with the country's letters ("FJ$", "WS$", "TT$") or the code.
    (re.compile(r"\bFJ\$|\bFJD\b"), "FJD"), (re.compile(r"\b(?:SI|SB)\$|\bSBD\b"), "SBD"), (re.compile(r"\bWS\$|\bWST\b"), "WST"),
    (re.compile(r"\bTT\$|\bTTD\b"), "TTD"), (re.compile(r"\b(?:J|JA)\$|\bJMD\b"), "JMD"), (re.compile(r"\bBZ\$|\bBZD\b"), "BZD"),
    (re.compile(r"\bEC\$|\bXCD\b"), "XCD"), (re.compile(r"\b(?:Bds|BB)\$|\bBBD\b"), "BBD"), (re.compile(r"\bBSD\b"), "BSD"),
    (re.compile(r"\b(?:GY|G)\$|\bGYD\b"), "GYD"), (re.compile(r"\bLRD\b|\bL\$"), "LRD"), (re.compile(r"\bPGK\b"), "PGK"),
    (re.compile(r"\bVUV\b"), "VUV"), (re.compile(rf"\bTOP(?={_AMOUNT_AHEAD})|\bT\$"), "TOP"),
    (re.compile(r"\bMXN\b"), "MXN"), (re.compile(rf"\bCOP(?={_AMOUNT_AHEAD})"), "COP"), (re.compile(r"\bCLP\b"), "CLP"),
    (re.compile(r"澳門幣|澳门币"), "MOP"),
    (re.compile(r"\bCNY\b|\bRMB\b|人民币|人民幣"), "CNY"),
    (re.compile(r"¥|￥|元"), _YUAN),  # the yuan of the notice's own place: 新臺幣 … "13,980,000元" is in TWD
    (re.compile(r"\$|(?i:\bdollars?\b)"), _DOLLAR),
]
# Symbols several countries share ("$", "kr", "Rs", "P"): the notice's own country decides which currency
# they are; without one, "$" is the US dollar and "kr" the Swedish krona (a guess, kept as the default).
_SHARED = {_DOLLAR: ("USD", {"USD", "AUD", "CAD", "NZD", "SGD", "HKD", "TWD", "JMD", "NAD", "FJD", "BSD", "TTD", "BBD",
                             "XCD", "LRD", "GYD", "BZD", "MXN", "CLP", "COP", "ARS"}),
           _KRONA: ("SEK", {"SEK", "NOK", "DKK", "ISK"}),
           _RUPEE: ("INR", {"INR", "PKR", "LKR", "NPR", "MUR"})}
# Country named in the notice -> its currency, for the shared symbols above.
_COUNTRY_CURRENCY = [
    (r"Australia|\bNSW\b|Queensland|Victoria, Australia", "AUD"), (r"Canada|Ontario|Québec|Quebec|British Columbia|Alberta", "CAD"),
    (r"New Zealand|Aotearoa", "NZD"), (r"Singapore", "SGD"), (r"Hong Kong", "HKD"), (r"Taiwan", "TWD"), (r"Jamaica", "JMD"),
    (r"Namibia", "NAD"), (r"\bFiji\b", "FJD"), (r"Bahamas", "BSD"), (r"Trinidad", "TTD"), (r"Barbados", "BBD"),
    (r"Liberia", "LRD"), (r"Guyana", "GYD"), (r"Belize", "BZD"), (r"Mexico|México", "MXN"), (r"Chile\b", "CLP"),
    (r"Colombia", "COP"), (r"Argentina", "ARS"), (r"Sweden|Sverige", "SEK"), (r"Norway|Norge", "NOK"),
    (r"Denmark|Danmark", "DKK"), (r"Iceland", "ISK"), (r"Pakistan", "PKR"), (r"Sri Lanka", "LKR"), (r"Nepal\b", "NPR"),
    (r"Mauritius", "MUR"), (r"India\b", "INR"), (r"United States|\bU\.S\.A?\b|\bUSA\b", "USD"),
]


def country_currency(text: str) -> str | None:
    """The currency of the first country the notice names, for symbols several countries share."""
    best = None
    for rx, cur in _COUNTRY_CURRENCY:
        m = re.search(rx, text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), cur)
    return best[1] if best else None


def _shared(marker: str, default: str) -> str:
    fallback, members = _SHARED[marker]
    return default if default in members else fallback

# 1,200,000.00 | 1,24,50,000 (Indian grouping) | 4 800 000.00 (EU notices, also with no-break spaces) | 4.800.000,00
# … | 1'250'000.00 (Swiss) | 1.250.000 (dots as thousands, two groups or more)
_NUM = (r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?!\d)|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?(?!\d)"
        r"|\d{1,3}(?:\.\d{3})+,\d{1,2}(?!\d)|\d{1,3}(?:['’]\d{3})+(?:\.\d{1,2})?(?!\d)|\d{1,3}(?:\.\d{3}){2,}(?![\d,])"
        r"|\d{1,3},\d{1,2}(?=\s*(?:Mio|Mrd|mln|mld|Millionen|Milliarden|million|billion|bn\b|m\b))|\d+(?:\.\d+)?")
_SCALE = (r"亿元|亿|億元|億|万元|万|萬元|萬|千元|百万元|百万|元|"
          r"(?:million|mn|m|billion|bn|thousand|k|Mio|Mrd|mln|mld|mil|Millionen|Milliarden|lakhs?|lacs?|crores?|cr)\b\.?")
# Scale words other than those of schema/values.MONEY_SCALES (German/Dutch/Nordic abbreviations, 萬/億).
_MORE_SCALES = {"萬元": 1e4, "萬": 1e4, "億元": 1e8, "億": 1e8, "mio": 1e6, "mio.": 1e6, "mln": 1e6, "mln.": 1e6, "mil": 1e6,
                "mrd": 1e9, "mrd.": 1e9, "mld": 1e9, "mld.": 1e9,
                "millionen": 1e6, "milliarden": 1e9,
                # Indian numbering: a lakh is 100 000, a crore 10 000 000 ("Rs. 45 lakh", "₹ 2.5 crore").
                "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "crore": 1e7, "crores": 1e7, "cr": 1e7, "cr.": 1e7}
# A currency written in front of an amount ("HK$6,480,000", "CHF 1.2 million", "NT$", "港幣").
CURRENCY_PREFIX = (r"US\$|HK\$|S\$|A\$|AU\$|C\$|CA\$|NZ\$|NT\$|R\$|N\$|E£|(?-i:\b(?:[A-Z]{1,2}|Bds)\$)|[¥$€£₹￥₱₩฿₫₺₪₦৳]|GH₵|K[Ss]hs?\.?|U[Ss]hs?\.?|T[Ss]hs?\.?|Birr|RM(?=\s?\d)|Rp\.?(?=\s?\d)|"
                   r"(?-i:\bR)(?=\s?(?:\d{1,3}[ \u00a0,.]\d{3}|\d+,\d{2}\b|\d+(?:[.,]\d+)?\s*(?:million|billion|m\b|bn\b)))|(?-i:\bRs)\.?(?=\s?\d)|(?-i:\b[Kk]r)\.?(?=\s?\d)|PKR|LKR|NPR|ISK|"
                   r"USD|CNY|RMB|EUR|GBP|HKD|AUD|CAD|NZD|CHF|JPY|SGD|INR|TWD|MOP|SEK|NOK|DKK|PLN|CZK|HUF|BRL|ZAR|MYR|PHP|IDR|"
                   r"AED|KRW|THB|VND|TRY|ILS|SAR|QAR|EGP|NGN|KES|GHS|MXN|COP|CLP|UGX|TZS|ETB|BDT|NAD|ZMW|RWF|"
                   r"FJD|WST|SBD|VUV|PGK|XCD|TTD|JMD|BBD|BSD|BZD|GYD|LRD|"
                   r"人民币|人民幣|港幣|港币|新臺幣|新台币|新台幣|澳門元|澳门元|澳門幣|澳门币")
_AMOUNT_RE = re.compile(rf"(?P<pre>{CURRENCY_PREFIX})?\s*(?P<num>{_NUM})\s*(?P<scale>{_SCALE})?", re.IGNORECASE)
# Chinese numerals, the scale words and the number forms are schema/values.py's (shared with record cells).
_CN_MONEY_RE = re.compile(r"[零〇壹一贰二两叁三肆四伍五陆六柒七捌八玖九拾十佰百仟千万亿]+(?:元|圆)"
                          r"(?:[零〇壹一贰二两叁三肆四伍五陆六柒七捌八玖九]角)?(?:[零〇壹一贰二两叁三肆四伍五陆六柒七捌八玖九]分)?")


def notice_currency(text: str, default: str) -> str:
    """The currency a notice writes most often: amounts written without one ("Estimated Bid Value 1,24,50,000")
    are in it. A bare "$" or "元" counts only when nothing more specific is written."""
    counts = {}
    for pat, cur in _CURRENCY_TOKENS[:-2]:
        n = len(pat.findall(text))
        if n:
            cur = _shared(cur, default) if cur in _SHARED else cur
            counts[cur] = counts.get(cur, 0) + n
    return max(counts, key=counts.get) if counts else default


def detect_currency(text: str, default: str = "CNY") -> str:
    for pat, cur in _CURRENCY_TOKENS:
        if pat.search(text):
            if cur in _SHARED:
                return _shared(cur, default)
            return (default if default in YUAN_LIKE else "CNY") if cur == _YUAN else cur
    return default


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
    val += ((cn_digit(jiao.group(1)) or 0) / 10 if jiao else 0) + ((cn_digit(fen.group(1)) or 0) / 100 if fen else 0)
    return val


def _read(num: str) -> float:
    """read_number, plus the Swiss apostrophe (1'250'000) and dots as thousands (1.250.000)."""
    num = re.sub(r"(?<=\d)['’](?=\d{3})", "", num)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", num):
        num = num.replace(".", "")
    return read_number(num)


def parse_money(text: str, default_currency: str = "CNY") -> Money | None:
    """The first amount in `text`, scaled to base units. None when there is no amount."""
    if not text:
        return None
    t = text.replace("，", ",")
    cur = detect_currency(t, default_currency)
    for m in _AMOUNT_RE.finditer(t):
        num = m.group("num")
        raw = _read(num)
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
        return Money(raw * MONEY_SCALES.get(scale_word, _MORE_SCALES.get(scale_word, _MORE_SCALES.get(scale_word.rstrip("."), 1.0))),
                     cur)
    cn = _cn_money(t)
    # "计划工期万元" (a header cell beside a "(万元)" label) holds no numeral at all: no amount, not 0.
    if cn is not None and (cn > 0 or re.search(r"[零〇○]", t)):
        return Money(cn, cur if cur != "USD" else "CNY")
    return None
