"""Length-weighted aggregation of scored units, the digests of a closed survey and its replay
(rural_roads.md §5, §6; architecture §6 provenance)."""

from __future__ import annotations

import hashlib
import json
import math
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from cityscore.core.kernel import api
from cityscore.services.rural_roads.domain.rules import Rules
from cityscore.services.rural_roads.domain.scoring import FloatArray


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
        # Field by field, shallow: the same JSON as ``dataclasses.astuple`` without its deep
        # copy of every value (the longest step of closing a survey's aggregates otherwise).
        fields = tuple(getattr(self, name) for name in self.__slots__)
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


UnitBatch = tuple[UnitColumns, Mapping[str, npt.NDArray[Any]]]
"""Units in (road, start) order as aggregation reads them, and their indices as stored."""


def aggregate_units(rules: Rules, n_units: int, batches: Iterable[UnitBatch],
                    progress: Callable[[int], None] | None = None, *, keep_rows: bool = True
                    ) -> tuple[list[AggregateRow], str]:
    """The aggregates of a survey's ``n_units`` units, fed a batch at a time in (road, start)
    order, and their result digest, in memory bounded by a batch (see ``Aggregation`` and
    ``ResultDigest``) and the rows kept: how a survey is closed, and how its replay
    recomputes it (which keeps no row: ``keep_rows=False``). ``progress`` hears how many units
    are done after each batch."""
    aggregation = Aggregation(rules, n_units)
    digest = ResultDigest()
    rows: list[AggregateRow] = []

    def formed(done: list[AggregateRow]) -> None:
        digest.add_rows(done)
        if keep_rows:
            rows.extend(done)

    units_done = 0
    for units, stored in batches:
        formed(aggregation.add(units))
        digest.add_units(units.road, stored)
        units_done += len(units.road)
        if progress is not None:
            progress(units_done)
    formed(aggregation.finish())
    return rows, digest.finish()


#: Per group sums, one row each: evaluated length, Σ v·L and length at or above the
#: threshold of PQI, PCI, RQI and MQI, the units with a PQI and with an MQI, the units with a
#: PQI but no MQI, then the evaluated length per grade band.
_PQI_EVAL, _PQI_SUM, _PQI_ABOVE, _PQI_COUNT = 0, 1, 2, 3
_PCI_EVAL, _PCI_SUM, _RQI_EVAL, _RQI_SUM = 4, 5, 6, 7
_MQI_EVAL, _MQI_SUM, _MQI_ABOVE, _MQI_COUNT, _LACKING, _BANDS = 8, 9, 10, 11, 12, 13

_Contribution = tuple[int, npt.NDArray[np.bool_], FloatArray]


