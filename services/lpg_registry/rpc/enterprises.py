"""Enterprises and what they operate with: stations, staff, vehicles; licence suspension."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from cityscore.core.districts import is_district
from cityscore.core.errors import AlreadyExists, ViolationCollector
from cityscore.core.grpc.auth import READ_ANY
from cityscore.core.grpc.convert import date_field
from cityscore.core.grpc.paging import MAX_PAGE_SIZE
from cityscore.core.grpc.rpc import district_field, enterprise_field, rpc
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.lpg_registry import domain, mapping, models, repository
from cityscore.services.lpg_registry.rpc import LpgCall
from cityscore.services.lpg_registry.rpc.common import (
    AUTHORITY,
    CITY,
    ENTERPRISE,
    page,
    scoped_enterprise,
)


@rpc(access=AUTHORITY, scope=district_field("enterprise.district"), writes=True)
def create_enterprise(request: pb.CreateEnterpriseRequest, call: LpgCall, session: Session
                      ) -> pb.CreateEnterpriseResponse:
    e = request.enterprise
    collector = ViolationCollector()
    for name in ("enterprise_id", "name", "licence_number"):
        collector.require_text(f"enterprise.{name}", getattr(e, name))
    problem = domain.credit_code_problem(e.credit_code)
    if problem:
        collector.add("enterprise.credit_code", problem)
    if not is_district(e.district):
        collector.add("enterprise.district", "unknown district code")
    valid_until = date_field(e.licence_valid_until, "enterprise.licence_valid_until", collector)
    collector.raise_if_any()
    assert valid_until is not None
    if repository.get(session, model=models.Enterprise, key=e.enterprise_id):
        raise AlreadyExists("enterprise", e.enterprise_id)
    row = repository.add_unique(session, row=models.Enterprise(
        enterprise_id=e.enterprise_id, name=e.name, credit_code=e.credit_code.upper(),
        licence_number=e.licence_number, licence_valid_until=valid_until, district=e.district,
        status="ACTIVE" if valid_until >= call.today() else "SUSPENDED"),
        kind="enterprise", name=e.credit_code)
    call.audit(session, action="create", entity_type="enterprise", entity_id=row.enterprise_id)
    return pb.CreateEnterpriseResponse(enterprise=mapping.enterprise_to_proto(row))


@rpc(access=READ_ANY)
def list_enterprises(request: pb.ListEnterprisesRequest, call: LpgCall, session: Session
                     ) -> pb.ListEnterprisesResponse:
    """A district office sees its district's enterprises, an enterprise itself. The default
    page is the largest, so callers from before the list paged still get every enterprise."""
    wanted = page("enterprise_id", request.page_size, request.page_token,
                  default=MAX_PAGE_SIZE)
    rows = repository.enterprises(session, district=call.own_district("") or None,
                                  enterprise_id=call.own_enterprise("") or None,
                                  after=wanted.after, limit=wanted.size + 1)
    return pb.ListEnterprisesResponse(
        enterprises=[mapping.enterprise_to_proto(r) for r in rows[:wanted.size]],
        next_page_token=wanted.next_token([r.enterprise_id for r in rows]))


@rpc(access=CITY, writes=True)
def suspend_expired_licences(request: pb.SuspendExpiredLicencesRequest, call: LpgCall,
                             session: Session) -> pb.SuspendExpiredLicencesResponse:
    """No operating without a valid licence (seed ¶一, general prohibition)."""
    suspended = repository.suspend_expired_enterprises(session, today=call.today())
    for row in suspended:
        call.audit(session, action="suspend", entity_type="enterprise",
                   entity_id=row.enterprise_id,
                   detail={"licence_valid_until": row.licence_valid_until})
    return pb.SuspendExpiredLicencesResponse(
        suspended_enterprise_ids=[r.enterprise_id for r in suspended])


def _add_asset(session: Session, call: LpgCall, enterprise_id: str, build: Callable[[], Any],
               kind: str, key: str) -> Any:
    """Stations, staff and vehicles: scoped to their enterprise, unique by key."""
    scoped_enterprise(session, call, enterprise_id)
    row = repository.add_unique(session, row=build(), kind=kind, name=key)
    call.audit(session, action="create", entity_type=kind, entity_id=key)
    return row


@rpc(access=ENTERPRISE, scope=enterprise_field("station.enterprise_id"), writes=True)
def create_station(request: pb.CreateStationRequest, call: LpgCall, session: Session
                   ) -> pb.CreateStationResponse:
    s = request.station
    collector = ViolationCollector()
    for name in ("station_id", "name", "address"):
        collector.require_text(f"station.{name}", getattr(s, name))
    if not is_district(s.district):
        collector.add("station.district", "unknown district code")
    collector.require_text("station.enterprise_id", s.enterprise_id)
    collector.raise_if_any()
    row = _add_asset(session, call, s.enterprise_id, lambda: models.Station(
        station_id=s.station_id, enterprise_id=s.enterprise_id, name=s.name,
        district=s.district, address=s.address), "station", s.station_id)
    return pb.CreateStationResponse(station=mapping.station_to_proto(row))


@rpc(access=ENTERPRISE, scope=enterprise_field("staff.enterprise_id"), writes=True)
def add_staff(request: pb.AddStaffRequest, call: LpgCall, session: Session
              ) -> pb.AddStaffResponse:
    s = request.staff
    collector = ViolationCollector()
    for name in ("staff_id", "name", "certificate_number"):
        collector.require_text(f"staff.{name}", getattr(s, name))
    role = mapping.STAFF_ROLE.name_or(s.role, mapping.UNSPECIFIED)
    if role == mapping.UNSPECIFIED:
        collector.add("staff.role", "filler, delivery, safety or manager")
    valid = date_field(s.certificate_valid_until, "staff.certificate_valid_until", collector)
    collector.require_text("staff.enterprise_id", s.enterprise_id)
    collector.raise_if_any()
    assert valid is not None
    row = _add_asset(session, call, s.enterprise_id, lambda: models.Staff(
        staff_id=s.staff_id, enterprise_id=s.enterprise_id, name=s.name, role=role,
        certificate_number=s.certificate_number, certificate_valid_until=valid),
        "staff", s.staff_id)
    return pb.AddStaffResponse(staff=mapping.staff_to_proto(row))


@rpc(access=ENTERPRISE, scope=enterprise_field("vehicle.enterprise_id"), writes=True)
def register_vehicle(request: pb.RegisterVehicleRequest, call: LpgCall, session: Session
                     ) -> pb.RegisterVehicleResponse:
    v = request.vehicle
    collector = ViolationCollector()
    for name in ("plate", "hazmat_permit"):
        collector.require_text(f"vehicle.{name}", getattr(v, name))
    valid = date_field(v.permit_valid_until, "vehicle.permit_valid_until", collector)
    collector.require_text("vehicle.enterprise_id", v.enterprise_id)
    collector.raise_if_any()
    assert valid is not None
    row = _add_asset(session, call, v.enterprise_id, lambda: models.Vehicle(
        plate=v.plate.upper(), enterprise_id=v.enterprise_id, hazmat_permit=v.hazmat_permit,
        permit_valid_until=valid), "vehicle", v.plate.upper())
    return pb.RegisterVehicleResponse(vehicle=mapping.vehicle_to_proto(row))


def _assets(session: Session, call: LpgCall, request: Any, model: type[Any], key: str
            ) -> tuple[list[Any], str]:
    """One page of an enterprise's stations, staff or vehicles, for whoever may see it."""
    collector = ViolationCollector()
    collector.require_text("enterprise_id", request.enterprise_id)
    collector.raise_if_any()
    wanted = page(key, request.page_size, request.page_token)
    scoped_enterprise(session, call, request.enterprise_id)
    rows = repository.assets(session, model=model, key=key,
                             enterprise_id=request.enterprise_id, after=wanted.after,
                             limit=wanted.size + 1)
    return rows[:wanted.size], wanted.next_token([getattr(r, key) for r in rows])


