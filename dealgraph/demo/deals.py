"""Opportunities with stage histories, tenders with award history, and our capabilities.

Stage durations are simulated PAST the as-of date so the truth knows which open stages will
overrun their due date. What makes a stage slow is visible in the graph: the account's
industry (government and hospitals are slower), the deal size, the owner, and whether any
decision maker of the account has engaged with us (approval/procurement meetings).
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .companies import CITIES, Company, make_company, name_variant

if TYPE_CHECKING:
    from .world import World

STAGES_ZH = ["需求确认", "方案验证", "商务谈判", "签约"]
STAGES_EN = ["Qualification", "Solution Validation", "Negotiation", "Contracting"]
FINAL = {"zh": ("赢单", "丢单"), "en": ("Closed Won", "Closed Lost")}
TYPICAL_DAYS = [30, 45, 30, 20]
PRODUCTS = [("数据中台", "Data Platform"), ("智能运维平台", "AIOps Platform"), ("ITSM服务台", "ITSM Service Desk"),
            ("政务云管理平台", "Gov Cloud Manager"), ("驻场运维服务", "Onsite Operations Service")]
COMPETITORS = [("东软集团股份有限公司", {"healthcare", "government"}), ("浪潮软件股份有限公司", {"government"}),
               ("太极计算机股份有限公司", {"government", "energy"}), ("神州数码信息服务股份有限公司", {"it_services", "manufacturing"}),
               ("卫宁健康科技集团股份有限公司", {"healthcare"}), ("国电南瑞科技股份有限公司", {"energy"}),
               ("用友网络科技股份有限公司", {"manufacturing", "it_services"}), ("中软国际有限公司", {"government", "it_services"}),
               ("北京华胜天成科技股份有限公司", {"energy", "manufacturing"})]
COMPETITOR_SHORT = {"东软集团股份有限公司": "东软集团", "浪潮软件股份有限公司": "浪潮软件", "用友网络科技股份有限公司": "用友网络"}
OURSELVES = "德格智联科技有限公司"   # same name as tender_docs.OUR_COMPANY
PROJECTS = [("政务云平台建设项目", "Government Cloud Platform"), ("数据中台采购项目", "Data Platform Procurement"),
            ("信息化运维服务项目", "IT Operations Service"), ("网络安全等级保护建设项目", "Cybersecurity Classified Protection"),
            ("智慧医院信息系统升级项目", "Smart Hospital Information System Upgrade"), ("工业互联网平台项目", "Industrial Internet Platform"),
            ("ERP系统实施服务项目", "ERP Implementation Service")]
METHODS = ["公开招标", "竞争性磋商", "询价采购", "单一来源采购"]


def add_deals(w: World, rng: random.Random) -> None:
    _opportunities(w, rng)
    _tenders(w, rng)
    _capabilities(w, rng)


def _dm_engaged(w: World, aid: str) -> int:
    org = w.orgs[aid]
    dms = {c.id for c in org.contacts if c.role == "decision_maker"}
    return len({a for m in org.meetings if m.meeting_type in ("approval", "procurement") for a in m.attendees if a in dms})


def _opportunities(w: World, rng: random.Random) -> None:
    owner_of = {r["account_id"]: r["user_id"] for r in w.truth["owner_of"]}
    owner_eff = {u["id"]: rng.gauss(0, 0.25) for u in w.records["users"]}
    opps, hist, truth, truth_stages = [], [], [], []
    n = 0
    for c in w.companies:
        size = len(w.orgs[c.id].contacts)
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3]) + (size > 60)):
            n += 1
            oid = f"OPP{n:05d}"
            zh = c.lang == "zh"
            stages = STAGES_ZH if zh else STAGES_EN
            won_name, lost_name = FINAL["zh" if zh else "en"]
            prod_zh, prod_en = rng.choice(PRODUCTS)
            amount = round(math.exp(rng.gauss(13.3 + (0.6 if c.industry == "government" else 0), 0.7)), -3)
            engaged = _dm_engaged(w, c.id) > 0
            slow = math.exp(0.35 * (c.industry in ("government", "healthcare")) + 0.35 * math.log10(amount / 6e5)
                            + owner_eff[owner_of[c.id]] + (0.0 if engaged else 0.35) + rng.gauss(0, 0.15))
            p_lose = 1 / (1 + math.exp(-(-1.4 + 1.2 * (slow - 1) - (0.6 if engaged else 0))))
            t = datetime.combine(w.as_of - timedelta(days=rng.randint(5, 420)), datetime.min.time()).replace(
                hour=rng.randint(1, 9))
            created = t
            outcome: bool | None = None
            outcome_at: datetime | None = None
            for i, st in enumerate(stages):
                due = t + timedelta(days=round(TYPICAL_DAYS[i] * rng.uniform(1.05, 1.35)))
                spent = TYPICAL_DAYS[i] * slow * math.exp(rng.gauss(0, 0.25))
                exit_at = t + timedelta(days=spent)
                truth_stages.append({"opportunity_id": oid, "stage": st, "entered_at": _iso(t), "due_at": _iso(due),
                                     "exit_at": _iso(exit_at), "overran": exit_at > due})
                if t.date() <= w.as_of:
                    hist.append({"opportunity_id": oid, "stage": st, "entered_at": _iso(t),
                                 "due_at": _iso(due) if rng.random() > 0.05 else None})
                if t.date() <= w.as_of < exit_at.date():
                    truth.append({"opportunity_id": oid, "open_at_as_of": True, "stage_at_as_of": st,
                                  "entered_at": _iso(t), "due_at": _iso(due), "exit_at": _iso(exit_at),
                                  "overrun": exit_at > due})
                t = exit_at
                if rng.random() < p_lose:
                    outcome, outcome_at = False, t
                    break
            else:
                outcome, outcome_at = True, t
            if outcome_at and outcome_at.date() <= w.as_of:
                hist.append({"opportunity_id": oid, "stage": won_name if outcome else lost_name, "entered_at": _iso(outcome_at),
                             "due_at": None})
            known = outcome if outcome_at and outcome_at.date() <= w.as_of else None
            opps.append({"id": oid, "account_id": c.id, "name": f"{c.short}{prod_zh}项目" if zh else f"{c.name_en.split(' Co')[0]} {prod_en}",
                         "amount": amount, "owner_id": owner_of[c.id], "created_at": _iso(created), "closed_won": known})
            if not any(r["opportunity_id"] == oid for r in truth):
                truth.append({"opportunity_id": oid, "open_at_as_of": False, "stage_at_as_of": None, "entered_at": None,
                              "due_at": None, "exit_at": None, "overrun": None})
            truth[-1].update({"closed_won": outcome, "outcome_at": _iso(outcome_at) if outcome_at else None,
                              "slowness": round(slow, 3)})
    w.add("opportunities", opps)
    w.add("stage_history", hist)
    w.truth["opportunities"] = truth
    w.truth["opportunity_stages"] = truth_stages


def _iso(t: datetime | None) -> str | None:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ") if t else None


def _money_text(rng: random.Random, x: float) -> str | float:
    r = rng.random()
    if r < 0.3:
        return f"{x / 1e4:g}万元"
    if r < 0.6:
        return f"¥{x:,.2f}"
    return x


def _tenders(w: World, rng: random.Random) -> None:
    tenders, awards, truth = [], [], []
    buyers: list[tuple[Company, bool]] = []
    for c in w.companies:
        p = 0.7 if c.industry in ("government", "healthcare", "energy") else 0.25
        buyers += [(c, True)] * ((rng.random() < p) + (rng.random() < p / 3))
    used = {c.name for c in w.companies} | {c.domain for c in w.companies}
    for i in range(max(2, len(w.companies) // 3)):      # tenders of buyers that are not our accounts
        buyers.append((make_company(rng, f"MKT{i + 1:04d}", rng.choice(["government", "healthcare", "energy"]), used), False))
    for n, (c, is_account) in enumerate(buyers, 1):
        tid = f"TND{n:05d}"
        proj_zh, proj_en = rng.choice(PROJECTS)
        budget = round(math.exp(rng.gauss(14.0, 0.8)), -4)
        deadline = datetime.combine(w.as_of + timedelta(days=rng.randint(-330, 60)), datetime.min.time()).replace(hour=9, minute=30)
        status = "open" if deadline.date() > w.as_of else ("cancelled" if rng.random() < 0.08 else "awarded")
        code = next(rc for cz, _, rc in CITIES if cz == c.city)
        en = c.lang == "en"
        tenders.append({"id": tid, "title": f"{c.name_en} {proj_en} Tender" if en else f"{c.name}{proj_zh}{rng.choice(METHODS)}",
                        "number": f"{code[:4]}-ZB-{deadline.year}-{n:04d}", "buyer": name_variant(rng, c) if rng.random() < 0.4 else c.name,
                        "buyer_account_id": c.id if is_account and rng.random() < 0.5 else None,
                        "budget": _money_text(rng, budget), "deadline": deadline.strftime("%Y-%m-%d %H:%M"),
                        "region": c.region, "industry": c.industry, "status": status})
        winner = None
        if status == "awarded":
            fitting = [name for name, inds in COMPETITORS if c.industry in inds] or [COMPETITORS[0][0]]
            winner = OURSELVES if rng.random() < 0.2 else rng.choice(fitting + [rng.choice(COMPETITORS)[0]])
            shown = COMPETITOR_SHORT.get(winner, winner) if rng.random() < 0.1 else winner
            awards.append({"tender_id": tid, "company": shown, "amount": round(budget * rng.uniform(0.82, 0.99), -2),
                           "at": (deadline + timedelta(days=rng.randint(7, 30))).date().isoformat()})
        truth.append({"tender_id": tid, "buyer_entity_id": c.id if is_account else None, "buyer_name": c.name,
                      "winner": winner, "won_by_us": winner == OURSELVES if winner else None})
    w.add("tenders", tenders)
    w.add("awards", awards)
    w.truth["tenders"] = truth


CERTS = [("ISO 9001:2015 质量管理体系认证", 400), ("ISO/IEC 27001:2022 信息安全管理体系认证", 700),
         ("ISO/IEC 20000-1:2018 IT服务管理体系认证", 300), ("CMMI 5级", 900), ("ITSS 信息技术服务运行维护标准符合性证书 二级", 200),
         ("信息系统建设和服务能力等级证书 CS3", 500), ("高新技术企业证书", 600), ("CCRC 信息安全服务资质 三级", -240),
         ("涉密信息系统集成资质 乙级", -30)]
PRODUCT_SPECS = [
    ("德格数据中台 DataHub V5", "支持PB级数据存储; 实时处理延迟≤1秒; 并发用户≥10000; 适配麒麟V10、统信UOS、鲲鹏920、海光CPU; 兼容MySQL/Oracle/达梦/人大金仓"),
    ("德格智能运维平台 AIOps V3", "监控节点≥50000; 告警压缩率≥90%; 平台可用性99.99%; 支持Prometheus、Zabbix接入"),
    ("德格ITSM服务台 V2", "符合ITIL 4; 工单并发≥2000; 支持企业微信、钉钉集成; 移动端"),
    ("政务云管理平台 GovCloud V4", "纳管物理机≥5000台; 支持多云(华为云、阿里云、天翼云); 符合等保2.0三级要求"),
]
SERVICES = [("7×24小时运维服务", "响应时间≤15分钟; 到场时间≤2小时(市区); 年度巡检4次"),
            ("系统集成实施服务", "项目经理PMP认证; 实施周期≤90天"), ("等保测评咨询服务", "等保2.0二级/三级整改咨询"),
            ("驻场运维服务", "驻场工程师≥3人; 5×8小时; 持证上岗")]


def _capabilities(w: World, rng: random.Random) -> None:
    rows = []
    for i, (name, days) in enumerate(CERTS, 1):
        rows.append({"id": f"CAP-CERT-{i:03d}", "kind": "certification", "name": name, "text": name,
                     "valid_until": (w.as_of + timedelta(days=days + rng.randint(-20, 20))).isoformat()})
    for i, (name, spec) in enumerate(PRODUCT_SPECS, 1):
        rows.append({"id": f"CAP-PROD-{i:03d}", "kind": "product", "name": name, "spec": spec, "text": f"{name}: {spec}"})
    for i, (name, spec) in enumerate(SERVICES, 1):
        rows.append({"id": f"CAP-SVC-{i:03d}", "kind": "service", "name": name, "spec": spec, "text": f"{name}: {spec}"})
    won = [r for r in w.records.get("opportunities", []) if r["closed_won"]]
    comp = {c.id: c for c in w.companies}
    for i, o in enumerate(won[:12], 1):
        c = comp[o["account_id"]]
        rows.append({"id": f"CAP-CASE-{i:03d}", "kind": "reference_case", "name": o["name"], "customer": c.name,
                     "industry": c.industry, "amount": o["amount"], "year": int(o["created_at"][:4]),
                     "text": f"为{c.name}交付{o['name']}"})
    for i in range(len(won) + 1, len(won) + 4):    # older references from before the CRM
        ind = rng.choice(["government", "healthcare", "energy", "manufacturing"])
        c = make_company(rng, f"REF{i:03d}", ind, set())
        rows.append({"id": f"CAP-CASE-{i:03d}", "kind": "reference_case", "name": f"{c.name}信息化项目", "customer": c.name,
                     "industry": ind, "amount": round(math.exp(rng.gauss(14, 0.6)), -4), "year": rng.randint(2019, 2024),
                     "text": f"{c.name}信息化项目, 含数据中台与运维服务"})
    w.add("capabilities", rows)
