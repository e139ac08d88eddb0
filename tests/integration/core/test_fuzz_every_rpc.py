"""Malformed and random requests to every RPC of every service, on a real server: each answer
is a status the caller can act on, never INTERNAL or UNKNOWN.

Bounded (a fixed number of requests per method, a fixed seed per method), so it runs in CI and
a failure names the method and the seed that reproduces it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import grpc
import pytest
from google.protobuf import message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor
from google.protobuf.message import Message
from support import RunningServer, write_tokens_file

from cityscore.blood_quota.v1 import blood_quota_service_pb2
from cityscore.core.clock import FixedClock
from cityscore.core.config import Settings
from cityscore.core.grpc.server import build_server
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2
from cityscore.rural_roads.v1 import rural_roads_service_pb2
from cityscore.services import registry
from cityscore.services.registry import SERVICE_NAMES
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2

FILES = (wage_assessment_service_pb2.DESCRIPTOR, blood_quota_service_pb2.DESCRIPTOR,
         rural_roads_service_pb2.DESCRIPTOR, lpg_registry_service_pb2.DESCRIPTOR)
METHODS: list[MethodDescriptor] = [method for file in FILES
                                   for service in file.services_by_name.values()
                                   for method in service.methods]
REQUESTS_PER_METHOD = 100
#: Callers of every kind, so scoped paths are fuzzed too.
TOKENS = ("city-token", "pudong-token", "lpg-e1-token", "assessor-token", "operator-token")
NOT_ACTIONABLE = {grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN}
WORDS = ("", "pudong", "xuhui", "E1", "E2", "2018", "../../etc", "ä½ å¥½", "\u0000", "x" * 300,
         "-1", "1e309", "NaN", " ")


def _scalar(field: FieldDescriptor, rng: random.Random) -> object:
    kind = field.type
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        return rng.choice([0.0, -1.0, 1e12, float("nan"), float("inf"), rng.uniform(-1e3, 1e3)])
    if kind == FieldDescriptor.TYPE_BOOL:
        return rng.random() < 0.5
    if kind == FieldDescriptor.TYPE_STRING:
        return rng.choice(WORDS)
    if kind == FieldDescriptor.TYPE_BYTES:
        return rng.randbytes(rng.randrange(8))
    if field.enum_type is not None:
        numbers = [v.number for v in field.enum_type.values]
        return rng.choice([*numbers, 0, max(numbers) + 7])
    unsigned = kind in (FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_UINT64,
                        FieldDescriptor.TYPE_FIXED32, FieldDescriptor.TYPE_FIXED64)
    wide = kind in (FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_UINT64,
                    FieldDescriptor.TYPE_SINT64, FieldDescriptor.TYPE_FIXED64,
                    FieldDescriptor.TYPE_SFIXED64)
    top = 2**63 - 1 if wide else 2**31 - 1
    choices = [0, 1, 2018, 20170301, 10_000, top, rng.randrange(0, 100)]
    if not unsigned:
        choices += [-1, -top - 1]
    else:
        top = 2**64 - 1 if wide else 2**32 - 1
        choices.append(top)
    return rng.choice(choices)


def _fill(message: Message, descriptor: Descriptor, rng: random.Random, depth: int) -> None:
    for field in descriptor.fields:
        if rng.random() < 0.35:
            continue
        nested = field.message_type
        if nested is not None:
            if nested.GetOptions().map_entry or depth > 2:
                continue
            if field.is_repeated:
                for _ in range(rng.randrange(3)):
                    _fill(getattr(message, field.name).add(), nested, rng, depth + 1)
            else:
                _fill(getattr(message, field.name), nested, rng, depth + 1)
                getattr(message, field.name).SetInParent()
        elif field.is_repeated:
            getattr(message, field.name).extend(_scalar(field, rng)
                                                for _ in range(rng.randrange(4)))
        else:
            setattr(message, field.name, _scalar(field, rng))


def _requests(method: MethodDescriptor, rng: random.Random) -> Iterator[bytes]:
    message_type = message_factory.GetMessageClass(method.input_type)
    for index in range(REQUESTS_PER_METHOD):
        if index % 4 == 0:  # bytes that may not decode at all
            yield rng.randbytes(rng.randrange(1, 40))
            continue
        message = message_type()
        _fill(message, method.input_type, rng, 0)
        yield message.SerializeToString()


def _call(channel: grpc.Channel, method: MethodDescriptor, payload: bytes) -> grpc.StatusCode:
    path = f"/{method.containing_service.full_name}/{method.name}"
    try:
        if method.client_streaming and method.server_streaming:
            raise AssertionError("no bidirectional RPCs are expected")
        if method.client_streaming:
            channel.stream_unary(path, None, None)(iter([payload, payload]), timeout=30)
        elif method.server_streaming:
            list(channel.unary_stream(path, None, None)(payload, timeout=30))  # read to the end
        else:
            channel.unary_unary(path, None, None)(payload, timeout=30)
    except grpc.RpcError as error:
        return error.code()
    return grpc.StatusCode.OK


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
    failures = []
    for index, payload in enumerate(_requests(method, rng)):
        token = TOKENS[index % len(TOKENS)]
        code = _call(channels[token], method, payload)
        if code in NOT_ACTIONABLE:
            failures.append((index, token, code.name, payload.hex()[:120]))
    assert not failures, f"{method.full_name} (seed {seed!r}): {failures}"
