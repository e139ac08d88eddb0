"""Rural roads survey benchmarks, all in one run (docs/benchmarks.md, section rural_roads):

- uploading and scoring evaluation units end to end: client stream of packed chunks (built
  before the clock starts) → validation → kernel (DR, PCI/RQI/RDI/PQI, grades) → the columns
  straight to the driver, one ``executemany`` per chunk (SQLite);
- the floor: raw ``sqlite3`` ``executemany`` of the same scored rows into the service's own
  unit table (every column and index), and, as the earlier floor, of 9 of the columns into a
  table with only the chainage index;
- the kernel alone on the same units (``pavement_indices`` + ``band_scores``).

Sizes are small by default; ``CITYSCORE_BENCH_FULL=1`` runs 1,000,000 units (issue 6),
``CITYSCORE_BENCH_UNITS=N`` any other number.
"""

from __future__ import annotations

import math
import os
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

from cityscore.core.kernel import api
from cityscore.core.kernel.parameters import pavement_parameters
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.rural_roads import models
from cityscore.services.rural_roads.domain import load_rules

FULL = os.environ.get("CITYSCORE_BENCH_FULL") == "1"
UNITS = int(os.environ.get("CITYSCORE_BENCH_UNITS") or (1_000_000 if FULL else 20_000))
UNITS_PER_ROAD = 100
CHUNK = 5_000
SET_ID = "rural-default/g3-g4-village/asphalt"


def unit_arrays(n: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(2018)
    return {"dr": rng.uniform(0, 8, n), "iri": rng.uniform(0.5, 9, n),
            "road": np.arange(n) // UNITS_PER_ROAD,
            "start": (np.arange(n) % UNITS_PER_ROAD) * 1000.0}


def chunks(arrays: dict[str, np.ndarray], year: int) -> list[pb.UploadSurveyUnitsRequest]:
    out = []
    for index, lo in enumerate(range(0, UNITS, CHUNK)):
        hi = min(lo + CHUNK, UNITS)
        first_road = int(arrays["road"][lo])
        last_road = int(arrays["road"][hi - 1])
        out.append(pb.UploadSurveyUnitsRequest(
            request_id=f"bench-{year}-{index}", year=year, chunk_index=index,
            road_codes=[f"B{r:06d}" for r in range(first_road, last_road + 1)],
            road_index=(arrays["road"][lo:hi] - first_road).tolist(),
            start_m=arrays["start"][lo:hi].tolist(),
            end_m=(arrays["start"][lo:hi] + 1000).tolist(),
            iri=arrays["iri"][lo:hi].tolist(), damage_ratio_percent=arrays["dr"][lo:hi].tolist()))
    assert max(c.ByteSize() for c in out) < 1 << 20  # each chunk well under 4 MiB
    return out


def record_rate(benchmark: BenchmarkFixture) -> None:
    """Units per second of the fastest round, when timing is on."""
    if benchmark.stats is not None:
        benchmark.extra_info["units_per_second"] = round(UNITS / benchmark.stats.stats.min)


@pytest.fixture(scope="module")
def arrays() -> dict[str, np.ndarray]:
    return unit_arrays(UNITS)


def test_upload_and_score_end_to_end(benchmark: BenchmarkFixture, start_server: Any,
                                     sqlite_url: str, arrays: dict[str, np.ndarray]) -> None:
    running = start_server(["rural_roads"], database_url=sqlite_url)
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    roads = UNITS // UNITS_PER_ROAD
    stub.ImportNetwork(pb.ImportNetworkRequest(request_id="bench-towns", towns=[
        pb.Town(code="BT", district="chongming")]))
    for lo in range(0, roads, 2000):
        stub.ImportNetwork(pb.ImportNetworkRequest(request_id=f"bench-roads-{lo}", roads=[
            pb.Road(code=f"B{r:06d}", town="BT", road_class="ROAD_CLASS_VILLAGE",
                    technical_grade="TECHNICAL_GRADE_GRADE_4", surface="SURFACE_ASPHALT",
                    length_m=UNITS_PER_ROAD * 1000, width_m=6, lanes=2)
            for r in range(lo, min(lo + 2000, roads))]), timeout=120)
    years = iter(range(2000, 2100))

    def setup() -> tuple[tuple[list[pb.UploadSurveyUnitsRequest]], dict[str, Any]]:
        year = next(years)
        stub.CreateSurvey(pb.CreateSurveyRequest(request_id=f"bench-s-{year}", year=year))
        return (chunks(arrays, year),), {}

    def upload(requests: list[pb.UploadSurveyUnitsRequest]) -> Any:
        return stub.UploadSurveyUnits(iter(requests), timeout=3600)

    response = benchmark.pedantic(
        upload, setup=setup, rounds=1, iterations=1)
    assert response.units_scored == UNITS and response.chunks_stored == math.ceil(UNITS / CHUNK)
    worst = stub.ListWorstUnits(pb.ListWorstUnitsRequest(year=2000, limit=1)).units[0]
    params = pavement_parameters(SET_ID)
    expected = api.pavement_indices(params, damage_ratio=arrays["dr"], iri=arrays["iri"]).pqi
    assert worst.pqi == float(np.nanmin(expected))
    record_rate(benchmark)


def test_raw_sqlite_executemany(benchmark: BenchmarkFixture, tmp_path: Path,
                                arrays: dict[str, np.ndarray]) -> None:
    """The same scored rows into the service's own unit table (every column, its unique
    chainage index and its district/PQI index), one ``executemany`` per chunk."""
    params = pavement_parameters(SET_ID)
    out = api.pavement_indices(params, damage_ratio=arrays["dr"], iri=arrays["iri"])
    grade = api.band_scores(out.pqi, load_rules().bands)
    n = UNITS
    nulls = [None] * n
    columns = {
        "survey_id": [1] * n, "chunk_index": (np.arange(n) // CHUNK).tolist(),
        "road": [f"B{r:06d}" for r in arrays["road"].tolist()], "district": ["chongming"] * n,
        "town": ["BT"] * n, "start_m": arrays["start"].tolist(),
        "end_m": (arrays["start"] + 1000).tolist(), "parameter_set": [SET_ID] * n,
        "damage_ratio": arrays["dr"].tolist(), "iri": arrays["iri"].tolist(),
        "rut_depth_mm": nulls, "pci": out.pci.tolist(), "rqi": out.rqi.tolist(),
        "rdi": nulls, "pqi": out.pqi.tolist(), "grade": grade.tolist(), "pbi": nulls,
        "pwi": nulls, "sci": nulls, "bci": nulls, "tci": nulls, "mqi": nulls,
        "structure_class": [0] * n}
    rows = list(zip(*columns.values(), strict=True))
    table = SQLModel.metadata.tables[models.Unit.__tablename__]
    dialect = sqlite_dialect()
    ddl = [str(CreateTable(table).compile(dialect=dialect)),
           *(str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes)]
    runs = iter(range(100))

    def setup() -> tuple[tuple[sqlite3.Connection], dict[str, Any]]:
        connection = sqlite3.connect(tmp_path / f"raw-{next(runs)}.db")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("CREATE TABLE rural_roads_survey (id INTEGER PRIMARY KEY)")
        for statement in ddl:
            connection.execute(statement)
        return (connection,), {}

    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))

    def insert(connection: sqlite3.Connection) -> int:
        with connection:
            for lo in range(0, len(rows), CHUNK):
                connection.executemany(f"INSERT INTO rural_roads_unit ({names}) "
                                       f"VALUES ({marks})", rows[lo:lo + CHUNK])
        count: int = connection.execute("SELECT count(*) FROM rural_roads_unit").fetchone()[0]
        connection.close()
        return count

    stored = benchmark.pedantic(
        insert, setup=setup, rounds=1, iterations=1)
    assert stored == UNITS
    record_rate(benchmark)


