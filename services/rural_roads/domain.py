"""Rules of the "Four Good Rural Roads" service: unit scoring, aggregation and targets T1-T17.

Everything here is pure: arrays and dataclasses in, arrays and dataclasses out. The numbers
(parameter-set choice, physical ranges, distress weights, grade bands, target thresholds) are
versioned data in ``data/``; the index maths is the shared kernel's.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from cityscore.core.errors import FieldViolation, InvalidArgument
from cityscore.core.kernel import api
from cityscore.core.kernel.parameters import pavement_parameters
from cityscore.core.kernel.types import GradeBands

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
MAX_REPORTED_VIOLATIONS = 40
"""Violations listed per error; more would not fit the 8 KiB of gRPC trailing metadata."""


# --- versioned rules ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DistressRow:
    """One row of ``pavement_distress_weights.csv`` (JTG 5210-2018 §5 tables; gravel H20-2007)."""

    surface: str
    code: str
    severity: str
    weight: float
    unit: str
    conversion_width_m: float | None

    @property
    def factor(self) -> float:
        """m² per recorded amount: 1 for areas, the conversion width for linear distresses."""
        return 1.0 if self.unit == "m2" else float(self.conversion_width_m or math.nan)


@dataclass(frozen=True, slots=True)
class TargetPolicy:
    """Thresholds of targets T1-T17 (rural_roads.md §2.1, §2.2, §2.4)."""

    two_lane_coverage: float
    excellent_good_fair_share: float
    greening_rate: float
    safety_works_remediation: float
    bus_service: float
    upgrade_km_cumulative: float
    hazard_sites_cumulative: int
    cumulative_from_year: int
    cumulative_deadline_year: int
    major_medium_maintenance_share: float
    first_handover_pass_rate: float
    specialist_km_minimum: int
    specialist_km_comfortable: int
    inspection_coverage: float
    plan_approval_deadline: dt.date


@dataclass(frozen=True)
class Rules:
    """One version of the service's rules, loaded from ``data/``."""

    version: str
    family_by_grade: Mapping[str, str]
    suffix_by_surface: Mapping[str, str]
    gravel_family: str
    max_unit_length_m: float
    chainage_tolerance_m: float
    iri_range: tuple[float, float]
    rut_range: tuple[float, float]
    max_units_per_chunk: int
    distress: tuple[DistressRow, ...]
    bands: GradeBands
    targets: TargetPolicy
    digest: str

    def parameter_set_id(self, technical_grade: str, surface: str) -> str:
        """The parameter set of a road (rural_roads.md §3 decision: keyed by grade and surface;
        grade 2 and above JTG 5210-2018, grade 3-4 and village roads the rural default, unpaved
        roads the gravel set)."""
        suffix = self.suffix_by_surface[surface]
        family = self.gravel_family if suffix == "gravel" else self.family_by_grade[technical_grade]
        return f"{family}/{suffix}"

    @property
    def good_threshold(self) -> float:
        """Lowest index counted as excellent/good/fair (rural_roads.md §6.3: 70)."""
        return min(lo for lo, good in zip(self.bands.lower_bounds, self.bands.counts_as_good,
                                          strict=True) if good)

    def distress_lookup(self) -> dict[tuple[str, str, str], int]:
        return {(r.surface, r.code, r.severity): i for i, r in enumerate(self.distress)}


def _data(name: str) -> str:
    return resources.files("cityscore.services.rural_roads.data").joinpath(name).read_text("utf-8")


