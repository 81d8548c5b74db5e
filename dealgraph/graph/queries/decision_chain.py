"""The decision chain of one account, read in a fixed number of queries (6).

`decision_chain_data(graph, account_id)` is shared by the force-directed page (dealgraph.viz)
and the API's DecisionChain type, so the dict shape below is a contract:

    {
      "account": {"id", "name", "name_en", "industry", "region"},
      "nodes": [   # one per drawn thing; "id" is prefixed by kind so ids of kinds never collide
        {"id": "a:<id>", "kind": "account", "ref", "label", "name"},
        {"id": "c:<contact id>", "kind": "contact", "ref": contact id, "label", "name", "name_en",
         "title", "department_id" ("d:<id>" or None), "department", "manager_ids": [contact ids],
         "role": "decision_maker" | "influencer" | "executor" | "unclassified",
         "role_confidence": float | None, "role_evidence": [str], "role_model": str | None,
         "role_label": str | None (confirmed by a user),
         "seniority": 0..1, "influence": 0..1, "influence_evidence": [str], "depth": int | None,
         "reports": int (everyone below in the reporting tree),
         "background": [str] (career and schools, e.g. "worked at 华为 as 经理 (2010–2015)"),
         "interactions": {"count", "first_at", "last_at" (ISO str | None), "channels": [str], "kinds": [str],
                          "sentiment": float | None, "topics": [str], "meeting_types": [str]},
         "properties": {other primitive properties of the contact}},
        {"id": "d:<id>", "kind": "department", "ref", "label", "name", "parent_id", "size"},
        {"id": "u:<id>", "kind": "user", "ref", "label", "name", "owner": bool, "interaction_count"},
        {"id": "o:<id>", "kind": "organization" | "school", "ref", "label", "name", "shared_by": int,
         "shared_with_us": bool}
      ],
      "edges": [{"id", "source", "target", "type", "dimension", "weight", "detail": str, ...}],
         # type: REPORTS_TO | WORKS_IN | SUB_OF | PART_OF (organisation); KNOWS | WORKED_AT | STUDIED_AT
         # (person); OWNS | INTERACTED (interaction). `dimension` names the toggle that shows it.
      "groups": [{"id": "d:<id>", "name", "members": [node ids]}],   # departments, for layout
      "paths": [ {...} ],  # introduction paths as returned by dealgraph.algorithms.roles.paths
      "paths_note": str | None,  # why there are no paths, when there are none
      "stats": {"contacts", "departments", "users", "backgrounds", "edges", "roles": {role: n}},
    }
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from typing import Any

from ...errors import NotFound
from ...schema.values import to_float
from ..connection import Graph
from .scope import contact_in_account, dept_in_account

ROLES = ("decision_maker", "influencer", "executor")
UNCLASSIFIED = "unclassified"
# How much each role weighs in the fallback influence score (a decision maker outranks an
# equally placed executor). Only used when no stored influence/pagerank exists.
_ROLE_WEIGHT = {"decision_maker": 1.0, "influencer": 0.8, "executor": 0.55, UNCLASSIFIED: 0.7}
# role_influence is what dealgraph.algorithms.roles writes (0..1, meant for node size).
_STORED_INFLUENCE = ("role_influence", "influence", "pagerank", "authority", "article_rank")
_SKIP_PROPS = {"id", "name", "name_en", "title", "role", "role_confidence", "role_evidence",
               "role_model", "role_model_version", "role_influence", "role_label", "account_id", "department_id",
               "manager_id", "stub"}

_Q_ACCOUNT = """
MATCH (a:Account {id: $account_id})
OPTIONAL MATCH (u:User)-[:OWNS]->(a)
RETURN a {.*} AS account,
       [x IN collect(u) WHERE x IS NOT NULL | x {.id, .name, .email, .role}] AS owners
