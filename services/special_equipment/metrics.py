"""The service's metrics: counters of what its calls did, and gauges of stored state read at
scrape time (architecture page §9)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter
from prometheus_client.core import GaugeMetricFamily
from sqlmodel import Session

from cityscore.services.special_equipment import domain, queries, repository


@dataclass(frozen=True)
class EquipmentMetrics:
    """Counters incremented by the RPCs."""

    elevators: Counter
    reports: Counter

    @classmethod
    def on(cls, registry: CollectorRegistry) -> EquipmentMetrics:
        return cls(
            elevators=Counter("cityscore_special_equipment_elevators_imported",
                              "Elevators registered or amended by imports.", ("result",),
                              registry=registry),
            reports=Counter("cityscore_special_equipment_target_reports",
                            "Target reports stored, by scope.", ("scope",), registry=registry))


def stored_state(session: Session, *, today: Callable[[], dt.date]
                 ) -> Iterator[GaugeMetricFamily]:
    """Elevators per district; annex tasks overdue today; the latest sweep's inspection
    counts per district and status; the latest report's rate of every target per scope."""
    elevators = GaugeMetricFamily("cityscore_special_equipment_elevators",
                                  "Registered elevators per district.", labels=["district"])
    for district, n in sorted(queries.elevators_by_district(session).items()):
        elevators.add_metric([district], n)
    yield elevators
    day = today()
    _version, tasks = domain.annex()
    states = repository.annex_changes(session, as_of=day)
    overdue = GaugeMetricFamily(
        "cityscore_special_equipment_annex_tasks_overdue",
        "Annex tasks not done after 31 December of their deadline year.")
    overdue.add_metric([], sum(domain.overdue(t, states[t.number].status if t.number in states
                                              else domain.NOT_STARTED, day) for t in tasks))
    yield overdue
    inspections = GaugeMetricFamily(
        "cityscore_special_equipment_inspections",
        "Elevators by periodic-inspection status in the latest stored sweep.",
        labels=["district", "status"])
    latest = repository.latest_sweep(session)
    if latest is not None:
        for district, counts in sorted(json.loads(latest.counts).items()):
            for status, n in zip((domain.OK, domain.DUE_SOON, domain.OVERDUE), counts,
                                 strict=True):
                inspections.add_metric([district, status], n)
    yield inspections
    rates = GaugeMetricFamily(
        "cityscore_special_equipment_target_rate_percent",
        "Rate of each 2020 target in the latest stored report of each scope (city: \"city\").",
        labels=["district", "target"])
    for report in repository.latest_reports(session):
        outcome = domain.evaluate(report.rule_version, report.district,
                                  json.loads(report.counts))
        for rate in outcome.rates:
            if rate.rate_percent:
                rates.add_metric([report.district or "city", rate.target.code],
                                 float(rate.rate_percent))
    yield rates
