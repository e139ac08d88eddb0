"""Reads across the register for reports, sweeps, due lists and gauges, in one trip each."""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import func, select
from sqlmodel import Session, col

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
    """Every elevator (of ``district``, or all) as the sweep's columns, and their codes."""
    codes: list[str] = []
    index: dict[str, int] = {}
    district_index: list[int] = []
    in_use: list[int] = []
    last: list[int] = []
    failed: list[int] = []
    query = select(col(E.registration_code), col(E.district), col(E.in_use_date),
                   col(E.last_inspection_date), col(E.last_inspection_passed)).where(
        repository.latest(E))
    if district:
        query = query.where(col(E.district) == district)
    for code, where, used, inspected, passed in session.execute(query.order_by(
            col(E.registration_code))):
        codes.append(code)
        district_index.append(index.setdefault(where, len(index)))
        in_use.append(domain.day_or_no_date(used))
        last.append(domain.day_or_no_date(inspected))
        failed.append(int(inspected is not None and not passed))
    inputs = domain.SweepInputs(today, policy_version, list(index),
                                np.array(district_index, dtype=np.int32),
                                np.array(in_use, dtype=np.int32),
                                np.array(last, dtype=np.int32),
                                np.array(failed, dtype=np.int32))
    return inputs, codes


def elevators_by_district(session: Session) -> dict[str, int]:
    return {d: int(n) for d, n in session.execute(
        select(col(E.district), func.count()).where(repository.latest(E)).group_by(
            col(E.district)))}
