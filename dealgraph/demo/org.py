"""One customer organisation: departments, people, reporting lines, ties, a year of contact
with us, careers and schools, plus the TRUE decision role of every person.

How the truth is made (so evaluators know what is learnable):
1. Positions first: a tree of executive / department-head / deputy / manager / staff positions
   whose depth depends on the shape (flat 3 levels with wide spans, deep 5-6, matrix 3-5 with
   dotted-line ties across departments). Titles are drawn from the position and department in
   zh/en with noise (missing, acting, 兼, odd titles) -- never from the role.
2. Roles follow the product's purchase semantics (README, "Decision chain"), for the purchase
   of an IT system, from the positions the generator built (never from the title string):
   decision makers sign: the top (with an executive chairman above: both; under a
   non-executive chairman, only the CEO), the executive whose portfolio holds the IT department
   (the top itself when IT reports to it directly), and the CFO in the accounts where finance
   co-signs (about a third). Influencers shape: the other executives and a non-executive chair,
   heads and deputies of IT, procurement, finance, legal and of the user departments (the
   business units), trusted advisors of any title who advise three or more leaders, and an
   outside consultant. Executors: section managers and staff, and the heads and deputies of
   support units (HR, administration, HSE) which take no part in buying a system.
3. Behaviour follows the role, with noise: decision makers attend approval and procurement
   meetings and sign (the contract; a finance co-signer signs a finance sign-off too);
   influencers attend technical/demo meetings, are brokers with cross-department ties and
   "advises" ties to decision makers; executors attend kickoffs and talk implementation. About
   10% of each pattern is broken. An engineer who mentors three colleagues (not leaders) stays
   an executor.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from . import titles as T
from .names import PersonName, email_local, mobile, person_name

Shape = Literal["flat", "deep", "matrix"]
Lang = Literal["zh", "en", "mixed"]
ROLES = ("decision_maker", "influencer", "executor")
REFERENCE_DATE = date(2026, 11, 1)   # "today" of the demo world; a year of history precedes it

DEFAULT_EMPLOYERS = ["华为技术有限公司", "阿里巴巴(中国)有限公司", "联想集团", "中国移动通信集团", "国家电网有限公司",
                     "IBM中国", "Accenture", "Deloitte China", "中兴通讯股份有限公司", "腾讯科技(深圳)有限公司",
                     "Siemens Ltd., China", "中国石化", "海尔集团", "用友网络科技股份有限公司", "Oracle China"]
DEFAULT_SCHOOLS = ["清华大学", "北京大学", "浙江大学", "上海交通大学", "复旦大学", "华中科技大学", "哈尔滨工业大学",
                   "西安交通大学", "同济大学", "南京大学", "武汉大学", "中山大学", "北京邮电大学", "电子科技大学",
                   "Stanford University", "University of Michigan", "National University of Singapore",
                   "University of Manchester", "中欧国际工商学院", "长江商学院"]

TOPICS = {
    "decision_maker": [("预算审批", "budget approval"), ("合同条款", "contract terms"), ("价格谈判", "pricing negotiation"),
                       ("投资回报", "ROI review"), ("战略合作", "strategic partnership"), ("付款方式", "payment terms")],
    "influencer": [("技术方案评估", "technical evaluation"), ("参数对比", "spec comparison"), ("POC测试", "POC test"),
                   ("系统集成", "system integration"), ("安全合规", "security compliance"), ("架构评审", "architecture review")],
    "executor": [("实施计划", "implementation plan"), ("培训安排", "training schedule"), ("账号开通", "account setup"),
                 ("数据迁移", "data migration"), ("故障报修", "support ticket"), ("上线准备", "go-live preparation")],
}


@dataclass
class Department:
    id: str
    account_id: str
    name: str
    name_en: str
    parent_id: str | None
    function: str


@dataclass
class Contact:
    id: str
    account_id: str
    name: str
    name_en: str
    title: str
    department_id: str
    manager_id: str | None
    email: str
    phone: str
    wecom_id: str | None
    depth: int                      # 0 = top of the hierarchy
    position: str                   # top|chair|exec|head|deputy|manager|staff (generator internals)
    grade: str                      # expert|regular|junior for staff, else the position
    function: str
    role: str = "executor"          # TRUE decision role; written only to truth/roles.csv
    person: PersonName | None = field(default=None, repr=False)


@dataclass
class Tie:
    source_id: str
    target_id: str
    kind: str                       # colleague|friend|advises|dotted_line|alumni|former_colleague
    strength: float


@dataclass
class Interaction:
    id: str
    account_id: str
    kind: str                       # email|meeting|call|wecom|site_visit
    at: datetime
    attendees: list[str]
    topic: str
    sentiment: float
    meeting_type: str | None = None  # procurement|approval|technical|demo|kickoff|training
    summary: str = ""
    signer_id: str | None = None


@dataclass
class Career:
    contact_id: str
    organization: str
    title: str
    start: date
    end: date


@dataclass
class Education:
    contact_id: str
    school: str
    degree: str
    year: int


@dataclass
class OrgChart:
    account_id: str
    shape: str
    lang: str
    industry: str
    departments: list[Department]
    contacts: list[Contact]
    ties: list[Tie]
    meetings: list[Interaction]
    careers: list[Career]
    schools: list[Education]

    def roles(self) -> dict[str, str]:
        return {c.id: c.role for c in self.contacts}

    def levels(self) -> int:
        return 1 + max(c.depth for c in self.contacts)

    def contact(self, cid: str) -> Contact:
        return next(c for c in self.contacts if c.id == cid)


# ---------------------------------------------------------------- positions


@dataclass
class _Plan:
    exec_levels: int     # levels above department heads (1 = only the top person)
    sub_levels: int      # levels below department heads (1 = staff, 2 = managers + staff)
    n_vps: int
    n_depts: int


def _plan(rng: random.Random, n: int, shape: str) -> _Plan:
    if shape == "flat":
        e, s = 1, 1
    elif shape == "deep":
        e, s = (3 if n >= 40 else 2), 2
    else:
        e, s = rng.choice([1, 2]), rng.choice([1, 2])
    vps = 0 if e == 1 else min(max(2, round(n * 0.05)), 6)
    tops = 1 if e < 3 else 2
    # Flat orgs are wide: many departments directly under the top, large spans.
    m = round(n / (5 if shape == "flat" else 8))
    m = min(max(m, 3), 10)
    # Shrink for tiny orgs so every department still has at least one person under its head.
    while tops + vps + 2 * m > n and m > 1:
        m -= 1
    while tops + vps + 2 * m > n and vps > 0:
        vps -= 1
    if vps == 0 and e > 1:
        e = 1 if tops == 1 else 2
    if n < 3:
        m, s = 0, 1
    return _Plan(e, s, vps, m)


class _Builder:
    def __init__(self, rng: random.Random, account_id: str, n: int, shape: str, lang: str, industry: str,
                 domain: str) -> None:
        self.rng, self.aid, self.n, self.shape, self.lang, self.industry, self.domain = (
            rng, account_id, n, shape, lang, industry, domain)
        self.depts: list[Department] = []
        self.contacts: list[Contact] = []
        self._fn: dict[str, T.Function] = {}
        self._emails: set[str] = set()

    def dept(self, f: T.Function, name: str, name_en: str, parent: str | None) -> Department:
        d = Department(f"{self.aid}-D{len(self.depts) + 1:02d}", self.aid, name, name_en, parent, f.key)
        self.depts.append(d)
        self._fn[d.id] = f
        return d

    def person(self, dept: Department, manager: Contact | None, position: str, grade: str, title: str,
               function: str) -> Contact:
        rng = self.rng
        # Government bodies in the demo are Chinese agencies: Chinese names only.
        p = person_name(rng, "zh" if self.industry == "government" else self.lang)
        local = email_local(rng, p)
        while local in self._emails:        # two Wang Weis get wang.wei and wang.wei2
            local = local + str(rng.randrange(2, 9))
        self._emails.add(local)
        c = Contact(id=f"{self.aid}-C{len(self.contacts) + 1:04d}", account_id=self.aid, name=p.name,
                    name_en=p.name_en, title=title, department_id=dept.id,
                    manager_id=manager.id if manager else None, email=f"{local}@{self.domain}", phone=mobile(rng),
                    wecom_id=f"wm{rng.getrandbits(40):010x}" if rng.random() < 0.6 else None,
                    depth=(manager.depth + 1) if manager else 0, position=position, grade=grade, function=function,
                    person=p)
        self.contacts.append(c)
        return c


def _split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Split total into len(weights) parts >= 1 (when total allows), proportional to noisy weights."""
    k = len(weights)
    if k == 0:
        return []
    base = [1 if total >= k else 0] * k
    left = total - sum(base)
    w = [x * rng.uniform(0.6, 1.4) for x in weights]
    s = sum(w)
    extra = [int(left * x / s) for x in w]
    for i in rng.sample(range(k), k)[: left - sum(extra)]:
        extra[i] += 1
    return [a + b for a, b in zip(base, extra)]


