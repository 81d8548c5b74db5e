"""The needs_review replay of stored parses (bench/tender_review.py): a 繁體 notice is checked on its simplified
reading, as extract() does, and the notes' lines come back in the notice's own characters (extract() restores
them with the rest of the parse), so a flagged line names the parameter as the notice writes it."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from tender_review import recheck

from dealgraph.ingest.tenders.hant import to_simplified
from dealgraph.ingest.tenders.parse import to_document


def test_traditional_notes_keep_the_notice_characters():
    doc = ROOT / "tests" / "fixtures" / "tenders_blind12" / "docs" / "g_pcc_gkzb_wurenji.txt"
    stored = json.loads((ROOT / "tests" / "fixtures" / "tenders_first_parses" / "tenders_blind12" /
                         "g_pcc_gkzb_wurenji.txt.json").read_text(encoding="utf-8"))
    def norm(s: str) -> str:  # the marks aside: the reading swaps a legend's ◎ for ★
        return unicodedata.normalize("NFKC", re.sub(r"[★◎※▲]", "", s))

    text = norm(" ".join(" ".join(t.split()) for _, t in to_document(doc.read_bytes(), str(doc)).lines()))
    out = recheck(stored, doc)
    lines = [n["snippet"].rstrip("…") for n in out["needs_review"] if n["field"] == "requirements" and n["snippet"]
             and not n["reason"].startswith("no requirement section")]  # the stored parse's own note, as printed
    assert lines
    changed = [s for s in lines if to_simplified(s) != s]  # lines whose characters differ in the two scripts
    assert changed and all(norm(s) in text for s in changed)
