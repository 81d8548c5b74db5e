"""Autonomy guardrails: dry run by default, rate per account and contact, quiet hours, owner approval,
consent, exactly-once under retries and concurrent runs, an audit record per decision; next best
actions ranked with reason and evidence; the CLI."""

import json
import threading
from datetime import UTC, datetime

import pandas as pd
import pytest
from test_opportunities_forecast import _history
from typer.testing import CliRunner

from dealgraph.algorithms.opportunities.history import load_history
from dealgraph.algorithms.opportunities.next_actions import next_actions
from dealgraph.autonomy.executor import run_actions
from dealgraph.autonomy.policy import Policy
from dealgraph.cli import app
from dealgraph.errors import InputError

NOON = datetime(2024, 6, 3, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
NIGHT = datetime(2024, 6, 3, 14, 30, tzinfo=UTC)  # 22:30 in Shanghai


def _action(i: int, account: str = "acc1", contact: str | None = None, kind: str = "task", gain: float = 10.0):
    return {"action_id": f"a{i}", "kind": kind, "account": account, "contact": contact, "owner": "u1",
            "title": f"action {i}", "expected_change": {"won_amount": gain}}


def _policy(**kw) -> Policy:
    return Policy.from_dict({"dry_run": False, "timezone": "Asia/Shanghai", "quiet_hours": "20:00-08:00",
                             "per_account_per_day": 2, "per_contact_per_day": 1, **kw})


class Recorder:
    def __init__(self):
        self.calls, self.lock = [], threading.Lock()

    def __call__(self, action, key):
        with self.lock:
            self.calls.append((action["action_id"], key))


def test_dry_run_is_the_default(tmp_path):
    rec = Recorder()
    utc_noon = datetime(2024, 6, 3, 12, 0, tzinfo=UTC)  # the default policy: UTC, quiet 20:00-08:00
    d = run_actions([_action(1)], Policy(), tmp_path / "audit.jsonl", {"task": rec}, now=utc_noon, execute=True)
    assert d[0]["decision"] == "dry_run" and rec.calls == []
    d = run_actions([_action(1)], _policy(), tmp_path / "audit.jsonl", {"task": rec}, now=NOON)  # no --execute
    assert d[0]["decision"] == "dry_run" and rec.calls == []


def test_rate_quiet_hours_approval_consent(tmp_path):
    rec, audit = Recorder(), tmp_path / "audit.jsonl"
    acts = [_action(1), _action(2), _action(3),  # acc1: third one over the per-account limit
            _action(4, "acc2", "c1", kind="webhook"),  # no consent
            _action(5, "acc2", "c2", kind="webhook"), _action(6, "acc3", "c2", kind="webhook"),  # c2: 1 per day
            _action(7, "acc4", gain=5e6), _action(8, "acc5", kind="email")]
    p = _policy(approval_above=1e6, autonomous=["task", "webhook"], consent_required=["webhook", "email"])
    d = {r["action"]["action_id"]: r for r in run_actions(acts, p, audit, {"task": rec, "webhook": rec}, now=NOON,
                                                          execute=True, consent={"c2"})}
    assert [d[f"a{i}"]["decision"] for i in range(1, 9)] == [
        "executed", "executed", "blocked_rate", "blocked_consent", "executed", "blocked_rate", "needs_approval",
        "suggested"]
    assert "acc1" in d["a3"]["why"] and "c2" in d["a6"]["why"] and "5,000,000" in d["a7"]["why"]
    assert [c[0] for c in rec.calls] == ["a1", "a2", "a5"]
    # the owner approves a7: it runs on the next pass; quiet hours hold everything back at night
    d = run_actions([_action(7, "acc4", gain=5e6)], p, audit, {"task": rec}, now=NOON, execute=True, approved={"a7"})
    assert d[0]["decision"] == "executed"
    d = run_actions([_action(9, "acc9")], p, audit, {"task": rec}, now=NIGHT, execute=True)
    assert d[0]["decision"] == "deferred_quiet_hours" and "22:30" in d[0]["why"]
    # the audit trail holds one record per decision, with the action and the reason
    lines = [json.loads(x) for x in audit.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 10 and all(r["why"] and r["key"] and r["action"]["action_id"] for r in lines)
    # a new local day resets the rate
    d = run_actions([_action(3)], p, audit, {"task": rec}, now=datetime(2024, 6, 4, 4, 0, tzinfo=UTC), execute=True)
    assert d[0]["decision"] == "executed"


def test_approval_compares_the_converted_amount_in_the_thresholds_currency(tmp_path):
    """With a rate table the threshold (CNY) is compared with each amount converted into CNY: 200,000 USD is
    1,420,000 CNY (above 1,000,000), 5,000,000 JPY is 250,000 CNY (below). Not converted, a foreign amount
    cannot be compared with the threshold and waits for the owner."""
    from dealgraph.algorithms.opportunities.currency_rank import Rates, rank

    acts = [{**_action(1, "acc1", gain=200_000), "currency": "USD"},
            {**_action(2, "acc2", gain=5_000_000), "currency": "JPY"},
            {**_action(3, "acc3", gain=900_000), "currency": "CNY"},
            {**_action(4, "acc4", gain=50_000), "currency": "EUR"}]  # no rate for EUR
    ranked, _ = rank(acts, Rates("CNY", {"USD": 7.1, "JPY": 0.05}))
    p = _policy(approval_above=1e6, currency="CNY", per_account_per_day=5)
    d = {r["action"]["action_id"]: r for r in run_actions(ranked, p, tmp_path / "audit.jsonl", {"task": Recorder()},
                                                          now=NOON, execute=True)}
    assert [d[f"a{i}"]["decision"] for i in range(1, 5)] == ["needs_approval", "executed", "executed",
                                                              "needs_approval"]
    assert "1,420,000 CNY" in d["a1"]["why"] and "EUR" in d["a4"]["why"]
    # no currency in the policy: the threshold is in the currency the actions were ranked in (the rate base)
    ranked, _ = rank([{**_action(5, "acc5", gain=200_000), "currency": "USD"}], Rates("CNY", {"USD": 7.1}))
    d = run_actions(ranked, _policy(approval_above=1e6), tmp_path / "audit2.jsonl", {"task": Recorder()}, now=NOON,
                    execute=True)
    assert d[0]["decision"] == "needs_approval" and "CNY" in d[0]["why"]
    with pytest.raises(InputError, match="currency"):
        Policy.from_dict({"currency": 5})


def test_exactly_once_under_retries_and_concurrency(tmp_path):
    rec, audit = Recorder(), tmp_path / "audit.jsonl"
    p = _policy(per_account_per_day=1000)
    acts = [_action(i, f"acc{i}") for i in range(20)]
    threads = [threading.Thread(target=run_actions, args=(acts, p, audit, {"task": rec}),
                                kwargs={"now": NOON, "execute": True}) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run_actions(acts, p, audit, {"task": rec}, now=NOON, execute=True)  # a retry of the whole batch
    assert sorted(c[0] for c in rec.calls) == sorted(a["action_id"] for a in acts)  # each exactly once
    decisions = [json.loads(x)["decision"] for x in audit.read_text(encoding="utf-8").splitlines()]
    assert decisions.count("executed") == 20 and decisions.count("duplicate") == 80


def test_failed_effect_is_recorded_and_retried(tmp_path):
    audit, calls = tmp_path / "audit.jsonl", []

    def flaky(action, key):
        calls.append(key)
        if len(calls) == 1:
            raise ConnectionError("receiver down")

    assert run_actions([_action(1)], _policy(), audit, {"task": flaky}, now=NOON, execute=True)[0]["decision"] == "failed"
    assert run_actions([_action(1)], _policy(), audit, {"task": flaky}, now=NOON, execute=True)[0]["decision"] == "executed"
    assert len(calls) == 2 and calls[0] == calls[1]  # same idempotency key both times


def test_policy_errors_name_the_field(tmp_path):
    for bad, words in (({"quiet_hours": "late"}, "quiet_hours"), ({"timezone": "Mars/Base"}, "timezone"),
                       ({"autonomous": ["launch"]}, "autonomous"), ({"per_account_per_day": -1}, "per_account"),
                       ({"dryrun": True}, "unknown field")):
        with pytest.raises(InputError, match=words):
            Policy.from_dict(bad, "p.toml")


def test_next_actions_ranked_with_reason_and_evidence():
    hist = load_history(_history())
    acts = next_actions(hist, pd.Timestamp("2024-06-01"), 90)
    assert acts, "the history has overrunning open deals"
    gains = [a["expected_change"]["won_amount"] for a in acts]
    assert gains == sorted(gains, reverse=True) and gains[-1] > 0
    for a in acts:
        before, after = a["expected_change"]["p_win_in_horizon"]
        assert after > before
        assert a["evidence"]["days_in_stage"] > a["evidence"]["typical_days"]
        assert a["reason"] and 0 < a["confidence"] < 1


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    from dealgraph.config import get_settings

    monkeypatch.setenv("DEALGRAPH_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield tmp_path / "data"
    monkeypatch.undo()
    get_settings.cache_clear()


def test_cli_actions_next_dry_run_then_execute(tmp_path, data_dir):
    src = tmp_path / "h.csv"
    _history().to_csv(src, index=False)
    policy = tmp_path / "policy.toml"
    policy.write_text('dry_run = false\nquiet_hours = ""\nper_account_per_day = 100\n', encoding="utf-8")
    args = ["actions", "next", "--history", str(src), "--as-of", "2024-06-01", "--json"]
    # no quiet hours in either policy: the default ones would defer everything when CI runs at night
    dry_policy = tmp_path / "dry.toml"
    dry_policy.write_text('quiet_hours = ""\n', encoding="utf-8")
    dry = json.loads(CliRunner().invoke(app, [*args, "--policy", str(dry_policy)]).output)
    assert dry["actions"] and {d["decision"] for d in dry["decisions"]} == {"dry_run"}
    outbox = data_dir / "actions" / "outbox.jsonl"
    assert not outbox.exists()
    for _ in range(2):  # run twice: executed once, then duplicates
        res = CliRunner().invoke(app, [*args, "--policy", str(policy), "--execute"])
        assert res.exit_code == 0, res.output
    assert len(outbox.read_text(encoding="utf-8").splitlines()) == len(dry["actions"])
    assert {d["decision"] for d in json.loads(res.output)["decisions"]} == {"duplicate"}


def test_shadow_report_puts_what_people_did_beside_what_the_system_would_have(tmp_path, data_dir):
    """actions next --shadow logs what would run (twice: one row per action in the report); shadow-report reads
    the later history: a deal whose next stage entry came within the window was moved on by people (to that
    stage), one with none was not, and the summary counts agree with the rows."""
    src = tmp_path / "h.csv"
    raw = _history()
    raw.to_csv(src, index=False)
    policy = tmp_path / "p.toml"
    policy.write_text('quiet_hours = ""\nper_account_per_day = 100\n', encoding="utf-8")
    for _ in range(2):
        res = CliRunner().invoke(app, ["actions", "next", "--history", str(src), "--as-of", "2024-06-01", "--shadow",
                                       "--policy", str(policy), "--json"])
        assert res.exit_code == 0, res.output
    proposed = json.loads(res.output)["actions"]
    assert {d["decision"] for d in json.loads(res.output)["decisions"]} == {"shadow"}
    hist = load_history(raw)
    as_of = pd.Timestamp("2024-06-01")
    # The window is set from the proposed deals' own next stage entries (which deals are proposed follows the
    # forecast's ranking): the soonest one falls inside it, a later one outside, so the report must tell both kinds.
    delays = sorted({(g["entered_at"].min() - as_of).days for oid, g in hist[hist["entered_at"] > as_of]
                     .groupby("opportunity_id") if oid in {a["opportunity_id"] for a in proposed}})
    assert len(delays) >= 2, delays
    window = delays[0]
    res = CliRunner().invoke(app, ["actions", "shadow-report", "--history", str(src), "--window-days", str(window),
                                   "--json"])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.output)
    rows = rep["actions"]
    assert [r["action_id"] for r in rows] == [a["action_id"] for a in proposed]  # once each, in ranked order
    seen = set()
    for r in rows:
        later = hist[(hist["opportunity_id"] == r["opportunity_id"]) & (hist["entered_at"] > as_of)]
        if r["people"] == "moved on":
            assert (later.iloc[0]["entered_at"] - as_of).days <= window and later.iloc[0]["stage"] == r["moved_to"]
            assert r["as_aimed"] == (r["moved_to"] == r["aimed_for"])
        elif r["people"] == "did not move it":
            assert later.empty or (later.iloc[0]["entered_at"] - as_of).days > window
        seen.add(r["people"])
    assert {"moved on", "did not move it"} <= seen  # the history has both kinds: the report tells them apart
    s = rep["summary"]
    known = [r for r in rows if r["people"] in ("moved on", "closed", "did not move it")]
    assert s["known"] == len(known) and s["people_moved_on"] == sum(r["people"] == "moved on" for r in rows)
    assert s["agreement"] == round(s["people_moved_on"] / s["known"], 3)
    text = CliRunner().invoke(app, ["actions", "shadow-report", "--history", str(src)])
    assert text.exit_code == 0 and "agreement" in text.output
