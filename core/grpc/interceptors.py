"""Server interceptors: request context and access log, metrics, error mapping, authentication,
and (when on) tracing.

Each concern is a context manager around the handler's behaviour, so unary and streaming RPCs
share one code path; ``ScopeChain`` runs them all as one gRPC interceptor. Order (outermost
first): in flight, tracing, context, metrics, errors, (undecodable requests refused), auth.
"""

from __future__ import annotations

import abc
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import grpc
from opentelemetry import propagate, trace

from cityscore.core import errors, tracing
from cityscore.core.grpc import auth
from cityscore.core.grpc.status import code_for, internal_status, to_grpc_status, to_rpc_status
from cityscore.core.logging import CallContext, call_scope, current_call
from cityscore.core.metrics import ServerMetrics

log = logging.getLogger("cityscore.rpc")

if TYPE_CHECKING:
    Handler = grpc.RpcMethodHandler[Any, Any]
else:
    Handler = grpc.RpcMethodHandler

REQUEST_ID_HEADER = "x-request-id"
_MAX_REQUEST_ID_LENGTH = 128


@dataclass(frozen=True, slots=True)
class RpcCall:
    """One call as the interceptors see it."""

    method: str          # "/pkg.Service/Method"
    service: str         # "pkg.Service"
    name: str            # "Method"
    rpc_type: str        # "unary", "client_stream", "server_stream", "bidi_stream"
    context: grpc.ServicerContext
    metadata: Mapping[str, str]


def _rpc_type(handler: Handler) -> str:
    if handler.request_streaming and handler.response_streaming:
        return "bidi_stream"
    if handler.request_streaming:
        return "client_stream"
    if handler.response_streaming:
        return "server_stream"
    return "unary"


def _metadata(context: grpc.ServicerContext) -> dict[str, str]:
    return {k: v for k, v in context.invocation_metadata() if isinstance(v, str)}


class _ScopedInterceptor(abc.ABC):
    """One concern of every call, as a context manager; public health checks are left alone
    where ``wraps_health`` says so. ``ScopeChain`` runs them."""

    wraps_health = True

    @abc.abstractmethod
    def scope(self, call: RpcCall) -> AbstractContextManager[None]:
        """The context manager one call runs in."""


class ScopeChain(grpc.ServerInterceptor):  # type: ignore[type-arg]
    """All the scoped interceptors as one gRPC interceptor.

    ``outer`` scopes run first (in order, outermost first), then an undecodable request is
    refused (inside them, so it is answered INVALID_ARGUMENT with its request id), then the
    ``inner`` scopes, then the handler. The call's ``RpcCall`` is made once, and each method's
    wrapped handler is built once and reused while the server hands the same handler: with one
    gRPC interceptor per concern, every call rebuilt a handler and re-read its metadata five
    times over.
    """

    def __init__(self, outer: Sequence[_ScopedInterceptor],
                 inner: Sequence[_ScopedInterceptor]) -> None:
        self._outer = tuple(outer)
        self._inner = tuple(inner)
        self._built: dict[str, tuple[Handler, Handler]] = {}

    def intercept_service(self, continuation: Callable[[Any], Handler | None],
                          handler_call_details: grpc.HandlerCallDetails
                          ) -> Handler | None:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method: str = handler_call_details.method
        built = self._built.get(method)
        if built is None or built[0] is not handler:
            built = (handler, self._wrap(handler, method))
            self._built[method] = built
        return built[1]

    def _wrap(self, handler: Handler, method: str) -> Handler:
        public = method.startswith(auth.PUBLIC_METHOD_PREFIXES)
        outer = [i.scope for i in self._outer if i.wraps_health or not public]
        inner = [i.scope for i in self._inner if i.wraps_health or not public]
        service, _, name = method.lstrip("/").rpartition("/")
        rpc_type = _rpc_type(handler)

        @contextmanager
        def entered(argument: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            """The scopes of one call; yields the request (or request stream) to handle."""
            call = RpcCall(method, service, name, rpc_type, context, _metadata(context))
            with ExitStack() as stack:
                for scope in outer:
                    stack.enter_context(scope(call))
                if handler.request_streaming:
                    argument = (_refuse_undecodable(r) for r in argument)
                else:
                    argument = _refuse_undecodable(argument)
                for scope in inner:
                    stack.enter_context(scope(call))
                yield argument

        def answer(behavior: Callable[[Any, grpc.ServicerContext], Any]
                   ) -> Callable[[Any, grpc.ServicerContext], Any]:
            def run(argument: Any, context: grpc.ServicerContext) -> Any:
                with entered(argument, context) as request:
                    return behavior(request, context)
            return run

        def answers(behavior: Callable[[Any, grpc.ServicerContext], Iterator[Any]]
                    ) -> Callable[[Any, grpc.ServicerContext], Iterator[Any]]:
            def run(argument: Any, context: grpc.ServicerContext) -> Iterator[Any]:
                with entered(argument, context) as request:
                    yield from behavior(request, context)
            return run

        make = {
            "unary": (grpc.unary_unary_rpc_method_handler, handler.unary_unary, answer),
            "client_stream": (grpc.stream_unary_rpc_method_handler, handler.stream_unary,
                              answer),
            "server_stream": (grpc.unary_stream_rpc_method_handler, handler.unary_stream,
                              answers),
            "bidi_stream": (grpc.stream_stream_rpc_method_handler, handler.stream_stream,
                            answers),
        }
        factory, behavior, wrapper = make[rpc_type]
        return factory(wrapper(behavior),  # type: ignore[arg-type]
                       request_deserializer=_tolerant(handler.request_deserializer),
                       response_serializer=handler.response_serializer)


def _final_code(context: grpc.ServicerContext, failed: bool) -> grpc.StatusCode:
    code = context.code()  # type: ignore[attr-defined]
    if isinstance(code, grpc.StatusCode):
        return code
    return grpc.StatusCode.UNKNOWN if failed else grpc.StatusCode.OK


class RequestContextInterceptor(_ScopedInterceptor):
    """Gives every call a request id (``x-request-id`` or a new one) and logs its outcome."""

    wraps_health = False

    @contextmanager
    def scope(self, call: RpcCall) -> Iterator[None]:
        request_id = call.metadata.get(REQUEST_ID_HEADER, "")[:_MAX_REQUEST_ID_LENGTH]
        request_id = request_id or uuid.uuid4().hex
        started = time.perf_counter()
        failed = False
        trace.get_current_span().set_attribute("cityscore.request_id", request_id)
        with call_scope(CallContext(call.service, call.name, request_id)):
            try:
                yield
            except BaseException:
                failed = True
                raise
            finally:
                code = _final_code(call.context, failed)
                log.info("rpc finished", extra={
                    "grpc_code": code.name,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 3),
                })


