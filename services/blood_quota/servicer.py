"""``cityscore.blood_quota.v1.BloodQuotaService``: its RPCs, declared one module per resource
under ``rpc/``, and the service's metrics they share."""

from __future__ import annotations

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.core.grpc.rpc import service_spec
from cityscore.services.blood_quota.metrics import BloodDeps
from cityscore.services.blood_quota.rpc import allocations, collections, plans, splits

SERVICE = service_spec(name="blood_quota", file=pb.DESCRIPTOR, service="BloodQuotaService",
                       modules=[plans, allocations, splits, collections], deps=BloodDeps.of,
                       models_module="cityscore.services.blood_quota.models")
