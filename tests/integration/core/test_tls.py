"""TLS and mutual TLS from certificate files (the ``pki`` fixture makes them)."""

from __future__ import annotations

from pathlib import Path

import grpc
import pytest
from support import ServerFactory

from cityscore.common.v1 import common_pb2, common_pb2_grpc


def _whoami(target: str, credentials: grpc.ChannelCredentials) -> str:
    with grpc.secure_channel(target, credentials) as channel:
        stub = common_pb2_grpc.ReferenceServiceStub(channel)
        response = stub.WhoAmI(common_pb2.WhoAmIRequest(), timeout=5,
                               metadata=[("authorization", "Bearer city-token")])
        return str(response.principal.name)


def test_tls_serves_clients_that_trust_the_ca(start_server: ServerFactory, pki: Path) -> None:
    running = start_server([], tls_cert=pki / "server.crt", tls_key=pki / "server.key")
    trusted = grpc.ssl_channel_credentials((pki / "ca.crt").read_bytes())
    assert _whoami(running.target, trusted) == "city-office"
    with grpc.insecure_channel(running.target) as plain, pytest.raises(grpc.RpcError):
        common_pb2_grpc.ReferenceServiceStub(plain).ListDistricts(
            common_pb2.ListDistrictsRequest(), timeout=5)


def test_mutual_tls_needs_a_client_certificate(start_server: ServerFactory, pki: Path) -> None:
    running = start_server([], tls_cert=pki / "server.crt", tls_key=pki / "server.key",
                           tls_client_ca=pki / "ca.crt")
    with_certificate = grpc.ssl_channel_credentials(
        (pki / "ca.crt").read_bytes(), (pki / "client.key").read_bytes(),
        (pki / "client.crt").read_bytes())
    assert _whoami(running.target, with_certificate) == "city-office"
    without = grpc.ssl_channel_credentials((pki / "ca.crt").read_bytes())
    with pytest.raises(grpc.RpcError) as caught:
        _whoami(running.target, without)
    assert caught.value.code() is grpc.StatusCode.UNAVAILABLE
