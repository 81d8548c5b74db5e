"""The org-chart generator: determinism, shapes, role distribution, realism of the truth."""

import random
from collections import Counter
from functools import cache

import pytest

from dealgraph.demo.org import ROLES, generate_org


@cache
def _orgs(shape: str, k: int = 12, lo: int = 30, hi: int = 150, lang: str = "zh", seed: int = 11):
    rng = random.Random(seed)
    return tuple(generate_org(rng, f"T{shape}{i}", rng.randint(lo, hi), shape, lang) for i in range(k))


def test_same_seed_same_org_and_different_seed_differs():
    a = generate_org(random.Random(5), "A", 60, "deep", "mixed")
    b = generate_org(random.Random(5), "A", 60, "deep", "mixed")
    c = generate_org(random.Random(6), "A", 60, "deep", "mixed")
    key = lambda o: [(p.id, p.name, p.title, p.manager_id, p.role) for p in o.contacts]
    assert key(a) == key(b)
    assert [(t.source_id, t.target_id, t.kind) for t in a.ties] == [(t.source_id, t.target_id, t.kind) for t in b.ties]
    assert [(m.at, m.attendees) for m in a.meetings] == [(m.at, m.attendees) for m in b.meetings]
    assert key(a) != key(c)


@pytest.mark.parametrize("shape", ["flat", "deep", "matrix"])
def test_role_distribution_within_stated_ranges(shape):
    orgs = _orgs(shape)
    roles = Counter(p.role for o in orgs for p in o.contacts)
    n = sum(roles.values())
    assert set(roles) == set(ROLES)
    assert 0.04 <= roles["influencer"] / n <= 0.25
    for o in orgs:   # 1-4 signers per account, the top person among them
        assert 1 <= sum(p.role == "decision_maker" for p in o.contacts) <= 4
        top = [p for p in o.contacts if p.position == "top"]
        assert top and top[0].role == "decision_maker"


def _all_orgs():
    return [o for s in ("flat", "deep", "matrix") for o in _orgs(s) + _orgs(s, k=8, lang="mixed", seed=3)]


def _expected(o, p) -> str:
    """The purchase semantics (README, "Decision chain") from the generator's positions, one rule per row."""
    by = {c.id: c for c in o.contacts}
    it_head = next((c for c in o.contacts if c.position == "head" and c.function == "it"), None)
    signs_finance = {m.signer_id for m in o.meetings if m.signer_id and "finance" in (m.topic + m.summary).lower()
                     or m.signer_id and "财务会签" in m.topic}
    people = lambda c: sum(1 + people(k) for k in o.contacts if k.manager_id == c.id)
    advises = [t for t in o.ties if t.kind == "advises" and t.source_id == p.id]
    leaders = [t for t in advises if by[t.target_id].position in ("top", "chair", "exec", "head")]
    rows = [
        (p.position == "top", "decision_maker"),
        (p.position == "chair" and p.grade == "non_executive", "influencer"),
        (p.position == "chair", "decision_maker"),
        (p.position == "exec" and it_head is not None and it_head.manager_id == p.id, "decision_maker"),
        (p.position == "exec" and p.id in signs_finance, "decision_maker"),
        (p.position == "exec", "influencer"),
        (p.position == "consultant", "influencer"),
        (len(leaders) >= 3, "influencer"),
        (p.position == "head" and p.function in ("it", "procurement", "finance", "legal"), "influencer"),
        (p.position == "head" and p.function in ("hr", "admin", "safety"), "executor"),
        (p.position == "head", "influencer" if people(p) >= 2 else "executor"),
        (p.position == "deputy", "influencer" if p.manager_id and by[p.manager_id].role == "influencer" else "executor"),
    ]
    return next((role for cond, role in rows if cond), "executor")


def test_truth_follows_the_purchase_semantics():
    people = [(o, p) for o in _all_orgs() for p in o.contacts]
    wrong = [(p.position, p.function, p.role, _expected(o, p)) for o, p in people if p.role != _expected(o, p)]
    assert not wrong, wrong[:5]
    # Every case of the semantics occurs: IT under a plain 副总经理, a non-executive chair,
    # a co-signing CFO and a quiet one, an advisor with a low title, a mentor who stays executor.
    got = {p.position + ":" + p.role for _, p in people}
    assert {"chair:influencer", "chair:decision_maker", "exec:decision_maker", "exec:influencer",
            "head:executor", "assistant:influencer", "consultant:influencer"} <= got
    cfos = [p for _, p in people if p.function == "exec_cfo"]
    assert {p.role for p in cfos} == {"decision_maker", "influencer"}
    assert any(p.position == "exec" and p.role == "decision_maker" and p.title in ("副总经理", "副局长", "副院长")
               for _, p in people)
    mentors = [p for o, p in people if p.role == "executor"
               and sum(t.kind == "advises" and t.source_id == p.id for t in o.ties) >= 3]
    assert mentors


