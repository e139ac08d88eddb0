"""``cityscore wage incident`` and ``flag``: wage-arrears incidents and the review's flags.

``flag`` is a command of ``cityscore wage`` itself; the package registers it.
"""

from __future__ import annotations

from collections.abc import Iterable
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
)
from cityscore.services.cli.context import call, state
from cityscore.services.cli.csv_io import numbered_rows
from cityscore.services.cli.imports import call_rows, content_request_id
from cityscore.services.cli.output import render, render_record
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

INCIDENT_COLUMNS = ("district", "date", "kind", "people", "government_project",
                    "serious_consequence", "source", "description")


def _incident(row: dict[str, str], line: int) -> pb.Incident:
    return pb.Incident(
        district=row["district"], incident_date=parse_date(row["date"], f"line {line} date"),
        kind=parse_enum(pb.IncidentKind, "INCIDENT_KIND_", row["kind"], f"line {line} kind"),
        people=csv_int(row, "people", line) or 0,
        government_project=csv_flag(row, "government_project", line),
        serious_consequence=csv_flag(row, "serious_consequence", line),
        source_agency=parse_enum(pb.SourceAgency, "SOURCE_AGENCY_", row["source"],
                                 f"line {line} source"),
        description=row.get("description", ""))


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
IncidentDate = Annotated[str, typer.Option(help="Incident date, YYYY-MM-DD.")]


def _typed(district: str, date: str, kind: str, source: str, people: int,
           government_project: bool, serious_consequence: bool, description: str
           ) -> pb.Incident:
    return _incident({"district": district, "date": date, "kind": kind,
                      "people": str(people), "source": source,
                      "government_project": str(government_project),
                      "serious_consequence": str(serious_consequence),
                      "description": description}, 0)


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


@incident_app.command("import")
def incident_import(ctx: typer.Context, year: Year, file: CsvFile) -> None:
    """Record the incidents of a CSV or .xlsx file, all or nothing.

    Columns: district, date, kind (mass, extreme, information), people, government_project,
    serious_consequence, source (public_security_governance, police, petitions,
    assessment_team), description. Every row is checked first and each problem named by its
    file line; then all rows are stored in one call, or none. Running the same file again
    stores nothing twice (the request id comes from the file's content).
    """
    data, rows = numbered_rows(file, ("district", "date", "kind", "people", "source"))
    problems: list[str] = []
    incidents: list[pb.Incident] = []
    for line, row in rows:
        try:
            incidents.append(_incident(row, line))
        except typer.BadParameter as error:
            hint = f"{error.param_hint}: " if error.param_hint else ""
            problems.append(f"{hint}{error.message}")
    if problems:
        raise typer.BadParameter("nothing was stored; fix these rows:\n" + "\n".join(problems))
    recorded = call_rows(ctx, stub(ctx).ImportIncidents, pb.ImportIncidentsRequest(
        request_id=content_request_id("incidents", str(year), data), year=year,
        incidents=incidents), "incidents", [line for line, _ in rows]).incidents
    render(_incident_rows(recorded), columns=["id", "district", "date", "kind", "people",
                                              "government_project", "serious_consequence",
                                              "source"],
           title="Recorded incidents", output=state(ctx).output)


@incident_app.command("list")
def incident_list(
    ctx: typer.Context, year: Year,
    district: Annotated[str, typer.Option(help="Only this district.")] = "",
) -> None:
    """A year's incidents."""
    incidents = call(ctx, stub(ctx).ListIncidents, pb.ListIncidentsRequest(
        year=year, district=district)).incidents
    render(_incident_rows(incidents), columns=["id", *INCIDENT_COLUMNS, "withdrawn"],
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

