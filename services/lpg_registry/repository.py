"""Rows of the LPG registry: reads and writes of one entity at a time, keyword-only, inside
the caller's unit of work. The facts a rule reads (``FillFacts``, ``DeliveryFacts``) are
gathered here in one trip; reads across entities for reports are in ``queries``."""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Date,
    and_,
    bindparam,
    exc,
    func,
    literal,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlmodel import Session, col

from cityscore.core import db
from cityscore.core.errors import Conflict, NotFound
from cityscore.services.lpg_registry import domain, models

IN_CHUNK = db.IN_CHUNK
# Rows are added through core's helpers (flush at once; a unique clash is ALREADY_EXISTS).
add = db.add
add_unique = db.add_unique


def get(session: Session, *, model: type[Any], key: object) -> Any:
    return session.get(model, key)


def district_of(session: Session, *, enterprise_id: str) -> str:
    """The district an enterprise is registered in ("" for an unknown enterprise)."""
    row = session.get(models.Enterprise, enterprise_id)
    return row.district if row is not None else ""


def enterprises(session: Session, *, district: str | None = None,
                enterprise_id: str | None = None, after: str | None = None,
                limit: int | None = None) -> list[models.Enterprise]:
    """Enterprises in id order (of a district, or one), after the id ``after``."""
    query = select(models.Enterprise).order_by(col(models.Enterprise.enterprise_id))
    if district is not None:
        query = query.where(col(models.Enterprise.district) == district)
    if enterprise_id is not None:
        query = query.where(col(models.Enterprise.enterprise_id) == enterprise_id)
    if after is not None:
        query = query.where(col(models.Enterprise.enterprise_id) > after)
    return list(session.scalars(query.limit(limit)))


def expired_active_enterprises(session: Session, *, today: dt.date) -> list[models.Enterprise]:
    return list(session.scalars(select(models.Enterprise).where(
        col(models.Enterprise.status) == "ACTIVE",
        col(models.Enterprise.licence_valid_until) < today)))


def suspend_expired_enterprises(session: Session, *, today: dt.date
                                 ) -> list[models.Enterprise]:
    """Suspend every active enterprise whose licence ended before ``today``."""
    suspended = expired_active_enterprises(session, today=today)
    for row in suspended:
        row.status = "SUSPENDED"
        session.add(row)
    session.flush()
    return suspended


def _stored(session: Session, column: Any, values: Sequence[str]) -> set[str]:
    """Which of ``values`` are stored in ``column``: one query whatever their number, the
    values passed as one JSON array (``json_each`` on SQLite, ``jsonb_array_elements_text``
    on PostgreSQL)."""
    if not values:
        return set()
    if db.is_postgresql(session.get_bind()):
        listed = select(func.jsonb_array_elements_text(
            literal(list(values), postgresql.JSONB)).column_valued())
    else:
        listed = select(literal_column("value")).select_from(
            func.json_each(json.dumps(list(values))))
    return set(session.scalars(select(column).where(column.in_(listed.scalar_subquery()))))


def existing_identities(session: Session, *, keys: Sequence[str]) -> set[str]:
    return _stored(session, col(models.User.identity_key), keys)


def existing_enterprises(session: Session, *, enterprise_ids: Sequence[str]) -> set[str]:
    return _stored(session, col(models.Enterprise.enterprise_id), enterprise_ids)


#: The columns of an imported user, in the order ``insert_users`` takes them.
USER_COLUMNS = ("identity_key", "user_type", "enterprise_id", "name", "id_masked",
                "key_version", "phone_hash", "phone_masked", "business_name", "credit_code",
                "address", "district", "subdistrict", "grid_cell", "review_status",
                "safety_verified", "registered_on", "licence_number", "licence_valid_until")


def insert_users(session: Session, *, rows: Sequence[tuple[Any, ...]]) -> None:
    """New users, tuples in ``USER_COLUMNS`` order, straight through the driver."""
    _bulk(session, models.User, USER_COLUMNS, rows, ("registered_on", "licence_valid_until"))


