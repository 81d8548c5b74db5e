"""Contextual learner (segments with features) and the A/B loop from copy variants into allocation."""

import csv
import json

import numpy as np
import pytest

from dealgraph.algorithms.marketing.history import load_history
from dealgraph.algorithms.marketing.plan import fit_model, plan_from_file, read_plan, write_plan
from dealgraph.algorithms.marketing.variants import choose_variant
from dealgraph.errors import InputError

# segment -> (industry, size): the true value per yuan is exp(channel + industry + 0.8 * size)
SEGMENTS = {"S1": ("制造", -1.0), "S2": ("制造", 0.0), "S3": ("制造", 1.0), "S4": ("金融", -1.0),
            "S5": ("金融", 0.0), "S6": ("金融", 1.0)}
NEW = {"NEW_BIG": ("制造", 1.5), "NEW_SMALL": ("制造", -1.5)}  # in the segments file only
CHANNEL = {"search": np.log(0.6), "feed": np.log(0.3)}
INDUSTRY = {"制造": 0.0, "金融": 0.4}


def theta(ch, seg):
    ind, size = {**SEGMENTS, **NEW}[seg]
    return float(np.exp(CHANNEL[ch] + INDUSTRY[ind] + 0.8 * size))


def _write(tmp_path, periods=8, seed=3):
    rng = np.random.default_rng(seed)
    h = tmp_path / "h.csv"
    with h.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["周期", "渠道", "人群", "花费", "点击", "成交金额"])
        for p in range(periods):
            for ch in CHANNEL:
                for seg in SEGMENTS:
                    spend = float(rng.uniform(3000, 6000))
                    deals = rng.poisson(theta(ch, seg) * spend / 5000)  # deals of 5,000: thin evidence per arm
                    w.writerow([f"2026-{1 + p // 4:02d}-{1 + 7 * (p % 4):02d}", ch, seg, round(spend),
                                int(spend / 3), deals * 5000])
    s = tmp_path / "segments.csv"
    with s.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["segment", "industry", "size"])
        for seg, (ind, size) in {**SEGMENTS, **NEW}.items():
            w.writerow([seg, ind, size])
    return h, s


def _spearman(a, b):
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def test_features_rank_segments_and_plan_new_ones(tmp_path):
    h, s = _write(tmp_path)
    res = plan_from_file(h, 60_000, segments=s)
    assert res.model.learner == "contextual"
    assert sum(r.spend for r in res.rows) == 60_000
    rows = {(r.channel, r.segment): r for r in res.rows}
    assert set(rows) == {(ch, seg) for ch in CHANNEL for seg in {**SEGMENTS, **NEW}}
    # segments never run get a value from their features: the big one above the small one, in every channel
    for ch in CHANNEL:
        big, small = rows[(ch, "NEW_BIG")], rows[(ch, "NEW_SMALL")]
        assert big.explanation["evidence"]["periods"] == 0
        assert big.explanation["value_per_yuan"] > 3 * small.explanation["value_per_yuan"]
        assert "no history" in big.reason
        assert big.explanation["learner"] == "contextual" and "feature:size" in big.explanation["log_effects"]
    assert rows[("search", "NEW_BIG")].spend > rows[("search", "NEW_SMALL")].spend
    seen = [(ch, seg) for ch in CHANNEL for seg in SEGMENTS]
    ctx = [rows[a].explanation["value_per_yuan"] for a in seen]
    assert _spearman(ctx, [theta(*a) for a in seen]) > 0.85
    for r in res.rows:
        lo, hi = r.explanation["interval_90"]
        assert lo < r.explanation["value_per_yuan"] < hi


def test_hierarchical_learner_cannot_plan_unseen_segments(tmp_path):
    h, _s = _write(tmp_path)
    res = plan_from_file(h, 60_000, learner="hierarchical")
    assert res.model.learner == "hierarchical"
    assert {r.segment for r in res.rows} == set(SEGMENTS)
    # a history with a segment column alone (no features file) uses the contextual learner with segment effects
    auto = plan_from_file(h, 60_000)
    assert auto.model.learner == "contextual" and {r.segment for r in auto.rows} == set(SEGMENTS)


