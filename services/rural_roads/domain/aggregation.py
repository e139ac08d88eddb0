"""Length-weighted aggregation of scored units, the digests of a closed survey and its replay
(rural_roads.md §5, §6; architecture §6 provenance)."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from cityscore.core.kernel import api
from cityscore.services.rural_roads.domain.rules import Rules
from cityscore.services.rural_roads.domain.scoring import FloatArray, ScoredUnits


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
    mqi: float = math.nan
    share_index: str = "pqi"

    def digest_fields(self) -> tuple[Any, ...]:
        """What the result digest covers: the MQI and the share's index only where an MQI
        was formed, so reports stored before MQI keep their digests."""
        fields = astuple(self)
        return fields if self.share_index == "mqi" or not math.isnan(self.mqi) else fields[:-2]


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
    mqi: FloatArray


#: The stored unit columns of the condition indices (PBI, PWI, SCI, BCI, TCI, MQI).
CONDITION_COLUMNS = ("pbi", "pwi", "sci", "bci", "tci", "mqi")


def aggregate(units: UnitColumns, rules: Rules) -> list[AggregateRow]:
    """Length-weighted PQI/PCI/RQI/MQI and the excellent/good/fair share per road, town,
    district and city, each formed from unit values, never from lower aggregates
    (rural_roads.md §6.2, §6.3); rounded half-up once at the end (§5). The share is measured
    on MQI where the rules form one and every evaluated unit of the group has it, else on
    PQI (§6.3 decision); grades stay on PQI."""
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
        mqi_means, on_mqi, mqi_shares = _condition(units, groups, g, rules)
        for i, name in enumerate(names):
            share = mqi_shares[i] if on_mqi[i] else float(pqi.share_at_or_above[i])
            rows.append(AggregateRow(
                level=level, key=name, district=district_of.get((level, name), ""),
                pqi=means[i], pci=round_half_up(float(pci.mean[i])),
                rqi=round_half_up(float(rqi.mean[i])),
                mqi=round_half_up(mqi_means[i]), share_index="mqi" if on_mqi[i] else "pqi",
                share=round_half_up(share, 4),
                evaluated_km=round_half_up(float(pqi.evaluated_length[i]) / 1000, 3),
                units=int(pqi.count[i]), grade=int(grades[i]),
                km_by_grade=tuple(round_half_up(float(v) / 1000, 3)
                                  for v in by_grade[i * n_bands:(i + 1) * n_bands])))
    return rows


def _condition(units: UnitColumns, groups: npt.NDArray[np.int64], g: int, rules: Rules
               ) -> tuple[list[float], list[bool], list[float]]:
    """Per group: the length-weighted MQI, whether every unit with a PQI has an MQI, and
    the share with MQI ≥ 70."""
    if rules.condition is None:
        return [math.nan] * g, [False] * g, [math.nan] * g
    mqi = api.grouped_length_weighted(units.mqi, units.length_m, groups, n_groups=g,
                                      threshold=rules.good_threshold)
    lacking = np.bincount(groups, weights=(~np.isnan(units.pqi) & np.isnan(units.mqi)),
                          minlength=g)
    return ([float(v) for v in mqi.mean], [bool(lacking[i] == 0 and mqi.count[i] > 0)
                                           for i in range(g)],
            [float(v) for v in mqi.share_at_or_above])


def aggregates_digest(rows: Sequence[AggregateRow]) -> str:
    """sha256 of every aggregate row, in order."""
    return hashlib.sha256(json.dumps([r.digest_fields() for r in rows]).encode()).hexdigest()


_STORED_COLUMNS = ("start_m", "end_m", "damage_ratio", "pci", "rqi", "rdi", "pqi", "grade")
_COMPARED = (*_STORED_COLUMNS, *CONDITION_COLUMNS, "structure_class")


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
    # The condition columns count where a unit has one, so results stored before them keep
    # their digests.
    for name in CONDITION_COLUMNS:
        if not np.isnan(units[name]).all():
            h.update(name.encode())
            h.update(np.ascontiguousarray(units[name]).tobytes())
    h.update(aggregates_digest(rows).encode())
    return h.hexdigest()


def _stored_nan(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The values as the database gives them back: "not measured" is stored as NULL and
    read as the one ``np.nan``, whatever NaN bits the kernel produced (0/0 gives another)."""
    if values.dtype.kind != "f":
        return values
    return np.where(np.isnan(values), np.nan, values)


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
        source = [c.condition if name in CONDITION_COLUMNS or name == "structure_class" else c
                  for c in chunks]
        return np.concatenate([getattr(c, name) for c in source])

    start = joined("start_m")
    order = np.lexsort((start, np.array(roads, dtype=str))) if roads else np.zeros(0, np.int64)
    arrays = {name: _stored_nan(joined(name)[order]) for name in _COMPARED}
    ordered = [roads[i] for i in order.tolist()]
    units = UnitColumns(road=ordered, town=[towns[i] for i in order.tolist()],
                        district=[districts[i] for i in order.tolist()],
                        length_m=arrays["end_m"] - arrays["start_m"], pci=arrays["pci"],
                        rqi=arrays["rqi"], pqi=arrays["pqi"], mqi=arrays["mqi"])
    rows = aggregate(units, rules)
    differences: list[str] = []
    for name in _COMPARED:
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