@cache
def load_rules() -> Rules:
    """The shipped rules; their digest covers the files and every kernel parameter set used."""
    raw = _data("rules.json")
    doc = json.loads(raw)
    weights_text, bands_text = _data(doc["distress_weights"]), _data(doc["grade_bands"])
    distress = tuple(
        DistressRow(r["surface"], r["distress_code"], r["severity"], float(r["weight"]), r["unit"],
                    float(r["conversion_width_m"]) if r["conversion_width_m"] else None)
        for r in csv.DictReader(weights_text.splitlines()))
    band_rows = sorted(csv.DictReader(bands_text.splitlines()), key=lambda r: int(r["order"]))
    bands = GradeBands(codes=tuple(r["grade_code"] for r in band_rows),
                       lower_bounds=tuple(float(r["lower_inclusive"]) for r in band_rows),
                       counts_as_good=tuple(r["counts_as_excellent_good_fair"] == "yes"
                                            for r in band_rows))
    ps, units, targets = doc["parameter_sets"], doc["units"], dict(doc["targets"])
    targets.pop("comment", None)
    targets["plan_approval_deadline"] = dt.date.fromisoformat(targets["plan_approval_deadline"])
    digest = hashlib.sha256()
    for part in (raw, weights_text, bands_text):
        digest.update(part.encode("utf-8"))
    rules = Rules(
        version=doc["version"], family_by_grade=ps["family_by_grade"],
        suffix_by_surface=ps["suffix_by_surface"], gravel_family=ps["gravel_family"],
        max_unit_length_m=float(units["max_length_m"]),
        chainage_tolerance_m=float(units["chainage_tolerance_m"]),
        iri_range=(float(units["iri_range_m_per_km"][0]), float(units["iri_range_m_per_km"][1])),
        rut_range=(float(units["rut_depth_range_mm"][0]), float(units["rut_depth_range_mm"][1])),
        max_units_per_chunk=int(units["max_units_per_chunk"]), distress=distress, bands=bands,
        targets=TargetPolicy(**targets), digest="")
    for set_id in sorted(all_parameter_sets(rules)):
        digest.update(set_id.encode())
        digest.update(pavement_parameters(set_id).coefficients().tobytes())
    return Rules(**{**rules.__dict__, "digest": digest.hexdigest()})


def all_parameter_sets(rules: Rules) -> set[str]:
    return {rules.parameter_set_id(g, s) for g in rules.family_by_grade
            for s in rules.suffix_by_surface}


# --- the register, as scoring sees it -----------------------------------------------------


class Surface(StrEnum):
    ASPHALT = "asphalt"
    CEMENT_CONCRETE = "cement_concrete"
    OTHER = "other"


#: Distress-table surface of each road surface (the CSV's ``surface`` column).
_DISTRESS_SURFACE = {Surface.ASPHALT: "asphalt", Surface.CEMENT_CONCRETE: "cement_concrete",
                     Surface.OTHER: "gravel"}


@dataclass(frozen=True, slots=True)
class RoadFacts:
    """What scoring needs of a road; snapshotted with every chunk so replays need nothing else."""

    code: str
    district: str
    town: str
    technical_grade: str
    surface: str
    length_m: float
    width_m: float

    def as_json(self) -> list[Any]:
        return [self.code, self.district, self.town, self.technical_grade, self.surface,
                self.length_m, self.width_m]

    @classmethod
    def from_json(cls, row: Sequence[Any]) -> RoadFacts:
        return cls(str(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]),
                   float(row[5]), float(row[6]))


# --- scoring one chunk ----------------------------------------------------------------------


@dataclass
class ChunkInput:
    """One uploaded chunk, as parallel arrays (NaN = not measured)."""

    chunk_index: int
    road_codes: list[str]
    road_index: IntArray
    start_m: FloatArray
    end_m: FloatArray
    iri: FloatArray
    rut_depth_mm: FloatArray
    damage_ratio: FloatArray
    distress_columns: list[str]
    distress_amounts: FloatArray

    @property
    def size(self) -> int:
        return int(self.road_index.shape[0])


@dataclass
class ScoredUnits:
    """Scored units; ``road`` indexes ``roads``. Parallel arrays, one entry per unit."""

    roads: list[RoadFacts]
    road: IntArray
    start_m: FloatArray
    end_m: FloatArray
    parameter_set: list[str]
    damage_ratio: FloatArray
    iri: FloatArray
    rut_depth_mm: FloatArray
    pci: FloatArray
    rqi: FloatArray
    rdi: FloatArray
    pqi: FloatArray
    grade: npt.NDArray[np.int8]

    @property
    def length_m(self) -> FloatArray:
        return self.end_m - self.start_m


def _column(values: FloatArray, n: int, name: str, where: str,
            violations: list[FieldViolation]) -> FloatArray:
    """An optional per-unit array: empty means "not measured" for every unit."""
    if values.shape[0] == 0:
        return np.full(n, np.nan)
    if values.shape[0] != n:
        violations.append(FieldViolation(f"{where}.{name}",
                                         f"has {values.shape[0]} values for {n} units"))
    return values


