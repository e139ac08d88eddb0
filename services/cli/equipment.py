"""``cityscore equipment ...``: the city's elevator register and special-equipment safety
targets, for district offices and the city market-supervision bureau.

Import a district's elevators from CSV or .xlsx (all or nothing; the same file again stores
nothing twice) and export them as a file the import reads back, report the plan's 2020 targets
for a district or the city and their trend by year (as workbooks with a chart, ready to send
up), track the plan's 45-task annex, sweep and list due periodic inspections, compute the
year's deaths per 10,000 units, and rank maintenance companies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.services.cli.channel import EXIT_REPLAY_DIFFERS
from cityscore.services.cli.common import (
    enum_label,
    parse_date,
    parse_enum,
    proto_date,
    request_id,
    show_date,
    show_report,
    stub_for,
)
from cityscore.services.cli.context import call, state, stderr
from cityscore.services.cli.csv_io import chunks, with_progress
from cityscore.services.cli.imports import call_rows
from cityscore.services.cli.output import (
    Chart,
    ChartKind,
    OutputFormat,
    ReportFile,
    note,
    render,
    render_record,
)
from cityscore.services.cli.templates import Column, ImportKind, add_template_command
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb
from cityscore.special_equipment.v1 import special_equipment_service_pb2_grpc as pb_grpc

app = typer.Typer(no_args_is_help=True, help="Elevators and special-equipment safety: register, "
                                             "2020 targets, annex tasks, inspections, death "
                                             "rate, maintenance companies.")
elevator_app = typer.Typer(no_args_is_help=True, help="The elevator register.")
targets_app = typer.Typer(no_args_is_help=True, help="The plan's 2020 targets.")
annex_app = typer.Typer(no_args_is_help=True, help="The plan's 45-task annex.")
inspection_app = typer.Typer(no_args_is_help=True, help="Periodic inspections.")
rate_app = typer.Typer(no_args_is_help=True, help="Deaths per 10,000 units.")
company_app = typer.Typer(no_args_is_help=True, help="Maintenance companies.")
for sub, name in ((elevator_app, "elevator"), (targets_app, "targets"), (annex_app, "annex"),
                  (inspection_app, "inspection"), (rate_app, "rate"),
                  (company_app, "company")):
    app.add_typer(sub, name=name)
stub = stub_for(pb_grpc.SpecialEquipmentServiceStub)

#: Elevators per message of the import's stream (one request, all or nothing).
ELEVATOR_CHUNK = 5_000
#: The most rows the server gives per page (its page-size limit).
MAX_PAGE = 1000
#: Exit code of a replay that finds the stored result differs (README's exit-code table).

Year = Annotated[int, typer.Option(help="Calendar year.")]
District = Annotated[str, typer.Option(help="District code (empty: the city, or your own).")]
AsOf = Annotated[str, typer.Option(help="The day to judge, YYYY-MM-DD (default: today).")]
PageSize = Annotated[int, typer.Option(min=1, max=MAX_PAGE, help="Rows per page.")]
PageToken = Annotated[str, typer.Option(help="next_page_token of the last page.")]
ImportFilePath = Annotated[Path, typer.Argument(
    dir_okay=False, help="CSV (UTF-8 or GBK) or .xlsx; - for standard input.")]

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

INDICATORS = ImportKind("indicators", "Maintenance companies' yearly indicators", (
    Column.text("company_id", "A registered maintenance company", "C1"),
    Column.text("indicator", "Indicator code of the year's ranking rules, e.g. "
                "inspection_pass_rate, rescue_on_time_rate, complaint_rate, fault_rate",
                "inspection_pass_rate"),
    Column.whole("per_mille", "The rate the indicator measures", "950", unit="‰ (0 to 1000)"),
))

add_template_command(app, ELEVATORS, INDICATORS)


def _optional_date(message: Any, name: str, text: str, hint: str) -> None:
    if text:
        getattr(message, name).CopyFrom(parse_date(text, hint))


def _next_page(token: str) -> None:
    """Where the next page starts: in the JSON document (empty on the last page, so a page is
    always the same object), and on stderr for people."""
    note("next_page_token", token)
    if token:
        stderr.print(f"next page: --page-token {token}", highlight=False)


def _percent(text: str) -> float | None:
    """A percent or rate the server gives as exact decimal text ("97.50"), as a number;
    None where there is none (no units)."""
    return float(text) if text else None


def _also(ctx: typer.Context, rows: list[dict[str, Any]], *, title: str, key: str,
          decimals: dict[str, int], columns: list[str] | None = None) -> None:
    """A command's second part: in its JSON document and as a second table, left out of
    ``-o csv`` (one table there)."""
    if state(ctx).output is not OutputFormat.CSV:
        render(rows, columns=columns, title=title, output=state(ctx).output, key=key,
               decimals=decimals)


def _replayed(matches: bool, record: dict[str, Any], ctx: typer.Context) -> None:
    render_record({"matches": matches, **record}, title="Replay", output=state(ctx).output)
    if not matches:
        raise typer.Exit(EXIT_REPLAY_DIFFERS)


# --- the register -----------------------------------------------------------------------------


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
    since = parse_date(effective_from, "--effective-from") if effective_from else None
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
    found: list[pb.Elevator] = []
    token = ""
    while True:
        page = call(ctx, stub(ctx).ListElevators, pb.ListElevatorsRequest(
            district=district, page_size=MAX_PAGE, page_token=token))
        found += page.elevators
        token = page.next_page_token
        if not token:
            return found


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
    _next_page(response.next_page_token)


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


# --- the 2020 targets -------------------------------------------------------------------------


def _rate_row(scope: str, r: pb.TargetRate) -> dict[str, Any]:
    return {"scope": scope, "target": r.target, "numerator": r.numerator,
            "denominator": r.denominator, "rate_percent": _percent(r.rate_percent),
            "target_percent": _percent(r.target_percent),
            "met": r.met if r.HasField("met") else None}


def _show_targets(ctx: typer.Context, report: pb.TargetReport, out: Path | None) -> None:
    """The report rate against target, one row per target: the scope's counts and rate and,
    in a city report, each district's rate beside it (the chart compares them); the
    districts' counts follow as their own part."""
    scope = report.district or "city"
    districts = {d.district: {r.target: r.rate_percent for r in d.rates}
                 for d in report.districts}
    rows = [{"target": r.target, "numerator": r.numerator, "denominator": r.denominator,
             "rate_percent": _percent(r.rate_percent),
             "target_percent": _percent(r.target_percent),
             "met": r.met if r.HasField("met") else None,
             **{d: _percent(rates.get(r.target, "")) for d, rates in districts.items()},
             "description": r.description} for r in report.rates]
    note("report", {"report_id": report.report_id, "year": report.year, "scope": scope,
                    "reference_date": show_date(report.reference_date),
                    "rule_version": report.rule_version, "input_digest": report.input_digest,
                    "result_digest": report.result_digest})
    percent = ["rate_percent", "target_percent", *districts]
    show_report(ctx, rows, key="rates", out=out,
                title=f"2020 targets, {scope}, {report.year} (as of "
                      f"{show_date(report.reference_date)}, rules {report.rule_version}, "
                      f"report {report.report_id})",
                chart=Chart(f"2020 targets, {scope}, {report.year}: rate against target",
                            "target", percent, y_title="percent"),
                decimals=dict.fromkeys(percent, 2))
    if districts:
        _also(ctx, [_rate_row(d.district, r) for d in report.districts for r in d.rates],
              title="Districts", key="districts",
              decimals={"rate_percent": 2, "target_percent": 2})


