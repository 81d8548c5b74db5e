"""Fellegi–Sunter model: per-field m/u probabilities learned by EM without labels.

m[c][k] = P(level k on comparison c | same entity), u[c][k] = P(level k | different).
A pair's match weight is log2(lambda/(1-lambda)) + sum_c log2(m/u) over its non-missing
levels. EM runs on the distinct comparison patterns (a few hundred), not on the millions of
pairs, so it takes milliseconds. u starts from random record pairs (which are almost all
non-matches); confirmed labels, when given, pin their pairs' responsibilities to 1 or 0
(semi-supervised EM), which is how review decisions refine the weights.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np

from .compare import Comparison, compare_pairs
from .records import Prepared

_EPS = 1e-6


@dataclass
class FSModel:
    fields: list[str]
    labels: list[tuple[str, ...]]
    m: list[np.ndarray]  # per comparison, index = level (0 unused)
    u: list[np.ndarray]
    lam: float
    iterations: int = 0
    history: list[float] = field(default_factory=list)

    def weights(self) -> list[np.ndarray]:
        out = []
        for m, u in zip(self.m, self.u):
            w = np.log2(np.maximum(m, _EPS) / np.maximum(u, _EPS))
            w[0] = 0.0  # missing: no evidence
            # Stronger agreement never weighs less than weaker agreement on the same field
            # (EM on sparse levels can invert neighbours): running max over levels >= 1.
            w[1:] = np.maximum.accumulate(w[1:])
            out.append(w)
        return out

    def prior_weight(self) -> float:
        return math.log2(self.lam / (1 - self.lam))

    def match_weight(self, gamma: np.ndarray) -> np.ndarray:
        total = np.full(len(gamma), self.prior_weight())
        for c, w in enumerate(self.weights()):
            total += w[gamma[:, c]]
        return total

    def to_dict(self) -> dict:
        return {"fields": self.fields, "lambda": self.lam, "iterations": self.iterations,
                "levels": {f: {lab: {"m": round(float(m[k + 1]), 5), "u": round(float(u[k + 1]), 6)}
                               for k, lab in enumerate(labs)}
                           for f, labs, m, u in zip(self.fields, self.labels, self.m, self.u)}}

    def to_state(self) -> dict:
        """Everything needed to score with this model later, at full precision (JSON-ready)."""
        return {"fields": self.fields, "labels": [list(x) for x in self.labels], "lambda": self.lam,
                "m": [x.tolist() for x in self.m], "u": [x.tolist() for x in self.u], "iterations": self.iterations}

    @classmethod
    def from_state(cls, st: dict) -> FSModel:
        return cls(list(st["fields"]), [tuple(x) for x in st["labels"]], [np.asarray(x, dtype=float) for x in st["m"]],
                   [np.asarray(x, dtype=float) for x in st["u"]], float(st["lambda"]), int(st.get("iterations", 0)))

    def explain(self, gamma_row: np.ndarray, extra: dict[str, float] | None = None) -> str:
        """JSON evidence for one pair: each field's level and its weight."""
        ws = self.weights()
        ev = {}
        for c, f in enumerate(self.fields):
            k = int(gamma_row[c])
            if k:
                ev[f] = {"level": self.labels[c][k - 1], "weight": round(float(ws[c][k]), 2)}
        for k, v in (extra or {}).items():
            ev[k] = {"level": "term frequency", "weight": round(v, 2)}
        return json.dumps(ev, ensure_ascii=False)


def random_pairs(p: Prepared, n: int, seed: int = 7, kind: str | None = None) -> np.ndarray:
    """Random same-kind pairs, used to estimate u (nearly all are non-matches)."""
    rng = np.random.default_rng(seed)
    kinds = np.asarray(p.kind)
    out = []
    for k in ([kind] if kind else np.unique(kinds)):
        idx = np.flatnonzero(kinds == k)
        if len(idx) < 2:
            continue
        if len(idx) * (len(idx) - 1) // 2 <= n:  # small population: every pair, exactly
            a, b = np.triu_indices(len(idx), k=1)
            out.append(np.stack([idx[a], idx[b]], axis=1))
            continue
        share = max(int(n * len(idx) / len(p)), 1)
        a, b = rng.choice(idx, share), rng.choice(idx, share)
        keep = a != b
        out.append(np.stack([np.minimum(a, b)[keep], np.maximum(a, b)[keep]], axis=1))
    return np.concatenate(out) if out else np.empty((0, 2), dtype=np.int64)


