"""The published verdicts of the target report, checked through a real server against the
seed's words (沪府办规〔2018〕23号) and rural_roads.md §2 as corrected on 2026-12-03."""

from __future__ import annotations

from typing import Any

import pytest
from integration.services.rural_roads.roads_world import chunk, network, pci_dr

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc


@pytest.fixture
def stub(start_server: Any, database_url: str) -> Any:
    running = start_server(["rural_roads"], database_url=database_url)
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    network(stub)  # pudong: 5.95 km of village roads; xuhui: 1 km
    return stub


def report(stub: Any, year: int, district: str = "") -> dict[str, Any]:
    answer = stub.GetTargetReport(pb.GetTargetReportRequest(year=year, district=district))
    return {t.code: t for t in answer.targets}


def project(code: str, district: str, kind: Any, km: float, year: int, passed: bool
            ) -> pb.UpgradeProject:
    return pb.UpgradeProject(code=code, district=district, kind=kind, length_km=km,
                             completed_year=year, first_handover_passed=passed)


def works(stub: Any) -> None:
    stub.RecordWorks(pb.RecordWorksRequest(request_id="works", upgrade_projects=[
        project("P1", "pudong", pb.PROJECT_KIND_UPGRADE, 1200, 2019, True),
        project("P2", "pudong", pb.PROJECT_KIND_NEW_BUILD, 300, 2019, True),
        project("P3", "pudong", pb.PROJECT_KIND_REBUILD, 100, 2019, False),
        project("P4", "xuhui", pb.PROJECT_KIND_UPGRADE, 700, 2020, True),
        project("P5", "xuhui", pb.PROJECT_KIND_NEW_BUILD, 50, 2020, False)]))
    site = pb.HAZARD_KIND_RIVERSIDE
    stub.ImportNetwork(pb.ImportNetworkRequest(request_id="sites", hazard_sites=[
        pb.HazardSite(code="H1", road="RA", kind=site, identified_year=2018,
                      remediated_year=2019),
        pb.HazardSite(code="H2", road="RA", kind=site, identified_year=2018,
                      remediated_year=2019),
        pb.HazardSite(code="H3", road="R1", kind=site, identified_year=2018,
                      remediated_year=2020),
        pb.HazardSite(code="H4", road="RX", kind=site, identified_year=2019,
                      remediated_year=2021),
        pb.HazardSite(code="H5", road="RX", kind=site, identified_year=2019)]))


def test_upgrade_km_and_hazard_sites_are_city_totals(stub: Any) -> None:
    """T10/T11 (四(三)): "到2022年底,完成农村公路提档升级改造2000公里…安全隐患整治800处"
    is a city commitment; only upgrade/renovation projects count toward the 2,000 km."""
    works(stub)
    city = report(stub, 2022)
    # 1,200 + 700 km of upgrades; the 300 + 50 km of new builds and 100 km rebuild do not
    # count (with them the city would reach 2,350 km and pass).
    assert city["T10"].value == 1900.0
    assert city["T10"].status == pb.TARGET_STATUS_FAIL
    assert "2,000" in city["T10"].threshold
    assert city["T11"].value == 4.0 and city["T11"].status == pb.TARGET_STATUS_FAIL
    assert "1 sites still open" in city["T11"].note
    assert report(stub, 2021)["T10"].status == pb.TARGET_STATUS_IN_PROGRESS

    pudong, xuhui = report(stub, 2022, "pudong"), report(stub, 2022, "xuhui")
    assert pudong["T10"].value == 1200.0
    assert pudong["T10"].display_value == "1,200 km, 63.16 % of the city's 1,900 km"
    assert xuhui["T11"].display_value == "1 sites, 25.00 % of the city's 4 sites"
    for district in (pudong, xuhui):
        for code in ("T10", "T11"):
            assert district[code].status == pb.TARGET_STATUS_NOT_ASSESSED
            assert "contribution to the city total" in district[code].note


def test_first_handover_counts_new_builds_only(stub: Any) -> None:
    """T13 (四(一) ¶2): "新建农村公路…一次交工验收合格率达100%": new builds only."""
    works(stub)
    city, pudong = report(stub, 2022)["T13"], report(stub, 2022, "pudong")["T13"]
    assert city.display_value == "1 of 2" and city.status == pb.TARGET_STATUS_FAIL
    assert city.note == "failing in xuhui: 0 of 1"  # the city figure names where it fails
    # Pudong's rebuild P3 failed its first handover but is no new build.
    assert pudong.display_value == "1 of 1" and pudong.status == pb.TARGET_STATUS_PASS


