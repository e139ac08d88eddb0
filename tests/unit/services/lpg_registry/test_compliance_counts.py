"""Counting cylinders by status in SQL gives the kernel's statuses (§4), leap days included."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

from sqlmodel import Session, SQLModel

from cityscore.core.db import make_engine
from cityscore.core.kernel.types import ComplianceStatus
from cityscore.services.lpg_registry import domain, models, queries

POLICY = domain.load_policy()
MADE = [dt.date(2006, 5, 1), dt.date(2007, 1, 31), dt.date(2007, 2, 1),
        dt.date(2011, 3, 1), dt.date(2012, 2, 29), dt.date(2014, 2, 28), dt.date(2015, 3, 31),
        dt.date(2016, 2, 29), dt.date(2016, 3, 1)]
LAST = [None, dt.date(2016, 2, 29), dt.date(2017, 2, 28), dt.date(2019, 3, 1)]
DAYS = sorted({start + dt.timedelta(days=k)
               for start in (dt.date(2019, 1, 1), dt.date(2021, 3, 25), dt.date(2021, 12, 25),
                             dt.date(2019, 1, 25), dt.date(2020, 1, 25), dt.date(2020, 2, 25),
                             dt.date(2021, 2, 25), dt.date(2023, 1, 25), dt.date(2024, 1, 25),
                             dt.date(2024, 2, 25), dt.date(2028, 1, 25))
               for k in range(40)})


def _cylinders() -> list[domain.CylinderState]:
    found: list[domain.CylinderState] = []
    lives = [(domain.STANDARD_2006, 0), (domain.STANDARD_2023, 5), (domain.STANDARD_2023, 8)]
    for n, (made, last, passed, (standard, life)) in enumerate(itertools.product(
            MADE, LAST, (True, False), lives)):
        if last is not None and last < made:
            continue
        found.append(domain.CylinderState(
            f"C-{n:04d}", "E1", "YSP35.5", standard, made, life, 16_400, last,
            passed and last is not None, "IN_SERVICE", "STATION", "S1", False))
    return found


def test_sql_counts_match_the_kernel_on_every_day() -> None:
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine, tables=[
        SQLModel.metadata.tables[name] for name in ("lpg_registry_enterprise",
                                                    "lpg_registry_cylinder")])
    cylinders = _cylinders()
    with Session(engine) as session:
        session.add(models.Enterprise(enterprise_id="E1", name="Gas", credit_code="X" * 18,
                                      licence_number="L", licence_valid_until=dt.date(2030, 1, 1),
                                      district="pudong"))
        session.commit()
        session.add_all(models.Cylinder(
            trace_code=c.trace_code, model=c.model, standard=c.standard, phase="GAS",
            manufacture_date=c.manufacture_date, design_life_years=c.design_life_years,
            tare_g=c.tare_g, last_inspection_date=c.last_inspection_date,
            last_inspection_passed=c.last_inspection_passed, owner_enterprise_id="E1",
            location_kind="STATION", location_id="S1") for c in cylinders)
        session.add(models.Cylinder(
            trace_code="SCRAPPED", model="YSP35.5", standard=domain.STANDARD_2006, phase="GAS",
            manufacture_date=dt.date(2011, 3, 1), design_life_years=0, tare_g=16_400,
            owner_enterprise_id="E1", status="SCRAPPED", location_kind="STATION",
            location_id="S1"))
        session.commit()
        seen: set[ComplianceStatus] = set()
        for today in DAYS:
            kernel = Counter(s.status for s in domain.compliance(POLICY, cylinders, today))
            counted = queries.cylinders_by_compliance(
                session, cutoffs=domain.compliance_cutoffs(POLICY, today))
            assert counted == dict(kernel), today
            seen |= set(kernel)
        assert seen == set(ComplianceStatus)


def test_years_reached_key_follows_the_leap_day_rule() -> None:
    assert domain.years_reached_key(dt.date(2019, 3, 1)) == 20190301
    assert domain.years_reached_key(dt.date(2021, 2, 28)) == 20210229
    assert domain.years_reached_key(dt.date(2024, 2, 28)) == 20240228