def score_chunk(chunk: ChunkInput, roads: Mapping[str, RoadFacts], rules: Rules) -> ScoredUnits:
    """Validate and score one chunk (rural_roads.md §4.2-4.5 through the kernel, §5 grades).

    Units are at most 1000 m (§6.1); distress amounts convert to areas with the widths of
    ``pavement_distress_weights.csv`` (§4.3) and together may not exceed the unit's area
    (length x road width); IRI and rut depth must lie in the physical ranges of ``rules.json``.
    Every violation is reported, named by chunk, unit, road and chainage.
    """
    where = f"chunks[{chunk.chunk_index}]"
    n = chunk.size
    bad: list[FieldViolation] = []
    if n == 0:
        raise InvalidArgument("the chunk has no units", [FieldViolation(
            f"{where}.road_index", "send at least one unit")])
    if n > rules.max_units_per_chunk:
        raise InvalidArgument("the chunk is too large", [FieldViolation(
            f"{where}.road_index", f"{n} units; at most {rules.max_units_per_chunk} per chunk")])
    start = _column(chunk.start_m, n, "start_m", where, bad)
    end = _column(chunk.end_m, n, "end_m", where, bad)
    iri = _column(chunk.iri, n, "iri", where, bad)
    rut = _column(chunk.rut_depth_mm, n, "rut_depth_mm", where, bad)
    given_dr = _column(chunk.damage_ratio, n, "damage_ratio_percent", where, bad)
    m = len(chunk.distress_columns)
    if chunk.distress_amounts.shape[0] != n * m:
        bad.append(FieldViolation(f"{where}.distress_amounts",
                                  f"has {chunk.distress_amounts.shape[0]} values; expected "
                                  f"{n} units x {m} columns = {n * m}"))
    facts: list[RoadFacts] = []
    for j, code in enumerate(chunk.road_codes):
        fact = roads.get(code)
        if fact is None:
            bad.append(FieldViolation(f"{where}.road_codes[{j}]", f"unknown road {code!r}"))
        else:
            facts.append(fact)
    columns = [tuple(c.split(":", 1)) if ":" in c else (c, "") for c in chunk.distress_columns]
    known = {(r.code, r.severity) for r in rules.distress}
    for j, col in enumerate(columns):
        if col not in known:
            bad.append(FieldViolation(f"{where}.distress_columns[{j}]",
                                      f"unknown distress {chunk.distress_columns[j]!r} "
                                      "(expected code:severity of the distress table)"))
    if bad:
        raise InvalidArgument(f"chunk {chunk.chunk_index} is malformed", bad)
    if (chunk.road_index >= len(facts)).any():
        i = int(np.argmax(chunk.road_index >= len(facts)))
        raise InvalidArgument(f"chunk {chunk.chunk_index} is malformed", [FieldViolation(
            f"{where}.units[{i}].road_index", f"points past the {len(facts)} road codes")])

    road = chunk.road_index.astype(np.int64)
    road_len = np.array([f.length_m for f in facts])[road]
    width = np.array([f.width_m for f in facts])[road]
    surface = np.array([Surface(f.surface) for f in facts], dtype=object)[road]
    amounts = chunk.distress_amounts.reshape(n, m) if m else np.zeros((n, 0))
    area_matrix, invalid_distress = _distress_areas(amounts, columns, surface, rules)
    unit_area = (end - start) * width
    problems: list[tuple[int, str, str]] = []

    def flag(mask: npt.ArrayLike, name: str, text: str) -> None:
        problems.extend((int(i), name, text) for i in np.flatnonzero(mask))

    tol = rules.chainage_tolerance_m
    with np.errstate(invalid="ignore"):
        flag(~np.isfinite(start) | (start < 0), "start_m", "must be a chainage of 0 m or more")
        flag(~np.isfinite(end) | (end <= start), "end_m", "must be after start_m (length > 0)")
        flag(end - start > rules.max_unit_length_m + 1e-9, "end_m",
             f"unit longer than {rules.max_unit_length_m:g} m")
        flag(end > road_len + tol, "end_m", "beyond the end of the road")
        lo, hi = rules.iri_range
        flag(~np.isnan(iri) & ((iri < lo) | (iri > hi) | np.isinf(iri)), "iri",
             f"IRI outside the physical range {lo:g}-{hi:g} m/km")
        lo, hi = rules.rut_range
        flag(~np.isnan(rut) & ((rut < lo) | (rut > hi) | np.isinf(rut)), "rut_depth_mm",
             f"rut depth outside {lo:g}-{hi:g} mm")
        flag(~np.isnan(given_dr) & ((given_dr < 0) | (given_dr > 100)), "damage_ratio_percent",
             "damage ratio must be 0-100 %")
        flag((~np.isfinite(amounts) | (amounts < 0)).any(axis=1), "distress_amounts",
             "distress amounts must be finite and not negative")
        flag(invalid_distress, "distress_columns",
             "distress recorded that the road's surface does not have")
        flag(area_matrix.sum(axis=1) > unit_area * (1 + 1e-9), "distress_amounts",
             "distress area larger than the unit's area (length x road width)")
    if problems:
        problems.sort()
        raise InvalidArgument(
            f"chunk {chunk.chunk_index}: {len(problems)} problem(s) in its units"
            f" (first {min(len(problems), MAX_REPORTED_VIOLATIONS)} listed)",
            [FieldViolation(f"{where}.units[{i}].{name}",
                            f"road {facts[road[i]].code} at {start[i]:g}-{end[i]:g} m: {text}")
             for i, name, text in problems[:MAX_REPORTED_VIOLATIONS]])

    weights = np.array([r.weight for r in rules.distress])
    dr = given_dr.copy()
    from_distress = np.isnan(dr)
    if from_distress.any():
        dr[from_distress] = api.damage_ratio(area_matrix[from_distress], weights,
                                             unit_area[from_distress])
    return _indices(facts, road, start, end, dr, iri, rut, rules)


