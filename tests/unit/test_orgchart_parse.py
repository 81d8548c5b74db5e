"""contacts.csv / edges.csv validation: every error names the file, line and field."""

import pytest

from dealgraph.errors import InputError
from dealgraph.ingest.orgchart.parse import find_cycles, parse_contacts, parse_edges

HEADER = "id,name,title,department,manager_id\n"


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_good_file_keeps_extra_columns_and_reads_gbk(tmp_path):
    p = write(tmp_path, "contacts.csv", "id,name,title,department,manager_id,邮箱\n1,王强,总经理,总经办,,wq@x.cn\n"
                                        "2,李娜,财务总监,财务部,1,\n", encoding="gb18030")
    people, warnings = parse_contacts(p)
    assert [x.id for x in people] == ["1", "2"] and warnings == []
    assert people[0].extra == {"邮箱": "wq@x.cn"} and people[1].manager_id == "1"


@pytest.mark.parametrize(("body", "needle"), [
    ("", "is empty"),
    (HEADER, "no contact rows"),
    ("title,dept\n总经理,总经办\n", "line 1: no id or name column found among title, dept"),
    (HEADER + "1,王强,总经理,,\n,李娜,总监,,1\n", "line 3: field id is empty"),
    (HEADER + "1,王强,总经理,,\n1,李娜,总监,,1\n", "line 3: id '1' repeats line 2"),
    (HEADER + "1,王强,总经理,,\n2,李娜,总监,财务部,1,extra\n", "line 3: 6 fields but the header has 5"),
    (HEADER + "1,A,,,3\n2,B,,,1\n3,C,,,2\n4,D,,,1\n", "lines 2, 4, 3: manager_id forms a cycle (1 -> 3 -> 2 -> 1)"),
])
def test_bad_contacts_name_the_row(tmp_path, body, needle):
    with pytest.raises(InputError) as e:
        parse_contacts(write(tmp_path, "contacts.csv", body))
    assert needle in str(e.value)
    assert "contacts.csv" in str(e.value)


def test_unknown_and_self_managers_are_warnings(tmp_path):
    people, warnings = parse_contacts(write(tmp_path, "c.csv", HEADER + "1,A,CEO,,\n2,B,,,99\n3,C,,,3\n"))
    assert len(people) == 3
    assert any("line 3: manager_id '99' is not in the file" in w for w in warnings)
    assert any("line 4: 3 is listed as their own manager" in w for w in warnings)
    assert people[2].manager_id == ""


@pytest.mark.parametrize(("body", "needle"), [
    ("left,right\n1,2\n", "line 1: header lacks column(s) source, target"),
    ("source,target,kind,weight\n1,9,friend,1\n", "line 2: target '9' is not an id"),
    ("source,target,kind,weight\n1,2,friend,1\n2,1,friend,lots\n", "line 3: weight 'lots' is not a number"),
    ("source,target,kind,weight\n1,2,friend,-1\n", "line 2: weight -1 is negative"),
])
def test_bad_edges_name_the_row(tmp_path, body, needle):
    with pytest.raises(InputError) as e:
        parse_edges(write(tmp_path, "edges.csv", body), {"1", "2"})
    assert needle in str(e.value)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        parse_contacts(tmp_path / "nope.csv")


def test_find_cycles_names_the_people():
    assert find_cycles({"a": "b", "b": "a", "c": "a"}) == [["a", "b"]]
    assert find_cycles({"a": "b", "b": "c"}) == []


def test_missing_value_markers_are_empty_cells(tmp_path):
    """An export writes n/a, - or null where a field is empty: no department named 'n/a', no crash."""
    p = write(tmp_path, "c.csv", HEADER + "1,Ann,CEO,Exec,\n2,Bo,Adviser (external),n/a,-\n3,Cy,Clerk,null,1\n")
    people, warnings = parse_contacts(p)
    assert [(x.department, x.manager_id) for x in people] == [("Exec", ""), ("", ""), ("", "1")]
    assert warnings == []
