"""``cityscore roads ...``: the rural road network, the annual condition survey and the
"Four Good Rural Roads" target report, for district road offices and the city commission."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterator, Sequence
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
    show_date,
    stub_for,
)
from cityscore.services.cli.context import call, reporting_failures, state, stderr
from cityscore.services.cli.csv_io import chunks, read_rows, with_progress
from cityscore.services.cli.output import OutputFormat, render, render_record

app = typer.Typer(no_args_is_help=True, help="Rural roads: network, condition surveys, PQI "
                                              "and the Four Good Rural Roads targets.")

NETWORK_BATCH = 2000
UNIT_COLUMNS = ("road", "start_m", "end_m")
# Optional upload columns of the condition indices (blank: not measured): SCI, BCI, TCI for
# MQI, bump counts for PBI and the wear ratio for PWI; structure_class (1-5, blank: none).
CONDITION_INPUTS = ("sci", "bci", "tci", "bumps_light", "bumps_medium", "bumps_heavy",
                    "wear_ratio_percent")
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
    effective_from: Annotated[str, typer.Option(help=(
        "YYYY-MM-DD the changes hold from (default: after the last closed year, or from the "
        "register's start)."))] = "",
) -> None:
    """Import the network register and the works records from CSV files: each change is a new
    version of its record, holding from --effective-from; nothing is overwritten."""
    stub = _stub(ctx)
    since = parse_date(effective_from, "--effective-from") if effective_from else None
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

    batches = [pb.ImportNetworkRequest(towns=towns, villages=villages, effective_from=since)]
    batches += [pb.ImportNetworkRequest(roads=list(b), effective_from=since)
                for b in chunks(roads, NETWORK_BATCH)]
    batches += [pb.ImportNetworkRequest(bridges=list(b), effective_from=since)
                for b in chunks(bridges, NETWORK_BATCH)]
    batches += [pb.ImportNetworkRequest(hazard_sites=list(b), effective_from=since)
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
            district_years=years, effective_from=since)),
              ("upgrade_projects", "district_years"))
    render([{"records": name, "created": c, "updated": u} for name, (c, u) in totals.items()],
           title="Imported", output=state(ctx).output)


AsOf = Annotated[str, typer.Option(help="YYYY-MM-DD: the register as it stood that day "
                                         "(default today).")]


def _pages(ctx: typer.Context, method: Any, request: Any, field: str) -> Iterator[Any]:
    """Every record of a paged list, page after page."""
    while True:
        page = call(ctx, method, request)
        yield from getattr(page, field)
        if not page.next_page_token:
            return
        request.page_token = page.next_page_token


def _list_request(kind: Any, district: str, as_of: str, **more: Any) -> Any:
    return kind(district=district, page_size=1000, **more,
                **({"as_of": parse_date(as_of, "--as-of")} if as_of else {}))


def _road(r: pb.Road) -> dict[str, Any]:
    return {"code": r.code, "district": r.district, "town": r.town, "name": r.name,
            "class": enum_label(pb.RoadClass, "ROAD_CLASS_", r.road_class),
            "grade": enum_label(pb.TechnicalGrade, "TECHNICAL_GRADE_", r.technical_grade),
            "surface": enum_label(pb.Surface, "SURFACE_", r.surface),
            "length_m": r.length_m, "width_m": r.width_m, "lanes": r.lanes}


def _town(t: pb.Town) -> dict[str, Any]:
    return {"code": t.code, "district": t.district, "name": t.name}


def _village(v: pb.Village) -> dict[str, Any]:
    return {"code": v.code, "district": v.district, "town": v.town, "name": v.name,
            "two_lane_road": v.has_two_lane_road, "bus_service": v.has_bus_service}


def _bridge(b: pb.Bridge) -> dict[str, Any]:
    return {"code": b.code, "district": b.district, "road": b.road, "name": b.name,
            "dangerous": b.dangerous}


def _hazard_site(h: pb.HazardSite) -> dict[str, Any]:
    return {"code": h.code, "district": h.district, "road": h.road,
            "kind": enum_label(pb.HazardKind, "HAZARD_KIND_", h.kind),
            "identified_year": h.identified_year,
            "remediated_year": h.remediated_year or None}


def _project(p: pb.UpgradeProject) -> dict[str, Any]:
    return {"code": p.code, "district": p.district,
            "kind": enum_label(pb.ProjectKind, "PROJECT_KIND_", p.kind),
            "length_km": p.length_km, "completed_year": p.completed_year,
            "first_handover_passed": p.first_handover_passed}


@app.command("roads")
def list_roads(ctx: typer.Context, district: District = "",
               town: Annotated[str, typer.Option(help="Town code.")] = "",
               as_of: AsOf = "") -> None:
    """List the roads of the register."""
    rows = [_road(r) for r in _pages(ctx, _stub(ctx).ListRoads, _list_request(
        pb.ListRoadsRequest, district, as_of, town=town), "roads")]
    render(rows, columns=list(_road(pb.Road())), title="Roads", output=state(ctx).output)


@app.command("towns")
def list_towns(ctx: typer.Context, district: District = "", as_of: AsOf = "") -> None:
    """List the towns of the register."""
    rows = [_town(t) for t in _pages(ctx, _stub(ctx).ListTowns, _list_request(
        pb.ListTownsRequest, district, as_of), "towns")]
    render(rows, columns=list(_town(pb.Town())), title="Towns", output=state(ctx).output)


@app.command("villages")
def list_villages(ctx: typer.Context, district: District = "", as_of: AsOf = "") -> None:
    """List the administrative villages with their two-lane road and bus service (T1, T6)."""
    rows = [_village(v) for v in _pages(ctx, _stub(ctx).ListVillages, _list_request(
        pb.ListVillagesRequest, district, as_of), "villages")]
    render(rows, columns=list(_village(pb.Village())), title="Villages",
           output=state(ctx).output)


@app.command("bridges")
def list_bridges(ctx: typer.Context, district: District = "", as_of: AsOf = "") -> None:
    """List the bridges, dangerous ones flagged (T8)."""
    rows = [_bridge(b) for b in _pages(ctx, _stub(ctx).ListBridges, _list_request(
        pb.ListBridgesRequest, district, as_of), "bridges")]
    render(rows, columns=list(_bridge(pb.Bridge())), title="Bridges",
           output=state(ctx).output)


@app.command("hazard-sites")
def list_hazard_sites(ctx: typer.Context, district: District = "", as_of: AsOf = "") -> None:
    """List the safety-hazard sites with the years identified and remediated (T11)."""
    rows = [_hazard_site(h) for h in _pages(ctx, _stub(ctx).ListHazardSites, _list_request(
        pb.ListHazardSitesRequest, district, as_of), "hazard_sites")]
    render(rows, columns=list(_hazard_site(pb.HazardSite())), title="Hazard sites",
           output=state(ctx).output)


@app.command("projects")
def list_projects(ctx: typer.Context, district: District = "", as_of: AsOf = "") -> None:
    """List the new-build, rebuild and upgrade projects (T10, T13)."""
    rows = [_project(p) for p in _pages(ctx, _stub(ctx).ListUpgradeProjects, _list_request(
        pb.ListUpgradeProjectsRequest, district, as_of), "upgrade_projects")]
    render(rows, columns=list(_project(pb.UpgradeProject())), title="Upgrade projects",
           output=state(ctx).output)


_SHOWN: dict[str, tuple[pb.RegisterKind, Callable[[Any], dict[str, Any]]]] = {
    "town": (pb.REGISTER_KIND_TOWN, _town), "village": (pb.REGISTER_KIND_VILLAGE, _village),
    "road": (pb.REGISTER_KIND_ROAD, _road), "bridge": (pb.REGISTER_KIND_BRIDGE, _bridge),
    "hazard-site": (pb.REGISTER_KIND_HAZARD_SITE, _hazard_site),
    "project": (pb.REGISTER_KIND_UPGRADE_PROJECT, _project)}


@app.command("show")
def show_record(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=", ".join(_SHOWN))],
    code: Annotated[str, typer.Argument(help="The record's code.")],
) -> None:
    """One record of the register with every version and the days each held."""
    if kind not in _SHOWN:
        raise typer.BadParameter(f"one of {', '.join(_SHOWN)}", param_hint="KIND")
    number, record = _SHOWN[kind]
    versions = call(ctx, _stub(ctx).ShowRegisterRecord, pb.ShowRegisterRecordRequest(
        kind=number, code=code)).versions
    render([{"valid_from": show_date(v.valid_from), "valid_to": show_date(v.valid_to),
             **record(getattr(v, v.WhichOneof("record"))), "recorded_by": v.recorded_by}
            for v in versions], title=f"{kind} {code}", output=state(ctx).output)


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
    chunk = pb.UploadSurveyUnitsRequest(
        year=year, chunk_index=index, road_codes=codes,
        road_index=[position[r["road"]] for r in rows],
        start_m=[_float(r, "start_m") for r in rows], end_m=[_float(r, "end_m") for r in rows],
        iri=[_float(r, "iri") for r in rows],
        rut_depth_mm=[_float(r, "rut_depth_mm") for r in rows],
        damage_ratio_percent=[_float(r, "damage_ratio_percent") for r in rows],
        distress_columns=list(distress),
        distress_amounts=[0.0 if math.isnan(v := _float(r, c)) else v
                          for r in rows for c in distress])
    for name in CONDITION_INPUTS:
        if name in rows[0]:
            getattr(chunk, name).extend(_float(r, name) for r in rows)
    if "structure_class" in rows[0]:
        chunk.structure_class.extend(_int(r, "structure_class") for r in rows)
    return chunk


@app.command("upload")
def upload(
    ctx: typer.Context, year: Year,
    file: Annotated[Path, typer.Argument(dir_okay=False, help=(
        "CSV: road,start_m,end_m[,iri,rut_depth_mm,damage_ratio_percent,sci,bci,tci,"
        "structure_class,bumps_light,bumps_medium,bumps_heavy,wear_ratio_percent] and one "
        "column per distress named code:severity (m² or m)."))],
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
            "rqi": a.rqi, "mqi": _number(a.mqi),
            "good_share_%": round(a.excellent_good_fair_share * 100, 2),
            "share_on": a.share_index,
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
            "rdi": show(u.rdi), "pbi": show(u.pbi), "pwi": show(u.pwi), "pqi": show(u.pqi),
            "sci": show(u.sci), "bci": show(u.bci), "tci": show(u.tci),
            "structure_class": u.structure_class or None, "mqi": show(u.mqi),
            "grade": GRADE_NAMES[u.grade],
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


def _number(value: float) -> float | None:
    """A raw value for programs: NaN (no value) is null."""
    return None if math.isnan(value) else value


def _target(t: pb.TargetResult, output: OutputFormat) -> dict[str, Any]:
    """A target as people read it in a table ("✘ FAIL", "80 in post"), and with raw values
    (numbers, status and trend names) for JSON and CSV."""
    if output is OutputFormat.TABLE:
        return {"target": t.code, "indicator": t.indicator, "value": t.display_value,
                "threshold": t.threshold, "status": STATUS_MARKS.get(t.status, ""),
                "trend": TREND_NAMES.get(t.trend, ""), "note": t.note}
    return {"target": t.code, "indicator": t.indicator, "clause": t.clause,
            "value": _number(t.value), "threshold": t.threshold,
            "status": enum_label(pb.TargetStatus, "TARGET_STATUS_", t.status),
            "trend": enum_label(pb.Trend, "TREND_", t.trend),
            "previous_value": _number(t.previous_value), "note": t.note}


@app.command("targets")
def target_report(ctx: typer.Context, year: Year, district: District = "") -> None:
    """Targets T1-T17 for a district (or the city) with pass/fail and the trend; a closed
    year shows its stored report."""
    response = call(ctx, _stub(ctx).GetTargetReport, pb.GetTargetReportRequest(
        year=year, district=district))
    output = state(ctx).output
    held = " (closed, stored report)" if response.closed else ""
    render([_target(t, output) for t in response.targets],
           title=f"Four Good Rural Roads targets {year} — {response.district or 'city'}: "
                 f"{response.failing} failing{held}", output=output)


@app.command("close-year")
def close_year(ctx: typer.Context, year: Year) -> None:
    """Close a year that has ended: store the city's and every district's target report;
    the register then changes only from the next year on (city office)."""
    response = call(ctx, _stub(ctx).CloseTargetYear, pb.CloseTargetYearRequest(
        request_id=request_id(ctx, "close-year"), year=year))
    render([{"district": r.district or "city", "failing": r.failing,
             "input_digest": r.input_digest} for r in response.reports],
           title=f"Target year {response.year} closed ({response.rule_version})",
           output=state(ctx).output)


@app.command("replay-targets")
def replay_targets(ctx: typer.Context, year: Year, district: District = "") -> None:
    """Recompute a closed year's target report from the register as it stood for the year
    and compare it bit for bit with the stored one."""
    response = call(ctx, _stub(ctx).ReplayTargets, pb.ReplayTargetsRequest(
        year=year, district=district))
    render_record({"matches": response.matches, "rule_version": response.rule_version,
                   "stored_input_digest": response.stored_input_digest,
                   "recomputed_input_digest": response.recomputed_input_digest,
                   "differences": "; ".join(response.differences)},
                  title="Target replay", output=state(ctx).output)
    if not response.matches:
        raise typer.Exit(1)
