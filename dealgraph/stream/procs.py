"""A background process with a pid file and a log file: start, alive, stop (its own process group only)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path


class Proc:
    def __init__(self, folder: Path, name: str):
        self.folder = folder
        self.name = name
        self.pid_file = folder / f"{name}.pid"
        self.log_file = folder / f"{name}.log"

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
        try:  # a child of ours that exited is a zombie until reaped
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return None
        except ChildProcessError:
            pass
        return pid

    def start(self, cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        log = open(self.log_file, "ab")  # noqa: SIM115 - handed to the child, which outlives us
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, cwd=cwd or self.folder, env=env)
        self.pid_file.write_text(str(proc.pid))
        return proc.pid

    def stop(self, timeout: float = 30.0, sig: int = signal.SIGTERM) -> bool:
        """Signal the process group this process leads (the PyFlink client takes its JVM along)."""
        pid = self.pid()
        if not pid:
            self.pid_file.unlink(missing_ok=True)
            return False
        _signal_group(pid, sig)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.pid():
            time.sleep(0.3)
        if self.pid():
            _signal_group(pid, signal.SIGKILL)
            time.sleep(0.5)
        self.pid_file.unlink(missing_ok=True)
        return True

    def log_tail(self, n: int = 20) -> str:
        if not self.log_file.exists():
            return "(no log yet)"
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-n:])


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)  # started with start_new_session: the group id is its pid
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def accepts(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False
