"""Reads across the register for reports, sweeps, due lists and gauges, in one trip each."""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import case, func, select
from sqlmodel import Session, col

from cityscore.core import db
from cityscore.core.kernel.types import NO_DATE
from cityscore.services.special_equipment import domain, models, repository

E = models.Elevator


def target_facts(session: Session, *, district: str, on: dt.date) -> list[domain.TargetFacts]:
    """What the targets read of every elevator (of ``district``, or all) as the register
    stood on ``on``, by code."""
    query = select(col(E.registration_code), col(E.district), col(E.location_category),
                   col(E.in_use_date), col(E.remote_monitoring), col(E.liability_insurance),
                   col(E.geolocation), col(E.assessed_on), col(E.assessment_result),
                   col(E.renovated_on)).where(repository.holding_on(E, on))
    if district:
        query = query.where(col(E.district) == district)
    return [domain.TargetFacts(*row) for row in
            session.execute(query.order_by(col(E.registration_code)))]


def sweep_inputs(session: Session, *, policy_version: str, today: dt.date,
                 district: str = "") -> tuple[domain.SweepInputs, list[str]]:
    """Every elevator (of ``district``, or all) as the sweep's columns, and their codes: the
    database gives the dates as day numbers (``NO_DATE`` for never inspected) and the failed
    flag as 0/1, read straight into integer arrays; districts are numbered in the order they
    first appear in registration-code order."""
    inspected = col(E.last_inspection_date)
    query = select(col(E.registration_code), col(E.district),
                   db.day_number(session, col(E.in_use_date)),
                   func.coalesce(db.day_number(session, inspected), NO_DATE),
                   case((inspected.is_not(None) & ~col(E.last_inspection_passed), 1), else_=0)
                   ).where(repository.latest(E))
    if district:
        query = query.where(col(E.district) == district)
    result = session.connection().execute(query.order_by(col(E.registration_code)))
    # The driver's own tuples: none of these columns needs SQLAlchemy's per-row processing.
    rows = result.cursor.fetchall()
    result.close()
    codes, districts, in_use, last, failed = ([row[k] for row in rows] for k in range(5))
    index = {name: i for i, name in enumerate(dict.fromkeys(districts))}
    inputs = domain.SweepInputs(
        today, policy_version, list(index),
        np.fromiter(map(index.__getitem__, districts), dtype=np.int32, count=len(rows)),
        *(np.array(days, dtype=np.int32) for days in (in_use, last, failed)))
    return inputs, codes


def elevators_by_district(session: Session) -> dict[str, int]:
    return {d: int(n) for d, n in session.execute(
        select(col(E.district), func.count()).where(repository.latest(E)).group_by(
            col(E.district)))}
