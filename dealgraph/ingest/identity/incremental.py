"""Incremental resolution: new or changed records against existing golden records, touching
only their blocks and scoring with the model a full run stored (no EM re-fit).

A full run leaves a `Stored` state: the fitted Fellegi-Sunter models, the threshold, the
population figures term-frequency and the namesake rule need (value counts, names per
employer), and the blocking tokens whose blocks were too big to fetch whole. An incremental run
gets the new records plus the resolved records sharing a token with them (their "neighbours",
read back with their normalised view and golden), scores the pairs involving a new record,
and clusters new records with the neighbours' goldens as units: a new record joins an existing
golden or starts a new one, and when it links two goldens they merge as a full run would merge
them (average linkage over their records' pairs, hard keys, cannot-links from reviews and
splits), so growing a graph record by record ends where one run over all records would.
Goldens no new record touches are never looked at.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from . import compare
from . import fellegi_sunter as fs
from .blocking import token_cap
from .cluster import cluster
from .keys import hard_key_values
from .namesakes import NameStats
from .records import Prepared, concat, from_norm
from .resolve import (
    Resolution,
    ResolveConfig,
    TermCounts,
    _tf_adjustment,
    _tf_columns,
    finish_scores,
    identity_evidence,
    pair_weights,
    term_counts,
)


@dataclass
class Stored:
    """What a full run leaves for incremental runs (JSON, never pickled)."""

    models: dict[str, fs.FSModel]
    fields: list[str]
    threshold: float
    fitted_n: dict[str, int]  # records per kind when the models were fitted
    n: dict[str, int]  # records per kind now
    terms: dict[str, TermCounts]
    names: NameStats
    oversized: set[str] = field(default_factory=set)

    @classmethod
    def from_full(cls, res: Resolution, tokens: list[list[str]]) -> Stored:
        p = res.prepared
        comps = [compare.comparison_named(f) for f in res.models[next(iter(res.models))].fields] if res.models else []
        n = {k: p.kind.count(k) for k in set(p.kind)}
        sizes: dict[str, int] = {}
        for toks in tokens:
            for t in toks:
                sizes[t] = sizes.get(t, 0) + 1
        return cls(dict(res.models), [c.field for c in comps], res.threshold, dict(n), dict(n),
                   term_counts(p, comps), NameStats.of(p, res.pairs, res.gamma, comps), {t for t, s in sizes.items() if s > token_cap(t)})

    def scaled_models(self) -> dict[str, fs.FSModel]:
        """The models with lambda (the chance two random records match) scaled to today's
        population: duplicates grow with the records, pairs with their square."""
        out = {}
        for kind, m in self.models.items():
            now, then = max(self.n.get(kind, 1), 2), max(self.fitted_n.get(kind, 1), 2)
            out[kind] = fs.FSModel(m.fields, m.labels, m.m, m.u, min(m.lam * (then - 1) / (now - 1), 0.5), m.iterations)
        return out

    def to_json(self) -> str:
        return json.dumps({"models": {k: m.to_state() for k, m in self.models.items()}, "fields": self.fields,
                           "threshold": self.threshold, "fitted_n": self.fitted_n, "n": self.n,
                           "terms": {k: {"counts": t.counts, "total": t.total} for k, t in self.terms.items()},
                           "names": dataclasses.asdict(self.names),
                           "oversized": sorted(self.oversized)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Stored:
        d = json.loads(text)
        return cls({k: fs.FSModel.from_state(m) for k, m in d["models"].items()}, d["fields"], float(d["threshold"]),
                   d["fitted_n"], d["n"], {k: TermCounts(t["counts"], t["total"]) for k, t in d["terms"].items()},
                   NameStats(**d["names"]), set(d["oversized"]))


@dataclass
class Neighbour:
    """A resolved record read back from the graph: its golden, tokens and normalised view."""

    id: str
    golden: str
    tokens: list[str]
    norm: dict


# Records per side an average-linkage test looks at (a golden of thousands would cost more
# than it tells).
LINKAGE_RECORDS = 200


class _Linkage:
    """Average linkage between two groups of nodes, over their records: pairs already scored
    are looked up; two neighbours sharing a block token (pairs no earlier run kept) are
    scored on first use."""

    def __init__(self, p: Prepared, pairs: np.ndarray, scores: np.ndarray, n_new: int,
                 neighbours: list[Neighbour], stored: Stored, records_of: list[list[int]], score, threshold: float):
        self.score_of: dict[tuple[int, int], float | None] = dict(zip(map(tuple, pairs.tolist()), scores.tolist()))
        self.tokens = [set(nb.tokens) - stored.oversized for nb in neighbours]
        self.n_new, self.records_of, self.score, self.threshold = n_new, records_of, score, threshold
        self.scored = 0

    def linked(self, xs: list[int], ys: list[int]) -> bool:
        rx = sorted(r for x in xs for r in self.records_of[x])[:LINKAGE_RECORDS]
        ry = sorted(r for y in ys for r in self.records_of[y])[:LINKAGE_RECORDS]
        todo = []
        for a in rx:
            for b in ry:
                key = (a, b) if a < b else (b, a)
                if key not in self.score_of:
                    shared = a >= self.n_new and b >= self.n_new and not self.tokens[a - self.n_new].isdisjoint(
                        self.tokens[b - self.n_new])
                    self.score_of[key] = None
                    if shared:
                        todo.append(key)
        if todo:
            scores = self.score(np.array(todo, dtype=np.int64), np.full(len(todo), -1, dtype=np.int8))[2]
            self.score_of.update(zip(todo, scores.tolist()))
            self.scored += len(todo)
        got = [s for a in rx for b in ry if (s := self.score_of[(a, b) if a < b else (b, a)]) is not None]
        return bool(got) and sum(got) / len(got) >= self.threshold


@dataclass
class Incremental:
    res: Resolution  # over the new records (first) and their neighbours
    n_new: int
    anchor: dict[int, list[str]]  # cluster root -> the existing goldens it joined (several: merged)
    seconds: dict[str, float]


def _count_in(stored: Stored, p: Prepared, n_new: int, comps: list[compare.Comparison]) -> None:
    """Add the new records to the population figures (before scoring, as a full run would)."""
    cols = _tf_columns(p, comps)
    for _c, _lo, _hi, name, vals in cols:
        if name in stored.terms:
            stored.terms[name].add(vals[:n_new], set(vals[n_new:]) - {None})
    seen = {(None, n) for k, n in zip(p.kind[n_new:], p.cols["name_sorted"][n_new:]) if k == "person" and n}
    seen |= {(c, n) for k, c, n in zip(p.kind[n_new:], p.cols["company_key"][n_new:], p.cols["name_sorted"][n_new:])
             if k == "person" and n and c}
    stored.names.add(p, range(n_new), seen)
    for k in p.kind[:n_new]:
        stored.n[k] = stored.n.get(k, 0) + 1


def candidate_pairs(n_new: int, new_tokens: list[list[str]], neighbours: list[Neighbour], stored: Stored
                    ) -> np.ndarray:
    """Pairs (i < j) with at least one new record, from shared tokens. Every member of a block
    below its cap was read back, so the block is complete; a block that grows past its cap joins
    `stored.oversized` and, as in a full run, no longer pairs all its members."""
    groups: dict[str, list[int]] = {}
    for i, toks in enumerate(new_tokens):
        for t in toks:
            if t not in stored.oversized:
                groups.setdefault(t, []).append(i)
    for j, nb in enumerate(neighbours):
        for t in nb.tokens:
            if t in groups:
                groups[t].append(n_new + j)
    codes: list[int] = []
    n = n_new + len(neighbours)
    for t, members in groups.items():
        if len(members) > token_cap(t):
            stored.oversized.add(t)
            continue
        for a in members:
            if a >= n_new:
                continue
            for b in members:
                if b != a and (b >= n_new or b > a):
                    codes.append(min(a, b) * n + max(a, b))
    if not codes:
        return np.empty((0, 2), dtype=np.int64)
    u = np.unique(np.asarray(codes, dtype=np.int64))
    return np.stack([u // n, u % n], axis=1)


def resolve_new(new: Prepared, new_tokens: list[list[str]], neighbours: list[Neighbour], stored: Stored,
                labels: Mapping[tuple[str, str], bool] | None = None, golden_of: Mapping[str, str] | None = None,
                config: ResolveConfig | None = None) -> Incremental:
    """Resolve `new` records against their neighbours. `labels`: review decisions (must/cannot
    links); `golden_of` gives the golden of a labelled record that is not a neighbour."""
    cfg = config or ResolveConfig()
    t0 = time.perf_counter()
    n_new = len(new)
    ident = [f for f in stored.fields if compare.is_identifier_field(f)]
    p = concat(new, from_norm([x.id for x in neighbours], [x.norm for x in neighbours], ident))
    for f in ident:
        p.cols.setdefault(f, [None] * len(p))
    comps = [compare.comparison_named(f) for f in stored.fields]
    _count_in(stored, p, n_new, comps)
    pairs = candidate_pairs(n_new, new_tokens, neighbours, stored)
    pos = {rid: i for i, rid in enumerate(p.ids)}
    gold = {x.id: x.golden for x in neighbours} | dict(golden_of or {})
    goldens = sorted({x.golden for x in neighbours} | {g for r, g in (golden_of or {}).items()})
    node_of_golden = {g: n_new + k for k, g in enumerate(goldens)}

    def node(rid: str) -> int | None:
        i = pos.get(rid)
        if i is not None and i < n_new:
            return i
        return node_of_golden.get(gold.get(rid, ""))

    must, cannot, lab_pairs = [], [], []
    for (a, b), same in (labels or {}).items():
        if a in pos and b in pos and (pos[a] < n_new or pos[b] < n_new) and a != b:
            lab_pairs.append((min(pos[a], pos[b]), max(pos[a], pos[b]), 1 if same else 0))
        na, nb = node(a), node(b)
        # A cannot-link also keeps two existing goldens apart (a reviewer's "different", a split).
        if na is not None and nb is not None and na != nb and (na < n_new or nb < n_new or not same):
            (must if same else cannot).append((na, nb))
    if lab_pairs:
        n = len(p)
        extra = np.array([i * n + j for i, j, _ in lab_pairs], dtype=np.int64)
        u = np.unique(np.concatenate([pairs[:, 0] * n + pairs[:, 1], extra]))
        pairs = np.stack([u // n, u % n], axis=1)
    t_block = time.perf_counter()
    lab = np.full(len(pairs), -1, dtype=np.int8)
    if lab_pairs:
        index = {(int(a), int(b)): e for e, (a, b) in enumerate(pairs.tolist())}
        for i, j, v in lab_pairs:
            lab[index[(i, j)]] = v
    models = stored.scaled_models()
    threshold = cfg.threshold if cfg.threshold is not None else stored.threshold

    tf_columns = _tf_columns(p, comps) if cfg.term_frequency else []  # once: linkage tests score again

    def score(pairs: np.ndarray, lab: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], dict]:
        gamma = compare.compare_pairs(p, pairs, comps)
        tf = (_tf_adjustment(p, pairs, gamma, comps, stored.terms, tf_columns) if cfg.term_frequency
              else np.zeros(len(pairs)))
        scores = fs.posterior(pair_weights(p, pairs, gamma, models) + tf)
        identified = identity_evidence(p, pairs, gamma, comps)
        scores, method, held = finish_scores(p, pairs, gamma, comps, scores, identified, threshold, lab,
                                             stored.names)
        return gamma, tf, scores, method, held

    gamma, tf, scores, method, held = score(pairs, lab)
    t_cmp = t_score = time.perf_counter()
    # Cluster new records with the neighbours' goldens as units (one node per golden). Two
    # goldens a new record links are merged as a full run would merge them: the mean score
    # over the compared pairs of their records must pass (average linkage).
    n_nodes = n_new + len(goldens)
    rec_node = np.arange(len(p))
    for j, nb in enumerate(neighbours):
        rec_node[n_new + j] = node_of_golden[nb.golden]
    hard: list[dict[str, str]] = [hard_key_values(p, i) for i in range(n_new)]
    hard += [{} for _ in goldens]
    records_of: list[list[int]] = [[i] for i in range(n_new)] + [[] for _ in goldens]
    for j in range(len(neighbours)):
        records_of[rec_node[n_new + j]].append(n_new + j)
        for k, v in hard_key_values(p, n_new + j).items():
            hard[rec_node[n_new + j]].setdefault(k, v)
    best: dict[tuple[int, int], float] = {}
    for (a, b), s in zip(rec_node[pairs].tolist() if len(pairs) else [], scores.tolist()):
        if a != b:
            key = (min(a, b), max(a, b))
            best[key] = max(best.get(key, -1.0), s)
    node_pairs = np.array(list(best), dtype=np.int64).reshape(-1, 2)
    node_scores = np.array(list(best.values()), dtype=float)
    linkage = _Linkage(p, pairs, scores, n_new, neighbours, stored, records_of, score, threshold)
    roots_n, score_n, uf = cluster(n_nodes, node_pairs, node_scores, threshold, hard, cannot=cannot, must=must,
                                   weight=[len(r) for r in records_of], linked=linkage.linked)
    roots = roots_n[rec_node]
    member_score = np.concatenate([score_n[:n_new], np.ones(len(neighbours))])
    anchor: dict[int, list[str]] = {}
    for g in goldens:
        anchor.setdefault(int(roots_n[node_of_golden[g]]), []).append(g)
    t_end = time.perf_counter()
    stats = {"records": n_new, "neighbours": len(neighbours), "candidate_pairs": len(pairs),
             "threshold": round(threshold, 4), "threshold_source": "stored" if cfg.threshold is None else "given",
             "namesakes_held": len(held), "refused_merges": len(uf.rejected),
             "goldens_merged": sum(len(v) - 1 for v in anchor.values()), "linkage_pairs": linkage.scored,
             "seconds": {"block": round(t_block - t0, 3), "compare": round(t_cmp - t_block, 3),
                         "score": round(t_score - t_cmp, 3), "cluster": round(t_end - t_score, 3),
                         "total": round(t_end - t0, 3)}}
    res = Resolution(p, pairs, gamma, scores, method, roots, member_score, models, tf, uf, threshold,
                     (cfg.review_low, cfg.review_high), stats, held)
    return Incremental(res, n_new, anchor, stats["seconds"])
