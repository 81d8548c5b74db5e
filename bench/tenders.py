"""Tender parsing and matching benchmark on generated notices of varied layouts.

    .venv/bin/python bench/tenders.py [--n 60] [--seed 7] [--out /tmp/tender-bench] [--verbose]

Prints field-level precision / recall / F1 (header fields, lots, requirements, scoring),
requirement-status accuracy against the generator's truth, and the parse time of a
50-page PDF. Targets: field F1 >= 0.95, status accuracy >= 0.90, 50 pages < 5 s.
No Neo4j needed: matching runs on the capability records directly (the same pure function
the graph path uses).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tender_checker
from tender_review import Tally, score_stored
from tender_review import flagged as review_flagged

from dealgraph.demo import tender_docs as gen
from dealgraph.ingest.tenders import parse_file
from dealgraph.ingest.tenders.text import normalize_line

SCALARS = ["project_name", "tender_number", "buyer", "agency", "region", "budget", "max_price", "deadline",
           "opening_time"]


def _norm(s):
    return normalize_line(str(s)).replace(" ", "").lower() if s is not None else None


def _money_eq(a, b) -> bool:
    return bool(a and b) and a["currency"] == b["currency"] and abs(a["amount"] - b["amount"]) <= 0.005 * max(1, b["amount"])


def _dt_eq(a, b) -> bool:
    try:
        return datetime.fromisoformat(a) == datetime.fromisoformat(b)
    except (TypeError, ValueError):
        return False


def scalar_eq(field: str, pred, truth) -> bool:
    if field in ("budget", "max_price"):
        return _money_eq(pred, truth)
    if field in ("deadline", "opening_time"):
        return _dt_eq(pred, truth)
    return _norm(pred) == _norm(truth)


def _val_eq(a, b) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_val_eq(x, y) for x, y in zip(a, b))
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return _norm(a) == _norm(b)


def _req_eq(p: dict, t: dict) -> bool:
    return (p["kind"] == t["kind"] and p["operator"] == t["operator"] and _val_eq(p["value"], t["value"])
            and _norm(p["unit"]) == _norm(t["unit"]) and p["mandatory"] == t["mandatory"]
            and p["important"] == t["important"])


def align_requirements(pred: list[dict], truth: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy pairing by text similarity (each truth requirement with at most one parsed one)."""
    from rapidfuzz import fuzz

    pairs, used = [], set()
    for t in truth:
        best, best_s = None, 0.0
        for i, p in enumerate(pred):
            if i in used:
                continue
            s = fuzz.partial_ratio(_norm(t["text"]), _norm(p["text"]))
            if s > best_s:
                best, best_s = i, s
        if best is not None and best_s >= 80:
            used.add(best)
            pairs.append((pred[best], t))
    return pairs


class Counts:
    def __init__(self) -> None:
        self.c = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn

    def add(self, field: str, tp=0, fp=0, fn=0) -> None:
        x = self.c[field]
        x[0] += tp
        x[1] += fp
        x[2] += fn

    def prf(self, field: str | None = None) -> tuple[float, float, float]:
        tp, fp, fn = (sum(v[i] for v in self.c.values()) for i in range(3)) if field is None else self.c[field]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_document(pred: dict, truth: dict, counts: Counts, errors: list) -> None:
    for f in SCALARS:
        p, t = pred.get(f), truth.get(f)
        ok = t is not None and p is not None and scalar_eq(f, p, t)
        counts.add(f, tp=int(ok), fp=int(p is not None and not ok), fn=int(t is not None and not ok))
        if not ok and (p is not None or t is not None):
            errors.append((truth["id"], f, p, t))
    # Lots: by number; right when name and budget agree.
    tl = {lot["number"]: lot for lot in truth["lots"]}
    pl = {lot["number"]: lot for lot in pred["lots"]}
    for num, t in tl.items():
        p = pl.get(num)
        ok = p is not None and _norm(p["name"]) == _norm(t["name"]) and _money_eq(p["budget"], t["budget"])
        counts.add("lots", tp=int(ok), fn=int(not ok))
        if not ok:
            errors.append((truth["id"], "lot", p, t))
    counts.add("lots", fp=sum(1 for n in pl if n not in tl))
    pairs = align_requirements(pred["requirements"], truth["requirements"])
    good = 0
    for p, t in pairs:
        if _req_eq(p, t):
            good += 1
        else:
            errors.append((truth["id"], "requirement", {k: p[k] for k in ("kind", "text", "operator", "value", "unit",
                                                                         "mandatory", "important")},
                           {k: t[k] for k in ("kind", "text", "operator", "value", "unit", "mandatory", "important")}))
    counts.add("requirements", tp=good, fp=len(pred["requirements"]) - good, fn=len(truth["requirements"]) - good)
    matched = {id(t) for _, t in pairs}
    for t in truth["requirements"]:
        if id(t) not in matched:
            errors.append((truth["id"], "requirement missing", None, t["text"]))
    ts = {(_norm(s["item"]), float(s["points"])) for s in truth["scoring"]}
    ps = {(_norm(s["item"]), float(s["points"])) for s in pred["scoring"]}
    counts.add("scoring", tp=len(ts & ps), fp=len(ps - ts), fn=len(ts - ps))
    if ts != ps:
        errors.append((truth["id"], "scoring", sorted(ps), sorted(ts)))


