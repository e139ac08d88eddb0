"""The register as a district office reads it: towns, villages, roads, bridges, hazard sites
and projects listed by district, page by page, and one record with its versions; every date
and range field of the requests is checked at the edge (INVALID_ARGUMENT naming the field)."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from integration.services.rural_roads.roads_world import network, violations

from cityscore.common.v1.common_pb2 import Date
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc


@pytest.fixture
def running(start_server: Any, database_url: str) -> Any:
    running = start_server(["rural_roads"], database_url=database_url)
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    network(stub)  # pudong: towns T1, T2, roads R1, R2, RA, RC; xuhui: town X1, road RX
    stub.ImportNetwork(pb.ImportNetworkRequest(
        request_id="more",
        villages=[pb.Village(code="V1", town="T1", has_bus_service=True),
                  pb.Village(code="VX", town="X1")],
        bridges=[pb.Bridge(code="B1", road="R1", dangerous=True),
                 pb.Bridge(code="BX", road="RX")],
        hazard_sites=[pb.HazardSite(code="H1", road="RA", kind=pb.HAZARD_KIND_RIVERSIDE,
                                    identified_year=2018, remediated_year=2019)]))
    stub.RecordWorks(pb.RecordWorksRequest(request_id="works", upgrade_projects=[
        pb.UpgradeProject(code="P1", district="pudong", kind=pb.PROJECT_KIND_UPGRADE,
                          length_km=12.5, completed_year=2019, first_handover_passed=True)]))
    return running


def stub_of(running: Any, token: str = "city-token") -> Any:
    return pb_grpc.RuralRoadsServiceStub(running.channel(token))


def test_lists_are_paged_and_filtered_by_district(running: Any) -> None:
    stub = stub_of(running)
    first = stub.ListRoads(pb.ListRoadsRequest(district="pudong", page_size=3))
    assert [r.code for r in first.roads] == ["R1", "R2", "RA"] and first.next_page_token
    rest = stub.ListRoads(pb.ListRoadsRequest(district="pudong", page_size=3,
                                              page_token=first.next_page_token))
    assert [r.code for r in rest.roads] == ["RC"] and not rest.next_page_token
    towns = stub.ListTowns(pb.ListTownsRequest(page_size=2))
    assert [t.code for t in towns.towns] == ["T1", "T2"] and towns.next_page_token
    assert [(b.code, b.district, b.dangerous) for b in stub.ListBridges(
        pb.ListBridgesRequest()).bridges] == [("B1", "pudong", True), ("BX", "xuhui", False)]
    site = stub.ListHazardSites(pb.ListHazardSitesRequest(district="pudong")).hazard_sites[0]
    assert (site.code, site.kind, site.remediated_year) == ("H1", pb.HAZARD_KIND_RIVERSIDE,
                                                            2019)
    project = stub.ListUpgradeProjects(pb.ListUpgradeProjectsRequest()).upgrade_projects[0]
    assert (project.code, project.length_km, project.kind) == ("P1", 12.5,
                                                               pb.PROJECT_KIND_UPGRADE)

    xuhui = stub_of(running, "xuhui-token")  # a district office reads its own district
    assert [t.code for t in xuhui.ListTowns(pb.ListTownsRequest()).towns] == ["X1"]
    assert [v.code for v in xuhui.ListVillages(pb.ListVillagesRequest()).villages] == ["VX"]
    with pytest.raises(grpc.RpcError) as caught:
        xuhui.ListVillages(pb.ListVillagesRequest(district="pudong"))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as caught:
        xuhui.ShowRegisterRecord(pb.ShowRegisterRecordRequest(kind=pb.REGISTER_KIND_ROAD,
                                                              code="R1"))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    shown = xuhui.ShowRegisterRecord(pb.ShowRegisterRecordRequest(
        kind=pb.REGISTER_KIND_BRIDGE, code="BX")).versions
    assert len(shown) == 1 and shown[0].bridge.road == "RX"
    assert not shown[0].HasField("valid_to") and shown[0].recorded_by == "city-office"


def rejected(call: Any, request: Any) -> dict[str, str]:
    with pytest.raises(grpc.RpcError) as caught:
        call(request)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT, caught.value.details()
    return violations(caught.value)


def test_dates_and_ranges_are_checked_at_the_edge(running: Any) -> None:
    stub = stub_of(running)
    impossible = Date(year=2021, month=2, day=30)
    assert "effective_from" in rejected(stub.ImportNetwork, pb.ImportNetworkRequest(
        request_id="bad-day", towns=[pb.Town(code="T9", district="pudong")],
        effective_from=impossible))
    assert "effective_from" in rejected(stub.RecordWorks, pb.RecordWorksRequest(
        request_id="bad-day-works", effective_from=Date(year=2021, month=13, day=1)))
    for call, request in [
            (stub.ListRoads, pb.ListRoadsRequest(as_of=impossible)),
            (stub.ListTowns, pb.ListTownsRequest(as_of=Date(year=0, month=1, day=1))),
            (stub.ListVillages, pb.ListVillagesRequest(as_of=impossible)),
            (stub.ListBridges, pb.ListBridgesRequest(as_of=impossible)),
            (stub.ListHazardSites, pb.ListHazardSitesRequest(as_of=impossible)),
            (stub.ListUpgradeProjects, pb.ListUpgradeProjectsRequest(as_of=impossible))]:
        assert "as_of" in rejected(call, request), type(request).__name__
    assert "page_size" in rejected(stub.ListRoads, pb.ListRoadsRequest(page_size=-1))
    assert "page_size" in rejected(stub.ListTowns, pb.ListTownsRequest(page_size=-1000))
    assert len(stub.ListTowns(pb.ListTownsRequest(page_size=5000)).towns) == 3  # at most 1000
    towns = stub.ListTowns(pb.ListTownsRequest(page_size=1))
    assert towns.next_page_token
    # A bare offset, garbage, and a token another list handed out are none of this list's.
    for token in ("-3", "abc", "1", towns.next_page_token):
        assert "page_token" in rejected(stub.ListVillages, pb.ListVillagesRequest(
            page_token=token))
    assert len(stub.ListTowns(pb.ListTownsRequest(
        page_size=1, page_token=towns.next_page_token)).towns) == 1
    stub.CreateSurvey(pb.CreateSurveyRequest(request_id="s", year=2019))
    assert "limit" in rejected(stub.ListWorstUnits, pb.ListWorstUnitsRequest(year=2019,
                                                                            limit=-5))
    assert "kind" in rejected(stub.ShowRegisterRecord, pb.ShowRegisterRecordRequest(code="R1"))
    assert "year" in rejected(stub.CloseTargetYear, pb.CloseTargetYearRequest(
        request_id="y0", year=0))
    assert "year" in rejected(stub.ReplayTargets, pb.ReplayTargetsRequest(year=-5))
    assert "year" in rejected(stub.GetTargetReport, pb.GetTargetReportRequest(year=2017))
    nan = float("nan")
    bad = rejected(stub.RecordWorks, pb.RecordWorksRequest(
        request_id="nan", district_years=[pb.DistrictYear(
            district="pudong", year=2021, major_medium_maintenance_km=nan,
            greenable_km=float("inf"))]))
    assert {"district_years[0].major_medium_maintenance_km",
            "district_years[0].greenable_km"} <= set(bad)
    repeated = rejected(stub.ImportNetwork, pb.ImportNetworkRequest(
        request_id="twice", towns=[pb.Town(code="T9", district="pudong"),
                                   pb.Town(code="T9", district="pudong")]))
    assert repeated["towns[1].code"] == "repeats towns[0]"
    # Nothing of a refused import was written.
    assert "T9" not in {t.code for t in stub.ListTowns(pb.ListTownsRequest()).towns}
