"""``cityscore lpg enterprise``: licensed LPG enterprises, their stations, staff and vehicles."""

from __future__ import annotations

from typing import Annotated

import typer

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.cli.common import enum_label, parse_date, parse_enum, request_id, show_date
from cityscore.services.cli.context import call, every_page, state
from cityscore.services.cli.lpg.shared import stub
from cityscore.services.cli.output import render, render_record

enterprise_app = typer.Typer(no_args_is_help=True, help="LPG enterprises and their assets.")


@enterprise_app.command("add")
def enterprise_add(
    ctx: typer.Context,
    enterprise_id: Annotated[str, typer.Option("--id", help="Enterprise id, e.g. E1.")],
    name: Annotated[str, typer.Option(help="Registered name.")],
    credit_code: Annotated[str, typer.Option(help="Unified social credit code (18).")],
    licence: Annotated[str, typer.Option(help="Gas business licence number.")],
    valid_until: Annotated[str, typer.Option(help="Licence valid until, YYYY-MM-DD.")],
    district: Annotated[str, typer.Option(help="District code, e.g. pudong.")],
) -> None:
    """Register a licensed LPG enterprise."""
    response = call(ctx, stub(ctx).CreateEnterprise, pb.CreateEnterpriseRequest(
        request_id=request_id(ctx), enterprise=pb.Enterprise(
            enterprise_id=enterprise_id, name=name, credit_code=credit_code,
            licence_number=licence, licence_valid_until=parse_date(valid_until, "--valid-until"),
            district=district)))
    e = response.enterprise
    render_record({"enterprise": e.enterprise_id, "name": e.name, "district": e.district,
                   "status": enum_label(pb.EnterpriseStatus, "ENTERPRISE_STATUS_", e.status)},
                  title="Enterprise", output=state(ctx).output)


@enterprise_app.command("list")
def enterprise_list(ctx: typer.Context) -> None:
    """The enterprises you may see."""
    enterprises = every_page(ctx, stub(ctx).ListEnterprises, pb.ListEnterprisesRequest(),
                             "enterprises")
    render([{"enterprise": e.enterprise_id, "name": e.name, "district": e.district,
             "licence": e.licence_number, "valid_until": show_date(e.licence_valid_until),
             "status": enum_label(pb.EnterpriseStatus, "ENTERPRISE_STATUS_", e.status)}
            for e in enterprises],
           columns=["enterprise", "name", "district", "licence", "valid_until", "status"],
           title="Enterprises", output=state(ctx).output)


@enterprise_app.command("suspend-expired")
def enterprise_suspend_expired(ctx: typer.Context) -> None:
    """Suspend every enterprise whose licence has expired."""
    response = call(ctx, stub(ctx).SuspendExpiredLicences,
                    pb.SuspendExpiredLicencesRequest(request_id=request_id(ctx)))
    render([{"suspended": e} for e in response.suspended_enterprise_ids], columns=["suspended"],
           title="Suspended", output=state(ctx).output)


@enterprise_app.command("station")
def station_add(
    ctx: typer.Context,
    station_id: Annotated[str, typer.Option("--id", help="Station id.")],
    enterprise: Annotated[str, typer.Option(help="Enterprise id.")],
    name: Annotated[str, typer.Option(help="Station name.")],
    district: Annotated[str, typer.Option(help="District code.")],
    address: Annotated[str, typer.Option(help="Address.")],
) -> None:
    """Register a filling or supply station."""
    s = call(ctx, stub(ctx).CreateStation, pb.CreateStationRequest(
        request_id=request_id(ctx), station=pb.Station(
            station_id=station_id, enterprise_id=enterprise, name=name, district=district,
            address=address))).station
    render_record({"station": s.station_id, "enterprise": s.enterprise_id, "name": s.name,
                   "district": s.district}, title="Station", output=state(ctx).output)


@enterprise_app.command("staff")
def staff_add(
    ctx: typer.Context,
    staff_id: Annotated[str, typer.Option("--id", help="Staff id.")],
    enterprise: Annotated[str, typer.Option(help="Enterprise id.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    role: Annotated[str, typer.Option(help="filler, delivery, safety or manager.")],
    certificate: Annotated[str, typer.Option(help="Certificate number.")],
    valid_until: Annotated[str, typer.Option(help="Certificate valid until, YYYY-MM-DD.")],
) -> None:
    """Register a staff member with role and certificate."""
    s = call(ctx, stub(ctx).AddStaff, pb.AddStaffRequest(
        request_id=request_id(ctx), staff=pb.Staff(
            staff_id=staff_id, enterprise_id=enterprise, name=name,
            role=parse_enum(pb.StaffRole, "STAFF_ROLE_", role, "--role"),
            certificate_number=certificate,
            certificate_valid_until=parse_date(valid_until, "--valid-until")))).staff
    render_record({"staff": s.staff_id, "enterprise": s.enterprise_id, "name": s.name,
                   "role": enum_label(pb.StaffRole, "STAFF_ROLE_", s.role),
                   "valid_until": show_date(s.certificate_valid_until)},
                  title="Staff", output=state(ctx).output)


@enterprise_app.command("vehicle")
def vehicle_add(
    ctx: typer.Context,
    plate: Annotated[str, typer.Option(help="Number plate.")],
    enterprise: Annotated[str, typer.Option(help="Enterprise id.")],
    permit: Annotated[str, typer.Option(help="Hazardous-goods permit number.")],
    valid_until: Annotated[str, typer.Option(help="Permit valid until, YYYY-MM-DD.")],
) -> None:
    """Register a delivery vehicle."""
    v = call(ctx, stub(ctx).RegisterVehicle, pb.RegisterVehicleRequest(
        request_id=request_id(ctx), vehicle=pb.Vehicle(
            plate=plate, enterprise_id=enterprise, hazmat_permit=permit,
            permit_valid_until=parse_date(valid_until, "--valid-until")))).vehicle
    render_record({"plate": v.plate, "enterprise": v.enterprise_id,
                   "valid_until": show_date(v.permit_valid_until)}, title="Vehicle",
                  output=state(ctx).output)
