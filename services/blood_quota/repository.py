"""Reading and writing the blood_quota tables inside the caller's unit of work (never commits).

Bulk rows (allocation rows, unit rosters, collections) go in as one multi-row insert each, not
one ORM object per row (architecture page §8).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from cityscore.core import db
from cityscore.services.blood_quota import domain
from cityscore.services.blood_quota.models import (
    BloodAdoption,
    BloodAllocation,
    BloodAllocationRow,
    BloodCarveOut,
    BloodCollection,
    BloodPlan,
    BloodUnit,
)

#: Sources whose allocations are district tables (the others are district splits).
DISTRICT_SOURCES = ("published", "apportioned")
#: Collection rows per multi-row insert: bounds memory for million-row uploads.
INSERT_BATCH_ROWS = 50_000


#: Every plan and every carve-out as plain rows, built once.
_CARVE_OUTS = sa_select(
    col(BloodCarveOut.year), col(BloodCarveOut.code), col(BloodCarveOut.name),
    col(BloodCarveOut.kind), col(BloodCarveOut.units)).order_by(
    col(BloodCarveOut.year), col(BloodCarveOut.position))
_PLANS = sa_select(*(col(getattr(BloodPlan, name)) for name in (
    "year", "city_target_units", "group_target_units", "street_target_units", "reserve_units",
    "drill_min_city_units", "drill_min_per_district_units", "units_per_person", "rule_version",
    "garrison_counts_toward_group", "increment_sites", "platelet_units_per_dose",
    "platelet_conversion_source", "platelets_count_toward_targets"))).order_by(
    col(BloodPlan.year))
#: A year's plan joined with its carve-outs in plan order: one row per carve-out (one with
#: empty carve-out columns when the plan has none).
_PLAN_OF_YEAR = db.DriverStatement(_PLANS.add_columns(
    col(BloodCarveOut.code).label("carve_code"), col(BloodCarveOut.name).label("carve_name"),
    col(BloodCarveOut.kind).label("carve_kind"), col(BloodCarveOut.units).label("carve_units"),
).outerjoin(BloodCarveOut, col(BloodCarveOut.year) == col(BloodPlan.year)).where(
    col(BloodPlan.year) == bindparam("year")).order_by(col(BloodCarveOut.position)))


def _plan_figures(plan: Any, carves: Iterable[Sequence[Any]]) -> domain.PlanFigures:
    """A plan from a row of its columns and its carve-outs as ``(code, name, kind, units)``."""
    return domain.PlanFigures(
        year=plan.year, city_target_units=plan.city_target_units,
        group_target_units=plan.group_target_units,
        street_target_units=plan.street_target_units, reserve_units=plan.reserve_units,
        drill_min_city_units=plan.drill_min_city_units,
        drill_min_per_district_units=plan.drill_min_per_district_units,
        units_per_person=plan.units_per_person, rule_version=plan.rule_version,
        carve_outs=tuple(domain.CarveOut(*c) for c in carves),
        garrison_counts_toward_group=plan.garrison_counts_toward_group,
        increment_sites=tuple(json.loads(plan.increment_sites or "[]")),
        platelet_units_per_dose=plan.platelet_units_per_dose,
        platelet_conversion_source=plan.platelet_conversion_source,
        platelets_count_toward_targets=plan.platelets_count_toward_targets)


def plan(session: Session, *, year: int) -> domain.PlanFigures | None:
    """The year's plan with its carve-outs: one statement, run on the driver (every GetPlan)."""
    rows = _PLAN_OF_YEAR.rows(session, {"year": year})
    if not rows:
        return None
    return _plan_figures(rows[0], ((r.carve_code, r.carve_name, r.carve_kind, r.carve_units)
                                   for r in rows if r.carve_code is not None))


def plans(session: Session) -> dict[int, domain.PlanFigures]:
    """Every year's plan with its carve-outs, in two queries."""
    carves: dict[int, list[Sequence[Any]]] = {}
    for year, *carve in session.execute(_CARVE_OUTS):
        carves.setdefault(year, []).append(carve)
    return {p.year: _plan_figures(p, carves.get(p.year, []))
            for p in session.execute(_PLANS)}


_RULE_VERSION_OF_YEAR = db.DriverStatement(
    sa_select(col(BloodPlan.rule_version)).where(col(BloodPlan.year) == bindparam("year")))


