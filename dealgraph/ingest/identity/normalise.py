"""Field normalisers for identity resolution (CN + EN).

Each function takes one raw cell (any type, possibly missing) and returns a canonical
string or None. They are pure and cached where the input space repeats (names, companies),
because a 100k-row file has many repeated values.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache, lru_cache

from ...schema import values

_HAN = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"\s+")
_MISSING = {"", "nan", "none", "null", "n/a", "na", "-", "--", "无", "空", "未知", "unknown", "#n/a"}


def clean(value: object) -> str | None:
    """NFKC (full-width -> half-width), trimmed, collapsed spaces; None for missing markers."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    s = unicodedata.normalize("NFKC", str(value))
    s = _SPACES.sub(" ", s).strip()
    return None if s.lower() in _MISSING else s


def has_han(s: str) -> bool:
    return bool(_HAN.search(s))


def strip_accents(s: str) -> str:
    """'Zhāng Wěi' -> 'Zhang Wei', 'Müller' -> 'Muller' (tone marks and diacritics go)."""
    s = s.replace("ü", "v").replace("Ü", "V")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


# Surnames whose everyday reading differs from pypinyin's default reading of the character.
_SURNAME_READING = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha",
                    "区": "ou", "盖": "ge", "乐": "yue", "缪": "miao", "覃": "qin", "翟": "zhai",
                    "万俟": "moqi", "尉迟": "yuchi", "长孙": "zhangsun", "秘": "bi", "员": "yun"}
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
                      "宇文", "司徒", "夏侯", "轩辕", "令狐", "万俟", "端木", "独孤", "南宫", "西门")


# Two-character words whose reading differs from the characters' default readings.
_PHRASES = {"银行": "yin hang", "重庆": "chong qing", "长沙": "chang sha", "长城": "chang cheng", "长春": "chang chun",
            "长江": "chang jiang", "厦门": "xia men", "蚌埠": "beng bu", "六安": "lu an", "发行": "fa xing",
            "乐视": "le shi", "快乐": "kuai le", "音乐": "yin yue", "重工": "zhong gong", "行业": "hang ye",
            "华夏": "hua xia", "单位": "dan wei", "朝阳": "chao yang", "长安": "chang an", "招商": "zhao shang"}


