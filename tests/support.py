"""Helpers shared by the test modules (importable as ``support``; see ``pythonpath``)."""

from __future__ import annotations

import asyncio as aio
import json
import os
import shutil
import threading
import urllib.request
from collections.abc import Callable, Iterator
from concurrent import futures
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import grpc
import pytest
from google.longrunning import operations_proto_pb2 as lro  # type: ignore[import-untyped]
from google.protobuf import duration_pb2
from google.protobuf.message import Message
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from sqlalchemy import Engine

from cityscore.core.grpc.auth import hash_token
from cityscore.core.grpc.server import CityscoreServer


@dataclass
class RunningServer:
    """A real server on 127.0.0.1 and a way to call it as any test principal."""

    server: CityscoreServer
    channels: list[grpc.Channel] = field(default_factory=list)

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.server.port}"

    def channel(self, token: str | None = "city-token") -> grpc.Channel:
        """A channel whose calls carry ``token`` (None: no authorization header)."""
        channel = grpc.insecure_channel(self.target)
        self.channels.append(channel)
        if token is None:
            return channel
        return grpc.intercept_channel(channel, _BearerToken(token))

    def engine(self, service: str) -> Engine:
        return self.server.engines[service]


class _BearerToken(grpc.UnaryUnaryClientInterceptor,  # type: ignore[type-arg]
                   grpc.UnaryStreamClientInterceptor,  # type: ignore[type-arg]
                   grpc.StreamUnaryClientInterceptor,  # type: ignore[type-arg]
                   grpc.StreamStreamClientInterceptor):  # type: ignore[type-arg]
    """Adds ``authorization: Bearer <token>`` to every call of a channel."""

    def __init__(self, token: str) -> None:
        self._metadata = ("authorization", f"Bearer {token}")

    def _with_token(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        metadata = [*(details.metadata or ()), self._metadata]
        return details._replace(metadata=metadata)  # type: ignore[attr-defined,no-any-return]

    def intercept_unary_unary(self, continuation, details, request):  # type: ignore[no-untyped-def]
        return continuation(self._with_token(details), request)

    def intercept_unary_stream(self, continuation, details, request):  # type: ignore[no-untyped-def]
        return continuation(self._with_token(details), request)

    def intercept_stream_unary(self, continuation, details, requests):  # type: ignore[no-untyped-def]
        return continuation(self._with_token(details), requests)

    def intercept_stream_stream(self, continuation, details, requests):  # type: ignore[no-untyped-def]
        return continuation(self._with_token(details), requests)


ServerFactory = Callable[..., RunningServer]

#: One bearer token per test principal: (principal, role, scope).
TEST_PRINCIPALS: dict[str, tuple[str, str, str]] = {
    "city-token": ("city-office", "city_office", ""),
    "assessor-token": ("assessment-team-1", "assessor", ""),
    "pudong-token": ("pudong-office", "district_office", "pudong"),
    "xuhui-token": ("xuhui-office", "district_office", "xuhui"),
    "lpg-e1-token": ("enterprise-e1", "lpg_enterprise", "E1"),
    "lpg-e2-token": ("enterprise-e2", "lpg_enterprise", "E2"),
    "operator-token": ("ops", "operator", ""),
}


def write_tokens_file(path: Path) -> Path:
    entries = [{"sha256": hash_token(token), "principal": p, "role": r, "scope": s}
               for token, (p, r, s) in TEST_PRINCIPALS.items()]
    path.write_text(json.dumps({"tokens": entries}), "utf-8")
    return path


_DETAIL_TYPES: tuple[type[Message], ...] = (
    error_details_pb2.ErrorInfo, error_details_pb2.RequestInfo, error_details_pb2.BadRequest,
    error_details_pb2.PreconditionFailure, error_details_pb2.ResourceInfo)


def error_details(error: grpc.RpcError) -> dict[str, Any]:
    """The google.rpc details of a failed call, by message name (``"BadRequest"``, ...)."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None, "the error carries no google.rpc status"
    found: dict[str, Any] = {}
    for packed in status.details:
        for kind in _DETAIL_TYPES:
            if packed.Is(kind.DESCRIPTOR):
                detail = kind()
                packed.Unpack(detail)
                found[kind.DESCRIPTOR.name] = detail
    return found


def scrape_metrics(port: int | None) -> str:
    """The text exposition of a server's metrics endpoint."""
    assert port is not None, "the server runs without a metrics endpoint"
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return str(response.read().decode())


def require_tool(name: str) -> str:
    """The path of a command-line tool; skipped if missing, unless CI requires the tools."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CITYSCORE_REQUIRE_TOOLS") == "1":
            pytest.fail(f"{name} is required (CITYSCORE_REQUIRE_TOOLS=1) but not installed")
        pytest.skip(f"{name} is not installed")
    return path


HELLO_METHOD = "/bench.Hello/Echo"


@contextmanager
def hello_world_server(*, asyncio: bool = False) -> Iterator[str]:
    """A bare gRPC server echoing bytes, no interceptors: the baseline for RPC benchmarks.

    Yields its target; ``asyncio=True`` runs a ``grpc.aio`` server in a thread of its own.
    """
    handler = grpc.method_handlers_generic_handler("bench.Hello", {
        "Echo": grpc.unary_unary_rpc_method_handler(lambda request, _context: request)})
    if not asyncio:
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
        server.add_generic_rpc_handlers((handler,))
        port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        try:
            yield f"127.0.0.1:{port}"
        finally:
            server.stop(0).wait()
        return
    loop = aio.new_event_loop()
    ready = threading.Event()
    box: dict[str, Any] = {}

    async def run() -> None:
        server = grpc.aio.server()
        server.add_generic_rpc_handlers((handler,))
        box["port"] = server.add_insecure_port("127.0.0.1:0")
        box["stop"] = aio.Event()
        await server.start()
        ready.set()
        await box["stop"].wait()
        await server.stop(0)

    thread = threading.Thread(target=loop.run_until_complete, args=(run(),), daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield f"127.0.0.1:{box['port']}"
    finally:
        loop.call_soon_threadsafe(box["stop"].set)
        thread.join(10)
        loop.close()


def hello_world_caller(channel: grpc.Channel) -> Callable[[bytes], bytes]:
    """A callable that sends one echo RPC over ``channel``."""
    echo = channel.unary_unary(HELLO_METHOD, request_serializer=bytes,
                               response_deserializer=bytes)
    return lambda payload: echo(payload, timeout=10)


def charts_of(sheet: Any) -> list[Any]:
    """The native charts of an openpyxl worksheet (kept in a private list its stubs omit)."""
    charts: list[Any] = sheet._charts
    return charts


MessageT = TypeVar("MessageT", bound=Message)


def wait_operation(operations: Any, name: str) -> lro.Operation:
    """``WaitOperation`` again and again (a second each) until the operation is done."""
    for _ in range(10_000):
        operation: lro.Operation = operations.WaitOperation(lro.WaitOperationRequest(
            name=name, timeout=duration_pb2.Duration(seconds=1)))
        if operation.done:
            return operation
    raise AssertionError(f"{name} never finished")


def operation_response(operation: lro.Operation, response_type: type[MessageT]) -> MessageT:
    """The answer of an operation that succeeded."""
    assert operation.WhichOneof("result") == "response", operation.error
    response = response_type()
    assert operation.response.Unpack(response)
    return response


def operation_metadata(operation: lro.Operation, metadata_type: type[MessageT]) -> MessageT:
    """An operation's progress, as its service's metadata message."""
    metadata = metadata_type()
    assert operation.metadata.Unpack(metadata)
    return metadata
