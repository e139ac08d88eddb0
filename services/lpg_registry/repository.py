"""Queries and writes of the LPG registry; keyword-only, inside the caller's unit of work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, case, extract, func, insert, or_, select, update
from sqlmodel import Session, col

from cityscore.core.errors import Conflict
from cityscore.core.kernel.types import ComplianceStatus
from cityscore.services.lpg_registry import domain, models

IN_CHUNK = 900
"""Rows per ``IN (...)`` look-up, below SQLite's bound-parameter limit."""


def add(session: Session, *, row: Any) -> Any:
    """Insert one row and flush, so generated keys and constraint errors show up now."""
    session.add(row)
    session.flush()
    return row


def get(session: Session, *, model: type[Any], key: object) -> Any:
    return session.get(model, key)


def enterprises(session: Session, *, district: str | None = None,
                enterprise_id: str | None = None) -> list[models.Enterprise]:
    query = select(models.Enterprise).order_by(col(models.Enterprise.enterprise_id))
    if district is not None:
        query = query.where(col(models.Enterprise.district) == district)
    if enterprise_id is not None:
        query = query.where(col(models.Enterprise.enterprise_id) == enterprise_id)
    return list(session.scalars(query))


def expired_active_enterprises(session: Session, *, today: dt.date) -> list[models.Enterprise]:
    return list(session.scalars(select(models.Enterprise).where(
        col(models.Enterprise.status) == "ACTIVE",
        col(models.Enterprise.licence_valid_until) < today)))


def existing_identities(session: Session, *, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), IN_CHUNK):
        chunk = keys[start:start + IN_CHUNK]
        found.update(session.scalars(select(col(models.User.identity_key)).where(
            col(models.User.identity_key).in_(chunk))))
    return found


def existing_trace_codes(session: Session, *, codes: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(codes), IN_CHUNK):
        chunk = codes[start:start + IN_CHUNK]
        found.update(session.scalars(select(col(models.Cylinder.trace_code)).where(
            col(models.Cylinder.trace_code).in_(chunk))))
    return found


def insert_many(session: Session, *, model: type[Any], rows: Sequence[Mapping[str, Any]]) -> None:
    """Batched insert (``executemany``), not one ORM object per row (architecture page §8)."""
    if rows:
        session.execute(insert(model.__table__), list(rows))


def users(session: Session, *, district: str | None, enterprise_id: str | None,
          after_user_id: int, limit: int) -> list[models.User]:
    query = select(models.User).where(col(models.User.user_id) > after_user_id)
    if district is not None:
        query = query.where(col(models.User.district) == district)
    if enterprise_id is not None:
        query = query.where(col(models.User.enterprise_id) == enterprise_id)
    return list(session.scalars(query.order_by(col(models.User.user_id)).limit(limit)))


def held_cylinders(session: Session, *, user_id: int) -> list[str]:
    return list(session.scalars(select(col(models.Cylinder.trace_code)).where(
        col(models.Cylinder.location_kind) == "USER",
        col(models.Cylinder.location_id) == str(user_id)).order_by(
        col(models.Cylinder.trace_code))))


def cylinders(session: Session, *, codes: Iterable[str], lock: bool = False
              ) -> dict[str, models.Cylinder]:
    """The named cylinders; ``lock`` takes row locks (PostgreSQL) for the rest of the unit."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    query = select(models.Cylinder).where(col(models.Cylinder.trace_code).in_(wanted))
    if lock:
        query = query.with_for_update()
    return {c.trace_code: c for c in session.scalars(query)}


def move_cylinder(session: Session, *, cylinder: models.Cylinder, location_kind: str,
                  location_id: str, filled: bool) -> None:
    """Compare-and-set on ``version``: a concurrent move in between makes this one ABORTED."""
    result = session.execute(update(models.Cylinder).where(
        col(models.Cylinder.trace_code) == cylinder.trace_code,
        col(models.Cylinder.version) == cylinder.version).values(
        location_kind=location_kind, location_id=location_id, filled=filled,
        version=cylinder.version + 1).execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"cylinder {cylinder.trace_code} moved meanwhile; check and retry")


def open_hazards(session: Session, *, user_id: int) -> list[models.Hazard]:
    return list(session.scalars(select(models.Hazard).where(
        col(models.Hazard.user_id) == user_id, col(models.Hazard.open)).order_by(
        col(models.Hazard.id))))


def escalate_hazards(session: Session, *, hazard_ids: Sequence[int]) -> None:
    if hazard_ids:
        session.execute(update(models.Hazard).where(col(models.Hazard.id).in_(hazard_ids))
                        .values(deliveries_since=models.Hazard.deliveries_since + 1))


def add_events(session: Session, *, trace_codes: Iterable[str], on: dt.date, event: str,
               detail: str = "") -> None:
    insert_many(session, model=models.CylinderEvent, rows=[
        {"trace_code": code, "happened_on": on, "event": event, "detail": detail[:500]}
        for code in trace_codes])


def cylinder_events(session: Session, *, trace_code: str) -> list[models.CylinderEvent]:
    return list(session.scalars(select(models.CylinderEvent).where(
        col(models.CylinderEvent.trace_code) == trace_code).order_by(
        col(models.CylinderEvent.id))))


def refusal_recorded(session: Session, *, kind: str, request_id: str) -> bool:
    return session.scalar(select(col(models.Refusal.id)).where(
        col(models.Refusal.kind) == kind, col(models.Refusal.request_id) == request_id)
    ) is not None


def refusal_codes(session: Session, *, enterprise_id: str | None, district: str | None
                  ) -> list[tuple[str, str]]:
    """(kind, space-separated codes) of every refusal in the caller's scope."""
    query = select(col(models.Refusal.kind), col(models.Refusal.codes))
    if enterprise_id is not None:
        query = query.where(col(models.Refusal.enterprise_id) == enterprise_id)
    if district is not None:
        query = query.where(col(models.Refusal.district) == district)
    return [(kind, codes) for kind, codes in session.execute(query)]


