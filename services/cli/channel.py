"""The CLI's connection to a server: channel, credentials, deadline, and status decoding."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

ResponseT = TypeVar("ResponseT")

#: Exit codes by gRPC status class; documented in the README.
EXIT_CODES: dict[grpc.StatusCode, int] = {
    grpc.StatusCode.INVALID_ARGUMENT: 3,
    grpc.StatusCode.OUT_OF_RANGE: 3,
    grpc.StatusCode.NOT_FOUND: 4,
    grpc.StatusCode.ALREADY_EXISTS: 5,
    grpc.StatusCode.FAILED_PRECONDITION: 5,
    grpc.StatusCode.ABORTED: 5,
    grpc.StatusCode.UNAUTHENTICATED: 6,
    grpc.StatusCode.PERMISSION_DENIED: 6,
    grpc.StatusCode.UNAVAILABLE: 7,
    grpc.StatusCode.DEADLINE_EXCEEDED: 7,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 7,
    grpc.StatusCode.CANCELLED: 7,
    grpc.StatusCode.UNIMPLEMENTED: 8,
}
EXIT_OTHER_ERROR = 1


def exit_code_for(code: grpc.StatusCode) -> int:
    return EXIT_CODES.get(code, EXIT_OTHER_ERROR)


@dataclass(frozen=True)
class CallFailure:
    """A failed call, decoded for a person: status, message and each detail as a line."""

    code: grpc.StatusCode
    message: str
    details: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return exit_code_for(self.code)


def decode_failure(error: grpc.RpcError) -> CallFailure:
    """Turn a ``grpc.RpcError`` and its ``google.rpc`` details into readable lines."""
    code: grpc.StatusCode = error.code()
    message: str = error.details() or code.name
    lines: list[str] = []
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    for packed in status.details if status is not None else []:
        for kind in (error_details_pb2.BadRequest, error_details_pb2.PreconditionFailure,
                     error_details_pb2.ResourceInfo, error_details_pb2.RequestInfo):
            if packed.Is(kind.DESCRIPTOR):
                detail = kind()
                packed.Unpack(detail)
                lines.extend(_describe(detail))
    return CallFailure(code, message, lines)


def _describe(detail: Any) -> list[str]:
    if isinstance(detail, error_details_pb2.BadRequest):
        return [f"  {v.field}: {v.description}" for v in detail.field_violations]
    if isinstance(detail, error_details_pb2.PreconditionFailure):
        return [f"  {v.type} {v.subject}: {v.description}" for v in detail.violations]
    if isinstance(detail, error_details_pb2.ResourceInfo):
        return [f"  {detail.resource_type}: {detail.resource_name}"]
    if isinstance(detail, error_details_pb2.RequestInfo) and detail.request_id:
        return [f"  request id: {detail.request_id}"]
    return []


@dataclass
class Connection:
    """One CLI invocation's channel; every call carries a deadline and a request id."""

    target: str
    token: str | None
    timeout: float
    ca_file: Path | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    _channel: grpc.Channel | None = None

    @property
    def channel(self) -> grpc.Channel:
        if self._channel is None:
            if self.ca_file is not None:
                credentials = grpc.ssl_channel_credentials(self.ca_file.read_bytes())
                self._channel = grpc.secure_channel(self.target, credentials)
            else:
                self._channel = grpc.insecure_channel(self.target)
        return self._channel

    def metadata(self) -> list[tuple[str, str]]:
        pairs = [("x-request-id", self.request_id)]
        if self.token:
            pairs.append(("authorization", f"Bearer {self.token}"))
        return pairs

    def call(self, method: Callable[..., ResponseT], request: Any,
             timeout: float | None = None) -> ResponseT:
        """Call a unary or client-streaming stub method with this connection's deadline."""
        return method(request, timeout=timeout or self.timeout, metadata=self.metadata())

    def close(self) -> None:
        if self._channel is not None:
            self._channel.close()
