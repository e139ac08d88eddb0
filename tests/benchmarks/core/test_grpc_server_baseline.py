"""Sync thread-pool server vs ``grpc.aio``, and cityscore's full interceptor chain, per call.

This is the measurement behind docs/decisions/0001-sync-grpc-server.md: one unary call from a
sync client, for the bare sync server, the bare asyncio server, and ``ListDistricts`` through
cityscore's server (request context, metrics, errors, auth with a tokens file).
"""

from __future__ import annotations

import grpc
import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from support import ServerFactory, hello_world_caller, hello_world_server

from cityscore.common.v1 import common_pb2, common_pb2_grpc

PAYLOAD = b"x" * 64


@pytest.mark.parametrize("asyncio", [False, True], ids=["sync", "asyncio"])
def test_hello_world_round_trip(benchmark: BenchmarkFixture, asyncio: bool) -> None:
    with hello_world_server(asyncio=asyncio) as target, grpc.insecure_channel(target) as channel:
        call = hello_world_caller(channel)
        assert benchmark(call, PAYLOAD) == PAYLOAD


def test_cityscore_list_districts_round_trip(benchmark: BenchmarkFixture,
                                             start_server: ServerFactory) -> None:
    running = start_server([])
    stub = common_pb2_grpc.ReferenceServiceStub(running.channel("operator-token"))
    request = common_pb2.ListDistrictsRequest()
    response = benchmark(stub.ListDistricts, request, timeout=10)
    assert len(response.districts) == 16