def _distress_areas(amounts: FloatArray, columns: Sequence[tuple[str, ...]],
                    surface: npt.NDArray[Any], rules: Rules
                    ) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Units x distress-table rows in m², and units with distress their surface lacks."""
    n = amounts.shape[0]
    lookup = rules.distress_lookup()
    areas = np.zeros((n, len(rules.distress)))
    invalid = np.zeros(n, dtype=bool)
    for road_surface, table in _DISTRESS_SURFACE.items():
        rows = surface == road_surface
        if not rows.any():
            continue
        for j, (code, severity) in enumerate(columns):
            g = lookup.get((table, code, severity))
            recorded = rows & (amounts[:, j] != 0)
            if g is None or math.isnan(rules.distress[g].factor):
                invalid |= recorded
            else:
                areas[rows, g] = amounts[rows, j] * rules.distress[g].factor
    return areas, invalid


def _indices(facts: list[RoadFacts], road: IntArray, start: FloatArray, end: FloatArray,
             dr: FloatArray, iri: FloatArray, rut: FloatArray, rules: Rules) -> ScoredUnits:
    """PCI/RQI/RDI/PQI per unit with each road's parameter set, then the grade (§4.2, §5)."""
    n = road.shape[0]
    set_of_road = [rules.parameter_set_id(f.technical_grade, f.surface) for f in facts]
    unit_sets = [set_of_road[r] for r in road.tolist()]
    pci, rqi, rdi, pqi = (np.full(n, np.nan) for _ in range(4))
    set_array = np.array(unit_sets, dtype=object)
    for set_id in sorted(set(unit_sets)):
        rows = np.flatnonzero(set_array == set_id)
        out = api.pavement_indices(pavement_parameters(set_id), damage_ratio=dr[rows],
                                   iri=iri[rows], rut_depth=rut[rows])
        pci[rows], rqi[rows], rdi[rows], pqi[rows] = out.pci, out.rqi, out.rdi, out.pqi
    grade = api.band_scores(pqi, rules.bands)
    return ScoredUnits(facts, road, start, end, unit_sets, dr, iri, rut, pci, rqi, rdi, pqi,
                       grade)


# --- aggregation ----------------------------------------------------------------------------


