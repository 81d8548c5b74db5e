"""Resolution pipeline: normalise -> block -> compare -> Fellegi–Sunter (EM) -> cluster.

Pure computation on a list of records (dicts of canonical fields). File mode and graph
mode both call `resolve`; only their inputs and outputs differ.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from . import blocking, compare, namesakes
from . import fellegi_sunter as fs
from .cluster import ConstrainedUnionFind, cluster
from .keys import hard_key_values
from .normalise import is_cn_mobile
from .records import HARD_KEYS, Prepared, prepare

TF_FIELDS = {"name": "name", "name_vs_email": "name", "last_name": "last", "first_name": "first",
             "company": "company"}


@dataclass
class ResolveConfig:
    # Posterior at which a pair is merged. None = automatic: DEFAULT_THRESHOLD, or, when
    # enough confirmed review decisions exist, the threshold that best separates them
    # (threshold_from_labels).
    threshold: float | None = None
    # Opt-in alternative for automatic mode: maximise the EXPECTED pairwise F1 under the EM
    # posteriors (calibrate_threshold). Measured on the demo generator it chose 0.46-0.48
    # and LOST F1 at 100k (0.927 -> 0.922): FS posteriors are over-confident (fields are
    # not conditionally independent).
    expected_f1: bool = False
    review_low: float = 0.15  # pairs between review_low and review_high go to review
    review_high: float = 0.85
    max_block: int = 150
    sn_window: int = 4  # sorted-neighbourhood window inside blocks larger than their cap
    term_frequency: bool = True
    u_sample: int = 120_000  # random pairs for u, split across record kinds


@dataclass
class Resolution:
    prepared: Prepared
    pairs: np.ndarray
    gamma: np.ndarray
    scores: np.ndarray  # posterior per candidate pair
    method: list[str]  # per pair: "deterministic:<key>" | "probabilistic" | "label" | "conflict:<key>"
    roots: np.ndarray
    member_score: np.ndarray
    models: dict[str, fs.FSModel]
    tf_adjust: np.ndarray
    uf: ConstrainedUnionFind
    threshold: float
    review_band: tuple[float, float]
    stats: dict = field(default_factory=dict)
    namesakes: dict[int, dict] = field(default_factory=dict)  # pair -> why it was held apart

    @property
    def ids(self) -> list[str]:
        return self.prepared.ids

    def cluster_ids(self) -> list[str]:
        """Stable cluster id: the smallest record id in the cluster."""
        first: dict[int, str] = {}
        for i, r in enumerate(self.roots.tolist()):
            rid = self.ids[i]
            if r not in first or rid < first[r]:
                first[r] = rid
        return [first[r] for r in self.roots.tolist()]

    def clusters(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i, r in enumerate(self.roots.tolist()):
            out.setdefault(r, []).append(i)
        return out

    def evidence(self, e: int) -> str:
        extra = {"term_frequency": float(self.tf_adjust[e])} if self.tf_adjust[e] else None
        model = self.models[self.prepared.kind[int(self.pairs[e, 0])]]
        ev = json.loads(model.explain(self.gamma[e], extra))
        out = {"method": self.method[e], "score": round(float(self.scores[e]), 4), "fields": ev}
        if e in self.namesakes:
            out["namesake"] = self.namesakes[e]
        return json.dumps(out, ensure_ascii=False)

    def review_pairs(self) -> list[int]:
        """Borderline candidate pairs: neither clearly the same nor clearly different, or
        refused by a hard-key conflict although the fields agreed strongly."""
        lo, hi = self.review_band
        out = [e for e in range(len(self.pairs))
               if lo <= self.scores[e] < hi and self.method[e].startswith("probabilistic")]
        return out


# Minimum level on a comparison that counts as a PERSONAL identifier agreeing. Households
# share surname, address and landline; colleagues share employer and city; none of that
# identifies a person. A pair with no personal identifier in agreement is never merged
# automatically (it can still reach the review queue) and never trains m as a match.
IDENTIFYING = {"person": {"name": 4, "first_name": 3, "email": 3, "name_vs_email": 2, "unionid": 2, "dob": 3, "credit_code": 2},
               "company": {"company": 2, "credit_code": 2, "website": 2}}


# Fields whose shared value is (almost) unique to one entity, per record kind.
IDENTIFIER_FIELDS = {"person": frozenset({"email", "phone", "unionid", "credit_code"}),
                     "company": frozenset({"company", "credit_code", "website", "email", "phone"})}


def identity_evidence(p: Prepared, pairs: np.ndarray, gamma: np.ndarray, comps: list[compare.Comparison]
                      ) -> np.ndarray:
    """Per pair: does at least one identifying field agree? A shared Chinese MOBILE counts
    for people (mobiles are personal; landlines and switchboards are not); so does an
    identifier number (national id, passport, employee/customer number, a user's own id
    column) equal or one typo apart."""
    ok = np.zeros(len(pairs), dtype=bool)
    kinds = kind_array(p)[pairs[:, 0]] if len(pairs) else np.empty(0, dtype=object)
    for kind, rules in IDENTIFYING.items():
        sel = kinds == kind
        for c, comp in enumerate(comps):
            if comp.field in rules:
                ok |= sel & (gamma[:, c] >= rules[comp.field])
            elif compare.is_identifier_field(comp.field):
                ok |= sel & (gamma[:, c] >= comp.n_levels - 2)
            if kind == "person" and comp.field == "phone":
                exact = sel & (gamma[:, c] == comp.n_levels - 1)
                for e in np.flatnonzero(exact & ~ok).tolist():
                    ok[e] = is_cn_mobile(p.cols["phone"][pairs[e, 0]])
    return ok


def kind_array(p: Prepared) -> np.ndarray:
    """Record kinds as an object array (built once per Prepared)."""
    return p.array("kind", lambda: np.asarray(p.kind, dtype=object))


def column_codes(p: Prepared, col: str) -> np.ndarray:
    """_codes of one column (built once per Prepared)."""
    return p.array("codes:" + col, lambda: _codes(p.cols[col]))


def _codes(values: list) -> np.ndarray:
    """Integer code per value (-1 for None), so per-pair work is array indexing."""
    index: dict[object, int] = {}
    return np.fromiter((-1 if v is None else index.setdefault(v, len(index)) for v in values),
                       dtype=np.int64, count=len(values))


def _registered_name_matches(p: Prepared, pairs: np.ndarray, gamma: np.ndarray, comps: list[compare.Comparison],
                             scores: np.ndarray, method: np.ndarray) -> None:
    """Two company records with the same registered name (region or legal form included,
    see normalise.is_registered_name) are one organisation: strong evidence that no generic
    core or missing field outweighs. Only a hard-key conflict, applied after this, overrides it."""
    fields = [c.field for c in comps]
    if "company" not in fields or not len(pairs):
        return
    c = fields.index("company")
    reg = p.array("registered", lambda: np.asarray([x is not None for x in p.cols["company_registered"]]))
    kind = kind_array(p)
    hit = ((gamma[:, c] == comps[c].n_levels - 1) & reg[pairs[:, 0]] & reg[pairs[:, 1]]
           & (kind[pairs[:, 0]] == "company"))
    scores[hit] = np.maximum(scores[hit], REGISTERED_NAME_SCORE)
    method[hit] = "deterministic:registered_name"


# Score given to a registered-name match: above any review band, below a shared hard key.
REGISTERED_NAME_SCORE = 0.99


def _hard_key_methods(p: Prepared, pairs: np.ndarray, scores: np.ndarray, method: np.ndarray) -> None:
    """Shared hard key -> deterministic match; different values -> conflict (score 0).
    Keys are checked in HARD_KEYS order and the first conflict wins, vectorised per key."""
    conflicted = np.zeros(len(pairs), dtype=bool)
    decided = np.zeros(len(pairs), dtype=bool)
    for k in HARD_KEYS:
        codes = column_codes(p, k)
        ca, cb = codes[pairs[:, 0]], codes[pairs[:, 1]]
        both = (ca >= 0) & (cb >= 0) & ~conflicted
        eq = both & (ca == cb) & ~decided
        scores[eq], method[eq] = 1.0, f"deterministic:{k}"
        decided |= eq
        diff = both & (ca != cb)
        scores[diff], method[diff] = 0.0, f"conflict:{k}"
        conflicted |= diff


def _tf_columns(p: Prepared, comps: list[compare.Comparison]) -> list[tuple[int, int, int, str, list]]:
    """(comparison, lowest level, highest level, column name, values) per term-frequency band."""
    out = []
    for c, comp in enumerate(comps):
        col = TF_FIELDS.get(comp.field) or (comp.field if compare.is_identifier_field(comp.field) else None)
        if not col:
            continue
        if comp.field in ("name", "name_vs_email"):
            vals = [v.replace(" ", "") if v else None for v in p.cols["name_sorted"]]
            out.append((c, 5 if comp.field == "name" else comp.n_levels - 1, comp.n_levels - 1, "name", vals))
        elif comp.field == "company":
            # Exact core: how common the core is. Same full name: how common the FULL name is,
            # so 长沙市中医院 is not penalised for the generic core 中医院 left after stripping.
            top = comp.n_levels - 1
            out.append((c, top - 1, top - 1, col, p.cols[col]))
            out.append((c, top, top, "company_full", p.cols["company_full"]))
        else:
            out.append((c, comp.n_levels - 1, comp.n_levels - 1, col, p.cols.get(col) or [None] * len(p)))
    return out


@dataclass
class TermCounts:
    """How often each value of one column occurs in the whole population (values seen once are
    left out), for runs that only see part of it."""

    counts: dict[str, int]
    total: int
    # expected() for the counts as they are (every linkage test of an incremental run asks
    # again; summing all counts each time cost seconds at 1M records). add() clears it.
    _expected: float | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, vals: list) -> TermCounts:
        from collections import Counter

        c = Counter(v for v in vals if v is not None)
        return cls({k: n for k, n in c.items() if n > 1}, sum(c.values()))

    def expected(self) -> float:
        """Chance that two random values collide: sum of squared shares (singletons included)."""
        if not self.total:
            return 0.0
        if self._expected is None:
            stored = sum(self.counts.values())
            self._expected = (sum(n * n for n in self.counts.values()) + (self.total - stored)) / self.total ** 2
        return self._expected

    def add(self, vals: Iterable, seen: set) -> None:
        """Count values in; one in `seen` (read back from the population) already counted once."""
        self._expected = None
        for v in vals:
            if v is None:
                continue
            self.total += 1
            self.counts[v] = self.counts.get(v, 1 if v in seen else 0) + 1
            seen.add(v)


def term_counts(p: Prepared, comps: list[compare.Comparison]) -> dict[str, TermCounts]:
    return {name: TermCounts.of(vals) for _c, _lo, _hi, name, vals in _tf_columns(p, comps)}


def _tf_adjustment(p: Prepared, pairs: np.ndarray, gamma: np.ndarray, comps: list[compare.Comparison],
                   counts: Mapping[str, TermCounts] | None = None, columns: list | None = None) -> np.ndarray:
    """Splink-style term-frequency adjustment on name/company agreement: agreeing on a
    rare name (欧阳娜娜) is stronger evidence than agreeing on 张伟 / zhang wei. For person
    names the frequency is that of the order-free pinyin, applied to the homophone, same-
    pinyin and exact levels. Bounded to +-3 bits. `counts`: population frequencies when p is
    only part of the population (an incremental run). `columns`: _tf_columns(p, comps) when the
    caller scores p's pairs in several calls."""
    adj = np.zeros(len(pairs))
    for c, lo, hi, name, vals in columns if columns is not None else _tf_columns(p, comps):
        adj += _tf_band(vals, pairs, gamma[:, c], lo, hi, (counts or {}).get(name))
    return adj


