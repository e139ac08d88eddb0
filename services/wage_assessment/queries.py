"""Read queries of the wage-payment assessment that span a year's units rather than load one
entity: what grading reads, a district's history, and the stored state the gauges show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import and_, bindparam, case, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from cityscore.core.db import DriverStatement, driver_rows
from cityscore.services.wage_assessment import domain, models
from cityscore.services.wage_assessment import repository as repo

#: Item values read from the database at a time: what grading holds beyond its columns.
READ_CHUNK = 20_000



_CYCLE, _UNIT, _CHECK, _RUN = models.Cycle, models.Unit, models.SelfCheck, models.GradingRun
#: A year's latest grading run number and its units in table order, each with its self-check
#: report's status: one statement, run on the driver (every read of a cycle asks), at least
#: one row (a year without units gives one with empty unit columns); report columns are empty
#: for a unit whose self-check is not in, the run number for a year not yet graded.
_UNIT_STATUS = DriverStatement(sa_select(
    sa_select(func.max(col(_RUN.run_no))).where(
        col(_RUN.cycle_id) == col(_CYCLE.id)).scalar_subquery().label("run_no"),
    col(_UNIT.code), col(_CHECK.submitted_on), col(_CHECK.late), col(_CHECK.revision),
).select_from(_CYCLE).outerjoin(_UNIT, col(_UNIT.cycle_id) == col(_CYCLE.id)).outerjoin(
    _CHECK, and_(col(_CHECK.cycle_id) == col(_CYCLE.id),
                 col(_CHECK.unit_code) == col(_UNIT.code))).where(
    col(_CYCLE.id) == bindparam("cycle_id")).order_by(col(_UNIT.position)))


@dataclass(frozen=True)
class UnitStatus:
    """A year's latest grading run number (0 before the first) and its units in table order
    as rows ``code, submitted_on, late, revision`` (the last three None for a unit whose
    self-check report is not in)."""

    run_no: int
    units: Sequence[Any]


def unit_status(session: Session, *, cycle_id: int) -> UnitStatus:
    """See :class:`UnitStatus`; one query."""
    rows = _UNIT_STATUS.rows(session, {"cycle_id": cycle_id})
    return UnitStatus(run_no=(rows[0].run_no or 0) if rows else 0,
                      units=[r for r in rows if r.code is not None])

class _Vocabulary:
    """Integer codes for texts read chunk by chunk; sorted once all are read."""

    def __init__(self) -> None:
        self.code_of: dict[str, int] = {}

    def codes(self, texts: Sequence[str]) -> np.ndarray:
        distinct, inverse = np.unique(np.asarray(texts, dtype=str), return_inverse=True)
        local = np.array([self.code_of.setdefault(str(t), len(self.code_of))
                          for t in distinct.tolist()], dtype=np.int64)
        return local[inverse.reshape(-1)]

    def sorted(self, codes: np.ndarray) -> tuple[tuple[str, ...], np.ndarray]:
        """The texts in sorted order, and ``codes`` renumbered into them."""
        texts = sorted(self.code_of)
        renumber = np.zeros(len(texts), dtype=np.int64)
        renumber[[self.code_of[t] for t in texts]] = np.arange(len(texts))
        return tuple(texts), renumber[codes] if texts else codes


def year_inputs(session: Session, *, cycle_id: int) -> domain.YearInputs:
    """What grading reads of every unit, in table order: final item values (verified where
    present), incidents and review flags in force (withdrawn ones left out). Item values are
    read as columns in chunks of ``READ_CHUNK`` rows, the final value chosen by the database,
    units and indicators turned into integer codes with NumPy."""
    codes = repo.unit_codes(session, cycle_id=cycle_id)
    position = {code: k for k, code in enumerate(codes)}
    t = models.ItemValue
    checked = and_(col(t.verified), col(t.verified_value).is_not(None))
    denominator = case((checked, col(t.verified_denominator)), else_=col(t.self_denominator))
    query = sa_select(
        col(t.unit_code), col(t.indicator_id),
        case((checked, col(t.verified_value)), else_=col(t.self_value)),
        func.coalesce(denominator, 0), denominator.is_not(None),
        case((checked, col(t.verified_sub_points)), else_=col(t.self_sub_points)),
    ).where(col(t.cycle_id) == cycle_id, or_(checked, col(t.self_value).is_not(None)))
    indicators, sub_points = _Vocabulary(), _Vocabulary()
    parts: list[tuple[np.ndarray, ...]] = []
    with driver_rows(session, query, name="wage_grading", chunk=READ_CHUNK) as chunks:
        for chunk in chunks:
            units, indicator_ids, values, denominators, given, subs = zip(*chunk, strict=True)
            unit_texts, unit_codes = np.unique(np.asarray(units, dtype=str), return_inverse=True)
            unit = np.array([position.get(str(u), -1) for u in unit_texts.tolist()],
                            dtype=np.int64)[unit_codes.reshape(-1)]
            kept = unit >= 0
            parts.append(tuple(column[kept] for column in (
                unit, indicators.codes(indicator_ids), np.asarray(values, dtype=np.int64),
                np.asarray(denominators, dtype=np.int64), np.asarray(given, dtype=bool),
                sub_points.codes(subs))))
    empty = (np.int64,) * 4 + (bool, np.int64)
    unit, indicator, value, dens, has, sub_point = (
        [np.concatenate(column) for column in zip(*parts, strict=True)] if parts
        else [np.zeros(0, dtype=kind) for kind in empty])
    indicator_ids, indicator = indicators.sorted(indicator)
    sub_point_texts, sub_point = sub_points.sorted(sub_point)
    incidents: dict[str, list[domain.IncidentInput]] = {}
    for incident in repo.incidents(session, cycle_id=cycle_id, in_force=True):
        incidents.setdefault(incident.unit_code, []).append(domain.IncidentInput(
            incident.kind, incident.people, incident.government_project,
            incident.serious_consequence))
    flags: dict[str, dict[str, domain.FlagInput]] = {}
    for flag in repo.review_flags(session, cycle_id=cycle_id):
        flags.setdefault(flag.unit_code, {})[flag.flag] = domain.FlagInput(
            flag.value, flag.reason, flag.set_by)
    return domain.YearInputs(
        tuple(codes), domain.ItemColumns(len(codes), indicator_ids, sub_point_texts, unit,
                                         indicator, value, dens, has, sub_point),
        {code: tuple(found) for code, found in incidents.items() if code in position},
        {code: found for code, found in flags.items() if code in position})


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
