"""Noisy record-linkage datasets with truth, for identity tests and benches.

Two shapes, deliberately different:
- `generate_cn`: Chinese B2B channels (CRM, ad leads, web forms, WeCom, email, tenders).
  People and companies; hanzi / pinyin / English names, phone formats, plus-tags, company
  legal names vs short vs English names, valid credit codes, WeCom unionids; common names
  (张伟) shared by different people, colleagues at one company.
- `generate_en_people`: English person records with given_name / surname / date_of_birth /
  street_address / suburb / postcode / phone_number; families share surname, address and
  landline (the classic precision trap), nicknames, swapped names, dob digit errors.
`noise` in [0, 1] scales every corruption probability; 0.2 is "realistic".
Truth maps record id -> entity id; it is for measurement only, never for the matcher.
"""

from __future__ import annotations

import csv
import random
import string
from pathlib import Path

from ..ingest.identity.normalise import hanzi_to_pinyin
from ..schema.values import CREDIT_ALPHABET, credit_check_char

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉玲建国峰波宇浩凯鑫晨欣怡佳琪子轩梓涵雨婷俊博文"
HOMOPHONE = {"伟": "玮", "芳": "方", "静": "晶", "丽": "莉", "明": "铭", "华": "桦", "杰": "洁", "玲": "琳",
             "红": "宏", "平": "萍", "涛": "韬", "磊": "垒", "敏": "闽", "军": "君", "婷": "亭", "佳": "嘉",
             "王": "汪", "张": "章", "李": "理", "陈": "程", "刘": "柳", "杨": "阳"}
EN_FIRST = ("David", "Michael", "Kevin", "Jason", "Eric", "Tony", "Jack", "Vincent", "Alan", "Frank", "Grace",
            "Cindy", "Amy", "Linda", "Helen", "Lily", "Annie", "Vivian", "Sophia", "Emma", "Leo", "Ryan")
CORES = ("华为", "腾讯", "阿里", "百度", "京东", "美团", "小米", "联想", "中兴", "海尔", "格力", "比亚迪", "宁德",
         "浪潮", "用友", "金蝶", "科大", "海康", "大华", "紫光", "东软", "神州", "同方", "长城", "中软", "软通",
         "恒生", "启明", "奇安", "深信", "华三", "锐捷", "迈瑞", "汇川", "卫宁", "万达", "光明", "太平", "安恒",
         "天融", "亚信", "拓尔", "东华", "四维", "千方", "易华", "数字", "华宇", "中科", "国电", "南瑞", "许继",
         "远光", "朗新", "广联", "明源", "石基", "新开普", "佳都", "银江", "万兴", "创业", "久其", "博思", "致远")
INDUSTRY = ("科技", "技术", "信息技术", "网络科技", "软件", "电子", "智能科技", "数据")
LEGAL = ("有限公司", "股份有限公司", "有限责任公司", "集团有限公司")
CITIES = ("北京", "上海", "深圳", "广州", "杭州", "南京", "成都", "武汉", "西安", "苏州")
TITLES = ("总经理", "采购经理", "IT总监", "技术总监", "项目经理", "财务总监", "CTO", "信息中心主任", "工程师")
PERSONAL_MAIL = ("qq.com", "163.com", "126.com", "gmail.com", "outlook.com")


def random_credit_code(rng: random.Random) -> str:
    body = rng.choice("9159") + rng.choice("123") + "".join(rng.choice("0123456789") for _ in range(6))
    body += "".join(rng.choice(CREDIT_ALPHABET) for _ in range(9))
    return body + credit_check_char(body)


def _typo(rng: random.Random, s: str) -> str:
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s) - 1)
    op = rng.random()
    if op < 0.35:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]  # transposition
    if op < 0.65:
        return s[:i] + rng.choice(string.ascii_lowercase) + s[i + 1:]
    if op < 0.85:
        return s[:i] + s[i + 1:]
    return s[:i] + rng.choice(string.ascii_lowercase) + s[i:]


def _phone_format(rng: random.Random, mobile: str) -> str:
    style = rng.randrange(6)
    return (mobile, f"+86 {mobile[:3]} {mobile[3:7]} {mobile[7:]}", f"0086-{mobile}", f"86{mobile}",
            f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}", f"+86-{mobile}")[style]


