"""Dates and times in tender notices -> ISO 8601 with an offset.

Chinese: 2025年3月5日 9:30, 2025年03月05日 09点30分, 2025-03-05 09:30, 2025/3/5 上午9时30分.
English: March 5, 2025 10:00 AM EST; 5 March 2025 at 14:00 (GMT+1); 2025-03-05T10:00Z; 30/09/2025
(numeric dates: month first, as in US notices, unless the day cannot be a month or dayfirst).
Chinese notices default to +08:00 (北京时间); a named zone always wins.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from .country_zones import first_country, named_local_time

_TZ = {"CAT": 2, "EAT": 3, "WAT": 1, "SAST": 2, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9,
       "HST": -10, "GMT": 0, "UTC": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "IST": 5.5,
       "SGT": 8, "HKT": 8, "AWST": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
       "WIB": 7, "WITA": 8, "WIT": 9, "ICT": 7, "PHT": 8, "MYT": 8, "PKT": 5, "NPT": 5.75, "GST": 4, "ACST": 9.5,
       "ACDT": 10.5, "MSK": 3, "TRT": 3, "ART": -3, "BRT": -3, "CLT": -4, "COT": -5, "PET": -5, "WET": 0, "WEST": 1,
       "AKDT": -8, "HDT": -9}
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}

_CN_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?")
_EN_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_NUM_DMY = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?![\d/\-]|\.\d)")
_EN_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+|-)([A-Za-z]{3,9})\.?,?(?:\s+|-)(\d{4})")
_TIME = re.compile(
    r"(?P<ampm_cn>上午|下午|晚上|中午|午前|午後)?\s*(?P<h>\d{1,2})\s*(?:[:：]|点|时|時|點|\.(?=\d{2}\s*(?:[AaPp]\.?[Mm]|hrs\b|hours\b|h\b)))\s*(?P<m>\d{1,2})?\s*(?:分)?"
    r"(?:\s*[:：]\s*(?P<s>\d{2}))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?")
_TIME_AMPM_ONLY = re.compile(r"\b(?P<h>\d{1,2})\s*(?P<ampm>[AaPp]\.?[Mm]\.?)")
# "UTC+8", "GMT-05:00", UNGM's unsigned "(GMT 3.00)", a bare "+08:00" (never the "-2027" of "22-Apr-2027").
_OFFSET = re.compile(r"(?:UTC|GMT)\s*(?:(?P<s>[+-])\s*(?P<h>\d{1,2})(?:[:.]?(?P<m>\d{2}))?|(?P<uh>\d{1,2})[.:](?P<um>[03]0)\b)|"
                     r"(?<![\w:\-/.])(?P<bs>[+-])(?P<bh>[01]\d):?(?P<bm>[0-5]\d)\b")
_TZ_WORD = re.compile(r"\b(" + "|".join(sorted(_TZ, key=len, reverse=True)) + r")\b")


_US_ZONES = {"eastern": "America/New_York", "et": "America/New_York", "central": "America/Chicago",
             "ct": "America/Chicago", "mountain": "America/Denver", "mt": "America/Denver",
             "pacific": "America/Los_Angeles", "pt": "America/Los_Angeles"}


# Local time named by its city or territory ("Hong Kong time", "Canberra time", "ACT Local Time"): that place's
# zone on that day, summer time included.
_CITY_ZONES = [
    (r"Hong Kong (?:time|local time)|香港时间|香港時間", "Asia/Hong_Kong"),
    (r"Singapore (?:time|local time)", "Asia/Singapore"), (r"Taipei time|台北时间|臺北時間|台北時間", "Asia/Taipei"),
    (r"(?:Canberra|Sydney|Melbourne|ACT|NSW|Victorian?) (?:local )?time", "Australia/Sydney"),
    (r"(?:Brisbane|Queensland|QLD) (?:local )?time", "Australia/Brisbane"),
    (r"(?:Perth|WA|Western Australian?) (?:local )?time", "Australia/Perth"),
    (r"(?:Adelaide|SA|South Australian?) (?:local )?time", "Australia/Adelaide"),
    (r"(?:Darwin|NT) (?:local )?time", "Australia/Darwin"),
    (r"(?:Wellington|Auckland|New Zealand|NZ) (?:local )?time", "Pacific/Auckland"),
    (r"(?:Ottawa|Toronto|Montr[eé]al) (?:local )?time", "America/Toronto"),
    (r"(?:Vancouver|Victoria, BC) (?:local )?time", "America/Vancouver"),
    (r"(?:UK|British|London|Belfast|Edinburgh|Cardiff) (?:local )?time", "Europe/London"),
    (r"(?:Irish|Dublin) (?:local )?time", "Europe/Dublin"),
    (r"(?:Brussels|Luxembourg) (?:local )?time", "Europe/Brussels"), (r"(?:Paris|French) (?:local )?time", "Europe/Paris"),
    (r"(?:Berlin|German|Bonn) (?:local )?time", "Europe/Berlin"), (r"(?:Amsterdam|Dutch) (?:local )?time", "Europe/Amsterdam"),
    # "CET" written in summer means the local time of the day (CEST), as "Central European Time" does.
    (r"Central European (?:Summer )?Time|(?-i:\bCES?T\b)", "Europe/Berlin"), (r"(?:Japan(?:ese)?|Tokyo) (?:Standard |local )?time", "Asia/Tokyo"),
    (r"India(?:n)? Standard Time", "Asia/Kolkata"), (r"Gulf Standard Time", "Asia/Dubai"), (r"East Africa(?:n)? Time", "Africa/Nairobi"),
    (r"(?:Manila|Philippine) (?:Standard |local )?time", "Asia/Manila"), (r"(?:Seoul|Korea) (?:Standard |local )?time", "Asia/Seoul"),
    (r"(?:Macau|Macao|澳门|澳門) ?(?:local )?(?:time|时间|時間)", "Asia/Macau"),
]
# An IANA zone written out: "(Australia/Sydney)", "Europe/Berlin time".
_IANA = re.compile(r"\b((?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?)\b")
# The offset of an ISO 8601 timestamp: "2027-04-15T14:00:00+02:00", "…T12:00Z".
_ISO_OFFSET = re.compile(r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?|\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:(?P<s>[+-])(?P<h>\d{2}):?(?P<m>\d{2})|(?P<z>Z))(?![\d\w])")


def _tz(text: str, chinese: bool) -> tuple[timezone, bool]:
    """The zone named in text, else the default. Second value: whether it was stated."""
    iso = _ISO_OFFSET.search(text)
    if iso:
        delta = timedelta(hours=int(iso["h"] or 0), minutes=int(iso["m"] or 0))
        return timezone(-delta if iso["s"] == "-" else delta), True
    if re.search(r"北京时间|北京時間|Beijing time|China Standard Time", text, re.IGNORECASE):
        return timezone(timedelta(hours=8)), True
    iana = _IANA.search(text)
    if iana:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(iana.group(1)), True
        except (ZoneInfoNotFoundError, ValueError):
            pass
    for rx, name in _CITY_ZONES:
        if re.search(rx, text, re.IGNORECASE):
            from zoneinfo import ZoneInfo

            return ZoneInfo(name), True
    local = named_local_time(text)  # "4:00pm (Fiji time)": a country's local time named by the country
    if local:
        from zoneinfo import ZoneInfo

        return ZoneInfo(local), True
    m = re.search(r"\b(Eastern|Central|Mountain|Pacific)\s+(Standard\s+|Daylight\s+)?Time\b|\b(ET|CT|MT|PT)\b", text)
    if m:
        key = (m.group(1) or m.group(3)).lower()
        if not m.group(2):  # "Central Time", "ET": the local time of that day, summer time included
            from zoneinfo import ZoneInfo

            return ZoneInfo(_US_ZONES[key]), True
        base = {"eastern": -5, "central": -6, "mountain": -7, "pacific": -8}
        hours = base[key] + (1 if "Daylight" in m.group(2) else 0)
        return timezone(timedelta(hours=hours)), True
    for m in _OFFSET.finditer(text):
        sign, hh, mm = (m["s"], m["h"], m["m"]) if m["h"] else ("+", m["uh"], m["um"]) if m["uh"] else \
            (m["bs"], m["bh"], m["bm"])
        if int(hh) > 14:
            continue
        delta = timedelta(hours=int(hh), minutes=int(mm or 0))
        return timezone(delta if sign == "+" else -delta), True
    m = _TZ_WORD.search(text)
    if m:
        word = m.group(1)
        # "CST" in a Chinese notice means China Standard Time.
        hours = 8 if (word == "CST" and chinese) else _TZ[word]
        return timezone(timedelta(hours=hours)), True
    return timezone(timedelta(hours=8 if chinese else 0)), False


def _date(text: str, dayfirst: bool = False) -> tuple[int, int, int, int, int] | None:
    """(start index, year, month, day, end index) of the first date.

    30/09/2025 is read day first because 30 cannot be a month; 05/03/2025 is ambiguous and
    read day first only when the caller says the notice is European (dayfirst).
    """
    best = None
    for rx, order in ((_CN_DATE, "ymd"), (_EN_MDY, "mdy"), (_EN_DMY, "dmy"), (_NUM_DMY, "num")):
        m = rx.search(text)
        if not m or (best and m.start() >= best[0]):
            continue
        g = m.groups()
        try:
            if order == "ymd":
                y, mo, d = int(g[0]), int(g[1]), int(g[2])
            elif order == "mdy":
                mo, d, y = _MONTHS[g[0][:3].lower()], int(g[1]), int(g[2])
            elif order == "num":
                a, b, y = int(g[0]), int(g[1]), int(g[2])
                d, mo = (a, b) if a > 12 or (dayfirst and b <= 12) else (b, a)
            else:
                d, mo, y = int(g[0]), _MONTHS[g[1][:3].lower()], int(g[2])
            datetime(y, mo, d)
        except (KeyError, ValueError):
            continue
        best = (m.start(), y, mo, d, m.end())
    return best if best else None


# A notice that names its country but not its zone ("Local time: 12:00") is in that country's local time,
# summer time included.
_COUNTRY_ZONES = [
    (r"United Kingdom|\bUK\b|England|Scotland|Wales|Northern Ireland", "Europe/London"),
    (r"Ireland\b", "Europe/Dublin"), (r"Netherlands|Nederland", "Europe/Amsterdam"), (r"Germany|Deutschland", "Europe/Berlin"),
    (r"France\b", "Europe/Paris"), (r"Belgium|België|Belgique", "Europe/Brussels"), (r"Spain|España", "Europe/Madrid"),
    (r"Italy|Italia", "Europe/Rome"), (r"Austria|Österreich", "Europe/Vienna"), (r"Poland|Polska", "Europe/Warsaw"),
    (r"Sweden|Sverige", "Europe/Stockholm"), (r"Denmark|Danmark", "Europe/Copenhagen"), (r"Finland|Suomi", "Europe/Helsinki"),
    (r"Portugal", "Europe/Lisbon"), (r"Switzerland|Schweiz|Suisse", "Europe/Zurich"), (r"Norway|Norge", "Europe/Oslo"),
    (r"Singapore", "Asia/Singapore"), (r"Hong Kong|香港", "Asia/Hong_Kong"), (r"Australia", "Australia/Sydney"),
    (r"Kenya", "Africa/Nairobi"), (r"Malawi|Zambia|Zimbabwe|Mozambique", "Africa/Maputo"), (r"Nigeria", "Africa/Lagos"),
    (r"South Africa", "Africa/Johannesburg"), (r"India\b", "Asia/Kolkata"), (r"Japan\b|日本", "Asia/Tokyo"),
    (r"Korea\b|대한민국|韩国", "Asia/Seoul"),
    (r"Taiwan|臺灣|台灣|台湾|中華民國|新臺幣|新台幣|新台币", "Asia/Taipei"), (r"Macau|Macao|澳門|澳门", "Asia/Macau"),
    (r"Malaysia", "Asia/Kuala_Lumpur"), (r"Philippines", "Asia/Manila"), (r"Indonesia", "Asia/Jakarta"),
    (r"Thailand", "Asia/Bangkok"), (r"Viet ?Nam", "Asia/Ho_Chi_Minh"), (r"Pakistan", "Asia/Karachi"),
    (r"Bangladesh", "Asia/Dhaka"), (r"Sri Lanka", "Asia/Colombo"), (r"Nepal\b", "Asia/Kathmandu"),
    (r"United Arab Emirates|\bUAE\b", "Asia/Dubai"), (r"Saudi Arabia", "Asia/Riyadh"), (r"Qatar", "Asia/Qatar"),
    (r"New Zealand|Aotearoa", "Pacific/Auckland"), (r"Ghana", "Africa/Accra"), (r"Ethiopia", "Africa/Addis_Ababa"),
    (r"Tanzania", "Africa/Dar_es_Salaam"), (r"Uganda", "Africa/Kampala"), (r"Rwanda", "Africa/Kigali"),
    (r"Egypt", "Africa/Cairo"), (r"Morocco", "Africa/Casablanca"), (r"Czech", "Europe/Prague"), (r"Greece", "Europe/Athens"),
    (r"Romania", "Europe/Bucharest"), (r"Hungary", "Europe/Budapest"), (r"Luxembourg", "Europe/Luxembourg"),
    (r"Estonia", "Europe/Tallinn"), (r"Latvia", "Europe/Riga"), (r"Lithuania", "Europe/Vilnius"),
    (r"Slovakia", "Europe/Bratislava"), (r"Slovenia", "Europe/Ljubljana"), (r"Croatia", "Europe/Zagreb"),
    (r"Bulgaria", "Europe/Sofia"), (r"Cyprus", "Asia/Nicosia"), (r"Malta\b", "Europe/Malta"), (r"Iceland", "Atlantic/Reykjavik"),
    (r"Türkiye|Turkey", "Europe/Istanbul"), (r"Ukraine", "Europe/Kyiv"), (r"Israel", "Asia/Jerusalem"),
    (r"Chile\b", "America/Santiago"), (r"Colombia", "America/Bogota"), (r"Peru\b", "America/Lima"),
    (r"Mexico|México", "America/Mexico_City"), (r"Brazil|Brasil", "America/Sao_Paulo"), (r"Argentina", "America/Argentina/Buenos_Aires"),
    (r"Namibia", "Africa/Windhoek"), (r"Botswana", "Africa/Gaborone"), (r"Cameroon|Cameroun", "Africa/Douala"),
    (r"Senegal|Sénégal", "Africa/Dakar"), (r"Côte d.Ivoire|Ivory Coast", "Africa/Abidjan"), (r"Tunisia|Tunisie", "Africa/Tunis"),
    (r"Hashemite Kingdom of Jordan|\bAmman\b", "Asia/Amman"), (r"\bOman\b", "Asia/Muscat"), (r"Kuwait", "Asia/Kuwait"), (r"Bahrain", "Asia/Bahrain"),
    (r"Cambodia", "Asia/Phnom_Penh"), (r"Myanmar", "Asia/Yangon"), (r"Mongolia", "Asia/Ulaanbaatar"),
    (r"Serbia", "Europe/Belgrade"), (r"Armenia", "Asia/Yerevan"),
    # Capitals and large cities a notice may name instead of its country (an address, "Brussels time").
    (r"\b(?:London|Manchester|Birmingham|Edinburgh|Glasgow|Cardiff|Belfast)\b", "Europe/London"), (r"\bDublin\b", "Europe/Dublin"),
    (r"\b(?:Amsterdam|Rotterdam|The Hague|Den Haag|Utrecht)\b", "Europe/Amsterdam"),
    (r"\b(?:Berlin|Munich|München|Hamburg|Frankfurt|Cologne|Köln|Stuttgart)\b", "Europe/Berlin"),
    (r"\b(?:Paris|Lyon|Marseille|Toulouse)\b", "Europe/Paris"), (r"\b(?:Brussels|Bruxelles|Brussel|Antwerp)\b", "Europe/Brussels"),
    (r"\b(?:Madrid|Barcelona|Valencia|Seville|Sevilla)\b", "Europe/Madrid"), (r"\b(?:Rome|Roma|Milan|Milano)\b", "Europe/Rome"),
    (r"\b(?:Vienna|Wien)\b", "Europe/Vienna"), (r"\b(?:Warsaw|Warszawa|Kraków|Krakow)\b", "Europe/Warsaw"),
    (r"\b(?:Lisbon|Lisboa|Porto)\b", "Europe/Lisbon"), (r"\b(?:Helsinki|Tallinn|Riga|Vilnius|Athens|Sofia|Bucharest)\b",
                                                            "Europe/Helsinki"),
    (r"\b(?:Stockholm|Gothenburg|Göteborg)\b", "Europe/Stockholm"), (r"\b(?:Copenhagen|København)\b", "Europe/Copenhagen"),
    (r"\b(?:Oslo|Bergen)\b", "Europe/Oslo"), (r"\b(?:Zurich|Zürich|Geneva|Genève|Bern)\b", "Europe/Zurich"),
    (r"\b(?:Nairobi|Mombasa)\b", "Africa/Nairobi"), (r"\b(?:Lagos|Abuja)\b", "Africa/Lagos"),
    (r"\b(?:Johannesburg|Pretoria|Cape Town|Durban)\b", "Africa/Johannesburg"), (r"\b(?:Mumbai|New Delhi|Delhi|Bengaluru|Chennai)\b",
                                                                                "Asia/Kolkata"),
    (r"\b(?:Sydney|Canberra|Melbourne)\b", "Australia/Sydney"), (r"\b(?:Brisbane)\b", "Australia/Brisbane"),
    (r"\b(?:Auckland|Wellington)\b", "Pacific/Auckland"),
    (r"\b(?:Riyadh|Jeddah|Dammam|Mecca|Makkah|Medina|Madinah)\b", "Asia/Riyadh"), (r"\b(?:Dubai|Abu Dhabi|Sharjah)\b", "Asia/Dubai"),
    (r"\b(?:Doha)\b", "Asia/Qatar"), (r"\b(?:Kuwait City)\b", "Asia/Kuwait"), (r"\b(?:Muscat)\b", "Asia/Muscat"),
    (r"\b(?:Manama)\b", "Asia/Bahrain"), (r"\b(?:Amman)\b", "Asia/Amman"), (r"\b(?:Cairo|Alexandria)\b", "Africa/Cairo"),
    # Canada and the United States span several zones: a province or state names one ("local time in Port Alder,
    # Ontario"). Written with its country or as an address ("Austin, Texas", "Salem, OR 97301").
    (r"\b(?:Ontario|Quebec|Québec|Ottawa|Toronto|Montreal|Montréal)\b", "America/Toronto"),
    (r"\b(?:British Columbia|Vancouver|Victoria, BC)\b", "America/Vancouver"), (r"\b(?:Alberta|Calgary|Edmonton)\b", "America/Edmonton"),
    (r"\b(?:Manitoba|Winnipeg)\b", "America/Winnipeg"), (r"\bSaskatchewan\b", "America/Regina"),
    (r"\b(?:Nova Scotia|New Brunswick|Prince Edward Island|Halifax)\b", "America/Halifax"), (r"\bNewfoundland\b", "America/St_Johns"),
    ((r"\b(?:New York|New Jersey|Pennsylvania|Massachusetts|Connecticut|Maryland|Virginia|North Carolina|South Carolina|"
     r"Florida|Ohio|Michigan|Delaware|Rhode Island|Vermont|New Hampshire|Maine|District of Columbia|Washington,? D\.?C\.?)\b"),
     "America/New_York"),
    ((r"\b(?:Texas|Illinois|Minnesota|Wisconsin|Missouri|Iowa|Louisiana|Oklahoma|Arkansas|Alabama|Mississippi|Nebraska|"
     r"Kansas)\b"), "America/Chicago"),
    (r"\b(?:Colorado|Utah|New Mexico|Wyoming|Montana)\b", "America/Denver"), (r"\bArizona\b", "America/Phoenix"),
    (r"\b(?:California|Oregon|Nevada|Washington State|State of Washington)\b", "America/Los_Angeles"),
]


# A notice naming no country is in the country of its currency, where that has one zone.
_CURRENCY_ZONES = {"SGD": "Asia/Singapore", "HKD": "Asia/Hong_Kong", "TWD": "Asia/Taipei", "MOP": "Asia/Macau",
                   "JPY": "Asia/Tokyo", "KRW": "Asia/Seoul", "INR": "Asia/Kolkata", "NZD": "Pacific/Auckland",
                   "MYR": "Asia/Kuala_Lumpur", "PHP": "Asia/Manila", "THB": "Asia/Bangkok", "VND": "Asia/Ho_Chi_Minh",
                   "AED": "Asia/Dubai", "SAR": "Asia/Riyadh", "QAR": "Asia/Qatar", "ZAR": "Africa/Johannesburg",
                   "KES": "Africa/Nairobi", "NGN": "Africa/Lagos", "GHS": "Africa/Accra", "EGP": "Africa/Cairo",
                   "GBP": "Europe/London", "CHF": "Europe/Zurich", "SEK": "Europe/Stockholm", "NOK": "Europe/Oslo",
                   "DKK": "Europe/Copenhagen", "PLN": "Europe/Warsaw", "CZK": "Europe/Prague", "HUF": "Europe/Budapest",
                   "TRY": "Europe/Istanbul", "ILS": "Asia/Jerusalem", "COP": "America/Bogota", "CLP": "America/Santiago",
                   "UGX": "Africa/Kampala", "TZS": "Africa/Dar_es_Salaam", "ETB": "Africa/Addis_Ababa", "RWF": "Africa/Kigali",
                   "BDT": "Asia/Dhaka", "PKR": "Asia/Karachi", "LKR": "Asia/Colombo", "NPR": "Asia/Kathmandu",
                   "NAD": "Africa/Windhoek", "ZMW": "Africa/Lusaka", "ISK": "Atlantic/Reykjavik",
                   # Most of the euro area keeps Central European time (CET/CEST): the guess for a euro notice that
                   # names no country or city (Portugal, Ireland, Finland, Greece and the Baltics are named above).
                   "EUR": "Europe/Brussels"}


def currency_zone(currency: str | None):
    from zoneinfo import ZoneInfo

    name = _CURRENCY_ZONES.get(currency or "")
    return ZoneInfo(name) if name else None


# "All times are Pacific Time.", "All dates and times in this RFP refer to AEST", "文中时间均为北京时间": the zone the
# notice states once for every time it prints.
_ALL_TIMES = re.compile(r"\bAll (?:dates and )?times?\b[^.;\n]{0,40}?\b(?:are|is|shall be|will be|refer to|mean|in)\b[^.;\n]{0,40}|"
                        r"(?:所有|以上|文中|本公告|上述)?时间均为[^。；，,\n]{2,12}", re.IGNORECASE)


def stated_zone(text: str):
    """The zone a notice states for all its times, or None."""
    for m in _ALL_TIMES.finditer(text):
        zone, stated = _tz(m.group(0), False)
        if stated:
            return zone
    return None


def country_zone(text: str):
    """The time zone of the first country a notice names ("Country: United Kingdom"), or None."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    best = None
    for rx, name in _COUNTRY_ZONES:
        m = re.search(rx, text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    other = first_country(text, best[0] if best else None)  # the rest of the world, from the tz database's tables
    if other:
        best = other
    try:
        return ZoneInfo(best[1]) if best else None
    except ZoneInfoNotFoundError:
        return None


_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0, "两": 2}
_CN_YEAR = re.compile(r"([〇○零一二三四五六七八九]{4})(?=\s*年)")
_CN_PART = re.compile(r"(?<=[年月日午上下晚早)）时時点點])\s*([一二两三四五六七八九十]{1,3}|〇)(?=\s*[月日号時时点點分])")


