"""Single-entity reads and writes of the wage-payment assessment: functions on a session, never
committing (the RPC's unit of work does), turning stored rows into the rules' inputs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from sqlalchemy import bindparam, insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select

from cityscore.core.db import DriverStatement, bulk_insert
from cityscore.core.errors import NotFound
from cityscore.services.wage_assessment import domain, models

RowT = TypeVar("RowT", bound=SQLModel)
#: Column defaults of an item value row written in bulk (executemany needs every column).
_EMPTY_ITEM = {"self_value": None, "self_denominator": None, "self_sub_points": "",
               "evidence": "", "verified": False, "verified_value": None,
               "verified_denominator": None, "verified_sub_points": "", "method": "", "team": "",
               "note": "", "possible_falsification": False}


def save(session: Session, *, row: RowT) -> RowT:
    """Insert or update one row and flush, so generated keys are known now."""
    session.add(row)
    session.flush()
    return row


def save_all(session: Session, *, rows: Iterable[SQLModel]) -> None:
    session.add_all(rows)
    session.flush()


#: Ids as stored in one text column, and back (the domain's form).
join_ids, split_ids = domain.join_ids, domain.split_ids


def scheme_def(row: models.Scheme) -> domain.SchemeDef:
    """The rules of a stored scheme, from its canonical document."""
    return domain.scheme_from_document(json.loads(row.document))


def add_scheme(session: Session, *, scheme: domain.SchemeDef, created_at: dt.datetime
               ) -> models.Scheme:
    return save(session, row=models.Scheme(
        version=scheme.version, year=scheme.year, status="draft",
        document=json.dumps(scheme.document(), ensure_ascii=False), digest=scheme.digest,
        created_at=created_at))


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


def stored_policies(session: Session) -> dict[str, domain.GradePolicy]:
    """The grade-rule versions loaded through the API, by version."""
    return {version: _stored_policy(document)
            for version, document in _STORED_POLICIES.rows(session)}


@lru_cache(maxsize=64)
def _stored_policy(document: str) -> domain.GradePolicy:
    """A stored rules document, read and validated once per process: a stored version never
    changes (a new version is a new row), so most calls of a year need no parsing at all."""
    return domain.policy_from_document(json.loads(document))


def policy(session: Session, *, year: int, version: str = "") -> domain.GradePolicy:
    """The grade rules of a year: the named version (shipped or loaded), or the one whose
    years cover it (§3 decision)."""
    return domain.policy_for(year, version, stored_policies(session))


def add_policy(session: Session, *, policy: domain.GradePolicy, created_at: dt.datetime,
               created_by: str) -> models.GradeRules:
    return save(session, row=models.GradeRules(
        version=policy.version, document=policy.canonical(), digest=policy.digest,
        created_at=created_at, created_by=created_by))


#: The cycle of a year, built once; a read binds only the year.
_CYCLE = select(models.Cycle).where(col(models.Cycle.year) == bindparam("year"))
_CYCLE_LOCKED = _CYCLE.with_for_update()
#: The grade-rule versions loaded through the API with their documents, run on the driver:
#: every read of a year's cycle asks for them.
_STORED_POLICIES = DriverStatement(sa_select(col(models.GradeRules.version),
                                             col(models.GradeRules.document)).order_by(
    col(models.GradeRules.version)))


def cycle(session: Session, *, year: int, lock: bool = False) -> models.Cycle:
    """The cycle of an assessment year; ``lock`` serialises writers on PostgreSQL."""
    query = _CYCLE_LOCKED if lock else _CYCLE
    found = session.exec(query, params={"year": year}).first()
    if found is None:
        raise NotFound("assessment year", str(year))
    return found


@dataclass(frozen=True, slots=True)
class CycleFacts:
    """A year's cycle as a read shows it, without an ORM object: GetCycle is the call made
    most."""

    id: int
    year: int
    scheme_version: str
    policy_version: str
    stage: str
    self_check_due: dt.date | None


_CYCLE_FACTS = DriverStatement(sa_select(*(col(getattr(models.Cycle, name)) for name in (
    "id", "year", "scheme_version", "policy_version", "stage", "self_check_due"))).where(
    col(models.Cycle.year) == bindparam("year")))


def cycle_facts(session: Session, *, year: int) -> CycleFacts:
    """The cycle of an assessment year, read only."""
    found = _CYCLE_FACTS.first(session, {"year": year})
    if found is None:
        raise NotFound("assessment year", str(year))
    return CycleFacts(*found)


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


def item_value_ids(session: Session, *, cycle_id: int) -> dict[tuple[str, str], int]:
    """Row ids of a cycle's item values by (unit, indicator), for bulk upserts."""
    t = models.ItemValue
    return {(code, indicator): row_id for row_id, code, indicator in session.execute(
        sa_select(col(t.id), col(t.unit_code), col(t.indicator_id)).where(
            col(t.cycle_id) == cycle_id)).all()}


