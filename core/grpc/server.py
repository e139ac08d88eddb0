"""Server bootstrap: one gRPC server hosting one or more services, its health, reflection,
metrics endpoint, and graceful shutdown (architecture page §5, §7, §9).

With ``CITYSCORE_HEALTH_PORT`` a second, plaintext listener serves the same health status and
nothing else, for probes that cannot speak TLS, such as the kubelet's native gRPC probes.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import signal
import threading
from collections.abc import Mapping, Sequence
from concurrent import futures
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

import grpc
from google.protobuf import descriptor_pool
from google.protobuf.descriptor import FileDescriptor
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import CollectorRegistry
from sqlalchemy import Engine

from cityscore.core import db, kernel, migrations, operations, tracing
from cityscore.core.clock import Clock, SystemClock
from cityscore.core.config import Settings
from cityscore.core.grpc import auth
from cityscore.core.grpc.health import HealthService
from cityscore.core.grpc.interceptors import (
    AuthInterceptor,
    ErrorInterceptor,
    InFlightInterceptor,
    MetricsInterceptor,
    RequestContextInterceptor,
    ScopeChain,
    TracingInterceptor,
)
from cityscore.core.grpc.reference import REFERENCE_SERVICE
from cityscore.core.metrics import ServerMetrics, make_server_metrics, start_metrics_endpoint
from cityscore.core.service import ServiceRuntime, ServiceSpec

log = logging.getLogger("cityscore.server")

MAX_MESSAGE_BYTES = 8 * 1024 * 1024


class StartupError(RuntimeError):
    """The configuration is unsafe or broken; the server does not start."""


def is_loopback(address: str) -> bool:
    host = address.rpartition(":")[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _read(path: object) -> bytes:
    with open(str(path), "rb") as handle:
        return handle.read()


def _server_credentials(settings: Settings) -> grpc.ServerCredentials | None:
    if settings.tls_cert is None and settings.tls_key is None:
        return None
    if settings.tls_cert is None or settings.tls_key is None:
        raise StartupError("TLS needs both CITYSCORE_TLS_CERT and CITYSCORE_TLS_KEY")
    client_ca = _read(settings.tls_client_ca) if settings.tls_client_ca else None
    return grpc.ssl_server_credentials(
        [(_read(settings.tls_key), _read(settings.tls_cert))],
        root_certificates=client_ca, require_client_auth=client_ca is not None)


@dataclass
class CityscoreServer:
    """A running server; build it with :func:`build_server`."""

    settings: Settings
    grpc_server: grpc.Server
    port: int
    metrics: ServerMetrics
    health: health.HealthServicer
    specs: Sequence[ServiceSpec]
    engines: Mapping[str, Engine]
    metrics_port: int | None = None
    health_server: grpc.Server | None = None
    health_port: int | None = None
    in_flight: InFlightInterceptor = field(default_factory=InFlightInterceptor)
    executor: futures.ThreadPoolExecutor | None = None
    operations: operations.OperationsService | None = None
    _metrics_httpd: object | None = None
    _stopping: threading.Event = field(default_factory=threading.Event)
    _watcher: threading.Thread | None = None

    @property
    def address(self) -> str:
        return f"{_host(self.settings.grpc_address)}:{self.port}"

    def check_databases(self) -> bool:
        """Set each service's health from whether its database answers; True if all do."""
        all_up = True
        for spec in self.specs:
            engine = self.engines.get(spec.name)
            up = engine is None or db.ping(engine)
            all_up &= up
            status = health_pb2.HealthCheckResponse.SERVING if up else \
                health_pb2.HealthCheckResponse.NOT_SERVING
            self.health.set(spec.proto_service, status)
            if spec.uses_database:
                self.metrics.service_up.labels(spec.name).set(1 if up else 0)
        self.health.set("", health_pb2.HealthCheckResponse.SERVING if all_up
                        else health_pb2.HealthCheckResponse.NOT_SERVING)
        return all_up

    def _watch(self) -> None:
        interval = self.settings.health_check_interval_seconds
        while not self._stopping.wait(interval):
            self.check_databases()

    def start_watching(self) -> None:
        self._watcher = threading.Thread(target=self._watch, name="health-watch", daemon=True)
        self._watcher.start()

    def stop(self, grace: float | None = None) -> bool:
        """Drain: health goes NOT_SERVING and new calls are refused (GOAWAY); the calls already
        accepted get up to ``grace`` seconds to finish; then whatever is left open (health
        watches, idle streams, calls past the grace) is cancelled and everything closes.

        Returns False when handlers were still running past the grace: their units of work
        roll back (a write commits only while its caller waits), and :func:`serve` exits
        without waiting for them, so the process ends within its grace.
        """
        if self._stopping.is_set():
            return True
        self._stopping.set()
        self.health.enter_graceful_shutdown()
        grace = self.settings.shutdown_grace_seconds if grace is None else grace
        self.grpc_server.stop(grace)  # returns at once; from here new calls are refused
        log.info("shutting down", extra={"grace_seconds": grace,
                                         "calls_in_flight": self.in_flight.count})
        drained = self.in_flight.wait_idle(grace)
        self.grpc_server.stop(None).wait()
        if self.operations is not None:
            self.operations.stop()
        # Probes keep reading NOT_SERVING on the health port until the drain is over.
        if self.health_server is not None:
            self.health_server.stop(0).wait()
        if self._metrics_httpd is not None:
            self._metrics_httpd.shutdown()  # type: ignore[attr-defined]
            self._metrics_httpd.server_close()  # type: ignore[attr-defined]
        if self.executor is not None:
            self.executor.shutdown(wait=drained, cancel_futures=True)
        if drained:
            for engine in self.engines.values():
                engine.dispose()
            log.info("stopped")
        else:
            log.warning("stopped with calls still running past the grace",
                        extra={"calls_in_flight": self.in_flight.count})
        return drained

    def wait(self) -> None:
        self.grpc_server.wait_for_termination()


