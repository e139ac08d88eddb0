"""``cityscore roads ...``: the rural road network, the annual condition survey and the
"Four Good Rural Roads" target report, for district road offices and the city commission."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.cli.common import (
    csv_output,
    enum_label,
    enum_or_unset,
    parse_date,
    request_id,
    stub_for,
)
from cityscore.services.cli.context import call, reporting_failures, state, stderr
from cityscore.services.cli.csv_io import chunks, read_rows, with_progress
from cityscore.services.cli.output import render, render_record

app = typer.Typer(no_args_is_help=True, help="Rural roads: network, condition surveys, PQI "
                                              "and the Four Good Rural Roads targets.")

NETWORK_BATCH = 2000
UNIT_COLUMNS = ("road", "start_m", "end_m")
GRADE_NAMES = {v: n.removeprefix("CONDITION_GRADE_").lower()
               for n, v in pb.ConditionGrade.items()}
STATUS_MARKS = {pb.TARGET_STATUS_PASS: "✔ pass", pb.TARGET_STATUS_FAIL: "✘ FAIL",
                pb.TARGET_STATUS_IN_PROGRESS: "… in progress",
                pb.TARGET_STATUS_NO_DATA: "? no data",
                pb.TARGET_STATUS_NOT_ASSESSED: "– not assessed"}
TREND_NAMES = {v: n.removeprefix("TREND_").lower().replace("_", " ")
               for n, v in pb.Trend.items()}
LEVELS = ("road", "town", "district", "city")

Year = Annotated[int, typer.Argument(help="Survey year, e.g. 2019.")]
District = Annotated[str, typer.Option(help="District code (district offices: their own).")]


_stub = stub_for(pb_grpc.RuralRoadsServiceStub)


def _float(row: dict[str, str], key: str) -> float:
    """A number from a CSV cell; blank means "not measured" (NaN)."""
    text = row.get(key, "")
    try:
        return float(text) if text else math.nan
    except ValueError:
        raise typer.BadParameter(f"column {key}: {text!r} is not a number") from None


def _zero(row: dict[str, str], key: str) -> float:
    """A length or count where blank means none."""
    value = _float(row, key)
    return 0.0 if math.isnan(value) else value


def _int(row: dict[str, str], key: str) -> int:
    value = _float(row, key)
    return 0 if math.isnan(value) else int(value)


def _bool(row: dict[str, str], key: str) -> bool:
    return row.get(key, "").lower() in ("yes", "y", "true", "1")


def _approved_on(row: dict[str, str]) -> dict[str, Any]:
    text = row.get("plan_approved_on", "")
    return {"plan_approved_on": parse_date(text, "plan_approved_on")} if text else {}


def _optional(directory: Path, name: str, required: Sequence[str]) -> list[dict[str, str]]:
    path = directory / name
    return read_rows(path, required) if path.exists() else []


@app.command("import-network")
def import_network(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(exists=True, file_okay=False, help=(
        "Folder with towns.csv, villages.csv, roads.csv, bridges.csv, hazard_sites.csv, "
        "upgrade_projects.csv, district_years.csv (each optional)."))],
) -> None:
    """Import the network register and the works records from CSV files (add or update)."""
    stub = _stub(ctx)
    towns = [pb.Town(code=r["code"], district=r["district"], name=r.get("name", ""))
             for r in _optional(directory, "towns.csv", ("code", "district"))]
    villages = [pb.Village(code=r["code"], town=r["town"], name=r.get("name", ""),
                           has_bus_service=_bool(r, "has_bus_service"),
                           has_two_lane_road=_bool(r, "has_two_lane_road"))
                for r in _optional(directory, "villages.csv", ("code", "town"))]
    roads = [pb.Road(code=r["code"], town=r["town"], name=r.get("name", ""),
                     road_class=enum_or_unset(pb.RoadClass, "ROAD_CLASS_", r["road_class"]),
                     technical_grade=enum_or_unset(pb.TechnicalGrade, "TECHNICAL_GRADE_",
                                                   r["technical_grade"]),
                     surface=enum_or_unset(pb.Surface, "SURFACE_", r["surface"]),
                     length_m=_float(r, "length_m"), width_m=_float(r, "width_m"),
                     lanes=_int(r, "lanes"), greenable_km=_zero(r, "greenable_km"),
                     greened_km=_zero(r, "greened_km"))
             for r in _optional(directory, "roads.csv", (
                 "code", "town", "road_class", "technical_grade", "surface", "length_m",
                 "width_m", "lanes"))]
    bridges = [pb.Bridge(code=r["code"], road=r["road"], name=r.get("name", ""),
                         dangerous=_bool(r, "dangerous"))
               for r in _optional(directory, "bridges.csv", ("code", "road"))]
    hazards = [pb.HazardSite(code=r["code"], road=r["road"],
                             kind=enum_or_unset(pb.HazardKind, "HAZARD_KIND_", r["kind"]),
                             identified_year=_int(r, "identified_year"),
                             remediated_year=_int(r, "remediated_year"))
               for r in _optional(directory, "hazard_sites.csv", ("code", "road", "kind"))]
    totals: dict[str, list[int]] = {}

    def count(response: Any, names: Sequence[str]) -> None:
        for name in names:
            got = getattr(response, name)
            created, updated = totals.setdefault(name, [0, 0])
            totals[name] = [created + got.created, updated + got.updated]

    batches = [pb.ImportNetworkRequest(towns=towns, villages=villages)]
    batches += [pb.ImportNetworkRequest(roads=list(b)) for b in chunks(roads, NETWORK_BATCH)]
    batches += [pb.ImportNetworkRequest(bridges=list(b)) for b in chunks(bridges, NETWORK_BATCH)]
    batches += [pb.ImportNetworkRequest(hazard_sites=list(b))
                for b in chunks(hazards, NETWORK_BATCH)]
    for i, request in enumerate(with_progress(batches, len(batches), "network")):
        request.request_id = request_id(ctx, f"net-{i}")
        count(call(ctx, stub.ImportNetwork, request),
              ("towns", "villages", "roads", "bridges", "hazard_sites"))
    projects = [pb.UpgradeProject(code=r["code"], district=r["district"],
                                  kind=enum_or_unset(pb.ProjectKind, "PROJECT_KIND_", r["kind"]),
                                  length_km=_float(r, "length_km"),
                                  completed_year=_int(r, "completed_year"),
                                  first_handover_passed=_bool(r, "first_handover_passed"))
                for r in _optional(directory, "upgrade_projects.csv", ("code", "district"))]
    years = [pb.DistrictYear(district=r["district"], year=_int(r, "year"),
                             specialists=_int(r, "specialists"),
                             major_medium_maintenance_km=_zero(r, "major_medium_maintenance_km"),
                             safety_works_identified=_int(r, "safety_works_identified"),
                             safety_works_remediated=_int(r, "safety_works_remediated"),
                             greenable_km=_zero(r, "greenable_km"),
                             greened_km=_zero(r, "greened_km"),
                             **_approved_on(r))
             for r in _optional(directory, "district_years.csv", ("district", "year"))]
    if projects or years:
        count(call(ctx, stub.RecordWorks, pb.RecordWorksRequest(
            request_id=request_id(ctx, "works"), upgrade_projects=projects,
            district_years=years)), ("upgrade_projects", "district_years"))
    render([{"records": name, "created": c, "updated": u} for name, (c, u) in totals.items()],
           title="Imported", output=state(ctx).output)


@app.command("roads")
def list_roads(ctx: typer.Context, district: District = "",
               town: Annotated[str, typer.Option(help="Town code.")] = "") -> None:
    """List the roads of the register."""
    stub, token, rows = _stub(ctx), "", []
    while True:
        page = call(ctx, stub.ListRoads, pb.ListRoadsRequest(
            district=district, town=town, page_size=1000, page_token=token))
        rows += [{"code": r.code, "district": r.district, "town": r.town,
                  "class": enum_label(pb.RoadClass, "ROAD_CLASS_", r.road_class),
                  "surface": enum_label(pb.Surface, "SURFACE_", r.surface),
                  "length_m": r.length_m, "width_m": r.width_m} for r in page.roads]
        token = page.next_page_token
        if not token:
            break
    render(rows, title="Roads", output=state(ctx).output)


def _survey_record(survey: pb.Survey) -> dict[str, Any]:
    return {"year": survey.year,
            "state": enum_label(pb.SurveyState, "SURVEY_STATE_", survey.state),
            "units": survey.units, "evaluated_km": round(survey.evaluated_km, 3),
            "next_chunk": survey.next_chunk_index, "note": survey.note}


@app.command("create-survey")
def create_survey(ctx: typer.Context, year: Year,
                  note: Annotated[str, typer.Option(help="Free text.")] = "") -> None:
    """Open the condition survey of a year (city office)."""
    survey = call(ctx, _stub(ctx).CreateSurvey, pb.CreateSurveyRequest(
        request_id=request_id(ctx, "create"), year=year, note=note)).survey
    render_record(_survey_record(survey), title="Survey", output=state(ctx).output)


@app.command("surveys")
def list_surveys(ctx: typer.Context) -> None:
    """List the surveys with their upload progress."""
    surveys = call(ctx, _stub(ctx).ListSurveys, pb.ListSurveysRequest()).surveys
    render([_survey_record(s) for s in surveys], columns=list(_survey_record(pb.Survey())),
           title="Surveys", output=state(ctx).output)


def _chunk(year: int, index: int, rows: Sequence[dict[str, str]],
           distress: Sequence[str]) -> pb.UploadSurveyUnitsRequest:
    codes = sorted({r["road"] for r in rows})
    position = {c: i for i, c in enumerate(codes)}
    return pb.UploadSurveyUnitsRequest(
        year=year, chunk_index=index, road_codes=codes,
        road_index=[position[r["road"]] for r in rows],
        start_m=[_float(r, "start_m") for r in rows], end_m=[_float(r, "end_m") for r in rows],
        iri=[_float(r, "iri") for r in rows],
        rut_depth_mm=[_float(r, "rut_depth_mm") for r in rows],
        damage_ratio_percent=[_float(r, "damage_ratio_percent") for r in rows],
        distress_columns=list(distress),
        distress_amounts=[0.0 if math.isnan(v := _float(r, c)) else v
                          for r in rows for c in distress])


@app.command("upload")
def upload(
    ctx: typer.Context, year: Year,
    file: Annotated[Path, typer.Argument(dir_okay=False, help=(
        "CSV: road,start_m,end_m[,iri,rut_depth_mm,damage_ratio_percent] and one column per "
        "distress named code:severity (m² or m)."))],
    chunk_size: Annotated[int, typer.Option(min=1, max=20000, help="Units per chunk.")] = 5000,
    first_chunk: Annotated[int | None, typer.Option(min=0, help=(
        "Number this file's chunks from here; to resume an interrupted upload, give the first "
        "chunk it printed (chunks already stored with the same content are skipped)."))] = None,
) -> None:
    """Upload a survey's evaluation units in numbered chunks, with a progress bar.

    A new upload numbers its chunks after those already in the survey (other offices' too).
    """
    stub = _stub(ctx)
    rows = read_rows(file, UNIT_COLUMNS)
    if not rows:
        raise typer.BadParameter(f"{file} has no units")
    distress = [c for c in rows[0] if ":" in c]  # the header's distress columns, in order
    base = first_chunk if first_chunk is not None else call(
        ctx, stub.GetSurvey, pb.GetSurveyRequest(year=year)).survey.next_chunk_index
    batches = list(chunks(rows, chunk_size))
    stderr.print(f"chunks {base} to {base + len(batches) - 1} "
                 f"(resume with --first-chunk {base})")

    def requests() -> Iterator[pb.UploadSurveyUnitsRequest]:
        for i, batch in enumerate(with_progress(batches, len(rows), "units", weight=len)):
            chunk = _chunk(year, base + i, batch, distress)
            chunk.request_id = request_id(ctx, f"chunk-{base + i}")
            yield chunk

    response = call(ctx, stub.UploadSurveyUnits, requests(),
                    timeout=max(state(ctx).connection.timeout, 60.0 + len(rows) / 2000))
    render_record({"chunks_stored": response.chunks_stored,
                   "chunks_skipped": response.chunks_skipped,
                   "units_scored": response.units_scored,
                   "next_chunk": response.next_chunk_index}, title="Upload",
                  output=state(ctx).output)


def _provenance(p: pb.ReportProvenance) -> dict[str, Any]:
    return {"rule_version": p.rule_version, "parameter_sets": ", ".join(p.parameter_sets),
            "input_digest": p.input_digest, "result_digest": p.result_digest}


def _aggregate(a: pb.Aggregate) -> dict[str, Any]:
    return {"key": a.key or "city", "district": a.district, "pqi": a.pqi, "pci": a.pci,
            "rqi": a.rqi, "good_share_%": round(a.excellent_good_fair_share * 100, 2),
            "grade": GRADE_NAMES[a.grade], "evaluated_km": a.evaluated_km, "units": a.units,
            "pci_not_measured_km": a.pci_unmeasured_km,
            "rqi_not_measured_km": a.rqi_unmeasured_km}


@app.command("close-survey")
def close_survey(ctx: typer.Context, year: Year) -> None:
    """Close a survey: aggregate and store its report with provenance (city office)."""
    response = call(ctx, _stub(ctx).CloseSurvey, pb.CloseSurveyRequest(
        request_id=request_id(ctx, "close"), year=year))
    render_record({**_survey_record(response.survey), **_aggregate(response.city),
                   **_provenance(response.provenance)}, title="Closed survey",
                  output=state(ctx).output)


@app.command("report")
def survey_report(
    ctx: typer.Context, year: Year,
    level: Annotated[str, typer.Option(help="road, town, district or city.")] = "district",
    district: District = "",
) -> None:
    """Length-weighted PQI and excellent/good/fair share of a closed survey."""
    if level not in LEVELS:
        raise typer.BadParameter(f"one of {', '.join(LEVELS)}", param_hint="--level")
    response = call(ctx, _stub(ctx).GetSurveyReport, pb.GetSurveyReportRequest(
        year=year, level=f"AGGREGATION_LEVEL_{level.upper()}", district=district))
    render([_aggregate(a) for a in response.aggregates], title=f"Survey {year} by {level}",
           output=state(ctx).output)


@app.command("replay")
def replay(ctx: typer.Context, year: Year) -> None:
    """Recompute a closed survey's report from its stored inputs and compare bit for bit."""
    response = call(ctx, _stub(ctx).ReplaySurveyReport, pb.ReplaySurveyReportRequest(year=year))
    render_record({"matches": response.matches, **_provenance(response.recomputed),
                   "differences": "; ".join(response.differences)}, title="Replay",
                  output=state(ctx).output)
    if not response.matches:
        raise typer.Exit(1)


def _unit(u: pb.Unit) -> dict[str, Any]:
    def show(value: float) -> float | None:
        return None if math.isnan(value) else value

    return {"road": u.road, "district": u.district, "start_m": u.start_m, "end_m": u.end_m,
            "dr_%": show(round(u.damage_ratio_percent, 4)), "iri": show(u.iri),
            "rut_mm": show(u.rut_depth_mm), "pci": show(u.pci), "rqi": show(u.rqi),
            "rdi": show(u.rdi), "pqi": show(u.pqi), "grade": GRADE_NAMES[u.grade],
            "parameter_set": u.parameter_set}


@app.command("worst")
def worst_units(
    ctx: typer.Context, year: Year,
    road: Annotated[str, typer.Option(help="Road code.")] = "", district: District = "",
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
) -> None:
    """The units with the lowest PQI, on one road or in one district."""
    units = call(ctx, _stub(ctx).ListWorstUnits, pb.ListWorstUnitsRequest(
        year=year, road=road, district=district, limit=limit)).units
    render([_unit(u) for u in units], columns=list(_unit(pb.Unit())),
           title=f"Worst units {year}", output=state(ctx).output)


@app.command("export")
def export_units(
    ctx: typer.Context, year: Year, district: District = "",
    file: Annotated[Path | None, typer.Option(dir_okay=False, help="CSV file (default stdout).")
                    ] = None,
) -> None:
    """Export every scored unit of a survey as CSV."""
    stub = _stub(ctx)
    columns = list(_unit(pb.Unit()))
    written = 0
    with csv_output(file) as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        with reporting_failures():
            for page in stub.ExportSurveyUnits(
                    pb.ExportSurveyUnitsRequest(year=year, district=district),
                    timeout=max(state(ctx).connection.timeout, 300.0),
                    metadata=state(ctx).connection.metadata()):
                writer.writerows(_unit(u) for u in page.units)
                written += len(page.units)
    stderr.print(f"{written} units exported")


@app.command("targets")
def target_report(ctx: typer.Context, year: Year, district: District = "") -> None:
    """Targets T1-T17 for a district (or the city) with pass/fail and the trend."""
    response = call(ctx, _stub(ctx).GetTargetReport, pb.GetTargetReportRequest(
        year=year, district=district))
    render([{"target": t.code, "indicator": t.indicator, "value": t.display_value,
             "threshold": t.threshold, "status": STATUS_MARKS.get(t.status, ""),
             "trend": TREND_NAMES.get(t.trend, ""), "note": t.note}
            for t in response.targets],
           title=f"Four Good Rural Roads targets {year} — {response.district or 'city'}: "
                 f"{response.failing} failing", output=state(ctx).output)