def _freq(gamma_col: np.ndarray, n_levels: int, weights: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """Level frequencies among non-missing levels, smoothed by a small Dirichlet prior."""
    counts = np.bincount(gamma_col, weights=weights, minlength=n_levels).astype(float)
    counts[0] = 0.0
    counts[1:] += prior[1:]
    return counts / counts[1:].sum()


def _m_prior(n_levels: int) -> np.ndarray:
    """Starting m: matches mostly agree exactly, rarely disagree."""
    raw = np.array([0.0] + [2.0 ** k for k in range(n_levels - 1)])
    return raw / raw[1:].sum()


def _u_prior(n_levels: int) -> np.ndarray:
    """Prior u: two random records almost always disagree; agreement levels are rare, the
    stronger the rarer (5% at the weakest agreement down to 0.1% exact)."""
    top = n_levels - 1
    u = np.zeros(n_levels)
    if top >= 2:
        steps = np.arange(top - 1) / max(top - 2, 1)
        u[2:] = 0.05 * (0.001 / 0.05) ** steps if top > 2 else 0.001
    u[1] = 1.0 - u[2:].sum()
    return u


# Prior strength in pseudo-pairs for small inputs. On a 4-row file EM sees one or two
# candidate pairs and would spread m evenly over the levels (a shared e-mail then weighs
# nothing); there the priors above decide. The strength fades linearly to 0 as the data
# grows to SMALL_* pairs, above which EM and the random sample are trusted alone.
PRIOR_MATCHES, SMALL_CANDIDATES = 10.0, 1000
PRIOR_RANDOM_PAIRS, SMALL_RANDOM = 50.0, 5000


def prior_strength(full: float, n_pairs: int, small: int) -> float:
    return full * max(0.0, 1.0 - n_pairs / small)


def total_pairs(p: Prepared, kind: str | None = None) -> int:
    """Number of same-kind record pairs: the population lambda is a share of."""
    counts: dict[str, int] = {}
    for k in p.kind:
        if kind is None or k == kind:
            counts[k] = counts.get(k, 0) + 1
    return max(sum(c * (c - 1) // 2 for c in counts.values()), 1)


def fit(p: Prepared, comps: list[Comparison], gamma: np.ndarray, *, labels: np.ndarray | None = None,
        u_sample: int = 200_000, max_iter: int = 100, tol: float = 1e-6, kind: str | None = None,
        identifier_fields: frozenset[str] | None = None) -> FSModel:
    """EM over the whole population of record pairs, of which only the blocked candidates
    can be matches (the others contribute responsibility ~0). So lambda is the chance that
    two RANDOM records match, consistent with u from random pairs; estimating lambda inside
    the candidate set instead would make every candidate look like a match (all of them
    agree on something). u stays at its random-pair value; m and lambda are learned.
    `labels` (per pair: 1 match, 0 non-match, -1 unknown) pin responsibilities."""
    levels = [c.n_levels for c in comps]
    rp = random_pairs(p, u_sample, kind=kind)
    g_rand = compare_pairs(p, rp, comps)
    u = [_freq(g_rand[:, c], levels[c], np.ones(len(g_rand)), 0.5 + prior_strength(PRIOR_RANDOM_PAIRS, len(g_rand), SMALL_RANDOM) * _u_prior(levels[c]))
         for c in range(len(comps))]
    k_m = prior_strength(PRIOR_MATCHES, len(gamma), SMALL_CANDIDATES)
    m_pseudo = [0.5 + k_m * _m_prior(levels[c]) for c in range(len(comps))]
    m = [_m_prior(levels[c]) for c in range(len(comps))]
    u_floor = [np.full(levels[c], 0.5 / max(len(g_rand), 1)) for c in range(len(comps))]
    population = total_pairs(p, kind)
    model = FSModel([c.field for c in comps], [c.labels for c in comps], m, [x.copy() for x in u],
                    min(max(1.0 / population, 1e-12), 0.5))
    if len(gamma) == 0:
        return model
    lab = labels if labels is not None else np.full(len(gamma), -1, dtype=np.int8)
    keyed = np.concatenate([gamma.astype(np.int16), lab.reshape(-1, 1).astype(np.int16)], axis=1)
    patterns, counts = np.unique(keyed, axis=0, return_counts=True)
    pg, pl = patterns[:, :-1].astype(np.int64), patterns[:, -1]
    counts = counts.astype(float)
    for it in range(max_iter):
        before = np.concatenate([np.concatenate(model.m), [model.lam]])
        resp = posterior(model.match_weight(pg))
        resp = np.where(pl == 1, 1.0, np.where(pl == 0, 0.0, resp))
        rm = resp * counts
        model.lam = float(np.clip(rm.sum() / population, 1e-12, 0.5))
        for c in range(len(comps)):
            model.m[c] = _freq(pg[:, c], levels[c], rm, m_pseudo[c])
            # Random pairs include true matches at rate lambda; in small or duplicate-heavy
            # files that inflates u on exact levels to the size of lambda itself. Remove them:
            # u_rand = lambda*m + (1-lambda)*u  =>  u = (u_rand - lambda*m) / (1-lambda).
            # The estimate is noisy on rare levels, so the correction is bounded to 2 bits.
            # For descriptive fields (person names) only in small files: at scale EM's
            # lambda*m is itself inflated by look-alikes and would erase real name collisions.
            # Identifiers (email, phone, credit code; a company's own name) are corrected always:
            # two distinct entities rarely share one, so the random-pair hits are the matches.
            corr = population < 2_000_000 or comps[c].field in (identifier_fields or ())
            floor = np.maximum(u[c] / 4 if corr else u[c], u_floor[c])
            corrected = np.maximum(u[c] - model.lam * model.m[c], floor)
            corrected[0] = 0.0
            model.u[c] = corrected / corrected[1:].sum()
        after = np.concatenate([np.concatenate(model.m), [model.lam]])
        model.history.append(model.lam)
        model.iterations = it + 1
        if np.max(np.abs(after - before) / np.maximum(np.abs(before), 1e-12)) < tol * 1000:
            break
    return model


def posterior(weight: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.power(2.0, -np.clip(weight, -60, 60)))
