"""Grading a national-scale assessment year through gRPC, next to a hello-world gRPC call.

3,000 assessed units × 60 indicators with ``CITYSCORE_BENCH_FULL=1`` (200 units otherwise).
The set-up goes through the API too (the 180,000 self-check values stream in with
``ImportSelfChecks``) but is not what is measured. Each round of ``GradeCycle`` stores a new
run; the result is checked against the pure domain function on the generated inputs and by
replay.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import grpc
import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from support import ServerFactory, hello_world_caller, hello_world_server

from cityscore.common.v1 import common_pb2
from cityscore.services.wage_assessment import domain, mapping
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2_grpc as pb_grpc

UNITS = 3000 if os.environ.get("CITYSCORE_BENCH_FULL") == "1" else 200
YEAR = 2019
#: Six categories of ten items: four of 1.5-point items, two of 2-point items (100 points).
CATEGORIES = (("C1", "1.5"), ("C2", "1.5"), ("C3", "1.5"), ("C4", "1.5"), ("C5", "2"),
              ("C6", "2"))


def national_scheme() -> pb.Scheme:
    """60 indicators cycling through the five rule types."""
    scheme = pb.Scheme(version="national-bench", year=YEAR, title="60-indicator benchmark")
    for code, points in CATEGORIES:
        half = domain.format_points(domain.parse_points(points) // 2)
        scheme.categories.add(code=code, name=code,
                              max_points=domain.format_points(domain.parse_points(points) * 10))
        for k in range(10):
            indicator = scheme.indicators.add(id=f"{code}-{k}", category=code, name=f"{code}-{k}",
                                              max_points=points, verified_on_site=True)
            kind = k % 5
            if kind == 0:
                indicator.rule_type = pb.RULE_TYPE_BINARY
            elif kind == 1:
                indicator.rule_type = pb.RULE_TYPE_DEDUCT_PER_OCCURRENCE
                indicator.step = "0.5"
            elif kind == 2:
                indicator.rule_type = pb.RULE_TYPE_RATIO_THRESHOLD
                indicator.threshold, indicator.ratio_mode = "0.9", pb.RATIO_MODE_PROPORTIONAL
            elif kind == 3:
                indicator.rule_type = pb.RULE_TYPE_LADDER
                indicator.ladder.add(min_ratio="0.9", points=points)
                indicator.ladder.add(min_ratio="0.5", points=half)
            else:
                indicator.rule_type = pb.RULE_TYPE_SUM_OF_SUBPOINTS
                indicator.sub_points.add(id="a", points=half)
                indicator.sub_points.add(id="b", points=half)
    return scheme


Row = tuple[str, str, int, int | None, str]
"""(unit, indicator, value, denominator, sub-points) of one self-check value."""
CHUNK_ROWS = 20_000


def item_row(unit: str, indicator: pb.Indicator, rng: random.Random) -> Row:
    """A plausible self-check value for ``indicator``."""
    if indicator.rule_type == pb.RULE_TYPE_BINARY:
        return unit, indicator.id, int(rng.random() < 0.9), None, ""
    if indicator.rule_type == pb.RULE_TYPE_DEDUCT_PER_OCCURRENCE:
        return unit, indicator.id, rng.choice((0, 0, 0, 1, 2)), None, ""
    if indicator.rule_type == pb.RULE_TYPE_SUM_OF_SUBPOINTS:
        return unit, indicator.id, 0, None, rng.choice(("a;b", "a;b", "a", "b", ""))
    denominator = rng.randint(20, 400)
    return unit, indicator.id, rng.randint(denominator * 3 // 4, denominator), denominator, ""


def import_chunks(rows: list[Row]) -> Iterator[pb.ImportSelfChecksRequest]:
    request_id = rid()
    for start in range(0, len(rows), CHUNK_ROWS):
        part = rows[start:start + CHUNK_ROWS]
        yield pb.ImportSelfChecksRequest(
            request_id=request_id, year=YEAR, districts=[r[0] for r in part],
            indicator_ids=[r[1] for r in part], values=[r[2] for r in part],
            denominators=[-1 if r[3] is None else r[3] for r in part],
            sub_points=[r[4] for r in part])


@dataclass
class NationalYear:
    stub: pb_grpc.WageAssessmentServiceStub
    expected: domain.Grading


def rid() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def national_year(start_server: ServerFactory, sqlite_url: str) -> Iterator[NationalYear]:
    running = start_server(["wage_assessment"], database_url=sqlite_url)
    stub = pb_grpc.WageAssessmentServiceStub(running.channel("city-token"))
    scheme = national_scheme()
    stub.CreateScheme(pb.CreateSchemeRequest(request_id=rid(), scheme=scheme))
    stub.PublishScheme(pb.PublishSchemeRequest(request_id=rid(), version=scheme.version))
    units = [f"u{k:05d}" for k in range(UNITS)]
    stub.CreateCycle(pb.CreateCycleRequest(request_id=rid(), year=YEAR, districts=units,
                                           scheme_version=scheme.version,
                                           policy_version="hfb-2018-30"))
    stub.AdvanceStage(pb.AdvanceStageRequest(request_id=rid(), year=YEAR,
                                             target_stage=pb.STAGE_SELF_CHECK))
    rng = random.Random(20190301)
    rows = [item_row(unit, indicator, rng) for unit in units for indicator in scheme.indicators]
    imported = stub.ImportSelfChecks(import_chunks(rows), timeout=300)
    assert (imported.rows, imported.districts) == (len(rows), UNITS)
    for stage in (pb.STAGE_ON_SITE_VERIFICATION, pb.STAGE_COMPREHENSIVE_REVIEW):
        stub.AdvanceStage(pb.AdvanceStageRequest(request_id=rid(), year=YEAR,
                                                 target_stage=stage))
    for unit in units[:40]:
        stub.SetReviewFlag(pb.SetReviewFlagRequest(
            request_id=rid(), year=YEAR, district=unit, flag=pb.REVIEW_FLAG_A_CONDITIONS_MET,
            value=True, reason="conditions met"))
    for unit in units[:2]:
        for day in range(1, 6):
            stub.RecordIncident(pb.RecordIncidentRequest(request_id=rid(), year=YEAR,
                                                         incident=pb.Incident(
                district=unit, incident_date=common_pb2.Date(year=YEAR, month=4, day=day),
                kind=pb.INCIDENT_KIND_MASS, people=60,
                source_agency=pb.SOURCE_AGENCY_PETITIONS)))
    yield NationalYear(stub, domain.grade(
        mapping.scheme_from_proto(scheme), domain.policy_for(YEAR, "hfb-2018-30"),
        domain.YearInputs.of_units(expected_inputs(units, rows))))


def expected_inputs(units: list[str], rows: list[Row]) -> list[domain.UnitInputs]:
    """The oracle's view of the year, built from the generated rows, not from the database."""
    items: dict[str, dict[str, domain.ItemInput]] = {unit: {} for unit in units}
    for unit, indicator, value, denominator, subs in rows:
        items[unit][indicator] = domain.ItemInput(value, denominator,
                                                  tuple(subs.split(";")) if subs else ())
    flag = {"a_conditions_met": domain.FlagInput(True, "conditions met", "city-office")}
    mass = (domain.IncidentInput("mass", 60, False, False),) * 5
    return [domain.UnitInputs(unit, items[unit], mass if k < 2 else (),
                              flag if k < 40 else {}) for k, unit in enumerate(units)]


def test_hello_world_grpc_call(benchmark: BenchmarkFixture) -> None:
    """The floor: one unary call to a bare gRPC server, in the same run."""
    with hello_world_server() as target, grpc.insecure_channel(target) as channel:
        call = hello_world_caller(channel)
        assert benchmark(call, b"x" * 64) == b"x" * 64


def test_grade_national_year(benchmark: BenchmarkFixture, national_year: NationalYear) -> None:
    """One ``GradeCycle`` RPC: read every item value, score, rank, grade, store the run."""
    stub = national_year.stub

    def grade() -> pb.GradeCycleResponse:
        response: pb.GradeCycleResponse = stub.GradeCycle(
            pb.GradeCycleRequest(request_id=rid(), year=YEAR), timeout=300)
        return response

    result = benchmark.pedantic(
        grade, rounds=3 if UNITS > 1000 else 1, iterations=1)
    expected = national_year.expected.distribution()
    assert (result.distribution.a, result.distribution.b, result.distribution.c) == (
        expected["A"], expected["B"], expected["C"])
    assert result.input_digest == national_year.expected.input_digest
    assert result.distribution.c >= 2
    replay = stub.ReplayGrades(pb.ReplayGradesRequest(year=YEAR), timeout=300)
    assert replay.matches
