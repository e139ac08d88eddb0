"""The network register and the works records: imported from a folder of files (one import kind
each, CSV or .xlsx), listed, exported as the files the import reads back, and shown record by
record with every version."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.services.cli.common import enum_label, optional_date, proto_date, show_date
from cityscore.services.cli.context import call, every_page, state
from cityscore.services.cli.imports import send_in_chunks
from cityscore.services.cli.output import render
from cityscore.services.cli.roads.shared import AsOf, District, app, list_request, stub
from cityscore.services.cli.templates import Column, ImportFile, ImportKind

#: Records per call of a network import.
NETWORK_BATCH = 2000

_CLASS = {"县道": "county", "乡道": "township", "村道": "village"}
_SURFACE = {"沥青": "asphalt", "水泥": "cement_concrete", "水泥混凝土": "cement_concrete",
            "其他": "other"}
_PROJECT = {"新建": "new_build", "改建": "rebuild", "提档升级": "upgrade"}

TOWNS = ImportKind("towns", "Towns (乡镇) and their district", (
    Column.text("code", "Town code", "T1"),
    Column.text("district", "District code (cityscore districts)", "pudong"),
    Column.text("name", "Town name", "川沙新镇", required=False),
))
VILLAGES = ImportKind("villages", "Administrative villages (建制村): T1 two-lane road, T6 bus", (
    Column.text("code", "Village code", "V1"),
    Column.text("town", "Town code", "T1"),
    Column.text("name", "Village name", "连民村", required=False),
    Column.flag("has_bus_service", "Served by a bus line (通公交)"),
    Column.flag("has_two_lane_road", "Reached by a two-lane road (通双车道)"),
))
ROADS = ImportKind("roads", "Rural roads of the register", (
    Column.text("code", "Road code", "R1"),
    Column.text("town", "Town code", "T1"),
    Column.text("name", "Road name", "川六公路", required=False),
    Column.enum("road_class", "Administrative class", "village", pb.RoadClass, "ROAD_CLASS_",
                aliases=_CLASS),
    Column.enum("technical_grade", "Technical grade", "grade_4", pb.TechnicalGrade,
                "TECHNICAL_GRADE_"),
    Column.enum("surface", "Pavement surface", "asphalt", pb.Surface, "SURFACE_",
                aliases=_SURFACE),
    Column.number("length_m", "Length", "3500", unit="m"),
    Column.number("width_m", "Pavement width", "4.5", unit="m"),
    Column.whole("lanes", "Lanes", "1", unit="lanes"),
    Column.number("greenable_km", "Roadside length that can be greened (T9)", "7",
                  unit="km", required=False),
    Column.number("greened_km", "Roadside length greened (T9)", "6.72", unit="km",
                  required=False),
))
BRIDGES = ImportKind("bridges", "Bridges on the roads (T8 dangerous bridges)", (
    Column.text("code", "Bridge code", "B1"),
    Column.text("road", "Road code", "R1"),
    Column.text("name", "Bridge name", "东沟桥", required=False),
    Column.flag("dangerous", "A dangerous bridge (危桥, class 4 or 5)"),
))
HAZARD_SITES = ImportKind("hazard_sites", "Safety-hazard sites (T11)", (
    Column.text("code", "Site code", "H1"),
    Column.text("road", "Road code", "R1"),
    Column.enum("kind", "What the hazard is", "riverside", pb.HazardKind, "HAZARD_KIND_",
                aliases={"临水": "riverside", "高路堤": "high_embankment",
                         "视距不良": "poor_sight_distance", "穿村镇": "through_town"}),
    Column.whole("identified_year", "Year identified", "2018", unit="year"),
    Column.whole("remediated_year", "Year remediated (blank: not yet)", "2019", unit="year",
                 required=False),
))
UPGRADE_PROJECTS = ImportKind("upgrade_projects", "New-build, rebuild and upgrade projects "
                                                  "(T10, T13)", (
    Column.text("code", "Project code", "P1"),
    Column.text("district", "District code", "pudong"),
    Column.enum("kind", "Kind of works", "upgrade", pb.ProjectKind, "PROJECT_KIND_",
                aliases=_PROJECT),
    Column.number("length_km", "Length of road built or upgraded", "3.2", unit="km"),
    Column.whole("completed_year", "Year completed", "2019", unit="year"),
    Column.flag("first_handover_passed", "Passed acceptance at the first handover (T13)"),
))
DISTRICT_YEARS = ImportKind("district_years", "A district's figures of a year (T5, T9, T12, "
                                              "T14, T16)", (
    Column.text("district", "District code", "pudong"),
    Column.whole("year", "Year", "2019", unit="year"),
    Column.whole("specialists", "Rural-road specialists in post (T14)", "2", unit="people",
                 required=False),
    Column.number("major_medium_maintenance_km", "Major and medium maintenance done (T12)",
                  "40.5", unit="km", required=False),
    Column.whole("safety_works_identified", "Safety life-protection works identified (T5)",
                 "14", unit="sites", required=False),
    Column.whole("safety_works_remediated", "Of them remediated (T5)", "13", unit="sites",
                 required=False),
    Column.number("greenable_km", "Roadside length that can be greened (T9)", "120",
                  unit="km", required=False),
    Column.number("greened_km", "Roadside length greened (T9)", "115.2", unit="km",
                  required=False),
    Column.date("plan_approved_on", "Day the district's plan was approved (T16)",
                "2018-10-15", required=False),
))


def _town(v: Mapping[str, Any]) -> pb.Town:
    return pb.Town(code=v["code"], district=v["district"], name=v["name"] or "")


def _village(v: Mapping[str, Any]) -> pb.Village:
    return pb.Village(code=v["code"], town=v["town"], name=v["name"] or "",
                      has_bus_service=bool(v["has_bus_service"]),
                      has_two_lane_road=bool(v["has_two_lane_road"]))


def _road(v: Mapping[str, Any]) -> pb.Road:
    return pb.Road(code=v["code"], town=v["town"], name=v["name"] or "",
                   road_class=v["road_class"], technical_grade=v["technical_grade"],
                   surface=v["surface"], length_m=v["length_m"], width_m=v["width_m"],
                   lanes=v["lanes"], greenable_km=v["greenable_km"] or 0.0,
                   greened_km=v["greened_km"] or 0.0)


def _bridge(v: Mapping[str, Any]) -> pb.Bridge:
    return pb.Bridge(code=v["code"], road=v["road"], name=v["name"] or "",
                     dangerous=bool(v["dangerous"]))


def _hazard_site(v: Mapping[str, Any]) -> pb.HazardSite:
    return pb.HazardSite(code=v["code"], road=v["road"], kind=v["kind"],
                         identified_year=v["identified_year"],
                         remediated_year=v["remediated_year"] or 0)


def _project(v: Mapping[str, Any]) -> pb.UpgradeProject:
    return pb.UpgradeProject(code=v["code"], district=v["district"], kind=v["kind"],
                             length_km=v["length_km"], completed_year=v["completed_year"],
                             first_handover_passed=bool(v["first_handover_passed"]))


def _district_year(v: Mapping[str, Any]) -> pb.DistrictYear:
    approved = v["plan_approved_on"]
    return pb.DistrictYear(
        district=v["district"], year=v["year"], specialists=v["specialists"] or 0,
        major_medium_maintenance_km=v["major_medium_maintenance_km"] or 0.0,
        safety_works_identified=v["safety_works_identified"] or 0,
        safety_works_remediated=v["safety_works_remediated"] or 0,
        greenable_km=v["greenable_km"] or 0.0, greened_km=v["greened_km"] or 0.0,
        **({"plan_approved_on": proto_date(approved)} if approved else {}))


@dataclass(frozen=True)
class Part:
    """One file of a network import: its kind, how a row becomes a record, and the request
    field (and the answer's count) the records go in."""

    kind: ImportKind
    record: Callable[[Mapping[str, Any]], Any]
    field: str
    works: bool = False


PARTS = (Part(TOWNS, _town, "towns"), Part(VILLAGES, _village, "villages"),
         Part(ROADS, _road, "roads"), Part(BRIDGES, _bridge, "bridges"),
         Part(HAZARD_SITES, _hazard_site, "hazard_sites"),
         Part(UPGRADE_PROJECTS, _project, "upgrade_projects", works=True),
         Part(DISTRICT_YEARS, _district_year, "district_years", works=True))
KINDS = tuple(part.kind for part in PARTS)


def _file_of(directory: Path, kind: ImportKind) -> Path | None:
    found = [p for p in (directory / f"{kind.name}.csv", directory / f"{kind.name}.xlsx")
             if p.is_file()]
    if len(found) > 1:
        raise typer.BadParameter(f"{directory} has both {found[0].name} and {found[1].name}; "
                                 "keep one", param_hint="DIRECTORY")
    return found[0] if found else None


_FOLDER_HELP = ("Folder with " + ", ".join(f"{k.name}.csv" for k in KINDS) + " (each optional; "
                ".xlsx instead of .csv as well). The columns of each: cityscore roads template "
                "<kind>.")


@app.command("import-network", epilog="\n\n".join(k.epilog("roads") for k in KINDS))
def import_network(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(exists=True, file_okay=False,
                                              help=_FOLDER_HELP)],
    effective_from: Annotated[str, typer.Option(help=(
        "YYYY-MM-DD the changes hold from (default: after the last closed year, or from the "
        "register's start)."))] = "",
    reason: Annotated[str, typer.Option(help=(
        "Why district figures already recorded for a year are amended (required when "
        "district_years changes them; the figures replaced are kept)."))] = "",
) -> None:
    """Import the network register and the works records: each change is a new version of
    its record, holding from --effective-from; nothing is overwritten. Every file is read and
    checked before anything is sent; running the same import again is a retry that stores
    nothing twice."""
    since = optional_date(effective_from, "--effective-from")
    read: list[tuple[Part, ImportFile]] = [
        (part, part.kind.read(path)) for part in PARTS
        if (path := _file_of(directory, part.kind)) is not None]
    if not read:
        raise typer.BadParameter(f"{directory} has none of the files: {_FOLDER_HELP}",
                                 param_hint="DIRECTORY")
    totals: dict[str, tuple[int, int]] = {}
    for part, found in read:
        method = stub(ctx).RecordWorks if part.works else stub(ctx).ImportNetwork
        request = pb.RecordWorksRequest if part.works else pb.ImportNetworkRequest

        def build(items: Sequence[Any], rid: str, field: str = part.field,
                  kind: Any = request, works: bool = part.works) -> Any:
            return kind(request_id=rid, effective_from=since, **{field: items},
                        **({"reason": reason} if works and reason else {}))

        answers = send_in_chunks(
            ctx, method, [part.record(row.values) for row in found.rows], NETWORK_BATCH,
            part.kind.name, build,
            base_id=found.request_id(ctx, " ".join(filter(None, [
                effective_from or "register", reason if part.works else ""])), part.kind.name),
            field=part.field, lines=found.lines, columns=part.kind.fields)
        counts = [getattr(answer, part.field) for answer in answers]
        totals[part.field] = (sum(c.created for c in counts), sum(c.updated for c in counts))
    render([{"records": name, "created": c, "updated": u} for name, (c, u) in totals.items()],
           title="Imported", output=state(ctx).output)


