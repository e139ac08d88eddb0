"""Database access of the rural_roads service: keyword-only functions on a session, never
committing (the RPC's unit of work does). Bulk unit writes go column by column straight to the
driver (``core.db.insert_columns``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import and_, case, delete, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col

from cityscore.core import db
from cityscore.services.rural_roads import models
from cityscore.services.rural_roads.domain import (
    CONDITION_COLUMNS,
    AggregateRow,
    RoadFacts,
    ScoredUnits,
    UnitColumns,
)

ModelT = TypeVar("ModelT", bound=SQLModel)
_IN_BATCH = 500


def _batches(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _IN_BATCH):
        yield items[start:start + _IN_BATCH]


def as_of(model: Any, day: dt.date) -> Any:
    """The condition on a register table for the versions holding on ``day``."""
    return and_(col(model.valid_from) <= day, col(model.valid_to) > day)


def latest(model: Any) -> Any:
    """The condition for each record's latest (open-ended) version."""
    return col(model.valid_to) == models.OPEN_END


def lock_versions(*, session: Session, models_: Sequence[type[SQLModel]]) -> None:
    """Make concurrent writers of these versioned tables wait for each other until commit,
    so each reads the latest versions the other committed (on PostgreSQL; SQLite's writer
    lock already serialises). A row lock (``SELECT … FOR UPDATE``) would not do: a record
    not stored yet has no row to lock, and a waiter re-checking a locked row finds it no
    longer latest without seeing its successor. Readers are not held up. Callers lock in the
    order of the register's sections, so two imports never wait on each other crosswise."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in models_:
        session.execute(text(f"LOCK TABLE {model.__tablename__} IN SHARE ROW EXCLUSIVE MODE"))


#: What a year's target reports judge besides its closed survey: the versioned register and
#: the districts' yearly figures, in the order writers lock them.
REGISTER_MODELS: tuple[type[SQLModel], ...] = (
    models.Town, models.Village, models.Road, models.Bridge, models.HazardSite,
    models.UpgradeProject, models.DistrictYear)


def register_mark(*, session: Session) -> tuple[tuple[int, int], ...]:
    """Rows and largest id of each register table. Nothing in the register is overwritten: a
    change or an amendment adds a row, so any write since an earlier mark changes it."""
    return tuple((int(rows), int(largest or 0)) for rows, largest in (
        session.execute(select(func.count(), func.max(model.id))).one()  # type: ignore[attr-defined]
        for model in REGISTER_MODELS))


@dataclass(frozen=True, slots=True)
class VersionCounts:
    created: int
    updated: int
    # Rows whose change would begin before their record's latest version: (row, its start).
    out_of_order: list[tuple[int, dt.date]]


def record_versions(*, session: Session, model: type[SQLModel], rows: Sequence[Mapping[str, Any]],
                    effective_from: dt.date, recorded_at: dt.datetime, recorded_by: str
                    ) -> VersionCounts:
    """A new version of each record keyed by ``code`` whose facts changed, holding from
    ``effective_from``; the version it follows now ends there. Nothing is overwritten: a
    version replaced on the day it began is kept, holding on no day. Identical rows are left
    alone (a whole register sent again writes nothing). Changed rows that would begin before
    their record's latest version are returned and nothing is written (the caller refuses the
    batch). Concurrent calls for the same table are serialised (``lock_versions``).

    Latest versions are read as plain rows, the versions replaced are ended by one ``UPDATE``
    per batch of ids and the new versions go straight to the driver (``core.db.bulk_insert``):
    no ORM object per version."""
    lock_versions(session=session, models_=[model])
    if not rows:
        return VersionCounts(0, 0, [])
    table: Any = model.__table__  # type: ignore[attr-defined]
    facts = list(rows[0])
    current: dict[str, tuple[int, dt.date, tuple[Any, ...]]] = {}
    for batch in _batches([r["code"] for r in rows]):
        for found in session.execute(select(
                table.c.id, table.c.valid_from, *(table.c[name] for name in facts)).where(
                table.c.code.in_(batch), table.c.valid_to == models.OPEN_END)):
            current[found.code] = (found.id, found.valid_from, tuple(found[2:]))
    changed = [(i, row) for i, row in enumerate(rows)
               if (before := current.get(row["code"])) is None
               or before[2] != tuple(row[name] for name in facts)]
    early = [(i, current[r["code"]][1]) for i, r in changed
             if r["code"] in current and current[r["code"]][1] > effective_from]
    if early:
        return VersionCounts(0, 0, early)
    replaced = [current[r["code"]][0] for _, r in changed if r["code"] in current]
    # The versions replaced end before their successors are inserted (one latest per code).
    for batch in _batches(replaced):
        session.execute(update(table).where(table.c.id.in_(batch)).values(
            valid_to=effective_from))
    dialect = session.get_bind().dialect
    stamp = tuple(_bound(table.c[name], value, dialect) for name, value in (
        ("valid_from", effective_from), ("valid_to", models.OPEN_END),
        ("recorded_at", recorded_at), ("recorded_by", recorded_by)))
    db.bulk_insert(session, table.name, [*facts, "valid_from", "valid_to", "recorded_at",
                                         "recorded_by"],
                   [(*(row[name] for name in facts), *stamp) for _, row in changed])
    return VersionCounts(len(changed) - len(replaced), len(replaced), [])


def _bound(column: Any, value: Any, dialect: Any) -> Any:
    """``value`` as SQLAlchemy binds it for ``column`` (a date or time as SQLite's text; on
    PostgreSQL the driver takes it as it is)."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return value if process is None else process(value)


