"""``cityscore wage incident`` and ``flag``: wage-arrears incidents and the review's flags.

``flag`` is a command of ``cityscore wage`` itself; the package registers it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.services.cli.common import (
    enum_label,
    parse_date,
    parse_enum,
    proto_date,
    request_id,
    show_date,
)
from cityscore.services.cli.context import call, state
from cityscore.services.cli.output import render, render_record
from cityscore.services.cli.templates import Column, ImportKind
from cityscore.services.cli.wage.shared import (
    CsvFile,
    District,
    FlagName,
    Year,
    show_correction,
    stub,
)
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

incident_app = typer.Typer(no_args_is_help=True,
                           help="Wage-arrears incidents and information from other departments.")

#: A file of incidents (``cityscore wage incident import``; ``incident export`` writes one).
INCIDENTS = ImportKind("incidents", "Wage-arrears incidents and information", (
    Column.text("district", "District where the project or workplace is", "xuhui"),
    Column.date("date", "When it happened, within the assessment year", "2018-04-02"),
    Column.enum("kind", "A mass or extreme incident caused by wage arrears, or other "
                "information for the review", "mass", pb.IncidentKind, "INCIDENT_KIND_",
                aliases={"群体性事件": "mass", "群体性": "mass", "极端事件": "extreme",
                         "极端": "extreme", "信息": "information"}),
    Column.whole("people", "People involved (blank: 0)", "60", unit="people",
                 required=False),
    Column.flag("government_project", "On a government-invested project"),
    Column.flag("serious_consequence", "With serious consequences"),
    Column.enum("source", "Department that reported it", "police", pb.SourceAgency,
                "SOURCE_AGENCY_",
                aliases={"综治": "public_security_governance",
                         "社会治安综合治理": "public_security_governance", "公安": "police",
                         "信访": "petitions", "考核组": "assessment_team"}),
    Column.text("description", "What happened", "工地工资拖欠", required=False),
), fields={"incident_date": "date", "source_agency": "source"})


def _incident(values: dict[str, Any]) -> pb.Incident:
    """An incident from a row read by :data:`INCIDENTS`."""
    return pb.Incident(
        district=values["district"], incident_date=proto_date(values["date"]),
        kind=values["kind"], people=values["people"] or 0,
        government_project=bool(values["government_project"]),
        serious_consequence=bool(values["serious_consequence"]),
        source_agency=values["source"], description=values["description"] or "")


def _incident_rows(incidents: Iterable[pb.Incident]) -> list[dict[str, Any]]:
    return [{"id": i.id, "district": i.district, "date": show_date(i.incident_date),
             "kind": enum_label(pb.IncidentKind, "INCIDENT_KIND_", i.kind), "people": i.people,
             "government_project": i.government_project,
             "serious_consequence": i.serious_consequence,
             "source": enum_label(pb.SourceAgency, "SOURCE_AGENCY_", i.source_agency),
             "description": i.description, "withdrawn": i.withdrawn} for i in incidents]


Source = Annotated[str, typer.Option(help="public_security_governance, police, petitions or "
                                          "assessment_team.")]
Kind = Annotated[str, typer.Option(help="mass, extreme or information.")]
People = Annotated[int, typer.Option(help="People involved.")]
GovernmentProject = Annotated[bool, typer.Option(help="On a government-invested project.")]
Serious = Annotated[bool, typer.Option(help="With serious consequences.")]
Description = Annotated[str, typer.Option(help="What happened.")]
IncidentDistrict = Annotated[str, typer.Option(
    help="District where the project or workplace is.")]
IncidentDate = Annotated[str, typer.Option("--date", help="Incident date, YYYY-MM-DD.")]


def _typed(district: str, date: str, kind: str, source: str, people: int,
           government_project: bool, serious_consequence: bool, description: str
           ) -> pb.Incident:
    return pb.Incident(
        district=district, incident_date=parse_date(date, "--date"),
        kind=parse_enum(pb.IncidentKind, "INCIDENT_KIND_", kind, "--kind"), people=people,
        government_project=government_project, serious_consequence=serious_consequence,
        source_agency=parse_enum(pb.SourceAgency, "SOURCE_AGENCY_", source, "--source"),
        description=description)


@incident_app.command("record")
def incident_record(
    ctx: typer.Context, year: Year, district: IncidentDistrict, date: IncidentDate,
    kind: Kind, source: Source, people: People = 0,
    government_project: GovernmentProject = False, serious_consequence: Serious = False,
    description: Description = "",
) -> None:
    """Record one incident or piece of information."""
    incident = _typed(district, date, kind, source, people, government_project,
                      serious_consequence, description)
    recorded = call(ctx, stub(ctx).RecordIncident, pb.RecordIncidentRequest(
        request_id=request_id(ctx), year=year, incident=incident)).incident
    render_record(_incident_rows([recorded])[0], title="Incident", output=state(ctx).output)


@incident_app.command("amend")
def incident_amend(
    ctx: typer.Context, year: Year,
    incident_id: Annotated[int, typer.Argument(help="The incident's id (incident list).")],
    reason: Annotated[str, typer.Option(help="Why it is corrected (required).")],
    district: IncidentDistrict, date: IncidentDate, kind: Kind, source: Source,
    people: People = 0, government_project: GovernmentProject = False,
    serious_consequence: Serious = False, description: Description = "",
) -> None:
    """Correct an incident entered wrongly; its earlier values stay in its history."""
    incident = _typed(district, date, kind, source, people, government_project,
                      serious_consequence, description)
    amended = call(ctx, stub(ctx).AmendIncident, pb.AmendIncidentRequest(
        request_id=request_id(ctx), year=year, id=incident_id, incident=incident,
        reason=reason)).incident
    render_record(_incident_rows([amended])[0], title="Incident", output=state(ctx).output)


@incident_app.command("withdraw")
def incident_withdraw(
    ctx: typer.Context, year: Year,
    incident_id: Annotated[int, typer.Argument(help="The incident's id (incident list).")],
    reason: Annotated[str, typer.Option(help="Why it is withdrawn (required).")],
) -> None:
    """Withdraw an incident entered by mistake: it stays listed, counts toward no rule."""
    show_correction(ctx, call(ctx, stub(ctx).WithdrawRecord, pb.WithdrawRecordRequest(
        request_id=request_id(ctx), year=year, kind=pb.RECORD_KIND_INCIDENT,
        incident_id=incident_id, reason=reason)).correction)


@incident_app.command("import", epilog=INCIDENTS.epilog("wage"))
def incident_import(ctx: typer.Context, year: Year, file: CsvFile) -> None:
    """Record the incidents of a CSV or .xlsx file, all or nothing.

    Every row is checked first and each problem named by its file line and column; then all
    rows are stored in one call, or none. Running the same file again stores nothing twice
    (the request id comes from the file's content; --request-id sets one).
    """
    read = INCIDENTS.read(file)
    recorded = read.send(ctx, stub(ctx).ImportIncidents, pb.ImportIncidentsRequest(
        request_id=read.request_id(ctx, str(year)), year=year,
        incidents=[_incident(row.values) for row in read.rows]), "incidents").incidents
    render(_incident_rows(recorded), columns=["id", "district", "date", "kind", "people",
                                              "government_project", "serious_consequence",
                                              "source"],
           title="Recorded incidents", output=state(ctx).output, key="incidents")


@incident_app.command("export")
def incident_export(
    ctx: typer.Context, year: Year,
    out: Annotated[Path | None, typer.Option(
        "--out", dir_okay=False, help="File to write: .xlsx for a workbook, else CSV (--bom "
                                      "for Excel); default standard output.")] = None,
    district: Annotated[str, typer.Option(help="Only this district.")] = "",
) -> None:
    """A year's incidents as a file `incident import` reads back (withdrawn ones left out)."""
    incidents = call(ctx, stub(ctx).ListIncidents, pb.ListIncidentsRequest(
        year=year, district=district)).incidents
    INCIDENTS.export(out, _incident_rows(i for i in incidents if not i.withdrawn))


@incident_app.command("list")
def incident_list(
    ctx: typer.Context, year: Year,
    district: Annotated[str, typer.Option(help="Only this district.")] = "",
) -> None:
    """A year's incidents."""
    incidents = call(ctx, stub(ctx).ListIncidents, pb.ListIncidentsRequest(
        year=year, district=district)).incidents
    render(_incident_rows(incidents), columns=["id", *INCIDENTS.header, "withdrawn"],
           title=f"Incidents {year}", output=state(ctx).output)


def flag(
    ctx: typer.Context, year: Year, district: District,
    name: FlagName,
    reason: Annotated[str, typer.Option(help="Why (required).")],
    value: Annotated[bool, typer.Option("--true/--false", help="Flag value.")] = True,
) -> None:
    """Set a qualitative flag of the comprehensive review (one the year's grade rules read)."""
    response = call(ctx, stub(ctx).SetReviewFlag, pb.SetReviewFlagRequest(
        request_id=request_id(ctx), year=year, district=district, flag_name=name,
        value=value, reason=reason))
    render_record({"district": response.district, "flag": response.flag_name,
                   "value": response.value, "set_by": response.set_by},
                  title="Review flag", output=state(ctx).output)

