"""The server recycles old connections, so round-robin clients re-resolve and reach new pods."""

from __future__ import annotations

import threading
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from support import ServerFactory


def _watch_states(channel: grpc.Channel) -> tuple[list[grpc.ChannelConnectivity], threading.Event]:
    states: list[grpc.ChannelConnectivity] = []
    went_idle = threading.Event()

    def record(state: grpc.ChannelConnectivity) -> None:
        states.append(state)
        if state is grpc.ChannelConnectivity.IDLE and grpc.ChannelConnectivity.READY in states:
            went_idle.set()

    channel.subscribe(record, try_to_connect=True)
    return states, went_idle


def test_connection_is_recycled_after_max_age_and_calls_keep_working(
        start_server: ServerFactory) -> None:
    server = start_server([], tokens=False, max_connection_age_seconds=0.5)
    with grpc.insecure_channel(server.target) as channel:
        _, went_idle = _watch_states(channel)
        health = health_pb2_grpc.HealthStub(channel)
        assert health.Check(health_pb2.HealthCheckRequest(), timeout=5).status == \
            health_pb2.HealthCheckResponse.SERVING
        assert went_idle.wait(timeout=10), "the server never asked the client to reconnect"
        assert health.Check(health_pb2.HealthCheckRequest(), timeout=5).status == \
            health_pb2.HealthCheckResponse.SERVING


def test_zero_keeps_connections(start_server: ServerFactory) -> None:
    server = start_server([], tokens=False, max_connection_age_seconds=0)
    with grpc.insecure_channel(server.target) as channel:
        states, went_idle = _watch_states(channel)
        health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
        time.sleep(1.5)
        assert not went_idle.is_set(), states