def _trend_rows(trend: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per year, one column per target: its rate in the scope's report of the year."""
    targets = [t.target for t in trend]
    by_year: dict[int, dict[str, Any]] = {}
    for t in trend:
        for p in t.points:
            by_year.setdefault(p.year, {"year": p.year, **dict.fromkeys(targets)})[t.target] = \
                _percent(p.rate_percent)
    return [by_year[year] for year in sorted(by_year)], targets


@targets_app.command("report")
def targets_report(ctx: typer.Context, year: Year, district: District = "",
                   out: ReportFile = None) -> None:
    """Compute and store the year's report for a district, or the city (city office)."""
    response = call(ctx, stub(ctx).ReportTargets, pb.ReportTargetsRequest(
        request_id=request_id(ctx), year=year, district=district))
    _show_targets(ctx, response.report, out)


@targets_app.command("show")
def targets_show(ctx: typer.Context, year: Year, district: District = "",
                 out: ReportFile = None) -> None:
    """The year's stored report and each target's trend by year (the trend as a workbook of
    its own: cityscore equipment targets trend)."""
    response = call(ctx, stub(ctx).GetTargetReport, pb.GetTargetReportRequest(
        year=year, district=district))
    _show_targets(ctx, response.report, out)
    rows, targets = _trend_rows(response.trend)
    _also(ctx, rows, columns=["year", *targets], title="Trend (percent)", key="trend",
          decimals=dict.fromkeys(targets, 2))


@targets_app.command("trend")
def targets_trend(ctx: typer.Context, year: Year, district: District = "",
                  out: ReportFile = None) -> None:
    """Each target's rate by year in the stored reports of a district or the city, up to the
    year's, with a line chart of the years."""
    response = call(ctx, stub(ctx).GetTargetReport, pb.GetTargetReportRequest(
        year=year, district=district))
    rows, targets = _trend_rows(response.trend)
    scope = response.report.district or "city"
    show_report(ctx, [r for r in rows if r["year"] <= year], columns=["year", *targets],
                title=f"2020 targets by year, {scope} (percent)", out=out, key="trend",
                chart=Chart(f"2020 targets by year, {scope}", "year", targets,
                            kind=ChartKind.LINE, y_title="percent"),
                decimals=dict.fromkeys(targets, 2))


@targets_app.command("replay")
def targets_replay(ctx: typer.Context, report_id: Annotated[int, typer.Argument()]) -> None:
    """Recompute a stored report and compare (exit 9 when it differs)."""
    r = call(ctx, stub(ctx).ReplayTargetReport, pb.ReplayTargetReportRequest(
        report_id=report_id))
    _replayed(r.matches, {"stored": r.stored_result_digest,
                          "replayed": r.replayed_result_digest,
                          "differences": list(r.differences)}, ctx)


# --- the annex --------------------------------------------------------------------------------


def _task_row(t: pb.AnnexTask) -> dict[str, Any]:
    return {"number": t.number, "task": t.task, "timeline": t.timeline,
            "deadline_year": t.deadline_year, "lead": "、".join(t.lead_units),
            "co_lead": "、".join(t.co_lead_units), "delivering": "、".join(t.delivering_units),
            "status": enum_label(pb.TaskStatus, "TASK_STATUS_", t.status),
            "overdue": t.overdue, "evidence": t.evidence, "variants": "; ".join(t.variants),
            "updated_on": show_date(t.updated_on)}


@annex_app.command("list")
def annex_list(
    ctx: typer.Context,
    overdue: Annotated[bool, typer.Option(help="Only overdue tasks.")] = False,
    as_of: AsOf = "", out: ReportFile = None,
) -> None:
    """The annex's tasks in its wording, with status, evidence and variants."""
    request = pb.ListAnnexTasksRequest(overdue_only=overdue)
    _optional_date(request, "as_of", as_of, "--as-of")
    response = call(ctx, stub(ctx).ListAnnexTasks, request)
    note("overdue", response.overdue)
    show_report(ctx, [_task_row(t) for t in response.tasks], key="tasks", out=out,
                title=f"Annex tasks ({response.overdue} overdue)")


@annex_app.command("update")
def annex_update(
    ctx: typer.Context, number: Annotated[int, typer.Argument(help="Task number, 1 to 45.")],
    status: Annotated[str, typer.Option(help="not_started, in_progress or done.")],
    reason: Annotated[str, typer.Option(help="Why (kept in the audit log).")],
    evidence: Annotated[str, typer.Option(help="Evidence (required for done).")] = "",
    on: Annotated[str, typer.Option(
        "--on", help="The day the status holds from, YYYY-MM-DD (default: today).")] = "",
) -> None:
    """Record a task's status and evidence from a day; earlier statuses are kept."""
    request = pb.UpdateAnnexTaskRequest(
        request_id=request_id(ctx), number=number,
        status=parse_enum(pb.TaskStatus, "TASK_STATUS_", status, "--status"),
        evidence=evidence, reason=reason)
    _optional_date(request, "effective_on", on, "--on")
    response = call(ctx, stub(ctx).UpdateAnnexTask, request)
    render_record(_task_row(response.task), title="Task", output=state(ctx).output)


# --- periodic inspections ---------------------------------------------------------------------


@inspection_app.command("sweep")
def inspection_sweep(ctx: typer.Context, as_of: AsOf = "", out: ReportFile = None) -> None:
    """Sweep every elevator and store the counts per district (city office); --out writes
    them with a chart comparing the districts."""
    request = pb.RunInspectionSweepRequest(request_id=request_id(ctx))
    _optional_date(request, "as_of", as_of, "--as-of")
    sweep = call(ctx, stub(ctx).RunInspectionSweep, request).sweep
    swept_on = show_date(sweep.swept_on)
    note("sweep", {"sweep_id": sweep.sweep_id, "swept_on": swept_on,
                   "policy_version": sweep.policy_version, "elevators": sweep.elevators,
                   "input_digest": sweep.input_digest, "result_digest": sweep.result_digest})
    show_report(ctx, [{"district": c.district, "ok": c.ok, "due_soon": c.due_soon,
                       "overdue": c.overdue} for c in sweep.districts],
                columns=["district", "ok", "due_soon", "overdue"], key="districts", out=out,
                title=f"Sweep {sweep.sweep_id} on {swept_on}: {sweep.elevators} elevators "
                      f"(policy {sweep.policy_version})",
                chart=Chart(f"Periodic inspections on {swept_on}", "district",
                            ["ok", "due_soon", "overdue"], y_title="elevators"))


@inspection_app.command("due")
def inspection_due(
    ctx: typer.Context, district: District = "", as_of: AsOf = "",
    page_size: PageSize = 100, page_token: PageToken = "", out: ReportFile = None,
) -> None:
    """Elevators due within the warning days or overdue, soonest first."""
    request = pb.ListDueInspectionsRequest(district=district, page_size=page_size,
                                           page_token=page_token)
    _optional_date(request, "as_of", as_of, "--as-of")
    response = call(ctx, stub(ctx).ListDueInspections, request)
    note("total", response.total)
    show_report(ctx, [{"registration_code": d.registration_code, "district": d.district,
                       "address": d.address, "next_inspection": show_date(d.next_inspection),
                       "days_left": d.days_left,
                       "status": enum_label(pb.InspectionStatus, "INSPECTION_STATUS_",
                                            d.status)} for d in response.due],
                columns=["registration_code", "district", "address", "next_inspection",
                         "days_left", "status"], key="due", out=out,
                title=f"Due inspections ({response.total})")
    _next_page(response.next_page_token)


@inspection_app.command("replay")
def inspection_replay(ctx: typer.Context, sweep_id: Annotated[int, typer.Argument()]) -> None:
    """Recompute a stored sweep and compare (exit 9 when it differs)."""
    r = call(ctx, stub(ctx).ReplayInspectionSweep, pb.ReplayInspectionSweepRequest(
        sweep_id=sweep_id))
    _replayed(r.matches, {"stored": r.stored_result_digest,
                          "replayed": r.replayed_result_digest,
                          "differences": list(r.differences)}, ctx)


# --- deaths per 10,000 units ------------------------------------------------------------------


@rate_app.command("record")
def rate_record(
    ctx: typer.Context, year: Year,
    units: Annotated[int, typer.Option(help="Registered units in use.")],
    deaths: Annotated[int, typer.Option(help="Deaths.")],
    official: Annotated[str, typer.Option(help="Official deaths per 10,000 units, e.g. 0.40.")],
    source: Annotated[str, typer.Option(help="The document the figures come from.")],
    accidents: Annotated[int, typer.Option(help="Accidents.")] = 0,
    injuries: Annotated[int, typer.Option(help="Injuries.")] = 0,
    period: Annotated[str, typer.Option(help="Period the deaths were counted over.")] = "",
    official_source: Annotated[str, typer.Option(help="Source of the official figure.")] = "",
    official_denominator: Annotated[int, typer.Option(
        help="Units behind the official figure, if published.")] = 0,
    official_period: Annotated[str, typer.Option(
        help="Period of the official figure, if published.")] = "",
    reason: Annotated[str, typer.Option(
        help="Why the year's figures are replaced (required when the year is recorded).")
    ] = "",
) -> None:
    """Record a year's special-equipment safety figures."""
    response = call(ctx, stub(ctx).RecordSafetyFigures, pb.RecordSafetyFiguresRequest(
        request_id=request_id(ctx), reason=reason, figures=pb.SafetyFigures(
            year=year, registered_units=units, accidents=accidents, deaths=deaths,
            injuries=injuries, period=period, source=source, official_rate=official,
            official_source=official_source, official_denominator=official_denominator,
            official_period=official_period)))
    render_record({"year": response.figures.year, "version": response.version},
                  title="Safety figures", output=state(ctx).output)


@rate_app.command("show")
def rate_show(ctx: typer.Context, year: Year, out: ReportFile = None) -> None:
    """Official and computed deaths per 10,000 units against the ceiling."""
    r = call(ctx, stub(ctx).GetSafetyRate, pb.GetSafetyRateRequest(year=year))
    note("assessment", {"year": year, "ceiling": _percent(r.ceiling),
                        "ceiling_source": r.ceiling_source,
                        "difference": _percent(r.difference), "assessed_on": r.assessed_on,
                        "met": r.met, "implied_units": r.implied_units,
                        "rule_version": r.rule_version})
    show_report(ctx, [{"figure": name, "rate": _percent(f.rate), "display": f.display,
                       "numerator": f.numerator, "denominator": f.denominator or None,
                       "period": f.period, "source": f.source,
                       "within_ceiling": f.within_ceiling}
                      for name, f in (("official", r.official), ("computed", r.computed))],
                key="figures", out=out, decimals={"rate": 4},
                title=f"Deaths per 10,000 units, {year}: ceiling {r.ceiling} (inclusive), "
                      f"difference {r.difference}, assessed on the {r.assessed_on} figure: "
                      f"{'met' if r.met else 'not met'}; the official figure implies "
                      f"{r.implied_units} units")


# --- maintenance companies --------------------------------------------------------------------


@company_app.command("add")
def company_add(
    ctx: typer.Context, company_id: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option(help="Company name.")],
    credit_code: Annotated[str, typer.Option(help="Unified social credit code.")] = "",
) -> None:
    """Register a maintenance company."""
    response = call(ctx, stub(ctx).RegisterMaintenanceCompany,
                    pb.RegisterMaintenanceCompanyRequest(
                        request_id=request_id(ctx), company=pb.MaintenanceCompany(
                            company_id=company_id, name=name, credit_code=credit_code)))
    render_record({"company_id": response.company.company_id, "name": response.company.name},
                  title="Company", output=state(ctx).output)