def _cn_small(s: str) -> int:
    if "十" not in s:
        return _CN_DIGIT.get(s, 0)
    a, _, b = s.partition("十")
    return (_CN_DIGIT.get(a, 1) if a else 1) * 10 + (_CN_DIGIT.get(b, 0) if b else 0)


def arabic_dates(text: str) -> str:
    """Dates written in Chinese numerals, as formal notices write them: 二〇二七年三月五日上午九时三十分 ->
    2027年3月5日上午9时30分. Only numerals in front of 年/月/日/时/分 after a year, month, day or 上午 change.
    Half past ("九点半", "9时半") is 30 minutes."""
    text = _half_past(text)
    if not re.search(r"[〇○零一二三四五六七八九]{4}\s*年", text):
        # "2028年1月6日中午十二時正", "上午九时三十分": the time alone in numerals after an Arabic date.
        text = re.sub(r"(?<=[午上下晚早])\s*([一二两三四五六七八九十]{1,3})(?=\s*[時时点點])", lambda m: str(_cn_small(m.group(1))), text)
        return re.sub(r"(?<=[時时点點])\s*([一二三四五六七八九十]{1,3})(?=\s*分)", lambda m: str(_cn_small(m.group(1))), text)
    text = _CN_YEAR.sub(lambda m: "".join(str(_CN_DIGIT[c]) for c in m.group(1)), text)
    for _ in range(4):  # 年 -> 月 -> 日 -> 时 -> 分, each step needs the one before converted
        new = _CN_PART.sub(lambda m: str(_cn_small(m.group(1))), text)
        if new == text:
            break
        text = new
    return text