def _road_row(r: pb.Road) -> dict[str, Any]:
    return {"code": r.code, "district": r.district, "town": r.town, "name": r.name,
            "class": enum_label(pb.RoadClass, "ROAD_CLASS_", r.road_class),
            "grade": enum_label(pb.TechnicalGrade, "TECHNICAL_GRADE_", r.technical_grade),
            "surface": enum_label(pb.Surface, "SURFACE_", r.surface),
            "length_m": r.length_m, "width_m": r.width_m, "lanes": r.lanes}


def _road_cells(r: pb.Road) -> dict[str, Any]:
    return {"code": r.code, "town": r.town, "name": r.name,
            "road_class": enum_label(pb.RoadClass, "ROAD_CLASS_", r.road_class),
            "technical_grade": enum_label(pb.TechnicalGrade, "TECHNICAL_GRADE_",
                                          r.technical_grade),
            "surface": enum_label(pb.Surface, "SURFACE_", r.surface),
            "length_m": r.length_m, "width_m": r.width_m, "lanes": r.lanes,
            "greenable_km": r.greenable_km, "greened_km": r.greened_km}


def _town_row(t: pb.Town) -> dict[str, Any]:
    return {"code": t.code, "district": t.district, "name": t.name}


def _village_row(v: pb.Village) -> dict[str, Any]:
    return {"code": v.code, "district": v.district, "town": v.town, "name": v.name,
            "two_lane_road": v.has_two_lane_road, "bus_service": v.has_bus_service}


