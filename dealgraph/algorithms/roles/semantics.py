"""Buying-committee roles from the structure of one account's org chart, for one purchase.

The product's definition (README, "Decision chain"): roles are relative to a purchase whose
area (it, finance, operations, marketing, ...) names the function that owns its budget.
- decision_maker signs the purchase off: the top of the hierarchy (two where a chairman and a
  CEO / 党委书记 and 院长 both head it; the CEO alone under a non-executive chairman); the one
  executive who owns the purchase's budget area (the most senior person over the IT unit for an
  IT purchase, found by the reporting line whatever the title says); the CFO where finance
  co-signs (a finance executive engaged in the deal: advised, meeting us, signing).
- influencer shapes it without signing: the other executives; heads and deputy heads of the
  units involved (the purchase's own function, procurement, finance, legal, the units under the
  budget owner, the main line units); anyone advising several leaders; outside consultants.
- executor: everyone else, including big titles over units that take no part (车间主任 deep in a
  plant, 档案室主任, Head of Facilities) and deputies of line units (分行副行长).

Pure Python over plain records: cheap, exact, and the same for the graph and for a user's file.
Each verdict carries a reason code, plain-words evidence and a prior confidence per reason.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .calibration import calibrated
from .titles import TitleInfo, normalise_title, parse_title, title_function

# Purchase area -> the title/department functions (titles.py) that own its budget.
AREAS: dict[str, tuple[str, ...]] = {
    "it": ("it",), "digital": ("it",), "finance": ("finance",), "procurement": ("procurement",),
    "operations": ("operations",), "production": ("operations",), "marketing": ("sales",), "sales": ("sales",),
    "hr": ("hr",), "legal": ("legal",), "engineering": ("engineering",), "rd": ("engineering",),
}
# Functions that take part in any purchase: they buy (procurement), pay (finance), contract (legal)
# and run or vet the system (IT, information security).
INVOLVED = ("procurement", "finance", "legal", "it")
# Executive titles that own technology when no IT unit exists (a CTO in a start-up).
_TECH_EXEC = re.compile(r"\bcto\b|\bcdo\b|\bcio\b|chief (?:technology|digital|information) officer|首席技术官|首席数字官"
                        r"|首席信息官|技术总监|信息化", re.IGNORECASE)
# Chairmen who do not run the company: supervisory boards, non-executive and honorary chairs.
_NON_EXECUTIVE = re.compile(r"aufsichtsrat|supervisory|non[- ]?exec|非执行|非常勤|비상근|监事|独立董事|名誉|荣誉|honorary|emeritus"
                            r"|independent director", re.IGNORECASE)
# Units that do not take part in buying a system: people, party, union, guards, facilities, archives.
_SUPPORT = re.compile(r"人力|人事|\bhr\b|human resource|personal\b|people|talent|党|纪委|纪检|工会|union|保卫|安保"
                      r"|werkschutz|security guard|physical security|后勤|物业|facilit|haustechn|档案|archiv|食堂"
                      r"|canteen|(?<!客户)服务中心|车队|保洁|安全环境|安全环保|\behs\b|\bhse\b|宣传|communications|public relations"
                      r"|\bpr\b|行政|administration|\badmin\b|happiness|recruit|learning (?:&|and) dev|\bl&d\b|培训|workplace", re.IGNORECASE)
# Line units in the field (a branch, a plant, a region, a store): their heads weigh in, their deputies run them.
_LINE_UNIT = re.compile(r"分行|支行|分公司|大区|区域|片区|办事处|分院|分局|分校|校区|门店|分店|工厂|分厂|\bplant\b|\bbranch"
                        r"|\bregion|\bwerk\b|\bsite\b|\bstore\b|\bfactory\b|z(?:á|a)vod", re.IGNORECASE)
# A department that is the leadership itself, not a unit under it.
_LEADERSHIP = re.compile(r"领导|经营层|班子|董事会(?!办)|管理层|高管|总裁办|executive (?:office|board|team|committee)"
                         r"|leadership|office of the (?:ceo|president)|c-suite|management board|gesch(?:ä|ae)ftsf(?:ü|ue)hrung"
                         r"|vorstand|^board\b", re.IGNORECASE)
_EXTERNAL = re.compile(r"外部|外聘|external|extern\b|\(extern|顾问|consult|advis|berater|partner|合伙人|专家委员会"
                       r"|expert committee|attorney|outside counsel|contract counsel|law firm|律师|\bllp\b|\bllc\b"
                       r"|\(ext\.?\)", re.IGNORECASE)
# Posts that serve the top rather than lead a part of the organisation.
_STAFF_POST = re.compile(r"chief of staff|secretary|秘书|\bea\b|executive assistant|personal assistant", re.IGNORECASE)
# Finance officers whose post co-signs the purchases of the organisation they belong to.
# Posts of the top's office that serve it (communications, protocol, public affairs), not lead the company.
_OFFICE_POST = re.compile(r"communications|public relations|\bpr\b|public affairs|government affairs|protocol|宣传|公关"
                          r"|新闻|外事", re.IGNORECASE)
# Words that place someone outside the organisation wherever the export puts them.
_OUTSIDER = re.compile(r"(?<![海对涉境国])外部|外聘|\bexternal\b(?! affairs| relations| communications| reporting)|\(ext\.?\)"
                       r"|\bllc\b|\bllp\b|law firm|outside counsel|contract counsel", re.IGNORECASE)
_COSIGNING_OFFICER = re.compile(r"总会计师|\bcfo\b|chief financial officer|finanzvorstand|finanzgesch(?:ä|ae)ftsf"
                                r"|kaufm(?:ä|ae)nnische[rn]? gesch(?:ä|ae)ftsf", re.IGNORECASE)
_WORKS_COUNCIL = re.compile(r"betriebsrat|works council|staff council|职工代表大会|职代会", re.IGNORECASE)
_DEPUTY = re.compile(r"副|次长|\bdeputy\b|\bvice\b|\bstellv|stellvertret|\bavp\b|assistant vice|\basst\b"
                     r"|\bassistant (?!to\b)(?=\w)", re.IGNORECASE)
# Chinese and English words for the head of the whole organisation; in a unit's department
# (总经理 of 信息科技部, 行长 of a branch) they name the head of that unit instead.
_ORG_HEAD_WORDS = {"总经理", "行长", "院长", "校长", "局长", "厅长", "社长", "general manager", "managing director",
                   "president", "gm"}
ADVISES_LEADERS = 3  # an advisor to this many leaders shapes the decision
ENGAGED_TRACES = 2.0  # meetings with us + people running the purchase worked with, for a unit to count as seen
QUIET_MIN_ENGAGED = 2  # units seen taking part in the deal before a unit seen in none counts as not involved

# Prior confidence per reason (hand-set); the confidence given is the calibrated one (calibration.py).
CONFIDENCE = {
    "top": 0.95, "co_top": 0.9, "ceo_under_chair": 0.9, "budget_owner": 0.85, "cfo_cosigns": 0.7,
    "non_exec_chair": 0.75, "executive": 0.8, "function_head": 0.85, "deputy_function": 0.75,
    "owner_unit_head": 0.8, "line_head": 0.7, "user_unit_head": 0.65, "user_deputy": 0.6, "advisor": 0.75,
    "external": 0.75, "works_council": 0.7, "support_unit": 0.8, "small_unit": 0.7, "line_deputy": 0.7,
    "deep": 0.85, "staff": 0.9, "outside": 0.6, "quiet_unit": 0.7,
}


REASONS = tuple(CONFIDENCE)
VECTOR_NAMES = ([f"reason={r}" for r in REASONS] + ["said=decision_maker", "said=influencer", "said=executor",
                "level", "level_unknown", "deputy", "span", "direct_reports", "relative_depth", "unit=area",
                "unit=involved", "unit=support", "unit=other", "advised_by", "advises_leaders", "meets_us_rank",
                "unit_seen_in_deal", "line_unit", "leadership_dept", "reports_to_leadership", "confidence"])


@dataclass
class Member:
    """One person of an account as the semantics needs them."""
    id: str
    name: str = ""
    title: str = ""
    department: str = ""
    manager_id: str | None = None
    advises: set[str] = field(default_factory=set)  # ids of the people this person advises
    engagement: float = 0.0  # meetings with us (any scale; compared within the account)
    signs: int = 0  # documents signed / signing meetings attended
    works_with: set[str] = field(default_factory=set)  # ids this person e-mails or meets with (work, not advice)
    meetings: int = 0  # meeting records with us (met ties, interactions): counted, whatever their weights' scale


@dataclass
class Verdict:
    role: str
    reason: str
    confidence: float  # calibrated: how often this reason is right
    evidence: list[str]
    prior: float = 0.0  # the hand-set prior of the reason, before calibration
    profile: str = ""  # the reason with the person's place in the structure (profile()): what answers transfer by
    vector: list[float] = field(default_factory=list)  # numbers that transfer between accounts (vector()), no ids


@dataclass
class _Node:
    m: Member
    info: TitleInfo
    level: float  # title level qualified by the department (总经理 of a department heads a unit)
    function: str | None
    children: list[str] = field(default_factory=list)
    depth: int = 0
    span: int = 0
    root: str = ""
    advised_by: set[str] = field(default_factory=set)


def decide(members: list[Member], area: str = "it") -> dict[str, Verdict]:
    """Role of every member for a purchase in `area` (see AREAS; unknown areas fall back to it)."""
    return _Chart(members, area).verdicts()


class _Chart:
    def __init__(self, members: list[Member], area: str) -> None:
        self.area = area if area in AREAS else "it"
        self.area_functions = AREAS[self.area]
        self.involved = set(INVOLVED) | set(self.area_functions)
        ids = {m.id for m in members}
        self.n: dict[str, _Node] = {}
        for m in members:
            info = parse_title(m.title, m.department)
            boss = m.manager_id if m.manager_id in ids and m.manager_id != m.id else None
            m.manager_id = boss
            self.n[m.id] = _Node(m, info, info.level if info.level is not None else -1.0, _unit_function(m))
        for cid, node in self.n.items():
            if node.m.manager_id:
                self.n[node.m.manager_id].children.append(cid)
            for t in node.m.advises:
                if t in self.n and t != cid:
                    self.n[t].advised_by.add(cid)
        self._tree()
        self._structure()


    # ------------------------------------------------------------------ structure

    def _tree(self) -> None:
        roots = [c for c, x in self.n.items() if not x.m.manager_id]
        for r in roots:
            order, stack = [], [(r, 0)]
            while stack:
                c, d = stack.pop()
                self.n[c].depth, self.n[c].root = d, r
                order.append(c)
                stack.extend((k, d + 1) for k in self.n[c].children)
            for c in reversed(order):
                self.n[c].span = sum(self.n[k].span + 1 for k in self.n[c].children)
        self.main_root = max(roots, key=lambda r: (self.n[r].span, self.n[r].level), default=None)
        self.tree_size = self.n[self.main_root].span + 1 if self.main_root else 0
        self.inside = {self.main_root}  # roots of the account's own trees (the main one and co-tops')

    def _is_leadership_dept(self, dept: str) -> bool:
        return bool(dept) and (dept in self.leader_depts or bool(_LEADERSHIP.search(dept)))

    def _structure(self) -> None:
        n, root = self.n, self.main_root
        self.tops: dict[str, str] = {}  # signing tops -> reason
        self.seen_units: set[str] = set()  # unit heads whose units the deal's traces show taking part
        self.non_exec: str | None = None
        self.leader_depts: set[str] = set()
        if root is None:
            self.execs: set[str] = set()
            return
        r = n[root]
        self.leader_depts.add(r.m.department)
        kids = sorted(r.children, key=lambda c: -n[c].span)
        if _NON_EXECUTIVE.search(f"{r.m.title} {r.m.department}") and kids:
            self.non_exec = root
            ceo = kids[0]
            self.tops[ceo] = "ceo_under_chair"
            self.leader_depts.add(n[ceo].m.department)
        else:
            self.tops[root] = "top"
            for c in kids:
                x = n[c]
                head_title = (x.info.level or 0) >= 6 and not x.info.deputy
                if head_title and (x.m.department == r.m.department or _LEADERSHIP.search(x.m.department or "")
                                   or x.span >= 0.5 * self.tree_size):
                    self.tops[c] = "co_top"
                    self.leader_depts.add(x.m.department)
        # Another tree headed by a second head (党委 + 行政, a JV's two appointees): a top title in the
        # leadership's own department over a few people, or an executive over a third of the main tree.
        for c, x in n.items():
            if x.m.manager_id or c == root or not x.children:
                continue
            lvl, big = x.info.level or 0, x.span + 1 >= max(5, self.tree_size / 3)
            same_leadership = x.m.department == r.m.department or bool(_LEADERSHIP.search(x.m.department or ""))
            if (lvl >= 6 and (big or same_leadership)) or (lvl >= 5 and big):
                self.tops[c] = "co_top"
                self.inside.add(c)
                self.leader_depts.add(x.m.department)
        self.leader_depts.discard("")
        for x in n.values():  # qualify organisation-head words used for a unit's head
            x.level = self._qualified_level(x)
        bosses = set(self.tops) | ({self.non_exec} if self.non_exec else set())
        self.execs = {c for b in bosses for c in n[b].children
                      if c not in self.tops and self._executive(n[c])}

    def _deputy(self, x: _Node) -> bool:
        """Deputy in the title's main part (副行长), not in a side post (党委副书记、行长)."""
        return x.info.deputy

    def _deputy_of(self, c: str, boss: str) -> bool:
        """c stands in for `boss` in the same unit: a deputy word anywhere in the title and a real share
        of the boss's people (an AVP with 2 of a president's 59 people deputises nothing)."""
        x, b = self.n[c], self.n[boss]
        if not _DEPUTY.search(normalise_title(x.m.title)):
            return False
        if _posts(x.m.title, deputy=True) & _posts(b.m.title):
            return True  # 护理部副主任 under 护理部主任: the title says whose deputy, whatever the department
        if x.m.department == b.m.department and self._names_deputy_of(x, b):
            return True  # 副经理 under the 市场部经理 of the same department: the deputy of that post
        return x.m.department == b.m.department and x.span * 4 >= b.span - 3

    def _qualified_level(self, x: _Node) -> float:
        lvl = x.level
        if x.m.id in self.tops or x.m.id == self.non_exec or lvl < 5:
            return lvl
        if (x.info.head or "") in _ORG_HEAD_WORDS and not self._is_leadership_dept(x.m.department):
            if not self._deputy(x):
                return 4.0  # 总经理 of 人力资源部, 行长 of a branch
            if x.m.manager_id not in self.tops:
                return 3.5  # 副行长 of a branch; a 副社长 reporting to the 社长 is the organisation's
        if (x.info.head or "") in ("书记",) and x.m.department and not self._is_leadership_dept(x.m.department) \
                and re.search(r"党委$|党总支|支部|机关党", x.m.department):
            return 3.5  # secretary of a unit's party committee
        return lvl

    def _executive(self, x: _Node) -> bool:
        """A direct report of the top who is part of the leadership, not the head of one unit."""
        if _WORKS_COUNCIL.search(f"{x.m.title} {x.m.department}") or _NON_EXECUTIVE.search(normalise_title(x.m.title)):
            return False  # the works council co-determines; a non-executive director runs nothing
        # In the leadership's department, whoever leads people is an executive, except the staff of
        # the top's office (办公室主任, chief of staff, secretaries): they run an office, not the company.
        staff_title = title_function(x.m.title) == "admin" or bool(_STAFF_POST.search(x.m.title or "")) \
            or (x.level < 5 and bool(_OFFICE_POST.search(x.m.title or "")))  # Director of Communications
        boss = x.m.manager_id
        if boss in self.tops and self._names_deputy_of(x, self.n[boss]):
            return True  # Deputy / Assistant Superintendent under the Superintendent, 副总经理 under the 总经理
        return x.level >= 5 or (self._is_leadership_dept(x.m.department) and x.span > 0 and not staff_title)

    @staticmethod
    def _names_deputy_of(x: _Node, b: _Node) -> bool:
        """x's title is a deputy of b's post: its post without the deputy word ends b's post."""
        mine, boss_posts = _posts(x.m.title, deputy=True), _posts(b.m.title)
        # A Chinese head noun ends the post (市场部经理); an English one starts it (Superintendent of Schools).
        return any(p and len(p) >= 2 and (q.endswith(p) if not p.isascii() else q.startswith(p) and len(p) >= 4)
                   for p in mine for q in boss_posts)

    # ------------------------------------------------------------------ purchase

    def _function(self, x: _Node) -> str | None:
        return x.function

    def _entries(self, functions: tuple[str, ...], tech_exec: bool = False) -> list[str]:
        """The shallowest people of a function in the main tree: where the function starts."""
        n = self.n
        hits = [c for c, x in n.items() if x.root in self.inside
                and (x.function in functions or (tech_exec and _TECH_EXEC.search(x.m.title or "")))
                and c not in self.tops and c != self.non_exec]
        if not hits:
            return []
        top = min(n[c].depth for c in hits)
        entries = [c for c in hits if n[c].depth == top]
        return sorted(entries, key=lambda c: -n[c].span)

    def _heads_something(self, c: str, f: str) -> bool:
        """A function's first person heads it unless a lone specialist placed in another unit
        (法务合规担当 in 人事总务部: the legal work is done by one clerk, there is no legal unit to head)."""
        x = self.n[c]
        boss = self.n[x.m.manager_id] if x.m.manager_id else None
        if (boss and x.level < 4 and x.level <= boss.level < 5 and boss.function != f
                and x.m.manager_id not in self.execs
                and x.m.manager_id not in self.tops):
            return False  # 采购管理科科长 under the 资产处 (副)处长: a section of another unit
        return bool(x.children) or x.level >= 4 or parse_title(None, x.m.department).function == f

    def _department_head_under(self, c: str, f: str) -> str | None:
        """The direct report of executive `c` who heads c's department of function f (the Financial
        Controller under the CFO): the one of that function with the most people below, if any."""
        kids = [k for k in self.n[c].children if self.n[k].function == f and self.n[k].span > 0
                and self.n[k].level <= 5]  # a VP Finance under the CFO heads the department
        own = [k for k in kids if self.n[k].m.department == self.n[c].m.department]  # not Tax beside Finance
        return min(own or kids, key=lambda k: (-self.n[k].span, k), default=None)

    def _main_unit(self, functions: tuple[str, ...]) -> str | None:
        """The head of the function's biggest unit: where a person of the function reports to someone
        outside it, the one with the most people below (a 网信办 office of two near the top does not
        outweigh the 网络与信息中心 of twenty under a vice-president); the shallowest on ties."""
        n = self.n
        starts = [c for c, x in n.items() if x.root in self.inside and x.function in functions
                  and c not in self.tops and c != self.non_exec
                  and not (x.m.manager_id and n[x.m.manager_id].function in functions)]
        return min(starts, key=lambda c: (-n[c].span, n[c].depth, c), default=None)

    def _titled_heads(self, f: str) -> set[str]:
        """Heads whose title names the function at head level (Head of Purchasing under an SVP of
        supply chain), where no one below executive rank above them works in that function."""
        n = self.n
        out = set()
        for c, x in n.items():
            if x.root not in self.inside or x.level < 4 or x.level >= 5 or title_function(x.m.title) != f:
                continue
            boss, above = x.m.manager_id, False
            while boss:
                if n[boss].function == f and n[boss].level < 5:
                    above = True
                    break
                boss = n[boss].m.manager_id
            if not above:
                out.add(c)
        return out

    def _exec_over(self, c: str) -> str | None:
        """The executive (direct report of a top) on the reporting line above `c`, or c itself."""
        n = self.n
        node = c
        while node is not None:
            boss = n[node].m.manager_id
            if boss in self.tops or boss == self.non_exec or boss is None:
                return node if node not in self.tops else None
            node = boss
        return None

    def budget_owner(self, functions: tuple[str, ...]) -> tuple[str | None, str | None]:
        """(owner, the function's head) for a purchase in these functions. A unit of the function
        decides by its reporting line; a technology executive's title (CTO) only where no such unit
        exists (a CTO who runs product R&D does not own the IT budget of a company with an IT unit)."""
        head = self._main_unit(functions)
        if head is None:
            entries = self._entries(functions, tech_exec="it" in functions)
            if not entries:
                return None, None
            head = entries[0]
        owner = self._exec_over(head)
        if owner is None:
            return None, head  # the top itself owns it
        x = self.n[owner]
        if owner == head and x.level < 5 and owner not in self.execs:
            return None, head  # a plain department head under the top: the top owns the budget
        return owner, head

    # ------------------------------------------------------------------ verdicts

    def _leader(self, c: str) -> bool:
        x = self.n[c]
        return c in self.tops or c in self.execs or x.level >= 4 or len(x.children) >= 2 or x.span >= 3

    def verdicts(self) -> dict[str, Verdict]:
        n = self.n
        out: dict[str, Verdict] = {}
        owner, area_head = self.budget_owner(self.area_functions)
        fin_owner, _ = self.budget_owner(("finance",))
        heads = {f: {c for c in self._entries((f,)) if self._heads_something(c, f)} | self._titled_heads(f)
                 for f in INVOLVED}
        for f, cs in heads.items():  # under a CFO / CIO, the one who heads the department itself ...
            under = {c: d for c in list(cs) if _post_level(n[c].m.title, f) >= 5
                     for d in [self._department_head_under(c, f)] if d}
            cs |= set(under.values())
            # ... and not every other head beside it (Head of Tax beside the Financial Controller).
            cs -= {c for c in list(cs) if n[c].m.manager_id in under and under[n[c].m.manager_id] != c}
        function_heads = {c: f for f, cs in heads.items() for c in cs}
        area_word = self.area.upper() if self.area == "it" else self.area

        def put(c: str, role: str, reason: str, *evidence: str) -> None:
            if c not in out:
                out[c] = Verdict(role, reason, calibrated(reason, CONFIDENCE[reason]), [e for e in evidence if e],
                                 CONFIDENCE[reason])

        # Decision makers.
        for c, why in self.tops.items():
            if why == "top":
                put(c, "decision_maker", "top", "top of the hierarchy: signs the purchase off "
                    f"({n[c].span} people report to this person directly or indirectly)")
            elif why == "ceo_under_chair":
                chair = n[self.non_exec]
                put(c, "decision_maker", "ceo_under_chair", "runs the organisation under a non-executive chair "
                    f"({chair.m.name or chair.m.id}, {chair.m.title}): signs the purchase off")
            else:
                put(c, "decision_maker", "co_top", "heads the organisation together with the top "
                    f"({self._name(self.main_root)}): both sign the purchase off")
        if owner:
            via = n[area_head] if area_head else None
            how = (f"{area_word} reports to this person ({via.m.title or via.m.name} of {via.m.department or 'the unit'})"
                   if via and area_head != owner else f"heads {area_word}")
            put(owner, "decision_maker", "budget_owner", f"owns the {area_word} budget: {how}")
        if self.area != "finance" and fin_owner and fin_owner != owner and self._cosigns(fin_owner):
            x = n[fin_owner]
            why = ("the post co-signs the organisation's purchases" if _COSIGNING_OFFICER.search(x.m.title or "")
                   else f"takes part in the deal ({self._engagement_words(fin_owner)})")
            put(fin_owner, "decision_maker", "cfo_cosigns", f"finance co-signs: heads finance ({x.m.title}); {why}")
        if self.non_exec:
            put(self.non_exec, "influencer", "non_exec_chair", "non-executive chair above the CEO: shapes, "
                "does not sign")
        # Influencers.
        for c in sorted(self.execs):
            put(c, "influencer", "executive", f"executive reporting to the top ({n[c].m.title or 'no title'}): "
                "shapes the decision, does not own this budget")
        for c, x in n.items():
            if x.root not in self.inside:
                continue
            if x.level >= 5 and c not in self.tops and not self._line_deputy(c) and (
                    x.m.manager_id in self.tops or (x.children and x.m.manager_id not in self.execs)):
                # (a VP under a C-level heads a unit of that executive's area: judged as a unit head below)
                put(c, "influencer", "executive", f"executive title '{x.m.title}': shapes the decision")
            if _WORKS_COUNCIL.search(f"{x.m.title} {x.m.department}"):
                put(c, "influencer", "works_council", "chairs the works council, which co-determines new IT "
                    "systems")
        unit_heads = self._unit_heads(owner)
        # IT vets and runs a system; where the purchase is of another area (a service, an outsourcing, a
        # campaign) and the deal's traces show IT's units nowhere in it, IT is not involved.
        optional = {c for c, f in function_heads.items() if f == "it" and "it" not in self.area_functions}
        core = self._core(owner, area_head, {c: f for c, f in function_heads.items() if c not in optional})
        quiet = self._quiet_units((unit_heads - set(out)) | optional, core)
        for c, f in function_heads.items():
            if c in quiet:
                put(c, "executor", "quiet_unit", f"heads {_FUNCTION_WORDS.get(f, f)}, but nobody in it meets us or "
                    f"works with the {area_word} people on this {area_word} purchase while other units do: not involved")
            else:
                put(c, "influencer", "function_head", f"heads {_FUNCTION_WORDS.get(f, f)}, involved in the purchase")
        for c in sorted(unit_heads, key=lambda c: n[c].depth):
            x = n[c]
            boss = x.m.manager_id
            if c in out:
                continue
            if self._support(x):
                if not self._advises_leaders(c):
                    put(c, "executor", "support_unit", f"heads {x.m.department or 'a support unit'}, a support unit "
                        "not involved in the purchase")
                continue
            if boss == owner and owner and not self._support(x) and (x.children or x.level >= 4):
                reason, why = "owner_unit_head", (f"heads a unit under the {area_word} budget owner "
                                                  f"({self._name(owner)}): involved in the purchase")
            elif self._line(x) and x.span >= 2:
                reason, why = "line_head", (f"heads {x.m.department or 'a line unit'} ({x.span} people): its "
                                            "needs shape the purchase")
            elif not self._line(x) and x.span >= 2 and (x.level >= 4 or x.span >= 5):
                reason, why = "user_unit_head", (f"heads {x.m.department or 'a unit'} ({x.span} people) under "
                                                 "the leadership: a user department of the purchase")
            else:
                continue
            if c in quiet and not self._advises_leaders(c):
                put(c, "executor", "quiet_unit", f"heads {x.m.department or 'a unit'} ({x.span} people), but nobody "
                    f"in it meets us or works with {area_word} on the purchase while other units do: not involved")
            else:
                put(c, "influencer", reason, why)
        # Deputies of involved unit heads (and of executives who head a unit themselves).
        for c, x in sorted(n.items(), key=lambda kv: kv[1].depth):
            boss = x.m.manager_id
            if c in out or not boss or boss not in out or out[boss].role == "executor":
                continue
            if not self._deputy_of(c, boss) or self._line(x):
                continue
            b = n[boss]
            why = out[boss].reason
            if why in ("function_head", "owner_unit_head", "budget_owner") or b.function in self.involved:
                put(c, "influencer", "deputy_function", f"deputy head of {x.m.department or 'an involved unit'} "
                    f"under {self._name(boss)}: involved in the purchase")
            elif why == "user_unit_head" or (boss in self.execs and not self._is_leadership_dept(b.m.department)):
                put(c, "influencer", "user_deputy", f"deputy head of {x.m.department or 'a user department'}: "
                    "involved in the purchase")
        # Advisors and outsiders.
        for c, x in n.items():
            leaders = self._advised_leaders(c)
            if len(leaders) >= ADVISES_LEADERS:
                put(c, "influencer", "advisor", f"advises {len(leaders)} leaders "
                    f"({', '.join(self._name(t) for t in leaders[:4])})")
            outside = x.root not in self.inside and not x.children and not x.m.manager_id
            placed = not x.children and bool(_OUTSIDER.search(f"{x.m.title} {x.m.department}"))  # under a sponsor
            if (outside and _EXTERNAL.search(f"{x.m.title} {x.m.department}")) or placed:
                put(c, "influencer", "external", "outside the hierarchy and consulted on the purchase "
                        f"({x.m.department or x.m.title or 'external'}"
                        f"{', advises ' + str(len(leaders)) + ' leader(s)' if leaders else ''})")
        # Executors.
        for c, x in n.items():
            if c in out:
                continue
            if x.root not in self.inside:
                put(c, "executor", "outside", "not in the account's reporting tree and not consulted")
            elif self._line_deputy(c):
                put(c, "executor", "line_deputy", f"deputy in {x.m.department or 'a line unit'}: runs the unit, "
                    "not part of the buying centre")
            elif x.children:
                far = self._distance_words(c)
                put(c, "executor", "small_unit" if x.depth <= 3 else "deep",
                    f"manages {x.span} people in {x.m.department or 'a unit'}{far}: evaluates or implements, "
                    "does not shape the decision")
            else:
                put(c, "executor", "staff", f"staff ({x.m.title or 'no title'}"
                    f"{', ' + x.m.department if x.m.department else ''}): evaluates, implements or operates")
        for c, v in out.items():
            v.profile = self.profile(c, v.reason)
            v.vector = self.vector(c, v)
        return out

    def vector(self, c: str, v: Verdict) -> list[float]:
        """The person's place in the structure and in the deal as numbers that mean the same in every
        account (see VECTOR_NAMES): what a model trained on other accounts' answers reads."""
        x = self.n[c]
        height = max((y.depth for y in self.n.values() if y.root == x.root), default=0) or 1
        unit = "area" if x.function in self.area_functions else "involved" if x.function in self.involved else \
            "support" if self._support(x) else "other"
        boss = self.n.get(x.m.manager_id) if x.m.manager_id else None
        out = [1.0 if v.reason == r else 0.0 for r in REASONS]
        out += [1.0 if v.role == r else 0.0 for r in ("decision_maker", "influencer", "executor")]
        out += [max(x.level, 0.0) / 6, 1.0 if x.level < 0 else 0.0, 1.0 if x.info.deputy else 0.0,
                math.log1p(x.span) / math.log1p(500), min(len(x.children), 10) / 10, x.depth / height]
        out += [1.0 if unit == u else 0.0 for u in ("area", "involved", "support", "other")]
        out += [min(len(x.advised_by), 3) / 3, min(len(self._advised_leaders(c)), 3) / 3, self._engagement_rank(c),
                1.0 if c in self.seen_units else 0.0, 1.0 if self._line(x) else 0.0,
                1.0 if self._is_leadership_dept(x.m.department) else 0.0,
                1.0 if boss is not None and (x.m.manager_id in self.tops or x.m.manager_id in self.execs) else 0.0,
                v.confidence]
        return [round(val, 4) for val in out]

    def profile(self, c: str, reason: str) -> str:
        """What transfers between accounts about a person, beside the reason: title seniority, span,
        relative depth, whether the unit's function takes part in the purchase, advice in-degree and
        meetings with us, each in a few bands; no names, ids or titles."""
        x = self.n[c]
        rank = "?" if x.level < 0 else "exec" if x.level >= 5 else "head" if x.level >= 4 else \
            "mgr" if x.level >= 3 else "staff"
        span = "0" if x.span == 0 else "1-4" if x.span < 5 else "5-19" if x.span < 20 else "20+"
        height = max((y.depth for y in self.n.values() if y.root == x.root), default=0) or 1
        depth = "top" if x.depth == 0 else "upper" if x.depth / height <= 0.34 else \
            "middle" if x.depth / height <= 0.67 else "low"
        unit = "area" if x.function in self.area_functions else "involved" if x.function in self.involved else \
            "support" if self._support(x) else "other"
        advised = "0" if not x.advised_by else "1-2" if len(x.advised_by) < 3 else "3+"
        meets = "meets" if self._engagement_rank(c) >= 0.5 else "-"
        return f"{reason}|{rank}|{span}|{depth}|{unit}|{advised}|{meets}"

    # ------------------------------------------------------------------ involvement

    def _subtree(self, c: str) -> set[str]:
        out, stack = set(), [c]
        while stack:
            k = stack.pop()
            out.add(k)
            stack.extend(self.n[k].children)
        return out

    def _core(self, owner: str | None, area_head: str | None, function_heads: dict[str, str]) -> set[str]:
        """The people running the purchase: the budget owner, the purchase's own unit and the heads of
        the functions every purchase involves."""
        core = set(function_heads) | ({owner} if owner else set())
        if area_head and area_head != owner:  # an owner heading the function: its units are judged one by one
            core |= self._subtree(area_head)
        return core

    def _engaged(self, c: str, core: set[str]) -> bool:
        """Someone in c's unit meets us, or works with the people running the purchase (e-mails, advice,
        meetings; friendships and dotted lines say nothing about this purchase)."""
        met, partners = 0.0, set()
        for k in self._subtree(c):
            x = self.n[k]
            if self._advises_leaders(k):
                continue  # an advisor to the leaders speaks for themself, not for the unit they sit in
            met += max(x.m.meetings, x.m.engagement)
            partners |= x.m.works_with & core
            if k in self.works_with_core:
                partners |= {p for p in core if k in self.n[p].m.works_with}
        # One stray meeting or e-mail is noise in any CRM: it takes two traces to show a unit in the deal.
        return met + len(partners) >= ENGAGED_TRACES

    def _quiet_units(self, heads: set[str], core: set[str]) -> set[str]:
        """Unit heads whose units show no part in the deal, where the account's ties do show which units
        take part: at least QUIET_MIN_ENGAGED other units meet us or work with the purchase's people.
        Without such data nothing is quiet (the structure alone decides)."""
        self.works_with_core = {t for k in core for t in self.n[k].m.works_with}
        candidates = [c for c in heads if c not in core and self.n[c].root in self.inside]
        engaged = {c for c in candidates if self._engaged(c, core)}
        # The deal's traces: units seen in it, the purchase's own people (core) included.
        seen = engaged | {c for c in core if c in self.n and c not in self.tops and self._engaged(c, core - {c})}
        if len(seen) < QUIET_MIN_ENGAGED:
            return set()
        self.seen_units = engaged
        return set(candidates) - engaged

    # ------------------------------------------------------------------ helpers

    def _advised_leaders(self, c: str) -> list[str]:
        return [t for t in self.n[c].m.advises if t in self.n and t != c and self._leader(t)]

    def _advises_leaders(self, c: str) -> bool:
        return len(self._advised_leaders(c)) >= ADVISES_LEADERS

    def _unit_heads(self, owner: str | None = None) -> set[str]:
        """Direct reports of the leadership (and of the budget owner, whatever his rank)."""
        bosses = set(self.tops) | self.execs | ({self.non_exec} if self.non_exec else set()) | ({owner} if owner else set())
        return {c for b in bosses for c in self.n[b].children if c not in self.tops and c not in self.execs}

    def _support(self, x: _Node) -> bool:
        """HR, audit and the general offices (办公室, administration) take no part in buying a system."""
        return x.function in ("hr", "audit", "admin", "safety") or bool(_SUPPORT.search(f"{x.m.department} {x.m.title}"))

    def _line(self, x: _Node) -> bool:
        return bool(_LINE_UNIT.search(f"{x.m.department} {x.m.title}"))

    def _line_deputy(self, c: str) -> bool:
        x = self.n[c]
        boss = x.m.manager_id
        return bool(boss and self._deputy(x) and x.m.department == self.n[boss].m.department and self._line(x)
                    and c not in self.execs)

    def _cosigns(self, c: str) -> bool:
        """A finance executive takes part in signing when the deal shows it (advised, meeting us, signing)
        or when the post itself co-signs: a CFO / 总会计师 (an officer by law who 会签 major contracts)."""
        x = self.n[c]
        if x.level < 5 and c not in self.execs:
            return False
        if _COSIGNING_OFFICER.search(x.m.title or ""):
            return True
        engaged = self._engagement_rank(c)
        return x.m.signs > 0 or (len(x.advised_by) >= 2 and engaged >= 0.5) or engaged >= 0.9

    def _engagement_rank(self, c: str) -> float:
        """Share of the account's leaders engaging with us less than this person (0 = not at all)."""
        mine = self.n[c].m.engagement
        if mine <= 0:
            return 0.0
        peers = [x.m.engagement for k, x in self.n.items() if self._leader(k)]
        return sum(1 for v in peers if v < mine) / max(1, len(peers))

    def _engagement_words(self, c: str) -> str:
        x = self.n[c]
        parts = []
        if x.m.signs:
            parts.append(f"signed {x.m.signs} time(s)")
        if x.advised_by:
            parts.append(f"advised by {len(x.advised_by)}")
        if x.m.engagement:
            parts.append(f"meets us more than {round(100 * self._engagement_rank(c))}% of the leaders")
        return ", ".join(parts) or "engaged"

    def _distance_words(self, c: str) -> str:
        x = self.n[c]
        return f", {x.depth} levels below the top" if x.depth >= 3 else ""

    def _name(self, c: str | None) -> str:
        if not c:
            return ""
        x = self.n[c]
        label = x.m.name or c
        return f"{label} ({x.m.title})" if x.m.title else label


