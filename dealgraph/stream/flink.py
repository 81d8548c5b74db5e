"""The Flink job's process: its PyFlink interpreter, its configuration, start from the latest checkpoint, stop.

PyFlink pins pyarrow below what graphdatascience needs, so it cannot share our environment: it gets
its own virtual environment in the cache, installed once from the locked pyflink-requirements.txt
(`dealgraph stream setup`, also run by `make setup`). The job script (flink_job.py) imports nothing
of ours. Locally the PyFlink client runs the job in a mini cluster inside its own JVM; with
DEALGRAPH_FLINK_JOBMANAGER it submits the same job to that cluster and exits.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ..config import Settings
from ..errors import RuntimeSetupError
from .kafka import topics
from .procs import Proc

REQUIREMENTS = Path(__file__).with_name("pyflink-requirements.txt")
JOB = Path(__file__).with_name("flink_job.py")
GROUP = "dealgraph-flink"

LOG4J = """rootLogger.level = WARN
rootLogger.appenderRef.file.ref = FileAppender
appender.file.name = FileAppender
appender.file.type = FILE
appender.file.append = true
appender.file.fileName = ${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-40c{1} - %m%n
logger.checkpoint.name = org.apache.flink.runtime.checkpoint.CheckpointCoordinator
logger.checkpoint.level = INFO
"""


def flink_python(s: Settings) -> Path:
    return s.flink_python or s.cache_dir / f"pyflink-{s.flink_version}" / "bin" / "python"


def setup(s: Settings, on_step=lambda msg: None) -> Path:
    """The PyFlink interpreter, installed once into the cache from the locked requirements."""
    py = flink_python(s)
    if s.flink_python:
        if not py.exists():
            raise RuntimeSetupError(f"DEALGRAPH_FLINK_PYTHON={py} does not exist.")
        return py
    venv = py.parent.parent
    if (venv / ".complete").exists():
        return py
    on_step(f"installing PyFlink {s.flink_version} into {venv} (once)")
    uv = shutil.which("uv")
    if uv:
        steps = [[uv, "venv", "-q", "--python", sys.executable, str(venv)],
                 [uv, "pip", "install", "-q", "--python", str(py), "-r", str(REQUIREMENTS)]]
    else:
        steps = [[sys.executable, "-m", "venv", str(venv)],
                 [str(py), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)]]
    if venv.exists():
        shutil.rmtree(venv)
    for cmd in steps:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-8:])
            raise RuntimeSetupError(f"Installing PyFlink failed ({' '.join(cmd[:3])} ...); check the network "
                                    f"to PyPI and retry.\n{tail}")
    (venv / ".complete").write_text("ok\n")
    return py


class FlinkJob:
    def __init__(self, s: Settings):
        self.s = s
        self.dir = s.stream_dir / "flink"
        self.proc = Proc(self.dir, "job")
        self.checkpoints = self.dir / "checkpoints"
        self.info_file = self.dir / "job.json"

    def latest_checkpoint(self) -> Path | None:
        """The newest completed checkpoint (it has _metadata) of any earlier run of the job."""
        done = [p for p in self.checkpoints.glob("*/chk-*") if (p / "_metadata").exists()]
        return max(done, key=lambda p: (p / "_metadata").stat().st_mtime, default=None)

    def start(self, java_home: Path | None, on_step=lambda msg: None) -> None:
        if self.proc.pid():
            on_step("flink job already running")
            return
        from .jars import flink_kafka_connector

        py = setup(self.s, on_step)
        on_step(f"resolving the Flink Kafka connector {self.s.flink_kafka_connector_version}")
        jar = flink_kafka_connector(self.s.cache_dir, self.s.flink_kafka_connector_version)
        conf = self._write_conf()
        t = topics(self.s)
        cmd = [str(py), str(JOB), "--bootstrap", self.s.kafka_servers, "--topic-in", t["events"],
               "--topic-interactions", t["interactions"], "--topic-aggregates", t["aggregates"], "--group", GROUP,
               "--connector-jar", str(jar), "--checkpoint-dir", str(self.checkpoints),
               "--checkpoint-ms", str(self.s.stream_checkpoint_ms), "--window-minutes",
               str(self.s.stream_window_minutes), "--parallelism", "1"]
        restore = self.latest_checkpoint()
        if restore is not None and not self.s.flink_jobmanager:
            cmd += ["--restore", str(restore)]
            on_step(f"resuming from checkpoint {restore}")
        if self.s.flink_jobmanager:
            cmd += ["--jobmanager", self.s.flink_jobmanager]
        env = {"PATH": f"{Path(py).parent}:/usr/bin:/bin", "FLINK_CONF_DIR": str(conf),
               "JVM_ARGS": f"-Xmx{self.s.flink_heap} -Xms{self.s.flink_heap} {self.s.stream_jvm_opts}".strip(), "LANG": "C.UTF-8"}
        if java_home:
            env["JAVA_HOME"] = str(java_home)
        on_step(f"starting the Flink job ({'cluster ' + self.s.flink_jobmanager if self.s.flink_jobmanager else 'local mini cluster'}; "
                f"log: {self.dir / 'log'})")
        self.proc.start(cmd, env=env)

    def wait_running(self, timeout: float) -> str:
        """The job id once submitted (the client prints it); raises if the client died."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.proc.log_file.read_text(errors="replace").splitlines()[-50:] \
                    if self.proc.log_file.exists() else []:
                if line.startswith('{"job_id"'):
                    job_id = json.loads(line)["job_id"]
                    self.info_file.write_text(json.dumps({"job_id": job_id}))
                    return job_id
            if not self.proc.pid() and not self.s.flink_jobmanager:
                raise RuntimeSetupError(f"The Flink job exited during start-up; last lines:\n{self.proc.log_tail(25)}")
            time.sleep(0.5)
        raise RuntimeSetupError(f"The Flink job was not submitted within {timeout:.0f} s:\n{self.proc.log_tail(25)}")

    def _write_conf(self) -> Path:
        conf = self.dir / "conf"
        (self.dir / "log").mkdir(parents=True, exist_ok=True)
        conf.mkdir(parents=True, exist_ok=True)
        (conf / "config.yaml").write_text(f"env:\n  log:\n    dir: {self.dir / 'log'}\n")
        (conf / "log4j-cli.properties").write_text(LOG4J)
        return conf

    def running(self) -> bool:
        if self.s.flink_jobmanager:
            return self._remote_state() == "RUNNING"
        return self.proc.pid() is not None

    def job_id(self) -> str | None:
        try:
            return json.loads(self.info_file.read_text())["job_id"]
        except (OSError, ValueError, KeyError):
            return None

    def _remote_state(self) -> str | None:
        import httpx

        jid = self.job_id()
        if not jid:
            return None
        try:
            return httpx.get(f"http://{self.s.flink_jobmanager}/jobs/{jid}", timeout=5).json().get("state")
        except (httpx.HTTPError, ValueError):
            return None

    def stop(self) -> bool:
        if self.s.flink_jobmanager:  # cancel on the cluster; its retained checkpoint resumes it
            import httpx

            jid = self.job_id()
            if jid:
                httpx.patch(f"http://{self.s.flink_jobmanager}/jobs/{jid}?mode=cancel", timeout=10)
            return bool(jid)
        return self.proc.stop(timeout=30)
