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
