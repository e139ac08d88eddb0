"""Missing is not zero (rural_roads.md §6.3, corrected 2026-12-03): a unit with no distress
data and no DR has no PCI, its PQI is renormalised over what was measured, and reports state
the length whose PCI was not measured. Surveys scored before keep their rules and replay."""

from __future__ import annotations

import math
from typing import Any

import pytest
from integration.services.rural_roads.roads_world import NAN, chunk, network
from sqlalchemy import text

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc


@pytest.fixture
def running(start_server: Any, database_url: str) -> Any:
    return start_server(["rural_roads"], database_url=database_url)


def stub_of(running: Any) -> Any:
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    network(stub)
    return stub


def test_unmeasured_pci_is_no_perfect_road(running: Any) -> None:
    stub = stub_of(running)
    stub.CreateSurvey(pb.CreateSurveyRequest(request_id="s", year=2020))
    # RA: only IRI 2.0 m/km measured; RC: nothing measured at all.
    stub.UploadSurveyUnits(iter([chunk(0, [("RA", 0, 1000), ("RC", 0, 1000)],
                                       year=2020, iri=[2.0, NAN], dr=[NAN, NAN])]))
    closed = stub.CloseSurvey(pb.CloseSurveyRequest(request_id="c", year=2020))
    assert closed.provenance.rule_version == "rural_roads-2026.2"
    units = {u.road: u for u in stub.ListWorstUnits(pb.ListWorstUnitsRequest(
        year=2020, district="pudong", limit=10)).units}
    # §7.4: IRI 2 gives RQI 94.43 (other grades); with no PCI, PQI = RQI (§4.2), not
    # 0.6·100 + 0.4·94.43 = 97.77. RC has no index and no PQI: it is not evaluated.
    assert math.isnan(units["RA"].pci) and units["RA"].pqi == 94.43
    assert "RC" not in units
    district = stub.GetSurveyReport(pb.GetSurveyReportRequest(
        year=2020, level=pb.AGGREGATION_LEVEL_DISTRICT, district="pudong")).aggregates[0]
    assert district.evaluated_km == 1.0
    assert (district.pci_unmeasured_km, district.rqi_unmeasured_km) == (2.0, 1.0)
    t2 = next(t for t in stub.GetTargetReport(pb.GetTargetReportRequest(
        year=2020, district="pudong")).targets if t.code == "T2")
    assert t2.display_value == "100.00 %"
    assert t2.note == "on 1.000 km with a PQI; PCI not measured on 2.000 km"
    assert stub.ReplaySurveyReport(pb.ReplaySurveyReportRequest(year=2020)).matches


def test_a_survey_opened_before_the_change_keeps_its_rules_and_replays(running: Any) -> None:
    stub = stub_of(running)
    stub.CreateSurvey(pb.CreateSurveyRequest(request_id="s", year=2019))
    with running.engine("rural_roads").begin() as connection:  # as opened before versions
        connection.execute(text("UPDATE rural_roads_survey SET rule_version = ''"))
    stub.UploadSurveyUnits(iter([chunk(0, [("RA", 0, 1000)], iri=[2.0])]))
    closed = stub.CloseSurvey(pb.CloseSurveyRequest(request_id="c", year=2019))
    assert closed.provenance.rule_version == "rural_roads-2018.1"
    # Rules 2018.1 took no distress as DR 0: PCI 100, PQI 0.6·100 + 0.4·94.43 = 97.77.
    assert (closed.city.pci, closed.city.pqi) == (100.0, 97.77)
    replay = stub.ReplaySurveyReport(pb.ReplaySurveyReportRequest(year=2019))
    assert replay.matches, list(replay.differences)
    assert replay.recomputed.input_digest == closed.provenance.input_digest