#: Codes a server span marks as an error (OpenTelemetry's gRPC conventions): the server's
#: failures, not a caller's bad request.
_SERVER_ERROR_CODES = frozenset({
    grpc.StatusCode.UNKNOWN, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.UNIMPLEMENTED,
    grpc.StatusCode.INTERNAL, grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DATA_LOSS})


class TracingInterceptor(_ScopedInterceptor):
    """One server span per call, continuing the caller's ``traceparent``; health probes aside."""

    wraps_health = False

    def __init__(self, tracer: trace.Tracer) -> None:
        self._tracer = tracer

    @contextmanager
    def scope(self, call: RpcCall) -> Iterator[None]:
        parent = propagate.extract(carrier=call.metadata)
        failed = False
        with self._tracer.start_as_current_span(
                f"{call.service}/{call.name}", context=parent, kind=trace.SpanKind.SERVER,
                attributes={"rpc.system": "grpc", "rpc.service": call.service,
                            "rpc.method": call.name},
                record_exception=False, set_status_on_exception=False) as span, \
                tracing.serving_with(self._tracer):
            try:
                yield
            except BaseException:
                failed = True
                raise
            finally:
                code = _final_code(call.context, failed)
                span.set_attribute("rpc.grpc.status_code", code.value[0])
                if code in _SERVER_ERROR_CODES:
                    span.set_status(trace.StatusCode.ERROR, code.name)


