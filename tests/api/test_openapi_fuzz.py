"""schemathesis against the live /openapi.json: generated requests never produce a 500."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.graph, pytest.mark.api]


def test_no_server_errors(start_server, seeded, keys, tmp_path):
    """As admin, so every operation gets past auth (401/403 paths are covered by test_auth)."""
    st = Path(sys.executable).with_name("schemathesis")
    with start_server(workers=True, api_upload_dir=tmp_path / "uploads") as s:
        cmd = [str(st), "run", f"{s.url}/openapi.json", "--checks", "not_a_server_error",
               "--max-examples", "10", "--phases", "examples,fuzzing", "--seed", "7", "--request-timeout", "20",
               "--suppress-health-check", "all", "--no-color", "-H", f"X-API-Key: {keys['admin']}"]
        env = {**os.environ, "SCHEMATHESIS_HOOKS": ""}
        r = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=240, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
