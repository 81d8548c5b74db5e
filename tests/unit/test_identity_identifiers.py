"""Identifier columns: national id (GB 11643), passport, employee/customer numbers, a user's own id column."""

import random

import pytest

from dealgraph.errors import InputError
from dealgraph.ingest.identity.fileio import describe_field, load_records
from dealgraph.ingest.identity.identifiers import (
    id_check_char,
    is_cn_national_id,
    national_id,
    national_id_valid,
)
from dealgraph.ingest.identity.infer import infer_mapping
from dealgraph.ingest.identity.resolve import resolve


def _cn_id(rng: random.Random) -> str:
    first17 = f"{rng.choice(['110105', '310104', '440305'])}{rng.randint(1950, 2000)}" \
              f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return first17 + id_check_char(first17)


def test_gb11643_check_digit_and_the_old_15_digit_form():
    assert national_id_valid("11010519491231002X")  # the standard's own example
    assert not national_id_valid("110105194912310021")
    # A 15-digit first-generation id becomes its 18-digit form (19 + check digit).
    assert national_id("110105491231002") == "11010519491231002X"
    assert national_id(" 11010519491231002x ") == "11010519491231002X"
    assert is_cn_national_id("11010519491231002X") and not is_cn_national_id("110105194912310021")


def test_identifier_headers_in_chinese_and_english_and_by_content():
    rng = random.Random(3)
    ids = [_cn_id(rng) for _ in range(30)]
    headers = ["姓名", "证件号码", "护照号", "工号", "会员卡号", "Customer No", "ref", "state"]
    samples = {"姓名": ["张伟"] * 30, "证件号码": ids, "护照号": [f"E{rng.randint(10**7, 10**8)}" for _ in range(30)],
               "工号": [f"{i:06d}" for i in range(30)], "会员卡号": [str(rng.randint(10**9, 10**10)) for _ in range(30)],
               "Customer No": ["x"] * 30, "ref": [f"AB-{rng.randint(10**5, 10**6)}" for _ in range(30)],
               "state": ["nsw", "vic", "qld"] * 10}
    m = infer_mapping(headers, samples)
    assert m["证件号码"] == "national_id" and m["护照号"] == "passport" and m["工号"] == "employee_no"
    assert m["会员卡号"] == "customer_no"
    assert m["ref"] == "attr:ref"  # unmapped but clearly an identifier: a generic comparison
    assert "state" not in m  # few distinct values: not an identifier
    # Content alone: valid resident ids under a header that says nothing.
    assert infer_mapping(["col7"], {"col7": ids})["col7"] == "national_id"
    assert "national id" in describe_field("national_id") and "EM" in describe_field("attr:ref")


def test_map_attribute_and_a_clear_error_for_an_unknown_field(tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("id,name,会员号码,notes\n1,张伟,A100200,x\n2,张伟,A100200,y\n", encoding="utf-8")
    recs, mapping, _ = load_records(f, "id", ["notes=attribute:note"])
    assert mapping["notes"] == "attr:note" and recs[0]["attr:note"] == "x"
    with pytest.raises(InputError, match="attribute:NAME"):
        load_records(f, "id", ["notes=favourite_colour"])


def test_national_id_is_strong_evidence_with_typo_levels_but_not_a_blind_key():
    rng = random.Random(5)
    people = [(n, _cn_id(rng)) for n in ("王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄伟", "周杰")]
    rows = []
    for k, (name, nid) in enumerate(people):
        rows.append({"id": f"a{k}", "name": name, "national_id": nid})
        typo = nid[:5] + nid[6] + nid[5] + nid[7:]  # two digits transposed
        rows.append({"id": f"b{k}", "name": name, "national_id": typo})
    # Same name and same id number, nothing else: merged.
    # Different people who share a name: their id numbers differ, they stay apart.
    rows += [{"id": "c0", "name": "王芳", "national_id": _cn_id(rng)}]
    res = resolve(rows)
    cid = dict(zip(res.ids, res.cluster_ids()))
    assert all(cid[f"a{k}"] == cid[f"b{k}"] for k in range(len(people)))
    assert cid["c0"] != cid["a0"]
    e = next(e for e, (i, j) in enumerate(res.pairs.tolist()) if {res.ids[i], res.ids[j]} == {"a0", "b0"})
    assert '"national_id"' in res.evidence(e) and "transposition" in res.evidence(e)
