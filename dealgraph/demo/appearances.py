"""Noisy appearances of people and companies across channels, leads with outcomes, and the
identity truth that ties every appearance to the true person or company.

Channels: WeCom (企业微信) external contacts and messages, email correspondents, ad-platform
leads (巨量引擎 / 腾讯广告), search leads (百度), website forms, and an ERP customer list.
People are either known contacts of our accounts or prospects we do not know yet (who may
appear several times across channels). Lead outcomes depend on Budget, Authority, Need and
Timeline signals that are visible in the lead record, plus noise.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from . import noise as N
from .companies import Company, make_company, name_variant
from .names import PersonName, email_local, mobile, person_name
from .titles import INDUSTRIES

if TYPE_CHECKING:
    from .world import World

LEAD_SOURCES = {"ad": ["ocean_engine", "tencent_ads"], "search": ["baidu"], "web": ["website"]}
LEAD_RECORD_SOURCE = {"ad": "ad_platform", "search": "baidu", "web": "website"}  # the mapping's source per file
QUESTIONS_HOT = ["报价多少？", "能否私有化部署？", "支持信创国产化吗？", "What is the price for 200 users?",
                 "实施周期多久？", "可以安排演示吗？", "Can you send a quotation?"]
QUESTIONS_COLD = ["有免费版吗？", "just browsing", "资料下载", "招聘信息", "Do you have a whitepaper?"]
PAGES = ["/pricing", "/product/data-platform", "/cases", "/solutions/government", "/about", "/blog/ai", "/docs/deploy",
         "/contact", "/product/ops", "/careers"]
CAMPAIGNS = ["数据中台-品牌词", "政务云-通用词", "运维平台-竞品词", "信创-行业词", "ITSM-retargeting"]
PROSPECT_TITLES = {"decision_maker": ["总经理", "CIO", "采购总监", "副总裁", "IT Director", "Head of Procurement"],
                   "influencer": ["IT经理", "高级工程师", "架构师", "Sr. Engineer", "项目经理", "IT主管", "Procurement Manager"],
                   "executor": ["工程师", "专员", "助理", "Engineer", "运维工程师", "Assistant", "科员", ""]}


@dataclass
class _Person:
    entity_id: str          # identity cluster id: a contact id, or PRS-xxxxx for a prospect
    name: str
    p: PersonName | None
    title: str
    email: str | None
    phone: str | None
    company: Company
    role: str
    wecom_id: str | None
    intent: float           # latent buying intent; drives need/timeline signals


def add_channels(w: World, rng: random.Random, noise: float = 1.0) -> None:
    people = _known_people(w, rng) + _prospects(w, rng)
    identity: list[dict] = [{"record_id": f"crm:{c['id']}", "entity_id": c["id"], "kind": "person"} for c in w.records["contacts"]]
    identity += [{"record_id": f"crm:{a['id']}", "entity_id": a["id"], "kind": "company"} for a in w.records["accounts"]]
    leads: list[dict] = []
    lead_truth: list[dict] = []
    wecom_ext: dict[str, str] = {}
    n_lead = n_em = 0
    start = w.as_of - timedelta(days=365)
    for person in people:
        prospect = person.entity_id.startswith("PRS")
        # Which channels see this person; prospects mostly come in through leads.
        p_ad, p_search, p_web = (0.45, 0.3, 0.45) if prospect else (0.07, 0.05, 0.1)
        if person.wecom_id and rng.random() < 0.8:
            sid = person.wecom_id
            wecom_ext[person.entity_id] = sid
            w.add("wecom_contacts", [_wecom_row(rng, person, sid, noise, start, w.as_of)])
            identity.append({"record_id": f"wecom:{sid}", "entity_id": person.entity_id, "kind": "person"})
        if person.email and rng.random() < (0.5 if not prospect else 0.25):
            for _ in range(1 + (rng.random() < 0.1 * noise)):
                n_em += 1
                sid = f"EM{n_em:06d}"
                w.add("email_contacts", [_email_row(rng, person, sid, noise, start, w.as_of)])
                identity.append({"record_id": f"email:{sid}", "entity_id": person.entity_id, "kind": "person"})
        for channel, p in (("ad", p_ad), ("search", p_search), ("web", p_web)):
            k = (rng.random() < p) + (rng.random() < p * 0.2 * noise)   # a few submit twice
            for _ in range(k):
                n_lead += 1
                row, converted = _lead(rng, person, channel, n_lead, noise, start, w.as_of)
                leads.append(row)
                lead_truth.append({"lead_id": row["id"], "converted": converted, "entity_id": person.entity_id,
                                   "role": person.role, "source": row["source"]})
                # Ingest keys a lead's SourceRecord by the file's channel, not the lead's finer source.
                identity.append({"record_id": f"{LEAD_RECORD_SOURCE[channel]}:{row['id']}", "entity_id": person.entity_id,
                                 "kind": "person"})
    for r in leads:
        channel = r.pop("_channel")
        w.add(f"leads_{channel}", [r])
        if channel == "web":
            w.add("web_visits", _visits(rng, r))
    _companies(w, rng, identity, noise)
    _route_wecom_messages(w, wecom_ext)
    w.truth["identity"] = identity
    w.truth["leads"] = lead_truth


def _known_people(w: World, rng: random.Random) -> list[_Person]:
    out = []
    comp = {c.id: c for c in w.companies}
    for aid, org in w.orgs.items():
        for c in org.contacts:
            intent = rng.gauss(0, 1)
            out.append(_Person(c.id, c.name, c.person, c.title, c.email, c.phone, comp[aid], c.role, c.wecom_id, intent))
    return out


def _prospects(w: World, rng: random.Random) -> list[_Person]:
    """People at companies we do not know yet (new logos), a third of the known contacts' count."""
    n_people = max(5, len(w.records["contacts"]) // 3)
    used = {c.name for c in w.companies} | {c.domain for c in w.companies}
    firms = [make_company(rng, f"ORG{i + 1:04d}", rng.choice(INDUSTRIES), used) for i in range(max(2, n_people // 4))]
    out = []
    for i in range(n_people):
        firm = rng.choice(firms)
        p = person_name(rng, firm.lang)
        r = rng.random()
        role = "decision_maker" if r < 0.12 else ("influencer" if r < 0.4 else "executor")
        out.append(_Person(f"PRS{i + 1:05d}", p.name, p, rng.choice(PROSPECT_TITLES[role]),
                           f"{email_local(rng, p)}@{firm.domain}" if rng.random() < 0.8 else
                           f"{email_local(rng, p)}{rng.randint(1, 99)}@{rng.choice(['qq.com', '163.com', 'gmail.com'])}",
                           mobile(rng), firm, role, f"wm{rng.getrandbits(40):010x}" if rng.random() < 0.3 else None,
                           rng.gauss(0.3, 1)))
    return out


def _when(rng: random.Random, start: date, end: date) -> datetime:
    d = start + timedelta(days=rng.randint(0, (end - start).days - 1))
    return datetime(d.year, d.month, d.day, rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))


def _wecom_row(rng: random.Random, p: _Person, sid: str, noise: float, start: date, end: date) -> dict:
    miss = 0.15 * noise
    return {"external_userid": sid, "unionid": f"oU{sid[2:]}",
            "name": N.name_variant(rng, p.name, p.p) if rng.random() < noise else p.name,
            "corp_name": N.maybe(rng, name_variant(rng, p.company) if rng.random() < noise else p.company.name, miss),
            "position": N.maybe(rng, p.title or None, miss * 2),
            "mobile": N.maybe(rng, N.phone_format(rng, p.phone) if p.phone else None, 0.4),
            "add_time": _when(rng, start, end).strftime("%Y-%m-%d %H:%M:%S")}


def _email_row(rng: random.Random, p: _Person, sid: str, noise: float, start: date, end: date) -> dict:
    miss = 0.2 * noise
    return {"record_no": sid, "from_address": N.email_variant(rng, p.email or "", "sales") if rng.random() < noise else p.email,
            "display_name": N.maybe(rng, N.name_variant(rng, p.name, p.p) if rng.random() < noise else p.name, miss / 2),
            "signature_company": N.maybe(rng, name_variant(rng, p.company), miss),
            "signature_title": N.maybe(rng, p.title or None, miss * 2),
            "signature_phone": N.maybe(rng, N.phone_format(rng, p.phone) if p.phone else None, 0.5),
            "first_seen": _when(rng, start, end).isoformat(timespec="seconds") + "Z"}


# --------------------------------------------------------------------------- leads

_AUTH = {"decision_maker": 1.7, "influencer": 0.7, "executor": -0.4}
_SRC = {"ad": -0.3, "search": 0.2, "web": 0.35}


def _lead(rng: random.Random, p: _Person, channel: str, n: int, noise: float, start: date, end: date) -> tuple[dict, bool]:
    created = _when(rng, start, end)
    z = p.intent + rng.gauss(0, 0.5)
    # Budget: people with intent state one more often, decision makers state bigger ones.
    budget = None
    if rng.random() < 0.35 + 0.15 * z:
        budget = round(math.exp(rng.gauss(12.3 + 0.5 * z + (0.5 if p.role == "decision_maker" else 0), 0.8)), -3)
    bsig = 0.0 if budget is None else (1.0 if budget >= 500_000 else 0.4 if budget >= 100_000 else -0.3)
    # Timeline: a stated purchase date, sooner with intent.
    purchase = None
    tsig = 0.0
    if rng.random() < 0.5 + 0.1 * z:
        days = int(max(7.0, rng.expovariate(1 / max(20.0, 150 - 60 * z))))
        purchase = (created.date() + timedelta(days=days))
        tsig = 1.0 if days <= 90 else (0.4 if days <= 180 else -0.4)
    pages = max(0, int(rng.gauss(3 + 3 * z, 2))) if channel == "web" or rng.random() < 0.3 else 0
    visited = rng.sample(PAGES, min(len(PAGES), pages)) if pages else []
    downloads = max(0, int(rng.gauss(0.6 + 0.8 * z, 0.8)))
    question = None
    if rng.random() < 0.55:
        question = rng.choice(QUESTIONS_HOT if rng.random() < 0.5 + 0.25 * z else QUESTIONS_COLD)
    nsig = 0.12 * min(pages, 12) + 0.35 * min(downloads, 4) + (0.6 if question in QUESTIONS_HOT else 0.0) \
        + (0.4 if "/pricing" in visited else 0.0)
    # Steep enough that the visible BANT signals decide most outcomes (real funnels are noisier
    # per lead, but the demo must let a good model reach a clear, checkable AUC).
    logit = -6.2 + 2.0 * (_AUTH[p.role] + bsig + tsig + nsig + _SRC[channel]) + rng.gauss(0, 0.5)
    converted = rng.random() < 1 / (1 + math.exp(-logit))
    source = rng.choice(LEAD_SOURCES[channel])
    prefix = {"ad": "AD", "search": "BD", "web": "WEB"}[channel]
    miss = 0.15 * noise
    row = {
        "_channel": channel, "id": f"{prefix}{created:%Y%m}{n:05d}", "created_at": created, "source": source,
        "name": N.name_variant(rng, p.name, p.p) if rng.random() < noise else p.name,
        "company": N.maybe(rng, name_variant(rng, p.company) if rng.random() < noise else p.company.name, miss),
        "title": N.maybe(rng, p.title or None, miss * 2),
        "email": N.maybe(rng, N.email_variant(rng, p.email, channel) if p.email else None, 0.35 if channel == "ad" else miss),
        "phone": N.maybe(rng, N.phone_format(rng, p.phone) if p.phone else None, 0.05 if channel == "ad" else 0.3),
        "budget": budget, "stated_purchase_date": purchase, "pages_visited": visited, "downloads": downloads,
        "questions": question, "campaign": rng.choice(CAMPAIGNS) if channel != "web" else None,
        # The outcome is known only for leads old enough to have been worked.
        "converted": converted if created.date() <= end - timedelta(days=60) else None,
    }
    return row, converted


PAGE_TITLES = {"/pricing": "价格方案 Pricing", "/product/data-platform": "数据中台产品", "/cases": "客户案例",
               "/solutions/government": "政务解决方案", "/about": "关于我们", "/blog/ai": "AI博客", "/docs/deploy": "部署文档",
               "/contact": "联系我们", "/product/ops": "智能运维产品", "/careers": "加入我们"}


def _visits(rng: random.Random, lead: dict) -> list[dict]:
    """The analytics events behind a web form: page views and downloads before the submission,
    keyed by the form id (the visitor becomes known when the form is sent)."""
    out = []
    t0: datetime = lead["created_at"]
    events = [("page_view", p) for p in lead["pages_visited"]] + [("download", "/files/whitepaper.pdf")] * lead["downloads"]
    for i, (event, page) in enumerate(events, 1):
        at = t0 - timedelta(minutes=rng.randint(1, 60 * 24 * 14))
        out.append({"event_id": f"{lead['id']}-E{i:02d}", "timestamp": at.strftime("%Y-%m-%d %H:%M:%S"),
                    "visitor_id": lead["id"], "event": event, "page_title": PAGE_TITLES.get(page, "白皮书下载 Whitepaper"),
                    "url": f"https://www.dege-tech.com{page}"})
    return out


# --------------------------------------------------------------------------- companies & WeCom messages


def _companies(w: World, rng: random.Random, identity: list[dict], noise: float) -> None:
    """The ERP's customer master: the same accounts under other codes and name variants."""
    n = 0
    for c in w.companies:
        for _ in range((rng.random() < 0.75) + (rng.random() < 0.2 * noise)):
            n += 1
            sid = f"KH{n:05d}"
            w.add("erp_customers", [{"customer_code": sid, "customer_name": name_variant(rng, c) if rng.random() < noise else c.name,
                                     "tax_id": c.credit_code if rng.random() < 0.6 else None, "city": c.city}])
            identity.append({"record_id": f"erp:{sid}", "entity_id": c.id, "kind": "company"})


def _route_wecom_messages(w: World, wecom_ext: dict[str, str]) -> None:
    """1:1 WeCom chats with contacts we hold as WeCom records come from the WeCom archive, keyed
    by the external user id (so they reach the contact only through ID-mapping)."""
    keep, moved = [], []
    for r in w.records.get("interactions", []):
        ids = r["contact_ids"]
        if r["kind"] == "wecom" and len(ids) == 1 and ids[0] in wecom_ext:
            moved.append({"msgid": r["id"], "msgtime": r["at"], "from_user": r["user_id"], "external_userid": wecom_ext[ids[0]],
                          "content_topic": r["topic"], "sentiment": r["sentiment"]})
        else:
            keep.append(r)
    w.records["interactions"] = keep
    w.add("wecom_messages", moved)
