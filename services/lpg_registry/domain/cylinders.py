"""Cylinders: registration checks and compliance (domain page §3-§4, §7)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cityscore.core.errors import PreconditionViolation
from cityscore.core.kernel import api
from cityscore.core.kernel.types import NO_DATE, ComplianceStatus

from .policy import (
    IN_SERVICE,
    LOST,
    PHASES,
    SCRAPPED,
    STANDARD_2023,
    Policy,
    StandardLife,
)

_TRACE_CODE = re.compile(r"^[A-Za-z0-9-]{4,64}$")


@dataclass(frozen=True, slots=True)
class CylinderSpec:
    """What registering a cylinder states, from its stamp and electronic mark."""

    trace_code: str
    model: str
    standard: str
    phase: str
    manufacture_date: dt.date
    design_life_years: int
    tare_g: int
    last_inspection_date: dt.date | None
    last_inspection_passed: bool
    standard_mismatch_confirmed: bool = False


_STANDARD_NAMES = {"GB5842_2006": "GB 5842-2006", "GB5842_2023": "GB 5842-2023",
                   "LEGACY": "the old regime (made before 2007-02-01)"}


def standard_mismatch(policy: Policy, standard: str, made: dt.date) -> str | None:
    """The standard in force on the manufacture date, when the stated one is another.

    Domain page §4: GB 5842-2006 covers cylinders made from 2007-02-01 to 2023-11-30,
    GB 5842-2023 those made from 2023-12-01, and cylinders made before 2007-02-01 follow the
    old regime (the policy's ``made_from``/``made_before`` of each standard).
    """
    expected = policy.standard_for(made)
    return expected if expected is not None and expected != standard else None


def cylinder_problems(policy: Policy, spec: CylinderSpec, today: dt.date,
                      prefix: str = "") -> list[tuple[str, str]]:
    """Field problems of one cylinder (§3, §4): model, standard, dates and masses."""
    found: list[tuple[str, str]] = []
    if not _TRACE_CODE.match(spec.trace_code):
        found.append((f"{prefix}trace_code", "4 to 64 letters, digits or hyphens"))
    if spec.model not in policy.max_fill_g:
        found.append((f"{prefix}model", f"unknown model; expected one of "
                                        f"{', '.join(policy.max_fill_g)}"))
    if spec.standard not in policy.standards:
        found.append((f"{prefix}standard_version",
                      "GB 5842-2006, GB 5842-2023 or legacy (made before 2007-02-01) is required"))
    elif (expected := standard_mismatch(policy, spec.standard, spec.manufacture_date)) \
            and not spec.standard_mismatch_confirmed:
        found.append((f"{prefix}standard_version",
                      f"a cylinder made {spec.manufacture_date.isoformat()} falls under "
                      f"{_STANDARD_NAMES.get(expected, expected)}; state it, or confirm the "
                      "mismatch (standard_mismatch_confirmed)"))
    known = spec.standard in policy.standards
    if known and spec.standard == STANDARD_2023 and spec.phase == "TWO_PHASE_LEGACY":
        found.append((f"{prefix}phase_type", "GB 5842-2023 bans gas-liquid two-phase cylinders"))
    elif spec.standard == STANDARD_2023 and not 1 <= spec.design_life_years <= 50:
        found.append((f"{prefix}design_life_years",
                      "GB 5842-2023 cylinders need the stamped design life (1-50 years)"))
    elif known and spec.standard != STANDARD_2023 and spec.design_life_years not in (
            0, policy.standards[spec.standard].design_life_years):
        found.append((f"{prefix}design_life_years",
                      f"{_STANDARD_NAMES.get(spec.standard, spec.standard)} cylinders have "
                      f"{policy.standards[spec.standard].design_life_years} years; leave it 0"))
    if spec.phase not in PHASES:
        found.append((f"{prefix}phase_type", "gas, liquid or two-phase legacy is required"))
    if spec.manufacture_date > today:
        found.append((f"{prefix}manufacture_date", "is in the future"))
    if spec.tare_g <= 0:
        found.append((f"{prefix}tare_g", "must be a positive mass in grams"))
    if spec.last_inspection_date is not None:
        if spec.last_inspection_date < spec.manufacture_date:
            found.append((f"{prefix}last_inspection_date", "is before the manufacture date"))
        elif spec.last_inspection_date > today:
            found.append((f"{prefix}last_inspection_date", "is in the future"))
    return found


def life_years(policy: Policy, standard: str, stamped: int, made: dt.date
               ) -> tuple[int, int]:
    """(design life, extended life) in years; extended 0 means no extension (domain page §4).

    A cylinder made before 2007-02-01 follows the old regime whatever standard is stated: a
    15-year life, no extension (§4, "Legacy cylinders made before 2007-02-01"; the boundary
    and the life are the policy's ``governs_by_date`` regime). Otherwise the stated standard:
    GB 5842-2006, 8 years, up to 12 after a passed periodic inspection; GB 5842-2023, the
    stamped design life, no extension (§4 decisions).
    """
    rule = policy.standards[policy.governing_standard(standard, made)]
    design = rule.design_life_years if rule.design_life_years is not None else stamped
    return design, rule.extended_life_years


@dataclass(frozen=True, slots=True)
class CylinderState:
    """A registered cylinder as the fill and delivery rules see it."""

    trace_code: str
    owner_enterprise_id: str
    model: str
    standard: str
    manufacture_date: dt.date
    design_life_years: int
    tare_g: int
    last_inspection_date: dt.date | None
    last_inspection_passed: bool
    status: str
    location_kind: str
    location_id: str
    filled: bool


@dataclass(frozen=True, slots=True)
class Compliance:
    status: ComplianceStatus
    days_left: int
    next_inspection: dt.date
    service_limit: dt.date


def in_service(status: str) -> bool:
    """Whether dates still apply: a scrapped or lost cylinder has no next inspection or
    service limit, whatever its stamp says (§4: a failed inspection scraps it)."""
    return status == IN_SERVICE


def day_or_no_date(value: dt.date | None) -> int:
    """The kernel's day number, ``NO_DATE`` for a cylinder never inspected."""
    return NO_DATE if value is None else api.day_number(value)


def date_of_day(day: int) -> dt.date | None:
    """The date of a day number (the packed dates of a columnar import); None when the number
    names no calendar date (before year 1 or after 9999)."""
    try:
        return api.from_day_number(day)
    except (ValueError, OverflowError):
        return None


def compliance(policy: Policy, cylinders: Sequence[CylinderState], today: dt.date
               ) -> list[Compliance]:
    """Inspection and service-life status of each cylinder on ``today`` (§4 computation).

    next inspection = (last periodic inspection, else manufacture) + 4 years; service limit =
    manufacture + 12 years for a GB 5842-2006 cylinder whose last inspection passed, else the
    design life (15 years for one made before 2007-02-01, ``life_years``); warning 30 days
    before the earlier. Computed by the kernel's sweep.
    """
    lives = [life_years(policy, c.standard, c.design_life_years, c.manufacture_date)
             for c in cylinders]
    result = api.compliance_sweep(
        today=api.day_number(today),
        manufacture_day=array("i", (api.day_number(c.manufacture_date) for c in cylinders)),
        last_inspection_day=array("i", (day_or_no_date(c.last_inspection_date) for c in cylinders)),
        last_inspection_passed=array("b", (int(c.last_inspection_passed) for c in cylinders)),
        design_life_years=array("i", (life[0] for life in lives)),
        extended_life_years=array("i", (life[1] for life in lives)),
        policy=policy.kernel_policy)
    return [Compliance(ComplianceStatus(int(s)), int(d), api.from_day_number(int(n)),
                       api.from_day_number(int(lim)))
            for s, d, n, lim in zip(result.status, result.days_left, result.next_inspection,
                                    result.service_limit, strict=True)]


def due_cylinders(policy: Policy, cylinders: Sequence[CylinderState], today: dt.date
                  ) -> list[tuple[CylinderState, Compliance]]:
    """Cylinders to act on, soonest first: due within 30 days, overdue, past life (§4).

    The supplier notifies the user within 30 days before a due date (domain page §4).
    """
    states = compliance(policy, cylinders, today) if cylinders else []
    due = [(c, s) for c, s in zip(cylinders, states, strict=True)
           if s.status is not ComplianceStatus.OK]
    return sorted(due, key=lambda pair: (pair[1].days_left, pair[0].trace_code))


def years_reached_key(day: dt.date) -> int:
    """``day`` as yyyymmdd, for "base + n years ≤ day" in SQL: ``key(base) + n·10000 ≤`` this.

    "+ n years" keeps month and day and turns 29 February into 28 February of a common year
    (§4), so on 28 February of a common year a 29 February base has arrived too.
    """
    key = day.year * 10000 + day.month * 100 + day.day
    return key + 1 if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year) else key


@dataclass(frozen=True, slots=True)
class ComplianceCutoffs:
    """The §4 rule's numbers for counting cylinders by status in SQL on one day."""

    inspection_interval_years: int
    lives: Mapping[str, StandardLife]
    today_key: int
    warning_key: int


def compliance_cutoffs(policy: Policy, today: dt.date) -> ComplianceCutoffs:
    """Status on ``today`` by date comparisons: overdue once ``today`` reaches a due date, due
    soon once ``today + warning_days`` does (the kernel's rule, see ``compliance``)."""
    return ComplianceCutoffs(
        policy.inspection_interval_years, policy.standards, years_reached_key(today),
        years_reached_key(today + dt.timedelta(days=policy.warning_days)))


def cylinder_refusals(cylinder: CylinderState, state: Compliance, enterprise_id: str,
                      today: dt.date) -> list[PreconditionViolation]:
    """The §7 cylinder rules shared by fills and deliveries; every failed one is listed.

    CYL_NOT_OWN (城镇燃气管理条例 Art. 18), CYL_SCRAPPED (scrapped, lost, or today ≥ service
    limit), CYL_OVERDUE (today ≥ next periodic inspection).
    """
    code = cylinder.trace_code
    found: list[PreconditionViolation] = []
    if cylinder.owner_enterprise_id != enterprise_id:
        found.append(PreconditionViolation("CYL_NOT_OWN", code,
                                           "not a cylinder registered to this enterprise"))
    if cylinder.status in (SCRAPPED, LOST):
        found.append(PreconditionViolation("CYL_SCRAPPED", code,
                                           f"the cylinder is {cylinder.status.lower()}"))
        return found
    if today >= state.service_limit:
        found.append(PreconditionViolation(
            "CYL_SCRAPPED", code, f"past its service limit {state.service_limit.isoformat()}"))
    if today >= state.next_inspection:
        found.append(PreconditionViolation(
            "CYL_OVERDUE", code,
            f"periodic inspection was due {state.next_inspection.isoformat()}"))
    return found
