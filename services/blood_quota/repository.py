"""Reading and writing the blood_quota tables inside the caller's unit of work (never commits).

Bulk rows (allocation rows, unit rosters, collections) go in as one multi-row insert each, not
one ORM object per row (architecture page §8).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from typing import Any

import sqlalchemy
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from cityscore.core.db import is_postgresql
from cityscore.services.blood_quota.models import (
    BloodAllocation,
    BloodAllocationRow,
    BloodCarveOut,
    BloodCollection,
    BloodPlan,
    BloodUnit,
)

#: Sources whose allocations are district tables (the others are district splits).
DISTRICT_SOURCES = ("published", "apportioned")


def get_plan(session: Session, *, year: int) -> BloodPlan | None:
    return session.scalars(select(BloodPlan).where(col(BloodPlan.year) == year)).first()


def carve_outs(session: Session, *, year: int | None = None) -> list[BloodCarveOut]:
    """The carve-outs of ``year`` (of every year when None), in plan order."""
    query = select(BloodCarveOut)
    if year is not None:
        query = query.where(col(BloodCarveOut.year) == year)
    return list(session.scalars(query.order_by(col(BloodCarveOut.year),
                                               col(BloodCarveOut.position))))


def plans(session: Session) -> list[BloodPlan]:
    return list(session.scalars(select(BloodPlan).order_by(col(BloodPlan.year))))


def plan_rule_versions(session: Session) -> dict[int, str]:
    """The rule version of every planned year."""
    result = session.execute(select(col(BloodPlan.year), col(BloodPlan.rule_version)))
    return {year: version for year, version in result}


def add_plan(session: Session, *, plan: BloodPlan, carves: Iterable[BloodCarveOut]) -> None:
    session.add(plan)
    session.add_all(list(carves))
    session.flush()


def add_allocation(session: Session, *, allocation: BloodAllocation,
                   rows: Sequence[dict[str, Any]]) -> int:
    """Store an allocation and its rows; returns its id."""
    session.add(allocation)
    session.flush()
    assert allocation.id is not None
    _bulk_insert(session, BloodAllocationRow.__tablename__, ALLOCATION_ROW_COLUMNS, [
        (allocation.id, *(row[c] for c in ALLOCATION_ROW_COLUMNS[1:])) for row in rows])
    return allocation.id


def get_allocation(session: Session, *, allocation_id: int) -> BloodAllocation | None:
    return session.get(BloodAllocation, allocation_id)


def current_allocation(session: Session, *, year: int, district: str = ""
                       ) -> BloodAllocation | None:
    """The newest district table of ``year``, or the newest split of ``district``."""
    query = select(BloodAllocation).where(col(BloodAllocation.year) == year)
    query = (query.where(col(BloodAllocation.source).in_(DISTRICT_SOURCES)) if not district
             else query.where(col(BloodAllocation.source) == "split",
                              col(BloodAllocation.district) == district))
    return session.scalars(query.order_by(col(BloodAllocation.id).desc())).first()


def current_district_tables(session: Session) -> list[BloodAllocation]:
    """The newest district table of every year that has one."""
    newest = (select(func.max(col(BloodAllocation.id)))
              .where(col(BloodAllocation.source).in_(DISTRICT_SOURCES))
              .group_by(col(BloodAllocation.year)))
    return list(session.scalars(select(BloodAllocation).where(col(BloodAllocation.id).in_(newest))
                                .order_by(col(BloodAllocation.year))))


def list_allocations(session: Session, *, year: int) -> list[BloodAllocation]:
    return list(session.scalars(select(BloodAllocation).where(col(BloodAllocation.year) == year)
                                .order_by(col(BloodAllocation.id).desc())))


def allocation_rows(session: Session, *, allocation_id: int) -> list[BloodAllocationRow]:
    return rows_of_allocations(session, allocation_ids=[allocation_id]).get(allocation_id, [])


def rows_of_allocations(session: Session, *, allocation_ids: Collection[int]
                        ) -> dict[int, list[BloodAllocationRow]]:
    """The rows of each allocation named, in position order."""
    found: dict[int, list[BloodAllocationRow]] = {}
    for row in session.scalars(
            select(BloodAllocationRow)
            .where(col(BloodAllocationRow.allocation_id).in_(list(allocation_ids)))
            .order_by(col(BloodAllocationRow.allocation_id), col(BloodAllocationRow.position))):
        found.setdefault(row.allocation_id, []).append(row)
    return found


def replace_units(session: Session, *, year: int, district: str,
                  rows: Sequence[dict[str, Any]]) -> None:
    """A district's roster for ``year`` becomes exactly ``rows``."""
    session.execute(delete(BloodUnit).where(col(BloodUnit.year) == year,
                                            col(BloodUnit.district) == district))
    _bulk_insert(session, BloodUnit.__tablename__, UNIT_COLUMNS, [
        (year, district, *(row[c] for c in UNIT_COLUMNS[2:])) for row in rows])


