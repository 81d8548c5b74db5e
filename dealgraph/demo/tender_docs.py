"""Realistic tender notices (PDF / HTML / text, Chinese and English) with ground truth.

    from dealgraph.demo.tender_docs import write_tender_documents
    truths = write_tender_documents(out_dir, random.Random(7), n=20)

Writes `<out_dir>/tenders/*.{pdf,html,txt}`, `<out_dir>/capabilities.csv` (our company's
certifications, products with spec sheets, services and reference cases, in the canonical
capability record), `<out_dir>/tender_history.csv` + `<out_dir>/awards.csv` (past tenders and
who won them) and `<out_dir>/truth/tenders.jsonl` (every field, and the match status of every
requirement against the capability set, whether the bid is admissible, and `fail_kind`: which
pass/fail item the generator meant the notice to fail, if any). Standalone: only reportlab and the stdlib.

Like a bid team's watch list, most notices ask for qualifications we hold; about FAIL_SHARE of them
fail one pass/fail item for a stated reason (FAIL_KINDS: a certificate we lack, one that lapses before
the deadline, registered capital or similar-project experience short, a ★ parameter unmet).

Layouts vary on purpose: header fields as lines or as a key/value table, technical
parameters as a table (long enough to run over pages) or as numbered prose, scoring as a
table or as lines, Chinese 招标公告 and English RFPs, and "scanned" spacing (letter-spaced
labels, doubled blanks).
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

# --- our company ------------------------------------------------------------------------------------------
# Products: parameter key -> (zh name, en name, value, unit). Ranges are (lo, hi).
PRODUCTS = {
    "switch": {"id": "cap-prod-switch", "zh": "核心交换机 DG-S9800", "en": "Core switch DG-S9800", "cat_zh": "核心交换机",
               "cat_en": "core switches",
               "params": {"switching_capacity": ("交换容量", "Switching capacity", 2.4, "Tbps"),
                          "forwarding_rate": ("包转发率", "Packet forwarding rate", 1440, "Mpps"),
                          "ports_10g": ("万兆端口数量", "Number of 10G ports", 48, "个"),
                          "operating_temperature": ("工作温度", "Operating temperature", (0, 45), "℃"),
                          "power": ("整机功耗", "Power consumption", 350, "W"),
                          "mac_table": ("MAC地址表", "MAC address table", 256, "K")}},
    "server": {"id": "cap-prod-server", "zh": "机架式服务器 DG-R5300", "en": "Rack server DG-R5300", "cat_zh": "服务器",
               "cat_en": "servers",
               "params": {"cpu_cores": ("CPU核数", "CPU cores", 64, "核"),
                          "memory": ("内存容量", "Memory", 512, "GB"),
                          "storage_capacity": ("存储容量", "Storage capacity", 20, "TB"),
                          "nic_speed": ("网卡速率", "NIC speed", 25, "Gbps"),
                          "operating_temperature": ("工作温度", "Operating temperature", (5, 40), "℃"),
                          "power": ("电源功率", "Power supply", 800, "W")}},
    "firewall": {"id": "cap-prod-firewall", "zh": "下一代防火墙 DG-F600", "en": "Next-generation firewall DG-F600",
                 "cat_zh": "防火墙", "cat_en": "firewalls",
                 "params": {"throughput": ("防火墙吞吐量", "Firewall throughput", 40, "Gbps"),
                            "concurrent_sessions": ("并发连接数", "Concurrent sessions", 1000, "万"),
                            "new_sessions": ("每秒新建连接数", "New sessions per second", 40, "万"),
                            "ports_10g": ("万兆端口数量", "Number of 10G ports", 8, "个"),
                            "operating_temperature": ("工作温度", "Operating temperature", (0, 40), "℃")}},
}
# Parameters no product of ours has: a requirement on them is "unknown".
UNCOVERED = [("ip_rating", "防护等级", "Ingress protection rating", 65, "级"),
             ("mtbf", "平均无故障时间", "MTBF", 200000, "小时"),
             ("noise", "运行噪音", "Operating noise", 45, "dB")]
CERTS = {  # key: (zh text, en text, level, ours: (valid_until or None when we lack it))
    "iso9001": ("ISO 9001质量管理体系认证证书", "ISO 9001 quality management certificate", None),
    "iso27001": ("ISO 27001信息安全管理体系认证证书", "ISO 27001 information security certificate", None),
    "iso20000": ("ISO 20000信息技术服务管理体系认证证书", "ISO 20000 IT service management certificate", None),
    "iso14001": ("ISO 14001环境管理体系认证证书", "ISO 14001 environmental management certificate", None),
    "cmmi": ("CMMI {lvl}级及以上认证", "CMMI Level {lvl} or higher appraisal", "level"),
    "mlps": ("信息安全等级保护三级测评报告", "MLPS level 3 (等保三级) assessment", None),
    "itss": ("ITSS信息技术服务运维{lvlzh}级及以上资质", "ITSS level {lvl} or higher", "level"),
}
OUR_CERTS = {"iso9001": {"valid_until": "2028-06-30"}, "iso27001": {"valid_until": "2025-04-30"},
             "iso20000": {"valid_until": "2027-12-31"}, "cmmi": {"valid_until": "2027-09-30", "level": 3},
             "mlps": {"valid_until": "2026-12-31"}, "itss": {"valid_until": "2026-08-31", "level": 2}}
OUR_CAPITAL_WAN = 5000  # 注册资本 (万元)
OUR_SERVICES = {"support_7x24": {"response_hours": 2, "warranty_years": 5}}
REFERENCE_CASES = [
    ("cap-ref-01", "杭州市公安局视频专网改造", "政府", 4_200_000, 2023), ("cap-ref-02", "浙江大学校园网升级", "教育", 3_100_000, 2024),
    ("cap-ref-03", "宁波市第一医院数据中心", "医疗", 5_600_000, 2022), ("cap-ref-04", "江苏银行灾备网络", "金融", 8_800_000, 2024),
    ("cap-ref-05", "苏州市政务云扩容", "政府", 2_900_000, 2024), ("cap-ref-06", "深圳市教育局城域网", "教育", 6_300_000, 2021),
    ("cap-ref-07", "温州医科大学附属第二医院信息平台", "医疗", 3_800_000, 2024),
    ("cap-ref-08", "杭州银行网络安全改造", "金融", 2_600_000, 2023),
    ("cap-ref-09", "南京市第十三中学智慧校园", "教育", 1_200_000, 2023),
    ("cap-ref-10", "湖州市政务外网升级", "政府", 3_300_000, 2022),
]
INDUSTRY_EN = {"政府": "government", "教育": "education", "医疗": "healthcare", "金融": "finance"}

BUYERS_ZH = [("杭州市数据资源管理局", "浙江省杭州市", "政府"), ("宁波市卫生健康委员会", "浙江省宁波市", "医疗"),
             ("南京市教育局", "江苏省南京市", "教育"), ("苏州市公安局", "江苏省苏州市", "政府"),
             ("深圳市人民医院", "广东省深圳市", "医疗"), ("广州市财政局", "广东省广州市", "政府"),
             ("成都市第二中学", "四川省成都市", "教育"), ("武汉市农村商业银行", "湖北省武汉市", "金融")]
AGENCIES_ZH = ["浙江华信招标有限公司", "江苏省国际招标公司", "广东采联采购招标有限公司", "四川国际招标有限责任公司",
               "中化商务有限公司"]
BUYERS_EN = [("City of Springfield Department of Information Technology", "Springfield, Illinois", "government"),
             ("Riverside Unified School District", "Riverside, California", "education"),
             ("Northfield Regional Hospital", "Northfield, Minnesota", "healthcare"),
             ("Lakeshore Credit Union", "Madison, Wisconsin", "finance")]
AGENCIES_EN = ["Midwest Procurement Services LLC", "Pacific Tender Partners Inc.", "Great Lakes Sourcing Group"]
COMPETITORS = ["华为技术有限公司", "新华三技术有限公司", "锐捷网络股份有限公司", "中兴通讯股份有限公司", "浪潮电子信息产业股份有限公司",
               "深信服科技股份有限公司", "迪普科技股份有限公司", "神州数码系统集成服务有限公司"]
OUR_COMPANY = "德格智联科技有限公司"


@dataclass
class ReqTruth:
    kind: str
    text: str
    parameter: str | None
    operator: str | None
    value: Any
    unit: str | None
    mandatory: bool
    important: bool
    status: str
    key: str


@dataclass
class TenderSpec:
    id: str
    lang: str
    fmt: str
    category: str
    project_name: str
    tender_number: str
    buyer: str
    agency: str
    region: str
    region_written: bool
    industry: str
    budget: float
    max_price: float | None
    currency: str
    deadline: datetime
    opening: datetime
    lots: list[dict] = field(default_factory=list)
    requirements: list[ReqTruth] = field(default_factory=list)
    scoring: list[tuple[str, float]] = field(default_factory=list)
    layout: dict = field(default_factory=dict)
    fail_kind: str | None = None  # the pass/fail item the generator meant this notice to fail (FAIL_KINDS)


# --- capability set ---------------------------------------------------------------------------------------
def capability_records() -> list[dict]:
    """Our capabilities in the canonical capability record (records.md)."""
    rows: list[dict] = []
    for key, mine in OUR_CERTS.items():
        zh, en, _lvl = CERTS[key]
        level = mine.get("level")
        name = zh.format(lvl=level, lvlzh="一二三四五"[(level or 1) - 1]).replace("及以上", "")
        spec = f"level={level}" if level else ""
        rows.append({"id": f"cap-cert-{key}", "kind": "certification", "name": name,
                     "text": en.format(lvl=level).replace(" or higher", ""), "spec": spec,
                     "valid_until": mine["valid_until"], "customer": "", "industry": "", "amount": "", "year": ""})
    rows.append({"id": "cap-cert-license", "kind": "certification", "name": "营业执照 Business licence",
                 "text": "企业法人营业执照，注册资本5000万元 registered capital", "spec": f"注册资本={OUR_CAPITAL_WAN}万元",
                 "valid_until": "2099-12-31", "customer": "", "industry": "", "amount": "", "year": ""})
    for p in PRODUCTS.values():
        spec = "; ".join(f"{zh}={_fmt_val(v)}{unit}" for zh, _en, v, unit in p["params"].values())
        rows.append({"id": p["id"], "kind": "product", "name": f"{p['zh']} / {p['en']}", "text": f"{p['cat_zh']} {p['cat_en']}",
                     "spec": spec, "valid_until": "", "customer": "", "industry": "", "amount": "", "year": ""})
    s = OUR_SERVICES["support_7x24"]
    rows.append({"id": "cap-svc-support", "kind": "service", "name": "7×24小时技术支持与原厂质保 / 7x24 support",
                 "text": "7x24 hour technical support, on-site response, warranty",
                 "spec": f"响应时间={s['response_hours']}小时; 质保期={s['warranty_years']}年",
                 "valid_until": "", "customer": "", "industry": "", "amount": "", "year": ""})
    for rid, customer, industry, amount, year in REFERENCE_CASES:
        rows.append({"id": rid, "kind": "reference_case", "name": customer, "text": f"类似项目业绩 similar project {customer}",
                     "spec": "", "valid_until": "", "customer": customer, "industry": industry, "amount": amount,
                     "year": year})
    return rows


def _fmt_val(v: Any) -> str:
    if isinstance(v, tuple):
        return f"{_fmt_val(v[0])}~{_fmt_val(v[1])}"
    return str(int(v)) if float(v).is_integer() else str(v)


# --- truth of a requirement against the capability set ------------------------------------------------------
def _num_status(op: str, have: Any, want: Any) -> str:
    if op == "range":
        lo, hi = want
        hlo, hhi = have if isinstance(have, tuple) else (have, have)
        if hlo <= lo and hhi >= hi:
            return "met"
        return "partial" if hlo <= hi and hhi >= lo else "unmet"
    if op == ">=":
        return "met" if have >= want else "partial" if have >= 0.9 * want else "unmet"
    if op == "<=":
        return "met" if have <= want else "partial" if have <= 1.1 * want else "unmet"
    return "met" if have == want else "unmet"


_UNIT_ALT = {"Tbps": ("Gbps", 1000), "Gbps": ("Mbps", 1000), "TB": ("GB", 1024), "GB": ("MB", 1024)}


def _technical(rng: random.Random, cat: str, lang: str, star_unmet: bool = False) -> list[ReqTruth]:
    """Technical parameters; a ★ item is unmet only when `star_unmet` (then exactly one is)."""
    p = PRODUCTS[cat]["params"]
    keys = list(p)
    rng.shuffle(keys)
    out = []
    for key in keys[: rng.randint(4, len(keys))]:
        zh, en, have, unit = p[key]
        name = zh if lang == "zh" else en
        target = "unmet" if star_unmet and not out else rng.choices(["met", "partial", "unmet"], [0.6, 0.15, 0.25])[0]
        if isinstance(have, tuple):
            op = "range"
            lo, hi = have
            want = (lo + rng.choice([0, 5]), hi - rng.choice([0, 5])) if target == "met" else (lo - 10, hi + 10) \
                if target == "partial" else (hi + 5, hi + 25)
        elif key == "power":
            op = "<="
            f = {"met": rng.choice([1.0, 1.2, 1.5]), "partial": 0.95, "unmet": 0.6}[target]
            want = round(have * f)
        else:
            op = ">="
            f = {"met": rng.choice([0.5, 0.8, 1.0]), "partial": 1.05, "unmet": rng.choice([1.5, 2.0])}[target]
            want = round(have * f, 2)
            want = int(want) if float(want).is_integer() else want
        w_unit = unit
        if op == ">=" and unit in _UNIT_ALT and rng.random() < 0.3:  # the notice uses another unit
            w_unit, factor = _UNIT_ALT[unit]
            want = round(want * factor)
            status = _num_status(op, have * factor, want)
        else:
            status = _num_status(op, have, want)
        out.append(_req("technical", name, op, want, w_unit, status, key, lang, rng))
    # One parameter nothing of ours covers.
    if rng.random() < 0.7:
        key, zh, en, v, unit = rng.choice(UNCOVERED)
        out.append(_req("technical", zh if lang == "zh" else en, ">=", v, unit, "unknown", key, lang, rng))
    s = OUR_SERVICES["support_7x24"]
    if rng.random() < 0.8:
        want = rng.choice([1, 2, 4])
        name = "故障响应时间" if lang == "zh" else "Fault response time"
        out.append(_req("technical", name, "<=", want, "小时" if lang == "zh" else "hours",
                        _num_status("<=", s["response_hours"], want), "response_hours", lang, rng))
    if rng.random() < 0.8:
        want = rng.choice([3, 5, 6])
        name = "质保期" if lang == "zh" else "Warranty period"
        out.append(_req("technical", name, ">=", want, "年" if lang == "zh" else "years",
                        _num_status(">=", s["warranty_years"], want), "warranty_years", lang, rng))
    for k, r in enumerate(out):  # an unmet ★ item makes the bid inadmissible: only where meant
        if star_unmet and k == 0:
            r.mandatory, r.important = True, False
        elif r.status == "unmet" and r.mandatory:
            r.mandatory, r.important = False, True  # ▲ (scored) instead of ★
    return out


def _req(kind: str, name: str, op: str, want: Any, unit: str, status: str, key: str, lang: str,
         rng: random.Random, text: str | None = None) -> ReqTruth:
    if text is None:
        text = _spec_text(name, op, want, unit, lang, rng)
    mandatory = rng.random() < 0.12
    important = not mandatory and rng.random() < 0.2
    value = list(want) if isinstance(want, tuple) else want
    return ReqTruth(kind, text, name, op, value, unit, mandatory, important, status, key)


def _spec_text(name: str, op: str, want: Any, unit: str, lang: str, rng: random.Random) -> str:
    v = _fmt_val(want) if not isinstance(want, tuple) else None
    if op == "range":
        lo, hi = (_fmt_val(x) for x in want)
        return rng.choice([f"{name}：{lo}{unit}~{hi}{unit}", f"{name}：{lo}~{hi}{unit}"]) if lang == "zh" else \
            rng.choice([f"{name}: {lo} to {hi} {unit}", f"{name}: {lo}-{hi}{unit}"])
    if lang == "zh":
        words = {">=": ["≥", "不低于", "不少于", "≥ "], "<=": ["≤", "不超过", "不高于"]}[op]
        w = rng.choice(words)
        return rng.choice([f"{name}{w}{v}{unit}", f"{name}：{w}{v}{unit}"]) if w in "≥≤" else f"{name}{w}{v}{unit}"
    words = {">=": ["≥", ">=", "at least", "minimum"], "<=": ["≤", "<=", "no more than", "maximum"]}[op]
    w = rng.choice(words)
    return f"{name} {w} {v} {unit}"


# --- which pass/fail item a notice fails, if any ------------------------------------------------------------
# A bid team watches tenders in its own field: most ask for what we hold. A minority fail one pass/fail
# item, each for a stated reason; the truth below is still computed from what was written.
FAIL_SHARE = 0.22
FAIL_KINDS = ("lacking_certificate", "expired_certificate", "capital_short", "experience_short", "star_spec_unmet")
_LEVELS = {"cmmi": [2, 3, 3, 5], "itss": [1, 2, 3]}  # levels notices ask for


def tender_fate(rng: random.Random, deadline: datetime) -> str | None:
    """None (admissible) or the kind of pass/fail item this notice will fail."""
    if rng.random() >= FAIL_SHARE:
        return None
    kind = rng.choice(FAIL_KINDS)
    if kind == "expired_certificate" and not _expired_certs(deadline):
        kind = "lacking_certificate"
    return kind


def _valid_certs(deadline: datetime) -> list[str]:
    return [k for k, mine in OUR_CERTS.items() if date.fromisoformat(mine["valid_until"]) >= deadline.date()]


def _expired_certs(deadline: datetime) -> list[str]:
    return [k for k, mine in OUR_CERTS.items() if date.fromisoformat(mine["valid_until"]) < deadline.date()]


def _lacking_certs() -> list[tuple[str, int | None]]:
    """(key, level) we cannot show: a certificate we never had, or a level above ours."""
    out: list[tuple[str, int | None]] = [(k, None) for k in CERTS if k not in OUR_CERTS]
    for key, levels in _LEVELS.items():
        out += [(key, lvl) for lvl in sorted(set(levels)) if lvl > OUR_CERTS.get(key, {}).get("level", 0)]
    return out


def _cert_req(rng: random.Random, lang: str, deadline: datetime, key: str, lvl: int | None) -> ReqTruth:
    zh, en, _lvl_kind = CERTS[key]
    text_zh = "具有有效的" + zh.format(lvl=lvl, lvlzh="一二三四五"[(lvl or 1) - 1])
    text_en = "The bidder must hold a valid " + en.format(lvl=lvl)
    mine = OUR_CERTS.get(key)
    # our capability records list every certificate we hold: lacking one is unmet, like an expired one
    if mine is None or date.fromisoformat(mine["valid_until"]) < deadline.date() \
            or lvl is not None and mine.get("level", 0) < lvl:
        status = "unmet"
    else:
        status = "met"
    text = text_zh if lang == "zh" else text_en
    parameter, op, value, unit = None, None, None, None
    if key == "mlps":  # "三级" / "level 3" is read as a level
        parameter = "信息安全等级保护" if lang == "zh" else None
        op, value, unit = "=", 3, "级"
    if lvl is not None:
        parameter = "CMMI" if key == "cmmi" else ("ITSS信息技术服务运维" if lang == "zh" else "ITSS level")
        if lang == "en" and key == "cmmi":
            parameter = "CMMI Level"
        op, value, unit = ">=", lvl, ("级" if lang == "zh" else None)
    r = ReqTruth("qualification", text, parameter, op, value, unit, False, False, status, key)
    r.mandatory = rng.random() < 0.25
    return r


def _qualification(rng: random.Random, lang: str, deadline: datetime, industry: str,
                   fate: str | None = None) -> list[ReqTruth]:
    out = []
    failing: tuple[str, int | None] | None = None
    if fate == "lacking_certificate":
        failing = rng.choice(_lacking_certs())
    elif fate == "expired_certificate":
        failing = (rng.choice(_expired_certs(deadline)), None)
    held = [k for k in _valid_certs(deadline) if failing is None or k != failing[0]]
    for key in rng.sample(held, min(len(held), rng.randint(2, 4))):
        mine_lvl = OUR_CERTS[key].get("level")
        lvl = rng.choice([x for x in _LEVELS[key] if x <= mine_lvl]) if key in _LEVELS else None
        out.append(_cert_req(rng, lang, deadline, key, lvl))
    if failing is not None:
        out.insert(rng.randint(0, len(out)), _cert_req(rng, lang, deadline, *failing))
    caps = [c for c in (1000, 2000, 3000, 5000, 8000, 10000)
            if (c > OUR_CAPITAL_WAN) == (fate == "capital_short")]
    cap = rng.choice(caps)
    text = f"注册资本不低于{cap}万元" if lang == "zh" else f"Registered capital of at least CNY {cap * 10000:,}"
    out.append(ReqTruth("qualification", text, "注册资本" if lang == "zh" else "Registered capital", ">=",
                        cap if lang == "zh" else cap * 10000, "万元" if lang == "zh" else "CNY", rng.random() < 0.15,
                        False, "met" if OUR_CAPITAL_WAN >= cap else "unmet", "registered_capital"))
    refs = [r for r in REFERENCE_CASES if r[2] == industry and r[4] >= deadline.year - 3]
    n = len(refs) + rng.choice([1, 2]) if fate == "experience_short" else rng.randint(1, len(refs)) if refs else 0
    if n:  # an admissible notice with no similar projects of ours in the window asks for none
        ind_en = INDUSTRY_EN.get(industry, industry)
        status = "met" if len(refs) >= n else "partial" if refs else "unmet"
        text = f"近三年具有不少于{n}个{industry}行业类似项目业绩" if lang == "zh" else \
            f"At least {n} similar projects in the {ind_en} sector in the last three years"
        out.append(ReqTruth("qualification", text, f"{industry}行业类似项目业绩" if lang == "zh" else "similar projects",
                            ">=", n, "个" if lang == "zh" else None, False, rng.random() < 0.5, status,
                            "similar_projects"))
    return out


# --- one tender -------------------------------------------------------------------------------------------
def make_tender(rng: random.Random, i: int, lang: str | None = None, fmt: str | None = None,
                big: bool = False) -> TenderSpec:
    lang = lang or rng.choice(["zh", "zh", "en"])
    fmt = fmt or rng.choice(["pdf", "pdf", "html", "txt"])
    cat = rng.choice(list(PRODUCTS))
    base = datetime(2025, 1, 6, tzinfo=UTC) + timedelta(days=rng.randint(0, 300))
    if lang == "zh":
        buyer, region, industry = rng.choice(BUYERS_ZH)
        agency = rng.choice(AGENCIES_ZH)
        tz = timezone(timedelta(hours=8))
        cur = "CNY"
        name = f"{buyer.removesuffix('局').removesuffix('委员会')}{rng.choice(['信息化', '数据中心', '网络安全', '智慧'])}" \
               f"{PRODUCTS[cat]['cat_zh']}采购项目"
        number = f"{rng.choice(['ZJ', 'JS', 'GD', 'SC', 'HB'])}CG-{base.year}-{rng.randint(100, 9999):04d}"
        budget = rng.choice([120, 280, 350, 480, 960, 1500]) * 10_000
    else:
        buyer, region, industry = rng.choice(BUYERS_EN)
        agency = rng.choice(AGENCIES_EN)
        tz = rng.choice([timezone(timedelta(hours=-5)), timezone(timedelta(hours=-8)), timezone(timedelta(hours=-6))])
        cur = "USD"
        name = f"{rng.choice(['Campus', 'Data Center', 'Enterprise', 'Network Security'])} " \
               f"{PRODUCTS[cat]['cat_en'].title()} Procurement"
        number = f"RFP-{base.year}-{rng.randint(10, 999):03d}"
        budget = rng.choice([250_000, 480_000, 1_200_000, 2_500_000])
    ind_zh = industry if lang == "zh" else {v: k for k, v in INDUSTRY_EN.items()}[industry]
    deadline = base.replace(hour=rng.choice([9, 10, 14]), minute=rng.choice([0, 30]), tzinfo=None).replace(tzinfo=tz)
    opening = deadline if rng.random() < 0.6 else deadline + timedelta(hours=rng.choice([0.5, 1, 24]))
    max_price = budget * rng.choice([0.95, 1.0]) if rng.random() < 0.6 else None
    t = TenderSpec(f"T{i:04d}", lang, fmt, cat, name, number, buyer, agency, region, rng.random() < 0.6, industry,
                   budget, max_price, cur, deadline, opening)
    if rng.random() < 0.4:
        n_lots = rng.randint(2, 3)
        shares = [0.5, 0.3, 0.2][:n_lots]
        shares[-1] += 1 - sum(shares)
        for k in range(n_lots):
            lot_name = (f"{PRODUCTS[cat]['cat_zh']}及配套设备{k + 1}" if lang == "zh"
                        else f"{PRODUCTS[cat]['cat_en'].title()} part {k + 1}")
            t.lots.append({"number": str(k + 1), "name": lot_name, "budget": round(budget * shares[k])})
    fate = t.fail_kind = None if big else tender_fate(rng, deadline)
    t.requirements = _qualification(rng, lang, deadline, ind_zh, fate) + \
        _technical(rng, cat, lang, star_unmet=fate == "star_spec_unmet")
    if big:
        extra = []
        for k in range(950):
            key, zh, en, v, unit = UNCOVERED[k % len(UNCOVERED)]
            nm = f"{zh}{k + 1}" if lang == "zh" else f"{en} {k + 1}"
            extra.append(_req("technical", nm, ">=", v + k, unit, "unknown", key, lang, rng))
        t.requirements += extra
    t.scoring = ([("价格分", 30.0), ("技术方案", 40.0), ("商务评分", 20.0), ("售后服务", 10.0)] if lang == "zh" else
                 [("Price", 30.0), ("Technical approach", 40.0), ("Past performance", 20.0), ("Support and warranty", 10.0)])
    if rng.random() < 0.5:
        t.scoring = [(a, b) for a, b in t.scoring[:3]]
        t.scoring[-1] = (t.scoring[-1][0], 30.0)
    t.layout = {"kv_table": rng.random() < 0.4, "tech_table": big or rng.random() < 0.6,
                "scoring_table": rng.random() < 0.6, "scanned": rng.random() < 0.25 and not big,
                "money_style": rng.randint(0, 3), "date_style": rng.randint(0, 4), "labels": rng.randint(0, 2),
                "parties_in_header": rng.random() < 0.4, "marker_column": rng.random() < 0.3, "filler": 230 if big else rng.randint(0, 6)}
    return t


# --- the abstract document ---------------------------------------------------------------------------------
def _money_text(t: TenderSpec, amount: float, style: int) -> str:
    if t.currency == "CNY":
        wan = amount / 10_000
        wan_s = _fmt_val(round(wan, 4))
        return [f"{wan:.7f} 万元（人民币）", f"人民币 {wan_s} 万元", f"¥{amount:,.2f}", f"{wan_s}万元"][style]
    return [f"USD {amount:,.0f}", f"${amount / 1e6:g} million" if amount >= 1e6 else f"${amount:,.2f}",
            f"US$ {amount:,.2f}", f"USD {amount:,.0f}"][style]


def _date_text(t: TenderSpec, d: datetime, style: int) -> str:
    if t.lang == "zh":
        ampm = "上午" if d.hour < 12 else "下午"
        return [f"{d.year}年{d.month:02d}月{d.day:02d}日 {d.hour:02d}点{d.minute:02d}分（北京时间）",
                f"{d:%Y-%m-%d %H:%M}", f"{d.year}年{d.month}月{d.day}日 {d.hour}:{d.minute:02d}",
                f"{d.year}年{d.month}月{d.day}日{ampm}{d.hour % 12 or 12}时{d.minute:02d}分", f"{d:%Y/%m/%d %H:%M}"][style]
    tzname = {-5: "EST", -8: "PST", -6: "CST"}[int(d.utcoffset().total_seconds() // 3600)]
    h12 = d.hour % 12 or 12
    ampm = "AM" if d.hour < 12 else "PM"
    return [f"{d:%B} {d.day}, {d.year} {h12}:{d.minute:02d} {ampm} {tzname}",
            f"{d.day} {d:%B} {d.year} at {d:%H:%M} ({tzname})", f"{d:%B} {d.day}, {d.year}, {h12}:{d.minute:02d} {ampm} {tzname}",
            f"{d:%b}. {d.day}, {d.year} {h12}:{d.minute:02d} {ampm.lower()[0]}.m. {tzname}",
            f"{d:%A}, {d:%B} {d.day}, {d.year} at {h12}:{d.minute:02d} {ampm} {tzname}"][style]


def _spaced(label: str, on: bool) -> str:
    return " ".join(label) if on else label


def document_elements(t: TenderSpec, rng: random.Random) -> list[tuple]:
    """("title"|"heading"|"para"|"table", ...) in reading order."""
    L = t.layout
    zh = t.lang == "zh"
    sc = L["scanned"]
    els: list[tuple] = []
    money = _money_text(t, t.budget, L["money_style"])
    maxp = _money_text(t, t.max_price, L["money_style"]) if t.max_price else None
    dl = _date_text(t, t.deadline, L["date_style"])
    op = _date_text(t, t.opening, L["date_style"])
    if zh:
        els.append(("title", f"{t.project_name}公开招标公告"))
        els.append(("para", f"{t.project_name}的潜在投标人应在政府采购网获取招标文件，并按规定时间提交投标文件。"))
        els.append(("heading", "一、项目基本情况"))
        v = L.get("labels", 0)
        kv = [(["项目编号", "招标编号", "采购项目编号"][v], t.tender_number),
              (["项目名称", "采购项目名称", "招标项目名称"][v], t.project_name),
              (["预算金额", "采购预算", "项目预算金额"][v], money)]
        if maxp:
            kv.append((["最高限价（如有）", "最高投标限价", "招标控制价"][v], maxp))
        if t.region_written:
            kv.append((["行政区域", "项目所在地区", "行政区域"][v], t.region))
        if L.get("parties_in_header"):
            kv += [("采购人", t.buyer), ("采购代理机构", t.agency)]
        kv += [(["投标截止时间", "递交投标文件截止时间", "响应文件提交截止时间"][v], dl), ("开标时间", op)] \
            if t.opening != t.deadline else []
    else:
        els.append(("title", f"Request for Proposals: {t.project_name}"))
        els.append(("para", f"{t.buyer} invites sealed proposals from qualified vendors for the project described below."))
        els.append(("heading", "1. General Information"))
        v = L.get("labels", 0)
        kv = [(["RFP No.", "Solicitation Number", "Tender Reference"][v], t.tender_number),
              (["Project Title", "Project Name", "Title of Project"][v], t.project_name),
              (["Issuing Agency", "Buyer", "Contracting Authority"][v], t.buyer),
              (["Procurement Agent", "Tender Agent", "Procurement Agency"][v], t.agency),
              (["Estimated Budget", "Budget", "Estimated Contract Value"][v], money)]
        if maxp:
            kv.append((["Maximum Price", "Ceiling Price", "Not-to-Exceed Amount"][v], maxp))
        if t.region_written:
            kv.append((["Location", "Place of Performance", "Project Location"][v], t.region))
        kv += [(["Proposals Due", "Submission Deadline", "Closing Date and Time"][v], dl),
               (["Bid Opening", "Public Opening", "Opening Date"][v], op)]
    if L["kv_table"]:
        rows = [[kv[k][0], kv[k][1]] + ([kv[k + 1][0], kv[k + 1][1]] if k + 1 < len(kv) else ["", ""])
                for k in range(0, len(kv), 2)]
        els.append(("table", None, rows))
    else:
        sep = "：" if zh else ": "
        els += [("para", f"{_spaced(k, sc and zh)}{sep}{'  ' if sc else ''}{v}") for k, v in kv]
    if t.lots:
        if zh:
            els.append(("para", "本项目分为以下采购包："))
            els.append(("table", ["包号", "包名称", "预算金额（元）"],
                        [[lot["number"], lot["name"], f"{lot['budget']:,.2f}"] for lot in t.lots]))
        else:
            els += [("para", f"Lot {lot['number']}: {lot['name']}, budget {_money_text(t, lot['budget'], 0)}")
                    for lot in t.lots]
    for k in range(L["filler"]):
        els.append(("para", ("本项目严格按照《中华人民共和国政府采购法》及其实施条例组织实施，投标人应认真阅读招标文件的全部内容，"
                             "按要求编制投标文件。" if zh else
                             "Vendors shall read the entire solicitation and prepare proposals as instructed. ") * 3))
    quals = [r for r in t.requirements if r.kind == "qualification"]
    techs = [r for r in t.requirements if r.kind == "technical"]
    els.append(("heading", "二、申请人的资格要求" if zh else "2. Qualification Requirements"))
    for k, r in enumerate(quals, 1):
        mark = "★" if r.mandatory else "▲" if r.important else ""
        end = "；" if zh else "."
        els.append(("para", f"{mark}{k}. {r.text}{end}" if rng.random() < 0.5 else f"{mark}（{k}）{r.text}{end}"
                    if zh else f"{mark}{k}. {r.text}{end}"))
    if zh:
        els.append(("heading", "三、获取招标文件"))
        els.append(("para", (f"时间：{t.deadline.year}年{max(1, t.deadline.month - 1)}月1日至{t.deadline.year}年"
                            f"{max(1, t.deadline.month - 1)}月7日，每天上午9:00至12:00（北京时间）")))
        els.append(("heading", "四、提交投标文件截止时间、开标时间和地点"))
        if t.opening == t.deadline:
            els.append(("para", dl))
        else:
            els.append(("para", f"投标截止时间：{dl}"))
            els.append(("para", f"开标时间：{op}"))
        els.append(("para", "地点：政府采购电子交易平台"))
        els.append(("heading", "五、技术参数要求"))
    else:
        els.append(("heading", "3. Technical Specifications"))
    if L["tech_table"]:
        head = ["序号", "参数名称", "技术要求"] if zh else ["No.", "Parameter", "Requirement"]
        if L.get("marker_column"):
            head = head + (["类别"] if zh else ["Type"])
        rows = []
        for k, r in enumerate(techs, 1):
            mark = "★" if r.mandatory else "▲" if r.important else ""
            req_text = r.text.split("：", 1)[-1] if zh else r.text.split(": ", 1)[-1]
            if req_text.startswith(r.parameter):
                req_text = req_text[len(r.parameter):].strip()
            rows.append([str(k), r.parameter, req_text, mark] if L.get("marker_column") else
                        [f"{mark}{k}", r.parameter, req_text])
        els.append(("table", head, rows))
    else:
        for k, r in enumerate(techs, 1):
            mark = "★" if r.mandatory else "▲" if r.important else ""
            els.append(("para", f"{mark}{k}. {r.text}{'；' if zh else ''}"))
    els.append(("heading", "六、评分标准" if zh else "4. Evaluation Criteria"))
    if L["scoring_table"]:
        head = ["评分项", "分值", "评分说明"] if zh else ["Criterion", "Points", "Description"]
        rows = [[item, _fmt_val(p), "按招标文件评审" if zh else "As described in the solicitation"] for item, p in t.scoring]
        els.append(("table", head, rows))
    else:
        style = L.get("labels", 0)
        for k, (item, p) in enumerate(t.scoring, 1):
            if zh:
                text = [f"{k}. {item}（{_fmt_val(p)}分）", f"（{k}）{item}：满分{_fmt_val(p)}分", f"{k}、{item} {_fmt_val(p)}分"][style]
            else:
                text = [f"{k}. {item} ({_fmt_val(p)} points)", f"{item}: {_fmt_val(p)} points", f"{item} - {_fmt_val(p)}%"][style]
            els.append(("para", text))
    if zh:
        els.append(("heading", "七、对本次招标提出询问，请按以下方式联系"))
        els.append(("para", "1.采购人信息"))
        els.append(("para", f"{_spaced('名称', True)}：{t.buyer}"))
        els.append(("para", f"地址：{t.region}人民路{rng.randint(1, 300)}号"))
        els.append(("para", "2.采购代理机构信息"))
        els.append(("para", f"名 称：{t.agency}"))
        els.append(("para", f"联系方式：0571-{rng.randint(80000000, 89999999)}"))
    else:
        els.append(("heading", "5. Contact"))
        els.append(("para", f"Questions shall be submitted in writing to {t.agency}."))
    return els


# --- rendering -------------------------------------------------------------------------------------------
def render_text(els: list[tuple], scanned: bool) -> str:
    out = []
    for e in els:
        if e[0] == "table":
            head, rows = e[1], e[2]
            out += ["| " + " | ".join(r) + " |" for r in ([head] if head else []) + rows]
        else:
            out.append(e[1].replace(" ", "  ") if scanned and e[0] == "para" and len(e[1]) < 60 else e[1])
    return "\n".join(out) + "\n"


def render_html(els: list[tuple]) -> str:
    from html import escape

    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>招标公告</title></head><body>",
             "<div class='nav'>首页 &gt; 采购公告</div>"]
    for e in els:
        if e[0] == "title":
            parts.append(f"<h1>{escape(e[1])}</h1>")
        elif e[0] == "heading":
            parts.append(f"<h3>{escape(e[1])}</h3>")
        elif e[0] == "para":
            parts.append(f"<p>{escape(e[1])}</p>")
        else:
            head, rows = e[1], e[2]
            parts.append("<table border='1'>")
            if head:
                parts.append("<tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>")
            parts += ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows]
            parts.append("</table>")
    parts.append("<script>var x = '项目名称：不是这个';</script></body></html>")
    return "\n".join(parts)


_FONT_READY = False


def _font() -> str:
    global _FONT_READY
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not _FONT_READY:
        pdfmetrics.registerFont(TTFont("WQY", CJK_FONT, subfontIndex=0))
        _FONT_READY = True
    return "WQY"


def render_pdf(els: list[tuple], path: Path, scanned: bool = False, lang: str = "zh") -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    base = ParagraphStyle("b", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK" if lang == "zh" else None)
    head_st = ParagraphStyle("h", parent=base, fontSize=12.5, leading=19, spaceBefore=6)
    title_st = ParagraphStyle("t", parent=base, fontSize=15, leading=22, alignment=1)
    cell_st = ParagraphStyle("c", parent=base, fontSize=9.5, leading=13)
    story: list = []
    for e in els:
        if e[0] == "title":
            story.append(Paragraph(escape(e[1]), title_st))
        elif e[0] == "heading":
            story.append(Paragraph(escape(e[1]), head_st))
        elif e[0] == "para":
            txt = escape(e[1])
            if scanned and len(e[1]) < 60:
                txt = txt.replace(" ", "&nbsp;&nbsp;")
            story.append(Paragraph(txt, base))
        else:
            head, rows = e[1], e[2]
            data = ([head] if head else []) + rows
            ncol = len(data[0])
            widths = {2: [120, 330], 3: [50, 150, 250], 4: [80, 150, 80, 150]}.get(ncol, None)
            tbl = Table([[Paragraph(escape(c), cell_st) for c in r] for r in data], colWidths=widths,
                        repeatRows=1 if head else 0)
            tbl.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(Spacer(1, 4))
            story.append(tbl)
            story.append(Spacer(1, 4))

    running = next((e[1] for e in els if e[0] == "title"), "")

    def footer(canvas, doc) -> None:
        canvas.setFont(font, 8)
        canvas.drawCentredString(A4[0] / 2, 20, f"第 {doc.page} 页")
        if running and doc.page > 1:  # a running header, as Word exports put on every page
            canvas.drawString(60, A4[1] - 30, running[:40])

    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=60, rightMargin=60, topMargin=50, bottomMargin=50,
                      title="tender").build(story, onFirstPage=footer, onLaterPages=footer)


# --- truth -----------------------------------------------------------------------------------------------
def truth_of(t: TenderSpec, file: str) -> dict:
    def money(a: float | None) -> dict | None:
        return None if a is None else {"amount": round(a, 2), "currency": t.currency}

    region = t.region if t.region_written else None
    if region is None and t.lang == "zh":
        region = t.region[t.region.index("省") + 1:] if "省" in t.region else t.region
    return {
        "id": t.id, "file": file, "lang": t.lang, "format": t.fmt, "category": t.category, "industry": t.industry,
        "layout": t.layout, "project_name": t.project_name, "tender_number": t.tender_number, "buyer": t.buyer,
        "agency": t.agency, "region": region, "budget": money(t.budget), "max_price": money(t.max_price),
        "deadline": t.deadline.isoformat(), "opening_time": t.opening.isoformat(),
        "lots": [{"number": lot["number"], "name": lot["name"], "budget": money(lot["budget"])} for lot in t.lots],
        "requirements": [{"kind": r.kind, "text": r.text, "parameter": r.parameter, "operator": r.operator,
                          "value": r.value, "unit": r.unit, "mandatory": r.mandatory, "important": r.important,
                          "status": r.status, "key": r.key} for r in t.requirements],
        "scoring": [{"item": i, "points": p} for i, p in t.scoring],
        # pass/fail: a ★ item unmet, or a qualification unmet or measurably short (the generator's
        # qualification partials are reference counts below the minimum) makes the bid inadmissible
        "disqualified": any(r.status == "unmet" and (r.mandatory or r.kind == "qualification")
                            or r.status == "partial" and r.kind == "qualification" for r in t.requirements),
        "fail_kind": t.fail_kind,
    }


def write_tender(t: TenderSpec, out_dir: Path, rng: random.Random) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    els = document_elements(t, rng)
    ext = {"pdf": "pdf", "html": "html", "txt": "txt"}[t.fmt]
    path = out_dir / f"{t.id}.{ext}"
    if t.fmt == "pdf":
        render_pdf(els, path, t.layout["scanned"], t.lang)
    elif t.fmt == "html":
        path.write_text(render_html(els), encoding="utf-8")
    else:
        path.write_text(render_text(els, t.layout["scanned"]), encoding="utf-8")
    return truth_of(t, path.name)


def write_tender_documents(out_dir: str | Path, rng: random.Random, n: int = 20, formats: tuple[str, ...] | None = None,
                           langs: tuple[str, ...] | None = None, with_history: bool = True) -> list[dict]:
    """n notices in tenders/, capabilities.csv, history + awards, truth/tenders.jsonl. Returns the truths."""
    out = Path(out_dir)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    truths = []
    for i in range(n):
        t = make_tender(rng, i + 1, lang=rng.choice(langs) if langs else None, fmt=rng.choice(formats) if formats else None)
        truths.append(write_tender(t, out / "tenders", rng))
    with open(out / "truth" / "tenders.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(tr, ensure_ascii=False) + "\n" for tr in truths)
    caps = capability_records()
    with open(out / "capabilities.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(caps[0]))
        w.writeheader()
        w.writerows(caps)
    if with_history:
        write_award_history(out, rng)
    return truths


def write_award_history(out_dir: Path, rng: random.Random, n: int = 160) -> None:
    """Past tenders and winners: each competitor has home regions and industries, which makes them predictable."""
    home = {c: (rng.sample([b[1] for b in BUYERS_ZH], 3), rng.sample(["政府", "教育", "医疗", "金融"], 2)) for c in COMPETITORS}
    home[OUR_COMPANY] = (["浙江省杭州市", "浙江省宁波市", "江苏省苏州市"], ["政府", "教育"])
    tenders, awards = [], []
    for i in range(n):
        buyer, region, industry = rng.choice(BUYERS_ZH)
        weights = [3.0 if region in home[c][0] else 0.3 for c in home]
        weights = [w * (2.0 if industry in home[c][1] else 0.5) for w, c in zip(weights, home)]
        winner = rng.choices(list(home), weights)[0]
        amount = rng.choice([80, 150, 300, 500, 900]) * 10_000
        at = (date(2021, 1, 1) + timedelta(days=rng.randint(0, 1400))).isoformat()
        tid = f"H{i:04d}"
        tenders.append({"id": tid, "title": f"{buyer}历史采购项目{i}", "number": f"HIS-{i:04d}", "buyer": buyer,
                        "budget": amount, "deadline": at, "region": region, "industry": industry, "status": "awarded"})
        awards.append({"tender_id": tid, "company": winner, "amount": amount, "at": at})
    for name, rows in (("tender_history.csv", tenders), ("awards.csv", awards)):
        with open(out_dir / name, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