def _bulk(session: Session, model: type[Any], columns: Sequence[str],
          rows: Sequence[tuple[Any, ...]], dates: Sequence[str]) -> None:
    """``core.db.bulk_insert`` of ``rows`` into ``model``'s table, its date columns (which may
    be empty) named."""
    db.bulk_insert(session, model.__tablename__, columns, rows,
                   date_columns=[columns.index(name) for name in dates])


def existing_trace_codes(session: Session, *, codes: Sequence[str]) -> set[str]:
    return _stored(session, col(models.Cylinder.trace_code), codes)


def insert_many(session: Session, *, model: type[Any], rows: Sequence[Mapping[str, Any]]) -> None:
    """Rows (each with the same keys) straight through the driver, not one ORM object per
    row (architecture page §8)."""
    if rows:
        columns = tuple(rows[0])
        values = operator.itemgetter(*columns)
        as_tuple = (lambda row: (values(row),)) if len(columns) == 1 else values
        _bulk(session, model, columns, [as_tuple(row) for row in rows],
              [name for name in columns if isinstance(model.__table__.c[name].type, Date)])


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


def move_cylinder(session: Session, *, trace_code: str, version: int, location_kind: str,
                  location_id: str, filled: bool) -> None:
    """Compare-and-set on ``version`` (as read): a concurrent move in between makes this one
    ABORTED."""
    result = session.execute(update(models.Cylinder).where(
        col(models.Cylinder.trace_code) == trace_code,
        col(models.Cylinder.version) == version).values(
        location_kind=location_kind, location_id=location_id, filled=filled,
        version=version + 1).execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"cylinder {trace_code} moved meanwhile; check and retry")


def hazards(session: Session, *, user_id: int | None, enterprise_id: str | None,
            include_rectified: bool, after_id: int, limit: int) -> list[models.Hazard]:
    """The findings of a user, or of an enterprise (its own and its users'), by id."""
    hazard = models.Hazard
    query = select(hazard).where(col(hazard.id) > after_id)
    if user_id is not None:
        query = query.where(col(hazard.user_id) == user_id)
    if enterprise_id is not None:
        query = query.where(col(hazard.enterprise_id) == enterprise_id)
    if not include_rectified:
        query = query.where(col(hazard.open))
    return list(session.scalars(query.order_by(col(hazard.id)).limit(limit)))


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


def sweep(session: Session, *, sweep_id: int) -> models.Sweep | None:
    """The sweep ``sweep_id``, or the latest one for 0."""
    if sweep_id:
        return session.get(models.Sweep, sweep_id)
    return session.scalars(select(models.Sweep).order_by(col(models.Sweep.id).desc())
                           .limit(1)).first()


def keep_refusal(session: Session, *, refusal: models.Refusal, trace_codes: Iterable[str]
                 ) -> bool:
    """Keep a refusal once per (kind, request id), with an event on each known cylinder.

    False when it is kept already, also by a concurrent retry of the same request.
    """
    if refusal_recorded(session, kind=refusal.kind, request_id=refusal.request_id):
        return False
    try:
        with session.begin_nested():
            add(session, row=refusal)
    except exc.IntegrityError:
        return False
    known = cylinders(session, codes=trace_codes)
    add_events(session, trace_codes=sorted(known), on=refusal.refused_on,
               event=f"{refusal.kind.lower()}_refused", detail=refusal.codes)
    return True


def cylinder_state(row: models.Cylinder) -> domain.CylinderState:
    return domain.CylinderState(
        trace_code=row.trace_code, owner_enterprise_id=row.owner_enterprise_id, model=row.model,
        standard=row.standard, manufacture_date=row.manufacture_date,
        design_life_years=row.design_life_years, tare_g=row.tare_g,
        last_inspection_date=row.last_inspection_date,
        last_inspection_passed=row.last_inspection_passed, status=row.status,
        location_kind=row.location_kind, location_id=row.location_id, filled=row.filled)


def enterprise_state(row: models.Enterprise) -> domain.EnterpriseState:
    return domain.EnterpriseState(row.enterprise_id, row.status, row.licence_valid_until)


def staff_state(session: Session, *, staff_id: str) -> domain.StaffState | None:
    row = session.get(models.Staff, staff_id) if staff_id else None
    return None if row is None else domain.StaffState(
        row.staff_id, row.enterprise_id, row.role, row.certificate_valid_until)