def _village_cells(v: pb.Village) -> dict[str, Any]:
    return {"code": v.code, "town": v.town, "name": v.name,
            "has_bus_service": v.has_bus_service, "has_two_lane_road": v.has_two_lane_road}


def _bridge_row(b: pb.Bridge) -> dict[str, Any]:
    return {"code": b.code, "district": b.district, "road": b.road, "name": b.name,
            "dangerous": b.dangerous}


def _hazard_site_row(h: pb.HazardSite) -> dict[str, Any]:
    return {"code": h.code, "district": h.district, "road": h.road,
            "kind": enum_label(pb.HazardKind, "HAZARD_KIND_", h.kind),
            "identified_year": h.identified_year,
            "remediated_year": h.remediated_year or None}


def _project_row(p: pb.UpgradeProject) -> dict[str, Any]:
    return {"code": p.code, "district": p.district,
            "kind": enum_label(pb.ProjectKind, "PROJECT_KIND_", p.kind),
            "length_km": p.length_km, "completed_year": p.completed_year,
            "first_handover_passed": p.first_handover_passed}


@dataclass(frozen=True)
class Listing:
    """A register list: its RPC, request and answer field, its rows for people and programs,
    and the import kind its ``--out`` file is written in (the cells that kind reads)."""

    title: str
    rpc: str
    request: Any
    field: str
    empty: Any
    row: Callable[[Any], dict[str, Any]]
    kind: ImportKind
    cells: Callable[[Any], dict[str, Any]]