class InFlightInterceptor(_ScopedInterceptor):
    """Counts the calls being served, health checks and watches aside, so a drain waits for
    the work callers sent and not for a probe's stream that never ends."""

    wraps_health = False

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    @property
    def count(self) -> int:
        with self._changed:
            return self._count

    @contextmanager
    def scope(self, call: RpcCall) -> Iterator[None]:
        """A call counts until its handler has returned and gRPC has terminated it (its status
        sent): cancelling what is left after the drain must neither cut an answer nor leave a
        handler running unnoticed."""
        with self._changed:
            self._count += 1
        pending = [2]
        lock = threading.Lock()

        def part_done() -> None:
            with lock:
                pending[0] -= 1
                finished = pending[0] == 0
            if finished:
                with self._changed:
                    self._count -= 1
                    self._changed.notify_all()

        if not call.context.add_callback(part_done):
            part_done()
        try:
            yield
        finally:
            part_done()

    def wait_idle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for no call to be in flight; True if none is."""
        with self._changed:
            return self._changed.wait_for(lambda: self._count == 0, timeout=max(timeout, 0.0))


class MetricsInterceptor(_ScopedInterceptor):
    """``grpc_server_started_total``, ``_handled_total`` and ``_handling_seconds``.

    Each method's labelled children are looked up once and kept: ``labels()`` takes the
    metric's lock on every call.
    """

    def __init__(self, metrics: ServerMetrics) -> None:
        self._metrics = metrics
        self._children: dict[str, tuple[Any, Any, dict[grpc.StatusCode, Any]]] = {}

    def _children_of(self, call: RpcCall) -> tuple[Any, Any, dict[grpc.StatusCode, Any]]:
        children = self._children.get(call.method)
        if children is None:
            labels = (call.rpc_type, call.service, call.name)
            children = (self._metrics.started.labels(*labels),
                        self._metrics.handling_seconds.labels(*labels), {})
            self._children[call.method] = children
        return children

    @contextmanager
    def scope(self, call: RpcCall) -> Iterator[None]:
        started_counter, seconds, handled = self._children_of(call)
        started_counter.inc()
        started = time.perf_counter()
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            code = _final_code(call.context, failed)
            counter = handled.get(code)
            if counter is None:
                counter = handled[code] = self._metrics.handled.labels(
                    call.rpc_type, call.service, call.name, code.name)
            counter.inc()
            seconds.observe(time.perf_counter() - started)


class _Undecodable:
    """What a request's bytes became when they are not the method's message."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _tolerant(deserializer: Callable[[bytes], Any] | None) -> Callable[[bytes], Any] | None:
    """A deserializer that never raises: gRPC itself would answer INTERNAL and log a traceback
    with no request id; bad bytes are the caller's mistake, told as INVALID_ARGUMENT."""
    if deserializer is None:
        return None

    def decode(data: bytes) -> Any:
        try:
            return deserializer(data)
        except Exception as error:  # the message type's own parse error, whatever its class
            return _Undecodable(type(error).__name__)

    return decode


def _refuse_undecodable(request: Any) -> Any:
    if isinstance(request, _Undecodable):
        log.warning("request bytes are not the method's message", extra={
            "reason": request.reason})
        raise errors.InvalidArgument("the request could not be decoded", [errors.FieldViolation(
            "request", "the bytes are not this method's protobuf message")],
            reason="UNDECODABLE_REQUEST")
    return request


class ErrorInterceptor(_ScopedInterceptor):
    """Domain errors become precise statuses with details; anything else becomes INTERNAL.

    Requests whose bytes do not decode are refused here too, as INVALID_ARGUMENT with the
    request id, instead of gRPC's own INTERNAL and traceback.
    """

    def __init__(self, metrics: ServerMetrics) -> None:
        self._metrics = metrics

    @contextmanager
    def scope(self, call: RpcCall) -> Iterator[None]:
        try:
            yield
        except errors.CityscoreError as error:
            request_id = _request_id()
            status = to_rpc_status(error, request_id)
            if isinstance(error, errors.Unauthenticated | errors.PermissionDenied):
                self._metrics.auth_denied.labels(
                    call.service, _STATUS_BY_NUMBER[code_for(error)].name, error.reason).inc()
            log.info("rpc refused: %s", error.message, extra={"reason": error.reason})
            call.context.abort_with_status(to_grpc_status(status))
        except Exception as error:
            if _is_grpc_abort(error, call.context):
                raise
            if not call.context.is_active():
                # The caller cancelled or its deadline passed; reading its stream raised.
                log.info("rpc abandoned by the caller", extra={"reason": type(error).__name__})
                call.context.abort(grpc.StatusCode.CANCELLED, "the caller gave up")
            log.exception("rpc failed unexpectedly")
            call.context.abort_with_status(to_grpc_status(internal_status(_request_id())))


def _request_id() -> str:
    call = current_call()
    return call.request_id if call else ""


_STATUS_BY_NUMBER: dict[int, grpc.StatusCode] = {code.value[0]: code for code in grpc.StatusCode}


def _is_grpc_abort(error: Exception, context: grpc.ServicerContext) -> bool:
    """``context.abort`` raises a bare Exception after setting a code; let it through."""
    code = context.code()  # type: ignore[attr-defined]
    return isinstance(code, grpc.StatusCode) and code is not grpc.StatusCode.OK and \
        type(error) is Exception


class AuthInterceptor(_ScopedInterceptor):
    """Authenticates the caller, checks the RPC's declared roles, and sets the principal."""

    wraps_health = False

    def __init__(self, authenticator: auth.Authenticator,
                 access: Mapping[str, auth.Access]) -> None:
        self._authenticator = authenticator
        self._access = dict(access)

    @contextmanager
    def scope(self, call: RpcCall) -> Iterator[None]:
        principal = self._authenticator.authenticate(call.metadata)
        if not call.method.startswith(auth.ANY_PRINCIPAL_PREFIXES):
            auth.authorize(principal, self._access.get(call.method), call.method)
        with auth.principal_scope(principal):
            yield