def plan_rule_versions(session: Session, *, years: Collection[int]) -> dict[int, str]:
    """The rule version of each of ``years`` that has a plan: one look-up a year (the rows
    of one upload span a year or two), run on the driver, as every recorded collection asks."""
    found = {year: _RULE_VERSION_OF_YEAR.first(session, {"year": year}) for year in years}
    return {year: row.rule_version for year, row in found.items() if row is not None}


def add_plan(session: Session, *, plan: domain.PlanFigures, created_at: dt.datetime,
             created_by: str) -> None:
    session.add(BloodPlan(
        year=plan.year, city_target_units=plan.city_target_units,
        group_target_units=plan.group_target_units,
        street_target_units=plan.street_target_units, reserve_units=plan.reserve_units,
        drill_min_city_units=plan.drill_min_city_units,
        drill_min_per_district_units=plan.drill_min_per_district_units,
        units_per_person=plan.units_per_person, rule_version=plan.rule_version,
        garrison_counts_toward_group=plan.garrison_counts_toward_group,
        increment_sites=json.dumps(list(plan.increment_sites), ensure_ascii=False),
        platelet_units_per_dose=plan.platelet_units_per_dose,
        platelet_conversion_source=plan.platelet_conversion_source,
        platelets_count_toward_targets=plan.platelets_count_toward_targets,
        created_at=created_at, created_by=created_by))
    session.add_all([BloodCarveOut(year=plan.year, position=i, code=c.code, name=c.name,
                                   kind=c.kind, units=c.units)
                     for i, c in enumerate(plan.carve_outs)])
    session.flush()


def add_published_table(session: Session, *, plan: domain.PlanFigures,
                        rows: Sequence[domain.TableRow], digest: str, created_at: dt.datetime,
                        created_by: str) -> BloodAllocation:
    """Store a table exactly as printed; its rows have no weights or bounds."""
    allocation = BloodAllocation(
        year=plan.year, source="published", method="published",
        pool_units=sum(r.units for r in rows), rule_version=plan.rule_version,
        input_digest=digest, ties="[]", row_count=len(rows), created_at=created_at,
        created_by=created_by)
    return _add_allocation(session, allocation,
                           [domain.Entity(r.code, r.name, r.kind, 0, 0, 0) for r in rows],
                           [r.units for r in rows])


def add_apportionment(session: Session, *, year: int, source: str,
                      inputs: domain.AllocationInputs, result: domain.Result,
                      created_at: dt.datetime, created_by: str,
                      split_of: int | None = None) -> BloodAllocation:
    """Store an apportionment or a split (of the district table ``split_of``) with its
    inputs, so a replay needs nothing else."""
    allocation = BloodAllocation(
        year=year, source=source, district=inputs.district, method=inputs.method,
        pool_units=inputs.pool_units, rule_version=inputs.rule_version,
        input_digest=inputs.digest(), ties=_ties_to_json(result.ties),
        row_count=len(inputs.entities), split_of_allocation_id=split_of,
        created_at=created_at, created_by=created_by)
    return _add_allocation(session, allocation, inputs.entities, result.units)


def _add_allocation(session: Session, allocation: BloodAllocation,
                    entities: Sequence[domain.Entity], units: Sequence[int]) -> BloodAllocation:
    session.add(allocation)
    session.flush()
    assert allocation.id is not None
    db.bulk_insert(session, BloodAllocationRow.__tablename__, ALLOCATION_ROW_COLUMNS, [
        (allocation.id, i, e.code, e.name, e.kind, e.weight, e.lower, e.upper, u)
        for i, (e, u) in enumerate(zip(entities, units, strict=True))])
    return allocation


def _ties_to_json(ties: Sequence[domain.Tie]) -> str:
    return json.dumps([{"codes": list(t.codes), "winners": list(t.winners),
                        "contested": t.contested} for t in ties], ensure_ascii=False)


def stored_ties(allocation: BloodAllocation) -> tuple[domain.Tie, ...]:
    """The ties a stored allocation reported."""
    return tuple(domain.Tie(tuple(t["codes"]), tuple(t["winners"]), int(t["contested"]))
                 for t in json.loads(allocation.ties or "[]"))


def get_allocation(session: Session, *, allocation_id: int) -> BloodAllocation | None:
    return session.get(BloodAllocation, allocation_id)


