"""Helpers of the registry tests: one day's setup (enterprises, stations, staff, users)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from cityscore.common.v1.common_pb2 import Date
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2_grpc as pb_grpc

RESIDENT = "310101199003071230"
RESIDENT_2 = "310112200002290786"
USCC_E1 = "913101013000000530"
USCC_E2 = "91310101300000037A"
USCC_CATERING = "51310104425000014W"
_ids = itertools.count()


def rid() -> str:
    return f"req-{next(_ids)}"


def day(text: str) -> Date:
    y, m, d = (int(p) for p in text.split("-"))
    return Date(year=y, month=m, day=d)


def failure(error: grpc.RpcError) -> tuple[grpc.StatusCode, list[tuple[str, str]]]:
    """Status code and (type or field, subject or description) of every detail."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    found: list[tuple[str, str]] = []
    for packed in status.details if status is not None else []:
        if packed.Is(error_details_pb2.PreconditionFailure.DESCRIPTOR):
            detail = error_details_pb2.PreconditionFailure()
            packed.Unpack(detail)
            found += [(v.type, v.subject) for v in detail.violations]
        elif packed.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            packed.Unpack(bad)
            found += [(v.field, v.description) for v in bad.field_violations]
    return error.code(), found


def refused(call: Callable[[], Any]) -> tuple[grpc.StatusCode, list[tuple[str, str]]]:
    with pytest.raises(grpc.RpcError) as caught:
        call()
    return failure(caught.value)


def cylinder(code: str, *, made: str = "2017-06-01", model: str = "YSP35.5",
             last: str | None = None, passed: bool = False,
             standard: Any = pb.STANDARD_VERSION_GB5842_2006, life: int = 0,
             owner: str = "E1", confirm: bool = False) -> pb.Cylinder:
    message = pb.Cylinder(trace_code=code, serial=f"S-{code}", model=model,
                          standard_version=standard, phase_type=pb.PHASE_TYPE_GAS,
                          manufacture_date=day(made), design_life_years=life, tare_g=16_400,
                          last_inspection_passed=passed, owner_enterprise_id=owner,
                          standard_mismatch_confirmed=confirm)
    if last:
        message.last_inspection_date.CopyFrom(day(last))
    return message


@dataclass
class Registry:
    """Stubs per principal plus the ids of the seeded records."""

    city: pb_grpc.LpgRegistryServiceStub
    e1: pb_grpc.LpgRegistryServiceStub
    e2: pb_grpc.LpgRegistryServiceStub
    pudong: pb_grpc.LpgRegistryServiceStub
    xuhui: pb_grpc.LpgRegistryServiceStub
    operator: pb_grpc.LpgRegistryServiceStub
    running: Any
    resident_id: int = 0
    catering_id: int = 0

    def register(self, *cylinders: pb.Cylinder, station: str = "E1-S1") -> None:
        stub = self.e1 if station.startswith("E1") else self.e2
        for c in cylinders:
            stub.RegisterCylinder(pb.RegisterCylinderRequest(request_id=rid(), cylinder=c,
                                                             station_id=station))

    def fill(self, code: str, *, full: int = 31_300, enterprise: str = "E1",
             station: str = "E1-S1", **changes: Any) -> pb.RecordFillResponse:
        stub = self.e1 if enterprise == "E1" else self.e2
        fields: dict[str, Any] = {
            "request_id": rid(), "enterprise_id": enterprise, "station_id": station,
            "trace_code": code, "filler_staff_id": "E1-F1", "rechecker_staff_id": "E1-R1",
            "pre_check_passed": True, "post_check_passed": True, "empty_gross_g": 16_900,
            "full_gross_g": full, "reweigh_gross_g": full}
        fields.update(changes)
        response: pb.RecordFillResponse = stub.RecordFill(pb.RecordFillRequest(**fields))
        return response

    def plan(self, user_id: int, out: list[str], back: list[str] | None = None
             ) -> pb.DeliveryPlan:
        return pb.DeliveryPlan(enterprise_id="E1", user_id=user_id, staff_id="E1-D1",
                               vehicle_plate="沪A12345", cylinders_out=out,
                               empties_back=back or [])

    def deliver(self, user_id: int, out: list[str], back: list[str] | None = None,
                request_id: str | None = None) -> pb.RecordDeliveryResponse:
        response: pb.RecordDeliveryResponse = self.e1.RecordDelivery(pb.RecordDeliveryRequest(
            request_id=request_id or rid(), plan=self.plan(user_id, out, back)))
        return response


