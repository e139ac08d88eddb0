"""``cityscore.rural_roads.v1.RuralRoadsService``: its RPCs, declared one module per resource
under ``rpc/``, and what they share (the rules and the service's metrics)."""

from __future__ import annotations

from cityscore.core.grpc.rpc import service_spec
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.services.rural_roads.metrics import RoadsDeps
from cityscore.services.rural_roads.rpc import (
    network,
    register,
    reports,
    survey_units,
    surveys,
)

SERVICE = service_spec(name="rural_roads", file=pb.DESCRIPTOR, service="RuralRoadsService",
                       modules=[network, register, surveys, survey_units, reports],
                       deps=RoadsDeps.of,
                       models_module="cityscore.services.rural_roads.models")