def registration_counts(session: Session, *, default_deadline: dt.date
                        ) -> dict[str, tuple[int, int, int]]:
    """Per district: (registered by its deadline, registered after, reviewed)."""
    deadline = func.coalesce(models.Campaign.deadline, default_deadline)
    on_time = case((col(models.User.registered_on) <= deadline, 1), else_=0)
    late = case((col(models.User.registered_on) > deadline, 1), else_=0)
    reviewed = case((col(models.User.review_status) == "REVIEWED", 1), else_=0)
    query = (select(col(models.User.district), func.sum(on_time), func.sum(late),
                    func.sum(reviewed))
             .select_from(models.User)
             .outerjoin(models.Campaign,
                        col(models.Campaign.district) == col(models.User.district))
             .group_by(col(models.User.district)))
    return {d: (int(a or 0), int(b or 0), int(c or 0)) for d, a, b, c in session.execute(query)}


def campaigns(session: Session) -> dict[str, models.Campaign]:
    return {c.district: c for c in session.scalars(select(models.Campaign))}


def sweep_rows(session: Session) -> Iterator[tuple[str, dt.date, dt.date | None, bool, str, int]]:
    """Every cylinder in service: owner, manufacture, last inspection, passed, standard, life."""
    c = models.Cylinder
    query = select(col(c.owner_enterprise_id), col(c.manufacture_date),
                   col(c.last_inspection_date), col(c.last_inspection_passed),
                   col(c.standard), col(c.design_life_years)).where(
        col(models.Cylinder.status) == "IN_SERVICE").order_by(col(models.Cylinder.trace_code))
    for row in session.execute(query.execution_options(yield_per=20_000)):
        yield row[0], row[1], row[2], bool(row[3]), row[4], row[5]


def cylinders_in_service(session: Session, *, enterprise_id: str) -> list[models.Cylinder]:
    return list(session.scalars(select(models.Cylinder).where(
        col(models.Cylinder.owner_enterprise_id) == enterprise_id,
        col(models.Cylinder.status) == "IN_SERVICE")))


def sweep(session: Session, *, sweep_id: int) -> models.Sweep | None:
    """The sweep ``sweep_id``, or the latest one for 0."""
    if sweep_id:
        return session.get(models.Sweep, sweep_id)
    return session.scalars(select(models.Sweep).order_by(col(models.Sweep.id).desc())
                           .limit(1)).first()


def cylinders_by_status(session: Session) -> dict[str, int]:
    return {status: int(n) for status, n in session.execute(
        select(col(models.Cylinder.status), func.count()).group_by(col(models.Cylinder.status)))}


def _date_key(column: Any) -> ColumnElement[Any]:
    """A date column as the number yyyymmdd, so that "+ n years" is "+ n·10000"."""
    return (extract("year", column) * 10000 + extract("month", column) * 100
            + extract("day", column))


def cylinders_by_compliance(session: Session, *, cutoffs: domain.ComplianceCutoffs
                            ) -> dict[ComplianceStatus, int]:
    """Cylinders in service per §4 status, counted by the database in one query.

    The same rule as the kernel's sweep (``domain.compliance``), as date comparisons: next
    inspection = (last inspection, else manufacture) + interval; service limit = manufacture +
    extended life after a passed inspection where the standard has one, else + design life.
    """
    c = models.Cylinder
    standard, stamped = col(c.standard), col(c.design_life_years)
    inspected = col(c.last_inspection_date).is_not(None)
    made = _date_key(col(c.manufacture_date))
    base = case((inspected, _date_key(col(c.last_inspection_date))), else_=made)
    design = case(*((standard == name, life.design_life_years)
                    for name, life in cutoffs.lives.items()
                    if life.design_life_years is not None), else_=stamped)
    extensions = [(and_(standard == name, inspected, col(c.last_inspection_passed).is_(True)),
                   life.extended_life_years)
                  for name, life in cutoffs.lives.items() if life.extended_life_years > 0]
    limit_years = case(*extensions, else_=design) if extensions else design
    limit = made + limit_years * 10000
    upcoming = base + cutoffs.inspection_interval_years * 10000
    status = case(
        (limit <= cutoffs.today_key, int(ComplianceStatus.PAST_SERVICE_LIFE)),
        (upcoming <= cutoffs.today_key, int(ComplianceStatus.INSPECTION_OVERDUE)),
        (or_(limit <= cutoffs.warning_key, upcoming <= cutoffs.warning_key),
         int(ComplianceStatus.DUE_SOON)),
        else_=int(ComplianceStatus.OK)).label("compliance")
    per_cylinder = select(status).where(col(c.status) == "IN_SERVICE").subquery()
    query = select(per_cylinder.c.compliance, func.count()).group_by(per_cylinder.c.compliance)
    return {ComplianceStatus(int(code)): int(n) for code, n in session.execute(query)}
