"""The registry's RPCs, one module per resource, and what every handler gets in ``call.deps``."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from cityscore.core.grpc.rpc import Call
from cityscore.core.service import ServiceRuntime
from cityscore.services.lpg_registry import domain, metrics


@dataclass(frozen=True)
class LpgDeps:
    """Built once per server: the current policy, the counters, the PII hash key."""

    policy: domain.Policy
    metrics: metrics.LpgMetrics
    pii_hash_key: str

    def hash(self, value: str) -> str:
        """The keyed hash a personal identifier is stored and looked up as (§9.3)."""
        return domain.keyed_hash(self.pii_hash_key, value)


LpgCall = Call[LpgDeps]


def build_deps(runtime: ServiceRuntime) -> LpgDeps:
    """The registry's dependencies; its stored-state gauges are served from here on."""
    policy = domain.load_policy()
    runtime.export_stored_state(functools.partial(metrics.stored_state, policy=policy,
                                                  today=runtime.clock.today))
    return LpgDeps(policy=policy, metrics=metrics.LpgMetrics.on(runtime.registry),
                   pii_hash_key=runtime.settings.pii_hash_key)