def test_plan_csv_carries_the_segment_and_reads_back(tmp_path):
    h, s = _write(tmp_path)
    res = plan_from_file(h, 60_000, segments=s)
    out = tmp_path / "plan.csv"
    write_plan(res, out)
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == "channel,creative,segment,spend,expected_value,reason"
    back = read_plan(out)
    assert back == {r.channel + "||" + r.segment: float(r.spend) for r in res.rows}
    assert json.dumps(res.to_json(), ensure_ascii=False)


def test_segments_file_errors(tmp_path):
    h, _s = _write(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("人群,industry,size\nS1,制造,-1\n,金融,0\nS1,金融,1\nS2,制造,0\nS3,制造,1\nS4,金融,-1\nS5,金融,0\n"
                   "S6,金融,1\n", encoding="utf-8")
    res = plan_from_file(h, 10_000, segments=bad)
    rej = [(r["row"], r["reason"]) for r in res.history.rejected]
    assert rej == [(3, "blank segment"), (4, "segment repeated (first row kept)")]
    missing = tmp_path / "missing.csv"
    missing.write_text("segment,size\nS1,1\nS2,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="segment 'S3' of the history has no row"):
        plan_from_file(h, 10_000, segments=missing)
    with pytest.raises(InputError, match="no segment column"):
        nohead = tmp_path / "nohead.csv"
        nohead.write_text("name,size\nS1,1\n", encoding="utf-8")
        plan_from_file(h, 10_000, segments=nohead)
    with pytest.raises(InputError, match="--learner 'bandit'"):
        plan_from_file(h, 10_000, learner="bandit")


def _ab_history(path, b_rows=True, periods=10, seed=5):
    """Variant a: many clicks, deals rarely; variant b: fewer clicks, deals more often."""
    rng = np.random.default_rng(seed)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["period", "channel", "creative", "spend", "clicks", "won_amount"])
        for p in range(periods):
            for ch in ("百度", "信息流"):
                for v, clicks_per_yuan, vpy in (("a", 0.5, 0.4), ("b", 0.1, 1.2)):
                    if v == "b" and not b_rows:
                        continue
                    spend = float(rng.uniform(4000, 6000))
                    won = rng.poisson(vpy * spend / 10_000) * 10_000
                    w.writerow([f"W{p:02d}", ch, f"ad-decision_maker-{v}", round(spend), int(spend * clicks_per_yuan),
                                won])
    return path


def test_variant_chosen_by_downstream_value_not_clicks(tmp_path):
    hist = load_history(_ab_history(tmp_path / "ab.csv"))
    by_value = choose_variant(fit_model(hist, None), "ad", "decision_maker", ("a", "b"), key="ACC1")
    assert by_value["variant"] == "b" and by_value["p_best"]["b"] > 0.9
    assert by_value["value_per_yuan"]["b"] > by_value["value_per_yuan"]["a"]
    assert by_value["evidence"]["b"]["periods"] == 20 and len(by_value["evidence"]["b"]["arms"]) == 2
    by_clicks = choose_variant(fit_model(hist, {"clicks": 1}), "ad", "decision_maker", ("a", "b"), key="ACC1")
    assert by_clicks["variant"] == "a" and by_clicks["p_best"]["a"] > 0.9
    # same history, same account -> same choice
    assert choose_variant(fit_model(hist, None), "ad", "decision_maker", ("a", "b"), key="ACC1") == by_value
    # a variant never run is tried first
    only_a = load_history(_ab_history(tmp_path / "a.csv", b_rows=False))
    first = choose_variant(fit_model(only_a, None), "ad", "decision_maker", ("a", "b"))
    assert first["variant"] == "b" and "no history" in first["reason"]


def test_copy_cli_variant_auto_needs_outcomes(tmp_path):
    from typer.testing import CliRunner

    from dealgraph.cli import app

    r = CliRunner().invoke(app, ["copy", "generate", "--account", "ACC1", "--persona", "decision_maker",
                                 "--channel", "ad", "--variant", "auto", "--json"])
    assert isinstance(r.exception, InputError) and "--history history.csv or --spend" in str(r.exception)
    r = CliRunner().invoke(app, ["copy", "generate", "--account", "ACC1", "--persona", "decision_maker",
                                 "--channel", "ad", "--variant", "a", "--history", str(tmp_path / "x.csv")])
    assert isinstance(r.exception, InputError) and "use them with --variant auto" in str(r.exception)
