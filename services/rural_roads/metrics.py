"""What the rural_roads service tells Prometheus: counters of scored units and upload chunks,
and gauges of stored state (each district's PQI, excellent/good/fair share and failing targets
in the latest closed survey), which read the database so they survive a restart."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from sqlmodel import Session

from cityscore.core.districts import all_districts
from cityscore.core.service import ServiceRuntime
from cityscore.services.rural_roads import domain, queries


@dataclass(frozen=True)
class RoadsDeps:
    """What the RPCs need besides the database: the rules and the service's own metrics."""

    rules: domain.Rules
    units_scored: Counter
    upload_units: Counter
    chunk_seconds: Histogram

    @classmethod
    def of(cls, runtime: ServiceRuntime) -> RoadsDeps:
        """Metrics registered once per server, with the stored-state gauges."""
        rules = domain.load_rules()
        registry = runtime.registry
        deps = cls(
            rules=rules,
            units_scored=Counter(
                "cityscore_rural_roads_units_scored", "Evaluation units scored and stored.",
                ("district",), registry=registry),
            upload_units=Counter(
                "cityscore_rural_roads_upload_units",
                "Evaluation units received in upload chunks.", registry=registry),
            chunk_seconds=Histogram(
                "cityscore_rural_roads_chunk_seconds",
                "Time to validate, score and store one upload chunk.", registry=registry,
                buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)))
        runtime.export_stored_state(deps.survey_gauges)
        return deps

    def survey_gauges(self, session: Session) -> list[GaugeMetricFamily]:
        """PQI and excellent-good-fair share of each district in the latest closed survey, and
        the targets each district fails in that year."""
        pqi = GaugeMetricFamily("cityscore_rural_roads_pqi",
                                "Length-weighted PQI per district in the latest closed survey.",
                                labels=["district"])
        share = GaugeMetricFamily(
            "cityscore_rural_roads_excellent_good_fair_ratio",
            "Share of evaluated length with PQI >= 70 per district, latest closed survey.",
            labels=["district"])
        failing = GaugeMetricFamily(
            "cityscore_rural_roads_targets_failing",
            "Targets failing per district in the year of the latest closed survey.",
            labels=["district"])
        year = queries.latest_closed_year(session=session)
        if year is not None:
            current = queries.survey_results(session=session, year=year, level="district",
                                             district="")
            previous = queries.survey_results(session=session, year=year - 1, level="district",
                                              district="")
            for row in current.values():
                if row.pqi is not None and row.share is not None:
                    pqi.add_metric([row.district], row.pqi)
                    share.add_metric([row.district], row.share)
            policy = domain.policy_for_year(year)
            if policy is not None:
                records = queries.target_records(session=session, policy=policy, year=year,
                                                 district="")
                for district in all_districts():
                    code = district.code
                    judged = domain.district_targets(records, code, current.get(code),
                                                     previous.get(code), policy)
                    failing.add_metric([code], domain.failing(judged.results))
        return [pqi, share, failing]