def round_half_up(value: float, decimals: int = 2) -> float:
    """Half-up rounding of an aggregate, once at the end (rural_roads.md §5 rounding)."""
    if math.isnan(value):
        return value
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class AggregateRow:
    level: str
    key: str
    district: str
    pqi: float
    pci: float
    rqi: float
    share: float
    evaluated_km: float
    units: int
    grade: int
    km_by_grade: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class UnitColumns:
    """Stored units as aggregation reads them."""

    road: list[str]
    town: list[str]
    district: list[str]
    length_m: FloatArray
    pci: FloatArray
    rqi: FloatArray
    pqi: FloatArray


def aggregate(units: UnitColumns, rules: Rules) -> list[AggregateRow]:
    """Length-weighted PQI/PCI/RQI and the excellent/good/fair share per road, town, district
    and city, each formed from unit values, never from lower aggregates (rural_roads.md §6.2,
    §6.3); rounded half-up once at the end (§5)."""
    levels = (("road", units.road), ("town", units.town), ("district", units.district),
              ("city", [""] * len(units.road)))
    district_of: dict[tuple[str, str], str] = {}
    for r, t, d in zip(units.road, units.town, units.district, strict=True):
        district_of[("road", r)] = district_of[("town", t)] = district_of[("district", d)] = d
    rows: list[AggregateRow] = []
    n_bands = len(rules.bands.codes)
    for level, keys in levels:
        names = sorted(set(keys))
        position = {k: i for i, k in enumerate(names)}
        groups = np.fromiter((position[k] for k in keys), dtype=np.int64, count=len(keys))
        g = len(names)
        pqi = api.grouped_length_weighted(units.pqi, units.length_m, groups, n_groups=g,
                                          threshold=rules.good_threshold)
        pci = api.grouped_length_weighted(units.pci, units.length_m, groups, n_groups=g)
        rqi = api.grouped_length_weighted(units.rqi, units.length_m, groups, n_groups=g)
        banded = api.band_scores(units.pqi, rules.bands).astype(np.int64)
        by_grade = api.grouped_length_weighted(
            units.pqi, units.length_m, np.where(banded < 0, g * n_bands, groups * n_bands + banded),
            n_groups=g * n_bands + 1).evaluated_length
        means = [round_half_up(float(v)) for v in pqi.mean]
        grades = api.band_scores(np.array(means), rules.bands)
        for i, name in enumerate(names):
            rows.append(AggregateRow(
                level=level, key=name, district=district_of.get((level, name), ""),
                pqi=means[i], pci=round_half_up(float(pci.mean[i])),
                rqi=round_half_up(float(rqi.mean[i])),
                share=round_half_up(float(pqi.share_at_or_above[i]), 4),
                evaluated_km=round_half_up(float(pqi.evaluated_length[i]) / 1000, 3),
                units=int(pqi.count[i]), grade=int(grades[i]),
                km_by_grade=tuple(round_half_up(float(v) / 1000, 3)
                                  for v in by_grade[i * n_bands:(i + 1) * n_bands])))
    return rows


def aggregates_digest(rows: Sequence[AggregateRow]) -> str:
    """sha256 of every aggregate row, in order."""
    return hashlib.sha256(json.dumps([astuple(r) for r in rows]).encode()).hexdigest()


_STORED_COLUMNS = ("start_m", "end_m", "damage_ratio", "pci", "rqi", "rdi", "pqi", "grade")


def input_digest(chunk_digests: Sequence[str], rules: Rules) -> str:
    """sha256 of the rules and of every stored chunk, in chunk order (architecture §6)."""
    h = hashlib.sha256(rules.digest.encode())
    for digest in chunk_digests:
        h.update(digest.encode())
    return h.hexdigest()


def result_digest(roads: Sequence[str], units: Mapping[str, npt.NDArray[Any]],
                  rows: Sequence[AggregateRow]) -> str:
    """sha256 of every unit's indices in (road, start) order and of every aggregate."""
    h = hashlib.sha256(json.dumps(list(roads)).encode())
    for name in _STORED_COLUMNS:
        h.update(np.ascontiguousarray(units[name]).tobytes())
    h.update(aggregates_digest(rows).encode())
    return h.hexdigest()


@dataclass(frozen=True)
class Replay:
    parameter_sets: list[str]
    input_digest: str
    result_digest: str
    differences: list[str]


