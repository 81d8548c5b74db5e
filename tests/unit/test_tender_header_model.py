"""Header fields as scored candidates (header_candidates, header_model) and the title-fragment kind found with them.

Notices of our own wording, not any fixture's.
"""

from __future__ import annotations

import json
import math

from dealgraph.ingest.tenders import header_model, parse_bytes
from dealgraph.ingest.tenders.header_candidates import Candidate, group


def _parse(text: str, name: str):
    return parse_bytes(text.encode(), name)


def test_a_title_line_ending_in_for_the_is_not_the_name_the_lines_after_it_are():
    text = ("Republic of Examplia\nMUNICIPALITY OF RIVERBEND\nINVITATION TO BID FOR THE\n"
            "SUPPLY OF SIX (6) WATER TANKER TRUCKS\n(10,000 LITRE CAPACITY)\n"
            "1. The Municipality of Riverbend invites bids for the above.\n")
    assert _parse(text, "itb.txt").project_name == "SUPPLY OF SIX (6) WATER TANKER TRUCKS (10,000 LITRE CAPACITY)"


def test_every_labelled_value_and_the_sign_off_are_candidates_with_features():
    text = ("Request for Quotation\nSubject: Replacement of Pool Filtration Pumps\nReference No: HVC/RFQ/2029/14\n"
            "Contracting authority: Harbourview Civic Council\nQuotes close 4 May 2029, 2:00pm.\n"
            "Harbourview Civic Council\nProcurement Office\n")
    p = _parse(text, "rfq.txt")
    for f, want in (("tender_number", "HVC/RFQ/2029/14"), ("buyer", "Harbourview Civic Council")):
        ch = p.header_choices[f]
        assert any(s.value == want for s in ch.scored)
        s = next(s for s in ch.scored if s.value == want)
        assert 0.0 <= s.p <= 1.0 and s.feats["bias"] == 1.0 and s.cand.snippet
    buyer = next(s for s in p.header_choices["buyer"].scored if s.value == "Harbourview Civic Council")
    assert buyer.feats["org"] == 1.0 and buyer.feats["repeat"] > 0  # named twice: in the label and the sign-off
    # each header field keeps the model's probability as its confidence and its evidence
    d = p.to_dict()
    for f in ("project_name", "tender_number", "buyer"):
        assert d[f] and 0.0 <= d["confidence"][f] <= 1.0 and d["provenance"][f]["snippet"]


def test_an_organisation_under_the_title_and_under_a_contracting_authority_heading_fills_an_empty_buyer():
    html = ("<html><body><h1>Renal Dialysis Chairs and Consumables</h1><p>Northmoor Health Supplies Limited</p>"
            "<p>Notice identifier: 2029/S 000-004411</p><h2>Description</h2><p>Northmoor Health Supplies Limited intends "
            "to set up a framework for dialysis chairs for hospitals across the region.</p>"
            "<h2>Contracting authority</h2><h3>Northmoor Health Supplies Limited</h3><p>1 Mill Lane, Northmoor</p>"
            "</body></html>")
    p = parse_bytes(html.encode(), "n.html")
    assert p.buyer == "Northmoor Health Supplies Limited"
    assert p.confidence["buyer"] > 0.5


def _scored(value: str, p: float, rule: bool = False) -> header_model.Scored:
    return header_model.Scored(value.lower(), value, p, rule, Candidate("buyer", value, "rule", 1, value), {})


def test_the_rules_value_stays_unless_the_model_doubts_it_and_clearly_prefers_another():
    policy = {"doubt": 0.3, "margin": 0.3, "fill": 0.5}
    rule, other = _scored("A", 0.2, True), _scored("B", 0.7)
    ch = header_model.Choice("buyer", [other, rule], rule)
    assert header_model.decide(ch, policy) is other
    rule.p, other.p = 0.35, 0.6  # not doubted enough
    assert header_model.decide(ch, policy) is rule
    rule.p, other.p = 0.1, 0.3  # doubted, but the other is not clearly better
    assert header_model.decide(ch, policy) is rule
    empty = header_model.Choice("buyer", [_scored("C", 0.4)], None)
    assert header_model.decide(empty, policy) is None  # not likely enough to fill an empty field
    empty.scored[0].p = 0.8
    assert header_model.decide(empty, policy) is empty.scored[0]


def test_a_candidate_shaped_like_a_sentence_or_contact_line_is_never_picked():
    policy = {"doubt": 0.3, "margin": 0.3, "fill": 0.3}
    junk = _scored("accepted by fax or e-mail. The Department is not bound to accept the lowest bid.", 0.9)
    empty = header_model.Choice("buyer", [junk, _scored("Department of Works", 0.1)], None)
    assert header_model.decide(empty, policy) is None  # the only likely candidate is a sentence: leave it empty
    empty.scored[1].p = 0.35
    assert header_model.decide(empty, policy) is empty.scored[1]
    rule = _scored("Department of Works", 0.1, True)
    ch = header_model.Choice("buyer", [junk, rule], rule)
    assert header_model.decide(ch, policy) is rule


def test_the_stored_model_is_plain_numbers_and_a_pairwise_softmax():
    w = json.loads(header_model._WEIGHTS.read_text(encoding="utf-8"))
    assert set(w["models"]) == {"project_name", "tender_number", "buyer"}
    for m in w["models"].values():
        assert all(isinstance(v, float) and math.isfinite(v) for v in m["coef"].values())
    ps = header_model.probabilities(w["models"]["buyer"], [{"bias": 1.0, "org": 1.0}, {"bias": 1.0}])
    assert abs(sum(ps) - 1.0) < 1e-9
    # candidates with one value are one candidate, their features merged (seen twice, from two sources)
    cs = [Candidate("buyer", "X Council", "label", 1, "s", feats={"pos": 0.5, "org": 1.0}),
          Candidate("buyer", "X  council", "signoff", 2, "t", feats={"pos": 0.9, "org": 1.0})]
    (_key, _rep, feats), = group(cs)
    assert feats["pos"] == 0.5 and feats["n_sources"] > feats["n_seen"] > 0
