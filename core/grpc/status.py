"""The one table from domain errors to gRPC status codes with ``google.rpc`` details.

Every error carries an ``ErrorInfo`` (stable reason, domain ``cityscore``) and a ``RequestInfo``
with the request id, plus the detail its class calls for (architecture page §5).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import grpc
from google.protobuf import any_pb2
from google.protobuf.message import Message
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from cityscore.core import errors

ERROR_DOMAIN = "cityscore"
ViolationT = TypeVar("ViolationT", bound=Message)

_CODES: tuple[tuple[type[errors.CityscoreError], int], ...] = (
    (errors.InvalidArgument, code_pb2.INVALID_ARGUMENT),
    (errors.NotFound, code_pb2.NOT_FOUND),
    (errors.AlreadyExists, code_pb2.ALREADY_EXISTS),
    (errors.FailedPrecondition, code_pb2.FAILED_PRECONDITION),
    (errors.Conflict, code_pb2.ABORTED),
    (errors.Unauthenticated, code_pb2.UNAUTHENTICATED),
    (errors.PermissionDenied, code_pb2.PERMISSION_DENIED),
    (errors.Unavailable, code_pb2.UNAVAILABLE),
    (errors.Cancelled, code_pb2.CANCELLED),
)


def _pack(message: object) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)  # type: ignore[arg-type]
    return packed


#: The details travel in one trailing-metadata entry, and gRPC clients refuse metadata over
#: 8 KiB by default; violations beyond this budget are summed up in a last "and N more".
DETAILS_BUDGET_BYTES = 6 * 1024


def _within_budget(violations: list[ViolationT], summary: Callable[[int], ViolationT]
                   ) -> list[ViolationT]:
    kept: list[ViolationT] = []
    used = 0
    for index, violation in enumerate(violations):
        used += violation.ByteSize() + 4
        if used > DETAILS_BUDGET_BYTES:
            return [*kept, summary(len(violations) - index)]
        kept.append(violation)
    return kept


def code_for(error: errors.CityscoreError) -> int:
    for error_type, code in _CODES:
        if isinstance(error, error_type):
            return int(code)
    return int(code_pb2.INTERNAL)


def to_rpc_status(error: errors.CityscoreError, request_id: str) -> status_pb2.Status:
    """The ``google.rpc.Status`` a client receives for ``error``."""
    status = status_pb2.Status(code=code_for(error), message=error.message)
    details: list[object] = [
        error_details_pb2.ErrorInfo(reason=error.reason, domain=ERROR_DOMAIN,
                                    metadata=error.metadata),
        error_details_pb2.RequestInfo(request_id=request_id),
    ]
    if isinstance(error, errors.InvalidArgument):
        details.append(error_details_pb2.BadRequest(field_violations=_within_budget(
            [error_details_pb2.BadRequest.FieldViolation(field=v.field, description=v.description)
             for v in error.violations],
            lambda more: error_details_pb2.BadRequest.FieldViolation(
                field="", description=f"and {more} more invalid fields not listed"))))
    elif isinstance(error, errors.FailedPrecondition):
        details.append(error_details_pb2.PreconditionFailure(violations=_within_budget(
            [error_details_pb2.PreconditionFailure.Violation(
                type=v.type, subject=v.subject, description=v.description)
             for v in error.violations],
            lambda more: error_details_pb2.PreconditionFailure.Violation(
                type="MORE", description=f"and {more} more failed rules not listed"))))
    elif isinstance(error, errors.NotFound | errors.AlreadyExists):
        details.append(error_details_pb2.ResourceInfo(
            resource_type=error.resource_type, resource_name=error.resource_name))
    status.details.extend(_pack(d) for d in details)
    return status


def internal_status(request_id: str) -> status_pb2.Status:
    """What a client sees of an unexpected failure: nothing but the id to quote."""
    status = status_pb2.Status(code=code_pb2.INTERNAL,
                               message=f"internal error; quote request id {request_id}")
    status.details.append(_pack(error_details_pb2.RequestInfo(request_id=request_id)))
    return status


def to_grpc_status(status: status_pb2.Status) -> grpc.Status:
    result: grpc.Status = rpc_status.to_status(status)
    return result
