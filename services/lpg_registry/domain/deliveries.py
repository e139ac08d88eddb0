"""Deliveries: real-name sale (domain page §7, §8.1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cityscore.core.errors import PreconditionViolation

from .cylinders import Compliance, CylinderState, cylinder_refusals
from .fills import EnterpriseState, StaffState, enterprise_refusals, staff_refusals
from .policy import (
    AT_USER,
    CATERING,
    COMMERCIAL,
    DO_NOT_CONNECT,
    RESELLER,
    REVIEWED,
    STOP_SUPPLY,
)


@dataclass(frozen=True, slots=True)
class UserState:
    user_id: int
    enterprise_id: str
    user_type: str
    review_status: str
    safety_verified: bool
    held: frozenset[str]
    #: Resellers: the last day of their gas business licence (None: none stated).
    licence_valid_until: dt.date | None = None


def reseller_refusals(user: UserState, today: dt.date) -> list[PreconditionViolation]:
    """USER_RESELLER_UNLICENSED: no LPG for resale to an operator without a valid licence.

    沪府办规〔2018〕25号 ¶一 (seed 000): 液化气经营企业……不得向非法经营者提供经营用液化气
    (E5); a reseller or sub-distributor is lawful only while its gas business licence is valid
    (¶一: 严禁……在未取得相关行政许可的情况下,擅自经营). The licence is valid through its last
    valid day.
    """
    if user.user_type != RESELLER:
        return []
    if user.licence_valid_until is None:
        problem = "no gas business licence is registered for this reseller"
    elif today > user.licence_valid_until:
        problem = f"the reseller's licence expired {user.licence_valid_until.isoformat()}"
    else:
        return []
    return [PreconditionViolation("USER_RESELLER_UNLICENSED", f"user {user.user_id}", problem)]


@dataclass(frozen=True, slots=True)
class HazardState:
    hazard_id: int
    severity: str
    deliveries_since: int


@dataclass(frozen=True, slots=True)
class VehicleState:
    plate: str
    enterprise_id: str
    permit_valid_until: dt.date


@dataclass(frozen=True, slots=True)
class DeliveryFacts:
    """Everything the delivery rules read, gathered by the servicer in one transaction."""

    enterprise: EnterpriseState
    enterprise_id: str
    user: UserState | None
    open_hazards: Sequence[HazardState]
    staff: StaffState | None
    vehicle: VehicleState | None
    cylinders_out: Sequence[str]
    empties_back: Sequence[str]
    cylinders: Mapping[str, tuple[CylinderState, Compliance]]


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    refusals: list[PreconditionViolation]
    connected: bool
    escalate_hazards: list[int]


def check_delivery(facts: DeliveryFacts, today: dt.date) -> DeliveryOutcome:
    """Every rule a real-name delivery must pass (E2 real-name sale, E3; §7, §8.1).

    USER_UNREGISTERED (no record with this enterprise), USER_UNREVIEWED, USER_STOP_SUPPLY
    (an open stop-supply hazard, or a do-not-connect hazard still open at the next delivery),
    USER_SAFETY_UNVERIFIED (catering and commercial users, ¶四), USER_RESELLER_UNLICENSED
    (a reseller without a valid licence, ¶一 E5, ``reseller_refusals``), staff and vehicle of the
    enterprise with valid certificate and permit, and for each full cylinder the §7 rules plus
    a passing fill since its last return and not being at a user; each empty must be held by
    this user. A first open do-not-connect hazard lets the delivery through as not connected.
    """
    refusals = enterprise_refusals(facts.enterprise, today)
    user = facts.user
    escalate: list[int] = []
    connected = True
    if user is None or user.enterprise_id != facts.enterprise_id:
        refusals.append(PreconditionViolation("USER_UNREGISTERED", "user",
                                              "no real-name registration with this enterprise"))
    else:
        subject = f"user {user.user_id}"
        if user.review_status != REVIEWED:
            refusals.append(PreconditionViolation("USER_UNREVIEWED", subject,
                                                  "the registration has not been reviewed"))
        refusals += reseller_refusals(user, today)
        if user.user_type in (CATERING, COMMERCIAL) and not user.safety_verified:
            refusals.append(PreconditionViolation(
                "USER_SAFETY_UNVERIFIED", subject,
                "safe-use conditions of this catering or commercial site are not verified"))
        stopping = [h for h in facts.open_hazards if h.severity == STOP_SUPPLY
                    or (h.severity == DO_NOT_CONNECT and h.deliveries_since > 0)]
        if stopping:
            refusals.append(PreconditionViolation(
                "USER_STOP_SUPPLY", subject, "open stop-supply hazard(s) "
                + ", ".join(str(h.hazard_id) for h in stopping)))
        else:
            escalate = [h.hazard_id for h in facts.open_hazards if h.severity == DO_NOT_CONNECT]
            connected = not escalate
    refusals += staff_refusals(facts.staff, facts.enterprise_id, None, "STAFF_INVALID",
                               "staff", today)
    vehicle = facts.vehicle
    if vehicle is None or vehicle.enterprise_id != facts.enterprise_id:
        refusals.append(PreconditionViolation("VEHICLE_INVALID", "vehicle",
                                              "not a registered vehicle of this enterprise"))
    elif today > vehicle.permit_valid_until:
        refusals.append(PreconditionViolation("VEHICLE_INVALID", vehicle.plate,
                                              "hazardous-goods permit expired"))
    for code in facts.cylinders_out:
        found = facts.cylinders.get(code)
        if found is None:
            refusals.append(PreconditionViolation("CYL_UNKNOWN", code, "no such trace code"))
            continue
        cylinder, state = found
        refusals += cylinder_refusals(cylinder, state, facts.enterprise_id, today)
        if cylinder.location_kind == AT_USER:
            refusals.append(PreconditionViolation("CYL_NOT_AVAILABLE", code,
                                                  "the cylinder is already at a user"))
        elif not cylinder.filled:
            refusals.append(PreconditionViolation("CYL_NOT_FILLED", code,
                                                  "no passing fill record since its return"))
    held = user.held if user is not None else frozenset()
    for code in facts.empties_back:
        if code not in held:
            refusals.append(PreconditionViolation("EMPTY_NOT_HELD", code,
                                                  "this user does not hold that cylinder"))
    return DeliveryOutcome(refusals, connected, escalate if not refusals else [])


def delivery_shape_problems(out: Sequence[str], back: Sequence[str]) -> list[tuple[str, str]]:
    """A delivery moves at least one cylinder, each once."""
    found: list[tuple[str, str]] = []
    if not out and not back:
        found.append(("plan.cylinders_out", "a delivery moves at least one cylinder"))
    everything = [*out, *back]
    if len(set(everything)) != len(everything):
        found.append(("plan.cylinders_out", "a cylinder may appear only once in a delivery"))
    return found
