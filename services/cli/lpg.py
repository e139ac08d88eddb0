"""``cityscore lpg ...``: the bottled-LPG registry for enterprises and gas authorities.

Register enterprises, stations, staff, vehicles, users and cylinders (one at a time or from
CSV), record fills and deliveries, look up a cylinder's history, run the compliance sweep and
follow the registration campaign. Resident ID numbers and phones are shown masked only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.common.v1.common_pb2 import Date
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2_grpc as pb_grpc
from cityscore.services.cli.context import call, reporting_failures, state
from cityscore.services.cli.csv_io import chunks, read_rows, with_progress
from cityscore.services.cli.output import render, render_record

app = typer.Typer(no_args_is_help=True, help="Bottled-LPG registry: users, cylinders, fills, "
                                             "deliveries, sweeps.")
enterprise_app = typer.Typer(no_args_is_help=True, help="LPG enterprises and their assets.")
user_app = typer.Typer(no_args_is_help=True, help="Real-name LPG users.")
cylinder_app = typer.Typer(no_args_is_help=True, help="Registered cylinders.")
campaign_app = typer.Typer(no_args_is_help=True, help="The user registration campaign.")
app.add_typer(enterprise_app, name="enterprise")
app.add_typer(user_app, name="user")
app.add_typer(cylinder_app, name="cylinder")
app.add_typer(campaign_app, name="campaign")

USER_CHUNK = 2_000
CYLINDER_CHUNK = 5_000
EPOCH = dt.date(1970, 1, 1)
USER_COLUMNS = ("user_type", "enterprise_id", "name", "phone", "address", "district")
CYLINDER_COLUMNS = ("trace_code", "model", "standard", "manufacture_date", "tare_g")


def _stub(ctx: typer.Context) -> pb_grpc.LpgRegistryServiceStub:
    return pb_grpc.LpgRegistryServiceStub(state(ctx).connection.channel)


def _request_id(ctx: typer.Context) -> str:
    return state(ctx).connection.request_id


def _date(text: str, what: str) -> Date:
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{what}: expected YYYY-MM-DD, got {text!r}") from None
    return Date(year=value.year, month=value.month, day=value.day)


def _iso(value: Date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}" if value.year else ""


def _enum(enum: Any, prefix: str, text: str, what: str) -> Any:
    name = prefix + text.strip().upper().replace("-", "_")
    names = tuple(enum.keys())
    if name not in names:
        choices = ", ".join(k.removeprefix(prefix).lower() for k in names
                            if k.startswith(prefix) and not k.endswith("UNSPECIFIED"))
        raise typer.BadParameter(f"{what}: expected one of {choices}, got {text!r}")
    return enum.Value(name)


def _label(enum: Any, prefix: str, value: int) -> str:
    return str(enum.Name(value)).removeprefix(prefix).lower()


def _standard(text: str, what: str) -> Any:
    """``2006`` or ``2023`` (GB 5842 edition)."""
    return _enum(pb.StandardVersion, "STANDARD_VERSION_GB5842_", text, what)


def _user_record(user: pb.User) -> dict[str, Any]:
    return {"user_id": user.user_id, "type": _label(pb.UserType, "USER_TYPE_", user.user_type),
            "enterprise": user.enterprise_id, "name": user.name,
            "business": user.business_name, "resident_id": user.resident_id_masked,
            "phone": user.phone_masked, "district": user.district,
            "review": _label(pb.ReviewStatus, "REVIEW_STATUS_", user.review_status),
            "safety_verified": user.safety_verified,
            "registered_on": _iso(user.registered_on),
            "holds": " ".join(user.held_cylinders)}


def _cylinder_record(c: pb.Cylinder) -> dict[str, Any]:
    return {"trace_code": c.trace_code, "model": c.model, "owner": c.owner_enterprise_id,
            "status": _label(pb.CylinderStatus, "CYLINDER_STATUS_", c.status),
            "where": f"{_label(pb.LocationKind, 'LOCATION_KIND_', c.location_kind)} "
                     f"{c.location_id}", "filled": c.filled,
            "compliance": _label(pb.ComplianceStatus, "COMPLIANCE_STATUS_", c.compliance),
            "made": _iso(c.manufacture_date),
            "last_inspection": _iso(c.last_inspection_date)
            if c.HasField("last_inspection_date") else "",
            "next_inspection": _iso(c.next_inspection), "service_limit": _iso(c.service_limit)}


# ---- enterprises and their assets ------------------------------------------------------------


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
    response = call(ctx, _stub(ctx).CreateEnterprise, pb.CreateEnterpriseRequest(
        request_id=_request_id(ctx), enterprise=pb.Enterprise(
            enterprise_id=enterprise_id, name=name, credit_code=credit_code,
            licence_number=licence, licence_valid_until=_date(valid_until, "--valid-until"),
            district=district)))
    e = response.enterprise
    render_record({"enterprise": e.enterprise_id, "name": e.name, "district": e.district,
                   "status": _label(pb.EnterpriseStatus, "ENTERPRISE_STATUS_", e.status)},
                  title="Enterprise", output=state(ctx).output)


@enterprise_app.command("list")
def enterprise_list(ctx: typer.Context) -> None:
    """The enterprises you may see."""
    response = call(ctx, _stub(ctx).ListEnterprises, pb.ListEnterprisesRequest())
    render([{"enterprise": e.enterprise_id, "name": e.name, "district": e.district,
             "licence": e.licence_number, "valid_until": _iso(e.licence_valid_until),
             "status": _label(pb.EnterpriseStatus, "ENTERPRISE_STATUS_", e.status)}
            for e in response.enterprises],
           columns=["enterprise", "name", "district", "licence", "valid_until", "status"],
           title="Enterprises", output=state(ctx).output)


@enterprise_app.command("suspend-expired")
def enterprise_suspend_expired(ctx: typer.Context) -> None:
    """Suspend every enterprise whose licence has expired."""
    response = call(ctx, _stub(ctx).SuspendExpiredLicences,
                    pb.SuspendExpiredLicencesRequest(request_id=_request_id(ctx)))
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
    s = call(ctx, _stub(ctx).CreateStation, pb.CreateStationRequest(
        request_id=_request_id(ctx), station=pb.Station(
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
    s = call(ctx, _stub(ctx).AddStaff, pb.AddStaffRequest(
        request_id=_request_id(ctx), staff=pb.Staff(
            staff_id=staff_id, enterprise_id=enterprise, name=name,
            role=_enum(pb.StaffRole, "STAFF_ROLE_", role, "--role"),
            certificate_number=certificate,
            certificate_valid_until=_date(valid_until, "--valid-until")))).staff
    render_record({"staff": s.staff_id, "enterprise": s.enterprise_id, "name": s.name,
                   "role": _label(pb.StaffRole, "STAFF_ROLE_", s.role),
                   "valid_until": _iso(s.certificate_valid_until)},
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
    v = call(ctx, _stub(ctx).RegisterVehicle, pb.RegisterVehicleRequest(
        request_id=_request_id(ctx), vehicle=pb.Vehicle(
            plate=plate, enterprise_id=enterprise, hazmat_permit=permit,
            permit_valid_until=_date(valid_until, "--valid-until")))).vehicle
    render_record({"plate": v.plate, "enterprise": v.enterprise_id,
                   "valid_until": _iso(v.permit_valid_until)}, title="Vehicle",
                  output=state(ctx).output)


# ---- users ---------------------------------------------------------------------------------


def _user_message(row: dict[str, str], where: str) -> pb.User:
    user = pb.User(
        user_type=_enum(pb.UserType, "USER_TYPE_", row.get("user_type", ""),
                        f"{where} user_type"),
        enterprise_id=row.get("enterprise_id", ""), name=row.get("name", ""),
        resident_id=row.get("resident_id", ""), phone=row.get("phone", ""),
        business_name=row.get("business_name", ""), credit_code=row.get("credit_code", ""),
        address=row.get("address", ""), district=row.get("district", ""),
        subdistrict=row.get("subdistrict", ""), grid_cell=row.get("grid_cell", ""))
    if row.get("registered_on"):
        user.registered_on.CopyFrom(_date(row["registered_on"], f"{where} registered_on"))
    return user


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    user_type: Annotated[str, typer.Option("--type", help="residential, catering, commercial.")],
    enterprise: Annotated[str, typer.Option(help="Supplying enterprise id.")],
    name: Annotated[str, typer.Option(help="Name of the person or contact.")],
    phone: Annotated[str, typer.Option(help="Phone number.")],
    address: Annotated[str, typer.Option(help="Address of use.")],
    district: Annotated[str, typer.Option(help="District code.")],
    resident_id: Annotated[str, typer.Option(help="Resident ID number (residential).")] = "",
    subdistrict: Annotated[str, typer.Option(help="Subdistrict or town.")] = "",
    grid_cell: Annotated[str, typer.Option(help="Grid cell.")] = "",
    business: Annotated[str, typer.Option(help="Business name (catering, commercial).")] = "",
    credit_code: Annotated[str, typer.Option(help="Credit code (catering, commercial).")] = "",
) -> None:
    """Register one user under real name."""
    user = _user_message({"user_type": user_type, "enterprise_id": enterprise, "name": name,
                          "phone": phone, "address": address, "district": district,
                          "resident_id": resident_id, "subdistrict": subdistrict,
                          "grid_cell": grid_cell, "business_name": business,
                          "credit_code": credit_code}, "--type")
    response = call(ctx, _stub(ctx).RegisterUser,
                    pb.RegisterUserRequest(request_id=_request_id(ctx), user=user))
    render_record(_user_record(response.user), title="User", output=state(ctx).output)


@user_app.command("import")
def user_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="CSV with user_type, enterprise_id, name, "
                                              "phone, address, district and the rest.")],
) -> None:
    """Register users from a CSV file; identities already registered are skipped."""
    rows = read_rows(path, USER_COLUMNS)
    users = [_user_message(row, f"row {i + 2}") for i, row in enumerate(rows)]
    request_id = _request_id(ctx)

    def requests() -> Iterator[pb.ImportUsersRequest]:
        for part in with_progress(chunks(users, USER_CHUNK), len(users), "users", len):
            yield pb.ImportUsersRequest(request_id=request_id, users=part)

    connection = state(ctx).connection
    with reporting_failures():
        response = _stub(ctx).ImportUsers(requests(), timeout=connection.timeout,
                                          metadata=connection.metadata())
    render_record({"registered": response.registered,
                   "duplicates": len(response.duplicate_rows),
                   "duplicate_lines": " ".join(str(r + 2) for r in response.duplicate_rows)},
                  title="Import", output=state(ctx).output)


@user_app.command("show")
def user_show(ctx: typer.Context, user_id: Annotated[int, typer.Argument()]) -> None:
    """One user (masked) and the cylinders they hold."""
    response = call(ctx, _stub(ctx).GetUser, pb.GetUserRequest(user_id=user_id))
    render_record(_user_record(response.user), title="User", output=state(ctx).output)


@user_app.command("list")
def user_list(
    ctx: typer.Context,
    district: Annotated[str, typer.Option(help="Only this district.")] = "",
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Page size.")] = 100,
    after: Annotated[int, typer.Option(help="Last user id of the previous page.")] = 0,
) -> None:
    """Users you may see, in order of registration."""
    response = call(ctx, _stub(ctx).ListUsers, pb.ListUsersRequest(
        district=district, page_size=limit, after_user_id=after))
    render([_user_record(u) for u in response.users], title="Users", output=state(ctx).output)


@user_app.command("review")
def user_review(
    ctx: typer.Context,
    user_id: Annotated[int, typer.Argument()],
    reject: Annotated[bool, typer.Option(help="Reject instead of approving.")] = False,
) -> None:
    """Mark a registration reviewed (or rejected)."""
    status = pb.REVIEW_STATUS_REJECTED if reject else pb.REVIEW_STATUS_REVIEWED
    response = call(ctx, _stub(ctx).ReviewUser, pb.ReviewUserRequest(
        request_id=_request_id(ctx), user_id=user_id, review_status=status))
    render_record(_user_record(response.user), title="User", output=state(ctx).output)


@user_app.command("verify-safety")
def user_verify_safety(
    ctx: typer.Context,
    user_id: Annotated[int, typer.Argument()],
    revoke: Annotated[bool, typer.Option(help="Withdraw the verification.")] = False,
) -> None:
    """Record that a catering or commercial site's safe-use conditions were verified."""
    response = call(ctx, _stub(ctx).VerifyUserSafety, pb.VerifyUserSafetyRequest(
        request_id=_request_id(ctx), user_id=user_id, verified=not revoke))
    render_record(_user_record(response.user), title="User", output=state(ctx).output)


