"""The registry's RPCs, one module per resource, and what every handler gets in ``call.deps``."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from cityscore.core.grpc.rpc import Call
from cityscore.core.service import ServiceRuntime
from cityscore.services.lpg_registry import domain, metrics


@dataclass(frozen=True)
class LpgDeps:
    """Built once per server: the policy schedule, the counters, the PII hash key."""

    policies: domain.PolicySchedule
    metrics: metrics.LpgMetrics
    pii_hash_key: str

    def policy(self, day: dt.date) -> domain.Policy:
        """The policy version in force on ``day`` (the day a record or computation is for)."""
        return self.policies.for_day(day)

    def catalogue(self, day: dt.date) -> domain.SafetyCatalogue:
        """The safety-condition catalogue the policy in force on ``day`` names."""
        return domain.load_catalogue(self.policy(day).safety_catalogue)

    def hash(self, value: str) -> str:
        """The keyed hash a personal identifier is stored and looked up as (§9.3)."""
        return domain.keyed_hash(self.pii_hash_key, value)


LpgCall = Call[LpgDeps]


def build_deps(runtime: ServiceRuntime) -> LpgDeps:
    """The registry's dependencies; its stored-state gauges are served from here on."""
    policies = domain.load_schedule()
    runtime.export_stored_state(functools.partial(metrics.stored_state, policies=policies,
                                                  today=runtime.clock.today))
    return LpgDeps(policies=policies, metrics=metrics.LpgMetrics.on(runtime.registry),
                   pii_hash_key=runtime.settings.pii_hash_key)