"""

# A contact belongs to the account by its account_id, WORKS_FOR (as ingest writes it) or its department.
_Q_CONTACTS = """
MATCH (a:Account {id: $account_id})
CALL (a) {
  MATCH (c:Contact) WHERE c.account_id = a.id RETURN c
  UNION
  MATCH """ + contact_in_account("c:Contact", "a") + """ RETURN c
  UNION
  MATCH (c:Contact)-[:WORKS_FOR]->(a) RETURN c
}
OPTIONAL MATCH (c)-[:WORKS_IN]->(d:Department)
OPTIONAL MATCH (c)-[:REPORTS_TO]->(m:Contact)
RETURN c {.*} AS c, collect(DISTINCT d {.id, .name})[0] AS dept, collect(DISTINCT m.id) AS managers
"""

_Q_DEPARTMENTS = """
MATCH (a:Account {id: $account_id})
CALL (a) {
  MATCH """ + dept_in_account("d:Department", "a") + """ RETURN d
  UNION
  MATCH (d:Department) WHERE d.account_id = a.id RETURN d
  UNION
  UNWIND $dept_ids AS did MATCH (d:Department {id: did}) RETURN d
}
OPTIONAL MATCH (d)-[:SUB_OF]->(p:Department)
RETURN d.id AS id, d.name AS name, collect(p.id)[0] AS parent_id
"""

# Ties among the account's contacts (each pair once) and ties to our own users.
_Q_KNOWS = """
UNWIND $ids AS cid
MATCH (c:Contact {id: cid})-[k:KNOWS]-(o)
WHERE (o:Contact AND startNode(k) = c AND o.id IN $ids) OR o:User
RETURN c.id AS a, o.id AS b, o:User AS b_user, o.name AS b_name,
       k.strength AS strength, k.kind AS kind, k.source AS source
"""

# One row per (contact, our user) pair; per-contact figures are summed in Python.
_Q_INTERACTIONS = """
UNWIND $ids AS cid
MATCH (c:Contact {id: cid})<-[:INVOLVES]-(i:Interaction)
OPTIONAL MATCH (i)-[:BY]->(u:User)
RETURN cid, u.id AS user_id, u.name AS user_name, count(DISTINCT i) AS n, min(i.at) AS first_at,
       max(i.at) AS last_at,
       collect(DISTINCT coalesce(i.channel, i.kind)) AS channels, collect(DISTINCT i.kind) AS kinds,
       sum(toFloat(i.sentiment)) AS sentiment_sum, count(toFloat(i.sentiment)) AS sentiment_n,
       collect(DISTINCT i.topic)[..12] AS topics, collect(DISTINCT i.meeting_type) AS meeting_types
"""

_Q_BACKGROUND = """
CALL () {
  UNWIND $ids AS pid MATCH (p:Contact {id: pid})-[r:WORKED_AT|STUDIED_AT]->(o) RETURN p, r, o
  UNION ALL
  UNWIND $user_ids AS pid MATCH (p:User {id: pid})-[r:WORKED_AT|STUDIED_AT]->(o) RETURN p, r, o
}
WITH o, collect({pid: p.id, user: p:User, rel: type(r), title: r.title, from: r.from, to: r.to,
                 degree: r.degree}) AS ties
