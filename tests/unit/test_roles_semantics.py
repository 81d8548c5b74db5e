"""The purchase semantics on small charts, one case per row: who signs, who shapes, who executes."""

from __future__ import annotations

import pytest

from dealgraph.algorithms.roles.semantics import Member, decide

DM, INF, EXE = "decision_maker", "influencer", "executor"


def chart(rows: list[tuple], advises: dict[str, list[str]] | None = None,
          met: dict[str, float] | None = None) -> list[Member]:
    """rows: (id, title, department, manager_id)."""
    advises, met = advises or {}, met or {}
    return [Member(i, i, t, d, m or None, set(advises.get(i, [])), met.get(i, 0.0)) for i, t, d, m in rows]


def staff(prefix: str, dept: str, boss: str, n: int, title: str = "工程师") -> list[tuple]:
    return [(f"{prefix}{k}", title, dept, boss) for k in range(n)]


# Two signers at the top: 党委书记 over 院长, and the executive over IT whose title says only 副院长.
HOSPITAL = [
    ("sec", "党委书记", "院领导", None),
    ("pres", "院长", "院领导", "sec"),
    ("vp_it", "副院长", "院领导", "pres"),
    ("vp_med", "副院长", "院领导", "pres"),
    ("it", "主任", "信息中心", "vp_it"),
    ("it_dep", "副主任", "信息中心", "it"),
    *staff("eng", "信息中心", "it_dep", 4),
    ("med", "主任", "医务处", "vp_med"),
    *staff("doc", "医务处", "med", 5, "主任医师"),
    ("arch", "档案室主任", "档案室", "vp_med"),
    ("proc", "处长", "采购中心", "pres"),
    *staff("buyer", "采购中心", "proc", 2, "采购员"),
]

# A non-executive chairman above the CEO; IT under a plain 副总经理; a 车间主任 with 200 staff.
FACTORY = [
    ("chair", "Non-Executive Chairman", "Board", None),
    ("ceo", "Chief Executive Officer", "Executive Office", "chair"),
    ("vp1", "副总经理", "Executive Office", "ceo"),
    ("vp2", "副总经理", "Executive Office", "ceo"),
    ("cfo", "Chief Financial Officer", "Finance", "ceo"),
    ("itm", "IT经理", "信息部", "vp1"),
    *staff("it", "信息部", "itm", 3),
    ("plant", "生产部部长", "生产部", "vp2"),
    ("shop", "车间主任", "生产部", "plant"),
    *staff("op", "生产部", "shop", 200, "操作工"),
    ("fin", "财务经理", "Finance", "cfo"),
    *staff("acc", "Finance", "fin", 3, "会计"),
    ("hr", "人力资源部部长", "人力资源部", "vp2"),
    *staff("hrs", "人力资源部", "hr", 2, "专员"),
]


@pytest.mark.parametrize("rows,who,role,says", [
    (HOSPITAL, "sec", DM, "top of the hierarchy"),
    (HOSPITAL, "pres", DM, "both sign"),
    (HOSPITAL, "vp_it", DM, "owns the IT budget"),
    (HOSPITAL, "vp_med", INF, "executive"),
    (HOSPITAL, "it", INF, "heads IT"),
    (HOSPITAL, "it_dep", INF, "deputy head"),
    (HOSPITAL, "proc", INF, "procurement"),
    (HOSPITAL, "doc0", EXE, "staff"),
    (HOSPITAL, "arch", EXE, ""),
    (HOSPITAL, "eng0", EXE, "staff"),
    (FACTORY, "chair", INF, "non-executive"),
    (FACTORY, "ceo", DM, "non-executive chair"),
    (FACTORY, "vp1", DM, "IT reports to this person"),
    (FACTORY, "vp2", INF, "executive"),
    (FACTORY, "shop", EXE, "manages 200 people"),
    (FACTORY, "hr", EXE, "support unit"),
    (FACTORY, "plant", INF, "user department"),
    (FACTORY, "itm", INF, "heads IT"),
])
def test_semantics_of_small_charts(rows, who, role, says):
    v = decide(chart(rows))[who]
    assert v.role == role, (who, v)
    assert says in " ".join(v.evidence)
    assert 0 < v.confidence <= 1


def _retitled(rows: list[tuple], who: str, title: str) -> list[tuple]:
    return [(i, title if i == who else t, d, m) for i, t, d, m in rows]


def test_a_finance_executive_co_signs_only_when_the_deal_shows_it():
    vp_finance = _retitled(FACTORY, "cfo", "VP Finance")
    quiet = decide(chart(vp_finance))["cfo"]
    assert quiet.role == INF
    engaged = decide(chart(vp_finance, advises={"fin": ["cfo"], "it0": ["cfo"]},
                           met={"cfo": 9, "ceo": 2, "vp1": 3, "plant": 1}))["cfo"]
    assert engaged.role == DM and "finance co-signs" in engaged.evidence[0]
    signed = chart(vp_finance)
    next(m for m in signed if m.id == "cfo").signs = 1
    assert decide(signed)["cfo"].role == DM


