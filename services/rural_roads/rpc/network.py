"""The network register (towns, villages, roads, bridges, hazard sites) and the works records
(upgrade projects, district years): imported in batches, every bad row named, each change a
new version of its record holding from the request's effective day."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from sqlmodel import Session, SQLModel

from cityscore.core.districts import is_district
from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import STORED_ROWS, rpc
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.services.rural_roads import mapping, models
from cityscore.services.rural_roads import repository as repo
from cityscore.services.rural_roads.rpc.common import (
    WRITERS,
    RoadsCall,
    effective_from,
    frozen_through,
    refuse_early_changes,
    require_districts,
)

_REGISTER_SECTIONS: list[tuple[str, type[SQLModel]]] = [
    ("towns", models.Town), ("villages", models.Village), ("roads", models.Road),
    ("bridges", models.Bridge), ("hazard_sites", models.HazardSite)]


@rpc(access=WRITERS, scope=STORED_ROWS, writes=True)
def import_network(request: pb.ImportNetworkRequest, call: RoadsCall, session: Session
                   ) -> pb.ImportNetworkResponse:
    """Insert or update the register; a record's district is its town's (or its road's)."""
    # Concurrent imports wait here, so the districts checked are those written.
    repo.lock_versions(session=session, models_=[m for _, m in _REGISTER_SECTIONS])
    bad = ViolationCollector()
    towns = {t.code: t.district for t in request.towns}
    known_towns = repo.districts_of(session=session, model=models.Town, codes=[
        *(v.town for v in request.villages), *(r.town for r in request.roads)])
    known_towns.update(towns)
    roads_in_request = {r.code: known_towns.get(r.town, "") for r in request.roads}
    known_roads = repo.districts_of(session=session, model=models.Road, codes=[
        *(b.road for b in request.bridges), *(h.road for h in request.hazard_sites)])
    known_roads.update(roads_in_request)

    def located(where: str, code: str, parent: str, table: dict[str, str], kind: str) -> str:
        if not code.strip():
            bad.add(f"{where}.code", "a code is required")
        if parent not in table:
            bad.add(f"{where}.{kind}", f"unknown {kind} {parent!r}")
        return table.get(parent, "")

    town_rows = []
    for i, t in enumerate(request.towns):
        if not t.code.strip():
            bad.add(f"towns[{i}].code", "a code is required")
        if not is_district(t.district):
            bad.add(f"towns[{i}].district", f"{t.district!r} is not a district code")
        town_rows.append({"code": t.code, "district": t.district, "name": t.name})
    village_rows = [{"code": v.code, "town": v.town, "name": v.name,
                     "district": located(f"villages[{i}]", v.code, v.town, known_towns, "town"),
                     "has_bus_service": v.has_bus_service,
                     "has_two_lane_road": v.has_two_lane_road}
                    for i, v in enumerate(request.villages)]
    road_rows = _road_rows(request.roads, known_towns, bad)
    bridge_rows = [{"code": b.code, "road": b.road, "name": b.name, "dangerous": b.dangerous,
                    "district": located(f"bridges[{i}]", b.code, b.road, known_roads, "road")}
                   for i, b in enumerate(request.bridges)]
    hazard_rows = []
    for i, h in enumerate(request.hazard_sites):
        where = f"hazard_sites[{i}]"
        district = located(where, h.code, h.road, known_roads, "road")
        kind = mapping.HAZARD_KINDS.name_or(h.kind, "")
        if not kind:
            bad.add(f"{where}.kind", "riverside, high_embankment, poor_sight_distance, "
                                     "through_town or flooding_underpass")
        _year(h.identified_year, f"{where}.identified_year", bad)
        if h.remediated_year:
            _year(h.remediated_year, f"{where}.remediated_year", bad)
        if h.remediated_year and h.remediated_year < h.identified_year:
            bad.add(f"{where}.remediated_year", "before the year the site was identified")
        hazard_rows.append({"code": h.code, "road": h.road, "district": district, "kind": kind,
                            "identified_year": h.identified_year,
                            "remediated_year": h.remediated_year or None})
    rows_of: dict[str, list[dict[str, Any]]] = {
        "towns": town_rows, "villages": village_rows, "roads": road_rows,
        "bridges": bridge_rows, "hazard_sites": hazard_rows}
    for section, section_rows in rows_of.items():
        _once_each(section, section_rows, bad)
    _in_row_order(bad)
    bad.raise_if_any("the network import has invalid records")
    sections: list[tuple[str, type[SQLModel], list[dict[str, Any]]]] = [
        (name, model, rows_of[name]) for name, model in _REGISTER_SECTIONS]
    for name, model, rows in sections:
        require_districts(call, (r["district"] for r in rows), name)
        # As stored too: a record already another district's is not the caller's to move.
        require_districts(call, repo.districts_of(
            session=session, model=model, codes=[r["code"] for r in rows]).values(), name)
    response = pb.ImportNetworkResponse()
    since = effective_from(call, session, request)
    for name, model, rows in sections:
        counts = repo.record_versions(session=session, model=model, rows=rows,
                                      effective_from=since, recorded_at=call.now(),
                                      recorded_by=call.principal.name)
        refuse_early_changes(name, counts.out_of_order)
        getattr(response, name).CopyFrom(pb.ImportCounts(created=counts.created,
                                                          updated=counts.updated))
    call.audit(session, action="import_network", entity_type="network",
               entity_id=",".join(sorted({r["district"] for _, _, rows in sections
                                          for r in rows})),
               detail={**{name: len(rows) for name, _, rows in sections},
                       "effective_from": since.isoformat()})
    return response


def _once_each(section: str, rows: list[dict[str, Any]], bad: ViolationCollector,
               key: tuple[str, ...] = ("code",)) -> None:
    """A record (a code, or a district's year) appears once per request: a second row of it
    is named."""
    seen: dict[tuple[Any, ...], int] = {}
    for i, row in enumerate(rows):
        found = tuple(row[k] for k in key)
        if found in seen:
            bad.add(f"{section}[{i}].{key[-1]}", f"repeats {section}[{seen[found]}]")
        seen.setdefault(found, i)


def _year(value: int, path: str, bad: ViolationCollector) -> None:
    """A year of one row, checked by ``year_from_proto``; its violation is collected so one
    answer names every bad row."""
    try:
        year_from_proto(value, path)
    except InvalidArgument as error:
        bad.violations.extend(error.violations)


def _road_rows(roads: Sequence[pb.Road], known_towns: Mapping[str, str],
               bad: ViolationCollector) -> list[dict[str, Any]]:
    """The stored form of the roads, their bad fields collected column by column (each
    check once over a whole column, the rows it fails named)."""
    codes, towns, names = ([getattr(r, f) for r in roads] for f in ("code", "town", "name"))

    def where(failing: Iterable[int], field: str, description: str) -> None:
        for i in failing:
            bad.add(f"roads[{i}].{field}", description)

    where((i for i, c in enumerate(codes) if not c.strip()), "code", "a code is required")
    for i in (i for i, t in enumerate(towns) if t not in known_towns):
        bad.add(f"roads[{i}].town", f"unknown town {towns[i]!r}")
    named: dict[str, list[str]] = {}
    for field, table in (("road_class", mapping.ROAD_CLASSES),
                         ("technical_grade", mapping.GRADES), ("surface", mapping.SURFACES)):
        values = [getattr(r, field) for r in roads]
        named[field] = [table.name_or(v, "") for v in values]
        for i in (i for i, name in enumerate(named[field]) if not name):
            table.collect(values[i], f"roads[{i}].{field}", bad)
    floats = {f: [getattr(r, f) for r in roads]
              for f in ("length_m", "width_m", "greenable_km", "greened_km")}
    length, width, greenable, greened = (np.array(v, dtype=np.float64)
                                         for v in floats.values())
    lanes = [r.lanes for r in roads]
    with np.errstate(invalid="ignore"):
        greening = (greenable >= 0) & (greened >= 0) & np.isfinite(greenable) \
            & np.isfinite(greened)
        where(np.flatnonzero(~((length > 0) & np.isfinite(length))).tolist(), "length_m",
              "must be a positive length in metres")
        where(np.flatnonzero(~((width > 0) & np.isfinite(width))).tolist(), "width_m",
              "must be a positive pavement width in metres")
        where(np.flatnonzero(np.array(lanes, dtype=np.int64) < 1).tolist(), "lanes",
              "at least 1 lane")
        where(np.flatnonzero(~greening).tolist(), "greenable_km",
              "greening lengths must be finite, not negative")
        where(np.flatnonzero(greening & (greened > greenable)).tolist(), "greened_km",
              "more greened than greenable km")
        # Some inventories record greenable "mileage" as an area in m² (rural_roads.md §2.4).
        where(np.flatnonzero((length > 0) & (greenable > 2 * length / 1000 + 1e-9)).tolist(),
              "greenable_km", "more than both sides of the road: an area in m² instead of km?")
    return [{"code": c, "town": t, "district": known_towns.get(t, ""), "name": n,
             "length_m": m, "width_m": w, "lanes": k, "greenable_km": g, "greened_km": e,
             "road_class": rc, "technical_grade": tg, "surface": sf}
            for c, t, n, m, w, g, e, k, rc, tg, sf in zip(
                codes, towns, names, *floats.values(), lanes, *named.values(), strict=True)]


_ROW = re.compile(r"(\w+)\[(\d+)\]")


def _in_row_order(bad: ViolationCollector) -> None:
    """The violations of a request in the order a clerk reads its rows: section by section,
    row by row, a row's fields in the order they are checked."""
    sections = [name for name, _ in _REGISTER_SECTIONS]

    def row(violation: FieldViolation) -> tuple[int, int]:
        found = _ROW.match(violation.field)
        if found is None or found[1] not in sections:
            return len(sections), 0
        return sections.index(found[1]), int(found[2])

    bad.violations.sort(key=row)


@rpc(access=WRITERS, scope=STORED_ROWS, writes=True)
def record_works(request: pb.RecordWorksRequest, call: RoadsCall, session: Session
                 ) -> pb.RecordWorksResponse:
    """Record upgrade projects (versioned like the register) and district-year statistics
    (an amendment of recorded figures needs a reason and keeps the figures it replaces)."""
    # Concurrent recordings wait here, so the districts checked are those written.
    repo.lock_versions(session=session, models_=[models.UpgradeProject, models.DistrictYear])
    bad = ViolationCollector()
    projects = []
    for i, p in enumerate(request.upgrade_projects):
        where = f"upgrade_projects[{i}]"
        if not p.code.strip():
            bad.add(f"{where}.code", "a code is required")
        if not is_district(p.district):
            bad.add(f"{where}.district", f"{p.district!r} is not a district code")
        kind = mapping.PROJECT_KINDS.name_or(p.kind, "")
        if not kind:
            bad.add(f"{where}.kind", "new_build, rebuild or upgrade")
        if not (p.length_km >= 0 and math.isfinite(p.length_km)):
            bad.add(f"{where}.length_km", "must not be negative")
        _year(p.completed_year, f"{where}.completed_year", bad)
        projects.append({"code": p.code, "district": p.district, "kind": kind,
                         "length_km": p.length_km, "completed_year": p.completed_year,
                         "first_handover_passed": p.first_handover_passed})
    years = []
    for i, d in enumerate(request.district_years):
        where = f"district_years[{i}]"
        if not is_district(d.district):
            bad.add(f"{where}.district", f"{d.district!r} is not a district code")
        _year(d.year, f"{where}.year", bad)
        for name in ("specialists", "major_medium_maintenance_km", "safety_works_identified",
                     "safety_works_remediated", "greenable_km", "greened_km"):
            value = getattr(d, name)
            if not (value >= 0 and math.isfinite(value)):
                bad.add(f"{where}.{name}", "must be a finite number, not negative")
        if d.safety_works_remediated > d.safety_works_identified:
            bad.add(f"{where}.safety_works_remediated", "more remediated than identified")
        if d.greened_km > d.greenable_km:
            bad.add(f"{where}.greened_km", "more greened than greenable km")
        try:
            years.append(mapping.district_year_from_proto(d, where))
        except InvalidArgument as error:
            bad.violations.extend(error.violations)
    _once_each("upgrade_projects", projects, bad)
    _once_each("district_years", years, bad, key=("district", "year"))
    if len(request.reason) > models.REASON_LENGTH:
        bad.add("reason", f"at most {models.REASON_LENGTH} characters")
    bad.raise_if_any("the works records are invalid")
    require_districts(call, [r["district"] for r in projects + years], "works")
    require_districts(call, repo.districts_of(session=session, model=models.UpgradeProject,
                                              codes=[p.code for p in request.upgrade_projects]
                                              ).values(),
                      "works")
    since = effective_from(call, session, request)
    frozen = frozen_through(session)
    closed_years = sorted({r["year"] for r in years if frozen and r["year"] <= frozen.year})
    if closed_years:
        raise FailedPrecondition("the figures are of a closed year", [PreconditionViolation(
            "YEAR_CLOSED", f"target year {y}", "its reports are stored") for y in closed_years])
    counts = repo.record_versions(session=session, model=models.UpgradeProject, rows=projects,
                                  effective_from=since, recorded_at=call.now(),
                                  recorded_by=call.principal.name)
    refuse_early_changes("upgrade_projects", counts.out_of_order)
    reason = request.reason.strip()
    figures = repo.record_district_years(session=session, rows=years, reason=reason,
                                         recorded_at=call.now(),
                                         recorded_by=call.principal.name)
    if figures.unexplained:
        raise InvalidArgument("amending recorded figures needs a reason", [
            *(FieldViolation(f"district_years[{i}]", f"changes the figures recorded for "
                                                     f"{which}")
              for i, which in figures.unexplained),
            FieldViolation("reason", "say why the recorded figures are amended")])
    call.audit(session, action="record_works", entity_type="works",
               entity_id=",".join(sorted({r["district"] for r in projects + years})),
               detail={"upgrade_projects": len(projects), "district_years": len(years),
                       "district_years_amended": figures.amended, "reason": reason,
                       "effective_from": since.isoformat()})
    return pb.RecordWorksResponse(
        upgrade_projects=pb.ImportCounts(created=counts.created, updated=counts.updated),
        district_years=pb.ImportCounts(created=figures.created, updated=figures.amended))