@cache
def _char_pinyin(ch: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(ch, style=Style.NORMAL)[0].lower()


@lru_cache(maxsize=200_000)
def hanzi_to_pinyin(s: str, surname_first: bool = False) -> str:
    """Toneless pinyin, one token per character, space separated; latin runs kept as tokens.
    Character by character (cached): pypinyin's phrase segmentation costs ~0.3 ms a call,
    too slow for 100k rows, and names are read per character anyway."""
    prefix: list[str] = []
    if surname_first:
        for sn in sorted(_SURNAME_READING, key=len, reverse=True):
            if s.startswith(sn):
                prefix, s = [_SURNAME_READING[sn]], s[len(sn):]
                break
    toks: list[str] = []
    latin = ""
    i = 0
    while i < len(s):
        ch = s[i]
        if "\u3400" <= ch <= "\u9fff":
            if latin.strip():
                toks.append(latin.strip().lower())
            latin = ""
            phrase = _PHRASES.get(s[i:i + 2])
            if phrase:
                toks.extend(phrase.split())
                i += 2
                continue
            toks.append(_char_pinyin(ch))
        else:
            latin += ch
        i += 1
    if latin.strip():
        toks.append(latin.strip().lower())
    return _SPACES.sub(" ", " ".join(prefix + toks)).strip()


_TITLES = re.compile(r"^(mr|mrs|ms|miss|dr|prof|sir|madam)\.?\s+|\s+(jr|sr|ii|iii|phd)\.?$")
_NAME_PUNCT = re.compile(r"[·•・.,'\"()（）\[\]_\-]+")
_HAN_HONORIFIC = re.compile(r"(先生|女士|小姐|老师|总|经理|博士|教授)$")


@lru_cache(maxsize=200_000)
def person_name(value: str) -> tuple[str, str] | None:
    """-> (display key, pinyin key). Hanzi names keep hanzi as the display key and get a
    surname-aware pinyin key; latin names are lower-cased, de-accented, titles removed.
    The pinyin key is space separated so order swaps ('Wei Zhang') can be detected."""
    s = clean(value)
    if not s:
        return None
    if has_han(s):
        han = re.sub(r"[^\u3400-\u9fffA-Za-z]", "", _HAN_HONORIFIC.sub("", s)) or s
        return han, hanzi_to_pinyin(han, surname_first=True)
    s = strip_accents(s).lower()
    s = _TITLES.sub("", _TITLES.sub("", s))
    s = _SPACES.sub(" ", _NAME_PUNCT.sub(" ", s)).strip()
    if "," in value and len(s.split()) == 2:  # "Zhang, Wei" -> surname first already
        pass
    return (s, s) if s else None


def name_variants(display: str, pinyin_key: str) -> tuple[str, ...]:
    """Space-free spellings of one name in either order: 杨敏玲 -> (yangminling, minlingyang);
    'Leiyu Zhang' -> (leiyuzhang, zhangleiyu). Hanzi names split surname | given name
    (compound surnames kept whole); latin names split first token | rest and rest | last."""
    toks = pinyin_key.split()
    if len(toks) < 2:
        return (pinyin_key,) if pinyin_key else ()
    out = {"".join(toks), "".join(reversed(toks))}
    if has_han(display):
        n_sur = 2 if display.startswith(_COMPOUND_SURNAMES) and len(toks) > 2 else 1
        sur, given = "".join(toks[:n_sur]), "".join(toks[n_sur:])
        out |= {sur + given, given + sur}
    else:
        out |= {"".join(toks[1:]) + toks[0], toks[-1] + "".join(toks[:-1])}
    return tuple(sorted(out))


def name_tokens_key(pinyin_key: str) -> str:
    """Order-free key: 'wei zhang' and 'zhang wei' and 'zhangwei' are equal when the
    joined form matches, so we sort the tokens and also drop spaces inside pinyin."""
    return " ".join(sorted(pinyin_key.split()))


# ---- phones and emails: the rules are schema/values.py's; identity adds only its matching keys ----------

@lru_cache(maxsize=200_000)
def phone_e164(value: str) -> str | None:
    """E.164 ('+8613812345678') without extension, None when the value is not a full phone number
    (values.phone_key: no country or area code, letters, wrong digit count)."""
    return values.phone_key(clean(value))


def is_cn_mobile(e164: str) -> bool:
    return e164.startswith("+861") and len(e164) == 14


# Providers where one mailbox answers to several domains, or where dots do not matter.
_DOMAIN_ALIAS = {"googlemail.com": "gmail.com", "pm.me": "proton.me", "protonmail.com": "proton.me",
                 "protonmail.ch": "proton.me", "ya.ru": "yandex.ru", "yandex.com": "yandex.ru",
                 "vip.qq.com": "qq.com"}
_DOTLESS = {"gmail.com"}
_email_address = values.lenient(values.parse_email)


@lru_cache(maxsize=200_000)
def email(value: str) -> str | None:
    """The mailbox as a matching key: the address (values.parse_email, "(at)" spellings read as @),
    plus-tags dropped, provider domain aliases folded, gmail dots ignored."""
    s = clean(value)
    if not s:
        return None
    s = _email_address(s.lower().replace("(at)", "@").replace("[at]", "@"))
    if not s:
        return None
    local, domain = s.rsplit("@", 1)
    domain = _DOMAIN_ALIAS.get(domain, domain)
    local = local.split("+", 1)[0]
    if domain in _DOTLESS:
        local = local.replace(".", "")
    return f"{local}@{domain}" if local else None


# ---- companies -------------------------------------------------------------------------

_CN_LEGAL = ("股份有限公司", "有限责任公司", "有限公司", "集团有限公司", "集团股份有限公司", "集团公司", "总公司",
             "分公司", "集团", "公司", "股份", "有限")
_CN_GENERIC = ("科技", "技术", "信息", "网络", "软件", "电子", "通信", "数据", "智能", "实业", "贸易", "控股",
               "发展", "国际", "工程", "服务", "咨询", "系统", "电气", "设备", "制造")
_EN_LEGAL = re.compile(
    r"\b(co|company|corp|corporation|inc|incorporated|ltd|limited|llc|l\.l\.c|plc|gmbh|ag|sa|s\.a|"
    r"srl|bv|nv|oy|ab|kk|pte|pty|group|holdings?|the)\b\.?", re.IGNORECASE)
_EN_GENERIC = re.compile(r"\b(technologies|technology|tech|information|systems?|software|network|networks|"
                         r"international|intl|solutions?|services?|electronics?|communications?|digital|"
                         r"industr(y|ies)|trading|engineering)\b", re.IGNORECASE)
_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_REGIONS = ("北京", "上海", "天津", "重庆", "深圳", "广州", "杭州", "南京", "苏州", "成都", "武汉", "西安",
            "长沙", "郑州", "济南", "青岛", "合肥", "福州", "厦门", "沈阳", "大连", "哈尔滨", "长春", "昆明",
            "南宁", "贵阳", "石家庄", "太原", "南昌", "无锡", "宁波", "东莞", "佛山", "珠海", "香港", "澳门",
            "广东", "江苏", "浙江", "山东", "河南", "河北", "湖北", "湖南", "四川", "福建", "安徽", "辽宁",
            "陕西", "江西", "广西", "云南", "贵州", "山西", "吉林", "黑龙江", "内蒙古", "新疆", "甘肃", "海南",
            "宁夏", "青海", "西藏", "中国")
_REGION_SUFFIX = re.compile(r"^(省|市|自治区|特别行政区)")
_EN_REGIONS = re.compile(r"\b(beijing|shanghai|shenzhen|guangzhou|hangzhou|china|hong kong|hk|"
                         r"\(china\)|usa|us|uk)\b", re.IGNORECASE)


def _han_legal_core(s: str) -> str:
    """A Chinese company name without punctuation, leading regions and trailing legal forms."""
    core = re.sub(r"[\s·.,，、&()（）\-]", "", s)
    changed = True
    while changed:
        changed = False
        for r in _REGIONS:
            if core.startswith(r) and len(core) > len(r) + 1:
                core = _REGION_SUFFIX.sub("", core[len(r):])
                changed = True
    for suffix in _CN_LEGAL:
        if core.endswith(suffix) and len(core) > len(suffix):
            core = core[: -len(suffix)]
    return core


@lru_cache(maxsize=200_000)
def company_mid(value: str) -> str | None:
    """The name with brackets, leading regions and legal forms removed but industry words
    kept: '华为技术' vs '华为终端' are different legal entities with the same core."""
    s = clean(value)
    if not s:
        return None
    s = _BRACKETS.sub(" ", s).strip()
    if has_han(s):
        return _han_legal_core(s)
    s = strip_accents(s).lower().replace("&", " and ")
    s = _EN_LEGAL.sub(" ", _EN_REGIONS.sub(" ", s))
    return _SPACES.sub(" ", re.sub(r"[^a-z0-9 ]", " ", s)).strip() or None


@lru_cache(maxsize=200_000)
def company(value: str) -> tuple[str, str] | None:
    """-> (core, pinyin/latin core). The core drops brackets, leading city/province names,
    legal forms and generic industry words, so '华为技术有限公司', '华为' and
    'Huawei Technologies Co., Ltd.' reduce to '华为'/'华为'/'huawei' and pinyin 'huawei'."""
    s = clean(value)
    if not s:
        return None
    s = _BRACKETS.sub(" ", s).strip()
    if has_han(s):
        stripped = _han_legal_core(s)
        for _ in range(2):  # drop trailing generic words, but never down to nothing
            for g in _CN_GENERIC:
                if stripped.endswith(g) and len(stripped) > len(g) + 1:
                    stripped = stripped[: -len(g)]
        core = stripped
        return core, hanzi_to_pinyin(core).replace(" ", "")
    s = strip_accents(s).lower().replace("&", " and ")
    s = _EN_REGIONS.sub(" ", s)
    s = _EN_LEGAL.sub(" ", s)
    s = re.sub(r"[^a-z0-9 ]", " ", s)
    generic_free = _SPACES.sub(" ", _EN_GENERIC.sub(" ", s)).strip()
    core = generic_free or _SPACES.sub(" ", s).strip()
    if not core:
        return None
    return core, core.replace(" ", "")


# ---- unified social credit code (GB 32100-2015): schema/values.py --------------------------

# An invalid code is not evidence: it must neither link nor block a merge.
credit_code = values.lenient(values.parse_credit_code)


# ---- other fields ----------------------------------------------------------------------

_FULL_DATE = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{8}")
_date = values.lenient(values.parse_date)


@lru_cache(maxsize=100_000)
def birth_date(value: str) -> str | None:
    """ISO yyyy-mm-dd of a full date (values.parse_date): 1990-03-07, 1990/3/7, 1990年3月7日, 19900307,
    07/03/1990 (an order both ways possible is read day first); a year or month alone is no key."""
    s = clean(value)
    if not s:
        return None
    m = _FULL_DATE.match(s)
    return _date(m.group(0), dayfirst=True) if m else None


_ADDR_ABBR = {"st": "street", "rd": "road", "ave": "avenue", "av": "avenue", "blvd": "boulevard",
              "dr": "drive", "ln": "lane", "ct": "court", "pl": "place", "apt": "apartment",
              "ste": "suite", "fl": "floor", "hwy": "highway", "sq": "square", "n": "north", "s": "south",
              "e": "east", "w": "west", "no": "", "#": ""}


@lru_cache(maxsize=200_000)
def address(value: str) -> str | None:
    """Lower-case, punctuation-free, common abbreviations expanded; hanzi kept without spaces."""
    s = clean(value)
    if not s:
        return None
    s = strip_accents(s).lower()
    if has_han(s):
        return re.sub(r"[\s,，、.。#()（）-]", "", s.replace("号楼", "栋")) or None
    toks = [_ADDR_ABBR.get(t, t) for t in re.sub(r"[^a-z0-9 ]", " ", s).split()]
    return " ".join(t for t in toks if t) or None


@lru_cache(maxsize=10_000)
def city(value: str) -> str | None:
    s = clean(value)
    if not s:
        return None
    if has_han(s):
        s = re.sub(r"(市|省|区|县)$", "", s)
        return hanzi_to_pinyin(s).replace(" ", "") or None
    return re.sub(r"[^a-z]", "", strip_accents(s).lower()) or None


def simple_token(value: str) -> str | None:
    """Identifiers such as WeCom unionids, postcodes, websites: case and spacing folded."""
    s = clean(value)
    if not s:
        return None
    s = s.lower().replace(" ", "")
    s = re.sub(r"^https?://", "", s)
    s = re.sub(r"^www\.", "", s).rstrip("/")
    return s or None


# ---- company full names and employer domains ------------------------------------------

_LEGAL_SYNONYMS = (("有限责任公司", "有限公司"), ("limited", "ltd"), ("company", "co"), ("corporation", "corp"),
                   ("incorporated", "inc"))
_FULL_PUNCT = re.compile(r"[\s·.,，、&'\"()（）\[\]【】\-_/]+")


@lru_cache(maxsize=200_000)
def company_full(value: str, city_hint: str | None = None) -> str | None:
    """The whole name, punctuation and case folded, legal-form spellings unified, nothing
    stripped: 长沙市中医院 and (长沙)市中医院 are equal, 长沙市中医院 and 株洲市中医院 are not.
    A Chinese name that starts with 市/区/县 lost its city; `city_hint` (the record's own city
    column, in hanzi) puts it back."""
    s = clean(value)
    if not s:
        return None
    s = strip_accents(s).lower()
    for long_, short in _LEGAL_SYNONYMS:
        s = re.sub(rf"\b{long_}\b" if long_.isascii() else long_, short, s)
    return _FULL_PUNCT.sub("", restore_city(s, city_hint)) or None


# Mailbox providers: an address there says nothing about the employer.
FREE_MAIL = frozenset({"qq.com", "163.com", "126.com", "gmail.com", "googlemail.com", "outlook.com", "hotmail.com",
                       "sina.com", "sina.cn", "yahoo.com", "foxmail.com", "aliyun.com", "icloud.com", "sohu.com",
                       "139.com", "189.cn", "live.com", "yeah.net", "msn.com", "proton.me", "me.com", "mail.com",
                       "tom.com", "21cn.com", "263.net", "aol.com", "yandex.ru", "gmx.de", "web.de", "qq.cn"})
_PUBLIC_SUFFIX = {"com", "cn", "net", "org", "gov", "edu", "ac", "co", "io", "ai", "biz", "info", "hk", "tw",
                  "uk", "us", "de", "jp", "sg", "ltd", "group", "tech", "top", "xyz", "cc", "me"}


@lru_cache(maxsize=200_000)
def domain_core(domain: str) -> str | None:
    """The organisation's label in a domain: mail.huawei.com -> huawei, baihua43.com.cn ->
    baihua (trailing digits are how a taken name is made unique), None for free mail."""
    d = (domain or "").lower().strip().rstrip(".")
    if not d or d in FREE_MAIL:
        return None
    labels = [x for x in d.split(".") if x]
    while len(labels) > 1 and labels[-1] in _PUBLIC_SUFFIX:
        labels.pop()
    core = re.sub(r"[^a-z0-9]", "", labels[-1]) if labels else ""
    core = core.rstrip("0123456789")
    return core if len(core) >= 3 and not core.isdigit() else None


def restore_city(value: str, city_hint: str | None) -> str:
    """A Chinese name starting with 市/区/县 lost its city (市妇幼保健院); the record's own
    city or region column (南京) puts it back. Anything else is returned unchanged."""
    s = clean(value) or ""
    if city_hint and s[:1] in ("市", "区", "县"):
        hint = re.sub(r"(市|省)$", "", _FULL_PUNCT.sub("", clean(city_hint) or ""))
        if has_han(hint):
            return hint + s
    return s


@lru_cache(maxsize=200_000)
def company_region(value: str) -> str | None:
    """The city/province a Chinese organisation name is registered under: leading
    (南京市中心医院, (长沙)市中医院) or bracketed (腾讯科技(深圳)有限公司). None if it names none."""
    s = clean(value) or ""
    if not has_han(s):
        return None
    bare = _FULL_PUNCT.sub("", s)
    for r in _REGIONS:
        if r != "中国" and bare.startswith(r):
            return r
    m = _CITY_PREFIX.match(bare)  # any prefecture/county: 株洲市中医院, 昆山市人民医院
    if m:
        return m.group(1)
    for inner in re.findall(r"[(（]([^)）]*)[)）]", s):
        inner = re.sub(r"(市|省)$", "", inner.strip())
        if inner in _REGIONS and inner != "中国":
            return inner
    return None


_CITY_PREFIX = re.compile(r"^([\u4e00-\u9fff]{2,3}?)(市|省|县|自治州)(?=[\u4e00-\u9fff]{2})")


def is_registered_name(value: str) -> bool:
    """A Chinese organisation name in its registered form: a region prefix or a legal-form
    suffix (长沙市中医院, 华为技术有限公司), not a short name (华为, 腾强技术). Registration
    authorities do not give one such name to two organisations, so two records that carry
    it name one organisation unless a hard key (credit code) says otherwise."""
    s = _FULL_PUNCT.sub("", clean(value) or "")
    if not has_han(s) or len(s) < 4:
        return False
    return s.startswith(_REGIONS) or s.endswith(_CN_LEGAL) or bool(_CITY_PREFIX.match(s))