def _tf_band(vals: list, pairs: np.ndarray, levels: np.ndarray, lo: int, hi: int,
             known: TermCounts | None = None) -> np.ndarray:
    """log2(expected collision rate / this value's frequency) for pairs agreeing at a level in
    [lo, hi]; 0 elsewhere and on small files (too few values to estimate a frequency)."""
    out = np.zeros(len(pairs))
    agree = np.flatnonzero((levels >= lo) & (levels <= hi))
    if known is not None:
        if known.total < 50 or not len(agree):
            return out
        first = pairs[agree, 0].tolist()
        second = pairs[agree, 1].tolist()
        n = np.fromiter((known.counts.get(vals[a] if vals[a] is not None else vals[b], 1)
                         for a, b in zip(first, second)), dtype=float, count=len(agree))
        out[agree] = np.clip(np.log2(known.expected() / (n / known.total)), -3.0, 3.0)
        return out
    codes = _codes(vals)
    counts = np.bincount(codes[codes >= 0]) if (codes >= 0).any() else np.zeros(0, dtype=np.int64)
    total = int(counts.sum())
    if total < 50:
        return out
    expected = float(((counts / total) ** 2).sum())
    ca, cb = codes[pairs[agree, 0]], codes[pairs[agree, 1]]
    code = np.where(ca >= 0, ca, cb)
    tf = np.maximum(counts[np.maximum(code, 0)], 1) / total
    out[agree] = np.clip(np.log2(expected / tf), -3.0, 3.0)
    return out


