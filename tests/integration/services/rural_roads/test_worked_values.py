"""The worked rows of rural_roads.md come out of the service API with the published values."""

from __future__ import annotations

import math
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc

NAN = math.nan


def road(code: str, town: str, length: float, surface: str = "SURFACE_ASPHALT",
         width: float = 7.0, grade: str = "TECHNICAL_GRADE_GRADE_3",
         road_class: str = "ROAD_CLASS_VILLAGE") -> pb.Road:
    return pb.Road(code=code, town=town, name=code, road_class=road_class, technical_grade=grade,
                   surface=surface, length_m=length, width_m=width, lanes=2,
                   greenable_km=2 * length / 1000, greened_km=length / 1000)


def network(stub: Any, request_id: str = "net-1") -> None:
    stub.ImportNetwork(pb.ImportNetworkRequest(
        request_id=request_id,
        towns=[pb.Town(code="T1", district="pudong", name="Town one"),
               pb.Town(code="T2", district="pudong", name="Town two"),
               pb.Town(code="X1", district="xuhui", name="Xuhui town")],
        roads=[road("R1", "T1", 2350), road("R2", "T1", 1600),
               road("RA", "T2", 1000), road("RC", "T2", 1000, "SURFACE_CEMENT_CONCRETE"),
               road("RX", "X1", 1000)]))


def pci_dr(pci: float) -> float:
    """The asphalt DR (%) whose PCI is exactly ``pci`` (PCI = 100 − 15·DR^0.412)."""
    return float(((100 - pci) / 15) ** (1 / 0.412))


def chunk(index: int, units: list[tuple[str, float, float]], *, year: int = 2019,
          iri: list[float] | None = None, dr: list[float] | None = None,
          columns: list[str] | None = None, amounts: list[float] | None = None,
          request_id: str | None = None) -> pb.UploadSurveyUnitsRequest:
    codes = sorted({u[0] for u in units})
    return pb.UploadSurveyUnitsRequest(
        request_id=request_id or f"up-{year}-{index}", year=year, chunk_index=index,
        road_codes=codes, road_index=[codes.index(u[0]) for u in units],
        start_m=[u[1] for u in units], end_m=[u[2] for u in units], iri=iri or [],
        damage_ratio_percent=dr or [], distress_columns=columns or [],
        distress_amounts=amounts or [])


def worked_survey(stub: Any) -> None:
    network(stub)
    stub.CreateSurvey(pb.CreateSurveyRequest(request_id="s-2019", year=2019))
    columns = ["alligator_cracking:medium", "transverse_crack:heavy", "pothole:light",
               "patching:none", "crack:medium", "corner_break:heavy"]
    response = stub.UploadSurveyUnits(iter([
        chunk(0, [("RA", 0, 1000), ("RC", 0, 1000)], iri=[2.5, NAN], columns=columns,
              amounts=[12, 40, 2, 30, 0, 0, 0, 0, 0, 0, 20, 3]),
        chunk(1, [("R1", 0, 1000), ("R1", 1000, 2000), ("R1", 2000, 2350), ("R2", 0, 1000),
                  ("R2", 1000, 1600)],
              dr=[pci_dr(v) for v in (92.0, 78.5, 65.0, 88.0, 55.0)]),
    ]))
    assert (response.chunks_stored, response.units_scored, response.next_chunk_index) == (2, 7, 2)


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


def details(error: grpc.RpcError) -> list[Any]:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    found: list[Any] = []
    for packed in status.details:
        for kind in (error_details_pb2.BadRequest, error_details_pb2.PreconditionFailure):
            if packed.Is(kind.DESCRIPTOR):
                detail = kind()
                packed.Unpack(detail)
                found.append(detail)
    return found


def violations(error: grpc.RpcError) -> dict[str, str]:
    return {v.field: v.description for d in details(error)
            if isinstance(d, error_details_pb2.BadRequest) for v in d.field_violations}


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
