"""``cityscore equipment ...``: the city's elevator register and special-equipment safety
targets, for district offices and the city market-supervision bureau.

Import a district's elevators from CSV or .xlsx (all or nothing; the same file again stores
nothing twice), report the plan's 2020 targets for a district or the city, track the plan's
45-task annex, sweep and list due periodic inspections, compute the year's deaths per 10,000
units, and rank maintenance companies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.services.cli.common import (
    csv_flag,
    csv_int,
    enum_label,
    parse_date,
    parse_enum,
    request_id,
    show_date,
    stub_for,
)
from cityscore.services.cli.context import call, state
from cityscore.services.cli.csv_io import chunks, numbered_rows, with_progress
from cityscore.services.cli.imports import call_rows, content_request_id
from cityscore.services.cli.output import note, render, render_record
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

ELEVATOR_CHUNK = 5_000
ELEVATOR_COLUMNS = ("registration_code", "location_category", "in_use_date")
Year = Annotated[int, typer.Option(help="Calendar year.")]
District = Annotated[str, typer.Option(help="District code (empty: the city, or your own).")]
AsOf = Annotated[str, typer.Option(help="The day to judge, YYYY-MM-DD (default: today).")]


def _optional_date(message: Any, name: str, text: str, hint: str) -> None:
    if text:
        getattr(message, name).CopyFrom(parse_date(text, hint))


def _next_page(token: str) -> None:
    """Where the next page starts: in the JSON document, and on stderr for people."""
    if token:
        note("next_page_token", token)
        typer.echo(f"next page: --page-token {token}", err=True)


def _elevator(row: dict[str, str], line: int) -> pb.Elevator:
    """One CSV row: registration_code, location_category (rail_transit, mall, hospital,
    school, hotel, residential, other), in_use_date, and optionally address,
    maintenance_company_id, remote_monitoring, liability_insurance, geolocation (yes/no),
    assessed_on, assessment_result (safe, hazardous), renovated_on, last_inspection_date,
    last_inspection_failed (yes/no)."""
    where = f"line {line}"
    message = pb.Elevator(
        registration_code=row["registration_code"],
        location_category=parse_enum(pb.LocationCategory, "LOCATION_CATEGORY_",
                                     row["location_category"], f"{where} location_category"),
        address=row.get("address", ""), in_use_date=parse_date(row["in_use_date"],
                                                               f"{where} in_use_date"),
        maintenance_company_id=row.get("maintenance_company_id", ""),
        remote_monitoring=csv_flag(row, "remote_monitoring", line),
        liability_insurance=csv_flag(row, "liability_insurance", line),
        geolocation=csv_flag(row, "geolocation", line),
        last_inspection_failed=csv_flag(row, "last_inspection_failed", line))
    if row.get("assessment_result"):
        message.assessment_result = parse_enum(pb.AssessmentResult, "ASSESSMENT_RESULT_",
                                               row["assessment_result"],
                                               f"{where} assessment_result")
    for name in ("assessed_on", "renovated_on", "last_inspection_date"):
        _optional_date(message, name, row.get(name, ""), f"{where} {name}")
    return message


def _elevator_record(e: pb.Elevator) -> dict[str, Any]:
    return {"registration_code": e.registration_code, "district": e.district,
            "location": enum_label(pb.LocationCategory, "LOCATION_CATEGORY_",
                                   e.location_category),
            "in_use": show_date(e.in_use_date), "company": e.maintenance_company_id,
            "monitoring": e.remote_monitoring, "insurance": e.liability_insurance,
            "geolocation": e.geolocation, "assessed_on": show_date(e.assessed_on),
            "renovated_on": show_date(e.renovated_on),
            "last_inspection": show_date(e.last_inspection_date),
            "last_inspection_failed": e.last_inspection_failed,
            "next_inspection": show_date(e.next_inspection),
            "inspection": enum_label(pb.InspectionStatus, "INSPECTION_STATUS_",
                                     e.inspection_status)}


@elevator_app.command("import")
def elevator_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(dir_okay=False, help="CSV or .xlsx of elevators.")],
    district: Annotated[str, typer.Option(help="The district every row belongs to.")],
    reason: Annotated[str, typer.Option(help="Why registered elevators are amended.")] = "",
) -> None:
    """Register or amend a district's elevators, streamed in chunks, all or nothing.

    Every row is checked first and each problem named by its file line; running the same file
    again stores nothing twice (the request id comes from the file's content).
    """
    data, rows = numbered_rows(path, ELEVATOR_COLUMNS)
    problems: list[str] = []
    elevators: list[pb.Elevator] = []
    for line, row in rows:
        try:
            elevators.append(_elevator(row, line))
        except typer.BadParameter as error:
            hint = f"{error.param_hint}: " if error.param_hint else ""
            problems.append(f"{hint}{error.message}")
    if problems:
        raise typer.BadParameter("nothing was stored; fix these rows:\n" + "\n".join(problems))
    rid = content_request_id("elevators", district, data + reason.encode())
    parts = [pb.ImportElevatorsRequest(request_id=rid, district=district, reason=reason,
                                       elevators=part)
             for part in chunks(elevators, ELEVATOR_CHUNK)]
    response = call_rows(ctx, stub(ctx).ImportElevators, iter(with_progress(
        parts, len(elevators), "elevators", lambda p: len(p.elevators))),
        "elevators", [line for line, _ in rows])
    render_record({"registered": response.registered, "amended": response.amended,
                   "unchanged": response.unchanged}, title="Import",
                  output=state(ctx).output)


@elevator_app.command("list")
def elevator_list(
    ctx: typer.Context, district: District = "",
    page_size: Annotated[int, typer.Option(help="Rows per page.")] = 100,
    page_token: Annotated[str, typer.Option(help="next_page_token of the last page.")] = "",
) -> None:
    """A page of the register, in registration-code order."""
    response = call(ctx, stub(ctx).ListElevators, pb.ListElevatorsRequest(
        district=district, page_size=page_size, page_token=page_token))
    render([_elevator_record(e) for e in response.elevators], title="Elevators",
           output=state(ctx).output)
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


def _rate_rows(scope: str, rates: Any) -> list[dict[str, Any]]:
    return [{"scope": scope, "target": r.target, "numerator": r.numerator,
             "denominator": r.denominator, "rate_percent": r.rate_percent,
             "target_percent": r.target_percent,
             "met": ("yes" if r.met else "no") if r.HasField("met") else ""} for r in rates]


def _show_report(ctx: typer.Context, report: pb.TargetReport) -> None:
    """One table: the report's scope first, then (a city report) each district's rates."""
    rows = _rate_rows(report.district or "city", report.rates)
    for d in report.districts:
        rows += _rate_rows(d.district, d.rates)
    render(rows, title=f"2020 targets, {report.district or 'city'}, {report.year} "
           f"(as of {show_date(report.reference_date)}, rules {report.rule_version}, "
           f"report {report.report_id})", output=state(ctx).output)


@targets_app.command("report")
def targets_report(ctx: typer.Context, year: Year, district: District = "") -> None:
    """Compute and store the year's report for a district, or the city."""
    response = call(ctx, stub(ctx).ReportTargets, pb.ReportTargetsRequest(
        request_id=request_id(ctx), year=year, district=district))
    _show_report(ctx, response.report)


@targets_app.command("show")
def targets_show(ctx: typer.Context, year: Year, district: District = "") -> None:
    """The year's stored report and each target's trend by year."""
    response = call(ctx, stub(ctx).GetTargetReport, pb.GetTargetReportRequest(
        year=year, district=district))
    _show_report(ctx, response.report)
    render([{"target": t.target, **{str(p.year): p.rate_percent for p in t.points}}
            for t in response.trend], title="Trend (percent)", output=state(ctx).output,
           key="trend")


@targets_app.command("replay")
def targets_replay(ctx: typer.Context, report_id: Annotated[int, typer.Argument()]) -> None:
    """Recompute a stored report and compare."""
    r = call(ctx, stub(ctx).ReplayTargetReport, pb.ReplayTargetReportRequest(
        report_id=report_id))
    render_record({"matches": r.matches, "stored": r.stored_result_digest,
                   "replayed": r.replayed_result_digest,
                   "differences": ", ".join(r.differences)}, title="Replay",
                  output=state(ctx).output)


def _task_row(t: pb.AnnexTask) -> dict[str, Any]:
    return {"number": t.number, "task": t.task, "timeline": t.timeline,
            "lead": "、".join(t.lead_units), "co_lead": "、".join(t.co_lead_units),
            "delivering": "、".join(t.delivering_units),
            "status": enum_label(pb.TaskStatus, "TASK_STATUS_", t.status),
            "overdue": "yes" if t.overdue else "", "evidence": t.evidence,
            "variants": "; ".join(t.variants)}


@annex_app.command("list")
def annex_list(
    ctx: typer.Context,
    overdue: Annotated[bool, typer.Option(help="Only overdue tasks.")] = False,
    as_of: AsOf = "",
) -> None:
    """The annex's tasks in its wording, with status, evidence and variants."""
    request = pb.ListAnnexTasksRequest(overdue_only=overdue)
    _optional_date(request, "as_of", as_of, "--as-of")
    response = call(ctx, stub(ctx).ListAnnexTasks, request)
    render([_task_row(t) for t in response.tasks],
           title=f"Annex tasks ({response.overdue} overdue)", output=state(ctx).output)


@annex_app.command("update")
def annex_update(
    ctx: typer.Context, number: Annotated[int, typer.Argument(help="Task number, 1 to 45.")],
    status: Annotated[str, typer.Option(help="not_started, in_progress or done.")],
    reason: Annotated[str, typer.Option(help="Why (kept in the audit log).")],
    evidence: Annotated[str, typer.Option(help="Evidence (required for done).")] = "",
) -> None:
    """Set a task's status and evidence."""
    response = call(ctx, stub(ctx).UpdateAnnexTask, pb.UpdateAnnexTaskRequest(
        request_id=request_id(ctx), number=number,
        status=parse_enum(pb.TaskStatus, "TASK_STATUS_", status, "--status"),
        evidence=evidence, reason=reason))
    render_record(_task_row(response.task), title="Task", output=state(ctx).output)


@inspection_app.command("sweep")
def inspection_sweep(ctx: typer.Context, as_of: AsOf = "") -> None:
    """Sweep every elevator and store the counts per district."""
    request = pb.RunInspectionSweepRequest(request_id=request_id(ctx))
    _optional_date(request, "as_of", as_of, "--as-of")
    sweep = call(ctx, stub(ctx).RunInspectionSweep, request).sweep
    render([{"district": c.district, "ok": c.ok, "due_soon": c.due_soon,
             "overdue": c.overdue} for c in sweep.districts],
           title=f"Sweep {sweep.sweep_id} on {show_date(sweep.swept_on)}: "
                 f"{sweep.elevators} elevators (policy {sweep.policy_version})",
           output=state(ctx).output)


@inspection_app.command("due")
def inspection_due(
    ctx: typer.Context, district: District = "", as_of: AsOf = "",
    page_size: Annotated[int, typer.Option(help="Rows per page.")] = 100,
    page_token: Annotated[str, typer.Option(help="next_page_token of the last page.")] = "",
) -> None:
    """Elevators due within the warning days or overdue, soonest first."""
    request = pb.ListDueInspectionsRequest(district=district, page_size=page_size,
                                           page_token=page_token)
    _optional_date(request, "as_of", as_of, "--as-of")
    response = call(ctx, stub(ctx).ListDueInspections, request)
    render([{"registration_code": d.registration_code, "district": d.district,
             "address": d.address, "next_inspection": show_date(d.next_inspection),
             "days_left": d.days_left,
             "status": enum_label(pb.InspectionStatus, "INSPECTION_STATUS_", d.status)}
            for d in response.due], title=f"Due inspections ({response.total})",
           output=state(ctx).output)
    _next_page(response.next_page_token)


@inspection_app.command("replay")
def inspection_replay(ctx: typer.Context, sweep_id: Annotated[int, typer.Argument()]) -> None:
    """Recompute a stored sweep and compare."""
    r = call(ctx, stub(ctx).ReplayInspectionSweep, pb.ReplayInspectionSweepRequest(
        sweep_id=sweep_id))
    render_record({"matches": r.matches, "differences": ", ".join(r.differences)},
                  title="Replay", output=state(ctx).output)


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
    reason: Annotated[str, typer.Option(help="Why the year's figures are replaced.")] = "",
) -> None:
    """Record a year's special-equipment safety figures."""
    response = call(ctx, stub(ctx).RecordSafetyFigures, pb.RecordSafetyFiguresRequest(
        request_id=request_id(ctx), reason=reason, figures=pb.SafetyFigures(
            year=year, registered_units=units, accidents=accidents, deaths=deaths,
            injuries=injuries, period=period, source=source, official_rate=official,
            official_source=official_source, official_denominator=official_denominator)))
    render_record({"year": response.figures.year, "version": response.version},
                  title="Safety figures", output=state(ctx).output)


