"""Graph mode: resolve (:SourceRecord) nodes into golden (:Contact)/(:Account) nodes.

- Every record gets exactly one RESOLVED_TO {score, evidence, method, at} to its golden.
- Golden ids are stable across runs: a cluster keeps the golden most of its members already
  point to; else it adopts an existing Contact/Account whose id is a member's source_id
  (the CRM row itself); else it gets a new id derived from its smallest record id.
- Goldens we create carry idm_managed=true; only those get their fields rewritten
  (survivorship) or are deleted when they lose all records. SourceRecords are never
  modified, so a split can always rebuild the originals.
- Borderline pairs become (:IdentityReview {a, b, score, evidence, status}) nodes; decided
  reviews are labels for the next run (EM refinement + must/cannot links).
"""

from __future__ import annotations

import gc
import hashlib
import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import orjson

from ...errors import NotFound
from ...graph.connection import Graph, chunks
from ...graph.queries import identity as q
from . import survivorship as sv
from .blocking import record_tokens, token_cap
from .incremental import Incremental, Neighbour, Stored, resolve_new
from .records import FIELDS, Prepared, norm_row, prepare
from .resolve import Resolution, ResolveConfig, resolve

GOLDEN = {"person": "Contact", "company": "Account"}
_PROP_TO_FIELD = {"wecom_unionid": "unionid", "wecom_id": "unionid", "mobile": "phone", "birth_date": "dob",
                  "organization": "company", "account_name": "company"}


def golden_id(kind: str, member_ids: Iterable[str]) -> str:
    h = hashlib.sha1(min(member_ids).encode()).hexdigest()[:12]
    return f"idm-{'c' if kind == 'person' else 'a'}-{h}"


def load_source_records(g: Graph) -> list[dict]:
    return g.read(q.SOURCE_RECORDS)


def _canonical(props: dict) -> dict:
    rec = {"id": props["id"], "kind": props.get("kind") or "person"}
    for k, v in props.items():
        f = _PROP_TO_FIELD.get(k, k)
        if f in FIELDS and f not in ("id", "kind") and v not in (None, "") and f not in rec:
            rec[f] = v
    return rec


def load_labels(g: Graph) -> dict[tuple[str, str], bool]:
    return {(r["a"], r["b"]): r["status"] == "accepted" for r in g.read(q.LABELS)}


