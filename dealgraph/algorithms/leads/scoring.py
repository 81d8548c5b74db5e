"""Score a table of new leads with a trained LeadModel: checks columns, keeps row order."""

from __future__ import annotations

import pandas as pd

from ...errors import InputError
from .model import LeadModel
from .tabular import file_rows, to_date, to_number


def check_columns(df: pd.DataFrame, model: LeadModel, where: str = "input") -> list[str]:
    """Error naming a training column missing now; warnings for columns the model never saw."""
    missing = [c for c in model.required_columns if c not in df.columns]
    if missing:
        raise InputError(f"{where}: column {missing[0]!r} was used in training but is missing here"
                         + (f" (also missing: {', '.join(missing[1:])})" if len(missing) > 1 else "")
                         + "; add it (blank values are allowed).")
    known = set(model.seen_columns) | set(model.required_columns) | {model.target, model.id_column}
    return [f"column {c!r} was not seen in training and is ignored" for c in df.columns if c not in known]


def unreadable_values(df: pd.DataFrame, model: LeadModel, where: str = "input") -> list[str]:
    """A number or date column with values that do not parse: scored as missing, and said so."""
    fb = model.features
    if fb is None:
        return []
    out = []
    for cols, parse, what in ((fb.numeric, to_number, "a number"), (fb.dates, to_date, "a date")):
        for c in cols:
            if c not in df.columns:
                continue
            bad = df[c].notna() & parse(df[c]).isna()
            if bad.any():
                first = int(bad.to_numpy().nonzero()[0][0])
                out.append(f"{where} row {file_rows(df)[first]}, column {c!r}: {str(df[c].iloc[first])[:30]!r} is not {what}; "
                           f"scored as missing ({int(bad.sum())} row(s) like this)")
    return out


def score_table(df: pd.DataFrame, model: LeadModel, where: str = "input") -> tuple[pd.DataFrame, list[str]]:
    """The input's rows in input order (id column first) + score, priority, reasons."""
    warnings = check_columns(df, model, where) + unreadable_values(df.reset_index(drop=True), model, where)
    scored = model.score(df.reset_index(drop=True))
    out = df.reset_index(drop=True).copy()
    if model.id_column and model.id_column in out.columns:
        out = out[[model.id_column] + [c for c in out.columns if c != model.id_column]]
    for c in ("score", "priority", "reasons"):
        out[c] = scored[c].to_numpy()
    return out, warnings
