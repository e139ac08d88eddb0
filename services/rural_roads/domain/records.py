"""The recorded facts targets T1-T17 read for one year, per district, and how one district's
(or the city's) :class:`TargetFacts` are formed from them and the survey results."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from cityscore.services.rural_roads.domain.rules import TargetPolicy
from cityscore.services.rural_roads.domain.targets import (
    Status,
    TargetFacts,
    TargetResult,
    evaluate_targets,
    with_trends,
)


class DistrictYearRecord(Protocol):
    """A district's yearly statistics report, as targets read it."""

    district: str
    specialists: int
    major_medium_maintenance_km: float
    safety_works_identified: int
    safety_works_remediated: int
    greenable_km: float
    greened_km: float


class SurveyResult(Protocol):
    """A stored length-weighted result of a closed survey (one district, or the city)."""

    district: str
    pqi: float | None
    share: float | None
    evaluated_km: float
    share_index: str


@dataclasses.dataclass(frozen=True)
class TargetRecords:
    """The recorded facts of one year, summed per district, so a district's report, the
    city's and every district's gauge read alike."""

    year: int
    villages: dict[str, int]
    villages_two_lane: dict[str, int]
    villages_bus: dict[str, int]
    district_years: Mapping[str, DistrictYearRecord]
    district_years_before: Mapping[str, DistrictYearRecord]
    register_greening: dict[str, tuple[float, float]]
    upgrade_km: dict[str, float]
    hazards_remediated: dict[str, int]
    hazards_open: dict[str, int]
    network_m: dict[str, float]
    maintenance_base_m: dict[str, float]
    projects_handed_over: dict[str, int]
    projects_passed: dict[str, int]
    township_village_m: dict[str, float]
    network_districts: set[str]
    plan_approvals: dict[str, Any]
    dangerous_bridges: dict[str, int]
    bridges: dict[str, int]
    pci_unmeasured_m: dict[str, float] = dataclasses.field(default_factory=dict)
    city_upgrade_km: float = 0.0
    city_hazards_remediated: int = 0

    def districts(self) -> list[str]:
        """Every district with a record of any kind."""
        found: set[str] = set(self.network_districts)
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, dict):
                found.update(value)
        return sorted(found)

    def facts(self, keys: Sequence[str], current: SurveyResult | None,
              previous: SurveyResult | None, *, city: bool = False) -> TargetFacts:
        """The facts of the districts ``keys`` taken together (one district, or the city) with
        their survey results; greening is the statistics report's where recorded, else (this
        year only) the road register's."""

        def add(table: Mapping[str, float]) -> Any:
            return sum(table.get(k, 0) for k in keys)

        greening = [_reported_greening(self.district_years.get(k))
                    or self.register_greening.get(k, (0.0, 0.0)) for k in keys]
        before = [g for k in keys if (g := _reported_greening(self.district_years_before.get(k)))]
        years = [self.district_years[k] for k in keys if k in self.district_years]
        return TargetFacts(
            year=self.year, villages=add(self.villages),
            villages_two_lane=add(self.villages_two_lane), villages_bus=add(self.villages_bus),
            survey_pqi=None if current is None else current.pqi,
            survey_share=None if current is None else current.share,
            share_index="pqi" if current is None else current.share_index,
            previous_pqi=None if previous is None else previous.pqi,
            greenable_km=sum(g[0] for g in greening), greened_km=sum(g[1] for g in greening),
            previous_greening=sum(b[1] for b in before) / sum(b[0] for b in before)
            if before else None,
            safety_identified=sum(y.safety_works_identified for y in years),
            safety_remediated=sum(y.safety_works_remediated for y in years),
            upgrade_km_cumulative=add(self.upgrade_km),
            hazard_remediated_cumulative=add(self.hazards_remediated),
            hazard_open=add(self.hazards_open),
            major_medium_km=sum(y.major_medium_maintenance_km for y in years) if years else None,
            network_m=add(self.network_m), maintenance_base_m=add(self.maintenance_base_m),
            projects_handed_over=add(self.projects_handed_over),
            projects_passed=add(self.projects_passed),
            township_village_m={k: self.township_village_m[k] for k in keys
                                if k in self.township_village_m},
            specialists={y.district: y.specialists for y in years},
            evaluated_m=0.0 if current is None else current.evaluated_km * 1000,
            plan_approvals={k: self.plan_approvals.get(k) for k in keys
                            if k in self.network_districts},
            dangerous_bridges=add(self.dangerous_bridges), bridges=add(self.bridges),
            district=keys[0] if len(keys) == 1 and not city else "",
            pci_unmeasured_m=add(self.pci_unmeasured_m),
            city_upgrade_km=self.city_upgrade_km,
            city_hazard_remediated=self.city_hazards_remediated)


