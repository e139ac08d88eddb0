"""The sweep with provenance: every cylinder in one kernel pass (architecture page §6)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import struct
import zlib
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from cityscore.core.kernel import api
from cityscore.core.kernel.types import ComplianceStatus

from .cylinders import day_or_no_date
from .policy import Policy, StandardLife, load_policy


@dataclass
class SweepInputs:
    """Column arrays of every cylinder in service, and the enterprise of each (as an index)."""

    today: dt.date
    policy_version: str
    enterprises: list[str]
    enterprise_index: array[int] = field(default_factory=lambda: array("i"))
    manufacture_day: array[int] = field(default_factory=lambda: array("i"))
    last_inspection_day: array[int] = field(default_factory=lambda: array("i"))
    last_inspection_passed: array[int] = field(default_factory=lambda: array("b"))
    design_life_years: array[int] = field(default_factory=lambda: array("i"))
    extended_life_years: array[int] = field(default_factory=lambda: array("i"))

    def _columns(self) -> tuple[array[int], ...]:
        return (self.enterprise_index, self.manufacture_day, self.last_inspection_day,
                self.last_inspection_passed, self.design_life_years, self.extended_life_years)

    def encode_plain(self) -> bytes:
        """A self-describing snapshot: header length, JSON header, the columns' bytes."""
        header = json.dumps({"today": self.today.isoformat(), "policy": self.policy_version,
                             "enterprises": self.enterprises,
                             "n": len(self.manufacture_day)}, sort_keys=True).encode()
        body = b"".join(column.tobytes() for column in self._columns())
        return struct.pack("<I", len(header)) + header + body

    def encode(self) -> bytes:
        """The snapshot compressed, as stored with the sweep for replay."""
        return zlib.compress(self.encode_plain(), 6)

    @classmethod
    def decode(cls, blob: bytes) -> SweepInputs:
        raw = zlib.decompress(blob)
        (size,) = struct.unpack_from("<I", raw)
        header = json.loads(raw[4:4 + size])
        inputs = cls(dt.date.fromisoformat(header["today"]), header["policy"],
                     list(header["enterprises"]))
        offset = 4 + size
        for column in inputs._columns():
            width = column.itemsize * int(header["n"])
            column.frombytes(raw[offset:offset + width])
            offset += width
        return inputs

    def digest(self) -> str:
        return hashlib.sha256(self.encode_plain()).hexdigest()

    def extend(self, enterprise_index: npt.ArrayLike, manufacture_day: npt.ArrayLike,
               last_inspection_day: npt.ArrayLike, last_inspection_passed: npt.ArrayLike,
               lives: tuple[npt.ArrayLike, npt.ArrayLike]) -> None:
        """Append a chunk of cylinders given as columns (day numbers, ``NO_DATE`` for never
        inspected); the snapshot is the same as for the cylinders appended one by one."""
        values = (enterprise_index, manufacture_day, last_inspection_day,
                  last_inspection_passed, *lives)
        for column, chunk in zip(self._columns(), values, strict=True):
            column.frombytes(np.asarray(chunk, dtype=f"={column.typecode}").tobytes())

    def append(self, enterprise_index: int, manufacture: dt.date, last: dt.date | None,
               passed: bool, lives: tuple[int, int]) -> None:
        self.enterprise_index.append(enterprise_index)
        self.manufacture_day.append(api.day_number(manufacture))
        self.last_inspection_day.append(day_or_no_date(last))
        self.last_inspection_passed.append(int(passed))
        self.design_life_years.append(lives[0])
        self.extended_life_years.append(lives[1])