def status_accuracy(pairs_by_doc: list[tuple[dict, dict]]) -> tuple[float, int, dict]:
    from dealgraph.algorithms.matching.capabilities import capabilities_from_records
    from dealgraph.algorithms.matching.engine import match_requirements, overall

    caps = capabilities_from_records(gen.capability_records())
    right = total = 0
    confusion: dict = defaultdict(int)
    disq: dict = defaultdict(int)  # (truth disqualified, predicted disqualified) -> tenders
    for pred, truth in pairs_by_doc:
        from dealgraph.algorithms.concepts import concepts_in

        result = match_requirements(pred["requirements"], caps, deadline=pred.get("deadline"),
                                    context_concepts=concepts_in(pred.get("project_name")))
        pairs = align_requirements([dict(r, _status=m.status) for r, m in zip(pred["requirements"], result)],
                                   truth["requirements"])
        for p, t in pairs:
            total += 1
            right += int(p["_status"] == t["status"])
            confusion[(t["status"], p["_status"])] += 1
        if "disqualified" in truth:
            disq[(truth["disqualified"], overall(pred["requirements"], result)["disqualified"])] += 1
    confusion["disqualified"] = dict(disq)
    return (right / total if total else 0.0), total, dict(confusion)


def competitor_and_win_benchmark(out: Path, seed: int) -> None:
    """Held-out award history: is the real winner among the predicted top-3 rivals; is p(win) calibrated?

    Mirrors the graph path without Neo4j: GDS node similarity is Jaccard over each tender's buyer,
    region, industry and budget band, exactly the neighbourhoods the projection holds.
    """
    import csv
    import math

    from dealgraph.algorithms.competitors.predict import Award, features
    from dealgraph.algorithms.competitors.store import tender_context

    hist_dir = out / "history"
    hist_dir.mkdir(parents=True, exist_ok=True)
    gen.write_award_history(hist_dir, random.Random(seed), n=600)
    with open(hist_dir / "tender_history.csv", encoding="utf-8") as f:
        tenders = {r["id"]: r for r in csv.DictReader(f)}
    with open(hist_dir / "awards.csv", encoding="utf-8") as f:
        awards = sorted(csv.DictReader(f), key=lambda a: a["at"])

    def feats(t: dict) -> set:
        ctx, _ = tender_context({**t, "budget": float(t["budget"])})
        return {"buyer:" + t["buyer"]} | {c["id"] for c in ctx}

    rows = [(tenders[a["tender_id"]], a) for a in awards]
    split = int(len(rows) * 0.75)
    train, test = rows[:split], rows[split:]
    hits = total = 0
    for t, a in test:
        f = feats(t)
        scores: dict = defaultdict(float)
        for ht, ha in train:
            g = feats(ht)
            sim = len(f & g) / len(f | g)
            if sim > 0.05 and ha["company"] != gen.OUR_COMPANY:
                scores[ha["company"]] += sim
        if a["company"] == gen.OUR_COMPANY:
            continue
        top3 = [c for c, _ in sorted(scores.items(), key=lambda x: -x[1])[:3]]
        hits += int(a["company"] in top3)
        total += 1
    print(f"competitors: real winner among predicted top-3 in {hits / total:.3f} of {total} held-out tenders "
          f"(chance {3 / len(gen.COMPETITORS):.3f})")

    def award(t: dict, a: dict) -> Award:
        return Award(t["id"], t["buyer"], t["region"], t["industry"], a["at"], a["company"], a["company"],
                     a["company"] == gen.OUR_COMPANY)

    seq = [award(t, a) for t, a in rows]
    X = [features(seq[:i], x.buyer, x.region, x.industry) for i, x in enumerate(seq)]
    y = [int(x.ours) for x in seq]
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(max_iter=500).fit(X[:split], y[:split])
    p = m.predict_proba(X[split:])[:, 1]
    yt = y[split:]
    base = sum(y[:split]) / split
    brier = sum((pi - yi) ** 2 for pi, yi in zip(p, yt)) / len(yt)
    brier0 = sum((base - yi) ** 2 for yi in yt) / len(yt)
    ll = -sum(yi * math.log(max(pi, 1e-9)) + (1 - yi) * math.log(max(1 - pi, 1e-9)) for pi, yi in zip(p, yt)) / len(yt)
    print(f"win probability (history part): Brier {brier:.4f} vs base rate {brier0:.4f}, log loss {ll:.3f}, "
          f"{sum(yt)} wins of {len(yt)} held-out")
    bins: dict = defaultdict(list)
    for pi, yi in zip(p, yt):
        bins[min(int(pi * 5), 4)].append((pi, yi))
    print("  reliability (bin: mean predicted / observed / n): " + ", ".join(
        f"{b / 5:.1f}-{(b + 1) / 5:.1f}: {sum(x for x, _ in v) / len(v):.2f}/{sum(y for _, y in v) / len(v):.2f}/{len(v)}"
        for b, v in sorted(bins.items())))