# ---- cylinders -----------------------------------------------------------------------------


@cylinder_app.command("add")
def cylinder_add(
    ctx: typer.Context,
    trace_code: Annotated[str, typer.Argument(help="Trace code (electronic mark).")],
    owner: Annotated[str, typer.Option(help="Owner enterprise id.")],
    station: Annotated[str, typer.Option(help="Station where it is kept.")],
    model: Annotated[str, typer.Option(help="YSP4.7, YSP12, YSP26.2, YSP35.5, YSP118.")],
    made: Annotated[str, typer.Option(help="Manufacture date, YYYY-MM-DD.")],
    tare_g: Annotated[int, typer.Option(help="Stamped tare mass, grams.")],
    standard: Annotated[str, typer.Option(help="GB 5842 edition: 2006 or 2023.")] = "2006",
    phase: Annotated[str, typer.Option(help="gas, liquid or two_phase_legacy.")] = "gas",
    design_life: Annotated[int, typer.Option(help="Stamped design life (2023 edition).")] = 0,
    serial: Annotated[str, typer.Option(help="Serial number.")] = "",
    last_inspection: Annotated[str, typer.Option(help="Last periodic inspection date.")] = "",
    inspection_failed: Annotated[bool, typer.Option(help="The last inspection failed.")] = False,
) -> None:
    """Register one cylinder."""
    cylinder = pb.Cylinder(
        trace_code=trace_code, serial=serial, model=model, owner_enterprise_id=owner,
        standard_version=_standard(standard, "--standard"),
        phase_type=_enum(pb.PhaseType, "PHASE_TYPE_", phase, "--phase"),
        manufacture_date=_date(made, "--made"), design_life_years=design_life, tare_g=tare_g,
        last_inspection_passed=bool(last_inspection) and not inspection_failed)
    if last_inspection:
        cylinder.last_inspection_date.CopyFrom(_date(last_inspection, "--last-inspection"))
    response = call(ctx, _stub(ctx).RegisterCylinder, pb.RegisterCylinderRequest(
        request_id=_request_id(ctx), cylinder=cylinder, station_id=station))
    render_record(_cylinder_record(response.cylinder), title="Cylinder",
                  output=state(ctx).output)