@pytest.mark.parametrize("title", ["Chief Financial Officer", "总会计师", "CFO"])
def test_a_cfo_or_chief_accountant_co_signs_by_post(title):
    v = decide(chart(_retitled(FACTORY, "cfo", title)))["cfo"]
    assert v.role == DM and "finance co-signs" in v.evidence[0]


def test_an_advisor_with_a_low_title_advises_several_leaders():
    rows = FACTORY + [("asst", "总经理助理", "Executive Office", "ceo")]
    v = decide(chart(rows, advises={"asst": ["ceo", "vp1", "plant"], "it0": ["it1", "it2", "itm"]}))
    assert v["asst"].role == INF and "advises 3 leaders" in v["asst"].evidence[0]
    assert v["it0"].role == EXE  # advises one leader and two colleagues


def test_purchase_area_moves_the_budget_owner():
    fin = decide(chart(FACTORY), area="finance")
    assert fin["cfo"].role == DM and "owns the finance budget" in fin["cfo"].evidence[0]
    assert fin["vp1"].role == INF
    ops = decide(chart(FACTORY), area="operations")
    assert ops["vp2"].role == DM


def test_an_unknown_area_falls_back_to_it_and_no_chart_is_fine():
    assert decide(chart(FACTORY), area="nonsense")["vp1"].role == DM
    assert decide([]) == {}
    lone = decide([Member("x", "x", "", "")])
    assert lone["x"].role in (DM, EXE)


def test_an_external_consultant_outside_the_tree_influences():
    rows = FACTORY + [("k", "Partner", "Kestrel Consulting (external)", None)]
    assert decide(chart(rows))["k"].role == INF


# A hospital whose HR export gives both 党委书记 and 院长 an empty manager_id; IT sits under the COO
# of a company whose CTO runs product R&D; audit, the top's office and a chief of staff.
TWO_TREES = [
    ("sec", "党委书记", "院领导", None),
    ("dsec", "党委副书记", "院领导", "sec"),
    ("jw", "纪委书记", "院领导", "sec"),
    *staff("party", "党委办公室", "dsec", 2, "干事"),
    ("pres", "院长", "院领导", None),
    ("vp1", "副院长", "院领导", "pres"),
    ("vp2", "副院长", "院领导", "pres"),
    ("it", "信息中心主任", "信息中心", "vp1"),
    ("it_dep", "信息中心副主任", "信息中心", "it"),
    *staff("eng", "信息中心", "it", 6),
    ("nurse", "护理部主任", "护理部", "vp2"),
    ("nurse_dep", "护理部副主任", "护理部", "nurse"),
    *staff("hn", "护理部", "nurse", 12, "护士长"),
    ("audit", "审计处处长", "审计处", "pres"),
    *staff("aud", "审计处", "audit", 3, "审计员"),
    ("office", "院办主任", "院长办公室", "pres"),
    *staff("clerk", "院长办公室", "office", 3, "科员"),
    *staff("doc", "心内科", "vp2", 30, "主任医师"),
]

SAAS = [
    ("chair", "Chair of the Board (non-exec)", "Board", None),
    ("ceo", "CEO & Co-Founder", "Exec", "chair"),
    ("cto", "Co-founder/CTO", "R&D", "ceo"),
    *staff("dev", "R&D", "cto", 8, "Software Engineer"),
    ("coo", "Chief Operating Officer", "Exec", "ceo"),
    ("itm", "Head of IT & Business Systems", "IT", "coo"),
    *staff("its", "IT", "itm", 3, "Systems Analyst"),
    ("cos", "Chief of Staff, Office of the CEO", "Exec", "ceo"),
    *staff("ana", "Exec", "cos", 2, "Analyst"),
    ("cro", "CRO", "Sales", "ceo"),
    *staff("rep", "Sales", "cro", 6, "Account Executive"),
]


@pytest.mark.parametrize("rows,who,role,says", [
    (TWO_TREES, "sec", DM, "both sign"),
    (TWO_TREES, "pres", DM, "top of the hierarchy"),
    (TWO_TREES, "jw", INF, "executive"),
    (TWO_TREES, "vp1", DM, "IT reports to this person"),
    (TWO_TREES, "it_dep", INF, "deputy head"),
    (TWO_TREES, "nurse_dep", INF, "deputy head"),  # no one reports to the deputy: the title says whose
    (TWO_TREES, "audit", EXE, "support unit"),
    (TWO_TREES, "office", EXE, "support unit"),
    (SAAS, "chair", INF, "non-executive"),
    (SAAS, "ceo", DM, "non-executive chair"),
    (SAAS, "coo", DM, "IT reports to this person"),
    (SAAS, "cto", INF, "executive"),
    (SAAS, "cos", EXE, ""),
])
def test_second_trees_it_units_and_offices(rows, who, role, says):
    v = decide(chart(rows))[who]
    assert v.role == role, (who, v)
    assert says in " ".join(v.evidence)


