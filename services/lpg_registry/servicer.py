"""The LPG registry as the server loads it: its RPCs, one module per resource under ``rpc/``.

Each RPC declares its access, scope and writes next to its code (ADR 0007); a refused fill or
delivery writes nothing of its own, but the refusal is kept in a unit of its own so reports
can count refusals by reason (domain page §7).
"""

from __future__ import annotations

from cityscore.core.grpc.rpc import service_spec
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.lpg_registry.rpc import (
    build_deps,
    cylinders,
    deliveries,
    enterprises,
    fills,
    inspections,
    reports,
    sweeps,
    users,
)

SERVICE = service_spec(
    name="lpg_registry", file=pb.DESCRIPTOR, service="LpgRegistryService",
    modules=[enterprises, users, cylinders, fills, deliveries, inspections, sweeps, reports],
    deps=build_deps, models_module="cityscore.services.lpg_registry.models")