@rate_app.command("show")
def rate_show(ctx: typer.Context, year: Year) -> None:
    """Official and computed deaths per 10,000 units against the ceiling."""
    r = call(ctx, stub(ctx).GetSafetyRate, pb.GetSafetyRateRequest(year=year))
    render([{"figure": name, "rate": f.rate, "display": f.display, "numerator": f.numerator,
             "denominator": f.denominator or "", "period": f.period, "source": f.source,
             "within_ceiling": "yes" if f.within_ceiling else "no"}
            for name, f in (("official", r.official), ("computed", r.computed))],
           title=f"Deaths per 10,000 units, {year}: ceiling {r.ceiling} (inclusive), "
                 f"difference {r.difference}, assessed on the {r.assessed_on} figure: "
                 f"{'met' if r.met else 'not met'}; the official figure implies "
                 f"{r.implied_units} units", output=state(ctx).output)


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


@company_app.command("indicators")
def company_indicators(
    ctx: typer.Context, year: Year,
    path: Annotated[Path, typer.Argument(dir_okay=False,
                                         help="CSV: company_id, indicator, per_mille.")],
) -> None:
    """Record a year's indicator values from a file, all or nothing."""
    data, rows = numbered_rows(path, ("company_id", "indicator", "per_mille"))
    values = [pb.IndicatorValue(company_id=row["company_id"], indicator=row["indicator"],
                                per_mille=csv_int(row, "per_mille", line, 0))
              for line, row in rows]
    response = call_rows(ctx, stub(ctx).RecordCompanyIndicators,
                         pb.RecordCompanyIndicatorsRequest(
                             request_id=content_request_id("indicators", str(year), data),
                             year=year, values=values), "values", [line for line, _ in rows])
    render_record({"recorded": response.recorded}, title="Indicators",
                  output=state(ctx).output)


@company_app.command("rank")
def company_rank(ctx: typer.Context, year: Year) -> None:
    """The year's quality and credit ranking (blacklisted companies left out)."""
    r = call(ctx, stub(ctx).GetCompanyRanking,
             pb.GetCompanyRankingRequest(year=year))
    render([{"rank": c.rank, "company_id": c.company_id, "name": c.name, "score": c.score}
            for c in r.ranking], title=f"Ranking {year} (rules {r.rule_version}; left out: "
                                       f"{', '.join(r.blacklisted) or 'none'})",
           output=state(ctx).output)


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
def company_blacklisted(ctx: typer.Context) -> None:
    """The public blacklist."""
    entries = call(ctx, stub(ctx).ListBlacklist, pb.ListBlacklistRequest()).entries
    render([{"company_id": e.company_id, "name": e.name, "listed_on": show_date(e.listed_on),
             "reason": e.reason} for e in entries], columns=["company_id", "name",
                                                              "listed_on", "reason"],
           title="Blacklist", output=state(ctx).output)