def _digit_typo(rng: random.Random, s: str) -> str:
    i = rng.randrange(3, len(s))
    return s[:i] + str((int(s[i]) + rng.randrange(1, 9)) % 10) + s[i + 1:]


def _cap(s: str) -> str:
    return " ".join(t.capitalize() for t in s.split())


def generate_cn(n_people: int = 1000, n_companies: int = 200, noise: float = 0.2, seed: int = 1,
                ) -> tuple[list[dict], dict[str, str]]:
    """-> (rows with columns record_id, source, kind, name, company, email, phone, wecom_unionid,
    credit_code, title, city; truth record_id -> entity_id)."""
    rng = random.Random(seed)
    companies = []
    used_cores: set[str] = set()
    for c in range(n_companies):
        core = rng.choice(CORES)
        if core in used_cores or rng.random() < 0.5:  # make more distinct cores from two syllables
            core = core[0] + rng.choice(GIVEN) + rng.choice(("", rng.choice(GIVEN)))
        used_cores.add(core)
        city = rng.choice(CITIES)
        ind = rng.choice(INDUSTRY)
        py = hanzi_to_pinyin(core).replace(" ", "")
        companies.append({
            "id": f"A{c:05d}", "core": core, "city": city, "credit_code": random_credit_code(rng),
            "legal": f"{city}{core}{ind}{rng.choice(LEGAL)}", "en": f"{py.capitalize()} Technology Co., Ltd.",
            "domain": f"{py}{rng.randrange(10, 99) if rng.random() < 0.3 else ''}.com.cn", "ind": ind})
    people = []
    for k in range(n_people):
        surname = rng.choices(SURNAMES, weights=[max(40 - i, 3) for i in range(len(SURNAMES))])[0]
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.55 else "")
        name = surname + given
        comp = rng.choice(companies)
        py = hanzi_to_pinyin(name, surname_first=True).split()
        mobile = "1" + rng.choice("3456789") + "".join(rng.choice(string.digits) for _ in range(9))
        local = rng.choice((py[0] + "".join(py[1:]), "".join(py[1:]) + "." + py[0], py[0][0] + "".join(py[1:])))
        people.append({
            "id": f"P{k:06d}", "name": name, "py": py, "en": f"{rng.choice(EN_FIRST)} {py[0].capitalize()}",
            "company": comp, "mobile": mobile, "mobile2": None,
            "work_email": f"{local}@{comp['domain']}",
            "personal_email": f"{''.join(py)}{rng.randrange(1, 999)}@{rng.choice(PERSONAL_MAIL)}",
            "unionid": "o" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(27)),
            "title": rng.choice(TITLES)})
    rows: list[dict] = []
    truth: dict[str, str] = {}

    def add(entity: str, source: str, row: dict) -> None:
        rid = f"{source}:{len(rows):07d}"
        full = {"record_id": rid, "source": source, "kind": row.pop("kind"), "name": "", "company": "",
                "email": "", "phone": "", "wecom_unionid": "", "credit_code": "", "title": "", "city": ""}
        for key, v in row.items():
            if v is not None and not (rng.random() < noise * 0.25 and key not in ("name",)):
                full[key] = v  # missing values grow with noise
        rows.append(full)
        truth[rid] = entity

    def person_name(p: dict, script: str) -> str:
        if script == "han":
            n = p["name"]
            if rng.random() < noise * 0.3:  # homophone typed by an IME
                i = rng.randrange(len(n))
                n = n[:i] + HOMOPHONE.get(n[i], n[i]) + n[i + 1:]
            return n
        if script == "en":
            return p["en"]
        toks = [p["py"][0], "".join(p["py"][1:])]
        if rng.random() < 0.5:
            toks = toks[::-1]  # Western order
        s = rng.choice((" ".join(toks), "".join(toks), _cap(" ".join(toks))))
        return _typo(rng, s) if rng.random() < noise * 0.5 else s

    def company_name(c: dict) -> str:
        r = rng.random()
        if r < 0.4:
            return c["legal"]
        if r < 0.6:
            return c["core"] + c["ind"]
        if r < 0.8:
            return c["en"] if rng.random() < 0.7 else c["en"].replace(" Co., Ltd.", " Ltd")
        return c["core"] if rng.random() < 0.5 else f"{c['core']}（{c['city']}）{c['ind']}有限公司"

    def phone(p: dict) -> str:
        m = p["mobile"]
        if rng.random() < noise * 0.3:
            if p["mobile2"] is None:
                p["mobile2"] = "1" + rng.choice("3589") + "".join(rng.choice(string.digits) for _ in range(9))
            m = p["mobile2"]  # a second phone: true matches that disagree
        elif rng.random() < noise * 0.15:
            m = _digit_typo(rng, m)
        return _phone_format(rng, m)

    def mail(p: dict, personal: bool = False) -> str:
        e = p["personal_email"] if personal else p["work_email"]
        if rng.random() < 0.2:
            e = e.upper() if rng.random() < 0.5 else e.replace("@", "+crm@")
        if rng.random() < noise * 0.15:
            local, dom = e.split("@")
            e = _typo(rng, local) + "@" + dom
        return e

    for p in people:
        n_rec = 1 + min(int(rng.expovariate(0.7)), 5)
        for _ in range(n_rec):
            ch = rng.choice(("crm", "ad_lead", "web_form", "wecom", "email", "tender"))
            c = p["company"]
            if ch == "crm":
                r = {"name": person_name(p, "han"), "company": c["legal"], "email": mail(p), "phone": phone(p),
                     "title": p["title"], "city": c["city"]}
            elif ch == "ad_lead":
                r = {"name": person_name(p, rng.choice(("han", "py"))), "phone": phone(p),
                     "company": company_name(c), "city": c["city"] if rng.random() < 0.5 else None}
            elif ch == "web_form":
                r = {"name": person_name(p, rng.choice(("py", "en", "han"))),
                     "email": mail(p, personal=rng.random() < 0.4), "company": company_name(c),
                     "phone": phone(p) if rng.random() < 0.5 else None, "title": p["title"]}
            elif ch == "wecom":
                r = {"name": person_name(p, "han"), "wecom_unionid": p["unionid"], "company": c["core"],
                     "phone": phone(p) if rng.random() < 0.3 else None}
            elif ch == "email":
                r = {"name": person_name(p, rng.choice(("en", "py"))), "email": mail(p),
                     "company": company_name(c) if rng.random() < 0.5 else None}
            else:
                r = {"name": person_name(p, "han"), "company": c["legal"], "phone": phone(p),
                     "title": p["title"]}
            r["kind"] = "person"
            add(p["id"], ch, r)
    for c in companies:
        n_rec = 1 + min(int(rng.expovariate(0.8)), 4)
        for _ in range(n_rec):
            ch = rng.choice(("crm", "tender", "web_form", "ad_lead"))
            code = c["credit_code"]
            if rng.random() < noise * 0.1:
                code = code[:5] + code[6] + code[5] + code[7:]  # transposed: checksum catches it
            r = {"kind": "company", "name": company_name(c) if ch != "crm" else c["legal"],
                 "credit_code": code if ch in ("crm", "tender") or rng.random() < 0.2 else None,
                 "city": c["city"] if rng.random() < 0.7 else None,
                 "phone": f"0{rng.choice(('10', '21', '755'))}-{rng.randrange(10**7, 10**8)}"
                 if rng.random() < 0.2 else None,
                 "email": f"info@{c['domain']}" if rng.random() < 0.3 else None}
            add(c["id"], ch, r)
    order = list(range(len(rows)))
    rng.shuffle(order)
    return [rows[i] for i in order], truth


