"""Reads across the registry's entities, for reports, due lists, gauges and sweeps; each
returns domain facts, not rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    case,
    cast,
    extract,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.sql import ClauseElement
from sqlmodel import Session, col

from cityscore.core import db
from cityscore.core.kernel.types import NO_DATE, ComplianceStatus
from cityscore.services.lpg_registry import domain, models, repository


def enterprise_districts(session: Session) -> dict[str, str]:
    """The district of every enterprise, by enterprise id."""
    return {e.enterprise_id: e.district for e in repository.enterprises(session)}


def refusal_counts(session: Session, *, enterprise_id: str | None, district: str | None
                   ) -> list[tuple[str, str, int]]:
    """(kind, reason, refusals) in the caller's scope, by kind and reason."""
    tally = Counter((kind, code)
                    for kind, codes in refusal_codes(session, enterprise_id=enterprise_id,
                                                     district=district)
                    for code in codes.split())
    return [(kind, code, n) for (kind, code), n in sorted(tally.items())]


def campaign_progress(session: Session, *, districts: Sequence[str],
                      default_deadline: dt.date) -> list[domain.CampaignProgress]:
    """Registrations against each district's surveyed estimate and deadline (§2.2)."""
    counts = registration_counts(session, default_deadline=default_deadline)
    campaigns_by_district = campaigns(session)
    result = []
    for code in districts:
        on_time, late, reviewed = counts.get(code, (0, 0, 0))
        campaign = campaigns_by_district.get(code)
        result.append(domain.CampaignProgress(
            district=code, surveyed_estimate=campaign.surveyed_estimate if campaign else 0,
            deadline=campaign.deadline if campaign else default_deadline,
            registered_by_deadline=on_time, registered_after_deadline=late,
            reviewed=reviewed))
    return result


#: Cylinders read and swept per chunk: the rows a chunk holds in memory before they are
#: integer columns.
SWEEP_CHUNK = 100_000


def sweep_inputs(session: Session, *, policy: domain.Policy, today: dt.date,
                 progress: Callable[[int], None] | None = None
                 ) -> tuple[domain.SweepInputs, dict[str, str]]:
    """The columns of every cylinder in service (day numbers computed by the database, read
    a chunk at a time into integer arrays), and the district of each enterprise;
    ``progress`` is told the cylinders read after each chunk."""
    district_of = enterprise_districts(session)
    names = sorted(district_of)
    index = {name: i for i, name in enumerate(names)}
    inputs = domain.SweepInputs(today, policy.version, names)
    done = 0
    with db.driver_rows(session, _sweep_query(session), name="lpg_sweep",
                        chunk=SWEEP_CHUNK) as chunks:
        for chunk in chunks:
            owners, made, last, passed, standards, stamped = zip(*chunk, strict=True)
            made_day = np.array(made, dtype=np.int32)
            inputs.extend(np.fromiter(map(index.__getitem__, owners), dtype=np.int32,
                                      count=len(owners)),
                          made_day, np.array(last, dtype=np.int32),
                          np.array(passed, dtype=np.int8),
                          domain.life_columns(policy, standards, stamped, made_day))
            done += len(chunk)
            if progress is not None:
                progress(done)
    return inputs, district_of


def cylinders_to_sweep(session: Session) -> int:
    """How many cylinders are in service."""
    return int(session.scalar(select(func.count()).select_from(models.Cylinder).where(
        col(models.Cylinder.status) == "IN_SERVICE")) or 0)


def due_cylinders(session: Session, *, policy: domain.Policy, enterprise_id: str,
                  today: dt.date) -> list[tuple[domain.CylinderState, domain.Compliance]]:
    """An enterprise's cylinders to act on, soonest first (§4)."""
    rows = cylinders_in_service(session, enterprise_id=enterprise_id)
    return domain.due_cylinders(policy, [repository.cylinder_state(r) for r in rows], today)


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


def _sweep_query(session: Session) -> ClauseElement:
    """Every cylinder in service in trace-code order: owner, manufacture day, last inspection
    day (``NO_DATE`` if never), passed (0/1), standard, stamped design life; read as the
    driver's tuples, since at millions of rows the ORM's row objects cost more than the
    read."""
    c = models.Cylinder
    query = select(col(c.owner_enterprise_id), db.day_number(session, col(c.manufacture_date)),
                   func.coalesce(db.day_number(session, col(c.last_inspection_date)), NO_DATE),
                   cast(col(c.last_inspection_passed), Integer), col(c.standard),
                   col(c.design_life_years)).where(
        col(c.status) == "IN_SERVICE").order_by(col(c.trace_code))
    return query


