"""Queries and writes of the wage-payment assessment; the caller's unit of work commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select

from cityscore.core.errors import NotFound
from cityscore.services.wage_assessment import models


def scheme(session: Session, *, version: str) -> models.Scheme:
    found = session.exec(select(models.Scheme).where(models.Scheme.version == version)).first()
    if found is None:
        raise NotFound("scheme", version)
    return found


def scheme_exists(session: Session, *, version: str) -> bool:
    return session.exec(select(models.Scheme.id).where(
        models.Scheme.version == version)).first() is not None


def schemes(session: Session) -> Sequence[models.Scheme]:
    return session.exec(select(models.Scheme).order_by(
        col(models.Scheme.year), col(models.Scheme.version))).all()


def cycle(session: Session, *, year: int, lock: bool = False) -> models.Cycle:
    """The cycle of an assessment year; ``lock`` serialises writers on PostgreSQL."""
    query = select(models.Cycle).where(models.Cycle.year == year)
    found = session.exec(query.with_for_update() if lock else query).first()
    if found is None:
        raise NotFound("assessment year", str(year))
    return found


def cycle_exists(session: Session, *, year: int) -> bool:
    return session.exec(select(models.Cycle.id).where(
        models.Cycle.year == year)).first() is not None


def cycles(session: Session) -> Sequence[models.Cycle]:
    return session.exec(select(models.Cycle).order_by(col(models.Cycle.year))).all()


def unit_codes(session: Session, *, cycle_id: int) -> list[str]:
    return list(session.exec(select(models.Unit.code).where(
        models.Unit.cycle_id == cycle_id).order_by(col(models.Unit.position))).all())


def has_unit(session: Session, *, cycle_id: int, code: str) -> bool:
    return session.exec(select(models.Unit.id).where(
        models.Unit.cycle_id == cycle_id, models.Unit.code == code)).first() is not None


def self_checks(session: Session, *, cycle_id: int) -> dict[str, models.SelfCheck]:
    rows = session.exec(select(models.SelfCheck).where(models.SelfCheck.cycle_id == cycle_id))
    return {row.unit_code: row for row in rows}


def item_values(session: Session, *, cycle_id: int, unit_code: str | None = None
                ) -> Sequence[models.ItemValue]:
    query = select(models.ItemValue).where(models.ItemValue.cycle_id == cycle_id)
    if unit_code is not None:
        query = query.where(models.ItemValue.unit_code == unit_code)
    return session.exec(query.order_by(col(models.ItemValue.id))).all()


def item_value_columns(session: Session, *, cycle_id: int) -> Sequence[Any]:
    """Just the value columns of every item of a cycle, as plain rows (no ORM objects): what
    grading reads, fast enough for national-scale years."""
    t = models.ItemValue
    return session.execute(sa_select(
        col(t.unit_code), col(t.indicator_id), col(t.self_value), col(t.self_denominator),
        col(t.self_sub_points), col(t.verified), col(t.verified_value),
        col(t.verified_denominator), col(t.verified_sub_points)).where(
        col(t.cycle_id) == cycle_id)).all()


def item_value_ids(session: Session, *, cycle_id: int) -> dict[tuple[str, str], int]:
    """Row ids of a cycle's item values by (unit, indicator), for bulk upserts."""
    t = models.ItemValue
    return {(code, indicator): row_id for row_id, code, indicator in session.execute(
        sa_select(col(t.id), col(t.unit_code), col(t.indicator_id)).where(
            col(t.cycle_id) == cycle_id)).all()}


def bulk_update_item_values(session: Session, *, rows: Sequence[dict[str, Any]]) -> None:
    """Update many item values by primary key in one executemany."""
    if rows:
        session.execute(update(models.ItemValue), list(rows))


def bulk_insert_item_values(session: Session, *, rows: Sequence[dict[str, Any]]) -> None:
    """Many item values in one executemany (architecture page §8: bulk writes batch)."""
    if rows:  # Core insert on the table: one executemany, not batches by None pattern
        session.execute(insert(SQLModel.metadata.tables["wage_assessment_item_value"]),
                        list(rows))


def incidents(session: Session, *, cycle_id: int, unit_code: str | None = None
              ) -> Sequence[models.Incident]:
    query = select(models.Incident).where(models.Incident.cycle_id == cycle_id)
    if unit_code is not None:
        query = query.where(models.Incident.unit_code == unit_code)
    return session.exec(query.order_by(col(models.Incident.incident_date),
                                       col(models.Incident.id))).all()