def test_depth_per_shape_and_dotted_lines_only_in_matrix():
    assert {o.levels() for o in _orgs("flat")} <= {2, 3}
    assert {o.levels() for o in _orgs("deep", lo=40)} <= {5, 6}
    assert {o.levels() for o in _orgs("matrix")} <= {3, 4, 5}
    assert all(any(t.kind == "dotted_line" for t in o.ties) for o in _orgs("matrix"))
    assert not any(t.kind == "dotted_line" for o in _orgs("deep") for t in o.ties)


def test_hierarchy_is_a_tree_with_one_top():
    for o in _orgs("deep", k=4) + _orgs("flat", k=4):
        ids = {p.id for p in o.contacts}
        tops = [p for p in o.contacts if p.manager_id is None and p.position != "consultant"]
        assert len(tops) == 1
        for p in o.contacts:
            seen, cur = set(), p
            while cur.manager_id:
                assert cur.manager_id in ids and cur.id not in seen
                seen.add(cur.id)
                cur = o.contact(cur.manager_id)
        depts = {d.id for d in o.departments}
        assert all(p.department_id in depts for p in o.contacts)


def test_role_is_not_a_function_of_the_title():
    orgs = [o for s in ("flat", "deep", "matrix") for o in _orgs(s, k=8)]
    by_title: dict[str, set[str]] = {}
    for o in orgs:
        for p in o.contacts:
            by_title.setdefault(p.title, set()).add(p.role)
    assert sum(1 for r in by_title.values() if len(r) > 1) >= 10      # same title, different roles
    people = [p for o in orgs for p in o.contacts]
    assert any(p.position in ("exec", "head", "chair") and p.role != "decision_maker" for p in people)
    assert any(p.grade in ("regular", "junior") and p.role == "influencer" for p in people)
    assert any(p.title == "" for p in people)                             # missing titles
    assert any("兼" in p.title or "代" in p.title or "acting" in p.title.lower() for p in people)


def test_titles_follow_the_language():
    zh = [p.title for o in _orgs("flat", k=4, lang="zh") for p in o.contacts if p.title]
    en = [p.title for o in _orgs("flat", k=4, lang="en") for p in o.contacts if p.title]
    cjk = lambda s: any("\u4e00" <= ch <= "\u9fff" for ch in s)
    assert sum(map(cjk, zh)) / len(zh) > 0.9
    assert sum(map(cjk, en)) / len(en) < 0.15
    assert {"CEO", "General Manager", "President", "Managing Director", "Director General", "Hospital President"} & set(en)


def test_behaviour_reflects_roles():
    """Decision makers attend approval/procurement meetings; influencers are brokers."""
    orgs = [o for s in ("flat", "deep", "matrix") for o in _orgs(s, k=6)]
    approvals: Counter = Counter()
    ties: Counter = Counter()
    n = Counter(p.role for o in orgs for p in o.contacts)
    for o in orgs:
        role = o.roles()
        for m in o.meetings:
            if m.meeting_type in ("approval", "procurement"):
                for a in m.attendees:
                    approvals[role[a]] += 1
        for t in o.ties:
            ties[role[t.source_id]] += 1
            ties[role[t.target_id]] += 1
    rate = {r: approvals[r] / n[r] for r in ROLES}
    assert rate["decision_maker"] > 5 * rate["executor"]
    assert rate["decision_maker"] > 2 * rate["influencer"]
    assert ties["influencer"] / n["influencer"] > 1.5 * ties["executor"] / n["executor"]


def test_small_and_invalid_sizes():
    o = generate_org(random.Random(1), "S", 3, "deep", "zh")
    assert len(o.contacts) == 3 and sum(p.role == "decision_maker" for p in o.contacts) == 1
    with pytest.raises(ValueError):
        generate_org(random.Random(1), "S", 2, "flat", "zh")
    with pytest.raises(ValueError):
        generate_org(random.Random(1), "S", 10, "round", "zh")