def _build_positions(b: _Builder, plan: _Plan) -> None:
    rng, ind, lang = b.rng, b.industry, b.lang
    exe = T.executive_office(ind)
    d0 = b.dept(exe, exe.zh, exe.en, None)
    top: Contact
    if plan.exec_levels == 3:
        # Some chairmen preside without running the company (non-executive): only the CEO signs then.
        non_exec = ind != "government" and rng.random() < 0.35
        chair = b.person(d0, None, "chair", "non_executive" if non_exec else "chair",
                         T.top_title(rng, ind, lang, chair=True, non_executive=non_exec), "executive")
        top = b.person(d0, chair, "top", "top", T.top_title(rng, ind, lang, chair=False), "executive")
    else:
        top = b.person(d0, None, "top", "top", T.top_title(rng, ind, lang, chair=False), "executive")
    portfolios = [p for p in T.PORTFOLIOS][: plan.n_vps]
    rng.shuffle(portfolios)
    execs: list[tuple[Contact, set[str]]] = []
    for key, scope in portfolios:
        t = T.add_noise(rng, T.exec_title(rng, ind, lang, key), "exec", lang)
        execs.append((b.person(d0, top, "exec", "exec", t, "exec_" + key), scope))
    # The leaders' assistant: a low title next to the top, a trusted advisor in some accounts.
    if b.n >= 25 and rng.random() < 0.5:
        b.person(d0, top, "assistant", "assistant", T.assistant_title(rng, ind, lang), "executive")
    consultant = b.n >= 30 and rng.random() < 0.25
    functions = T.functions_for(rng, ind, plan.n_depts)
    fixed = len(b.contacts) + len(functions) + consultant
    sizes = _split(rng, max(b.n - fixed, 0), [f.weight for f in functions])
    for f, size in zip(functions, sizes):
        # The executive whose portfolio covers this function, else the least loaded one.
        boss = top
        if execs:
            fitting = [e for e, scope in execs if f.key in scope]
            boss = rng.choice(fitting) if fitting else rng.choice([e for e, _ in execs])
        d = b.dept(f, f.zh, f.en, d0.id)
        extra = rng.choice(["党支部书记", "工会主席", "IT主管"]) if lang != "en" else rng.choice(["Site Lead", "Compliance Officer"])
        head = b.person(d, boss, "head", "head", T.add_noise(rng, T.head_title(rng, ind, lang, f), "head", lang, extra), f.key)
        _fill_department(b, plan, f, d, head, size)
    if consultant:   # an outside consultant: no manager, consulted by the leadership
        ext = T.EXTERNAL
        d = b.dept(ext, ext.zh, ext.en, None)
        b.person(d, None, "consultant", "consultant", T.consultant_title(rng, lang), "external")


