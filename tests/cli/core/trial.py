"""A test-only area wired to the client's shared pieces exactly as a service module wires
them: an import kind (template, ``--help`` columns, checked reading), a request id from the
file, rows named by file line, a report as CSV or .xlsx with a chart, and one JSON document.

It imports wage-arrears incidents, whose server side stores a file all or nothing and answers
a repeated request id from its request log. ``trial_cli`` is the real root command with this
area added, so every global option works as it does for ``cityscore``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.services.cli import app as client
from cityscore.services.cli.common import (
    enum_label,
    proto_date,
    show_date,
    show_report,
    stub_for,
)
from cityscore.services.cli.context import call, state
from cityscore.services.cli.imports import send_in_chunks
from cityscore.services.cli.output import Chart, ReportFile, note, render
from cityscore.services.cli.templates import Column, ImportKind, add_template_command
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2_grpc as pb_grpc

INCIDENTS = ImportKind("incidents", "Wage-arrears incidents", (
    Column.text("district", "District code (cityscore districts)", "xuhui"),
    Column.date("date", "When it happened", "2018-04-02"),
    Column.enum("kind", "What it was", "mass", pb.IncidentKind, "INCIDENT_KIND_",
                aliases={"群体性": "mass", "极端": "extreme"}),
    Column.whole("people", "People involved", "60", unit="people"),
    Column.flag("government_project", "On a government-invested project"),
    Column.enum("source", "Who reported it", "police", pb.SourceAgency, "SOURCE_AGENCY_"),
    Column.text("description", "What happened", "工地工资拖欠", required=False),
), fields={"incident_date": "date", "source_agency": "source"})

stub = stub_for(pb_grpc.WageAssessmentServiceStub)
area = typer.Typer(no_args_is_help=True, help="Test-only imports and reports.")
add_template_command(area, INCIDENTS)


def _incident(values: dict[str, Any]) -> pb.Incident:
    return pb.Incident(
        district=values["district"], incident_date=proto_date(values["date"]),
        kind=values["kind"], people=values["people"],
        government_project=bool(values["government_project"]),
        source_agency=values["source"], description=values["description"] or "")


def _rows(incidents: list[pb.Incident]) -> list[dict[str, object]]:
    return [{"id": i.id, "district": i.district, "date": show_date(i.incident_date),
             "kind": enum_label(pb.IncidentKind, "INCIDENT_KIND_", i.kind),
             "people": i.people, "description": i.description} for i in incidents]


@area.command("import", epilog=INCIDENTS.epilog("trial"))
def import_incidents(
    ctx: typer.Context, year: Annotated[int, typer.Option(help="Assessment year.")],
    file: Annotated[Path, typer.Option(help="CSV or .xlsx; - for standard input.")],
) -> None:
    """Store a file of incidents, all or nothing."""
    read = INCIDENTS.read(file)
    incidents = [_incident(row.values) for row in read.rows]
    stored = read.send(ctx, stub(ctx).ImportIncidents, pb.ImportIncidentsRequest(
        request_id=read.request_id(ctx, str(year)), year=year, incidents=incidents),
        "incidents").incidents
    render(_rows(list(stored)), title="Stored", output=state(ctx).output, key="stored",
           warnings=[f"{row.line}: no description" for row in read.rows
                     if not row.values["description"]])


@area.command("import-chunked")
def import_in_chunks(
    ctx: typer.Context, year: Annotated[int, typer.Option(help="Assessment year.")],
    file: Annotated[Path, typer.Option(help="CSV or .xlsx; - for standard input.")],
    chunk: Annotated[int, typer.Option(help="Rows per call.")] = 2,
) -> None:
    """Store a file of incidents a few rows per call, each call all or nothing."""
    read = INCIDENTS.read(file)
    answers = send_in_chunks(
        ctx, stub(ctx).ImportIncidents, [_incident(row.values) for row in read.rows], chunk,
        "incidents", lambda part, rid: pb.ImportIncidentsRequest(
            request_id=rid, year=year, incidents=part),
        base_id=read.request_id(ctx, f"{year}-chunked"),
        field="incidents", lines=read.lines, columns=INCIDENTS.fields)
    render(_rows([i for answer in answers for i in answer.incidents]), title="Stored",
           output=state(ctx).output)


@area.command("export")
def export(
    ctx: typer.Context, year: Annotated[int, typer.Option(help="Assessment year.")],
    out: Annotated[Path | None, typer.Option(help=".xlsx or .csv file.")] = None,
) -> None:
    """A year's incidents as a file the import reads back."""
    found = call(ctx, stub(ctx).ListIncidents, pb.ListIncidentsRequest(year=year)).incidents
    INCIDENTS.export(out, [{
        "district": i.district, "date": show_date(i.incident_date),
        "kind": enum_label(pb.IncidentKind, "INCIDENT_KIND_", i.kind), "people": i.people,
        "government_project": i.government_project,
        "source": enum_label(pb.SourceAgency, "SOURCE_AGENCY_", i.source_agency),
        "description": i.description} for i in found])


@area.command("list")
def list_incidents(ctx: typer.Context,
                   year: Annotated[int, typer.Option(help="Assessment year.")]) -> None:
    """A year's incidents."""
    found = call(ctx, stub(ctx).ListIncidents, pb.ListIncidentsRequest(year=year)).incidents
    render(_rows(list(found)), title=f"Incidents {year}", output=state(ctx).output)


@area.command("report")
def report(ctx: typer.Context, year: Annotated[int, typer.Option(help="Assessment year.")],
           out: ReportFile = None) -> None:
    """People involved in incidents by district, with a chart comparing the districts."""
    found = call(ctx, stub(ctx).ListIncidents, pb.ListIncidentsRequest(year=year)).incidents
    people: Counter[str] = Counter()
    for incident in found:
        people[incident.district] += incident.people
    note("year", year)
    show_report(ctx, [{"district": d, "people": n, "share": n / sum(people.values())}
                      for d, n in sorted(people.items())],
                title=f"Incidents {year}", out=out, key="districts",
                chart=Chart(f"People involved {year}", "district", ["people"],
                            y_title="people"))


trial_cli = typer.Typer(cls=client.ClientGroup, no_args_is_help=True)
trial_cli.callback()(client.client_options)
trial_cli.command()(client.districts)
trial_cli.add_typer(area, name="trial")
