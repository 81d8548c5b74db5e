"""Resolve Neo4j Community and OpenGDS jars from Maven Central, once, into a cache folder.

Both are resolved in ONE Maven project so that Maven mediates their shared dependencies;
deduplicating jars by file name afterwards would delete GDS modules with generic names.
"""

import shutil
import subprocess
from pathlib import Path

from ..errors import RuntimeSetupError

GDS_MODULES = ("proc", "proc-sysinfo", "opengds-extension", "open-model-catalog", "open-write-services")

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dealgraph.local</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{neo4j}</version></dependency>
{gds}
  </dependencies>
</project>
"""


def lib_dir(cache_dir: Path, neo4j_version: str, gds_version: str) -> Path:
    """Every jar of the server (its class path). plugins/ beside it holds the GDS jars alone:
    Neo4j discovers procedures only by scanning the plugins folder, not the class path."""
    return cache_dir / f"neo4j-{neo4j_version}-gds-{gds_version}" / "lib"


def resolve_jars(cache_dir: Path, neo4j_version: str, gds_version: str, quiet: bool = True) -> Path:
    """Return the folder holding every jar of the server; download it on first use."""
    lib = lib_dir(cache_dir, neo4j_version, gds_version)
    marker = lib.parent / ".complete"
    if marker.exists():
        return lib
    if shutil.which("mvn") is None:
        raise RuntimeSetupError("Maven (mvn) is not on PATH: install Maven 3.8+ (apt-get install maven).")
    work = lib.parent
    work.mkdir(parents=True, exist_ok=True)
    gds = "\n".join(
        f"    <dependency><groupId>org.neo4j.gds</groupId><artifactId>{m}</artifactId>"
        f"<version>{gds_version}</version></dependency>"
        for m in GDS_MODULES
    )
    (work / "pom.xml").write_text(POM.format(neo4j=neo4j_version, gds=gds))
    if lib.exists():
        shutil.rmtree(lib)
    cmd = ["mvn", "-B", "-f", str(work / "pom.xml"), "dependency:copy-dependencies",
           f"-DoutputDirectory={lib}", "-DincludeScope=runtime"]
    if quiet:
        cmd.insert(1, "-q")
    plugins = lib.parent / "plugins"
    if plugins.exists():
        shutil.rmtree(plugins)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode == 0:  # same mediated resolution, filtered to the GDS group
        proc = subprocess.run(cmd[:-2] + [f"-DoutputDirectory={plugins}", "-DincludeScope=runtime",
                                          "-DincludeGroupIds=org.neo4j.gds"], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-8:])
        raise RuntimeSetupError(
            f"Downloading Neo4j {neo4j_version} + GDS {gds_version} with Maven failed; "
            f"check the network to Maven Central and retry.\n{tail}"
        )
    if not any(lib.glob("neo4j-kernel-*.jar")) or not any(plugins.glob("proc-*.jar")):
        raise RuntimeSetupError(f"Maven finished but {lib} lacks the Neo4j kernel or GDS jars; delete {work} and retry.")
    marker.write_text("ok\n")
    return lib
