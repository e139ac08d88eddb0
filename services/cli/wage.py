"""``cityscore wage``: the annual A/B/C assessment of the districts' wage-payment work.

The whole year from a shell: load a scheme file, open the year, submit self-checks from CSV,
record verifications and incidents, set review flags, grade, show the ranking with
explanations, export it as CSV, replay a grading, and follow commendations and rectification.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from google.protobuf import json_format
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

from cityscore.common.v1 import common_pb2
from cityscore.services.cli.context import call, reporting_failures, state, stderr
from cityscore.services.cli.csv_io import chunks, read_rows, with_progress
from cityscore.services.cli.output import render, render_record
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2_grpc as pb_grpc

app = typer.Typer(no_args_is_help=True, help="Wage-payment assessment of the districts (A/B/C): "
                                              "schemes, self-checks, verification, incidents, "
                                              "review, grades and consequences.")
scheme_app = typer.Typer(no_args_is_help=True, help="Assessment schemes (indicators, points).")
year_app = typer.Typer(no_args_is_help=True, help="Assessment years and their stages.")
selfcheck_app = typer.Typer(no_args_is_help=True, help="District self-checks.")
incident_app = typer.Typer(no_args_is_help=True,
                           help="Wage-arrears incidents and information from other departments.")
rectification_app = typer.Typer(no_args_is_help=True,
                                help="Written rectification reports of C districts.")
app.add_typer(scheme_app, name="scheme")
app.add_typer(year_app, name="year")
app.add_typer(selfcheck_app, name="selfcheck")
app.add_typer(incident_app, name="incident")
app.add_typer(rectification_app, name="rectification")

Year = Annotated[int, typer.Argument(help="Assessment year, e.g. 2018.")]
District = Annotated[str, typer.Argument(help="District code, e.g. pudong.")]
CsvFile = Annotated[Path, typer.Option("--file", "-f", exists=True, dir_okay=False,
                                       help="CSV file with a header row.")]

INCIDENT_COLUMNS = ("district", "date", "kind", "people", "government_project",
                    "serious_consequence", "source", "description")
#: Rows per streamed chunk: a few hundred kB with packed numeric columns, far below 4 MiB.
CHUNK_ROWS = 20_000
GRADE_LETTERS = {pb.GRADE_A: "A", pb.GRADE_B: "B", pb.GRADE_C: "C", pb.GRADE_UNSPECIFIED: ""}


def _stub(ctx: typer.Context) -> pb_grpc.WageAssessmentServiceStub:
    return pb_grpc.WageAssessmentServiceStub(state(ctx).connection.channel)


def _rid(ctx: typer.Context, suffix: str = "") -> str:
    """This invocation's request id; ``suffix`` tells apart its several mutations."""
    base = state(ctx).connection.request_id
    return f"{base}-{suffix}" if suffix else base


def _name(wrapper: EnumTypeWrapper, prefix: str, value: int) -> str:
    """The short lower-case name of an enum value, as the CLI shows and takes it."""
    return wrapper.Name(value).removeprefix(prefix).lower()


def _enum(wrapper: EnumTypeWrapper, prefix: str, text: str, hint: str) -> str:
    """The proto enum value name for a short name typed by a user (messages take names)."""
    names = [n.removeprefix(prefix).lower() for n, _value in wrapper.items()
             if not n.endswith("UNSPECIFIED")]
    if text.lower() not in names:
        raise typer.BadParameter(f"{text!r} is not one of {', '.join(names)}", param_hint=hint)
    return f"{prefix}{text.upper()}"


def _date(text: str, hint: str) -> common_pb2.Date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)",
                                 param_hint=hint) from None
    return common_pb2.Date(year=day.year, month=day.month, day=day.day)


def _show_date(value: common_pb2.Date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}" if value.year else ""


def _int(row: dict[str, str], column: str, line: int) -> int | None:
    text = row.get(column, "")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise typer.BadParameter(f"line {line}: {column} {text!r} is not a whole number"
                                 ) from None


def _flag(row: dict[str, str], column: str, line: int) -> bool:
    text = row.get(column, "").lower()
    if text not in ("", "0", "1", "true", "false", "yes", "no"):
        raise typer.BadParameter(f"line {line}: {column} {text!r} is not true/false")
    return text in ("1", "true", "yes")