DEFAULT_THRESHOLD = 0.5  # the Bayes rule for equal costs of a false merge and a missed one
MIN_LABELS = 10  # confirmed decisions (>= 3 of each outcome) before they move the threshold
LABEL_PRIOR = 20.0  # pseudo-decisions at DEFAULT_THRESHOLD: few labels move it a little


def threshold_from_labels(scores: np.ndarray, same: np.ndarray, lo: float = 0.2, hi: float = 0.8) -> float | None:
    """The merge threshold that maximises pairwise F1 on reviewer-confirmed pairs, given the
    model's scores for them; shrunk toward DEFAULT_THRESHOLD by LABEL_PRIOR pseudo-decisions
    so a handful of labels cannot swing it. None when there are too few decisions."""
    n_pos, n_neg = int(same.sum()), int((~same).sum())
    if n_pos + n_neg < MIN_LABELS or n_pos < 3 or n_neg < 3:
        return None
    best_t, best_f1 = DEFAULT_THRESHOLD, -1.0
    for t in np.unique(np.clip(scores, lo, hi)):
        merged = scores >= t
        tp = int((merged & same).sum())
        f1 = 2 * tp / (int(merged.sum()) + n_pos)
        if f1 > best_f1 + 1e-12 or (abs(f1 - best_f1) <= 1e-12 and abs(t - DEFAULT_THRESHOLD) < abs(best_t - DEFAULT_THRESHOLD)):
            best_t, best_f1 = float(t), f1
    n = n_pos + n_neg
    return DEFAULT_THRESHOLD + (best_t - DEFAULT_THRESHOLD) * n / (n + LABEL_PRIOR)


