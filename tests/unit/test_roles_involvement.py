"""Which units take part in the purchase, from the deal's own traces: a unit nobody in which meets us or
works with the people running the purchase is not involved, where other units are seen taking part."""

from __future__ import annotations

import pytest

from dealgraph.algorithms.roles.semantics import Member, decide

DM, INF, EXE = "decision_maker", "influencer", "executor"

# A company under a CEO: IT under a 副总经理 (the budget owner), three line units under another one.
ROWS = [
    ("ceo", "总经理", "公司领导", None),
    ("vp_it", "副总经理", "公司领导", "ceo"),
    ("vp_biz", "副总经理", "公司领导", "ceo"),
    ("it", "信息中心主任", "信息中心", "vp_it"),
    ("pm", "项目经理", "信息中心", "it"),
    ("dev", "工程师", "信息中心", "it"),
    ("sales", "销售部部长", "销售部", "vp_biz"),
    ("s1", "销售经理", "销售部", "sales"),
    ("s2", "销售经理", "销售部", "sales"),
    ("svc", "客服部部长", "客服部", "vp_biz"),
    ("c1", "客服主管", "客服部", "svc"),
    ("c2", "客服专员", "客服部", "svc"),
    ("rd", "研发中心主任", "研发中心", "vp_biz"),
    ("r1", "研发工程师", "研发中心", "rd"),
    ("r2", "研发工程师", "研发中心", "rd"),
    ("r3", "研究员（院士）", "研发中心", "rd"),
]


def chart(met: dict[str, float] | None = None, works: dict[str, list[str]] | None = None,
          advises: dict[str, list[str]] | None = None, rows: list[tuple] = ROWS) -> list[Member]:
    met, works, advises = met or {}, works or {}, advises or {}
    return [Member(i, i, t, d, m, set(advises.get(i, [])), met.get(i, 0.0), 0, set(works.get(i, [])))
            for i, t, d, m in rows]


# sales and service meet us / e-mail the project; R&D shows nothing.
TRACED = {"met": {"s1": 3, "pm": 5, "it": 2}, "works": {"c1": ["pm", "it"], "pm": ["c1"]}}


@pytest.mark.parametrize("members,who,role,reason", [
    (chart(**TRACED), "rd", EXE, "quiet_unit"),  # nobody in R&D meets us or works with IT on it
    (chart(**TRACED), "sales", INF, "user_unit_head"),  # a salesperson meets us
    (chart(**TRACED), "svc", INF, "user_unit_head"),  # a service lead e-mails two people of the project
    (chart(), "rd", INF, "user_unit_head"),  # no traces of the deal at all: the structure alone decides
    (chart(met={"s1": 3}), "rd", INF, "user_unit_head"),  # one unit seen is too little to call others quiet
    # an advisor to three leaders sitting in R&D speaks for themself, not for R&D
    (chart(advises={"r3": ["ceo", "vp_it", "vp_biz"]}, **TRACED), "rd", EXE, "quiet_unit"),
    (chart(advises={"r3": ["ceo", "vp_it", "vp_biz"]}, **TRACED), "r3", INF, "advisor"),
    # one stray meeting or e-mail is noise; two traces show the unit in the deal
    (chart(met={"s1": 3, "pm": 5, "it": 2, "r1": 1}), "rd", EXE, "quiet_unit"),
    (chart(met={"s1": 3, "pm": 5, "it": 2}, works={"r2": ["dev"]}), "rd", EXE, "quiet_unit"),
    (chart(met={"s1": 3, "pm": 5, "it": 2, "r1": 2}), "rd", INF, "user_unit_head"),
    (chart(met={"s1": 3, "pm": 5, "it": 2, "r1": 1}, works={"r2": ["dev"]}), "rd", INF, "user_unit_head"),
    (chart(**TRACED), "vp_it", DM, "budget_owner"),
])
def test_units_seen_in_the_deal(members, who, role, reason):
    v = decide(members)[who]
    assert (v.role, v.reason) == (role, reason), v
    if reason == "quiet_unit":
        assert "nobody in it meets us" in v.evidence[0] and 0 < v.confidence < 1


