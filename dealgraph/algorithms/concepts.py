"""Bilingual concept dictionary: certifications, product categories, parameters, services, industries.

Matching stands on these concepts (runtime-facts: a small English embedding model cannot tell
CMMI from furniture in Chinese text). A concept has an id, a kind and aliases in Chinese and
English; `concepts_in(text)` finds them, `parameter_concept(name)` maps a parameter name
("交换容量", "Switching capacity") to its concept. Users extend the dictionary with
`DEALGRAPH_CONCEPTS_FILE` (JSON list of {id, kind, aliases}).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Concept:
    id: str
    kind: str  # certification | category | parameter | service | industry | qualification
    aliases: tuple[str, ...]
    level_aware: bool = False


_BASE: list[tuple[str, str, list[str], bool]] = [
    # certifications (level_aware: the requirement may ask for a level)
    ("iso9001", "certification", ["ISO 9001", "ISO9001", "GB/T 19001", "GB/T19001", "质量管理体系认证", "quality management"], False),
    ("iso27001", "certification", ["ISO 27001", "ISO27001", "ISO/IEC 27001", "GB/T 22080", "信息安全管理体系",
                                   "information security management", "information security certificate"], False),
    ("iso20000", "certification", ["ISO 20000", "ISO20000", "ISO/IEC 20000", "信息技术服务管理体系", "IT service management"], False),
    ("iso14001", "certification", ["ISO 14001", "ISO14001", "环境管理体系", "environmental management"], False),
    ("iso45001", "certification", ["ISO 45001", "ISO45001", "OHSAS 18001", "职业健康安全管理体系", "occupational health"], False),
    ("cmmi", "certification", ["CMMI", "能力成熟度", "capability maturity"], True),
    ("mlps", "certification", ["等保", "等级保护", "MLPS", "multi-level protection", "classified protection"], True),
    ("itss", "certification", ["ITSS", "信息技术服务运维标准"], True),
    ("pmp", "certification", ["PMP", "项目管理专业人士"], False),
    ("cert_safety_production", "certification", ["安全生产许可证", "safety production licen"], False),
    ("high_tech", "certification", ["高新技术企业", "high-tech enterprise", "high and new technology"], False),
    ("ccrc", "certification", ["CCRC", "信息安全服务资质"], True),
    ("business_license", "certification", ["营业执照", "business licen"], False),
    ("cs_level", "certification", ["信息系统建设和服务能力", "CS1", "CS2", "CS3", "CS4", "CS5"], True),
    ("classified_integration", "certification", ["涉密信息系统集成", "涉密资质"], True),
    ("intelligent_building", "certification", ["电子与智能化工程", "建筑智能化"], True),
    ("ccc", "certification", ["CCC认证", "3C认证", "强制性产品认证", "China Compulsory Certification"], False),
    ("energy_saving", "certification", ["节能产品认证", "节能产品", "energy efficiency certif"], False),
    ("environmental_label", "certification", ["环境标志产品", "十环认证", "environmental label"], False),
    ("after_sales_cert", "certification", ["售后服务认证", "五星级售后服务", "售后服务体系认证"], False),
    ("software_copyright", "certification", ["软件著作权", "软件产品登记", "software copyright"], False),
    ("soc2", "certification", ["SOC 2", "SOC2"], False),
    # qualification facts
    ("registered_capital", "parameter", ["注册资本", "注册资金", "registered capital"], False),
    ("similar_projects", "qualification", ["类似项目", "同类项目", "项目业绩", "类似业绩", "similar project", "reference project",
                                           "past performance", "comparable project"], False),
    ("annual_revenue", "parameter", ["年营业收入", "营业收入", "annual revenue", "turnover"], False),
    # product categories
    ("switch", "category", ["交换机", "switch"], False),
    ("server", "category", ["服务器", "server"], False),
    ("firewall", "category", ["防火墙", "firewall"], False),
    ("storage", "category", ["存储阵列", "存储设备", "storage array", "storage system"], False),
    ("router", "category", ["路由器", "router"], False),
    ("wireless_ap", "category", ["无线AP", "无线接入点", "access point"], False),
    # technical parameters
    ("switching_capacity", "parameter", ["交换容量", "背板带宽", "switching capacity", "backplane bandwidth"], False),
    ("forwarding_rate", "parameter", ["包转发率", "转发性能", "forwarding rate", "packet forwarding"], False),
    ("ports_10g", "parameter", ["万兆端口", "万兆光口", "10G ports", "10GE ports", "10G port"], False),
    ("operating_temperature", "parameter", ["工作温度", "运行温度", "operating temperature"], False),
    ("power_consumption", "parameter", ["整机功耗", "功耗", "power consumption"], False),
    ("power_supply", "parameter", ["电源功率", "power supply"], False),
    ("mac_table", "parameter", ["MAC地址表", "MAC address table", "MAC table"], False),
    ("cpu_cores", "parameter", ["CPU核数", "处理器核数", "CPU cores", "processor cores"], False),
    ("memory", "parameter", ["内存容量", "内存", "memory", "RAM"], False),
    ("storage_capacity", "parameter", ["存储容量", "硬盘容量", "磁盘容量", "storage capacity", "disk capacity"], False),
    ("nic_speed", "parameter", ["网卡速率", "网卡", "NIC speed", "network interface"], False),
    ("throughput", "parameter", ["吞吐量", "throughput"], False),
    ("concurrent_sessions", "parameter", ["并发连接数", "并发连接", "concurrent sessions", "concurrent connections"], False),
    ("new_sessions", "parameter", ["每秒新建连接数", "新建连接", "new sessions per second", "new connections per second"], False),
    ("ip_rating", "parameter", ["防护等级", "IP rating", "ingress protection"], False),
    ("mtbf", "parameter", ["平均无故障时间", "MTBF"], False),
    ("noise", "parameter", ["运行噪音", "噪音", "噪声", "noise"], False),
    ("bandwidth", "parameter", ["带宽", "bandwidth"], False),
    # services
    ("response_time", "parameter", ["故障响应时间", "响应时间", "response time"], False),
    ("warranty", "parameter", ["质保期", "保修期", "质保", "warranty"], False),
    ("support_7x24", "service", ["7×24", "7x24", "7*24", "724小时", "24/7", "around-the-clock"], False),
    ("onsite_service", "service", ["驻场", "现场服务", "on-site", "onsite"], False),
    ("training", "service", ["培训", "training"], False),
    # industries
    ("ind_government", "industry", ["政府", "政务", "government", "public sector", "municipal"], False),
    ("ind_education", "industry", ["教育", "学校", "高校", "大学", "education", "school", "university"], False),
    ("ind_healthcare", "industry", ["医疗", "医院", "卫生", "healthcare", "hospital", "health"], False),
    ("ind_finance", "industry", ["金融", "银行", "保险", "finance", "bank", "credit union", "insurance"], False),
]


@lru_cache
def dictionary() -> tuple[Concept, ...]:
    items = [Concept(cid, kind, tuple(aliases), lvl) for cid, kind, aliases, lvl in _BASE]
    from ..config import get_settings

    extra = get_settings().concepts_file
    if extra and os.path.isfile(extra):
        with open(extra, encoding="utf-8") as f:
            for c in json.load(f):
                items.append(Concept(c["id"], c.get("kind", "service"), tuple(c["aliases"]), bool(c.get("level_aware"))))
    return tuple(items)


@lru_cache
def _matcher() -> tuple[re.Pattern, dict[str, Concept]]:
    by_alias: dict[str, Concept] = {}
    originals: dict[str, str] = {}
    for c in dictionary():
        for a in c.aliases:
            by_alias.setdefault(_key(a), c)
            originals.setdefault(_key(a), a)
    # Longest alias first, so "ISO/IEC 27001" wins over "ISO"; Latin aliases need word edges.
    alts = []
    for k in sorted(by_alias, key=len, reverse=True):
        a = originals[k]
        esc = re.escape(a).replace(r"\ ", r"\s?")
        alts.append(rf"(?<![A-Za-z]){esc}" if a[:1].isascii() and a[:1].isalpha() else esc)
    return re.compile("|".join(alts), re.IGNORECASE), by_alias


def _key(s: str) -> str:
    return re.sub(r"\s+", "", s).lower()


def concepts_in(text: str | None) -> list[str]:
    """Concept ids mentioned in text, in order of first mention, without duplicates."""
    if not text:
        return []
    rx, by_alias = _matcher()
    seen: list[str] = []
    for m in rx.finditer(text):
        c = by_alias.get(_key(m.group(0)))
        if c and c.id not in seen:
            seen.append(c.id)
    return seen


def concept(cid: str) -> Concept | None:
    return next((c for c in dictionary() if c.id == cid), None)


def parameter_concept(name: str | None) -> str | None:
    """The parameter concept a parameter name denotes ("万兆端口数量" -> ports_10g), else None."""
    for cid in concepts_in(name):
        c = concept(cid)
        if c and c.kind in ("parameter",):
            return cid
    return None


def kinds(ids: list[str], kind: str) -> list[str]:
    return [i for i in ids if (c := concept(i)) is not None and c.kind == kind]
