"""Incremental resolution without the graph: new records scored against the stored model and
attached to the goldens of their block-mates."""

from dealgraph.demo.identity_noise import generate_cn
from dealgraph.ingest.identity.blocking import record_tokens
from dealgraph.ingest.identity.evaluate import pairwise_scores
from dealgraph.ingest.identity.incremental import Neighbour, Stored, resolve_new
from dealgraph.ingest.identity.records import norm_row, prepare
from dealgraph.ingest.identity.resolve import resolve


def _records(rows):
    return [{"id": r["record_id"], **{k: v for k, v in r.items() if k != "record_id" and v}} for r in rows]


def test_new_records_join_the_goldens_of_their_block_mates():
    rows, truth = generate_cn(600, 120, noise=0.2, seed=3)
    old, new = _records(rows[:-150]), _records(rows[-150:])
    full = resolve(old)
    tokens = record_tokens(full.prepared)
    stored = Stored.from_json(Stored.from_full(full, tokens).to_json())  # survives its JSON form
    assert stored.fields and stored.models["person"].fields == stored.fields
    golden = dict(zip(full.ids, full.cluster_ids()))
    neighbours = [Neighbour(full.ids[i], golden[full.ids[i]], tokens[i], norm_row(full.prepared, i))
                  for i in range(len(full.ids))]
    p_new = prepare(new)
    inc = resolve_new(p_new, record_tokens(p_new), neighbours, stored)
    res = inc.res
    # An old record keeps its golden unless a new record linked that golden with others (then
    # all of them take one id); a new record takes the golden of its cluster.
    root_gold = {r: gids[0] for r, gids in inc.anchor.items()}
    merged = {a: gids[0] for gids in inc.anchor.values() for a in gids[1:]}
    got = {r: merged.get(g, g) for r, g in golden.items()}
    for i in range(inc.n_new):
        got[res.ids[i]] = root_gold.get(int(res.roots[i]), f"new-{int(res.roots[i])}")
    assert 0 < len(merged) < 0.1 * len(set(golden.values()))
    for r, g in golden.items():  # old records moved only into goldens new records joined
        assert got[r] == g or any(int(res.roots[i]) in root_gold and root_gold[int(res.roots[i])] == got[r]
                                  for i in range(inc.n_new))
    ids = [r["record_id"] for r in rows]
    sc = pairwise_scores([got[i] for i in ids], [truth[i] for i in ids])
    joined = sum(1 for i in range(inc.n_new) if int(res.roots[i]) in root_gold)
    assert joined > 0.3 * inc.n_new
    assert sc["precision"] > 0.95 and sc["recall"] > 0.9, sc
    # Population figures grew by the new records.
    assert sum(stored.n.values()) == len(old) + len(new)
