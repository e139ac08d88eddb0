"""OpenTelemetry traces: off unless the standard ``OTEL_*`` variables ask for them.

A server traces when ``OTEL_TRACES_EXPORTER`` is ``otlp`` or ``console``, or an OTLP endpoint
is set (``OTEL_EXPORTER_OTLP_ENDPOINT`` / ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``), and
``OTEL_SDK_DISABLED`` is not ``true``. The OTLP exporter reads its endpoint, headers and
certificates from the same variables; ``OTEL_SERVICE_NAME`` and ``OTEL_RESOURCE_ATTRIBUTES``
name the process. Each call's span continues the caller's W3C ``traceparent``.

Spans inside a call (database units of work, kernel passes) go to the tracer of the call being
served, found through a context variable, so code below the transport needs no tracer passed
down and costs nothing when tracing is off. Log records carry the current ``trace_id`` and
``span_id`` once tracing is on.
"""

from __future__ import annotations

import contextvars
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import cache, wraps
from typing import Any, ParamSpec, TypeVar

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter

TRACER_NAME = "cityscore"
_EXPORTERS = ("otlp", "console")
_ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")

_call_tracer: contextvars.ContextVar[trace.Tracer | None] = contextvars.ContextVar(
    "cityscore_call_tracer", default=None)

P = ParamSpec("P")
R = TypeVar("R")


def provider_from_environment(environ: Mapping[str, str] = os.environ) -> TracerProvider | None:
    """The tracer provider the ``OTEL_*`` variables ask for, or None (tracing off)."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return None
    exporter_name = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporter_name not in _EXPORTERS:
        if exporter_name or not any(environ.get(name) for name in _ENDPOINT_VARIABLES):
            return None
        exporter_name = "otlp"
    provider = TracerProvider(resource=Resource.create(
        {"service.name": environ.get("OTEL_SERVICE_NAME") or "cityscore"}))
    provider.add_span_processor(BatchSpanProcessor(_exporter(exporter_name)))
    return provider


def _exporter(name: str) -> SpanExporter:
    if name == "console":
        return ConsoleSpanExporter()
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


@contextmanager
def serving_with(tracer: trace.Tracer) -> Iterator[None]:
    """Within a traced call: spans started by ``span`` go to ``tracer``."""
    token = _call_tracer.set(tracer)
    try:
        yield
    finally:
        _call_tracer.reset(token)


def span(name: str, **attributes: str | int | float | bool) -> AbstractContextManager[Any]:
    """A child span of the call being served, or nothing when the call is not traced."""
    tracer = _call_tracer.get()
    if tracer is None:
        return nullcontext()
    # The call's span carries the outcome (its gRPC code); a refusal raised through a unit of
    # work is not the database's error.
    return tracer.start_as_current_span(name, attributes=attributes, record_exception=False,
                                        set_status_on_exception=False)


def traced(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a function so each call is a ``span(name)`` when the caller is traced."""
    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            if _call_tracer.get() is None:
                return function(*args, **kwargs)
            with span(name):
                return function(*args, **kwargs)
        return run
    return decorate


@cache
def stamp_log_records() -> None:
    """Give every log record the current ``trace_id`` and ``span_id`` (hex) when a span is
    recording, so each line of a traced call can be found from its trace. Installed once."""
    make_record = logging.getLogRecordFactory()

    def record_with_trace(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            record.trace_id = format(context.trace_id, "032x")
            record.span_id = format(context.span_id, "016x")
        return record

    logging.setLogRecordFactory(record_with_trace)
