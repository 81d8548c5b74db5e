"""Issue 18: bad input is loaded, rejected with a reason, or refused as a file, never lost or garbled silently.

Each case asserts what is loaded, what is rejected (line, column, reason) and that nothing else is in the graph.
"""

import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dealgraph.ingest.mapping import parse_mapping
from dealgraph.ingest.pipeline import ingest_files

pytestmark = pytest.mark.graph

MAPPING = {"files": [{"match": "contacts*", "entity": "contact", "source": "crm",
                      "columns": {"id": "id", "name": "name", "account_id": "account"}}]}


def mapping(**columns):
    doc = json.loads(json.dumps(MAPPING))
    doc["files"][0]["columns"].update(columns)
    return parse_mapping(doc)


def rejects(summary):
    if summary.reject_file is None:
        return []
    return [json.loads(x) for x in Path(summary.reject_file).read_text(encoding="utf-8").splitlines()]


def contacts(graph):
    """Every loaded (non-stub) contact: id -> name; and every node label count, to see nothing else appeared."""
    rows = graph.read("MATCH (c:Contact) WHERE c.stub IS NULL RETURN c.id AS id, c.name AS name")
    return {r["id"]: r["name"] for r in rows}


def labels(graph):
    rows = graph.read("MATCH (n) WHERE NOT n:IngestRun AND NOT n:Migration AND NOT n:IngestLock "
                      "UNWIND labels(n) AS l RETURN l, count(*) AS n ORDER BY l")
    return {r["l"]: r["n"] for r in rows}


def load(graph, tmp_path, *files, m=None, **kw):
    return ingest_files(graph, list(files), m or mapping(phone="phone"), reject_dir=tmp_path / "rej", **kw)


# --------------------------------------------------------------------------- 1 unbalanced quote

def test_1_unbalanced_quote_rejects_its_line_and_loads_the_rows_after_it(graph, tmp_path):
    p = tmp_path / "contacts.csv"
    rows = [f"Q00{i},name{i},ACC0001,1380013800{i}" for i in range(1, 10)]
    rows[2] = 'Q003,"李四,ACC0001,13800138003'  # quote never closed
    rows[5] = 'Q006,"王, 五",ACC0001,13800138006'  # a quoted comma, correct
    p.write_text("id,name,account,phone\n" + "\n".join(rows) + "\n", encoding="utf-8")
    s = load(graph, tmp_path, p)
    assert (s.rows, s.loaded, s.rejected) == (9, 8, 1)
    (r,) = rejects(s)
    assert (r["line"], r["column"], r["field"]) == (4, "name", "name") and "never closed" in r["reason"]
    assert r["value"] == 'Q003,"李四,ACC0001,13800138003'
    got = contacts(graph)
    assert sorted(got) == [f"Q00{i}" for i in range(1, 10) if i != 3] and got["Q006"] == "王, 五"
    assert got["Q004"] == "name4"  # not swallowed into Q003's name
    assert labels(graph) == {"Account": 1, "Contact": 8, "SourceRecord": 8}


def test_1_a_real_multiline_cell_still_loads(graph, tmp_path):
    p = tmp_path / "contacts.csv"
    p.write_text('id,name,account,phone\nM1,"Zhang\nSan",A1,\nM2,"line, one\nline two",A1,\nM3,x,A1,\n',
                 encoding="utf-8")
    s = load(graph, tmp_path, p)
    assert (s.loaded, s.rejected) == (3, 0)
    assert contacts(graph) == {"M1": "Zhang San", "M2": "line, one line two", "M3": "x"}  # whitespace collapsed


# --------------------------------------------------------------------------- 2 oversized cell

