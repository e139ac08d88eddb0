"""Special-equipment benchmarks, each against its baselines in the same run (docs/benchmarks.md).

- a district's elevator import through ``ImportElevators`` (streamed chunks merged into one
  request, every row checked, stored rows looked up for scope and amendments, one
  ``executemany``, request log and audit in one transaction) against raw ``sqlite3``
  ``executemany`` of the same rows;
- the periodic-inspection sweep through ``RunInspectionSweep`` (read every elevator, the kernel,
  counts per district, inputs stored for replay) against the kernel's ``compliance_sweep``
  alone on the same columns.

Sizes are small by default; ``CITYSCORE_BENCH_FULL=1`` runs Shanghai's fleet: 300,000 elevators.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from integration.services.special_equipment.equipment_world import (
    Equipment,
    L,
    connect,
    elevator,
    rid,
)
from pytest_benchmark.fixture import BenchmarkFixture

from cityscore.core.kernel import api
from cityscore.core.kernel.types import NO_DATE, CompliancePolicy
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb

FULL = os.environ.get("CITYSCORE_BENCH_FULL") == "1"
ELEVATORS = 300_000 if FULL else 3_000
CHUNK = 5_000
COMPANIES = 40
CATEGORIES = [L.LOCATION_CATEGORY_RESIDENTIAL] * 6 + [
    L.LOCATION_CATEGORY_MALL, L.LOCATION_CATEGORY_HOSPITAL, L.LOCATION_CATEGORY_SCHOOL,
    L.LOCATION_CATEGORY_OTHER]
START = dt.date(1995, 1, 1)
TODAY = dt.date(2021, 1, 15)


def _dates(i: int) -> tuple[dt.date, dt.date | None]:
    """In use between 1995 and 2020; inspected in the year before 2021-01-15 for most, a
    year and more before for every seventh, never for every thirteenth."""
    in_use = START + dt.timedelta(days=(i * 7) % 9_400)
    if i % 13 == 0:
        return in_use, None
    back = 400 + i % 60 if i % 7 == 0 else 1 + i % 360
    return in_use, max(in_use, TODAY - dt.timedelta(days=back))


def _elevators() -> list[pb.Elevator]:
    rows = []
    for i in range(ELEVATORS):
        in_use, last = _dates(i)
        rows.append(elevator(f"31{i:08d}", CATEGORIES[i % len(CATEGORIES)], in_use.isoformat(),
                             monitoring=i % 3 != 0, insurance=i % 4 != 0,
                             geolocation=i % 5 != 0, company=f"C{i % COMPANIES:02d}",
                             inspected=last.isoformat() if last else ""))
    return rows


def _import(equipment: Equipment, rows: list[pb.Elevator]) -> pb.ImportElevatorsResponse:
    request_id = rid()
    chunks = (pb.ImportElevatorsRequest(request_id=request_id, district="pudong",
                                        elevators=rows[i:i + CHUNK])
              for i in range(0, len(rows), CHUNK))
    response: pb.ImportElevatorsResponse = equipment.pudong.ImportElevators(chunks,
                                                                            timeout=1_800)
    return response


@pytest.fixture
def equipment(start_server: Any, sqlite_url: str) -> Equipment:
    """A server with the maintenance companies the elevators name registered."""
    world = connect(start_server(["special_equipment"], database_url=sqlite_url))
    for n in range(COMPANIES):
        world.city.RegisterMaintenanceCompany(pb.RegisterMaintenanceCompanyRequest(
            request_id=rid(), company=pb.MaintenanceCompany(company_id=f"C{n:02d}",
                                                            name=f"C{n:02d} 电梯维保")))
    return world


def test_import_elevators_rpc(benchmark: BenchmarkFixture, equipment: Equipment) -> None:
    rows = _elevators()
    response = benchmark.pedantic(_import, (equipment, rows), rounds=1, iterations=1)
    assert response.registered == ELEVATORS


def test_raw_sqlite_executemany_baseline(benchmark: BenchmarkFixture, tmp_path: Path) -> None:
    rows = [(e.registration_code, "pudong", int(e.location_category), e.address,
             dt.date(e.in_use_date.year, e.in_use_date.month, e.in_use_date.day).isoformat(),
             e.maintenance_company_id, e.remote_monitoring, e.liability_insurance,
             e.geolocation, (f"{e.last_inspection_date.year:04d}-"
                             f"{e.last_inspection_date.month:02d}-"
                             f"{e.last_inspection_date.day:02d}")
             if e.HasField("last_inspection_date") else None)
            for e in _elevators()]

    def run() -> int:
        connection = sqlite3.connect(tmp_path / f"raw-{rid()}.db")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE elevator (registration_code TEXT PRIMARY KEY,"
                           " district TEXT, location_category INTEGER, address TEXT,"
                           " in_use_date TEXT, company TEXT, monitoring INTEGER,"
                           " insurance INTEGER, geolocation INTEGER, last_inspection TEXT)")
        with connection:
            connection.executemany("INSERT INTO elevator VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   rows)
        count: int = connection.execute("SELECT count(*) FROM elevator").fetchone()[0]
        connection.close()
        return count

    assert benchmark.pedantic(run, rounds=1, iterations=1) == ELEVATORS


def test_inspection_sweep_rpc(benchmark: BenchmarkFixture, equipment: Equipment) -> None:
    _import(equipment, _elevators())

    def run() -> pb.RunInspectionSweepResponse:
        response: pb.RunInspectionSweepResponse = equipment.city.RunInspectionSweep(
            pb.RunInspectionSweepRequest(request_id=rid()), timeout=1_800)
        return response

    sweep = benchmark.pedantic(run, rounds=1, iterations=1).sweep
    assert sweep.elevators == ELEVATORS
    [pudong] = sweep.districts
    assert pudong.overdue > 0 and pudong.due_soon > 0 and pudong.ok > 0
    replay = equipment.operator.ReplayInspectionSweep(pb.ReplayInspectionSweepRequest(
        sweep_id=sweep.sweep_id))
    assert replay.matches


def test_compliance_sweep_kernel_alone(benchmark: BenchmarkFixture) -> None:
    in_use = np.empty(ELEVATORS, dtype=np.int32)
    last = np.empty(ELEVATORS, dtype=np.int32)
    for i in range(ELEVATORS):
        used, inspected = _dates(i)
        in_use[i] = api.day_number(used)
        last[i] = NO_DATE if inspected is None else api.day_number(inspected)
    life = np.full(ELEVATORS, 200, dtype=np.int32)
    zeros8 = np.zeros(ELEVATORS, dtype=np.int8)
    zeros32 = np.zeros(ELEVATORS, dtype=np.int32)

    def run() -> Any:
        return api.compliance_sweep(
            today=api.day_number(TODAY), manufacture_day=in_use, last_inspection_day=last,
            last_inspection_passed=zeros8, design_life_years=life,
            extended_life_years=zeros32, policy=CompliancePolicy(1, 30))

    result = benchmark.pedantic(run, rounds=1, iterations=1)
    assert int((result.status == 2).sum()) > 0