def _staff_grade(rng: random.Random) -> str:
    r = rng.random()
    return "expert" if r < 0.15 else ("junior" if r < 0.35 else "regular")


def _fill_department(b: _Builder, plan: _Plan, f: T.Function, d: Department, head: Contact, size: int) -> None:
    rng, ind, lang = b.rng, b.industry, b.lang

    def staff(dept: Department, mgr: Contact) -> None:
        g = _staff_grade(rng)
        b.person(dept, mgr, "staff", g, T.add_noise(rng, T.staff_title(rng, ind, lang, f, g), "staff", lang), f.key)

    if plan.sub_levels == 1 or size < 3:
        for _ in range(size):
            staff(d, head)
        return
    # Deep departments: a deputy and section managers, each with a section (sub-department).
    k = max(1, min(len(f.sections_zh) + 1, round(math.sqrt(size) / 1.2)))
    k = min(k, size - 1)
    managers: list[tuple[Contact, Department]] = []
    for i in range(k):
        if i == 0 and rng.random() < 0.5:
            m = b.person(d, head, "deputy", "deputy", T.add_noise(rng, T.deputy_title(rng, ind, lang, f), "deputy", lang), f.key)
            managers.append((m, d))
            continue
        j = i % max(len(f.sections_zh), 1)
        sz, se = (f.sections_zh[j], f.sections_en[j]) if f.sections_zh else (f"{f.zh}{i}组", f"{f.en} Team {i}")
        sec = b.dept(f, sz, se, d.id)
        t = T.add_noise(rng, T.manager_title(rng, ind, lang, f, sz, se), "manager", lang)
        managers.append((b.person(sec, head, "manager", "manager", t, f.key), sec))
    for _ in range(size - k):
        m, sec = rng.choice(managers)
        staff(sec, m)


