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
from contextlib import AbstractContextManager, contextmanager
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
        streams = handler.response_streaming
        make: dict[str, tuple[Callable[..., Handler], Callable[..., Any] | None]] = {
            "unary": (grpc.unary_unary_rpc_method_handler, handler.unary_unary),
            "client_stream": (grpc.stream_unary_rpc_method_handler, handler.stream_unary),
            "server_stream": (grpc.unary_stream_rpc_method_handler, handler.unary_stream),
            "bidi_stream": (grpc.stream_stream_rpc_method_handler, handler.stream_stream),
        }
        factory, behavior = make[rpc_type]
        assert behavior is not None, "a handler has the behaviour of its own kind"

        def handle(call: RpcCall, request: Any) -> Any:
            return behavior(request, call.context)

        inside = _nested(inner, handle, streams)
        refuse = _refuse_stream if handler.request_streaming else _refuse_undecodable

        def checked(call: RpcCall, argument: Any) -> Any:
            return inside(call, refuse(argument))

        chain = _nested(outer, checked, streams)

        def run(argument: Any, context: grpc.ServicerContext) -> Any:
            return chain(RpcCall(method, service, name, rpc_type, context, _metadata(context)),
                         argument)

        return factory(run, request_deserializer=_tolerant(handler.request_deserializer),
                       response_serializer=handler.response_serializer)


_Step = Callable[[RpcCall, Any], Any]


def _nested(scopes: Sequence[Callable[[RpcCall], AbstractContextManager[None]]], step: _Step,
            streams: bool) -> _Step:
    """``step`` run inside ``scopes`` (the first outermost), composed once per method: an
    ``ExitStack`` of generator-based context managers rebuilt on every call cost a cheap
    call a sixth of its server time. A streamed answer is produced inside every scope."""
    for scope in reversed(scopes):
        step = _within_stream(scope, step) if streams else _within(scope, step)
    return step


def _within(scope: Callable[[RpcCall], AbstractContextManager[None]], step: _Step) -> _Step:
    def run(call: RpcCall, argument: Any) -> Any:
        with scope(call):
            return step(call, argument)
    return run


def _within_stream(scope: Callable[[RpcCall], AbstractContextManager[None]],
                   step: _Step) -> _Step:
    def run(call: RpcCall, argument: Any) -> Iterator[Any]:
        with scope(call):
            yield from step(call, argument)
    return run


def _final_code(context: grpc.ServicerContext, failed: bool) -> grpc.StatusCode:
    code = context.code()  # type: ignore[attr-defined]
    if isinstance(code, grpc.StatusCode):
        return code
    return grpc.StatusCode.UNKNOWN if failed else grpc.StatusCode.OK


class RequestContextInterceptor(_ScopedInterceptor):
    """Gives every call a request id (``x-request-id`` or a new one) and logs its outcome.

    ``traced``: calls have a server span (tracing is on), which gets the request id.
    """

    wraps_health = False

    def __init__(self, traced: bool = False) -> None:
        self._traced = traced

    def scope(self, call: RpcCall) -> AbstractContextManager[None]:
        return _RequestScope(call, self._traced)


