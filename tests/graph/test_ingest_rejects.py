"""Bad rows go to the reject file (every reason, line by line) and never stop the good ones."""

import json

import pytest

from dealgraph.ingest.pipeline import ingest_files

pytestmark = pytest.mark.graph

MAPPING = """
[[files]]
match = "contacts*"
entity = "contact"
source = "crm"
ignore = ["备注"]
[files.columns]
id = "联系人ID"
name = "姓名"
phone = "手机"
[[files]]
match = "meetings*"
entity = "interaction"
source = "crm"
[files.defaults]
kind = "meeting"
"""


def read_rejects(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_bad_rows_are_rejected_with_every_reason(graph, tmp_path):
    (tmp_path / "m.toml").write_text(MAPPING, encoding="utf-8")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "联系人ID,姓名,手机,email,备注,微信号\n"
        "c1,张三,13800138000,zs@a.cn,ok,zs1\n"        # line 2 good
        "c2,李四,138-abc,ls@a.cn,,\n"                  # line 3 bad phone
        ",王五,13900139000,,,\n"                       # line 4 missing id
        "c4,,12,not-an-email,,\n"                      # line 5 missing name + bad phone + bad email
        "c5,赵六,+86 139 0013 9001,,,\n",              # line 6 good
        encoding="utf-8")
    meetings = tmp_path / "meetings.jsonl"
    meetings.write_text(
        '{"id": "m1", "at": "2024-05-01 10:00", "contact_ids": "c1"}\n'
        '{"id": "m2", "at": "31/31/2024", "contact_ids": "c1"}\n'      # bad date
        '{"id": "m3", "at": "2024-05-03", "contact_ids": "c5", "sentiment": 3}\n'  # out of range
        'not json at all\n'
        '{"id": "m5", "at": "2024-05-05", "contact_ids": "c5;c1"}\n', encoding="utf-8")
    s = ingest_files(graph, [contacts, meetings], tmp_path / "m.toml", reject_dir=tmp_path / "rej")

    assert s.status == "completed" and s.rows == 10 and s.loaded == 4 and s.rejected == 6
    got = [(r["file"], r["line"], r["field"], r["column"], r["value"]) for r in read_rejects(s.reject_file)]
    assert got == [
        ("contacts.csv", 3, "phone", "手机", "138-abc"),
        ("contacts.csv", 4, "id", "联系人ID", ""),
        ("contacts.csv", 5, "name", "姓名", ""),
        ("contacts.csv", 5, "email", "email", "not-an-email"),
        ("contacts.csv", 5, "phone", "手机", "12"),
        ("meetings.jsonl", 2, "at", "at", "31/31/2024"),
        ("meetings.jsonl", 3, "sentiment", "sentiment", 3),
        ("meetings.jsonl", 4, None, None, None),
    ]
    reasons = [r["reason"] for r in read_rejects(s.reject_file)]
    assert "digits" in reasons[0] and reasons[1] == "required value is missing"
    assert "not a date" in reasons[5] and "less than or equal to 1" in reasons[6] and "not valid JSON" in reasons[7]
    # the good rows are all there
    assert sorted(r["id"] for r in graph.read("MATCH (c:Contact) WHERE c.stub IS NULL RETURN c.id AS id")) == \
        ["c1", "c5"]
    assert sorted(r["id"] for r in graph.read("MATCH (i:Interaction) RETURN i.id AS id")) == ["m1", "m5"]
    # unknown columns are reported, not silently dropped (备注 is ignored on purpose)
    by_file = {f.file: f for f in s.files}
    assert by_file["contacts.csv"].unknown_columns == ["微信号"] and by_file["meetings.jsonl"].unknown_columns == []
    run = graph.read("MATCH (r:IngestRun {id: $id}) RETURN r.rejects AS n, r.unknown_columns AS u", id=s.run_id)[0]
    assert run["n"] == 6 and json.loads(run["u"]) == {"contacts.csv": ["微信号"]}