def _item(row: dict[str, str], line: int, evidence: str = "") -> pb.ItemValue:
    message = pb.ItemValue(indicator_id=row["indicator"], value=_int(row, "value", line) or 0,
                           achieved_sub_points=[s for s in row.get("sub_points", "").split(";")
                                                if s], evidence=evidence)
    denominator = _int(row, "denominator", line)
    if denominator is not None:
        message.denominator = denominator
    return message


# --- schemes ------------------------------------------------------------------------------


def _read_scheme(path: Path) -> pb.Scheme:
    try:
        return json_format.Parse(path.read_text("utf-8"), pb.Scheme())
    except json_format.ParseError as error:
        raise typer.BadParameter(f"{path}: {error}") from None


@scheme_app.command("load")
def scheme_load(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="Scheme JSON (see data/schemes/).")],
    publish: Annotated[bool, typer.Option(help="Publish it right away.")] = False,
) -> None:
    """Store a scheme file as a draft (optionally publish it)."""
    scheme = call(ctx, _stub(ctx).CreateScheme, pb.CreateSchemeRequest(
        request_id=_rid(ctx, "create"), scheme=_read_scheme(path))).scheme
    if publish:
        scheme = call(ctx, _stub(ctx).PublishScheme, pb.PublishSchemeRequest(
            request_id=_rid(ctx, "publish"), version=scheme.version)).scheme
    _scheme_record(ctx, scheme)


def _scheme_record(ctx: typer.Context, scheme: pb.Scheme) -> None:
    render_record({"version": scheme.version, "year": scheme.year, "title": scheme.title,
                   "status": _name(pb.SchemeStatus, "SCHEME_STATUS_", scheme.status),
                   "indicators": len(scheme.indicators), "digest": scheme.digest},
                  title="Scheme", output=state(ctx).output)


@scheme_app.command("validate")
def scheme_validate(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Scheme JSON.")],
) -> None:
    """Check a scheme file (sums to 100, rule parameters) without storing it."""
    result = call(ctx, _stub(ctx).ValidateScheme,
                  pb.ValidateSchemeRequest(scheme=_read_scheme(path)))
    if result.valid:
        stderr.print(f"valid: {result.total_points} points", highlight=False)
        return
    render([{"field": p.field, "problem": p.description} for p in result.problems],
           columns=["field", "problem"], title="Problems", output=state(ctx).output)
    raise typer.Exit(3)


@scheme_app.command("publish")
def scheme_publish(ctx: typer.Context, version: str) -> None:
    """Freeze a draft scheme so that years can use it."""
    _scheme_record(ctx, call(ctx, _stub(ctx).PublishScheme, pb.PublishSchemeRequest(
        request_id=_rid(ctx), version=version)).scheme)


@scheme_app.command("show")
def scheme_show(ctx: typer.Context, version: str) -> None:
    """A scheme's indicators with their points and rules."""
    scheme = call(ctx, _stub(ctx).GetScheme, pb.GetSchemeRequest(version=version)).scheme
    render([{"id": i.id, "category": i.category, "max": i.max_points,
             "rule": _name(pb.RuleType, "RULE_TYPE_", i.rule_type),
             "on_site": i.verified_on_site, "name": i.name} for i in scheme.indicators],
           columns=["id", "category", "max", "rule", "on_site", "name"],
           title=f"Scheme {scheme.version} ({scheme.year})", output=state(ctx).output)


@scheme_app.command("list")
def scheme_list(ctx: typer.Context) -> None:
    """All schemes."""
    schemes = call(ctx, _stub(ctx).ListSchemes, pb.ListSchemesRequest()).schemes
    render([{"version": s.version, "year": s.year,
             "status": _name(pb.SchemeStatus, "SCHEME_STATUS_", s.status), "title": s.title}
            for s in schemes], columns=["version", "year", "status", "title"],
           title="Schemes", output=state(ctx).output)


# --- years --------------------------------------------------------------------------------