def fill_facts(session: Session, *, policy: domain.Policy, enterprise: models.Enterprise,
               trace_code: str, filler_staff_id: str, rechecker_staff_id: str,
               today: dt.date) -> tuple[domain.FillFacts, models.Cylinder]:
    """What the fill rules read, and the cylinder row (locked) the fill moves."""
    row = cylinders(session, codes=[trace_code], lock=True).get(trace_code)
    if row is None:
        raise NotFound("cylinder", trace_code)
    state = cylinder_state(row)
    return domain.FillFacts(
        enterprise=enterprise_state(enterprise), cylinder=state,
        compliance=domain.compliance(policy, [state], today)[0],
        filler=staff_state(session, staff_id=filler_staff_id),
        rechecker=staff_state(session, staff_id=rechecker_staff_id)), row


@dataclass(frozen=True, slots=True)
class DeliveryRead:
    """What a delivery reads: the rules' facts, the district of the plan's enterprise, the
    version of each named cylinder found (what a move compares and sets) and the user's
    district (None: no such user)."""

    facts: domain.DeliveryFacts
    enterprise_district: str
    versions: dict[str, int]
    user_district: str | None


@functools.cache
def _delivery_statements() -> tuple[Any, Any, Any]:
    """The two statements of a delivery check, built once (bound by name): the enterprise
    with the user, staff member, vehicle and the user's open hazards; the cylinders named and
    held (and the same, locked)."""
    tables: list[Any] = [models.Enterprise, models.User, models.Staff, models.Vehicle,
                         models.Hazard, models.Cylinder]
    e, u, s, v, h, c = (t.__table__ for t in tables)
    people = select(
        e.c.district, e.c.status, e.c.licence_valid_until,
        u.c.user_id, u.c.enterprise_id, u.c.user_type, u.c.review_status, u.c.safety_verified,
        u.c.licence_valid_until, u.c.district,
        s.c.staff_id, s.c.enterprise_id, s.c.role, s.c.certificate_valid_until,
        v.c.plate, v.c.enterprise_id, v.c.permit_valid_until,
        h.c.id, h.c.severity, h.c.deliveries_since).select_from(
        e.outerjoin(u, u.c.user_id == bindparam("user_id"))
        .outerjoin(s, s.c.staff_id == bindparam("staff_id"))
        .outerjoin(v, v.c.plate == bindparam("plate"))
        .outerjoin(h, and_(h.c.user_id == u.c.user_id, h.c.open))).where(
        e.c.enterprise_id == bindparam("enterprise_id")).order_by(h.c.id)
    cylinders = select(
        c.c.trace_code, c.c.owner_enterprise_id, c.c.model, c.c.standard, c.c.manufacture_date,
        c.c.design_life_years, c.c.tare_g, c.c.last_inspection_date,
        c.c.last_inspection_passed, c.c.status, c.c.location_kind, c.c.location_id,
        c.c.filled, c.c.version).where(or_(
            c.c.trace_code.in_(bindparam("codes", expanding=True)),
            and_(c.c.location_kind == domain.AT_USER, c.c.location_id == bindparam("held_at"))))
    return people, cylinders, cylinders.with_for_update()


