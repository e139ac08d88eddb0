"""MQI, PBI and PWI through the service: the worked values of rural_roads.md §4.1, §4.6, §7.1,
§7.2 and §7.5 uploaded as a survey's measurements and read back, and the excellent/good/fair
share measured on MQI where every evaluated unit has one (§6.3 decision)."""

from __future__ import annotations

import math
from typing import Any

import grpc
import pytest
from integration.services.rural_roads.roads_world import NAN, chunk, pci_dr, road, violations

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc


def iri_for(rqi: float, a0: float = 0.0185, a1: float = 0.58) -> float:
    """The IRI (m/km) whose RQI = 100 / (1 + a0·e^(a1·IRI)) is ``rqi`` (§4.4; the defaults
    are the "other grades" parameters, expressways 0.026 and 0.65)."""
    return math.log((100 / rqi - 1) / a0) / a1


def cement_dr(pci: float) -> float:
    """The cement DR (%) whose PCI = 100 − 10.66·DR^0.461 is ``pci`` (§4.3)."""
    return float(((100 - pci) / 10.66) ** (1 / 0.461))


@pytest.fixture
def stub(start_server: Any, database_url: str) -> Any:
    running = start_server(["rural_roads"], database_url=database_url)
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    stub.ImportNetwork(pb.ImportNetworkRequest(
        request_id="net",
        towns=[pb.Town(code="T1", district="pudong"), pb.Town(code="X1", district="xuhui")],
        roads=[road("RE", "T1", 4000, grade="TECHNICAL_GRADE_EXPRESSWAY",
                    road_class="ROAD_CLASS_COUNTY"),
               road("RM", "X1", 1000), road("RB", "X1", 1000),
               road("RG", "X1", 1000, "SURFACE_CEMENT_CONCRETE")]))
    stub.CreateSurvey(pb.CreateSurveyRequest(request_id="s", year=2021))
    return stub


def upload(stub: Any) -> None:
    expressway_rqi = iri_for(85, 0.026, 0.65)
    request = chunk(0, [("RE", 0, 1000), ("RE", 1000, 2000), ("RE", 2000, 3000),
                        ("RE", 3000, 4000), ("RM", 0, 1000), ("RB", 0, 1000), ("RG", 0, 1000)],
                    year=2021,
                    dr=[pci_dr(90)] * 4 + [pci_dr(90.6)] * 2 + [cement_dr(85)],
                    iri=[expressway_rqi] * 4 + [iri_for(77.4)] * 2 + [iri_for(80)])
    request.rut_depth_mm.extend([5, 5, NAN, NAN, NAN, NAN, NAN])
    request.bumps_light.extend([0, 0, 1, 2, NAN, NAN, NAN])
    request.bumps_medium.extend([0, 0, 0, 1, NAN, NAN, NAN])
    request.bumps_heavy.extend([0, 0, 0, 0, NAN, NAN, NAN])
    request.wear_ratio_percent.extend([10, NAN, NAN, NAN, NAN, NAN, NAN])
    request.sci.extend([NAN] * 4 + [100] * 3)
    request.bci.extend([NAN] * 4 + [100] * 3)
    request.tci.extend([NAN] * 4 + [100] * 3)
    request.structure_class.extend([0] * 5 + [5, 0])  # RB holds a dangerous bridge
    stub.UploadSurveyUnits(iter([request]))


def test_worked_values_reproduced_through_the_service(stub: Any) -> None:
    upload(stub)
    stub.CloseSurvey(pb.CloseSurveyRequest(request_id="c", year=2021))
    units = {(u.road, u.start_m): u for u in stub.ExportSurveyUnits(
        pb.ExportSurveyUnitsRequest(year=2021)) for u in u.units}
    # §7.2: expressway asphalt, PCI 90, RQI 85, RDI 95, PBI 100, PWI 89.66 → PQI 90.22;
    # without PWI (renormalised over 0.90) → 90.28. §7.5: WR 10 % → PWI 89.66.
    first, second = units[("RE", 0)], units[("RE", 1000)]
    assert (first.pci, first.rqi, first.rdi, first.pbi, first.pwi) == (90, 85, 95, 100, 89.66)
    assert (first.pqi, second.pqi) == (90.22, 90.28)
    # §7.2: PBI with 25/50/100 per light/medium/heavy bump: 1 light → 75; 2 light + 1
    # medium → 0 (clamped).
    assert (units[("RE", 2000)].pbi, units[("RE", 3000)].pbi) == (75, 0)
    # §7.1 Anhui row (PCI 90.6, RQI 77.4 → PQI 85.32) and §7.2: with SCI = BCI = TCI = 100
    # the JTG 5210 weights give MQI 89.72. Gansu row (cement, PCI 85, RQI 80 → PQI 83.00):
    # 0.70·83 + 0.08·100 + 0.12·100 + 0.10·100 = 88.10 (§4.1). A class-5 bridge: MQI 0.
    assert (units[("RM", 0)].pqi, units[("RM", 0)].mqi) == (85.32, 89.72)
    assert (units[("RG", 0)].pqi, units[("RG", 0)].mqi) == (83.0, 88.1)
    assert (units[("RB", 0)].pqi, units[("RB", 0)].mqi) == (85.32, 0.0)
    assert math.isnan(first.mqi)

    districts = {a.district: a for a in stub.GetSurveyReport(pb.GetSurveyReportRequest(
        year=2021, level=pb.AGGREGATION_LEVEL_DISTRICT)).aggregates}
    # xuhui: every unit has an MQI, so its share is on MQI: 2 of 3 km ≥ 70 (the unit with
    # the dangerous bridge is not), although every PQI there is ≥ 70; MQI (89.72 + 0 +
    # 88.10) / 3 = 59.27. pudong has no SCI/BCI/TCI: its share stays on PQI.
    assert (districts["xuhui"].share_index, districts["xuhui"].excellent_good_fair_share,
            districts["xuhui"].mqi) == ("mqi", 0.6667, 59.27)
    assert (districts["pudong"].share_index, districts["pudong"].excellent_good_fair_share) \
        == ("pqi", 1.0)
    t2 = {t.code: t for t in stub.GetTargetReport(pb.GetTargetReportRequest(
        year=2021, district="xuhui")).targets}["T2"]
    assert t2.indicator == "excellent/good/fair share (MQI ≥ 70)"
    assert (t2.display_value, t2.status) == ("66.67 %", pb.TARGET_STATUS_FAIL)
    replay = stub.ReplaySurveyReport(pb.ReplaySurveyReportRequest(year=2021))
    assert replay.matches, list(replay.differences)


def test_condition_inputs_out_of_range_are_named(stub: Any) -> None:
    request = chunk(0, [("RM", 0, 1000)], year=2021, iri=[2.0])
    request.sci.append(101)
    request.structure_class.append(6)
    request.wear_ratio_percent.append(-1)
    with pytest.raises(grpc.RpcError) as caught:
        stub.UploadSurveyUnits(iter([request]))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert {"chunks[0].units[0].sci", "chunks[0].units[0].structure_class",
            "chunks[0].units[0].wear_ratio_percent"} <= set(violations(caught.value))