def test_2_oversized_cell_rejects_its_row_and_a_refused_row_does_not_sink_its_batch(graph, tmp_path):
    p = tmp_path / "contacts.csv"
    with open(p, "w", encoding="utf-8") as f:
        f.write("id,name,account,phone\n")
        f.write("B1,张三,A1,\n")
        f.write("B2," + "x" * 10_000_000 + ",A1,\n")  # 10 MB: over the 64 KB cell limit
        f.write("B3,李四,A1,\n")
        f.write("B4," + "名" * 5_000 + ",A1,\n")  # 15 KB: under the limit, too large for Neo4j's name index
        f.write("B5,王五,A1,\n")
    for attempt in range(2):  # a rerun behaves the same (before: it failed the same way)
        s = load(graph, tmp_path, p)
        assert s.status == "completed" and (s.rows, s.loaded, s.rejected) == (5, 3, 2), attempt
        got = sorted((r["line"], r["column"], r["reason"][:40]) for r in rejects(s))
        assert got[0][:2] == (3, "name") and "over the 65,536-byte limit" in rejects(s)[0]["reason"]
        assert got[1][0] == 5 and got[1][2].startswith("the database refused this row")
        assert contacts(graph) == {"B1": "张三", "B3": "李四", "B5": "王五"}
        assert labels(graph) == {"Account": 1, "Contact": 3, "SourceRecord": 3}


# --------------------------------------------------------------------------- 3 mixed encodings

def test_3_utf8_lines_in_a_gb18030_file_are_not_mojibake(graph, tmp_path):
    p = tmp_path / "contacts.csv"
    p.write_bytes("id,name,account,phone\nG1,欧阳娜娜,A1,\n".encode("gb18030") + "G2,张三8,A1,\n".encode()
                  + "G3,司马懿,A1,\n".encode("gb18030") + "G4,李四·Smith,A1,\n".encode()
                  + b"G5,caf\xe9\xff,A1,\n")  # valid in neither: rejected with the reason
    s = load(graph, tmp_path, p)
    assert s.files[0].other_encoding_lines == 2  # whichever is the file's encoding, the other two lines
    assert (s.loaded, s.rejected) == (4, 1)
    (r,) = rejects(s)
    assert (r["line"], r["column"]) == (6, "name") and "encoding" in r["reason"]
    assert contacts(graph) == {"G1": "欧阳娜娜", "G2": "张三8", "G3": "司马懿", "G4": "李四·Smith"}
    assert labels(graph) == {"Account": 1, "Contact": 4, "SourceRecord": 4}


def test_3_gb18030_lines_in_a_utf8_file_are_decoded_as_gb18030(graph, tmp_path):
    p = tmp_path / "contacts.csv"
    p.write_bytes("id,name,account,phone\nU1,张三,A1,\n".encode() + "U2,欧阳娜娜,A1,\n".encode("gb18030"))
    s = load(graph, tmp_path, p)
    assert s.files[0].other_encoding_lines == 1 and s.rejected == 0
    assert contacts(graph) == {"U1": "张三", "U2": "欧阳娜娜"}


# --------------------------------------------------------------------------- 4 duplicate headers

def test_4_duplicate_column_names_refuse_the_file_naming_both(graph, tmp_path):
    p = tmp_path / "contacts.csv"
    p.write_text("id,name,Name,account,phone\nD1,张三,Zhang San,A1,\n", encoding="utf-8")
    other = tmp_path / "contacts_ok.csv"
    other.write_text("id,name,account,phone\nD2,李四,A1,\n", encoding="utf-8")
    s = load(graph, tmp_path, p, other)
    (f,) = s.failed_files
    assert f.file == "contacts.csv" and "columns 2 and 3 are both named 'Name'" in f.error and f.loaded == 0
    assert [r["reason"] for r in rejects(s)] == [f.error]
    assert contacts(graph) == {"D2": "李四"}  # the other file still loads
    assert labels(graph) == {"Account": 1, "Contact": 1, "SourceRecord": 1}


# --------------------------------------------------------------------------- 5 mapped column missing

def test_5_a_mapped_column_missing_from_the_file_is_an_error_or_with_allow_missing_a_warning(graph, tmp_path):
    p = tmp_path / "contacts.csv"
    p.write_text("id,name,account\nE1,张三,A1\n", encoding="utf-8")
    m = mapping(email="email_addr")  # and no phone mapped
    s = load(graph, tmp_path, p, m=m)
    (f,) = s.failed_files
    assert "'email_addr' (for email)" in f.error and "--allow-missing" in f.error
    assert s.loaded == 0 and contacts(graph) == {} and labels(graph) == {}

    s = load(graph, tmp_path, p, m=m, allow_missing=True)
    assert not s.failed_files and s.loaded == 1
    assert any("'email_addr' (for email)" in w for w in s.files[0].warnings)
    assert contacts(graph) == {"E1": "张三"} and labels(graph) == {"Account": 1, "Contact": 1, "SourceRecord": 1}


