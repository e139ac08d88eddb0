"""Rural roads benchmarks of the register import and of a survey's replay, at national layout
(docs/benchmarks.md, section rural_roads):

- ``ImportNetwork`` of the roads of N evaluation units (roads of 1 to 20 whole kilometres,
  5,000 roads a request, as ``scripts/national_roads.py`` sends them) end to end through the
  server, against its floor, measured in the same test: raw ``executemany`` of the same rows,
  as stored, into the same table (every column and index), 5,000 rows a transaction;
- ``ReplaySurveyReport`` of a closed survey of N units (road codes by district, so the
  (road, start) order visits every chunk many times, as in the national run), with the growth
  of the process's peak resident memory during the replay.

Sizes are small by default; ``CITYSCORE_BENCH_FULL=1`` runs 1,000,000 units,
``CITYSCORE_BENCH_UNITS=N`` any other number. Both run on SQLite, and on PostgreSQL too when
``CITYSCORE_TEST_POSTGRES_URL`` is set.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

from national_roads import (
    ROADS_PER_IMPORT,
    road_code,
    road_lengths,
    road_requests,
    survey_chunks,
    towns_request,
)
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import text

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.rural_roads import models

FULL = os.environ.get("CITYSCORE_BENCH_FULL") == "1"
UNITS = int(os.environ.get("CITYSCORE_BENCH_UNITS") or (1_000_000 if FULL else 20_000))
def raw_executemany(engine: Any, table: str, names: list[str], rows: list[tuple[Any, ...]],
                    batch: int) -> float:
    """Seconds to insert ``rows`` with the driver's own ``executemany``, ``batch`` rows a
    transaction (as each import request is its own)."""
    connection = engine.raw_connection()
    try:
        postgres = engine.dialect.name == "postgresql"
        marks = ", ".join(["%s" if postgres else "?"] * len(names))
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})"
        began = time.perf_counter()
        for lo in range(0, len(rows), batch):
            cursor = connection.cursor()
            if not postgres:
                cursor.execute("BEGIN IMMEDIATE")
            cursor.executemany(sql, rows[lo:lo + batch])
            cursor.close()
            connection.commit()
        return time.perf_counter() - began
    finally:
        connection.close()


def test_import_network_against_raw_executemany(benchmark: BenchmarkFixture,
                                                start_server: Any, database_url: str) -> None:
    lengths = road_lengths(UNITS)
    running = start_server(["rural_roads"], database_url=database_url)
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    stub.ImportNetwork(towns_request())
    requests = list(road_requests(lengths))

    def import_roads() -> int:
        return sum(stub.ImportNetwork(r, timeout=3600).roads.created for r in requests)

    assert benchmark.pedantic(import_roads, rounds=1, iterations=1) == len(lengths)
    last = len(lengths) - 1
    shown = stub.ShowRegisterRecord(pb.ShowRegisterRecordRequest(
        kind=pb.REGISTER_KIND_ROAD, code=road_code(last))).versions
    assert [v.road.length_m for v in shown] == [float(lengths[last]) * 1000]

    # The floor: the same rows, as stored, into the same table, emptied first.
    engine = running.engine("rural_roads")
    table = models.Road.__tablename__
    names = [c.name for c in models.Road.__table__.columns if c.name != "id"]  # type: ignore[attr-defined]
    with engine.begin() as connection:
        rows = [tuple(r) for r in connection.execute(text(
            f"SELECT {', '.join(names)} FROM {table} ORDER BY id"))]
        connection.execute(text(f"DELETE FROM {table}"))
    vacuum = engine.raw_connection()
    try:
        postgres = engine.dialect.name == "postgresql"
        if postgres:
            vacuum.driver_connection.autocommit = True
        vacuum.cursor().execute(f"VACUUM {table}" if postgres else "VACUUM")
    finally:
        vacuum.close()
    floor = raw_executemany(engine, table, names, rows, ROADS_PER_IMPORT)
    with engine.connect() as connection:
        assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == len(rows)
    if benchmark.stats is not None:
        best = benchmark.stats.stats.min
        benchmark.extra_info.update(roads=len(lengths), floor_seconds=round(floor, 3),
                                    vs_floor=round(best / floor, 2),
                                    roads_per_second=round(len(lengths) / best))


def _status_kb(field: str) -> int:
    found = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    assert found is not None
    return int(found.group(1))


def test_replay_survey_report(benchmark: BenchmarkFixture, start_server: Any,
                              database_url: str) -> None:
    lengths = road_lengths(UNITS)
    running = start_server(["rural_roads"], database_url=database_url)
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    stub.ImportNetwork(towns_request())
    for request in road_requests(lengths):
        stub.ImportNetwork(request, timeout=3600)
    stub.CreateSurvey(pb.CreateSurveyRequest(request_id="survey", year=2025))
    chunks = list(survey_chunks(lengths, 2025))
    for lo in range(0, len(chunks), 20):
        stub.UploadSurveyUnits(iter(chunks[lo:lo + 20]), timeout=3600)
    del chunks
    closed = stub.CloseSurvey(pb.CloseSurveyRequest(request_id="close", year=2025),
                              timeout=3600)
    assert closed.city.units == UNITS
    rss_before = _status_kb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from here

    def replay() -> pb.ReplaySurveyReportResponse:
        answer: pb.ReplaySurveyReportResponse = stub.ReplaySurveyReport(
            pb.ReplaySurveyReportRequest(year=2025), timeout=3600)
        return answer

    replayed = benchmark.pedantic(replay, rounds=1, iterations=1)
    growth_mb = (_status_kb("VmHWM") - rss_before) / 1024
    assert replayed.matches, list(replayed.differences)
    assert replayed.recomputed.result_digest == closed.provenance.result_digest
    if benchmark.stats is not None:
        benchmark.extra_info.update(
            units=UNITS, peak_rss_growth_mb=round(growth_mb),
            units_per_second=round(UNITS / benchmark.stats.stats.min))
