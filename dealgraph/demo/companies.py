"""Customer companies: Chinese and English names per industry, regions, valid credit codes.

Why valid 统一社会信用代码: the ID-mapping engineer validates the GB 32100-2015 checksum and uses
the code as a hard key, so the generator must produce codes that pass it (and never put a wrong
code on a true duplicate).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..schema.values import credit_check_char
from .names import pinyin_of

CITIES = [("上海", "Shanghai", "310000"), ("北京", "Beijing", "110000"), ("苏州", "Suzhou", "320500"),
          ("杭州", "Hangzhou", "330100"), ("深圳", "Shenzhen", "440300"), ("广州", "Guangzhou", "440100"),
          ("南京", "Nanjing", "320100"), ("成都", "Chengdu", "510100"), ("武汉", "Wuhan", "420100"),
          ("西安", "Xi'an", "610100"), ("天津", "Tianjin", "120000"), ("合肥", "Hefei", "340100"),
          ("宁波", "Ningbo", "330200"), ("青岛", "Qingdao", "370200"), ("长沙", "Changsha", "430100")]
REGION_OF = {"上海": "华东", "苏州": "华东", "杭州": "华东", "南京": "华东", "宁波": "华东", "合肥": "华东",
             "北京": "华北", "天津": "华北", "青岛": "华北", "深圳": "华南", "广州": "华南", "成都": "西南",
             "武汉": "华中", "长沙": "华中", "西安": "西北"}
# Brand-like two-character cores; pinyin gives the English brand.
CORES = ["恒达", "华信", "远景", "中科", "新锐", "天成", "博源", "鼎盛", "金桥", "瑞康", "宏图", "安泰", "联创", "东方",
         "正泰", "海纳", "卓越", "汇通", "长城", "凯盛", "星河", "启明", "永辉", "盛世", "精诚", "国泰", "万达", "嘉禾"]
_CORE_A = "恒华远中新天博鼎金瑞宏安联东正海卓汇长凯星启永盛精国万嘉德和信"
_CORE_B = "达信景科锐成源盛桥康图泰创方纳越通城辉河明晨世诚禾丰润祥瑞"
TRADES = {
    "manufacturing": [("精密机械", "Precision Machinery"), ("汽车零部件", "Auto Parts"), ("电子科技", "Electronics"),
                      ("新材料", "New Materials"), ("智能装备", "Intelligent Equipment")],
    "it_services": [("信息技术", "Information Technology"), ("软件", "Software"), ("数据科技", "Data Technology"),
                    ("网络科技", "Network Technology")],
    "energy": [("能源", "Energy"), ("电力", "Power"), ("新能源", "New Energy"), ("燃气", "Gas")],
}
FOREIGN = [("诺德温", "Nordwind"), ("贝克曼", "Beckmann"), ("艾维斯", "Avis Tech"), ("科尔斯", "Kohlers"),
           ("赛特", "Sentec"), ("维思", "Vestas-Link"), ("奥利安", "Orion"), ("布莱特", "Brightline")]
HOSPITALS = [("第一人民医院", "First People's Hospital"), ("中心医院", "Central Hospital"),
             ("中医院", "Hospital of Traditional Chinese Medicine"), ("妇幼保健院", "Maternal and Child Health Hospital"),
             ("第二人民医院", "Second People's Hospital")]
BUREAUS = [("数据资源管理局", "Data Resources Bureau"), ("交通运输局", "Transport Bureau"), ("卫生健康委员会", "Health Commission"),
           ("市场监督管理局", "Market Regulation Bureau"), ("教育局", "Education Bureau"), ("生态环境局", "Ecology and Environment Bureau")]


@dataclass
class Company:
    id: str
    name: str              # the legal name as registered
    name_en: str
    short: str             # what people say: 恒达精密, 华为
    industry: str
    city: str
    region: str
    credit_code: str
    website: str
    domain: str
    employees: int
    lang: str              # working language of the company: zh | en | mixed


_ORG_W = [3, 7, 9, 10, 5, 8, 4, 2]


def credit_code(rng: random.Random, region_code: str, kind: str = "91") -> str:
    """A unified social credit code valid under GB 32100-2015 (and GB 11714 for the org code)."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    val = [int(c, 36) for c in body]
    c9 = 11 - sum(w * v for w, v in zip(_ORG_W, val)) % 11
    org = body + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))
    s17 = kind + region_code + org
    return s17 + credit_check_char(s17)