EN_GIVEN = ("james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles",
            "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah",
            "karen", "emily", "olivia", "liam", "noah", "oliver", "ethan", "lucas", "mason", "ava", "mia",
            "chloe", "grace", "jack", "harry", "george", "amelia", "isla", "ella", "lily", "sophie")
NICK = {"william": "bill", "robert": "bob", "richard": "dick", "james": "jim", "michael": "mike",
        "elizabeth": "liz", "thomas": "tom", "charles": "charlie", "joseph": "joe", "jennifer": "jen",
        "patricia": "pat", "david": "dave", "susan": "sue", "barbara": "barb"}
EN_SURNAMES = ("smith", "johnson", "williams", "brown", "jones", "miller", "davis", "wilson", "anderson",
               "taylor", "thomas", "moore", "martin", "jackson", "thompson", "white", "harris", "clark",
               "lewis", "robinson", "walker", "young", "allen", "king", "wright", "scott", "green", "baker",
               "adams", "nelson", "hill", "campbell", "mitchell", "roberts", "carter", "phillips", "evans",
               "turner", "torres", "parker", "collins", "edwards", "stewart", "morris", "murphy", "cook",
               "rogers", "morgan", "cooper", "peterson", "reed", "bailey", "kelly", "howard", "ward", "cox")
