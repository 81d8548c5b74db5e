"""Blocking recall, hard-key constraints, accuracy on generated data, labels, file mode."""

import csv

import numpy as np
from typer.testing import CliRunner

from dealgraph.cli import app
from dealgraph.demo.identity_noise import (
    generate_cn,
    generate_en_people,
    random_credit_code,
    truth_pairs,
    write_csv,
)
from dealgraph.ingest.identity.blocking import blocking_recall, candidate_pairs
from dealgraph.ingest.identity.evaluate import pairwise_scores
from dealgraph.ingest.identity.records import prepare
from dealgraph.ingest.identity.resolve import resolve


def _cn_records(n=400, noise=0.1, seed=5):
    rows, truth = generate_cn(n, n // 5, noise=noise, seed=seed)
    recs = [{"id": r["record_id"], "kind": r["kind"], "name": r["name"], "company": r["company"],
             "email": r["email"], "phone": r["phone"], "unionid": r["wecom_unionid"],
             "credit_code": r["credit_code"], "city": r["city"]} for r in rows]
    return recs, truth


def test_blocking_recall_and_near_linear_cost():
    recs, truth = _cn_records(600)
    p = prepare(recs)
    pairs, per_rule = candidate_pairs(p)
    n = len(p)
    recall = blocking_recall(pairs, n, truth_pairs(p.ids, truth))
    assert recall >= 0.88, per_rule
    assert len(pairs) < 20 * n  # far below n^2/2
    assert (pairs[:, 0] < pairs[:, 1]).all()
    kinds = np.asarray(p.kind)
    assert (kinds[pairs[:, 0]] == kinds[pairs[:, 1]]).all()  # people never pair with companies


def test_resolve_generated_cn_and_en():
    recs, truth = _cn_records(400)
    res = resolve(recs)
    s = pairwise_scores(res.cluster_ids(), [truth[i] for i in res.ids])
    assert s["recall"] > 0.85 and s["precision"] > 0.7, s
    rows, truth = generate_en_people(300, noise=0.1, seed=4)
    en = [{"id": r["rec_id"], "first_name": r["given_name"], "last_name": r["surname"], "dob": r["date_of_birth"],
           "address": r["street_address"], "city": r["suburb"], "postcode": r["postcode"],
           "phone": r["phone_number"]} for r in rows]
    res = resolve(en)
    s = pairwise_scores(res.cluster_ids(), [truth[i] for i in res.ids])
    assert s["recall"] > 0.9, s
    assert set(res.stats["comparisons"]) >= {"first_name", "last_name", "dob", "location"}


def test_no_merge_across_conflicting_hard_keys():
    import random

    rng = random.Random(1)
    c1, c2 = random_credit_code(rng), random_credit_code(rng)
    base = {"kind": "company", "name": "北京华为技术有限公司", "phone": "010-62345678", "city": "北京"}
    recs = [{**base, "id": "a", "credit_code": c1}, {**base, "id": "b", "credit_code": c2},
            {**base, "id": "c", "credit_code": ""}, {**base, "id": "d", "credit_code": c1},
            {"id": "p1", "name": "张伟", "email": "zw@huawei.com", "unionid": "oAAA", "company": "华为"},
            {"id": "p2", "name": "张伟", "email": "zw@huawei.com", "unionid": "oBBB", "company": "华为"},
            {"id": "p3", "name": "张伟", "email": "zw@huawei.com", "company": "华为"}]
    res = resolve(recs)
    cid = dict(zip(res.ids, res.cluster_ids()))
    assert cid["a"] == cid["d"]  # same valid credit code: deterministic
    assert cid["a"] != cid["b"]  # different valid credit codes never merge, even via c
    assert cid["p1"] != cid["p2"]
    assert res.stats["refused_merges"] >= 1 or cid["c"] not in (cid["a"], cid["b"])
    # an INVALID code (bad checksum) is no evidence and no obstacle
    bad = c2[:17] + ("0" if c2[17] != "0" else "1")
    res = resolve([{**base, "id": "x", "credit_code": c1}, {**base, "id": "y", "credit_code": bad}])
    assert res.cluster_ids()[0] == res.cluster_ids()[1]


def test_labels_pin_pairs_and_carry_evidence():
    recs, _truth = _cn_records(200, seed=8)
    res = resolve(recs)
    e = int(np.argmax(res.scores))
    a, b = res.ids[res.pairs[e, 0]], res.ids[res.pairs[e, 1]]
    assert '"fields"' in res.evidence(e)
    res2 = resolve(recs, labels={(a, b): False})
    cid = dict(zip(res2.ids, res2.cluster_ids()))
    assert cid[a] != cid[b]


def test_cli_file_mode_gb18030_with_inferred_columns(tmp_path):
    rows, truth = generate_cn(150, 30, noise=0.1, seed=2)
    renamed = [{"编号": r["record_id"], "姓名": r["name"] if r["kind"] == "person" else "",
                "公司名称": r["company"] if r["kind"] == "person" else r["name"], "手机": r["phone"],
                "邮箱": r["email"], "统一社会信用代码": r["credit_code"], "备注": "x"} for r in rows]
    src = write_csv(tmp_path / "in.csv", renamed, encoding="gb18030")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(app, ["identity", "resolve", str(src), "--id-column", "编号", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "姓名 -> name" in result.output and "手机 -> phone" in result.output
    with out.open(encoding="utf-8") as f:
        got = list(csv.DictReader(f))
    assert len(got) == len(rows) and set(got[0]) == {"record_id", "cluster_id", "score"}
    s = pairwise_scores([r["cluster_id"] for r in got], [truth[r["record_id"]] for r in got])
    assert s["f1"] > 0.75, s


def test_cli_file_mode_errors(tmp_path):
    src = tmp_path / "x.csv"
    src.write_text("id,name\n1,张伟\n1,李娜\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["identity", "resolve", str(src), "--id-column", "id", "--out",
                                      str(tmp_path / "o.csv")])
    assert result.exit_code != 0 and "duplicate id" in str(result.exception)
