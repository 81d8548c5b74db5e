import json
import socket
import subprocess
import sys

import pytest

from dealgraph.errors import RuntimeSetupError
from dealgraph.graph.runtime import LocalServer

pytestmark = pytest.mark.graph


def test_status_reports_neo4j_526_and_gds_213(neo4j_server):
    out = subprocess.run([sys.executable, "-m", "dealgraph", "neo4j", "status", "--json"],
                         capture_output=True, text=True, check=True).stdout
    st = json.loads(out)
    assert st["running"] is True
    assert st["neo4j_version"].startswith("5.26.")
    assert st["gds_version"].startswith("2.13.")
    assert st["bolt_uri"].endswith(f":{neo4j_server.bolt_port}")


def test_password_file_is_private(neo4j_server):
    if neo4j_server.neo4j_password:
        pytest.skip("password comes from the environment")
    assert neo4j_server.password_file.stat().st_mode & 0o777 == 0o600


def test_port_in_use_is_one_clear_error(neo4j_server, tmp_path):
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        s = neo4j_server.model_copy(update={"bolt_port": port, "http_port": port + 1, "data_dir": tmp_path})
        with pytest.raises(RuntimeSetupError, match=f"Port {port} is in use"):
            LocalServer(s).start()
        cli = subprocess.run([sys.executable, "-m", "dealgraph", "neo4j", "start"], check=False, capture_output=True, text=True,
                             env={**__import__("os").environ, "DEALGRAPH_BOLT_PORT": str(port),
                                  "DEALGRAPH_DATA_DIR": str(tmp_path)})
        assert cli.returncode == 1
        assert f"Port {port} is in use" in cli.stderr
        assert "Traceback" not in cli.stderr


def test_missing_java_is_one_clear_error(monkeypatch, tmp_path):
    with pytest.raises(RuntimeSetupError, match="Java 17"):
        LocalServer.java(tmp_path / "nojava")