@company_app.command("indicators", epilog=INDICATORS.epilog("equipment"))
def company_indicators(ctx: typer.Context, year: Year, path: ImportFilePath) -> None:
    """Record a year's indicator values from a file, all or nothing."""
    read = INDICATORS.read(path)
    values = [pb.IndicatorValue(company_id=row.values["company_id"],
                                indicator=row.values["indicator"],
                                per_mille=row.values["per_mille"]) for row in read.rows]
    response = read.send(ctx, stub(ctx).RecordCompanyIndicators,
                         pb.RecordCompanyIndicatorsRequest(
                             request_id=read.request_id(ctx, str(year)), year=year,
                             values=values), "values")
    render_record({"recorded": response.recorded}, title="Indicators",
                  output=state(ctx).output)


@company_app.command("rank")
def company_rank(ctx: typer.Context, year: Year, out: ReportFile = None) -> None:
    """The year's quality and credit ranking (blacklisted companies left out)."""
    r = call(ctx, stub(ctx).GetCompanyRanking, pb.GetCompanyRankingRequest(year=year))
    note("rule_version", r.rule_version)
    note("blacklisted", list(r.blacklisted))
    shared: dict[int, list[pb.RankedCompany]] = {}
    for c in r.ranking:
        shared.setdefault(c.rank, []).append(c)
    ties: list[dict[str, Any]] = [
        {"rank": rank, "score": _percent(tied[0].score),
         "companies": [c.company_id for c in tied]}
        for rank, tied in shared.items() if len(tied) > 1]
    note("ties", ties)
    if state(ctx).output is not OutputFormat.JSON:
        for tie in ties:
            stderr.print(f"tie at rank {tie['rank']} ({tie['score']} points): "
                         f"{', '.join(tie['companies'])}", highlight=False)
    show_report(ctx, [{"rank": c.rank, "company_id": c.company_id, "name": c.name,
                       "score": _percent(c.score)} for c in r.ranking],
                columns=["rank", "company_id", "name", "score"], key="ranking", out=out,
                decimals={"score": 2},
                title=f"Ranking {year} (rules {r.rule_version}; left out: "
                      f"{', '.join(r.blacklisted) or 'none'})",
                chart=Chart(f"Maintenance companies {year}", "company_id", ["score"],
                            y_title="points"))


