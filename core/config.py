"""Settings of a cityscore process, read once from ``CITYSCORE_*`` environment variables.

The variable names are part of the product's interface for operators (architecture page §9).
``CITYSCORE_HEALTH_PORT`` (0 or unset: off) opens a plaintext port on the gRPC address's host
that serves only the health service, so probes that speak no TLS can ask a TLS server.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Process settings; construct once in ``__main__`` and pass down."""

    model_config = SettingsConfigDict(env_prefix="CITYSCORE_", extra="ignore")

    grpc_address: str = "127.0.0.1:50051"
    metrics_address: str = "127.0.0.1:9464"
    health_port: int = Field(default=0, ge=0, le=65535)
    data_dir: Path = Path("var")
    database_url: str | None = None
    tokens_file: Path | None = None
    tls_cert: Path | None = None
    tls_key: Path | None = None
    tls_client_ca: Path | None = None
    shutdown_grace_seconds: float = Field(default=20.0, ge=0)
    # After this age the server asks a client to reconnect (GOAWAY), so round-robin clients
    # re-resolve the headless Service and reach pods added since (ADR 0020). 0 = never.
    max_connection_age_seconds: float = Field(default=300.0, ge=0)
    kernel_impl: Literal["auto", "cython", "python"] = "auto"
    log_level: str = "INFO"
    log_format: Literal["json", "console"] = "json"
    migrate_on_start: bool = True
    max_workers: int = Field(default=16, ge=1)
    health_check_interval_seconds: float = Field(default=5.0, gt=0)
    # The source revision the running build was made from (the image build sets it), reported
    # by the cityscore_build_info gauge.
    build_revision: str = "unknown"
    # Key for the keyed hashes of personal identifiers (architecture page §7). Required outside
    # loopback; the local default is only good for a laptop.
    pii_hash_key: str = "cityscore-local-only-key"

    def database_url_for(self, service: str) -> str:
        """Per-service URL, else the shared URL, else a SQLite file under the data directory."""
        specific = os.environ.get(f"CITYSCORE_{service.upper()}_DATABASE_URL")
        if specific:
            return specific
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / f'{service}.db').as_posix()}"
