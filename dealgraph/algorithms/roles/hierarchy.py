"""Reporting-line arithmetic on plain dicts: depth from the top, direct and indirect reports.

Pure Python on purpose: these numbers are exact and cheap on a tree, and they are what an
account manager reads in the evidence ("4 direct reports, 37 people below"). A cycle in the
reporting lines (bad data) is cut where it is found, so every person still gets a depth.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Position:
    depth: int = 0  # 0 = top of its reporting tree
    direct_reports: int = 0
    span: int = 0  # everyone below, directly or indirectly
    tree_size: int = 1  # people in the same reporting tree
    tree_depth: int = 0  # deepest level of that tree
    root: str = ""


def positions(ids: list[str], manager_of: dict[str, str]) -> dict[str, Position]:
    """`manager_of` maps a person to their manager; managers outside `ids` are ignored."""
    known = set(ids)
    boss = {c: m for c, m in manager_of.items() if c in known and m in known and c != m}
    _cut_cycles(boss)
    children: dict[str, list[str]] = {c: [] for c in ids}
    for c, m in boss.items():
        children[m].append(c)
    pos = {c: Position(direct_reports=len(children[c])) for c in ids}
    roots = [c for c in ids if c not in boss]
    for root in roots:
        order, stack = [], [(root, 0)]
        while stack:  # iterative DFS: deep chains must not hit the recursion limit
            node, depth = stack.pop()
            pos[node].depth, pos[node].root = depth, root
            order.append(node)
            stack.extend((ch, depth + 1) for ch in children[node])
        for node in reversed(order):  # children before parents
            pos[node].span = sum(pos[ch].span + 1 for ch in children[node])
        deepest = max(pos[n].depth for n in order)
        for node in order:
            pos[node].tree_size, pos[node].tree_depth = len(order), deepest
    return pos


def _cut_cycles(boss: dict[str, str]) -> list[str]:
    """Remove one link of every cycle (in place); return the people whose link was cut."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    cut = []
    for start in list(boss):
        walk, node = [], start
        while node in boss and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = boss[node]
        if state.get(node) == 1:  # walked back into this walk: a cycle
            del boss[node]
            cut.append(node)
        for n in walk:
            state[n] = 2
    return cut