# ---------------------------------------------------------------- roles


# Functions that take part in buying any system (they buy, pay, contract, run it) and support units
# that take part in none (people, administration, plant safety).
INVOLVED = {"it", "procurement", "finance", "legal"}
SUPPORT = {"hr", "admin", "safety"}
CFO_COSIGNS = 0.35    # share of accounts where finance co-signs an IT purchase


@dataclass
class _Advice:
    """Planned "advises" ties: a trusted advisor to several leaders, or a mentor of colleagues."""
    source: Contact
    targets: list[Contact]


def _assign_roles(rng: random.Random, contacts: list[Contact]) -> list[_Advice]:
    """True roles by the purchase semantics (module docstring); returns the advice ties it implies."""
    by_id = {c.id: c for c in contacts}
    reports: dict[str, list[Contact]] = {}
    for c in contacts:
        if c.manager_id:
            reports.setdefault(c.manager_id, []).append(c)

    def people_under(c: Contact) -> int:
        return sum(1 + people_under(k) for k in reports.get(c.id, []))

    it_heads = [c for c in contacts if c.position == "head" and c.function == "it"]
    it_owner = by_id.get(it_heads[0].manager_id or "") if it_heads else None
    cfo = next((c for c in contacts if c.function == "exec_cfo"), None)
    cfo_signs = cfo is not None and rng.random() < CFO_COSIGNS
    role: dict[str, str] = {}
    for c in contacts:
        if c.position == "top":
            r = "decision_maker"
        elif c.position == "chair":
            r = "influencer" if c.grade == "non_executive" else "decision_maker"
        elif c.position == "exec":
            r = "decision_maker" if c is it_owner or (c is cfo and cfo_signs) else "influencer"
        elif c.position == "consultant":
            r = "influencer"
        elif c.position == "head":
            # Heads of the business units are the purchase's users; a head of two people is no unit.
            user_unit = c.function not in SUPPORT and people_under(c) >= 2
            r = "influencer" if c.function in INVOLVED or user_unit else "executor"
        else:
            r = "executor"
        role[c.id] = r
    for c in contacts:   # deputies stand in for an involved head
        if c.position == "deputy" and c.manager_id and role.get(c.manager_id) == "influencer":
            role[c.id] = "influencer"
    for c in contacts:
        c.role = role[c.id]
    return _advice(rng, contacts, by_id)