def current_district_year() -> Any:
    """The condition for the current (not replaced) figures of each district and year."""
    return col(models.DistrictYear.replaced_at).is_(None)


@dataclass(frozen=True, slots=True)
class AmendCounts:
    created: int
    amended: int
    # Rows that would change stored figures, with no reason given: (row, "district year").
    unexplained: list[tuple[int, str]]


def record_district_years(*, session: Session, rows: Sequence[Mapping[str, Any]],
                          reason: str, recorded_at: dt.datetime, recorded_by: str
                          ) -> AmendCounts:
    """Figures of a district and year not recorded yet are added; figures that differ from
    the current ones amend them with ``reason``: the current version is kept, marked replaced
    at ``recorded_at``, and the amendment added beside it. Identical rows are left alone.
    Without a reason, rows that would amend are returned and nothing is written."""
    dy = models.DistrictYear
    lock_versions(session=session, models_=[dy])
    current: dict[tuple[str, int], models.DistrictYear] = {}
    for row in rows:
        found = session.execute(select(dy).where(
            col(dy.district) == row["district"], col(dy.year) == row["year"],
            current_district_year())).scalars().first()
        if found is not None:
            current[(found.district, found.year)] = found
    changed = [(i, row, current.get((row["district"], row["year"])))
               for i, row in enumerate(rows)]
    changed = [(i, row, before) for i, row, before in changed
               if before is None or any(getattr(before, k) != v for k, v in row.items())]
    unexplained = [(i, f"{row['district']} {row['year']}")
                   for i, row, before in changed if before is not None and not reason]
    if unexplained:
        return AmendCounts(0, 0, unexplained)
    for _, _, before in changed:
        if before is not None:
            before.replaced_at = recorded_at
            session.add(before)
    session.flush()  # the figures replaced stop being current before their amendments exist
    session.add_all(dy(**row, recorded_at=recorded_at, recorded_by=recorded_by,
                       reason=reason if before is not None else "")
                    for _, row, before in changed)
    session.flush()
    amended = sum(before is not None for _, _, before in changed)
    return AmendCounts(len(changed) - amended, amended, [])


def districts_of(*, session: Session, model: type[SQLModel], codes: Sequence[str]
                 ) -> dict[str, str]:
    """``code -> district`` of the stored records named (towns, roads, projects, …), as
    their latest versions have it."""
    found: dict[str, str] = {}
    code_column, district_column = model.code, model.district  # type: ignore[attr-defined]
    for batch in _batches(sorted(set(codes))):
        found.update((c, d) for c, d in session.execute(
            select(code_column, district_column).where(code_column.in_(batch),
                                                       latest(model))))
    return found


def road_facts(*, session: Session, codes: Sequence[str], day: dt.date
               ) -> dict[str, RoadFacts]:
    """The facts of the roads named as the register held them on ``day``."""
    road = models.Road
    found: dict[str, RoadFacts] = {}
    for batch in _batches(sorted(set(codes))):
        for r in session.execute(select(road).where(col(road.code).in_(batch),
                                                    as_of(road, day))).scalars():
            found[r.code] = RoadFacts(r.code, r.district, r.town, r.technical_grade, r.surface,
                                      r.length_m, r.width_m)
    return found


