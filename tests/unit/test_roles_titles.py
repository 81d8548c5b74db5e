"""Title parsing: table-driven over the variety real CN/EN exports have."""

import pytest

from dealgraph.algorithms.roles.titles import parse_title

CASES = [
    # title, level, function (None = don't care), deputy, acting
    ("董事长", 6, "executive", False, False),
    ("总裁", 6, "executive", False, False),
    ("总经理", 6, "executive", False, False),
    ("副总经理", 5, "executive", True, False),
    ("副总裁", 5, None, True, False),
    ("代理总经理", 6, "executive", False, True),
    ("总监", 4, None, False, False),
    ("IT总监", 4, "it", False, False),
    ("部长", 4, None, False, False),
    ("副部长", 3, None, True, False),
    ("处长", 4, None, False, False),
    ("财务处处长", 4, "finance", False, False),
    ("主任", 3.5, None, False, False),
    ("信息中心副主任", 2.5, "it", True, False),
    ("科长", 3, None, False, False),
    ("采购部经理", 3, "procurement", False, False),
    ("项目经理", 2, None, False, False),
    ("主管", 2.5, None, False, False),
    ("组长", 2, None, False, False),
    ("高级工程师", 1.5, "engineering", False, False),
    ("工程师", 1, "engineering", False, False),
    ("科员", 1, None, False, False),
    ("专员", 1, None, False, False),
    ("助理", 0.5, None, False, False),
    ("总经理助理", 0.5, None, False, False),  # the head noun is last: an assistant
    ("副总经理兼财务总监", 5, "finance", True, False),  # 兼: the higher part counts
    ("CIO/信息中心主任", 5, "it", False, False),
    ("法务部部长", 4, "legal", False, False),
    ("CEO", 6, "executive", False, False),
    ("CTO", 5, "engineering", False, False),
    ("CFO", 5, "finance", False, False),
    ("COO", 5, None, False, False),
    ("Chief Technology Officer", 5, "engineering", False, False),
    ("President", 6, "executive", False, False),
    ("Vice President", 5, None, False, False),
    ("Vice-President, Sales", 5, "sales", False, False),
    ("VP, Engineering", 5, "engineering", False, False),
    ("SVP Sales", 5, "sales", False, False),
    ("EVP", 5, None, False, False),
    ("Deputy General Manager", 5, "executive", True, False),
    ("Head of IT", 4, "it", False, False),
    ("Director of Procurement", 4, "procurement", False, False),
    ("Senior Manager", 3.5, None, False, False),
    ("IT Manager", 3, "it", False, False),
    ("Assistant Manager", 2, None, True, False),
    ("Team Lead", 2, None, False, False),
    ("Principal Engineer", 2, "engineering", False, False),
    ("Sr. Software Engineer", 1.5, "engineering", False, False),
    ("Analyst", 1, None, False, False),
    ("Legal Counsel", 1, "legal", False, False),
    ("Procurement Specialist", 1, "procurement", False, False),
    ("Assistant to the CEO", 0.5, None, False, False),
    ("Intern", 0, None, False, False),
    ("Acting CFO", 5, "finance", False, True),
    ("Interim Head of Finance", 4, "finance", False, True),
    # Abbreviations of HR exports; the head of "X of/to Y" is X; audit is not finance.
    ("Sr. Dir., Rev Ops", 4.5, None, False, False),
    ("Assoc. GC, Commercial", 4, "legal", True, False),
    ("Mgr, Business Apps", 3, "it", False, False),
    ("Chief of Staff to the CEO", 3, None, False, False),
    ("EA to GM / 总经理秘书", 0.5, None, False, False),
    ("Head of Internal Audit", 4, "audit", False, False),
    ("审计部部长", 4, "audit", False, False),
    ("EA to MD & CEO", 0.5, None, False, False),  # one post: an assistant's
    ("Mgr Crew Planning / Dep. GM Crew Svcs", 5, None, True, False),
    ("教授（退休返聘，原副校长）", 2, None, False, False),  # a former post is history
    ("Advisor (former CFO)", 1, None, False, False),
    ("总法律顾问", 5, "legal", False, False),
]


@pytest.mark.parametrize(("title", "level", "function", "deputy", "acting"), CASES)
def test_title_table(title, level, function, deputy, acting):
    info = parse_title(title)
    assert info.level == pytest.approx(level), title
    if function is not None:
        assert info.function == function, title
    assert info.deputy is deputy, title
    assert info.acting is acting, title


@pytest.mark.parametrize("title", [None, "", "xyzzy", "???", "ABC-123", "☃", "  ", "的的的", "a" * 5000])
def test_unknown_titles_do_not_crash(title):
    info = parse_title(title)
    assert info.level is None
    assert info.seniority is None


def test_department_supplies_the_function():
    assert parse_title("经理", "采购部").function == "procurement"
    assert parse_title("Manager", "Finance & Accounting").function == "finance"


def test_seniority_orders_a_ladder():
    ladder = ["实习生", "专员", "主管", "经理", "总监", "副总裁", "总裁"]
    values = [parse_title(t).seniority for t in ladder]
    assert values == sorted(values) and len(set(values)) == len(values)