def _cycle_record(ctx: typer.Context, cycle: pb.Cycle) -> None:
    render_record({"year": cycle.year, "scheme": cycle.scheme_version,
                   "grade_rules": cycle.policy_version,
                   "stage": _name(pb.Stage, "STAGE_", cycle.stage),
                   "self_check_due": _show_date(cycle.self_check_due),
                   "districts": len(cycle.districts),
                   "self_checks": sum(1 for s in cycle.self_checks if s.submitted),
                   "late": ", ".join(s.district for s in cycle.self_checks if s.late),
                   "grading_run": cycle.grading_run},
                  title=f"Assessment year {cycle.year}", output=state(ctx).output)


@year_app.command("create")
def year_create(
    ctx: typer.Context, year: Year,
    scheme: Annotated[str, typer.Option(help="Scheme version for this year.")],
    due: Annotated[str | None, typer.Option(help="Self-check due date, YYYY-MM-DD.")] = None,
    grade_rules: Annotated[str, typer.Option(help="Grade-rule version (default: the one "
                                                  "covering the year).")] = "",
    district: Annotated[list[str] | None, typer.Option(
        help="Assessed unit (repeat); default the 16 districts.")] = None,
) -> None:
    """Open an assessment year in DRAFT."""
    request = pb.CreateCycleRequest(request_id=_rid(ctx), year=year, scheme_version=scheme,
                                    policy_version=grade_rules, districts=district or [])
    if due is not None:
        request.self_check_due.CopyFrom(_date(due, "--due"))
    _cycle_record(ctx, call(ctx, _stub(ctx).CreateCycle, request).cycle)


@year_app.command("show")
def year_show(ctx: typer.Context, year: Year) -> None:
    """A year's stage and who has submitted a self-check."""
    _cycle_record(ctx, call(ctx, _stub(ctx).GetCycle, pb.GetCycleRequest(year=year)).cycle)


@year_app.command("advance")
def year_advance(
    ctx: typer.Context, year: Year,
    stage: Annotated[str, typer.Argument(help="The next stage: self_check, "
                                              "on_site_verification, comprehensive_review, "
                                              "submitted, approved or published.")],
    note: Annotated[str, typer.Option(help="Why, or the approval reference.")] = "",
) -> None:
    """Move the year to its next stage."""
    target = _enum(pb.Stage, "STAGE_", stage, "STAGE")
    _cycle_record(ctx, call(ctx, _stub(ctx).AdvanceStage, pb.AdvanceStageRequest(
        request_id=_rid(ctx), year=year, target_stage=target, note=note)).cycle)


# --- self-check and verification ----------------------------------------------------------


@selfcheck_app.command("submit")
def selfcheck_submit(
    ctx: typer.Context, year: Year, district: District, file: CsvFile,
    report: Annotated[Path | None, typer.Option(exists=True, dir_okay=False,
                                                help="The self-check report (text).")] = None,
) -> None:
    """Submit (or revise) a district's self-check form from CSV.

    Columns: indicator, value, denominator, sub_points (";"-separated), evidence. In error
    details, items[k] is the k-th data row of the file, counted from 0.
    """
    rows = read_rows(file, ("indicator", "value"))
    items = [_item(row, k + 2, row.get("evidence", "")) for k, row in enumerate(rows)]
    response = call(ctx, _stub(ctx).SubmitSelfCheck, pb.SubmitSelfCheckRequest(
        request_id=_rid(ctx), year=year, district=district, items=items,
        report=report.read_text("utf-8") if report else ""))
    status = response.status
    render_record({"district": status.district, "items": response.items,
                   "revision": status.revision, "submitted_on": _show_date(status.submitted_on),
                   "late": status.late}, title="Self-check", output=state(ctx).output)