class Aggregation:
    """The aggregates of a survey from its units fed batch by batch in (road, start) order,
    in memory bounded by a batch (and the towns and districts), not by the survey
    (rural_roads.md §6.2, §6.3; §5 rounding once at the end).

    Each sum is formed exactly as the kernel's one-pass grouped aggregation forms it
    (``core.kernel`` ``grouped``), so results are the same to the bit as those of surveys
    closed before: rows are summed in order within 4 fixed quarters of the survey (one below
    65,536 units) and the quarters' sums added in order. ``np.add.at`` adds in row order,
    carrying a group's sum from one batch to the next. Roads are contiguous in the order, so a
    road's row is final once the next road begins: ``add`` returns the road rows completed,
    ``finish`` the last road's and every town's, district's and the city's.
    """

    def __init__(self, rules: Rules, n_units: int) -> None:
        self._rules = rules
        self._bands = len(rules.bands.codes)
        self._fields = _BANDS + self._bands
        parts = 4 if n_units >= _QUARTERS_FROM else 1
        self._ends = [(c + 1) * n_units // parts for c in range(parts)]
        self._units = n_units
        self._seen = 0
        self._keys: dict[str, dict[str, int]] = {"town": {}, "district": {}, "city": {"": 0}}
        self._district_of: dict[tuple[str, str], str] = {}
        self._done = {level: np.zeros((self._fields, len(keys)))
                      for level, keys in self._keys.items()}
        self._part = {level: np.zeros_like(done) for level, done in self._done.items()}
        # The road in progress: its name and district, its sums of the quarters before and
        # of the quarter so far.
        self._road: tuple[str, str] | None = None
        self._road_done = np.zeros(self._fields)
        self._road_part = np.zeros(self._fields)

    def add(self, units: UnitColumns) -> list[AggregateRow]:
        """Take the next units; the rows of the roads they complete."""
        rows: list[AggregateRow] = []
        lo, n = 0, len(units.road)
        if self._seen + n > self._units:
            raise ValueError(f"more units than the {self._units} announced")
        while lo < n:
            quarter = next(i for i, end in enumerate(self._ends) if end > self._seen)
            hi = min(n, lo + self._ends[quarter] - self._seen)
            rows.extend(self._segment(units, lo, hi))
            self._seen += hi - lo
            if self._seen == self._ends[quarter]:
                self._end_quarter()
            lo = hi
        return rows

    def finish(self) -> list[AggregateRow]:
        """The last road's row, then every town's, district's and the city's, by name."""
        if self._seen != self._units:
            raise ValueError(f"{self._seen} units aggregated of {self._units} announced")
        rows = [] if self._road is None else self._road_rows(
            [self._road[0]], [self._road[1]], (self._road_done + self._road_part)[:, None])
        for level in ("town", "district", "city"):
            keys = self._keys[level]
            names = sorted(keys)
            sums = self._done[level][:, [keys[k] for k in names]]
            rows.extend(self._rows(level, names, sums))
        return rows

    def _segment(self, units: UnitColumns, lo: int, hi: int) -> list[AggregateRow]:
        """Units ``lo:hi`` of a batch, all within one quarter."""
        length = units.length_m[lo:hi]
        contributions = self._contributions(length, units.pqi[lo:hi], units.pci[lo:hi],
                                            units.rqi[lo:hi], units.mqi[lo:hi])
        roads = np.asarray(units.road[lo:hi], dtype=object)
        towns = np.asarray(units.town[lo:hi], dtype=object)
        districts = np.asarray(units.district[lo:hi], dtype=object)
        for level, names in (("town", towns), ("district", districts), ("city", None)):
            ids = (self._ids(level, names, districts) if names is not None
                   else np.zeros(hi - lo, dtype=np.int64))
            part = self._part[level]
            for field, mask, weights in contributions:
                np.add.at(part[field], ids[mask], weights[mask])
        return self._roads(roads, districts, contributions)

    def _roads(self, roads: npt.NDArray[Any], districts: npt.NDArray[Any],
               contributions: list[_Contribution]) -> list[AggregateRow]:
        """Sum each road's units; the rows of the roads that end before the segment does."""
        begins = _begins(roads)
        starts = np.flatnonzero(begins)
        lasts = np.append(starts[1:], len(roads)) - 1
        local = np.cumsum(begins) - 1
        sums = np.zeros((self._fields, len(starts)))
        continuing = self._road is not None and roads[0] == self._road[0]
        if continuing:
            sums[:, 0] = self._road_part
        for field, mask, weights in contributions:
            np.add.at(sums[field], local[mask], weights[mask])
        rows: list[AggregateRow] = []
        if self._road is not None and not continuing:
            rows.extend(self._road_rows([self._road[0]], [self._road[1]],
                                        (self._road_done + self._road_part)[:, None]))
        before = self._road_done if continuing else np.zeros(self._fields)
        totals = sums[:, :-1].copy()
        if totals.shape[1]:
            totals[:, 0] = before + sums[:, 0]
        # A road's district: that of its last unit, in unit order.
        rows.extend(self._road_rows(roads[starts[:-1]].tolist(),
                                    districts[lasts[:-1]].tolist(), totals))
        self._road = (str(roads[starts[-1]]), str(districts[lasts[-1]]))
        self._road_done = before if len(starts) == 1 else np.zeros(self._fields)
        self._road_part = sums[:, -1]
        return rows

    def _road_rows(self, names: list[str], districts: list[str], totals: FloatArray
                   ) -> list[AggregateRow]:
        return self._rows("road", names, totals, districts) if names else []

    def _end_quarter(self) -> None:
        """Add the quarter's sums to those before, in quarter order, as the kernel does."""
        for level, part in self._part.items():
            self._done[level] = self._done[level] + part
            self._part[level] = np.zeros_like(part)
        self._road_done = self._road_done + self._road_part
        self._road_part = np.zeros(self._fields)

    def _ids(self, level: str, names: npt.NDArray[Any], districts: npt.NDArray[Any]
             ) -> npt.NDArray[np.int64]:
        """Group ids of ``names`` (runs of one name, as units of a road share its town)."""
        keys = self._keys[level]
        begins = _begins(names)
        starts = np.flatnonzero(begins)
        lasts = np.append(starts[1:], len(names)) - 1
        heads = names[starts].tolist()
        # The district of a town or district: that of its last unit, in unit order.
        for name, district in zip(heads, districts[lasts].tolist(), strict=True):
            keys.setdefault(name, len(keys))
            self._district_of[(level, name)] = district
        grow = len(keys) - self._done[level].shape[1]
        if grow:
            self._done[level] = np.pad(self._done[level], ((0, 0), (0, grow)))
            self._part[level] = np.pad(self._part[level], ((0, 0), (0, grow)))
        ids = np.array([keys[name] for name in heads], dtype=np.int64)
        return np.repeat(ids, lasts - starts + 1)

    def _contributions(self, length: FloatArray, pqi: FloatArray, pci: FloatArray,
                       rqi: FloatArray, mqi: FloatArray) -> list[_Contribution]:
        """What each unit adds to each sum (rows where it adds nothing are masked out)."""
        threshold = self._rules.good_threshold
        with np.errstate(invalid="ignore"):
            has_pqi, has_mqi = ~np.isnan(pqi), ~np.isnan(mqi)
            ones = np.ones_like(length)
            found: list[_Contribution] = [
                (_PQI_EVAL, has_pqi, length), (_PQI_SUM, has_pqi, pqi * length),
                (_PQI_ABOVE, pqi >= threshold, length), (_PQI_COUNT, has_pqi, ones),
                (_PCI_EVAL, ~np.isnan(pci), length), (_PCI_SUM, ~np.isnan(pci), pci * length),
                (_RQI_EVAL, ~np.isnan(rqi), length), (_RQI_SUM, ~np.isnan(rqi), rqi * length),
                (_MQI_EVAL, has_mqi, length), (_MQI_SUM, has_mqi, mqi * length),
                (_MQI_ABOVE, mqi >= threshold, length), (_MQI_COUNT, has_mqi, ones),
                (_LACKING, has_pqi & ~has_mqi, ones)]
        band = api.band_scores(pqi, self._rules.bands)
        found.extend((_BANDS + b, band == b, length) for b in range(self._bands))
        return found

    def _rows(self, level: str, names: Sequence[str], sums: FloatArray,
              districts: Sequence[str] | None = None) -> list[AggregateRow]:
        """Rows of ``names`` from their sums (one column each), rounded once (§5)."""
        rules = self._rules

        def mean(total: FloatArray, evaluated: FloatArray) -> FloatArray:
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.where(evaluated > 0, total / evaluated, np.nan)

        pqi = mean(sums[_PQI_SUM], sums[_PQI_EVAL])
        means = [round_half_up(float(v)) for v in pqi]
        grades = api.band_scores(np.array(means), rules.bands)
        pqi_share = mean(sums[_PQI_ABOVE], sums[_PQI_EVAL])
        pci, rqi = mean(sums[_PCI_SUM], sums[_PCI_EVAL]), mean(sums[_RQI_SUM], sums[_RQI_EVAL])
        with_mqi = rules.condition is not None
        mqi = mean(sums[_MQI_SUM], sums[_MQI_EVAL]) if with_mqi else np.full(len(names),
                                                                               np.nan)
        mqi_share = mean(sums[_MQI_ABOVE], sums[_MQI_EVAL])
        rows = []
        for i, name in enumerate(names):
            on_mqi = with_mqi and sums[_LACKING, i] == 0 and sums[_MQI_COUNT, i] > 0
            share = float(mqi_share[i]) if on_mqi else float(pqi_share[i])
            rows.append(AggregateRow(
                level=level, key=name,
                district=(districts[i] if districts is not None
                          else self._district_of.get((level, name), "")),
                pqi=means[i], pci=round_half_up(float(pci[i])), rqi=round_half_up(float(rqi[i])),
                mqi=round_half_up(float(mqi[i])), share_index="mqi" if on_mqi else "pqi",
                share=round_half_up(share, 4),
                evaluated_km=round_half_up(float(sums[_PQI_EVAL, i]) / 1000, 3),
                units=int(sums[_PQI_COUNT, i]), grade=int(grades[i]),
                km_by_grade=tuple(round_half_up(float(v) / 1000, 3)
                                  for v in sums[_BANDS:, i])))
        return rows


_QUARTERS_FROM = 65_536
"""From this many units the kernel sums in 4 quarters (``core/kernel`` ``grouped``)."""


def _begins(names: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Where a new name begins in a run-sorted array."""
    if len(names) == 0:
        return np.zeros(0, dtype=bool)
    return np.concatenate(([True], names[1:] != names[:-1]))


_STORED_COLUMNS = ("start_m", "end_m", "damage_ratio", "pci", "rqi", "rdi", "pqi", "grade")
#: The stored indices of a unit a result digest covers and a replay compares.
COMPARED = (*_STORED_COLUMNS, *CONDITION_COLUMNS, "structure_class")


def input_digest(chunk_digests: Sequence[str], rules: Rules) -> str:
    """sha256 of the rules and of every stored chunk, in chunk order (architecture §6)."""
    h = hashlib.sha256(rules.digest.encode())
    for digest in chunk_digests:
        h.update(digest.encode())
    return h.hexdigest()


class ResultDigest:
    """The result digest of a survey fed unit batch by batch in (road, start) order: the
    road codes as one JSON list, then each stored column whole, then the sha256 of the
    aggregate rows as one JSON list, fed as they are formed. Columns wait in temporary files,
    so memory stays bounded by a batch."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256(b"[")
        self._first = True
        self._rows = hashlib.sha256(b"[")
        self._first_row = True
        self._files = {name: tempfile.TemporaryFile()  # noqa: SIM115 (closed by finish)
                       for name in COMPARED}
        self._measured = dict.fromkeys(CONDITION_COLUMNS, False)

    def add_units(self, roads: Sequence[str], units: Mapping[str, npt.NDArray[Any]]) -> None:
        if len(roads):
            self._hash.update((("" if self._first else ", ") + json.dumps(list(roads))[1:-1])
                              .encode())
            self._first = False
        for name, handle in self._files.items():
            handle.write(np.ascontiguousarray(units[name]).tobytes())
        for name in CONDITION_COLUMNS:
            self._measured[name] |= bool(not np.isnan(units[name]).all())

    def add_rows(self, rows: Sequence[AggregateRow]) -> None:
        """The next aggregate rows, in order: the digest reads them as one JSON list."""
        for row in rows:
            self._rows.update((("" if self._first_row else ", ")
                               + json.dumps(row.digest_fields())).encode())
            self._first_row = False

    def finish(self) -> str:
        h = self._hash
        h.update(b"]")
        # The condition columns count where a unit has one, so results stored before them
        # keep their digests.
        names = [*_STORED_COLUMNS, *(n for n in CONDITION_COLUMNS if self._measured[n])]
        for name in names:
            handle = self._files[name]
            if name in CONDITION_COLUMNS:
                h.update(name.encode())
            handle.seek(0)
            while block := handle.read(1 << 22):
                h.update(block)
        for handle in self._files.values():
            handle.close()
        self._rows.update(b"]")
        h.update(self._rows.hexdigest().encode())
        return h.hexdigest()


def stored_nan(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The values as the database gives them back: "not measured" is stored as NULL and
    read as the one ``np.nan``, whatever NaN bits the kernel produced (0/0 gives another)."""
    if values.dtype.kind != "f":
        return values
    return np.where(np.isnan(values), np.nan, values)