def _host(address: str) -> str:
    return address.rpartition(":")[0]


def _start_health_server(settings: Settings, servicer: health.HealthServicer,
                         ) -> tuple[grpc.Server, int]:
    """A plaintext server with only the health service, sharing the main server's status.

    It carries no business method, so it needs neither TLS nor tokens: a health status is no
    secret, and probes such as the kubelet's native gRPC ones speak plaintext only.
    """
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="health"),
                         options=[("grpc.so_reuseport", 0)])
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    address = f"{_host(settings.grpc_address)}:{settings.health_port}"
    try:
        port = server.add_insecure_port(address)
    except RuntimeError as error:  # grpcio's word for a port it cannot bind
        raise StartupError(f"could not bind the health port {address}") from error
    server.start()
    return server, port


def _connection_age_options(settings: Settings) -> list[tuple[str, int]]:
    """GOAWAY after the configured age, with calls in flight given the shutdown grace to end.

    Without it a client that keeps its channel holds the same pods for ever, and a scale-up
    reaches only new clients (ADR 0020).
    """
    if settings.max_connection_age_seconds <= 0:
        return []
    return [("grpc.max_connection_age_ms", int(settings.max_connection_age_seconds * 1000)),
            ("grpc.max_connection_age_grace_ms",
             int(max(settings.shutdown_grace_seconds, 1.0) * 1000))]


def _longest_wait(settings: Settings) -> float:
    """How long WaitOperation may hold a call: within the grace a call gets when its
    connection reaches its age, so waiting never ends in UNAVAILABLE."""
    if settings.max_connection_age_seconds <= 0:
        return operations.MAX_WAIT_SECONDS
    return min(operations.MAX_WAIT_SECONDS, max(settings.shutdown_grace_seconds, 1.0) / 2)


class _MethodAwarePool:
    """The descriptor pool reflection reads, answering for method names too.

    ``grpcurl describe Service.Method`` asks for the file containing the method's symbol; the
    upb pool's ``FindFileContainingSymbol`` knows messages, fields, enums and services but not
    methods, so reflection answered NOT_FOUND. Everything else is the pool's own answer.
    """

    def __init__(self, pool: descriptor_pool.DescriptorPool) -> None:
        self._pool = pool

    def FindFileContainingSymbol(self, symbol: str) -> FileDescriptor:  # noqa: N802 (pool API)
        try:
            return self._pool.FindFileContainingSymbol(symbol)
        except KeyError:
            return self._pool.FindMethodByName(symbol).containing_service.file

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool, name)


