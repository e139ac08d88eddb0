"""Shared builders for the rural_roads tests: a small network, chunks, decoded error details."""

from __future__ import annotations

import math
from typing import Any

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb

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