def _day(text: str, what: str) -> int:
    value = _date(text, what)
    return (dt.date(value.year, value.month, value.day) - EPOCH).days


def _int(text: str, what: str) -> int:
    try:
        return int(text or 0)
    except ValueError:
        raise typer.BadParameter(f"{what}: expected a whole number, got {text!r}") from None


def _cylinder_chunk(rows: Sequence[dict[str, str]], offset: int, request_id: str, owner: str,
                    station: str) -> pb.ImportCylindersRequest:
    """One columnar chunk; dates as day numbers, numbers as packed fields."""
    chunk = pb.ImportCylindersRequest(request_id=request_id, owner_enterprise_id=owner,
                                      station_id=station)
    for i, row in enumerate(rows, start=offset + 2):
        where = f"line {i}"
        chunk.trace_codes.append(row["trace_code"])
        chunk.serials.append(row.get("serial", ""))
        chunk.models.append(row["model"])
        chunk.standard_versions.append(_standard(row["standard"], f"{where} standard"))
        chunk.phase_types.append(_enum(pb.PhaseType, "PHASE_TYPE_", row.get("phase") or "gas",
                                       f"{where} phase"))
        chunk.manufacture_days.append(_day(row["manufacture_date"], f"{where} manufacture_date"))
        chunk.design_life_years.append(_int(row.get("design_life_years", ""),
                                            f"{where} design_life_years"))
        chunk.tare_g.append(_int(row["tare_g"], f"{where} tare_g"))
        last = row.get("last_inspection_date", "")
        chunk.last_inspection_days.append(_day(last, f"{where} last_inspection_date")
                                          if last else 0)
        chunk.last_inspection_passed.append(
            bool(last) and row.get("last_inspection_passed", "yes").lower()
            in ("yes", "true", "1", "pass", "passed"))
    return chunk


