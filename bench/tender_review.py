"""How well `needs_review` points at wrong fields: flag rates overall and by field, on fresh or stored parses.

A stored parse (the JSON an older parser printed for a notice) is checked again with today's self-checks:
the checks are a function of the parse and the document (its lines, and the totals it states), so wrong
parses of the kind a new portal produces can be replayed long after the parser learnt to read them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

FAMILIES = ("project_name", "tender_number", "buyer", "budget", "max_price", "deadline", "lots", "mandatory",
            "scoring_total", "param")


def family(field: str) -> str:
    return "param" if field.startswith("param[") else field


def flagged(field: str, out: dict, checker, truth: dict) -> bool:
    """Did needs_review point at this field? Params map to the requirements that mention them."""
    notes = out.get("needs_review", [])
    names = {n["field"] for n in notes}
    if field.startswith("param["):
        reqs = out.get("requirements") or []
        p = next((x for x in truth["params"] if field.startswith(f"param[{x['name']} ")), None)
        # A requirement that mentions it, a flagged line that mentions it ("a line stating a bound was not read"),
        # or the whole list (a "requirements" note with no line: none found).
        return p is not None and (any(n["field"] == "requirements" and (not n["snippet"] or checker.label_hits(
            p, {"text": n["snippet"]})) for n in notes) or any(f"requirements[{i}]" in names
                                                             for i, r in enumerate(reqs) if checker.label_hits(p, r)))
    return {"scoring_total": "scoring"}.get(field, field) in names


class Tally:
    """(wrong?, flagged?) -> fields, overall and per field family."""

    def __init__(self) -> None:
        self.all: dict = defaultdict(int)
        self.by: dict = defaultdict(lambda: defaultdict(int))

    def add(self, field: str, wrong: bool, flag: bool) -> None:
        self.all[(wrong, flag)] += 1
        self.by[family(field)][(wrong, flag)] += 1

    def merge(self, other: Tally) -> None:
        for k, v in other.all.items():
            self.all[k] += v
        for f, d in other.by.items():
            for k, v in d.items():
                self.by[f][k] += v

    @staticmethod
    def line(label: str, c: dict) -> str:
        wrong = c[(True, True)] + c[(True, False)]
        right = c[(False, True)] + c[(False, False)]
        return (f"{label}: flags {c[(True, True)]} of {wrong} wrong fields "
                f"({100 * c[(True, True)] / max(wrong, 1):.0f}%) and {c[(False, True)]} of {right} right ones "
                f"({100 * c[(False, True)] / max(right, 1):.1f}%)")

    def by_field(self) -> str:
        cells = []
        for f in FAMILIES:
            c = self.by.get(f)
            if c:
                cells.append(f"{f} {c[(True, True)]}/{c[(True, True)] + c[(True, False)]} wrong, "
                             f"{c[(False, True)]}/{c[(False, True)] + c[(False, False)]} right")
        return "    by field (flagged/total): " + "; ".join(cells)


def recheck(stored: dict, path: Path) -> dict:
    """`stored` (a parse's JSON) with needs_review and confidence from today's self-checks on the same document."""
    from dealgraph.ingest.tenders import header_model
    from dealgraph.ingest.tenders.checks import run_checks
    from dealgraph.ingest.tenders.extract import _Extractor
    from dealgraph.ingest.tenders.hant import SimplifiedView, is_traditional, to_simplified
    from dealgraph.ingest.tenders.header_candidates import generate
    from dealgraph.ingest.tenders.model import ParsedTender
    from dealgraph.ingest.tenders.parse import to_document

    doc = to_document(path.read_bytes(), str(path))
    view = None
    if is_traditional(" ".join(t for _, t in doc.lines()[:400])):
        # Checks run on the simplified reading of a 繁體 notice, as in extract(): the stored values are read back so.
        view = SimplifiedView(doc)
        doc, read = view.doc, _each_string(stored, to_simplified)
    else:
        read = stored
    ex = _Extractor(doc)
    ex.run()  # only for what the document states (a scoring total): the fields it reads are not used
    p = ParsedTender.from_dict(read)
    # The header model's reading of the stored values, as extraction gives it to the checks: every candidate of the
    # notice (today's rules' attempts among them) scored, the stored value as the one kept.
    p.header_choices = header_model.score(generate(doc, p, ex.header_log, ex._field_value),
                                          header_model.weights().get("models", {}))
    # How a field was found (a labelled value or a fallback) is in its first confidence: 0.6 is a fallback.
    fallback = {f for f, c in stored.get("confidence", {}).items() if abs(c - 0.6) < 1e-9}
    run_checks(p, doc.lines(), ex.stated, fallback)
    if view is not None:  # the notes' lines back in the notice's characters, as extract() gives them (view.restore)
        for n in p.needs_review:
            n["snippet"] = view.back(n["snippet"])
    # Not a check: extraction's own note that requirements came from the bound-lines fallback.
    p.needs_review += [n for n in stored.get("needs_review", []) if n["reason"].startswith("no requirement section")]
    return dict(stored, needs_review=p.needs_review, confidence=p.confidence)


def _each_string(obj, f):
    if isinstance(obj, str):
        return f(obj)
    if isinstance(obj, list):
        return [_each_string(x, f) for x in obj]
    if isinstance(obj, dict):
        return {k: _each_string(v, f) for k, v in obj.items()}
    return obj


def score_stored(sets: list[tuple[str, Path, Path]], parses: Path, checker_for, verbose: bool = False) -> Tally:
    """Stored parses (PARSES/SET/FILE.json) of the sets' documents, checked again today; field accuracy as stored.
    `checker_for(truth_path)` gives the check.py module that scores that set."""
    total = Tally()
    for name, docdir, truth_path in sets:
        setdir = parses / Path(truth_path).parent.name
        if not setdir.is_dir():
            continue
        checker = checker_for(Path(truth_path))
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        own, ok, n = Tally(), 0, 0
        for fname, t in sorted(truth.items()):
            stored = setdir / f"{fname}.json"
            if not stored.is_file():
                continue
            out = recheck(json.loads(stored.read_text(encoding="utf-8")), docdir / fname)
            for field, good, want, got in checker.score_doc(fname, t, out):
                n += 1
                ok += int(good)
                flag = flagged(field, out, checker, t)
                own.add(field, not good, flag)
                if verbose and (not good or flag):
                    print(f"    {'WRONG' if not good else 'RIGHT'}{' (flagged)' if flag else ''} {fname} {field}: "
                          f"want {str(want)[:50]} got {str(got)[:60]}")
        print(f"stored parses of {name}: {ok}/{n} fields right ({100 * ok / max(n, 1):.1f}%), checked again today")
        print("  " + Tally.line("needs_review", own.all))
        print(own.by_field())
        total.merge(own)
    if total.all:
        print(Tally.line("needs_review, stored parses", total.all))
        print(total.by_field())
    return total