def _reported_greening(year: DistrictYearRecord | None) -> tuple[float, float] | None:
    """Greenable and greened km of a statistics report that records them (§2.4, T4)."""
    if year is None or year.greenable_km <= 0:
        return None
    return year.greenable_km, year.greened_km


def failing(results: Sequence[TargetResult]) -> int:
    """How many targets fail."""
    return sum(r.status is Status.FAIL for r in results)


@dataclasses.dataclass(frozen=True)
class Judged:
    """A target report's results and every set of facts the rules were applied to."""

    results: list[TargetResult]
    facts: tuple[TargetFacts, ...]

    def input_digest(self, policy: TargetPolicy) -> str:
        """sha256 of the policy file and of the facts judged, in a canonical form: the same
        digest means the same inputs, whatever order the database returned them in."""
        digest = hashlib.sha256(policy.digest.encode())
        digest.update(json.dumps([_canonical(f) for f in self.facts], sort_keys=True,
                                 ensure_ascii=False).encode("utf-8"))
        return digest.hexdigest()


def _canonical(value: Any) -> Any:
    """Facts as JSON: floats by repr (so NaN and every bit count), dates in ISO form."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, (set, frozenset)):
        return sorted(_canonical(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return value


def district_targets(records: TargetRecords, district: str, current: SurveyResult | None,
                     previous: SurveyResult | None, policy: TargetPolicy, *,
                     records_before: TargetRecords | None = None,
                     before_previous: SurveyResult | None = None,
                     district_surveys: tuple[Mapping[str, SurveyResult],
                                             Mapping[str, SurveyResult]] | None = None
                     ) -> Judged:
    """Targets of one district (``""``: the whole city, every district with a record); with
    the previous year's records, each yearly target also shows its trend; with each
    district's survey results (this year's, last year's), a failing city figure names the
    districts that fail it."""
    keys = [district] if district else records.districts()
    facts = [records.facts(keys, current, previous, city=not district)]
    results = evaluate_targets(facts[0], policy)
    if records_before is not None:
        before_keys = [district] if district else records_before.districts()
        facts.append(records_before.facts(before_keys, previous, before_previous,
                                          city=not district))
        results = with_trends(results, evaluate_targets(facts[-1], policy))
    if district or district_surveys is None:
        return Judged(results, tuple(facts))
    now, last = district_surveys
    each = {d: records.facts([d], now.get(d), last.get(d)) for d in keys}
    facts.extend(each[d] for d in keys)
    per_district = {d: evaluate_targets(each[d], policy) for d in keys}
    return Judged(name_failing_districts(results, per_district), tuple(facts))


# Targets whose own note already names the districts behind a failure (T14, T16), and the
# city commitments, which districts only contribute to (T10, T11).
_NAMED_BY_THEMSELVES = frozenset({"T10", "T11", "T14", "T16"})


def name_failing_districts(results: Sequence[TargetResult],
                           per_district: Mapping[str, Sequence[TargetResult]]
                           ) -> list[TargetResult]:
    """A city figure that fails states which districts fail the same target on their own
    figures, and with what value, so the reader sees where the failure comes from."""
    out = []
    for r in results:
        if r.status is not Status.FAIL or r.code in _NAMED_BY_THEMSELVES:
            out.append(r)
            continue
        failing_here = [f"{d}: {t.display}" for d, rows in sorted(per_district.items())
                        for t in rows if t.code == r.code and t.status is Status.FAIL]
        named = ("failing in " + "; ".join(failing_here) if failing_here
                 else "no single district fails it on its own figures")
        out.append(dataclasses.replace(r, note="; ".join(n for n in (r.note, named) if n)))
    return out
