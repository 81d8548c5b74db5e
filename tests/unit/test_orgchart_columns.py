"""Other companies' exports: headers in other names and languages, a manager column nobody named, and
the user's `--map column=field` when the guess is wrong."""

from __future__ import annotations

import pytest

from dealgraph.errors import InputError
from dealgraph.ingest.orgchart.columns import CONTACT_ALIASES, map_header
from dealgraph.ingest.orgchart.parse import parse_contacts

ALL = {"id": 0, "name": 1, "title": 2, "department": 3, "manager_id": 4}


@pytest.mark.parametrize("header", [
    ["employee_id", "full_name", "job_title", "dept", "reports_to"],
    ["工号", "姓名", "职务", "部门", "上级工号"],
    ["人员编码", "姓名", "职位", "组织", "汇报人工号"],
    ["员工号", "名称", "岗位名称", "部门名称", "直接上级"],
    ["Personalnummer", "Name", "Stelle", "Abteilung", "Vorgesetzter"],
    ["社員番号", "氏名", "役職", "所属", "上長社員番号"],
    ["사번", "성명", "직책", "부서", "상사 사번"],
    ["Matricule", "Nom", "Poste", "Service", "Responsable"],
    ["Nº empleado", "Nombre", "Cargo", "Departamento", "Jefe directo"],
    ["EmplID", "Worker", "Business Title", "Cost Center", "Manager Employee ID"],
    ["Position ID", "Incumbent", "Position Title", "Org Unit", "Parent Position ID"],
    ["staff_code", "person_name", "post", "department", "line_manager_code"],
    ["ID", "Name", "Title", "Department", "Mgr"],
])
def test_headers_of_other_exports(header):
    assert map_header([h.lower() for h in header], CONTACT_ALIASES) == ALL


def write(tmp_path, text):
    p = tmp_path / "export.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_manager_column_nobody_named_is_found_by_its_values(tmp_path):
    p = write(tmp_path, "emp_no,emp_name,designation,function,rm_emp_no\nA1,Asha Rao,CEO,Exec,\n"
                        "A2,Vikram Shah,CIO,IT,A1\nA3,Neha Iyer,IT Manager,IT,A2\nA4,Ravi Kumar,Engineer,IT,A3\n")
    people, warnings = parse_contacts(p)
    assert [x.manager_id for x in people] == ["", "A1", "A2", "A3"]
    assert any("'rm_emp_no' holds other rows' ids" in w for w in warnings)


def test_a_column_of_other_values_is_not_taken_for_the_manager(tmp_path):
    p = write(tmp_path, "emp_no,emp_name,designation,function,grade\nA1,Asha Rao,CEO,Exec,\nA2,Vikram Shah,CIO,IT,M7\n"
                        "A3,Neha Iyer,IT Manager,IT,M5\n")
    people, warnings = parse_contacts(p)
    assert all(x.manager_id == "" for x in people) and warnings == []


def test_map_overrides_the_guess(tmp_path):
    # 'Supervisor' here holds the supervisor's grade; the real line is in 'Boss Code'.
    p = write(tmp_path, "ID,Name,Title,Dept,Supervisor,Boss Code\n1,A,CEO,Exec,S9,\n2,B,CIO,IT,S8,1\n3,C,Dev,IT,S2,2\n")
    guessed, _ = parse_contacts(p)
    assert [x.manager_id for x in guessed] == ["", "", ""]  # S9, S8, S2 are nobody
    people, _ = parse_contacts(p, {"Boss Code": "manager_id"})
    assert [x.manager_id for x in people] == ["", "1", "2"]
    swapped, _ = parse_contacts(p, {"Dept": "title", "Title": "department"})
    assert (swapped[1].title, swapped[1].department) == ("IT", "CIO")


@pytest.mark.parametrize("columns,needle", [
    ({"Nope": "manager_id"}, "--map names column 'Nope', which the header lacks"),
    ({"Boss Code": "boss"}, "'boss' is not a field"),
])
def test_a_bad_map_names_what_is_wrong(tmp_path, columns, needle):
    p = write(tmp_path, "ID,Name,Title,Dept,Boss Code\n1,A,CEO,Exec,\n")
    with pytest.raises(InputError) as e:
        parse_contacts(p, columns)
    assert needle in str(e.value)


@pytest.mark.parametrize("header,expected", [
    (["Emp ID", "Last Name", "First Name", "Position Title", "Location/Dept", "Supervisor Emp ID", "FTE"],
     {"id": 0, "title": 3, "department": 4, "manager_id": 5}),  # the name comes from First + Last
    (["Staff No.", "Name", "Designation", "Division", "Department", "Reporting Officer (Staff No.)", "Email"],
     {"id": 0, "name": 1, "title": 2, "department": 4, "manager_id": 5}),  # Department, not Division
])
def test_headers_with_two_candidates_or_a_qualifier(header, expected):
    assert map_header([h.lower() for h in header], CONTACT_ALIASES) == expected
