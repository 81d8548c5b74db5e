"""Posts an export writes in its own way: acting holders, advisers named after whom they serve, deputies
of the top, physical security, outsiders placed under a sponsor, VPs under a C-level."""

from __future__ import annotations

import pytest

from dealgraph.algorithms.roles.semantics import Member, decide
from dealgraph.algorithms.roles.titles import parse_title

DM, INF, EXE = "decision_maker", "influencer", "executor"


@pytest.mark.parametrize("title,level,head,function", [
    ("Financial Controller (Ag. CFO)", 5.0, "cfo", "finance"),  # the acting CFO holds the CFO's authority
    ("Acting Head of IT", 4.0, "head", "it"),
    ("Special Adviser to the Executive Chairman", 1.0, "adviser", "executive"),  # serves the chair, is not one
    ("Senior Adviser to the Board", 1.5, "adviser", None),
    ("Director of School Safety & Security", 4.0, "director", "safety"),  # guards, not information security
    ("Chief Digital & Technology Officer", 5.0, "chief digital technology officer", "it"),
    ("Asst. Supt., Supporting Svcs", 2.0, "superintendent", None),
    ("Director of Transportation", 4.0, "director", "operations"),
])
def test_titles(title, level, head, function):
    t = parse_title(title)
    assert (t.level, t.head, t.function) == (level, head, function)


def chart(rows, met=None):
    met = met or {}
    return [Member(i, i, t, d, m, set(), met.get(i, 0.0)) for i, t, d, m in rows]


# A school district: the Superintendent (a rank word of level 3 only) at the top, his deputy and an
# assistant superintendent over operations, a CFO; a communications director in his office.
DISTRICT = [
    ("sup", "Superintendent of Schools", "Office of the Superintendent", None),
    ("dep", "Deputy Superintendent", "Teaching & Learning", "sup"),
    ("asst", "Asst. Supt., Supporting Svcs", "Supporting Services", "sup"),
    ("cfo", "Chief Financial Officer", "Finance", "sup"),
    ("comms", "Director of Communications", "Office of the Superintendent", "sup"),
    ("pr1", "Communications Specialist", "Office of the Superintendent", "comms"),
    ("trans", "Director of Transportation", "Transportation", "asst"),
    ("trans_dep", "Asst. Director, Transportation", "Transportation", "trans"),
    *[(f"drv{k}", "School Bus Driver", "Transportation", "trans_dep") for k in range(6)],
    ("safe", "Director of School Safety & Security", "Safety & Security", "asst"),
    ("guard", "Security Officer", "Safety & Security", "safe"),
    ("elem", "Director of Elementary Schools", "Teaching & Learning", "dep"),
    *[(f"prin{k}", "Principal", f"School {k}", "elem") for k in range(3)],
    ("fin", "Director of Budget", "Budget Office", "cfo"), ("fa", "Budget Analyst", "Budget Office", "fin"),
    ("atty", "Board Attorney (contract counsel, Pruitt & Lowe LLC)", "", None),
]


@pytest.mark.parametrize("who,role,reason", [
    ("sup", DM, "top"),
    ("asst", DM, "budget_owner"),  # transportation (operations) reports to him; the title says nothing of it
    ("dep", INF, "executive"),  # the deputy of the top's own post is an executive whatever its rank word
    ("trans", INF, "owner_unit_head"),
    ("trans_dep", INF, "deputy_function"),  # "Asst. Director" deputises for the Director
    ("safe", EXE, "support_unit"),
    ("comms", EXE, "support_unit"),  # leads a communications team in the top's office: serves, not leads
    ("atty", INF, "external"),  # outside the tree, a law firm's counsel
])
def test_district(who, role, reason):
    v = decide(chart(DISTRICT), area="operations")[who]
    assert (v.role, v.reason) == (role, reason), v


def test_an_acting_cfo_owns_a_finance_purchase_and_an_adviser_to_the_chair_is_not_a_top():
    rows = [
        ("chair", "Executive Chairman", "Board & Chairman's Office", None),
        ("adv", "Special Adviser to the Executive Chairman", "Board & Chairman's Office", "chair"),
        ("ceo", "Chief Executive Officer", "Executive Office", "chair"),
        ("fc", "Financial Controller (Ag. CFO)", "Finance", "ceo"),
        *[(f"acc{k}", "Accountant", "Finance", "fc") for k in range(6)],
        ("cco", "Chief Commercial Officer", "Commercial", "ceo"),
        ("vp", "VP, Sales & Key Accounts", "Sales", "cco"),
        ("am1", "Account Manager", "Sales", "vp"), ("am2", "Account Manager", "Sales", "vp"),
        ("cs", "Head, Customer Service", "Customer Service", "cco"),
        ("cs1", "CS Executive", "Customer Service", "cs"), ("cs2", "CS Executive", "Customer Service", "cs"),
        *[(f"x{k}", "Terminal Operator", "Operations", "ceo") for k in range(30)],
    ]
    v = decide(chart(rows, met={"acc0": 4, "cs1": 3, "fc": 2}), area="finance")
    assert (v["fc"].role, v["fc"].reason) == (DM, "budget_owner")
    assert v["adv"].role == EXE and v["chair"].role == DM and v["ceo"].role == DM
    assert v["cco"].role == INF
    # a VP under a C-level heads a unit of that executive's area: judged by the unit (here quiet), not the title
    assert (v["vp"].role, v["vp"].reason) == (EXE, "quiet_unit")
    assert v["cs"].role == INF


@pytest.mark.parametrize("title,dept,role", [
    ("外部顾问（智造精益咨询）", "外部顾问", INF),  # an outside consultant the export places under a sponsor
    ("海外销售经理", "营销中心-海外部", EXE),  # 海外部 is the overseas department, not 外部
    ("Manager, External Affairs", "Corporate Affairs", EXE),
])
def test_outsiders_placed_in_the_tree(title, dept, role):
    rows = [("ceo", "总经理", "经营层", None), ("vp", "副总经理", "经营层", "ceo"),
            ("it", "信息部部长", "信息部", "vp"), ("i1", "工程师", "信息部", "it"), ("x", title, dept, "vp")]
    assert decide(chart(rows))["x"].role == role


@pytest.mark.parametrize("title,level,function,deputy", [
    ("情報システム部長", 4.0, "it", False),  # Japanese kanji: 部長 is 部长
    ("總經理", 6.0, "executive", False),  # traditional characters
    ("財務處處長", 4.0, "finance", False),
    ("執行役員", 5.0, None, False),
    ("代表取締役社長", 6.0, None, False),
    ("본부장", 5.0, None, False),  # Korean ranks
    ("팀장", 3.5, None, False),
    ("차장", 3.5, None, True),
    ("Director General", 6.0, None, False),  # heads an agency
    ("Deputy Director General", 5.0, None, True),
    ("Responsable achats", 4.0, "procurement", False),
    ("Gerente de TI", 4.0, "it", False),
    ("Gerente General", 6.0, None, False),
    ("Subdirector de Finanzas", 3.0, "finance", True),
    ("DAF", 5.0, "finance", False),  # directeur administratif et financier
    ("Hd. of Purch.", 4.0, "procurement", False),
    ("Sr. Mgr. Procmt", 3.5, "procurement", False),
    ("Chmn", 6.0, "executive", False),
])
def test_ranks_in_other_languages_and_abbreviations(title, level, function, deputy):
    t = parse_title(title)
    assert (t.level, t.function, t.deputy) == (level, function, deputy)