@selfcheck_app.command("import")
def selfcheck_import(ctx: typer.Context, year: Year, file: CsvFile) -> None:
    """Import the self-check values of many districts from one CSV, streamed in chunks.

    Columns: district, indicator, value, denominator, sub_points. Every row is checked before
    anything is stored; rows[k] in error details is the k-th data row, counted from 0.
    """
    rows = read_rows(file, ("district", "indicator", "value"))
    items = [_item(row, k + 2) for k, row in enumerate(rows)]
    request_id = _rid(ctx)

    def requests() -> Iterator[pb.ImportSelfChecksRequest]:
        for start, part in enumerate(chunks(items, CHUNK_ROWS)):
            first = start * CHUNK_ROWS
            yield pb.ImportSelfChecksRequest(
                request_id=request_id, year=year,
                districts=[r["district"] for r in rows[first:first + len(part)]],
                indicator_ids=[i.indicator_id for i in part], values=[i.value for i in part],
                denominators=[i.denominator if i.HasField("denominator") else -1
                              for i in part],
                sub_points=[";".join(i.achieved_sub_points) for i in part])

    connection = state(ctx).connection
    with reporting_failures():
        response = _stub(ctx).ImportSelfChecks(
            with_progress(requests(), len(items), "importing", lambda r: len(r.values)),
            timeout=connection.timeout, metadata=connection.metadata())
    render_record({"rows": response.rows, "districts": response.districts,
                   "late": response.late}, title="Self-check import", output=state(ctx).output)


@selfcheck_app.command("show")
def selfcheck_show(ctx: typer.Context, year: Year, district: District) -> None:
    """A district's items: self-check, verified and final values and scores."""
    result = call(ctx, _stub(ctx).GetDistrictAssessment, pb.GetDistrictAssessmentRequest(
        year=year, district=district))

    def value(v: pb.ItemValue) -> str:
        if v.achieved_sub_points:
            return ";".join(v.achieved_sub_points)
        return f"{v.value}/{v.denominator}" if v.HasField("denominator") else str(v.value)

    render([{"indicator": i.indicator_id, "max": i.max_points,
             "self_check": value(i.self_check) if i.HasField("self_check") else "",
             "verified": value(i.verification.value) if i.HasField("verification") else "",
             "method": _name(pb.VerificationMethod, "VERIFICATION_METHOD_",
                             i.verification.method) if i.HasField("verification") else "",
             "self_score": i.self_check_score, "final_score": i.final_score,
             "gap_flag": i.possible_falsification} for i in result.items],
           columns=["indicator", "max", "self_check", "verified", "method", "self_score",
                    "final_score", "gap_flag"],
           title=f"{district} {year}", output=state(ctx).output)
    for f in result.falsifications:
        stderr.print(f"criticised {_show_date(f.circulated_on)} for falsification "
                     f"({', '.join(f.indicator_ids)}): {f.description}", highlight=False)


@app.command("verify")
def verify(ctx: typer.Context, year: Year, district: District, file: CsvFile) -> None:
    """Record on-site verifications from CSV.

    Columns: indicator, value, denominator, sub_points, method (report_hearing, sampling,
    document_check, open_visit, covert_visit), team, note. In error details,
    verifications[k] is the k-th data row, counted from 0.
    """
    rows = read_rows(file, ("indicator", "value", "method"))
    verifications = [pb.Verification(
        value=_item(row, k + 2), team=row.get("team", ""), note=row.get("note", ""),
        method=_enum(pb.VerificationMethod, "VERIFICATION_METHOD_", row["method"],
                     f"line {k + 2} method")) for k, row in enumerate(rows)]
    response = call(ctx, _stub(ctx).RecordVerifications, pb.RecordVerificationsRequest(
        request_id=_rid(ctx), year=year, district=district, verifications=verifications))
    render_record({"recorded": response.recorded,
                   "possible_falsification": ", ".join(response.possible_falsification)},
                  title="Verification", output=state(ctx).output)


# --- incidents and review -----------------------------------------------------------------


def _incident(row: dict[str, str], line: int) -> pb.Incident:
    return pb.Incident(
        district=row["district"], incident_date=_date(row["date"], f"line {line} date"),
        kind=_enum(pb.IncidentKind, "INCIDENT_KIND_", row["kind"], f"line {line} kind"),
        people=_int(row, "people", line) or 0,
        government_project=_flag(row, "government_project", line),
        serious_consequence=_flag(row, "serious_consequence", line),
        source_agency=_enum(pb.SourceAgency, "SOURCE_AGENCY_", row["source"],
                            f"line {line} source"),
        description=row.get("description", ""))


def _incident_rows(incidents: Iterable[pb.Incident]) -> list[dict[str, Any]]:
    return [{"id": i.id, "district": i.district, "date": _show_date(i.incident_date),
             "kind": _name(pb.IncidentKind, "INCIDENT_KIND_", i.kind), "people": i.people,
             "government_project": i.government_project,
             "serious_consequence": i.serious_consequence,
             "source": _name(pb.SourceAgency, "SOURCE_AGENCY_", i.source_agency),
             "description": i.description} for i in incidents]