def review_flags(session: Session, *, cycle_id: int) -> Sequence[models.ReviewFlag]:
    return session.exec(select(models.ReviewFlag).where(
        models.ReviewFlag.cycle_id == cycle_id)).all()


def review_flag(session: Session, *, cycle_id: int, unit_code: str, flag: str
                ) -> models.ReviewFlag | None:
    return session.exec(select(models.ReviewFlag).where(
        models.ReviewFlag.cycle_id == cycle_id, models.ReviewFlag.unit_code == unit_code,
        models.ReviewFlag.flag == flag)).first()


def latest_run(session: Session, *, cycle_id: int) -> models.GradingRun | None:
    return session.exec(select(models.GradingRun).where(
        models.GradingRun.cycle_id == cycle_id).order_by(
        col(models.GradingRun.run_no).desc())).first()


def grades(session: Session, *, run_id: int) -> Sequence[models.Grade]:
    return session.exec(select(models.Grade).where(models.Grade.run_id == run_id).order_by(
        col(models.Grade.rank), col(models.Grade.id))).all()


def grade_of(session: Session, *, run_id: int, unit_code: str) -> models.Grade | None:
    return session.exec(select(models.Grade).where(
        models.Grade.run_id == run_id, models.Grade.unit_code == unit_code)).first()


def bulk_insert_grades(session: Session, *, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(models.Grade), list(rows))


def commendations(session: Session, *, cycle_id: int) -> Sequence[models.Commendation]:
    return session.exec(select(models.Commendation).where(
        models.Commendation.cycle_id == cycle_id).order_by(
        col(models.Commendation.unit_code))).all()


def falsifications(session: Session, *, cycle_id: int, unit_code: str
                   ) -> Sequence[models.Falsification]:
    return session.exec(select(models.Falsification).where(
        models.Falsification.cycle_id == cycle_id,
        models.Falsification.unit_code == unit_code).order_by(
        col(models.Falsification.id))).all()


def rectification(session: Session, *, cycle_id: int, unit_code: str
                  ) -> models.Rectification | None:
    return session.exec(select(models.Rectification).where(
        models.Rectification.cycle_id == cycle_id,
        models.Rectification.unit_code == unit_code)).first()


def rectifications(session: Session, *, cycle_id: int | None = None
                   ) -> Sequence[models.Rectification]:
    query = select(models.Rectification)
    if cycle_id is not None:
        query = query.where(models.Rectification.cycle_id == cycle_id)
    return session.exec(query.order_by(col(models.Rectification.report_due),
                                       col(models.Rectification.unit_code))).all()


def history(session: Session, *, unit_code: str
            ) -> list[tuple[models.Cycle, models.Grade | None, int]]:
    """Per year the unit took part in: the cycle, its latest grade, and the number of units."""
    result = []
    for found in session.exec(select(models.Cycle).join(
            models.Unit, col(models.Unit.cycle_id) == col(models.Cycle.id)).where(
            models.Unit.code == unit_code).order_by(col(models.Cycle.year))).all():
        assert found.id is not None
        run = latest_run(session, cycle_id=found.id)
        grade = grade_of(session, run_id=run.id, unit_code=unit_code) \
            if run is not None and run.id is not None else None
        units = session.exec(select(func.count()).select_from(models.Unit).where(
            models.Unit.cycle_id == found.id)).one()
        result.append((found, grade, int(units)))
    return result


def cycles_by_stage(session: Session) -> dict[str, int]:
    rows = session.exec(select(models.Cycle.stage, func.count()).group_by(
        col(models.Cycle.stage))).all()
    return {stage: int(count) for stage, count in rows}


def latest_grades(session: Session) -> list[tuple[int, str, str]]:
    """(year, unit, grade) of every unit in each cycle's latest grading run."""
    graded: list[tuple[int, str, str]] = []
    for found in cycles(session):
        assert found.id is not None
        run = latest_run(session, cycle_id=found.id)
        if run is None or run.id is None:
            continue
        graded.extend((found.year, unit, grade) for unit, grade in session.exec(
            select(models.Grade.unit_code, models.Grade.grade).where(
                models.Grade.run_id == run.id).order_by(col(models.Grade.unit_code))).all())
    return graded


def overdue_rectifications(session: Session, *, today: dt.date) -> int:
    return int(session.exec(select(func.count()).select_from(models.Rectification).where(
        col(models.Rectification.report_received_on).is_(None),
        col(models.Rectification.report_due) < today)).one())
