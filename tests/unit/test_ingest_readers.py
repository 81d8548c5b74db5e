"""Streaming readers, encodings, mappings and row validation (no database)."""

import json
import tracemalloc

import pytest

from dealgraph.errors import InputError
from dealgraph.ingest.channels import channel_mapping, channel_names
from dealgraph.ingest.mapping import load_mapping, parse_mapping
from dealgraph.ingest.readers import detect_encoding, open_reader
from dealgraph.ingest.validate import RowValidator


def rows(path, **kw):
    r = open_reader(path, **kw)
    return r, list(r.rows())


def test_csv_bom_and_quoted_newlines(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes(b'\xef\xbb\xbfid,name\n1,"Zhang\nSan"\n2,\xe6\x9d\x8e\xe5\x9b\x9b\n')
    r, out = rows(p)
    assert r.encoding == "utf-8-sig" and r.columns == ["id", "name"]
    assert [(x.line, x.data["name"]) for x in out] == [(2, "Zhang\nSan"), (4, "李四")]


def test_gb18030_detected(tmp_path):
    p = tmp_path / "g.csv"
    p.write_bytes("联系人ID,姓名\nc1,张三\nc2,欧阳娜娜\n".encode("gb18030"))
    assert detect_encoding(p) == "gb18030"
    r, out = rows(p)
    assert r.columns == ["联系人ID", "姓名"] and [x.data["姓名"] for x in out] == ["张三", "欧阳娜娜"]


def test_tsv_and_semicolon_delimiters(tmp_path):
    (tmp_path / "t.tsv").write_text("id\tname\n1\ta\n")
    (tmp_path / "s.csv").write_text("id;name\n1;a\n")
    assert rows(tmp_path / "t.tsv")[1][0].data == {"id": "1", "name": "a"}
    assert rows(tmp_path / "s.csv")[1][0].data == {"id": "1", "name": "a"}


def test_json_array_wrapper_and_jsonl(tmp_path):
    (tmp_path / "a.json").write_text('[\n {"id": 1},\n {"id": 2, "x": {"y": 1}}\n]')
    (tmp_path / "w.json").write_text('{"total": 2, "data": [{"id": 1}, {"id": 2}]}')
    (tmp_path / "l.json").write_text('{"id": 1}\n{"id": 2}\n')
    (tmp_path / "b.jsonl").write_text('{"id": 1}\n{broken\n[1]\n{"id": 3}\n')
    r, out = rows(tmp_path / "a.json")
    assert [(x.line, x.data["id"]) for x in out] == [(2, 1), (3, 2)] and r.columns == ["id", "x"]
    assert [x.data["id"] for x in rows(tmp_path / "w.json")[1]] == [1, 2]
    assert [x.data["id"] for x in rows(tmp_path / "l.json")[1]] == [1, 2]
    out = rows(tmp_path / "b.jsonl")[1]
    assert [(x.line, bool(x.error)) for x in out] == [(1, False), (2, True), (3, True), (4, False)]


def test_json_array_is_streamed_not_loaded(tmp_path):
    p = tmp_path / "big.json"
    with open(p, "w") as f:
        f.write("[")
        f.writelines(("," if i else "") + json.dumps({"id": i, "name": "x" * 100}) for i in range(60_000))
        f.write("]")
    assert p.stat().st_size > 7_000_000
    tracemalloc.start()
    n = sum(1 for _ in open_reader(p).rows())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == 60_000 and peak < 3_000_000  # bounded by the window and the 1 MB encoding sample


def test_invalid_bytes_become_a_rejected_row(tmp_path):
    p = tmp_path / "c.csv"
    p.write_bytes(b"id,name\nc1,ok\nc2,\xff\xfe\n")
    m = parse_mapping({"files": [{"match": "*.csv", "entity": "contact"}]})
    fm = m.for_file(p)
    r, out = rows(p)
    v = RowValidator(fm, fm.resolve(r.columns), p.name)
    assert v(out[0])[0].name == "ok"
    rec, bad = v(out[1])
    assert rec is None and bad[0].field == "name" and "encoding" in bad[0].reason and bad[0].value == "\\xff\\xfe"


def test_mapping_resolution_and_unknown_columns(tmp_path):
    m = parse_mapping({"files": [{"match": "c*.csv", "entity": "contact", "ignore": ["备注"],
                                  "columns": {"id": "联系人ID", "phone": ["手机号", "mobile"]}}]})
    plan = m.files[0].resolve(["联系人ID", "Name", "mobile", "备注", "微信"])
    assert plan.fields == {"id": "联系人ID", "phone": "mobile", "name": "Name"}
    assert plan.unknown == ["微信"]


@pytest.mark.parametrize("doc,msg", [
    ({}, "at least one"),
    ({"files": [{"match": "*", "entity": "person"}]}, "not a record kind"),
    ({"files": [{"match": "*", "entity": "contact", "columns": {"mobile": "手机"}}]}, "does not have"),
    ({"files": [{"match": "*", "entity": "contact", "colums": {}}]}, "unknown key"),
    ({"files": [{"match": "*", "entity": "lead", "transform": "nope"}]}, "unknown transform"),
])
def test_mapping_errors_are_clear(doc, msg):
    with pytest.raises(InputError, match=msg):
        parse_mapping(doc)


def test_mapping_file_errors(tmp_path):
    bad = tmp_path / "m.toml"
    bad.write_text("[[files]\nmatch=")
    with pytest.raises(InputError, match="TOML"):
        load_mapping(bad)
    good = tmp_path / "g.toml"
    good.write_text('[[files]]\nmatch = "contacts*.csv"\nentity = "contact"\n')
    with pytest.raises(InputError, match="no \\[\\[files\\]\\] entry"):
        load_mapping(good).for_file(tmp_path / "leads.csv")


def test_validator_reports_every_reason_and_missing_mapping_hint(tmp_path):
    m = parse_mapping({"files": [{"match": "*", "entity": "interaction", "columns": {"at": "时间"}}]})
    fm = m.files[0]
    v = RowValidator(fm, fm.resolve(["id", "时间", "kind"]), "x.csv")
    from dealgraph.ingest.readers import Row

    rec, bad = v(Row(7, {"id": "", "时间": "yesterday-ish", "kind": "fax"}))
    by_field = {b.field: b for b in bad}
    assert rec is None and set(by_field) == {"id", "at", "kind", "contact_ids"}
    assert all(b.line == 7 for b in bad)
    assert by_field["at"].column == "时间" and by_field["at"].value == "yesterday-ish"
    assert "map a column" in by_field["contact_ids"].reason


def test_channel_mappings_load_and_cover_their_columns():
    assert set(channel_names()) >= {"ad_leads", "search_leads", "wecom_contacts", "wecom_messages", "web_forms",
                                    "web_visits"}
    fm = channel_mapping("ad_leads").files[0]
    plan = fm.resolve(["线索ID", "姓名", "手机号", "公司名称", "广告计划", "创建时间", "省份", "奇怪列"])
    assert plan.fields["campaign"] == "广告计划" and plan.unknown == ["奇怪列"]
    fm = channel_mapping("wecom_contacts").files[0]
    plan = fm.resolve(["userid", "name", "mobile", "unionid", "department", "position", "corp"])
    assert plan.unknown == [] and plan.fields["wecom_unionid"] == "unionid"


def test_wecom_message_transform_splits_staff_and_customers():
    from dealgraph.ingest.channels.transforms import wecom_message

    v = wecom_message({"user_id": "zhangsan", "contact_ids": ["wmA", "lisi", "woB"]}, {"text": {"content": "hi"}})
    assert v["contact_ids"] == ["wmA", "woB"] and v["user_id"] == "zhangsan" and v["summary"] == "hi"
    with pytest.raises(ValueError, match="external"):
        wecom_message({"user_id": "zhangsan", "contact_ids": ["lisi"]}, {})


def test_yaml_mapping_is_the_same_structure(tmp_path):
    p = tmp_path / "m.yaml"
    p.write_text("files:\n  - match: 'c*.csv'\n    entity: contact\n    source: crm\n    columns:\n      id: 编号\n",
                 encoding="utf-8")
    fm = load_mapping(p).for_file(tmp_path / "c1.csv")
    assert (fm.entity, fm.source, fm.columns) == ("contact", "crm", {"id": ("编号",)})


def test_dry_run_validates_without_a_database(tmp_path):
    from typer.testing import CliRunner

    from dealgraph.cli import app

    p = tmp_path / "leads.csv"
    p.write_text("线索ID,姓名,手机号,创建时间,微信\nL1,张三,13800138000,2024-01-01,zs\nL2,李四,1,2024-01-02,ls\n",
                 encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", str(p), "-c", "ad_leads", "--dry-run", "--json",
                                   "--rejects", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert (out["status"], out["loaded"], out["rejected"]) == ("validated", 1, 1)
    assert out["files"][0]["unknown_columns"] == ["微信"]
    with open(out["reject_file"], encoding="utf-8") as f:
        assert json.loads(f.readline())["field"] == "phone"


def test_committed_marks_fold_into_ranges():
    from dealgraph.ingest.pipeline import Committed

    c = Committed(["f:..32", "f:33", "g:0"])
    assert ("f", 0) in c and ("f", 31) in c and ("f", 32) not in c and ("f", 33) in c and ("g", 0) in c
    folds = [c.add("f", b) for b in [32, *range(34, 64)]]
    assert all(f is None for f in folds[:-1])
    remove, mark = folds[-1]
    assert mark == "f:..64" and "f:..32" in remove and "f:33" in remove and "f:63" in remove
    assert ("f", 63) in c and ("f", 64) not in c
