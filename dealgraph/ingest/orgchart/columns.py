"""Which column of a user's org-chart or ties export holds which field, from its header.

HR systems name the same field many ways (Employee ID / 工号, Job Title / 岗位, Manager ID /
Reports To / 直属上级), so a header is compared after folding case, spaces and punctuation
against a list of names per field. An exact name wins over a looser one, and one column never
fills two fields. What is not recognised is kept as an extra property.
"""

from __future__ import annotations

import re

from ...errors import InputError

# Field -> header names, best first. Folded before comparing (see fold()).
CONTACT_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "contact id", "employee id", "employee number", "employee no", "emp id", "emp no", "empid",
           "staff id", "staff no", "staff number", "person id", "personnel number", "worker id", "user id",
           "badge", "uid", "工号", "员工编号", "员工工号", "职工号", "人员编号", "员工id", "编号", "序号", "联系人id",
           "员工号", "人员编码", "员工编码", "职工编号", "personalnummer", "mitarbeiternummer", "personal nr", "pers nr",
           "社員番号", "従業員番号", "社員コード", "職員番号", "사번", "사원번호", "직원번호", "matricule",
           "numéro d'employé", "numero empleado", "nº empleado", "no empleado", "número de empleado", "emplid",
           "employee code", "staff code", "emp code", "associate id", "worker number", "position id"),
    "name": ("name", "full name", "employee name", "contact name", "display name", "person", "employee",
             "姓名", "员工姓名", "名字", "联系人", "人员姓名", "名称", "氏名", "名前", "社員名", "이름", "성명",
             "mitarbeiter", "mitarbeitername", "nom", "nom complet", "nombre", "nombre completo", "nome", "incumbent",
             "worker", "emp name", "person name", "staff name", "legal name", "preferred name"),
    "title": ("title", "job title", "position", "position title", "job", "designation", "job role",
              "business title", "职位", "职务", "岗位", "岗位名称", "职位名称", "头衔", "职称", "title cn", "行政职务",
              "stelle", "stellenbezeichnung", "funktion", "役職", "職位", "職務", "직책", "직위", "직급", "poste",
              "intitulé du poste", "fonction", "cargo", "puesto", "post", "role", "job name", "position name"),
    "department": ("department", "dept", "department name", "division", "business unit", "unit", "team",
                   "org unit", "organization", "organisation", "function", "部门", "所属部门", "部门名称",
                   "科室", "处室", "单位", "所在部门", "组织", "所在单位", "部门全称", "abteilung", "bereich",
                   "organisationseinheit", "所属", "部署", "所属部署", "부서", "소속", "service", "direction",
                   "departamento", "área", "area", "cost center", "cost centre", "org", "sub department", "section"),
    "manager_id": ("manager id", "manager", "reports to", "reports to id", "supervisor", "supervisor id",
                   "line manager", "direct manager", "manager name", "reports to name", "supervisor name",
                   "parent id", "parent", "boss", "上级", "直属上级", "直接上级", "上级工号", "上级编号",
                   "上级id", "汇报对象", "汇报给", "上级领导", "直属领导", "上级姓名", "上级主管", "直接主管",
                   "直属主管", "主管工号", "汇报人", "汇报人工号", "汇报上级", "直线经理", "上级主管工号", "vorgesetzter",
                   "vorgesetzte", "führungskraft", "上長", "上司", "上長社員番号", "上司社員番号", "상사", "상급자",
                   "상사 사번", "responsable", "manager direct", "jefe", "jefe directo", "responsable directo",
                   "mgr", "mgr id", "rm", "reporting manager", "reporting manager id", "parent position id",
                   "manager employee id", "manager code", "line manager code", "supervisor code", "reporting officer",
                   "reporting officer id", "reporting to", "approver"),
}
EDGE_ALIASES: dict[str, tuple[str, ...]] = {
    "source": ("source", "source id", "from", "from id", "src", "person a", "contact a", "a", "起点", "来源",
               "发起人", "人员a"),
    "target": ("target", "target id", "to", "to id", "dst", "person b", "contact b", "b", "终点", "目标",
               "对象", "人员b"),
    "kind": ("kind", "type", "relation", "relationship", "tie", "link type", "关系", "关系类型", "类型"),
    "weight": ("weight", "strength", "score", "count", "interactions", "权重", "强度", "次数", "亲密度"),
}
_LOOSE_WORDS = {"manager", "supervisor", "department", "dept", "title", "position", "strength", "weight"}
# First name + last name columns make a name when there is no single name column.
_FIRST = ("first name", "given name", "firstname", "名")
_LAST = ("last name", "surname", "family name", "lastname", "姓")


