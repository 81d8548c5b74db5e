"""Org charts exported by HR systems, not written for us: their own headers, managers by name, GB18030."""

from pathlib import Path

import pytest

from dealgraph.algorithms.roles.titles import parse_title
from dealgraph.errors import InputError
from dealgraph.ingest.orgchart.columns import CONTACT_ALIASES, map_header
from dealgraph.ingest.orgchart.parse import Resolver, parse_contacts, parse_edges

FOREIGN = Path(__file__).resolve().parents[1] / "fixtures" / "foreign"


def test_hr_export_headers_map_to_fields():
    people, warnings = parse_contacts(FOREIGN / "hr_org_en.csv")
    assert warnings == [] and len(people) == 24
    kim = next(p for p in people if p.id == "E1004")
    assert (kim.name, kim.title, kim.department, kim.manager_id) == (
        "David Kim", "SVP, Global Supply Chain", "Supply Chain", "E1002")
    assert kim.extra == {"location": "Chicago", "hire date": "2016-09-01"}


def test_manager_given_by_name_and_no_id_column():
    people, warnings = parse_contacts(FOREIGN / "hr_org_en_names.csv")
    assert warnings == []
    by_id = {p.id: p for p in people}
    assert by_id["Tom Becker"].manager_id == "David Kim"
    assert sum(1 for p in people if not p.manager_id) == 1  # only the CEO is at the top


def test_chinese_gb18030_export():
    people, warnings = parse_contacts(FOREIGN / "hr_org_zh_gbk.csv")
    assert warnings == [] and len(people) == 21
    a004 = next(p for p in people if p.id == "A004")
    assert (a004.name, a004.title, a004.manager_id) == ("赵明", "物资采购处处长", "A002")


@pytest.mark.parametrize(("header", "expected"), [
    (["Emp No", "Employee Name", "Position", "Division", "Line Manager Employee ID"],
     {"id": 0, "name": 1, "title": 2, "department": 3, "manager_id": 4}),
    (["员工编号", "员工姓名", "职务", "所属部门", "直属上级工号"],
     {"id": 0, "name": 1, "title": 2, "department": 3, "manager_id": 4}),
    (["Full Name", "Job Title", "Employee Type"], {"name": 0, "title": 1}),
])
def test_header_variants(header, expected):
    assert map_header(header, CONTACT_ALIASES) == expected


def test_manager_names_that_are_unknown_or_shared_are_warnings(tmp_path):
    p = tmp_path / "org.csv"
    p.write_text("Name,Title,Reports To\nAnn Lee,CEO,\nBo Wu,CFO,\"Lee, Ann\"\nBo Wu,Buyer,Ann Lee\n"
                 "Cy Ma,Clerk,Bo Wu\nDee Xu,Clerk,Nobody Here\n", encoding="utf-8")
    people, warnings = parse_contacts(p)
    assert len(people) == 5  # no good row lost
    by_line = {x.line: x for x in people}
    assert by_line[3].manager_id == "Ann Lee" and by_line[4].id == "Bo Wu#4"
    assert any("line 4: name 'Bo Wu' repeats line 3" in w for w in warnings)
    assert any("line 5: reports to 'Bo Wu' names several people" in w for w in warnings)
    assert any("line 6: reports to 'Nobody Here' is not in the file" in w for w in warnings)


def test_edges_by_name_with_own_header(tmp_path):
    people, _ = parse_contacts(FOREIGN / "hr_org_en_names.csv")
    e = tmp_path / "ties.csv"
    e.write_text("From,To,Relationship,Strength\nKevin Wu,Tom Becker,Friend,80%\n", encoding="utf-8")
    [edge] = parse_edges(e, Resolver(people))
    assert (edge.source, edge.target, edge.kind, edge.weight) == ("Kevin Wu", "Tom Becker", "friend", 80.0)
    e.write_text("From,To\nKevin Wu,Nobody\n", encoding="utf-8")
    with pytest.raises(InputError, match="ties.csv line 2: target 'Nobody'"):
        parse_edges(e, Resolver(people))


@pytest.mark.parametrize(("title", "level"), [
    ("Staff Accountant", 1.0), ("Assistant Vice President", 4.0), ("General Counsel", 5.0),
    ("Chief of Staff", 3.0), ("Forklift Operator", 1.0), ("Account Manager", 1.5), ("Project Manager", 2.0),
    ("信息中心主任", 4.0), ("办公室主任", 4.0), ("主任科员", 1.5), ("系统管理员", 1.0), ("客户经理", 1.5),
    ("市场部经理兼党支部书记", 3.0),
])
def test_title_levels_of_common_titles(title, level):
    assert parse_title(title).level == level


def test_warehouse_is_operations_not_procurement():
    assert parse_title("Warehouse Supervisor", "Supply Chain").function == "operations"
    assert parse_title("Chief Operating Officer").function == "executive"


@pytest.mark.parametrize(("name", "text"), [
    ("semi.csv", "Employee ID;Full Name;Job Title;Manager\n1;Ann Lee;CEO;\n2;Bo Wu;CFO, Finance;Ann Lee\n"),
    ("sheet.tsv", "Employee ID\tFull Name\tJob Title\tManager\n1\tAnn Lee\tCEO\t\n2\tBo Wu\tCFO, Finance\tAnn Lee\n"),
])
def test_semicolon_and_tab_separated_exports(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    people, warnings = parse_contacts(p)
    assert warnings == []
    assert [(x.id, x.title, x.manager_id) for x in people] == [("1", "CEO", ""), ("2", "CFO, Finance", "1")]


def test_manager_name_with_id_in_brackets(tmp_path):
    p = tmp_path / "org.csv"
    p.write_text("工号,姓名,职务,直属上级\nA1,张建国,总经理,\nA2,李娜,财务总监,张建国（A1）\nA3,王强,会计,李娜\n",
                 encoding="utf-8")
    people, warnings = parse_contacts(p)
    assert warnings == [] and [x.manager_id for x in people] == ["", "A1", "A2"]


def test_manager_ids_written_as_floats_by_a_spreadsheet(tmp_path):
    p = tmp_path / "org.csv"
    p.write_text("EmpID,Name,Title,ManagerID\n1001,Ann Lee,CEO,\n1002,Bo Wu,CFO,1001.0\n", encoding="utf-8")
    people, warnings = parse_contacts(p)
    assert warnings == [] and people[1].manager_id == "1001"


def test_one_warning_per_manager_outside_the_file(tmp_path):
    p = tmp_path / "dept.csv"
    rows = "".join(f"{i},P{i},Engineer,E900\n" for i in range(1, 9))
    p.write_text("id,name,title,manager_id\n" + rows, encoding="utf-8")
    people, warnings = parse_contacts(p)
    assert len(people) == 8 and len(warnings) == 1
    assert "dept.csv line 2 (and 7 more row(s): lines 3, 4, 5, 6, 7, ...)" in warnings[0]
    assert "manager_id 'E900' is not in the file" in warnings[0]


def test_a_damaged_excel_workbook_is_a_clear_error(tmp_path):
    p = tmp_path / "org.xlsx"  # a real workbook is read (test_tables_xlsx); a broken one is named
    p.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(InputError, match="org.xlsx: not a readable .xlsx workbook"):
        parse_contacts(p)
