"""Header fields (project name, tender number, buyer): rules vs a candidate-scoring model, leave one set out.

    .venv/bin/python bench/tender_header_model.py            # LOSO table: rules, model, rules+model per field
    .venv/bin/python bench/tender_header_model.py --write    # also train on every set and write header_model.json

Every labelled set (the validation set and tests/fixtures/tenders_blind*) is parsed once with the model switched
off; each notice's candidates (header_candidates) are labelled right or wrong by the sets' check.py. For each set
held out, a logistic regression is trained on the other sets' candidates and the held-out notices' fields are
chosen three ways: the rules' value, the model's best candidate, and the rules' value unless the model doubts it
(header_model.decide with a policy chosen on the training sets). The held-out figure is what an unseen portal
should expect. Deterministic: fixed set order, liblinear solver.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

os.environ["DEALGRAPH_HEADER_MODEL"] = "0"  # the rules' own values; the model is what is measured here

import numpy as np
from sklearn.linear_model import LogisticRegression

from dealgraph.ingest.tenders import header_model
from dealgraph.ingest.tenders.header_candidates import FIELDS
from dealgraph.ingest.tenders.parse import parse_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tender_checker import checker_path

ROOT = Path(__file__).resolve().parents[1]
VALIDATION = Path("/work/shared/validation/tenders")
FEATURES: list[str] = []
C = float(os.environ.get("HM_C", "1.0"))
MODE = os.environ.get("HM_MODE", "pairwise")


def _checker(path: Path):
    spec = importlib.util.spec_from_file_location(f"chk_{abs(hash(str(path)))}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def labelled_sets(tmp: Path) -> list[tuple[str, Path, Path, Path]]:
    """(name, docs, truth, check.py) of every labelled set."""
    sets = []
    if (VALIDATION / "make.py").is_file():
        vdir = tmp / "validation"
        if not vdir.is_dir():
            subprocess.run([sys.executable, str(VALIDATION / "make.py"), str(vdir)], check=True, capture_output=True)
        sets.append(("validation", vdir, VALIDATION / "truth.json", VALIDATION / "check.py"))
    for d in sorted((ROOT / "tests" / "fixtures").glob("tenders_blind*"), key=lambda p: (len(p.name), p.name)):
        if (d / "truth.json").is_file():
            chk = checker_path(d, d / "check.py" if (d / "check.py").is_file() else VALIDATION / "check.py")
            sets.append((d.name, d / "docs", d / "truth.json", chk))
    return sets


def collect(tmp: Path) -> list[dict]:
    """One record per (set, notice, field): the rules' correctness and each candidate group's features and label."""
    recs = []
    for name, docs, truth_path, chk_path in labelled_sets(tmp):
        chk = _checker(chk_path)
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        for fname, t in sorted(truth.items()):
            try:
                parsed = parse_file(docs / fname)
            except Exception as e:  # noqa: BLE001 - a crash leaves the notice out, said aloud
                print(f"  {name}/{fname}: crash {e.__class__.__name__}", file=sys.stderr)
                continue
            out = parsed.to_dict()
            for f in FIELDS:
                match = chk.id_matches if f == "tender_number" else chk.name_matches
                want = t.get(f)
                ch = parsed.header_choices.get(f)
                cands = [{"value": s.value, "rule": s.rule_pick, "feats": s.feats,
                          "ok": bool(want) and match(want, s.value)} for s in (ch.scored if ch else [])]
                recs.append({"set": name, "doc": fname, "field": f, "want_null": not want,
                             "rule_ok": (match(want, out.get(f)) if want else out.get(f) in (None, "")),
                             "cands": cands})
    return recs


def _xy(recs: list[dict], f: str):
    X, y = [], []
    for r in recs:
        if r["field"] != f:
            continue
        for c in r["cands"]:
            X.append([c["feats"].get(k, 0.0) for k in FEATURES])
            y.append(int(c["ok"]))
    return np.array(X), np.array(y)


def _pairs(recs: list[dict], f: str):
    """Within each notice, every right candidate against every wrong one: x_right - x_wrong -> 1 (and the reverse
    -> 0). A logistic regression on these differences learns which of two candidates is the field's value."""
    X, y = [], []
    for r in recs:
        if r["field"] != f:
            continue
        pos = [np.array([c["feats"].get(k, 0.0) for k in FEATURES]) for c in r["cands"] if c["ok"]]
        neg = [np.array([c["feats"].get(k, 0.0) for k in FEATURES]) for c in r["cands"] if not c["ok"]]
        for a in pos:
            for b in neg:
                X.append(a - b)
                y.append(1)
                X.append(b - a)
                y.append(0)
    return np.array(X), np.array(y)


def train(recs: list[dict], f: str) -> dict:
    if MODE == "pairwise":
        X, y = _pairs(recs, f)
    else:
        X, y = _xy(recs, f)
    lr = LogisticRegression(C=C, solver="liblinear", max_iter=2000, fit_intercept=False)
    lr.fit(X, y)
    coef = dict(zip(FEATURES, (round(float(w), 5) for w in lr.coef_[0])))
    return {"intercept": 0.0, "coef": coef, "kind": MODE}


