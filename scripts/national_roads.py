#!/usr/bin/env python3
"""The rural roads survey at national scale, end to end: upload, close, target reports.

For each size a fresh database (a SQLite file, or a new PostgreSQL database beside the one
``--database-url`` names) and a real server process (``python -m
cityscore.services.rural_roads``) are started; the script, as a client in its own process,
imports a synthetic network (16 districts, 4 towns each, roads of 1 to 20 whole kilometres),
opens the survey of 2025, uploads N evaluation units of 1000 m in chunks of 5,000 (packed
arrays of IRI and DR, 20 chunks a call), closes the survey as an operation
(``StartCloseSurvey``, followed with ``WaitOperation``) and closes the target year as one
too (``StartCloseTargetYear``: the city's and 16 districts' reports), then prints one
Markdown row per size: wall time of each step, the server's peak resident memory
(``VmHWM``) and the database's size on disk. No real road is described.

    python scripts/national_roads.py --sizes 100000,1000000,4600000
    python scripts/national_roads.py --sizes 100000,1000000 \\
        --database-url postgresql+psycopg://cityscore:cityscore@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import national
import numpy as np
from national import again

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc

YEAR = 2025
DISTRICTS = ("huangpu", "xuhui", "changning", "jingan", "putuo", "hongkou", "yangpu",
             "baoshan", "minhang", "pudong", "jiading", "jinshan", "qingpu", "songjiang",
             "fengxian", "chongming")
TOWNS_PER_DISTRICT = 4
CHUNK = 5_000
CHUNKS_PER_CALL = 20  # one upload stream stays below the server's connection age
ROADS_PER_IMPORT = 5_000


def road_lengths(units: int) -> np.ndarray:
    """Whole kilometres per road (1 to 20) adding up to exactly ``units`` units of 1000 m."""
    rng = np.random.default_rng(2018)
    lengths = rng.integers(1, 21, units // 10 + 1)
    ends = np.cumsum(lengths)
    count = int(np.searchsorted(ends, units)) + 1
    lengths = lengths[:count].copy()
    lengths[-1] -= int(ends[count - 1]) - units
    return lengths[lengths > 0]


def road_code(r: int) -> str:
    return f"{DISTRICTS[r % len(DISTRICTS)][:3].upper()}{r:07d}"


def town_of(r: int) -> str:
    return f"{DISTRICTS[r % len(DISTRICTS)]}-t{r // len(DISTRICTS) % TOWNS_PER_DISTRICT}"


def towns_request() -> pb.ImportNetworkRequest:
    """The register's towns: ``TOWNS_PER_DISTRICT`` in each of the 16 districts."""
    return pb.ImportNetworkRequest(request_id="towns", towns=[
        pb.Town(code=f"{d}-t{t}", district=d) for d in DISTRICTS
        for t in range(TOWNS_PER_DISTRICT)])


def road_requests(lengths: np.ndarray) -> Iterator[pb.ImportNetworkRequest]:
    """The register's roads, ``ROADS_PER_IMPORT`` a request, one per entry of ``lengths``
    (whole kilometres), half of each greened."""
    for lo in range(0, len(lengths), ROADS_PER_IMPORT):
        yield pb.ImportNetworkRequest(request_id=f"roads-{lo}", roads=[
            pb.Road(code=road_code(r), town=town_of(r), road_class="ROAD_CLASS_VILLAGE",
                    technical_grade="TECHNICAL_GRADE_GRADE_4", surface="SURFACE_ASPHALT",
                    length_m=float(lengths[r]) * 1000, width_m=4.5, lanes=1,
                    greenable_km=float(lengths[r]), greened_km=float(lengths[r]) / 2)
            for r in range(lo, min(lo + ROADS_PER_IMPORT, len(lengths)))])


def import_network(stub: pb_grpc.RuralRoadsServiceStub, lengths: np.ndarray) -> None:
    again(stub.ImportNetwork, towns_request())
    for request in road_requests(lengths):
        again(stub.ImportNetwork, request)