def _half_past(text: str) -> str:
    return re.sub(r"([\d一二两三四五六七八九十]{1,3})\s*([点點时時])\s*半", r"\1\g<2>30分", text)


# "June 25 (Fri), 2027", "7月9日（金）": the weekday between the day and what follows is dropped.
_WEEKDAY = re.compile(r"(?<=\d)(?:st|nd|rd|th)?\s*[(（]\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?\s*[)）]|(?<=日)\s*[(（][月火水木金土日][)）]|"
                      r"(?<=[日号號])\s*[(（]\s*(?:星期|周|週|禮拜|礼拜)[一二三四五六日天]\s*[)）]",
                      re.IGNORECASE)
# Japanese era years: "Reiwa 9 (2027)" keeps the Gregorian year in brackets; "令和9年" / "Reiwa 9" count from the era.
_ERA_BRACKET = re.compile(r"\b(?:Reiwa|Heisei|Showa|R)\s*\d{1,2}\s*[(（]\s*(\d{4})\s*[)）]|(?:令和|平成)\s*\d{1,2}\s*年?\s*[(（]\s*(\d{4})\s*年?[)）]")
_ERA = re.compile(r"(?:(?P<en>Reiwa|Heisei)\s+(?P<n>\d{1,2})\b|(?P<jp>令和|平成)\s*(?P<m>\d{1,2}|元)\s*年)")
_ERA_START = {"reiwa": 2018, "令和": 2018, "heisei": 1988, "平成": 1988}