def calibrate_threshold(post: np.ndarray, eligible: np.ndarray, certain: int, lo: float = 0.2,
                        hi: float = 0.8) -> float:
    """Merge threshold that maximises the EXPECTED pairwise F1 under the model's own
    posteriors: merging the pairs with posterior >= t gives E[TP] ~ sum of their posteriors,
    and the expected number of true pairs is the sum of all posteriors (plus the `certain`
    deterministic ones). F1 = 2 TP / (predicted + true). 0.5 is the Bayes rule for equal
    error costs, but F1 weighs a missed pair and a false merge differently whenever the
    posteriors pile up on one side. Bounded so a badly fitted model cannot run away."""
    cand = post[eligible]
    if len(cand) < 50:
        return 0.5
    order = np.sort(cand)[::-1]
    tp = certain + np.cumsum(order)
    predicted = certain + np.arange(1, len(order) + 1)
    truth = certain + float(post.sum())
    f1 = 2 * tp / (predicted + truth)
    return float(np.clip(order[int(np.argmax(f1))], lo, hi))


def pair_weights(p: Prepared, pairs: np.ndarray, gamma: np.ndarray, models: Mapping[str, fs.FSModel]
                 ) -> np.ndarray:
    """Fellegi-Sunter match weight per pair, from the model of the pair's record kind."""
    pair_kind = kind_array(p)[pairs[:, 0]] if len(pairs) else np.empty(0, dtype=object)
    weight = np.zeros(len(pairs))
    for kind, model in models.items():
        sel = np.flatnonzero(pair_kind == kind)
        weight[sel] = model.match_weight(gamma[sel].astype(np.int64))
    return weight