def register_page(*, session: Session, model: type[ModelT], day: dt.date,
                  where: Sequence[Any], offset: int, limit: int) -> list[ModelT]:
    """A page of a register table as it stood on ``day``, in code order."""
    query = select(model).where(as_of(model, day), *where).order_by(
        col(model.code)).offset(offset).limit(limit)  # type: ignore[attr-defined]
    return list(session.execute(query).scalars())


def versions(*, session: Session, model: type[ModelT], code: str) -> list[ModelT]:
    """Every stored version of one record, oldest first."""
    return list(session.execute(select(model).where(
        col(model.code) == code).order_by(  # type: ignore[attr-defined]
        col(model.valid_from), col(model.id))).scalars())  # type: ignore[attr-defined]


def latest_closed_target_year(*, session: Session) -> int | None:
    """The latest year whose target reports are stored (closed)."""
    found = session.execute(select(func.max(col(models.TargetReport.year)))).scalar()
    return None if found is None else int(found)


def target_report(*, session: Session, year: int, district: str
                  ) -> models.TargetReport | None:
    return session.execute(select(models.TargetReport).where(
        col(models.TargetReport.year) == year,
        col(models.TargetReport.district) == district)).scalars().first()


def store_target_reports(*, session: Session, reports: Sequence[models.TargetReport]) -> None:
    session.add_all(reports)
    session.flush()


def survey(*, session: Session, year: int, for_update: bool = False) -> models.Survey | None:
    query = select(models.Survey).where(col(models.Survey.year) == year)
    if for_update:
        query = query.with_for_update()
    return session.execute(query).scalars().first()


def create_survey(*, session: Session, year: int, note: str, rule_version: str
                  ) -> models.Survey:
    survey = models.Survey(year=year, note=note, rule_version=rule_version)
    session.add(survey)
    session.flush()
    return survey


def surveys(*, session: Session) -> list[models.Survey]:
    return list(session.execute(select(models.Survey).order_by(
        col(models.Survey.year).desc())).scalars())


def chunk(*, session: Session, survey_id: int, chunk_index: int) -> models.SurveyChunk | None:
    return session.execute(select(models.SurveyChunk).where(
        col(models.SurveyChunk.survey_id) == survey_id,
        col(models.SurveyChunk.chunk_index) == chunk_index)).scalars().first()


def chunks(*, session: Session, survey_id: int) -> Iterator[models.SurveyChunk]:
    yield from session.execute(select(models.SurveyChunk).where(
        col(models.SurveyChunk.survey_id) == survey_id).order_by(
        col(models.SurveyChunk.chunk_index)).execution_options(yield_per=20)).scalars()


def stored_chainages(*, session: Session, survey_id: int, pairs: Sequence[tuple[str, float]]
                     ) -> set[tuple[str, float]]:
    """Which (road, start) pairs of ``pairs`` already have a unit in the survey.

    Looked up by road (the unique index's prefix), not by row-value IN, which SQLite answers
    with a scan of the whole table.
    """
    unit = models.Unit
    wanted = set(pairs)
    found: set[tuple[str, float]] = set()
    for batch in _batches(sorted({road for road, _ in wanted})):
        found.update((road, start) for road, start in session.execute(
            select(col(unit.road), col(unit.start_m)).where(
                col(unit.survey_id) == survey_id, col(unit.road).in_(batch)))
            if (road, start) in wanted)
    return found


class ChainageClash(Exception):
    """Some unit of a chunk has the (road, start) of a unit already stored in the survey."""


def insert_units(*, session: Session, survey_id: int, chunk_index: int, units: ScoredUnits
                 ) -> None:
    """All units of a chunk, column by column straight to the driver (``executemany`` on
    SQLite, ``COPY`` on PostgreSQL), under a savepoint: a (road, start) already stored, which
    the unique index refuses, is ``ChainageClash`` with nothing of the chunk written."""
    n = len(units.road)
    road = units.road
    columns: dict[str, Any] = {
        "survey_id": np.full(n, survey_id, dtype=np.int64),
        "chunk_index": np.full(n, chunk_index, dtype=np.int64),
        **{name: np.array([getattr(f, name) for f in units.roads], dtype=object)[road]
           for name in ("code", "district", "town")},
        "start_m": units.start_m, "end_m": units.end_m, "parameter_set": units.parameter_set,
        "grade": units.grade, "structure_class": units.condition.structure_class,
        **{name: getattr(units, name) for name in
           ("damage_ratio", "iri", "rut_depth_mm", "pci", "rqi", "rdi", "pqi")},
        **{name: getattr(units.condition, name) for name in
           ("pbi", "pwi", "sci", "bci", "tci", "mqi")}}
    columns["road"] = columns.pop("code")
    try:
        with session.begin_nested():
            db.insert_columns(session, models.Unit.__tablename__, columns)
    except IntegrityError:
        raise ChainageClash() from None