def fingerprint(record: dict) -> str:
    """What the resolver saw of a record: a changed record is resolved again, an unchanged one not."""
    return hashlib.sha1(json.dumps(record, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


def _existing_ids(g: Graph, label: str, ids: list[str]) -> set[str]:
    rows = g.read(q.existing_ids(label), ids=ids)
    return {r["id"] for r in rows}


# Identity properties of a SourceRecord (schema IDENTITY_PROPERTIES): a change in any of them
# makes the record pending. Every field the resolver reads, under any of its property names.
SEEN_FIELDS = sorted((set(FIELDS) | set(_PROP_TO_FIELD)) - {"id"})
# Above this share of pending records a run re-fits the model over everything instead.
INCREMENTAL_MAX_SHARE = 0.5


def golden_count(g: Graph) -> int:
    """Goldens holding records (a scan of every RESOLVED_TO: incremental runs leave it to callers)."""
    return g.read(q.GOLDEN_COUNT)[0]["n"]


def load_state(g: Graph) -> Stored | None:
    rows = g.read(q.STATE)
    return Stored.from_json(rows[0]["state"]) if rows and rows[0]["state"] else None


def resolve_graph(g: Graph, config: ResolveConfig | None = None, refit: bool = False) -> dict:
    """Resolve the SourceRecords that are new, changed or named by a new review decision.
    With a stored model (left by an earlier full run) and few pending records, only their
    blocks are read and scored (incremental); otherwise everything is re-fitted and the
    clusters the pending records touch are rewritten (full). Nothing pending: nothing written."""
    with _no_cycle_collection():
        out = _resolve(g, config, refit)
    swept = _sweep_merged(g)
    return out | ({"relationships_moved": out.get("relationships_moved", 0) + swept} if swept else {})


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while a run holds hundreds of thousands of small dicts and
    lists (neighbours' views, pairs): each full collection walked all of them, ~10 per 10k-into-1M
    step, a third of its Python time. Reference counting frees what a run builds; a cycle, if
    any, is collected after the run."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _pending(g: Graph) -> list[dict]:
    """Records new, changed or without a golden. Writers mark changed records (idm_dirty), so
    once every record has been seen an index seek finds them; otherwise (a bulk import, records
    written by hand) every record is compared in the database."""
    # Every record is seen or marked: new records from a writer are marked but not yet seen.
    all_seen = g.read(q.SEEN_COUNT)[0]["n"] + g.read(q.MARKED_UNSEEN_COUNT)[0]["n"] == g.read(q.RECORD_COUNT)[0]["n"]
    return g.read(q.MARKED_PENDING_RECORDS if all_seen else q.PENDING_RECORDS)


def _resolve(g: Graph, config: ResolveConfig | None, refit: bool) -> dict:
    stored = None if refit else load_state(g)
    if stored is not None:
        pending = _pending(g)
        label_rows = g.read(q.LABELS)
        fresh = [r["id"] for r in label_rows if not r["applied"]]
        if not pending:
            if fresh:  # decisions are applied when made (decide); later runs keep them as links
                g.write(q.MARK_LABELS_APPLIED, ids=fresh)
            total = g.read(q.RECORD_COUNT)[0]["n"]
            return {"records": total, "goldens": None, "merged_goldens": 0, "review": 0,
                    "changed": 0, "orphans_removed": 0, "stats": {}, "mode": "incremental"}
        total = g.read(q.RECORD_COUNT)[0]["n"]
        if len(pending) <= INCREMENTAL_MAX_SHARE * total:
            return _resolve_incremental(g, pending, label_rows, stored, config) | {"records": total}
    return _resolve_full(g, config, refit)


def _resolve_full(g: Graph, config: ResolveConfig | None, refit: bool = False) -> dict:
    rows = load_source_records(g)
    if not rows:
        return {"records": 0, "goldens": 0, "review": 0, "changed": 0}
    props = {r["s"]["id"]: r["s"] for r in rows}
    previous = {r["s"]["id"]: r["golden"] for r in rows}
    records = [_canonical(r["s"]) for r in rows]
    fps = {rec["id"]: fingerprint(rec) for rec in records}
    label_rows = g.read(q.LABELS)
    fresh_labels = {x for r in label_rows if not r["applied"] for x in (r["a"], r["b"])}
    changed = {r["s"]["id"] for r in rows
               if r["golden"] is None or r["method"] in (None, "origin") or r["fp"] != fps[r["s"]["id"]]
               or r["s"]["id"] in fresh_labels}
    labels = {(r["a"], r["b"]): r["status"] == "accepted" for r in label_rows}
    if not changed:
        if refit:  # a new model for later runs; the clusters stay as they are
            res = resolve(records, config, labels=labels)
            tokens = record_tokens(res.prepared)
            _write_bookkeeping(g, res.prepared, range(len(res.ids)), tokens)  # e.g. a graph resolved before
            g.write(q.SAVE_STATE, state=Stored.from_full(res, tokens).to_json())
        n = g.read(q.GOLDEN_COUNT)[0]["n"]
        return {"records": len(rows), "goldens": n, "merged_goldens": 0, "review": 0, "changed": 0,
                "orphans_removed": 0, "stats": {}, "mode": "full"}
    res = resolve(records, config, labels=labels)
    affected = _affected(res, changed, previous)
    out = write_resolution(g, res, props, previous, affected, fps)
    g.write(q.MARK_LABELS_APPLIED, ids=[r["id"] for r in label_rows if not r["applied"]])
    tokens = record_tokens(res.prepared)
    _write_bookkeeping(g, res.prepared, range(len(res.ids)), tokens)
    g.write(q.SAVE_STATE, state=Stored.from_full(res, tokens).to_json())
    return out | {"goldens": g.read(q.GOLDEN_COUNT)[0]["n"], "changed": len(changed), "affected": len(affected),
                  "mode": "full"}


def _write_bookkeeping(g: Graph, p: Prepared, indices: Iterable[int], tokens: list[list[str]]) -> None:
    """Tokens, normalised view and the seen identity properties on each record (see incremental)."""
    for chunk in chunks(bookkeeping_rows(p, indices, tokens), 5000):
        g.write(q.RECORD_BOOKKEEPING, rows=chunk)


def bookkeeping_rows(p: Prepared, indices: Iterable[int], tokens: list[list[str]]) -> list[dict]:
    return [{"id": p.ids[i], "keys": " ".join(tokens[i]), "norm": json.dumps(norm_row(p, i), ensure_ascii=False)}
            for i in indices]


def _neighbours(g: Graph, tokens: list[list[str]], stored: Stored, skip: set[str]) -> list[Neighbour]:
    """Resolved records sharing a (not oversized) token with the new records, by the full-text index."""
    def lookup(batch: list[str]) -> list[dict]:
        # A block below its cap holds at most cap records: that bounds the hits (Lucene sizes
        # its result queue by the limit, so a huge one costs time on every query).
        return g.read(q.NEIGHBOURS, q=" ".join(batch), limit=sum(token_cap(t) for t in batch) + 1)

    seen: dict[str, Neighbour] = {}
    # Two lookups at a time keep both cores of a small server busy; results in batch order.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for rows in pool.map(lookup, _token_batches(tokens, stored.oversized)):
            for r in rows:
                if r["id"] in skip or r["id"] in seen or not r["norm"]:
                    continue
                seen[r["id"]] = Neighbour(r["id"], r["golden"], (r["keys"] or "").split(), _json(r["norm"]))
    return [seen[k] for k in sorted(seen)]


def _json(text: str) -> dict:
    """orjson where it can (3x faster on the neighbours' views); json for what it refuses (NaN)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def _token_batches(tokens: list[list[str]], oversized: set[str]) -> list[list[str]]:
    """Each token once, batched record by record: a neighbour usually shares several tokens
    with one new record, so keeping a record's tokens together returns it once, not once per
    batch (sorted tokens scattered them and doubled the rows read)."""
    batches: list[list[str]] = [[]]
    done: set[str] = set(oversized)
    for toks in sorted(tokens):
        fresh = sorted(set(toks) - done)
        done.update(fresh)
        for k in range(0, len(fresh), NEIGHBOUR_BATCH):
            part = fresh[k:k + NEIGHBOUR_BATCH]
            if len(batches[-1]) + len(part) > NEIGHBOUR_BATCH:
                batches.append([])
            batches[-1].extend(part)
    return [b for b in batches if b]


# Tokens per full-text query (Lucene refuses more than 1024 clauses in one query).
NEIGHBOUR_BATCH = 500


def _resolve_incremental(g: Graph, pending: list[dict], label_rows: list[dict], stored: Stored,
                         config: ResolveConfig | None) -> dict:
    t0 = time.perf_counter()
    props = {r["s"]["id"]: r["s"] for r in pending}
    previous = {r["s"]["id"]: r["golden"] for r in pending if r["golden"]}
    records = [_canonical(r["s"]) for r in pending]
    new = prepare(records)
    tokens = record_tokens(new)
    t_prep = time.perf_counter()
    neighbours = _neighbours(g, tokens, stored, set(props))
    t_read = time.perf_counter()
    # Every decision: one between two existing goldens keeps them apart when a new record links them.
    labels = {(r["a"], r["b"]): r["status"] == "accepted" for r in label_rows}
    others = sorted({x for ab in labels for x in ab} - set(props) - {n.id for n in neighbours})
    golden_of = {r["id"]: r["golden"] for r in g.read(q.GOLDENS_OF, ids=others)} if others else {}
    inc = resolve_new(new, tokens, neighbours, stored, labels, golden_of, config)
    t_res = time.perf_counter()
    out = _write_incremental(g, inc, props, previous)
    t_w = time.perf_counter()
    _write_bookkeeping(g, new, range(len(new)), tokens)
    t_b = time.perf_counter()
    g.write(q.SAVE_STATE, state=stored.to_json())
    inc.seconds |= {"bookkeeping": round(t_b - t_w, 3), "save_model": round(time.perf_counter() - t_b, 3)}
    fresh = [r["id"] for r in label_rows if not r["applied"]]
    if fresh:
        g.write(q.MARK_LABELS_APPLIED, ids=fresh)
    t_end = time.perf_counter()
    stats = inc.res.stats | {"seconds": inc.res.stats["seconds"] | inc.seconds | {
        "normalise": round(t_prep - t0, 3), "read_neighbours": round(t_read - t_prep, 3),
        "resolve": round(t_res - t_read, 3), "write": round(t_end - t_res, 3), "run": round(t_end - t0, 3)}}
    return out | {"changed": len(pending), "affected": len(pending), "stats": stats, "mode": "incremental",
                  "goldens": None}


def _write_incremental(g: Graph, inc: Incremental, props: dict[str, dict], previous: dict[str, str]) -> dict:
    """Goldens and links of the new records' clusters; goldens that gained or lost a record get
    their fields again; goldens left without records (ours only) are removed."""
    res, n_new = inc.res, inc.n_new
    clusters = [m for m in res.clusters().values() if m[0] < n_new]  # new records come first
    prev_ids = sorted(set(previous.values()))
    sizes = {r["id"]: r["n"] for r in g.read(q.MEMBER_COUNTS, ids=prev_ids)} if prev_ids else {}
    pending_per = Counter(previous.values())
    used = {x for gids in inc.anchor.values() for x in gids}
    # Goldens a new record linked: the CRM's own, else the oldest, keeps its id; the others
    # become its aliases and hand over their records and relationships.
    age = _golden_order(g, {x for gids in inc.anchor.values() if len(gids) > 1 for x in gids})
    kept = {root: min(gids, key=lambda c: age.get(c, (2, "", c))) for root, gids in inc.anchor.items()}
    merges = [{"gid": kept[root], "aliases": sorted(x for x in gids if x != kept[root])}
              for root, gids in sorted(inc.anchor.items()) if len(gids) > 1]
    # A pending record's previous golden can be kept only when all its records are pending
    # (otherwise it lives on with the others, as an anchor or untouched).
    free_prev = {gid for gid in prev_ids if sizes.get(gid, 0) <= pending_per[gid] and gid not in used}
    source_ids = {k: sorted({str(props[res.ids[i]].get("source_id")) for m in clusters for i in m
                             if i < n_new and res.prepared.kind[i] == k and props[res.ids[i]].get("source_id")})
                  for k in GOLDEN}
    existing = {k: _existing_ids(g, GOLDEN[k], v) if v else set() for k, v in source_ids.items()}
    best = _best_edges(res)
    links, created, touched = [], [], set(used)
    order = sorted(clusters, key=lambda m: (res.roots[m[0]] not in inc.anchor, -len(m), res.ids[m[0]]))
    fresh_ids: list[tuple[list[int], str]] = []
    for members in order:
        root = int(res.roots[members[0]])
        kind = res.prepared.kind[members[0]]
        gid = kept.get(root)
        if gid is None:
            prev = Counter(previous[res.ids[i]] for i in members if res.ids[i] in previous)
            gid = next((c for c, _ in sorted(prev.items(), key=lambda x: (-x[1], x[0])) if c in free_prev
                        and c not in used), None)
        if gid is None:
            adopt = sorted(str(props[res.ids[i]].get("source_id")) for i in members
                           if str(props[res.ids[i]].get("source_id")) in existing[kind])
            gid = next((a for a in adopt if a not in used), None)
        if gid is None:
            fresh_ids.append((members, golden_id(kind, (res.ids[i] for i in members))))
            continue
        used.add(gid)
        touched.add(gid)
        _links(res, members, gid, props, best, links, GOLDEN[kind])
    # New ids: never one that a golden already carries (a record split off keeps no old id).
    taken = set()
    for k, label in GOLDEN.items():
        ids = [x for m, x in fresh_ids if res.prepared.kind[m[0]] == k]
        taken |= _existing_ids(g, label, ids) if ids else set()
    for members, gid in fresh_ids:
        kind = res.prepared.kind[members[0]]
        if gid in taken or gid in used:
            gid = golden_id(kind, [res.ids[i] + "|" + str(len(members)) for i in members] + [gid])
        used.add(gid)
        created.append(_golden_row(gid, kind, [props[res.ids[i]] for i in members]))
        _links(res, members, gid, props, best, links, GOLDEN[kind])
    t0 = time.perf_counter()
    for label in set(GOLDEN.values()):
        g.write_batch(q.write_goldens(label), [x for x in created if x["label"] == label])
    t1 = time.perf_counter()
    for label in set(GOLDEN.values()):
        g.write_batch(q.link_records(label), [x for x in links if x["label"] == label])
    moves = [{"old": a, "new": m["gid"]} for m in merges for a in m["aliases"]]
    for chunk in chunks(moves, 2000):
        g.write(q.RELINK_MERGED, rows=chunk)
    g.write_batch(q.RECORD_ALIASES, merges)
    moved = move_relationships(g, moves)
    t2 = time.perf_counter()
    merged_away = {x["old"] for x in moves}
    gone = (set(previous.values()) - used) | merged_away
    removed = sum(r["c"] for r in g.write(q.DROP_ORPHANS_AMONG, ids=sorted(gone))) if gone else 0
    # Only goldens whose records changed: one that only gained records is updated from them;
    # one that had a pending record (changed, or moved away) is read whole again. Neighbours'
    # goldens that took no record are left as they are.
    gained: dict[str, list[dict]] = {}
    had_pending = set(previous.values()) | {m["gid"] for m in merges}  # read whole again
    for x in links:
        if x["gid"] in touched and x["gid"] not in had_pending:
            gained.setdefault(x["gid"], []).append(props[x["rid"]])
    _refresh_goldens(g, sorted(set(gained) | (touched & had_pending) | (gone - merged_away)), gained)
    t3 = time.perf_counter()
    review = write_review_queue(g, res, set(range(n_new)))
    t4 = time.perf_counter()
    res.stats["seconds"] |= {"write_goldens": round(t1 - t0, 3), "write_links": round(t2 - t1, 3),
                             "refresh_goldens": round(t3 - t2, 3), "write_review": round(t4 - t3, 3)}
    return {"goldens_created": len(created), "merged_goldens": len(inc.anchor), "review": review,
            "orphans_removed": removed, "goldens_merged_away": len(moves), "relationships_moved": moved}


def _golden_row(gid: str, kind: str, members: list[dict], counts: sv.Counts | None = None) -> dict:
    """A golden to write: its size, survivorship fields and the counts they came from."""
    c = counts or sv.counts(kind, members)
    return {"id": gid, "label": GOLDEN[kind], "size": sv.size(c),
            "props": {k: v for k, v in sv.fields(kind, c).items() if v is not None}, "counts": sv.to_json(c)}


def _links(res: Resolution, members: list[int], gid: str, props: dict[str, dict],
           best: dict[int, tuple[float, int]], links: list[dict], label: str) -> None:
    new = [i for i in members if res.ids[i] in props]
    for i, (score, ev, method) in _member_evidence(res, new, best).items():
        links.append({"rid": res.ids[i], "gid": gid, "score": score, "evidence": ev, "method": method,
                      "fp": fingerprint(_canonical(props[res.ids[i]])), "label": label})


def _refresh_goldens(g: Graph, ids: list[str], gained: dict[str, list[dict]] | None = None) -> None:
    """Survivorship again for goldens whose records changed (read after the links are written).
    `gained`: goldens whose only change is these new member records; their stored counts are
    updated when they still describe all the other members, else all members are read."""
    gained = gained or {}
    full = [x for x in ids if x not in gained]
    rows: list[dict] = []
    if gained:
        for r in g.read(q.GOLDEN_COUNTS, ids=sorted(gained)):
            c, new = sv.from_json(r["counts"]), gained[r["id"]]
            if c is None or sv.size(c) + len(new) != r["members"]:
                full.append(r["id"])
                continue
            kind = "company" if r["company"] else "person"
            rows.append(_golden_row(r["id"], kind, new, sv.add(c, sv.counts(kind, new))))
    members: dict[str, list[dict]] = {}
    full.sort()
    for k in range(0, len(full), 5000):
        for r in g.read(q.GOLDEN_MEMBERS, ids=full[k:k + 5000]):
            members.setdefault(r["id"], []).append(r["s"])
    rows += [_golden_row(gid, ms[0].get("kind") or "person", ms) for gid, ms in members.items()]
    for label in set(GOLDEN.values()):
        g.write_batch(q.write_goldens(label), [x for x in rows if x["label"] == label])


def _affected(res: Resolution, changed: set[str], previous: dict[str, str | None]) -> set[int]:
    """Records whose golden may move: the changed ones, everything in their new clusters,
    everything in the previous clusters of those, and so on until nothing is added."""
    members = res.clusters()
    by_golden: dict[str, list[int]] = {}
    for i, rid in enumerate(res.ids):
        if previous.get(rid):
            by_golden.setdefault(previous[rid], []).append(i)
    roots = res.roots.tolist()
    todo = [i for i, rid in enumerate(res.ids) if rid in changed]
    seen: set[int] = set(todo)
    while todo:
        i = todo.pop()
        more = members[roots[i]] + by_golden.get(previous.get(res.ids[i]) or "", [])
        for j in more:
            if j not in seen:
                seen.add(j)
                todo.append(j)
    return seen


def _best_edges(res: Resolution) -> dict[int, tuple[float, int]]:
    """Per record: (score, pair index) of its best accepted edge inside its cluster.

    One pass over all pairs for the whole resolution: scanning every pair once per cluster was
    quadratic (5k records, 2.6k clusters, 23k pairs took minutes in `demo load`)."""
    best: dict[int, tuple[float, int]] = {}
    roots, scores = res.roots.tolist(), res.scores.tolist()
    for e, (a, b) in enumerate(res.pairs.tolist()):
        if roots[a] == roots[b] and scores[e] >= res.threshold:
            for x in (a, b):
                if x not in best or scores[e] > best[x][0]:
                    best[x] = (float(scores[e]), e)
    return best


def _member_evidence(res: Resolution, members: list[int],
                     best: dict[int, tuple[float, int]] | None = None) -> dict[int, tuple[float, str, str]]:
    """Per record: (score, evidence JSON, method) of its best accepted edge in the cluster."""
    if best is None:
        best = _best_edges(res)
    out = {}
    for x in members:
        if x in best:
            s, e = best[x]
            ev = json.loads(res.evidence(e))
            a, b = res.pairs[e]
            ev["matched_with"] = res.ids[int(b) if int(a) == x else int(a)]
            out[x] = (s, json.dumps(ev, ensure_ascii=False), ev["method"])
        else:
            s = float(res.member_score[x])
            out[x] = (s, json.dumps({"method": "singleton", "score": round(s, 4)}), "singleton")
    return out


def _golden_order(g: Graph, ids: set[str]) -> dict[str, tuple]:
    """Sort key per golden id: the CRM's own record first, then the oldest, then by id."""
    rows = g.read(q.GOLDEN_AGE, ids=sorted(ids)) if ids else []
    return {r["id"]: (1 if r["managed"] else 0, r["created"] or "", r["id"]) for r in rows}


def write_resolution(g: Graph, res: Resolution, props: dict[str, dict], previous: dict[str, str | None],
                     affected: set[int] | None = None, fps: dict[str, str] | None = None) -> dict:
    """Write the clusters of the `affected` records (all when None): goldens, RESOLVED_TO with
    evidence, aliases of goldens merged away, and the review queue of their pairs."""
    clusters = [m for m in res.clusters().values() if affected is None or m[0] in affected]
    prev_ids = {previous[res.ids[i]] for m in clusters for i in m if previous.get(res.ids[i])}
    age = _golden_order(g, prev_ids)
    # Adoption candidates: a member's source_id that is already a Contact/Account id.
    source_ids = {k: [str(props[res.ids[i]].get("source_id")) for i in range(len(res.ids))
                      if res.prepared.kind[i] == k and props[res.ids[i]].get("source_id")]
                  for k in GOLDEN}
    existing = {k: _existing_ids(g, GOLDEN[k], v) for k, v in source_ids.items()}
    goldens, links, aliases = resolution_rows(res, clusters, props, previous, age, existing, fps)
    for label in set(GOLDEN.values()):
        g.write_batch(q.write_goldens(label), [x for x in goldens if x["label"] == label])
    g.write_batch(q.UNLINK_OTHER_GOLDENS, links)
    g.write_batch(q.LINK_TO_GOLDENS, links)
    g.write_batch(q.RECORD_ALIASES, aliases)
    moved = move_relationships(g, [{"old": a, "new": x["gid"]} for x in aliases for a in x["aliases"]])
    removed = _drop_orphans(g)
    review = write_review_queue(g, res, affected)
    merged = sum(1 for x in goldens if x["size"] > 1)
    return {"records": len(res.ids), "goldens": len(goldens), "merged_goldens": merged, "review": review,
            "orphans_removed": removed, "relationships_moved": moved, "stats": res.stats}


def resolution_rows(res: Resolution, clusters: list[list[int]], props: dict[str, dict],
                    previous: dict[str, str | None], age: dict[str, tuple], existing: dict[str, set[str]],
                    fps: dict[str, str] | None = None) -> tuple[list[dict], list[dict], list[dict]]:
    """(goldens, links, aliases) a full run writes for `clusters`: `age` orders the goldens the
    members had before (`previous`), `existing` are CRM goldens a cluster may adopt per kind."""
    aliases: list[dict] = []
    links, goldens, used = [], [], set()
    best = _best_edges(res)
    for members in clusters:
        kind = res.prepared.kind[members[0]]
        prev = Counter(previous.get(res.ids[i]) for i in members if previous.get(res.ids[i]))
        gid = None
        # A merge keeps the older id (the CRM's own first); a split leaves it with the part
        # holding most of its records, the other part takes the next one or a new id.
        for cand in sorted(prev, key=lambda c: (age.get(c, (2, "", c)), -prev[c])):
            if cand not in used:
                gid = cand
                break
        if gid is not None and len(prev) > 1:
            aliases.append({"gid": gid, "aliases": sorted(c for c in prev if c != gid)})
        if gid is None:
            adopt = sorted(str(props[res.ids[i]].get("source_id")) for i in members
                           if str(props[res.ids[i]].get("source_id")) in existing[kind])
            gid = next((a for a in adopt if a not in used), None)
        if gid is None:
            gid = golden_id(kind, (res.ids[i] for i in members))
        used.add(gid)
        goldens.append(_golden_row(gid, kind, [props[res.ids[i]] for i in members]))
        for i, (score, ev, method) in _member_evidence(res, members, best).items():
            links.append({"rid": res.ids[i], "gid": gid, "score": score, "evidence": ev, "method": method,
                          "fp": (fps or {}).get(res.ids[i])})
    return goldens, links, aliases


def move_relationships(g: Graph, moves: list[dict]) -> int:
    """Relationships of goldens merged away ({old, new} rows) onto the golden they merged into."""
    if not moves:
        return 0
    n = 0
    for chunk in chunks(moves, 2000):
        g.write(q.DROP_BETWEEN, rows=chunk)
        for r in g.read(q.MOVED_TYPES, rows=chunk):
            for outgoing in (True, False):
                n += sum(x["c"] for x in g.write(q.move(r["t"], outgoing), rows=chunk))
    return n


def _sweep_merged(g: Graph) -> int:
    """A re-ingest writes a merged-away CRM golden's relationships again: move them on."""
    return move_relationships(g, g.read(q.MERGED_WITH_RELATIONSHIPS))


def _drop_orphans(g: Graph) -> int:
    rows = g.write(q.DROP_ORPHANS)
    return rows[0]["c"] if rows else 0


def review_id(a: str, b: str) -> str:
    a, b = sorted((a, b))
    return "rv-" + hashlib.sha1(f"{a}|{b}".encode()).hexdigest()[:16]


def write_review_queue(g: Graph, res: Resolution, affected: set[int] | None = None) -> int:
    rows = review_rows(res, affected)
    g.write_batch(q.WRITE_REVIEWS, rows)
    return len(rows)


def review_rows(res: Resolution, affected: set[int] | None = None) -> list[dict]:
    """Borderline pairs with a record in `affected` (all when None), as WRITE_REVIEWS takes them."""
    rows = []
    for e in res.review_pairs():
        if affected is not None and int(res.pairs[e, 0]) not in affected and int(res.pairs[e, 1]) not in affected:
            continue
        a, b = sorted((res.ids[int(res.pairs[e, 0])], res.ids[int(res.pairs[e, 1])]))
        rows.append({"id": review_id(a, b), "a": a, "b": b, "score": float(res.scores[e]),
                     "evidence": res.evidence(e), "kind": res.prepared.kind[int(res.pairs[e, 0])],
                     "same": bool(res.roots[res.pairs[e, 0]] == res.roots[res.pairs[e, 1]])})
    return rows


def list_reviews(g: Graph, status: str = "pending", limit: int = 50) -> list[dict]:
    return g.read(q.REVIEWS, status=status, limit=limit)


def decide(g: Graph, rid: str, accept: bool) -> dict:
    """Accept: the two records' goldens are merged now. Reject: the pair becomes a cannot-link
    and, if they share a golden, b is split out."""
    rows = g.write(q.DECIDE_REVIEW, id=rid, st="accepted" if accept else "rejected")
    if not rows:
        raise NotFound(f"No identity review {rid!r}: list pending ones with `dealgraph identity review`.")
    a, b = rows[0]["a"], rows[0]["b"]
    if accept:
        return merge_records(g, a, b)
    ga, gb = _golden_of(g, a), _golden_of(g, b)
    if ga and ga == gb:
        return split_record(g, b, record_labels=False) | {"rejected": True}
    return {"rejected": True, "a": a, "b": b}


def _golden_of(g: Graph, record_id: str) -> str | None:
    rows = g.read(q.GOLDEN_OF_RECORD, id=record_id)
    return rows[0]["id"] if rows else None


def merge_records(g: Graph, a: str, b: str) -> dict:
    ga, gb = _golden_of(g, a), _golden_of(g, b)
    if not ga or not gb:
        raise NotFound(f"Records {a!r} and {b!r} must both be resolved first: run `dealgraph identity resolve`.")
    if ga != gb:
        ev = json.dumps({"method": "manual", "score": 1.0, "matched_with": a})
        g.write(q.MOVE_RECORDS, ga=ga, gb=gb, ev=ev)
        g.write_batch(q.RECORD_ALIASES, [{"gid": ga, "aliases": [gb]}])
        move_relationships(g, [{"old": gb, "new": ga}])
        _refresh_golden(g, ga)
        _drop_orphans(g)
    return {"merged_into": ga, "from": gb}


def _refresh_golden(g: Graph, gid: str) -> None:
    rows = g.read(q.GOLDEN_RECORDS, id=gid)
    if not rows or not rows[0]["managed"]:
        return
    members = [r["s"] for r in rows]
    row = _golden_row(gid, members[0].get("kind") or "person", members)
    g.write(q.REFRESH_GOLDEN,
            id=gid, props=row["props"], size=row["size"], counts=row["counts"])


def split_record(g: Graph, record_id: str, record_labels: bool = True) -> dict:
    """Undo a merge. For a SourceRecord id: detach that record into its own golden. For a
    golden (Contact/Account) id: every member gets its own golden again; the member whose
    source_id is the golden's id (the original row) keeps it. Cannot-link labels stop the
    next resolve run from merging them again."""
    src = g.read(q.RECORD_AND_GOLDEN, id=record_id)
    if src:
        gid = src[0]["golden"]
        if gid is None:
            raise NotFound(f"Source record {record_id!r} is not resolved; run `dealgraph identity resolve` first.")
        detach = [record_id]
    else:
        gold = g.read(q.GOLDEN_SOURCE_IDS, id=record_id)
        if not gold:
            raise NotFound(f"No source record or golden Contact/Account {record_id!r}.")
        gid = record_id
        keeper = next((r["id"] for r in gold if r["source_id"] == gid), gold[0]["id"])
        detach = [r["id"] for r in gold if r["id"] != keeper]
    mates = [r["id"] for r in g.read(q.RECORDS_OF_GOLDEN, gid=gid)]
    labels = []
    if record_labels:
        for x in detach:
            for y in mates:
                if x < y or (y not in detach and x != y):
                    a, b = sorted((x, y))
                    labels.append({"id": review_id(a, b), "a": a, "b": b})
    g.write_batch(q.CANNOT_LINKS, labels)
    created, restored = [], []
    crm = {r["id"] for r in g.read(q.MERGED_INTO, gid=gid, ids=[str(r["source_id"]) for r in g.read(
        q.SOURCE_IDS, ids=detach)])}
    for x in detach:
        row = g.read(q.RECORD_PROPERTIES, id=x)[0]["s"]
        kind = row.get("kind") or "person"
        if str(row.get("source_id")) in crm:  # the CRM's own record: back to its own golden
            restored.append(_restore(g, x, str(row.get("source_id")), gid))
            continue
        new_gid = golden_id(kind, [x])
        if new_gid == gid:
            continue
        new = _golden_row(new_gid, kind, [row])
        g.write(q.split_to_own_golden(GOLDEN[kind]), id=x, gid=new_gid, props=new["props"], counts=new["counts"],
                ev=json.dumps({"method": "manual_split", "split_from": gid}))
        created.append(new_gid)
    _refresh_golden(g, gid)
    _drop_orphans(g)
    out = {"split_from": gid, "records": detach, "new_goldens": created, "cannot_links": len(labels)}
    if restored:
        out["restored"] = restored
    return out


def _restore(g: Graph, record_id: str, old: str, gid: str) -> dict:
    """Undo the merge of a CRM golden: its record points to it again, it is no longer merged,
    and the relationships it brought along go back (those it shared with the kept golden are
    copied back). Relationships added to the kept golden after the merge cannot be told apart
    and stay there; the result says so."""
    ev = json.dumps({"method": "manual_split", "split_from": gid})
    g.write(q.RELINK_TO_GOLDEN, id=record_id, gid=old, ev=ev)
    g.write(q.UNMERGE, old=old, new=gid)
    back = sum(g.write(q.move_back(r["t"], out), old=old, new=gid)[0]["c"]
               for r in g.read(q.BACK_TYPES, old=old, new=gid) for out in (True, False))
    left = g.read(q.OTHER_RELATIONSHIPS, gid=gid)
    return {"golden": old, "record": record_id, "relationships_back": back,
            "stay_on_kept": left[0]["c"] if left else 0,
            "note": "relationships added to the kept golden after the merge stay with it"}