# A university: a two-person 网信办 near the top, the IT centre of twenty under a plain 副校长; a CFO
# with a controller; a procurement section inside the assets office; a lone legal clerk in HR; a
# non-executive director; an outsider who advises one leader; a retired former vice-president.
CAMPUS = [
    ("sec", "党委书记", "学校领导", None),
    ("wxb", "党委网络安全和信息化委员会办公室主任", "党委网信办", "sec"),
    ("wxb1", "科员", "党委网信办", "wxb"),
    ("pres", "校长", "学校领导", None),
    ("vp_it", "副校长", "学校领导", "pres"),
    ("vp2", "副校长", "学校领导", "pres"),
    ("itc", "网络与信息中心主任", "网络与信息中心", "vp_it"),
    *staff("itc_eng", "网络与信息中心", "itc", 20),
    ("assets", "资产处处长", "资产处", "vp_it"),
    ("assets_dep", "资产处副处长", "资产处", "assets"),
    ("buy", "采购管理科科长", "资产处（采购管理科）", "assets_dep"),
    ("buyer", "采购专员", "资产处（采购管理科）", "buy"),
    ("cfo", "Chief Financial Officer", "学校领导", "pres"),
    ("ctl", "Financial Controller", "学校领导", "cfo"),
    *staff("acct", "Finance", "ctl", 3, "Accountant"),
    ("tax", "Head of Tax", "Tax", "cfo"),
    ("taxer", "Tax Analyst", "Tax", "tax"),
    ("hr", "人事处处长", "人事处", "vp2"),
    ("clerk_legal", "法务合规担当", "人事处", "hr"),
    ("ned", "Indep. NED", "学校领导", "pres"),
    ("hq", "标准担当 (HQ)", "总部", None),
    ("prof", "教授（退休返聘，原副校长）", "计算机学院", "vp2"),
    *staff("cs", "计算机学院", "vp2", 30, "讲师"),
]


@pytest.mark.parametrize("rows,who,role,says", [
    (CAMPUS, "vp_it", DM, "IT reports to this person"),
    (CAMPUS, "wxb", INF, "heads IT"),
    (CAMPUS, "cfo", DM, "finance co-signs"),
    (CAMPUS, "ctl", INF, "heads finance"),
    (CAMPUS, "tax", EXE, ""),
    (CAMPUS, "buy", EXE, ""),
    (CAMPUS, "clerk_legal", EXE, "staff"),
    (CAMPUS, "ned", EXE, ""),
    (CAMPUS, "hq", EXE, "not in the account's reporting tree"),
    (CAMPUS, "prof", EXE, "staff"),
])
def test_units_sections_and_posts(rows, who, role, says):
    adv = {"hq": ["itc"]}
    v = decide(chart(rows, advises=adv))[who]
    assert v.role == role, (who, v)
    assert says in " ".join(v.evidence)


def test_a_japanese_or_korean_part_time_chair_is_non_executive():
    rows = _retitled(FACTORY, "chair", "董事长(非常勤)")
    v = decide(chart(rows))
    assert v["chair"].role == INF and v["ceo"].role == DM


def test_every_verdict_has_a_profile_of_structure_only():
    for who, v in decide(chart(CAMPUS)).items():
        parts = v.profile.split("|")
        assert parts[0] == v.reason and len(parts) == 7, (who, v.profile)
        assert who not in parts[1:] and not any("长" in p or "Officer" in p for p in parts)


def test_the_department_head_under_the_cfo_not_every_head_beside_it():
    rows = CAMPUS + [("treasury", "Head of Tax & Treasury", "Tax & Treasury", "cfo"),
                     ("tr1", "Treasury Analyst", "Tax & Treasury", "treasury")]
    v = decide(chart(rows))
    assert v["ctl"].role == INF and v["treasury"].role == EXE


def test_a_bilingual_title_names_whose_deputy():
    rows = FACTORY + [("nsd", "National Sales Director 全国销售总监", "Sales 销售部", "vp2"),
                      ("dnsd", "Deputy National Sales Director", "Sales 销售部", "nsd"),
                      *staff("rep", "Sales 销售部", "nsd", 12, "Sales Representative")]
    v = decide(chart(rows))
    assert v["nsd"].role == INF and v["dnsd"].role == INF and "deputy head" in v["dnsd"].evidence[0]
