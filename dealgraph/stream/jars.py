"""Resolve the Kafka broker and the Flink Kafka connector from Maven Central, once, into the cache.

The same way graph/jars.py resolves Neo4j: a small pom, `mvn dependency:copy-dependencies`, a
marker file when complete. The connector is a shaded jar whose Flink version is in its own version
(5.0.0-2.2 is for Flink 2.2), so it must match the PyFlink release.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..errors import RuntimeSetupError

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dealgraph.local</groupId>
  <artifactId>{name}</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
{deps}
  </dependencies>
</project>
"""


def _resolve(work: Path, name: str, deps: list[tuple[str, str, str]], must_have: str) -> Path:
    lib = work / "lib"
    marker = work / ".complete"
    if marker.exists():
        return lib
    if shutil.which("mvn") is None:
        raise RuntimeSetupError("Maven (mvn) is not on PATH: install Maven 3.8+ (apt-get install maven).")
    work.mkdir(parents=True, exist_ok=True)
    body = "\n".join(f"    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version>"
                     "</dependency>" for g, a, v in deps)
    (work / "pom.xml").write_text(POM.format(name=name, deps=body))
    if lib.exists():
        shutil.rmtree(lib)
    proc = subprocess.run(["mvn", "-q", "-B", "-f", str(work / "pom.xml"), "dependency:copy-dependencies",
                           f"-DoutputDirectory={lib}", "-DincludeScope=runtime"],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-8:])
        raise RuntimeSetupError(f"Downloading {name} with Maven failed; check the network to Maven Central "
                                f"and retry.\n{tail}")
    if not any(lib.glob(must_have)):
        raise RuntimeSetupError(f"Maven finished but {lib} lacks {must_have}; delete {work} and retry.")
    marker.write_text("ok\n")
    return lib


def kafka_lib(cache_dir: Path, version: str) -> Path:
    """Every jar of the broker (kafka_2.13 with its runtime dependencies and a log4j2 binding)."""
    return _resolve(cache_dir / f"kafka-{version}", "kafka-runtime", [
        ("org.apache.kafka", "kafka_2.13", version),
        ("org.apache.logging.log4j", "log4j-slf4j-impl", "2.24.3"),
    ], f"kafka_2.13-{version}.jar")


def flink_kafka_connector(cache_dir: Path, version: str) -> Path:
    """The shaded Flink SQL Kafka connector jar (it carries its own kafka-clients)."""
    lib = _resolve(cache_dir / f"flink-sql-connector-kafka-{version}", "flink-kafka-connector", [
        ("org.apache.flink", "flink-sql-connector-kafka", version),
    ], f"flink-sql-connector-kafka-{version}.jar")
    return lib / f"flink-sql-connector-kafka-{version}.jar"
