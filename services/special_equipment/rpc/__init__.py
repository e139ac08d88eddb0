"""The service's RPCs, one module per resource, and what every handler gets in ``call.deps``."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from cityscore.core.grpc.rpc import Call
from cityscore.core.service import ServiceRuntime
from cityscore.services.special_equipment import metrics


@dataclass(frozen=True)
class EquipmentDeps:
    """Built once per server: the counters (rule versions are chosen per call by date)."""

    metrics: metrics.EquipmentMetrics


EquipmentCall = Call[EquipmentDeps]


def build_deps(runtime: ServiceRuntime) -> EquipmentDeps:
    """The service's dependencies; its stored-state gauges are served from here on."""
    runtime.export_stored_state(functools.partial(metrics.stored_state,
                                                  today=runtime.clock.today))
    return EquipmentDeps(metrics=metrics.EquipmentMetrics.on(runtime.registry))
