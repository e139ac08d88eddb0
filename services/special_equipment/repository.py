"""Rows of the special-equipment service: reads and writes inside the caller's unit of work,
keyword-only. Reads across many rows for reports and sweeps are in ``queries``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, bindparam, select, update
from sqlmodel import Session, col

from cityscore.core import db
from cityscore.services.special_equipment import domain, models

IN_CHUNK = db.IN_CHUNK
# Rows are added through core's helpers (flush at once; a unique clash is ALREADY_EXISTS).
add = db.add
add_unique = db.add_unique
TABLE = models.Elevator.__tablename__


def get(session: Session, *, model: type[Any], key: object) -> Any:
    return session.get(model, key)


def latest(model: Any) -> Any:
    """The condition for each record's latest (open-ended) version."""
    return col(model.valid_to) == models.OPEN_END


def holding_on(model: Any, day: Any) -> Any:
    """The condition for the version of each record that held on ``day``."""
    return and_(col(model.valid_from) <= day, col(model.valid_to) > day)


def elevator(session: Session, *, code: str) -> models.Elevator | None:
    """The latest version of the elevator registered as ``code``."""
    return session.scalars(select(models.Elevator).where(
        col(models.Elevator.registration_code) == code, latest(models.Elevator))).first()


def elevators_by_code(session: Session, *, codes: Sequence[str], lock: bool = False
                      ) -> dict[str, models.Elevator]:
    """The latest versions of the stored elevators among ``codes``; ``lock`` takes row locks
    (PostgreSQL) for the rest of the unit of work."""
    found: dict[str, models.Elevator] = {}
    for start in range(0, len(codes), IN_CHUNK):
        query = select(models.Elevator).where(
            col(models.Elevator.registration_code).in_(codes[start:start + IN_CHUNK]),
            latest(models.Elevator))
        for row in session.scalars(query.with_for_update() if lock else query):
            found[row.registration_code] = row
    return found


#: The columns an elevator version is written with (the id is the database's).
_ELEVATOR_COLUMNS = (
    "registration_code", "district", "location_category", "address", "in_use_date",
    "maintenance_company_id", "remote_monitoring", "liability_insurance", "geolocation",
    "assessed_on", "assessment_result", "renovated_on", "last_inspection_date",
    "last_inspection_passed", "version", "valid_from", "valid_to", "recorded_on",
    "recorded_by", "reason")


@dataclass(frozen=True, slots=True)
class Recorded:
    """Who recorded a batch of new latest versions, when and why."""

    on: dt.date
    by: str
    reason: str


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def insert_elevators(session: Session, *,
                     versions: Sequence[tuple[domain.ElevatorSpec, int, dt.date]],
                     recorded: Recorded) -> None:
    """Store new latest versions ``(spec, version number, valid from)``, each open-ended,
    straight through the driver (``core.db.bulk_insert``: COPY on PostgreSQL), not one ORM
    object or parameter set per row (architecture page §8).

    Dates go as ISO text, which both databases read into a date column and which is how
    SQLAlchemy stores a date in SQLite, made once per row here rather than by
    ``date_columns``, which would rebuild every row a second time."""
    if not versions:
        return
    iso = {day: day.isoformat() for day in {since for _s, _v, since in versions}}
    fixed = (models.OPEN_END.isoformat(), recorded.on.isoformat(), recorded.by,
             recorded.reason)
    db.bulk_insert(session, TABLE, _ELEVATOR_COLUMNS, [
        (s.registration_code, s.district, s.location_category, s.address,
         s.in_use_date.isoformat(), s.maintenance_company_id, s.remote_monitoring,
         s.liability_insurance, s.geolocation, _iso(s.assessed_on), s.assessment_result,
         _iso(s.renovated_on), _iso(s.last_inspection_date),
         s.last_inspection_date is not None and not s.last_inspection_failed,
         version, iso[since], *fixed)
        for s, version, since in versions])


def supersede_elevators(session: Session, *, ids: Sequence[int], valid_to: Any,
                        successors: Sequence[tuple[domain.ElevatorSpec, int, dt.date]],
                        recorded: Recorded) -> None:
    """End the versions ``ids`` on ``valid_to`` (batched ``executemany``) and insert their
    ``successors`` as ``insert_elevators`` does; the ended versions stay stored."""
    if not ids:
        return
    table: Table = models.Elevator.__table__  # type: ignore[attr-defined]
    session.connection().execute(
        update(table).where(table.c.id == bindparam("version_id")).values(
            valid_to=bindparam("ends")),
        [{"version_id": i, "ends": valid_to} for i in ids])
    insert_elevators(session, versions=successors, recorded=recorded)
    session.expire_all()