def build_server(settings: Settings, services: Sequence[ServiceSpec], *,
                 clock: Clock | None = None,
                 engines: Mapping[str, Engine] | None = None,
                 tracer_provider: TracerProvider | None = None) -> CityscoreServer:
    """Create, migrate, bind and start a server for ``services`` (plus the reference one).

    ``engines`` lets tests pass their own databases; otherwise each service gets
    ``settings.database_url_for(name)``. Calls are traced to ``tracer_provider``, by default
    the one the ``OTEL_*`` variables ask for (none: not traced).
    """
    if settings.tokens_file is None and not is_loopback(settings.grpc_address):
        raise StartupError(
            f"refusing to serve {settings.grpc_address} without authentication: set "
            "CITYSCORE_TOKENS_FILE, or bind a loopback address for anonymous local use")
    store = auth.TokenStore(settings.tokens_file) if settings.tokens_file else None
    authenticator = auth.Authenticator(store)
    if authenticator.anonymous_mode:
        log.warning("no tokens file: accepting anonymous calls on loopback %s",
                    settings.grpc_address)
    kernel.use(settings.kernel_impl)
    if kernel.implementation() != "cython":
        log.warning("the compiled scoring kernel is not available; using the Python twin")

    clock = clock or SystemClock()
    specs = [REFERENCE_SERVICE, *services]
    own_engines = dict(engines or {})
    for spec in specs:
        if spec.uses_database and spec.name not in own_engines:
            own_engines[spec.name] = db.make_engine(settings.database_url_for(spec.name))
    if settings.migrate_on_start:
        for spec in specs:
            if spec.uses_database:
                migrations.upgrade(own_engines[spec.name], spec.name, spec.package)

    registry = CollectorRegistry()
    metrics = make_server_metrics(registry, settings.build_revision)
    access: dict[str, auth.Access] = {}
    for spec in specs:
        access.update(spec.method_access())
    access.update(operations.METHOD_ACCESS)
    executor = futures.ThreadPoolExecutor(max_workers=settings.max_workers,
                                          thread_name_prefix="rpc")
    in_flight = InFlightInterceptor()
    tracer_provider = tracer_provider or tracing.provider_from_environment()
    traced: list[TracingInterceptor] = []
    if tracer_provider is not None:
        tracing.stamp_log_records()
        traced.append(TracingInterceptor(tracer_provider.get_tracer(tracing.TRACER_NAME)))
    server = grpc.server(
        executor,
        interceptors=[ScopeChain(
            outer=[in_flight, *traced, RequestContextInterceptor(traced=bool(traced)),
                   MetricsInterceptor(metrics),
                   ErrorInterceptor(metrics)],
            inner=[AuthInterceptor(authenticator, access)])],
        options=[("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
                 ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
                 ("grpc.so_reuseport", 0), *_connection_age_options(settings)],
    )
    runtimes: dict[str, ServiceRuntime] = {}
    for spec in specs:
        runtime = ServiceRuntime(name=spec.name, engine=own_engines[spec.name], clock=clock,
                                 registry=registry, settings=settings) \
            if spec.uses_database else None
        spec.register(server, runtime)
        if runtime is not None:
            runtimes[spec.name] = runtime
    operation_service = operations.serve(server, runtimes,
                                         max_wait_seconds=_longest_wait(settings))

    health_servicer = HealthService(experimental_non_blocking=True)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for spec in specs:
        health_servicer.set(spec.proto_service, health_pb2.HealthCheckResponse.NOT_SERVING)
    reflection.enable_server_reflection(
        [*(spec.proto_service for spec in specs), operations.SERVICE_NAME, health.SERVICE_NAME,
         reflection.SERVICE_NAME],
        server, pool=_MethodAwarePool(descriptor_pool.Default()))  # type: ignore[arg-type]

    credentials = _server_credentials(settings)
    if credentials is None:
        port = server.add_insecure_port(settings.grpc_address)
    else:
        port = server.add_secure_port(settings.grpc_address, credentials)
    if port == 0:
        operation_service.stop()
        raise StartupError(f"could not bind {settings.grpc_address}")
    server.start()
    health_server, health_port = None, None
    if settings.health_port:
        try:
            health_server, health_port = _start_health_server(settings, health_servicer)
        except StartupError:
            server.stop(0).wait()
            operation_service.stop()
            raise

    running = CityscoreServer(settings=settings, grpc_server=server, port=port, metrics=metrics,
                              health=health_servicer, specs=specs, engines=own_engines,
                              health_server=health_server, health_port=health_port,
                              in_flight=in_flight, executor=executor,
                              operations=operation_service)
    if settings.metrics_address:
        httpd, metrics_port = start_metrics_endpoint(settings.metrics_address, registry)
        running._metrics_httpd, running.metrics_port = httpd, metrics_port
    running.check_databases()
    running.start_watching()
    log.info("serving", extra={"address": running.address, "services": [s.name for s in specs],
                               "metrics_port": running.metrics_port,
                               "health_port": running.health_port,
                               "kernel": kernel.implementation()})
    return running


def serve(services: Sequence[ServiceSpec], settings: Settings | None = None) -> int:
    """Run until SIGTERM or SIGINT, then drain and return 0 (the process exit code)."""
    from cityscore.core.logging import configure_logging

    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_format)
    try:
        server = build_server(settings, services)
    except (StartupError, auth.TokensFileError) as error:
        log.error("cannot start: %s", error)
        return 2
    stop_requested = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal received", extra={"signal": signal.Signals(signum).name})
        stop_requested.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    while not stop_requested.wait(1.0):
        continue
    if not server.stop():
        # Handlers past the grace hold their threads; the interpreter would wait for them at
        # exit, past the pod's termination grace. Their units of work roll back.
        logging.shutdown()
        os._exit(0)
    return 0