class _RequestScope(AbstractContextManager[None]):
    """One call's request id in the log context, and its access line when it ends."""

    __slots__ = ("_call", "_scope", "_started", "_traced")

    def __init__(self, call: RpcCall, traced: bool) -> None:
        self._call = call
        self._traced = traced

    def __enter__(self) -> None:
        call = self._call
        request_id = call.metadata.get(REQUEST_ID_HEADER, "")[:_MAX_REQUEST_ID_LENGTH]
        request_id = request_id or uuid.uuid4().hex
        self._started = time.perf_counter()
        if self._traced:
            trace.get_current_span().set_attribute("cityscore.request_id", request_id)
        self._scope = call_scope(CallContext(call.service, call.name, request_id))
        self._scope.__enter__()

    def __exit__(self, error_type: type[BaseException] | None, *_rest: object) -> None:
        try:
            code = _final_code(self._call.context, error_type is not None)
            log.info("rpc finished", extra={
                "grpc_code": code.name,
                "duration_ms": round((time.perf_counter() - self._started) * 1000, 3),
            })
        finally:
            self._scope.__exit__(None, None, None)


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

    def scope(self, call: RpcCall) -> AbstractContextManager[None]:
        """A call counts until its handler has returned and gRPC has terminated it (its status
        sent): cancelling what is left after the drain must neither cut an answer nor leave a
        handler running unnoticed."""
        return _Counted(self, call.context)

    def _started(self) -> None:
        with self._changed:
            self._count += 1

    def _ended(self) -> None:
        with self._changed:
            self._count -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for no call to be in flight; True if none is."""
        with self._changed:
            return self._changed.wait_for(lambda: self._count == 0, timeout=max(timeout, 0.0))


class _Counted(AbstractContextManager[None]):
    """One call in flight: it ends when both its handler and gRPC's termination are done."""

    __slots__ = ("_context", "_lock", "_owner", "_pending")

    def __init__(self, owner: InFlightInterceptor, context: grpc.ServicerContext) -> None:
        self._owner = owner
        self._context = context
        self._pending = 2
        self._lock = threading.Lock()

    def _part_done(self) -> None:
        with self._lock:
            self._pending -= 1
            finished = self._pending == 0
        if finished:
            self._owner._ended()

    def __enter__(self) -> None:
        self._owner._started()
        if not self._context.add_callback(self._part_done):
            self._part_done()

    def __exit__(self, *_exc: object) -> None:
        self._part_done()


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

    def scope(self, call: RpcCall) -> AbstractContextManager[None]:
        return _Measured(self, call)

    def handled(self, call: RpcCall, code: grpc.StatusCode) -> Any:
        """The ``_handled_total`` child of ``call``'s method and ``code``."""
        handled = self._children_of(call)[2]
        counter = handled.get(code)
        if counter is None:
            counter = handled[code] = self._metrics.handled.labels(
                call.rpc_type, call.service, call.name, code.name)
        return counter


class _Measured(AbstractContextManager[None]):
    """One call counted as started, then as handled with its code, and timed."""

    __slots__ = ("_call", "_owner", "_seconds", "_started")

    def __init__(self, owner: MetricsInterceptor, call: RpcCall) -> None:
        self._owner = owner
        self._call = call

    def __enter__(self) -> None:
        started_counter, self._seconds, _ = self._owner._children_of(self._call)
        started_counter.inc()
        self._started = time.perf_counter()

    def __exit__(self, error_type: type[BaseException] | None, *_rest: object) -> None:
        code = _final_code(self._call.context, error_type is not None)
        self._owner.handled(self._call, code).inc()
        self._seconds.observe(time.perf_counter() - self._started)


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


def _refuse_stream(requests: Iterator[Any]) -> Iterator[Any]:
    return (_refuse_undecodable(request) for request in requests)


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

    def scope(self, call: RpcCall) -> AbstractContextManager[None]:
        return _Mapped(self._metrics, call)


class _Mapped(AbstractContextManager[None]):
    """What one call raised, told to its caller as a status."""

    __slots__ = ("_call", "_metrics")

    def __init__(self, metrics: ServerMetrics, call: RpcCall) -> None:
        self._metrics = metrics
        self._call = call

    def __enter__(self) -> None:
        return None

    def __exit__(self, _type: type[BaseException] | None, error: BaseException | None,
                 _traceback: object) -> None:
        if error is None or not isinstance(error, Exception):
            return
        call = self._call
        if isinstance(error, errors.CityscoreError):
            request_id = _request_id()
            status = to_rpc_status(error, request_id)
            if isinstance(error, errors.Unauthenticated | errors.PermissionDenied):
                self._metrics.auth_denied.labels(
                    call.service, _STATUS_BY_NUMBER[code_for(error)].name, error.reason).inc()
            log.info("rpc refused: %s", error.message, extra={"reason": error.reason})
            call.context.abort_with_status(to_grpc_status(status))
            return
        if _is_grpc_abort(error, call.context):
            return
        if not call.context.is_active():
            # The caller cancelled or its deadline passed; reading its stream raised.
            log.info("rpc abandoned by the caller", extra={"reason": type(error).__name__})
            call.context.abort(grpc.StatusCode.CANCELLED, "the caller gave up")
        log.error("rpc failed unexpectedly", exc_info=error)
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

    def scope(self, call: RpcCall) -> AbstractContextManager[None]:
        principal = self._authenticator.authenticate(call.metadata)
        if not call.method.startswith(auth.ANY_PRINCIPAL_PREFIXES):
            auth.authorize(principal, self._access.get(call.method), call.method)
        return auth.principal_scope(principal)
