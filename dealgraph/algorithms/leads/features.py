"""Turn typed columns into a numeric matrix, and remember how, so scoring builds the same one.

Every matrix column knows the user's column it came from (`source`), so per-feature
contributions can be summed back into reasons that name the user's columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .bant import BantColumns, BantScales, bant_scores
from .tabular import to_date, to_number

_TOKEN = re.compile(r"[a-z][a-z0-9+#.]{2,}|[\u4e00-\u9fff]{2}")


def tokens(text: object) -> set[str]:
    """Lower-case words and CJK bigrams: enough for 'mentions pricing / 报价' style signals."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return set()
    t = str(text).lower()
    out = set(_TOKEN.findall(t))
    cjk = re.findall(r"[\u4e00-\u9fff]+", t)
    for run in cjk:
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


@dataclass
class FeatureBuilder:
    numeric: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    anchor: str | None = None  # the date the others are measured from (e.g. created_at)
    categories: dict[str, list[str]] = field(default_factory=dict)
    text_vocab: dict[str, list[str]] = field(default_factory=dict)
    bant_cols: BantColumns | None = None
    bant_scales: BantScales | None = None
    names: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)

    @property
    def input_columns(self) -> list[str]:
        return sorted(set(self.numeric) | set(self.dates) | set(self.categories) | set(self.text_vocab))

    @classmethod
    def fit(cls, df: pd.DataFrame, y: np.ndarray, kinds: dict[str, str], bant_cols: BantColumns) -> FeatureBuilder:
        fb = cls()
        fb.numeric = [c for c, k in kinds.items() if k == "numeric"]
        fb.dates = [c for c, k in kinds.items() if k == "date"]
        if fb.dates:
            # The most-filled date that comes earliest is the reference (creation) date.
            parsed = {c: to_date(df[c]) for c in fb.dates}
            fb.anchor = max(fb.dates, key=lambda c: (parsed[c].notna().mean(), -parsed[c].median().value
                                                     if parsed[c].notna().any() else 0))
        for c, k in kinds.items():
            if k == "categorical":
                counts = df[c].astype("string").str.lower().value_counts()
                fb.categories[c] = [str(v) for v in counts[counts >= max(3, 0.01 * len(df))].index[:25]]
            elif k == "text":
                fb.text_vocab[c] = _informative_tokens(df[c], y)
        fb.bant_cols = bant_cols
        fb.bant_scales = BantScales.fit(df, bant_cols)
        fb.transform(df)  # sets names/source
        return fb

    def transform(self, df: pd.DataFrame) -> np.ndarray:
        cols: list[np.ndarray] = []
        names: list[str] = []
        source: list[str] = []

        def add(values, name: str, src: str) -> None:
            cols.append(np.asarray(values, dtype=float))
            names.append(name)
            source.append(src)

        for c in self.numeric:
            add(to_number(df[c]).to_numpy(), c, c)
        if self.dates:
            anchor = to_date(df[self.anchor])
            for c in self.dates:
                d = to_date(df[c])
                if c == self.anchor:
                    # Only seasonality of the anchor: absolute dates do not carry to future leads.
                    add(d.dt.month.to_numpy(dtype=float), f"{c} (month)", c)
                    add(d.dt.day_of_week.to_numpy(dtype=float), f"{c} (weekday)", c)
                else:
                    add((d - anchor).dt.days.to_numpy(dtype=float), f"days from {self.anchor} to {c}", c)
                    add(d.isna().to_numpy(dtype=float), f"{c} missing", c)
        for c, levels in self.categories.items():
            v = df[c].astype("string").str.lower()
            for lv in levels:
                add((v == lv).fillna(False).to_numpy(dtype=float), f"{c}={lv}", c)
            add(v.isna().to_numpy(dtype=float), f"{c} missing", c)
        for c, vocab in self.text_vocab.items():
            toks = df[c].map(tokens)
            add(df[c].astype("string").str.len().fillna(0).to_numpy(dtype=float), f"{c} (length)", c)
            for w in vocab:
                add(toks.map(lambda s, w=w: w in s).to_numpy(dtype=float), f"{c} mentions '{w}'", c)
        if self.bant_cols is not None:
            sub = bant_scores(df, self.bant_cols, self.bant_scales)
            for k in sub.columns:
                if sub[k].notna().any():
                    srcs = getattr(self.bant_cols, k.removeprefix("bant_"))
                    add(sub[k].to_numpy(), k, srcs[0] if srcs else k)
        self.names, self.source = names, source
        return np.column_stack(cols) if cols else np.zeros((len(df), 0))


def _informative_tokens(s: pd.Series, y: np.ndarray, k: int = 15) -> list[str]:
    """Tokens frequent enough to learn from, ranked by how far their win rate is from the base rate."""
    toks = s.map(tokens)
    n = len(s)
    counts: dict[str, list[float]] = {}
    for ts, yy in zip(toks, y):
        for t in ts:
            counts.setdefault(t, [0, 0])
            counts[t][0] += 1
            counts[t][1] += yy
    base = float(np.mean(y))
    scored = [(abs((pos + base) / (cnt + 1) - base) * np.sqrt(cnt), t) for t, (cnt, pos) in counts.items()
              if cnt >= max(5, 0.01 * n) and cnt <= 0.9 * n]
    return [t for _, t in sorted(scored, reverse=True)[:k]]
