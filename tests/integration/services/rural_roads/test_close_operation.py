"""Closing a survey as a long-running operation (google.longrunning.Operations, AIP-151)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import grpc
import pytest
from google.longrunning import operations_pb2_grpc as lro_grpc  # type: ignore[import-untyped]
from google.longrunning import operations_proto_pb2 as lro
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2
from integration.services.rural_roads.roads_world import network, pci_dr, road, worked_survey
from sqlalchemy import insert
from support import operation_metadata, operation_response, wait_operation

from cityscore.core.db import operation_table
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc

UNIT_M = 100.0
#: A survey whose close takes a few seconds on a developer's machine (150,000 units).
LONG = (50, 3000)
#: One closed both ways, as an operation and synchronously (6,000 units a year).
SMALL = (6, 1000)


def big_network(stub: Any, roads: int, units_per_road: int) -> None:
    """Pudong roads long enough for ``units_per_road`` units of 100 m each."""
    network(stub)
    stub.ImportNetwork(pb.ImportNetworkRequest(request_id="net-big", roads=[
        road(f"B{r:02d}", "T1", units_per_road * UNIT_M) for r in range(roads)]))


def big_survey(stub: Any, year: int, roads: int, units_per_road: int) -> None:
    """The same units every year: one upload call per road, each a chunk."""
    stub.CreateSurvey(pb.CreateSurveyRequest(request_id=f"s-{year}", year=year))
    starts = [u * UNIT_M for u in range(units_per_road)]
    for r in range(roads):
        stub.UploadSurveyUnits(iter([pb.UploadSurveyUnitsRequest(
            request_id=f"up-{year}-{r}", year=year, chunk_index=r, road_codes=[f"B{r:02d}"],
            road_index=[0] * units_per_road, start_m=starts,
            end_m=[s + UNIT_M for s in starts],
            iri=[1.5 + (u % 7) * 0.5 for u in range(units_per_road)],
            damage_ratio_percent=[pci_dr(60 + (u * 7 + r) % 40)
                                  for u in range(units_per_road)])]))




def result(operation: lro.Operation) -> pb.CloseSurveyResponse:
    return operation_response(operation, pb.CloseSurveyResponse)


def progress(operation: lro.Operation) -> pb.CloseSurveyProgress:
    return operation_metadata(operation, pb.CloseSurveyProgress)


@pytest.fixture
def running(start_server: Any, database_url: str) -> Any:
    return start_server(["rural_roads"], database_url=database_url,
                        max_connection_age_seconds=2)


def stubs(running: Any, token: str = "city-token") -> tuple[Any, Any]:
    channel = running.channel(token)
    return pb_grpc.RuralRoadsServiceStub(channel), lro_grpc.OperationsStub(channel)


def test_a_long_close_completes_across_connection_ages(running: Any, start_server: Any,
                                                       database_url: str) -> None:
    """Connections live 2 s; the operation outlives them, and its figures are those the
    synchronous recomputation of the stored chunks gives (asked of a replica that keeps its
    connections: as one call, it outlives a connection too)."""
    stub, operations = stubs(running)
    big_network(stub, *LONG)
    big_survey(stub, 2019, *LONG)
    started = stub.StartCloseSurvey(pb.StartCloseSurveyRequest(request_id="close-2019",
                                                               year=2019))
    assert started.name.startswith("operations/rural_roads/") and not started.done
    as_operation = lro.Operation.FromString(started.SerializeToString())
    assert as_operation.name == started.name
    done = wait_operation(operations, started.name)
    closed = result(done)
    assert (progress(done).done, progress(done).total) == (3, 3)
    assert closed.survey.state == pb.SURVEY_STATE_CLOSED
    assert closed.survey.units == LONG[0] * LONG[1]
    assert operations.GetOperation(lro.GetOperationRequest(name=started.name)) == done
    city = stub.GetSurveyReport(pb.GetSurveyReportRequest(
        year=2019, level=pb.AGGREGATION_LEVEL_CITY)).aggregates
    assert list(city) == [closed.city]
    replica, _ = stubs(start_server(["rural_roads"], database_url=database_url))
    replay = replica.ReplaySurveyReport(pb.ReplaySurveyReportRequest(year=2019))
    assert replay.matches, list(replay.differences)
    assert replay.recomputed.result_digest == closed.provenance.result_digest


def test_an_operation_answers_as_the_synchronous_close(running: Any) -> None:
    stub, operations = stubs(running)
    big_network(stub, *SMALL)
    big_survey(stub, 2019, *SMALL)
    big_survey(stub, 2020, *SMALL)
    started = stub.StartCloseSurvey(pb.StartCloseSurveyRequest(request_id="close-2019",
                                                               year=2019))
    closed = result(wait_operation(operations, started.name))
    synchronous = stub.CloseSurvey(pb.CloseSurveyRequest(request_id="close-2020", year=2020))
    assert closed.city == synchronous.city
    assert closed.survey.units == synchronous.survey.units == SMALL[0] * SMALL[1]
    assert closed.provenance.result_digest == synchronous.provenance.result_digest


def test_a_retry_of_the_start_answers_with_the_same_operation(running: Any) -> None:
    stub, operations = stubs(running)
    worked_survey(stub)
    request = pb.StartCloseSurveyRequest(request_id="close-2019", year=2019)
    first = stub.StartCloseSurvey(request)
    again = stub.StartCloseSurvey(request)
    assert again.name == first.name
    listed = operations.ListOperations(lro.ListOperationsRequest(name="operations/rural_roads"))
    assert [o.name for o in listed.operations] == [first.name]
    closed = result(wait_operation(operations, first.name))
    # §6.5: the worked survey's Pudong town T1 (R1, R2): 3.95 km in 5 units.
    assert closed.survey.units == 7
    towns = {a.key: a for a in stub.GetSurveyReport(pb.GetSurveyReportRequest(
        year=2019, level=pb.AGGREGATION_LEVEL_TOWN)).aggregates}
    assert (towns["T1"].pqi, towns["T1"].excellent_good_fair_share) == (79.56, 0.7595)
    # Sent again once the survey is closed, the start still answers with its operation.
    assert stub.StartCloseSurvey(request).name == first.name


def test_a_cancelled_close_stores_nothing(running: Any) -> None:
    stub, operations = stubs(running)
    big_network(stub, *LONG)
    big_survey(stub, 2019, *LONG)
    started = stub.StartCloseSurvey(pb.StartCloseSurveyRequest(request_id="c", year=2019))
    operations.CancelOperation(lro.CancelOperationRequest(name=started.name))
    done = wait_operation(operations, started.name)
    assert done.WhichOneof("result") == "error"
    assert done.error.code == code_pb2.CANCELLED
    assert stub.GetSurvey(pb.GetSurveyRequest(year=2019)).survey.state == pb.SURVEY_STATE_OPEN
    # Started again under a new id, it closes the survey.
    again = stub.StartCloseSurvey(pb.StartCloseSurveyRequest(request_id="c-again", year=2019))
    assert result(wait_operation(operations, again.name)).survey.state == pb.SURVEY_STATE_CLOSED


def test_a_close_that_fails_holds_the_error_close_survey_gives(running: Any) -> None:
    stub, operations = stubs(running)
    worked_survey(stub)
    first = stub.StartCloseSurvey(pb.StartCloseSurveyRequest(request_id="a", year=2019))
    second = stub.StartCloseSurvey(pb.StartCloseSurveyRequest(request_id="b", year=2019))
    outcomes = [wait_operation(operations, first.name), wait_operation(operations, second.name)]
    assert sorted(o.WhichOneof("result") or "" for o in outcomes) == ["error", "response"]
    failed = next(o for o in outcomes if o.WhichOneof("result") == "error")
    assert failed.error.code == code_pb2.FAILED_PRECONDITION
    found = [d for d in failed.error.details
             if d.Is(error_details_pb2.PreconditionFailure.DESCRIPTOR)]
    failure = error_details_pb2.PreconditionFailure()
    assert found and found[0].Unpack(failure)
    assert [v.type for v in failure.violations] == ["SURVEY_CLOSED"]
    # Refused at once: the survey is closed now.
    with pytest.raises(grpc.RpcError) as refused:
        stub.StartCloseSurvey(pb.StartCloseSurveyRequest(request_id="c", year=2019))
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION


def test_only_its_starter_the_city_office_and_operators_see_an_operation(
        running: Any) -> None:
    stub, operations = stubs(running)
    worked_survey(stub)
    started = stub.StartCloseSurvey(pb.StartCloseSurveyRequest(request_id="x", year=2019))
    wait_operation(operations, started.name)
    _, xuhui = stubs(running, "xuhui-token")
    for call, request in ((xuhui.GetOperation, lro.GetOperationRequest(name=started.name)),
                          (xuhui.CancelOperation,
                           lro.CancelOperationRequest(name=started.name))):
        with pytest.raises(grpc.RpcError) as hidden:
            call(request)
        assert hidden.value.code() == grpc.StatusCode.NOT_FOUND
    assert not xuhui.ListOperations(lro.ListOperationsRequest(
        name="operations/rural_roads")).operations
    _, operator = stubs(running, "operator-token")
    assert operator.GetOperation(lro.GetOperationRequest(name=started.name)).done
    pudong, _ = stubs(running, "pudong-token")
    with pytest.raises(grpc.RpcError) as refused:
        pudong.StartCloseSurvey(pb.StartCloseSurveyRequest(request_id="p", year=2019))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_an_operation_a_killed_server_was_running_is_reported_failed_after_restart(
        start_server: Any, database_url: str) -> None:
    first = start_server(["rural_roads"], database_url=database_url)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    metadata = pb.CloseSurveyProgress(year=2019, done=1, total=3, note="aggregating")
    packed = any_pb2.Any()
    packed.Pack(metadata)
    with first.engine("rural_roads").begin() as connection:
        # What a server killed while the job ran leaves behind.
        connection.execute(insert(operation_table("rural_roads")).values(
            id="0b1c", rpc="StartCloseSurvey", request_id="close-2019",
            principal="city-office", done=False, cancel_requested=False,
            operation_metadata=packed.SerializeToString(), created_at=long_ago,
            heartbeat_at=long_ago))
    first.server.stop(grace=0)
    second = start_server(["rural_roads"], database_url=database_url)
    _, operations = stubs(second)
    found = operations.GetOperation(lro.GetOperationRequest(
        name="operations/rural_roads/0b1c"))
    assert found.done and found.error.code == code_pb2.ABORTED
    assert found.error.message == "the server stopped while it ran; start it again"
    assert progress(found).note == "aggregating"


def test_a_close_running_when_its_server_stops_is_reported_failed_after_restart(
        start_server: Any, database_url: str) -> None:
    first = start_server(["rural_roads"], database_url=database_url)
    stub, _ = stubs(first)
    big_network(stub, *LONG)
    big_survey(stub, 2019, *LONG)
    started = stub.StartCloseSurvey(pb.StartCloseSurveyRequest(request_id="c", year=2019))
    first.server.stop(grace=0)
    stub, operations = stubs(start_server(["rural_roads"], database_url=database_url))
    found = wait_operation(operations, started.name)
    assert (found.error.code, found.error.message) == (
        code_pb2.ABORTED, "the server stopped while it ran; start it again")
    assert stub.GetSurvey(pb.GetSurveyRequest(year=2019)).survey.state == pb.SURVEY_STATE_OPEN