# Taiwan's 民國 years (year 1 = 1912): "民國116年4月15日", "116年4月15日", "116/04/15". A three-digit year of a
# date is always one of them; written 民國 it may have two digits.
_ROC = re.compile(r"(?:中华民国|中華民國|民国|民國)\s*(\d{2,3})\s*年|(?<![\d/.\-])(1[0-4]\d)\s*年(?=\s*\d{1,2}\s*月)|"
                  r"(?<![\d/.\-])(1[0-4]\d)([/.\-])(\d{1,2})\4(\d{1,2})(?![\d/.\-])")


def _roc(m: re.Match) -> str:
    if m.group(1) or m.group(2):
        return f"{int(m.group(1) or m.group(2)) + 1911}年"
    return f"{int(m.group(3)) + 1911}/{m.group(5)}/{m.group(6)}"


def plain_dates(text: str) -> str:
    """Weekdays, Japanese era years and Taiwan's 民國 years written into a date, rewritten as a plain Gregorian
    date."""
    text = _ROC.sub(_roc, text)
    text = _WEEKDAY.sub("", text)
    text = _ERA_BRACKET.sub(lambda m: m.group(1) or m.group(2), text)

    def era(m: re.Match) -> str:
        if m.group("en"):
            return str(_ERA_START[m.group("en").lower()] + int(m.group("n")))
        n = 1 if m.group("m") == "元" else int(m.group("m"))
        return f"{_ERA_START[m.group('jp')] + n}年"
    return _ERA.sub(era, text)


