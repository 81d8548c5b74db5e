"""Departments per industry and job titles in Chinese and English, with realistic noise.

Why a separate module: the title vocabulary is what role models parse, so it must have the
variety of real exports (部长 vs 总监 vs 处长, "Head of", "Sr.", acting, 兼, missing titles),
and the generator must pick it WITHOUT looking at the true role (the role is decided from
the position, function and behaviour, not from the title string).
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Function:
    key: str          # procurement, it, finance, ... (the budget/buying functions matter for roles)
    zh: str
    en: str
    sections_zh: tuple[str, ...]   # sub-units used in deep orgs
    sections_en: tuple[str, ...]
    weight: float = 1.0            # relative head count


_F = Function
COMPANY_FUNCTIONS = [
    _F("procurement", "采购部", "Procurement", ("采购一科", "采购二科", "供应商管理组"), ("Sourcing", "Purchasing Ops", "Supplier Management"), 0.8),
    _F("it", "信息技术部", "IT", ("网络运维组", "应用开发组", "信息安全组"), ("Infrastructure", "Applications", "Security"), 1.1),
    _F("finance", "财务部", "Finance", ("会计组", "预算组"), ("Accounting", "FP&A"), 0.8),
    _F("hr", "人力资源部", "Human Resources", ("招聘组", "培训组"), ("Recruiting", "Learning"), 0.6),
    _F("sales", "销售部", "Sales", ("华东区", "华北区", "华南区"), ("East Region", "North Region", "South Region"), 1.3),
    _F("admin", "行政部", "Administration", ("综合组", "后勤组"), ("General Affairs", "Facilities"), 0.5),
    _F("legal", "法务部", "Legal", ("合同组",), ("Contracts",), 0.3),
    _F("marketing", "市场部", "Marketing", ("品牌组", "数字营销组"), ("Brand", "Digital"), 0.7),
]
INDUSTRY_FUNCTIONS = {
    "manufacturing": [
        _F("production", "生产部", "Production", ("一车间", "二车间", "设备科"), ("Plant 1", "Plant 2", "Maintenance"), 2.0),
        _F("quality", "质量部", "Quality", ("质检组", "体系组"), ("QC", "QA Systems"), 0.8),
        _F("rd", "研发中心", "R&D", ("工艺组", "产品组"), ("Process Engineering", "Product Engineering"), 1.2),
    ],
    "it_services": [
        _F("rd", "研发中心", "R&D", ("平台组", "算法组", "测试组"), ("Platform", "Algorithms", "QA"), 2.0),
        _F("delivery", "交付中心", "Delivery", ("项目一部", "项目二部"), ("Project Office", "Customer Delivery"), 1.5),
    ],
    "energy": [
        _F("operations", "生产运营部", "Operations", ("调度中心", "检修组", "运行值班"), ("Dispatch", "Maintenance", "Shift Ops"), 2.0),
        _F("safety", "安全环保部", "HSE", ("安全监察组", "环保组"), ("Safety", "Environment"), 0.8),
        _F("rd", "科技部", "Technology", ("数字化组",), ("Digital",), 0.8),
    ],
    "healthcare": [
        _F("medical", "医务部", "Medical Affairs", ("门诊办", "质控科"), ("Outpatient Office", "Quality Control"), 2.0),
        _F("equipment", "设备科", "Medical Equipment", ("维修组", "采购组"), ("Maintenance", "Purchasing"), 0.8),
        _F("nursing", "护理部", "Nursing", ("病区护理组",), ("Ward Nursing",), 1.5),
    ],
}
# Government bodies use 处/科/中心 and have no sales or marketing.
GOVERNMENT_FUNCTIONS = [
    _F("admin", "办公室", "General Office", ("文秘科", "综合科"), ("Secretariat", "General Affairs"), 0.8),
    _F("it", "信息中心", "Information Center", ("网络科", "数据科"), ("Network", "Data"), 1.0),
    _F("finance", "财务处", "Finance Division", ("预算科", "会计科"), ("Budget", "Accounting"), 0.7),
    _F("procurement", "政府采购办", "Procurement Office", ("采购科",), ("Purchasing",), 0.6),
    _F("planning", "规划处", "Planning Division", ("规划一科", "规划二科"), ("Planning I", "Planning II"), 1.0),
    _F("services", "政务服务处", "Public Services", ("窗口科", "督办科"), ("Service Desk", "Supervision"), 1.5),
    _F("hr", "人事处", "Personnel Division", ("干部科",), ("Staff Affairs",), 0.5),
]
INDUSTRIES = ["manufacturing", "it_services", "energy", "healthcare", "government"]
EXECUTIVE = _F("executive", "总经理办公室", "Executive Office", (), (), 0)


def functions_for(rng: random.Random, industry: str, m: int) -> list[Function]:
    """m departments for a company of this industry; the buying functions come first."""
    if industry == "government":
        pool = list(GOVERNMENT_FUNCTIONS)
    else:
        pool = INDUSTRY_FUNCTIONS.get(industry, []) + COMPANY_FUNCTIONS
    must = [f for f in pool if f.key in ("it", "procurement", "finance")]
    rest = [f for f in pool if f not in must]
    rng.shuffle(rest)
    core = [f for f in pool if f.key in {"production", "rd", "operations", "medical", "services"}][:1]
    rest = core + [f for f in rest if f not in core]
    return (must + rest)[:max(m, 1)]


def executive_office(industry: str) -> Function:
    if industry == "government":
        return _F("executive", "局领导", "Bureau Leadership", (), (), 0)
    if industry == "healthcare":
        return _F("executive", "院办", "President's Office", (), (), 0)
    return EXECUTIVE


# Portfolios of the executives under the top person; each maps to department functions it oversees.
PORTFOLIOS = [
    ("cio", {"it", "rd", "delivery"}), ("cfo", {"finance", "procurement", "legal"}),
    ("coo", {"production", "operations", "quality", "safety", "delivery", "medical", "nursing", "equipment",
             "services", "planning"}),
    ("cso", {"sales", "marketing"}), ("cao", {"hr", "admin", "legal"}), ("cto", {"rd", "it"}),
]


def _pick(rng: random.Random, *options: str) -> str:
    return rng.choice(options)


def _style(rng: random.Random, lang: str) -> str:
    if lang == "mixed":
        r = rng.random()
        return "zh" if r < 0.55 else ("en" if r < 0.85 else "both")
    return lang


def top_title(rng: random.Random, industry: str, lang: str, chair: bool, non_executive: bool = False) -> str:
    s = _style(rng, lang)
    if chair and non_executive:
        zh, en = _pick(rng, "非执行董事长", "董事长(非执行)"), _pick(rng, "Non-Executive Chairman", "Chairman (non-executive)")
    elif chair:
        zh, en = ("党组书记", "Party Secretary") if industry == "government" else ("董事长", _pick(rng, "Chairman", "Chairman of the Board"))
    elif industry == "government":
        zh, en = _pick(rng, "局长", "主任"), "Director General"
    elif industry == "healthcare":
        zh, en = "院长", "Hospital President"
    else:
        zh = _pick(rng, "总经理", "总经理", "总裁", "董事长兼总经理")
        en = _pick(rng, "CEO", "General Manager", "President", "Managing Director")
    return _join(s, zh, en)


def assistant_title(rng: random.Random, industry: str, lang: str) -> str:
    zh = {"government": "局长助理", "healthcare": "院长助理"}.get(industry) or _pick(rng, "总经理助理", "总裁助理", "董事长秘书")
    return _join(_style(rng, lang), zh, _pick(rng, "Assistant to the CEO", "Executive Assistant", "Assistant to the President"))


EXTERNAL = _F("external", "外部顾问", "External Advisors", (), (), 0)


def consultant_title(rng: random.Random, lang: str) -> str:
    return _join(_style(rng, lang), _pick(rng, "外部顾问", "外聘信息化顾问", "咨询顾问(外聘)"),
                 _pick(rng, "External Consultant", "IT Advisor (external)", "Consultant, external"))


def exec_title(rng: random.Random, industry: str, lang: str, portfolio: str) -> str:
    s = _style(rng, lang)
    if industry == "government":
        return _join(s, "副局长", "Deputy Director General")
    if industry == "healthcare":
        return _join(s, "副院长", "Vice President")
    zh_map = {"cio": _pick(rng, "首席信息官", "CIO", "副总经理(分管信息化)", "副总经理"), "cfo": _pick(rng, "财务总监", "首席财务官", "副总经理兼财务总监"),
              "coo": _pick(rng, "常务副总经理", "运营副总裁", "副总经理"), "cso": _pick(rng, "销售副总裁", "副总经理"),
              "cao": _pick(rng, "行政副总裁", "副总经理"), "cto": _pick(rng, "首席技术官", "技术副总裁", "CTO")}
    en_map = {"cio": _pick(rng, "CIO", "VP of IT", "Chief Information Officer", "EVP"), "cfo": _pick(rng, "CFO", "VP Finance"),
              "coo": _pick(rng, "COO", "VP of Operations", "EVP Operations"), "cso": _pick(rng, "VP Sales", "Chief Sales Officer"),
              "cao": _pick(rng, "VP Administration", "VP, HR & Admin"), "cto": _pick(rng, "CTO", "VP Engineering")}
    return _join(s, zh_map[portfolio], en_map[portfolio])


def head_title(rng: random.Random, industry: str, lang: str, f: Function) -> str:
    s = _style(rng, lang)
    if industry == "government":
        zh = f.zh + ("主任" if f.zh.endswith(("中心", "办", "办公室")) else "处长")
    elif industry == "healthcare" and f.zh.endswith("科"):
        zh = f.zh + _pick(rng, "科长", "主任")
    else:
        special = {"it": ["IT总监", "信息技术部部长", "信息中心主任", "IT经理"],
                   "procurement": ["采购部经理", "采购总监", "采购部部长"],
                   "finance": ["财务部经理", "财务部部长"]}.get(f.key)
        zh = _pick(rng, *special) if special else f.zh + _pick(rng, "部长", "经理", "总监")
    en = {"it": _pick(rng, "IT Director", "Head of IT", "IT Manager"),
          "procurement": _pick(rng, "Procurement Manager", "Head of Procurement", "Purchasing Director"),
          }.get(f.key) or _pick(rng, f"Head of {f.en}", f"{f.en} Director", f"Director of {f.en}", f"{f.en} Manager")
    return _join(s, zh, en)


def deputy_title(rng: random.Random, industry: str, lang: str, f: Function) -> str:
    s = _style(rng, lang)
    if industry == "government":
        zh = "副主任" if f.zh.endswith(("中心", "办", "办公室")) else "副处长"
    else:
        zh = _pick(rng, f"{f.zh}副部长", "副总监", f"{f.zh}副经理")
    return _join(s, zh, _pick(rng, f"Deputy Head of {f.en}", "Deputy Director", f"Associate Director, {f.en}"))


def manager_title(rng: random.Random, industry: str, lang: str, f: Function, section_zh: str, section_en: str) -> str:
    s = _style(rng, lang)
    if industry == "government" or section_zh.endswith("科"):
        zh = section_zh + "科长" if section_zh.endswith("科") else section_zh + "主任"
    else:
        short = {"it": "IT", "procurement": "采购", "finance": "财务", "production": "生产", "quality": "质量"}.get(f.key, "")
        zh = _pick(rng, section_zh + "组长" if section_zh.endswith("组") else section_zh + "经理",
                   f"{short}主管" if short else "主管", "经理")
    en = _pick(rng, f"{section_en} Manager", f"Team Lead, {section_en}", f"{f.en} Supervisor", "Manager")
    return _join(s, zh, en)


STAFF_ZH = {"it": ["工程师", "系统管理员", "网络工程师", "开发工程师"], "procurement": ["采购专员", "采购员", "采购助理"],
            "finance": ["会计", "出纳", "预算专员"], "production": ["技术员", "工艺工程师", "班组长"],
            "rd": ["工程师", "研发工程师", "测试工程师"], "sales": ["销售代表", "客户经理", "销售助理"],
            "medical": ["主治医师", "住院医师"], "nursing": ["护士", "护师"], "equipment": ["设备工程师", "技术员"]}
STAFF_EN = {"it": ["Engineer", "System Administrator", "Network Engineer", "Software Engineer"],
            "procurement": ["Buyer", "Procurement Specialist", "Purchasing Assistant"],
            "finance": ["Accountant", "Financial Analyst", "Budget Analyst"], "production": ["Technician", "Process Engineer"],
            "rd": ["Engineer", "R&D Engineer", "QA Engineer"], "sales": ["Sales Representative", "Account Manager"],
            "medical": ["Attending Physician", "Resident"], "nursing": ["Nurse"], "equipment": ["Biomedical Engineer"]}
TECHNICAL = {"it", "rd", "production", "operations", "quality", "equipment", "delivery", "safety", "planning"}
EXPERT_ZH = ["高级工程师", "资深专家", "架构师", "技术专家", "首席工程师"]
EXPERT_EN = ["Sr. Engineer", "Senior Engineer", "Principal Engineer", "Architect", "Senior Specialist", "Staff Engineer"]
JUNIOR_ZH = ["助理", "文员", "实习生", "专员"]
JUNIOR_EN = ["Assistant", "Coordinator", "Intern", "Junior Analyst"]


def staff_title(rng: random.Random, industry: str, lang: str, f: Function, grade: str) -> str:
    """grade: expert | regular | junior (the seniority a title signals, not the role)."""
    s = _style(rng, lang)
    if grade == "expert":
        if f.key not in TECHNICAL:
            return _join(s, rng.choice(["资深专员", "高级主管", "专家"]), rng.choice(["Senior Specialist", "Senior Analyst", "Lead Specialist"]))
        zh = _pick(rng, "主任科员", "高级主管") if industry == "government" else rng.choice(EXPERT_ZH)
        return _join(s, zh, rng.choice(EXPERT_EN))
    if grade == "junior":
        return _join(s, _pick(rng, "科员", "办事员") if industry == "government" else rng.choice(JUNIOR_ZH), rng.choice(JUNIOR_EN))
    zh = "科员" if industry == "government" else rng.choice(STAFF_ZH.get(f.key, ["专员", "工程师"]))
    return _join(s, zh, rng.choice(STAFF_EN.get(f.key, ["Specialist", "Analyst", "Engineer"])))


ODD_ZH = ["顾问", "特聘专家", "项目负责人", "经理", "负责人", "总助"]
ODD_EN = ["Consultant", "Advisor", "Project Lead", "Manager", "Chief Evangelist", "Member of Technical Staff"]


def add_noise(rng: random.Random, title: str, kind: str, lang: str, extra: str = "") -> str:
    """Real exports: missing titles, acting positions, 兼 (concurrent posts), odd or vague titles."""
    r = rng.random()
    if r < 0.04:
        return ""
    if r < 0.07:
        return rng.choice(ODD_EN if lang == "en" else ODD_ZH)
    if kind in ("head", "deputy", "manager", "exec") and r < 0.12:
        if _is_latin(title):
            return rng.choice([f"acting {title}", f"Acting {title}", f"{title} (acting)"])
        return rng.choice([f"代理{title}", f"代{title}", f"{title}(代)"])
    if kind in ("head", "exec") and extra and r < 0.18:
        return f"{title} & {extra}" if _is_latin(title) else f"{title}兼{extra}"
    return title


def _is_latin(s: str) -> bool:
    return all(ord(c) < 0x2E80 for c in s)


def _join(style: str, zh: str, en: str) -> str:
    if style == "en":
        return en
    if style == "both":
        return f"{zh} {en}"
    return zh
