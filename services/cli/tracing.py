"""Client traces: each command a span, each call a client span whose context the server
continues (W3C ``traceparent``). Off unless the standard ``OTEL_*`` variables ask for it, as on
the server (``core/tracing.py`` reads them); the client then loads the OpenTelemetry SDK, and
only then."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: The tracer provider of this process: unset until first asked, then the one the OTEL_*
#: variables give (or one a test installs with :func:`use_provider`), or None for off.
_chosen: dict[str, Any] = {}


def use_provider(provider: Any) -> None:
    """Trace this process's commands to ``provider`` (an SDK ``TracerProvider``, or None)."""
    _chosen["provider"] = provider


def _provider() -> Any:
    if "provider" not in _chosen:
        provider = None
        if any(name.startswith("OTEL_") for name in os.environ):
            from cityscore.core.tracing import provider_from_environment

            provider = provider_from_environment()
        _chosen["provider"] = provider
    return _chosen["provider"]


@contextmanager
def command_span(name: str) -> Iterator[None]:
    """The span of one CLI command; exported before the process ends."""
    provider = _provider()
    if provider is None:
        yield
        return
    tracer = provider.get_tracer("cityscore.cli")
    with tracer.start_as_current_span(name):
        yield
    provider.force_flush()


@contextmanager
def call_span(method: Any, metadata: list[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    """A client span around one call; yields ``metadata`` with the span's ``traceparent``."""
    provider = _provider()
    if provider is None:
        yield metadata
        return
    from opentelemetry import propagate, trace

    path = getattr(method, "_method", b"")
    path = path.decode() if isinstance(path, bytes) else str(path)
    service, _, name = path.lstrip("/").rpartition("/")
    tracer = provider.get_tracer("cityscore.cli")
    with tracer.start_as_current_span(
            path.lstrip("/") or "call", kind=trace.SpanKind.CLIENT,
            attributes={"rpc.system": "grpc", "rpc.service": service, "rpc.method": name}):
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        yield [*metadata, *carrier.items()]
