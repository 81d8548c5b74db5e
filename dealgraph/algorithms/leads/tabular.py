"""File mode: read any lead export, map the target, type the columns, find leaks and IDs.

Everything here is pure pandas/numpy so it runs on a user's CSV without a graph. The output of
`profile_table` says, per column, what we think it is and why, so the CLI can report it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import InputError
from ...ingest.tables import is_workbook, read_xlsx, split_sheet

POSITIVE = {
    "1", "1.0", "yes", "y", "true", "t", "won", "win", "wins", "closed won", "closed-won", "closedwon",
    "converted", "convert", "success", "successful", "positive", "pos", "deal", "signed", "purchased",
    "是", "赢", "赢单", "成交", "已成交", "成功", "已转化", "转化", "中标", "签约", "已签约", "对", "真",
}
NEGATIVE = {
    "0", "0.0", "no", "n", "false", "f", "lost", "lose", "loss", "closed lost", "closed-lost", "closedlost",
    "not converted", "unconverted", "failed", "fail", "failure", "negative", "neg", "none", "dead",
    "否", "输", "输单", "丢单", "丢失", "未成交", "失败", "未转化", "未中标", "错", "假", "无",
}

# Names that usually mean "filled after the outcome" (closing dates, results, loss reasons).
LEAK_NAME = re.compile(
    r"(clos(e|ed|ing)[ _-]?(date|at|time|reason|won|lost)|outcome|result|status|won|lost|win[ _-]?reason|"
    r"loss[ _-]?reason|lost[ _-]?reason|converted[ _-]?(at|date|on)|conversion[ _-]?(date|at)|"
    r"contract|signed[ _-]?(at|date)|invoice|revenue[ _-]?realis|赢单|输单|丢单|成交|结果|状态|签约|合同|关单|"
    r"丢失原因|输单原因|回款)",
    re.IGNORECASE,
)
ID_NAME = re.compile(r"(^id$|_id$|^id_|编号|编码|^no\.?$|序号|uuid|guid|email|e-mail|邮箱|phone|mobile|电话|手机)",
                     re.IGNORECASE)
PERSON_NAME = re.compile(r"(^name$|姓名|联系人$|联系人姓名|contact[ _]?name|full[ _]?name|first[ _]?name|last[ _]?name|"
                         r"^visitor\.name$)", re.IGNORECASE)
_NUM_CLEAN = re.compile(r"[,\s¥$€£￥%]|rmb|cny|usd|元", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_UNIT_SUFFIX = re.compile(r"^([-+]?\d+(?:\.\d+)?)(?:[\u4e00-\u9fff]{1,2}|(?:employees?|people|staff|persons?|users?|"
                          r"seats?|licen[cs]es?|years?|yrs?|months?|mos?|weeks?|days?|hours?|hrs?|visits?|times|"
                          r"units?|pcs|sites?|locations?|branches|beds|students|calls|emails|meetings)\.?|\+)$",
                          re.IGNORECASE)
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:-|–|~|～|至|到|to)\s*(\d+(?:\.\d+)?)$", re.IGNORECASE)


def read_table(path: str | Path) -> pd.DataFrame:
    """CSV/TSV/JSONL/XLSX as strings (we type columns ourselves). UTF-8 first, then GB18030."""
    p, sheet_name = split_sheet(path)
    if not p.exists():
        raise InputError(f"{p}: file not found; check the path.")
    suffix = p.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            return pd.read_json(p, lines=True, dtype=False).astype("string").astype(object)
        if suffix == ".json":
            return pd.read_json(p, dtype=False).astype("string").astype(object)
        if is_workbook(p):  # cells as Excel shows them (ISO dates, 12 not 12.0), then the same cleaning as CSV
            sheet = read_xlsx(p, sheet_name)
            df = pd.DataFrame([cells for _, cells in sheet.rows], columns=sheet.header, dtype=str)
            df.attrs["source_rows"] = [n for n, _ in sheet.rows]  # Excel's row numbers, empty rows skipped
        else:
            sep = "\t" if suffix == ".tsv" else None
            for enc in ("utf-8-sig", "gb18030"):
                try:
                    df = pd.read_csv(p, dtype=str, sep=sep, engine="python", encoding=enc, keep_default_na=True,
                                     skipinitialspace=True)
                    break
                except UnicodeDecodeError:
                    continue
            else:  # pragma: no cover - both encodings failed
                raise InputError(f"{p}: cannot decode the file as UTF-8 or GB18030; save it as UTF-8 CSV.")
    except (pd.errors.ParserError, ValueError) as e:
        raise InputError(f"{p}: not a readable table ({str(e).splitlines()[0]}); save it as CSV with a header.") from e
    df.columns = [str(c).strip() for c in df.columns]
    dup = [c for c in df.columns if list(df.columns).count(c) > 1]
    if dup:
        raise InputError(f"{p}: column {dup[0]!r} appears twice in the header; rename one of them.")
    df = df.apply(lambda s: s.str.strip() if s.dtype == object else s)
    return df.replace({"": np.nan, "nan": np.nan, "NaN": np.nan, "null": np.nan, "NULL": np.nan, "None": np.nan,
                       "N/A": np.nan, "n/a": np.nan, "NA": np.nan, "-": np.nan, "--": np.nan, "无数据": np.nan})


def file_rows(df: pd.DataFrame) -> np.ndarray:
    """The file row of each DataFrame row for messages: Excel's own numbers, else header + position."""
    rows = df.attrs.get("source_rows")
    return np.asarray(rows) if rows is not None and len(rows) == len(df) else np.arange(len(df)) + 2


