"""Fit role_confidence per reason on the demo generator's truth -> dealgraph/algorithms/roles/calibration.json.

    .venv/bin/python bench/roles_calibrate.py [--per-shape 20] [--seed 77] [--dry-run]

Generates accounts of every shape and language (a seed other than bench/roles.py's, so the bench
does not score on the accounts the table was fitted on), runs the purchase semantics on each as the
product does (titles, departments, reporting lines, advice ties, meetings with us, signatures) and
counts per reason how often its verdict matches the truth. Never fitted on ../shared/validation
or the blind charts: those measure it (bench/roles_charts.py prints ECE before and after).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dealgraph.algorithms.roles.calibration import STRENGTH, TABLE, fit
from dealgraph.algorithms.roles.semantics import CONFIDENCE, Member, decide
from dealgraph.demo.org import OrgChart, generate_org


def members(org: OrgChart) -> list[Member]:
    """One generated account as the semantics reads it (what features.extract builds from the graph)."""
    dept = {d.id: (d.name_en if org.lang == "en" else d.name) for d in org.departments}
    advises: dict[str, set[str]] = {}
    for t in org.ties:
        if t.kind == "advises":
            advises.setdefault(t.source_id, set()).add(t.target_id)
    met, signs = Counter(), Counter()
    for m in org.meetings:
        met.update(m.attendees)
        if m.signer_id:
            signs[m.signer_id] += 1
    return [Member(c.id, c.name, c.title, dept[c.department_id], c.manager_id, advises.get(c.id, set()),
                   float(met[c.id]), signs[c.id]) for c in org.contacts]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-shape", type=int, default=20)
    ap.add_argument("--seed", type=int, default=77)
    ap.add_argument("--dry-run", action="store_true", help="print the table, do not write it")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    outcomes, n = [], 0
    for shape in ("flat", "deep", "matrix"):
        for i in range(args.per_shape):
            org = generate_org(rng, f"cal-{shape}-{i}", rng.randint(20, 300), shape, ("zh", "en", "mixed")[i % 3])
            verdicts = decide(members(org))
            outcomes += [(verdicts[c.id].reason, verdicts[c.id].role == c.role) for c in org.contacts]
            n += 1
    table = fit(outcomes, CONFIDENCE)
    print(f"{n} accounts, {len(outcomes)} contacts; reason: cases, right, prior -> calibrated")
    for reason, r in table.items():
        print(f"  {reason:<16} {r['n']:>6} {r['hits']:>6}  {r['prior']:.2f} -> {r['confidence']:.3f}")
    if not args.dry_run:
        TABLE.write_text(json.dumps({"fitted_on": f"demo generator, seed {args.seed}, {n} accounts, "
                                                  f"{len(outcomes)} contacts", "strength": STRENGTH,
                                     "reasons": table}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {TABLE}")


if __name__ == "__main__":
    main()
