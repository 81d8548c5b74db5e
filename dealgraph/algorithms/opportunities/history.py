"""Parse a pipeline export (one row per stage entry) into stage episodes.

Input header: opportunity_id, stage, entered_at [, due_at, amount, owner, account, closed_won]
(Salesforce OpportunityHistory names such as OpportunityId / StageName / CreatedDate are accepted).
A row whose stage is final (won / lost / 赢单 / 丢单 / closed won ...) closes the opportunity.
An episode is one stay in one stage: from its entry to the next entry (or censored at as-of).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...errors import InputError
from ..leads.tabular import NEGATIVE, POSITIVE, file_rows, read_table, to_date, to_number

ALIASES = {
    "opportunity_id": ["opportunity_id", "opportunityid", "opportunity", "opp_id", "oppid", "deal_id", "dealid",
                       "deal", "record id", "商机id", "商机编号", "机会id", "机会编号", "项目编号", "商机",
                       "opportunity name", "deal name", "商机名称"],
    "stage": ["stage", "stagename", "stage_name", "deal stage", "dealstage", "pipeline stage", "to stage",
              "new stage", "阶段", "销售阶段", "商机阶段", "当前阶段", "新阶段"],
    "entered_at": ["entered_at", "entered", "createddate", "created_date", "date", "stage_date", "stage start date",
                   "stage start", "stage entered", "date entered", "entered stage", "entered date", "start date",
                   "from date", "stage change date", "last stage change date", "changed at", "edit date",
                   "进入时间", "进入日期", "日期", "开始日期", "阶段开始日期", "阶段开始时间", "进入阶段时间",
                   "变更日期", "变更时间", "last modified", "last modified date", "modified date", "修改时间",
                   "更新时间"],
    "due_at": ["due_at", "due", "due_date", "closedate", "close_date", "planned_date", "expected close date",
               "estimated close date", "target close date", "expected close", "截止日期", "计划完成", "计划日期",
               "到期日", "预计成交日期", "预计签约日期", "预计结单日期", "预计关闭日期", "预计完成日期"],
    "amount": ["amount", "value", "deal amount", "opportunity amount", "expected revenue", "金额", "商机金额",
               "合同金额", "预计金额", "预计成交金额"],
    "owner": ["owner", "owner_id", "ownerid", "owner name", "opportunity owner", "deal owner", "sales", "负责人", "销售",
              "销售负责人", "所有人"],
    "account": ["account", "account_id", "accountid", "account name", "company", "customer", "客户", "客户名称"],
    "currency": ["currency", "currency code", "currencyisocode", "currency iso code", "opportunity currency",
                 "amount currency", "币种", "货币", "币别"],
    "closed_won": ["closed_won", "iswon", "is_won", "won", "outcome", "result", "是否赢单", "结果"],
}
REQUIRED = ("opportunity_id", "stage", "entered_at")
WON = re.compile(r"^(closed?|stage)?[\s_\-/:]*won$|^win$|^won[\s_\-(]|^closed?[\s_\-/:]*win|赢单|成交|中标|签单|签约成功|"
                 r"^(?:已签约|签约完成|合同签订|合同已签|已签合同)$|^contract signed$|^(?:po|purchase order) received$|"
                 r"^closed?[\s_\-/:]*booked$", re.IGNORECASE)
LOST = re.compile(r"^(closed?|stage)?[\s_\-/:]*lost$|^lose$|^lost[\s_\-(]|^closed?[\s_\-/:]*los[te]|丢单|输单|失败|"
                  r"未中标|未成交|流失|^dead$|cancel|取消|放弃|^关闭$|^已关闭$|no[\s_\-]?decision|disqualif|"
                  r"^abandoned$|^no[\s_\-]?bid$|^withdrawn$|作废|^(?:已)?终止$|撤销",
                  re.IGNORECASE)
CLOSED_GENERIC = re.compile(r"^closed$|^结束$|^已结束$", re.IGNORECASE)


def stage_outcome(stage: str) -> str | None:
    """'won', 'lost', 'closed' (final, outcome from the closed_won column) or None (an open stage)."""
    s = str(stage).strip()
    if LOST.search(s):  # first: 未成交 / 未中标 contain the words for a win
        return "lost"
    if WON.search(s):
        return "won"
    if CLOSED_GENERIC.search(s):
        return "closed"
    return None


def _key(name: str) -> str:
    """'Stage Start Date' / 'stage_start_date' / '商机金额（万元）' -> 'stagestartdate' / '商机金额'."""
    return re.sub(r"[\s_\-./]", "", re.sub(r"[（(][^）)]*[）)]", "", str(name))).lower()


def normalise_columns(df: pd.DataFrame, path: str = "history", notes: list[str] | None = None) -> pd.DataFrame:
    """Rename the export's columns to ours; a missing stage-entry date is found by its values.

    `notes` collects what was decided from values rather than names, for the CLI to print.
    """
    df = _field_history(df, notes)
    norm = {_key(c): c for c in reversed(list(df.columns))}
    rename: dict[str, str] = {}
    for canon, names in ALIASES.items():
        for n in names:
            col = norm.get(_key(n))
            if col is not None and col not in rename:
                rename[col] = canon
                break
    out = df.rename(columns=rename)
    out.attrs["source_columns"] = {v: k for k, v in rename.items()}
    if "stage_from" in df.attrs:
        out.attrs["source_columns"]["stage"] = df.attrs["stage_from"]
    scale = re.search(r"[（(]\s*(万元|万|千元|亿元)\s*[）)]", next((c for c, v in rename.items() if v == "amount"), ""))
    if scale and "amount" in out:  # "商机金额（万元）": amounts in ten-thousands
        factor = {"万元": 1e4, "万": 1e4, "千元": 1e3, "亿元": 1e8}[scale.group(1)]
        out["amount"] = to_number(out["amount"]) * factor
    if "entered_at" not in out.columns and "opportunity_id" in out.columns:
        found = _entry_date_by_values(out, [c for c in df.columns if c not in rename])
        if found:
            out = out.rename(columns={found: "entered_at"})
            out.attrs["source_columns"] = {**out.attrs.get("source_columns", {}), "entered_at": found}
            if notes is not None:
                notes.append(f"stage entry date: column {found!r} (a date that changes from row to row "
                             "within an opportunity)")
    missing = [f for f in REQUIRED if f not in out.columns]
    if missing:
        raise InputError(f"{path} line 1: no column for {', '.join(repr(f) for f in missing)} "
                         f"(the header must name opportunity_id, stage and the date each stage was entered, "
                         f"e.g. 'Opportunity ID, Stage, Stage Start Date' or '商机编号, 阶段, 进入日期'; "
                         f"found {', '.join(map(str, df.columns[:12]))}).")
    return out


_FIELD_COLS = ("field / event", "field", "field name", "字段", "变更字段")
_NEW_VALUE_COLS = ("new value", "newvalue", "to value", "新值", "变更后")
_STAGE_FIELD = re.compile(r"^(?:opportunity\s*)?stage(?:\s*name)?$|^stagename$|^deal\s*stage$|阶段", re.IGNORECASE)


def _field_history(df: pd.DataFrame, notes: list[str] | None) -> pd.DataFrame:
    """A field-history export (Opportunity ID, Field / Event, Old Value, New Value, Edit Date) -> the
    stage changes only, with New Value as the stage."""
    keys = {_key(c): c for c in df.columns}
    field = next((keys[_key(n)] for n in _FIELD_COLS if _key(n) in keys), None)
    new = next((keys[_key(n)] for n in _NEW_VALUE_COLS if _key(n) in keys), None)
    if field is None or new is None or any(_key(n) in keys for n in ALIASES["stage"]):
        return df
    is_stage = df[field].astype(str).str.strip().map(lambda v: bool(_STAGE_FIELD.search(v)))
    if not is_stage.any():
        return df
    out = df.loc[is_stage].rename(columns={new: "stage"}).drop(columns=[field]).reset_index(drop=True)
    out.attrs["stage_from"] = new
    if notes is not None:
        notes.append(f"field-history export: kept the {int(is_stage.sum())} stage changes of {len(df)} rows "
                     f"({field!r} = stage), stage from {new!r}")
    return out


def _entry_date_by_values(df: pd.DataFrame, candidates: list[str]) -> str | None:
    """The unnamed column that holds dates which differ between rows of the same opportunity."""
    best, best_share = None, 0.5
    for c in candidates:
        d = to_date(df[c].astype(str))
        if d.notna().mean() < 0.9:
            continue
        per_opp = pd.DataFrame({"o": df["opportunity_id"], "d": d}).groupby("o")["d"]
        multi = per_opp.size() > 1
        if not multi.any():
            continue
        share = float((per_opp.nunique()[multi] > 1).mean())
        if share > best_share:
            best, best_share = c, share
    return best


def load_history(path_or_df, path: str = "history", notes: list[str] | None = None) -> pd.DataFrame:
    """Typed history: one row per stage entry, sorted, with a `final` outcome column."""
    if isinstance(path_or_df, pd.DataFrame):
        df = path_or_df.astype(object).where(path_or_df.notna(), None)
        df = df.map(lambda v: None if v is None or str(v).strip() in ("", "nan", "None", "NaT") else v)
    else:
        df = read_table(path_or_df)
    path = str(path_or_df) if not isinstance(path_or_df, pd.DataFrame) else path
    df = df.assign(_line=file_rows(df))  # the file's line (Excel's row) of each row, kept through filtering
    df = normalise_columns(df, path, notes)
    source = df.attrs.get("source_columns", {})

    def where(field: str, mask: pd.Series) -> tuple[int, str, str]:
        i = int(np.flatnonzero(mask.to_numpy())[0])
        return int(df["_line"].iloc[i]), repr(source.get(field, field)), str(df[field].iloc[i])

    for field in ("opportunity_id", "stage"):
        blank = df[field].isna() | (df[field].astype(str).str.strip() == "")
        if blank.any():
            row, col, _ = where(field, blank)
            raise InputError(f"{path} row {row}: column {col} ({field}) is empty; every stage entry needs it "
                             f"({int(blank.sum())} row(s) like this).")
    df["opportunity_id"] = df["opportunity_id"].astype(str).str.strip()
    df["stage"] = df["stage"].astype(str).str.strip()
    raw_entered = df["entered_at"]
    df["entered_at"] = to_date(raw_entered.astype(str))
    bad = df["entered_at"].isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        col = source.get("entered_at", "entered_at")
        raise InputError(f"{path} row {int(df['_line'].iloc[i])}: column {col!r} (the date the stage was entered) "
                         f"holds {str(raw_entered.iloc[i])!r}, not a date; use dates like 2024-03-05.")
    if "due_at" in df:
        raw_due = df["due_at"]
        df["due_at"] = to_date(raw_due.astype(str))
        odd = raw_due.notna() & (raw_due.astype(str).str.strip() != "") & df["due_at"].isna()
        if odd.any() and notes is not None:
            i = int(np.flatnonzero(odd.to_numpy())[0])
            col = source.get("due_at", "due_at")
            notes.append(f"row {int(df['_line'].iloc[i])}: column {col!r} holds {str(raw_due.iloc[i])!r}, "
                         f"not a date; treated as no due date ({int(odd.sum())} row(s) like this)")
    else:
        df["due_at"] = pd.NaT
    df["amount"] = to_number(df["amount"]) if "amount" in df else np.nan
    for c in ("owner", "account"):
        if c not in df:
            df[c] = None
    if "currency" in df:  # ISO codes as written, upper case; blank: not stated
        df["currency"] = df["currency"].map(lambda v: str(v).strip().upper() or None if v is not None else None)
    if "closed_won" in df and df["closed_won"].notna().any():
        df["closed_won"] = df["closed_won"].map(_outcome_value)
    else:
        df["closed_won"] = np.nan
    df["final"] = df["stage"].map(stage_outcome)
    df["_row"] = np.arange(len(df))
    df = df.sort_values(["opportunity_id", "entered_at", "_row"]).reset_index(drop=True)
    # An opportunity with an outcome in closed_won but no final-stage row closes at its last row.
    last = ~df["opportunity_id"].duplicated(keep="last")
    has_final = df.groupby("opportunity_id")["final"].transform(lambda s: s.notna().any())
    has_cw = df.groupby("opportunity_id")["closed_won"].transform(lambda s: s.notna().any())
    df.loc[last & ~has_final & has_cw, "final"] = "closed"
    return df


@dataclass
class Episode:
    opportunity_id: str
    stage: str
    stage_index: int  # how many stages came before in this opportunity
    start: pd.Timestamp
    end: pd.Timestamp | None  # None: still in the stage at as-of (censored)
    due: pd.Timestamp | None
    amount: float
    owner: str | None
    account: str | None
    prior_days: float  # days spent in earlier stages of this opportunity
    outcome: str | None  # how the opportunity ended, if it did before as-of
    extra: dict[str, float] | None = None  # numeric covariates from columns named x_* (e.g. from the graph)


def episodes(hist: pd.DataFrame, as_of: pd.Timestamp) -> list[Episode]:
    """Stage stays known at as-of. Rows entered after as-of are ignored (not yet known then)."""
    known = hist[hist["entered_at"] <= as_of]
    extra_cols = [c for c in hist.columns if str(c).startswith("x_")]
    out: list[Episode] = []
    # One to_dict over the whole frame: per-group frames cost ~10 ms each (minutes for 20k deals).
    by_opp: dict[str, list[dict]] = {}
    for r in known.to_dict("records"):
        by_opp.setdefault(r["opportunity_id"], []).append(r)
    for oid, rows in by_opp.items():
        outcome = None
        for r in rows:
            r["final"] = r["final"] if isinstance(r["final"], str) else None
        for r in rows:
            if r["final"]:
                cws = [x["closed_won"] for x in rows if pd.notna(x["closed_won"])]
                cw = cws[-1] if cws else None
                outcome = r["final"] if r["final"] != "closed" else ("won" if cw == 1 else "lost")
                break
        # each stay is sized by the last amount recorded up to its own row: a deal is often re-priced on the row
        # that closes it (the signed value), which is part of its outcome, not what was known while it was open
        amount = np.nan
        prior = 0.0
        for i, r in enumerate(rows):
            if r["final"]:
                break
            amount = r["amount"] if pd.notna(r["amount"]) else amount
            nxt = rows[i + 1]["entered_at"] if i + 1 < len(rows) else None
            due = r["due_at"] if pd.notna(r["due_at"]) else None
            extra = {c: float(to_number(pd.Series([r[c]])).fillna(0).iloc[0]) for c in extra_cols} or None
            out.append(Episode(str(oid), r["stage"], i, r["entered_at"], nxt, due, float(amount),
                               _s(r["owner"]), _s(r["account"]), prior, outcome, extra))
            if nxt is not None:
                prior += (nxt - r["entered_at"]).days
    return out


def _outcome_value(v) -> float:
    """1 won / 0 lost / NaN unknown, from 1/0, true/false, yes/no, won/lost, 是/否, 赢单/丢单 ..."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return np.nan
    t = re.sub(r"\s+", " ", str(v).strip().lower())
    if t in POSITIVE or WON.search(t):
        return 1.0
    if t in NEGATIVE or LOST.search(t):
        return 0.0
    return np.nan


def _s(v) -> str | None:
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)


def default_as_of(hist: pd.DataFrame) -> pd.Timestamp:
    return hist["entered_at"].max().normalize()