LISTINGS = {
    "towns": Listing("Towns", "ListTowns", pb.ListTownsRequest, "towns", pb.Town(), _town_row,
                     TOWNS, _town_row),
    "villages": Listing("Villages", "ListVillages", pb.ListVillagesRequest, "villages",
                        pb.Village(), _village_row, VILLAGES, _village_cells),
    "roads": Listing("Roads", "ListRoads", pb.ListRoadsRequest, "roads", pb.Road(), _road_row,
                     ROADS, _road_cells),
    "bridges": Listing("Bridges", "ListBridges", pb.ListBridgesRequest, "bridges", pb.Bridge(),
                       _bridge_row, BRIDGES, _bridge_row),
    "hazard-sites": Listing("Hazard sites", "ListHazardSites", pb.ListHazardSitesRequest,
                            "hazard_sites", pb.HazardSite(), _hazard_site_row, HAZARD_SITES,
                            _hazard_site_row),
    "projects": Listing("Upgrade projects", "ListUpgradeProjects",
                        pb.ListUpgradeProjectsRequest, "upgrade_projects", pb.UpgradeProject(),
                        _project_row, UPGRADE_PROJECTS, _project_row),
}

ExportFile = Annotated[Path | None, typer.Option(
    "--out", dir_okay=False, show_default=False,
    help="Also write the records to this file (.csv or .xlsx) in the columns import-network "
         "reads: put it in a folder as <kind>.csv to import it back.")]


def _list(ctx: typer.Context, listing: Listing, district: str, as_of: str,
          out: Path | None, **more: Any) -> None:
    records = list(every_page(ctx, getattr(stub(ctx), listing.rpc),
                         list_request(listing.request, district, as_of, **more), listing.field))
    if out is not None:
        listing.kind.export(out, [listing.cells(r) for r in records])
    render([listing.row(r) for r in records], columns=list(listing.row(listing.empty)),
           title=listing.title, output=state(ctx).output)


@app.command("roads")
def list_roads(ctx: typer.Context, district: District = "",
               town: Annotated[str, typer.Option(help="Town code.")] = "",
               as_of: AsOf = "", out: ExportFile = None) -> None:
    """List the roads of the register."""
    _list(ctx, LISTINGS["roads"], district, as_of, out, town=town)


@app.command("towns")
def list_towns(ctx: typer.Context, district: District = "", as_of: AsOf = "",
               out: ExportFile = None) -> None:
    """List the towns of the register."""
    _list(ctx, LISTINGS["towns"], district, as_of, out)


@app.command("villages")
def list_villages(ctx: typer.Context, district: District = "", as_of: AsOf = "",
                  out: ExportFile = None) -> None:
    """List the administrative villages with their two-lane road and bus service (T1, T6)."""
    _list(ctx, LISTINGS["villages"], district, as_of, out)


@app.command("bridges")
def list_bridges(ctx: typer.Context, district: District = "", as_of: AsOf = "",
                 out: ExportFile = None) -> None:
    """List the bridges, dangerous ones flagged (T8)."""
    _list(ctx, LISTINGS["bridges"], district, as_of, out)


@app.command("hazard-sites")
def list_hazard_sites(ctx: typer.Context, district: District = "", as_of: AsOf = "",
                      out: ExportFile = None) -> None:
    """List the safety-hazard sites with the years identified and remediated (T11)."""
    _list(ctx, LISTINGS["hazard-sites"], district, as_of, out)


@app.command("projects")
def list_projects(ctx: typer.Context, district: District = "", as_of: AsOf = "",
                  out: ExportFile = None) -> None:
    """List the new-build, rebuild and upgrade projects (T10, T13)."""
    _list(ctx, LISTINGS["projects"], district, as_of, out)


_SHOWN: dict[str, tuple[pb.RegisterKind, Callable[[Any], dict[str, Any]]]] = {
    "town": (pb.REGISTER_KIND_TOWN, _town_row), "village": (pb.REGISTER_KIND_VILLAGE, _village_row),
    "road": (pb.REGISTER_KIND_ROAD, _road_row), "bridge": (pb.REGISTER_KIND_BRIDGE, _bridge_row),
    "hazard-site": (pb.REGISTER_KIND_HAZARD_SITE, _hazard_site_row),
    "project": (pb.REGISTER_KIND_UPGRADE_PROJECT, _project_row)}


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
    versions = call(ctx, stub(ctx).ShowRegisterRecord, pb.ShowRegisterRecordRequest(
        kind=number, code=code)).versions
    render([{"valid_from": show_date(v.valid_from), "valid_to": show_date(v.valid_to),
             **record(getattr(v, v.WhichOneof("record"))), "recorded_by": v.recorded_by}
            for v in versions], title=f"{kind} {code}", output=state(ctx).output)
