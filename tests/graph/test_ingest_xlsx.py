"""`dealgraph ingest` reads Excel workbooks: same graph as the CSV twin, rejects name the Excel row."""

import json
import re
from datetime import datetime

import pytest
from openpyxl import Workbook

from dealgraph.ingest.pipeline import ingest_files

pytestmark = pytest.mark.graph

MAPPING = """
[[files]]
match = "contacts*"
entity = "contact"
source = "crm"
sheet = "联系人"
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


def _book(path, sheets):
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)


def _graph_rows(graph):
    return graph.read("""
        MATCH (c:Contact) OPTIONAL MATCH (i:Interaction)-[:INVOLVES]->(c)
        WITH c, toString(i.at) AS at ORDER BY at
        RETURN c.id AS id, c.name AS name, c.phone AS phone, collect(at) AS met ORDER BY id""")


def test_workbook_loads_like_its_csv_twin(graph, tmp_path):
    (tmp_path / "m.toml").write_text(MAPPING, encoding="utf-8")
    # A cover sheet first: the mapping picks the data sheet by name. Phones typed as numbers.
    _book(tmp_path / "contacts.xlsx", {
        "说明": [["导出说明"]],
        "联系人": [["联系人ID", "姓名", "手机"], ["c1", "张三", 13800138000], [None, None, None],
                 ["c2", "李四", "138-abc"], ["c3", "Amy Chen", "+86 139 0013 9001"]]})
    _book(tmp_path / "meetings.xlsx", {"Sheet1": [
        ["id", "at", "contact_ids"], ["m1", datetime(2024, 5, 1, 10, 0), "c1"], ["m2", "2024-05-03", "c3;c1"]]})
    s = ingest_files(graph, [tmp_path / "contacts.xlsx", tmp_path / "meetings.xlsx"], tmp_path / "m.toml",
                     reject_dir=tmp_path / "rej")
    assert (s.rows, s.loaded, s.rejected) == (5, 4, 1)
    rej = [json.loads(x) for x in s.reject_file.read_text(encoding="utf-8").splitlines()]
    # Row 4 in Excel (header row 1, blank row 3): the user finds it where the error says.
    assert [(r["file"], r["line"], r["field"], r["value"]) for r in rej] == [("contacts.xlsx", 4, "phone", "138-abc")]
    from_xlsx = _graph_rows(graph)

    graph.write("MATCH (n) DETACH DELETE n")
    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "contacts.csv").write_text(
        "联系人ID,姓名,手机\nc1,张三,13800138000\nc2,李四,138-abc\nc3,Amy Chen,+86 139 0013 9001\n", encoding="utf-8")
    (tmp_path / "csv" / "meetings.csv").write_text(
        "id,at,contact_ids\nm1,2024-05-01 10:00:00,c1\nm2,2024-05-03,c3;c1\n", encoding="utf-8")
    ingest_files(graph, [tmp_path / "csv" / "contacts.csv", tmp_path / "csv" / "meetings.csv"],
                 tmp_path / "m.toml", reject_dir=tmp_path / "rej2")
    assert from_xlsx == _graph_rows(graph) and len(from_xlsx) == 2 and from_xlsx[0]["phone"]

    # Idempotent like any other file: loading the workbook again changes nothing.
    again = ingest_files(graph, [tmp_path / "contacts.xlsx", tmp_path / "meetings.xlsx"], tmp_path / "m.toml",
                         reject_dir=tmp_path / "rej")
    assert again.loaded == 4 and _graph_rows(graph) == from_xlsx


def test_missing_sheet_is_a_clear_error(graph, tmp_path):
    (tmp_path / "m.toml").write_text(MAPPING, encoding="utf-8")
    _book(tmp_path / "contacts.xlsx", {"Sheet1": [["联系人ID", "姓名"], ["c1", "张三"]]})
    s = ingest_files(graph, [tmp_path / "contacts.xlsx"], tmp_path / "m.toml", reject_dir=tmp_path / "rej")
    (f,) = s.failed_files  # the file is refused with its reason; a multi-file run goes on with the others
    assert re.search(r"contacts\.xlsx has no sheet '联系人'.*Sheet1", f.error) and s.loaded == 0
