"""Rows of the special-equipment service: reads and writes inside the caller's unit of work,
keyword-only. Reads across many rows for reports and sweeps are in ``queries``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, exc, insert, select, update
from sqlmodel import Session, col

from cityscore.core.errors import AlreadyExists
from cityscore.services.special_equipment import models

IN_CHUNK = 900
"""Rows per ``IN (...)`` look-up, below SQLite's bound-parameter limit."""


def add(session: Session, *, row: Any) -> Any:
    """Insert or update one row and flush, so keys and constraint errors show up now."""
    session.add(row)
    session.flush()
    return row


def add_unique(session: Session, *, row: Any, kind: str, name: str) -> Any:
    """Insert ``row``; a unique-key clash (even a concurrent one) is ALREADY_EXISTS."""
    try:
        with session.begin_nested():
            return add(session, row=row)
    except exc.IntegrityError:
        raise AlreadyExists(kind, name) from None


def get(session: Session, *, model: type[Any], key: object) -> Any:
    return session.get(model, key)


def elevators_by_code(session: Session, *, codes: Sequence[str], lock: bool = False
                      ) -> dict[str, models.Elevator]:
    """The stored elevators among ``codes``; ``lock`` takes row locks (PostgreSQL) for the
    rest of the unit of work."""
    found: dict[str, models.Elevator] = {}
    for start in range(0, len(codes), IN_CHUNK):
        query = select(models.Elevator).where(
            col(models.Elevator.registration_code).in_(codes[start:start + IN_CHUNK]))
        for row in session.scalars(query.with_for_update() if lock else query):
            found[row.registration_code] = row
    return found


def insert_many(session: Session, *, model: type[Any], rows: Sequence[Mapping[str, Any]]) -> None:
    """Batched insert (``executemany``), not one ORM object per row (architecture page §8)."""
    if rows:
        session.execute(insert(model.__table__), list(rows))


def amend_elevators(session: Session, *, rows: Sequence[Mapping[str, Any]]) -> None:
    """Batched update of stored elevators by registration code (``executemany``)."""
    if not rows:
        return
    table: Table = models.Elevator.__table__  # type: ignore[attr-defined]
    columns = [c for c in rows[0] if c != "registration_code"]
    statement = update(table).where(
        table.c.registration_code == bindparam("code")).values(
        {c: bindparam(f"new_{c}") for c in columns})
    session.connection().execute(statement, [
        {"code": r["registration_code"], **{f"new_{c}": r[c] for c in columns}}
        for r in rows])
    session.expire_all()


def elevators(session: Session, *, district: str, after_code: str, limit: int
              ) -> list[models.Elevator]:
    query = select(models.Elevator).where(col(models.Elevator.registration_code) > after_code)
    if district:
        query = query.where(col(models.Elevator.district) == district)
    return list(session.scalars(query.order_by(col(models.Elevator.registration_code))
                                .limit(limit)))


def annex_states(session: Session) -> dict[int, models.AnnexTaskState]:
    return {row.number: row for row in session.scalars(select(models.AnnexTaskState))}


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


def blacklist(session: Session) -> list[models.MaintenanceCompany]:
    return list(session.scalars(select(models.MaintenanceCompany).where(
        col(models.MaintenanceCompany.blacklisted_on).is_not(None)).order_by(
        col(models.MaintenanceCompany.blacklisted_on),
        col(models.MaintenanceCompany.company_id))))


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
