"""The periodic-inspection sweep of every elevator through the shared kernel's compliance
sweep (other_systems.md §1: the annual periodic inspection; interval and warning days are the
versioned policy in ``data/policy.json``), its stored inputs and its replay.

Elevators have no service-life limit in the plan: each is given a design life of 0 years,
which the kernel reads as no service limit. The kernel does not judge a failed inspection; the
policy's ``failed_inspection_stops_use`` does, here, on the kernel's result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import struct
import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cityscore.core.kernel import api
from cityscore.core.kernel.types import NO_DATE, ComplianceResult, ComplianceStatus

from .rules import InspectionPolicy, inspection_policy, version_on

NO_SERVICE_LIMIT = 0
"""The kernel's design life for an item with no service limit."""
OK, DUE_SOON, OVERDUE = "ok", "due_soon", "overdue"
STATUS_NAMES = {ComplianceStatus.OK: OK, ComplianceStatus.DUE_SOON: DUE_SOON,
                ComplianceStatus.INSPECTION_OVERDUE: OVERDUE}
Column = npt.NDArray[np.int32]


def day_or_no_date(day: dt.date | None) -> int:
    return NO_DATE if day is None else api.day_number(day)


@dataclass
class SweepInputs:
    """Column arrays of every elevator, with the district of each as an index."""

    today: dt.date
    policy_version: str
    districts: list[str]
    district_index: Column
    in_use_day: Column
    last_inspection_day: Column
    last_inspection_failed: Column

    def encode_plain(self) -> bytes:
        header = json.dumps({"today": self.today.isoformat(), "policy": self.policy_version,
                             "districts": self.districts, "n": int(self.in_use_day.shape[0])},
                            sort_keys=True).encode()
        body = b"".join(np.ascontiguousarray(c, dtype="<i4").tobytes()
                        for c in (self.district_index, self.in_use_day,
                                  self.last_inspection_day, self.last_inspection_failed))
        return struct.pack("<I", len(header)) + header + body

    def encode(self) -> bytes:
        return zlib.compress(self.encode_plain(), 6)

    @classmethod
    def decode(cls, blob: bytes) -> SweepInputs:
        raw = zlib.decompress(blob)
        (size,) = struct.unpack_from("<I", raw)
        header = json.loads(raw[4:4 + size])
        n = int(header["n"])
        columns = [np.frombuffer(raw, dtype="<i4", count=n, offset=4 + size + k * 4 * n)
                   .astype(np.int32) for k in range(4)]
        return cls(dt.date.fromisoformat(header["today"]), header["policy"],
                   list(header["districts"]), *columns)

    def digest(self) -> str:
        return hashlib.sha256(self.encode_plain()).hexdigest()


def inspection_status(policy: InspectionPolicy, today: dt.date, in_use_day: Column,
                      last_inspection_day: Column, last_inspection_failed: Column
                      ) -> ComplianceResult:
    """Next periodic inspection (last inspection, else in-use date, + the interval) and the
    status on ``today`` of every elevator, one kernel pass. Where the policy says a failed
    inspection stops use (特种设备安全法 Art. 40), an elevator whose last inspection failed is
    overdue from the day it failed: its next inspection is that day."""
    n = in_use_day.shape[0]
    life = np.full(n, NO_SERVICE_LIMIT, dtype=np.int32)
    result = api.compliance_sweep(
        today=api.day_number(today), manufacture_day=in_use_day,
        last_inspection_day=last_inspection_day, last_inspection_passed=np.zeros(n, np.int8),
        design_life_years=life, extended_life_years=np.zeros(n, np.int32),
        policy=policy.kernel_policy)
    if not policy.failed_inspection_stops_use:
        return result
    failed = (last_inspection_failed != 0) & (last_inspection_day != NO_DATE)
    return ComplianceResult(
        np.where(failed, np.int8(ComplianceStatus.INSPECTION_OVERDUE), result.status)
        .astype(np.int8),
        np.where(failed, last_inspection_day - api.day_number(today), result.days_left)
        .astype(np.int32),
        np.where(failed, last_inspection_day, result.next_inspection).astype(np.int32),
        result.service_limit)


StatusCounts = dict[str, list[int]]
"""district → [ok, due soon, overdue]."""


@dataclass(frozen=True)
class SweepOutcome:
    by_district: StatusCounts
    result_digest: str
    elevators: int


def run_sweep(inputs: SweepInputs) -> SweepOutcome:
    """Every elevator's status on the sweep's day, counted per district."""
    result = inspection_status(inspection_policy(inputs.policy_version), inputs.today,
                               inputs.in_use_day, inputs.last_inspection_day,
                               inputs.last_inspection_failed)
    digest = hashlib.sha256()
    for column in (result.status, result.days_left, result.next_inspection):
        digest.update(np.ascontiguousarray(column).tobytes())
    levels = len(STATUS_NAMES)
    k = len(inputs.districts)
    flat = np.bincount(inputs.district_index.astype(np.int64) * levels
                       + np.minimum(result.status, levels - 1).astype(np.int64),
                       minlength=k * levels).reshape(k, levels)
    counts = {d: [int(v) for v in flat[i]] for i, d in enumerate(inputs.districts)}
    return SweepOutcome(counts, digest.hexdigest(), int(inputs.in_use_day.shape[0]))


def differences(stored: StatusCounts, replayed: StatusCounts) -> list[str]:
    return [d for d in sorted(set(stored) | set(replayed)) if stored.get(d) != replayed.get(d)]


def elevator_status(today: dt.date, in_use_date: dt.date, last_inspection: dt.date | None,
                    last_failed: bool) -> tuple[dt.date, str]:
    """One elevator's next periodic inspection and status on ``today``, under the policy in
    force that day."""
    policy = inspection_policy(version_on("policy", today))
    result = inspection_status(policy, today,
                               np.array([api.day_number(in_use_date)], dtype=np.int32),
                               np.array([day_or_no_date(last_inspection)], dtype=np.int32),
                               np.array([int(last_failed)], dtype=np.int32))
    return (api.from_day_number(int(result.next_inspection[0])),
            STATUS_NAMES[ComplianceStatus(int(result.status[0]))])


def date_of_day(days: int) -> dt.date:
    """The date of a kernel day number."""
    return api.from_day_number(days)
