""".xlsx input for the file-mode commands: the same result as the equivalent CSV.

Workbooks are built here with openpyxl the way Excel / 钉钉 / 企业微信 exports look: Chinese or
English headers, real date cells, numbers as numbers (ids, phone numbers, amounts), an empty row
in the middle. The CSV twin holds the text a user sees in Excel for the same cells.
"""

import csv
import random
from dataclasses import asdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from dealgraph.algorithms.leads.tabular import read_table
from dealgraph.cli import app
from dealgraph.errors import InputError
from dealgraph.ingest.orgchart.parse import parse_contacts, parse_edges
from dealgraph.ingest.tables import is_workbook, read_xlsx

FOREIGN = Path(__file__).resolve().parents[1] / "fixtures" / "foreign"


def _shown(v) -> str:
    """What Excel shows for a cell we write: the text of the CSV twin."""
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))  # Excel shows 35577, not 35577.0
    return str(v)


def write_pair(base: Path, header: list[str], rows: list[list], blank_at: int | None = None,
               sheet: str = "Sheet1") -> tuple[Path, Path]:
    """(book.xlsx, book.csv) with the same table; the workbook has an empty row before rows[blank_at]."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for i, r in enumerate(rows):
        if i == blank_at:
            ws.append([])
        ws.append(r)
    xlsx = base.with_suffix(".xlsx")
    wb.save(xlsx)
    csv_path = base.with_suffix(".csv")
    with csv_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows([[_shown(v) for v in r] for r in rows])
    return xlsx, csv_path


# --- the reader itself ----------------------------------------------------------------------------------
def test_cells_read_as_the_user_sees_them(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["编号", "姓名", "入职日期", "人数", "金额（万元）", "在职", "最后联系"])
    ws.append([1001, "王强", datetime(2024, 5, 1), 12.0, 30.8, True, datetime(2024, 5, 1, 14, 30)])
    ws.append([])
    ws.append([1002, "Alice Chen", date(2023, 12, 31), 7, None, False, None])
    ws.append([None, None, None])  # trailing empty row
    wb.create_sheet("Leads").append(["Lead ID", "Amount"])
    wb["Leads"].append(["L-1", 1_200_000])
    wb.save(tmp_path / "book.xlsx")

    s = read_xlsx(tmp_path / "book.xlsx")
    assert s.name == "名单" and s.header[0] == "编号"
    assert s.rows == [(2, ["1001", "王强", "2024-05-01", "12", "30.8", "TRUE", "2024-05-01 14:30:00"]),
                      (4, ["1002", "Alice Chen", "2023-12-31", "7", "", "FALSE", ""])]
    assert read_xlsx(tmp_path / "book.xlsx", sheet="Leads").records() == [{"Lead ID": "L-1", "Amount": "1200000"}]
    with pytest.raises(InputError, match="no sheet 'Deals'; its sheets are: 名单, Leads"):
        read_xlsx(tmp_path / "book.xlsx", sheet="Deals")


def test_errors_name_file_sheet_and_row(tmp_path):
    wb = Workbook()
    wb.active.append(["id", "name"])
    wb.active.append([1, "a"])
    wb.active.append([])
    wb.active.append([2, "b", "stray"])
    wb.save(tmp_path / "org.xlsx")
    with pytest.raises(InputError, match=r"org.xlsx, sheet 'Sheet', row 4: a value in column 3"):
        read_xlsx(tmp_path / "org.xlsx")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(InputError, match="legacy Excel 97-2003"):
        read_xlsx(tmp_path / "old.xls")
    renamed = tmp_path / "export.csv"  # an Excel file saved with a .csv name is still read as Excel
    renamed.write_bytes((tmp_path / "org.xlsx").read_bytes())
    assert is_workbook(renamed) and not is_workbook(FOREIGN / "hr_org_en.csv")


def test_a_sheet_with_a_margin_and_a_title_gap_streams_with_excel_rows(tmp_path):
    from dealgraph.ingest.tables import XlsxTable

    wb = Workbook()
    ws = wb.active
    ws["B3"], ws["C3"] = "id", "name"  # a report layout: column A empty, two blank rows on top
    ws["B4"], ws["C4"], ws["B7"], ws["C7"] = 1, "a", 2, "b"
    wb.save(tmp_path / "report.xlsx")
    with XlsxTable(tmp_path / "report.xlsx") as t:
        assert t.header == ["id", "name"]
        assert list(t.rows()) == [(4, ["1", "a"]), (7, ["2", "b"])]
    ws["A9"] = "note"
    wb.save(tmp_path / "report.xlsx")
    with pytest.raises(InputError, match="row 9: a value in column 1, which has no header"):
        read_xlsx(tmp_path / "report.xlsx")


# --- roles classify --contacts / --edges -----------------------------------------------------------------
def _hr_rows() -> tuple[list[str], list[list]]:
    with (FOREIGN / "hr_org_en.csv").open(encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    hire = header.index("Hire Date")
    typed = [[date.fromisoformat(c) if i == hire and c else (c or None) for i, c in enumerate(r)] for r in rows]
    return header, typed


def test_roles_contacts_and_edges_same_as_csv(tmp_path):
    header, rows = _hr_rows()
    xlsx, csv_path = write_pair(tmp_path / "org", header, rows, blank_at=5)
    px, wx = parse_contacts(xlsx)
    pc, wc = parse_contacts(csv_path)
    assert wx == wc == [] and len(px) == len(pc) == 24
    assert [{**asdict(p), "line": 0} for p in px] == [{**asdict(p), "line": 0} for p in pc]
    assert [p.line for p in px][4:7] == [6, 8, 9]  # Excel's row numbers: the empty row 7 is skipped
    assert next(p for p in px if p.id == "E1004").extra["hire date"] == "2016-09-01"

    ids = [p.id for p in pc]
    edges = [[ids[5], ids[2], "advises", 0.9], [ids[5], ids[7], "friend", 1], [ids[8], ids[3], "met", None]]
    ex, ec = write_pair(tmp_path / "edges", ["source", "target", "kind", "weight"], edges, blank_at=1)
    known = {p.id for p in pc}
    gx, gc = parse_edges(ex, known), parse_edges(ec, known)
    assert [{**asdict(e), "line": 0} for e in gx] == [{**asdict(e), "line": 0} for e in gc] and len(gx) == 3
    assert [e.line for e in gx] == [2, 4, 5] and [e.weight for e in gx] == [0.9, 1.0, 1.0]


def test_roles_numeric_ids_in_a_chinese_sheet(tmp_path):
    header = ["工号", "姓名", "职务", "部门", "直属上级工号"]
    rows = [[1, "王强", "总经理", "总经办", None], [2, "李娜", "财务总监", "财务部", 1],
            [3, "张伟", "信息中心主任", "信息中心", 1], [4, "刘洋", "采购专员", "采购部", 2]]
    xlsx, csv_path = write_pair(tmp_path / "组织", header, rows, blank_at=2)
    px, _ = parse_contacts(xlsx)
    assert [(p.id, p.manager_id) for p in px] == [("1", ""), ("2", "1"), ("3", "1"), ("4", "2")]
    assert [(p.id, p.name, p.title, p.manager_id) for p in px] == \
        [(p.id, p.name, p.title, p.manager_id) for p in parse_contacts(csv_path)[0]]


# --- leads train | score ---------------------------------------------------------------------------------
def _leads(n: int, seed: int) -> tuple[list[str], list[list]]:
    rng = random.Random(seed)
    header = ["线索编号", "创建日期", "员工人数", "年营收（万元）", "行业", "拜访次数", "是否成交"]
    rows = []
    for i in range(n):
        staff, visits = rng.randint(5, 3000), rng.randint(0, 12)
        ind = rng.choice(["制造", "金融", "教育", "政府"])
        p = 0.1 + 0.5 * (visits / 12) + 0.2 * (staff > 500) + 0.1 * (ind == "金融")
        rows.append([f"XS{2024000 + i}", date(2024, 1, 1) + timedelta(days=rng.randint(0, 300)), staff,
                     round(rng.uniform(50, 90000), 1), ind, visits, "是" if rng.random() < p else "否"])
    return header, rows


def test_read_table_xlsx_equals_csv_and_rows_are_excel_rows(tmp_path):
    header, rows = _leads(40, 1)
    xlsx, csv_path = write_pair(tmp_path / "线索", header, rows, blank_at=10)
    dx, dc = read_table(xlsx), read_table(csv_path)
    pd.testing.assert_frame_equal(dx.reset_index(drop=True), dc.reset_index(drop=True))
    assert dx.loc[0, "创建日期"] == rows[0][1].isoformat() and dx.loc[0, "员工人数"] == str(rows[0][2])
    assert dx.attrs["source_rows"][9:12] == [11, 13, 14]


def test_leads_train_and_score_cli_same_as_csv(tmp_path, monkeypatch):
    monkeypatch.setenv("DEALGRAPH_MODEL_DIR", str(tmp_path / "models"))
    header, rows = _leads(400, 2)
    xlsx, csv_path = write_pair(tmp_path / "train", header, rows, blank_at=100)
    run = CliRunner()
    auc = {}
    for name, path in (("x", xlsx), ("c", csv_path)):
        r = run.invoke(app, ["leads", "train", "-i", str(path), "-t", "是否成交", "--name", f"m{name}"])
        assert r.exit_code == 0, r.output
        auc[name] = next(line for line in r.output.splitlines() if line.startswith("AUC"))
    assert auc["x"] == auc["c"]

    new_header, new_rows = header[:-1], [r[:-1] for r in _leads(30, 3)[1]]
    new_rows[20][2] = "lots"
    nx, nc = write_pair(tmp_path / "new", new_header, new_rows, blank_at=10)
    outs = {}
    for name, path in (("x", nx), ("c", nc)):
        r = run.invoke(app, ["leads", "score", "-i", str(path), "-o", str(tmp_path / f"s{name}.csv"), "--name", "mc"])
        assert r.exit_code == 0, r.output
        outs[name] = pd.read_csv(tmp_path / f"s{name}.csv", dtype=str)
    pd.testing.assert_frame_equal(outs["x"], outs["c"])
    assert len(outs["x"]) == 30 and outs["x"]["score"].notna().all()
    # the warning names the workbook's own row: data row 21 is Excel row 23 (header + empty row)
    from dealgraph.algorithms.leads.scoring import unreadable_values
    from dealgraph.algorithms.registry import Registry

    _, model = Registry(name="mc").load(None)
    assert any("new.xlsx row 23, column '员工人数'" in w for w in unreadable_values(read_table(nx), model, "new.xlsx"))
    assert any("new.csv row 22, column '员工人数'" in w for w in unreadable_values(read_table(nc), model, "new.csv"))


# --- opportunities risk | win --history -------------------------------------------------------------------
def _sf_history() -> tuple[list[str], list[list]]:
    with (FOREIGN / "sf_stage_history.csv").open(encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    dates = {header.index("Stage Start Date"), header.index("Close Date")}
    amount = header.index("Amount")

    def typed(i, c):
        if i in dates and c:
            return datetime.strptime(c, "%m/%d/%Y")
        if i == amount and c:
            return int(c.replace("$", "").replace(",", ""))
        return c or None

    return header, [[typed(i, c) for i, c in enumerate(r)] for r in rows]


@pytest.mark.parametrize("command", ["risk", "win"])
def test_opportunities_history_xlsx_same_as_csv(tmp_path, command):
    header, rows = _sf_history()
    xlsx, csv_path = write_pair(tmp_path / "商机", header, rows, blank_at=7)
    outs = {}
    for name, path in (("x", xlsx), ("c", csv_path)):
        r = CliRunner().invoke(app, ["opportunities", command, "--history", str(path), "--as-of", "2025-01-31",
                                     "-o", str(tmp_path / f"{command}-{name}.csv")])
        assert r.exit_code == 0, r.output
        outs[name] = pd.read_csv(tmp_path / f"{command}-{name}.csv", dtype=str)
    assert len(outs["x"]) > 5
    pd.testing.assert_frame_equal(outs["x"], outs["c"])


def test_opportunities_error_names_the_excel_row(tmp_path):
    header, rows = _sf_history()
    rows[10][header.index("Stage Start Date")] = "someday"
    xlsx, _ = write_pair(tmp_path / "h", header, rows, blank_at=3)
    r = CliRunner().invoke(app, ["opportunities", "risk", "--history", str(xlsx), "-o", str(tmp_path / "o.csv")])
    assert r.exit_code != 0
    assert "row 13" in str(r.exception) and "Stage Start Date" in str(r.exception)  # header + empty row + 11th


# --- identity resolve ------------------------------------------------------------------------------------
def test_identity_resolve_xlsx_same_as_csv(tmp_path):
    from dealgraph.demo.identity_noise import generate_cn

    recs, _ = generate_cn(120, 25, noise=0.1, seed=4)
    header = ["编号", "姓名", "公司名称", "手机", "邮箱", "统一社会信用代码"]
    rows = [[r["record_id"], r["name"] if r["kind"] == "person" else None,
             r["company"] if r["kind"] == "person" else r["name"],
             int(r["phone"]) if (r["phone"] or "").isdigit() else (r["phone"] or None),  # phones typed as numbers
             r["email"] or None, r["credit_code"] or None] for r in recs]
    xlsx, csv_path = write_pair(tmp_path / "客户", header, rows, blank_at=50)
    got = {}
    for name, path in (("x", xlsx), ("c", csv_path)):
        r = CliRunner().invoke(app, ["identity", "resolve", str(path), "--id-column", "编号",
                                     "--out", str(tmp_path / f"id-{name}.csv")])
        assert r.exit_code == 0, r.output
        assert "姓名 -> name" in r.output and "手机 -> phone" in r.output
        got[name] = (tmp_path / f"id-{name}.csv").read_text(encoding="utf-8")
    assert got["x"] == got["c"] and got["x"].count("\n") == len(rows) + 1


def test_a_named_sheet_on_the_command_line(tmp_path):
    """`book.xlsx#Sheet` picks the sheet; the first sheet of an export is often a cover page."""
    header, rows = _sf_history()
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["导出时间", "2025-02-01"])
    data = wb.create_sheet("商机阶段")
    data.append(header)
    for r in rows:
        data.append(r)
    wb.save(tmp_path / "crm.xlsx")
    _, csv_path = write_pair(tmp_path / "crm_twin", header, rows)
    outs = {}
    for name, path in (("x", f"{tmp_path / 'crm.xlsx'}#商机阶段"), ("c", str(csv_path))):
        r = CliRunner().invoke(app, ["opportunities", "risk", "--history", path, "--as-of", "2025-01-31",
                                     "-o", str(tmp_path / f"r-{name}.csv")])
        assert r.exit_code == 0, r.output
        outs[name] = pd.read_csv(tmp_path / f"r-{name}.csv", dtype=str)
    pd.testing.assert_frame_equal(outs["x"], outs["c"])
    r = CliRunner().invoke(app, ["opportunities", "risk", "--history", str(tmp_path / "crm.xlsx"),
                                 "-o", str(tmp_path / "r.csv")])
    assert r.exit_code != 0  # the cover sheet has no stage history: an error, not an empty result

    org_header, org_rows = _hr_rows()
    wb = Workbook()
    wb.active.title = "封面"
    wb.active.append(["组织架构导出"])
    org = wb.create_sheet("员工")
    org.append(org_header)
    for r in org_rows:
        org.append(r)
    wb.save(tmp_path / "hr.xlsx")
    people, _ = parse_contacts(Path(f"{tmp_path / 'hr.xlsx'}#员工"))
    assert len(people) == 24
    with pytest.raises(InputError, match="hr.xlsx has no sheet 'Staff'"):
        parse_contacts(Path(f"{tmp_path / 'hr.xlsx'}#Staff"))
    odd = tmp_path / "a#b.csv"  # an ordinary file with '#' in its name is read as itself
    odd.write_text("id,name\n1,x\n", encoding="utf-8")
    assert len(read_table(odd)) == 1
