"""Domain exceptions: what a rule or a lookup can say, independent of the transport.

``core.grpc.status`` maps each class to one gRPC status code with ``google.rpc`` details
(architecture page §5). Messages are short and safe to show a clerk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class FieldViolation:
    """One bad field; ``field`` is a path such as ``rows[3].volume_ml``."""

    field: str
    description: str


@dataclass(frozen=True, slots=True)
class PreconditionViolation:
    """One rule that said no: ``type`` is a stable code, ``subject`` what it is about."""

    type: str
    subject: str
    description: str


class CityscoreError(Exception):
    """Base of the errors a client may see. ``reason`` is a stable UPPER_SNAKE code."""

    reason: str = "ERROR"

    def __init__(self, message: str, *, reason: str | None = None,
                 metadata: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if reason is not None:
            self.reason = reason
        self.metadata: dict[str, str] = dict(metadata or {})


class InvalidArgument(CityscoreError):
    """The request is malformed; every bad field is listed (row-indexed for batches)."""

    reason = "INVALID_ARGUMENT"

    def __init__(self, message: str, violations: Iterable[FieldViolation] = (), *,
                 reason: str | None = None) -> None:
        super().__init__(message, reason=reason)
        self.violations: tuple[FieldViolation, ...] = tuple(violations)


class NotFound(CityscoreError):
    reason = "NOT_FOUND"

    def __init__(self, resource_type: str, resource_name: str, message: str | None = None
                 ) -> None:
        super().__init__(message or f"{resource_type} {resource_name!r} not found")
        self.resource_type = resource_type
        self.resource_name = resource_name


class AlreadyExists(CityscoreError):
    reason = "ALREADY_EXISTS"

    def __init__(self, resource_type: str, resource_name: str, message: str | None = None
                 ) -> None:
        super().__init__(message or f"{resource_type} {resource_name!r} already exists")
        self.resource_type = resource_type
        self.resource_name = resource_name


class FailedPrecondition(CityscoreError):
    """A rule said no; every failed rule is listed."""

    reason = "FAILED_PRECONDITION"

    def __init__(self, message: str, violations: Iterable[PreconditionViolation] = (), *,
                 reason: str | None = None, metadata: Mapping[str, str] | None = None) -> None:
        super().__init__(message, reason=reason, metadata=metadata)
        self.violations: tuple[PreconditionViolation, ...] = tuple(violations)


class Conflict(CityscoreError):
    """A concurrent change won (version mismatch); the client may re-read and retry."""

    reason = "ABORTED"


class Unauthenticated(CityscoreError):
    reason = "UNAUTHENTICATED"


class PermissionDenied(CityscoreError):
    reason = "PERMISSION_DENIED"


class Cancelled(CityscoreError):
    """The caller gave up (cancelled, or its deadline passed) before the work was committed;
    nothing was stored, so a retry with the same request id does the work once."""

    reason = "CANCELLED"


class Unavailable(CityscoreError):
    """A dependency (the database) does not answer; retrying later may succeed."""

    reason = "UNAVAILABLE"


@dataclass
class ViolationCollector:
    """Collects field violations across a whole request, so one answer names every bad row."""

    violations: list[FieldViolation] = field(default_factory=list)

    def add(self, field_path: str, description: str) -> None:
        self.violations.append(FieldViolation(field_path, description))

    def require_text(self, field_path: str, value: str) -> None:
        """A text field that must not be empty or blank."""
        if not value.strip():
            self.add(field_path, "is required")

    def raise_if_any(self, message: str = "the request has invalid fields") -> None:
        if self.violations:
            raise InvalidArgument(message, self.violations)