def find_column(df: pd.DataFrame, name: str, what: str, path: str | Path = "input") -> str:
    """Exact, then case/space-insensitive column lookup, with a clear error."""
    if name in df.columns:
        return name
    norm = {re.sub(r"[\s_-]", "", c).lower(): c for c in df.columns}
    key = re.sub(r"[\s_-]", "", name).lower()
    if key in norm:
        return norm[key]
    raise InputError(f"{path}: {what} column {name!r} is not in the header (columns: {', '.join(df.columns[:15])}).")


def _norm_label(v: object) -> str:
    return re.sub(r"\s+", " ", str(v).strip().lower())


def map_target(series: pd.Series, column: str = "target") -> tuple[pd.Series, dict[str, int]]:
    """Map a 0/1, yes/no, won/lost, 是/否, True/False, ... column to 1/0 (NaN where blank).

    Returns the mapped series and {original value: 0|1} so the CLI can report the mapping.
    """
    values = [v for v in series.dropna().unique()]
    if not values:
        raise InputError(f"target column {column!r} is empty; it must hold the outcome (e.g. won/lost, 1/0).")
    mapping: dict[str, int] = {}
    unknown = []
    for v in values:
        n = _norm_label(v)
        if n in POSITIVE:
            mapping[str(v)] = 1
        elif n in NEGATIVE:
            mapping[str(v)] = 0
        else:
            unknown.append(v)
    if unknown:
        nums = pd.to_numeric(pd.Series(values), errors="coerce")
        if nums.notna().all() and nums.nunique() == 2:  # e.g. 1/2 or -1/1: the larger is the positive class
            hi = nums.max()
            mapping = {str(v): int(float(v) == hi) for v in values}
            unknown = []
        elif len(values) == 2 and len(unknown) == 1:  # one known label fixes the other
            known = next(k for k in mapping)
            mapping[str(unknown[0])] = 1 - mapping[known]
            unknown = []
        elif len(set(mapping.values())) == 2:
            # Both outcomes are present; other values ("open", "进行中") are rows without an outcome yet.
            for u in unknown:
                mapping[str(u)] = -1
            unknown = []
    if unknown:
        shown = ", ".join(repr(str(u)) for u in unknown[:5])
        raise InputError(f"target column {column!r} has values {shown} that are neither a win nor a loss; "
                         f"use 1/0, yes/no, won/lost, 是/否 or True/False.")
    if len({v for v in mapping.values() if v >= 0}) < 2:
        blanks = int(series.isna().sum())
        hint = (f" Its {blanks} blank cell(s) count as 'no outcome yet'; if a blank means lost / not converted, "
                "fill them with 0 or no." if blanks else "")
        raise InputError(f"target column {column!r} has only one outcome ({', '.join(mapping)}); "
                         f"training needs both won and lost examples.{hint}")
    mapped = series.map(lambda v: mapping.get(str(v), np.nan) if pd.notna(v) else np.nan)
    return mapped.where(mapped >= 0).astype(float), mapping


