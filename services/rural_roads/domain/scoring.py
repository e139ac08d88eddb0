"""Scoring one uploaded chunk: validation of every unit, then PCI/RQI/RDI/PQI through the
kernel with each road's parameter set, and the grade (rural_roads.md §4, §5)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from cityscore.core.errors import FieldViolation, InvalidArgument
from cityscore.core.kernel import api
from cityscore.core.kernel.parameters import pavement_parameters
from cityscore.services.rural_roads.domain.rules import Rules

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
MAX_REPORTED_VIOLATIONS = 40
"""Violations listed per error; more would not fit the 8 KiB of gRPC trailing metadata."""


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
    sci: FloatArray
    bci: FloatArray
    tci: FloatArray
    structure_class: IntArray
    bumps_light: FloatArray
    bumps_medium: FloatArray
    bumps_heavy: FloatArray
    wear_ratio: FloatArray

    @property
    def size(self) -> int:
        return int(self.road_index.shape[0])


@dataclass
class ConditionColumns:
    """A unit's bump and wear indices (PBI, PWI), the survey's SCI, BCI and TCI, the class of
    its worst structure and its MQI (rural_roads.md §4.1, §4.6); NaN where not measured."""

    pbi: FloatArray
    pwi: FloatArray
    sci: FloatArray
    bci: FloatArray
    tci: FloatArray
    structure_class: IntArray
    mqi: FloatArray

    @classmethod
    def of(cls, sci: FloatArray, bci: FloatArray, tci: FloatArray,
           structure_class: IntArray) -> ConditionColumns:
        """The survey's inputs; PBI, PWI and MQI are filled when the unit is scored."""
        n = sci.shape[0]
        return cls(np.full(n, np.nan), np.full(n, np.nan), sci, bci, tci, structure_class,
                   np.full(n, np.nan))


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
    condition: ConditionColumns

    @property
    def length_m(self) -> FloatArray:
        return self.end_m - self.start_m

    def chainages(self) -> list[tuple[str, float]]:
        """(road, start) of each unit: a road's chainage is surveyed once per survey."""
        return [(self.roads[r].code, s) for r, s in zip(self.road.tolist(),
                                                        self.start_m.tolist(), strict=True)]

    def repeats_a_chainage(self) -> bool:
        """Whether two units have the same road and start, found on the arrays (a road named
        twice in the chunk's road codes is one road)."""
        if self.road.shape[0] < 2:
            return False
        first: dict[str, int] = {}
        same_road = np.array([first.setdefault(f.code, i) for i, f in enumerate(self.roads)],
                             dtype=np.int64)[self.road]
        order = np.lexsort((self.start_m, same_road))
        road, start = same_road[order], self.start_m[order]
        return bool(((road[1:] == road[:-1]) & (start[1:] == start[:-1])).any())

    def units_by_district(self) -> dict[str, int]:
        districts, counts = np.unique(np.array([f.district for f in self.roads])[self.road],
                                      return_counts=True)
        return dict(zip(districts.tolist(), counts.tolist(), strict=True))


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
    sci = _column(chunk.sci, n, "sci", where, bad)
    bci = _column(chunk.bci, n, "bci", where, bad)
    tci = _column(chunk.tci, n, "tci", where, bad)
    structure = (np.zeros(n, dtype=np.int64) if chunk.structure_class.shape[0] == 0
                 else chunk.structure_class)
    if structure.shape[0] != n:
        bad.append(FieldViolation(f"{where}.structure_class",
                                  f"has {structure.shape[0]} values for {n} units"))
    bump_columns = [_column(getattr(chunk, f"bumps_{level}"), n, f"bumps_{level}", where, bad)
                    for level in ("light", "medium", "heavy")]
    wear = _column(chunk.wear_ratio, n, "wear_ratio_percent", where, bad)
    condition_given = [name for name, values in (("sci", chunk.sci), ("bci", chunk.bci),
                                                 ("tci", chunk.tci),
                                                 ("structure_class", chunk.structure_class))
                       if values.shape[0]]
    if condition_given and rules.condition is None:
        bad.extend(FieldViolation(f"{where}.{name}", f"the survey is scored under "
                                                     f"{rules.version}, which has no MQI")
                   for name in condition_given)
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
    bumps = np.column_stack(bump_columns)
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
        for name, values in (("sci", sci), ("bci", bci), ("tci", tci)):
            flag(~np.isnan(values) & ((values < 0) | (values > 100)), name,
                 f"{name.upper()} must be 0-100")
        if rules.condition is not None:
            flag((structure < 0) | (structure > rules.condition.dangerous_class),
                 "structure_class", f"a structure class from 1 to "
                                    f"{rules.condition.dangerous_class} (0: none)")
        flag((~np.isnan(bumps) & ((bumps < 0) | (bumps != np.floor(bumps)))).any(axis=1)
             | np.isinf(bumps).any(axis=1), "bumps", "bump counts must be whole numbers")
        flag(~np.isnan(wear) & ((wear < 0) | (wear > 100)), "wear_ratio_percent",
             "wear ratio must be 0-100 %")
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
    # rural_roads.md §6.3 (corrected 2026-12-03): from rules 2026.1 a unit with no distress
    # data and no DR has no PCI; before, it was DR 0 (replays of those surveys keep it).
    from_distress = np.isnan(dr) & (m > 0 or not rules.missing_distress_not_measured)
    if from_distress.any():
        dr[from_distress] = api.damage_ratio(area_matrix[from_distress], weights,
                                             unit_area[from_distress])
    return _indices(facts, road, start, end, dr, iri, rut, rules,
                    ConditionColumns.of(sci, bci, tci, structure.astype(np.int64)),
                    bumps, wear)


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
             dr: FloatArray, iri: FloatArray, rut: FloatArray, rules: Rules,
             condition: ConditionColumns, bumps: FloatArray, wear: FloatArray) -> ScoredUnits:
    """PCI/RQI/RDI/PBI/PWI/PQI per unit with each road's parameter set (PBI and PWI count in
    PQI where the set weighs them: expressways and grade 1, §4.2), the grade (§5), and the
    MQI where the rules have one (§4.1)."""
    n = road.shape[0]
    set_of_road = [rules.parameter_set_id(f.technical_grade, f.surface) for f in facts]
    unit_sets = [set_of_road[r] for r in road.tolist()]
    pci, rqi, rdi, pqi = (np.full(n, np.nan) for _ in range(4))
    set_array = np.array(unit_sets, dtype=object)
    for set_id in sorted(set(unit_sets)):
        rows = np.flatnonzero(set_array == set_id)
        out = api.pavement_indices(pavement_parameters(set_id), damage_ratio=dr[rows],
                                   iri=iri[rows], rut_depth=rut[rows], bumps=bumps[rows],
                                   wear_ratio=wear[rows])
        pci[rows], rqi[rows], rdi[rows], pqi[rows] = out.pci, out.rqi, out.rdi, out.pqi
        condition.pbi[rows], condition.pwi[rows] = out.pbi, out.pwi
    if rules.condition is not None:
        condition.mqi[:] = api.condition_index(
            rules.condition, pqi=pqi, sci=condition.sci, bci=condition.bci, tci=condition.tci,
            structure_class=condition.structure_class)
    grade = api.band_scores(pqi, rules.bands)
    return ScoredUnits(facts, road, start, end, unit_sets, dr, iri, rut, pci, rqi, rdi, pqi,
                       grade, condition)


def check_repeats(chunk_index: int, pairs: Sequence[tuple[str, float]],
                  already: set[tuple[str, float]]) -> None:
    """A road's chainage is surveyed once per survey: within the chunk and across chunks
    (``already``: the pairs stored by earlier chunks)."""
    seen: set[tuple[str, float]] = set()
    repeated = []
    for i, pair in enumerate(pairs):
        if pair in seen:
            repeated.append((i, "repeats a unit of this chunk"))
        seen.add(pair)
    repeated += [(i, "already uploaded in an earlier chunk") for i, pair in enumerate(pairs)
                 if pair in already]
    if repeated:
        raise InvalidArgument(f"chunk {chunk_index} repeats {len(repeated)} units", [
            FieldViolation(f"chunks[{chunk_index}].units[{i}].start_m",
                           f"road {pairs[i][0]} at {pairs[i][1]:g} m: {text}")
            for i, text in sorted(repeated)[:MAX_REPORTED_VIOLATIONS]])