def units(session: Session, *, year: int, district: str) -> list[tuple[str, str, str, int]]:
    """(code, name, kind, headcount) of a district's roster, in upload order."""
    result = session.execute(
        select(col(BloodUnit.code), col(BloodUnit.name), col(BloodUnit.kind),
               col(BloodUnit.headcount))
        .where(col(BloodUnit.year) == year, col(BloodUnit.district) == district)
        .order_by(col(BloodUnit.position)))
    return [(r.code, r.name, r.kind, r.headcount) for r in result]


def unit_codes(session: Session, *, years: Iterable[int], districts: Iterable[str]
               ) -> dict[tuple[int, str], set[str]]:
    """Registered unit codes by (year, district)."""
    found: dict[tuple[int, str], set[str]] = {}
    result = session.execute(
        select(col(BloodUnit.year), col(BloodUnit.district), col(BloodUnit.code)).where(
            col(BloodUnit.year).in_(list(years)), col(BloodUnit.district).in_(list(districts))))
    for year, district, code in result:
        found.setdefault((year, district), set()).add(code)
    return found


COLLECTION_COLUMNS = ("year", "donation_date", "district", "unit_code", "channel", "volume_ml",
                      "donations")
ALLOCATION_ROW_COLUMNS = ("allocation_id", "position", "code", "name", "kind", "weight",
                          "lower_units", "upper_units", "units")
UNIT_COLUMNS = ("year", "district", "position", "code", "name", "kind", "headcount")


def _bulk_insert(session: Session, table: str, columns: Sequence[str],
                 rows: Sequence[tuple[Any, ...]], date_column: int | None = None) -> None:
    """Insert many rows straight through the driver, in the session's transaction.

    The ORM's per-row parameter processing costs more than the database's own work at 10⁵-10⁶
    rows (architecture §8 "bulk writes batch"): ``COPY`` on PostgreSQL, ``executemany`` on
    SQLite, where a date column is written as ISO text the way SQLAlchemy stores it there.
    """
    if not rows:
        return
    names = ", ".join(columns)
    connection = session.connection()
    driver = connection.connection.driver_connection
    assert driver is not None, "a session's connection always has a driver connection"
    if is_postgresql(connection.engine):
        with driver.cursor() as cursor, cursor.copy(
                f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    if date_column is not None:
        rows = [(*row[:date_column], row[date_column].isoformat(), *row[date_column + 1:])
                for row in rows]
    marks = ", ".join("?" * len(columns))
    driver.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def add_collections(session: Session, *, rows: Sequence[tuple[Any, ...]]) -> None:
    """Collection rows as tuples in ``COLLECTION_COLUMNS`` order."""
    _bulk_insert(session, BloodCollection.__tablename__, COLLECTION_COLUMNS, rows,
                 date_column=COLLECTION_COLUMNS.index("donation_date"))


def collection_totals(session: Session, *, year: int, as_of: dt.date,
                      district: str = "") -> list[tuple[str, str, int, int]]:
    """(district, channel, volume_ml, Σ donations) of ``year`` up to ``as_of``."""
    query = _totals_query(as_of).where(col(BloodCollection.year) == year)
    if district:
        query = query.where(col(BloodCollection.district) == district)
    return [(d, c, int(v), int(n)) for _y, d, c, v, n in session.execute(query)]


def collection_totals_by_year(session: Session, *, as_of: dt.date
                              ) -> dict[int, list[tuple[str, str, int, int]]]:
    """``collection_totals`` of every year at once, up to ``as_of``."""
    found: dict[int, list[tuple[str, str, int, int]]] = {}
    for y, d, c, v, n in session.execute(_totals_query(as_of)):
        found.setdefault(y, []).append((d, c, int(v), int(n)))
    return found


def _totals_query(as_of: dt.date) -> Any:
    """Σ donations by year, district, channel and volume, up to ``as_of``."""
    c = BloodCollection
    return (sqlalchemy.select(col(c.year), col(c.district), col(c.channel), col(c.volume_ml),
                   func.sum(col(c.donations)))
            .where(col(c.donation_date) <= as_of)
            .group_by(col(c.year), col(c.district), col(c.channel), col(c.volume_ml)))