@cylinder_app.command("import")
def cylinder_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="CSV with trace_code, model, standard, "
                                              "manufacture_date, tare_g and the rest.")],
    owner: Annotated[str, typer.Option(help="Owner enterprise id.")],
    station: Annotated[str, typer.Option(help="Station where they are kept.")],
) -> None:
    """Register cylinders from a CSV file, streamed in chunks."""
    rows = read_rows(path, CYLINDER_COLUMNS)
    request_id = _request_id(ctx)
    parts = [_cylinder_chunk(part, start, request_id, owner, station)
             for start, part in zip(range(0, len(rows), CYLINDER_CHUNK),
                                    chunks(rows, CYLINDER_CHUNK), strict=True)]
    connection = state(ctx).connection
    with reporting_failures():
        response = _stub(ctx).ImportCylinders(
            iter(with_progress(parts, len(rows), "cylinders", lambda p: len(p.trace_codes))),
            timeout=connection.timeout, metadata=connection.metadata())
    render_record({"registered": response.registered}, title="Import",
                  output=state(ctx).output)


@cylinder_app.command("show")
def cylinder_show(ctx: typer.Context, trace_code: Annotated[str, typer.Argument()]) -> None:
    """A cylinder's compliance dates, where it is, and its history."""
    response = call(ctx, _stub(ctx).GetCylinder, pb.GetCylinderRequest(trace_code=trace_code))
    render_record(_cylinder_record(response.cylinder), title="Cylinder",
                  output=state(ctx).output)
    render([{"date": _iso(h.date), "event": h.event, "detail": h.detail}
            for h in response.history], columns=["date", "event", "detail"], title="History",
           output=state(ctx).output)


