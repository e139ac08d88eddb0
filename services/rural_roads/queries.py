"""Read queries of the rural_roads service that roll records up rather than load one entity:
the recorded facts targets T1-T17 read, and the stored results of a year's survey. Each
returns the domain's facts, grouped per district in one query each.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session, col

from cityscore.services.rural_roads import domain, models
from cityscore.services.rural_roads import repository as repo


def survey_results(*, session: Session, year: int, level: str, district: str
                   ) -> dict[str, models.Aggregate]:
    """The stored results of the year's survey, if closed, by district ("" for the city)."""
    survey = repo.survey(session=session, year=year)
    if survey is None or survey.state != "closed" or survey.id is None:
        return {}
    return {row.district if level == "district" else "": row for row in repo.aggregates(
        session=session, survey_id=survey.id, level=level, district=district)}


def latest_closed_year(*, session: Session) -> int | None:
    """The year of the latest closed survey."""
    closed = [s.year for s in repo.surveys(session=session) if s.state == "closed"]
    return closed[0] if closed else None


def target_records(*, session: Session, policy: domain.TargetPolicy, year: int,
                   district: str) -> domain.TargetRecords:
    """Every district's records of ``year`` (only ``district``'s when given), read from the
    register as it stood for the year: its end for villages, roads, bridges, sites and
    projects, 1 January for T12's mileage base (the policy's register days)."""
    day = policy.register_date(year)

    def scoped(model: Any) -> list[Any]:
        return [model.district == district] if district else []

    def dated(model: Any, when: Any = day) -> Any:
        return repo.as_of(model, when)

    def count(model: Any, *conditions: Any) -> dict[str, int]:
        return _count_by_district(session=session, model=model,
                                  conditions=[*scoped(model), dated(model), *conditions])

    def total(model: Any, column: Any, *conditions: Any) -> dict[str, float]:
        return _sum_by_district(session=session, model=model, column=column,
                                conditions=[*scoped(model), dated(model), *conditions])

    def district_years(in_year: int) -> dict[str, models.DistrictYear]:
        return {y.district: y for y in _district_years(
            session=session, year=in_year, district=district)}

    p, h, r = models.UpgradeProject, models.HazardSite, models.Road
    village, bridge = models.Village, models.Bridge
    since = policy.cumulative_from_year
    in_period = and_(col(p.completed_year) >= since, col(p.completed_year) <= year)
    upgrades = and_(in_period, col(p.kind).in_(policy.upgrade_project_kinds))
    new_builds = and_(in_period, col(p.kind).in_(policy.first_handover_project_kinds))
    remediated = (col(h.remediated_year) >= since, col(h.remediated_year) <= year)
    city_km = _sum_by_district(session=session, model=p, column=p.length_km,
                               conditions=[upgrades, dated(p)])
    city_sites = _count_by_district(session=session, model=h,
                                    conditions=[*remediated, dated(h)])
    roads = _roads_by_district(session=session, district=district, day=day)
    return domain.TargetRecords(
        year=year, villages=count(village),
        villages_two_lane=count(village, col(village.has_two_lane_road)),
        villages_bus=count(village, col(village.has_bus_service)),
        district_years=district_years(year), district_years_before=district_years(year - 1),
        register_greening={d: (g.greenable_km, g.greened_km) for d, g in roads.items()},
        upgrade_km=total(p, p.length_km, upgrades),
        hazards_remediated=count(h, *remediated),
        hazards_open=count(h, col(h.identified_year) <= year,
                           or_(col(h.remediated_year).is_(None),
                               col(h.remediated_year) > year)),
        network_m={d: g.length_m for d, g in roads.items()},
        maintenance_base_m=_sum_by_district(
            session=session, model=r, column=r.length_m,
            conditions=[*scoped(r), dated(r, policy.maintenance_base(year))]),
        projects_handed_over=count(p, new_builds),
        projects_passed=count(p, new_builds, col(p.first_handover_passed)),
        township_village_m={d: g.township_village_m for d, g in roads.items()
                            if g.has_township_village},
        network_districts=set(roads),
        plan_approvals=_plan_approvals(session=session, district=district),
        dangerous_bridges=count(bridge, col(bridge.dangerous)), bridges=count(bridge),
        pci_unmeasured_m=_pci_unmeasured_m(session=session, year=year, district=district),
        city_upgrade_km=sum(city_km.values()),
        city_hazards_remediated=sum(city_sites.values()))


def _count_by_district(*, session: Session, model: Any, conditions: Sequence[Any]
                      ) -> dict[str, int]:
    """How many records of ``model`` match, per district (districts with none are absent)."""
    district = col(model.district)
    return {d: int(n) for d, n in session.execute(
        select(district, func.count(col(model.id))).where(*conditions).group_by(district))}

def _sum_by_district(*, session: Session, model: Any, column: Any, conditions: Sequence[Any]
                    ) -> dict[str, float]:
    """Σ ``column`` of the matching records of ``model``, per district, summed exactly
    (``math.fsum``) so the total does not depend on the order the database returns rows in:
    a stored report replays bit for bit after the tables were rewritten."""
    values: dict[str, list[float]] = defaultdict(list)
    for d, value in session.execute(select(col(model.district), column).where(*conditions)):
        values[d].append(float(value))
    return {d: math.fsum(v) for d, v in values.items()}

def _district_years(*, session: Session, year: int, district: str
                   ) -> list[models.DistrictYear]:
    query = select(models.DistrictYear).where(col(models.DistrictYear.year) == year,
                                              repo.current_district_year())
    if district:
        query = query.where(col(models.DistrictYear.district) == district)
    return list(session.execute(query).scalars())

def _plan_approvals(*, session: Session, district: str) -> dict[str, Any]:
    """Earliest recorded approval of each district's construction plan."""
    dy = models.DistrictYear
    query = select(col(dy.district), func.min(col(dy.plan_approved_on))).where(
        repo.current_district_year()).group_by(col(dy.district))
    if district:
        query = query.where(col(dy.district) == district)
    return dict(session.execute(query).all())

@dataclass(frozen=True, slots=True)
class _RoadTotals:
    length_m: float
    township_village_m: float
    has_township_village: bool
    greenable_km: float
    greened_km: float


def _roads_by_district(*, session: Session, district: str, day: Any
                       ) -> dict[str, _RoadTotals]:
    """Per district with roads on ``day``: their length, the length of township and village
    roads (T14), and greenable and greened km of the register (T4), summed exactly."""
    road = models.Road
    query = select(col(road.district), col(road.road_class), col(road.length_m),
                   col(road.greenable_km), col(road.greened_km)).where(repo.as_of(road, day))
    if district:
        query = query.where(col(road.district) == district)
    rows: dict[str, list[tuple[str, float, float, float]]] = defaultdict(list)
    for d, road_class, length, greenable, greened in session.execute(query):
        rows[d].append((road_class, length, greenable, greened))
    township_village = ("township", "village")
    return {d: _RoadTotals(
        math.fsum(r[1] for r in found),
        math.fsum(r[1] for r in found if r[0] in township_village),
        any(r[0] in township_village for r in found),
        math.fsum(r[2] for r in found), math.fsum(r[3] for r in found))
        for d, found in rows.items()}


def _pci_unmeasured_m(*, session: Session, year: int, district: str) -> dict[str, float]:
    """Length per district whose PCI the year's closed survey did not measure."""
    survey = repo.survey(session=session, year=year)
    if survey is None or survey.state != "closed" or survey.id is None:
        return {}
    return {d: pci for d, (pci, _rqi) in repo.unmeasured_m(
        session=session, survey_id=survey.id, level="district", district=district).items()}
