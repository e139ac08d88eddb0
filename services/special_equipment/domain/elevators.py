"""An elevator of the register and the checks a registration or an amendment must pass
(other_systems.md §1: location category, in-use date, maintenance company and the safety
attributes the plan measures)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import astuple, dataclass

LOCATION_CATEGORIES = ("rail_transit", "mall", "hospital", "school", "hotel", "residential",
                       "other")
SAFE, HAZARDOUS = "safe", "hazardous"
MAX_CODE_LENGTH = 40


@dataclass(frozen=True, slots=True)
class ElevatorSpec:
    """An elevator as a district office registers or amends it."""

    registration_code: str
    district: str
    location_category: str
    address: str
    in_use_date: dt.date
    maintenance_company_id: str
    remote_monitoring: bool
    liability_insurance: bool
    geolocation: bool
    assessed_on: dt.date | None
    assessment_result: str
    renovated_on: dt.date | None
    last_inspection_date: dt.date | None
    last_inspection_failed: bool

    def same_as(self, other: ElevatorSpec) -> bool:
        return astuple(self) == astuple(other)


def elevator_problems(spec: ElevatorSpec, district: str, today: dt.date, prefix: str
                      ) -> Iterator[tuple[str, str]]:
    """(field, problem) of every rule ``spec`` breaks, fields named under ``prefix``."""
    code = spec.registration_code
    if not code:
        yield f"{prefix}registration_code", "is required"
    elif len(code) > MAX_CODE_LENGTH or not code.isprintable() or code != code.strip():
        yield f"{prefix}registration_code", f"1 to {MAX_CODE_LENGTH} printable characters"
    if spec.district and spec.district != district:
        yield f"{prefix}district", f"is {spec.district!r}, the import is for {district!r}"
    if spec.in_use_date > today:
        yield f"{prefix}in_use_date", "is after today"
    for name, day in (("assessed_on", spec.assessed_on), ("renovated_on", spec.renovated_on),
                      ("last_inspection_date", spec.last_inspection_date)):
        if day is not None and not spec.in_use_date <= day <= today:
            yield f"{prefix}{name}", "must lie between the in-use date and today"
    if spec.last_inspection_failed and spec.last_inspection_date is None:
        yield f"{prefix}last_inspection_failed", "needs the last_inspection_date it failed on"
    if (spec.assessed_on is None) != (not spec.assessment_result):
        yield f"{prefix}assessment_result", "is set exactly when assessed_on is"
