"""The local Kafka broker (KRaft, one node that is broker and controller) and the topics of the stream.

`kafka.tools.StorageTool format` once per data folder, then `kafka.Kafka server.properties`, both
from the jars resolved into the cache (stream/jars.py). With DEALGRAPH_KAFKA_BOOTSTRAP set no
broker is started: topics are created on that cluster instead.
"""

from __future__ import annotations

import base64
import time
import uuid
from pathlib import Path

from ..config import Settings
from ..errors import RuntimeSetupError
from .procs import Proc, accepts, port_free

SERVER = """# written by dealgraph; edit DEALGRAPH_KAFKA_* settings instead
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:{controller}
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller}
advertised.listeners=PLAINTEXT://127.0.0.1:{port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs={data}
num.partitions={partitions}
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
auto.create.topics.enable=false
"""

LOG4J = """status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = {log}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d %-5p [%c{{1}}] %m%n
rootLogger.level = WARN
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka.server.KafkaServer
logger.kafka.level = INFO
"""


def topics(s: Settings) -> dict[str, str]:
    """The stream's topics: what producers write, and the two the Flink job writes."""
    base = s.stream_topic
    return {"events": base, "interactions": f"{base}.interactions", "aggregates": f"{base}.aggregates"}


class LocalKafka:
    def __init__(self, s: Settings):
        self.s = s
        self.dir = s.stream_dir / "kafka"
        self.proc = Proc(self.dir, "kafka")

    @property
    def managed(self) -> bool:
        """False when DEALGRAPH_KAFKA_BOOTSTRAP names a Kafka we do not run."""
        return not self.s.kafka_bootstrap

    def running(self) -> bool:
        return self.proc.pid() is not None if self.managed else _reachable(self.s.kafka_servers)

    def start(self, java: str, on_step=lambda msg: None) -> None:
        if not self.managed:
            if not _reachable(self.s.kafka_servers):
                raise RuntimeSetupError(f"Kafka at DEALGRAPH_KAFKA_BOOTSTRAP={self.s.kafka_servers} does not answer.")
            return
        if self.proc.pid():
            on_step("kafka already running")
            return
        for port in (self.s.kafka_port, self.s.kafka_controller_port):
            if not port_free(port):
                raise RuntimeSetupError(f"Port {port} is in use by another program: stop it or choose other ports "
                                        "(DEALGRAPH_KAFKA_PORT / DEALGRAPH_KAFKA_CONTROLLER_PORT).")
        from .jars import kafka_lib

        on_step(f"resolving Kafka {self.s.kafka_version} (cached after the first run)")
        lib = kafka_lib(self.s.cache_dir, self.s.kafka_version)
        conf = self._write_conf()
        cp = ["-cp", f"{lib}/*", f"-Dlog4j2.configurationFile={self.dir / 'log4j2.properties'}"]
        if not (self.dir / "data" / "meta.properties").exists():
            cluster = _cluster_id()
            fmt = Proc(self.dir, "format")
            fmt.start([java, *cp, "kafka.tools.StorageTool", "format", "-t", cluster, "-c", str(conf)])
            deadline = time.monotonic() + 120
            while fmt.pid() and time.monotonic() < deadline:
                time.sleep(0.3)
            if not (self.dir / "data" / "meta.properties").exists():
                raise RuntimeSetupError(f"Formatting the Kafka storage failed:\n{fmt.log_tail()}")
        on_step(f"starting Kafka on 127.0.0.1:{self.s.kafka_port} (log: {self.proc.log_file})")
        gc = [] if "GC" in self.s.stream_jvm_opts else ["-XX:+UseG1GC"]
        self.proc.start([java, f"-Xms{self.s.kafka_heap}", f"-Xmx{self.s.kafka_heap}", *gc,
                         *self.s.stream_jvm_opts.split(), "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8",
                         *cp, "kafka.Kafka", str(conf)])
        deadline = time.monotonic() + self.s.start_timeout_s
        while time.monotonic() < deadline:
            if not self.proc.pid():
                raise RuntimeSetupError(f"Kafka exited during start-up; last log lines:\n{self.proc.log_tail()}")
            if accepts("127.0.0.1", self.s.kafka_port) and _reachable(self.s.kafka_servers):
                return
            time.sleep(0.5)
        raise RuntimeSetupError(f"Kafka did not come up within {self.s.start_timeout_s:.0f} s:\n{self.proc.log_tail()}")

    def _write_conf(self) -> Path:
        (self.dir / "data").mkdir(parents=True, exist_ok=True)
        conf = self.dir / "server.properties"
        conf.write_text(SERVER.format(port=self.s.kafka_port, controller=self.s.kafka_controller_port,
                                      data=self.dir / "data", partitions=self.s.stream_partitions))
        (self.dir / "log4j2.properties").write_text(LOG4J.format(log=self.dir / "server.log"))
        return conf

    def stop(self) -> bool:
        return self.proc.stop(timeout=30) if self.managed else False


def _reachable(servers: str) -> bool:
    from confluent_kafka.admin import AdminClient

    try:
        AdminClient({"bootstrap.servers": servers}).list_topics(timeout=3)
        return True
    except Exception:  # noqa: BLE001 - KafkaException when no broker answers
        return False


def ensure_topics(s: Settings) -> dict[str, str]:
    """Create the stream's topics where missing (partitions from DEALGRAPH_STREAM_PARTITIONS)."""
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": s.kafka_servers})
    names = topics(s)
    have = admin.list_topics(timeout=10).topics
    missing = [NewTopic(t, s.stream_partitions, 1) for t in names.values() if t not in have]
    for topic, fut in (admin.create_topics(missing).items() if missing else ()):
        try:
            fut.result(timeout=30)
        except Exception as e:
            if "already exists" not in str(e).lower():
                raise RuntimeSetupError(f"Could not create Kafka topic {topic}: {e}") from e
    return names


def offsets(s: Settings, topic: str, group: str | None = None) -> tuple[int, int | None]:
    """(end offset summed over partitions, the group's committed offsets summed, or None)."""
    from confluent_kafka import Consumer, TopicPartition

    c = Consumer({"bootstrap.servers": s.kafka_servers, "group.id": group or "dealgraph-status",
                  "enable.auto.commit": False})
    try:
        meta = c.list_topics(topic, timeout=5).topics.get(topic)
        if meta is None or meta.error is not None:
            return 0, None
        parts = [TopicPartition(topic, p) for p in meta.partitions]
        end = sum(c.get_watermark_offsets(tp, timeout=5)[1] for tp in parts)
        if group is None:
            return end, None
        committed = c.committed(parts, timeout=5)
        return end, sum(max(tp.offset, 0) for tp in committed)
    finally:
        c.close()


def _cluster_id() -> str:
    """A KRaft cluster id (16 random bytes, URL-safe base64). One starting with '-' would be read as an
    option by the storage tool's argument parser (1 in 64 ids: a CI flake), so draw again."""
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cid.startswith("-"):
            return cid