def finish_scores(p: Prepared, pairs: np.ndarray, gamma: np.ndarray, comps: list[compare.Comparison],
                  scores: np.ndarray, identified: np.ndarray, threshold: float, lab: np.ndarray,
                  namesake_stats: namesakes.NameStats | None = None) -> tuple[np.ndarray, list[str], dict]:
    """Posteriors -> final scores and methods: no personal identifier keeps a pair below the
    threshold (review at most), so do namesakes; registered names, hard keys and review labels
    decide outright. -> (scores, method per pair, namesakes held)."""
    scores = np.where(identified, scores, np.minimum(scores, threshold * 0.98))
    method = np.where(identified, "probabilistic", "probabilistic:no_identifier").astype(object)
    held = namesakes.guard(p, pairs, gamma, comps, namesake_stats)
    for e in held:  # same name, same company, nothing personal agrees: two people until shown otherwise
        scores[e] = min(scores[e], threshold * 0.98)
        method[e] = "probabilistic:namesake"
    _registered_name_matches(p, pairs, gamma, comps, scores, method)
    _hard_key_methods(p, pairs, scores, method)
    labelled = lab >= 0
    scores[labelled], method[labelled] = lab[labelled].astype(float), "label"
    return scores, method.tolist(), held


def resolve(rows: Iterable[Mapping[str, object]] | Prepared, config: ResolveConfig | None = None,
            labels: Mapping[tuple[str, str], bool] | None = None) -> Resolution:
    """Resolve records into entities. `labels` maps (record id, record id) to True (same)
    or False (different): they refine the EM weights and act as must/cannot links."""
    cfg = config or ResolveConfig()
    t0 = time.perf_counter()
    p = rows if isinstance(rows, Prepared) else prepare(rows)
    t_prep = time.perf_counter()
    pairs, per_rule = blocking.candidate_pairs(p, max_block=cfg.max_block, window=cfg.sn_window)
    train_mask = per_rule.pop("_train_mask", np.ones(len(pairs), dtype=bool))
    pos = {rid: i for i, rid in enumerate(p.ids)}
    must: list[tuple[int, int]] = []
    cannot: list[tuple[int, int]] = []
    for (a, b), same in (labels or {}).items():
        if a in pos and b in pos and a != b:
            ij = (min(pos[a], pos[b]), max(pos[a], pos[b]))
            (must if same else cannot).append(ij)
    if must or cannot:  # labelled pairs must be candidates so EM and evidence see them
        n = len(p)
        codes = np.unique(np.concatenate([pairs[:, 0] * n + pairs[:, 1],
                                          np.array([i * n + j for i, j in must + cannot], dtype=np.int64)]))
        train_mask = np.isin(codes, pairs[train_mask, 0] * n + pairs[train_mask, 1]) | np.isin(
            codes, np.array([i * n + j for i, j in must + cannot], dtype=np.int64))
        pairs = np.stack([codes // n, codes % n], axis=1)
    t_block = time.perf_counter()
    comps = compare.comparisons_for(p)
    gamma = compare.compare_pairs(p, pairs, comps)
    t_cmp = time.perf_counter()
    identified = identity_evidence(p, pairs, gamma, comps)
    lab = np.full(len(pairs), -1, dtype=np.int8)
    if must or cannot:
        index = {(int(a), int(b)): e for e, (a, b) in enumerate(pairs.tolist())}
        for ij in must:
            lab[index[ij]] = 1
        for ij in cannot:
            lab[index[ij]] = 0
    # One model per record kind: a shared company name is weak evidence for two people and
    # strong evidence for two company records.
    pair_kind = kind_array(p)[pairs[:, 0]] if len(pairs) else np.empty(0, dtype=object)
    models: dict[str, fs.FSModel] = {}
    for kind in sorted(set(p.kind)):
        tr = np.flatnonzero((pair_kind == kind) & train_mask)
        train_lab = np.where((lab[tr] < 0) & ~identified[tr], 0, lab[tr]).astype(np.int8)
        idf = IDENTIFIER_FIELDS[kind] | {c.field for c in comps if compare.is_identifier_field(c.field)}
        models[kind] = fs.fit(p, comps, gamma[tr], labels=train_lab, u_sample=cfg.u_sample, kind=kind,
                              identifier_fields=frozenset(idf))
    tf = _tf_adjustment(p, pairs, gamma, comps) if cfg.term_frequency else np.zeros(len(pairs))
    scores = fs.posterior(pair_weights(p, pairs, gamma, models) + tf)
    threshold = cfg.threshold
    threshold_source = "given" if threshold is not None else "default"
    if threshold is None and (lab >= 0).any():
        threshold = threshold_from_labels(scores[lab >= 0], lab[lab >= 0] == 1)
        threshold_source = "labels" if threshold is not None else "default"
    if threshold is None and cfg.expected_f1:
        threshold_source = "expected_f1"
        hk_eq = np.zeros(len(pairs), dtype=bool)
        for k in HARD_KEYS:
            codes = _codes(p.cols[k])
            ca, cb = codes[pairs[:, 0]], codes[pairs[:, 1]]
            hk_eq |= (ca >= 0) & (ca == cb)
        threshold = calibrate_threshold(np.where(hk_eq, 0.0, scores), identified & ~hk_eq, int(hk_eq.sum()))
    if threshold is None:
        threshold = DEFAULT_THRESHOLD
    scores, method, held = finish_scores(p, pairs, gamma, comps, scores, identified, threshold, lab)
    t_fit = time.perf_counter()
    hard = [hard_key_values(p, i) for i in range(len(p))]
    roots, member_score, uf = cluster(len(p), pairs, scores, threshold, hard, cannot=cannot, must=must)
    t_end = time.perf_counter()
    stats = {"records": len(p), "candidate_pairs": len(pairs), "pairs_per_rule": per_rule,
             "comparisons": [c.field for c in comps], "matched_pairs": int((scores >= threshold).sum()), "threshold": round(threshold, 4), "threshold_source": threshold_source,
             "refused_merges": len(uf.rejected), "em_iterations": {k: m.iterations for k, m in models.items()},
             "seconds": {"normalise": round(t_prep - t0, 3), "block": round(t_block - t_prep, 3),
                         "compare": round(t_cmp - t_block, 3), "fit": round(t_fit - t_cmp, 3),
                         "cluster": round(t_end - t_fit, 3), "total": round(t_end - t0, 3)}}
    stats["namesakes_held"] = len(held)
    return Resolution(p, pairs, gamma, scores, method, roots, member_score, models, tf, uf, threshold,
                      (cfg.review_low, cfg.review_high), stats, held)
