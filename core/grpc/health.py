"""The standard gRPC health service, with ``List`` answered.

grpcio-health-checking serves ``Check`` and ``Watch`` but leaves ``List`` unimplemented (it
raises, which an interceptor would report as INTERNAL). An operator asking which services this
process hosts, and how each is, gets the same statuses ``Check`` reads.
"""

from __future__ import annotations

import grpc
from grpc_health.v1 import health, health_pb2


class HealthService(health.HealthServicer):
    """``grpc.health.v1.Health`` with ``List``: a snapshot of every service's status."""

    def List(self, request: health_pb2.HealthListRequest,  # noqa: N802
             context: grpc.ServicerContext) -> health_pb2.HealthListResponse:
        # The statuses live in the base class; it guards them with this lock.
        with self._lock:
            statuses = dict(self._server_status)
        return health_pb2.HealthListResponse(statuses={
            service: health_pb2.HealthCheckResponse(status=status)
            for service, status in statuses.items()})
