"""The CLI's connection to a server: channel, credentials, deadline, retries, and status
decoding."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from cityscore.services.cli import tracing

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
#: What is left (INTERNAL, UNKNOWN, DATA_LOSS) is the server's own failure: exit 1, and only
#: for that. A file the client cannot read is a usage error (2), rows the server rejects 3.
EXIT_OTHER_ERROR = 1
#: A replay recomputed a stored result and found it differs (each difference listed): a
#: finding about the stored result, not a failure of the command.
EXIT_REPLAY_DIFFERS = 9

#: gRPC's retry policy (service config) for every method of every service: a call that met
#: UNAVAILABLE (server restarting, connection dropped before the call was taken) is sent again
#: with backoff. Every call is safe to send twice: reads change nothing, and every write carries
#: a request id the server answers from its request log the second time (ADR 0005).
RETRY_POLICY: dict[str, Any] = {
    "maxAttempts": 5,
    "initialBackoff": "0.2s",
    "maxBackoff": "3s",
    "backoffMultiplier": 2,
    "retryableStatusCodes": ["UNAVAILABLE"],
}
SERVICE_CONFIG = json.dumps({"methodConfig": [{"name": [{}], "retryPolicy": RETRY_POLICY}]})


def exit_code_for(code: grpc.StatusCode) -> int:
    return EXIT_CODES.get(code, EXIT_OTHER_ERROR)


@dataclass(frozen=True)
class CallFailure:
    """A failed call, decoded for a person: status, message and each detail as a line."""

    code: grpc.StatusCode
    message: str
    details: list[str] = field(default_factory=list)
    #: The BadRequest field violations as (field path, description), for a reader to rename.
    violations: list[tuple[str, str]] = field(default_factory=list)
    #: The request id the server names in its answer, if any.
    request_id: str = ""

    @property
    def exit_code(self) -> int:
        return exit_code_for(self.code)


def decode_failure(error: grpc.RpcError) -> CallFailure:
    """Turn a ``grpc.RpcError`` and its ``google.rpc`` details into readable lines."""
    code: grpc.StatusCode = error.code()
    message: str = error.details() or code.name
    lines: list[str] = []
    violations: list[tuple[str, str]] = []
    request_id = ""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    for packed in status.details if status is not None else []:
        for kind in (error_details_pb2.BadRequest, error_details_pb2.PreconditionFailure,
                     error_details_pb2.ResourceInfo, error_details_pb2.RequestInfo):
            if packed.Is(kind.DESCRIPTOR):
                detail = kind()
                packed.Unpack(detail)
                lines.extend(_describe(detail))
                if isinstance(detail, error_details_pb2.BadRequest):
                    violations.extend((v.field, v.description)
                                      for v in detail.field_violations)
                if isinstance(detail, error_details_pb2.RequestInfo):
                    request_id = detail.request_id
    return CallFailure(code, message, lines, violations, request_id)


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
    """One CLI invocation's channel; every call carries a deadline and a request id.

    With ``ca_file`` the channel speaks TLS; with ``client_cert`` and ``client_key`` too, it
    shows the server a client certificate (mutual TLS). UNAVAILABLE is retried by gRPC itself
    (:data:`SERVICE_CONFIG`). ``request_id`` is the user's ``--request-id`` when given.
    """

    target: str
    token: str | None
    timeout: float
    ca_file: Path | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    client_cert: Path | None = None
    client_key: Path | None = None
    #: True when the user chose ``request_id`` (``--request-id``): it then beats an id derived
    #: from a file's content.
    explicit_request_id: bool = False
    _channel: grpc.Channel | None = None

    @property
    def channel(self) -> grpc.Channel:
        if self._channel is None:
            options = [("grpc.enable_retries", 1), ("grpc.service_config", SERVICE_CONFIG)]
            if self.ca_file is not None:
                credentials = grpc.ssl_channel_credentials(
                    self.ca_file.read_bytes(),
                    self.client_key.read_bytes() if self.client_key else None,
                    self.client_cert.read_bytes() if self.client_cert else None)
                self._channel = grpc.secure_channel(self.target, credentials, options)
            else:
                self._channel = grpc.insecure_channel(self.target, options)
        return self._channel

    def metadata(self) -> list[tuple[str, str]]:
        pairs = [("x-request-id", self.request_id)]
        if self.token:
            pairs.append(("authorization", f"Bearer {self.token}"))
        return pairs

    def call(self, method: Callable[..., ResponseT], request: Any,
             timeout: float | None = None) -> ResponseT:
        """Call a unary or client-streaming stub method with this connection's deadline."""
        with tracing.call_span(method, self.metadata()) as metadata:
            return method(request, timeout=timeout or self.timeout, metadata=metadata)

    def close(self) -> None:
        if self._channel is not None:
            self._channel.close()