def _choice(r: dict, model: dict) -> header_model.Choice:
    ch = header_model.Choice(r["field"])
    ps = header_model.probabilities(model, [c["feats"] for c in r["cands"]])
    for c, p in zip(r["cands"], ps):
        s = header_model.Scored(c["value"], c["value"], p, c["rule"], None, c["feats"])
        s.ok = c["ok"]
        ch.scored.append(s)
        if c["rule"]:
            ch.rule = s
    ch.scored.sort(key=lambda s: -s.p)
    return ch


def _right(r: dict, pick) -> bool:
    if pick is None:
        return r["want_null"] or False
    if pick.rule_pick:
        return r["rule_ok"]
    return pick.ok


def evaluate(recs: list[dict], model: dict, policy: dict) -> tuple[int, int, int]:
    """(rules right, model right, rules+model right) over recs of one field."""
    a = b = c = 0
    for r in recs:
        ch = _choice(r, model)
        best = ch.scored[0] if ch.scored and ch.scored[0].p >= policy["fill"] else None
        a += r["rule_ok"]
        b += _right(r, best)
        c += _right(r, header_model.decide(ch, policy))
    return a, b, c


KEEP_RULES = {"doubt": 0.0, "margin": 1.0, "fill": 1.01}
GRID = [{"doubt": d, "margin": m, "fill": fl} for d in (0.2, 0.35, 0.5) for m in (0.1, 0.25, 0.4) for fl in (0.3, 0.5, 0.7)]


def pick_policy(recs: list[dict], model: dict) -> dict:
    """The policy that does best on the training sets (ties: the most conservative, i.e. the first in GRID order
    with the lowest doubt and the highest margin)."""
    best, score = None, -1
    for pol in sorted(GRID, key=lambda p: (p["doubt"], -p["margin"], -p["fill"])):
        s = evaluate(recs, model, pol)[2]
        if s > score:
            best, score = pol, s
    return best


def main() -> None:
    global FEATURES
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmp", default="/tmp/tender-bench")
    ap.add_argument("--cache", default=None, help="read/write the collected candidates here (JSON)")
    ap.add_argument("--write", action="store_true", help="train on every set and write header_model.json")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if args.cache and Path(args.cache).is_file():
        recs = json.loads(Path(args.cache).read_text())
    else:
        recs = collect(Path(args.tmp))
        if args.cache:
            Path(args.cache).write_text(json.dumps(recs))
    FEATURES = sorted({k for r in recs for c in r["cands"] for k in c["feats"]} - {"rule_pick"})
    sets = list(dict.fromkeys(r["set"] for r in recs))
    print(f"{len(sets)} labelled sets, {len({(r['set'], r['doc']) for r in recs})} notices; features: {len(FEATURES)}")
    print("leave one set out: fields right on the held-out set (rules | model | rules+model)")
    totals = defaultdict(lambda: [0, 0, 0, 0])
    per_set = defaultdict(dict)
    for f in FIELDS:
        fr = [r for r in recs if r["field"] == f]
        for held in sets:
            train_recs = [r for r in fr if r["set"] != held]
            test = [r for r in fr if r["set"] == held]
            model = train(train_recs, f)
            pol = pick_policy(train_recs, model)
            a, b, c = evaluate(test, model, pol)
            per_set[held][f] = (a, b, c, len(test))
            t = totals[f]
            t[0] += a
            t[1] += b
            t[2] += c
            t[3] += len(test)
            if args.verbose:
                for r in test:
                    ch = _choice(r, model)
                    pick = header_model.decide(ch, pol)
                    if _right(r, pick) != r["rule_ok"]:
                        print(f"    {held}/{r['doc']} {f}: {'FIXED' if _right(r, pick) else 'BROKE'} -> "
                              f"{pick.value[:60] if pick else None!r} p={pick.p if pick else 0:.2f}")
    for held in sets:
        print(f"  {held:<18}" + "  ".join(f"{f[:7]} {a}|{b}|{c}/{n}" for f, (a, b, c, n) in per_set[held].items()))
    for f, (a, b, c, n) in totals.items():
        print(f"{f:<14} rules {a}/{n} ({100 * a / n:.1f}%)  model {b}/{n} ({100 * b / n:.1f}%)  "
              f"rules+model {c}/{n} ({100 * c / n:.1f}%)")
    if args.write:
        models, policy = {}, {}
        for f in FIELDS:
            fr = [r for r in recs if r["field"] == f]
            models[f] = train(fr, f)
            a, _, c, _ = totals[f]
            # The model may replace the rules' value only for a field where it beat them held out; elsewhere it
            # only gives the confidence.
            policy[f] = pick_policy(fr, models[f]) if c > a else dict(KEEP_RULES)
        out = {"loso": {f: dict(zip(("rules", "model", "rules_model", "n"), t)) for f, t in totals.items()},
               "trained_on": sets, "features": FEATURES, "C": C, "models": models, "policy": policy}
        path = ROOT / "dealgraph" / "ingest" / "tenders" / "header_model.json"
        path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