def seed(registry: Registry) -> None:
    city, e1 = registry.city, registry.e1
    for eid, code, district in (("E1", USCC_E1, "pudong"), ("E2", USCC_E2, "xuhui")):
        city.CreateEnterprise(pb.CreateEnterpriseRequest(request_id=rid(), enterprise=pb.Enterprise(
            enterprise_id=eid, name=f"Gas {eid}", credit_code=code, licence_number=f"L-{eid}",
            licence_valid_until=day("2021-12-31"), district=district)))
    e1.CreateStation(pb.CreateStationRequest(request_id=rid(), station=pb.Station(
        station_id="E1-S1", enterprise_id="E1", name="Zhangjiang station", district="pudong",
        address="1 Gas Road")))
    registry.e2.CreateStation(pb.CreateStationRequest(request_id=rid(), station=pb.Station(
        station_id="E2-S1", enterprise_id="E2", name="Xuhui station", district="xuhui",
        address="2 Gas Road")))
    for sid, role in (("E1-F1", pb.STAFF_ROLE_FILLER), ("E1-R1", pb.STAFF_ROLE_SAFETY),
                      ("E1-D1", pb.STAFF_ROLE_DELIVERY)):
        e1.AddStaff(pb.AddStaffRequest(request_id=rid(), staff=pb.Staff(
            staff_id=sid, enterprise_id="E1", name=f"Staff {sid}", role=role,
            certificate_number=f"C-{sid}", certificate_valid_until=day("2022-01-01"))))
    e1.RegisterVehicle(pb.RegisterVehicleRequest(request_id=rid(), vehicle=pb.Vehicle(
        plate="沪A12345", enterprise_id="E1", hazmat_permit="HP-1",
        permit_valid_until=day("2020-06-30"))))
    resident = e1.RegisterUser(pb.RegisterUserRequest(request_id=rid(), user=pb.User(
        user_type=pb.USER_TYPE_RESIDENTIAL, enterprise_id="E1", name="Zhang San",
        resident_id=RESIDENT, phone="13800138000", address="5 Lane 100", district="pudong",
        subdistrict="Zhangjiang", grid_cell="ZJ-07"))).user
    catering = e1.RegisterUser(pb.RegisterUserRequest(request_id=rid(), user=pb.User(
        user_type=pb.USER_TYPE_CATERING, enterprise_id="E1", name="Li Si",
        business_name="Noodle House", credit_code=USCC_CATERING, phone="021-5555-0000",
        address="8 Food Street", district="pudong"))).user
    for user in (resident, catering):
        registry.pudong.ReviewUser(pb.ReviewUserRequest(
            request_id=rid(), user_id=user.user_id, review_status=pb.REVIEW_STATUS_REVIEWED))
    registry.resident_id, registry.catering_id = resident.user_id, catering.user_id


def connect(running: Any) -> Registry:
    """Stubs for every test principal on ``running``, with the day's setup seeded."""
    def stub(token: str) -> pb_grpc.LpgRegistryServiceStub:
        return pb_grpc.LpgRegistryServiceStub(running.channel(token))

    made = Registry(city=stub("city-token"), e1=stub("lpg-e1-token"), e2=stub("lpg-e2-token"),
                    pudong=stub("pudong-token"), xuhui=stub("xuhui-token"),
                    operator=stub("operator-token"), running=running)
    seed(made)
    return made
