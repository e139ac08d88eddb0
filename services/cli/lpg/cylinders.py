"""``cityscore lpg cylinder``: registered cylinders, their inspections and scrapping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.cli.common import (
    enum_label,
    optional_date,
    parse_date,
    parse_enum,
    request_id,
    show_date,
)
from cityscore.services.cli.context import call, state
from cityscore.services.cli.csv_io import chunks, with_progress
from cityscore.services.cli.imports import call_rows, file_request_id
from cityscore.services.cli.lpg.shared import FileOpt, app, stub
from cityscore.services.cli.output import render, render_record
from cityscore.services.cli.templates import Column, ImportKind, add_template_command

cylinder_app = typer.Typer(no_args_is_help=True, help="Registered cylinders.")

CYLINDER_CHUNK = 5_000
EPOCH = dt.date(1970, 1, 1)
#: The GB 5842 editions by what a clerk writes; ``legacy``: made before 2007-02-01.
STANDARDS = {"2006": pb.STANDARD_VERSION_GB5842_2006, "2023": pb.STANDARD_VERSION_GB5842_2023,
             "legacy": pb.STANDARD_VERSION_LEGACY}

CYLINDERS = ImportKind("cylinders", "Cylinders of one owner and station", (
    Column.text("trace_code", "Trace code (electronic mark), never reused", "C-0002"),
    Column.text("serial", "Serial number", "S2", required=False),
    Column.text("model", "Model: YSP4.7, YSP12, YSP26.2, YSP35.5 or YSP118", "YSP35.5"),
    Column.choice("standard", "GB 5842 edition; legacy if made before 2007-02-01", "2006",
                  tuple(STANDARDS)),
    Column.enum("phase", "Gas or liquid phase (blank: gas)", "gas", pb.PhaseType,
                "PHASE_TYPE_", required=False),
    Column.date("manufacture_date", "Manufacture date as stamped", "2017-06-01"),
    Column.whole("design_life_years", "Stamped design life (2023 edition; 0 or blank for "
                 "the others)", "0",
                 unit="years", required=False),
    Column.whole("tare_g", "Stamped tare mass", "16400", unit="g"),
    Column.date("last_inspection_date", "Last periodic inspection", "", required=False),
    Column.flag("last_inspection_passed", "The last inspection passed (blank: yes)", ""),
    Column.flag("standard_mismatch_confirmed", "Register although the standard does not fit "
                "the manufacture date (recorded)", ""),
), fields={"trace_codes": "trace_code", "manufacture_days": "manufacture_date",
           "last_inspection_days": "last_inspection_date", "standard_version": "standard",
           "phase_type": "phase"})
add_template_command(app, CYLINDERS)


def _standard(text: str, what: str) -> Any:
    """``2006`` or ``2023`` (GB 5842 edition), or ``legacy`` (made before 2007-02-01)."""
    word = text.strip().lower()
    if word not in STANDARDS:
        raise typer.BadParameter(f"{text!r} is not one of {', '.join(STANDARDS)}",
                                 param_hint=what)
    return STANDARDS[word]


def _cylinder_record(c: pb.Cylinder) -> dict[str, Any]:
    return {"trace_code": c.trace_code, "model": c.model, "owner": c.owner_enterprise_id,
            "status": enum_label(pb.CylinderStatus, "CYLINDER_STATUS_", c.status),
            "where": f"{enum_label(pb.LocationKind, 'LOCATION_KIND_', c.location_kind)} "
                     f"{c.location_id}", "filled": c.filled,
            "compliance": enum_label(pb.ComplianceStatus, "COMPLIANCE_STATUS_", c.compliance),
            "made": show_date(c.manufacture_date),
            "last_inspection": show_date(c.last_inspection_date)
            if c.HasField("last_inspection_date") else "",
            "next_inspection": show_date(c.next_inspection),
            "service_limit": show_date(c.service_limit)}


@cylinder_app.command("add")
def cylinder_add(
    ctx: typer.Context,
    trace_code: Annotated[str, typer.Argument(help="Trace code (electronic mark).")],
    owner: Annotated[str, typer.Option(help="Owner enterprise id.")],
    station: Annotated[str, typer.Option(help="Station where it is kept.")],
    model: Annotated[str, typer.Option(help="YSP4.7, YSP12, YSP26.2, YSP35.5, YSP118.")],
    made: Annotated[str, typer.Option(help="Manufacture date, YYYY-MM-DD.")],
    tare_g: Annotated[int, typer.Option(help="Stamped tare mass, grams.")],
    standard: Annotated[str, typer.Option(
        help="GB 5842 edition: 2006 or 2023; legacy if made before 2007-02-01.")] = "2006",
    phase: Annotated[str, typer.Option(help="gas, liquid or two_phase_legacy.")] = "gas",
    design_life: Annotated[int, typer.Option(help="Stamped design life (2023 edition).")] = 0,
    serial: Annotated[str, typer.Option(help="Serial number.")] = "",
    last_inspection: Annotated[str, typer.Option(help="Last periodic inspection date.")] = "",
    inspection_failed: Annotated[bool, typer.Option(help="The last inspection failed.")] = False,
    confirm_standard_mismatch: Annotated[bool, typer.Option(
        help="Register although the standard does not fit the manufacture date (recorded).")
    ] = False,
) -> None:
    """Register one cylinder."""
    cylinder = pb.Cylinder(
        trace_code=trace_code, serial=serial, model=model, owner_enterprise_id=owner,
        standard_version=_standard(standard, "--standard"),
        phase_type=parse_enum(pb.PhaseType, "PHASE_TYPE_", phase, "--phase"),
        manufacture_date=parse_date(made, "--made"), design_life_years=design_life, tare_g=tare_g,
        last_inspection_date=optional_date(last_inspection, "--last-inspection"),
        last_inspection_passed=bool(last_inspection) and not inspection_failed,
        standard_mismatch_confirmed=confirm_standard_mismatch)
    response = call(ctx, stub(ctx).RegisterCylinder, pb.RegisterCylinderRequest(
        request_id=request_id(ctx), cylinder=cylinder, station_id=station))
    render_record(_cylinder_record(response.cylinder), title="Cylinder",
                  output=state(ctx).output)


def _day(day: dt.date | None) -> int:
    return (day - EPOCH).days if day is not None else 0


def _cylinder_chunk(rows: Sequence[dict[str, Any]], rid: str, owner: str,
                    station: str) -> pb.ImportCylindersRequest:
    """One columnar chunk of :data:`CYLINDERS` rows; dates as day numbers."""
    chunk = pb.ImportCylindersRequest(request_id=rid, owner_enterprise_id=owner,
                                      station_id=station)
    for row in rows:
        last = row["last_inspection_date"]
        chunk.trace_codes.append(row["trace_code"])
        chunk.serials.append(row["serial"] or "")
        chunk.models.append(row["model"])
        chunk.standard_versions.append(STANDARDS[row["standard"]])
        chunk.phase_types.append(row["phase"] or pb.PHASE_TYPE_GAS)
        chunk.manufacture_days.append(_day(row["manufacture_date"]))
        chunk.design_life_years.append(row["design_life_years"] or 0)
        chunk.tare_g.append(row["tare_g"])
        chunk.last_inspection_days.append(_day(last))
        chunk.last_inspection_passed.append(
            last is not None and row["last_inspection_passed"] is not False)
        chunk.standard_mismatch_confirmed.append(bool(row["standard_mismatch_confirmed"]))
    return chunk


@cylinder_app.command("import", epilog=CYLINDERS.epilog("lpg"))
def cylinder_import(
    ctx: typer.Context,
    file: FileOpt,
    owner: Annotated[str, typer.Option(help="Owner enterprise id.")],
    station: Annotated[str, typer.Option(help="Station where they are kept.")],
) -> None:
    """Register cylinders from a file, streamed in chunks as one request: all or nothing, and
    the same file sent again is a retry that registers nothing twice."""
    read = CYLINDERS.read(file)
    # The owner and station are part of the request: the same file for another station is
    # another import (folded into the digest, so long ids keep the id short).
    rid = file_request_id(ctx, CYLINDERS.name, "import",
                          read.data + f"\0{owner}\0{station}".encode())
    parts = [_cylinder_chunk(part, rid, owner, station)
             for part in chunks([row.values for row in read.rows], CYLINDER_CHUNK)]
    response = call_rows(ctx, stub(ctx).ImportCylinders, iter(
        with_progress(parts, len(read.rows), "cylinders", lambda p: len(p.trace_codes))),
        "rows", read.lines, CYLINDERS.fields)
    render_record({"registered": response.registered}, title="Import",
                  output=state(ctx).output)


@cylinder_app.command("show")
def cylinder_show(ctx: typer.Context, trace_code: Annotated[str, typer.Argument()]) -> None:
    """A cylinder's compliance dates, where it is, and its history."""
    response = call(ctx, stub(ctx).GetCylinder, pb.GetCylinderRequest(trace_code=trace_code))
    render_record(_cylinder_record(response.cylinder), title="Cylinder",
                  output=state(ctx).output, key="cylinder")
    render([{"date": show_date(h.date), "event": h.event, "detail": h.detail}
            for h in response.history], columns=["date", "event", "detail"], title="History",
           output=state(ctx).output, key="history")


