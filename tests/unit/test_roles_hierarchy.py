"""Reporting-line arithmetic and the pure rule, without a server."""

from dealgraph.algorithms.roles.evidence import reasons
from dealgraph.algorithms.roles.features import ContactFeatures
from dealgraph.algorithms.roles.hierarchy import positions
from dealgraph.algorithms.roles.rules import score
from dealgraph.algorithms.roles.titles import parse_title


def test_depth_span_and_direct_reports():
    boss = {"b": "a", "c": "a", "d": "b", "e": "b", "f": "d"}
    pos = positions(list("abcdef"), boss)
    assert pos["a"].depth == 0 and pos["a"].span == 5 and pos["a"].direct_reports == 2
    assert pos["b"].depth == 1 and pos["b"].span == 3
    assert pos["f"].depth == 3 and pos["f"].span == 0
    assert all(p.tree_depth == 3 and p.tree_size == 6 for p in pos.values())


def test_unknown_manager_and_cycles_do_not_break_positions():
    boss = {"a": "b", "b": "c", "c": "a", "d": "a", "e": "ghost"}
    pos = positions(list("abcde"), boss)
    assert len(pos) == 5
    assert pos["e"].depth == 0  # manager not in the set: top of its own line
    assert min(pos[x].depth for x in "abc") == 0  # the cycle was cut somewhere


def test_deep_chain_has_no_recursion_limit():
    ids = [f"p{i}" for i in range(5000)]
    pos = positions(ids, {ids[i]: ids[i - 1] for i in range(1, len(ids))})
    assert pos["p4999"].depth == 4999 and pos["p0"].span == 4999


def _chart(titles: dict[str, str] | None = None) -> dict[str, ContactFeatures]:
    """A 1-3-9 chart given only as reporting lines (no titles unless given)."""
    boss = {f"m{i}": "top" for i in range(3)} | {f"s{i}{j}": f"m{i}" for i in range(3) for j in range(3)}
    ids = ["top", *boss]
    pos = positions(ids, boss)
    feats = {}
    for cid in ids:
        f = ContactFeatures(id=cid, account_id="A", title=(titles or {}).get(cid, ""))
        f.title_info = parse_title(f.title)
        f.pos, f.has_hierarchy, f.account_size, f.manager_id = pos[cid], True, len(ids), boss.get(cid)
        f.authority_pct = 1.0 if cid == "top" else (0.8 if cid.startswith("m") else 0.3)
        feats[cid] = f
    return feats


def test_rule_top_of_a_pure_reporting_chart_decides():
    roles = {cid: score(f).role for cid, f in _chart().items()}
    assert roles["top"] == "decision_maker"
    assert all(roles[f"s{i}{j}"] == "executor" for i in range(3) for j in range(3))
    assert all(roles[f"m{i}"] == "influencer" for i in range(3))  # middle managers sway, don't decide


def test_rule_uses_titles_and_behaviour():
    feats = _chart({"top": "总经理", "m0": "CIO", "m1": "采购部经理", "s00": "工程师", "s11": "实习生"})
    s = {cid: score(f) for cid, f in feats.items()}
    assert s["top"].role == "decision_maker" and s["top"].confidence > 0.8
    assert s["m0"].role == "decision_maker"  # an executive title under the top
    assert s["s11"].role == "executor"
    # A specialist who attends every procurement meeting, signs and talks budget is acting as a decider.
    clerk = feats["s10"]
    clerk.interactions, clerk.decision_meetings, clerk.decision_meetings_total = 8, 4, 4
    clerk.signs, clerk.budget_topics = 1, 6
    assert score(clerk).role == "decision_maker"
    # Technical discussions make an engineer an influencer.
    eng = feats["s00"]
    eng.interactions, eng.technical_topics = 6, 5
    assert score(eng).role == "influencer"


def test_evidence_sentences_name_the_facts():
    feats = _chart({"top": "总经理", "m1": "采购部经理"})
    f = feats["m1"]
    f.manager_name, f.manager_title = "王强", "总经理"
    f.interactions, f.decision_meetings, f.decision_meetings_total = 5, 3, 4
    text = " | ".join(reasons(f, score(f)))
    assert "reports to 王强 (总经理)" in text
    assert "3 direct report(s)" in text
    assert "attended 3 of 4 procurement/approval meetings" in text
    assert "procurement" in text
    top = reasons(feats["top"], score(feats["top"]))
    assert top[0].startswith("top of the reporting line")


def test_no_information_still_gives_a_role_and_a_reason():
    f = ContactFeatures(id="x", account_id="A")
    s = score(f)
    assert s.role == "executor" and 0 <= s.confidence <= 1
    assert reasons(f, s) == ["no title, reporting line or interaction known; defaulted to executor"]


def test_model_vector_is_finite_and_fixed_length():
    import math

    from dealgraph.algorithms.roles.model import enough_labels, vector

    feats = _chart({"top": "CEO"})
    lengths = {len(vector(f)) for f in feats.values()} | {len(vector(ContactFeatures(id="x", account_id="A")))}
    assert len(lengths) == 1
    assert all(math.isfinite(x) for f in feats.values() for x in vector(f))
    assert not enough_labels({f"c{i}": "executor" for i in range(100)})  # one role only
    assert enough_labels({f"c{i}": ("decision_maker", "influencer", "executor")[i % 3] for i in range(30)})