@cylinder_app.command("inspect")
def cylinder_inspect(
    ctx: typer.Context,
    trace_code: Annotated[str, typer.Argument()],
    on: Annotated[str, typer.Option(help="Inspection date, YYYY-MM-DD.")],
    failed: Annotated[bool, typer.Option(help="The inspection failed (scraps it).")] = False,
) -> None:
    """Record a periodic inspection."""
    response = call(ctx, _stub(ctx).RecordCylinderInspection,
                    pb.RecordCylinderInspectionRequest(
                        request_id=_request_id(ctx), trace_code=trace_code,
                        inspected_on=_date(on, "--on"), passed=not failed))
    render_record(_cylinder_record(response.cylinder), title="Cylinder",
                  output=state(ctx).output)


@cylinder_app.command("scrap")
def cylinder_scrap(
    ctx: typer.Context,
    trace_code: Annotated[str, typer.Argument()],
    lost: Annotated[bool, typer.Option(help="Report it lost rather than scrapped.")] = False,
) -> None:
    """Scrap a cylinder (its trace code is never reused)."""
    response = call(ctx, _stub(ctx).ScrapCylinder, pb.ScrapCylinderRequest(
        request_id=_request_id(ctx), trace_code=trace_code, lost=lost))
    render_record(_cylinder_record(response.cylinder), title="Cylinder",
                  output=state(ctx).output)


# ---- fills, deliveries, sweeps, reports ----------------------------------------------------


