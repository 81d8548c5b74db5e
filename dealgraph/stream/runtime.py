"""`dealgraph stream start|stop|status`: the Kafka broker, the Flink job and the graph writer together."""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from typing import Any

from ..config import Settings, child_env
from ..graph.runtime import LocalServer
from .flink import GROUP as FLINK_GROUP
from .flink import FlinkJob
from .kafka import LocalKafka, ensure_topics, offsets, topics
from .procs import Proc
from .writer import GROUP as WRITER_GROUP


class Stream:
    def __init__(self, s: Settings):
        self.s = s
        self.kafka = LocalKafka(s)
        self.flink = FlinkJob(s)
        self.writer = Proc(s.stream_dir / "writer", "writer")

    def start(self, on_step=lambda msg: None, timeout: float = 300.0) -> dict[str, Any]:
        java = LocalServer.java(self.s.java_home)
        self.kafka.start(java, on_step)
        on_step("creating topics")
        ensure_topics(self.s)
        self.flink.start(self.s.java_home, on_step)
        if not self.writer.pid():
            on_step(f"starting the graph writer (log: {self.writer.log_file})")
            self.start_writer()
        on_step("waiting for the Flink job to be submitted")
        self.flink.wait_running(timeout)
        return self.status()

    def start_writer(self) -> None:
        self.writer.start([sys.executable, "-m", "dealgraph.stream.writer"], env=child_env(self.s))

    def stop(self) -> dict[str, bool]:
        # Writer first (it commits only whole batches), then the job (its checkpoints stay), then Kafka.
        return {"writer": self.writer.stop(timeout=30), "flink": self.flink.stop(), "kafka": self.kafka.stop()}

    def accepting(self) -> bool:
        """Cheap (no network): does a stream take events now? (POST /events asks on every request.)"""
        kafka = self.kafka.proc.pid() is not None if self.kafka.managed else True
        return kafka and self.writer.pid() is not None and (self.flink.proc.pid() is not None
                                                            or bool(self.s.flink_jobmanager))

    def running(self) -> bool:
        return self.kafka.running() and self.flink.running() and self.writer.pid() is not None

    def status(self) -> dict[str, Any]:
        names = topics(self.s)
        st: dict[str, Any] = {
            "running": False, "kafka": {"bootstrap": self.s.kafka_servers, "managed": self.kafka.managed,
                                        "running": self.kafka.running(), "pid": self.kafka.proc.pid()},
            "flink": {"jobmanager": self.s.flink_jobmanager or "local mini cluster", "running": self.flink.running(),
                      "pid": self.flink.proc.pid(), "job_id": self.flink.job_id(),
                      "checkpoint": str(self.flink.latest_checkpoint() or "") or None},
            "writer": {"running": self.writer.pid() is not None, "pid": self.writer.pid()},
            "topics": names, "events_in": None, "events_per_s": None, "lag": None, "last_graph_write_at": None,
        }
        st["running"] = st["kafka"]["running"] and st["flink"]["running"] and st["writer"]["running"]
        if st["kafka"]["running"]:
            end_in, done_in = offsets(self.s, names["events"], FLINK_GROUP)
            end_out, done_out = offsets(self.s, names["interactions"], WRITER_GROUP)
            st["events_in"] = end_in
            # Flink commits its offsets at each checkpoint, so its lag is at most one interval stale.
            st["lag"] = {"flink": end_in - (done_in or 0), "writer": end_out - (done_out or 0)}
        stats = self.writer_stats()
        if stats:
            st["events_per_s"] = stats.get("events_per_s")
            st["last_graph_write_at"] = stats.get("last_graph_write_at")
            st["writer"].update({k: stats.get(k) for k in ("events_new", "events_skipped", "windows", "batches",
                                                             "priority_changed")})
            st["writer"]["p95_event_to_graph_ms"] = percentile(stats.get("graph_ms", {}), 0.95)
            st["writer"]["p95_event_to_score_ms"] = percentile(stats.get("score_ms", {}), 0.95)
            fresh = stats.get("pid_updated_at")
            if fresh and (datetime.now(UTC) - datetime.fromisoformat(fresh)).total_seconds() > 10:
                st["events_per_s"] = 0.0
        return st

    def writer_stats(self) -> dict[str, Any] | None:
        try:
            return json.loads((self.s.stream_dir / "writer.json").read_text())
        except (OSError, ValueError):
            return None

    def wait_idle(self, timeout: float = 120.0, quiet_s: float = 2.0) -> dict[str, Any]:
        """Until Flink and the writer have no lag (for tests and benches)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            st = self.status()
            if st["lag"] and st["lag"]["writer"] == 0 and st["lag"]["flink"] == 0:
                return st
            time.sleep(quiet_s)
        return self.status()


def percentile(hist: dict[str, int], p: float) -> float | None:
    """From a histogram of 10 ms buckets {lower bound: count}: the bucket's upper bound at quantile p."""
    items = sorted((float(k), n) for k, n in hist.items())
    total = sum(n for _, n in items)
    if not total:
        return None
    seen = 0
    for lower, n in items:
        seen += n
        if seen >= p * total:
            return lower + 10
    return items[-1][0] + 10
