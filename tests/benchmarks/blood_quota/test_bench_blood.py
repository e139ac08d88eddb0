"""blood_quota at the issue's sizes (``CITYSCORE_BENCH_FULL=1``): a district quota split over
100,000 work units, and 1,000,000 collections recorded in one bulk upload, each through a real
server (gRPC → domain → kernel → SQLite) and against its baseline measured in the same run:

- the split against the PyPI ``apportionment`` package on the same unbounded case (Hamilton /
  largest remainder; its divisor methods build a units × house matrix, too large here);
- the bulk upload against raw ``sqlite3`` ``executemany`` of the same rows.

Ratios go to ``extra_info`` and stdout; each benchmark asserts its result.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pytest
from apportionment import methods as package
from sqlalchemy import text
from support import RunningServer

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.blood_quota.v1 import blood_quota_service_pb2_grpc as pb_grpc
from cityscore.core.districts import all_districts

FULL = os.environ.get("CITYSCORE_BENCH_FULL") == "1"
UNITS = 100_000 if FULL else 2_000
COLLECTIONS = 1_000_000 if FULL else 20_000
CHUNK_ROWS = 50_000
PUDONG_QUOTA = 52_878
#: The drill minimum a district keeps when it splits its quota (blood_quota.md §9, the annex's
#: footnote: 400 units per district); its units share the rest.
DRILL_KEPT_UNITS = 400
T = TypeVar("T")


def timed(function: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def report(benchmark: Any, name: str, service: float, baseline: float, rows: int) -> None:
    ratio = service / baseline
    benchmark.extra_info.update({"rows": rows, "service_seconds": round(service, 4),
                                 f"{name}_seconds": round(baseline, 4),
                                 f"ratio_to_{name}": round(ratio, 2)})
    print(f"\n{rows} rows: service {service:.3f} s, {name} {baseline:.3f} s, ratio {ratio:.1f}")


@pytest.fixture
def service(start_server, sqlite_url: str) -> tuple[RunningServer, pb_grpc.BloodQuotaServiceStub]:  # type: ignore[no-untyped-def]
    running = start_server(["blood_quota"], database_url=sqlite_url)
    stub = pb_grpc.BloodQuotaServiceStub(running.channel("city-token"))
    stub.CreatePlan(pb.CreatePlanRequest(request_id="plan", plan=pb.Plan(year=2017),
                                         use_published=True))
    table = stub.ImportPublishedAllocation(pb.ImportPublishedAllocationRequest(
        request_id="table", year=2017))
    stub.AdoptAllocation(pb.AdoptAllocationRequest(
        request_id="adopt", allocation_id=table.allocation.allocation_id,
        reason="the table the city published"))
    return running, stub


@pytest.mark.benchmark(group="blood-split")
def test_split_a_district_quota_over_work_units(
        benchmark: Any, service: tuple[RunningServer, pb_grpc.BloodQuotaServiceStub]) -> None:
    _running, stub = service
    # Distinct weights, so that no two remainders tie: the package breaks ties in input order
    # and can then skip a larger remainder; the service's tie rule is tested elsewhere.
    weights = np.random.default_rng(5).choice(np.arange(1, 10 * UNITS), UNITS, replace=False)
    headcounts = [-(-int(w) * 1000 // 65) for w in weights]
    codes = [f"U{i:07d}" for i in range(UNITS)]
    chunks = [pb.UploadUnitsRequest(request_id="units", year=2017, district="pudong",
                                    codes=codes[i:i + CHUNK_ROWS],
                                    kinds=[pb.UNIT_KIND_WORK_UNIT] * len(codes[i:i + CHUNK_ROWS]),
                                    headcounts=headcounts[i:i + CHUNK_ROWS])
              for i in range(0, UNITS, CHUNK_ROWS)]
    uploaded, upload_seconds = timed(lambda: stub.UploadUnits(iter(chunks), timeout=600))
    assert uploaded.work_units == UNITS

    def split() -> tuple[pb.SplitDistrictQuotaResponse, float]:
        return timed(lambda: stub.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
            request_id=uuid.uuid4().hex, year=2017, district="pudong",
            method=pb.APPORTIONMENT_METHOD_HAMILTON), timeout=600))

    response, service_seconds = benchmark.pedantic(split, rounds=1, iterations=1)
    pool = PUDONG_QUOTA - DRILL_KEPT_UNITS
    expected, package_seconds = timed(lambda: package.compute(
        "largest_remainder", weights.tolist(), pool, parties=codes))
    seats = [r.units for r in response.allocation.rows]
    assert [r.weight for r in response.allocation.rows] == weights.tolist()
    assert sum(seats) == pool and not response.allocation.ties
    assert seats == expected
    benchmark.extra_info["upload_seconds"] = round(upload_seconds, 4)
    report(benchmark, "apportionment_package", service_seconds, package_seconds, UNITS)


@pytest.mark.benchmark(group="blood-collections")
def test_record_collections_in_bulk(
        benchmark: Any, service: tuple[RunningServer, pb_grpc.BloodQuotaServiceStub],
        tmp_path: Path) -> None:
    running, stub = service
    rng = np.random.default_rng(6)
    days = np.datetime64("2017-01-01") + rng.integers(0, 365, COLLECTIONS)
    dates = [int(str(d).replace("-", "")) for d in days.astype("datetime64[D]").astype(str)]
    codes = [d.code for d in all_districts()]
    districts = [codes[i] for i in rng.integers(0, 16, COLLECTIONS)]
    channels = rng.integers(1, 4, COLLECTIONS).tolist()
    volumes = rng.choice([200, 300, 400], COLLECTIONS).tolist()
    donations = rng.integers(1, 4, COLLECTIONS).tolist()
    requests = [pb.RecordCollectionsRequest(
        request_id="bulk", donation_dates=dates[i:i + CHUNK_ROWS],
        districts=districts[i:i + CHUNK_ROWS], channels=channels[i:i + CHUNK_ROWS],
        volumes_ml=volumes[i:i + CHUNK_ROWS], donations=donations[i:i + CHUNK_ROWS])
        for i in range(0, COLLECTIONS, CHUNK_ROWS)]
    assert max(r.ByteSize() for r in requests) < 4 * 1024 * 1024

    def record() -> tuple[pb.RecordCollectionsResponse, float]:
        return timed(lambda: stub.RecordCollections(iter(requests), timeout=1200))

    response, service_seconds = benchmark.pedantic(record, rounds=1, iterations=1)
    total_ml = sum(v * n for v, n in zip(volumes, donations, strict=True))
    assert (response.recorded, response.volume_ml) == (COLLECTIONS, total_ml)
    with running.engine("blood_quota").connect() as connection:
        stored = connection.execute(text(
            "SELECT count(*), sum(volume_ml * donations) FROM blood_quota_collection")).one()
    assert tuple(stored) == (COLLECTIONS, total_ml)

    raw = sqlite3.connect(tmp_path / "raw.db")
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("CREATE TABLE collection (id INTEGER PRIMARY KEY, year INTEGER, donation_date "
                "DATE, district TEXT, unit_code TEXT, channel TEXT, volume_ml INTEGER, "
                "donations INTEGER)")
    rows = [(d // 10000, f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d}", district, "",
             str(channel), volume, count)
            for d, district, channel, volume, count in zip(
                dates, districts, channels, volumes, donations, strict=True)]

    def executemany() -> None:
        with raw:
            raw.executemany("INSERT INTO collection (year, donation_date, district, unit_code, "
                            "channel, volume_ml, donations) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    _none, raw_seconds = timed(executemany)
    assert raw.execute("SELECT count(*) FROM collection").fetchone() == (COLLECTIONS,)
    raw.close()
    report(benchmark, "sqlite3_executemany", service_seconds, raw_seconds, COLLECTIONS)