def replay(chunks: Sequence[ScoredUnits], chunk_digests: Sequence[str],
           stored: Mapping[str, npt.NDArray[Any]], rules: Rules) -> Replay:
    """Recompute a survey's units and aggregates from its stored chunks and compare them,
    unit by unit, with what was stored (architecture §6, provenance)."""
    roads = [c.roads[r].code for c in chunks for r in c.road.tolist()]
    towns = [c.roads[r].town for c in chunks for r in c.road.tolist()]
    districts = [c.roads[r].district for c in chunks for r in c.road.tolist()]
    sets = sorted({s for c in chunks for s in c.parameter_set})

    def joined(name: str) -> npt.NDArray[Any]:
        return np.concatenate([getattr(c, name) for c in chunks])

    start = joined("start_m")
    order = np.lexsort((start, np.array(roads, dtype=str))) if roads else np.zeros(0, np.int64)
    arrays = {name: joined(name)[order] for name in _STORED_COLUMNS}
    ordered = [roads[i] for i in order.tolist()]
    units = UnitColumns(road=ordered, town=[towns[i] for i in order.tolist()],
                        district=[districts[i] for i in order.tolist()],
                        length_m=arrays["end_m"] - arrays["start_m"], pci=arrays["pci"],
                        rqi=arrays["rqi"], pqi=arrays["pqi"])
    rows = aggregate(units, rules)
    differences: list[str] = []
    for name in _STORED_COLUMNS:
        mine, theirs = arrays[name], stored[name]
        if mine.shape != theirs.shape:
            differences.append(f"{name}: {theirs.shape[0]} stored units, {mine.shape[0]} "
                               "recomputed")
            continue
        same = (mine == theirs) | (np.isnan(mine) & np.isnan(theirs)) \
            if mine.dtype.kind == "f" else mine == theirs
        differences.extend(f"unit {ordered[i]}:{arrays['start_m'][i]:g} {name} stored "
                           f"{theirs[i].item()!r} recomputed {mine[i].item()!r}"
                           for i in np.flatnonzero(~same)[:10].tolist())
    return Replay(sets, input_digest(chunk_digests, rules),
                  result_digest(ordered, arrays, rows), differences)


# --- targets --------------------------------------------------------------------------------


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    IN_PROGRESS = "in_progress"
    NO_DATA = "no_data"
    NOT_ASSESSED = "not_assessed"


class Direction(StrEnum):
    RISING = "rising"
    FLAT = "flat"
    FALLING = "falling"
    NO_PREVIOUS = "no_previous"


@dataclass(frozen=True, slots=True)
class TargetResult:
    code: str
    indicator: str
    clause: str
    value: float
    display: str
    threshold: str
    status: Status
    trend: Direction = Direction.NO_PREVIOUS
    previous: float = math.nan
    note: str = ""


@dataclass(frozen=True)
class TargetFacts:
    """The recorded facts of one district (or the city) and year that the targets read."""

    year: int
    villages: int = 0
    villages_two_lane: int = 0
    villages_bus: int = 0
    survey_pqi: float | None = None
    survey_share: float | None = None
    previous_pqi: float | None = None
    greenable_km: float = 0.0
    greened_km: float = 0.0
    previous_greening: float | None = None
    safety_identified: int = 0
    safety_remediated: int = 0
    upgrade_km_cumulative: float = 0.0
    hazard_remediated_cumulative: int = 0
    hazard_open: int = 0
    major_medium_km: float | None = None
    network_m: float = 0.0
    projects_handed_over: int = 0
    projects_passed: int = 0
    township_village_m: Mapping[str, float] = field(default_factory=dict)
    specialists: Mapping[str, int] = field(default_factory=dict)
    evaluated_m: float = 0.0
    plan_approvals: Mapping[str, dt.date | None] = field(default_factory=dict)
    dangerous_bridges: int = 0
    bridges: int = 0


def specialists_needed(township_village_m: float, km_per_specialist: int) -> int:
    """⌈km / km_per_specialist⌉ in exact decimals (rural_roads.md §2.4 decision on T14:
    minimum at 30 km, comfortable at 25 km per specialist, 四(二) ¶1)."""
    km = Decimal(repr(township_village_m)) / 1000
    return int((km / km_per_specialist).to_integral_value(rounding=ROUND_CEILING))


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


def _pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{round_half_up(value * 100):.2f} %"


