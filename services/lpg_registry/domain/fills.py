"""Fills (domain page §6-§7; E6, E7)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from cityscore.core.errors import PreconditionViolation
from cityscore.core.kernel.types import ComplianceStatus

from .cylinders import Compliance, CylinderState, cylinder_refusals
from .policy import AT_STATION, Policy


@dataclass(frozen=True, slots=True)
class StaffState:
    staff_id: str
    enterprise_id: str
    role: str
    certificate_valid_until: dt.date


@dataclass(frozen=True, slots=True)
class EnterpriseState:
    enterprise_id: str
    status: str
    licence_valid_until: dt.date


@dataclass(frozen=True, slots=True)
class FillRequest:
    enterprise_id: str
    station_id: str
    filler: StaffState | None
    rechecker: StaffState | None
    pre_check_passed: bool
    post_check_passed: bool
    empty_gross_g: int
    full_gross_g: int
    reweigh_gross_g: int


@dataclass(frozen=True, slots=True)
class FillOutcome:
    refusals: list[PreconditionViolation]
    content_g: int
    residual_g: int
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FillFacts:
    """Everything the fill rules read about stored rows, gathered in one trip."""

    enterprise: EnterpriseState
    cylinder: CylinderState
    compliance: Compliance
    filler: StaffState | None
    rechecker: StaffState | None


def enterprise_refusals(enterprise: EnterpriseState, today: dt.date
                        ) -> list[PreconditionViolation]:
    """No operating without a valid licence (seed ¶一, general prohibition)."""
    if enterprise.status != "ACTIVE" or today > enterprise.licence_valid_until:
        return [PreconditionViolation("ENTERPRISE_SUSPENDED", enterprise.enterprise_id,
                                      "the enterprise's licence is expired or suspended")]
    return []


def staff_refusals(staff: StaffState | None, enterprise_id: str, role: str | None, code: str,
                   subject: str, today: dt.date) -> list[PreconditionViolation]:
    if staff is None or staff.enterprise_id != enterprise_id:
        return [PreconditionViolation(code, subject, "not registered staff of this enterprise")]
    if role is not None and staff.role != role:
        return [PreconditionViolation(code, subject, f"is not registered as {role.lower()}")]
    if today > staff.certificate_valid_until:
        return [PreconditionViolation(code, subject, "certificate expired "
                                      f"{staff.certificate_valid_until.isoformat()}")]
    return []


def check_fill(policy: Policy, enterprise: EnterpriseState, cylinder: CylinderState,
               state: Compliance, request: FillRequest, today: dt.date) -> FillOutcome:
    """Every rule a fill must pass (E6 no non-compliant cylinders, E7 no decanting; §6-§7).

    Refusals: the licence, the §7 cylinder rules, a cylinder not at one of the enterprise's
    stations (filling happens at the station's plant only, never cylinder to cylinder),
    pre-fill and post-fill checks, a certified filler and a different re-checker, and
    overfill (content = full gross − tare > the model's maximum). Flags that do not block:
    underfill beyond the tolerance, a re-weigh differing beyond its tolerance, due soon.
    """
    refusals = enterprise_refusals(enterprise, today)
    refusals += cylinder_refusals(cylinder, state, request.enterprise_id, today)
    if cylinder.location_kind != AT_STATION or cylinder.location_id != request.station_id:
        refusals.append(PreconditionViolation(
            "CYL_NOT_AT_STATION", cylinder.trace_code,
            "fills happen only at the station holding the cylinder; no decanting (E7)"))
    if not request.pre_check_passed:
        refusals.append(PreconditionViolation("PRE_CHECK_FAILED", cylinder.trace_code,
                                              "the pre-fill check did not pass"))
    if not request.post_check_passed:
        refusals.append(PreconditionViolation("POST_CHECK_FAILED", cylinder.trace_code,
                                              "the post-fill check did not pass"))
    refusals += staff_refusals(request.filler, request.enterprise_id, "FILLER",
                               "FILLER_NOT_CERTIFIED", "filler", today)
    refusals += staff_refusals(request.rechecker, request.enterprise_id, None,
                               "RECHECKER_INVALID", "rechecker", today)
    if request.filler is not None and request.rechecker is not None \
            and request.filler.staff_id == request.rechecker.staff_id:
        refusals.append(PreconditionViolation("RECHECKER_INVALID", "rechecker",
                                              "the re-checker must not be the filler"))
    max_fill = policy.max_fill_g[cylinder.model]
    content = request.full_gross_g - cylinder.tare_g
    residual = request.empty_gross_g - cylinder.tare_g
    if content > max_fill:
        refusals.append(PreconditionViolation(
            "OVERFILL", cylinder.trace_code,
            f"content {content} g exceeds the {cylinder.model} maximum of {max_fill} g"))
    flags: list[str] = []
    if content < max_fill - policy.underfill_tolerance_g:
        flags.append("UNDERFILL")
    if request.reweigh_gross_g and \
            abs(request.reweigh_gross_g - request.full_gross_g) > policy.reweigh_tolerance_g:
        flags.append("REWEIGH_MISMATCH")
    if state.status is ComplianceStatus.DUE_SOON:
        flags.append("DUE_SOON")
    return FillOutcome(refusals, content, residual, flags)


def check_fill_facts(policy: Policy, facts: FillFacts, request: FillRequest, today: dt.date
                     ) -> FillOutcome:
    """``check_fill`` on the stored facts, with the staff the request names."""
    staffed = replace(request, filler=facts.filler, rechecker=facts.rechecker)
    return check_fill(policy, facts.enterprise, facts.cylinder, facts.compliance, staffed, today)


def fill_mass_problems(request: FillRequest, tare_g: int) -> list[tuple[str, str]]:
    """Masses that are data errors rather than rule refusals (§6 numeric checks)."""
    found: list[tuple[str, str]] = []
    for name in ("empty_gross_g", "full_gross_g", "reweigh_gross_g"):
        if getattr(request, name) < 0:
            found.append((name, "must not be negative"))
    if request.empty_gross_g < tare_g and request.empty_gross_g >= 0:
        found.append(("empty_gross_g", f"below the stamped tare {tare_g} g (negative residual)"))
    if request.full_gross_g < tare_g and request.full_gross_g >= 0:
        found.append(("full_gross_g", f"below the stamped tare {tare_g} g"))
    return found