def test_gb18030_and_bom_files_load(graph, tmp_path):
    (tmp_path / "m.toml").write_text(MAPPING, encoding="utf-8")
    gb = tmp_path / "contacts_gb.csv"
    gb.write_bytes("联系人ID,姓名,手机\ng1,欧阳娜娜,13800138001\ng2,司马懿,13800138002\n".encode("gb18030"))
    bom = tmp_path / "contacts_bom.csv"
    bom.write_bytes("\ufeff联系人ID,姓名,手机\nb1,诸葛亮,13800138003\n".encode())
    s = ingest_files(graph, [gb, bom], tmp_path / "m.toml", reject_dir=tmp_path / "rej")
    assert s.rejected == 0 and {f.file: f.encoding for f in s.files} == {"contacts_gb.csv": "gb18030",
                                                                         "contacts_bom.csv": "utf-8-sig"}
    names = {r["id"]: r["n"] for r in graph.read("MATCH (c:Contact) RETURN c.id AS id, c.name AS n")}
    assert names == {"g1": "欧阳娜娜", "g2": "司马懿", "b1": "诸葛亮"}


def test_wrong_encoding_rejects_only_the_broken_rows(graph, tmp_path):
    (tmp_path / "m.toml").write_text(MAPPING, encoding="utf-8")
    p = tmp_path / "contacts_mixed.csv"
    # UTF-8 file in which one row was pasted from a Shift-JIS/Latin-1 source: invalid UTF-8 and GB18030 bytes.
    p.write_bytes("联系人ID,姓名,手机\nx1,张三,13800138000\n".encode() + b"x2,caf\xe9\xff,13800138001\n"
                  + "x3,李四,13800138002\n".encode())
    s = ingest_files(graph, [p], tmp_path / "m.toml", reject_dir=tmp_path / "rej")
    assert (s.loaded, s.rejected) == (2, 1)
    (r,) = read_rejects(s.reject_file)
    assert (r["line"], r["field"], r["column"]) == (3, "name", "姓名")
    assert r["value"] == "caf\\xe9\\xff" and "encoding" in r["reason"]


def test_declared_encoding_that_is_wrong_rejects_rows(graph, tmp_path):
    """A GB18030 file declared UTF-8 in the mapping: its Chinese rows are rejected, not loaded garbled."""
    (tmp_path / "m.toml").write_text(MAPPING.replace('source = "crm"\nignore', 'source = "crm"\nencoding = "utf-8"\n'
                                                     'ignore', 1), encoding="utf-8")
    p = tmp_path / "contacts_gbk.csv"
    p.write_bytes("联系人ID,姓名,手机\ng1,欧阳娜娜,13800138001\n".encode("gb18030"))
    s = ingest_files(graph, [p], tmp_path / "m.toml", reject_dir=tmp_path / "rej")
    # Even the header is not UTF-8: the mapped columns are not found, so the file is refused by name.
    (f,) = s.failed_files
    assert s.loaded == 0 and "联系人ID" in f.error and "does not have" in f.error
    assert graph.read("MATCH (c:Contact) RETURN c") == []


def test_database_refusal_of_every_row_is_one_clear_error_and_marks_the_run_failed(graph, tmp_path, monkeypatch):
    """One row the database refuses is rejected alone (test_ingest_no_silent_loss); a statement that fails for
    every row is not the rows' fault: one clear error, the run marked failed."""
    from dealgraph.errors import InputError
    from dealgraph.graph.writes import statements as writers

    monkeypatch.setitem(writers.CYPHER, "contact", "UNWIND $rows AS r CREATE (c:Contact {id: 1 / 0})")
    (tmp_path / "m.toml").write_text(MAPPING, encoding="utf-8")
    p = tmp_path / "contacts_huge.csv"
    p.write_text("联系人ID,姓名,手机\nh1,正常,\nh2,也正常,\n", encoding="utf-8")
    with pytest.raises(InputError, match="contacts_huge.csv: batch 0 could not be written"):
        ingest_files(graph, [p], tmp_path / "m.toml", reject_dir=tmp_path / "rej")
    assert graph.read("MATCH (r:IngestRun) RETURN r.status AS s")[0]["s"] == "failed"
