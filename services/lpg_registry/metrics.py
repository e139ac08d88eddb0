"""The registry's metrics: counters of what its calls did, and gauges of stored state read
at scrape time (architecture page §9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter
from prometheus_client.core import GaugeMetricFamily
from sqlmodel import Session

from cityscore.core.districts import all_districts
from cityscore.core.kernel.types import ComplianceStatus
from cityscore.services.lpg_registry import domain, queries


@dataclass(frozen=True)
class LpgMetrics:
    """Counters incremented by the RPCs."""

    registrations: Counter
    fills: Counter
    deliveries: Counter
    late_uploads: Counter

    @classmethod
    def on(cls, registry: CollectorRegistry) -> LpgMetrics:
        return cls(
            registrations=Counter("cityscore_lpg_registry_registrations",
                                  "Users and cylinders registered.", ("kind", "result"),
                                  registry=registry),
            fills=Counter("cityscore_lpg_registry_fills", "Fills by result and refusal reason.",
                          ("result", "reason"), registry=registry),
            deliveries=Counter("cityscore_lpg_registry_deliveries",
                               "Deliveries by result and refusal reason.", ("result", "reason"),
                               registry=registry),
            late_uploads=Counter("cityscore_lpg_registry_late_uploads",
                                 "Fills and deliveries accepted on a later day than they "
                                 "happened.", ("kind",), registry=registry))

    def refused(self, kind: str, codes: list[str]) -> None:
        """Count a kept refusal once per reason."""
        metric = self.fills if kind == "FILL" else self.deliveries
        for code in codes:
            metric.labels("refused", code).inc()


def stored_state(session: Session, *, policies: domain.PolicySchedule,
                 today: Callable[[], dt.date]) -> Iterator[GaugeMetricFamily]:
    """Gauges read from stored state at scrape time: cylinders by status and by compliance on
    the service clock's today (not the last stored sweep), campaign progress."""
    cylinders = GaugeMetricFamily("cityscore_lpg_registry_cylinders",
                                  "Registered cylinders by status.", labels=["status"])
    compliance = GaugeMetricFamily(
        "cityscore_lpg_registry_cylinders_compliance",
        "Cylinders in service by inspection and service-life status today.",
        labels=["status"])
    registered = GaugeMetricFamily("cityscore_lpg_registry_campaign_registered_users",
                                   "Users registered per district.", labels=["district"])
    surveyed = GaugeMetricFamily("cityscore_lpg_registry_campaign_surveyed_users",
                                 "Surveyed estimate of users per district.",
                                 labels=["district"])
    findings = GaugeMetricFamily("cityscore_lpg_registry_open_findings",
                                 "Open inspection findings by catalogue item and severity.",
                                 labels=["rule", "severity"])
    day = today()
    policy = policies.for_day(day)
    for status, count in sorted(queries.cylinders_by_status(session).items()):
        cylinders.add_metric([status.lower()], count)
    by_compliance = queries.cylinders_by_compliance(
        session, cutoffs=domain.compliance_cutoffs(policy, day))
    for state in ComplianceStatus:
        compliance.add_metric([state.name.lower()], by_compliance.get(state, 0))
    for progress in queries.campaign_progress(
            session, districts=[d.code for d in all_districts()],
            default_deadline=policy.registration_deadline):
        registered.add_metric([progress.district],
                              progress.registered_by_deadline + progress.registered_after_deadline)
        surveyed.add_metric([progress.district], progress.surveyed_estimate)
    for (rule_id, severity), tally in queries.finding_counts(
            session, enterprise_id=None, district=None, today=day):
        findings.add_metric([rule_id, severity.lower()], tally.open)
    yield cylinders
    yield compliance
    yield findings
    yield registered
    yield surveyed
