"""The CLI entry points (`dealgraph api-key ...`, `dealgraph serve`) and per-user path filtering."""

import httpx
import pytest

pytestmark = [pytest.mark.graph, pytest.mark.api]


def test_api_key_cli_and_serve(graph, api, monkeypatch):
    """In-process CliRunner (a subprocess would pay ~20 s of imports on a busy 2-core machine)."""
    import uvicorn
    from typer.testing import CliRunner

    from dealgraph.cli import app

    runner = CliRunner()
    made = runner.invoke(app, ["api-key", "create", "--role", "read_only", "--user", "u_cli"])
    assert made.exit_code == 0, made.output
    key = made.stdout.strip().splitlines()[0]
    assert key.startswith("dg_")
    stored = graph.read("MATCH (k:ApiKey) RETURN k.hash AS h, k.role AS role, k.user_id AS user")
    assert stored == [{"h": stored[0]["h"], "role": "read_only", "user": "u_cli"}]
    assert key.split("_", 2)[2] not in str(stored)  # only the hash is kept
    listed = runner.invoke(app, ["api-key", "list"])
    assert "read_only" in listed.stdout and key.split("_", 2)[2] not in listed.stdout

    # The key works against a running server (same graph).
    graph.write("MERGE (:Account {id: 'cli1', name: '命令行客户'})")
    r = httpx.post(api.url + "/graphql", headers={"X-API-Key": key}, json={"query": '{ account(id: "cli1") { name } }'})
    assert r.json() == {"data": {"account": {"name": "命令行客户"}}}

    # `serve` builds the app over the migrated graph and hands it to uvicorn with the options given.
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app_, **kw: seen.update(app=app_, **kw))
    served = runner.invoke(app, ["serve", "--port", "8123", "--host", "127.0.0.1"])
    assert served.exit_code == 0, served.output
    assert seen["port"] == 8123 and seen["host"] == "127.0.0.1" and seen["app"].title == "dealgraph API"

    from dealgraph.api.auth import _cache

    _cache.clear()
    revoked = runner.invoke(app, ["api-key", "revoke", key.split("_")[1]])
    assert revoked.exit_code == 0
    assert httpx.get(api.url + "/jobs", headers={"X-API-Key": key}).status_code == 401


def test_path_filtering_for_account_managers(seeded):
    """Introduction paths through another account's contact are dropped for account managers."""
    from dealgraph.api.chain_cache import strings_in
    from dealgraph.api.deps import CurrentUser
    from dealgraph.api.routes.pages import _visible_paths

    paths = [{"nodes": [{"id": "u:u_am"}, {"ref": "c2"}, {"ref": "c1"}]},
             {"nodes": [{"ref": "c2"}, {"ref": "c3"}, {"ref": "c1"}], "via": "KNOWS"}]
    ids = [frozenset(strings_in(p)) for p in paths]
    am = CurrentUser(id="u_am", role="account_manager")
    assert _visible_paths(seeded, am, paths, ids) == paths[:1]
    admin = CurrentUser(id="u_admin", role="admin")
    assert _visible_paths(seeded, admin, paths, ids) == paths