@incident_app.command("record")
def incident_record(
    ctx: typer.Context, year: Year,
    district: Annotated[str, typer.Option(help="District where the project or workplace is.")],
    date: Annotated[str, typer.Option(help="Incident date, YYYY-MM-DD.")],
    kind: Annotated[str, typer.Option(help="mass, extreme or information.")],
    source: Annotated[str, typer.Option(help="public_security_governance, police, petitions "
                                             "or assessment_team.")],
    people: Annotated[int, typer.Option(help="People involved.")] = 0,
    government_project: Annotated[bool, typer.Option(
        help="On a government-invested project.")] = False,
    serious_consequence: Annotated[bool, typer.Option(
        help="With serious consequences.")] = False,
    description: Annotated[str, typer.Option(help="What happened.")] = "",
) -> None:
    """Record one incident or piece of information."""
    incident = _incident({"district": district, "date": date, "kind": kind,
                          "people": str(people), "source": source,
                          "government_project": str(government_project),
                          "serious_consequence": str(serious_consequence),
                          "description": description}, 0)
    recorded = call(ctx, _stub(ctx).RecordIncident, pb.RecordIncidentRequest(
        request_id=_rid(ctx), year=year, incident=incident)).incident
    render_record(_incident_rows([recorded])[0], title="Incident", output=state(ctx).output)


@incident_app.command("import")
def incident_import(ctx: typer.Context, year: Year, file: CsvFile) -> None:
    """Record incidents from CSV, one call per row.

    Columns: district, date, kind (mass, extreme, information), people, government_project,
    serious_consequence, source (public_security_governance, police, petitions,
    assessment_team), description.
    """
    rows = read_rows(file, ("district", "date", "kind", "people", "source"))
    incidents = [_incident(row, k + 2) for k, row in enumerate(rows)]
    recorded = [call(ctx, _stub(ctx).RecordIncident, pb.RecordIncidentRequest(
        request_id=_rid(ctx, str(k)), year=year, incident=incident)).incident
        for k, incident in enumerate(incidents)]
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
    incidents = call(ctx, _stub(ctx).ListIncidents, pb.ListIncidentsRequest(
        year=year, district=district)).incidents
    render(_incident_rows(incidents), columns=["id", *INCIDENT_COLUMNS],
           title=f"Incidents {year}", output=state(ctx).output)


@app.command("flag")
def flag(
    ctx: typer.Context, year: Year, district: District,
    name: Annotated[str, typer.Argument(help="a_conditions_met, work_ineffective or "
                                             "serious_adverse_impact.")],
    reason: Annotated[str, typer.Option(help="Why (required).")],
    value: Annotated[bool, typer.Option("--true/--false", help="Flag value.")] = True,
) -> None:
    """Set a qualitative flag of the comprehensive review."""
    response = call(ctx, _stub(ctx).SetReviewFlag, pb.SetReviewFlagRequest(
        request_id=_rid(ctx), year=year, district=district,
        flag=_enum(pb.ReviewFlag, "REVIEW_FLAG_", name, "NAME"), value=value, reason=reason))
    render_record({"district": response.district,
                   "flag": _name(pb.ReviewFlag, "REVIEW_FLAG_", response.flag),
                   "value": response.value, "set_by": response.set_by},
                  title="Review flag", output=state(ctx).output)


# --- grading ------------------------------------------------------------------------------


@app.command("grade")
def grade(ctx: typer.Context, year: Year) -> None:
    """Score, rank and grade every district of the year."""
    result = call(ctx, _stub(ctx).GradeCycle, pb.GradeCycleRequest(request_id=_rid(ctx),
                                                                    year=year))
    render_record({"run": result.run, "A": result.distribution.a, "B": result.distribution.b,
                   "C": result.distribution.c, "ties": " | ".join(result.tie_reports),
                   "input_digest": result.input_digest},
                  title=f"Grading {year}", output=state(ctx).output)


def _rules_text(result: pb.GradeResult) -> str:
    return "; ".join(f"{r.rule}={'yes' if r.result else 'no'}" for r in result.rules)


