"""Grading a year as a long-running operation (google.longrunning.Operations, AIP-151):
``StartGradeCycle`` answers at once, the server grades, and the operation ends with the answer
``GradeCycle`` gives. The grades expected are those of wage_assessment.md §12.2."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from google.longrunning import operations_pb2_grpc as lro_grpc  # type: ignore[import-untyped]
from google.longrunning import operations_proto_pb2 as lro
from google.rpc import code_pb2
from integration.services.wage_assessment.wage_world import (
    GRADES_2018,
    Stub,
    advance,
    failure,
    grades_of,
    open_year,
    ranking,
    reviewed_year,
    rid,
    sample_scheme,
)
from support import (
    RunningServer,
    ServerFactory,
    operation_metadata,
    operation_response,
    wait_operation,
)

from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

#: A national-scale year long enough to cancel while it is graded: assessed units, each
#: reporting one item (the others score 0).
NATIONAL_UNITS = 3000


@pytest.fixture
def running(start_server: ServerFactory, database_url: str) -> RunningServer:
    """Connections live 2 s (CITYSCORE_MAX_CONNECTION_AGE_SECONDS=2)."""
    return start_server(["wage_assessment"], database_url=database_url,
                        max_connection_age_seconds=2)


def stubs(running: RunningServer, token: str = "city-token") -> tuple[Stub, Any]:
    channel = running.channel(token)
    return Stub(channel), lro_grpc.OperationsStub(channel)




def result(operation: lro.Operation) -> pb.GradeCycleResponse:
    return operation_response(operation, pb.GradeCycleResponse)


def progress(operation: lro.Operation) -> pb.GradeCycleProgress:
    return operation_metadata(operation, pb.GradeCycleProgress)


def start(stub: Stub, year: int = 2018, request_id: str | None = None
          ) -> pb.StartGradeCycleResponse:
    response: pb.StartGradeCycleResponse = stub.StartGradeCycle(pb.StartGradeCycleRequest(
        request_id=request_id or rid(), year=year))
    return response


def test_a_grading_operation_completes_across_connection_ages_with_the_grades_of_12_2(
        running: RunningServer) -> None:
    """The set-up alone outlives several 2-s connections; the operation ends with the §12.2
    grades, and the synchronous GradeCycle of the same inputs answers alike."""
    office, operations = stubs(running)
    team, _ = stubs(running, "assessor-token")
    reviewed_year(office, team)
    started = start(office)
    assert started.name.startswith("operations/wage_assessment/") and not started.done
    assert lro.Operation.FromString(started.SerializeToString()).name == started.name
    done = wait_operation(operations, started.name)
    graded = result(done)
    shown = progress(done)
    assert (shown.units, shown.units_read, shown.units_scored, shown.units_graded) == (
        16, 16, 16, 16)
    assert (shown.done, shown.total) == (48, 48)
    assert operations.GetOperation(lro.GetOperationRequest(name=started.name)) == done

    # §12.2: A = {jingan, minhang, pudong, songjiang}, C = {fengxian, putuo, xuhui, yangpu}.
    assert graded.run == 1
    assert (graded.distribution.a, graded.distribution.b, graded.distribution.c) == (4, 8, 4)
    assert len(graded.tie_reports) == 1
    assert "huangpu, songjiang share rank 5" in graded.tie_reports[0]
    assert "6 districts have rank <= 5" in graded.tie_reports[0]
    assert grades_of(ranking(office, 2018)) == GRADES_2018

    synchronous = office.GradeCycle(pb.GradeCycleRequest(request_id=rid(), year=2018))
    assert synchronous.run == 2
    assert (synchronous.distribution, list(synchronous.tie_reports),
            synchronous.input_digest) == (graded.distribution, list(graded.tie_reports),
                                          graded.input_digest)
    assert grades_of(ranking(office, 2018)) == GRADES_2018
    for run in (1, 2):
        replay = team.ReplayGrades(pb.ReplayGradesRequest(year=2018, run=run))
        assert replay.matches and not replay.differences, run


def test_a_retry_of_the_start_answers_with_the_same_operation(running: RunningServer) -> None:
    office, operations = stubs(running)
    team, _ = stubs(running, "assessor-token")
    reviewed_year(office, team)
    first = start(office, request_id="grade-2018")
    again = start(office, request_id="grade-2018")
    assert again.name == first.name
    listed = operations.ListOperations(lro.ListOperationsRequest(
        name="operations/wage_assessment"))
    assert [o.name for o in listed.operations] == [first.name]
    assert result(wait_operation(operations, first.name)).run == 1
    assert office.GetRanking(pb.GetRankingRequest(year=2018)).run == 1
    # Sent again once the year is graded, the start answers with the same operation and
    # grades nothing more.
    assert start(office, request_id="grade-2018").name == first.name
    assert office.GetRanking(pb.GetRankingRequest(year=2018)).run == 1


def test_a_year_that_cannot_be_graded_is_refused_at_once(running: RunningServer) -> None:
    office, operations = stubs(running)
    open_year(office)
    code, details = failure(lambda: start(office))
    assert code is grpc.StatusCode.FAILED_PRECONDITION
    assert [v.type for v in details["PreconditionFailure"].violations] == ["STAGE"]
    assert failure(lambda: start(office, year=2019))[0] is grpc.StatusCode.NOT_FOUND
    code, details = failure(lambda: start(office, year=0))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert [v.field for v in details["BadRequest"].field_violations] == ["year"]
    pudong, _ = stubs(running, "pudong-token")
    assert failure(lambda: start(pudong))[0] is grpc.StatusCode.PERMISSION_DENIED
    assert not operations.ListOperations(lro.ListOperationsRequest(
        name="operations/wage_assessment")).operations


def test_only_its_starter_the_city_office_and_operators_see_a_grading(
        running: RunningServer) -> None:
    team, operations = stubs(running, "assessor-token")
    office, _ = stubs(running)
    reviewed_year(office, team)
    started = start(team)
    assert result(wait_operation(operations, started.name)).run == 1
    _, xuhui = stubs(running, "xuhui-token")
    with pytest.raises(grpc.RpcError) as hidden:
        xuhui.GetOperation(lro.GetOperationRequest(name=started.name))
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND
    for token in ("city-token", "operator-token"):
        _, overseer = stubs(running, token)
        assert overseer.GetOperation(lro.GetOperationRequest(name=started.name)).done


def national_year(office: Stub, units: list[str]) -> None:
    """A 2019 year of ``units`` over the sample scheme in comprehensive review, each unit
    reporting ENF-2 achieved (3 points, §12) and nothing else (scored 0)."""
    scheme = sample_scheme()
    scheme.year, scheme.version = 2019, "sample-2019"
    office.CreateScheme(pb.CreateSchemeRequest(request_id=rid(), scheme=scheme))
    office.PublishScheme(pb.PublishSchemeRequest(request_id=rid(), version=scheme.version))
    office.CreateCycle(pb.CreateCycleRequest(request_id=rid(), year=2019, districts=units,
                                             scheme_version=scheme.version))
    advance(office, 2019, pb.STAGE_SELF_CHECK)
    office.ImportSelfChecks(iter([pb.ImportSelfChecksRequest(
        request_id=rid(), year=2019, districts=units, indicator_ids=["ENF-2"] * len(units),
        values=[1] * len(units), denominators=[-1] * len(units),
        sub_points=[""] * len(units))]))
    advance(office, 2019, pb.STAGE_ON_SITE_VERIFICATION)
    advance(office, 2019, pb.STAGE_COMPREHENSIVE_REVIEW)


def test_a_cancelled_grading_stores_nothing(start_server: ServerFactory,
                                            database_url: str) -> None:
    office, operations = stubs(start_server(["wage_assessment"], database_url=database_url))
    national_year(office, [f"county-{k:04d}" for k in range(NATIONAL_UNITS)])
    started = start(office, year=2019)
    operations.CancelOperation(lro.CancelOperationRequest(name=started.name))
    done = wait_operation(operations, started.name)
    assert done.WhichOneof("result") == "error"
    assert done.error.code == code_pb2.CANCELLED
    code, details = failure(lambda: office.GetRanking(pb.GetRankingRequest(year=2019)))
    assert code is grpc.StatusCode.FAILED_PRECONDITION
    assert [v.type for v in details["PreconditionFailure"].violations] == [
        "GRADES_MISSING"]
    # Started again under a new id, it grades the year: ENF-2 is worth 3 points to each unit.
    again = result(wait_operation(operations, start(office, year=2019).name))
    assert again.run == 1
    graded = office.GetRanking(pb.GetRankingRequest(year=2019)).results
    assert len(graded) == NATIONAL_UNITS
    assert {(r.score, r.rank) for r in graded} == {("3.00", 1)}
