"""Clustering of matched pairs into entities, under hard constraints.

Greedy union-find over edges from the strongest score down. Two clusters are joined only
if they carry no conflicting hard key (two different valid credit codes, two unionids)
and no cannot-link decision (a reviewer's "different") separates them. Processing
strongest first means a weak chain edge cannot pull apart what strong evidence built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np


class ConstrainedUnionFind:
    def __init__(self, n: int, hard_keys: Sequence[dict[str, str]], cannot: Iterable[tuple[int, int]] = ()):
        self.parent = list(range(n))
        self.size = [1] * n
        self.keys: list[dict[str, str]] = [dict(k) for k in hard_keys]
        self.cannot: dict[int, set[int]] = {}
        for a, b in cannot:
            self.cannot.setdefault(a, set()).add(b)
            self.cannot.setdefault(b, set()).add(a)
        self.forbid: dict[int, set[int]] = {r: set(s) for r, s in self.cannot.items()}
        self.rejected: list[tuple[int, int, str]] = []  # edges refused, with the reason

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def conflict(self, a: int, b: int) -> str | None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        ka, kb = self.keys[ra], self.keys[rb]
        for k, v in ka.items():
            if k in kb and kb[k] != v:
                return k
        small, other = (ra, rb) if len(self.forbid.get(ra, ())) <= len(self.forbid.get(rb, ())) else (rb, ra)
        if any(self.find(x) == other for x in self.forbid.get(small, ())):
            return "cannot_link"
        return None

    def union(self, a: int, b: int) -> bool:
        why = self.conflict(a, b)
        if why:
            self.rejected.append((a, b, why))
            return False
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        self.keys[ra] = {**self.keys[rb], **self.keys[ra]}
        if rb in self.forbid:
            self.forbid.setdefault(ra, set()).update(self.forbid.pop(rb))
        return True


def _linked(xs: list[int], ys: list[int], score_of: dict[tuple[int, int], float], threshold: float) -> bool:
    """Joining two multi-record clusters needs more than one good edge: the mean score over
    the compared cross pairs must pass the threshold (average linkage), so a single
    look-alike record cannot chain two entities together."""
    got = [score_of[(min(x, y), max(x, y))] for x in xs for y in ys if (min(x, y), max(x, y)) in score_of]
    return bool(got) and sum(got) / len(got) >= threshold


def cluster(n: int, pairs: np.ndarray, scores: np.ndarray, threshold: float,
            hard_keys: Sequence[dict[str, str]], cannot: Iterable[tuple[int, int]] = (),
            must: Iterable[tuple[int, int]] = (), weight: Sequence[int] | None = None,
            linked: Callable[[list[int], list[int]], bool] | None = None,
            ) -> tuple[np.ndarray, np.ndarray, ConstrainedUnionFind]:
    """-> (cluster root per record, membership score per record, the union-find).

    A merged record's score is its best accepted edge; a singleton's is 1 - its best
    candidate score, i.e. how sure we are that it has no duplicate. An incremental run
    clusters nodes that stand for several records (an existing golden): `weight` gives the
    records per node and `linked(xs, ys)` the average-linkage test over the nodes' records."""
    uf = ConstrainedUnionFind(n, hard_keys, cannot)
    for a, b in must:
        uf.union(a, b)
    order = np.argsort(-scores, kind="stable")
    # Only records touched by a passing edge can end up in multi-record clusters, so only
    # their pairs are ever looked up by the average-linkage test: index just those.
    live = np.zeros(n, dtype=bool)
    if len(pairs):
        hot = pairs[scores >= threshold]
        live[hot[:, 0]] = live[hot[:, 1]] = True
        for a, b in must:
            live[a] = live[b] = True
        keep = live[pairs[:, 0]] & live[pairs[:, 1]]
    else:
        keep = np.zeros(0, dtype=bool)
    score_of = {(int(a), int(b)): float(s) for (a, b), s in zip(pairs[keep].tolist(), scores[keep].tolist())}
    members: dict[int, list[int]] = {}
    best_in = np.zeros(n)
    best_any = np.zeros(n)
    np.maximum.at(best_any, pairs[:, 0], scores) if len(pairs) else None
    np.maximum.at(best_any, pairs[:, 1], scores) if len(pairs) else None
    records = list(weight) if weight is not None else None

    def several(r: int) -> bool:
        return (sum(records[x] for x in members.get(r, [r])) if records else uf.size[r]) > 1

    for e in order:
        s = scores[e]
        if s < threshold:
            break
        a, b = int(pairs[e, 0]), int(pairs[e, 1])
        ra, rb = uf.find(a), uf.find(b)
        if ra != rb and several(ra) and several(rb) and not (
                linked(members.get(ra, [ra]), members.get(rb, [rb])) if linked else
                _linked(members.get(ra, [ra]), members.get(rb, [rb]), score_of, threshold)):
            uf.rejected.append((a, b, "weak_link"))
            continue
        if uf.union(a, b):
            root = uf.find(a)
            merged = members.pop(ra, [ra]) + members.pop(rb, [rb])
            members[root] = merged
            best_in[a] = max(best_in[a], s)
            best_in[b] = max(best_in[b], s)
    roots = np.fromiter((uf.find(i) for i in range(n)), dtype=np.int64, count=n)
    for a, b in must:
        best_in[a] = best_in[b] = 1.0
    sizes = np.bincount(roots, minlength=n)
    member_score = np.where(sizes[roots] > 1, best_in, 1.0 - best_any)
    return roots, member_score, uf