_BARE_TIME = re.compile(r"(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?\s*(?:(?P<ampm>[ap])\.?\s*m\.?|(?P<hrs>hrs|hours|h)\b)?"
                        r"|(?P<word>noon|midday|midnight)", re.IGNORECASE)


def bare_time(text: str) -> str | None:
    """A time written alone ("12pm", "12 noon", "2.30 p.m.", "1400 hrs", "14:00 (UK time)") as "HH:MM" plus
    whatever zone follows it; None when the text is not a time. 12pm is noon and 12am midnight."""
    t = re.sub(r"^12\s*(?=noon|midday)", "", text.strip(), flags=re.IGNORECASE)  # "12 noon"
    m = re.match(r"(\d{2})(\d{2})\s*(?:hrs|hours|h)\b", t, re.IGNORECASE)  # "1400 hrs"
    if m:
        h, mi, rest = int(m.group(1)), int(m.group(2)), t[m.end():]
    else:
        m = _BARE_TIME.match(t)
        if not m or not (m.group("word") or m.group("m") or m.group("ampm") or m.group("hrs")):
            return None
        rest = t[m.end():]
        if m.group("word"):
            h, mi = (0 if m.group("word").lower() == "midnight" else 12), 0
            rest = re.sub(r"^\s*(?:noon|midday)\b", "", rest, flags=re.IGNORECASE)
        else:
            h, mi = int(m.group("h")), int(m.group("m") or 0)
            ampm = (m.group("ampm") or "").lower()
            if ampm:
                h = h % 12 + (12 if ampm == "p" else 0)
            rest = re.sub(r"^\s*(?:noon|midday)\b", "", rest, flags=re.IGNORECASE)  # "12pm noon"
    if not (0 <= h < 24 and 0 <= mi < 60) or re.match(r"\s*[\d/.\-]", rest):
        return None
    return f"{h:02d}:{mi:02d}{rest}"