@company_app.command("blacklist")
def company_blacklist(
    ctx: typer.Context, company_id: Annotated[str, typer.Argument()],
    on: Annotated[str, typer.Option(help="Listing date, YYYY-MM-DD.")],
    reason: Annotated[str, typer.Option(help="Why it is listed (published).")],
) -> None:
    """Put a company on the public blacklist."""
    entry = call(ctx, stub(ctx).BlacklistCompany, pb.BlacklistCompanyRequest(
        request_id=request_id(ctx), company_id=company_id, listed_on=parse_date(on, "--on"),
        reason=reason)).entry
    render_record({"company_id": entry.company_id, "listed_on": show_date(entry.listed_on),
                   "reason": entry.reason}, title="Blacklisted", output=state(ctx).output)


@company_app.command("blacklisted")
def company_blacklisted(ctx: typer.Context, out: ReportFile = None) -> None:
    """The public blacklist."""
    entries = call(ctx, stub(ctx).ListBlacklist, pb.ListBlacklistRequest()).entries
    show_report(ctx, [{"company_id": e.company_id, "name": e.name,
                       "listed_on": show_date(e.listed_on), "reason": e.reason}
                      for e in entries], columns=["company_id", "name", "listed_on", "reason"],
                key="blacklist", out=out, title="Blacklist")
