"""Read queries of the wage-payment assessment that span a year's units rather than load one
entity: what grading reads, a district's history, and the stored state the gauges show."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from cityscore.services.wage_assessment import domain, models
from cityscore.services.wage_assessment import repository as repo


def unit_inputs(session: Session, *, cycle_id: int) -> list[domain.UnitInputs]:
    """What grading reads of every unit, in table order: final item values (verified where
    present), incidents and review flags in force (withdrawn ones left out). Item values are
    read as plain columns, fast enough for national-scale years."""
    t = models.ItemValue
    items: dict[str, dict[str, domain.ItemInput]] = {}
    for (code, indicator_id, own, own_den, own_subs, verified, checked, checked_den,
         checked_subs) in session.execute(sa_select(
            col(t.unit_code), col(t.indicator_id), col(t.self_value), col(t.self_denominator),
            col(t.self_sub_points), col(t.verified), col(t.verified_value),
            col(t.verified_denominator), col(t.verified_sub_points)).where(
            col(t.cycle_id) == cycle_id)).all():
        if verified and checked is not None:
            final = domain.ItemInput(checked, checked_den, repo.split_ids(checked_subs))
        elif own is not None:
            final = domain.ItemInput(own, own_den, repo.split_ids(own_subs))
        else:
            continue
        items.setdefault(code, {})[indicator_id] = final
    incidents: dict[str, list[domain.IncidentInput]] = {}
    for incident in repo.incidents(session, cycle_id=cycle_id, in_force=True):
        incidents.setdefault(incident.unit_code, []).append(domain.IncidentInput(
            incident.kind, incident.people, incident.government_project,
            incident.serious_consequence))
    flags: dict[str, dict[str, domain.FlagInput]] = {}
    for flag in repo.review_flags(session, cycle_id=cycle_id):
        flags.setdefault(flag.unit_code, {})[flag.flag] = domain.FlagInput(
            flag.value, flag.reason, flag.set_by)
    return [domain.UnitInputs(code, items.get(code, {}), tuple(incidents.get(code, ())),
                              flags.get(code, {}))
            for code in repo.unit_codes(session, cycle_id=cycle_id)]


def history(session: Session, *, unit_code: str
            ) -> list[tuple[models.Cycle, models.Grade | None, int]]:
    """Per year the unit took part in: the cycle, its latest grade, and the number of units."""
    result = []
    for found in session.exec(select(models.Cycle).join(
            models.Unit, col(models.Unit.cycle_id) == col(models.Cycle.id)).where(
            models.Unit.code == unit_code).order_by(col(models.Cycle.year))).all():
        assert found.id is not None
        run = repo.latest_run(session, cycle_id=found.id)
        grade = repo.grade_of(session, run_id=run.id, unit_code=unit_code) \
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
    for found in repo.cycles(session):
        assert found.id is not None
        run = repo.latest_run(session, cycle_id=found.id)
        if run is None or run.id is None:
            continue
        graded.extend((found.year, unit, grade) for unit, grade in session.exec(
            select(models.Grade.unit_code, models.Grade.grade).where(
                models.Grade.run_id == run.id).order_by(col(models.Grade.unit_code))).all())
    return graded


def overdue_rectifications(session: Session, *, today: dt.date) -> int:
    """C-grade rectification reports past their due date and not yet received."""
    return int(session.exec(select(func.count()).select_from(models.Rectification).where(
        col(models.Rectification.report_received_on).is_(None),
        col(models.Rectification.report_due) < today)).one())


def pending_interviews(session: Session, *, cycle_id: int | None = None
                       ) -> list[tuple[int, str]]:
    """(year, unit) of C districts in the latest grading of approved or published years with
    no interview recorded (Art. 10: C districts' officials are interviewed)."""
    pending: list[tuple[int, str]] = []
    for found in repo.cycles(session):
        assert found.id is not None
        if found.stage not in domain.RESULTS_VISIBLE or cycle_id not in (None, found.id):
            continue
        run = repo.latest_run(session, cycle_id=found.id)
        if run is None or run.id is None:
            continue
        interviewed = {r.unit_code for r in repo.rectifications(session, cycle_id=found.id)}
        pending.extend((found.year, g.unit_code) for g in repo.grades(session, run_id=run.id)
                       if g.grade == "C" and g.unit_code not in interviewed)
    return pending


def overdue_cycles(session: Session, *, today: dt.date) -> int:
    """Assessment years still short of APPROVED after their completion day (Art. 7)."""
    stored = repo.stored_policies(session)
    return sum(1 for c in repo.cycles(session) if domain.cycle_overdue(
        domain.policy_for(c.year, c.policy_version, stored), c.year, c.stage, today))


def overdue_rectifications_work(session: Session, *, today: dt.date) -> int:
    """C districts' time-limited rectifications past their deadline, not completed."""
    return int(session.exec(select(func.count()).select_from(models.Rectification).where(
        col(models.Rectification.completed_on).is_(None),
        col(models.Rectification.rectification_deadline) < today)).one())
