"""What the blood_quota service tells Prometheus: counters of recorded collections and
allocation runs (per process), and gauges of stored state (quota, collected units and progress
of every row of each planned year's table in force, and which district splits are stale), read
from the database at scrape time so every replica and a restarted server report the same values
(ADR 0011 "Metrics")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from prometheus_client import Counter
from prometheus_client.core import GaugeMetricFamily
from sqlmodel import Session

from cityscore.core.service import ServiceRuntime
from cityscore.services.blood_quota import domain, queries
from cityscore.services.blood_quota import repository as repo


@dataclass(frozen=True)
class BloodDeps:
    """What the RPCs need besides the database: the service's own counters."""

    recorded: Counter
    runs: Counter
    corrected: Counter

    @classmethod
    def of(cls, runtime: ServiceRuntime) -> BloodDeps:
        """Counters registered once per server, with the stored-state gauges."""
        registry = runtime.registry
        deps = cls(
            recorded=Counter("cityscore_blood_quota_collections_recorded",
                             "Collection rows recorded, by channel.", ("channel",),
                             registry=registry),
            runs=Counter("cityscore_blood_quota_allocation_runs",
                         "Apportionment and split runs, by level and result.",
                         ("level", "result"), registry=registry),
            corrected=Counter("cityscore_blood_quota_collections_corrected",
                              "Collection rows withdrawn or amended, by action.", ("action",),
                              registry=registry))
        clock = runtime.clock
        runtime.export_stored_state(lambda session: progress_gauges(session, today=clock.today))
        return deps


def progress_gauges(session: Session, *, today: Callable[[], dt.date]
                    ) -> list[GaugeMetricFamily]:
    """Quota, collected units and progress of every row of each planned year's table in force,
    collections in force counted up to today, and whether each district's newest split is
    stale; a fixed number of queries whatever the number of years."""
    labels = ["year", "row"]
    quota = GaugeMetricFamily("cityscore_blood_quota_quota_units",
                              "Quota of an allocation row (district or carve-out), units of "
                              "200 ml.", labels=labels)
    collected = GaugeMetricFamily("cityscore_blood_quota_collected_units",
                                  "Collected units (ml / 200) credited to an allocation row.",
                                  labels=labels)
    ratio = GaugeMetricFamily("cityscore_blood_quota_progress_ratio",
                              "Collected ml over quota ml of an allocation row.", labels=labels)
    share_400 = GaugeMetricFamily("cityscore_blood_quota_donations_400ml_ratio",
                                  "Share of 400 ml donations among whole-blood donations, city.",
                                  labels=["year"])
    stale = GaugeMetricFamily("cityscore_blood_quota_split_stale",
                              "1 when a district's newest split splits a table no longer in "
                              "force (another was adopted), else 0.",
                              labels=["year", "district"])
    adopted = repo.adopted_ids(session)
    for split in repo.newest_splits(session):
        stale.add_metric([str(split.year), split.district],
                         float(split.split_of_allocation_id != adopted.get(split.year)))
    tables = list(queries.district_tables(session))
    totals = queries.collections_by_year(session, as_of=today())
    for plan, rows in tables:
        rule_set = domain.rules(plan.rule_version)
        progress, city = domain.progress([(r.code, r.kind, r.units) for r in rows],
                                         totals.get(plan.year, []),
                                         domain.progress_rules(plan, rule_set))
        unit_ml = rule_set.unit_ml
        year = str(plan.year)
        for row in progress:
            quota.add_metric([year, row.code], row.quota_units)
            collected.add_metric([year, row.code], row.collected_ml / unit_ml)
            ratio.add_metric([year, row.code], row.ratio(unit_ml))
        share_400.add_metric([year], city.share_400ml())
    return [quota, collected, ratio, share_400, stale]
