"""Read queries of the blood_quota service that span entities: a year's district table in force
with the plan's carve-outs, a district's quota in it, and the collections in force summed for
progress. Each returns the domain's facts; the progress gauges read every year in a few queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from cityscore.services.blood_quota import domain
from cityscore.services.blood_quota import repository as repo
from cityscore.services.blood_quota.models import BloodAllocation, BloodCollection


@dataclass(frozen=True)
class DistrictTable:
    """A year's district table in force: the allocation and its rows as printed."""

    allocation: BloodAllocation
    rows: list[domain.TableRow]


def district_table(session: Session, *, plan: domain.PlanFigures) -> DistrictTable | None:
    """The district table in force of the plan's year, with the plan's carve-outs when it was
    apportioned."""
    current = repo.current_allocation(session, year=plan.year)
    if current is None or current.id is None:
        return None
    entities, units = repo.allocation_rows(session, allocation_id=current.id)
    return DistrictTable(current, _table_rows(plan, current, entities, units))


def district_tables(session: Session
                    ) -> Iterator[tuple[domain.PlanFigures, list[domain.TableRow]]]:
    """The district table in force of every planned year that has one, with its plan."""
    plans = repo.plans(session)
    adopted = repo.adopted_ids(session)
    tables = [t for t in session.scalars(
        select(BloodAllocation).where(col(BloodAllocation.id).in_(list(adopted.values())))
        .order_by(col(BloodAllocation.year))) if t.year in plans]
    rows = repo.rows_of_allocations(session, allocation_ids=[t.id for t in tables
                                                             if t.id is not None])
    for table in tables:
        assert table.id is not None
        stored = rows.get(table.id, [])
        plan = plans[table.year]
        yield plan, _table_rows(plan, table, [repo.entity(r) for r in stored],
                                [r.units for r in stored])


def _table_rows(plan: domain.PlanFigures, table: BloodAllocation,
                entities: Iterable[domain.Entity], units: Iterable[int]
                ) -> list[domain.TableRow]:
    return domain.district_table(plan, table.source, [
        domain.TableRow(e.code, e.name, e.kind, u) for e, u in zip(entities, units, strict=True)])


def district_quota(session: Session, *, year: int, district: str) -> tuple[int, int] | None:
    """(id of the year's district table in force, the district's units in it), if a table is
    in force."""
    current = repo.current_allocation(session, year=year)
    if current is None or current.id is None:
        return None
    entities, units = repo.allocation_rows(session, allocation_id=current.id)
    quota = next((u for e, u in zip(entities, units, strict=True) if e.code == district), None)
    return None if quota is None else (current.id, quota)


def collections(session: Session, *, year: int, as_of: dt.date, district: str = ""
                ) -> list[domain.Aggregate]:
    """Collections in force of ``year`` up to ``as_of`` (of ``district`` when given), summed by
    district, channel, component, volume, doses and site."""
    query = _totals_query(as_of).where(col(BloodCollection.year) == year)
    if district:
        query = query.where(col(BloodCollection.district) == district)
    return [_aggregate(row) for row in session.execute(query)]


def collections_by_year(session: Session, *, as_of: dt.date
                        ) -> dict[int, list[domain.Aggregate]]:
    """``collections`` of every year at once, up to ``as_of``."""
    found: dict[int, list[domain.Aggregate]] = {}
    for row in session.execute(_totals_query(as_of)):
        found.setdefault(row[0], []).append(_aggregate(row))
    return found


def _aggregate(row: Any) -> domain.Aggregate:
    _year, district, channel, component, volume, doses, site, donations = row
    return domain.Aggregate(district, channel, int(volume), int(donations), site, component,
                            int(doses))


def _totals_query(as_of: dt.date) -> Any:
    """Σ donations of the rows in force by year, district, channel, component, volume, doses
    and site, up to ``as_of`` (the site decides whether a street collection feeds the
    increment row); withdrawn and amended rows count nowhere."""
    c = BloodCollection
    keys = (col(c.year), col(c.district), col(c.channel), col(c.component), col(c.volume_ml),
            col(c.therapeutic_doses), col(c.site))
    return (select(*keys, func.sum(col(c.donations)))
            .where(col(c.status) == "in_force", col(c.donation_date) <= as_of)
            .group_by(*keys))