_DEPUTY_WORD = re.compile(r"副|\b(?:deputy|vice|assistant|associate|stellv\.?|stellvertretende[rn]?)\b")


def _posts(title: str | None, deputy: bool = False) -> set[str]:
    """The posts of a title without deputy words and spaces (护理部副主任 -> 护理部主任; "Mgr Crew Planning /
    Dep. GM Crew Svcs" -> two posts); with deputy=True only the posts that carried a deputy word."""
    out = set()
    for part in re.split(r"/|／|;|；|、|\|", normalise_title(title)):
        if deputy and not _DEPUTY_WORD.search(part):
            continue
        post = re.sub(r"[\s.,()]+", "", _DEPUTY_WORD.sub("", part))
        # A bilingual title names one post twice: "National Sales Director 全国销售总监".
        latin, cjk = re.sub(r"[^\x00-\x7f]+", "", post), re.sub(r"[\x00-\x7f]+", "", post)
        out |= {post} | ({latin} if len(latin) >= 6 and cjk else set()) | ({cjk} if len(cjk) >= 4 and latin else set())
    return out


def _post_level(title: str | None, f: str) -> float:
    """Rank of the title's post in function f: 5 for a CFO, 4 for 财务总监 (who heads the department
    himself) even when another post (兼董事会秘书) ranks him higher."""
    levels = [5.0 if _COSIGNING_OFFICER.search(part) else parse_title(part).level or 0
              for part in re.split(r"兼|/|／|、|;|；", title or "")
              if title_function(part) == f and not parse_title(part).deputy]
    return max(levels, default=0.0)


def _unit_function(m: Member) -> str | None:
    """The function a person works in: the title's own (Head of Procurement), else the department's
    (总经理 of 信息科技部 works in IT, not in 'executive')."""
    own = title_function(m.title)
    if own and own != "executive":
        return own
    return parse_title(None, m.department).function or own


_FUNCTION_WORDS = {"it": "IT", "procurement": "procurement (采购)", "finance": "finance (财务)", "legal": "legal (法务)"}


def group_by_account(members: list[tuple[str, Member]]) -> dict[str, list[Member]]:
    out: dict[str, list[Member]] = defaultdict(list)
    for acc, m in members:
        out[acc].append(m)
    return dict(out)