def store_chunk(*, session: Session, survey: models.Survey, chunk_index: int, digest: str,
                payload: bytes, units: ScoredUnits, uploaded_by: str) -> None:
    """A chunk's units (``ChainageClash`` when one is stored already), its bytes and the road
    facts it was scored with; the survey counts them."""
    assert survey.id is not None
    insert_units(session=session, survey_id=survey.id, chunk_index=chunk_index, units=units)
    session.add(models.SurveyChunk(
        survey_id=survey.id, chunk_index=chunk_index, digest=digest, payload=payload,
        roads_json=json.dumps([f.as_json() for f in units.roads]), units=len(units.road),
        uploaded_by=uploaded_by))
    survey.next_chunk_index += 1
    survey.units += len(units.road)
    survey.evaluated_m += float(units.length_m.sum())
    session.add(survey)


def chunk_road_facts(stored: models.SurveyChunk) -> dict[str, RoadFacts]:
    """The road facts a stored chunk was scored with, by road code."""
    return {f[0]: RoadFacts.from_json(f) for f in json.loads(stored.roads_json)}


def close_survey(*, session: Session, survey: models.Survey, closed_at: dt.datetime,
                 rule_version: str, rules_digest: str, input_digest: str, result_digest: str,
                 rows: Sequence[AggregateRow]) -> models.Aggregate:
    """Record the survey's provenance and replace its results with ``rows``; returns the
    city's row as stored."""
    assert survey.id is not None
    survey.state = "closed"
    survey.closed_at = closed_at
    survey.rule_version = rule_version
    survey.rules_digest = rules_digest
    survey.parameter_sets = json.dumps(parameter_sets(session=session, survey_id=survey.id))
    survey.input_digest = input_digest
    survey.result_digest = result_digest
    session.add(survey)
    return replace_aggregates(session=session, survey_id=survey.id, rows=rows)


_UNIT_READ = ("road", "town", "district", "start_m", "end_m", "pci", "rqi", "rdi", "pqi",
              "grade", "damage_ratio", *CONDITION_COLUMNS, "structure_class", "chunk_index")
_WHOLE = {"grade": np.int8, "structure_class": np.int64, "chunk_index": np.int64}

#: Units read and aggregated at a time when a survey is closed or replayed.
UNIT_BATCH = 100_000


def unit_batches(*, session: Session, survey_id: int, batch: int = UNIT_BATCH
                 ) -> Iterator[tuple[UnitColumns, dict[str, Any]]]:
    """The survey's units in (road, start) order, ``batch`` at a time, as arrays for
    aggregation and their stored indices (with the chunk each came in): memory is bounded by
    a batch.

    Ordered by code point (SQLite's binary collation; ``COLLATE "C"`` on PostgreSQL), the order
    Python sorts strings in, so the order is the same under every database collation.
    """
    unit = models.Unit
    road: Any = col(unit.road)
    if db.is_postgresql(session.get_bind()):
        road = road.collate("C")
    query = select(*(col(getattr(unit, name)) for name in _UNIT_READ)).where(
        col(unit.survey_id) == survey_id).order_by(road, col(unit.start_m))
    # The driver's own tuples, nothing else per row; a batch's rows are let go as soon as
    # they are arrays, before the next batch is read.
    with db.driver_rows(session, query, name="rural_roads_units", chunk=batch) as batches:
        for rows in batches:
            arrays = _unit_arrays(list(zip(*rows, strict=True)))
            del rows
            yield arrays


