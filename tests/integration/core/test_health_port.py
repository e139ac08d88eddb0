"""The plaintext health port of a TLS server: the main server's health status and nothing else."""

from __future__ import annotations

import queue
import socket
import threading
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from support import ServerFactory

from cityscore.common.v1 import common_pb2, common_pb2_grpc
from cityscore.core.grpc.server import StartupError

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING
REFERENCE = "cityscore.common.v1.ReferenceService"
TOKEN = [("authorization", "Bearer city-token")]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _check(channel: grpc.Channel, service: str = "") -> int:
    response = health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service=service), timeout=5)
    return int(response.status)


def test_health_port_is_off_unless_set(start_server: ServerFactory) -> None:
    running = start_server([])
    assert running.server.health_port is None and running.server.health_server is None


def test_plaintext_health_port_serves_health_only(start_server: ServerFactory,
                                                  pki: Path) -> None:
    port = _free_port()
    running = start_server([], tls_cert=pki / "server.crt", tls_key=pki / "server.key",
                           health_port=port)
    assert running.server.health_port == port
    with grpc.insecure_channel(f"127.0.0.1:{port}") as plain:
        assert _check(plain) == SERVING
        assert _check(plain, REFERENCE) == SERVING
        with pytest.raises(grpc.RpcError) as caught:
            common_pb2_grpc.ReferenceServiceStub(plain).WhoAmI(
                common_pb2.WhoAmIRequest(), timeout=5, metadata=TOKEN)
        assert caught.value.code() is grpc.StatusCode.UNIMPLEMENTED
        with pytest.raises(grpc.RpcError) as caught:
            list(reflection_pb2_grpc.ServerReflectionStub(plain).ServerReflectionInfo(
                iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=5))
        assert caught.value.code() is grpc.StatusCode.UNIMPLEMENTED
    # The main port still speaks TLS only.
    with grpc.insecure_channel(running.target) as plain, pytest.raises(grpc.RpcError):
        _check(plain)


def test_health_port_reads_not_serving_while_the_server_drains(start_server: ServerFactory,
                                                               pki: Path) -> None:
    port = _free_port()
    running = start_server([], tls_cert=pki / "server.crt", tls_key=pki / "server.key",
                           health_port=port)
    trusted = grpc.ssl_channel_credentials((pki / "ca.crt").read_bytes())
    with grpc.secure_channel(running.target, trusted) as secure, \
            grpc.insecure_channel(f"127.0.0.1:{port}") as plain:
        watch = health_pb2_grpc.HealthStub(plain).Watch(
            health_pb2.HealthCheckRequest(service=REFERENCE), timeout=30)
        assert next(watch).status == SERVING
        # A reflection stream left open on the main port holds the drain open.
        outgoing: queue.Queue[reflection_pb2.ServerReflectionRequest | None] = queue.Queue()
        stream = reflection_pb2_grpc.ServerReflectionStub(secure).ServerReflectionInfo(
            iter(outgoing.get, None), timeout=30, metadata=TOKEN)
        outgoing.put(reflection_pb2.ServerReflectionRequest(list_services=""))
        next(stream)

        stopping = threading.Thread(target=running.server.stop, kwargs={"grace": 20})
        stopping.start()
        assert next(watch).status == NOT_SERVING
        watch.cancel()
        assert _check(plain) == NOT_SERVING
        assert _check(plain, REFERENCE) == NOT_SERVING

        outgoing.put(None)
        assert list(stream) == []
        stopping.join(30)
        assert not stopping.is_alive()
        with pytest.raises(grpc.RpcError) as caught:
            _check(plain)
        assert caught.value.code() is grpc.StatusCode.UNAVAILABLE


def test_a_taken_health_port_stops_the_start(start_server: ServerFactory) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(StartupError, match="health port"):
            start_server([], health_port=taken.getsockname()[1])
