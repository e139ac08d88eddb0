"""Malformed and random requests to every RPC of every service, on a real server: each answer
is a status the caller can act on, never INTERNAL or UNKNOWN, and a refused request leaves the
service's database as it was (no partial write).

Bounded (a fixed number of requests per method, a fixed seed per method), so it runs in CI and
a failure names the method and the seed that reproduces it.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator

import grpc
import pytest
from fuzz_requests import TOKENS, call_raw, every_method, random_requests
from google.protobuf.descriptor import MethodDescriptor
from sqlalchemy import Engine, inspect, text
from support import RunningServer, write_tokens_file

from cityscore.core.clock import FixedClock
from cityscore.core.config import Settings
from cityscore.core.grpc.server import build_server
from cityscore.services import registry
from cityscore.services.registry import SERVICE_NAMES

METHODS = every_method()
REQUESTS_PER_METHOD = 100
NOT_ACTIONABLE = {grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN}
OPERATION_WAIT_POLLS = 600
OPERATION_WAIT_POLL_SECONDS = 0.05
SERVICE_OF = {spec.proto_service: spec.name for spec in registry.specs(SERVICE_NAMES)}


def _row_counts(engine: Engine) -> tuple[int, ...]:
    """The number of rows of every table of a service's database, in one query, once no
    long-running operation an accepted request started is still writing (its rows are the
    accepted request's, not the next refused one's)."""
    tables = sorted(inspect(engine).get_table_names())
    operations = [table for table in tables if table.endswith("_operation")]
    for _ in range(OPERATION_WAIT_POLLS):
        with engine.connect() as connection:
            if not any(connection.execute(text(
                    f'SELECT 1 FROM "{table}" WHERE NOT done')).first() for table in operations):
                break
        time.sleep(OPERATION_WAIT_POLL_SECONDS)
    else:
        pytest.fail("an operation started by an accepted request never finished")
    with engine.connect() as connection:
        return tuple(connection.execute(text("SELECT " + ", ".join(
            f'(SELECT count(*) FROM "{table}")' for table in tables))).one())


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One server with every service, shared by the module: fuzzing needs no clean state."""
    base = tmp_path_factory.mktemp("fuzz")
    settings = Settings(grpc_address="127.0.0.1:0", metrics_address="", data_dir=base / "var",
                        tokens_file=write_tokens_file(base / "tokens.json"),
                        shutdown_grace_seconds=2, health_check_interval_seconds=0.5)
    clock = FixedClock(dt.datetime(2019, 3, 1, 4, 0, tzinfo=dt.UTC))
    server = RunningServer(build_server(settings, registry.specs(SERVICE_NAMES), clock=clock))
    yield server
    for channel in server.channels:
        channel.close()
    server.server.stop(0)


@pytest.mark.parametrize("method", METHODS, ids=lambda m: f"{m.containing_service.name}.{m.name}")
def test_every_answer_is_actionable(running: RunningServer, method: MethodDescriptor) -> None:
    seed = method.full_name
    rng = random.Random(seed)
    channels = {token: running.channel(token) for token in TOKENS}
    engine = running.engine(SERVICE_OF[method.containing_service.full_name])
    failures = []
    for index, payload in enumerate(random_requests(method, rng, REQUESTS_PER_METHOD)):
        token = TOKENS[index % len(TOKENS)]
        before = _row_counts(engine)
        code = call_raw(channels[token], method, payload)
        if code in NOT_ACTIONABLE:
            failures.append((index, token, code.name, payload.hex()[:120]))
        elif code is not grpc.StatusCode.OK and _row_counts(engine) != before:
            failures.append((index, token, f"{code.name} but rows were written",
                             payload.hex()[:120]))
    assert not failures, f"{method.full_name} (seed {seed!r}): {failures}"
