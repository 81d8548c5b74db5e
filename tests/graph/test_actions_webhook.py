"""Executed actions delivered by webhook (policy deliver = "webhook"): one action.executed delivery per
executed action, carrying its idempotency key; a rerun executes nothing again and queues nothing; with no
subscription the action is recorded as failed (and tried again next time), not as done."""

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_opportunities_forecast import _history

from dealgraph.api.webhooks import register
from dealgraph.cli import app

pytestmark = pytest.mark.graph

PAYLOADS = "MATCH (d:WebhookDelivery {event: 'action.executed'}) RETURN d.payload AS p"


@pytest.fixture
def data_dir(tmp_path, monkeypatch, settings):
    """A fresh audit trail for this test; the CLI still reaches the test server (its password kept)."""
    from dealgraph.config import get_settings

    monkeypatch.setenv("DEALGRAPH_NEO4J_PASSWORD", settings.resolved_password())
    monkeypatch.setenv("DEALGRAPH_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield tmp_path / "data"
    monkeypatch.undo()
    get_settings.cache_clear()


def _run(src: Path, policy: Path) -> dict:
    r = CliRunner().invoke(app, ["actions", "next", "--history", str(src), "--as-of", "2024-06-01", "--policy",
                                 str(policy), "--execute", "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_executed_actions_go_out_by_webhook_exactly_once(graph, tmp_path, data_dir):
    src = tmp_path / "h.csv"
    _history().to_csv(src, index=False)
    policy = tmp_path / "p.toml"
    policy.write_text('dry_run = false\nquiet_hours = ""\nper_account_per_day = 100\ndeliver = "webhook"\n',
                      encoding="utf-8")
    # no subscription yet: nothing delivered, so nothing counts as done
    first = _run(src, policy)
    assert first["actions"] and {d["decision"] for d in first["decisions"]} == {"failed"}
    assert "no webhook subscription" in first["decisions"][0]["why"]
    register(graph, "http://127.0.0.1:9/hook", ["action.executed"], allow_private=True)
    second = _run(src, policy)
    executed = {d["key"] for d in second["decisions"] if d["decision"] == "executed"}
    assert executed and len(executed) == len(second["actions"])
    payloads = [json.loads(r["p"]) for r in graph.read(PAYLOADS)]
    assert sorted(p["idempotency_key"] for p in payloads) == sorted(executed)
    assert {p["action_id"] for p in payloads} == {a["action_id"] for a in second["actions"]}
    third = _run(src, policy)  # a retry of the same batch
    assert {d["decision"] for d in third["decisions"]} == {"duplicate"}
    assert len(graph.read(PAYLOADS)) == len(payloads)
    assert not (data_dir / "actions" / "outbox.jsonl").exists()  # delivered by webhook, not to the file