def test_raw_sqlite_executemany_narrow(benchmark: BenchmarkFixture, tmp_path: Path,
                                       arrays: dict[str, np.ndarray]) -> None:
    """The earlier floor: 9 of the columns, into a table with only the chainage index."""
    params = pavement_parameters(SET_ID)
    out = api.pavement_indices(params, damage_ratio=arrays["dr"], iri=arrays["iri"])
    grade = api.band_scores(out.pqi, load_rules().bands)
    rows = list(zip([f"B{r:06d}" for r in arrays["road"].tolist()], arrays["start"].tolist(),
                    (arrays["start"] + 1000).tolist(), arrays["dr"].tolist(),
                    arrays["iri"].tolist(), out.pci.tolist(), out.rqi.tolist(),
                    out.pqi.tolist(), grade.tolist(), strict=True))
    runs = iter(range(100))

    def setup() -> tuple[tuple[sqlite3.Connection], dict[str, Any]]:
        connection = sqlite3.connect(tmp_path / f"narrow-{next(runs)}.db")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(
            "CREATE TABLE unit (id INTEGER PRIMARY KEY, road TEXT, start_m REAL, end_m REAL, "
            "dr REAL, iri REAL, pci REAL, rqi REAL, pqi REAL, grade INTEGER, "
            "UNIQUE (road, start_m))")
        return (connection,), {}

    def insert(connection: sqlite3.Connection) -> int:
        with connection:
            for lo in range(0, len(rows), CHUNK):
                connection.executemany(
                    "INSERT INTO unit (road, start_m, end_m, dr, iri, pci, rqi, pqi, grade) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows[lo:lo + CHUNK])
        count: int = connection.execute("SELECT count(*) FROM unit").fetchone()[0]
        connection.close()
        return count

    assert benchmark.pedantic(insert, setup=setup, rounds=1, iterations=1) == UNITS
    record_rate(benchmark)


def test_kernel_alone(benchmark: BenchmarkFixture, arrays: dict[str, np.ndarray]) -> None:
    params = pavement_parameters(SET_ID)
    bands = load_rules().bands

    def score() -> np.ndarray:
        out = api.pavement_indices(params, damage_ratio=arrays["dr"], iri=arrays["iri"])
        return api.band_scores(out.pqi, bands)

    grades = benchmark(score)
    assert grades.shape == (UNITS,) and grades.min() >= 0
    record_rate(benchmark)