def survey_chunks(lengths: np.ndarray, year: int = YEAR
                  ) -> Iterator[pb.UploadSurveyUnitsRequest]:
    """Every unit of every road, ``CHUNK`` at a time, made as they are sent."""
    road = np.repeat(np.arange(len(lengths)), lengths)
    first_unit = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    start = (np.arange(len(road)) - first_unit[road]) * 1000.0
    rng = np.random.default_rng(2025)
    for index, lo in enumerate(range(0, len(road), CHUNK)):
        hi = min(lo + CHUNK, len(road))
        first, last = int(road[lo]), int(road[hi - 1])
        yield pb.UploadSurveyUnitsRequest(
            request_id=f"chunk-{index}", year=year, chunk_index=index,
            road_codes=[road_code(r) for r in range(first, last + 1)],
            road_index=(road[lo:hi] - first).tolist(), start_m=start[lo:hi].tolist(),
            end_m=(start[lo:hi] + 1000).tolist(),
            iri=rng.lognormal(0.9, 0.35, hi - lo).clip(0.5, 19).round(2).tolist(),
            damage_ratio_percent=rng.uniform(0, 6, hi - lo).round(3).tolist())


def upload(stub: pb_grpc.RuralRoadsServiceStub, lengths: np.ndarray) -> int:
    """Every chunk, ``CHUNKS_PER_CALL`` a call; a call ended by the server's connection age
    (UNAVAILABLE) is sent again, its stored chunks skipped, as ``cityscore roads upload``
    resumes."""
    again(stub.CreateSurvey, pb.CreateSurveyRequest(request_id="survey", year=YEAR))
    chunks = survey_chunks(lengths)
    while batch := [c for _, c in zip(range(CHUNKS_PER_CALL), chunks, strict=False)]:
        for attempt in range(3):
            try:
                stub.UploadSurveyUnits(iter(batch), timeout=3600)
                break
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.UNAVAILABLE or attempt == 2:
                    raise
    survey = again(stub.GetSurvey, pb.GetSurveyRequest(year=YEAR)).survey
    return int(survey.units)


def close(channel: grpc.Channel, stub: pb_grpc.RuralRoadsServiceStub
          ) -> pb.CloseSurveyResponse:
    started = again(stub.StartCloseSurvey, pb.StartCloseSurveyRequest(request_id="close",
                                                                      year=YEAR))
    return national.operation_result(channel, started.name, pb.CloseSurveyResponse)


def close_year(channel: grpc.Channel, stub: pb_grpc.RuralRoadsServiceStub
               ) -> pb.CloseTargetYearResponse:
    started = again(stub.StartCloseTargetYear, pb.StartCloseTargetYearRequest(
        request_id="year", year=YEAR))
    return national.operation_result(channel, started.name, pb.CloseTargetYearResponse)


def run(size: int, url: str | None, label: str) -> str:
    lengths = road_lengths(size)
    with tempfile.TemporaryDirectory(prefix="roads-national-") as work, \
            national.fresh_database(url, f"roads_national_{size}", Path(work)) as database, \
            national.server("rural_roads", database, Path(work)) as running, \
            national.client_channel(running.target) as channel:
        stub = pb_grpc.RuralRoadsServiceStub(channel)
        times = []
        began = time.perf_counter()
        import_network(stub, lengths)
        times.append(time.perf_counter() - began)
        began = time.perf_counter()
        assert upload(stub, lengths) == size
        times.append(time.perf_counter() - began)
        began = time.perf_counter()
        closed = close(channel, stub)
        times.append(time.perf_counter() - began)
        assert closed.city.units == size, closed.city
        began = time.perf_counter()
        targets = close_year(channel, stub)
        assert len(targets.reports) == 1 + len(DISTRICTS), targets
        year = f"{time.perf_counter() - began:.1f}"
        return national.markdown_row([
            label, f"{size:,}", f"{len(lengths):,}", *(f"{t:.1f}" for t in times), year,
            f"{size / times[1]:,.0f}", f"{running.peak_rss_mb():.0f}",
            f"{national.database_mb(database):.0f}"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000",
                        help="Evaluation units per run, comma-separated.")
    parser.add_argument("--database-url", default=None,
                        help="A PostgreSQL URL whose server gets a fresh database per size "
                             "(default: a SQLite file per size).")
    arguments = parser.parse_args()
    label = "PostgreSQL" if arguments.database_url else "SQLite"
    print("| database | units | roads | ImportNetwork s | upload s | close (operation) s | "
          "CloseTargetYear s | upload units/s | server peak RSS MB | database MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in arguments.sizes.split(",")):
        print(run(size, arguments.database_url, label), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