def excel_serial(text: str) -> str | None:
    """A date left as Excel's serial number by an export ("46645", "46645.5833" = 2027-09-15 14:00): days since
    1899-12-30, the fraction the time of day. Only a cell that is nothing else, in the years 1982-2064."""
    m = re.fullmatch(r"\s*(\d{5})(?:\.(\d{1,10}))?\s*", text or "")
    if not m or not 30000 <= int(m.group(1)) <= 60000:
        return None
    when = datetime(1899, 12, 30) + timedelta(days=float(m.group(0)))
    when = when.replace(second=0, microsecond=0) + timedelta(minutes=round(when.second / 60))
    return when.strftime("%Y-%m-%d %H:%M") if m.group(2) else when.strftime("%Y-%m-%d")


def parse_datetime(text: str, chinese: bool | None = None, dayfirst: bool = False, zone=None) -> str | None:
    """ISO 8601 with offset for the first date (and its time) in `text`; None if there is none."""
    if not text:
        return None
    text = plain_dates(arabic_dates(text))
    if chinese is None:
        chinese = bool(re.search(r"[\u4e00-\u9fff]", text))
    d = _date(text, dayfirst)
    if not d:
        return None
    start, y, mo, day, end = d
    if not 1900 <= y <= 2200:
        # "27/07/1450 14/12/2028 10:00 AM": a Hijri (or Buddhist-era) date printed first, the Gregorian one after it.
        later = parse_datetime(text[end:], chinese, dayfirst, zone)
        return later
    rest = text[end:end + 40]
    hour, minute, sec = 0, 0, 0
    tm = _TIME.match(re.sub(r"^\s*(?:,|，|T|at\b|@)?\s*", "", rest, flags=re.IGNORECASE))
    if not tm or tm.group("h") is None:
        tm = _TIME.search(rest)
        # Only trust a time found close to the date.
        if tm and tm.start() > 14:
            tm = None
    if tm and tm.group("h") is not None and (tm.group("m") is not None or re.search("[点时時點]", tm.group(0))
                                            or tm.group("ampm")):
        hour, minute, sec = int(tm.group("h")), int(tm.group("m") or 0), int(tm.group("s") or 0)
        ampm = (tm.group("ampm") or "").lower().replace(".", "")
        cn = tm.group("ampm_cn")
        if (ampm == "pm" or cn in ("下午", "晚上", "午後")) and hour < 12:
            hour += 12
        if ampm == "am" and hour == 12:
            hour = 0
    else:
        am = _TIME_AMPM_ONLY.search(rest)
        if am and am.start() < 14:
            hour = int(am.group("h")) % 12 + (12 if am.group("ampm").lower().startswith("p") else 0)
    if (hour, minute) == (0, 0) and start > 0:
        # English prose puts the time first: "until 2:00 PM local time on March 14, 2025".
        before = text[max(0, start - 40):start]
        bm = list(re.finditer(r"\b(\d{1,2})(?::(\d{2}))?\s*([AaPp])\.?[Mm]\.?|\b(\d{1,2}):(\d{2})\b", before))
        if bm:
            b = bm[-1]
            if b.group(1):
                hour = int(b.group(1)) % 12 + (12 if b.group(3).lower() == "p" else 0)
                minute = int(b.group(2) or 0)
            else:
                hour, minute = int(b.group(4)), int(b.group(5))
    if (hour, minute) == (0, 0) and re.search(r"\b(?:12\s*)?(?:noon|midday)\b|正午|中午12", text[max(0, start - 30):end + 30],
                                              re.IGNORECASE):
        hour = 12  # "12 noon, 15 April 2027", "15 April 2027 at midday"
    if not (0 <= hour < 24 and 0 <= minute < 60):
        hour, minute = 0, 0
    tz, stated = _tz(text[max(0, start - 60):end + 60], chinese)
    if not stated and zone is not None and not chinese:
        tz = zone
    return datetime(y, mo, day, hour, minute, sec, tzinfo=tz).isoformat()