def cylinders_in_service(session: Session, *, enterprise_id: str) -> list[models.Cylinder]:
    return list(session.scalars(select(models.Cylinder).where(
        col(models.Cylinder.owner_enterprise_id) == enterprise_id,
        col(models.Cylinder.status) == "IN_SERVICE")))


def cylinders_by_status(session: Session) -> dict[str, int]:
    return {status: int(n) for status, n in session.execute(
        select(col(models.Cylinder.status), func.count()).group_by(col(models.Cylinder.status)))}


def _date_key(column: Any) -> ColumnElement[Any]:
    """A date column as the number yyyymmdd, so that "+ n years" is "+ n·10000"."""
    return (extract("year", column) * 10000 + extract("month", column) * 100
            + extract("day", column))


def _made_within(made: Any, life: domain.StandardLife) -> ColumnElement[bool]:
    """The manufacture dates a regime covers, as a condition on the column ``made``."""
    bounds = [made >= life.made_from] if life.made_from else []
    bounds += [made < life.made_before] if life.made_before else []
    return and_(true(), *bounds)


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
    by_date = [(_made_within(col(c.manufacture_date), life), life)
               for life in cutoffs.lives.values() if life.governs_by_date]
    design = case(*((within, life.design_life_years) for within, life in by_date),
                  *((standard == name, life.design_life_years)
                    for name, life in cutoffs.lives.items()
                    if life.design_life_years is not None), else_=stamped)
    stated = and_(*(~within for within, _ in by_date))
    extensions = [(and_(stated, standard == name, inspected,
                        col(c.last_inspection_passed).is_(True)), life.extended_life_years)
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


@dataclass
class FindingTally:
    open: int = 0
    rectified: int = 0
    overdue: int = 0


def finding_counts(session: Session, *, enterprise_id: str | None, district: str | None,
                   today: dt.date) -> list[tuple[tuple[str, str], FindingTally]]:
    """Findings by (catalogue item, severity) in the caller's scope: a user's finding is in
    its user's district, an enterprise's in the enterprise's."""
    hazard, user, enterprise = models.Hazard, models.User, models.Enterprise
    where = case((col(hazard.user_id).is_(None), col(enterprise.district)),
                 else_=col(user.district))
    query = select(col(hazard.rule_id), col(hazard.severity), col(hazard.open),
                   col(hazard.rectify_by)).join(
        enterprise, col(enterprise.enterprise_id) == col(hazard.enterprise_id)).outerjoin(
        user, col(user.user_id) == col(hazard.user_id))
    if enterprise_id is not None:
        query = query.where(col(hazard.enterprise_id) == enterprise_id)
    if district is not None:
        query = query.where(where == district)
    tallies: dict[tuple[str, str], FindingTally] = {}
    for rule_id, severity, is_open, rectify_by in session.execute(query):
        tally = tallies.setdefault((rule_id, severity), FindingTally())
        if is_open:
            tally.open += 1
            tally.overdue += rectify_by < today
        else:
            tally.rectified += 1
    return sorted(tallies.items())


@dataclass
class UploadTally:
    records: int = 0
    late: int = 0
    max_days_late: int = 0


def upload_counts(session: Session, *, enterprise_id: str | None, district: str | None
                  ) -> list[tuple[tuple[str, str], UploadTally]]:
    """Fills and deliveries by (kind, enterprise) in the caller's scope (an enterprise's
    district), with how many were received on a later day than they happened."""
    tallies: dict[tuple[str, str], UploadTally] = {}
    for kind, model in (("FILL", models.Fill), ("DELIVERY", models.Delivery)):
        query = select(col(model.enterprise_id), func.count(), func.sum(
            case((col(model.days_late) > 0, 1), else_=0)), func.max(col(model.days_late))
        ).group_by(col(model.enterprise_id))
        if enterprise_id is not None:
            query = query.where(col(model.enterprise_id) == enterprise_id)
        if district is not None:
            query = query.join(models.Enterprise, col(models.Enterprise.enterprise_id)
                               == col(model.enterprise_id)).where(
                col(models.Enterprise.district) == district)
        for owner, records, late, most in session.execute(query):
            tallies[(kind, owner)] = UploadTally(records, int(late or 0), int(most or 0))
    return sorted(tallies.items())