def elevators(session: Session, *, district: str, after_code: str, limit: int
              ) -> list[models.Elevator]:
    query = select(models.Elevator).where(col(models.Elevator.registration_code) > after_code,
                                          latest(models.Elevator))
    if district:
        query = query.where(col(models.Elevator.district) == district)
    return list(session.scalars(query.order_by(col(models.Elevator.registration_code))
                                .limit(limit)))


def annex_changes(session: Session, *, as_of: Any = None) -> dict[int, models.AnnexTaskChange]:
    """Each task's status change in force on ``as_of`` (the latest one if None): its latest
    change effective by then, the later-recorded of a day's changes."""
    query = select(models.AnnexTaskChange)
    if as_of is not None:
        query = query.where(col(models.AnnexTaskChange.effective_on) <= as_of)
    return {row.number: row for row in session.scalars(query.order_by(
        col(models.AnnexTaskChange.effective_on), col(models.AnnexTaskChange.id)))}


def latest_report(session: Session, *, year: int, district: str
                  ) -> models.TargetReport | None:
    return session.scalars(select(models.TargetReport).where(
        col(models.TargetReport.year) == year, col(models.TargetReport.district) == district)
        .order_by(col(models.TargetReport.id).desc()).limit(1)).first()


def reports_of(session: Session, *, district: str) -> list[models.TargetReport]:
    """The latest stored report of every year for a scope, oldest year first."""
    latest: dict[int, models.TargetReport] = {}
    for row in session.scalars(select(models.TargetReport).where(
            col(models.TargetReport.district) == district).order_by(
            col(models.TargetReport.id))):
        latest[row.year] = row
    return [latest[y] for y in sorted(latest)]


def safety_figures(session: Session, *, year: int) -> models.SafetyFigures | None:
    """The year's figures as last recorded."""
    return session.scalars(select(models.SafetyFigures).where(
        col(models.SafetyFigures.year) == year).order_by(
        col(models.SafetyFigures.version).desc()).limit(1)).first()


def companies(session: Session, *, ids: Sequence[str] | None = None
              ) -> dict[str, models.MaintenanceCompany]:
    query = select(models.MaintenanceCompany)
    if ids is not None:
        query = query.where(col(models.MaintenanceCompany.company_id).in_(list(ids)))
    return {row.company_id: row for row in session.scalars(
        query.order_by(col(models.MaintenanceCompany.company_id)))}


def blacklist(session: Session, *, offset: int, limit: int) -> list[models.MaintenanceCompany]:
    """The listed companies, earliest listed first, ``limit`` of them from ``offset``."""
    return list(session.scalars(select(models.MaintenanceCompany).where(
        col(models.MaintenanceCompany.blacklisted_on).is_not(None)).order_by(
        col(models.MaintenanceCompany.blacklisted_on),
        col(models.MaintenanceCompany.company_id)).offset(offset).limit(limit)))


def put_indicators(session: Session, *, year: int,
                   values: Mapping[tuple[str, str], int]) -> None:
    """Record (company, indicator) → per mille for ``year``, replacing earlier values."""
    stored = {(r.company_id, r.indicator): r for r in session.scalars(
        select(models.CompanyIndicator).where(col(models.CompanyIndicator.year) == year))}
    for (company, indicator), value in values.items():
        row = stored.get((company, indicator)) or models.CompanyIndicator(
            year=year, company_id=company, indicator=indicator, per_mille=value)
        row.per_mille = value
        session.add(row)
    session.flush()


def indicators(session: Session, *, year: int) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for row in session.scalars(select(models.CompanyIndicator).where(
            col(models.CompanyIndicator.year) == year)):
        found.setdefault(row.company_id, {})[row.indicator] = row.per_mille
    return found




def latest_sweep(session: Session) -> models.InspectionSweep | None:
    return session.scalars(select(models.InspectionSweep).order_by(
        col(models.InspectionSweep.id).desc()).limit(1)).first()


def latest_reports(session: Session) -> list[models.TargetReport]:
    """The latest stored report of every scope (its latest year)."""
    latest: dict[str, models.TargetReport] = {}
    for row in session.scalars(select(models.TargetReport).order_by(
            col(models.TargetReport.year), col(models.TargetReport.id))):
        latest[row.district] = row
    return [latest[d] for d in sorted(latest)]
