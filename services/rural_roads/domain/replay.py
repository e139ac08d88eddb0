"""The replay of a closed survey: every stored chunk scored again under the survey's rules and
compared, unit by unit and bit for bit, with the units stored, and the aggregates and result
digest formed again the way the survey was closed (architecture §6, provenance), in memory
bounded by a chunk and a batch of units, not by the survey."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from cityscore.services.rural_roads.domain.aggregation import (
    COMPARED,
    CONDITION_COLUMNS,
    UnitBatch,
    UnitColumns,
    aggregate_units,
    input_digest,
    stored_nan,
)
from cityscore.services.rural_roads.domain.rules import Rules
from cityscore.services.rural_roads.domain.scoring import ScoredUnits

#: Differing units named per stored index, at most.
_NAMED_PER_INDEX = 10
_WHOLE = {"grade": np.int8, "structure_class": np.int64}
#: A recomputed unit as kept between the two passes: the digest of its road, town and
#: district, then its stored indices in the types they are stored in.
_RECORD = np.dtype([("place", np.uint64),
                    *((name, _WHOLE.get(name, np.float64)) for name in COMPARED)])


@dataclass(frozen=True)
class Replay:
    parameter_sets: list[str]
    input_digest: str
    result_digest: str
    differences: list[str]


class _Misaligned(Exception):
    """The stored units are not those of the stored chunks: no unit-by-unit order to follow."""


def _place(road: str, town: str, district: str) -> int:
    """A 64-bit digest of a unit's road, town and district (aggregation's keys)."""
    return int.from_bytes(hashlib.blake2b("\0".join((road, town, district)).encode(),
                                         digest_size=8).digest(), "little")


class SurveyReplay:
    """Feed every stored chunk, scored again, in chunk order (``add_chunk``), then the stored
    units as a survey's close reads them (``compare``).

    A chunk's recomputed units are kept in a temporary file, in (road, start) order within the
    chunk. The stored units come in (road, start) order over the whole survey, each naming the
    chunk it came in, so the recomputed unit beside each stored one is the next of that chunk:
    the recomputed units are taken in the survey's order without sorting the survey. They are
    checked to be the same roads (and towns and districts) as stored, in increasing chainage
    along each road; then every stored index is compared bit for bit and the recomputed units
    are aggregated and digested by the close's own ``aggregate_units``.
    """

    def __init__(self, rules: Rules) -> None:
        self._rules = rules
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by compare)
        self._spans: dict[int, tuple[int, int]] = {}  # chunk index: first record, units
        self._taken: dict[int, int] = {}
        self._records = 0
        self._digests: list[str] = []
        self._sets: set[str] = set()
        self._named: dict[str, list[str]] = {name: [] for name in COMPARED}
        self._last: tuple[str, float] | None = None
        self._stored = 0

    def add_chunk(self, chunk_index: int, digest: str, units: ScoredUnits) -> None:
        """The next stored chunk (sha256 ``digest`` of its bytes) as scored again."""
        n = len(units.road)
        codes = np.array([f.code for f in units.roads], dtype=str)
        order = (np.lexsort((units.start_m, codes[units.road])) if n
                 else np.zeros(0, dtype=np.int64))
        places = np.array([_place(f.code, f.town, f.district) for f in units.roads],
                          dtype=np.uint64)
        record = np.empty(n, dtype=_RECORD)
        record["place"] = places[units.road][order] if n else places[:0]
        for name in COMPARED:
            source = (units.condition if name in CONDITION_COLUMNS or name == "structure_class"
                      else units)
            record[name] = stored_nan(getattr(source, name))[order]
        self._file.write(record.tobytes())
        self._spans[chunk_index] = (self._records, n)
        self._records += n
        self._digests.append(digest)
        self._sets.update(units.parameter_set)

    def compare(self, stored: Iterable[UnitBatch]) -> Replay:
        """Compare the stored units, in (road, start) order with their chunk indices, with
        the chunks fed; the recomputed provenance and every difference (at most
        ``_NAMED_PER_INDEX`` units named per index). Stored units that are not those of the
        chunks leave the result digest unformed (empty) and say why."""
        self._file.flush()
        misaligned: list[str] = []
        try:
            _none, digest = aggregate_units(self._rules, self._records,
                                            self._aligned(stored), keep_rows=False)
        except _Misaligned as error:
            digest = ""
            misaligned.append(str(error))
        finally:
            self._file.close()
        return Replay(sorted(self._sets), input_digest(self._digests, self._rules), digest,
                      [*misaligned, *(d for name in COMPARED for d in self._named[name])])

    def _aligned(self, stored: Iterable[UnitBatch]) -> Iterator[UnitBatch]:
        """The recomputed units beside each stored batch, compared with it."""
        for units, indices in stored:
            self._stored += len(units.road)
            mine = self._take(indices["chunk_index"])
            self._check_places(units, mine, indices)
            self._check_order(units.road, mine["start_m"])
            self._name_differences(units.road, mine, indices)
            arrays = {name: np.ascontiguousarray(mine[name]) for name in COMPARED}
            yield UnitColumns(road=units.road, town=units.town, district=units.district,
                              length_m=arrays["end_m"] - arrays["start_m"], pci=arrays["pci"],
                              rqi=arrays["rqi"], pqi=arrays["pqi"], mqi=arrays["mqi"]), arrays
        if self._stored != self._records:
            raise _Misaligned(f"{self._stored} stored units, {self._records} recomputed")

    def _take(self, chunks: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
        """The next recomputed units of each chunk named, in the order named."""
        order = np.argsort(chunks, kind="stable")
        named, counts = np.unique(chunks[order], return_counts=True)
        pieces = []
        for chunk, count in zip(named.tolist(), counts.tolist(), strict=True):
            first, units = self._spans.get(chunk, (0, 0))
            taken = self._taken.get(chunk, 0)
            if taken + count > units:
                raise _Misaligned(f"chunk {chunk}: {taken + count} or more stored units, "
                                  f"{units} recomputed")
            size = _RECORD.itemsize
            pieces.append(np.frombuffer(os.pread(self._file.fileno(), count * size,
                                                 (first + taken) * size), dtype=_RECORD))
            self._taken[chunk] = taken + count
        mine = np.empty(len(chunks), dtype=_RECORD)
        if pieces:
            mine[order] = np.concatenate(pieces)
        return mine

    @staticmethod
    def _check_places(units: UnitColumns, mine: npt.NDArray[Any],
                      stored: Mapping[str, npt.NDArray[Any]]) -> None:
        """Each stored unit has the road, town and district its chunk's unit was scored
        with (digested once per run of units that share them)."""
        n = len(units.road)
        if not n:
            return
        names = [np.asarray(v, dtype=object) for v in (units.road, units.town, units.district)]
        changes = np.zeros(n - 1, dtype=bool)
        for name in names:
            changes |= name[1:] != name[:-1]
        starts = np.flatnonzero(np.concatenate(([True], changes)))
        places = np.array([_place(*(str(name[i]) for name in names)) for i in starts.tolist()],
                          dtype=np.uint64)
        theirs = np.repeat(places, np.diff(np.append(starts, n)))
        wrong = np.flatnonzero(theirs != mine["place"])
        if wrong.size:
            i = int(wrong[0])
            raise _Misaligned(f"unit {units.road[i]}:{stored['start_m'][i]:g} is not stored "
                              f"with the road, town and district chunk "
                              f"{int(stored['chunk_index'][i])} names")

    def _check_order(self, roads: list[str], start: npt.NDArray[np.float64]) -> None:
        """Chainages increase along each road, across batches too: the recomputed units
        follow in the survey's (road, start) order."""
        if not roads:
            return
        road = np.asarray(roads, dtype=object)
        back = np.flatnonzero((road[1:] == road[:-1]) & ~(start[1:] > start[:-1]))
        first_back = self._last is not None and self._last[0] == roads[0] and not (
            start[0] > self._last[1])
        if first_back or back.size:
            i = 0 if first_back else int(back[0]) + 1
            raise _Misaligned(f"unit {roads[i]}:{start[i]:g} is stored out of its chunk's "
                              "(road, start) order")
        self._last = (roads[-1], float(start[-1]))

    def _name_differences(self, roads: list[str], mine: npt.NDArray[Any],
                          stored: Mapping[str, npt.NDArray[Any]]) -> None:
        """Stored indices that differ from the recomputed ones, bit for bit (NaN equal to
        NaN), a few units named per index."""
        for name in COMPARED:
            named = self._named[name]
            if len(named) >= _NAMED_PER_INDEX:
                continue
            ours, theirs = mine[name], stored[name]
            same = ((ours == theirs) | (np.isnan(ours) & np.isnan(theirs))
                    if ours.dtype.kind == "f" else ours == theirs)
            named.extend(f"unit {roads[i]}:{mine['start_m'][i]:g} {name} stored "
                         f"{theirs[i].item()!r} recomputed {ours[i].item()!r}"
                         for i in np.flatnonzero(~same)[:_NAMED_PER_INDEX - len(named)].tolist())
