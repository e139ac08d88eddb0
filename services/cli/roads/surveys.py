"""The annual condition survey: opened, its evaluation units uploaded in numbered chunks (one
import kind, CSV or .xlsx), closed into a stored report of PQI by road, town, district and the
city, replayed, and its units listed and exported as the file the upload reads back."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.services.cli import operations
from cityscore.services.cli.common import enum_label, request_id, show_replay, show_report
from cityscore.services.cli.context import (
    call,
    every_page,
    option_flags,
    reporting_failures,
    state,
    stderr,
)
from cityscore.services.cli.csv_io import chunks, with_progress
from cityscore.services.cli.imports import remembered_start
from cityscore.services.cli.output import (
    Chart,
    OutputFormat,
    ReportFile,
    export_rows,
    render,
    render_record,
)
from cityscore.services.cli.roads.shared import (
    District,
    Year,
    app,
    number,
    stub,
)
from cityscore.services.cli.templates import Column, ImportFile, ImportKind, ImportRow

#: Distress columns of the upload, ``code:severity``, by the unit their amount is recorded in
#: (JTG 5210-2018 §5 tables and the gravel rows, as the domain's pavement distress weights
#: list them). The amount of a unit is m² of area or m of length; blank is none.
AREA_DISTRESSES = (
    "alligator_cracking:light", "alligator_cracking:medium", "alligator_cracking:heavy",
    "block_cracking:light", "block_cracking:heavy", "pothole:light", "pothole:heavy",
    "ravelling:light", "ravelling:heavy", "depression:light", "depression:heavy",
    "corrugation_shoving:light", "corrugation_shoving:heavy", "bleeding:none", "patching:none",
    "shattered_slab:light", "shattered_slab:heavy", "corner_break:light",
    "corner_break:medium", "corner_break:heavy", "blow_up:none", "pothole:none",
    "exposed_aggregate:none", "depression:none", "corrugation_washboard:none")
LENGTH_DISTRESSES = (
    "longitudinal_crack:light", "longitudinal_crack:heavy", "transverse_crack:light",
    "transverse_crack:heavy", "rutting:light", "rutting:heavy", "crack:light", "crack:medium",
    "crack:heavy", "faulting:light", "faulting:heavy", "spalling:light", "spalling:medium",
    "spalling:heavy", "joint_seal_damage:light", "joint_seal_damage:heavy", "pumping:none",
    "improper_crown:none", "rutting:none")
#: Optional condition-index inputs (blank: not measured): SCI, BCI, TCI for MQI, bump counts
#: for PBI and the wear ratio for PWI.
CONDITION_INPUTS = ("sci", "bci", "tci", "bumps_light", "bumps_medium", "bumps_heavy",
                    "wear_ratio_percent")

UNITS = ImportKind("units", "Evaluation units of a condition survey", (
    Column.text("road", "Road code", "R1"),
    Column.number("start_m", "Start chainage", "0", unit="m"),
    Column.number("end_m", "End chainage", "1000", unit="m"),
    Column.number("iri", "International roughness index (blank: not measured)", "2.8",
                  unit="m/km", required=False),
    Column.number("rut_depth_mm", "Rut depth (blank: not measured)", "6", unit="mm",
                  required=False),
    Column.number("damage_ratio_percent", "Damage ratio DR, when no distress is recorded",
                  "0.8", unit="%", required=False),
    Column.number("sci", "Subgrade condition index (MQI)", "100", required=False),
    Column.number("bci", "Bridge and culvert condition index (MQI)", "100", required=False),
    Column.number("tci", "Roadside facilities condition index (MQI)", "100", required=False),
    Column.whole("structure_class", "Worst bridge or tunnel class on the unit, 1-5 (blank: "
                 "none; 5 gives MQI 0)", "1", required=False),
    Column.number("bumps_light", "Light bumps (PBI)", "0", unit="bumps", required=False),
    Column.number("bumps_medium", "Medium bumps (PBI)", "0", unit="bumps", required=False),
    Column.number("bumps_heavy", "Heavy bumps (PBI)", "0", unit="bumps", required=False),
    Column.number("wear_ratio_percent", "Wear ratio (PWI)", "0.5", unit="%", required=False),
    *(Column.number(name, "Distressed area", "12.5" if name == "pothole:light" else "0",
                    unit="m²", required=False) for name in AREA_DISTRESSES),
    *(Column.number(name, "Distressed length", "0", unit="m", required=False)
      for name in LENGTH_DISTRESSES),
), notes="One row per evaluation unit (1000 m, the last one of a road shorter).\n"
         "Distress columns are named code:severity and hold the unit's amount in m² (areas) "
         "or m (cracks and other linear distresses); blank is none. Keep only the columns you "
         "measured: a condition column left out is not measured.")
DISTRESS_COLUMNS = (*AREA_DISTRESSES, *LENGTH_DISTRESSES)


def _survey_record(survey: pb.Survey) -> dict[str, Any]:
    return {"year": survey.year,
            "state": enum_label(pb.SurveyState, "SURVEY_STATE_", survey.state),
            "units": survey.units, "evaluated_km": round(survey.evaluated_km, 3),
            "next_chunk": survey.next_chunk_index, "note": survey.note}


@app.command("create-survey")
def create_survey(ctx: typer.Context, year: Year,
                  note: Annotated[str, typer.Option(help="Free text.")] = "") -> None:
    """Open the condition survey of a year (city office)."""
    survey = call(ctx, stub(ctx).CreateSurvey, pb.CreateSurveyRequest(
        request_id=request_id(ctx, "create"), year=year, note=note)).survey
    render_record(_survey_record(survey), title="Survey", output=state(ctx).output)


@app.command("surveys")
def list_surveys(ctx: typer.Context) -> None:
    """List the surveys with their upload progress."""
    surveys = call(ctx, stub(ctx).ListSurveys, pb.ListSurveysRequest()).surveys
    render([_survey_record(s) for s in surveys], columns=list(_survey_record(pb.Survey())),
           title="Surveys", output=state(ctx).output)


def _nan(value: float | None) -> float:
    """A measurement as the service takes it: NaN is "not measured"."""
    return math.nan if value is None else value


def _measured(read: ImportFile) -> list[str]:
    """The optional columns the file measured: its condition columns, and its distress
    columns that hold an amount (0 too) in some row; a distress column left blank throughout
    records nothing, so the damage ratio, if given, stands."""
    header = read.rows[0].cells
    return [name for name in UNITS.header if name in header and (
        name not in DISTRESS_COLUMNS or any(row.values[name] is not None
                                            for row in read.rows))]


def _chunk(year: int, index: int, rows: Sequence[ImportRow], present: Sequence[str]
           ) -> pb.UploadSurveyUnitsRequest:
    """The units of ``rows`` as one chunk; only the file's own optional columns (``present``)
    go with it, so a column the file leaves out stays "not measured"."""
    codes = sorted({r.values["road"] for r in rows})
    position = {c: i for i, c in enumerate(codes)}
    distress = [c for c in DISTRESS_COLUMNS if c in present]
    chunk = pb.UploadSurveyUnitsRequest(
        year=year, chunk_index=index, road_codes=codes,
        road_index=[position[r.values["road"]] for r in rows],
        start_m=[r.values["start_m"] for r in rows], end_m=[r.values["end_m"] for r in rows],
        iri=[_nan(r.values["iri"]) for r in rows],
        rut_depth_mm=[_nan(r.values["rut_depth_mm"]) for r in rows],
        damage_ratio_percent=[_nan(r.values["damage_ratio_percent"]) for r in rows],
        distress_columns=distress,
        distress_amounts=[r.values[c] or 0.0 for r in rows for c in distress])
    for name in CONDITION_INPUTS:
        if name in present:
            getattr(chunk, name).extend(_nan(r.values[name]) for r in rows)
    if "structure_class" in present:
        chunk.structure_class.extend(r.values["structure_class"] or 0 for r in rows)
    return chunk


@app.command("upload", epilog=UNITS.epilog("roads"))
def upload(
    ctx: typer.Context, year: Year,
    file: Annotated[Path, typer.Argument(dir_okay=False, help=(
        "CSV (UTF-8 or GBK) or .xlsx of the units, - for standard input; the columns are "
        "listed below (cityscore roads template units)."))],
    chunk_size: Annotated[int, typer.Option(min=1, max=20000, help="Units per chunk.")] = 5000,
    first_chunk: Annotated[int | None, typer.Option(min=0, help=(
        "Number this file's chunks from here; to resume an interrupted upload, give the first "
        "chunk it printed (chunks already stored with the same content are skipped)."))] = None,
) -> None:
    """Upload a survey's evaluation units in numbered chunks, with a progress bar.

    A new upload numbers its chunks after those already in the survey (other offices' too);
    the same file sent again from this computer keeps its numbers, so re-running it after a
    timeout stores nothing twice.
    """
    read = UNITS.read(file)
    present = _measured(read)
    base = first_chunk if first_chunk is not None else remembered_start(
        read.request_id(ctx, str(year)), lambda: call(
            ctx, stub(ctx).GetSurvey, pb.GetSurveyRequest(year=year)).survey.next_chunk_index)
    batches = list(chunks(read.rows, chunk_size))
    stderr.print(f"chunks {base} to {base + len(batches) - 1} "
                 f"(resume with --first-chunk {base})", highlight=False)

    def requests() -> Iterator[pb.UploadSurveyUnitsRequest]:
        for i, batch in enumerate(with_progress(batches, len(read.rows), "units", weight=len)):
            chunk = _chunk(year, base + i, batch, present)
            chunk.request_id = read.request_id(ctx, str(year), f"chunk-{base + i}")
            yield chunk

    response = call(ctx, stub(ctx).UploadSurveyUnits, requests(),
                    timeout=max(state(ctx).connection.timeout, 60.0 + len(read.rows) / 2000))
    render_record({"chunks_stored": response.chunks_stored,
                   "chunks_skipped": response.chunks_skipped,
                   "units_scored": response.units_scored,
                   "next_chunk": response.next_chunk_index}, title="Upload",
                  output=state(ctx).output)


def _provenance(p: pb.ReportProvenance) -> dict[str, Any]:
    return {"rule_version": p.rule_version, "parameter_sets": ", ".join(p.parameter_sets),
            "input_digest": p.input_digest, "result_digest": p.result_digest}


GRADE_NAMES = {v: n.removeprefix("CONDITION_GRADE_").lower()
               for n, v in pb.ConditionGrade.items()}


def _aggregate(a: pb.Aggregate) -> dict[str, Any]:
    return {"key": a.key or "city", "district": a.district, "pqi": a.pqi, "pci": a.pci,
            "rqi": a.rqi, "mqi": number(a.mqi),
            "good_share_%": round(a.excellent_good_fair_share * 100, 2),
            "share_on": a.share_index,
            "grade": GRADE_NAMES[a.grade], "evaluated_km": a.evaluated_km, "units": a.units,
            "pci_not_measured_km": a.pci_unmeasured_km,
            "rqi_not_measured_km": a.rqi_unmeasured_km}


@app.command("close-survey")
def close_survey(ctx: typer.Context, year: Year, no_wait: operations.NoWait = False) -> None:
    """Close a survey: aggregate and store its report with provenance (city office). The
    server runs it as an operation, waited for with a progress bar."""
    response = operations.start(ctx, stub(ctx).StartCloseSurvey, pb.StartCloseSurveyRequest(
        request_id=request_id(ctx, "close"), year=year), pb.CloseSurveyResponse,
        label=f"closing survey {year}", no_wait=no_wait)
    if response is None:
        return
    render_record({**_survey_record(response.survey), **_aggregate(response.city),
                   **_provenance(response.provenance)}, title="Closed survey",
                  output=state(ctx).output)


class Level(enum.StrEnum):
    ROAD = "road"
    TOWN = "town"
    DISTRICT = "district"
    CITY = "city"


@app.command("report")
def survey_report(
    ctx: typer.Context, year: Year,
    level: Annotated[Level, typer.Option(help="What each row is.")] = Level.DISTRICT,
    district: District = "", out: ReportFile = None,
) -> None:
    """Length-weighted PQI (PCI, RQI) and excellent/good/fair share of a closed survey; by
    district it is the district PQI report, and --out report.xlsx charts the districts."""
    response = call(ctx, stub(ctx).GetSurveyReport, pb.GetSurveyReportRequest(
        year=year, level=f"AGGREGATION_LEVEL_{level.upper()}", district=district))
    rows = [_aggregate(a) for a in response.aggregates]
    show_report(ctx, rows, title=f"Survey {year} by {level}", out=out,
                columns=list(_aggregate(pb.Aggregate())), key=f"{level}s",
                chart=Chart(f"PQI {year} by {level}", "key", ["pqi", "pci", "rqi"],
                            y_title="index (0-100)"))


@app.command("replay")
def replay(ctx: typer.Context, year: Year) -> None:
    """Recompute a closed survey's report from its stored inputs and compare bit for bit;
    exits 9 with the differences when it does not reproduce the stored one."""
    response = call(ctx, stub(ctx).ReplaySurveyReport,
                    pb.ReplaySurveyReportRequest(year=year))
    show_replay(ctx, {"matches": response.matches, **_provenance(response.recomputed),
                      "differences": list(response.differences)})


def _scores(u: pb.Unit) -> dict[str, Any]:
    return {"district": u.district, "pci": number(u.pci), "rqi": number(u.rqi),
            "rdi": number(u.rdi), "pbi": number(u.pbi), "pwi": number(u.pwi),
            "pqi": number(u.pqi), "mqi": number(u.mqi), "grade": GRADE_NAMES[u.grade],
            "parameter_set": u.parameter_set}


def _inputs(u: pb.Unit) -> dict[str, Any]:
    """A unit's measurements in the upload's columns (its damage ratio standing for the
    distresses it was computed from)."""
    return {"road": u.road, "start_m": u.start_m, "end_m": u.end_m, "iri": number(u.iri),
            "rut_depth_mm": number(u.rut_depth_mm),
            "damage_ratio_percent": number(u.damage_ratio_percent), "sci": number(u.sci),
            "bci": number(u.bci), "tci": number(u.tci),
            "structure_class": u.structure_class or None}


def _unit(u: pb.Unit) -> dict[str, Any]:
    return {"road": u.road, "district": u.district, "start_m": u.start_m, "end_m": u.end_m,
            "dr_%": number(round(u.damage_ratio_percent, 4)), "iri": number(u.iri),
            "rut_mm": number(u.rut_depth_mm), "pci": number(u.pci), "rqi": number(u.rqi),
            "rdi": number(u.rdi), "pbi": number(u.pbi), "pwi": number(u.pwi),
            "pqi": number(u.pqi), "sci": number(u.sci), "bci": number(u.bci),
            "tci": number(u.tci), "structure_class": u.structure_class or None,
            "mqi": number(u.mqi), "grade": GRADE_NAMES[u.grade],
            "parameter_set": u.parameter_set}


@app.command("worst")
def worst_units(
    ctx: typer.Context, year: Year,
    road: Annotated[str, typer.Option(help="Road code.")] = "", district: District = "",
    limit: Annotated[int, typer.Option(min=1, help="How many units, lowest PQI first.")] = 20,
    page_size: Annotated[int, typer.Option(min=1, max=1000, help=(
        "Units asked for per call (the list is read page by page)."))] = 1000,
) -> None:
    """The units with the lowest PQI, on one road or in one district."""
    request = pb.ListWorstUnitsRequest(year=year, road=road, district=district,
                                       page_size=min(page_size, limit))
    units = list(islice(every_page(ctx, stub(ctx).ListWorstUnits, request, "units"), limit))
    render([_unit(u) for u in units], columns=list(_unit(pb.Unit())),
           title=f"Worst units {year}", output=state(ctx).output)


@app.command("export")
def export_units(
    ctx: typer.Context, year: Year, district: District = "",
    file: Annotated[Path | None, typer.Option(
        "--out", "--file", dir_okay=False,
        help=".csv or .xlsx file (default: standard output, as CSV, or JSON with -o json)."
        )] = None,
    scores: Annotated[bool, typer.Option(help=(
        "Add each unit's district, indices, grade and parameter set (a report; the upload "
        "does not read these columns)."))] = False,
) -> None:
    """Export every unit of a survey in the upload's columns, its measured inputs (the damage
    ratio standing for its distresses): a file `roads upload` takes back as it is."""
    rows: list[dict[str, Any]] = []
    connection = state(ctx).connection
    with reporting_failures(flags=option_flags(ctx)):
        for page in stub(ctx).ExportSurveyUnits(
                pb.ExportSurveyUnitsRequest(year=year, district=district),
                timeout=max(connection.timeout, 300.0), metadata=connection.metadata()):
            rows.extend({**_inputs(u), **(_scores(u) if scores else {})} for u in page.units)
    columns = list(_inputs(pb.Unit())) + (list(_scores(pb.Unit())) if scores else [])
    if file is None and state(ctx).output is OutputFormat.JSON:
        render(rows, columns=columns, output=OutputFormat.JSON, key="units")
    else:
        export_rows(file, rows, columns=columns, title=f"units {year}")
    stderr.print(f"{len(rows)} units exported", highlight=False)