@app.command("ranking")
def ranking(
    ctx: typer.Context, year: Year,
    explain: Annotated[bool, typer.Option(help="Add each grade's rule outcomes.")] = False,
    export: Annotated[Path | None, typer.Option(
        dir_okay=False, help="Also write the table, explanations included, to this CSV.")
    ] = None,
) -> None:
    """The ranking table with grades, the grade distribution and tie reports."""
    result = call(ctx, _stub(ctx).GetRanking, pb.GetRankingRequest(year=year))
    rows = [{"rank": r.rank, "district": r.district, "score": r.score,
             "grade": GRADE_LETTERS[r.grade], "decided_by": r.decided_by,
             "rules": _rules_text(r)} for r in result.results]
    columns = ["rank", "district", "score", "grade", "decided_by"] + (
        ["rules"] if explain else [])
    render(rows, columns=columns, title=f"Ranking {year} (run {result.run})",
           output=state(ctx).output)
    stderr.print(f"A {result.distribution.a} · B {result.distribution.b} · "
                 f"C {result.distribution.c}", highlight=False)
    for tie in result.tie_reports:
        stderr.print(f"tie: {tie}", highlight=False)
    if export is not None:
        _export(export, result)
        stderr.print(f"written: {export}", highlight=False)


def _export(path: Path, result: pb.GetRankingResponse) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["year", "rank", "district", "score", "grade", "decided_by",
                         "rules_version", "input_digest", "explanation"])
        for r in result.results:
            writer.writerow([result.year, r.rank, r.district, r.score, GRADE_LETTERS[r.grade],
                             r.decided_by, r.rules_version, r.input_digest, json.dumps(
                                 json_format.MessageToDict(r, preserving_proto_field_name=True)
                                 .get("rules", []), ensure_ascii=False)])


@app.command("explain")
def explain(ctx: typer.Context, year: Year, district: District) -> None:
    """One district's grade with every rule, its inputs, threshold and outcome."""
    result = call(ctx, _stub(ctx).GetRanking, pb.GetRankingRequest(year=year))
    found = next((r for r in result.results if r.district == district), None)
    if found is None:
        stderr.print(f"[bold red]error[/]: {district} has no grade in {year}", highlight=False)
        raise typer.Exit(4)
    render([{"rule": r.rule, "inputs": ", ".join(f"{k}={v}" for k, v in sorted(
        r.inputs.items())), "threshold": r.threshold, "result": r.result} for r in found.rules],
        columns=["rule", "inputs", "threshold", "result"],
        title=f"{district} {year}: {found.score} points, rank {found.rank}, grade "
              f"{GRADE_LETTERS[found.grade]} ({found.decided_by})", output=state(ctx).output)
    for note in found.notes:
        stderr.print(f"note: {note}", highlight=False)


@app.command("replay")
def replay(ctx: typer.Context, year: Year) -> None:
    """Recompute the latest grading from its stored inputs; exit 1 on any difference."""
    result = call(ctx, _stub(ctx).ReplayGrades, pb.ReplayGradesRequest(year=year))
    render_record({"run": result.run, "matches": result.matches,
                   "rules_version": result.rules_version, "stored_digest": result.stored_digest,
                   "recomputed_digest": result.recomputed_digest,
                   "differences": len(result.differences)},
                  title=f"Replay {year}", output=state(ctx).output)
    for d in result.differences:
        stderr.print(f"{d.district} {d.field}: stored {d.stored!r}, now {d.recomputed!r}",
                     highlight=False, markup=False)
    if not result.matches:
        raise typer.Exit(1)


# --- consequences and reports -------------------------------------------------------------


@app.command("commend")
def commend(
    ctx: typer.Context, year: Year,
    circular: Annotated[str, typer.Option(help="Reference of the commendation circular.")],
    date: Annotated[str, typer.Option(help="Date of issue, YYYY-MM-DD.")],
) -> None:
    """Record the circular commending every A district."""
    result = call(ctx, _stub(ctx).IssueCommendations, pb.IssueCommendationsRequest(
        request_id=_rid(ctx), year=year, circular=circular, issued_on=_date(date, "--date")))
    render([{"district": c.district, "circular": c.circular,
             "issued_on": _show_date(c.issued_on)} for c in result.commendations],
           columns=["district", "circular", "issued_on"], title="Commendations",
           output=state(ctx).output)


