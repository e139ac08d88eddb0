"""What the national-scale runs (``national_roads.py``, ``national_lpg.py``) share: one service
in its own process on a fresh database, a client that carries the run's city-office token and
follows operations, and the measurements each run reports (peak server memory, database size).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import grpc
from google.longrunning import operations_pb2_grpc as lro_grpc  # type: ignore[import-untyped]
from google.longrunning import operations_proto_pb2 as lro
from google.protobuf import duration_pb2
from google.protobuf.message import Message
from sqlalchemy import create_engine, make_url, text

TOKEN = "national-run-city-office"
#: How long one WaitOperation holds before the client asks again.
WAIT_SECONDS = 20
#: Messages as large as one import call's rows.
MESSAGE_BYTES = 256 * 2**20
ResponseT = TypeVar("ResponseT", bound=Message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    target: str

    def peak_rss_mb(self) -> float:
        """The server process's peak resident memory so far (``VmHWM``)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0


@contextmanager
def server(service: str, database_url: str, workdir: Path) -> Iterator[Server]:
    """``python -m cityscore.services.<service>`` alone in its own process, as Kubernetes runs
    it, with a tokens file that knows the run's token as the city office."""
    tokens = workdir / "tokens.json"
    tokens.write_text(json.dumps({"tokens": [{
        "sha256": hashlib.sha256(TOKEN.encode()).hexdigest(), "principal": "national-run",
        "role": "city_office"}]}))
    target = f"127.0.0.1:{free_port()}"
    env = {**os.environ, "CITYSCORE_GRPC_ADDRESS": target,
           "CITYSCORE_METRICS_ADDRESS": f"127.0.0.1:{free_port()}",
           "CITYSCORE_DATABASE_URL": database_url, "CITYSCORE_TOKENS_FILE": str(tokens),
           "CITYSCORE_DATA_DIR": str(workdir), "CITYSCORE_LOG_LEVEL": "WARNING"}
    log = (workdir / "server.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", f"cityscore.services.{service}"],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        with grpc.insecure_channel(target) as channel:
            grpc.channel_ready_future(channel).result(timeout=120)
        yield Server(process, target)
    finally:
        process.terminate()
        process.wait(timeout=120)
        log.close()


@contextmanager
def fresh_database(url: str | None, name: str, workdir: Path) -> Iterator[str]:
    """A SQLite file ``name``.db in ``workdir``, or a new PostgreSQL database ``name`` beside
    the one ``url`` names, dropped afterwards."""
    if url is None:
        yield f"sqlite:///{workdir / (name + '.db')}"
        return
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def database_mb(url: str) -> float:
    """The database's size on disk (a SQLite file with its WAL, or ``pg_database_size``)."""
    if url.startswith("sqlite"):
        path = Path(make_url(url).database or "")
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
    engine = create_engine(url)
    with engine.connect() as connection:
        size = connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
    engine.dispose()
    return int(size or 0) / 2**20


@contextmanager
def client_channel(target: str) -> Iterator[grpc.Channel]:
    """A channel whose every call carries the run's token, for messages of an import's size."""
    with grpc.insecure_channel(target, options=[
            ("grpc.max_send_message_length", MESSAGE_BYTES),
            ("grpc.max_receive_message_length", MESSAGE_BYTES)]) as plain:
        yield grpc.intercept_channel(plain, _Bearer())


def again(method: Any, request: Any, timeout: float = 600) -> Any:
    """A unary call, sent again (same request id: written once) when the server's connection
    age ended the connection under it (UNAVAILABLE)."""
    for attempt in range(3):
        try:
            return method(request, timeout=timeout)
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.UNAVAILABLE or attempt == 2:
                raise
    raise AssertionError("unreachable")


def operation_result(channel: grpc.Channel, name: str, response_type: type[ResponseT]
                     ) -> ResponseT:
    """Wait for the operation ``name`` (``WaitOperation``, asked again until it is done) and
    return its response; an operation that ended in an error fails the run."""
    operations = lro_grpc.OperationsStub(channel)
    while True:
        operation = again(operations.WaitOperation, lro.WaitOperationRequest(
            name=name, timeout=duration_pb2.Duration(seconds=WAIT_SECONDS)),
            timeout=3 * WAIT_SECONDS)
        if operation.done:
            break
    assert operation.WhichOneof("result") == "response", operation.error
    response = response_type()
    operation.response.Unpack(response)
    return response


def markdown_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


class _Bearer(grpc.UnaryUnaryClientInterceptor,  # type: ignore[type-arg]
              grpc.StreamUnaryClientInterceptor):  # type: ignore[type-arg]
    """Every call with the run's city-office token."""

    @staticmethod
    def _with_token(details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        metadata = [*(details.metadata or ()), ("authorization", f"Bearer {TOKEN}")]
        return details._replace(metadata=metadata)  # type: ignore[attr-defined, no-any-return]

    def intercept_unary_unary(self, continuation, details, request):  # type: ignore[no-untyped-def]
        return continuation(self._with_token(details), request)

    def intercept_stream_unary(self, continuation, details, requests):  # type: ignore[no-untyped-def]
        return continuation(self._with_token(details), requests)