def reported_self_values(session: Session, *, cycle_id: int
                         ) -> dict[tuple[str, str], dict[str, object]]:
    """The self-check values already reported in a year by (unit, indicator), as kept in an
    item's history (read as plain columns: a national-scale re-import compares them all)."""
    t = models.ItemValue
    return {(code, indicator): {"value": value, "denominator": denominator,
                                "sub_points": subs, "evidence": evidence}
            for code, indicator, value, denominator, subs, evidence in session.execute(
                sa_select(col(t.unit_code), col(t.indicator_id), col(t.self_value),
                          col(t.self_denominator), col(t.self_sub_points),
                          col(t.evidence)).where(col(t.cycle_id) == cycle_id,
                                                 col(t.self_value).is_not(None))).all()}


def stored_self_check(row: models.ItemValue) -> domain.ItemInput | None:
    if row.self_value is None:
        return None
    return domain.ItemInput(row.self_value, row.self_denominator,
                            split_ids(row.self_sub_points))


def stored_verified(row: models.ItemValue) -> domain.ItemInput | None:
    if not row.verified or row.verified_value is None:
        return None
    return domain.ItemInput(row.verified_value, row.verified_denominator,
                            split_ids(row.verified_sub_points))


def store_self_values(session: Session, *, cycle_id: int,
                      rows: Sequence[tuple[str, str, domain.ItemInput]]) -> None:
    """Self-check values of (unit, indicator) rows: existing rows updated, the others
    inserted, each in one executemany (architecture page §8: bulk writes batch)."""
    ids = item_value_ids(session, cycle_id=cycle_id)
    updates, inserts = [], []
    for code, indicator_id, item in rows:
        values = {"self_value": item.value, "self_denominator": item.denominator,
                  "self_sub_points": join_ids(item.sub_points)}
        row_id = ids.get((code, indicator_id))
        if row_id is None:
            inserts.append({**_EMPTY_ITEM, **values, "cycle_id": cycle_id, "unit_code": code,
                            "indicator_id": indicator_id})
        else:
            updates.append({"id": row_id, **values})
    if updates:
        session.execute(update(models.ItemValue), updates)
    if inserts:  # Core insert on the table: one executemany, not batches by None pattern
        session.execute(insert(SQLModel.metadata.tables["wage_assessment_item_value"]), inserts)


def incidents(session: Session, *, cycle_id: int, unit_code: str | None = None,
              in_force: bool = False) -> Sequence[models.Incident]:
    """A year's incidents; ``in_force`` leaves out the withdrawn ones."""
    query = select(models.Incident).where(models.Incident.cycle_id == cycle_id)
    if unit_code is not None:
        query = query.where(models.Incident.unit_code == unit_code)
    if in_force:
        query = query.where(col(models.Incident.withdrawn).is_(False))
    return session.exec(query.order_by(col(models.Incident.incident_date),
                                       col(models.Incident.id))).all()


def incident(session: Session, *, cycle_id: int, incident_id: int) -> models.Incident:
    found = session.exec(select(models.Incident).where(
        models.Incident.cycle_id == cycle_id, models.Incident.id == incident_id)).first()
    if found is None:
        raise NotFound("incident", str(incident_id))
    return found


