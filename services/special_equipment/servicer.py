"""The special-equipment service as the server loads it: its RPCs, one module per resource
under ``rpc/``, each declaring its access, scope and writes next to its code (ADR 0007)."""

from __future__ import annotations

from cityscore.core.grpc.rpc import service_spec
from cityscore.services.special_equipment.rpc import (
    annex,
    build_deps,
    companies,
    elevators,
    inspections,
    safety,
    targets,
)
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb

SERVICE = service_spec(
    name="special_equipment", file=pb.DESCRIPTOR, service="SpecialEquipmentService",
    modules=[elevators, targets, annex, inspections, safety, companies],
    deps=build_deps, models_module="cityscore.services.special_equipment.models")
