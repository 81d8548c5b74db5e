"""Pairwise precision / recall / F1 of a clustering against truth entity ids."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores(clusters: Sequence[object], entities: Sequence[object]) -> dict[str, float]:
    """Counts pairs via contingency tables, so it is O(n) even for huge clusters."""
    both = Counter(zip(clusters, entities))
    tp = sum(_pairs(c) for c in both.values())
    pred = sum(_pairs(c) for c in Counter(clusters).values())
    true = sum(_pairs(c) for c in Counter(entities).values())
    precision = tp / pred if pred else 1.0
    recall = tp / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": true, "predicted_pairs": pred,
            "tp": tp}