def test_deputies_follow_a_quiet_head():
    rows = ROWS + [("rd_dep", "研发中心副主任", "研发中心", "rd")]
    v = decide(chart(rows=rows, **TRACED))
    assert v["rd"].role == EXE and v["rd_dep"].role == EXE


def test_units_under_an_owner_who_heads_the_function_are_judged_one_by_one():
    """For an operations purchase the 生产副总 owns the budget and heads operations himself: his units
    are not all 'the purchase's own unit'; the one seen in the deal is involved, the quiet one is not."""
    rows = [
        ("gm", "总经理", "经营层", None),
        ("vp_ops", "生产副总经理", "经营层", "gm"),
        ("vp_adm", "管理副总经理", "经营层", "gm"),
        ("pc", "生产管理部部长", "生产管理部", "vp_ops"), ("pc1", "计划员", "生产管理部", "pc"),
        ("pc2", "计划员", "生产管理部", "pc"),
        ("mf", "制造部部长", "制造部", "vp_ops"), ("mf1", "班长", "制造部", "mf"), ("mf2", "班长", "制造部", "mf"),
        ("mt", "设备部部长", "设备部", "vp_ops"), ("mt1", "技术员", "设备部", "mt"), ("mt2", "技术员", "设备部", "mt"),
    ]
    v = decide(chart(rows=rows, met={"pc1": 4, "mf1": 2}), area="operations")
    assert v["vp_ops"].role == DM
    assert (v["pc"].role, v["mf"].role, v["mt"].role) == (INF, INF, EXE)
    assert v["mt"].reason == "quiet_unit"


# A marketing purchase (an agency framework): IT (信息中心) takes part only where the deal shows it.
MARKETING = [
    ("ceo", "总经理", "公司领导", None),
    ("vp_mkt", "副总经理", "公司领导", "ceo"),
    ("vp_ops", "副总经理", "公司领导", "ceo"),
    ("mkt", "市场部经理", "市场部", "vp_mkt"), ("mkt_dep", "副经理", "市场部", "mkt"),
    ("m1", "品牌专员", "市场部", "mkt"), ("m2", "营销活动项目经理", "市场部", "mkt"),
    ("camp", "校园营销中心主任", "校园营销中心", "vp_mkt"), ("c1", "营销专员", "校园营销中心", "camp"),
    ("c2", "营销专员", "校园营销中心", "camp"),
    ("proc", "采购中心主任", "采购中心", "vp_ops"), ("p1", "采购员", "采购中心", "proc"),
    ("p2", "采购员", "采购中心", "proc"),
    ("it", "信息中心主任", "信息中心", "vp_ops"), ("i1", "工程师", "信息中心", "it"), ("i2", "工程师", "信息中心", "it"),
]


@pytest.mark.parametrize("met,who,role,reason", [
    ({"m2": 6, "c1": 3, "p1": 2}, "it", EXE, "quiet_unit"),  # the deal shows marketing, the campus unit, buyers
    ({"m2": 6, "c1": 3, "p1": 2, "i1": 3}, "it", INF, "function_head"),  # an IT engineer meets us: IT takes part
    ({}, "it", INF, "function_head"),  # no traces: IT is involved in any purchase by default
    ({"m2": 6, "c1": 3, "p1": 2}, "proc", INF, "function_head"),  # procurement buys whatever the traces say
    ({"m2": 6, "c1": 3, "p1": 2}, "vp_mkt", DM, "budget_owner"),
    ({"m2": 6, "c1": 3, "p1": 2}, "mkt_dep", INF, "deputy_function"),  # 副经理 under the 市场部经理
])
def test_it_takes_part_in_another_areas_purchase_only_where_seen(met, who, role, reason):
    v = decide(chart(met=met, rows=MARKETING), area="marketing")[who]
    assert (v.role, v.reason) == (role, reason), v


def test_it_always_takes_part_in_an_it_purchase():
    rows = [(i, t, d, "vp_mkt" if m == "vp_ops" and i == "it" else m) for i, t, d, m in MARKETING]
    v = decide(chart(met={"m2": 6, "c1": 3, "p1": 2}, rows=rows), area="it")
    assert v["it"].role == INF and v["vp_mkt"].role == DM