def to_number(s: pd.Series) -> pd.Series:
    """Numbers from strings such as '1,200', '¥3.5万', '45%', '2k'."""
    def one(v: object) -> float:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return np.nan
        t = _NUM_CLEAN.sub("", str(v))
        mult = 1.0
        if t.endswith("万"):
            mult, t = 1e4, t[:-1]
        elif t.endswith("亿"):
            mult, t = 1e8, t[:-1]
        elif t[-1:] in ("k", "K"):
            mult, t = 1e3, t[:-1]
        elif t[-1:] in ("m", "M") and len(t) > 1 and t[-2].isdigit():
            mult, t = 1e6, t[:-1]
        try:
            return float(t) * mult
        except ValueError:
            pass
        # "261人", "12 employees", "3年", "51-200", "1000+": a number with a unit word, a range, an open top.
        m = _UNIT_SUFFIX.match(t)
        if m:
            return float(m.group(1)) * mult
        m = _RANGE.match(t)
        if m and float(m.group(1)) < float(m.group(2)):  # "2024-03" is a month, not a range
            return (float(m.group(1)) + float(m.group(2))) / 2 * mult
        return np.nan
    return s.map(one).astype(float)


def to_date(s: pd.Series) -> pd.Series:
    """Dates from ISO, slashed, Chinese (2024年3月5日) and epoch forms; naive UTC."""
    t = s.astype("string").str.replace(r"(\d{4})年(\d{1,2})月(\d{1,2})日?", r"\1-\2-\3", regex=True)
    out = pd.to_datetime(t, errors="coerce", format="mixed", utc=True)
    return out.dt.tz_localize(None)


@dataclass
class ColumnInfo:
    name: str
    kind: str  # numeric | date | categorical | text | id | constant | target | excluded
    reason: str = ""
    missing: float = 0.0


@dataclass
class Profile:
    columns: dict[str, ColumnInfo] = field(default_factory=dict)

    def of_kind(self, *kinds: str) -> list[str]:
        return [c for c, i in self.columns.items() if i.kind in kinds]


def type_column(s: pd.Series, name: str) -> ColumnInfo:
    """numeric, date, categorical, text, id or constant, from the values (and a little from the name)."""
    nn = s.dropna()
    miss = float(s.isna().mean())
    if len(nn) == 0 or nn.nunique() <= 1:
        return ColumnInfo(name, "constant", "one value or empty", miss)
    n_unique = nn.nunique()
    num = to_number(nn)
    num_ok = num.notna().mean()
    if num_ok >= 0.95:
        is_int = bool(np.all(np.isclose(num.dropna() % 1, 0)))
        if is_int and n_unique == len(nn) and len(nn) >= 20:
            span = num.max() - num.min() + 1
            if ID_NAME.search(name) or span <= 3 * len(nn):  # consecutive-ish integers: a row number
                return ColumnInfo(name, "id", "unique integer per row (row number or key)", miss)
        return ColumnInfo(name, "numeric", f"{num_ok:.0%} parse as numbers", miss)
    looks_datey = nn.astype(str).str.contains(r"\d{4}[-/.年]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}", regex=True).mean()
    if looks_datey >= 0.9:
        d = to_date(nn)
        if d.notna().mean() >= 0.9:
            return ColumnInfo(name, "date", f"{d.notna().mean():.0%} parse as dates", miss)
    strs = nn.astype(str)
    avg_len = strs.str.len().mean()
    has_space = (strs.str.contains(r"\s") | strs.str.contains(_CJK)).mean()
    wordy = has_space > 0.3  # sentences are unique per row too, but they are text, not keys
    if n_unique == len(nn) and len(nn) >= 20 and ((avg_len < 40 and not wordy) or ID_NAME.search(name)):
        return ColumnInfo(name, "id", "a different value on every row", miss)
    if ID_NAME.search(name) and n_unique >= 0.9 * len(nn) and len(nn) >= 20:
        return ColumnInfo(name, "id", "identifier-like name and nearly unique values", miss)
    if PERSON_NAME.search(name) and n_unique >= 0.5 * len(nn) and len(nn) >= 20:
        return ColumnInfo(name, "id", "a person's name: identifies, does not predict", miss)
    if n_unique <= max(30, 0.05 * len(nn)) or (avg_len < 25 and n_unique <= 0.5 * len(nn) and not wordy):
        return ColumnInfo(name, "categorical", f"{n_unique} distinct values", miss)
    if (avg_len >= 12 and wordy) or avg_len >= 25:
        return ColumnInfo(name, "text", f"free text, mean length {avg_len:.0f}", miss)
    return ColumnInfo(name, "categorical", f"{n_unique} distinct short values (rare ones pooled)", miss)


