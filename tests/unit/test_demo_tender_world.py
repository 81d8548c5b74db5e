"""The demo tender world is realistic: most notices ask for what we hold, a minority fail one pass/fail item."""

import random
from collections import Counter

from dealgraph.algorithms.matching.capabilities import capabilities_from_records
from dealgraph.algorithms.matching.engine import match_requirements, overall
from dealgraph.demo import tender_docs as gen


def _truths(seeds=range(8), n=40):
    return [gen.truth_of(gen.make_tender(rng, i + 1), "x") for s in seeds for rng in [random.Random(s)] for i in range(n)]


def test_minority_inadmissible_for_mixed_stated_reasons():
    truths = _truths()
    share = sum(t["disqualified"] for t in truths) / len(truths)
    assert 0.15 <= share <= 0.30, share
    kinds = Counter(t["fail_kind"] for t in truths if t["fail_kind"])
    assert set(kinds) == set(gen.FAIL_KINDS), kinds
    # truth is computed from what was written, and agrees with what the generator meant
    assert all(t["disqualified"] == bool(t["fail_kind"]) for t in truths)


def test_admissible_notices_ask_only_for_what_we_hold():
    for t in _truths(seeds=range(3)):
        gates = [r for r in t["requirements"] if r["kind"] == "qualification" or r["mandatory"]]
        failed = [r for r in gates if r["status"] == "unmet" or r["status"] == "partial" and r["kind"] == "qualification"]
        assert len(failed) == (1 if t["fail_kind"] else 0), (t["id"], t["fail_kind"], failed)
        assert not any(r["mandatory"] and r["important"] for r in t["requirements"])  # ★ and ▲ exclude each other


def test_each_failure_kind_fails_the_item_it_names():
    expect = {"lacking_certificate": ("qualification", None), "expired_certificate": ("qualification", None),
              "capital_short": ("qualification", "registered_capital"),
              "experience_short": ("qualification", "similar_projects"), "star_spec_unmet": ("technical", None)}
    seen = set()
    for t in _truths():
        if not t["fail_kind"]:
            continue
        kind, key = expect[t["fail_kind"]]
        bad = next(r for r in t["requirements"] if r["status"] in ("unmet", "partial")
                   and (r["kind"] == "qualification" or r["mandatory"]))
        assert bad["kind"] == kind and (key is None or bad["key"] == key), (t["fail_kind"], bad)
        if t["fail_kind"] == "expired_certificate":
            mine = gen.OUR_CERTS[bad["key"]]["valid_until"]
            assert mine < t["deadline"][:10]  # we hold it, but it lapses before the deadline
        if t["fail_kind"] == "lacking_certificate":
            assert bad["key"] not in gen.OUR_CERTS or bad["value"] > gen.OUR_CERTS[bad["key"]]["level"]
        seen.add(t["fail_kind"])
    assert seen == set(gen.FAIL_KINDS)


def test_matching_engine_agrees_with_the_truth_on_admissibility():
    caps = capabilities_from_records(gen.capability_records())
    truths = _truths(seeds=range(2), n=30)
    for t in truths:
        reqs = [dict(r) for r in t["requirements"]]
        res = match_requirements(reqs, caps, deadline=t["deadline"])
        assert overall(reqs, res)["disqualified"] == t["disqualified"], (t["id"], t["fail_kind"])