def _unit_arrays(cols: Sequence[Sequence[Any]]) -> tuple[UnitColumns, dict[str, Any]]:
    """Columns read in ``_UNIT_READ`` order as aggregation's arrays (NULL: NaN) and the stored
    indices a digest and a replay compare."""
    stored = {name: np.array(cols[i], dtype=_WHOLE.get(name, np.float64))
              for i, name in enumerate(_UNIT_READ) if name not in ("road", "town", "district")}
    units = UnitColumns(road=list(cols[0]), town=list(cols[1]), district=list(cols[2]),
                        length_m=stored["end_m"] - stored["start_m"], pci=stored["pci"],
                        rqi=stored["rqi"], pqi=stored["pqi"], mqi=stored["mqi"])
    return units, stored


def _aggregate_record(row: AggregateRow) -> dict[str, Any]:
    def db(value: float) -> float | None:
        return None if math.isnan(value) else value

    return {"level": row.level, "key": row.key, "district": row.district, "pqi": db(row.pqi),
            "pci": db(row.pci), "rqi": db(row.rqi), "share": db(row.share),
            "evaluated_km": row.evaluated_km, "units": row.units, "grade": row.grade,
            "km_by_grade": json.dumps(row.km_by_grade), "mqi": db(row.mqi),
            "share_index": row.share_index}


def replace_aggregates(*, session: Session, survey_id: int, rows: Sequence[AggregateRow]
                       ) -> models.Aggregate:
    """Store ``rows`` as the survey's results, straight to the driver; the city's row."""
    session.execute(delete(models.Aggregate).where(col(models.Aggregate.survey_id) == survey_id))
    names = ["survey_id", *_aggregate_record(rows[-1])]
    db.bulk_insert(session, models.Aggregate.__tablename__, names,
                   ((survey_id, *_aggregate_record(r).values()) for r in rows))
    city = next(r for r in reversed(rows) if r.level == "city")
    return models.Aggregate(survey_id=survey_id, **_aggregate_record(city))


def aggregates(*, session: Session, survey_id: int, level: str, district: str
               ) -> list[models.Aggregate]:
    query = select(models.Aggregate).where(col(models.Aggregate.survey_id) == survey_id,
                                           col(models.Aggregate.level) == level)
    if district:
        query = query.where(col(models.Aggregate.district) == district)
    return list(session.execute(query.order_by(col(models.Aggregate.key))).scalars())


def unmeasured_m(*, session: Session, survey_id: int, level: str, district: str
                 ) -> dict[str, tuple[float, float]]:
    """Length (m) of the survey's units whose PCI and whose RQI were not measured, per key
    of an aggregation level (``""`` for the city), in one grouped query."""
    unit = models.Unit
    length = col(unit.end_m) - col(unit.start_m)
    sums = [func.coalesce(func.sum(case((col(index).is_(None), length), else_=0.0)), 0.0)
            for index in (unit.pci, unit.rqi)]
    key = {"road": unit.road, "town": unit.town, "district": unit.district}.get(level)
    where = [col(unit.survey_id) == survey_id]
    if district:
        where.append(col(unit.district) == district)
    if key is None:
        pci, rqi = session.execute(select(*sums).where(*where)).one()
        return {"": (float(pci), float(rqi))}
    query = select(col(key), *sums).where(*where).group_by(col(key))
    return {k: (float(pci), float(rqi)) for k, pci, rqi in session.execute(query)}


def worst_units(*, session: Session, survey_id: int, road: str, district: str, offset: int,
                limit: int) -> list[models.Unit]:
    """Units with a PQI, lowest first (ties by road and start: a stable order to page in)."""
    unit = models.Unit
    query = select(unit).where(col(unit.survey_id) == survey_id, col(unit.pqi).is_not(None))
    if road:
        query = query.where(col(unit.road) == road)
    if district:
        query = query.where(col(unit.district) == district)
    ordered = query.order_by(col(unit.pqi), col(unit.road), col(unit.start_m)).offset(
        offset).limit(limit)
    return list(session.execute(ordered).scalars())


def export_units(*, session: Session, survey_id: int, district: str, batch: int
                 ) -> Iterator[list[models.Unit]]:
    unit = models.Unit
    query = select(unit).where(col(unit.survey_id) == survey_id)
    if district:
        query = query.where(col(unit.district) == district)
    result = session.execute(query.order_by(col(unit.road), col(unit.start_m)).execution_options(
        yield_per=batch)).scalars()
    while page := list(result.fetchmany(batch)):
        yield page


def parameter_sets(*, session: Session, survey_id: int) -> list[str]:
    unit = models.Unit
    return sorted(session.execute(select(col(unit.parameter_set)).where(
        col(unit.survey_id) == survey_id).distinct()).scalars())
