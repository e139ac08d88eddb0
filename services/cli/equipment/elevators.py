"""``cityscore equipment elevator ...``: the elevator register, effective-dated: a district's
elevators imported from a file (all or nothing; the same file again stores nothing twice) and
exported as a file the import reads back, listed, shown, and their periodic inspections
recorded one at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.services.cli.common import (
    enum_label,
    optional_date,
    parse_date,
    proto_date,
    request_id,
    show_date,
)
from cityscore.services.cli.context import PageToken, call, every_page, next_page, state, stderr
from cityscore.services.cli.csv_io import chunks, with_progress
from cityscore.services.cli.equipment.shared import (
    MAX_PAGE,
    District,
    ImportFilePath,
    PageSize,
    stub,
)
from cityscore.services.cli.imports import call_rows
from cityscore.services.cli.output import OutputFormat, render, render_record
from cityscore.services.cli.templates import Column, ImportKind
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb

elevator_app = typer.Typer(no_args_is_help=True, help="The elevator register.")

#: Elevators per message of the import's stream (one request, all or nothing).
ELEVATOR_CHUNK = 5_000

ELEVATORS = ImportKind("elevators", "A district's elevators", (
    Column.text("registration_code", "Use-registration code (使用登记证编号), unique in the city",
                "31103101002018000001"),
    Column.enum("location_category", "Where it is used (rail transit to hotel are public "
                "places)", "residential", pb.LocationCategory, "LOCATION_CATEGORY_",
                aliases={"轨道交通": "rail_transit", "商场": "mall", "医院": "hospital",
                         "学校": "school", "宾馆": "hotel", "酒店": "hotel",
                         "住宅": "residential", "其他": "other"}),
    Column.text("address", "Where it stands", "浦东新区世纪大道1号", required=False),
    Column.date("in_use_date", "Put into use on", "2003-05-01"),
    Column.text("maintenance_company_id", "Maintenance company (cityscore equipment company)",
                "C1", required=False),
    Column.flag("remote_monitoring", "Remote monitoring or a smart safety device connected "
                "to the platform (blank: no)", "1"),
    Column.flag("liability_insurance", "Public liability insurance (blank: no)", "1"),
    Column.flag("geolocation", "Geolocation recorded (blank: no)", "0"),
    Column.date("assessed_on", "The 15-year safety assessment's date", "2019-06-01",
                required=False),
    Column.enum("assessment_result", "The 15-year safety assessment's result", "hazardous",
                pb.AssessmentResult, "ASSESSMENT_RESULT_",
                aliases={"安全": "safe", "存在隐患": "hazardous", "隐患": "hazardous"},
                required=False),
    Column.date("renovated_on", "The hazardous elevator renovated (repaired, renovated or "
                "replaced) on", "2020-08-01", required=False),
    Column.date("last_inspection_date", "Last periodic inspection", "2020-09-01",
                required=False),
    Column.flag("last_inspection_failed", "The last periodic inspection failed (blank: no)",
                "0"),
), notes="One row per elevator of the district given with --district. A code already "
         "registered is amended (give --reason) from --effective-from (default: today), its "
         "earlier version kept; a code of another district is refused.\n"
         "The register's export (cityscore equipment elevator export) is a file of this kind.")



def _elevator(values: dict[str, Any]) -> pb.Elevator:
    """One row of an elevators file, read by :data:`ELEVATORS`."""
    message = pb.Elevator(
        registration_code=values["registration_code"],
        location_category=values["location_category"], address=values["address"] or "",
        in_use_date=proto_date(values["in_use_date"]),
        maintenance_company_id=values["maintenance_company_id"] or "",
        remote_monitoring=bool(values["remote_monitoring"]),
        liability_insurance=bool(values["liability_insurance"]),
        geolocation=bool(values["geolocation"]),
        assessment_result=values["assessment_result"],
        last_inspection_failed=bool(values["last_inspection_failed"]))
    for name in ("assessed_on", "renovated_on", "last_inspection_date"):
        if values[name] is not None:
            getattr(message, name).CopyFrom(proto_date(values[name]))
    return message


def _elevator_cells(e: pb.Elevator) -> dict[str, Any]:
    """An elevator as a row of an elevators file (what the import reads back)."""
    return {"registration_code": e.registration_code,
            "location_category": enum_label(pb.LocationCategory, "LOCATION_CATEGORY_",
                                            e.location_category),
            "address": e.address, "in_use_date": show_date(e.in_use_date),
            "maintenance_company_id": e.maintenance_company_id,
            "remote_monitoring": e.remote_monitoring,
            "liability_insurance": e.liability_insurance, "geolocation": e.geolocation,
            "assessed_on": show_date(e.assessed_on),
            "assessment_result": enum_label(pb.AssessmentResult, "ASSESSMENT_RESULT_",
                                            e.assessment_result)
            if e.assessment_result else "",
            "renovated_on": show_date(e.renovated_on),
            "last_inspection_date": show_date(e.last_inspection_date),
            "last_inspection_failed": e.last_inspection_failed}


def _elevator_record(e: pb.Elevator) -> dict[str, Any]:
    return {**_elevator_cells(e), "district": e.district,
            "next_inspection": show_date(e.next_inspection),
            "inspection": enum_label(pb.InspectionStatus, "INSPECTION_STATUS_",
                                     e.inspection_status), "version": e.version}


@elevator_app.command("import", epilog=ELEVATORS.epilog("equipment"))
def elevator_import(
    ctx: typer.Context, path: ImportFilePath,
    district: Annotated[str, typer.Option(help="The district every row belongs to.")],
    reason: Annotated[str, typer.Option(
        help="Why registered elevators are amended (required when any is).")] = "",
    effective_from: Annotated[str, typer.Option(
        help="The day the rows hold from, YYYY-MM-DD (default: today; a new elevator "
             "without it is registered as it has always stood). Earlier versions are "
             "kept.")] = "",
) -> None:
    """Register or amend a district's elevators, streamed in chunks, all or nothing.

    Every row is checked first and each problem named by its file line and column; running
    the same file again is a retry that stores nothing twice (the request id comes from the
    file's content and --effective-from, or --request-id).
    """
    read = ELEVATORS.read(path)
    elevators = [_elevator(row.values) for row in read.rows]
    rid = read.request_id(ctx, f"{district}@{effective_from}" if effective_from
                          else district)
    since = optional_date(effective_from, "--effective-from")
    parts = [pb.ImportElevatorsRequest(request_id=rid, district=district, reason=reason,
                                       elevators=part, effective_from=since)
             for part in chunks(elevators, ELEVATOR_CHUNK)]
    response = call_rows(ctx, stub(ctx).ImportElevators, iter(with_progress(
        parts, len(elevators), "elevators", lambda p: len(p.elevators))),
        "elevators", read.lines, ELEVATORS.fields)
    render_record({"registered": response.registered, "amended": response.amended,
                   "unchanged": response.unchanged}, title="Import",
                  output=state(ctx).output)


def _all_elevators(ctx: typer.Context, district: str) -> list[pb.Elevator]:
    return list(every_page(ctx, stub(ctx).ListElevators, pb.ListElevatorsRequest(
        district=district, page_size=MAX_PAGE), "elevators"))


@elevator_app.command("export")
def elevator_export(
    ctx: typer.Context,
    district: Annotated[str, typer.Option(help="The district whose register is exported.")],
    out: Annotated[Path | None, typer.Option(
        "--out", dir_okay=False, help="CSV or .xlsx file (default: CSV on standard output); "
                                      "--bom for Excel.")] = None,
) -> None:
    """A district's register as an elevators file: edit it and import it back.

    Without --out the file goes to standard output as CSV (with -o json: the rows as one JSON
    document); with it, -o json prints where it went and how many elevators it holds."""
    elevators = _all_elevators(ctx, district)
    output = state(ctx).output
    if out is None and output is OutputFormat.JSON:
        render([_elevator_cells(e) for e in elevators], output=output, key="elevators")
        return
    ELEVATORS.export(out, [{k: ("yes" if v else "no") if isinstance(v, bool) else v
                            for k, v in _elevator_cells(e).items()} for e in elevators])
    if out is None:
        return
    if output is OutputFormat.JSON:
        render_record({"file": str(out), "elevators": len(elevators)}, output=output)
    else:
        stderr.print(f"wrote {len(elevators)} elevators to {out}", highlight=False)


@elevator_app.command("list")
def elevator_list(ctx: typer.Context, district: District = "", page_size: PageSize = 100,
                  page_token: PageToken = "") -> None:
    """A page of the register, in registration-code order."""
    response = call(ctx, stub(ctx).ListElevators, pb.ListElevatorsRequest(
        district=district, page_size=page_size, page_token=page_token))
    render([_elevator_record(e) for e in response.elevators], title="Elevators",
           output=state(ctx).output, key="elevators")
    next_page(ctx, response.next_page_token)


@elevator_app.command("show")
def elevator_show(ctx: typer.Context, code: Annotated[str, typer.Argument()]) -> None:
    """One elevator with its next periodic inspection."""
    response = call(ctx, stub(ctx).GetElevator, pb.GetElevatorRequest(registration_code=code))
    render_record(_elevator_record(response.elevator), title="Elevator",
                  output=state(ctx).output)


@elevator_app.command("inspect")
def elevator_inspect(
    ctx: typer.Context, code: Annotated[str, typer.Argument()],
    on: Annotated[str, typer.Option(help="Inspection date, YYYY-MM-DD.")],
    failed: Annotated[bool, typer.Option(help="The inspection failed.")] = False,
) -> None:
    """Record a periodic inspection."""
    response = call(ctx, stub(ctx).RecordInspection, pb.RecordInspectionRequest(
        request_id=request_id(ctx), registration_code=code, inspected_on=parse_date(on, "--on"),
        passed=not failed))
    render_record(_elevator_record(response.elevator), title="Elevator",
                  output=state(ctx).output)

