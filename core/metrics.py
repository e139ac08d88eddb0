"""Prometheus metrics shared by every service, on one registry per server.

The RPC metric names are the go-grpc-prometheus ones that existing dashboards expect
(architecture page §9). Domain metrics are ``cityscore_<svc>_...`` on the same registry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from importlib import metadata

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    start_http_server,
)
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector
from sqlmodel import Session

from cityscore.core import kernel
from cityscore.core.errors import Unavailable

RPC_LABELS = ("grpc_type", "grpc_service", "grpc_method")
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                   30.0, 60.0)
log = logging.getLogger("cityscore.metrics")

# Counters and histograms would each export a ``_created`` series (the time the child was
# made): noise for dashboards and alerts, which use rate() and increase() on the counter itself.
# The switch is process-wide, which is what a server process wants.
disable_created_metrics()  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class ServerMetrics:
    """The RPC metrics of one server, registered on ``registry``."""

    registry: CollectorRegistry
    started: Counter
    handled: Counter
    handling_seconds: Histogram
    auth_denied: Counter
    service_up: Gauge


def make_server_metrics(registry: CollectorRegistry, revision: str) -> ServerMetrics:
    """The RPC metrics, plus the info gauges of the build and the kernel this process runs."""
    metrics = ServerMetrics(
        registry=registry,
        started=Counter("grpc_server_started", "RPCs started on the server.", RPC_LABELS,
                        registry=registry),
        handled=Counter("grpc_server_handled", "RPCs completed on the server, by status code.",
                        (*RPC_LABELS, "grpc_code"), registry=registry),
        handling_seconds=Histogram("grpc_server_handling_seconds",
                                   "Time from the start of an RPC to its completion.",
                                   RPC_LABELS, buckets=LATENCY_BUCKETS, registry=registry),
        auth_denied=Counter("cityscore_auth_denied",
                            "Calls refused by authentication or authorization.",
                            ("grpc_service", "grpc_code", "reason"), registry=registry),
        service_up=Gauge("cityscore_service_up",
                         "1 when the service's health is SERVING (its database answers).",
                         ("service",), registry=registry),
    )
    Gauge("cityscore_kernel_implementation_info",
          "The scoring kernel in use: cython, or the slower python twin; instruction_set is the "
          "compiled build (x86-64-v3, baseline, or none).",
          ("implementation", "instruction_set"), registry=registry).labels(
              kernel.implementation(), kernel.instruction_set()).set(1)
    Gauge("cityscore_build_info",
          "The release this process runs: the package version and the source revision it was "
          "built from (CITYSCORE_BUILD_REVISION, set by the image build).",
          ("version", "revision"), registry=registry).labels(
              metadata.version("cityscore"), revision).set(1)
    return metrics


def start_metrics_endpoint(address: str, registry: CollectorRegistry) -> tuple[object, int]:
    """Serve ``/metrics`` on ``host:port`` (port 0 picks one); returns the server and its port."""
    host, _, port = address.rpartition(":")
    httpd, _thread = start_http_server(int(port), addr=host.strip("[]") or "127.0.0.1",
                                       registry=registry)
    return httpd, int(httpd.server_port)


class StoredStateMetrics(Collector):
    """Domain gauges computed from the database at each scrape.

    Every replica then reports the same values, and a restart loses none of them. A database
    that does not answer leaves these families out of the scrape (and logs it) rather than
    failing it, so the RPC and health metrics are still served.
    """

    def __init__(self, service: str, read: Callable[[], AbstractContextManager[Session]],
                 families: Callable[[Session], Iterable[Metric]]) -> None:
        self._service = service
        self._read = read
        self._families = families

    def collect(self) -> Iterator[Metric]:
        try:
            with self._read() as session:
                families = list(self._families(session))
        except Unavailable:
            log.warning("%s state metrics skipped: the database is not answering",
                        self._service)
            return
        yield from families