def _advice(rng: random.Random, contacts: list[Contact], by_id: dict[str, Contact]) -> list[_Advice]:
    """Trusted advisors (of any title) advise 3-4 leaders and influence; a mentor of three colleagues
    does not. The consultant advises the top and the leader who owns IT."""
    leaders = [c for c in contacts if c.position in ("top", "chair", "exec", "head")]
    out: list[_Advice] = []

    def targets(c: Contact, pool: list[Contact], k: int) -> list[Contact]:
        pool = [x for x in pool if x.id != c.id and x.id != c.manager_id and x.manager_id != c.id]
        return rng.sample(pool, min(k, len(pool)))

    n = len(contacts)
    if n >= 30 and len(leaders) >= 5 and rng.random() < 0.6:
        candidates = [c for c in contacts if c.position in ("assistant", "manager")
                      or (c.position == "staff" and c.grade in ("expert", "regular"))]
        for c in rng.sample(candidates, min(len(candidates), 2 if n >= 120 else 1)):
            out.append(_Advice(c, targets(c, leaders, rng.randint(3, 4))))
            c.role = "influencer"
    experts = [c for c in contacts if c.position == "staff" and c.grade == "expert" and c.role == "executor"]
    if experts and rng.random() < 0.3:
        mentor = rng.choice(experts)
        juniors = [c for c in contacts if c.position == "staff" and c.grade in ("junior", "regular")]
        out.append(_Advice(mentor, targets(mentor, juniors, 3)))
    for c in contacts:
        if c.position == "consultant":
            signers = [x for x in contacts if x.role == "decision_maker"]
            others = [x for x in leaders if x.role != "decision_maker"]
            out.append(_Advice(c, targets(c, signers, 2) + targets(c, others, 1)))
    return out


# ---------------------------------------------------------------- ties