# --------------------------------------------------------------------------- 6 binary / header-only

def _cli(*args, cwd):
    env = {**os.environ, "DEALGRAPH_BOLT_PORT": os.environ["DEALGRAPH_BOLT_PORT"],
           "DEALGRAPH_HTTP_PORT": os.environ["DEALGRAPH_HTTP_PORT"]}
    return subprocess.run([sys.executable, "-m", "dealgraph", *args], check=False, cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_6_binary_and_header_only_files_exit_1_with_the_reason(graph, tmp_path):
    (tmp_path / "m.toml").write_text('[[files]]\nmatch = "contacts*"\nentity = "contact"\nsource = "crm"\n',
                                     encoding="utf-8")
    (tmp_path / "contacts_bin.csv").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "contacts_head.csv").write_text("id,name\n", encoding="utf-8")
    for name, reason in (("contacts_bin.csv", "not a text table"), ("contacts_head.csv", "a header but no data rows")):
        r = _cli("ingest", name, "--mapping", "m.toml", "--no-rescore", cwd=tmp_path)
        assert r.returncode == 1, r.stdout + r.stderr
        assert f"{name}: " in r.stderr and reason in r.stderr
    assert labels(graph) == {}


# --------------------------------------------------------------------------- 8 invisible characters

def test_8_invisible_characters_are_removed_and_an_invisible_only_name_is_missing(graph, tmp_path):
    p = tmp_path / "contacts.csv"
    p.write_text("id,name,account,phone\n"
                 "I1,张\u200b三,A1,\n"                  # zero-width space
                 "I2,\ufeff李\u200d四\u2060,A1,\n"      # BOM, ZWJ, word joiner
                 "I3,\u202eAlice\u202c Wong,A1,\n"      # right-to-left override
                 "I4,\u200b,A1,\n"                       # nothing but U+200B: missing
                 "I5,王五 👨\u200d👩\u200d👧,A1,\n"      # emoji ZWJ sequence kept
                 "I6,Cafe\u0301,A1,138\u200b0013\u200c8000\n",  # decomposed é -> NFC; phone cleaned too
                 encoding="utf-8")
    s = load(graph, tmp_path, p)
    assert (s.loaded, s.rejected) == (5, 1)
    (r,) = rejects(s)
    assert (r["line"], r["field"], r["reason"]) == (5, "name", "required value is missing")
    assert contacts(graph) == {"I1": "张三", "I2": "李四", "I3": "Alice Wong", "I5": "王五 👨\u200d👩\u200d👧",
                               "I6": "Café"}
    phone = graph.read("MATCH (c:Contact {id: 'I6'}) RETURN c.phone AS p")[0]["p"]
    assert phone == "+8613800138000"
    assert labels(graph) == {"Account": 1, "Contact": 5, "SourceRecord": 5}


# --------------------------------------------------------------------------- 10 the smaller ones

def test_10_an_empty_file_does_not_stop_a_multi_file_run(graph, tmp_path):
    empty = tmp_path / "contacts_a.csv"
    empty.write_bytes(b"")
    good = tmp_path / "contacts_b.csv"
    good.write_text("id,name,account,phone\nF1,张三,A1,\n", encoding="utf-8")
    s = load(graph, tmp_path, empty, good)
    (f,) = s.failed_files
    assert f.file == "contacts_a.csv" and "empty" in f.error
    assert contacts(graph) == {"F1": "张三"} and labels(graph) == {"Account": 1, "Contact": 1, "SourceRecord": 1}


def test_10_directory_and_mapping_errors_are_worded_right(graph, tmp_path):
    from dealgraph.errors import InputError

    (tmp_path / "exports").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        load(graph, tmp_path, tmp_path / "exports")
    (tmp_path / "m.toml").write_text('[[files]]\nmatch = "contacts*"\nentity = "contact"\n', encoding="utf-8")
    (tmp_path / "leads.csv").write_text("id\n1\n", encoding="utf-8")
    r = _cli("ingest", "leads.csv", "--mapping", "m.toml", "--dry-run", cwd=tmp_path)
    assert r.returncode == 1 and "no [[files]] entry" in r.stderr  # markup not eaten
    assert labels(graph) == {}


