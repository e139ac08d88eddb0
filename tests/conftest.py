"""Fixtures every test may use: real servers on loopback, databases, tokens, a fixed clock.

PostgreSQL tests run against the server named by ``CITYSCORE_TEST_POSTGRES_URL`` (``.ci/run``
starts one); each test gets a database of its own, dropped ``WITH (FORCE)`` afterwards, so the
role needs CREATEDB and membership of ``pg_signal_backend`` (to end an autovacuum worker still in
the database; ``.ci/postgres-up`` grants both). Without that variable they are skipped, unless
``CITYSCORE_REQUIRE_POSTGRES=1`` (as in CI), where a missing server is a failure.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from opentelemetry.sdk.trace import TracerProvider
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from support import RunningServer, ServerFactory, write_tokens_file

from cityscore.core.clock import FixedClock
from cityscore.core.config import Settings
from cityscore.core.db import make_engine
from cityscore.core.grpc.server import build_server
from cityscore.services import registry

POSTGRES_URL_VARIABLE = "CITYSCORE_TEST_POSTGRES_URL"

@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path) -> Iterator[None]:
    """Each test its own user cache (the client remembers uploads there), not the tester's.

    Set by hand rather than with ``monkeypatch``: an autouse fixture holding ``monkeypatch``
    would undo every test's own environment changes only after the other fixtures' teardowns.
    """
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def tokens_file(tmp_path: Path) -> Path:
    return write_tokens_file(tmp_path / "tokens.json")


@pytest.fixture
def clock() -> FixedClock:
    """Noon in the city on 2019-03-01 (inside the 2018 assessment window)."""
    return FixedClock(dt.datetime(2019, 3, 1, 4, 0, tzinfo=dt.UTC))


def _postgres_admin_url() -> str | None:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url and os.environ.get("CITYSCORE_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{POSTGRES_URL_VARIABLE} is not set but PostgreSQL tests are required")
    return url


def _fresh_postgres_database(admin_url: str) -> Iterator[str]:
    """Create a database for one test and drop it afterwards."""
    name = f"cityscore_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # a server that is down is a failure only where required
        admin.dispose()
        if os.environ.get("CITYSCORE_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip(f"PostgreSQL not reachable: {error}")
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, and (second run) a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    admin_url = _postgres_admin_url()
    if not admin_url:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set")
    yield from _fresh_postgres_database(admin_url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database, for tests that are about PostgreSQL itself."""
    admin_url = _postgres_admin_url()
    if not admin_url:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set")
    yield from _fresh_postgres_database(admin_url)


@pytest.fixture
def start_server(tmp_path: Path, clock: FixedClock) -> Iterator[ServerFactory]:
    """Start real servers: ``start_server(["lpg_registry"], database_url=..., tokens=True)``.

    With ``tokens=True`` the server checks the test tokens (``TEST_PRINCIPALS``); otherwise it
    runs in anonymous loopback mode. Servers stop at the end of the test.
    """
    started: list[RunningServer] = []

    def start(services: Sequence[str] = (), *, database_url: str | None = None,
              tokens: bool = True, tracer_provider: TracerProvider | None = None,
              **overrides: object) -> RunningServer:
        settings = Settings(
            grpc_address="127.0.0.1:0", metrics_address="127.0.0.1:0",
            data_dir=tmp_path / "var",
            tokens_file=write_tokens_file(tmp_path / "tokens.json") if tokens else None,
            shutdown_grace_seconds=2, health_check_interval_seconds=0.2,
            **overrides,  # type: ignore[arg-type]
        )
        engines = {name: make_engine(database_url) for name in services} if database_url \
            else None
        running = RunningServer(build_server(settings, registry.specs(services), clock=clock,
                                             engines=engines, tracer_provider=tracer_provider))
        started.append(running)
        return running

    yield start
    for running in started:
        for channel in running.channels:
            channel.close()
        running.server.stop(grace=0)



def pytest_unconfigure(config: pytest.Config) -> None:
    """Say loudly, as the run's last line, when the PostgreSQL half of the suite did not run:
    a green run on SQLite alone proves nothing about production's database."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = [report for report in reporter.stats.get("skipped", [])
               if "postgres" in getattr(report, "keywords", {})
               or POSTGRES_URL_VARIABLE in str(report.longrepr)]
    if skipped:
        reporter.write_sep(
            "!", f"{len(skipped)} PostgreSQL tests SKIPPED: set {POSTGRES_URL_VARIABLE} "
                 "(bash .ci/postgres-up starts a local server)", red=True, bold=True)