def _meets(value: float, threshold: float) -> Status:
    if math.isnan(value):
        return Status.NO_DATA
    return Status.PASS if value >= threshold - 1e-12 else Status.FAIL


def _trend(current: float, previous: float | None) -> tuple[Direction, float]:
    if previous is None or math.isnan(previous) or math.isnan(current):
        return Direction.NO_PREVIOUS, math.nan
    now, before = round_half_up(current, 2), round_half_up(previous, 2)
    if now > before:
        return Direction.RISING, previous
    return (Direction.FLAT if now == before else Direction.FALLING), previous


def evaluate_targets(facts: TargetFacts, policy: TargetPolicy) -> list[TargetResult]:
    """Targets T1-T17 of the 2018 implementation opinions (rural_roads.md §2.1-2.4).

    Ratios follow §2.4; T3 and T4 need a rise on the previous year compared at 2 decimals;
    T10/T11 are cumulative from 2018 and only fail once the 2022 deadline year is reached;
    T12 takes the register's mileage as the 1 January base; T14 needs ⌈km/30⌉ specialists per
    district. T7, T8, T9 and T17 are qualitative and are shown with their facts.
    """
    p = policy
    out: list[TargetResult] = []
    two_lane = _ratio(facts.villages_two_lane, facts.villages)
    out.append(TargetResult("T1", "villages with a two-lane road", "三(一)", two_lane,
                            f"{facts.villages_two_lane} of {facts.villages}",
                            f"≥ {_pct(p.two_lane_coverage)}",
                            _meets(two_lane, p.two_lane_coverage)))
    share = math.nan if facts.survey_share is None else facts.survey_share
    out.append(TargetResult("T2", "excellent/good/fair share (PQI ≥ 70)", "三(二)", share,
                            _pct(share), f"≥ {_pct(p.excellent_good_fair_share)}",
                            _meets(share, p.excellent_good_fair_share),
                            note="" if facts.survey_share is not None
                            else "no closed survey for the year"))
    pqi = math.nan if facts.survey_pqi is None else facts.survey_pqi
    trend, before = _trend(pqi, facts.previous_pqi)
    pqi_status = (Status.NO_DATA if math.isnan(pqi) or trend is Direction.NO_PREVIOUS
                  else Status.PASS if trend is Direction.RISING else Status.FAIL)
    out.append(TargetResult("T3", "PQI (length-weighted)", "三(二)", pqi,
                            "–" if math.isnan(pqi) else f"{pqi:.2f}", "rises year on year",
                            pqi_status, trend, before,
                            "" if trend is not Direction.NO_PREVIOUS
                            else "needs closed surveys of this and the previous year"))
    greening = _ratio(facts.greened_km, facts.greenable_km)
    g_trend, g_before = _trend(greening * 100, None if facts.previous_greening is None
                               else facts.previous_greening * 100)
    g_status = _meets(greening, p.greening_rate)
    if g_status is Status.PASS and g_trend in (Direction.FLAT, Direction.FALLING):
        g_status = Status.FAIL
    out.append(TargetResult("T4", "greening rate (greened / greenable km)", "三(三)", greening,
                            _pct(greening), f"≥ {_pct(p.greening_rate)} and rising", g_status,
                            g_trend, g_before / 100 if not math.isnan(g_before) else math.nan,
                            "no previous year to compare" if g_trend is Direction.NO_PREVIOUS
                            else ""))
    safety = _ratio(facts.safety_remediated, facts.safety_identified)
    out.append(TargetResult("T5", "safety life-protection works remediated", "三(四)", safety,
                            f"{facts.safety_remediated} of {facts.safety_identified}",
                            f"{_pct(p.safety_works_remediation)}",
                            _meets(safety, p.safety_works_remediation)))
    bus = _ratio(facts.villages_bus, facts.villages)
    out.append(TargetResult("T6", "villages with bus service", "三(五)", bus,
                            f"{facts.villages_bus} of {facts.villages}", f"{_pct(p.bus_service)}",
                            _meets(bus, p.bus_service)))
    out.append(TargetResult("T7", "every road maintained; staff and funds in place", "三(二)",
                            math.nan, "–", "qualitative", Status.NOT_ASSESSED,
                            note="see T12 and T14 for the measurable parts"))
    out.append(TargetResult("T8", "dangerous bridges handled promptly", "三(四)",
                            float(facts.dangerous_bridges),
                            f"{facts.dangerous_bridges} dangerous of {facts.bridges} bridges",
                            "qualitative", Status.NOT_ASSESSED))
    out.append(TargetResult("T9", "urban-rural logistics, transport with post", "三(五)",
                            math.nan, "–", "qualitative", Status.NOT_ASSESSED))
    deadline_passed = facts.year >= p.cumulative_deadline_year
    for code, name, clause, value, target in (
            ("T10", "upgrade and renovation km since 2018", "四(三) ¶1",
             facts.upgrade_km_cumulative, p.upgrade_km_cumulative),
            ("T11", "hazard sites remediated since 2018", "四(三) ¶2",
             float(facts.hazard_remediated_cumulative), float(p.hazard_sites_cumulative))):
        status = (Status.PASS if value >= target else
                  Status.FAIL if deadline_passed else Status.IN_PROGRESS)
        out.append(TargetResult(code, name, clause, value, f"{value:,.3f}".rstrip("0").rstrip("."),
                                f"≥ {target:,.0f} by end-{p.cumulative_deadline_year}", status,
                                note=f"{facts.hazard_open} sites still open" if code == "T11"
                                else ""))
    network_km = facts.network_m / 1000
    maintenance = (math.nan if facts.major_medium_km is None
                   else _ratio(facts.major_medium_km, network_km))
    out.append(TargetResult("T12", "major and medium maintenance share of mileage", "四(三) ¶3",
                            maintenance, _pct(maintenance),
                            f"≥ {_pct(p.major_medium_maintenance_share)}",
                            _meets(maintenance, p.major_medium_maintenance_share),
                            note=f"base {network_km:,.3f} km of the register"))
    first = _ratio(facts.projects_passed, facts.projects_handed_over)
    out.append(TargetResult("T13", "first-time handover acceptance pass rate", "四(一) ¶2",
                            first, f"{facts.projects_passed} of {facts.projects_handed_over}",
                            f"{_pct(p.first_handover_pass_rate)}",
                            _meets(first, p.first_handover_pass_rate)))
    needed = sum(specialists_needed(m, p.specialist_km_minimum)
                 for m in facts.township_village_m.values())
    comfortable = sum(specialists_needed(m, p.specialist_km_comfortable)
                      for m in facts.township_village_m.values())
    in_post = sum(facts.specialists.get(d, 0) for d in facts.township_village_m)
    staffed = [d for d in facts.township_village_m
               if facts.specialists.get(d, 0) >= specialists_needed(
                   facts.township_village_m[d], p.specialist_km_minimum)]
    missing_staff = not set(facts.township_village_m) <= set(facts.specialists)
    out.append(TargetResult("T14", "rural-road specialists (1 per 25-30 km of township and "
                            "village roads)", "四(二) ¶1", float(in_post),
                            f"{in_post} in post", f"≥ {needed} (comfortable {comfortable})",
                            Status.NO_DATA if missing_staff and not facts.specialists else
                            Status.PASS if len(staffed) == len(facts.township_village_m)
                            else Status.FAIL))
    coverage = _ratio(facts.evaluated_m, facts.network_m)
    out.append(TargetResult("T15", "condition survey coverage", "四(三) ¶3", coverage,
                            _pct(coverage), f"{_pct(p.inspection_coverage)} every year",
                            _meets(coverage, p.inspection_coverage - 0.0005)
                            if facts.survey_share is not None else Status.NO_DATA))
    approvals = facts.plan_approvals
    on_time = [d for d, day in approvals.items() if day is not None
               and day <= p.plan_approval_deadline]
    out.append(TargetResult("T16", "construction plan approved", "四(一) ¶1",
                            float(len(on_time)), f"{len(on_time)} of {len(approvals)} districts",
                            f"by {p.plan_approval_deadline.isoformat()}",
                            Status.NO_DATA if not approvals else
                            Status.PASS if len(on_time) == len(approvals) else Status.FAIL))
    out.append(TargetResult("T17", "construction plan revised on a rolling 5-year cycle",
                            "四(一) ¶1", math.nan, "–", "qualitative", Status.NOT_ASSESSED))
    return out
