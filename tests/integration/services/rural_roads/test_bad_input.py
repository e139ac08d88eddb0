"""Bad input and safety: precise errors naming the unit or row, atomic chunks, scopes,
idempotent retries."""

from __future__ import annotations

import math
import urllib.request
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from integration.services.rural_roads import roads_world as worked
from sqlalchemy import text

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc


@pytest.fixture
def running(start_server: Any, database_url: str) -> Any:
    return start_server(["rural_roads"], database_url=database_url)


def stub_for(running: Any, token: str = "city-token") -> Any:
    return pb_grpc.RuralRoadsServiceStub(running.channel(token))


def ready(running: Any) -> Any:
    stub = stub_for(running)
    worked.network(stub)
    stub.CreateSurvey(pb.CreateSurveyRequest(request_id="s", year=2019))
    return stub


def failing(call: Any, *args: Any) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(*args)
    return caught.value


def test_bad_register_rows_are_all_named(running: Any) -> None:
    stub = stub_for(running)
    error = failing(stub.ImportNetwork, pb.ImportNetworkRequest(
        request_id="bad-net", towns=[pb.Town(code="T1", district="atlantis")],
        roads=[worked.road("R1", "T1", -5), worked.road("R2", "nowhere", 100),
               pb.Road(code="R3", town="T1", length_m=100, width_m=5, lanes=1,
                       greenable_km=1500.0)]))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    bad = worked.violations(error)
    assert "towns[0].district" in bad
    assert "roads[0].length_m" in bad
    assert bad["roads[1].town"] == "unknown town 'nowhere'"
    assert {"roads[2].road_class", "roads[2].surface", "roads[2].technical_grade"} <= set(bad)
    assert "m²" in bad["roads[2].greenable_km"]


def test_bad_units_are_named_and_leave_the_survey_unchanged(running: Any) -> None:
    stub = ready(running)
    ok = worked.chunk(0, [("RA", 0, 1000)], iri=[2.0])
    stub.UploadSurveyUnits(iter([ok]))
    bad = worked.chunk(1, [("RA", 0, 1000), ("RC", 0, 1000), ("R1", 0, 1200), ("R2", 0, 1000)],
                       iri=[25.0, 2.0, 2.0, 2.0], columns=["pothole:light", "crack:medium"],
                       amounts=[-1, 0, 0, 99_999, 0, 0, 0, 0])
    error = failing(stub.UploadSurveyUnits, iter([bad]))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    found = worked.violations(error)
    assert found["chunks[1].units[0].iri"].startswith("road RA at 0-1000 m: IRI outside")
    assert "chunks[1].units[0].distress_amounts" in found            # negative area
    assert "larger than the unit's area" in found["chunks[1].units[1].distress_amounts"]
    assert "longer than 1000 m" in found["chunks[1].units[2].end_m"]
    survey = stub.GetSurvey(pb.GetSurveyRequest(year=2019)).survey
    assert (survey.units, survey.next_chunk_index) == (1, 1)


def test_unknown_roads_and_mismatched_arrays(running: Any) -> None:
    stub = ready(running)
    unknown = worked.chunk(0, [("NOPE", 0, 1000)])
    found = worked.violations(failing(stub.UploadSurveyUnits, iter([unknown])))
    assert found == {"chunks[0].road_codes[0]": "unknown road 'NOPE'"}
    short = worked.chunk(0, [("RA", 0, 1000), ("RA", 1000, 2000)], iri=[1.0])
    found = worked.violations(failing(stub.UploadSurveyUnits, iter([short])))
    assert found == {"chunks[0].iri": "has 1 values for 2 units"}