def review_flags(session: Session, *, cycle_id: int) -> Sequence[models.ReviewFlag]:
    """The review flags in force (not withdrawn)."""
    return session.exec(select(models.ReviewFlag).where(
        models.ReviewFlag.cycle_id == cycle_id,
        col(models.ReviewFlag.withdrawn).is_(False))).all()


def review_flag(session: Session, *, cycle_id: int, unit_code: str, flag: str
                ) -> models.ReviewFlag | None:
    return session.exec(select(models.ReviewFlag).where(
        models.ReviewFlag.cycle_id == cycle_id, models.ReviewFlag.unit_code == unit_code,
        models.ReviewFlag.flag == flag)).first()


def run(session: Session, *, cycle_id: int, run_no: int) -> models.GradingRun | None:
    return session.exec(select(models.GradingRun).where(
        models.GradingRun.cycle_id == cycle_id, models.GradingRun.run_no == run_no)).first()


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


def add_grading_run(session: Session, *, cycle_id: int, run_no: int, grading: domain.Grading,
                    graded_at: dt.datetime, graded_by: str) -> models.GradingRun:
    """A grading run with its exact inputs (for replay) and every unit's grade."""
    run = save(session, row=models.GradingRun(
        cycle_id=cycle_id, run_no=run_no, rules_version=grading.rules_version,
        inputs=grading.inputs_json, input_digest=grading.input_digest,
        tie_reports=json.dumps(list(grading.tie_reports), ensure_ascii=False),
        graded_at=graded_at, graded_by=graded_by))
    bulk_insert(session, models.Grade.__tablename__,
                ("run_id", "unit_code", "score_cents", "rank", "grade", "decided_by",
                 "explanation", "input_digest"),
                [(run.id, o.code, o.score_cents, o.rank, o.grade, o.decided_by,
                  json.dumps(o.explanation, ensure_ascii=False, sort_keys=True), o.input_digest)
                 for o in grading.outcomes])
    return run


def commendations(session: Session, *, cycle_id: int) -> Sequence[models.Commendation]:
    return session.exec(select(models.Commendation).where(
        models.Commendation.cycle_id == cycle_id).order_by(
        col(models.Commendation.unit_code))).all()


def falsifications(session: Session, *, cycle_id: int, unit_code: str | None = None
                   ) -> Sequence[models.Falsification]:
    query = select(models.Falsification).where(models.Falsification.cycle_id == cycle_id)
    if unit_code is not None:
        query = query.where(models.Falsification.unit_code == unit_code)
    return session.exec(query.order_by(col(models.Falsification.unit_code),
                                       col(models.Falsification.id))).all()


def flagged_items(session: Session, *, cycle_id: int) -> Sequence[models.ItemValue]:
    """Items flagged as possible falsification (a verified value under the claim)."""
    return session.exec(select(models.ItemValue).where(
        models.ItemValue.cycle_id == cycle_id,
        col(models.ItemValue.possible_falsification).is_(True)).order_by(
        col(models.ItemValue.unit_code), col(models.ItemValue.indicator_id))).all()


def item_value(session: Session, *, cycle_id: int, unit_code: str, indicator_id: str
               ) -> models.ItemValue | None:
    return session.exec(select(models.ItemValue).where(
        models.ItemValue.cycle_id == cycle_id, models.ItemValue.unit_code == unit_code,
        models.ItemValue.indicator_id == indicator_id)).first()


def corrections(session: Session, *, cycle_id: int, unit_code: str | None = None
                ) -> Sequence[models.Correction]:
    query = select(models.Correction).where(models.Correction.cycle_id == cycle_id)
    if unit_code is not None:
        query = query.where(models.Correction.unit_code == unit_code)
    return session.exec(query.order_by(col(models.Correction.id))).all()


def result_actions(session: Session, *, cycle_id: int) -> Sequence[models.ResultAction]:
    return session.exec(select(models.ResultAction).where(
        models.ResultAction.cycle_id == cycle_id).order_by(
        col(models.ResultAction.action_date), col(models.ResultAction.id))).all()


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