@rpc(access=READ_ANY, scope=enterprise_field("enterprise_id"))
def list_stations(request: pb.ListStationsRequest, call: LpgCall, session: Session
                  ) -> pb.ListStationsResponse:
    """An enterprise sees its own, a district office its district's enterprises'."""
    rows, token = _assets(session, call, request, models.Station, "station_id")
    return pb.ListStationsResponse(stations=[mapping.station_to_proto(r) for r in rows],
                                   next_page_token=token)


@rpc(access=READ_ANY, scope=enterprise_field("enterprise_id"))
def list_staff(request: pb.ListStaffRequest, call: LpgCall, session: Session
               ) -> pb.ListStaffResponse:
    rows, token = _assets(session, call, request, models.Staff, "staff_id")
    return pb.ListStaffResponse(staff=[mapping.staff_to_proto(r) for r in rows],
                                next_page_token=token)


@rpc(access=READ_ANY, scope=enterprise_field("enterprise_id"))
def list_vehicles(request: pb.ListVehiclesRequest, call: LpgCall, session: Session
                  ) -> pb.ListVehiclesResponse:
    rows, token = _assets(session, call, request, models.Vehicle, "plate")
    return pb.ListVehiclesResponse(vehicles=[mapping.vehicle_to_proto(r) for r in rows],
                                   next_page_token=token)