def life_columns(policy: Policy, standards: Sequence[str], stamped: npt.ArrayLike,
                 manufacture_day: npt.ArrayLike
                 ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """(design life, extended life) in years of each cylinder: :func:`life_years` a column
    at a time. The stated standard's lives, except for cylinders whose manufacture day falls
    in a regime that governs by date (the old regime before 2007-02-01, §4), which get that
    regime's whatever was stated; a stated standard the policy does not know is a KeyError,
    as in :func:`life_years`."""
    stamped_years = np.asarray(stamped, dtype=np.int32)
    made = np.asarray(manufacture_day, dtype=np.int64)
    design = np.zeros(len(made), dtype=np.int32)
    extended = np.zeros(len(made), dtype=np.int32)
    placed = np.zeros(len(made), dtype=np.bool_)

    def apply(rule: StandardLife, rows: npt.NDArray[np.bool_]) -> None:
        design[rows] = stamped_years[rows] if rule.design_life_years is None \
            else rule.design_life_years
        extended[rows] = rule.extended_life_years
        placed[rows] = True

    codes: dict[str, int] = {}
    code = np.fromiter((codes.setdefault(s, len(codes)) for s in standards), dtype=np.int32,
                       count=len(standards))
    unknown = []
    for name, value in codes.items():
        if name in policy.standards:
            apply(policy.standards[name], code == value)
        else:
            unknown.append(name)
    # The first regime that covers a manufacture day governs (Policy.governing_standard).
    for rule in reversed([r for r in policy.standards.values() if r.governs_by_date]):
        rows = np.ones(len(made), dtype=np.bool_)
        if rule.made_from is not None:
            rows &= made >= api.day_number(rule.made_from)
        if rule.made_before is not None:
            rows &= made < api.day_number(rule.made_before)
        apply(rule, rows)
    if unknown and not placed.all():
        raise KeyError(unknown[0])
    return design, extended


StatusCounts = dict[str, list[int]]


@dataclass(frozen=True)
class SweepOutcome:
    """Counts per enterprise and status, and a digest of the per-cylinder result."""

    by_enterprise: StatusCounts
    result_digest: str
    cylinders: int


def run_sweep(inputs: SweepInputs) -> SweepOutcome:
    """Due within 30 days, overdue, past service life — every cylinder, one kernel pass (§4).

    Counts per enterprise come from the kernel's grouped aggregation: the cylinders at or above
    each status level, differenced.
    """
    policy = load_policy(inputs.policy_version)
    result = api.compliance_sweep(
        today=api.day_number(inputs.today), manufacture_day=inputs.manufacture_day,
        last_inspection_day=inputs.last_inspection_day,
        last_inspection_passed=inputs.last_inspection_passed,
        design_life_years=inputs.design_life_years,
        extended_life_years=inputs.extended_life_years, policy=policy.kernel_policy)
    digest = hashlib.sha256()
    for column in (result.status, result.days_left, result.next_inspection,
                   result.service_limit):
        digest.update(column.tobytes())
    n = len(inputs.manufacture_day)
    ones = array("d", [1.0]) * n
    total = [0.0] * len(inputs.enterprises)
    at_least: list[list[float]] = []
    for level in range(1, len(ComplianceStatus)):
        grouped = api.grouped_length_weighted(
            result.status, ones, inputs.enterprise_index, n_groups=len(inputs.enterprises),
            threshold=float(level))
        total = grouped.total_length.tolist()
        at_least.append(grouped.length_at_or_above.tolist())
    bounds = [total, *at_least, [0.0] * len(total)]
    counts: StatusCounts = {
        name: [int(bounds[k][e] - bounds[k + 1][e]) for k in range(len(ComplianceStatus))]
        for e, name in enumerate(inputs.enterprises)}
    return SweepOutcome(counts, digest.hexdigest(), len(inputs.manufacture_day))


def roll_up(by_enterprise: StatusCounts, district_of: Mapping[str, str]) -> StatusCounts:
    """District counts as the sum of their enterprises' counts."""
    totals: StatusCounts = {}
    for enterprise, counts in by_enterprise.items():
        row = totals.setdefault(district_of.get(enterprise, ""), [0] * len(counts))
        for i, value in enumerate(counts):
            row[i] += value
    return dict(sorted(totals.items()))


def count_differences(stored: StatusCounts, replayed: StatusCounts) -> list[str]:
    keys: Iterable[str] = sorted(set(stored) | set(replayed))
    return [k for k in keys if stored.get(k) != replayed.get(k)]