@app.command("fill")
def fill(
    ctx: typer.Context,
    trace_code: Annotated[str, typer.Argument()],
    enterprise: Annotated[str, typer.Option(help="Filling enterprise id.")],
    station: Annotated[str, typer.Option(help="Station id.")],
    filler: Annotated[str, typer.Option(help="Filler's staff id.")],
    rechecker: Annotated[str, typer.Option(help="Re-checker's staff id.")],
    empty_g: Annotated[int, typer.Option(help="Gross mass before filling, grams.")],
    full_g: Annotated[int, typer.Option(help="Gross mass after filling, grams.")],
    reweigh_g: Annotated[int, typer.Option(help="Re-weighed gross mass, grams.")] = 0,
    pre_check_failed: Annotated[bool, typer.Option(help="The pre-fill check failed.")] = False,
    post_check_failed: Annotated[bool, typer.Option(help="The post-fill check failed.")] = False,
) -> None:
    """Record a fill; a refusal lists every failed rule."""
    response = call(ctx, _stub(ctx).RecordFill, pb.RecordFillRequest(
        request_id=_request_id(ctx), enterprise_id=enterprise, station_id=station,
        trace_code=trace_code, filler_staff_id=filler, rechecker_staff_id=rechecker,
        pre_check_passed=not pre_check_failed, post_check_passed=not post_check_failed,
        empty_gross_g=empty_g, full_gross_g=full_g, reweigh_gross_g=reweigh_g))
    render_record({"fill_id": response.fill_id, "content_g": response.content_g,
                   "residual_g": response.residual_g, "flags": " ".join(response.flags)},
                  title="Fill", output=state(ctx).output)


def _plan(enterprise: str, user_id: int, staff: str, vehicle: str, out: list[str] | None,
          back: list[str] | None) -> pb.DeliveryPlan:
    return pb.DeliveryPlan(enterprise_id=enterprise, user_id=user_id, staff_id=staff,
                           vehicle_plate=vehicle, cylinders_out=out or [],
                           empties_back=back or [])


EnterpriseOpt = Annotated[str, typer.Option(help="Delivering enterprise id.")]
UserOpt = Annotated[int, typer.Option("--user", help="User id.")]
StaffOpt = Annotated[str, typer.Option(help="Delivery worker's staff id.")]
VehicleOpt = Annotated[str, typer.Option(help="Vehicle plate.")]
OutOpt = Annotated[list[str] | None, typer.Option("--out", help="Full cylinder handed over.")]
BackOpt = Annotated[list[str] | None, typer.Option("--back", help="Empty cylinder taken back.")]


@app.command("deliver")
def deliver(ctx: typer.Context, enterprise: EnterpriseOpt, user_id: UserOpt, staff: StaffOpt,
            vehicle: VehicleOpt, out: OutOpt = None, back: BackOpt = None) -> None:
    """Record a real-name delivery: full cylinders out, empties back."""
    response = call(ctx, _stub(ctx).RecordDelivery, pb.RecordDeliveryRequest(
        request_id=_request_id(ctx), plan=_plan(enterprise, user_id, staff, vehicle, out, back)))
    render_record({"delivery_id": response.delivery_id, "connected": response.connected,
                   "user_holds": " ".join(response.held_cylinders)}, title="Delivery",
                  output=state(ctx).output)


@app.command("check-delivery")
def check_delivery(ctx: typer.Context, enterprise: EnterpriseOpt, user_id: UserOpt,
                   staff: StaffOpt, vehicle: VehicleOpt, out: OutOpt = None,
                   back: BackOpt = None) -> None:
    """Check a delivery before making it: every rule that would refuse it."""
    response = call(ctx, _stub(ctx).CheckDelivery, pb.CheckDeliveryRequest(
        plan=_plan(enterprise, user_id, staff, vehicle, out, back)))
    render([{"code": r.code, "subject": r.subject, "description": r.description}
            for r in response.refusals], columns=["code", "subject", "description"],
           title="allowed" if response.allowed else "refused", output=state(ctx).output)
    if not response.allowed:
        raise typer.Exit(5)


def _counts(rows: Sequence[pb.StatusCount], key: str) -> list[dict[str, Any]]:
    return [{key: c.key, "ok": c.ok, "due_soon": c.due_soon,
             "inspection_overdue": c.inspection_overdue,
             "past_service_life": c.past_service_life} for c in rows]


def _show_sweep(ctx: typer.Context, result: pb.Sweep) -> None:
    output = state(ctx).output
    render_record({"sweep_id": result.sweep_id, "swept_on": _iso(result.swept_on),
                   "cylinders": result.cylinders, "policy": result.policy_version,
                   "input_digest": result.input_digest, "result_digest": result.result_digest},
                  title="Sweep", output=output)
    render(_counts(result.by_enterprise, "enterprise"), title="By enterprise", output=output)
    render(_counts(result.by_district, "district"), title="By district", output=output)