def test_chunks_out_of_order_or_repeated(running: Any) -> None:
    stub = ready(running)
    error = failing(stub.UploadSurveyUnits, iter([worked.chunk(1, [("RA", 0, 1000)])]))
    assert worked.violations(error) == {"chunks[1].chunk_index": "expected chunk 0"}
    first = worked.chunk(0, [("RA", 0, 1000)], iri=[2.0])
    stub.UploadSurveyUnits(iter([first]))
    resent = worked.chunk(0, [("RA", 0, 1000)], iri=[2.0], request_id="another-id")
    response = stub.UploadSurveyUnits(iter([resent]))
    assert (response.chunks_stored, response.chunks_skipped) == (0, 1)  # resumable
    changed = worked.chunk(0, [("RA", 0, 1000)], iri=[3.0], request_id="third-id")
    error = failing(stub.UploadSurveyUnits, iter([changed]))
    assert "repeated with different content" in worked.violations(error)[
        "chunks[0].chunk_index"]
    twice = worked.chunk(1, [("RA", 0, 1000)])
    error = failing(stub.UploadSurveyUnits, iter([twice]))
    assert worked.violations(error) == {
        "chunks[1].units[0].start_m": "road RA at 0 m: already uploaded in an earlier chunk"}
    # A road's chainage is surveyed once: the same unit twice in one chunk is refused too,
    # and a clash with an earlier chunk names every unit, with nothing of the chunk stored.
    inside = worked.chunk(1, [("RC", 0, 1000), ("RC", 0, 1000)])
    error = failing(stub.UploadSurveyUnits, iter([inside]))
    assert worked.violations(error) == {
        "chunks[1].units[1].start_m": "road RC at 0 m: repeats a unit of this chunk"}
    mixed = worked.chunk(1, [("RC", 0, 1000), ("RA", 0, 1000)])
    error = failing(stub.UploadSurveyUnits, iter([mixed]))
    assert worked.violations(error) == {
        "chunks[1].units[1].start_m": "road RA at 0 m: already uploaded in an earlier chunk"}
    survey = stub.GetSurvey(pb.GetSurveyRequest(year=2019)).survey
    assert (survey.units, survey.next_chunk_index) == (1, 1)


def test_retry_with_the_same_request_id_writes_once(running: Any) -> None:
    stub = ready(running)
    chunk = worked.chunk(0, [("RA", 0, 1000)], iri=[2.0])
    assert stub.UploadSurveyUnits(iter([chunk])).units_scored == 1
    assert stub.UploadSurveyUnits(iter([chunk])).units_scored == 1  # the stored answer
    assert stub.GetSurvey(pb.GetSurveyRequest(year=2019)).survey.units == 1
    error = failing(stub.CreateSurvey, pb.CreateSurveyRequest(request_id="s", year=2020))
    assert worked.violations(error) == {"request_id": "choose a new id for a new request"}


def test_district_offices_write_only_their_own_district(running: Any) -> None:
    ready(running)
    pudong = stub_for(running, "pudong-token")
    error = failing(pudong.ImportNetwork, pb.ImportNetworkRequest(
        request_id="p1", roads=[worked.road("RX2", "X1", 500)]))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    error = failing(pudong.UploadSurveyUnits, iter([worked.chunk(0, [("RX", 0, 1000)])]))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    assert pudong.UploadSurveyUnits(iter([worked.chunk(0, [("RA", 0, 1000)])])).units_scored == 1
    error = failing(pudong.GetTargetReport, pb.GetTargetReportRequest(year=2019,
                                                                      district="xuhui"))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    error = failing(stub_for(running, "operator-token").CreateSurvey,
                    pb.CreateSurveyRequest(request_id="o", year=2021))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    error = failing(pudong.CloseSurvey, pb.CloseSurveyRequest(request_id="c", year=2019))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED


def test_a_district_office_cannot_take_another_districts_records(running: Any) -> None:
    """The scope of a record as stored counts, not only as it would be: Pudong's office may
    not move Xuhui's road into a Pudong town, nor Xuhui's town into Pudong."""
    city = ready(running)
    pudong = stub_for(running, "pudong-token")
    error = failing(pudong.ImportNetwork, pb.ImportNetworkRequest(
        request_id="take-road", roads=[worked.road("RX", "T1", 1000)]))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    error = failing(pudong.ImportNetwork, pb.ImportNetworkRequest(
        request_id="take-town", towns=[pb.Town(code="X1", district="pudong", name="mine")]))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    project = pb.UpgradeProject(code="XP1", district="xuhui", kind=pb.PROJECT_KIND_UPGRADE,
                                length_km=1, completed_year=2019)
    city.RecordWorks(pb.RecordWorksRequest(request_id="xuhui-works",
                                           upgrade_projects=[project]))
    project.district = "pudong"
    error = failing(pudong.RecordWorks, pb.RecordWorksRequest(
        request_id="take-project", upgrade_projects=[project]))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    xuhui_roads = stub_for(running, "xuhui-token").ListRoads(
        pb.ListRoadsRequest(district="xuhui")).roads
    assert [r.code for r in xuhui_roads] == ["RX"]


def test_closed_surveys_take_no_units(running: Any) -> None:
    stub = ready(running)
    error = failing(stub.CloseSurvey, pb.CloseSurveyRequest(request_id="c0", year=2019))
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
    stub.UploadSurveyUnits(iter([worked.chunk(0, [("RA", 0, 1000)], iri=[2.0])]))
    stub.CloseSurvey(pb.CloseSurveyRequest(request_id="c1", year=2019))
    error = failing(stub.UploadSurveyUnits, iter([worked.chunk(1, [("RC", 0, 1000)])]))
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
    kinds = [v.type for d in worked.details(error)
             if isinstance(d, error_details_pb2.PreconditionFailure) for v in d.violations]
    assert kinds == ["SURVEY_CLOSED"]
    city = stub.GetSurveyReport(pb.GetSurveyReportRequest(
        year=2019, level=pb.AGGREGATION_LEVEL_CITY)).aggregates[0]
    # No distress data and no DR: PCI not measured, PQI = RQI (§6.3 corrected, §7.4 IRI 2).
    assert math.isnan(city.pci) and (city.rqi, city.pqi) == (94.43, 94.43)
    assert (city.pci_unmeasured_km, city.rqi_unmeasured_km) == (1.0, 0.0)


def test_replay_reports_a_changed_stored_result(running: Any) -> None:
    stub = ready(running)
    stub.UploadSurveyUnits(iter([worked.chunk(0, [("RA", 0, 1000), ("RC", 0, 1000)],
                                              iri=[2.0, 3.0])]))
    stub.CloseSurvey(pb.CloseSurveyRequest(request_id="c1", year=2019))
    assert stub.ReplaySurveyReport(pb.ReplaySurveyReportRequest(year=2019)).matches
    with running.engine("rural_roads").begin() as connection:
        connection.execute(text("UPDATE rural_roads_unit SET pqi = 50.0 WHERE road = 'RC'"))
    replay = stub.ReplaySurveyReport(pb.ReplaySurveyReportRequest(year=2019))
    assert not replay.matches
    # The report recomputes to its recorded digest; the stored unit no longer agrees with it.
    assert replay.recomputed.result_digest == replay.stored.result_digest
    assert list(replay.differences) == ["unit RC:0 pqi stored 50.0 recomputed 90.46"]


def test_district_gauges_survive_a_restart(start_server: Any, sqlite_url: str) -> None:
    first = start_server(["rural_roads"], database_url=sqlite_url)
    stub = ready(first)
    stub.UploadSurveyUnits(iter([worked.chunk(0, [("RA", 0, 1000)], iri=[2.0])]))
    stub.CloseSurvey(pb.CloseSurveyRequest(request_id="c1", year=2019))
    first.server.stop(grace=0)
    second = start_server(["rural_roads"], database_url=sqlite_url)
    text = urllib.request.urlopen(
        f"http://127.0.0.1:{second.server.metrics_port}/metrics").read().decode()
    assert 'cityscore_rural_roads_pqi{district="pudong"} 94.43' in text
    assert 'cityscore_rural_roads_excellent_good_fair_ratio{district="pudong"} 1.0' in text
