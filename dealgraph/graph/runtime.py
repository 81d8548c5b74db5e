"""The local Neo4j + OpenGDS server: start, stop, status, logs. No Docker needed.

The server runs as `java -cp <jars> org.neo4j.server.CommunityEntryPoint` with a conf we write,
a pid file and a log file in the instance folder (one per Bolt port).
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ..config import Settings
from ..errors import RuntimeSetupError
from .jars import resolve_jars

CONF = """# written by dealgraph; edit DEALGRAPH_* settings instead
server.default_listen_address=127.0.0.1
server.bolt.listen_address=:{bolt}
server.bolt.advertised_address=127.0.0.1:{bolt}
server.http.listen_address=:{http}
server.http.advertised_address=127.0.0.1:{http}
server.https.enabled=false
server.directories.data={data}
server.directories.logs={logs}
server.directories.plugins={plugins}
server.directories.import={imports}
server.directories.run={run}
server.memory.pagecache.size={pagecache}
server.memory.heap.max_size={heap}
dbms.memory.transaction.total.max=0
dbms.security.procedures.unrestricted=gds.*
dbms.security.procedures.allowlist=gds.*
dbms.security.auth_enabled=true
dbms.usage_report.enabled=false
db.tx_log.rotation.retention_policy=1G size
"""


@dataclass
class Status:
    running: bool
    pid: int | None
    bolt_uri: str
    http_port: int
    neo4j_version: str | None
    gds_version: str | None
    data_dir: str

    def to_json(self) -> str:
        return json.dumps(asdict(self))


class LocalServer:
    def __init__(self, settings: Settings):
        self.s = settings
        self.dir = settings.instance_dir
        self.pid_file = self.dir / "run" / "dealgraph-neo4j.pid"
        self.log_file = self.dir / "logs" / "console.log"

    # ---- checks -------------------------------------------------------------------------
    @staticmethod
    def java(java_home: Path | None = None) -> str:
        java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
        if not java or not Path(java).exists():
            raise RuntimeSetupError("Java 17 is not installed: install a JDK 17 (apt-get install openjdk-17-jdk-headless).")
        out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
        m = re.search(r'version "(\d+)', out)
        if not m or int(m.group(1)) != 17:
            raise RuntimeSetupError(
                f"Neo4j 5.26 needs Java 17 but {java} is {m.group(1) if m else 'unknown'}: set JAVA_HOME to a JDK 17."
            )
        return java

    @staticmethod
    def port_free(port: int) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                return False
        return True

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return pid

    # ---- setup --------------------------------------------------------------------------
    def _password(self) -> str:
        if self.s.neo4j_password:
            return self.s.neo4j_password
        f = self.s.password_file
        if f.exists():
            return f.read_text().strip()
        pw = secrets.token_urlsafe(18)
        f.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(f, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(pw + "\n")
        return pw

    def _write_conf(self, lib: Path) -> Path:
        conf_dir = self.dir / "conf"
        for sub in ("conf", "data", "logs", "import", "run"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        (conf_dir / "neo4j.conf").write_text(CONF.format(
            bolt=self.s.bolt_port, http=self.s.http_port, data=self.dir / "data", logs=self.dir / "logs",
            plugins=lib.parent / "plugins", imports=self.dir / "import", run=self.dir / "run",
            pagecache=self.s.pagecache, heap=self.s.heap,
        ))
        return conf_dir

    # ---- lifecycle ----------------------------------------------------------------------
    def start(self, on_step=lambda msg: None) -> Status:
        if self.pid():
            on_step("already running")
            return self.wait_ready()
        java = self.java(self.s.java_home)
        for port in (self.s.bolt_port, self.s.http_port):
            if not self.port_free(port):
                raise RuntimeSetupError(
                    f"Port {port} is in use by another program: stop it or choose another port "
                    f"(DEALGRAPH_BOLT_PORT / DEALGRAPH_HTTP_PORT)."
                )
        on_step(f"resolving Neo4j {self.s.neo4j_version} + GDS {self.s.gds_version} (cached after the first run)")
        lib = resolve_jars(self.s.cache_dir, self.s.neo4j_version, self.s.gds_version)
        conf_dir = self._write_conf(lib)
        password = self._password()
        cmd = [
            java, f"-Xms{self.s.heap}", f"-Xmx{self.s.heap}", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
            "-Dfile.encoding=UTF-8", "-cp", f"{lib}/*", "org.neo4j.server.CommunityEntryPoint",
            f"--home-dir={self.dir}", f"--config-dir={conf_dir}",
        ]
        on_step(f"starting the JVM (log: {self.log_file})")
        log = open(self.log_file, "ab")  # noqa: SIM115 - handed to the child process, which outlives us
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, cwd=self.dir)
        self.pid_file.write_text(str(proc.pid))
        return self.wait_ready(password=password, proc=proc)

    def wait_ready(self, password: str | None = None, proc: subprocess.Popen | None = None) -> Status:
        """Wait until Bolt answers and gds.version() returns; set the initial password on first boot."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ServiceUnavailable

        password = password or self._password()
        deadline = time.monotonic() + self.s.start_timeout_s
        uri = f"bolt://127.0.0.1:{self.s.bolt_port}"
        last_error = ""
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None or proc is None and not self.pid():
                raise RuntimeSetupError(f"Neo4j exited during start-up; last log lines:\n{self.log_tail(15)}")
            if not _accepts(self.s.bolt_port):
                time.sleep(0.5)
                continue
            try:
                with GraphDatabase.driver(uri, auth=(self.s.neo4j_user, password)) as driver:
                    neo4j_version, gds_version = _versions(driver)
                return Status(True, self.pid(), uri, self.s.http_port, neo4j_version, gds_version, str(self.dir))
            except AuthError as e:
                if "credentials expired" in str(e).lower() or "change" in str(e).lower():
                    raise
                if not self._set_initial_password(uri, password):
                    last_error = str(e)
            except (ServiceUnavailable, OSError) as e:
                last_error = str(e)
            except Exception as e:  # noqa: BLE001 - GDS not loaded yet or procedures still registering
                last_error = str(e)
            time.sleep(1.0)
        raise RuntimeSetupError(
            f"Neo4j did not come up within {self.s.start_timeout_s:.0f} s ({last_error}); "
            f"last log lines:\n{self.log_tail(15)}"
        )

    def _set_initial_password(self, uri: str, password: str) -> bool:
        """A fresh database only knows neo4j/neo4j, which must be changed before any other query."""
        from neo4j import GraphDatabase

        try:
            with GraphDatabase.driver(uri, auth=(self.s.neo4j_user, "neo4j")) as driver, \
                    driver.session(database="system") as session:
                session.run("ALTER CURRENT USER SET PASSWORD FROM 'neo4j' TO $pw", pw=password).consume()
            return True
        except Exception:  # noqa: BLE001 - wrong default means the password was set before
            return False

    def stop(self, timeout: float = 60.0) -> bool:
        pid = self.pid()
        if not pid:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
                try:  # reap our own child so it does not linger as a zombie
                    if os.waitpid(pid, os.WNOHANG)[0] == pid:
                        break
                except ChildProcessError:
                    pass
            except ProcessLookupError:
                break
            time.sleep(0.3)
        else:
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    def status(self) -> Status:
        pid = self.pid()
        uri = f"bolt://127.0.0.1:{self.s.bolt_port}"
        versions: tuple[str | None, str | None] = (None, None)
        if pid:
            from neo4j import GraphDatabase

            try:
                with GraphDatabase.driver(uri, auth=(self.s.neo4j_user, self._password())) as driver:
                    versions = _versions(driver)
            except Exception:  # noqa: BLE001, S110 - still starting: report running without versions
                pass
        return Status(bool(pid), pid, uri, self.s.http_port, *versions, str(self.dir))

    def log_tail(self, n: int = 40) -> str:
        if not self.log_file.exists():
            return "(no log yet)"
        lines = self.log_file.read_text(errors="replace").splitlines()
        return "\n".join(lines[-n:])


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def _versions(driver) -> tuple[str, str]:
    """One un-retried query: the caller polls, so the driver's own retry loop would only add noise."""
    with driver.session() as session:
        rec = session.run(
            "CALL dbms.components() YIELD name, versions WHERE name = 'Neo4j Kernel' "
            "RETURN versions[0] AS neo4j, gds.version() AS gds"
        ).single()
    return rec["neo4j"], rec["gds"]
