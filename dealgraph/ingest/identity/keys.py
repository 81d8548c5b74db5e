"""Deterministic keys: values that identify an entity on their own.

Hard keys (valid credit code, WeCom unionid) both LINK records that share them and FORBID
merging records that carry different values. Email and phone are strong but not hard: a
switchboard number or info@ mailbox is shared by many people, so they feed the
probabilistic model (with very high weights) instead of linking blindly.
"""

from __future__ import annotations

from .records import HARD_KEYS, Prepared


def hard_key_values(p: Prepared, i: int) -> dict[str, str]:
    return {k: p.cols[k][i] for k in HARD_KEYS if p.cols[k][i] is not None}


def conflicting(a: dict[str, set[str]], b: dict[str, set[str]]) -> str | None:
    """Name of the first hard key on which two clusters carry different values, else None."""
    for k in HARD_KEYS:
        va, vb = a.get(k), b.get(k)
        if va and vb and va != vb:
            return k
    return None


def pair_conflict(p: Prepared, i: int, j: int) -> str | None:
    for k in HARD_KEYS:
        a, b = p.cols[k][i], p.cols[k][j]
        if a is not None and b is not None and a != b:
            return k
    return None


def pair_shares_hard_key(p: Prepared, i: int, j: int) -> str | None:
    if p.kind[i] != p.kind[j]:
        return None
    for k in HARD_KEYS:
        a = p.cols[k][i]
        if a is not None and a == p.cols[k][j]:
            return k
    return None
