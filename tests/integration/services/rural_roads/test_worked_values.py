"""The worked rows of rural_roads.md come out of the service API with the published values."""

from __future__ import annotations

from typing import Any

import pytest
from integration.services.rural_roads.roads_world import chunk, network, pci_dr, worked_survey

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc


@pytest.fixture
def stub(start_server: Any, database_url: str) -> Any:
    running = start_server(["rural_roads"], database_url=database_url)
    return pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))


def test_worked_unit_computations(stub: Any) -> None:
    """§7.2: asphalt PCI 90.65, RQI 92.69, PQI 91.47 (优); cement PCI 94.16."""
    worked_survey(stub)
    units = {u.road: u for u in stub.ListWorstUnits(pb.ListWorstUnitsRequest(
        year=2019, district="pudong", limit=100)).units}
    asphalt, cement = units["RA"], units["RC"]
    assert round(asphalt.damage_ratio_percent, 4) == 0.3171
    assert (asphalt.pci, asphalt.rqi, asphalt.pqi) == (90.65, 92.69, 91.47)
    assert asphalt.grade == pb.CONDITION_GRADE_EXCELLENT
    assert asphalt.parameter_set == "rural-default/g3-g4-village/asphalt"
    assert round(cement.damage_ratio_percent, 4) == 0.2714
    assert cement.pci == 94.16
    assert cement.pqi == 94.16  # no IRI measured: PQI renormalised over PCI (§4.2)


def test_worked_aggregation(stub: Any) -> None:
    """§6.5: R1 82.23 / 85.11 %, R2 75.63 / 62.50 %, town 79.56 / 75.95 %."""
    worked_survey(stub)
    closed = stub.CloseSurvey(pb.CloseSurveyRequest(request_id="close-2019", year=2019))
    assert closed.survey.state == pb.SURVEY_STATE_CLOSED
    assert closed.provenance.rule_version and len(closed.provenance.input_digest) == 64
    roads = {a.key: a for a in stub.GetSurveyReport(pb.GetSurveyReportRequest(
        year=2019, level=pb.AGGREGATION_LEVEL_ROAD)).aggregates}
    assert (roads["R1"].pqi, roads["R1"].excellent_good_fair_share) == (82.23, 0.8511)
    assert (roads["R2"].pqi, roads["R2"].excellent_good_fair_share) == (75.63, 0.625)
    assert list(roads["R1"].km_by_grade) == [1.0, 0.0, 1.0, 0.35, 0.0]
    towns = {a.key: a for a in stub.GetSurveyReport(pb.GetSurveyReportRequest(
        year=2019, level=pb.AGGREGATION_LEVEL_TOWN)).aggregates}
    assert (towns["T1"].pqi, towns["T1"].excellent_good_fair_share) == (79.56, 0.7595)
    assert towns["T1"].evaluated_km == 3.95 and towns["T1"].units == 5
    replay = stub.ReplaySurveyReport(pb.ReplaySurveyReportRequest(year=2019))
    assert replay.matches, list(replay.differences)
    assert replay.recomputed.result_digest == closed.provenance.result_digest


def test_specialists_and_greening_in_target_report(stub: Any) -> None:
    """§2.4: ⌈km/30⌉ specialists; greening 115.2 / 120.5 = 95.60 %."""
    worked_survey(stub)
    stub.RecordWorks(pb.RecordWorksRequest(request_id="w1", district_years=[
        pb.DistrictYear(district="pudong", year=2019, specialists=1, greenable_km=120.5,
                        greened_km=115.2),
        pb.DistrictYear(district="pudong", year=2018, greenable_km=100, greened_km=90)]))
    report = stub.GetTargetReport(pb.GetTargetReportRequest(year=2019, district="pudong"))
    targets = {t.code: t for t in report.targets}
    assert [t.code for t in report.targets] == [f"T{i}" for i in range(1, 18)]
    assert targets["T4"].display_value == "95.60 %"
    assert targets["T4"].status == pb.TARGET_STATUS_PASS
    assert targets["T4"].trend == pb.TREND_RISING
    # 6.95 km of village roads: ⌈6.95/30⌉ = 1 needed, ⌈6.95/25⌉ = 1 comfortable.
    assert targets["T14"].threshold == "≥ 1 (comfortable 1)"
    assert targets["T14"].status == pb.TARGET_STATUS_PASS
    assert targets["T3"].status == pb.TARGET_STATUS_NO_DATA


def test_pqi_trend_over_two_closed_surveys(stub: Any) -> None:
    """T3: the 2020 PQI (82.00) against the 2019 one (81.00) at district level."""
    network(stub)
    for year, pci in ((2019, 81.0), (2020, 82.0)):
        stub.CreateSurvey(pb.CreateSurveyRequest(request_id=f"s-{year}", year=year))
        stub.UploadSurveyUnits(iter([chunk(0, [("RA", 0, 1000)], year=year, dr=[pci_dr(pci)])]))
        stub.CloseSurvey(pb.CloseSurveyRequest(request_id=f"c-{year}", year=year))
    t3 = next(t for t in stub.GetTargetReport(pb.GetTargetReportRequest(
        year=2020, district="pudong")).targets if t.code == "T3")
    assert (t3.value, t3.previous_value) == (82.0, 81.0)
    assert (t3.status, t3.trend) == (pb.TARGET_STATUS_PASS, pb.TREND_RISING)


def test_worst_units_page_by_page(stub: Any) -> None:
    """The worst units of the §6.5 and §7.2 rows, three a page (AIP-158), lowest PQI first:
    R2 55.00, R1 65.00, R1 78.50 | R2 88.00, RA 91.47, R1 92.00 | RC 94.16."""
    worked_survey(stub)
    request = pb.ListWorstUnitsRequest(year=2019, page_size=3)
    pages = []
    while True:
        page = stub.ListWorstUnits(request)
        pages.append([(u.road, u.pqi) for u in page.units])
        if not page.next_page_token:
            break
        request.page_token = page.next_page_token
    assert pages == [[("R2", 55.0), ("R1", 65.0), ("R1", 78.5)],
                     [("R2", 88.0), ("RA", 91.47), ("R1", 92.0)], [("RC", 94.16)]]
    # The deprecated limit still answers existing callers, as the page size.
    old = stub.ListWorstUnits(pb.ListWorstUnitsRequest(year=2019, limit=2))
    assert [u.pqi for u in old.units] == [55.0, 65.0] and old.next_page_token