def current_allocation(session: Session, *, year: int, district: str = ""
                       ) -> BloodAllocation | None:
    """The district table in force of ``year``, or the newest split of ``district``."""
    if not district:
        adopted = adopted_ids(session, year=year).get(year)
        return None if adopted is None else session.get(BloodAllocation, adopted)
    return session.scalars(
        select(BloodAllocation).where(col(BloodAllocation.year) == year,
                                      col(BloodAllocation.source) == "split",
                                      col(BloodAllocation.district) == district)
        .order_by(col(BloodAllocation.id).desc())).first()


def adopted_ids(session: Session, *, year: int | None = None) -> dict[int, int]:
    """The id of the district table in force (adopted last) of ``year``, or of every year."""
    newest = select(func.max(col(BloodAdoption.id))).group_by(col(BloodAdoption.year))
    if year is not None:
        newest = newest.where(col(BloodAdoption.year) == year)
    result = session.execute(select(col(BloodAdoption.year), col(BloodAdoption.allocation_id))
                             .where(col(BloodAdoption.id).in_(newest)))
    return {found_year: allocation_id for found_year, allocation_id in result}


def add_adoption(session: Session, *, allocation: BloodAllocation, reason: str,
                 adopted_at: dt.datetime, adopted_by: str) -> None:
    """Put a district table in force for its year (appended, never updated)."""
    assert allocation.id is not None
    session.add(BloodAdoption(year=allocation.year, allocation_id=allocation.id, reason=reason,
                              adopted_at=adopted_at, adopted_by=adopted_by))
    session.flush()


def newest_splits(session: Session, *, year: int | None = None) -> list[BloodAllocation]:
    """The newest split of each district (of ``year``, or of every year), by year and
    district."""
    newest = (select(func.max(col(BloodAllocation.id)))
              .where(col(BloodAllocation.source) == "split")
              .group_by(col(BloodAllocation.year), col(BloodAllocation.district)))
    if year is not None:
        newest = newest.where(col(BloodAllocation.year) == year)
    return list(session.scalars(select(BloodAllocation)
                                .where(col(BloodAllocation.id).in_(newest))
                                .order_by(col(BloodAllocation.year),
                                          col(BloodAllocation.district))))


def list_allocations(session: Session, *, year: int) -> list[BloodAllocation]:
    return list(session.scalars(select(BloodAllocation).where(col(BloodAllocation.year) == year)
                                .order_by(col(BloodAllocation.id).desc())))


def allocation_rows(session: Session, *, allocation_id: int
                    ) -> tuple[tuple[domain.Entity, ...], tuple[int, ...]]:
    """The rows an allocation was computed over and the units each got, in position order."""
    rows = rows_of_allocations(session, allocation_ids=[allocation_id]).get(allocation_id, [])
    return tuple(entity(r) for r in rows), tuple(r.units for r in rows)


def entity(row: BloodAllocationRow) -> domain.Entity:
    return domain.Entity(row.code, row.name, row.kind, row.weight, row.lower_units,
                         row.upper_units)


def rows_of_allocations(session: Session, *, allocation_ids: Collection[int]
                        ) -> dict[int, list[BloodAllocationRow]]:
    """The rows of each allocation named, in position order."""
    found: dict[int, list[BloodAllocationRow]] = {}
    for row in session.scalars(
            select(BloodAllocationRow)
            .where(col(BloodAllocationRow.allocation_id).in_(list(allocation_ids)))
            .order_by(col(BloodAllocationRow.allocation_id), col(BloodAllocationRow.position))):
        found.setdefault(row.allocation_id, []).append(row)
    return found


def replace_units(session: Session, *, year: int, district: str,
                  units: Sequence[domain.Unit]) -> None:
    """A district's roster for ``year`` becomes exactly ``units``, in their order."""
    session.execute(delete(BloodUnit).where(col(BloodUnit.year) == year,
                                            col(BloodUnit.district) == district))
    db.bulk_insert(session, BloodUnit.__tablename__, UNIT_COLUMNS, [
        (year, district, i, *unit) for i, unit in enumerate(units)])