@app.command("sweep")
def sweep(ctx: typer.Context) -> None:
    """Sweep every cylinder: due within 30 days, overdue, past service life."""
    _show_sweep(ctx, call(ctx, _stub(ctx).RunSweep,
                          pb.RunSweepRequest(request_id=_request_id(ctx))).sweep)


@app.command("sweep-show")
def sweep_show(ctx: typer.Context, sweep_id: Annotated[int, typer.Argument(
        help="Sweep id; the latest when left out.")] = 0) -> None:
    """A stored sweep: your enterprise's or district's part of it."""
    _show_sweep(ctx, call(ctx, _stub(ctx).GetSweep, pb.GetSweepRequest(sweep_id=sweep_id)).sweep)


@app.command("due")
def due(
    ctx: typer.Context,
    enterprise: Annotated[str, typer.Option(help="Enterprise id.")],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many.")] = 100,
) -> None:
    """Cylinders due within 30 days, overdue or past their life, soonest first."""
    response = call(ctx, _stub(ctx).ListDueCylinders, pb.ListDueCylindersRequest(
        enterprise_id=enterprise, page_size=limit))
    render([{"trace_code": c.trace_code,
             "compliance": _label(pb.ComplianceStatus, "COMPLIANCE_STATUS_", c.compliance),
             "due": _iso(c.due), "days_left": c.days_left,
             "where": f"{_label(pb.LocationKind, 'LOCATION_KIND_', c.location_kind)} "
                      f"{c.location_id}"} for c in response.cylinders],
           columns=["trace_code", "compliance", "due", "days_left", "where"],
           title=f"{len(response.cylinders)} of {response.total} cylinders to act on",
           output=state(ctx).output)


@app.command("replay")
def replay(ctx: typer.Context, sweep_id: Annotated[int, typer.Argument()]) -> None:
    """Recompute a stored sweep from its stored inputs; exit 1 if anything differs."""
    response = call(ctx, _stub(ctx).ReplaySweep, pb.ReplaySweepRequest(sweep_id=sweep_id))
    render_record({"matches": response.matches, "stored": response.stored_result_digest,
                   "replayed": response.replayed_result_digest,
                   "differences": " ".join(response.differences)}, title="Replay",
                  output=state(ctx).output)
    if not response.matches:
        raise typer.Exit(1)


@app.command("refusals")
def refusals(ctx: typer.Context) -> None:
    """Refused fills and deliveries, by reason."""
    response = call(ctx, _stub(ctx).GetRefusalReport, pb.GetRefusalReportRequest())
    render([{"kind": _label(pb.RecordKind, "RECORD_KIND_", c.kind), "reason": c.code,
             "count": c.count} for c in response.counts], columns=["kind", "reason", "count"],
           title="Refusals", output=state(ctx).output)


@campaign_app.command("set")
def campaign_set(
    ctx: typer.Context,
    district: Annotated[str, typer.Argument(help="District code.")],
    surveyed: Annotated[int, typer.Option(min=0, help="Surveyed estimate of users.")],
    deadline: Annotated[str, typer.Option(help="Registration deadline, YYYY-MM-DD.")
                        ] = "2018-09-21",
) -> None:
    """Set a district's surveyed estimate and deadline."""
    call(ctx, _stub(ctx).SetCampaign, pb.SetCampaignRequest(
        request_id=_request_id(ctx), district=district, surveyed_estimate=surveyed,
        deadline=_date(deadline, "--deadline")))
    campaign_show(ctx)


@campaign_app.command("show")
def campaign_show(ctx: typer.Context) -> None:
    """Registration progress per district against the campaign."""
    response = call(ctx, _stub(ctx).GetCampaignProgress, pb.GetCampaignProgressRequest())
    render([{"district": p.district, "surveyed": p.surveyed_estimate,
             "deadline": _iso(p.deadline), "by_deadline": p.registered_by_deadline,
             "after": p.registered_after_deadline, "reviewed": p.reviewed,
             "progress_%": f"{p.progress_permille / 10:.1f}"} for p in response.districts],
           title="Registration campaign", output=state(ctx).output)