def _rectification_rows(items: Iterable[pb.Rectification]) -> list[dict[str, Any]]:
    return [{"district": r.district, "interview": _show_date(r.interview_date),
             "report_due": _show_date(r.report_due),
             "status": _name(pb.RectificationStatus, "RECTIFICATION_STATUS_", r.status),
             "received": _show_date(r.report_received_on),
             "on_time": r.on_time if r.report_received_on.year else "",
             "overdue": r.overdue} for r in items]


def _show_rectification(ctx: typer.Context, item: pb.Rectification) -> None:
    render_record(_rectification_rows([item])[0], title="Rectification",
                  output=state(ctx).output)


@app.command("interview")
def interview(
    ctx: typer.Context, year: Year, district: District,
    date: Annotated[str, typer.Option(help="Interview date, YYYY-MM-DD.")],
) -> None:
    """Record the interview of a C district; its written report is due 14 days later."""
    _show_rectification(ctx, call(ctx, _stub(ctx).ScheduleInterview, pb.ScheduleInterviewRequest(
        request_id=_rid(ctx), year=year, district=district,
        interview_date=_date(date, "--date"))).rectification)


@rectification_app.command("receive")
def rectification_receive(
    ctx: typer.Context, year: Year, district: District,
    date: Annotated[str | None, typer.Option(help="Day received (default today).")] = None,
) -> None:
    """Record receipt of a C district's written rectification report."""
    request = pb.RecordRectificationReportRequest(request_id=_rid(ctx), year=year,
                                                  district=district)
    if date is not None:
        request.received_on.CopyFrom(_date(date, "--date"))
    _show_rectification(ctx, call(ctx, _stub(ctx).RecordRectificationReport,
                                  request).rectification)


@rectification_app.command("accept")
def rectification_accept(ctx: typer.Context, year: Year, district: District) -> None:
    """Accept a received rectification report."""
    _show_rectification(ctx, call(ctx, _stub(ctx).AcceptRectificationReport,
                                  pb.AcceptRectificationReportRequest(
                                      request_id=_rid(ctx), year=year,
                                      district=district)).rectification)


@rectification_app.command("list")
def rectification_list(
    ctx: typer.Context,
    year: Annotated[int, typer.Option(help="Only this year (0: all).")] = 0,
    overdue: Annotated[bool, typer.Option(help="Only overdue reports.")] = False,
) -> None:
    """Rectification reports, or only the overdue ones."""
    result = call(ctx, _stub(ctx).ListRectifications, pb.ListRectificationsRequest(
        year=year, overdue_only=overdue))
    render(_rectification_rows(result.rectifications),
           columns=["district", "interview", "report_due", "status", "received", "on_time",
                    "overdue"], title="Rectification reports", output=state(ctx).output)


@app.command("falsification")
def falsification(
    ctx: typer.Context, year: Year, district: District,
    description: Annotated[str, typer.Option(help="What was falsified.")],
    date: Annotated[str, typer.Option(help="Date of the circulated criticism.")],
    indicator: Annotated[list[str] | None, typer.Option(help="Indicator (repeat).")] = None,
) -> None:
    """Record confirmed falsification as circulated criticism."""
    result = call(ctx, _stub(ctx).RecordFalsification, pb.RecordFalsificationRequest(
        request_id=_rid(ctx), year=year, district=district, indicator_ids=indicator or [],
        description=description, circulated_on=_date(date, "--date")))
    render_record({"id": result.id, "district": district}, title="Falsification",
                  output=state(ctx).output)


@app.command("history")
def history(ctx: typer.Context, district: District) -> None:
    """A district's score, rank and grade over the years."""
    result = call(ctx, _stub(ctx).GetDistrictHistory,
                  pb.GetDistrictHistoryRequest(district=district))
    render([{"year": y.year, "stage": _name(pb.Stage, "STAGE_", y.stage), "score": y.score,
             "rank": y.rank or "", "of": y.units, "grade": GRADE_LETTERS[y.grade]}
            for y in result.years], columns=["year", "stage", "score", "rank", "of", "grade"],
           title=f"{district} over the years", output=state(ctx).output)