def units(session: Session, *, year: int, district: str) -> list[domain.Unit]:
    """A district's roster, in upload order."""
    result = session.execute(
        select(col(BloodUnit.code), col(BloodUnit.name), col(BloodUnit.kind),
               col(BloodUnit.headcount))
        .where(col(BloodUnit.year) == year, col(BloodUnit.district) == district)
        .order_by(col(BloodUnit.position)))
    return [domain.Unit(r.code, r.name, r.kind, r.headcount) for r in result]


def unit_codes(session: Session, *, years: Iterable[int], districts: Iterable[str]
               ) -> dict[tuple[int, str], set[str]]:
    """Registered unit codes by (year, district); no query when no row names a unit."""
    found: dict[tuple[int, str], set[str]] = {}
    years, districts = list(years), list(districts)
    if not years or not districts:
        return found
    result = session.execute(
        select(col(BloodUnit.year), col(BloodUnit.district), col(BloodUnit.code)).where(
            col(BloodUnit.year).in_(years), col(BloodUnit.district).in_(districts)))
    for year, district, code in result:
        found.setdefault((year, district), set()).add(code)
    return found


COLLECTION_COLUMNS = ("year", "donation_date", "district", "unit_code", "channel", "volume_ml",
                      "donations", "site", "component", "therapeutic_doses", "status")
IN_FORCE = "in_force"
ALLOCATION_ROW_COLUMNS = ("allocation_id", "position", "code", "name", "kind", "weight",
                          "lower_units", "upper_units", "units")
UNIT_COLUMNS = ("year", "district", "position", "code", "name", "kind", "headcount")


def add_collections(session: Session, *, rows: Sequence[domain.CollectionRow]) -> None:
    """Valid collection rows (each has a date), in batches that bound memory."""
    for start in range(0, len(rows), INSERT_BATCH_ROWS):
        db.bulk_insert(session, BloodCollection.__tablename__, COLLECTION_COLUMNS, [
            (r.donation_date.year, r.donation_date, r.district, r.unit_code, r.channel,
             r.volume_ml, r.donations, r.site, r.component, r.therapeutic_doses, IN_FORCE)
            for r in rows[start:start + INSERT_BATCH_ROWS] if r.donation_date is not None],
            date_columns=(COLLECTION_COLUMNS.index("donation_date"),))


def collection_for_correction(session: Session, *, collection_id: int
                              ) -> BloodCollection | None:
    """The row a withdrawal or amendment is about, locked until the transaction ends
    (PostgreSQL; SQLite's single writer already serialises them): of two concurrent
    corrections the second then sees the first's and is refused, instead of both replacing
    the row and counting it twice."""
    return session.get(BloodCollection, collection_id, with_for_update=True)


def add_collection(session: Session, *, row: domain.CollectionRow, amends: int | None
                   ) -> BloodCollection:
    """One valid row that replaces the row ``amends`` (which the caller marks amended)."""
    assert row.donation_date is not None
    stored = BloodCollection(
        year=row.donation_date.year, donation_date=row.donation_date, district=row.district,
        unit_code=row.unit_code, channel=row.channel, volume_ml=row.volume_ml,
        donations=row.donations, site=row.site, component=row.component,
        therapeutic_doses=row.therapeutic_doses, amends_id=amends)
    session.add(stored)
    session.flush()
    return stored


def correct_collection(session: Session, *, stored: BloodCollection, status: str, reason: str,
                       corrected_by: str, corrected_at: dt.datetime,
                       amended_by: int | None = None) -> None:
    """Take a row out of force (withdrawn, or amended by ``amended_by``); it stays stored."""
    stored.status = status
    stored.correction_reason = reason
    stored.corrected_by = corrected_by
    stored.corrected_at = corrected_at
    stored.amended_by_id = amended_by
    session.add(stored)
    session.flush()


def list_collections(session: Session, *, year: int, district: str, first: dt.date | None,
                     last: dt.date | None, include_corrected: bool, after_id: int, limit: int
                     ) -> list[BloodCollection]:
    """Stored rows of ``year`` in id order after ``after_id``, at most ``limit``."""
    c = BloodCollection
    query = select(c).where(col(c.year) == year, col(c.id) > after_id)
    if district:
        query = query.where(col(c.district) == district)
    if first is not None:
        query = query.where(col(c.donation_date) >= first)
    if last is not None:
        query = query.where(col(c.donation_date) <= last)
    if not include_corrected:
        query = query.where(col(c.status) == IN_FORCE)
    return list(session.scalars(query.order_by(col(c.id)).limit(limit)))
