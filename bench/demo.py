"""Demo generator figures: generation time and memory, rows per file, truth statistics.

    .venv/bin/python bench/demo.py [--accounts 30 300] [--seed 7]
"""

import argparse
import resource
import tempfile
import time
from collections import Counter
from pathlib import Path

from dealgraph.demo.generate import generate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, nargs="+", default=[30, 300])
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    for n in a.accounts:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            d = generate(Path(tmp), n, a.seed, tender_docs=False)
            dt = time.perf_counter() - t
            rows = sum(d.counts.values())
            w = d.world
            print(f"\n{n} accounts: {rows:,} rows in {len(d.counts)} files, generated and written in {dt:.2f}s "
                  f"({rows / dt:,.0f} rows/s); peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
            roles = w.truth["roles"]
            for shape in ("flat", "deep", "matrix"):
                c = Counter(r["role"] for r in roles if r["shape"] == shape)
                tot = sum(c.values())
                levels = sorted({o.levels() for o in w.orgs.values() if o.shape == shape})
                print(f"  {shape:6} levels {levels}: {tot:5} contacts, " +
                      ", ".join(f"{k} {c[k] / tot:.1%}" for k in ("decision_maker", "influencer", "executor")))
            ident = w.truth["identity"]
            sizes = Counter(Counter(r["entity_id"] for r in ident).values())
            print(f"  identity: {len(ident):,} source records, {len({r['entity_id'] for r in ident}):,} true entities; "
                  f"cluster sizes {dict(sorted(sizes.items()))}")
            leads = w.truth["leads"]
            print(f"  leads: {len(leads):,}, converted {sum(r['converted'] for r in leads) / len(leads):.1%}")
            opps = w.truth["opportunities"]
            open_ = [o for o in opps if o["open_at_as_of"]]
            print(f"  opportunities: {len(opps)}, open {len(open_)}, open overrunning {sum(o['overrun'] for o in open_)}, "
                  f"won {sum(bool(o['closed_won']) for o in opps)}")


if __name__ == "__main__":
    main()
