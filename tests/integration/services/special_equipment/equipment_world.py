"""Helpers of the special-equipment tests: stubs per principal, request ids, dates, elevators
and failed calls, and a small register of two districts whose rates are worked by hand."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from support import RunningServer

from cityscore.common.v1.common_pb2 import Date
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb
from cityscore.special_equipment.v1 import special_equipment_service_pb2_grpc as pb_grpc

_ids = itertools.count()


def rid() -> str:
    return f"req-{next(_ids)}"


def day(text: str) -> Date:
    y, m, d = (int(p) for p in text.split("-"))
    return Date(year=y, month=m, day=d)


def failure(error: grpc.RpcError) -> tuple[grpc.StatusCode, list[tuple[str, str]]]:
    """Status code and (field, description) of every field violation."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    found: list[tuple[str, str]] = []
    for packed in status.details if status is not None else []:
        if packed.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            packed.Unpack(bad)
            found += [(v.field, v.description) for v in bad.field_violations]
    return error.code(), found


def refused(call: Callable[[], Any]) -> tuple[grpc.StatusCode, list[tuple[str, str]]]:
    with pytest.raises(grpc.RpcError) as caught:
        call()
    return failure(caught.value)


def elevator(code: str, category: pb.LocationCategory, in_use: str, *, monitoring: bool = False,
             insurance: bool = False, geolocation: bool = False, assessed: str = "",
             result: pb.AssessmentResult = pb.ASSESSMENT_RESULT_UNSPECIFIED,
             renovated: str = "", inspected: str = "",
             company: str = "") -> pb.Elevator:
    message = pb.Elevator(registration_code=code, location_category=category,
                          address=f"{code} road", in_use_date=day(in_use),
                          maintenance_company_id=company, remote_monitoring=monitoring,
                          liability_insurance=insurance, geolocation=geolocation,
                          assessment_result=result)
    for name, value in (("assessed_on", assessed), ("renovated_on", renovated),
                        ("last_inspection_date", inspected)):
        if value:
            getattr(message, name).CopyFrom(day(value))
    return message


L = pb.LocationCategory
SAFE, HAZARDOUS = pb.ASSESSMENT_RESULT_SAFE, pb.ASSESSMENT_RESULT_HAZARDOUS

#: Pudong: four public-place elevators (insurance 4/4, monitoring 3/4, geolocation 3/4),
#: three residential (two in use 15+ years by 2020-12-31, one of them assessed hazardous and
#: renovated and monitored), one office elevator outside every target.
PUDONG = [
    elevator("PD-001", L.LOCATION_CATEGORY_MALL, "2012-03-01", monitoring=True, insurance=True,
             geolocation=True, inspected="2020-02-10"),
    elevator("PD-002", L.LOCATION_CATEGORY_HOSPITAL, "2013-05-01", monitoring=True,
             insurance=True, inspected="2019-12-01"),
    elevator("PD-003", L.LOCATION_CATEGORY_SCHOOL, "2014-09-01", insurance=True,
             geolocation=True, inspected="2020-06-01"),
    elevator("PD-004", L.LOCATION_CATEGORY_RAIL_TRANSIT, "2010-07-01", monitoring=True,
             insurance=True, geolocation=True, inspected="2020-03-01"),
    elevator("PD-005", L.LOCATION_CATEGORY_RESIDENTIAL, "2003-05-01", monitoring=True,
             assessed="2019-06-01", result=HAZARDOUS, renovated="2020-08-01",
             inspected="2020-09-01"),
    elevator("PD-006", L.LOCATION_CATEGORY_RESIDENTIAL, "2004-02-29", inspected="2020-05-01"),
    elevator("PD-007", L.LOCATION_CATEGORY_RESIDENTIAL, "2010-01-01", inspected="2020-05-02"),
    elevator("PD-008", L.LOCATION_CATEGORY_OTHER, "2020-12-20"),
]
#: Xuhui: a mall elevator with everything, a residential one in use since 2000, assessed safe
#: and monitored.
XUHUI = [
    elevator("XH-001", L.LOCATION_CATEGORY_MALL, "2015-01-01", monitoring=True, insurance=True,
             geolocation=True, inspected="2020-10-01"),
    elevator("XH-002", L.LOCATION_CATEGORY_RESIDENTIAL, "2000-01-01", monitoring=True,
             assessed="2018-11-01", result=SAFE, inspected="2020-10-02"),
]


@dataclass
class Equipment:
    """Stubs per principal."""

    server: RunningServer
    city: pb_grpc.SpecialEquipmentServiceStub
    pudong: pb_grpc.SpecialEquipmentServiceStub
    xuhui: pb_grpc.SpecialEquipmentServiceStub
    operator: pb_grpc.SpecialEquipmentServiceStub
    assessor: pb_grpc.SpecialEquipmentServiceStub

    def import_district(self, stub: pb_grpc.SpecialEquipmentServiceStub, district: str,
                        rows: list[pb.Elevator], *, request_id: str | None = None,
                        reason: str = "", chunk: int = 3, effective_from: str = ""
                        ) -> pb.ImportElevatorsResponse:
        """Stream ``rows`` in chunks of ``chunk``, the same request id on every chunk."""
        key = request_id or rid()
        parts = [pb.ImportElevatorsRequest(request_id=key, district=district, reason=reason,
                                           elevators=rows[i:i + chunk],
                                           effective_from=day(effective_from)
                                           if effective_from else None)
                 for i in range(0, len(rows), chunk)]
        response: pb.ImportElevatorsResponse = stub.ImportElevators(iter(parts), timeout=60)
        return response


def connect(server: RunningServer) -> Equipment:
    def stub(token: str) -> pb_grpc.SpecialEquipmentServiceStub:
        return pb_grpc.SpecialEquipmentServiceStub(server.channel(token))

    return Equipment(server, stub("city-token"), stub("pudong-token"), stub("xuhui-token"),
                     stub("operator-token"), stub("assessor-token"))