RETURN o.id AS id, o:School AS school, coalesce(o.name, o.id) AS name, ties
"""


def decision_chain_data(graph: Graph, account_id: str) -> dict[str, Any]:
    """Everything the decision-chain view shows for one account (shape in the module docstring).

    Introduction paths are an algorithm (a GDS projection and Yen's search), so they are not read
    here: "paths" is [] until the caller fills "paths" and "paths_note" from
    `dealgraph.algorithms.roles.paths.introduction_paths_view`."""
    head = graph.read(_Q_ACCOUNT, account_id=account_id)
    if not head or head[0]["account"] is None:
        raise NotFound(f"Account {account_id!r} is not in the graph: check the id with `dealgraph db status`.")
    owners = head[0]["owners"]
    account = {k: _plain(head[0]["account"].get(k)) for k in ("id", "name", "name_en", "industry", "region")}

    rows = graph.read(_Q_CONTACTS, account_id=account_id)
    contacts = [_contact_node(r) for r in rows]
    ids = [c["ref"] for c in contacts]
    by_ref = {c["ref"]: c for c in contacts}

    dept_ids = sorted({r["dept"]["id"] for r in rows if r["dept"]})
    departments = {d["id"]: d for d in graph.read(_Q_DEPARTMENTS, account_id=account_id, dept_ids=dept_ids)}

    nodes: list[dict] = []
    edges: list[dict] = []
    users: dict[str, dict] = {}
    for o in owners:
        users[o["id"]] = _user_node(o["id"], o.get("name"), owner=True)

    _organisation(contacts, departments, nodes, edges, by_ref, f"a:{account_id}")
    knows = graph.read(_Q_KNOWS, ids=ids) if ids else []
    _ties(knows, by_ref, users, edges)
    inter = graph.read(_Q_INTERACTIONS, ids=ids) if ids else []
    _interactions(inter, by_ref, users, edges)
    acc_id = f"a:{account['id']}"
    for u in users.values():
        if u["owner"]:
            edges.append(_edge(u["id"], acc_id, "OWNS", "interaction", 1.0,
                               f"{u['name']} owns the account {account.get('name') or account['id']}"))

    bg = graph.read(_Q_BACKGROUND, ids=ids, user_ids=sorted(users)) if ids else []
    backgrounds = _backgrounds(bg, by_ref, users, edges, account)

    _influence(contacts, edges)
    account_node = {"id": acc_id, "kind": "account", "ref": account["id"],
                    "label": account.get("name") or account["id"], "name": account.get("name") or account["id"]}
    nodes = [account_node] + contacts + nodes + list(users.values()) + backgrounds

    groups = [{"id": n["id"], "name": n["name"], "members": []} for n in nodes if n["kind"] == "department"]
    members = defaultdict(list)
    for c in contacts:
        if c["department_id"]:
            members[c["department_id"]].append(c["id"])
    for g in groups:
        g["members"] = members.get(g["id"], [])

    roles = defaultdict(int)
    for c in contacts:
        roles[c["role"]] += 1
    return {
        "account": account,
        "nodes": nodes,
        "edges": edges,
        "groups": groups,
        "paths": [],
        "paths_note": "introduction paths were not computed",
        "stats": {"contacts": len(contacts), "departments": len(groups), "users": len(users),
                  "backgrounds": len(backgrounds), "edges": len(edges), "roles": dict(roles)},
    }


# --- node builders -------------------------------------------------------------------------

def _contact_node(row: dict) -> dict:
    c = row["c"]
    role = c.get("role") if c.get("role") in ROLES else UNCLASSIFIED
    conf = to_float(c.get("role_confidence"))
    dept = row["dept"]
    props = {k: _plain(v) for k, v in c.items() if k not in _SKIP_PROPS and _is_shown(v)}
    return {
        "id": f"c:{c['id']}", "kind": "contact", "ref": c["id"],
        "label": c.get("name") or c["id"], "name": c.get("name") or c["id"], "name_en": c.get("name_en"),
        "title": c.get("title"),
        "department_id": f"d:{dept['id']}" if dept else None,
        "department": (dept or {}).get("name") or _text(c.get("department")),
        "manager_ids": list(row["managers"]) or ([c["manager_id"]] if c.get("manager_id") else []),
        "role": role, "role_confidence": conf if role != UNCLASSIFIED else None,
        "role_evidence": _evidence(c.get("role_evidence")),
        "role_model": c.get("role_model") or c.get("role_model_version"),
        "role_label": c.get("role_label"),  # a role confirmed by a user (`dealgraph roles label`)
        "seniority": to_float(c.get("seniority")), "influence": 0.0, "influence_evidence": [],
        "depth": None, "reports": 0, "background": [],
        "interactions": {"count": 0, "first_at": None, "last_at": None, "channels": [], "kinds": [], "sentiment": None,
                         "topics": [], "meeting_types": []},
        "properties": props,
        "_stored": next((to_float(c.get(k)) for k in _STORED_INFLUENCE if to_float(c.get(k)) is not None), None),
    }


def _user_node(uid: str, name: str | None, owner: bool = False) -> dict:
    return {"id": f"u:{uid}", "kind": "user", "ref": uid, "label": name or uid, "name": name or uid,
            "owner": owner, "interaction_count": 0}


def _edge(src: str, dst: str, typ: str, dim: str, weight: float, detail: str, **extra: Any) -> dict:
    return {"id": f"{typ}:{src}->{dst}", "source": src, "target": dst, "type": typ, "dimension": dim,
            "weight": weight, "detail": detail, **extra}


# --- the three dimensions ------------------------------------------------------------------

def _organisation(contacts: list[dict], departments: dict[str, dict], nodes: list, edges: list,
                  by_ref: dict[str, dict], acc_id: str) -> None:
    """Departments as group nodes, WORKS_IN, SUB_OF, PART_OF and REPORTS_TO inside the account."""
    # Contacts loaded from a plain file may carry only a department name: group them by it.
    for c in contacts:
        if c["department_id"] is None and c["department"]:
            key = f"name:{c['department']}"
            departments.setdefault(key, {"id": key, "name": c["department"], "parent_id": None})
            c["department_id"] = f"d:{key}"
    size = defaultdict(int)
    for c in contacts:
        if c["department_id"]:
            size[c["department_id"]] += 1
    for d in departments.values():
        did = f"d:{d['id']}"
        nodes.append({"id": did, "kind": "department", "ref": d["id"], "label": d.get("name") or d["id"],
                      "name": d.get("name") or d["id"], "parent_id": d.get("parent_id"), "size": size[did]})
        if d.get("parent_id") and d["parent_id"] in departments:
            edges.append(_edge(did, f"d:{d['parent_id']}", "SUB_OF", "organisation", 1.0, "sub-department"))
        else:
            edges.append(_edge(did, acc_id, "PART_OF", "organisation", 1.0, "department of the account"))
    for c in contacts:
        if c["department_id"] and c["department_id"][2:] in departments:
            edges.append(_edge(c["id"], c["department_id"], "WORKS_IN", "organisation", 1.0,
                               f"works in {c['department']}"))
        for m in c["manager_ids"]:
            if m in by_ref:
                edges.append(_edge(c["id"], f"c:{m}", "REPORTS_TO", "organisation", 1.0,
                                   f"{c['name']} reports to {by_ref[m]['name']}"))


def _ties(rows: list[dict], by_ref: dict, users: dict, edges: list) -> None:
    for r in rows:
        strength = to_float(r["strength"])
        how = " / ".join(str(x) for x in (r["kind"], r["source"]) if x)
        if r["b_user"]:
            users.setdefault(r["b"], _user_node(r["b"], r["b_name"]))
            dst, name = f"u:{r['b']}", r["b_name"] or r["b"]
        else:
            dst, name = f"c:{r['b']}", by_ref[r["b"]]["name"]
        detail = f"{by_ref[r['a']]['name']} knows {name}" + (f" ({how})" if how else "")
        if strength is not None:
            detail += f", strength {strength:.2f}"
        edges.append(_edge(f"c:{r['a']}", dst, "KNOWS", "person", strength if strength is not None else 0.5,
                           detail, kind=r["kind"]))


def _interactions(rows: list[dict], by_ref: dict, users: dict, edges: list) -> None:
    """Per-contact history with us, and one INTERACTED edge per (our user, contact) pair."""
    sent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for r in rows:
        c = by_ref[r["cid"]]
        st = c["interactions"]
        last, first = _iso(r["last_at"]), _iso(r["first_at"])
        st["count"] += r["n"]
        if last and (st["last_at"] is None or last > st["last_at"]):
            st["last_at"] = last
        if first and (st["first_at"] is None or first < st["first_at"]):
            st["first_at"] = first
        for key in ("channels", "kinds", "topics", "meeting_types"):
            st[key] = sorted({*st[key], *(str(x) for x in r[key] if x is not None)})
        if r["sentiment_n"]:
            sent[r["cid"]][0] += r["sentiment_sum"]
            sent[r["cid"]][1] += r["sentiment_n"]
        if r["user_id"] is None:
            continue
        u = users.setdefault(r["user_id"], _user_node(r["user_id"], r["user_name"]))
        u["interaction_count"] += r["n"]
        chans = ", ".join(str(x) for x in r["channels"] if x)
        edges.append(_edge(u["id"], c["id"], "INTERACTED", "interaction", float(r["n"]),
                           f"{u['name']} ↔ {c['name']}: {r['n']} interaction(s)"
                           + (f" by {chans}" if chans else "") + (f", last {last[:10]}" if last else ""),
                           count=r["n"], last_at=last, channels=[str(x) for x in r["channels"] if x]))
    for cid, (total, n) in sent.items():
        by_ref[cid]["interactions"]["sentiment"] = round(total / n, 3)


def _backgrounds(rows: list[dict], by_ref: dict, users: dict, edges: list, account: dict) -> list[dict]:
    """Every contact's career and schools go into its card; a former employer or school shared by
    two or more people in the view (ours included) also becomes a node, the warm-intro hint."""
    out = []
    for r in rows:
        oid = f"o:{r['id']}"
        people = {(t["user"], t["pid"]) for t in r["ties"]}
        # The account itself (a current-employer record) is not a shared *former* employer.
        shared = len(people) >= 2 and r["id"] != account["id"] and r["name"] != account.get("name")
        if shared:
            out.append({"id": oid, "kind": "school" if r["school"] else "organization", "ref": r["id"],
                        "label": r["name"], "name": r["name"], "shared_by": len(people),
                        "shared_with_us": any(u for u, _ in people)})
        for t in r["ties"]:
            who = users[t["pid"]]["name"] if t["user"] else by_ref[t["pid"]]["name"]
            span = "–".join(x for x in (_iso(t["from"]), _iso(t["to"])) if x)
            verb = "studied at" if t["rel"] == "STUDIED_AT" else "worked at"
            what = t["title"] or t["degree"]
            line = f"{verb} {r['name']}" + (f" as {what}" if what else "") + (f" ({span})" if span else "")
            if not t["user"]:
                by_ref[t["pid"]]["background"].append(line)
            if shared:
                src = f"u:{t['pid']}" if t["user"] else f"c:{t['pid']}"
                edges.append(_edge(src, oid, t["rel"], "person", 1.0, f"{who} {line}"))
    return out


def _influence(contacts: list[dict], edges: list[dict]) -> None:
    """Influence 0..1: a stored score (pagerank/influence) when the role model wrote one, else a
    transparent mix of seniority (depth in the reporting tree), reach (people below) and ties,
    weighted by the decision role and its confidence."""
    by_id = {c["id"]: c for c in contacts}
    children: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e["type"] == "REPORTS_TO":
            children[e["target"]].append(e["source"])
    has_manager = {e["source"] for e in edges if e["type"] == "REPORTS_TO"}
    # Depth from the top by BFS from the roots; cycles in dirty data are simply not revisited.
    frontier = [c["id"] for c in contacts if c["id"] not in has_manager and children.get(c["id"])]
    depth = {cid: 0 for cid in frontier}
    while frontier:
        nxt = []
        for cid in frontier:
            for ch in children.get(cid, ()):
                if ch not in depth:
                    depth[ch] = depth[cid] + 1
                    nxt.append(ch)
        frontier = nxt
    below = {cid: _count_below(cid, children) for cid in by_id}
    degree = defaultdict(int)
    for e in edges:
        if e["type"] in ("KNOWS", "INTERACTED"):
            degree[e["source"]] += 1
            degree[e["target"]] += 1
    n = max(len(contacts) - 1, 1)
    max_deg = max((degree[c] for c in by_id), default=0) or 1
    stored_max = max((c["_stored"] for c in contacts if c["_stored"] is not None), default=None)
    for c in contacts:
        cid = c["id"]
        c["depth"] = depth.get(cid)
        c["reports"] = below[cid]
        if c["seniority"] is None:
            c["seniority"] = round(1.0 / (1 + depth[cid]), 3) if cid in depth else 0.3
        ev = []
        if c["_stored"] is not None and stored_max:
            score = c["_stored"] / stored_max
            ev.append(f"role model's influence {c['_stored']:.2f}"
                      + (" (highest in the account)" if c["_stored"] == stored_max else f" (highest {stored_max:.2f})"))
        else:
            reach = math.sqrt(below[cid] / n)
            ties = degree[cid] / max_deg
            conf = c["role_confidence"] if c["role_confidence"] is not None else 0.5
            score = (0.5 * c["seniority"] + 0.3 * reach + 0.2 * ties) * _ROLE_WEIGHT[c["role"]] * (0.6 + 0.4 * conf)
        if cid in depth:
            ev.append("top of the reporting tree" if depth[cid] == 0 else f"{depth[cid]} level(s) below the top")
        if below[cid]:
            ev.append(f"{below[cid]} people report up to them")
        if degree[cid]:
            ev.append(f"{degree[cid]} ties and contacts with us")
        c["influence"], c["influence_evidence"] = score, ev
    top = max((c["influence"] for c in contacts), default=0.0) or 1.0
    for c in contacts:
        c["influence"] = round(c["influence"] / top, 4)
        del c["_stored"]


def _count_below(root: str, children: dict[str, list[str]]) -> int:
    seen, stack = {root}, [root]
    while stack:
        for ch in children.get(stack.pop(), ()):
            if ch not in seen:
                seen.add(ch)
                stack.append(ch)
    return len(seen) - 1


# --- value helpers -------------------------------------------------------------------------

def _text(v: Any) -> str | None:
    return str(v) if v not in (None, "") else None


def _iso(v: Any) -> str | None:
    if v is None:
        return None
    if hasattr(v, "iso_format"):
        return v.iso_format()
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def _evidence(v: Any) -> list[str]:
    """role_evidence is stored as a string array or a JSON string; accept both (and plain text)."""
    if v is None or v == "":
        return []
    if isinstance(v, str):
        try:
            v = json.loads(v)
        except ValueError:
            return [v]
    if isinstance(v, list | tuple):
        return [x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in v]
    return [str(v)]


def _is_shown(v: Any) -> bool:
    # Embedding vectors and other long numeric arrays say nothing to a reader of a tooltip.
    return not (isinstance(v, list) and len(v) > 16 and all(isinstance(x, int | float) for x in v[:16]))


def _plain(v: Any) -> Any:
    if isinstance(v, str | int | float | bool) or v is None:
        return v
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return _iso(v)
