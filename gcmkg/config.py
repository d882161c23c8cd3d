"""Settings read from the environment (prefix GCMKG_), passed explicitly to the code that needs them."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from gcmkg.namespaces import DEFAULT_BASE
from gcmkg.resources import PROJECT_ROOT


class Settings(BaseSettings):
    """Runtime configuration; every field can be set as GCMKG_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="GCMKG_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    base_iri: str = DEFAULT_BASE
    var_dir: Path = PROJECT_ROOT / "var"
    # "oxigraph" (embedded, on disk) or "sparql" (an external SPARQL 1.1 server)
    store_backend: str = "oxigraph"
    sparql_query_url: str | None = None
    sparql_update_url: str | None = None
    sparql_gsp_url: str | None = None
    build_workers: int = 2  # page worker processes of `gcmkg build` (at most one per core; 1: in-process)
    query_timeout_s: float = 10.0
    stored_query_timeout_s: float = 5.0
    max_results: int = 10_000
    # worker processes (api/execution.py): per lane, address-space cap, wait for an idle one before 503
    sparql_workers: int = 2
    stored_workers: int = 2
    worker_memory_mb: int = 2048
    pool_wait_s: float = 1.0
    # per-client limits (api/middleware/): token bucket (rate/s, burst) and concurrent /sparql requests
    sparql_rate_per_s: float = 10.0
    sparql_burst: int = 100
    sparql_concurrent_per_client: int = 2
    rate_per_s: float = 100.0
    burst: int = 500
    body_timeout_s: float = 10.0
    header_timeout_s: float = 10.0  # a connection whose request headers take longer is closed
    # answers of stored queries and identical /sparql texts kept per store generation (api/cache.py)
    answer_cache_entries: int = 1024
    answer_cache_mb: int = 128

    @property
    def store_dir(self) -> Path:
        """Return the directory that holds the store generations and the 'current' pointer."""
        return self.var_dir / "store"

    @property
    def export_dir(self) -> Path:
        """Return the directory the build writes the export files to."""
        return self.var_dir / "export"