def profile_table(df: pd.DataFrame, target: str | None = None, id_column: str | None = None) -> Profile:
    prof = Profile()
    for c in df.columns:
        if c == target:
            prof.columns[c] = ColumnInfo(c, "target", "the outcome", float(df[c].isna().mean()))
        elif c == id_column:
            prof.columns[c] = ColumnInfo(c, "id", "given as --id-column", float(df[c].isna().mean()))
        else:
            prof.columns[c] = type_column(df[c], c)
    return prof


# ---- leakage -------------------------------------------------------------------------------------

def _auc(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    if len(np.unique(y)) < 2 or len(np.unique(s)) < 2:
        return 0.5
    a = roc_auc_score(y, s)
    return float(max(a, 1 - a))


def single_column_auc(x: pd.Series, kind: str, y: np.ndarray) -> float:
    """Out-of-fold AUC of one column alone (shallow tree on numbers, target means on categories)."""
    from sklearn.model_selection import StratifiedKFold
    from sklearn.tree import DecisionTreeClassifier

    n_min = int(min(np.bincount(y.astype(int))))
    if n_min < 4:
        return 0.5
    folds = StratifiedKFold(n_splits=min(5, n_min), shuffle=True, random_state=0)
    oof = np.zeros(len(y))
    if kind in ("numeric", "date"):
        v = (to_number(x) if kind == "numeric" else to_date(x).map(lambda d: d.value / 8.64e13 if pd.notna(d) else np.nan))
        v = v.to_numpy(dtype=float)
        X = np.column_stack([np.nan_to_num(v, nan=-1e18), np.isnan(v)])
        for tr, te in folds.split(X, y):
            m = DecisionTreeClassifier(max_leaf_nodes=8, min_samples_leaf=5, random_state=0).fit(X[tr], y[tr])
            oof[te] = m.predict_proba(X[te])[:, 1]
    else:
        v = x.fillna("<missing>").astype(str).to_numpy()
        for tr, te in folds.split(v.reshape(-1, 1), y):
            prior = y[tr].mean()
            stats = pd.DataFrame({"v": v[tr], "y": y[tr]}).groupby("v")["y"].agg(["sum", "count"])
            enc = ((stats["sum"] + 2 * prior) / (stats["count"] + 2)).to_dict()
            oof[te] = [enc.get(k, prior) for k in v[te]]
    return _auc(y, oof)


@dataclass
class Leak:
    column: str
    reason: str


def detect_leaks(df: pd.DataFrame, y: np.ndarray, prof: Profile, auc_limit: float = 0.98) -> list[Leak]:
    """Columns filled only after the outcome, or that alone predict it almost perfectly."""
    leaks: list[Leak] = []
    for c, info in prof.columns.items():
        if info.kind in ("target", "id", "constant"):
            continue
        miss = df[c].isna().to_numpy()
        if 0.02 < miss.mean() < 0.98:
            m_auc = _auc(y, miss.astype(float))
            if m_auc >= 0.95:
                leaks.append(Leak(c, f"filled almost only for one outcome (missingness alone gives AUC {m_auc:.2f})"))
                continue
        if LEAK_NAME.search(c):
            leaks.append(Leak(c, "its name suggests it is filled after the outcome (close date, status, result)"))
            continue
        a = single_column_auc(df[c], info.kind, y)
        if a > auc_limit:
            leaks.append(Leak(c, f"predicts the outcome almost perfectly on its own (AUC {a:.3f})"))
    return leaks
