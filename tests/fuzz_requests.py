"""Malformed and random requests for any RPC, shared by the fuzz test and the soak script.

Requests are built from the method's descriptor, so a new RPC or service is fuzzed without
editing anything here.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

import grpc
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor
from google.protobuf.message import Message

from cityscore.services import registry

#: Callers of every kind (tokens of ``support.TEST_PRINCIPALS``), so scoped paths are fuzzed too.
TOKENS = ("city-token", "pudong-token", "lpg-e1-token", "assessor-token", "operator-token")
WORDS = ("", "pudong", "xuhui", "E1", "E2", "2018", "../../etc", "ä½ å¥½", "\u0000", "x" * 300,
         "-1", "1e309", "NaN", " ")


def every_method(services: Sequence[str] = ()) -> list[MethodDescriptor]:
    """Every RPC of the named services (default: every service the suite hosts), from their
    registered specs."""
    pool = descriptor_pool.Default()
    return [method for spec in registry.specs(services)
            for method in pool.FindServiceByName(spec.proto_service).methods]


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


def random_requests(method: MethodDescriptor, rng: random.Random, count: int) -> Iterator[bytes]:
    """``count`` request bodies: every fourth is random bytes that may not decode at all, the
    rest are the method's message with random fields set (edge numbers, odd strings, unknown
    enum values)."""
    message_type = message_factory.GetMessageClass(method.input_type)
    for index in range(count):
        if index % 4 == 0:
            yield rng.randbytes(rng.randrange(1, 40))
            continue
        message = message_type()
        _fill(message, method.input_type, rng, 0)
        yield message.SerializeToString()


def call_raw(channel: grpc.Channel, method: MethodDescriptor, payload: bytes,
             timeout: float = 30, token: str | None = None) -> grpc.StatusCode:
    """Send ``payload`` as the request of ``method`` (twice on a client stream) with ``token``
    as bearer token if given, read a streamed answer to the end, and return the final status."""
    metadata = (("authorization", f"Bearer {token}"),) if token else None
    path = f"/{method.containing_service.full_name}/{method.name}"
    try:
        if method.client_streaming and method.server_streaming:
            raise AssertionError("no bidirectional RPCs are expected")
        if method.client_streaming:
            channel.stream_unary(path, None, None)(iter([payload, payload]), timeout=timeout,
                                                    metadata=metadata)
        elif method.server_streaming:
            list(channel.unary_stream(path, None, None)(payload, timeout=timeout,
                                                         metadata=metadata))
        else:
            channel.unary_unary(path, None, None)(payload, timeout=timeout, metadata=metadata)
    except grpc.RpcError as error:
        return error.code()
    return grpc.StatusCode.OK
