"""Introduction paths: from our account owner to each decision maker, with a reason per hop.

A hop is any tie that lets one person introduce us to the next. Its cost says how weak the
tie is (lower = easier ask):
    our own past interactions with the contact  0.3..1.0 (more and more varied = cheaper)
    a colleague at our company                  1.0
    KNOWS                                       1.5 - strength (0.5..1.5)
    reporting line                              1.0
    attended the same meeting                   1.2
    shared former employer                      1.6
    shared school                               1.8
The ties are gathered with Cypher (graph/queries/intro_paths.py), projected once (undirected, integer ids) and GDS Yen's k
shortest paths finds the cheapest routes: one Cypher call runs Yen for every (owner, decision
maker) pair (UNWIND), because a round trip per pair cost ~2 s on a 500-person account.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict

from ...graph.connection import Graph
from ...graph.queries.intro_paths import TieRows, k_shortest_paths, read_tie_rows

Person = tuple[str, str]  # ("User" | "Contact", id)


class _Ties:
    """Cheapest tie per pair of people, with every reason seen for it."""

    def __init__(self) -> None:
        self.cost: dict[frozenset, float] = {}
        self.reason: dict[frozenset, list[tuple[float, str, str]]] = defaultdict(list)

    def add(self, a: Person, b: Person, cost: float, relation: str, reason: str) -> None:
        if a == b:
            return
        key = frozenset((a, b))
        self.cost[key] = min(cost, self.cost.get(key, math.inf))
        self.reason[key].append((cost, relation, reason))


def introduction_paths(graph: Graph, account_id: str, k: int = 2) -> list[dict]:
    """Best `k` introduction paths from each account owner to each decision maker of the account.

    Returns one dict per (owner, decision maker, rank); a decision maker nobody can reach gets
    one dict with reachable=False. Empty when the account has no owner or no decision maker.
    """
    return paths_from_rows(graph, read_tie_rows(graph, account_id), k)


def paths_from_rows(graph: Graph, rows: TieRows, k: int = 2) -> list[dict]:
    """`introduction_paths` on rows already read (or changed by a sandbox); the graph only hosts the
    GDS projection, built from these rows."""
    people = {r["id"]: r for r in rows.people}
    dms = [p for p in people.values() if p["role"] == "decision_maker"]
    if not rows.owners or not dms:
        return []
    names: dict[Person, str] = {("Contact", i): p["name"] for i, p in people.items()}
    names.update({("User", o["id"]): o["name"] for o in rows.owners})
    ties = _gather(rows, names)
    return _search(graph, ties, names, rows.owners, dms, people, k)


def introduction_paths_view(graph: Graph, account_id: str) -> tuple[list[dict], str | None]:
    """(paths, note) for the decision-chain view: JSON-plain paths, and a note saying why there are
    none. Never raises: a failing optional panel must not take the page down."""
    try:
        paths = introduction_paths(graph, account_id)
    except Exception as e:  # noqa: BLE001 - reported in the note instead
        return [], f"introduction paths failed: {e}"
    paths = json.loads(json.dumps(paths, ensure_ascii=False, default=_plain_time))
    return paths, None if paths else "no introduction path from our people to a decision maker was found"


def _plain_time(v: object) -> str:
    iso = getattr(v, "iso_format", None) or getattr(v, "isoformat", None)
    return iso() if iso else str(v)


def _gather(rows: TieRows, names: dict[Person, str]) -> _Ties:
    ties = _Ties()
    owner_keys = [("User", o["id"]) for o in rows.owners]
    for r in rows.met:
        u = ("User", r["uid"])
        names.setdefault(u, r["uname"])
        kinds = ", ".join(sorted(k for k in r["kinds"] if k)) or "interaction"
        cost = max(0.3, 1.0 / (1.0 + math.log2(1 + r["n"])) + 0.1 * (len(r["kinds"]) == 1))
        last = f", last {r['last'][:10]}" if r["last"] else ""
        ties.add(u, ("Contact", r["cid"]), cost, "interaction",
                 f"{names[u]} had {r['n']} interaction(s) with {names[('Contact', r['cid'])]} ({kinds}{last})")
        for o in owner_keys:
            if o != u:  # a colleague who already knows the contact can pass us on
                ties.add(o, u, 1.0, "colleague", f"{names[o]} and {names[u]} are colleagues at our company")
    for r in rows.knows:
        a, b = ("Contact", r["a"]), (r["kind"], r["b"])
        names.setdefault(b, r["name"])
        via = f" via {r['source']}" if r["source"] else ""
        ties.add(a, b, 1.5 - min(max(r["strength"], 0.0), 1.0), "knows",
                 f"{names[a]} knows {names[b]} (tie strength {r['strength']:.1f}{via})")
    for r in rows.reports:
        a, b = ("Contact", r["a"]), ("Contact", r["b"])
        if b in names:
            ties.add(a, b, 1.0, "reports_to", f"{names[a]} reports to {names[b]}")
    for r in rows.co_attend:
        a, b = ("Contact", r["a"]), ("Contact", r["b"])
        if b in names:
            ties.add(a, b, 1.2, "met_together", f"{names[a]} and {names[b]} attended {r['n']} meeting(s) "
                                                f"together ({r['topic'] or 'meeting'})")
    for r in rows.shared:
        a, b = (r["akind"], r["a"]), (r["bkind"], r["b"])
        if a in names and b in names:
            what = "worked at" if r["rel"] == "WORKED_AT" else "studied at"
            ties.add(a, b, 1.6 if r["rel"] == "WORKED_AT" else 1.8, "shared_" + r["rel"].lower(),
                     f"{names[a]} and {names[b]} both {what} {r['place']}")
    return ties


def _search(graph: Graph, ties: _Ties, names: dict[Person, str], owners: list[dict], dms: list[dict],
            people: dict[str, dict], k: int) -> list[dict]:
    nodes = sorted(names)
    index = {p: i for i, p in enumerate(nodes)}
    rows = [{"s": i, "t": None, "type": None, "rp": None} for i in index.values()]
    for key, cost in ties.cost.items():
        a, b = tuple(key)
        if a in index and b in index:
            rows.append({"s": index[a], "t": index[b], "type": "TIE", "rp": {"cost": cost}})
    pairs = [(owner, dm) for owner in owners for dm in sorted(dms, key=lambda d: -(d["confidence"] or 0))]
    out: list[dict] = []
    found: dict[tuple[int, int], list[dict]] = defaultdict(list)
    keys = sorted({(index[("User", o["id"])], index[("Contact", d["id"])]) for o, d in pairs})
    for r in k_shortest_paths(graph, rows, keys, k):
        found[(r["s"], r["t"])].append(r)
    for owner, dm in pairs:
        target = {"id": dm["id"], "name": dm["name"], "title": dm["title"], "role_confidence": dm["confidence"]}
        who = {"id": owner["id"], "name": owner["name"]}
        routes = sorted(found.get((index[("User", owner["id"])], index[("Contact", dm["id"])]), []),
                        key=lambda r: r["index"])
        if not routes:
            out.append({"owner": who, "decision_maker": target, "rank": 0, "reachable": False,
                        "cost": None, "hops": [], "summary": f"no known tie reaches {dm['name']} yet"})
        for r in routes:
            hops = [_hop(nodes[a], nodes[b], ties, names) for a, b in zip(r["nodeIds"], r["nodeIds"][1:], strict=False)]
            out.append({"owner": who, "decision_maker": target, "rank": int(r["index"]) + 1,
                        "reachable": True, "cost": round(r["totalCost"], 3), "hops": hops,
                        "summary": " -> ".join([names[nodes[r["nodeIds"][0]]]] + [h["to_name"] for h in hops])})
    return out


def _hop(a: Person, b: Person, ties: _Ties, names: dict[Person, str]) -> dict:
    options = sorted(ties.reason[frozenset((a, b))])
    cost, relation, reason = options[0]
    return {"from": a[1], "from_kind": a[0], "from_name": names[a], "to": b[1], "to_kind": b[0],
            "to_name": names[b], "relation": relation, "cost": round(cost, 3), "reason": reason,
            "other_reasons": [r for _, _, r in options[1:4]]}