def test_10_two_runs_of_the_same_files_at_once_take_turns(graph, tmp_path):
    p = tmp_path / "contacts.csv"
    p.write_text("id,name,account,phone\n" + "".join(f"T{i},name{i},A{i % 7},\n" for i in range(3000)),
                 encoding="utf-8")
    waited, out, errors = [], [], []
    first_running, second_waiting = threading.Event(), threading.Event()

    def hold(_progress):  # the first run stays inside its lock until the second one has waited
        first_running.set()
        second_waiting.wait(60)

    def on_wait(run_id):
        waited.append(run_id)
        second_waiting.set()

    def run(**kw):
        try:
            out.append(load(graph, tmp_path, p, batch_size=100, **kw))
        except Exception as e:  # noqa: BLE001 - surfaced by the assert below
            errors.append(e)

    first = threading.Thread(target=run, kwargs={"progress": hold})
    second = threading.Thread(target=run, kwargs={"on_wait": on_wait})
    first.start()
    assert first_running.wait(60)
    second.start()
    for t in (first, second):
        t.join(120)
    assert not errors and len(out) == 2 and all(s.status == "completed" and s.loaded == 3000 for s in out)
    assert waited == [out[0].run_id]  # the second one waited for the first instead of sharing its record
    run = graph.read("MATCH (r:IngestRun) RETURN r.status AS s, r.attempts AS a, r.loaded AS n")
    assert run == [{"s": "completed", "a": 2, "n": 3000}]
    assert labels(graph) == {"Account": 7, "Contact": 3000, "SourceRecord": 3000}