def _load_checker(path: Path):
    """The validation set's own scorer (check.py, stdlib only): the same rules for every source."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("tender_check", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def score_sets(sets: list[tuple[str, Path, Path]], checker_path: Path, verbose: bool = False) -> None:
    """Field accuracy per source with the check.py convention, and how needs_review lines up with the errors."""
    checker = _load_checker(checker_path)
    loaded = {checker_path: checker}
    review = Tally()
    for name, docdir, truth_path in sets:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        # sets whose truth states no budget for a notice are scored by the shared copy of check.py that accepts a null
        # one (tests/fixtures/tender_check.py), the others by the validation set's own check.py
        path = tender_checker.checker_path(truth_path.parent, checker_path)
        if path not in loaded:
            loaded[path] = _load_checker(path)
        chk = loaded[path]
        ok = n = crashed = 0
        own = Tally()
        for fname, t in sorted(truth.items()):
            try:
                out = parse_file(docdir / fname).to_dict()
            except Exception as e:  # noqa: BLE001 - a crash is a result here, counted as every field wrong
                print(f"  {name}: {fname} CRASH {e.__class__.__name__}: {e}")
                crashed += 1
                n += 9 + len(t["params"])
                continue
            for field, good, want, got in chk.score_doc(fname, t, out):
                n += 1
                ok += int(good)
                flagged = review_flagged(field, out, chk, t)
                review.add(field, not good, flagged)
                own.add(field, not good, flagged)
                if verbose and not good:
                    print(f"    WRONG{' (flagged)' if flagged else ''} {fname} {field}: want {str(want)[:60]} got {str(got)[:60]}")
                elif verbose and flagged:
                    print(f"    RIGHT but flagged {fname} {field}: {[n['reason'][:70] for n in out['needs_review']][:3]}")
        print(f"{name}: {ok}/{n} fields right ({100 * ok / max(n, 1):.1f}%) on {len(truth)} notices, {crashed} crashed")
        print("  " + Tally.line("needs_review", own.all))
    print(Tally.line("needs_review, all sets", review.all))
    print(review.by_field())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default="/tmp/tender-bench")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--no-status", action="store_true")
    ap.add_argument("--validation", default="/work/shared/validation/tenders",
                    help="directory with make.py, truth.json and check.py (the independent validation set)")
    ap.add_argument("--only-sets", action="store_true", help="only the validation and blind sets")
    ap.add_argument("--stored", default=str(Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "tenders_first_parses"),
                    help="stored parses (SET/FILE.json) checked again with today's self-checks")
    args = ap.parse_args()
    out = Path(args.out)
    val = Path(args.validation)
    sets = []
    if (val / "make.py").is_file():
        vdir = out / "validation"
        if not vdir.is_dir():
            import subprocess

            subprocess.run([sys.executable, str(val / "make.py"), str(vdir)], check=True, capture_output=True)
        sets.append(("validation (../shared/validation/tenders)", vdir, val / "truth.json"))
    fixtures = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
    # tenders_blind: 8 notices, measured once in session 1; tenders_blind2: 6 more, measured once in session 2;
    # tenders_blind3: 6 more, measured once in session 3 (56.3%) before any fix; tenders_blind4: 6 more, measured
    # once in session 4 (68/106, 64.2%) before any fix; tenders_blind5: 6 more, measured once in session 5 (77/105,
    # 73.3%) before any fix. All five have been looked at since (general fixes made from their kinds of misses):
    # their figures here are no longer blind. tenders_blind6: 5 notices held out in session 5, scored once after the
    # last parser change of the session (61/84, 72.6%) and added as is, not tuned on: its figure is the honest one
    # until a later session fixes anything from it.
    # tenders_blind7: 6 notices written in session 6, first reading 58/97 (59.8%) on arrival with the branch as it
    # stood (02dbcac), before any of its documents were read; fixes from its misses came after.
    # tenders_blind8: 6 notices written in session 7 by a helper who never read the parser, first reading 84/107
    # (78.5%) recorded by the lead on main at a534236; fixes from its misses by kind came after.
    # tenders_blind10: 7 notices (a German eighth left out: out of scope) written in session 7 by a helper who never
    # read the parser, first reading 99/123 (80.5%) by the lead on main at 4fcb4fd; fixes by kind came after.
    # tenders_blind11: 8 notices written in session 7 by a helper who never read the parser, first reading 91/133
    # (68.4%) by the lead on main at e10ce13; fixes by kind came after.
    # tenders_blind12: 8 notices written in session 8 by a helper who never read the parser, first reading 111/148
    # (75.0%) by the lead on main at 3f0111b (112/148 on 7332885); fixes by kind came after.
    # tenders_blind13: 8 notices written in session 8 by a helper who never read the parser, first reading 121/151
    # (80.1%) by the lead on main at 3f0111b; fixes by kind came after.
    # tenders_blind14: 8 notices written in session 8 by a helper who never read the parser, first reading 129/150
    # (86.0%) by the lead on main at 3f0111b; fixes by kind came after.
    # tenders_blind16: 8 notices written in session 8 by a helper who never read the parser, readings 118/160 (73.8%)
    # by the lead on main at 3f0111b and a23fc0c, 120/160 on 718aa98 (a fix made from seeing one of its notices),
    # 125/160 on 1e816ca; fixes by kind came after.
    # tenders_blind15 and tenders_blind17: 8 notices each written in session 8 by helpers who never read the parser,
    # held out to the session's end (only the lead scored them): 137/155 -> 142/155 and 114/146 -> 123/146
    # (3f0111b -> 780ea35). Not worked on yet, so for now their figures here are still a reading of unseen portals.
    # tenders_blind21: 8 notices written in session 9 by a helper who never read the parser, first reading 127/167
    # (76.0%) by the lead on main at 78c3354; fixes by kind came after.
    # tenders_blind22: 8 notices written in session 9 by a helper who never read the parser, first reading 140/166
    # (84.3%) by the lead on main at 704f586; fixes by kind came after.
    # tenders_blind18, 19 and 20: 8 notices each written in session 9 by helpers who never read the parser, held out
    # to the session's end (only the lead scored them): 127/157 -> 132/157, 140/159 -> 141/159, 139/162 -> 140/162
    # (704f586 -> 925d682, final scorer). Not worked on yet: their figures here are still a reading of unseen portals.
    for name in ("tenders_blind", "tenders_blind2", "tenders_blind3", "tenders_blind4", "tenders_blind5",
                 "tenders_blind6", "tenders_blind7", "tenders_blind8", "tenders_blind10", "tenders_blind11",
                 "tenders_blind12", "tenders_blind13", "tenders_blind14", "tenders_blind15", "tenders_blind16",
                 "tenders_blind17", "tenders_blind18", "tenders_blind19", "tenders_blind20", "tenders_blind21",
                 "tenders_blind22"):
        if (fixtures / name / "truth.json").is_file():
            sets.append((f"blind fixtures (tests/fixtures/{name})", fixtures / name / "docs", fixtures / name / "truth.json"))
    if sets and (val / "check.py").is_file():
        score_sets(sets, val / "check.py", args.verbose)
        if Path(args.stored).is_dir():
            score_stored(sets, Path(args.stored),
                         lambda truth: _load_checker(tender_checker.checker_path(truth.parent, val / "check.py")),
                         args.verbose)
    if args.only_sets:
        return
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    truths = gen.write_tender_documents(out, rng, n=args.n, with_history=False)
    print(f"generated {len(truths)} notices in {time.perf_counter() - t0:.1f}s -> {out}")
    kinds = defaultdict(int)
    for tr in truths:
        kinds[tr.get("fail_kind") or "admissible"] += 1
    n_disq = sum(1 for tr in truths if tr["disqualified"])
    print(f"truth: {n_disq}/{len(truths)} inadmissible; by intended reason {dict(sorted(kinds.items()))}")
    off = [tr["id"] for tr in truths if tr["disqualified"] != bool(tr.get("fail_kind"))]
    if off:  # the generator wrote a notice that fails (or passes) other than it meant
        print(f"  WARNING: truth disagrees with the intended reason for {off}")
    counts, errors, docs = Counts(), [], []
    by_layout: dict = defaultdict(Counts)
    t0 = time.perf_counter()
    for tr in truths:
        pred = parse_file(out / "tenders" / tr["file"]).to_dict()
        docs.append((pred, tr))
        score_document(pred, tr, counts, errors)
        key = f"{tr['lang']}/{tr['format']}" + ("/scanned" if tr["layout"]["scanned"] else "")
        score_document(pred, tr, by_layout[key], [])
    parse_s = time.perf_counter() - t0
    print(f"parsed in {parse_s:.1f}s ({parse_s / len(truths) * 1000:.0f} ms/notice)")
    print(f"{'field':<16}{'P':>7}{'R':>7}{'F1':>7}")
    for f in SCALARS + ["lots", "requirements", "scoring"]:
        p, r, f1 = counts.prf(f)
        print(f"{f:<16}{p:7.3f}{r:7.3f}{f1:7.3f}")
    p, r, f1 = counts.prf()
    print(f"{'ALL (micro)':<16}{p:7.3f}{r:7.3f}{f1:7.3f}   target F1 >= 0.95")
    for key, c in sorted(by_layout.items()):
        print(f"  layout {key:<20} F1 {c.prf()[2]:.3f}")
    if args.verbose:
        for e in errors[:80]:
            print("  ERR", json.dumps(e, ensure_ascii=False, default=str)[:400])
    if not args.no_status:
        acc, n, conf = status_accuracy(docs)
        print(f"requirement status accuracy {acc:.3f} over {n} requirements   target >= 0.90")
        disq = conf.pop("disqualified")
        print("  confusion (truth, predicted):", {f"{a}->{b}": v for (a, b), v in sorted(conf.items())})
        if disq:
            n_t = sum(disq.values())
            print(f"tender disqualified (★ + qualification pass/fail) accuracy "
                  f"{(disq.get((True, True), 0) + disq.get((False, False), 0)) / n_t:.3f} over {n_t} tenders; "
                  f"truth->predicted {{{', '.join(f'{a}->{b}: {v}' for (a, b), v in sorted(disq.items()))}}}")
    # Hand-written notices in other layouts (not from the generator): the honest figure.
    fixtures = sorted((Path(__file__).resolve().parents[1] / "tests" / "unit" / "data").glob("tender_*.truth.json"))
    if fixtures:
        c = Counts()
        errs: list = []
        for tf in fixtures:
            truth = json.loads(tf.read_text(encoding="utf-8"))
            doc = next(p for p in tf.parent.glob(tf.name.replace(".truth.json", ".*")) if not p.name.endswith(".json"))
            score_document(parse_file(doc).to_dict(), truth, c, errs)
        p, r, f1 = c.prf()
        print(f"hand-written fixtures ({len(fixtures)} notices, other layouts): P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        if args.verbose:
            for e in errs:
                print("  FIXTURE ERR", json.dumps(e, ensure_ascii=False, default=str)[:300])
    competitor_and_win_benchmark(out, args.seed)
    # A 50-page PDF.
    big = gen.make_tender(random.Random(99), 999, lang="zh", fmt="pdf", big=True)
    big_truth = gen.write_tender(big, out / "big", random.Random(5))
    import pdfplumber

    with pdfplumber.open(out / "big" / big_truth["file"]) as pdf:
        pages = len(pdf.pages)
    t0, c0 = time.perf_counter(), time.process_time()
    pred = parse_file(out / "big" / big_truth["file"]).to_dict()
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    c = Counts()
    score_document(pred, big_truth, c, [])
    # On a shared machine wall time follows the load: CPU time is what the parse itself costs.
    import os

    print(f"{pages}-page PDF parsed in {dt:.2f}s wall, {cpu:.2f}s CPU (target < 5 s; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores), {len(pred['requirements'])} requirements, "
          f"F1 {c.prf()[2]:.3f}")


if __name__ == "__main__":
    main()
