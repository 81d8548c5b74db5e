"""Same name at the same company: merged only on agreeing contact evidence, else held apart with a reason."""

import json

from dealgraph.ingest.identity.namesakes import split_generation
from dealgraph.ingest.identity.resolve import resolve


def _cid(res):
    return dict(zip(res.ids, res.cluster_ids()))


def _evidence(res, a, b):
    e = next(e for e, (i, j) in enumerate(res.pairs.tolist()) if {res.ids[i], res.ids[j]} == {a, b})
    return json.loads(res.evidence(e))


def test_generation_markers():
    assert split_generation("王建国(老)") == ("王建国", "senior")
    assert split_generation("小王建国") == ("王建国", "junior")
    assert split_generation("John Smith Jr.") == ("John Smith", "junior")
    assert split_generation("王建国") == ("王建国", None)


def test_namesakes_kept_apart_by_contradicting_evidence_and_merged_on_agreeing_evidence():
    rows = [
        # two different 王伟 at one company: different mobiles
        {"id": "a1", "name": "王伟", "company": "北京华光科技有限公司", "phone": "13811112222", "title": "销售经理"},
        {"id": "a2", "name": "王伟", "company": "华光科技", "phone": "13933334444", "title": "销售经理"},
        # father and son
        {"id": "f1", "name": "李建国(老)", "company": "北京华光科技有限公司", "title": "董事长"},
        {"id": "f2", "name": "李建国(小)", "company": "北京华光科技有限公司", "title": "董事长"},
        # different birth dates
        {"id": "d1", "name": "张敏", "company": "华光科技", "dob": "1970-03-02"},
        {"id": "d2", "name": "张敏", "company": "华光科技", "dob": "1991-11-20"},
        # one person in two channels: the same mobile agrees
        {"id": "s1", "name": "陈静", "company": "北京华光科技有限公司", "phone": "13755556666"},
        {"id": "s2", "name": "陈静", "company": "华光科技", "phone": "+86 137 5555 6666", "email": "cj@qq.com"},
    ]
    res = resolve(rows)
    cid = _cid(res)
    assert cid["a1"] != cid["a2"] and cid["f1"] != cid["f2"] and cid["d1"] != cid["d2"]
    assert cid["s1"] == cid["s2"]
    ev = _evidence(res, "a1", "a2")
    assert ev["method"] == "probabilistic:namesake" and "different mobiles" in ev["namesake"]["contradicts"]
    assert any("generation" in w for w in _evidence(res, "f1", "f2")["namesake"]["contradicts"])
    assert "different birth dates" in _evidence(res, "d1", "d2")["namesake"]["contradicts"]


def _pair_index(res, a, b):
    return next(e for e, (i, j) in enumerate(res.pairs.tolist()) if {res.ids[i], res.ids[j]} == {a, b})


def test_different_mobiles_weighed_against_the_second_mobile_rate():
    """Different mobiles alone hold a same-name pair only when a namesake is at least as likely
    as one person showing a second mobile."""
    from dealgraph.ingest.identity import compare
    from dealgraph.ingest.identity.namesakes import NameStats, guard

    rows = [
        {"id": "a1", "name": "欧阳娜娜", "company": "北京华光科技有限公司", "phone": "13811112222", "title": "销售经理"},
        {"id": "a2", "name": "欧阳娜娜", "company": "华光科技", "phone": "13933334444", "title": "销售经理"},
        {"id": "b1", "name": "李建国(老)", "company": "北京华光科技有限公司", "phone": "13755556666"},
        {"id": "b2", "name": "李建国(小)", "company": "北京华光科技有限公司", "phone": "13655556666"},
    ]
    res = resolve(rows)
    p, comps = res.prepared, compare.comparisons_for(res.prepared)
    e, g = _pair_index(res, "a1", "a2"), _pair_index(res, "b1", "b2")

    def held(second_mobile, namesake_share):
        stats = NameStats({}, {}, 100_000, second_mobile, namesake_share)  # a rare name: none expected
        return guard(p, res.pairs, res.gamma, comps, stats)

    assert e in held(0.1, 0.5) and g in held(0.1, 0.5)
    assert e not in held(0.1, 0.0)  # colleagues differ no more often than one person does
    assert g in held(0.1, 0.0)  # the generation marker still holds father and son apart
    assert e in held(0.0, 0.0)  # nobody's records show a second mobile: the mobile decides


def test_second_mobile_rate_and_namesake_share_measured_on_the_pairs():
    """One person's records (same mailbox) differ on the mobile in 1 of 4 pairs (shrunk toward the
    prior); the same 4 pairs are same-name colleagues: their excess over that rate is the share."""
    from dealgraph.ingest.identity.namesakes import NameStats

    rows = []
    for k in range(4):
        m2 = "15922223333" if k == 0 else f"1381111{k:04d}"
        rows += [{"id": f"p{k}a", "name": f"王{'一二三四'[k]}明", "company": "华光科技", "email": f"w{k}@qq.com",
                  "phone": f"1381111{k:04d}"},
                 {"id": f"p{k}b", "name": f"王{'一二三四'[k]}明", "company": "北京华光科技有限公司",
                  "email": f"w{k}@qq.com", "phone": m2}]
    res = resolve(rows)
    from dealgraph.ingest.identity import compare

    st = NameStats.of(res.prepared, res.pairs, res.gamma, compare.comparisons_for(res.prepared))
    rate = (1 + 0.1 * 10) / (4 + 10)
    assert abs(st.second_mobile - rate) < 1e-9
    assert abs(st.namesake_share - (0.25 - rate) / (1 - rate)) < 1e-9