def fold(header: str) -> str:
    """'Employee_ID ' -> 'employee id', 'ManagerID' -> 'manager id', '直属上级（工号）' -> '直属上级'."""
    h = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", header.strip())  # ManagerID, JobTitle
    h = re.sub(r"[（(].*?[)）]", " ", h.lower())
    h = re.sub(r"[\s_\-./:#：]+", " ", h)
    return h.strip()


def map_header(header: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Field -> column index. Exact alias first; then a header that contains an alias as a word."""
    folded = [fold(h) for h in header]
    used: set[int] = set()
    found: dict[str, int] = {}
    squeezed = [h.replace(" ", "") for h in folded]
    for field, names in aliases.items():  # pass 1: exact names ('managerid' = 'manager id'), in alias order
        for n in names:
            hit = next((i for i, h in enumerate(squeezed) if h == n.replace(" ", "") and i not in used), None)
            if hit is not None:
                found[field] = hit
                used.add(hit)
                break
    # pass 2: 'Direct Manager Name', '直属上级工号'; the manager first, as its header often also
    # names the id or name it holds ('Manager Employee ID').
    for field, names in reversed(aliases.items()):
        if field in found:
            continue
        for n in names:
            if not _loose(n):
                continue
            hit = next((i for i, h in enumerate(folded) if i not in used and _contains(h, n)), None)
            if hit is not None:
                found[field] = hit
                used.add(hit)
                break
    return found


def name_parts(header: list[str], used: set[int]) -> tuple[int, int] | None:
    """(first, last) column indexes when the name is split in two columns."""
    folded = [fold(h) for h in header]
    first = next((i for i, h in enumerate(folded) if h in _FIRST and i not in used), None)
    last = next((i for i, h in enumerate(folded) if h in _LAST and i not in used), None)
    return (first, last) if first is not None and last is not None else None


def _loose(alias: str) -> bool:
    """Aliases specific enough to be found inside a longer header ('id', 'name', '编号' are not)."""
    if alias.isascii():
        return " " in alias or alias in _LOOSE_WORDS
    return len(alias) >= 3


def _contains(header: str, alias: str) -> bool:
    if not alias.isascii():
        return alias in header
    return re.search(rf"(?:^|\s){re.escape(alias)}(?:\s|$)", header) is not None


def apply_overrides(header: list[str], found: dict[str, int], overrides: dict[str, str] | None,
                    fields: tuple[str, ...], file_name: str) -> dict[str, int]:
    """A user's `--map column=field` wins over what the header suggested; a column or field that does not
    exist is an error naming it."""
    if not overrides:
        return found
    out = dict(found)
    folded = [fold(h) for h in header]
    for column, target in overrides.items():
        if target not in fields:
            raise InputError(f"--map {column}={target}: '{target}' is not a field; use one of {', '.join(fields)}.")
        hits = [i for i, h in enumerate(header) if h.strip().lower() == column.strip().lower()] or \
            [i for i, h in enumerate(folded) if h == fold(column)]
        if not hits:
            raise InputError(f"{file_name} line 1: --map names column '{column}', which the header lacks "
                             f"(columns: {', '.join(header[:15])}).")
        for f, i in list(out.items()):
            if i == hits[0] or f == target:
                del out[f]
        out[target] = hits[0]
    return out


def values_column(header: list[str], rows: list[list[str]], used: set[int], refs: set[str],
                  min_share: float = 0.8) -> int | None:
    """The column whose filled values mostly name other rows (their ids or names): a manager column under a
    header nobody listed (rm_emp_no, Parent Position ID). Needs some empty cells (the top) and most filled."""
    best, best_share = None, 0.0
    for i in range(len(header)):
        if i in used:
            continue
        vals = [r[i].strip() for r in rows if i < len(r)]
        filled = [v for v in vals if v]
        if len(filled) < max(2, len(vals) // 2) or len(filled) == len(vals) and len(vals) > 3:
            continue
        share = sum(1 for v in filled if v in refs) / len(filled)
        if share >= min_share and share > best_share:
            best, best_share = i, share
    return best