def delivery_facts(session: Session, *, policy: domain.Policy, enterprise_id: str,
                   user_id: int, staff_id: str, vehicle_plate: str,
                   cylinders_out: Sequence[str], empties_back: Sequence[str], lock: bool,
                   today: dt.date) -> DeliveryRead | None:
    """What the delivery rules read, in two queries built once: the enterprise with the user,
    staff member, vehicle and the user's open hazards (one row per hazard), then the cylinders
    named and those the user holds (locked when ``lock``); None for an unknown enterprise."""
    people, cylinders, locked = _delivery_statements()
    connection = session.connection()
    found = connection.execute(people, {
        "enterprise_id": enterprise_id, "user_id": user_id, "staff_id": staff_id,
        "plate": vehicle_plate.upper()}).all()
    if not found:
        return None
    first = found[0]
    named = {*cylinders_out, *empties_back}
    held_at = str(user_id)
    rows = connection.execute(locked if lock else cylinders,
                              {"codes": sorted(named), "held_at": held_at}).all()
    by_code = {row[0]: row for row in rows if row[0] in named}
    user = None if first[3] is None else domain.UserState(
        first[3], first[4], first[5], first[6], bool(first[7]),
        frozenset(row[0] for row in rows
                  if row[10] == domain.AT_USER and row[11] == held_at), first[8])
    states = [domain.CylinderState(*by_code[code][:13]) for code in cylinders_out
              if code in by_code]
    checked = domain.compliance(policy, states, today) if states else []
    facts = domain.DeliveryFacts(
        enterprise=domain.EnterpriseState(enterprise_id, first[1], first[2]),
        enterprise_id=enterprise_id, user=user,
        open_hazards=[domain.HazardState(row[17], row[18], row[19]) for row in found
                      if row[17] is not None],
        staff=None if first[10] is None else domain.StaffState(*first[10:14]),
        vehicle=None if first[14] is None else domain.VehicleState(*first[14:17]),
        cylinders_out=list(cylinders_out), empties_back=list(empties_back),
        cylinders={s.trace_code: (s, c) for s, c in zip(states, checked, strict=True)})
    return DeliveryRead(facts, first[0], {code: row[13] for code, row in by_code.items()},
                        None if first[3] is None else first[9])


def assets(session: Session, *, model: type[Any], key: str, enterprise_id: str,
           after: str | None, limit: int) -> list[Any]:
    """An enterprise's stations, staff or vehicles in the order of ``key``, after ``after``."""
    column = getattr(model, key)
    query = select(model).where(col(model.enterprise_id) == enterprise_id)
    if after is not None:
        query = query.where(col(column) > after)
    return list(session.scalars(query.order_by(col(column)).limit(limit)))


@dataclass(frozen=True, slots=True)
class UserQuery:
    """What ``find_users`` matches: every criterion given (not None) must hold; a phone
    matches any of its keyed hashes (``phone_hashes``)."""

    identity_key: str | None = None
    phone_hashes: tuple[str, ...] | None = None
    name_contains: str | None = None
    address_contains: str | None = None
    grid_cell: str | None = None
    district: str | None = None
    enterprise_id: str | None = None
    review_status: str | None = None


def _contains(column: Any, fragment: str) -> Any:
    return func.lower(column).contains(fragment.lower(), autoescape=True)


def find_users(session: Session, *, query: UserQuery, after_user_id: int, limit: int
               ) -> list[models.User]:
    """Users matching ``query`` in user id order, after ``after_user_id``; identifiers match
    through their keyed hashes only."""
    user = models.User
    found = select(user).where(col(user.user_id) > after_user_id)
    exact = ((query.identity_key, user.identity_key), (query.grid_cell, user.grid_cell),
             (query.district, user.district), (query.enterprise_id, user.enterprise_id),
             (query.review_status, user.review_status))
    for value, column in exact:
        if value is not None:
            found = found.where(col(column) == value)
    if query.phone_hashes is not None:
        found = found.where(col(user.phone_hash).in_(query.phone_hashes))
    if query.name_contains is not None:
        found = found.where(or_(_contains(col(user.name), query.name_contains),
                                _contains(col(user.business_name), query.name_contains)))
    if query.address_contains is not None:
        found = found.where(_contains(col(user.address), query.address_contains))
    return list(session.scalars(found.order_by(col(user.user_id)).limit(limit)))


def users_by_id(session: Session, *, user_ids: Sequence[int]) -> dict[int, models.User]:
    found: dict[int, models.User] = {}
    for start in range(0, len(user_ids), IN_CHUNK):
        chunk = user_ids[start:start + IN_CHUNK]
        found.update((u.user_id or 0, u) for u in session.scalars(
            select(models.User).where(col(models.User.user_id).in_(chunk))))
    return found


def all_users(session: Session, *, query: UserQuery) -> list[models.User]:
    """Every user matching ``query``, read in chunks in user id order."""
    found: list[models.User] = []
    while chunk := find_users(session, query=query,
                              after_user_id=found[-1].user_id or 0 if found else 0,
                              limit=IN_CHUNK):
        found += chunk
    return found
