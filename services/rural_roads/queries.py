"""Read queries of the rural_roads service that roll records up rather than load one entity:
the recorded facts targets T1-T17 read, and the stored results of a year's survey. Each
returns the domain's facts, grouped per district in one query each.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    """Every district's records of ``year`` (only ``district``'s when given)."""

    def scoped(model: Any) -> list[Any]:
        return [model.district == district] if district else []

    def count(model: Any, *conditions: Any) -> dict[str, int]:
        return _count_by_district(session=session, model=model,
                                  conditions=[*scoped(model), *conditions])

    def total(model: Any, column: Any, *conditions: Any) -> dict[str, float]:
        return _sum_by_district(session=session, model=model, column=column,
                                conditions=[*scoped(model), *conditions])

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
                               conditions=[upgrades])
    city_sites = _count_by_district(session=session, model=h, conditions=remediated)
    return domain.TargetRecords(
        year=year, villages=count(village),
        villages_two_lane=count(village, col(village.has_two_lane_road)),
        villages_bus=count(village, col(village.has_bus_service)),
        district_years=district_years(year), district_years_before=district_years(year - 1),
        register_greening=_greening_by_district(session=session, district=district),
        upgrade_km=total(p, p.length_km, upgrades),
        hazards_remediated=count(h, *remediated),
        hazards_open=count(h, col(h.identified_year) <= year,
                           or_(col(h.remediated_year).is_(None),
                               col(h.remediated_year) > year)),
        network_m=total(r, r.length_m),
        projects_handed_over=count(p, new_builds),
        projects_passed=count(p, new_builds, col(p.first_handover_passed)),
        township_village_m=_township_village_m(session=session, district=district),
        network_districts=set(_districts_with_roads(session=session, district=district)),
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
    """Σ ``column`` of the matching records of ``model``, per district."""
    district = col(model.district)
    return {d: float(total) for d, total in session.execute(
        select(district, func.coalesce(func.sum(column), 0)).where(*conditions)
        .group_by(district))}

def _district_years(*, session: Session, year: int, district: str
                   ) -> list[models.DistrictYear]:
    query = select(models.DistrictYear).where(col(models.DistrictYear.year) == year)
    if district:
        query = query.where(col(models.DistrictYear.district) == district)
    return list(session.execute(query).scalars())

def _plan_approvals(*, session: Session, district: str) -> dict[str, Any]:
    """Earliest recorded approval of each district's construction plan."""
    dy = models.DistrictYear
    query = select(col(dy.district), func.min(col(dy.plan_approved_on))).group_by(col(dy.district))
    if district:
        query = query.where(col(dy.district) == district)
    return dict(session.execute(query).all())

def _township_village_m(*, session: Session, district: str) -> dict[str, float]:
    road = models.Road
    query = select(col(road.district), func.sum(col(road.length_m))).where(
        col(road.road_class).in_(("township", "village"))).group_by(col(road.district))
    if district:
        query = query.where(col(road.district) == district)
    return {d: float(m) for d, m in session.execute(query)}

def _districts_with_roads(*, session: Session, district: str) -> list[str]:
    road = models.Road
    query = select(col(road.district)).distinct()
    if district:
        query = query.where(col(road.district) == district)
    return sorted(session.execute(query).scalars())

def _greening_by_district(*, session: Session, district: str
                          ) -> dict[str, tuple[float, float]]:
    """Greenable and greened km per district, summed over the road register."""
    road = models.Road
    query = select(col(road.district), func.sum(col(road.greenable_km)),
                   func.sum(col(road.greened_km))).group_by(col(road.district))
    if district:
        query = query.where(col(road.district) == district)
    return {d: (float(a), float(b)) for d, a, b in session.execute(query)}


def _pci_unmeasured_m(*, session: Session, year: int, district: str) -> dict[str, float]:
    """Length per district whose PCI the year's closed survey did not measure."""
    survey = repo.survey(session=session, year=year)
    if survey is None or survey.state != "closed" or survey.id is None:
        return {}
    return {d: pci for d, (pci, _rqi) in repo.unmeasured_m(
        session=session, survey_id=survey.id, level="district", district=district).items()}
