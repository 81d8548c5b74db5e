"""The whole demo world: customer accounts with their org charts, our own company (users,
ownership, capabilities), a year of interactions, leads, opportunities, tenders and the noisy
channel appearances of people and companies -- plus the ground truth for every evaluation.

Records are kept as plain dicts with the CANONICAL field names of schema.models; `export_files`
renames them to each file's own (Chinese or English) column names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import appearances, deals
from .companies import Company, make_company
from .names import chinese_name, email_local
from .org import DEFAULT_EMPLOYERS, REFERENCE_DATE, OrgChart, generate_org
from .titles import INDUSTRIES

OUR_COMPANY = {"name": "德格智联科技有限公司", "name_en": "Dege Intellilink Technology Co., Ltd.", "domain": "dege-tech.com"}
SHAPES = ("flat", "deep", "matrix")


@dataclass
class World:
    seed: int
    as_of: date
    companies: list[Company]
    orgs: dict[str, OrgChart]
    records: dict[str, list[dict]] = field(default_factory=dict)   # canonical records per file key
    truth: dict[str, list[dict]] = field(default_factory=dict)     # truth tables (roles, identity, ...)

    def add(self, key: str, rows: list[dict]) -> None:
        self.records.setdefault(key, []).extend(rows)


def _size(rng: random.Random, industry: str, lo: int, hi: int) -> int:
    # Long-tailed: most accounts have a few dozen known contacts, some have hundreds.
    n = int(lo + (hi - lo) * rng.random() ** 2.2)
    return max(lo, min(hi, n + (10 if industry == "government" else 0)))


def generate_world(n_accounts: int, seed: int = 7, *, min_contacts: int = 12, max_contacts: int = 120,
                   as_of: date = REFERENCE_DATE, shapes: tuple[str, ...] = SHAPES,
                   noise: float = 1.0) -> World:
    """Deterministic for (n_accounts, seed, options). `noise` scales channel noise (0 = clean copies)."""
    if n_accounts < 1:
        raise ValueError("need at least one account")
    rng = random.Random(seed)
    start = as_of - timedelta(days=365)
    used: set[str] = set()
    companies: list[Company] = []
    orgs: dict[str, OrgChart] = {}
    for i in range(n_accounts):
        industry = INDUSTRIES[i % len(INDUSTRIES)] if i < len(INDUSTRIES) else rng.choice(INDUSTRIES)
        c = make_company(rng, f"ACC{i + 1:04d}", industry, used)
        n = _size(rng, industry, min_contacts, max_contacts)
        c.employees = n * rng.randint(8, 40)
        shape = shapes[i % len(shapes)]
        # Each org draws from its own child RNG so adding accounts never changes earlier ones.
        org_rng = random.Random(rng.getrandbits(64))
        orgs[c.id] = generate_org(org_rng, c.id, n, shape, c.lang, industry=industry, domain=c.domain,  # type: ignore[arg-type]
                                  employers=DEFAULT_EMPLOYERS, start=start, end=as_of)
        companies.append(c)
    w = World(seed, as_of, companies, orgs)
    _crm(w, rng)
    appearances.add_channels(w, random.Random(rng.getrandbits(64)), noise)
    deals.add_deals(w, random.Random(rng.getrandbits(64)))
    return w


def _users(rng: random.Random, n_accounts: int) -> list[dict]:
    n = max(4, min(40, 3 + n_accounts // 4))
    users = []
    for i in range(n):
        p = chinese_name(rng)
        role = "sales_manager" if i == 0 else ("presales" if i % 4 == 3 else "sales")
        users.append({"id": f"U{i + 1:03d}", "name": p.name, "email": f"{email_local(rng, p)}@{OUR_COMPANY['domain']}",
                      "role": role,
                      # Former employers of our own people (shared with some contacts -> warm paths).
                      "former_employers": ";".join(rng.sample(DEFAULT_EMPLOYERS, rng.randint(0, 2)))})
    return users


def _crm(w: World, rng: random.Random) -> None:
    """CRM exports: accounts, departments, contacts, org relations, interactions, users, ownership."""
    users = _users(rng, len(w.companies))
    w.add("users", users)
    sellers = [u for u in users if u["role"] != "presales"]
    presales = [u for u in users if u["role"] == "presales"] or sellers
    owner_of: dict[str, str] = {}
    for c in w.companies:
        owner = rng.choice(sellers)
        owner_of[c.id] = owner["id"]
        w.add("ownership", [{"user_id": owner["id"], "account_id": c.id}])
        if rng.random() < 0.15:   # some key accounts are co-owned
            other = rng.choice([u for u in sellers if u is not owner] or sellers)
            if other is not owner:
                w.add("ownership", [{"user_id": other["id"], "account_id": c.id}])
        w.add("accounts", [{"id": c.id, "name": c.name, "name_en": c.name_en, "industry": c.industry,
                            "region": c.region, "credit_code": c.credit_code if rng.random() > 0.1 else None,
                            "website": c.website, "employees": c.employees}])
        org = w.orgs[c.id]
        w.add("departments", [{"id": d.id, "account_id": d.account_id, "name": d.name, "name_en": d.name_en,
                               "parent_id": d.parent_id} for d in org.departments])
        w.add("contacts", [{"id": p.id, "name": p.name, "name_en": p.name_en, "account_id": p.account_id,
                            "department_id": p.department_id, "title": p.title or None,
                            "email": p.email if rng.random() > 0.08 else None,
                            "phone": p.phone if rng.random() > 0.12 else None,
                            "wecom_id": p.wecom_id, "manager_id": p.manager_id} for p in org.contacts])
        w.add("careers", [{"contact_id": k.contact_id, "organization": k.organization, "title": k.title,
                           "start": k.start.isoformat(), "end": k.end.isoformat()} for k in org.careers])
        w.add("education", [{"contact_id": e.contact_id, "school": e.school, "degree": e.degree, "year": e.year}
                            for e in org.schools])
        w.add("ties", [{"source_id": t.source_id, "target_id": t.target_id, "kind": t.kind, "strength": t.strength}
                       for t in org.ties])
        rows = []
        for it in org.meetings:
            technical = it.meeting_type in ("technical", "demo")
            user = rng.choice(presales)["id"] if technical and rng.random() < 0.6 else owner_of[c.id]
            channel = {"meeting": rng.choice(["onsite", "tencent_meeting", "onsite"]), "email": "email",
                       "call": "phone", "wecom": "wecom", "site_visit": "onsite"}[it.kind]
            rows.append({"id": it.id, "kind": it.kind, "at": it.at.strftime("%Y-%m-%d %H:%M:%S"),
                         "contact_ids": it.attendees, "user_id": user, "channel": channel, "topic": it.topic,
                         "sentiment": it.sentiment, "meeting_type": it.meeting_type, "summary": it.summary or None})
        w.add("interactions", rows)
        w.truth.setdefault("roles", []).extend(
            {"contact_id": p.id, "role": p.role, "account_id": c.id, "shape": org.shape} for p in org.contacts)
    w.truth["owner_of"] = [{"account_id": k, "user_id": v} for k, v in owner_of.items()]