STREETS = ("oak", "maple", "cedar", "pine", "elm", "view", "hill", "lake", "park", "river", "church", "station",
           "victoria", "king", "queen", "george", "high", "mill", "bridge", "north")
STREET_KIND = (("street", "st"), ("road", "rd"), ("avenue", "ave"), ("drive", "dr"), ("lane", "ln"))
SUBURBS = ("richmond", "carlton", "fitzroy", "brunswick", "kew", "hawthorn", "toorak", "st kilda", "footscray",
           "preston", "coburg", "northcote", "box hill", "camberwell", "malvern")


def generate_en_people(n_people: int = 1000, noise: float = 0.2, seed: int = 2
                       ) -> tuple[list[dict], dict[str, str]]:
    """-> (rows with rec_id, given_name, surname, date_of_birth, street_address, suburb, postcode,
    phone_number; truth rec_id -> person id). A third of people live in families."""
    rng = random.Random(seed)
    people = []
    while len(people) < n_people:
        surname = rng.choice(EN_SURNAMES)
        num, street, kind = rng.randrange(1, 300), rng.choice(STREETS), rng.choice(STREET_KIND)
        suburb = rng.randrange(len(SUBURBS))
        landline = f"03 9{rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
        family = rng.randrange(2, 5) if rng.random() < 0.33 else 1
        for _ in range(family):
            people.append({"id": f"E{len(people):06d}", "given": rng.choice(EN_GIVEN), "surname": surname,
                           "dob": (rng.randrange(1940, 2005), rng.randrange(1, 13), rng.randrange(1, 29)),
                           "address": (num, street, kind), "suburb": SUBURBS[suburb], "postcode": 3000 + suburb * 7,
                           "phone": landline if family > 1 and rng.random() < 0.6
                           else f"04{rng.randrange(10, 99)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}"})
    rows, truth = [], {}
    for p in people[:n_people]:
        for _ in range(1 + min(int(rng.expovariate(0.9)), 4)):
            g, s = p["given"], p["surname"]
            if rng.random() < noise * 0.3 and g in NICK:
                g = NICK[g]
            if rng.random() < noise * 0.4:
                g = _typo(rng, g)
            if rng.random() < noise * 0.4:
                s = _typo(rng, s)
            if rng.random() < noise * 0.1:
                g, s = s, g
            y, m, d = p["dob"]
            if rng.random() < noise * 0.3:
                m, d = (d, m) if d <= 12 else (m, max(1, d - 1))
            dob = rng.choice((f"{y}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y}", f"{y}{m:02d}{d:02d}"))
            num, street, (long_k, short_k) = p["address"]
            if rng.random() < noise * 0.2:
                num += rng.choice((-1, 1, 10))
            addr = f"{num} {_typo(rng, street) if rng.random() < noise * 0.3 else street} " \
                   f"{short_k if rng.random() < 0.5 else long_k}"
            row = {"given_name": g.capitalize() if rng.random() < 0.7 else g, "surname": s.upper()
                   if rng.random() < 0.2 else s.capitalize(), "date_of_birth": dob, "street_address": addr,
                   "suburb": p["suburb"], "postcode": str(p["postcode"]), "phone_number": p["phone"]}
            for key in list(row):
                if key not in ("given_name", "surname") and rng.random() < noise * 0.3:
                    row[key] = ""
            rid = f"rec-{len(rows):06d}"
            rows.append({"rec_id": rid, **row})
            truth[rid] = p["id"]
    rng.shuffle(rows)
    return rows, truth


def write_csv(path: Path, rows: list[dict], encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=encoding) as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def truth_pairs(ids: list[str], truth: dict[str, str]) -> set[tuple[int, int]]:
    """All (i, j), i < j, of records with the same entity: the pairwise ground truth."""
    groups: dict[str, list[int]] = {}
    for i, rid in enumerate(ids):
        groups.setdefault(truth[rid], []).append(i)
    return {(a, b) for g in groups.values() for x, a in enumerate(g) for b in g[x + 1:]}
