"""Closing a target year as a long-running operation (google.longrunning.Operations,
AIP-151): the same stored reports as CloseTargetYear, across connection ages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.longrunning import operations_pb2_grpc as lro_grpc  # type: ignore[import-untyped]
from google.longrunning import operations_proto_pb2 as lro
from google.rpc import code_pb2, error_details_pb2
from integration.services.rural_roads.roads_world import road
from integration.services.rural_roads.test_held_years import day, targets, the_year_2021, village
from sqlmodel import Session
from support import error_details, operation_metadata, operation_response, wait_operation

from cityscore.core.clock import FixedClock
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.rural_roads import repository as repo

#: The city's report, then the 16 districts'.
REPORTS = 17


@pytest.fixture
def clock() -> FixedClock:
    """Early 2023: the years up to 2022 have ended and can be closed."""
    return FixedClock(dt.datetime(2023, 3, 1, 4, 0, tzinfo=dt.UTC))


@pytest.fixture
def running(start_server: Any, database_url: str) -> Any:
    return start_server(["rural_roads"], database_url=database_url,
                        max_connection_age_seconds=2)


def stubs(running: Any, token: str = "city-token") -> tuple[Any, Any]:
    channel = running.channel(token)
    return pb_grpc.RuralRoadsServiceStub(channel), lro_grpc.OperationsStub(channel)


def start(stub: Any, request_id: str, year: int) -> pb.StartCloseTargetYearResponse:
    started: pb.StartCloseTargetYearResponse = stub.StartCloseTargetYear(
        pb.StartCloseTargetYearRequest(request_id=request_id, year=year))
    return started


def test_a_year_closed_as_an_operation_stores_what_close_target_year_stores(
        running: Any, start_server: Any, tmp_path: Path) -> None:
    """Connections live 2 s; the operation outlives them and stores the reports the
    synchronous close stores of the same register (on a server of its own)."""
    stub, operations = stubs(running)
    the_year_2021(stub)
    started = start(stub, "close-2021", 2021)
    assert started.name.startswith("operations/rural_roads/") and not started.done
    assert lro.Operation.FromString(started.SerializeToString()).name == started.name
    done = wait_operation(operations, started.name)
    closed = operation_response(done, pb.CloseTargetYearResponse)
    progress = operation_metadata(done, pb.CloseTargetYearProgress)
    assert (progress.year, progress.done, progress.total, progress.note) == (
        2021, REPORTS + 1, REPORTS + 1, "closed")
    assert (closed.year, closed.rule_version) == (2021, "rural_roads-targets-2026.2")
    assert closed.reports[0].district == "" and len(closed.reports) == REPORTS
    stored = stub.GetTargetReport(pb.GetTargetReportRequest(year=2021, district="pudong"))
    assert stored.closed
    # 四(三) ¶3 "年度大中修里程不低于8%" on the mileage of 1 January (§2.4): 0.6 / 5.95 km;
    # 三(五) 建制村通公交: one of the two villages of 2021.
    assert (targets(stored)["T12"].display_value, targets(stored)["T12"].status) == (
        "10.08 %", pb.TARGET_STATUS_PASS)
    assert targets(stored)["T6"].display_value == "1 of 2"
    assert stub.ReplayTargets(pb.ReplayTargetsRequest(year=2021, district="pudong")).matches

    synchronous_stub, _ = stubs(start_server(
        ["rural_roads"], database_url=f"sqlite:///{tmp_path / 'synchronous.db'}"))
    the_year_2021(synchronous_stub)
    synchronous = synchronous_stub.CloseTargetYear(pb.CloseTargetYearRequest(
        request_id="close-2021", year=2021))
    assert closed == synchronous


def test_a_retry_of_the_start_answers_with_the_same_operation(running: Any) -> None:
    stub, operations = stubs(running)
    the_year_2021(stub)
    first = start(stub, "close-2021", 2021)
    again = start(stub, "close-2021", 2021)
    assert again.name == first.name
    listed = operations.ListOperations(lro.ListOperationsRequest(name="operations/rural_roads"))
    assert [o.name for o in listed.operations] == [first.name]
    closed = operation_response(wait_operation(operations, first.name),
                                pb.CloseTargetYearResponse)
    assert len(closed.reports) == REPORTS
    # Sent again once the year is closed, the start still answers with its operation.
    assert start(stub, "close-2021", 2021).name == first.name


@pytest.mark.parametrize(("year", "violation"), [(2023, "YEAR_NOT_ENDED"),
                                                 (2021, "YEAR_CLOSED")])
def test_a_year_that_cannot_be_closed_is_refused_by_the_start(
        running: Any, year: int, violation: str) -> None:
    stub, operations = stubs(running)
    the_year_2021(stub)
    stub.CloseTargetYear(pb.CloseTargetYearRequest(request_id="closed-before", year=2021))
    with pytest.raises(grpc.RpcError) as refused:
        start(stub, "again", year)
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert [v.type for v in error_details(refused.value)["PreconditionFailure"]
            .violations] == [violation]
    assert not operations.ListOperations(lro.ListOperationsRequest(
        name="operations/rural_roads")).operations


def test_a_year_with_an_open_survey_is_refused_by_the_start(running: Any) -> None:
    stub, _ = stubs(running)
    the_year_2021(stub)
    stub.CreateSurvey(pb.CreateSurveyRequest(request_id="s", year=2021))
    with pytest.raises(grpc.RpcError) as refused:
        start(stub, "close", 2021)
    assert [v.type for v in error_details(refused.value)["PreconditionFailure"]
            .violations] == ["SURVEY_OPEN"]


def test_a_district_cannot_start_closing_a_year(running: Any) -> None:
    stub, _ = stubs(running)
    the_year_2021(stub)
    pudong, _ = stubs(running, "pudong-token")
    with pytest.raises(grpc.RpcError) as refused:
        start(pudong, "p", 2021)
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_two_starts_close_once_and_the_other_holds_the_refusal(running: Any) -> None:
    stub, operations = stubs(running)
    the_year_2021(stub)
    first, second = start(stub, "a", 2021), start(stub, "b", 2021)
    outcomes = [wait_operation(operations, first.name), wait_operation(operations, second.name)]
    assert sorted(o.WhichOneof("result") or "" for o in outcomes) == ["error", "response"]
    failed = next(o for o in outcomes if o.WhichOneof("result") == "error")
    assert failed.error.code == code_pb2.FAILED_PRECONDITION
    assert [v.type for v in error_details_of(failed).violations] == ["YEAR_CLOSED"]


def error_details_of(operation: lro.Operation) -> error_details_pb2.PreconditionFailure:
    """The PreconditionFailure of an operation that ended in one."""
    failure = error_details_pb2.PreconditionFailure()
    found = [d for d in operation.error.details
             if d.Is(error_details_pb2.PreconditionFailure.DESCRIPTOR)]
    assert found and found[0].Unpack(failure)
    return failure


def test_a_cancelled_close_stores_nothing(running: Any) -> None:
    stub, operations = stubs(running)
    the_year_2021(stub)
    started = start(stub, "c", 2021)
    operations.CancelOperation(lro.CancelOperationRequest(name=started.name))
    done = wait_operation(operations, started.name)
    if done.WhichOneof("result") == "response":
        pytest.skip("the close ended before the cancel reached it")
    assert done.error.code == code_pb2.CANCELLED
    assert not stub.GetTargetReport(pb.GetTargetReportRequest(year=2021)).closed
    again = start(stub, "c-again", 2021)
    assert len(operation_response(wait_operation(operations, again.name),
                                  pb.CloseTargetYearResponse).reports) == REPORTS


def test_every_kind_of_register_write_moves_the_mark_a_close_checks(running: Any) -> None:
    """A close judges the register in one unit of work and stores in another; it stores only
    if the register's mark is unchanged between them (else REGISTER_CHANGED), so a write of
    any kind in between — a new version, an amended figure, a new record — must move it."""
    stub, _ = stubs(running)
    the_year_2021(stub)

    def mark() -> tuple[tuple[int, int], ...]:
        with Session(running.engine("rural_roads")) as session:
            return repo.register_mark(session=session)

    marks = [mark()]
    stub.ImportNetwork(pb.ImportNetworkRequest(request_id="longer", roads=[
        road("R9", "T1", 2500)], effective_from=day(2022, 7, 1)))
    marks.append(mark())
    stub.RecordWorks(pb.RecordWorksRequest(
        request_id="recount", reason="the district office recounted the 2021 works",
        district_years=[pb.DistrictYear(district="pudong", year=2021,
                                        major_medium_maintenance_km=0.1)]))
    marks.append(mark())
    stub.ImportNetwork(pb.ImportNetworkRequest(request_id="another", villages=[
        village("V3", False, False)]))
    marks.append(mark())
    stub.ImportNetwork(pb.ImportNetworkRequest(request_id="longer", roads=[
        road("R9", "T1", 2500)], effective_from=day(2022, 7, 1)))
    assert mark() == marks[-1]  # a retry writes nothing
    assert len(set(marks)) == len(marks)