def test_a_failing_specialist_total_names_the_short_districts(stub: Any) -> None:
    """T14 (四(二) ¶1, ⌈km/30⌉ per district): pudong needs ⌈5.95/30⌉ = 1, xuhui ⌈1/30⌉ = 1."""
    stub.RecordWorks(pb.RecordWorksRequest(request_id="staff", district_years=[
        pb.DistrictYear(district="pudong", year=2022, specialists=1),
        pb.DistrictYear(district="xuhui", year=2022, specialists=0)]))
    t14 = report(stub, 2022)["T14"]
    assert (t14.display_value, t14.threshold) == ("1 in post", "≥ 2 (comfortable 2)")
    assert t14.status == pb.TARGET_STATUS_FAIL
    assert "xuhui: 0 in post, needs ≥ 1" in t14.note and "pudong" not in t14.note


def test_yearly_targets_show_a_trend_on_the_previous_year(stub: Any) -> None:
    """T5, T12, T14 and T10 read yearly records; 2021 has values, so 2022 has a trend."""
    works(stub)
    stub.RecordWorks(pb.RecordWorksRequest(request_id="years", district_years=[
        pb.DistrictYear(district="pudong", year=2021, specialists=2,
                        major_medium_maintenance_km=0.3, safety_works_identified=10,
                        safety_works_remediated=8),
        pb.DistrictYear(district="pudong", year=2022, specialists=1,
                        major_medium_maintenance_km=0.6, safety_works_identified=10,
                        safety_works_remediated=10)]))
    now = report(stub, 2022, "pudong")
    assert (now["T5"].trend, now["T5"].previous_value) == (pb.TREND_RISING, 0.8)
    assert now["T12"].trend == pb.TREND_RISING  # 0.6 / 5.95 km against 0.3 / 5.95 km
    assert round(now["T12"].previous_value, 6) == round(0.3 / 5.95, 6)
    assert (now["T14"].trend, now["T14"].previous_value) == (pb.TREND_FALLING, 2.0)
    assert (now["T10"].trend, now["T10"].previous_value) == (pb.TREND_FLAT, 1200.0)


def survey(stub: Any, year: int, pci: dict[tuple[str, int, int], float]) -> None:
    stub.CreateSurvey(pb.CreateSurveyRequest(request_id=f"s-{year}", year=year))
    units = list(pci)
    stub.UploadSurveyUnits(iter([chunk(0, [(r, s, e) for r, s, e in units], year=year,
                                       dr=[pci_dr(pci[u]) for u in units])]))
    stub.CloseSurvey(pb.CloseSurveyRequest(request_id=f"c-{year}", year=year))


PUDONG = [("R1", 0, 1000), ("R1", 1000, 2000), ("R1", 2000, 2350), ("R2", 0, 1000),
          ("R2", 1000, 1600), ("RA", 0, 1000), ("RC", 0, 1000)]


def test_share_trend_and_coverage_without_hidden_slack(stub: Any) -> None:
    """T2 has a trend on the previous closed survey; T15 (四(三) ¶3 "每年要定期全覆盖")
    counts full coverage with the tolerance of the rule data, which is none."""
    first = dict.fromkeys(PUDONG, 92.0)
    first[("R2", 1000, 1600)] = 55.0  # 600 m below 70: 5,350 / 5,950 m
    survey(stub, 2019, first)
    second = dict.fromkeys(PUDONG[:-1], 92.0)
    second[("RC", 0, 998)] = 92.0  # 5,948 of 5,950 m surveyed
    survey(stub, 2020, second)
    now = report(stub, 2020, "pudong")
    assert now["T2"].value == 1.0
    assert now["T2"].trend == pb.TREND_RISING
    # The stored share is rounded once, to 2 decimals of a percentage (§5): 89.92 %.
    assert now["T2"].previous_value == round(5350 / 5950, 4)
    assert now["T15"].display_value == "99.97 %"
    assert now["T15"].status == pb.TARGET_STATUS_FAIL
    assert report(stub, 2019, "pudong")["T15"].status == pb.TARGET_STATUS_PASS
