"""One settings object, read from the environment (prefix DEALGRAPH_)."""

from functools import lru_cache
from pathlib import Path

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

    # Models and artifacts.
    embedding_model: str | None = None  # a path or model name; default is the packaged MiniLM
    model_dir: Path = Path.home() / ".local" / "share" / "dealgraph" / "models"

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