@cylinder_app.command("inspect")
def cylinder_inspect(
    ctx: typer.Context,
    trace_code: Annotated[str, typer.Argument()],
    on: Annotated[str, typer.Option(help="Inspection date, YYYY-MM-DD.")],
    failed: Annotated[bool, typer.Option(help="The inspection failed (scraps it).")] = False,
) -> None:
    """Record a periodic inspection."""
    response = call(ctx, stub(ctx).RecordCylinderInspection,
                    pb.RecordCylinderInspectionRequest(
                        request_id=request_id(ctx), trace_code=trace_code,
                        inspected_on=parse_date(on, "--on"), passed=not failed))
    render_record(_cylinder_record(response.cylinder), title="Cylinder",
                  output=state(ctx).output)


@cylinder_app.command("scrap")
def cylinder_scrap(
    ctx: typer.Context,
    trace_code: Annotated[str, typer.Argument()],
    lost: Annotated[bool, typer.Option(help="Report it lost rather than scrapped.")] = False,
) -> None:
    """Scrap a cylinder (its trace code is never reused)."""
    response = call(ctx, stub(ctx).ScrapCylinder, pb.ScrapCylinderRequest(
        request_id=request_id(ctx), trace_code=trace_code, lost=lost))
    render_record(_cylinder_record(response.cylinder), title="Cylinder",
                  output=state(ctx).output)
