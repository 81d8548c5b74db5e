"""Oversized blocks (a very common name) are walked by sorted neighbourhood, not dropped;
hard keys decide pairs the same way as before vectorisation; threshold calibration."""

import numpy as np

from dealgraph.ingest.identity.blocking import candidate_pairs
from dealgraph.ingest.identity.records import prepare
from dealgraph.ingest.identity.resolve import calibrate_threshold, resolve


def _common_name_people(n_people: int = 60):
    """60 different 张伟, each appearing twice at their own employer: one name block of 120."""
    rows = []
    for k in range(n_people):
        for copy in range(2):
            rows.append({"id": f"p{k}-{copy}", "kind": "person", "name": "张伟",
                         "company": f"公司{k:03d}科技有限公司", "city": "北京"})
    return rows


def _true_pairs(p):
    pos = {rid: i for i, rid in enumerate(p.ids)}
    return {(pos[f"p{k}-0"], pos[f"p{k}-1"]) for k in range(len(p) // 2)}


def test_oversized_block_is_walked_not_dropped():
    p = prepare(_common_name_people())
    only_name = {"name": __import__("dealgraph.ingest.identity.blocking", fromlist=["RULES"]).RULES["name"]}
    dropped, _ = candidate_pairs(p, rules=only_name, window=0)
    walked, _ = candidate_pairs(p, rules=only_name, window=4)
    got = {tuple(x) for x in walked.tolist()}
    assert len(dropped) == 0  # the block of 120 exceeds the name cap
    assert _true_pairs(p) <= got  # neighbours in employer order are the duplicates
    assert len(walked) <= 3 * len(p)  # linear in the block size, not 120*119/2


def test_hard_keys_link_and_forbid():
    rows = [{"id": "a", "name": "李娜", "unionid": "u1"}, {"id": "b", "name": "lina", "unionid": "u1"},
            {"id": "c", "name": "李娜", "unionid": "u2"}]
    res = resolve(rows)
    by = {tuple(sorted((res.ids[a], res.ids[b]))): m for (a, b), m in zip(res.pairs.tolist(), res.method)}
    assert by[("a", "b")] == "deterministic:unionid"
    assert by[("a", "c")] == "conflict:unionid"
    cid = dict(zip(res.ids, res.cluster_ids()))
    assert cid["a"] == cid["b"] != cid["c"]


def test_calibrated_threshold_moves_with_the_posteriors():
    rng = np.random.default_rng(0)
    # many likely matches at 0.4: merging them raises expected F1, so t drops below 0.5
    post = np.concatenate([np.full(400, 0.4), rng.uniform(0.0, 0.05, 2000), np.full(100, 0.95)])
    t = calibrate_threshold(post, np.ones(len(post), dtype=bool), certain=0)
    assert 0.2 <= t <= 0.4
    # scattered low posteriors: keep only the confident pairs
    post2 = np.concatenate([np.full(400, 0.25), np.full(100, 0.95)])
    assert calibrate_threshold(post2, np.ones(len(post2), dtype=bool), certain=0) > 0.5


def test_company_homophone_is_weaker_than_cross_script():
    from dealgraph.ingest.identity.compare import COMPANY, compare_pairs

    p = prepare([{"id": "a", "kind": "company", "company": "迈峰宇科技有限公司"},
                 {"id": "b", "kind": "company", "company": "迈峰玉科技有限公司"},
                 {"id": "c", "kind": "company", "company": "华为技术有限公司"},
                 {"id": "d", "kind": "company", "company": "Huawei Co., Ltd."}])
    lv = compare_pairs(p, np.array([[0, 1], [2, 3]]), [COMPANY])[:, 0]
    assert COMPANY.labels[lv[0] - 1] == "homophone hanzi"
    assert lv[0] < lv[1]