def make_company(rng: random.Random, cid: str, industry: str, used: set[str]) -> Company:
    """A company not yet in `used` (names and domains); retries, then numbers the branch."""
    for _ in range(20):
        c = _candidate(rng, cid, industry)
        if c.name not in used and c.domain not in used:
            break
    else:
        n = sum(1 for u in used if u.startswith(c.name)) + 1
        c.name, c.domain = f"{c.name}({n})", f"b{n}.{c.domain}"
        c.website = f"https://www.{c.domain}"
    used.update((c.name, c.domain))
    return c


def _candidate(rng: random.Random, cid: str, industry: str) -> Company:
    city, city_en, rcode = rng.choice(CITIES)
    lang = "zh"
    if industry == "government":
        zh, en = rng.choice(BUREAUS)
        name, name_en, short, kind = f"{city}市{zh}", f"{city_en} Municipal {en}", f"{city}{zh[:2]}局", "11"
        dom = f"{''.join(pinyin_of(ch)[0] for ch in zh[:4])}.{pinyin_of(city)}.gov.cn"
    elif industry == "healthcare":
        zh, en = rng.choice(HOSPITALS)
        name, name_en, short, kind = f"{city}市{zh}", f"{city_en} {en}", f"{city}{zh}", "12"
        dom = f"{pinyin_of(city)}{rng.choice(['hospital', 'yy', 'zxyy'])}.org.cn"
    elif rng.random() < 0.25:   # foreign-invested subsidiary working in English
        zh, en = rng.choice(FOREIGN)
        trade_zh, trade_en = rng.choice(TRADES.get(industry, TRADES["it_services"]))
        name, name_en = f"{zh}{trade_zh}({city})有限公司", f"{en} {trade_en} ({city_en}) Co., Ltd."
        short, kind, lang = f"{zh}{trade_zh[:2]}", "91", rng.choice(["en", "mixed"])
        dom = f"{en.lower().replace(' ', '').replace('-', '')}.com"
    else:
        # Known brand-like cores first, then composed ones so thousands of firms stay distinct.
        core = rng.choice(CORES) if rng.random() < 0.5 else rng.choice(_CORE_A) + rng.choice(_CORE_B)
        trade_zh, trade_en = rng.choice(TRADES.get(industry, TRADES["it_services"]))
        grp = rng.random() < 0.15
        name = f"{city}{core}{trade_zh}{'股份' if grp else ''}有限公司"
        core_py = pinyin_of(core).capitalize()
        name_en = f"{city_en} {core_py} {trade_en} Co., Ltd."
        short, kind, lang = f"{core}{trade_zh[:2]}", "91", "zh" if rng.random() < 0.8 else "mixed"
        dom = f"{pinyin_of(core)}{rng.choice(['', 'tech', 'group', 'corp'])}.com.cn"
    return Company(cid, name, name_en, short, industry, city, REGION_OF[city], credit_code(rng, rcode, kind),
                   f"https://www.{dom}", dom, 0, lang)


def name_variant(rng: random.Random, c: Company) -> str:
    """How the company's name shows up in a channel: short forms, suffix variants, English, typos."""
    r = rng.random()
    if r < 0.25:
        return c.name
    if r < 0.4:
        return c.short
    if r < 0.5:
        return c.name.replace("有限公司", "").replace("股份", "") or c.name
    if r < 0.6:
        return c.name_en
    if r < 0.68:
        return c.name_en.replace("Co., Ltd.", rng.choice(["Co.,Ltd", "CO., LTD.", "Ltd.", "Limited", ""])).strip()
    if r < 0.76:
        return c.name.replace("有限公司", "有限责任公司") if "有限公司" in c.name else c.name + "(总部)"
    if r < 0.84:
        return c.name.replace(c.city, f"({c.city})", 1) if c.name.startswith(c.city) else c.name
    if r < 0.9 and len(c.name) > 4:   # a one-character typo in the middle
        i = rng.randrange(2, len(c.name) - 2)
        return c.name[:i] + rng.choice("华宏达信通成") + c.name[i + 1:]
    return c.name.replace(f"({c.city})", "").replace(c.city, "", 1) or c.name
