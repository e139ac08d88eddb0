"""Every year field of every rural_roads RPC is checked: a year left out (0) is
INVALID_ARGUMENT naming the field, never INTERNAL."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from integration.services.rural_roads import roads_world as worked

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc


@pytest.fixture
def stub(start_server: Any, database_url: str) -> Any:
    running = start_server(["rural_roads"], database_url=database_url)
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    worked.network(stub)
    return stub


def rejected(call: Any, request: Any) -> dict[str, str]:
    with pytest.raises(grpc.RpcError) as caught:
        call(request)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT, caught.value.details()
    return worked.violations(caught.value)


def test_request_years_of_zero_are_invalid_arguments(stub: Any) -> None:
    calls = [
        (stub.CreateSurvey, pb.CreateSurveyRequest(request_id="c0", year=0)),
        (stub.GetSurvey, pb.GetSurveyRequest(year=0)),
        (stub.CloseSurvey, pb.CloseSurveyRequest(request_id="x0", year=0)),
        (stub.GetSurveyReport, pb.GetSurveyReportRequest(
            year=0, level=pb.AGGREGATION_LEVEL_CITY)),
        (stub.ReplaySurveyReport, pb.ReplaySurveyReportRequest(year=0)),
        (stub.ListWorstUnits, pb.ListWorstUnitsRequest(year=0, limit=5)),
        (stub.GetTargetReport, pb.GetTargetReportRequest(year=0)),
    ]
    for call, request in calls:
        assert "year" in rejected(call, request), type(request).__name__
    exported = stub.ExportSurveyUnits(pb.ExportSurveyUnitsRequest(year=0))
    with pytest.raises(grpc.RpcError) as caught:
        list(exported)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_an_upload_chunk_without_a_year_names_the_chunk(stub: Any) -> None:
    bad = rejected(stub.UploadSurveyUnits,
                   iter([worked.chunk(0, [("RA", 0, 1000)], year=0, iri=[2.0])]))
    assert "chunks[0].year" in bad


def test_year_fields_of_batch_rows_are_named(stub: Any) -> None:
    bad = rejected(stub.RecordWorks, pb.RecordWorksRequest(
        request_id="w0",
        upgrade_projects=[pb.UpgradeProject(code="P1", district="pudong",
                                            kind=pb.PROJECT_KIND_UPGRADE, length_km=1)],
        district_years=[pb.DistrictYear(district="pudong", year=0)]))
    assert {"upgrade_projects[0].completed_year", "district_years[0].year"} <= set(bad)
    bad = rejected(stub.ImportNetwork, pb.ImportNetworkRequest(
        request_id="n0", hazard_sites=[pb.HazardSite(
            code="H1", road="RA", kind=pb.HAZARD_KIND_RIVERSIDE, identified_year=0)]))
    assert "hazard_sites[0].identified_year" in bad