def test_10_driver_retry_warnings_go_to_debug(graph, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("neo4j.session").warning("Transaction failed and will be retried in %ss (%s)", 1.0,
                                               "{code: Neo.TransientError.Transaction.DeadlockDetected}\nline 2")
    retry = [r for r in caplog.records if "retried" in r.getMessage()]
    assert retry and all(r.levelno == logging.DEBUG and "\n" not in r.getMessage() for r in retry)


# --------------------------------------------------------------------------- 11 re-ingest after resolve

def test_11_reingest_after_resolve_adds_no_second_resolved_to(graph, tmp_path):
    from dealgraph.ingest.identity.graph_store import merge_records

    p = tmp_path / "contacts.csv"
    p.write_text("id,name,account,phone\nR1,张三,A1,13800138000\nR2,张三,A1,13800138000\nR3,李四,A1,\n",
                 encoding="utf-8")
    load(graph, tmp_path, p)
    merge_records(graph, "crm:R1", "crm:R2")  # the resolver points R2's record elsewhere than its own node

    def edges():
        return graph.read("MATCH (s:SourceRecord)-[x:RESOLVED_TO]->(n) "
                          "RETURN s.id AS s, n.id AS n, x.method AS m ORDER BY s, n")

    def per_record():
        return graph.read("MATCH (s:SourceRecord) RETURN s.id AS s, COUNT { (s)-[:RESOLVED_TO]->() } AS n ORDER BY s")

    before, before_labels = edges(), labels(graph)
    assert all(r["n"] == 1 for r in per_record())
    s = load(graph, tmp_path, p)
    assert (s.loaded, s.rejected) == (3, 0)
    assert edges() == before and labels(graph) == before_labels
    assert all(r["n"] == 1 for r in per_record())


# --------------------------------------------------------------------------- 7 phone extensions

def test_7_phone_extensions_are_kept_and_invalid_numbers_rejected(graph, tmp_path):
    p = tmp_path / "contacts.csv"
    p.write_text("id,name,account,phone\n"
                 "P1,张三,A1,010-88888888-123\n"
                 "P2,李四,A1,010-88888888 ext. 123\n"
                 "P3,王五,A1,0755-2345678转8001\n"
                 "P4,Alice,A1,+1 415 555 0100 x45\n"
                 "P5,赵六,A1,13800138000\n"
                 "P6,钱七,A1,00000000000\n"          # not a number
                 "P7,孙八,A1,138-abc\n", encoding="utf-8")
    s = load(graph, tmp_path, p)
    assert (s.loaded, s.rejected) == (5, 2)
    got = [(r["line"], r["field"], r["reason"]) for r in rejects(s)]
    assert got[0][:2] == (7, "phone") and "one digit repeated" in got[0][2]
    assert got[1][:2] == (8, "phone") and "digits" in got[1][2]
    phones = {r["id"]: r["p"] for r in graph.read("MATCH (c:Contact) WHERE c.stub IS NULL "
                                                  "RETURN c.id AS id, c.phone AS p")}
    assert phones == {"P1": "+861088888888;ext=123", "P2": "+861088888888;ext=123", "P3": "+867552345678;ext=8001",
                      "P4": "+14155550100;ext=45", "P5": "+8613800138000"}
    assert labels(graph) == {"Account": 1, "Contact": 5, "SourceRecord": 5}


# --------------------------------------------------------------------------- 9 dates by column

LEADS = {"files": [{"match": "leads*", "entity": "lead", "source": "web",
                    "columns": {"id": "id", "name": "name", "created_at": "created", "stated_purchase_date": "buy"}}]}


def test_9_numeric_dates_take_their_columns_order_and_only_a_wholly_ambiguous_column_is_rejected(graph, tmp_path):
    p = tmp_path / "leads.csv"
    # created: day-first, told by line 3 ('13-01-2026', after the ambiguous ones); buy: month-first,
    # told by line 5; English month names and Excel serials beside them.
    p.write_text("id,name,created,buy\n"
                 "L1,张三,05-01-2026 09:30,02/03/2026\n"
                 "L2,Alice,13-01-2026,5 Jan 2026\n"
                 "L3,李四,46027,03/04/2026\n"
                 "L4,Bob,07-02-2026,04/15/2026\n", encoding="utf-8")
    m = parse_mapping(LEADS)
    s = ingest_files(graph, [p], m, reject_dir=tmp_path / "rej")
    assert (s.loaded, s.rejected) == (4, 0), rejects(s)
    got = {r["id"]: (r["c"], r["b"]) for r in graph.read(
        "MATCH (l:Lead) RETURN l.id AS id, l.created_at AS c, l.stated_purchase_date AS b")}
    assert got == {"L1": ("2026-01-05T09:30:00Z", "2026-02-03"), "L2": ("2026-01-13T00:00:00Z", "2026-01-05"),
                   "L3": ("2026-01-05T00:00:00Z", "2026-03-04"), "L4": ("2026-02-07T00:00:00Z", "2026-04-15")}
    before = labels(graph)

    # A column where nothing tells the order: each ambiguous row rejected with the reason, the rest load.
    q = tmp_path / "leads2.csv"
    q.write_text("id,name,created,buy\n"
                 "L5,王五,2026-01-20,05-01-2026\n"
                 "L6,Carol,2026-01-21,06/02/2026\n"
                 "L7,赵六,2026-01-22,2026-03-01\n"
                 "L8,Dan,2026-01-23,07-07-2026\n", encoding="utf-8")
    s = ingest_files(graph, [q], m, reject_dir=tmp_path / "rej")
    assert (s.loaded, s.rejected) == (2, 2)
    rej = rejects(s)
    assert [(r["line"], r["field"], r["column"], r["value"]) for r in rej] == \
        [(2, "stated_purchase_date", "buy", "05-01-2026"), (3, "stated_purchase_date", "buy", "06/02/2026")]
    assert all("no other value in column 'buy' tells the order" in r["reason"] for r in rej)
    assert {r["id"]: r["b"] for r in graph.read("MATCH (l:Lead) WHERE l.id IN ['L5','L6','L7','L8'] "
                                                "RETURN l.id AS id, l.stated_purchase_date AS b")} == \
        {"L7": "2026-03-01", "L8": "2026-07-07"}

    # A column with both orders: its ambiguous values are rejected naming one example of each.
    r3 = tmp_path / "leads3.csv"
    r3.write_text("id,name,created,buy\nL9,孙八,2026-01-20,13-01-2026\nL10,Eve,2026-01-20,01-14-2026\n"
                  "L11,Fay,2026-01-20,03-04-2026\n", encoding="utf-8")
    s = ingest_files(graph, [r3], m, reject_dir=tmp_path / "rej")
    assert (s.loaded, s.rejected) == (2, 1)
    assert "both day-first ('13-01-2026', line 2) and month-first ('01-14-2026', line 3)" in rejects(s)[0]["reason"]
    assert labels(graph) == {**before, "Lead": before["Lead"] + 4, "SourceRecord": before["SourceRecord"] + 4}
