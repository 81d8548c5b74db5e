"""One settings object, read from the environment (prefix DEALGRAPH_).

The only module that touches os.environ (tests/unit/test_architecture.py checks it).
"""

import os
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DEALGRAPH_", env_ignore_empty=True, extra="ignore")

    # Connection: either the local server below or any Neo4j (Docker, cluster, Aura).
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"

    # Local server managed by `dealgraph neo4j start`.
    neo4j_version: str = "5.26.0"
    gds_version: str = "2.13.9"
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str = "1g"
    pagecache: str = "512m"
    cache_dir: Path = Path.home() / ".cache" / "dealgraph"
    data_dir: Path = Path.home() / ".local" / "share" / "dealgraph"
    start_timeout_s: float = 180.0
    java_home: Path | None = Field(None, validation_alias=AliasChoices("DEALGRAPH_JAVA_HOME", "JAVA_HOME"))

    # Ingest: a cell larger than this is refused with its row (Neo4j cannot index large strings either).
    ingest_max_cell_bytes: int = 64 * 1024

    # Models and artifacts.
    embedding_model: str | None = None  # a path or model name; default is the packaged MiniLM
    model_dir: Path = Path.home() / ".local" / "share" / "dealgraph" / "models"
    concepts_file: Path | None = None  # extra tender concepts: JSON list of {id, kind, aliases, level_aware}
    our_company_names: str = ""  # comma-separated names we win under in award history
    user: str | None = None  # who confirms roles from the CLI (`roles label/review --by`); default: "cli"

    # Tender documents.
    pdf_engine: str = "auto"  # auto | pdfplumber | pdfium
    pdf_fast_pages: int = 10  # auto: PDFium past this many pages
    header_model: bool = True  # header fields' candidates may override the rules (DEALGRAPH_HEADER_MODEL=0: rules only)
    # HMAC key signing saved models' manifests; default: <model_dir>/.signing-key, made on first save.
    model_signing_key: str | None = None

    # API (`dealgraph serve`). Secrets come only from the environment.
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    jwt_secret: str | None = None  # HS256 JWTs are accepted only when this is set
    jwt_ttl_s: int = 3600
    api_rate_per_s: float = 50.0  # token bucket per API key / JWT subject
    api_rate_burst: int = 200
    api_max_body_bytes: int = 1_000_000
    api_upload_max_bytes: int = 200_000_000
    api_upload_dir: Path | None = None  # default: <data_dir>/uploads
    api_max_page_size: int = 100
    api_max_depth: int = 8
    api_max_aliases: int = 15
    api_max_tokens: int = 2000
    api_max_cost: int = 50_000  # estimated before running (limits.cost_rule) and counted while running
    api_request_budget_s: float = 10.0  # a GraphQL operation running longer is cancelled (TIMEOUT)
    api_introspection: bool = True
    api_chain_cache_s: float = 30.0  # decision-chain results kept per account (0 = no cache)
    webhook_max_attempts: int = 6
    webhook_backoff_s: float = 2.0
    webhook_timeout_s: float = 5.0
    # Webhooks go to public addresses only; an on-premise install may allow its private network
    # (loopback, 10/8, 192.168/16, ...). Cloud metadata addresses stay refused either way.
    webhook_allow_private: bool = False

    # Event stream (`dealgraph stream start`): a local Kafka broker (KRaft) + the Flink job + the graph
    # writer. DEALGRAPH_KAFKA_BOOTSTRAP points at a real Kafka instead of starting one;
    # DEALGRAPH_FLINK_JOBMANAGER (host:port of a Flink REST endpoint) submits the job to a real cluster.
    kafka_bootstrap: str | None = None
    kafka_port: int = 9092
    kafka_controller_port: int = 9093
    kafka_version: str = "4.1.1"
    kafka_heap: str = "256m"
    flink_jobmanager: str | None = None
    flink_version: str = "2.2.0"
    flink_kafka_connector_version: str = "5.0.0-2.2"
    flink_heap: str = "768m"
    flink_python: Path | None = None  # an interpreter with apache-flink; default: one made in the cache
    # Extra options for the local Kafka and Flink JVMs, e.g. "-XX:TieredStopAtLevel=1"
    # (CI: short-lived JVMs start with less CPU without the optimising JIT; not for long runs).
    stream_jvm_opts: str = ""
    stream_topic: str = "dealgraph.events"
    stream_partitions: int = 2
    stream_window_minutes: int = 60
    stream_checkpoint_ms: int = 5000
    stream_batch_size: int = 5000
    stream_batch_ms: int = 200

    # Copy and talk tracks: an optional OpenAI-compatible endpoint (a local llama.cpp / vLLM server).
    # Unset: texts come from the templates only. Its texts pass the grounding check or are replaced.
    llm_base_url: str | None = None  # e.g. http://127.0.0.1:8080/v1
    llm_model: str = "local"
    llm_api_key: str | None = None
    llm_timeout_s: float = 20.0

    @property
    def kafka_servers(self) -> str:
        return self.kafka_bootstrap or f"127.0.0.1:{self.kafka_port}"

    @property
    def stream_dir(self) -> Path:
        """Kafka data, Flink checkpoints, logs and pid files of the local stream on this port."""
        return self.data_dir / f"stream-{self.kafka_port}"

    @property
    def bolt_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def instance_dir(self) -> Path:
        """Conf, data, logs, pid and password of the local server on this port."""
        return self.data_dir / f"neo4j-{self.bolt_port}"

    @property
    def password_file(self) -> Path:
        return self.instance_dir / "password"

    def resolved_password(self) -> str:
        if self.neo4j_password:
            return self.neo4j_password
        if self.password_file.exists():
            return self.password_file.read_text().strip()
        from .errors import GraphUnavailable

        raise GraphUnavailable(
            f"No Neo4j password: set DEALGRAPH_NEO4J_PASSWORD or run `dealgraph neo4j start` "
            f"(it stores one in {self.password_file})."
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()


def child_env(s: Settings) -> dict[str, str]:
    """The environment for a dealgraph process we start (the stream's writer): ours, with `s` as settings."""
    env = dict(os.environ)
    for name, value in s.model_dump(exclude_none=True).items():
        if name != "java_home":
            env[f"DEALGRAPH_{name.upper()}"] = str(value)
    return env


def models_offline() -> None:
    """Hugging Face libraries read these from the environment: never reach the hub at run time."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