def _ties(rng: random.Random, org: list[Contact], depts: dict[str, Department], shape: str,
          advice: list[_Advice]) -> list[Tie]:
    def _top(c: Contact) -> str:
        d = depts[c.department_id]
        return d.parent_id if d.parent_id and depts[d.parent_id].parent_id else d.id
    td = {c.id: _top(c) for c in org}

    def top_dept(c: Contact) -> str:
        return td[c.id]
    by_dept: dict[str, list[Contact]] = {}
    for c in org:
        by_dept.setdefault(top_dept(c), []).append(c)
    # People outside each department, computed once per department (not once per person).
    outside = {d: [x for x in org if td[x.id] != d] for d in by_dept}
    outside_senior = {d: [x for x in xs if x.role != "executor"] for d, xs in outside.items()}
    seen: set[frozenset[str]] = set()
    out: list[Tie] = []

    def add(a: Contact, b: Contact, kind: str, lo: float, hi: float) -> None:
        key = frozenset((a.id, b.id))
        if a.id == b.id or key in seen or a.manager_id == b.id or b.manager_id == a.id:
            return
        seen.add(key)
        out.append(Tie(a.id, b.id, kind, round(rng.uniform(lo, hi), 2)))

    for a in advice:
        for t in a.targets:
            add(a.source, t, "advises", 0.6, 0.95)
    dms = [c for c in org if c.role == "decision_maker"]
    for c in org:
        same = [x for x in by_dept[top_dept(c)] if x.id != c.id]
        other = outside[td[c.id]]
        noisy = rng.random() < 0.1          # behaviour that breaks the role's usual pattern
        role = c.role if not noisy else rng.choice(ROLES)
        n_in, n_out = {"decision_maker": (1, 1), "influencer": (rng.randint(2, 3), rng.randint(2, 4)),
                       "executor": (rng.randint(1, 2), 1 if rng.random() < 0.12 else 0)}[role]
        for x in rng.sample(same, min(n_in, len(same))):
            add(c, x, "colleague", 0.3, 0.8)
        if other:
            if role == "influencer":   # brokers prefer other senior people across the org
                pool = outside_senior[td[c.id]] or other
            else:
                pool = other
            for x in rng.sample(pool, min(n_out, len(pool))):
                add(c, x, rng.choice(["colleague", "friend", "colleague"]), 0.3, 0.8)
        if role == "influencer" and dms and rng.random() < 0.7:
            close = [d for d in dms if d.function == c.function or top_dept(d) == top_dept(c)] or dms
            add(c, rng.choice(close), "advises", 0.6, 0.95)
    for i, a in enumerate(dms):          # decision makers know each other
        for b in dms[i + 1:]:
            if rng.random() < 0.6:
                add(a, b, "colleague", 0.5, 0.9)
    if shape == "matrix":                # dotted-line reporting across departments
        leads = [c for c in org if c.position in ("head", "deputy", "manager")]
        for c in leads:
            if rng.random() < 0.5:
                others = [x for x in leads if top_dept(x) != top_dept(c)]
                if others:
                    add(c, rng.choice(others), "dotted_line", 0.5, 0.8)
        staff = [c for c in org if c.position == "staff"]
        for c in rng.sample(staff, len(staff) // 5):
            others = [x for x in leads if top_dept(x) != top_dept(c)]
            if others:
                add(c, rng.choice(others), "dotted_line", 0.4, 0.7)
    for _ in range(max(1, len(org) // 25)):   # a few random friendships
        a, b = rng.sample(org, 2) if len(org) >= 2 else (org[0], org[0])
        add(a, b, "friend", 0.2, 0.6)
    return out


# ---------------------------------------------------------------- interactions


def _at(rng: random.Random, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(1, 10), rng.choice([0, 15, 30, 45]), tzinfo=UTC)


def _interactions(rng: random.Random, org: list[Contact], aid: str, lang: str, start: date, end: date) -> list[Interaction]:
    out: list[Interaction] = []
    by_role = {r: [c for c in org if c.role == r] for r in ROLES}
    use_en = lang == "en"

    def topic(role: str) -> str:
        zh, en = rng.choice(TOPICS[role])
        return en if use_en or (lang == "mixed" and rng.random() < 0.4) else zh

    def new(kind: str, day: date, people: list[Contact], tp: str, mtype: str | None = None, summary: str = "",
            signer: Contact | None = None) -> None:
        if not people or day > end:
            return
        ids = list(dict.fromkeys(p.id for p in people))
        out.append(Interaction(f"{aid}-I{len(out) + 1:05d}", aid, kind, _at(rng, day), ids, tp,
                               round(max(-1.0, min(1.0, rng.gauss(0.25, 0.4))), 2), mtype, summary,
                               signer.id if signer else None))

    def some(pool: list[Contact], lo: int, hi: int) -> list[Contact]:
        return rng.sample(pool, min(len(pool), rng.randint(lo, hi))) if pool else []

    def attending(pool: list[Contact], p: float) -> list[Contact]:
        return [c for c in pool if rng.random() < p]

    dm, inf, ex = by_role["decision_maker"], by_role["influencer"], by_role["executor"]
    # Every decision maker signs something: the contract (the top or the IT owner) or, for a CFO
    # who co-signs, the finance sign-off.
    finance_signers = [c for c in dm if c.function == "exec_cfo"]
    buying_dm = [c for c in dm if c not in finance_signers] or dm
    span = (end - start).days
    n_cycles = 1 + (len(org) > 40) + (rng.random() < 0.4)
    seen_dm: set[str] = set()
    for _ in range(n_cycles):
        t0 = start + timedelta(days=rng.randint(0, max(1, span - 200)))
        new("meeting", t0, some(ex, 2, 4) + some(inf, 1, 2) + attending(dm, 0.1), topic("executor"), "kickoff",
            "项目启动会" if not use_en else "project kickoff")
        t = t0
        for _ in range(rng.randint(1, 3)):
            t += timedelta(days=rng.randint(7, 25))
            new("meeting", t, some(inf, 2, 4) + some(ex, 0, 2) + attending(dm, 0.08), topic("influencer"), "technical")
        t += timedelta(days=rng.randint(5, 20))
        new("meeting", t, some(inf, 1, 3) + some(ex, 1, 2) + attending(dm, 0.2), topic("influencer"), "demo")
        for _ in range(rng.randint(1, 2)):
            t += timedelta(days=rng.randint(10, 30))
            people = attending(buying_dm, 0.75) + some(inf, 0, 2) + (some(ex, 1, 1) if rng.random() < 0.25 else [])
            seen_dm.update(c.id for c in people)
            new("meeting", t, people, topic("decision_maker"), "procurement")
        t += timedelta(days=rng.randint(7, 30))
        approvers = attending(dm, 0.7) or dm[:1]
        seen_dm.update(c.id for c in approvers)
        signer = rng.choice(buying_dm)
        new("meeting", t, approvers + some(inf, 0, 1), topic("decision_maker"), "approval",
            f"审批通过，由{signer.name}签字" if not use_en else f"approved; signed by {signer.name_en}", signer)
        t += timedelta(days=rng.randint(3, 14))
        new("email", t, [signer], "合同签署" if not use_en else "contract signature", None,
            "合同已签署" if not use_en else "contract signed", signer)
        seen_dm.add(signer.id)
        for cfo in finance_signers:
            t += timedelta(days=rng.randint(1, 5))
            new("email", t, [cfo], "财务会签" if not use_en else "finance co-sign", None,
                f"财务会签，由{cfo.name}签字" if not use_en else f"finance sign-off; signed by {cfo.name_en}", cfo)
        t += timedelta(days=rng.randint(10, 30))
        new("meeting", t, some(ex, 2, 5) + some(inf, 0, 1), topic("executor"), "training")
    # Most decision makers who missed every meeting still appear in one approval (10% stay silent).
    for c in dm:
        if c.id not in seen_dm and rng.random() < 0.9:
            new("meeting", start + timedelta(days=rng.randint(30, span)), [c] + some(inf, 0, 1), topic("decision_maker"), "approval")
    kinds = ["email", "call", "wecom", "site_visit"]
    for c in org:
        lo, hi = {"decision_maker": (1, 3), "influencer": (3, 7), "executor": (1, 4)}[c.role]
        for _ in range(rng.randint(lo, hi)):
            role = c.role if rng.random() > 0.15 else rng.choice(ROLES)
            kind = rng.choices(kinds, weights=[0.35, 0.2, 0.35, 0.1])[0]
            new(kind, start + timedelta(days=rng.randint(0, span)), [c], topic(role))
    out.sort(key=lambda i: i.at)
    return out


# ---------------------------------------------------------------- careers & schools


def _careers(rng: random.Random, org: list[Contact], employers: list[str], end: date) -> list[Career]:
    out: list[Career] = []
    n_prev = {"top": (1, 3), "chair": (1, 3), "exec": (1, 3), "head": (1, 2), "deputy": (0, 2), "manager": (0, 2)}
    for c in org:
        lo, hi = n_prev.get(c.position, (0, 1))
        cursor = end - timedelta(days=rng.randint(365, 365 * 8))   # joined the current company
        for org_name in rng.sample(employers, min(len(employers), rng.randint(lo, hi))):
            stop = cursor - timedelta(days=rng.randint(0, 90))
            begin = stop - timedelta(days=rng.randint(365, 365 * 6))
            title = rng.choice(["工程师", "经理", "高级经理", "主管", "Engineer", "Manager", "Consultant", "Senior Manager"])
            out.append(Career(c.id, org_name, title, begin, stop))
            cursor = begin
    return out


def _schools(rng: random.Random, org: list[Contact], schools: list[str]) -> list[Education]:
    out: list[Education] = []
    for c in org:
        if rng.random() < 0.12:
            continue
        year = 1988 + 4 * c.depth + rng.randint(0, 14)
        out.append(Education(c.id, rng.choice(schools[:14]) if rng.random() < 0.8 else rng.choice(schools),
                             rng.choice(["本科", "Bachelor"]) if rng.random() < 0.5 else "本科", min(year, 2024)))
        if c.position in ("top", "chair", "exec", "head") and rng.random() < 0.5:
            out.append(Education(c.id, rng.choice(schools[-6:]), rng.choice(["MBA", "EMBA", "硕士"]), min(year + 8, 2025)))
        elif rng.random() < 0.25:
            out.append(Education(c.id, rng.choice(schools), rng.choice(["硕士", "Master", "博士", "PhD"]), min(year + 3, 2025)))
    return out


def _shared_background_ties(rng: random.Random, org: list[Contact], careers: list[Career], edu: list[Education],
                            existing: list[Tie]) -> list[Tie]:
    """Some people who studied at the same school or worked at the same former employer know each other."""
    seen = {frozenset((t.source_id, t.target_id)) for t in existing}
    out: list[Tie] = []
    for kind, groups in (("alumni", _group(edu, "school")), ("former_colleague", _group(careers, "organization"))):
        for members in groups.values():
            p = min(0.12, 2.0 / len(members))   # big alumni groups: each knows only a few of the others
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    key = frozenset((a, b))
                    if a != b and key not in seen and rng.random() < p:
                        seen.add(key)
                        out.append(Tie(a, b, kind, round(rng.uniform(0.2, 0.6), 2)))
    return out


def _group(rows: list, attr: str) -> dict[str, list[str]]:
    g: dict[str, list[str]] = {}
    for r in rows:
        ids = g.setdefault(getattr(r, attr), [])
        if r.contact_id not in ids:
            ids.append(r.contact_id)
    return g


# ---------------------------------------------------------------- entry point


def generate_org(rng: random.Random, account_id: str, n_contacts: int, shape: Shape = "flat", lang: Lang = "zh", *,
                 industry: str | None = None, domain: str | None = None, employers: list[str] | None = None,
                 schools: list[str] | None = None, start: date | None = None,
                 end: date = REFERENCE_DATE) -> OrgChart:
    """Generate one organisation of n_contacts people (at least 3) with its true roles.

    Deterministic for the state of `rng`. `employers` lets the world generator share former
    employers with our own sales people; `start`..`end` bounds the interaction history."""
    if n_contacts < 3:
        raise ValueError("an organisation needs at least 3 contacts")
    if shape not in ("flat", "deep", "matrix"):
        raise ValueError(f"unknown shape {shape!r}; use flat, deep or matrix")
    industry = industry or rng.choice(T.INDUSTRIES)
    domain = domain or f"{account_id.lower()}.example.cn"
    start = start or end - timedelta(days=365)
    b = _Builder(rng, account_id, n_contacts, shape, lang, industry, domain)
    _build_positions(b, _plan(rng, n_contacts, shape))
    advice = _assign_roles(rng, b.contacts)
    depts = {d.id: d for d in b.depts}
    ties = _ties(rng, b.contacts, depts, shape, advice)
    meetings = _interactions(rng, b.contacts, account_id, lang, start, end)
    careers = _careers(rng, b.contacts, employers or DEFAULT_EMPLOYERS, end)
    edu = _schools(rng, b.contacts, schools or DEFAULT_SCHOOLS)
    ties += _shared_background_ties(rng, b.contacts, careers, edu, ties)
    return OrgChart(account_id, shape, lang, industry, b.depts, b.contacts, ties, meetings, careers, edu)
